//! Who may talk to the sandbox, and what its pages may be embedded in.
//!
//! A sandbox runs on a developer's machine, where any web page the developer visits can send it
//! requests. Two checks keep those pages out, before any route runs:
//!
//! * **Host.** A request must name a host the sandbox is reached by: an IP address, `localhost`
//!   or `*.localhost`, a `--public-url` host, the real host names in TLS or region mode, or an
//!   `--allowed-host` entry. A page whose own name was re-pointed at 127.0.0.1 (DNS rebinding)
//!   sends its own name and is refused, so it can read nothing: not the dashboard's state, the
//!   request log, a journey address with its token, or an uploaded image.
//! * **Origin.** A state-changing request (anything but GET, HEAD, OPTIONS) from a browser must
//!   come from the sandbox's own origin: `Sec-Fetch-Site: same-origin` when the browser sends it,
//!   else an `Origin` that is the `Host` it was sent to, or a `--public-url`. A cross-site form
//!   post or `fetch(…, {mode: "no-cors"})` to `/__sandbox/reset` is refused. Clients that are not
//!   browsers send neither header.
//!
//! The answers' headers: nothing may frame the dashboard and the control API; the journey may be
//! framed as `journeyFrameAncestors` says; no page leaks its address (which may carry a
//! transaction token) in a `Referer`; no answer is content-sniffed.

use axum::http::{HeaderMap, HeaderValue, Method, header};

use crate::infra::config::SandboxConfig;

/// The host names a sandbox answers to, decided at start-up.
#[derive(Clone, Debug, Default)]
pub struct HostPolicy {
    /// Exact names (lower case, without port; IPv6 without brackets).
    names: Vec<String>,
    /// Domains whose subdomains are allowed too (`.example.test`).
    suffixes: Vec<String>,
    /// `*`: every name.
    any: bool,
    /// The `--public-url` origins' authorities (`host[:port]`, lower case), which may post.
    public_authorities: Vec<String>,
}

/// Why a request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The `Host` is not a name the sandbox is reached by.
    Host,
    /// A state-changing request from another origin.
    Origin,
}

impl Refusal {
    /// The refusal's text: what is wrong and how to allow it, never the value sent.
    pub fn detail(&self) -> &'static str {
        match self {
            Self::Host => {
                "this sandbox does not answer to the host name the request was sent to (a \
                 protection against DNS rebinding); reach it by IP address or localhost, or allow \
                 the name with --allowed-host (KYX_SANDBOX_ALLOWED_HOSTS, or the allowedHosts \
                 setting of an embedded sandbox)"
            }
            Self::Origin => {
                "a state-changing request from another origin is refused (a protection against \
                 cross-site requests); send it from the sandbox's own pages or from a program"
            }
        }
    }
}

impl HostPolicy {
    /// The policy of a configuration.
    pub fn new(config: &SandboxConfig) -> Self {
        let mut policy = Self::default();
        for entry in &config.allowed_hosts {
            let entry = entry.trim().to_ascii_lowercase();
            if entry == "*" {
                policy.any = true;
            } else if let Some(domain) = entry.strip_prefix('.') {
                policy.suffixes.push(domain.to_string());
            } else {
                policy.names.push(strip_brackets(&entry).to_string());
            }
        }
        for url in config.base_urls.values() {
            if let Ok(u) = reqwest::Url::parse(url)
                && let Some(host) = u.host_str()
            {
                policy
                    .names
                    .push(strip_brackets(&host.to_ascii_lowercase()).to_string());
                let authority = match u.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_string(),
                };
                policy
                    .public_authorities
                    .push(authority.to_ascii_lowercase());
            }
        }
        if config.tls || config.strict_hosts {
            policy.names.extend(crate::infra::hosts::all_hosts());
        }
        policy
    }

    /// Whether a host name (without port) is one the sandbox answers to.
    pub fn allows_name(&self, name: &str) -> bool {
        let name = strip_brackets(name)
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if self.any || name.parse::<std::net::IpAddr>().is_ok() {
            return true;
        }
        // `localhost` and its subdomains always resolve to this machine (RFC 6761), in browsers
        // without asking DNS: no page can re-point them.
        if name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        self.names.contains(&name)
            || self
                .suffixes
                .iter()
                .any(|d| name == *d || name.ends_with(&format!(".{d}")))
    }

    /// Checks a request's `Host` and, for a state-changing method, its `Origin` (unless
    /// `cross_origin_api`: the Web SDK API, called from the integrator's page by design and
    /// authenticated by its bearer token).
    pub fn check(
        &self,
        method: &Method,
        headers: &HeaderMap,
        cross_origin_api: bool,
    ) -> Result<(), Refusal> {
        // HTTP/1.1 requires a Host; a client that sends none is not a browser.
        let host = match headers.get(header::HOST) {
            None => None,
            Some(v) => Some(
                v.to_str()
                    .ok()
                    .and_then(|h| h.parse::<axum::http::uri::Authority>().ok())
                    .ok_or(Refusal::Host)?,
            ),
        };
        if let Some(authority) = &host
            && !self.allows_name(authority.host())
        {
            return Err(Refusal::Host);
        }
        if cross_origin_api || matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return Ok(());
        }
        // Browsers say where a request comes from in `Sec-Fetch-Site`, which no page can set;
        // it is right even where `Origin` is `null` (a form posted from a page with
        // `Referrer-Policy: no-referrer`, as the journey's own form is).
        if let Some(site) = headers.get("sec-fetch-site") {
            return match site.as_bytes() {
                b"same-origin" | b"none" => Ok(()),
                _ => Err(Refusal::Origin),
            };
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return Ok(());
        };
        // `null` (a sandboxed frame, a file, a redirect across origins) is foreign too.
        let origin_authority = origin
            .to_str()
            .ok()
            .and_then(|o| reqwest::Url::parse(o).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .and_then(|u| {
                let host = u.host_str()?.to_ascii_lowercase();
                Some(match u.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                })
            })
            .ok_or(Refusal::Origin)?;
        let same_as_host = host.is_some_and(|h| {
            let sent = h.as_str().to_ascii_lowercase();
            sent == origin_authority
                // A default port may be written in one and left out of the other.
                || sent.trim_end_matches(":80").trim_end_matches(":443")
                    == origin_authority
        });
        if same_as_host || self.public_authorities.contains(&origin_authority) {
            Ok(())
        } else {
            Err(Refusal::Origin)
        }
    }
}

fn strip_brackets(name: &str) -> &str {
    name.strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name)
}

/// Adds the headers every answer carries, by the kind of page: the dashboard and the control API
/// can never be framed; the journey (`/web/…`) may be framed by `frame_ancestors`.
pub fn add_headers(path: &str, frame_ancestors: &str, headers: &mut HeaderMap) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // A journey page's address carries its transaction token: never send it on.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if path.starts_with("/__sandbox") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    } else if path.starts_with("/web/")
        && let Ok(v) = HeaderValue::from_str(&format!("frame-ancestors {frame_ancestors}"))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
}

/// Checks the `allowedHosts` entries: host names, `.domain` or `*`.
pub fn validate_allowed_hosts(entries: &[String]) -> Result<(), crate::SandboxError> {
    for entry in entries {
        let name = entry.strip_prefix('.').unwrap_or(entry);
        let ok = entry == "*"
            || (!name.is_empty()
                && name.len() <= 253
                && strip_brackets(name)
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'_')));
        if !ok {
            return Err(
                "allowed hosts must be host names, `.domain` (with its subdomains) or `*`".into(),
            );
        }
    }
    Ok(())
}

/// Checks `journeyFrameAncestors`: a CSP source list, one header value, no other directive.
pub fn validate_frame_ancestors(value: &str) -> Result<(), crate::SandboxError> {
    let ok = !value.trim().is_empty()
        && value.len() <= 1024
        && value
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b';' && b != b',');
    if ok {
        Ok(())
    } else {
        Err("setting journeyFrameAncestors must be a CSP source list (`*`, `'self' https://shop.example`, `'none'`)".into())
    }
}

/// Checks `journeyMessageOrigin`: `*` or an http(s) origin (no path, query or fragment).
pub fn validate_message_origin(value: &str) -> Result<(), crate::SandboxError> {
    if value == "*" {
        return Ok(());
    }
    let ok = reqwest::Url::parse(value).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https")
            && u.host().is_some()
            && u.username().is_empty()
            && u.password().is_none()
            && u.path() == "/"
            && u.query().is_none()
            && u.fragment().is_none()
            && !value.ends_with('/')
    });
    if ok {
        Ok(())
    } else {
        Err("setting journeyMessageOrigin must be `*` or an origin such as `https://shop.example` (no path)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn policy(allowed: &[&str], public: &[(&str, &str)]) -> HostPolicy {
        HostPolicy::new(&SandboxConfig {
            allowed_hosts: allowed.iter().map(|s| s.to_string()).collect(),
            base_urls: public
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..SandboxConfig::default()
        })
    }

    #[test]
    fn names_the_sandbox_is_reached_by_are_allowed() {
        let p = policy(
            &["sandbox", ".kyx.test"],
            &[("web", "https://Proxy.Example:8443")],
        );
        for ok in [
            "127.0.0.1",
            "[::1]",
            "10.0.0.7",
            "localhost",
            "app.localhost",
            "sandbox",
            "kyx.test",
            "a.kyx.test",
            "proxy.example",
            "LOCALHOST.",
        ] {
            assert!(p.allows_name(ok), "{ok}");
        }
        for refused in [
            "attacker.example",
            "localhost.attacker.example",
            "xkyx.test",
            "sandbox2",
        ] {
            assert!(!p.allows_name(refused), "{refused}");
        }
        assert!(policy(&["*"], &[]).allows_name("anything.example"));
    }

    #[test]
    fn region_hosts_only_in_tls_or_region_mode() {
        let plain = HostPolicy::new(&SandboxConfig::default());
        assert!(!plain.allows_name("api.amer-1.jumio.ai"));
        let tls = HostPolicy::new(&SandboxConfig {
            tls: true,
            ..SandboxConfig::default()
        });
        assert!(tls.allows_name("api.amer-1.jumio.ai"));
        assert!(!tls.allows_name("evil.jumio.ai"));
    }

    #[test]
    fn a_rebound_host_is_refused_for_every_method() {
        let p = policy(&[], &[]);
        let rebound = headers(&[("host", "attacker.example:4010")]);
        assert_eq!(p.check(&Method::GET, &rebound, false), Err(Refusal::Host));
        assert_eq!(p.check(&Method::POST, &rebound, false), Err(Refusal::Host));
        assert_eq!(
            p.check(&Method::GET, &headers(&[("host", "not a host")]), false),
            Err(Refusal::Host)
        );
        assert_eq!(p.check(&Method::GET, &HeaderMap::new(), false), Ok(()));
    }

    #[test]
    fn state_changes_need_the_sandbox_own_origin() {
        let p = policy(&[], &[("web", "https://kyx.example")]);
        let post = |origin: Option<&str>| {
            let mut h = headers(&[("host", "127.0.0.1:4010")]);
            if let Some(o) = origin {
                h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
            }
            p.check(&Method::POST, &h, false)
        };
        assert_eq!(post(None), Ok(()));
        assert_eq!(post(Some("http://127.0.0.1:4010")), Ok(()));
        assert_eq!(post(Some("https://kyx.example")), Ok(()));
        assert_eq!(post(Some("http://localhost:4010")), Err(Refusal::Origin));
        assert_eq!(post(Some("https://attacker.example")), Err(Refusal::Origin));
        assert_eq!(post(Some("null")), Err(Refusal::Origin));
        // Reads are not refused for their Origin: only the Host matters.
        let get = headers(&[
            ("host", "127.0.0.1:4010"),
            ("origin", "https://attacker.example"),
        ]);
        assert_eq!(p.check(&Method::GET, &get, false), Ok(()));
        // The Web SDK API is called from the integrator's origin by design.
        let sdk = headers(&[
            ("host", "127.0.0.1:4010"),
            ("origin", "https://shop.example"),
        ]);
        assert_eq!(p.check(&Method::POST, &sdk, true), Ok(()));
        // A browser's own word: the journey's form, posted with `Origin: null` under
        // `no-referrer`, is same-origin; a cross-site request without an Origin is not.
        let h = headers(&[
            ("host", "127.0.0.1:4010"),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert_eq!(p.check(&Method::POST, &h, false), Ok(()));
        for site in ["cross-site", "same-site"] {
            let h = headers(&[("host", "127.0.0.1:4010"), ("sec-fetch-site", site)]);
            assert_eq!(
                p.check(&Method::POST, &h, false),
                Err(Refusal::Origin),
                "{site}"
            );
        }
        // A default port written in the Host only.
        let h = headers(&[("host", "localhost:80"), ("origin", "http://localhost")]);
        assert_eq!(p.check(&Method::PUT, &h, false), Ok(()));
    }

    #[test]
    fn settings_values_are_checked() {
        assert!(validate_allowed_hosts(&["sandbox".into(), ".x.test".into(), "*".into()]).is_ok());
        assert!(validate_allowed_hosts(&["a b".into()]).is_err());
        assert!(validate_allowed_hosts(&["".into()]).is_err());
        assert!(validate_frame_ancestors("'self' https://shop.example").is_ok());
        assert!(validate_frame_ancestors("*; script-src *").is_err());
        assert!(validate_frame_ancestors("").is_err());
        assert!(validate_message_origin("https://shop.example").is_ok());
        assert!(validate_message_origin("http://localhost:3000").is_ok());
        assert!(validate_message_origin("*").is_ok());
        assert!(validate_message_origin("https://shop.example/path").is_err());
        assert!(validate_message_origin("javascript:alert(1)").is_err());
    }
}
