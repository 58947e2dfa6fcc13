//! Wrappers that keep personal data and secrets out of `Debug` output, logs and error messages.
//!
//! The spec marks such values with `x-sensitive`; `build.rs` maps every one of them onto these
//! types, so every generated struct (`ExtractionData`, `PreparedData`, `TokenResponse`, …) redacts
//! them in its derived `Debug`. Serialization is transparent: the wire format is unchanged.
//! Reading the value takes an explicit [`Pii::expose`] / [`Secret::expose`], which makes every
//! place that handles the raw value easy to find.
//!
//! ```
//! use jumio_kyx::redact::{Pii, Secret};
//! let name = Pii::from("JANE");
//! assert_eq!(format!("{name:?}"), "Pii(<redacted>)");
//! assert_eq!(name.expose(), "JANE");
//! let token = Secret::from("eyJhbGciOiJIUzUxMiJ9");
//! assert!(!format!("{token:?}").contains("eyJ"));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// Personal data of an end user (a name, a date of birth, a document number, an address line…).
///
/// `Debug` prints `Pii(<redacted>)`; there is deliberately no `Display`.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pii(String);

/// A credential: an access token, a transaction token, a client secret, a URL embedding a token.
///
/// `Debug` prints `Secret(<redacted>)`; there is deliberately no `Display`.
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

macro_rules! sensitive_string {
    ($ty:ident) => {
        impl $ty {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The raw value. Every call site is a place where the value leaves its wrapper.
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// The raw value, consuming the wrapper.
            pub fn into_inner(self) -> String {
                self.0
            }

            /// Length in bytes, without exposing the value.
            pub fn len(&self) -> usize {
                self.0.len()
            }

            /// Whether the value is empty.
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($ty), "(<redacted>)"))
            }
        }

        impl From<String> for $ty {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $ty {
            fn from(value: &str) -> Self {
                Self(value.to_string())
            }
        }

        impl From<&String> for $ty {
            fn from(value: &String) -> Self {
                Self(value.clone())
            }
        }
    };
}

sensitive_string!(Pii);
sensitive_string!(Secret);

/// A JSON value this SDK does not model (an unknown field of a response or request).
///
/// Kept so that parse → serialise loses nothing; `Debug` shows only its JSON kind, because an
/// unknown field may well hold personal data.
///
/// ```
/// use jumio_kyx::redact::Opaque;
/// let v = Opaque::from(serde_json::json!({"nickname": "JJ"}));
/// assert_eq!(format!("{v:?}"), "Opaque(<object>)");
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Opaque(serde_json::Value);

impl Opaque {
    /// The raw JSON value.
    pub fn expose(&self) -> &serde_json::Value {
        &self.0
    }

    /// The raw JSON value, consuming the wrapper.
    pub fn into_inner(self) -> serde_json::Value {
        self.0
    }
}

impl From<serde_json::Value> for Opaque {
    fn from(value: serde_json::Value) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Opaque {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.0 {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "bool",
            serde_json::Value::Number(_) => "number",
            serde_json::Value::String(_) => "string",
            serde_json::Value::Array(_) => "array",
            serde_json::Value::Object(_) => "object",
        };
        write!(f, "Opaque(<{kind}>)")
    }
}
