//! The documented workflow definitions, generated from `x-kyx-workflows` in the spec: which
//! credentials each workflow acquires through which channels, which capabilities it runs, and
//! what it requires (a `userReference`, prepared-data fields, an existing account).
//!
//! ```
//! let screening = jumio_kyx::workflows::workflow(10010).unwrap();
//! assert!(screening.user_reference_required);
//! assert!(screening.prepared_data.contains(&"address.country"));
//! ```

/// A credential a workflow acquires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CredentialInfo {
    /// `ID`, `SELFIE`, `FACEMAP`, `DATA`, …
    pub category: &'static str,
    /// Channels that may acquire it (`WEB`, `API`, `SDK`).
    pub channels: &'static [&'static str],
    /// Parts the API channel uploads (`FRONT`, `BACK`, `FACE`, `FACEMAP`, `PREPARED_DATA`).
    pub parts: &'static [&'static str],
}

/// A documented workflow definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkflowInfo {
    /// The definition key.
    pub key: u64,
    /// A stable name (`standalone_watchlist_screening`).
    pub slug: &'static str,
    /// Jumio's name.
    pub name: &'static str,
    /// Whether account requests must carry a `userReference`.
    pub user_reference_required: bool,
    /// Whether it runs on an existing account only (started with an account update).
    pub account_must_exist: bool,
    /// Dotted paths of the prepared-data fields it requires.
    pub prepared_data: &'static [&'static str],
    /// The credentials it acquires.
    pub credentials: &'static [CredentialInfo],
    /// The capabilities it runs, in order.
    pub capabilities: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/workflows.rs"));

/// The documented workflow with this key, if any (tenants have keys of their own).
pub fn workflow(key: u64) -> Option<&'static WorkflowInfo> {
    WORKFLOWS.iter().find(|w| w.key == key)
}
