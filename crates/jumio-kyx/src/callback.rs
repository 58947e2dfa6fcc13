//! Receiving callbacks. Jumio does not sign callbacks: its docs prescribe checking that the
//! sender's IP address is one of Jumio's callback addresses for the region, answering 200 at
//! once, and then fetching the authoritative details. This module does each step:
//! [`parse_callback`], [`CallbackVerifier`], [`crate::types::CallbackPayload::dedupe_key`] and
//! [`crate::Client::get_callback_details`].
//!
//! ```
//! use jumio_kyx::callback::{parse_callback, CallbackVerifier};
//! use jumio_kyx::Region;
//! let body = br#"{"callbackSentAt":"2021-01-21T14:55:01.917Z","workflowExecution":{"id":"w","href":"https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/w","definitionKey":"10011","status":"PROCESSED"},"account":{"id":"a","href":"https://retrieval.amer-1.jumio.ai/api/v1/accounts/a"}}"#;
//! let verifier = CallbackVerifier::for_region(Region::Us);
//! verifier.verify("34.202.241.227".parse().unwrap()).unwrap();
//! assert!(verifier.verify("203.0.113.9".parse().unwrap()).is_err());
//! let callback = parse_callback(body).unwrap();
//! assert_eq!(callback.dedupe_key(), "w:PROCESSED");
//! ```

use std::net::IpAddr;

use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::routing::Region;
use crate::types;

/// Jumio's callback source addresses per region: the lists of the 2021–2023 guides and of the
/// current docs (reference §12.1). Both are accepted by default while tenants migrate.
pub mod ip_lists {
    /// US (`callback.jumio.com`), 2021–2023 guides.
    pub const US_LEGACY: &[&str] = &[
        "34.202.241.227",
        "34.226.103.119",
        "34.226.254.127",
        "52.52.51.178",
        "52.53.95.123",
        "54.67.101.173",
    ];
    /// US (`callback.amer-1.jumio.ai`), current docs.
    pub const US_CURRENT: &[&str] = &[
        "34.202.241.227",
        "34.226.103.119",
        "34.226.254.127",
        "52.8.136.236",
        "54.177.61.57",
        "54.183.15.212",
    ];
    /// EU (`callback.lon.jumio.com`, `callback.emea-1.jumio.ai`), unchanged.
    pub const EU: &[&str] = &[
        "34.253.41.236",
        "35.157.27.193",
        "52.48.0.25",
        "52.57.194.92",
        "52.58.113.86",
        "52.209.180.134",
    ];
    /// SG (`callback.core-sgp.jumio.com`), 2021–2023 guides.
    pub const SG_LEGACY: &[&str] = &["3.0.109.121", "52.76.184.73", "52.77.102.92"];
    /// SG (`callback.apac-1.jumio.ai`), current docs.
    pub const SG_CURRENT: &[&str] = &[
        "3.0.109.121",
        "52.76.184.73",
        "52.77.102.92",
        "13.238.100.17",
        "13.238.203.238",
        "52.64.132.26",
    ];
}

/// Parses a callback body. Lenient like every response type: unknown statuses and fields are
/// kept. It reads only; check the sender with [`CallbackVerifier`] first.
pub fn parse_callback(body: &[u8]) -> Result<types::CallbackPayload, Error> {
    serde_json::from_slice(body).map_err(|_| {
        Error::new(ErrorKind::InvalidResponse).with_detail(format!(
            "not a KYX callback body: {}",
            crate::error::json_shape_error::<types::CallbackPayload>(body)
        ))
    })
}

/// Checks that a callback comes from one of Jumio's callback addresses.
#[derive(Clone, Debug, Default)]
pub struct CallbackVerifier {
    allowed: Vec<IpAddr>,
    trusted_proxies: Vec<IpAddr>,
}

fn parse_all<'a>(list: &'a [&'a str]) -> impl Iterator<Item = IpAddr> + 'a {
    list.iter().filter_map(|s| s.parse().ok())
}

impl CallbackVerifier {
    /// The current and legacy addresses of one region.
    pub fn for_region(region: Region) -> Self {
        let lists: &[&[&str]] = match region {
            Region::Us => &[ip_lists::US_CURRENT, ip_lists::US_LEGACY],
            Region::Eu => &[ip_lists::EU],
            Region::Sg => &[ip_lists::SG_CURRENT, ip_lists::SG_LEGACY],
        };
        let mut v = Self::default();
        for l in lists {
            v.allowed.extend(parse_all(l));
        }
        v.allowed.sort();
        v.allowed.dedup();
        v
    }

    /// Only the addresses of the current docs for one region.
    pub fn current_only(region: Region) -> Self {
        let list = match region {
            Region::Us => ip_lists::US_CURRENT,
            Region::Eu => ip_lists::EU,
            Region::Sg => ip_lists::SG_CURRENT,
        };
        Self {
            allowed: parse_all(list).collect(),
            trusted_proxies: Vec::new(),
        }
    }

    /// Every region's addresses.
    pub fn all_regions() -> Self {
        let mut v = Self::default();
        for r in Region::ALL {
            v.allowed.extend(Self::for_region(r).allowed);
        }
        v.allowed.sort();
        v.allowed.dedup();
        v
    }

    /// Also accepts an address (a sandbox on 127.0.0.1, say). An IPv4-mapped IPv6 address
    /// (`::ffff:10.0.0.5`) is the IPv4 address.
    pub fn allow(mut self, ip: IpAddr) -> Self {
        self.allowed.push(canonical(ip));
        self
    }

    /// Trusts a reverse proxy in front of the receiver: for a request from it, the sender is read
    /// from `X-Forwarded-For` (see [`CallbackVerifier::verify_forwarded`]). IPv4-mapped addresses
    /// are canonicalised as in [`CallbackVerifier::allow`].
    pub fn trust_proxy(mut self, ip: IpAddr) -> Self {
        self.trusted_proxies.push(canonical(ip));
        self
    }

    /// The accepted addresses.
    pub fn allowed(&self) -> &[IpAddr] {
        &self.allowed
    }

    /// Checks the address a callback came from.
    pub fn verify(&self, sender: IpAddr) -> Result<(), Error> {
        let sender = canonical(sender);
        if self.allowed.contains(&sender) {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::Authentication).with_detail(format!(
                "callback sender {sender} is not one of Jumio's callback addresses"
            )))
        }
    }

    /// Checks a callback received through reverse proxies, and returns its sender. When `peer`
    /// (the address the connection came from) is a trusted proxy, the sender is the rightmost
    /// `X-Forwarded-For` entry that is not itself a trusted proxy. Pass **every**
    /// `X-Forwarded-For` header line, in the order received: a proxy may append a line of its
    /// own, and reading one line only would let a sender name itself by sending
    /// `X-Forwarded-For: <a Jumio address>`.
    ///
    /// Jumio never sends `X-Forwarded-For`. When the verifier trusts **no** proxy, a request that
    /// carries it (a line that is not blank) is refused: it came through a proxy the verifier
    /// was not told about, or its sender wrote the header, and a server in front of the receiver
    /// may already have taken the peer address from it (uvicorn does so by default for requests
    /// from 127.0.0.1). Configure the proxy in front as a trusted proxy
    /// ([`CallbackVerifier::trust_proxy`]) instead. When the verifier trusts proxies, a request
    /// from any other peer is judged by `peer` and its `X-Forwarded-For` is not read.
    ///
    /// ```
    /// use jumio_kyx::callback::CallbackVerifier;
    /// use jumio_kyx::Region;
    /// let proxy = "10.0.0.2".parse().unwrap();
    /// let v = CallbackVerifier::for_region(Region::Us).trust_proxy(proxy);
    /// // The client wrote the first line; the proxy appended the second.
    /// let lines = ["34.202.241.227", "203.0.113.9"];
    /// assert!(v.verify_forwarded(proxy, lines).is_err());
    /// assert!(v.verify_forwarded(proxy, ["34.202.241.227"]).is_ok());
    /// // Trusting no proxy: the header itself is refused, whoever the peer.
    /// let direct = CallbackVerifier::for_region(Region::Us);
    /// let jumio = "34.202.241.227".parse().unwrap();
    /// assert!(direct.verify_forwarded(jumio, ["34.202.241.227"]).is_err());
    /// assert!(direct.verify_forwarded(jumio, [] as [&str; 0]).is_ok());
    /// ```
    pub fn verify_forwarded<'a>(
        &self,
        peer: IpAddr,
        x_forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> Result<IpAddr, Error> {
        let peer = canonical(peer);
        let mut lines = x_forwarded_for.into_iter();
        if !self.trusted_proxies.contains(&peer) {
            if self.trusted_proxies.is_empty() && lines.any(|line| !line.trim().is_empty()) {
                return Err(Error::new(ErrorKind::Authentication).with_detail(
                    "the request carries X-Forwarded-For, and Jumio never sends X-Forwarded-For: \
                     it came through a proxy this receiver does not trust, or its sender wrote \
                     it. Behind a reverse proxy, configure that proxy as a trusted proxy \
                     (and have the server in front leave the peer address as it is)",
                ));
            }
            self.verify(peer)?;
            return Ok(peer);
        }
        let entries: Vec<&str> = lines
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .collect();
        let mut sender = None;
        for entry in entries.iter().rev() {
            let ip = forwarded_address(entry).ok_or_else(|| {
                Error::new(ErrorKind::Authentication)
                    .with_detail("an X-Forwarded-For entry is not an IP address")
            })?;
            sender = Some(ip);
            if !self.trusted_proxies.contains(&ip) {
                break;
            }
        }
        let sender = sender.ok_or_else(|| {
            Error::new(ErrorKind::Authentication)
                .with_detail("the trusted proxy sent no X-Forwarded-For")
        })?;
        self.verify(sender)?;
        Ok(sender)
    }
}

/// An `X-Forwarded-For` entry: an address, maybe with a port (`203.0.113.9:4711`,
/// `[2001:db8::1]:4711`), canonicalised.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<std::net::SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(canonical)
}

/// Remembers the dedupe keys of callbacks already handled, so a redelivery is answered 200 and
/// dropped. Bounded: past `capacity` keys, the oldest are forgotten (a redelivery comes minutes
/// later, not after a hundred thousand other callbacks), so a flood cannot exhaust memory.
///
/// The bound holds in bytes, whatever the keys' length (a callback's workflow id is its sender's
/// to choose): a key is kept as a 128-bit keyed hash of it (two SipHash values under keys drawn
/// at random for each `SeenCallbacks`, so a sender cannot aim two keys at one hash), never as
/// the key. A remembered key costs at most 94 bytes (a 16-byte entry in a hash set, with its
/// table's growth slack, and one in a queue never longer than `capacity`), so the memory retains
/// at most `94 × capacity + 100` bytes: about 6 MB for the default 100,000 keys.
///
/// ```
/// use jumio_kyx::callback::SeenCallbacks;
/// let seen = SeenCallbacks::new(2);
/// assert!(seen.first_time("w1:PROCESSED"));
/// assert!(!seen.first_time("w1:PROCESSED"));
/// seen.first_time("w2:PROCESSED");
/// seen.first_time("w3:PROCESSED");
/// assert!(seen.first_time("w1:PROCESSED"), "the oldest key was forgotten");
/// ```
#[derive(Debug)]
pub struct SeenCallbacks {
    capacity: usize,
    /// The hash keys of this memory (random, drawn when it is made).
    hasher: std::collections::hash_map::RandomState,
    inner: std::sync::Mutex<(
        std::collections::HashSet<KeyHash>,
        std::collections::VecDeque<KeyHash>,
    )>,
}

/// A dedupe key as remembered: two 64-bit SipHash values of it, under the memory's random keys.
type KeyHash = [u64; 2];

impl SeenCallbacks {
    /// Remembers at most `capacity` keys (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            hasher: Default::default(),
            inner: Default::default(),
        }
    }

    /// The fixed-size stand-in of a key: two hashes of it, told apart by a leading byte.
    fn key_hash(&self, key: &str) -> KeyHash {
        use std::hash::BuildHasher;
        [
            self.hasher.hash_one((0u8, key)),
            self.hasher.hash_one((1u8, key)),
        ]
    }

    /// `true` the first time a key is seen (and remembers it), `false` for a repeat.
    pub fn first_time(&self, key: &str) -> bool {
        let hash = self.key_hash(key);
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *guard;
        if set.contains(&hash) {
            return false;
        }
        // Make room first, so neither table ever holds more than `capacity` keys.
        while order.len() >= self.capacity {
            if let Some(old) = order.pop_front() {
                set.remove(&old);
            }
        }
        // The queue grows by doubling, but never past `capacity` entries.
        if order.len() == order.capacity() {
            order.reserve_exact(order.len().max(8).min(self.capacity - order.len()));
        }
        set.insert(hash);
        order.push_back(hash);
        true
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).1.len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for SeenCallbacks {
    /// Remembers 100,000 keys (a few megabytes, whatever their length).
    fn default() -> Self {
        Self::new(100_000)
    }
}

/// An IPv4 address that arrived IPv4-mapped (`::ffff:192.0.2.1`, as dual-stack sockets report
/// it) as the plain IPv4 address, so it compares equal to the published lists.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

impl Client {
    /// The authoritative details of a callback's workflow execution (the callback itself says
    /// only that something happened).
    pub async fn get_callback_details(
        &self,
        callback: &types::CallbackPayload,
    ) -> Result<types::WorkflowDetails, Error> {
        self.get_workflow_details(&callback.account.id, &callback.workflow_execution.id)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JUMIO_US: &str = "34.202.241.227";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn x_forwarded_for_is_refused_when_no_proxy_is_trusted() {
        // A receiver that accepts loopback (a sandbox, a sidecar) and trusts no proxy.
        let v = CallbackVerifier::for_region(Region::Us).allow(ip("127.0.0.1"));
        for (peer, lines) in [
            // A local proxy or sidecar forwarding a forged header.
            ("127.0.0.1", vec![JUMIO_US]),
            // A server that already rewrote the peer from the header (uvicorn's default), the
            // header still there.
            (JUMIO_US, vec![JUMIO_US]),
            (JUMIO_US, vec!["", "203.0.113.9"]),
            ("::ffff:127.0.0.1", vec!["not an address"]),
        ] {
            let e = v.verify_forwarded(ip(peer), lines.clone()).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::Authentication, "{peer} {lines:?}");
            let detail = e.detail().unwrap_or_default();
            assert!(
                detail.contains("Jumio never sends X-Forwarded-For")
                    && detail.contains("trusted prox"),
                "{detail}"
            );
        }
        // Without the header (or with empty lines only, as a framework may report a missing
        // one): judged by the peer.
        assert_eq!(
            v.verify_forwarded(ip(JUMIO_US), Vec::<&str>::new())
                .unwrap(),
            ip(JUMIO_US)
        );
        assert_eq!(
            v.verify_forwarded(ip("127.0.0.1"), [" "]).unwrap(),
            ip("127.0.0.1")
        );
        assert!(
            v.verify_forwarded(ip("203.0.113.9"), Vec::<&str>::new())
                .is_err()
        );
    }

    #[test]
    fn behind_trusted_proxies_a_direct_peer_is_judged_by_its_address() {
        let proxy = ip("10.0.0.2");
        let v = CallbackVerifier::for_region(Region::Us).trust_proxy(proxy);
        assert_eq!(v.verify_forwarded(proxy, [JUMIO_US]).unwrap(), ip(JUMIO_US));
        // A peer that is not the proxy: its header is not read, its own address decides (the
        // server in front may have put the forwarded sender there already).
        assert_eq!(
            v.verify_forwarded(ip(JUMIO_US), ["10.0.0.2"]).unwrap(),
            ip(JUMIO_US)
        );
        assert!(v.verify_forwarded(ip("203.0.113.9"), [JUMIO_US]).is_err());
    }

    #[test]
    fn seen_callbacks_tell_long_keys_apart_and_forget_the_oldest() {
        let seen = SeenCallbacks::new(3);
        let long = |c: char| format!("{}:PROCESSED", c.to_string().repeat(60_000));
        assert!(seen.first_time(&long('a')));
        assert!(!seen.first_time(&long('a')));
        // Keys that differ in their last byte only, or by a prefix of each other.
        assert!(seen.first_time(&format!("{}x", long('a'))));
        assert!(seen.first_time("w:PROCESSED"));
        assert!(seen.first_time("w:PROCESSED\u{0}"));
        assert_eq!(seen.len(), 3);
        assert!(seen.first_time(&long('a')), "the oldest key was forgotten");
        assert!(!seen.first_time("w:PROCESSED\u{0}"));
        // Two memories do not share their hash keys, but each gives the same answers.
        let other = SeenCallbacks::new(3);
        assert!(other.first_time("w:PROCESSED"));
        assert!(!other.first_time("w:PROCESSED"));
    }
}
