//! What kind of failure an error is, and the names each kind has in the Python and Node
//! packages: listed once, in the `kinds!` table below.

use super::MigrationError;

/// What kind of failure an [`Error`](super::Error) is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client is misconfigured (no User-Agent, a plain `http://` base URL, …). Nothing was sent.
    Configuration,
    /// Input the client or the server refused (pre-flight checks, HTTP 400). Pre-flight errors
    /// name the [`Error::field`](super::Error::field); nothing was sent.
    Validation,
    /// Missing, invalid or expired credentials (401), or credentials that do not authorize the
    /// call (403).
    Authentication,
    /// The resource does not exist or was deleted (404).
    NotFound,
    /// Too many requests (429); [`Error::retry_after`](super::Error::retry_after) says how long to wait.
    RateLimited,
    /// The platform failed (5xx).
    Server,
    /// Another HTTP status the client did not expect.
    UnexpectedStatus,
    /// The request did not complete at the network level (connection refused or reset, DNS, TLS).
    Transport,
    /// The request or the overall deadline timed out.
    Timeout,
    /// The server answered with a body the client cannot read (not the documented shape, or
    /// larger than the client's limit).
    InvalidResponse,
    /// The server answered with a redirect (3xx). Redirects are never followed: the request
    /// carries credentials and personal data, which must not travel to a host the client was not
    /// configured for. [`Error::detail`](super::Error::detail) names the status and the host it pointed at.
    Redirect,
    /// A data-migration error, by its documented message.
    Migration(MigrationError),
    /// A local file could not be read or written (saving a download, reading an upload's path):
    /// nothing about the server. [`Error::detail`](super::Error::detail) says which.
    LocalFile,
}

/// Every kind, once: its variant, its stable code and its exception class in the Python and Node
/// packages. `code`, `class_name` and `CLASSES` are generated from this one list (and the spec's
/// `x-kyx-error-kinds` table must match it: a test compares them).
macro_rules! kinds {
    ($($variant:ident $(($inner:ident))? => $code:literal, $class:literal;)*) => {
        impl ErrorKind {
            /// A stable snake_case name (`validation`, `not_found`, `migration`, …), as the Python
            /// and Node packages report it.
            pub fn code(&self) -> &'static str {
                match self {
                    $(kinds!(@pattern $variant $($inner)?) => $code,)*
                }
            }

            /// The name of the exception class the Python and Node packages raise for this kind
            /// (`ValidationError`, …); [`ErrorKind::CLASSES`] lists them all.
            pub fn class_name(&self) -> &'static str {
                match self {
                    $(kinds!(@pattern $variant $($inner)?) => $class,)*
                }
            }

            /// Every kind's [`code`](Self::code) with its exception class in the Python and Node
            /// packages. Both packages generate their classes from the spec's `x-kyx-error-kinds`,
            /// which lists the same pairs in the same order (a test compares them), and their tests
            /// check the classes against this list.
            pub const CLASSES: [(&'static str, &'static str); kinds!(@count $($code)*)] =
                [$(($code, $class)),*];
        }
    };
    (@pattern $variant:ident) => { Self::$variant };
    (@pattern $variant:ident $inner:ident) => { Self::$variant(_) };
    (@count) => { 0 };
    (@count $head:literal $($tail:literal)*) => { 1 + kinds!(@count $($tail)*) };
}

kinds! {
    Configuration => "configuration", "ConfigurationError";
    Validation => "validation", "ValidationError";
    Authentication => "authentication", "AuthenticationError";
    NotFound => "not_found", "NotFoundError";
    RateLimited => "rate_limited", "RateLimitError";
    Server => "server", "ServerError";
    UnexpectedStatus => "unexpected_status", "UnexpectedStatusError";
    Transport => "transport", "TransportError";
    Timeout => "timeout", "TimeoutError";
    InvalidResponse => "invalid_response", "InvalidResponseError";
    Redirect => "redirect", "RedirectError";
    Migration(MigrationError) => "migration", "MigrationError";
    LocalFile => "local_file", "LocalFileError";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_list_is_the_specs_table_of_error_kinds() {
        // The bindings generate their exception classes from the spec's table: it must name
        // exactly the core's kinds, with the same classes, in the same order.
        let spec: serde_yaml::Value = serde_yaml::from_str(crate::SPEC).expect("the spec parses");
        let table: Vec<(&str, &str)> = spec["x-kyx-error-kinds"]
            .as_sequence()
            .expect("the spec has x-kyx-error-kinds")
            .iter()
            .map(|k| {
                let code = k["code"].as_str().expect("every error kind has a code");
                let class = k["class"].as_str().expect("every error kind has a class");
                assert!(
                    k["summary"].as_str().is_some_and(|s| !s.trim().is_empty()),
                    "{code} has a summary"
                );
                (code, class)
            })
            .collect();
        assert_eq!(table, ErrorKind::CLASSES.to_vec());
        assert_eq!(
            ErrorKind::Migration(MigrationError::WipedOut).class_name(),
            "MigrationError"
        );
    }
}
