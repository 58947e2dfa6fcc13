//! The `x-sensitive` schemas of the spec's model, mapped onto the redacting types of
//! `src/redact.rs`.

use super::*;
use jumio_kyx_spec::Sensitivity;

/// Each sensitive string schema with the redacting type that replaces it. A schema that is not
/// a string needs a hand-written redacting type in `FIXED_REPLACEMENTS`.
pub(super) fn sensitive_replacements(model: &jumio_kyx_spec::Spec) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for (name, kind, string) in &model.sensitive.schemas {
        if !string {
            assert!(
                FIXED_REPLACEMENTS.iter().any(|(n, _)| n == name),
                "{SPEC}: sensitive schema {name} is not a string; give it a redacting type in build.rs"
            );
            continue;
        }
        let target = match kind {
            Sensitivity::PersonalData => "crate::redact::Pii",
            Sensitivity::Secret => "crate::redact::Secret",
        };
        out.push((name.clone(), target));
    }
    out
}
