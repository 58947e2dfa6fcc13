//! Callback bodies and senders: parsing never panics, a parsed callback has a dedupe key and
//! round-trips, and the sender check over any X-Forwarded-For lines never panics and never
//! accepts an address outside the allow list.

use jumio_kyx::Region;
use jumio_kyx::callback::{CallbackVerifier, parse_callback};

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    if let Ok(c) = parse_callback(data) {
        let _ = c.dedupe_key();
        let again = serde_json::to_vec(&c).unwrap();
        parse_callback(&again).expect("a parsed callback parses again");
    }
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let peer = lines.next().unwrap_or_default().trim();
    let forwarded: Vec<&str> = lines.collect();
    let Ok(peer) = peer.parse() else { return };
    let verifier =
        CallbackVerifier::for_region(Region::Eu).trust_proxy("10.0.0.1".parse().unwrap());
    if let Ok(sender) = verifier.verify_forwarded(peer, forwarded.iter().copied()) {
        assert!(verifier.allowed().contains(&sender), "{sender} accepted");
    }
}
