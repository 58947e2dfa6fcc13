//! serde's errors, described by path and expected type, never by the value that failed.

/// Where and why `bytes` are not a `T`, without quoting any value of the body.
pub(crate) fn json_shape_error<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> String {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => match json_path(e.path()) {
            Some(path) => format!("at {path}: {}", describe_json_error(e.inner())),
            None => describe_json_error(e.inner()),
        },
        Ok(_) => match de.end() {
            Err(e) => describe_json_error(&e),
            Ok(()) => "it could not be read".into(),
        },
    }
}

/// Reads a JSON value as one of the API's types: a body a program holds as JSON (a stored
/// callback, a request built elsewhere). When it is not one, a validation error names the path
/// inside it (`customerInternalReference`, `id.expiryDate`; `field` when the value as a whole is
/// wrong) and the expected type, never the value, which may be personal data.
///
/// ```
/// use jumio_kyx::types::{self, AccountRequest};
/// let e = types::from_json::<AccountRequest>("request", serde_json::json!({"customerInternalReference": 42})).unwrap_err();
/// assert_eq!(e.field(), Some("customerInternalReference"));
/// assert!(!e.to_string().contains("42"));
/// ```
pub fn from_json<T: serde::de::DeserializeOwned>(
    field: &str,
    value: serde_json::Value,
) -> Result<T, super::Error> {
    from_json_value(value).map_err(|(path, reason)| {
        super::Error::validation(path.unwrap_or_else(|| field.to_string()), reason)
    })
}

/// A JSON value as a `T`; when it is not one, where (the field path, if any) and why, without
/// quoting the value.
fn from_json_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, (Option<String>, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = json_path(e.path());
        // A missing field is reported at its parent; name the field itself.
        let message = e.inner().to_string();
        if let Some(name) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            path = Some(match path {
                Some(parent) => format!("{parent}.{name}"),
                None => name.to_string(),
            });
        }
        (path, describe_json_error(e.inner()))
    })
}

/// A serde path as `workflowExecution.credentials[0].id`; `None` at the top level.
fn json_path(path: &serde_path_to_error::Path) -> Option<String> {
    let text = path.to_string();
    (!text.is_empty() && text != ".").then_some(text)
}

/// Why a serde_json error happened, keeping only what serde knows of the *types*: `expected a
/// string, found an integer`. serde's own messages quote the value (`invalid type: integer
/// `123456789``), which may be a document number; they are rebuilt from a list of known shapes,
/// and anything else becomes `is not valid`.
pub(crate) fn describe_json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    if e.is_syntax() || e.is_eof() {
        format!(
            "it is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    } else if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    {
        match rest.rsplit_once(", expected ") {
            Some((found, expected)) => format!(
                "expected {}, found {}",
                safe_expectation(expected),
                value_kind(found)
            ),
            None => "is not valid".into(),
        }
    } else if let Some(rest) = message.strip_prefix("invalid length ") {
        match rest.split_once(", expected ") {
            Some((n, expected)) if n.bytes().all(|b| b.is_ascii_digit()) => {
                format!("has {n} elements, expected {}", safe_expectation(expected))
            }
            _ => "has the wrong length".into(),
        }
    } else if message.starts_with("unknown variant ") {
        "is not one of the values this field takes".into()
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        format!("is missing the field `{}`", rest.trim_end_matches('`'))
    } else if message.starts_with("unknown field ") {
        "is not a field of this object".into()
    } else if message.starts_with("duplicate field ") {
        "has a field twice".into()
    } else if message == "must be a number of seconds" {
        message.into()
    } else {
        "is not valid".into()
    }
}

/// The kind of value serde found (`integer `5``, `string "x"`), without the value.
fn value_kind(found: &str) -> &'static str {
    const KINDS: [(&str, &str); 14] = [
        ("boolean", "a boolean"),
        ("integer", "an integer"),
        ("floating point", "a number"),
        ("character", "a character"),
        ("string", "a string"),
        ("byte array", "bytes"),
        ("unit", "null"),
        ("null", "null"),
        ("Option value", "an optional value"),
        ("sequence", "an array"),
        ("map", "an object"),
        ("enum", "an enum"),
        ("newtype", "a value"),
        ("struct", "an object"),
    ];
    KINDS
        .iter()
        .find(|(prefix, _)| found.starts_with(prefix))
        .map_or("another kind of value", |(_, kind)| kind)
}

/// serde's "expected …" text comes from the type being read (`a string`, `u32`, `struct
/// AccountRequest`); it is shown only when it is short and made of plain words.
fn safe_expectation(expected: &str) -> String {
    let plain = expected.len() <= 80
        && expected
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " -_`,.()".contains(c));
    if plain {
        expected.to_string()
    } else {
        "another kind of value".into()
    }
}
