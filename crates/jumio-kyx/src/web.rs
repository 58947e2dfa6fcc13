//! The web channel: where to send the end user ([`journey_url`]) and what comes back when the
//! hosted journey ends ([`WebRedirect`]).
//!
//! The journey ends by sending the browser to the account's `successUrl` or `errorUrl` with
//! `accountId`, `workflowExecutionId`, `customerInternalReference`, `acquisitionStatus`
//! (`SUCCESS` or `ERROR`) and, on an error, `errorCode` appended (reference §13.1).
//!
//! **The redirect is not authenticated**: anyone can type that address. Treat it as "the user is
//! back", never as the decision: check that the pair of ids is one your backend created, then
//! read the workflow's status (or wait for the callback).
//!
//! ```
//! use jumio_kyx::web::{AcquisitionStatus, WebRedirect};
//!
//! let back = WebRedirect::parse(
//!     "https://shop.example/kyc/done?order=42&accountId=0b7b1e9c-4a36-4f6e-9f10-8d5a8f0a1d11\
//!      &workflowExecutionId=5f0d2c7a-1f55-4c1e-9f3a-2b9a7e6d4c21&acquisitionStatus=ERROR&errorCode=9820",
//! )?;
//! assert_eq!(back.acquisition_status, AcquisitionStatus::Error);
//! assert_eq!(back.error_code.map(|c| c.code()), Some(9820));
//! assert_eq!(back.extra.get("order").map(String::as_str), Some("42")); // your own parameters stay
//! # Ok::<(), jumio_kyx::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::Error;
use crate::redact::Pii;
use crate::types::AccountResponse;

/// The hosted journey's address (`web.href`) of an account response: where to send the end
/// user's browser. It carries the transaction token, so it is a credential: do not log it.
///
/// Refused (a [`crate::ErrorKind::Validation`] error naming `web.href`): a response without one
/// (the workflow definition has no web channel) and an address a browser must not be sent to, one
/// that is not `https` (plain `http` only to a loopback host such as the sandbox) or that carries
/// a user name or password. A hostile or broken server cannot turn the redirect into a
/// `javascript:` link or a phishing host in disguise.
///
/// ```
/// # fn demo(account: &jumio_kyx::types::AccountResponse) -> Result<(), jumio_kyx::Error> {
/// let url = jumio_kyx::web::journey_url(account)?;
/// // 303 See Other to `url` from your handler.
/// # let _ = url; Ok(()) }
/// ```
pub fn journey_url(account: &AccountResponse) -> Result<Url, Error> {
    let href = account
        .web
        .as_ref()
        .and_then(|w| w.href.as_ref())
        .ok_or_else(|| {
            Error::validation(
                "web.href",
                "is missing: the workflow definition has no web channel (use the API channel, or a definition with WEB)",
            )
        })?;
    checked_journey_href(href.expose())
}

/// Checks a `web.href` as [`journey_url`] does.
pub fn checked_journey_href(href: &str) -> Result<Url, Error> {
    let url =
        Url::parse(href).map_err(|_| Error::validation("web.href", "is not an absolute URL"))?;
    match url.scheme() {
        "https" => {}
        "http" if crate::validate::is_loopback(&url) => {}
        "http" => {
            return Err(Error::validation(
                "web.href",
                "is plain http to a non-loopback host: the journey must be served over https",
            ));
        }
        _ => {
            return Err(Error::validation(
                "web.href",
                "is not an http(s) address a browser can be sent to",
            ));
        }
    }
    if url.host().is_none() {
        return Err(Error::validation("web.href", "has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::validation(
            "web.href",
            "carries a user name or password, which would disguise its host",
        ));
    }
    Ok(url)
}

/// How the journey ended, as the redirect says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AcquisitionStatus {
    /// `SUCCESS`: the end user finished the journey (the decision comes later).
    Success,
    /// `ERROR`: the journey ended with an error, see [`WebRedirect::error_code`].
    Error,
    /// A value this version does not know (kept, never a parse failure).
    Other(String),
}

impl AcquisitionStatus {
    /// The status a wire value names (an unknown one is kept).
    fn from_wire(s: String) -> Self {
        match s.as_str() {
            "SUCCESS" => Self::Success,
            "ERROR" => Self::Error,
            _ => Self::Other(s),
        }
    }

    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Success => "SUCCESS",
            Self::Error => "ERROR",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for AcquisitionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AcquisitionStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AcquisitionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::from_wire)
    }
}

/// A journey error code (`errorCode`), with the documented meaning when it is one of Jumio's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JourneyErrorCode(u32);

/// The documented journey error codes and their meaning (reference §13.1).
pub const JOURNEY_ERROR_CODES: [(u32, &str); 13] = [
    (9100, "server error"),
    (9200, "authorization token missing, invalid or expired"),
    (9210, "session expired after the journey started"),
    (9300, "image transmission error"),
    (9400, "verification step error"),
    (9800, "no network"),
    (9801, "unexpected client error"),
    (9810, "server communication problem"),
    (9820, "file upload not enabled and camera unavailable"),
    (9821, "biometric face capture failed"),
    (9822, "the browser does not support the camera"),
    (9835, "no acceptable submission in 3 attempts"),
    (9836, "authentication failure"),
];

impl JourneyErrorCode {
    /// The number.
    pub fn code(self) -> u32 {
        self.0
    }

    /// What the code means, for the documented ones.
    pub fn description(self) -> Option<&'static str> {
        JOURNEY_ERROR_CODES
            .iter()
            .find(|(c, _)| *c == self.0)
            .map(|(_, d)| *d)
    }

    /// Whether sending the user through a new journey may help: the network, the server or an
    /// expired session or token, rather than the device (no camera) or the user (three refused
    /// submissions, failed authentication).
    pub fn is_transient(self) -> bool {
        matches!(self.0, 9100 | 9200 | 9210 | 9300 | 9800 | 9810)
    }
}

impl fmt::Display for JourneyErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(d) => write!(f, "{} ({d})", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// What a `successUrl` or `errorUrl` handler receives when the hosted journey ends.
///
/// [`WebRedirect::parse`] refuses a missing or malformed `accountId`, `workflowExecutionId` or
/// `acquisitionStatus`, a non-numeric `errorCode`, an `errorCode` on a `SUCCESS`, and any of these
/// given twice (which one would be true?). Parameters of your own in the URL are kept in
/// [`WebRedirect::extra`]. `Debug` does not show `customerInternalReference`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebRedirect {
    /// The account.
    pub account_id: String,
    /// The workflow execution the journey belonged to.
    pub workflow_execution_id: String,
    /// Your reference for the transaction, when the account had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_internal_reference: Option<Pii>,
    /// `SUCCESS` or `ERROR`.
    pub acquisition_status: AcquisitionStatus,
    /// Why the journey failed (with `ERROR`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<JourneyErrorCode>,
    /// The URL's other query parameters (your own, on `successUrl` / `errorUrl`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// The parameters the journey appends.
const KNOWN: [&str; 5] = [
    "accountId",
    "workflowExecutionId",
    "customerInternalReference",
    "acquisitionStatus",
    "errorCode",
];

impl WebRedirect {
    /// Parses the redirect from what a handler has: the full URL
    /// (`https://shop.example/done?accountId=…`), the path and query (`/done?accountId=…`) or
    /// the query string alone (`accountId=…&…`, with or without `?`).
    pub fn parse(url_or_query: &str) -> Result<Self, Error> {
        let query = match url_or_query.split_once('?') {
            Some((_, q)) => q,
            None if url_or_query.contains('=') => url_or_query,
            None => "",
        };
        // A fragment never reaches a server; a handler given the browser's address drops it.
        let query = query.split('#').next().unwrap_or_default();
        Self::from_pairs(
            url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        )
    }

    /// Parses the redirect from decoded query pairs (what a web framework hands over).
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut known: BTreeMap<&'static str, String> = BTreeMap::new();
        let mut extra = BTreeMap::new();
        for (k, v) in pairs {
            let (k, v) = (k.into(), v.into());
            match KNOWN.iter().find(|n| **n == k) {
                Some(name) => {
                    if known.insert(name, v).is_some() {
                        return Err(Error::validation(
                            *name,
                            "is given more than once: the redirect is ambiguous",
                        ));
                    }
                }
                None => {
                    extra.insert(k, v);
                }
            }
        }
        let mut take_id = |name: &'static str| -> Result<String, Error> {
            let v = known.remove(name).ok_or_else(|| {
                Error::validation(name, "is missing: this is not a journey's redirect")
            })?;
            crate::validate::id(name, &v)?;
            if v.len() > 255 {
                return Err(Error::validation(name, "is longer than 255 characters"));
            }
            Ok(v)
        };
        let account_id = take_id("accountId")?;
        let workflow_execution_id = take_id("workflowExecutionId")?;
        let status = known.remove("acquisitionStatus").ok_or_else(|| {
            Error::validation(
                "acquisitionStatus",
                "is missing: this is not a journey's redirect",
            )
        })?;
        if status.is_empty() || !status.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
            return Err(Error::validation(
                "acquisitionStatus",
                "is not SUCCESS, ERROR or another upper-case status",
            ));
        }
        let acquisition_status = AcquisitionStatus::from_wire(status);
        let error_code = match known.remove("errorCode") {
            None => None,
            Some(c) => {
                if acquisition_status == AcquisitionStatus::Success {
                    return Err(Error::validation(
                        "errorCode",
                        "is given with acquisitionStatus SUCCESS",
                    ));
                }
                if c.is_empty() || c.len() > 9 || !c.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(Error::validation("errorCode", "is not a number"));
                }
                Some(JourneyErrorCode(c.parse().map_err(|_| {
                    Error::validation("errorCode", "is not a number")
                })?))
            }
        };
        let customer_internal_reference = known.remove("customerInternalReference").map(Pii::from);
        Ok(Self {
            account_id,
            workflow_execution_id,
            customer_internal_reference,
            acquisition_status,
            error_code,
            extra,
        })
    }

    /// Whether the journey ended with `SUCCESS`.
    pub fn is_success(&self) -> bool {
        self.acquisition_status == AcquisitionStatus::Success
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0b7b1e9c-4a36-4f6e-9f10-8d5a8f0a1d11";
    const W: &str = "5f0d2c7a-1f55-4c1e-9f3a-2b9a7e6d4c21";

    fn field_of(input: &str) -> Option<String> {
        WebRedirect::parse(input)
            .err()
            .and_then(|e| e.field().map(String::from))
    }

    #[test]
    fn reads_every_form_a_handler_has() {
        let q = format!(
            "accountId={A}&workflowExecutionId={W}&customerInternalReference=order%2042&acquisitionStatus=SUCCESS"
        );
        for input in [
            format!("https://shop.example/done?{q}"),
            format!("/done?{q}"),
            format!("?{q}"),
            q.clone(),
            format!("https://shop.example/done?{q}#top"),
        ] {
            let r = WebRedirect::parse(&input).unwrap();
            assert_eq!(r.account_id, A);
            assert_eq!(r.workflow_execution_id, W);
            assert!(r.is_success());
            assert_eq!(
                r.customer_internal_reference.as_ref().map(|p| p.expose()),
                Some("order 42")
            );
            assert!(r.extra.is_empty(), "{input}: {:?}", r.extra);
        }
    }

    #[test]
    fn refuses_missing_duplicate_and_malformed_parameters() {
        let ok =
            format!("accountId={A}&workflowExecutionId={W}&acquisitionStatus=ERROR&errorCode=9300");
        assert!(WebRedirect::parse(&ok).is_ok());
        assert_eq!(
            field_of("https://shop.example/done"),
            Some("accountId".into())
        );
        assert_eq!(
            field_of(&format!("accountId={A}&acquisitionStatus=SUCCESS")),
            Some("workflowExecutionId".into())
        );
        assert_eq!(
            field_of(&format!("accountId={A}&workflowExecutionId={W}")),
            Some("acquisitionStatus".into())
        );
        assert_eq!(
            field_of(&format!("{ok}&accountId=other")),
            Some("accountId".into())
        );
        assert_eq!(
            field_of(&ok.replace("9300", "93x0")),
            Some("errorCode".into())
        );
        assert_eq!(field_of(&ok.replace("9300", "")), Some("errorCode".into()));
        assert_eq!(
            field_of(&ok.replace("9300", "99999999999999999999")),
            Some("errorCode".into())
        );
        assert_eq!(
            field_of(&ok.replace("ERROR", "SUCCESS")),
            Some("errorCode".into())
        );
        assert_eq!(
            field_of(&ok.replace("ERROR", "success")),
            Some("acquisitionStatus".into())
        );
        assert_eq!(field_of(&ok.replace(A, "..")), Some("accountId".into()));
        assert_eq!(field_of(&ok.replace(A, "a%2Fb")), Some("accountId".into()));
        assert_eq!(
            field_of(&ok.replace(W, "")),
            Some("workflowExecutionId".into())
        );
        assert_eq!(
            field_of(&ok.replace(W, &"w".repeat(300))),
            Some("workflowExecutionId".into())
        );
    }

    #[test]
    fn keeps_own_parameters_and_unknown_statuses() {
        let r = WebRedirect::parse(&format!(
            "https://shop.example/done?order=42&accountId={A}&workflowExecutionId={W}&acquisitionStatus=CANCELLED"
        ))
        .unwrap();
        assert_eq!(
            r.acquisition_status,
            AcquisitionStatus::Other("CANCELLED".into())
        );
        assert!(!r.is_success());
        assert_eq!(r.extra.get("order").map(String::as_str), Some("42"));
        let back: WebRedirect = serde_json::from_value(serde_json::to_value(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn error_codes_carry_their_meaning() {
        let r = WebRedirect::parse(&format!(
            "accountId={A}&workflowExecutionId={W}&acquisitionStatus=ERROR&errorCode=9821"
        ))
        .unwrap();
        let code = r.error_code.unwrap();
        assert_eq!(code.description(), Some("biometric face capture failed"));
        assert!(!code.is_transient());
        assert_eq!(code.to_string(), "9821 (biometric face capture failed)");
        assert_eq!(JourneyErrorCode(1234).description(), None);
    }

    #[test]
    fn debug_hides_the_reference() {
        let r = WebRedirect::parse(&format!(
            "accountId={A}&workflowExecutionId={W}&acquisitionStatus=SUCCESS&customerInternalReference=jane-doe-1980"
        ))
        .unwrap();
        assert!(!format!("{r:?}").contains("jane-doe"));
    }

    #[test]
    fn journey_hrefs_a_browser_must_not_follow_are_refused() {
        for ok in [
            "https://acme.web.amer-1.jumio.ai/web/v4/app?authorizationToken=t&locale=en",
            "http://127.0.0.1:4010/web/v4/app?authorizationToken=t",
            "http://localhost:4010/web/v4/app",
            "http://[::1]:4010/web/v4/app",
        ] {
            assert!(checked_journey_href(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "/web/v4/app?authorizationToken=t",
            "http://acme.web.amer-1.jumio.ai/web/v4/app",
            "https://acme.web.amer-1.jumio.ai@evil.example/web/v4/app",
            "https://user:pw@acme.web.amer-1.jumio.ai/",
            "file:///etc/passwd",
            "",
        ] {
            let e = checked_journey_href(bad).unwrap_err();
            assert_eq!(e.field(), Some("web.href"), "{bad}");
            assert!(
                !e.to_string().contains("evil"),
                "the href stays out of the message"
            );
        }
    }
}
