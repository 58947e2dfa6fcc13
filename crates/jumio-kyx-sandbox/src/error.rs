//! [`SandboxError`]: what a sandbox operation refused, and why.

use std::fmt;

/// What kind of refusal a [`SandboxError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SandboxErrorKind {
    /// A setting, scenario, fault rule, argument or configuration is not valid.
    Invalid,
    /// The workflow, callback or other record named does not exist.
    NotFound,
    /// The control operation does not exist.
    UnknownOperation,
}

/// A refused sandbox operation: its kind and a message naming the argument and the rule (never a
/// submitted value that may be personal data).
///
/// ```
/// use jumio_kyx_sandbox::{SandboxConfig, SandboxErrorKind};
/// let e = SandboxConfig::from_json(&serde_json::json!({"port": "eighty"})).unwrap_err();
/// assert_eq!(e.kind(), SandboxErrorKind::Invalid);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxError {
    kind: SandboxErrorKind,
    message: String,
}

impl SandboxError {
    /// An invalid setting, argument or configuration.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            kind: SandboxErrorKind::Invalid,
            message: message.into(),
        }
    }

    /// A record that does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            kind: SandboxErrorKind::NotFound,
            message: message.into(),
        }
    }

    /// A control operation that does not exist.
    pub fn unknown_operation(message: impl Into<String>) -> Self {
        Self {
            kind: SandboxErrorKind::UnknownOperation,
            message: message.into(),
        }
    }

    /// What kind of refusal this is.
    pub fn kind(&self) -> SandboxErrorKind {
        self.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SandboxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SandboxError {}

/// Most refusals are invalid input, written as a message.
impl From<String> for SandboxError {
    fn from(message: String) -> Self {
        Self::invalid(message)
    }
}

impl From<&str> for SandboxError {
    fn from(message: &str) -> Self {
        Self::invalid(message)
    }
}
