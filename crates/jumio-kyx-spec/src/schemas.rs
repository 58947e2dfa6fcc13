//! What `x-sensitive` marks: the schemas the client redacts and the property names whose
//! values the sandbox never keeps in clear.

use std::collections::BTreeSet;

use serde_yaml::Value;

use crate::Result;

/// The two kinds of sensitive value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sensitivity {
    /// `personal-data`: redacted, readable on purpose.
    PersonalData,
    /// `secret`: redacted, never printed.
    Secret,
}

/// The sensitive schemas and properties.
#[derive(Clone, Debug, Default)]
pub struct Sensitive {
    /// Each marked schema: its name, its kind, and whether it is a string (the client maps a
    /// string onto a redacting type; any other needs one written by hand).
    pub schemas: Vec<(String, Sensitivity, bool)>,
    /// Property names whose values are sensitive anywhere in the spec: marked themselves, or
    /// referring to a marked schema (directly or as array items).
    pub properties: BTreeSet<String>,
}

pub(crate) fn sensitive(schemas: &Value) -> Result<Sensitive> {
    let all = schemas.as_mapping().ok_or("no components.schemas")?;
    let mut out = Sensitive::default();
    for (name, schema) in all {
        let name = name.as_str().unwrap_or_default();
        let Some(kind) = schema.get("x-sensitive") else {
            continue;
        };
        let kind = match kind.as_str() {
            Some("personal-data") => Sensitivity::PersonalData,
            Some("secret") => Sensitivity::Secret,
            other => {
                return Err(format!("schema {name} has unknown x-sensitive kind {other:?}").into());
            }
        };
        let string = schema["type"].as_str() == Some("string");
        out.schemas.push((name.to_string(), kind, string));
    }
    let marked = |v: &Value| {
        v["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .is_some_and(|r| out.schemas.iter().any(|(n, ..)| n == r))
    };
    let mut properties = BTreeSet::new();
    for schema in all.values() {
        for (prop, p) in schema["properties"].as_mapping().into_iter().flatten() {
            if p.get("x-sensitive").is_some() || marked(p) || marked(&p["items"]) {
                properties.insert(prop.as_str().unwrap_or_default().to_string());
            }
        }
    }
    out.properties = properties;
    Ok(out)
}
