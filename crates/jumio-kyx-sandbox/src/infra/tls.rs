//! HTTPS for the sandbox's region mode: at start-up it makes a local certificate authority and a
//! certificate, signed by it, for every real host name of every region (`hosts::all_hosts`),
//! `localhost` and `127.0.0.1`. Clients trust the CA's certificate (`RunningSandbox::ca_pem`) and
//! resolve the real host names to the sandbox, so they run exactly as against the platform.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, pki_types};

/// The sandbox's TLS material: the acceptor, and the CA certificate clients must trust.
pub struct Tls {
    pub acceptor: TlsAcceptor,
    pub ca_pem: String,
}

fn error(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("the sandbox's certificates cannot be made: {e}"))
}

/// Makes a fresh CA and server certificate.
pub fn generate() -> std::io::Result<Tls> {
    let ca_key = KeyPair::generate().map_err(error)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(error)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "jumio-kyx sandbox local CA");
    ca_params.distinguished_name = name;
    let ca_cert = ca_params.self_signed(&ca_key).map_err(error)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let mut names = crate::infra::hosts::all_hosts();
    names.push("localhost".into());
    names.push("127.0.0.1".into());
    let mut params = CertificateParams::new(names).map_err(error)?;
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "jumio-kyx sandbox");
    params.distinguished_name = name;
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let key = KeyPair::generate().map_err(error)?;
    let cert = params.signed_by(&key, &issuer).map_err(error)?;

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(error)?
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone(), ca_cert.der().clone()],
            pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .map_err(error)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        ca_pem: ca_cert.pem(),
    })
}
