//! What the Python and Node generators share: the operations of the spec in a language-neutral
//! form, and small text helpers.

use anyhow::{Context, Result};
use serde_yaml::Value;

/// The spec's citation tags in words: the same file the core crate's build script uses.
#[path = "../../crates/jumio-kyx/build/citations.rs"]
pub mod citations;

/// The spec, parsed, with the citation tags of its prose (`description`, `summary`, `doc`) in
/// words: what the generated docstrings and TypeScript docs say.
pub fn spec() -> Result<Value> {
    let path = crate::root().join("openapi/jumio-kyx.yaml");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    let mut spec = serde_yaml::from_str(&text)?;
    prose_in_words(&mut spec);
    Ok(spec)
}

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

/// `getWorkflowStatus` → `get_workflow_status`.
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `workflow_execution_id` → `workflowExecutionId`.
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `key` → `Key`.
pub fn camel_upper(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The first paragraph of a description (or the summary), as one line.
pub fn first_paragraph(v: &Value) -> String {
    let text = v["description"]
        .as_str()
        .or_else(|| v["summary"].as_str())
        .unwrap_or_default();
    let para = text.split("\n\n").next().unwrap_or_default();
    para.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The schema name a `$ref` points at.
pub fn ref_name(v: &Value) -> Option<&str> {
    v["$ref"].as_str().and_then(|r| r.rsplit('/').next())
}

/// What a parameter of a generated method is.
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

/// One parameter, named as the core's `by_name` argument (snake_case).
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
}

/// What a generated method returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Returns {
    /// A JSON body of this schema.
    Schema(String),
    /// A downloaded part.
    Download,
    /// Nothing (204).
    Nothing,
}

/// One operation of the spec.
pub struct Op {
    /// The core's name (`get_workflow_status`).
    pub name: String,
    /// The spec's operationId (`getWorkflowStatus`).
    pub id: String,
    pub summary: String,
    pub description: String,
    pub params: Vec<Param>,
    pub returns: Returns,
}

impl Op {
    pub fn has(&self, kind: &ParamKind) -> bool {
        self.params.iter().any(|p| &p.kind == kind)
    }

    /// The arguments of the generated examples (snake case): the parameters' names, a body
    /// named after its type (`migration_request`); options left out.
    pub fn example_args(&self) -> Vec<String> {
        self.params
            .iter()
            .filter_map(|p| match &p.kind {
                ParamKind::WorkflowKey | ParamKind::SaveTo => None,
                ParamKind::Body(schema) => Some(snake(schema)),
                _ => Some(p.name.clone()),
            })
            .collect()
    }

    /// What the generated examples do with the result: the variable it is bound to (snake
    /// case; none for 204) and, for a download, the file it is saved to.
    pub fn example_result(&self) -> (Option<String>, Option<&'static str>) {
        match &self.returns {
            Returns::Schema(s) => (Some(snake(s)), None),
            Returns::Download if self.name.contains("report") => {
                (Some("report".into()), Some("report.pdf"))
            }
            Returns::Download => (Some("part".into()), Some("front.jpg")),
            Returns::Nothing => (None, None),
        }
    }
}

/// Every operation of the spec, in the spec's order.
pub fn operations(spec: &Value) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_mapping().context("no paths")? {
        let path = path.as_str().unwrap_or_default();
        let path_params: Vec<String> = path
            .split('/')
            .filter(|s| s.starts_with('{'))
            .map(|s| snake(s.trim_matches(['{', '}'])))
            .collect();
        for method in ["get", "put", "post", "delete"] {
            let op = &item[method];
            if op.is_null() {
                continue;
            }
            let id = op["operationId"].as_str().context("operationId")?;
            let name = snake(id);
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
            let content = &op["requestBody"]["content"];
            if let Some(schema) = ref_name(&content["application/json"]["schema"]) {
                if schema == "PreparedData" {
                    params.push(Param {
                        name: "data".into(),
                        kind: ParamKind::Body(schema.into()),
                    });
                    params.push(Param {
                        name: "workflow_key".into(),
                        kind: ParamKind::WorkflowKey,
                    });
                } else {
                    params.push(Param {
                        name: "request".into(),
                        kind: ParamKind::Body(schema.into()),
                    });
                }
            }
            if !content["multipart/form-data"].is_null() {
                params.push(Param {
                    name: "file".into(),
                    kind: ParamKind::File,
                });
            }
            // An answer that is not JSON (an image, a PDF) is a download, streamed or saved.
            let ok_content = &op["responses"]["200"]["content"];
            let download = ok_content.as_mapping().is_some_and(|m| {
                !m.is_empty() && m.keys().all(|k| k.as_str() != Some("application/json"))
            });
            if download {
                params.push(Param {
                    name: "save_to".into(),
                    kind: ParamKind::SaveTo,
                });
            }
            let ok = &op["responses"]["200"]["content"];
            let returns = if download {
                Returns::Download
            } else if let Some(r) = ref_name(&ok["application/json"]["schema"]) {
                Returns::Schema(r.to_string())
            } else {
                Returns::Nothing
            };
            ops.push(Op {
                name,
                id: id.to_string(),
                summary: op["summary"].as_str().unwrap_or_default().to_string(),
                description: first_paragraph(op),
                params,
                returns,
            });
        }
    }
    Ok(ops)
}

fn classifier_type(item: &Value) -> String {
    let schema = item["parameters"]
        .as_sequence()
        .into_iter()
        .flatten()
        .find(|p| p["name"].as_str() == Some("classifier"));
    schema
        .and_then(|p| ref_name(&p["schema"]))
        .unwrap_or("string")
        .to_string()
}

/// Writes generated files, or with `check` reports the stale ones as an error.
pub fn write_or_check(
    what: &str,
    command: &str,
    files: Vec<(std::path::PathBuf, String)>,
    check: bool,
) -> Result<()> {
    let mut stale = Vec::new();
    for (path, content) in files {
        // What users read never carries the spec's research tags (the spec's own copy does).
        if path.extension().is_some_and(|e| e != "yaml") && citations::has_citation(&content) {
            anyhow::bail!("{} would carry a citation tag of the spec", path.display());
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != content {
            if check {
                stale.push(path.display().to_string());
            } else {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&path, content).with_context(|| path.display().to_string())?;
                println!("wrote {}", path.display());
            }
        }
    }
    if !stale.is_empty() {
        anyhow::bail!(
            "generated {what} files are stale (run `cargo xtask {command}`): {}",
            stale.join(", ")
        );
    }
    if check {
        println!("generated {what} files are current");
    }
    Ok(())
}

/// The type of a flow parameter (`x-kyx-flows`).
#[derive(Clone, Debug, PartialEq)]
pub enum FlowType {
    Str,
    File,
    /// JSON of this schema.
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

/// One flow of `x-kyx-flows`: a method that chains operations.
pub struct Flow {
    /// The core's name (`run_identity_verification`).
    pub name: String,
    pub summary: String,
    pub description: String,
    /// Node: the interface of the one request object it takes.
    pub request: Option<String>,
    /// Node: the interface of the object holding its optional parameters.
    pub options: Option<String>,
    pub returns: Returns,
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

/// Every flow of the spec's `x-kyx-flows`, in order.
pub fn flows(spec: &Value) -> Result<Vec<Flow>> {
    let mut out = Vec::new();
    for f in spec["x-kyx-flows"]
        .as_sequence()
        .context("the spec has no x-kyx-flows")?
    {
        let name = f["name"].as_str().context("a flow without a name")?;
        let text = |k: &str| {
            f[k].as_str()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let returns = match f["returns"].as_str() {
            Some("download") => Returns::Download,
            Some(s) => Returns::Schema(s.to_string()),
            None => Returns::Nothing,
        };
        let mut params = Vec::new();
        for p in f["params"].as_sequence().context("a flow without params")? {
            let pname = p["name"]
                .as_str()
                .context("a flow parameter without a name")?;
            let ty = match p["type"].as_str().unwrap_or_default() {
                "string" => FlowType::Str,
                "file" => FlowType::File,
                "body" => FlowType::Body(
                    p["schema"]
                        .as_str()
                        .with_context(|| format!("{name}.{pname}: a body needs a schema"))?
                        .to_string(),
                ),
                "workflow_key" => FlowType::WorkflowKey,
                "seconds" => FlowType::Seconds,
                "number" => FlowType::Number,
                "callback" => FlowType::Callback,
                "save_to" => FlowType::SaveTo,
                other => anyhow::bail!("{name}.{pname}: unknown flow parameter type {other:?}"),
            };
            let (optional, positional) = match &p["optional"] {
                Value::Bool(b) => (*b, false),
                Value::String(s) if s == "positional" => (true, true),
                Value::Null => (false, false),
                other => {
                    anyhow::bail!("{name}.{pname}: optional is true or positional, not {other:?}")
                }
            };
            params.push(FlowParam {
                name: pname.to_string(),
                ty,
                optional,
                positional,
                doc: p["doc"].as_str().unwrap_or_default().to_string(),
            });
        }
        out.push(Flow {
            name: name.to_string(),
            summary: text("summary"),
            description: text("description"),
            request: f["request"].as_str().map(String::from),
            options: f["options"].as_str().map(String::from),
            returns,
            params,
            example_python: f["example-python"].as_str().map(String::from),
            example_node: f["example-node"].as_str().map(String::from),
        });
    }
    Ok(out)
}

/// One error kind of the spec's `x-kyx-error-kinds`: an exception class of both packages.
pub struct ErrorKindEntry {
    /// The core's `ErrorKind::code` (`not_found`).
    pub code: String,
    /// The class name (`NotFoundError`).
    pub class: String,
    /// The class's documentation, language-neutral Markdown, as one line.
    pub summary: String,
    /// A sentence added in Python (naming its attributes).
    pub note_python: Option<String>,
    /// A sentence added in Node.
    pub note_node: Option<String>,
    /// The builtin exception the Python class also extends (`ValueError`).
    pub python_base: Option<String>,
}

impl ErrorKindEntry {
    /// The summary and one language's note, as Markdown.
    pub fn text(&self, note: &Option<String>) -> String {
        match note {
            Some(n) => format!("{} {n}", self.summary),
            None => self.summary.clone(),
        }
    }
}

/// Every error kind of the spec's `x-kyx-error-kinds`, in order (the core's order: a test of the
/// crate compares them with `ErrorKind::CLASSES`).
pub fn error_kinds(spec: &Value) -> Result<Vec<ErrorKindEntry>> {
    const KEYS: [&str; 6] = [
        "code",
        "class",
        "summary",
        "note-python",
        "note-node",
        "python-base",
    ];
    let identifier = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let one_line = |v: &Value| {
        v.as_str()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    let mut out: Vec<ErrorKindEntry> = Vec::new();
    for k in spec["x-kyx-error-kinds"]
        .as_sequence()
        .context("the spec has no x-kyx-error-kinds")?
    {
        let code = k["code"].as_str().context("an error kind without a code")?;
        for key in k.as_mapping().into_iter().flatten().map(|(key, _)| key) {
            let key = key.as_str().unwrap_or_default();
            anyhow::ensure!(
                KEYS.contains(&key),
                "error kind {code}: unknown key {key:?}"
            );
        }
        let class = k["class"]
            .as_str()
            .with_context(|| format!("error kind {code}: no class"))?;
        anyhow::ensure!(
            identifier(code) && code.chars().all(|c| !c.is_ascii_uppercase()),
            "error kind {code:?}: the code is a snake_case name"
        );
        anyhow::ensure!(
            identifier(class) && class.ends_with("Error"),
            "error kind {code}: the class {class:?} is an identifier ending in Error"
        );
        anyhow::ensure!(
            !out.iter().any(|e| e.code == code || e.class == class),
            "error kind {code}: the code or the class {class} is listed twice"
        );
        let python_base = k["python-base"].as_str().map(String::from);
        if let Some(base) = &python_base {
            anyhow::ensure!(
                identifier(base),
                "error kind {code}: python-base {base:?} is a builtin's name"
            );
        }
        out.push(ErrorKindEntry {
            code: code.to_string(),
            class: class.to_string(),
            summary: one_line(&k["summary"])
                .with_context(|| format!("error kind {code}: no summary"))?,
            note_python: one_line(&k["note-python"]),
            note_node: one_line(&k["note-node"]),
            python_base,
        });
    }
    anyhow::ensure!(!out.is_empty(), "x-kyx-error-kinds is empty");
    Ok(out)
}

/// `text` broken into lines of at most `width` characters (longer words stay whole).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The spec with one more operation, `getThrowawayRules` at `…/throwaway-rules`, a copy of
/// `getWorkflowRules`: what the generators' tests add to prove that a new operation needs no
/// hand-written list anywhere.
pub fn spec_with_throwaway_operation() -> Value {
    let mut spec = spec().expect("the spec parses");
    let paths = spec["paths"].as_mapping_mut().expect("paths");
    let rules = "/api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/rules";
    let mut item = paths[rules].clone();
    item["get"]["operationId"] = Value::from("getThrowawayRules");
    item["get"]["summary"] = Value::from("A throwaway operation of the generators' tests");
    paths.insert(
        Value::from(
            "/api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/throwaway-rules",
        ),
        item,
    );
    spec
}

/// Builds the Rust client (async and blocking) from the spec with a throwaway operation
/// ([`spec_with_throwaway_operation`], through `JUMIO_KYX_SPEC`) and checks that the operation
/// is a method of both clients and a name `by_name` calls, with no list updated by hand.
pub fn throwaway_rust() -> Result<()> {
    let dir = crate::root().join("target/throwaway");
    std::fs::create_dir_all(&dir)?;
    let spec_path = dir.join("jumio-kyx.yaml");
    std::fs::write(
        &spec_path,
        serde_yaml::to_string(&spec_with_throwaway_operation())?,
    )?;
    let out = crate::cargo()
        .args([
            "check",
            "--locked",
            "-p",
            "jumio-kyx",
            "--features",
            "blocking",
            "--message-format=json",
        ])
        .env("JUMIO_KYX_SPEC", &spec_path)
        .current_dir(crate::root())
        .output()?;
    if !out.status.success() {
        anyhow::bail!(
            "the client does not build with a throwaway operation:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The build script's OUT_DIR, from cargo's messages.
    let out_dir = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "build-script-executed")
        .filter(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|p| p.contains("jumio-kyx#") || p.contains("/jumio-kyx"))
        })
        .find_map(|m| m["out_dir"].as_str().map(std::path::PathBuf::from))
        .context("cargo reported no build script run of jumio-kyx")?;
    for (file, needle) in [
        ("wrappers.rs", "pub async fn get_throwaway_rules("),
        ("blocking.rs", "pub fn get_throwaway_rules("),
        ("by_name_operations.rs", "\"get_throwaway_rules\""),
    ] {
        let text = std::fs::read_to_string(out_dir.join(file))
            .with_context(|| format!("{} in {}", file, out_dir.display()))?;
        if !text.contains(needle) {
            anyhow::bail!("{file} has no `{needle}`: a list somewhere is still kept by hand");
        }
    }
    println!("a throwaway operation reaches the async and blocking clients and by_name");
    Ok(())
}
