//! HTTPS for the sandbox's region mode: at start-up it makes a local certificate authority and a
//! certificate, signed by it, for every real host name of every region (`hosts::all_hosts`),
//! `localhost` and `127.0.0.1`. Clients trust the CA's certificate (`RunningSandbox::ca_pem`) and
//! resolve the real host names to the sandbox, so they run exactly as against the platform.
//!
//! A developer may add that CA to a trust store, so it can vouch for nothing else: it is
//! name-constrained to the names it signs (a certificate it signed for any other name fails
//! verification), may sign no intermediate CA, and, like the server certificate, is valid for
//! [`VALIDITY`] only. Each start makes a new one; its key never leaves the process.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    NameConstraints,
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

/// How long the CA and the server certificate are valid (from an hour before start-up, for
/// clock skew): a sandbox is restarted long before that.
pub const VALIDITY: std::time::Duration = std::time::Duration::from_secs(30 * 86_400);

/// The names the server certificate carries: every real host name, `localhost`, `127.0.0.1`.
fn signed_names() -> Vec<String> {
    let mut names = crate::infra::hosts::all_hosts();
    names.push("localhost".into());
    names.push("127.0.0.1".into());
    names
}

/// Makes a fresh CA and server certificate.
pub fn generate() -> std::io::Result<Tls> {
    let not_before = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    let not_after = not_before + VALIDITY;
    let ca_key = KeyPair::generate().map_err(error)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(error)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.not_before = not_before;
    ca_params.not_after = not_after;
    ca_params.name_constraints = Some(NameConstraints {
        permitted_subtrees: signed_names()
            .into_iter()
            .map(|n| match n.parse::<std::net::Ipv4Addr>() {
                Ok(ip) => GeneralSubtree::IpAddress(CidrSubnet::V4(ip.octets(), [255; 4])),
                Err(_) => GeneralSubtree::DnsName(n),
            })
            .collect(),
        excluded_subtrees: Vec::new(),
    });
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

    let mut params = CertificateParams::new(signed_names()).map_err(error)?;
    params.not_before = not_before;
    params.not_after = not_after;
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

#[cfg(test)]
mod tests {
    use x509_parser::extensions::{GeneralName, ParsedExtension};
    use x509_parser::prelude::{FromDer, X509Certificate};

    #[test]
    fn the_ca_is_name_constrained_and_short_lived() {
        let tls = super::generate().unwrap();
        let (_, pem) = x509_parser::pem::parse_x509_pem(tls.ca_pem.as_bytes()).unwrap();
        let (_, ca) = X509Certificate::from_der(&pem.contents).unwrap();
        let validity = ca.validity();
        let days = (validity.not_after.timestamp() - validity.not_before.timestamp()) / 86_400;
        assert!(days <= 31, "the CA is valid for {days} days");
        let constraints = ca
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::NameConstraints(nc) => Some((e.critical, nc)),
                _ => None,
            })
            .expect("the CA has name constraints");
        assert!(constraints.0, "name constraints are critical");
        let permitted: Vec<String> = constraints
            .1
            .permitted_subtrees
            .as_ref()
            .expect("permitted subtrees")
            .iter()
            .map(|s| match &s.base {
                GeneralName::DNSName(n) => n.to_string(),
                GeneralName::IPAddress(ip) => format!("{ip:?}"),
                other => panic!("unexpected constraint {other:?}"),
            })
            .collect();
        assert_eq!(permitted.len(), super::signed_names().len());
        assert!(permitted.iter().any(|n| n == "retrieval.emea-1.jumio.ai"));
        assert!(permitted.iter().all(|n| n != "jumio.ai" && n != "com"));
        let basic = ca.basic_constraints().unwrap().unwrap().value;
        assert!(basic.ca && basic.path_len_constraint == Some(0));
    }
}
