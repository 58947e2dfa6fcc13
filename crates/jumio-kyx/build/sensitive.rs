//! The `x-sensitive` schemas, mapped onto the redacting types of `src/redact.rs`.

use super::open_enums::schemas;
use super::*;

pub(super) fn collect_sensitive(spec: &OpenAPI) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, schema) in schemas(spec) {
        let Some(kind) = schema.schema_data.extensions.get("x-sensitive") else {
            continue;
        };
        let kind = kind
            .as_str()
            .unwrap_or_else(|| panic!("{name}: x-sensitive must be a string"));
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => out.push((name.clone(), kind.to_string())),
            // Non-string sensitive values need a hand-written redacting type.
            _ => assert!(
                FIXED_REPLACEMENTS.iter().any(|(n, _)| n == name),
                "{SPEC}: sensitive schema {name} is not a string; give it a redacting type in build.rs"
            ),
        }
    }
    out
}
