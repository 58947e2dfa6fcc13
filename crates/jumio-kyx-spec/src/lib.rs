//! One typed model of `openapi/jumio-kyx.yaml`, read once with serde: the operations (route,
//! host family, retry class, parameters, answer), the flows (`x-kyx-flows`), the client options
//! (`x-kyx-client-options`), the error kinds (`x-kyx-error-kinds`), the documented workflows
//! (`x-kyx-workflows`), the capabilities with their dependencies and labels, and the sensitive
//! schemas and properties (`x-sensitive`).
//!
//! Everything that reads the spec reads this model: the core crate's build script (next to
//! progenitor, which reads the schemas), xtask's Python and TypeScript generators, and the
//! sandbox. Names change case in one place ([`case`]), and prose says the spec's research tags
//! in words ([`citations`]), so the three languages and the sandbox never disagree.
//!
//! A spec that breaks a rule the generators rely on (an operation without one host-family tag
//! or a retry class, an unknown flow parameter type, an error class listed twice) is refused
//! with a message naming the place.

pub mod case;
pub mod citations;
mod client_options;
mod error_kinds;
mod flows;
mod operations;
mod schemas;
mod workflows;

use std::fmt;

pub use client_options::{ClientOption, OptionType};
pub use error_kinds::ErrorKind;
pub use flows::{Flow, FlowParam, FlowType};
pub use operations::{
    HOST_FAMILIES, Idempotency, Operation, Param, ParamKind, RequestBody, Returns, SuccessBody,
};
pub use schemas::{Sensitive, Sensitivity};
pub use workflows::{Capability, Credential, Workflow};

use serde_yaml::Value;

/// The model of the spec.
#[derive(Debug)]
pub struct Spec {
    /// Every operation, in the spec's order (paths in order; get, put, post, delete).
    pub operations: Vec<Operation>,
    /// The flows of `x-kyx-flows`, in order.
    pub flows: Vec<Flow>,
    /// The client options of `x-kyx-client-options`, in order.
    pub client_options: Vec<ClientOption>,
    /// The error kinds of `x-kyx-error-kinds`, in order.
    pub error_kinds: Vec<ErrorKind>,
    /// The documented workflows (`WorkflowDefinitionKey.x-kyx-workflows`), in order.
    pub workflows: Vec<Workflow>,
    /// The capabilities of `Capabilities`, each with its dependency and labels.
    pub capabilities: Vec<Capability>,
    /// What `x-sensitive` marks: schemas and the properties that hold them.
    pub sensitive: Sensitive,
    /// The whole document, with its prose (`description`, `summary`, `doc`) in words: for the
    /// emitters that print schemas.
    pub document: Value,
}

/// Why a spec was refused: the place and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "openapi/jumio-kyx.yaml: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Self(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Self(message.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Spec {
    /// Reads a spec's YAML text.
    pub fn parse(yaml: &str) -> Result<Self> {
        let mut document: Value =
            serde_yaml::from_str(yaml).map_err(|e| format!("not YAML: {e}"))?;
        prose_in_words(&mut document);
        let schemas = &document["components"]["schemas"];
        Ok(Self {
            operations: operations::read(&document)?,
            flows: typed(&document["x-kyx-flows"], "x-kyx-flows")?,
            client_options: client_options::read(&document["x-kyx-client-options"])?,
            error_kinds: error_kinds::read(&document["x-kyx-error-kinds"])?,
            workflows: typed(
                &schemas["WorkflowDefinitionKey"]["x-kyx-workflows"],
                "WorkflowDefinitionKey.x-kyx-workflows",
            )?,
            capabilities: workflows::capabilities(schemas)?,
            sensitive: schemas::sensitive(schemas)?,
            document,
        })
    }

    /// The schema `name` of `components.schemas`.
    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.document["components"]["schemas"].get(name)
    }
}

/// `value` read as `T`, the error naming `place`.
fn typed<T: serde::de::DeserializeOwned>(value: &Value, place: &str) -> Result<T> {
    if value.is_null() {
        return Err(format!("{place} is missing").into());
    }
    serde_yaml::from_value(value.clone()).map_err(|e| format!("{place}: {e}").into())
}

/// The citation tags of every `description`, `summary` and `doc` in words.
fn prose_in_words(v: &mut Value) {
    match v {
        Value::Mapping(m) => {
            for (key, value) in m.iter_mut() {
                match (key.as_str(), value) {
                    (Some("description" | "summary" | "doc"), Value::String(text)) => {
                        *text = citations::in_words(text)
                    }
                    (_, value) => prose_in_words(value),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(prose_in_words),
        _ => {}
    }
}

/// Text as one line: its words joined by single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first paragraph of `text`, as one line.
pub fn first_paragraph(text: &str) -> String {
    one_line(text.split("\n\n").next().unwrap_or_default())
}

/// The schema name a `$ref` points at.
pub fn ref_name(v: &Value) -> Option<&str> {
    v["$ref"].as_str().and_then(|r| r.rsplit('/').next())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = include_str!("../../../openapi/jumio-kyx.yaml");

    #[test]
    fn the_project_spec_reads() {
        let spec = Spec::parse(SPEC).unwrap();
        let status = spec
            .operations
            .iter()
            .find(|o| o.id == "getWorkflowStatus")
            .unwrap();
        assert_eq!(status.name, "get_workflow_status");
        assert_eq!(status.family, "retrieval");
        assert_eq!(status.idempotency, Idempotency::Safe);
        assert_eq!(
            status.path_params,
            ["account_id", "workflow_execution_id"].map(String::from)
        );
        assert!(status.is_plain());
        assert!(spec.flows.iter().any(|f| f.name == "wait_for_completion"));
        assert!(spec.error_kinds.iter().any(|k| k.class == "NotFoundError"));
        let timeout = spec
            .client_options
            .iter()
            .find(|o| o.name == "connect_timeout")
            .unwrap();
        assert_eq!(
            (timeout.ty, timeout.node_name(), timeout.wire_name()),
            (
                OptionType::Seconds,
                "connectTimeoutMs".into(),
                "connectTimeout".into()
            )
        );
        assert!(spec.workflows.iter().any(|w| w.key == 10011));
        assert!(
            spec.capabilities
                .iter()
                .any(|c| c.name == "dataChecks" && c.depends_on.as_deref() == Some("extraction"))
        );
        assert!(
            spec.sensitive
                .properties
                .contains("customerInternalReference")
        );
        assert!(!spec.sensitive.properties.contains("callbackUrl"));
    }

    #[test]
    fn prose_says_citations_in_words_everywhere() {
        let spec = Spec::parse(SPEC).unwrap();
        let text = serde_yaml::to_string(&spec.document).unwrap();
        let prose = text
            .lines()
            .filter(|l| l.trim_start().starts_with("description:"));
        for line in prose {
            assert!(!citations::has_citation(line), "{line}");
        }
    }

    #[test]
    fn a_broken_rule_is_named() {
        let broken = SPEC.replacen("x-kyx-idempotency: safe", "x-kyx-idempotency: maybe", 1);
        let e = Spec::parse(&broken).unwrap_err().to_string();
        assert!(e.contains("x-kyx-idempotency"), "{e}");
        let e = Spec::parse("openapi: 3.0.3\n").unwrap_err().to_string();
        assert!(e.contains("paths"), "{e}");
    }
}
