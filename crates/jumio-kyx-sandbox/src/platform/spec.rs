//! What the sandbox takes from `openapi/jumio-kyx.yaml` at start-up, through the spec's one
//! model (`jumio-kyx-spec`): the workflow templates (`x-kyx-workflows`), the capability
//! dependencies and labels by decision type, the sensitive property names, and JSON-Schema
//! validators for the request bodies. The sandbox has no second copy of any of these.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

/// A workflow definition, as the spec's model reads it.
pub use jumio_kyx_spec::Workflow as Template;

/// Everything the sandbox takes from the spec.
pub struct Spec {
    templates: BTreeMap<u64, Template>,
    dependencies: BTreeMap<String, String>,
    labels: BTreeMap<String, Vec<(String, String)>>,
    validators: BTreeMap<&'static str, jsonschema::Validator>,
    /// Property names whose values are `x-sensitive` (personal data or secrets) anywhere in the
    /// spec: never kept in clear by the request journal.
    sensitive: std::collections::BTreeSet<String>,
}

/// The spec, parsed once.
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::parse(jumio_kyx::SPEC).expect("the embedded spec is valid"))
}

/// Request bodies the sandbox validates against the spec.
pub const VALIDATED_SCHEMAS: [&str; 3] = ["AccountRequest", "PreparedData", "MigrationRequest"];

impl Spec {
    fn parse(yaml: &str) -> Result<Self, crate::SandboxError> {
        let model = jumio_kyx_spec::Spec::parse(yaml).map_err(|e| e.to_string())?;
        let templates = model.workflows.iter().map(|w| (w.key, w.clone())).collect();
        let dependencies = model
            .capabilities
            .iter()
            .filter_map(|c| Some((c.name.clone(), c.depends_on.clone()?)))
            .collect();
        let labels = model
            .capabilities
            .iter()
            .map(|c| (c.name.clone(), c.labels.clone()))
            .collect();
        let sensitive = model.sensitive.properties;
        let doc: Value = serde_json::to_value(&model.document["components"]["schemas"])
            .map_err(|e| e.to_string())?;
        let schemas = doc.as_object().ok_or("no components.schemas")?;

        let mut components = Map::new();
        for (name, schema) in schemas {
            components.insert(name.clone(), to_json_schema(schema));
        }
        let mut validators = BTreeMap::new();
        for name in VALIDATED_SCHEMAS {
            let root = json!({
                "$schema": "http://json-schema.org/draft-07/schema#",
                "$ref": format!("#/components/schemas/{name}"),
                "components": {"schemas": components.clone()},
            });
            let v = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft7)
                .should_validate_formats(true)
                .build(&root)
                .map_err(|e| format!("schema {name}: {e}"))?;
            validators.insert(name, v);
        }
        Ok(Self {
            templates,
            dependencies,
            labels,
            validators,
            sensitive,
        })
    }

    /// Whether a property's values are personal data or secrets (`x-sensitive`).
    pub fn is_sensitive(&self, property: &str) -> bool {
        self.sensitive.contains(property)
    }

    /// The template of a workflow key: the documented one, or a generic ID + identity template
    /// for any other numeric key (tenants have their own keys).
    pub fn template(&self, key: u64) -> Template {
        if let Some(t) = self.templates.get(&key) {
            return t.clone();
        }
        let mut generic = self.templates[&10011].clone();
        generic.key = key;
        generic.name = format!("Workflow {key} (sandbox template: ID and Identity Verification)");
        generic
    }

    /// The capability a capability depends on, if any.
    pub fn dependency(&self, capability: &str) -> Option<&str> {
        self.dependencies.get(capability).map(String::as_str)
    }

    /// The labels of a capability with their decision types; `None` for an unknown capability.
    pub fn labels(&self, capability: &str) -> Option<&[(String, String)]> {
        self.labels.get(capability).map(Vec::as_slice)
    }

    /// Every capability the spec models.
    pub fn capabilities(&self) -> impl Iterator<Item = &str> {
        self.labels.keys().map(String::as_str)
    }

    /// The decision type of a capability's label.
    pub fn decision_of(&self, capability: &str, label: &str) -> Option<&str> {
        self.labels(capability)?
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, d)| d.as_str())
    }

    /// The first label of a capability for a decision type (e.g. `OK` for PASSED).
    pub fn label_for(&self, capability: &str, decision: &str) -> Option<&str> {
        self.labels(capability)?
            .iter()
            .find(|(_, d)| d == decision)
            .map(|(l, _)| l.as_str())
    }

    /// Validates a request body; returns one message per problem, each naming the field and never
    /// quoting the value (it may be personal data).
    pub fn validate(&self, schema: &str, body: &Value) -> Vec<String> {
        let Some(v) = self.validators.get(schema) else {
            return vec![format!("no validator for {schema}")];
        };
        let mut out: Vec<String> = v.iter_errors(body).map(|e| describe(&e)).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// OpenAPI 3.0 schema → JSON Schema: `nullable` becomes a `null` type, extensions and examples go.
fn to_json_schema(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                if k.starts_with("x-") || k == "example" || k == "nullable" {
                    continue;
                }
                if k == "properties" {
                    // Property names are data, not keywords: convert each value only.
                    let props = x
                        .as_object()
                        .map(|p| {
                            p.iter()
                                .map(|(n, s)| (n.clone(), to_json_schema(s)))
                                .collect()
                        })
                        .unwrap_or_default();
                    out.insert(k.clone(), Value::Object(props));
                } else {
                    out.insert(k.clone(), to_json_schema(x));
                }
            }
            if m.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(t)) = out.get("type").cloned()
            {
                out.insert("type".into(), json!([t, "null"]));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

fn describe(e: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind as K;
    let path = e.instance_path().to_string();
    let field = path.trim_start_matches('/').replace('/', ".");
    let at = |f: &str| {
        if f.is_empty() {
            "the body".to_string()
        } else {
            format!("`{f}`")
        }
    };
    match e.kind() {
        K::Required { property } => {
            let p = property.as_str().unwrap_or_default();
            let full = if field.is_empty() {
                p.to_string()
            } else {
                format!("{field}.{p}")
            };
            format!("`{full}` is required")
        }
        K::MaxLength { limit } => format!("{} is longer than {limit} characters", at(&field)),
        K::MinLength { limit } => {
            if *limit == 1 {
                format!("{} must not be empty", at(&field))
            } else {
                format!("{} is shorter than {limit} characters", at(&field))
            }
        }
        K::Pattern { pattern } => format!("{} does not match the pattern {pattern}", at(&field)),
        K::Type { kind } => format!("{} must be of type {}", at(&field), type_name(kind)),
        K::Enum { options } => format!("{} must be one of {options}", at(&field)),
        K::Minimum { limit } => format!("{} must be at least {limit}", at(&field)),
        K::Maximum { limit } => format!("{} must be at most {limit}", at(&field)),
        K::MinItems { limit } => format!("{} needs at least {limit} item(s)", at(&field)),
        K::MaxItems { limit } => format!("{} takes at most {limit} item(s)", at(&field)),
        K::Format { format } => format!("{} is not a valid {format}", at(&field)),
        K::OneOfNotValid { .. } | K::AnyOf { .. } => {
            format!("{} has none of the accepted forms", at(&field))
        }
        K::OneOfMultipleValid { .. } => format!("{} matches more than one form", at(&field)),
        _ => format!("{} is invalid", at(&field)),
    }
}

fn type_name(kind: &jsonschema::error::TypeKind) -> String {
    match kind {
        jsonschema::error::TypeKind::Single(t) => format!("{t:?}").to_lowercase(),
        jsonschema::error::TypeKind::Multiple(ts) => {
            let names: Vec<String> = ts.iter().map(|t| format!("{t:?}").to_lowercase()).collect();
            names.join(" or ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_dependencies_and_labels_come_from_the_spec() {
        let s = spec();
        assert_eq!(s.template(10011).capabilities[0], "usability");
        assert!(s.template(10010).user_reference_required);
        assert_eq!(s.template(424242).key, 424242);
        assert_eq!(s.dependency("dataChecks"), Some("extraction"));
        assert_eq!(s.decision_of("usability", "BLURRED"), Some("REJECTED"));
        assert_eq!(s.label_for("similarity", "PASSED"), Some("MATCH"));
        assert_eq!(s.capabilities().count(), 13);
    }

    #[test]
    fn validation_names_the_field_and_never_the_value() {
        let body = json!({"customerInternalReference": "secret<value>", "workflowDefinition": {"key": "ab"}});
        let errors = spec().validate("AccountRequest", &body);
        assert!(
            errors
                .iter()
                .any(|e| e.contains("`customerInternalReference`")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("`workflowDefinition.key`")),
            "{errors:?}"
        );
        assert!(errors.iter().all(|e| !e.contains("secret")), "{errors:?}");
        assert!(spec().validate("AccountRequest", &json!({"customerInternalReference": "ok", "workflowDefinition": {"key": 10011}})).is_empty());
    }
}

#[cfg(test)]
mod sensitive_tests {
    #[test]
    fn personal_data_and_secrets_are_known_by_name() {
        let spec = super::spec();
        for name in ["customerInternalReference", "firstName", "token"] {
            assert!(spec.is_sensitive(name), "{name}");
        }
        for name in ["callbackUrl", "key", "tokenLifetime", "locale"] {
            assert!(!spec.is_sensitive(name), "{name}");
        }
    }
}
