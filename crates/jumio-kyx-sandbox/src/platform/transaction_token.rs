//! Transaction tokens in Jumio's format: a JWT whose header is `{"alg":"HS512","zip":"GZIP"}`
//! and whose payload segment is base64url of the **gzip** of `{"exAt", "accId", "aId", "wfeId",
//! "cRef", "cId"}` (reference `web-sdk.md`: decoded from the example token in Jumio's docs).
//! Jumio's Web SDK decodes the payload without checking the signature; the sandbox signs each
//! token with a secret of its own (HMAC-SHA512) and checks the signature before it looks a token
//! up, so a forged or altered token is refused even when it names a real workflow.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

type HmacSha512 = hmac::Hmac<sha2::Sha512>;

/// The JWT header Jumio's tokens carry.
const HEADER: &str = r#"{"alg":"HS512","zip":"GZIP"}"#;

/// How every token of this format begins: the base64url of [`HEADER`] and its dot.
pub const HEADER_SEGMENT: &str = "eyJhbGciOiJIUzUxMiIsInppcCI6IkdaSVAifQ.";

/// Largest token the sandbox looks at (Jumio's are a few hundred characters).
const MAX_TOKEN_LEN: usize = 4096;

/// What a token says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    /// Expiry, in milliseconds since the epoch (`exAt`, a string in the token).
    pub expires_at_ms: i64,
    /// `accId`.
    pub account_id: String,
    /// `wfeId` (also `aId`).
    pub workflow_id: String,
    /// `cRef`, when the account has one.
    pub customer_internal_reference: Option<String>,
    /// `cId`: the token's own id.
    pub token_id: String,
}

/// The sandbox's signing key: random, made at start-up, never shown.
#[derive(Clone)]
pub struct Signer {
    key: [u8; 64],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(…)")
    }
}

impl Default for Signer {
    /// A signer with a random key.
    fn default() -> Self {
        Self::with_key(crate::platform::ids::Ids::new(None).key())
    }
}

impl Signer {
    /// A signer with this key (reproducible tokens come from a key derived from the seed).
    pub fn with_key(key: [u8; 64]) -> Self {
        Self { key }
    }

    /// The key (a state dir and a state document keep it, so that tokens keep working).
    pub(crate) fn key(&self) -> [u8; 64] {
        self.key
    }

    fn mac(&self) -> HmacSha512 {
        HmacSha512::new_from_slice(&self.key).expect("HMAC takes a key of any length")
    }

    /// A keyed fingerprint of a value (the request journal's personal data): equal values give
    /// equal fingerprints within this sandbox, and none can be turned back into its value.
    pub fn fingerprint(&self, value: &str) -> [u8; 32] {
        let mut mac = self.mac();
        mac.update(b"journal\0");
        mac.update(value.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut out = [0u8; 32];
        out.copy_from_slice(&digest[..32]);
        out
    }

    /// A new token with these claims.
    pub fn mint(&self, claims: &Claims) -> String {
        let mut payload = json!({
            "exAt": claims.expires_at_ms.to_string(),
            "accId": claims.account_id,
            "aId": claims.workflow_id,
            "wfeId": claims.workflow_id,
            "cId": claims.token_id,
        });
        if let Some(r) = &claims.customer_internal_reference {
            payload["cRef"] = json!(r);
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(payload.to_string().as_bytes())
            .expect("writing to memory");
        let zipped = gz.finish().expect("writing to memory");
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode(zipped)
        );
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        let signature = mac.finalize().into_bytes();
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The claims of a token this sandbox signed; `None` for anything else (malformed, signed
    /// with another key, altered). Expiry is the caller's to judge, on the sandbox clock.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        if token.len() > MAX_TOKEN_LEN {
            return None;
        }
        let (signed, signature) = token.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        mac.verify_slice(&signature).ok()?;
        let (_, payload) = signed.split_once('.')?;
        decode_payload(payload)
    }
}

/// The claims of a payload segment (base64url of gzip of JSON), whoever signed it: what the Web
/// SDK itself reads.
pub fn decode_payload(segment: &str) -> Option<Claims> {
    let zipped = URL_SAFE_NO_PAD.decode(segment).ok()?;
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(zipped.as_slice())
        .take(64 * 1024)
        .read_to_end(&mut json)
        .ok()?;
    let v: Value = serde_json::from_slice(&json).ok()?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
    Some(Claims {
        expires_at_ms: text("exAt")?.parse().ok()?,
        account_id: text("accId")?,
        workflow_id: text("wfeId").or_else(|| text("aId"))?,
        customer_internal_reference: text("cRef"),
        token_id: text("cId").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            expires_at_ms: 1_700_000_000_000,
            account_id: "acc".into(),
            workflow_id: "wfe".into(),
            customer_internal_reference: Some("order-42".into()),
            token_id: "tok".into(),
        }
    }

    #[test]
    fn tokens_are_jumio_shaped_and_round_trip() {
        let signer = Signer::default();
        let token = signer.mint(&claims());
        assert!(token.starts_with(HEADER_SEGMENT));
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header, json!({"alg": "HS512", "zip": "GZIP"}));
        // The payload is gzip (magic bytes 1f 8b) of the documented claims.
        let zipped = URL_SAFE_NO_PAD.decode(parts[1]).unwrap();
        assert_eq!(&zipped[..2], &[0x1f, 0x8b]);
        assert_eq!(decode_payload(parts[1]), Some(claims()));
        assert_eq!(signer.verify(&token), Some(claims()));
        // HMAC-SHA512: 64 bytes.
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 64);
    }

    #[test]
    fn forged_and_altered_tokens_are_refused() {
        let signer = Signer::default();
        let token = signer.mint(&claims());
        // Another sandbox's key.
        assert_eq!(Signer::default().verify(&token), None);
        // Another payload under the old signature.
        let other = signer.mint(&Claims {
            workflow_id: "other".into(),
            ..claims()
        });
        let (h, rest) = token.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let payload = other.split('.').nth(1).unwrap();
        assert_eq!(signer.verify(&format!("{h}.{payload}.{sig}")), None);
        for junk in ["", ".", "a.b.c", "not a token", &"x".repeat(5000)] {
            assert_eq!(signer.verify(junk), None);
        }
    }
}
