//! The flows of `x-kyx-flows`: methods that chain operations (upload and finalize, wait for a
//! decision), described once for the three languages.

use serde::{Deserialize, Deserializer};

use crate::{Returns, one_line};

/// The type of a flow parameter.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowType {
    #[serde(rename = "string")]
    Str,
    File,
    /// JSON of this schema.
    #[serde(skip)]
    Body(String),
    WorkflowKey,
    /// Seconds in the core and Python; milliseconds (`…Ms`) in Node.
    Seconds,
    Number,
    /// A parsed callback or its raw body (parsed first).
    Callback,
    SaveTo,
}

/// One parameter of a flow.
#[derive(Clone, Debug)]
pub struct FlowParam {
    /// The core's argument name (snake_case).
    pub name: String,
    pub ty: FlowType,
    pub optional: bool,
    /// An optional parameter that stays positional in Python (before the keyword-only ones).
    pub positional: bool,
    pub doc: String,
}

/// One flow: a method that chains operations.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Flow {
    /// The core's name (`run_identity_verification`).
    pub name: String,
    #[serde(deserialize_with = "one_line_text")]
    pub summary: String,
    #[serde(default, deserialize_with = "one_line_text")]
    pub description: String,
    /// Node: the interface of the one request object it takes.
    pub request: Option<String>,
    /// Node: the interface of the object holding its optional parameters.
    pub options: Option<String>,
    #[serde(default, deserialize_with = "flow_returns")]
    pub returns: Returns,
    #[serde(deserialize_with = "flow_params")]
    pub params: Vec<FlowParam>,
    /// One line of Python showing a call.
    pub example_python: Option<String>,
    /// One line of TypeScript showing a call.
    pub example_node: Option<String>,
}

impl Flow {
    /// The summary and the description, as sentences.
    pub fn text(&self) -> String {
        if self.description.is_empty() {
            format!("{}.", self.summary)
        } else {
            format!("{}. {}", self.summary, self.description)
        }
    }
}

fn one_line_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(one_line(&String::deserialize(d)?))
}

/// `download`, a schema's name, or nothing.
fn flow_returns<'de, D: Deserializer<'de>>(d: D) -> Result<Returns, D::Error> {
    Ok(match Option::<String>::deserialize(d)? {
        Some(s) if s == "download" => Returns::Download,
        Some(s) => Returns::Schema(s),
        None => Returns::Nothing,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamDoc {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    schema: Option<String>,
    #[serde(default)]
    optional: Optional,
    #[serde(default)]
    doc: String,
}

/// `optional: true`, or `optional: positional` (optional, positional in Python).
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Optional {
    #[default]
    No,
    Flag(bool),
    Word(PositionalWord),
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum PositionalWord {
    Positional,
}

fn flow_params<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FlowParam>, D::Error> {
    use serde::de::Error;
    let docs = Vec::<ParamDoc>::deserialize(d)?;
    docs.into_iter()
        .map(|p| {
            let ty = match (p.ty.as_str(), p.schema) {
                ("body", Some(schema)) => FlowType::Body(schema),
                ("body", None) => {
                    return Err(D::Error::custom(format!(
                        "{}: a body needs a schema",
                        p.name
                    )));
                }
                (other, _) => {
                    serde_yaml::from_value(serde_yaml::Value::from(other)).map_err(|_| {
                        D::Error::custom(format!(
                            "{}: unknown flow parameter type {other:?}",
                            p.name
                        ))
                    })?
                }
            };
            let (optional, positional) = match p.optional {
                Optional::No | Optional::Flag(false) => (false, false),
                Optional::Flag(true) => (true, false),
                Optional::Word(PositionalWord::Positional) => (true, true),
            };
            Ok(FlowParam {
                name: p.name,
                ty,
                optional,
                positional,
                doc: p.doc,
            })
        })
        .collect()
}
