//! Values that real servers send in more than one form. Each type accepts every form seen and
//! re-serialises the form it received, so a parse → serialise round trip is lossless.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A workflow definition key: `10013` in the docs' requests, `"10013"` in real requests and in
/// every response (`definitionKey`).
///
/// Both forms compare equal. Constants name the documented keys (generated from
/// `x-kyx-workflows` in the spec).
///
/// ```
/// use jumio_kyx::WorkflowKey;
/// let key: WorkflowKey = serde_json::from_str("\"10013\"").unwrap();
/// assert_eq!(key, WorkflowKey::from(10013));
/// assert_eq!(key.as_u64(), Some(10013));
/// assert_eq!(serde_json::to_string(&key).unwrap(), "\"10013\""); // the form it arrived in
/// assert_eq!(serde_json::to_string(&WorkflowKey::STANDALONE_WATCHLIST_SCREENING).unwrap(), "10010");
/// ```
#[derive(Clone)]
pub struct WorkflowKey(KeyForm);

#[derive(Clone)]
enum KeyForm {
    Number(u64),
    Text(String),
}

impl WorkflowKey {
    /// A key sent as a JSON number.
    pub const fn number(key: u64) -> Self {
        Self(KeyForm::Number(key))
    }

    /// A key sent as a JSON string (how real integrations send it; responses always use it).
    pub fn text(key: impl Into<String>) -> Self {
        Self(KeyForm::Text(key.into()))
    }

    /// The numeric key, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match &self.0 {
            KeyForm::Number(n) => Some(*n),
            KeyForm::Text(t) => t.trim().parse().ok(),
        }
    }

    /// Whether the key arrived (or will be sent) as a JSON string.
    pub fn is_text(&self) -> bool {
        matches!(self.0, KeyForm::Text(_))
    }
}

impl From<u64> for WorkflowKey {
    fn from(key: u64) -> Self {
        Self::number(key)
    }
}

impl From<u32> for WorkflowKey {
    fn from(key: u32) -> Self {
        Self::number(key.into())
    }
}

impl From<i32> for WorkflowKey {
    fn from(key: i32) -> Self {
        match u64::try_from(key) {
            Ok(n) => Self::number(n),
            Err(_) => Self::text(key.to_string()),
        }
    }
}

impl From<&str> for WorkflowKey {
    fn from(key: &str) -> Self {
        Self::text(key)
    }
}

impl From<String> for WorkflowKey {
    fn from(key: String) -> Self {
        Self::text(key)
    }
}

impl std::str::FromStr for WorkflowKey {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::text(s))
    }
}

impl fmt::Display for WorkflowKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            KeyForm::Number(n) => write!(f, "{n}"),
            KeyForm::Text(t) => f.write_str(t),
        }
    }
}

impl fmt::Debug for WorkflowKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WorkflowKey({self})")
    }
}

impl PartialEq for WorkflowKey {
    fn eq(&self, other: &Self) -> bool {
        match (self.as_u64(), other.as_u64()) {
            (Some(a), Some(b)) => a == b,
            _ => self.to_string() == other.to_string(),
        }
    }
}

impl Eq for WorkflowKey {}

impl Hash for WorkflowKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.as_u64() {
            Some(n) => n.hash(state),
            None => self.to_string().hash(state),
        }
    }
}

impl PartialOrd for WorkflowKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for WorkflowKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.as_u64(), other.as_u64()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.to_string().cmp(&other.to_string()),
        }
    }
}

impl Serialize for WorkflowKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            KeyForm::Number(n) => s.serialize_u64(*n),
            KeyForm::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for WorkflowKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than an untagged enum, which buffers every value first: the key is in
        // every status, details and account answer.
        struct Key;
        impl serde::de::Visitor<'_> for Key {
            type Value = WorkflowKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a workflow key: a non-negative integer or a string")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<WorkflowKey, E> {
                Ok(WorkflowKey::number(n))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<WorkflowKey, E> {
                u64::try_from(n)
                    .map(WorkflowKey::number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(n), &self))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<WorkflowKey, E> {
                Ok(WorkflowKey::text(s))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<WorkflowKey, E> {
                Ok(WorkflowKey::text(s))
            }
        }
        d.deserialize_any(Key)
    }
}

/// A UTC timestamp as the server wrote it (`2021-05-24T08:20:31.344Z`).
///
/// The text is kept verbatim, so an unexpected format never breaks parsing a response;
/// [`Timestamp::to_datetime`] parses it when you need a date.
///
/// ```
/// use jumio_kyx::Timestamp;
/// let t = Timestamp::from("2021-05-24T08:20:31.344Z");
/// assert_eq!(t.to_datetime().unwrap().timestamp_millis(), 1_621_844_431_344);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// The current time, formatted as Jumio does (milliseconds, `Z`).
    pub fn now() -> Self {
        Self::from(chrono::Utc::now())
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses the text as RFC 3339.
    pub fn to_datetime(&self) -> Result<chrono::DateTime<chrono::Utc>, chrono::ParseError> {
        chrono::DateTime::parse_from_rfc3339(&self.0).map(|t| t.with_timezone(&chrono::Utc))
    }
}

impl From<chrono::DateTime<chrono::Utc>> for Timestamp {
    fn from(t: chrono::DateTime<chrono::Utc>) -> Self {
        Self(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }
}

impl From<&str> for Timestamp {
    fn from(s: &str) -> Self {
        Self(s.to_string())
    }
}

impl From<String> for Timestamp {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The document holder's age from extraction: documented as an integer, sent as a string
/// (`"55"`). Personal data: `Debug` redacts it.
///
/// ```
/// use jumio_kyx::CurrentAge;
/// let age: CurrentAge = serde_json::from_str("\"55\"").unwrap();
/// assert_eq!(age.years(), Some(55));
/// assert_eq!(format!("{age:?}"), "CurrentAge(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CurrentAge {
    /// Sent as a JSON number.
    Number(i64),
    /// Sent as a JSON string.
    Text(String),
}

impl CurrentAge {
    /// The age in years, when it reads as a number.
    pub fn years(&self) -> Option<u32> {
        match self {
            Self::Number(n) => u32::try_from(*n).ok(),
            Self::Text(t) => t.trim().parse().ok(),
        }
    }
}

impl fmt::Debug for CurrentAge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CurrentAge(<redacted>)")
    }
}
