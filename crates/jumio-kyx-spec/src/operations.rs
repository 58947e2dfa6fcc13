//! The operations of `paths`: what the client routes and retries by, and the language-neutral
//! parameters and answer every generated method has.

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::{Result, case, first_paragraph, ref_name};

/// The tags that name an operation's host family; each operation has exactly one.
pub const HOST_FAMILIES: [&str; 5] = ["auth", "account", "api", "retrieval", "status"];

/// `x-kyx-idempotency`: whether a failed attempt may be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Idempotency {
    Safe,
    Unsafe,
}

impl Idempotency {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// What the 200 response carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuccessBody {
    /// JSON, of the schema named when it is a `$ref`.
    Json(Option<String>),
    /// Anything else (an image, a PDF): streamed.
    Stream,
    /// No content.
    Empty,
}

impl SuccessBody {
    /// `json`, `stream` or `empty`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Json(_) => "json",
            Self::Stream => "stream",
            Self::Empty => "empty",
        }
    }
}

/// The request body an operation takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestBody {
    None,
    /// JSON of this schema.
    Json(String),
    /// A multipart upload (written by hand in the core: progenitor does not take them).
    Multipart,
    /// Another media type (the token request's form); its method is written by hand.
    Other,
}

/// What a generated method's parameter is.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamKind {
    /// A path parameter (an id).
    Str,
    /// A path parameter that is an enum schema (the classifier).
    Enum(String),
    /// A JSON request body of this schema (`request`, or `data` for prepared data).
    Body(String),
    /// The optional workflow key that picks the prepared-data check.
    WorkflowKey,
    /// A file to upload.
    File,
    /// Where to save a download (optional).
    SaveTo,
}

/// One parameter, named as the bridge's by-name argument (snake_case).
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
}

/// What a generated method returns.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Returns {
    /// A JSON body of this schema.
    Schema(String),
    /// A downloaded part.
    Download,
    /// Nothing (204).
    #[default]
    Nothing,
}

/// One operation of the spec.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The spec's operationId (`getWorkflowStatus`).
    pub id: String,
    /// The name in Rust and Python (`get_workflow_status`).
    pub name: String,
    /// `GET`, `PUT`, `POST` or `DELETE`.
    pub method: &'static str,
    pub path: String,
    /// The host family: the operation's one tag of [`HOST_FAMILIES`].
    pub family: String,
    pub idempotency: Idempotency,
    pub request: RequestBody,
    pub success: SuccessBody,
    /// The path parameters, snake_case, in path order.
    pub path_params: Vec<String>,
    /// The generated method's parameters: the path parameters, the body, the file, where to save.
    pub params: Vec<Param>,
    pub returns: Returns,
    /// The summary, as written.
    pub summary: String,
    /// The first paragraph of the description (or the summary), one line.
    pub description: String,
}

impl Operation {
    /// An operation whose client method has nothing to check but its ids: a GET or DELETE with
    /// id path parameters only. Its method and by-name dispatch are generated in every language.
    pub fn is_plain(&self) -> bool {
        matches!(self.method, "GET" | "DELETE")
            && self.request == RequestBody::None
            && self.path_params.iter().all(|p| p.ends_with("_id"))
    }

    /// Whether one of its parameters is of `kind`.
    pub fn has(&self, kind: &ParamKind) -> bool {
        self.params.iter().any(|p| &p.kind == kind)
    }

    /// The Rust doc of its method: `` `getX`: summary. description ``.
    pub fn rust_doc(&self) -> String {
        let summary = first_paragraph(&self.summary);
        if self.description.is_empty() || self.description == summary {
            format!("`{}`: {summary}", self.id)
        } else {
            format!("`{}`: {summary}. {}", self.id, self.description)
        }
    }

    /// The arguments of the generated examples (snake case): the parameters' names, a body
    /// named after its type (`migration_request`); options left out.
    pub fn example_args(&self) -> Vec<String> {
        self.params
            .iter()
            .filter_map(|p| match &p.kind {
                ParamKind::WorkflowKey | ParamKind::SaveTo => None,
                ParamKind::Body(schema) => Some(case::snake(schema)),
                _ => Some(p.name.clone()),
            })
            .collect()
    }

    /// What the generated examples do with the result: the variable it is bound to (snake
    /// case; none for 204) and, for a download, the file it is saved to.
    pub fn example_result(&self) -> (Option<String>, Option<&'static str>) {
        match &self.returns {
            Returns::Schema(s) => (Some(case::snake(s)), None),
            Returns::Download if self.name.contains("report") => {
                (Some("report".into()), Some("report.pdf"))
            }
            Returns::Download => (Some("part".into()), Some("front.jpg")),
            Returns::Nothing => (None, None),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperationDoc {
    operation_id: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "x-kyx-idempotency")]
    idempotency: Option<Value>,
    request_body: Option<ContentDoc>,
    #[serde(default)]
    responses: Mapping,
}

#[derive(Deserialize, Default)]
struct ContentDoc {
    #[serde(default)]
    content: Mapping,
}

/// Every operation, in the spec's order.
pub(crate) fn read(document: &Value) -> Result<Vec<Operation>> {
    let paths = document["paths"]
        .as_mapping()
        .ok_or("the spec has no paths")?;
    let mut ops = Vec::new();
    for (path, item) in paths {
        let path = path.as_str().ok_or("a path that is not a string")?;
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(op) = item.get(method) else {
                continue;
            };
            ops.push(operation(path, method, item, op)?);
        }
    }
    Ok(ops)
}

fn operation(path: &str, method: &str, item: &Value, op: &Value) -> Result<Operation> {
    let doc: OperationDoc =
        serde_yaml::from_value(op.clone()).map_err(|e| format!("{method} {path}: {e}"))?;
    let id = doc
        .operation_id
        .ok_or_else(|| format!("{method} {path} has no operationId"))?;
    let family = match doc.tags.as_slice() {
        [tag] if HOST_FAMILIES.contains(&tag.as_str()) => tag.clone(),
        tags => {
            return Err(format!(
                "{id} must have exactly one tag among {HOST_FAMILIES:?}, has {tags:?}"
            )
            .into());
        }
    };
    let idempotency = doc
        .idempotency
        .clone()
        .and_then(|v| serde_yaml::from_value(v).ok())
        .ok_or_else(|| {
            format!(
                "{id} needs `x-kyx-idempotency: safe | unsafe` (has {:?})",
                doc.idempotency
            )
        })?;
    let method = match method {
        "get" => "GET",
        "put" => "PUT",
        "post" => "POST",
        "delete" => "DELETE",
        other => {
            return Err(
                format!("{id} uses method {other}, which the client does not route").into(),
            );
        }
    };
    let content = doc.request_body.unwrap_or_default().content;
    let request = if content.contains_key("multipart/form-data") {
        RequestBody::Multipart
    } else if let Some(json) = content.get("application/json") {
        let schema = ref_name(&json["schema"])
            .ok_or_else(|| format!("{id}: a JSON request body is a $ref"))?;
        RequestBody::Json(schema.to_string())
    } else if content.is_empty() {
        RequestBody::None
    } else {
        RequestBody::Other
    };
    let ok = doc
        .responses
        .get("200")
        .ok_or_else(|| format!("{id} has no 200 response"))?;
    if ok.get("$ref").is_some() {
        return Err(format!("{id}'s 200 response must not be a $ref").into());
    }
    let ok_content = ok["content"].as_mapping();
    let success = match ok_content
        .and_then(|c| c.keys().next())
        .and_then(Value::as_str)
    {
        None => SuccessBody::Empty,
        Some("application/json") => SuccessBody::Json(
            ref_name(&ok["content"]["application/json"]["schema"]).map(String::from),
        ),
        Some(_) => SuccessBody::Stream,
    };
    let path_params: Vec<String> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(case::snake)
        .collect();
    let mut params: Vec<Param> = path_params
        .iter()
        .map(|p| Param {
            name: p.clone(),
            kind: if p == "classifier" {
                ParamKind::Enum(classifier_type(item))
            } else {
                ParamKind::Str
            },
        })
        .collect();
    match &request {
        RequestBody::Json(schema) if schema == "PreparedData" => {
            params.push(Param {
                name: "data".into(),
                kind: ParamKind::Body(schema.clone()),
            });
            params.push(Param {
                name: "workflow_key".into(),
                kind: ParamKind::WorkflowKey,
            });
        }
        RequestBody::Json(schema) => params.push(Param {
            name: "request".into(),
            kind: ParamKind::Body(schema.clone()),
        }),
        RequestBody::Multipart => params.push(Param {
            name: "file".into(),
            kind: ParamKind::File,
        }),
        RequestBody::None | RequestBody::Other => {}
    }
    let returns = match &success {
        SuccessBody::Stream => {
            params.push(Param {
                name: "save_to".into(),
                kind: ParamKind::SaveTo,
            });
            Returns::Download
        }
        SuccessBody::Json(Some(schema)) => Returns::Schema(schema.clone()),
        SuccessBody::Json(None) | SuccessBody::Empty => Returns::Nothing,
    };
    let description = if doc.description.is_empty() {
        first_paragraph(&doc.summary)
    } else {
        first_paragraph(&doc.description)
    };
    Ok(Operation {
        name: case::snake(&id),
        id,
        method,
        path: path.to_string(),
        family,
        idempotency,
        request,
        success,
        path_params,
        params,
        returns,
        summary: doc.summary,
        description,
    })
}

/// The schema of a path item's `classifier` parameter (`string` when it has none).
fn classifier_type(item: &Value) -> String {
    item["parameters"]
        .as_sequence()
        .into_iter()
        .flatten()
        .find(|p| p["name"].as_str() == Some("classifier"))
        .and_then(|p| ref_name(&p["schema"]))
        .unwrap_or("string")
        .to_string()
}
