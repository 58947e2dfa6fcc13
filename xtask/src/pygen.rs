//! `cargo xtask gen-python [--check]`: writes the typed layer of the Python package from the spec,
//! into the package `jumio_kyx._generated`:
//! * `types.py`: a `TypedDict` for every object schema (and its inline objects), a `Literal` for
//!   every enum;
//! * `operations.py`: one sync and one async method per operation, typed with those;
//! * `flows.py`: one sync and one async method per flow of `x-kyx-flows`;
//! * `options.py`: the constructor both clients share, one keyword per client option of
//!   `x-kyx-client-options` (from `xtask/templates/options.py.jinja`);
//! * `errors.py`: the exception class of every error kind of `x-kyx-error-kinds` (each a
//!   `JumioError`, from the hand-written `_error_base.py`; `_errors.py` re-exports them);
//!
//! and `_native.pyi` beside the compiled module it describes.
//!
//! With `--check`, nothing is written and a stale file is an error (the test command runs that).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, Result};
use serde_yaml::Value;

use crate::codegen::{FlowType, Param, Spec, wrap};
use crate::codegen::{ParamKind, Returns, first_paragraph, ref_name, upper_camel, write_or_check};
use crate::root;

const HEADER: &str =
    "# Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-python`; do not edit.\n";

pub fn run(check: bool) -> Result<()> {
    let spec = crate::codegen::spec()?;
    let dir = root().join("bindings/python/python/jumio_kyx");
    let generated = dir.join("_generated");
    let files = vec![
        (
            generated.join("__init__.py"),
            format!(
                "{HEADER}\"\"\"The layer generated from the spec: types, operations, flows, client options, errors.\"\"\"\n"
            ),
        ),
        (generated.join("types.py"), types_py(&spec)?),
        (generated.join("operations.py"), operations_py(&spec)?),
        (generated.join("flows.py"), flows_py(&spec)?),
        (generated.join("options.py"), options_py(&spec)?),
        (generated.join("errors.py"), errors_py(&spec)?),
        (dir.join("_native.pyi"), native_pyi(&spec)?),
        // The Rust crate's copy of the spec, which `cargo package` and the Python sdist carry
        // (a copy rather than a symlink: symlinks break checkouts on systems without them).
        (
            root().join("crates/jumio-kyx/openapi/jumio-kyx.yaml"),
            std::fs::read_to_string(root().join("openapi/jumio-kyx.yaml"))?,
        ),
    ];
    write_or_check("Python", "gen-python", files, check)
}

/// The first paragraph of a description, as one line, safe inside a docstring.
fn summary(v: &Value) -> String {
    first_paragraph(v)
        .replace('\\', "\\\\")
        .replace("\"\"\"", "'''")
}

struct Gen<'a> {
    schemas: &'a serde_yaml::Mapping,
    /// Inline object classes to emit: (class name, schema).
    inline: Vec<(String, Value)>,
}

impl Gen<'_> {
    /// The Python type of a schema (recording inline objects under `name_hint`).
    fn ty(&mut self, v: &Value, name_hint: &str) -> String {
        let base = if let Some(r) = ref_name(v) {
            let target = &self.schemas[r];
            match r {
                "OpaqueValue" => "Any".to_string(),
                "OpaqueObject" => "Dict[str, Any]".to_string(),
                "BinaryContent" => "bytes".to_string(),
                _ if target["type"].as_str() == Some("object") => r.to_string(),
                _ if !target["enum"].is_null() => r.to_string(),
                _ => self.ty(&target.clone(), r),
            }
        } else if let Some(variants) = v["oneOf"].as_sequence() {
            let parts: Vec<String> = variants.iter().map(|x| self.ty(x, name_hint)).collect();
            format!("Union[{}]", parts.join(", "))
        } else {
            match v["type"].as_str() {
                Some("string") if v["format"].as_str() == Some("binary") => "bytes".into(),
                Some("string") => "str".into(),
                Some("integer") => "int".into(),
                Some("number") => "float".into(),
                Some("boolean") => "bool".into(),
                Some("array") => format!(
                    "List[{}]",
                    self.ty(&v["items"], &format!("{name_hint}Item"))
                ),
                Some("object") if v["properties"].is_mapping() => {
                    self.inline.push((name_hint.to_string(), v.clone()));
                    name_hint.to_string()
                }
                Some("object") => "Dict[str, Any]".into(),
                _ => "Any".into(),
            }
        };
        if v["nullable"].as_bool() == Some(true) {
            format!("Optional[{base}]")
        } else {
            base
        }
    }

    fn class(&mut self, name: &str, v: &Value, out: &mut String) {
        let required: Vec<&str> = v["required"]
            .as_sequence()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
            .collect();
        let mut fields = Vec::new();
        for (k, p) in v["properties"].as_mapping().into_iter().flatten() {
            let key = k.as_str().unwrap_or_default();
            let ty = self.ty(p, &format!("{name}{}", upper_camel(key)));
            let ty = if required.contains(&key) {
                format!("Required[{ty}]")
            } else {
                ty
            };
            let doc = summary(p);
            fields.push((key.to_string(), ty, doc));
        }
        let _ = writeln!(out, "\n\nclass {name}(TypedDict, total=False):");
        let doc = summary(v);
        let _ = writeln!(
            out,
            "    \"\"\"{}\"\"\"\n",
            if doc.is_empty() {
                name.to_string()
            } else {
                doc
            }
        );
        for (key, ty, doc) in fields {
            let _ = writeln!(out, "    {key}: {ty}");
            if !doc.is_empty() {
                let _ = writeln!(out, "    \"\"\"{doc}\"\"\"");
            }
        }
    }
}

fn types_py(spec: &Spec) -> Result<String> {
    let schemas = spec.document["components"]["schemas"]
        .as_mapping()
        .context("no schemas")?;
    let mut g = Gen {
        schemas,
        inline: Vec::new(),
    };
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(
        "\"\"\"Request and response bodies of the KYX API, as `TypedDict`s (keys as the API spells them).\n\n\
         Enums are listed as `Literal`s; the server may send values the list does not have yet.\n\"\"\"\n\n\
         from __future__ import annotations\n\nimport sys\nfrom typing import Any, Dict, List, Literal, Optional, Union\n\n\
         if sys.version_info >= (3, 11):\n    from typing import Required, TypedDict\nelse:\n    from typing_extensions import Required, TypedDict\n",
    );
    let mut names = Vec::new();
    // Enums first (aliases), then classes.
    for (k, v) in schemas {
        let name = k.as_str().unwrap_or_default();
        if let Some(values) = v["enum"].as_sequence() {
            let lits: Vec<String> = values
                .iter()
                .filter_map(|x| x.as_str())
                .map(|s| format!("\"{s}\""))
                .collect();
            let _ = write!(
                out,
                "\n{name} = Literal[{}]\n\"\"\"{}\"\"\"\n",
                lits.join(", "),
                summary(v)
            );
            names.push(name.to_string());
        }
    }
    let mut emitted = BTreeMap::new();
    for (k, v) in schemas {
        let name = k.as_str().unwrap_or_default();
        if v["type"].as_str() == Some("object") && v["properties"].is_mapping() {
            g.class(name, v, &mut out);
            emitted.insert(name.to_string(), ());
            names.push(name.to_string());
        }
    }
    while let Some((name, v)) = g.inline.pop() {
        if emitted.insert(name.clone(), ()).is_none() {
            g.class(&name, &v, &mut out);
            names.push(name);
        }
    }
    // Extra shapes of the Python API.
    out.push_str(
        "\n\nclass DownloadedPart(TypedDict, total=False):\n    \"\"\"A downloaded part: its content type and length, and its bytes unless it was saved to a file.\"\"\"\n\n    \
         contentType: Optional[str]\n    length: Required[int]\n    content: bytes\n",
    );
    names.push("DownloadedPart".into());
    names.sort();
    let _ = write!(
        out,
        "\n\n__all__ = [\n{}]\n",
        names
            .iter()
            .map(|n| format!("    \"{n}\",\n"))
            .collect::<String>()
    );
    Ok(out)
}

/// The Python signature of a parameter: (name, type, default).
fn py_param(p: &Param) -> (String, String, Option<String>) {
    let (ty, default) = match &p.kind {
        ParamKind::Str => ("str".to_string(), None),
        ParamKind::Enum(t) | ParamKind::Body(t) => (t.clone(), None),
        ParamKind::WorkflowKey => ("Optional[Union[int, str]]".into(), Some("None".into())),
        ParamKind::File => ("FileInput".into(), None),
        ParamKind::SaveTo => ("Optional[PathLike]".into(), Some("None".into())),
    };
    (p.name.clone(), ty, default)
}

fn py_returns(r: &Returns) -> String {
    match r {
        Returns::Schema(s) => s.clone(),
        Returns::Download => "DownloadedPart".into(),
        Returns::Nothing => "None".into(),
    }
}

/// An operation's docstring: summary, the spec's description and an example call.
fn operation_doc(op: &crate::codegen::Operation, summary: &str, is_async: bool) -> String {
    let mut doc = summary.to_string();
    if !op.description.is_empty() && op.description != op.summary {
        doc.push('\n');
        for line in wrap(&docstring_text(&op.description), 92) {
            let _ = write!(doc, "\n        {line}");
        }
    }
    let mut args = op.example_args();
    let (var, save_to) = op.example_result();
    if let Some(file) = save_to {
        args.push(format!("save_to=\"{file}\""));
    }
    let call = format!(
        "{}client.{}({})",
        if is_async { "await " } else { "" },
        op.name,
        args.join(", ")
    );
    let example = match var {
        Some(var) => format!("{var} = {call}"),
        None => call,
    };
    let _ = write!(doc, "\n\n        Example::\n\n            {example}");
    doc
}

/// The abstract `_call` (or `_call_async`) that `Client` (`AsyncClient`) implements. The async
/// one returns the native awaitable itself rather than being a coroutine: one coroutine frame
/// less on every call.
fn call_stub(is_async: bool) -> &'static str {
    if is_async {
        "\n    def _call_async(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Awaitable[Any]:\n        raise NotImplementedError\n"
    } else {
        "\n    def _call(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, FileArgument]] = None, save_to: Optional[str] = None) -> Any:\n        raise NotImplementedError\n"
    }
}

pub(crate) fn operations_py(spec: &Spec) -> Result<String> {
    let ops = spec.operations.clone();
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(
        "\"\"\"One method per operation of the spec, sync (`_SyncOperations`) and async\n(`_AsyncOperations`). `Client` and `AsyncClient` inherit them.\"\"\"\n\n\
         from __future__ import annotations\n\nfrom typing import Any, Awaitable, Dict, Optional, Union, cast\n\nfrom .._files import FileArgument, FileInput, PathLike, file_argument\nfrom .types import *  # noqa: F403\n",
    );
    for (class, is_async) in [("_SyncOperations", false), ("_AsyncOperations", true)] {
        let _ = write!(
            out,
            "\n\nclass {class}:\n    \"\"\"The spec's operations ({}).\"\"\"\n",
            if is_async { "awaitable" } else { "blocking" }
        );
        out.push_str(call_stub(is_async));
        for op in &ops {
            let params: Vec<(String, String, Option<String>)> =
                op.params.iter().map(py_param).collect();
            let file_names: Vec<&str> = op
                .params
                .iter()
                .filter(|p| p.kind == ParamKind::File)
                .map(|p| p.name.as_str())
                .collect();
            let returns = py_returns(&op.returns);
            let summary = format!("{} ({}).", op.summary, op.id);
            let sig: Vec<String> = params
                .iter()
                .map(|(n, t, d)| match d {
                    Some(d) => format!("{n}: {t} = {d}"),
                    None => format!("{n}: {t}"),
                })
                .collect();
            let args: Vec<String> = op
                .params
                .iter()
                .filter(|p| !matches!(p.kind, ParamKind::File | ParamKind::SaveTo))
                .map(|p| format!("\"{0}\": {0}", p.name))
                .collect();
            let files = if file_names.is_empty() {
                "None".to_string()
            } else {
                format!(
                    "{{{}}}",
                    file_names
                        .iter()
                        .map(|f| format!("\"{f}\": file_argument({f})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let save = if op.has(&ParamKind::SaveTo) {
                "None if save_to is None else str(save_to)"
            } else {
                "None"
            };
            let (def, call) = if is_async {
                ("async def", "await self._call_async")
            } else {
                ("def", "self._call")
            };
            let self_sig = if sig.is_empty() {
                "self".to_string()
            } else {
                format!("self, {}", sig.join(", "))
            };
            let _ = write!(
                out,
                "\n    {def} {}({self_sig}) -> {}:\n        \"\"\"{}\n        \"\"\"\n",
                op.name,
                returns,
                operation_doc(op, &summary, is_async)
            );
            let invoke = format!(
                "{call}(\"{}\", {{{}}}, {files}, {save})",
                op.name,
                args.join(", ")
            );
            if op.returns == Returns::Nothing {
                let _ = writeln!(out, "        {invoke}");
            } else {
                let _ = writeln!(out, "        return cast({returns}, {invoke})");
            }
        }
    }
    Ok(out)
}

pub(crate) fn native_pyi(spec: &Spec) -> Result<String> {
    let ops = spec.operations.clone();
    let names: Vec<String> = ops.iter().map(|o| format!("\"{}\"", o.name)).collect();
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(&format!(
        "\"\"\"The compiled core (Rust). Use `jumio_kyx.Client`, `AsyncClient` and `Sandbox` instead.\"\"\"\n\n\
         from typing import Any, Awaitable, BinaryIO, Dict, Literal, Optional, Tuple, Union\n\n\
         SpecOperation = Literal[{}]\n\n\
         OPERATIONS: Tuple[str, ...]\nSANDBOX_OPERATIONS: Tuple[str, ...]\nERROR_CLASSES: Tuple[Tuple[str, str], ...]\nSPEC: str\n__version__: str\nUPLOAD_CHUNK_BYTES: int\n\n\
         class NativeClient:\n    def __init__(self, config: Dict[str, Any]) -> None: ...\n    @property\n    def max_upload_bytes(self) -> int: ...\n    \
         def call(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, Union[str, bytes, BinaryIO]]] = None, save_to: Optional[str] = None) -> Any: ...\n    \
         def call_async(self, operation: str, args: Dict[str, Any], files: Optional[Dict[str, Union[str, bytes, BinaryIO]]] = None, save_to: Optional[str] = None) -> Awaitable[Any]: ...\n\n\
         class NativeSandbox:\n    def __init__(self, config: Optional[Dict[str, Any]] = None) -> None: ...\n    @property\n    def url(self) -> str: ...\n    @property\n    def ui_url(self) -> str: ...\n    @property\n    def region_options(self) -> Optional[Dict[str, Any]]: ...\n    \
         def control(self, operation: str, args: Any = None) -> Any: ...\n    def close(self) -> None: ...\n\n\
         def parse_callback(body: bytes) -> Dict[str, Any]: ...\n\n\
         class NativeCallbackVerifier:\n\
         \x20   def __init__(self, region: str, allow: list[str], trusted_proxies: list[str], current_only: bool = False) -> None: ...\n\
         \x20   def verify(self, peer: str, forwarded_for: list[str] = ...) -> str: ...\n\
         \n\
         class NativeSeenCallbacks:\n\
         \x20   def __init__(self, capacity: int = 100000) -> None: ...\n\
         \x20   def first_time(self, key: str) -> bool: ...\n\
         \x20   def __len__(self) -> int: ...\n\
         \n\
         def sample_image(name: str) -> bytes: ...\n\
         def capability_summaries(details: Any) -> list[Dict[str, Any]]: ...\n\
         def journey_url(account: Any) -> str: ...\n\
         def parse_web_redirect(url: str) -> Dict[str, Any]: ...\n",
        names.join(", ")
    ));
    Ok(out)
}

/// The Python type of a flow parameter.
fn flow_py_type(p: &crate::codegen::FlowParam) -> String {
    let ty = match &p.ty {
        FlowType::Str => "str".to_string(),
        FlowType::File => "FileInput".into(),
        FlowType::Body(s) => s.clone(),
        FlowType::WorkflowKey => "Union[int, str]".into(),
        FlowType::Seconds | FlowType::Number => "float".into(),
        FlowType::Callback => "Union[CallbackPayload, bytes]".into(),
        FlowType::SaveTo => "PathLike".into(),
    };
    if p.optional {
        format!("Optional[{ty}]")
    } else {
        ty
    }
}

fn flows_py(spec: &Spec) -> Result<String> {
    let flows = spec.flows.clone();
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(
        "\"\"\"One sync (`_SyncFlows`) and one async (`_AsyncFlows`) method per flow of the spec's\n`x-kyx-flows`: methods that chain operations, run by the core. `Client` and `AsyncClient`\ninherit them.\"\"\"\n\n\
         from __future__ import annotations\n\nfrom typing import Any, Awaitable, Dict, Optional, Union, cast\n\n\
         from .._callback import parse_callback\nfrom .._files import FileArgument, FileInput, PathLike, file_argument\nfrom .types import *  # noqa: F403\n",
    );
    for (class, is_async) in [("_SyncFlows", false), ("_AsyncFlows", true)] {
        let _ = write!(
            out,
            "\n\nclass {class}:\n    \"\"\"The flows ({}).\"\"\"\n",
            if is_async { "awaitable" } else { "blocking" }
        );
        out.push_str(call_stub(is_async));
        let (def, call) = if is_async {
            ("async def", "await self._call_async")
        } else {
            ("def", "self._call")
        };
        for f in &flows {
            let mut sig = vec!["self".to_string()];
            let mut keyword_only = false;
            for p in &f.params {
                if p.optional && !p.positional && !keyword_only {
                    sig.push("*".into());
                    keyword_only = true;
                }
                let ty = flow_py_type(p);
                sig.push(if p.optional {
                    format!("{}: {ty} = None", p.name)
                } else {
                    format!("{}: {ty}", p.name)
                });
            }
            let returns = py_returns(&f.returns);
            let mut doc = f.text().replace('\\', "\\\\");
            if let Some(e) = &f.example_python {
                let e = if is_async {
                    e.replacen("= client.", "= await client.", 1)
                } else {
                    e.clone()
                };
                let _ = write!(doc, "\n\n        Example::\n\n            {e}");
            }
            doc.push_str("\n\n        Args:");
            for p in &f.params {
                let _ = write!(doc, "\n            {}: {}", p.name, p.doc);
            }
            let _ = write!(
                out,
                "\n    {def} {}({}) -> {returns}:\n        \"\"\"{doc}\n        \"\"\"\n",
                f.name,
                sig.join(", ")
            );
            let args: Vec<String> = f
                .params
                .iter()
                .filter(|p| !matches!(p.ty, FlowType::File | FlowType::SaveTo))
                .map(|p| match p.ty {
                    FlowType::Callback => format!(
                        "\"{0}\": parse_callback({0}) if isinstance({0}, (bytes, bytearray)) else {0}",
                        p.name
                    ),
                    _ => format!("\"{0}\": {0}", p.name),
                })
                .collect();
            let files: Vec<&crate::codegen::FlowParam> =
                f.params.iter().filter(|p| p.ty == FlowType::File).collect();
            let files_arg = if files.is_empty() {
                "None"
            } else {
                let required: Vec<String> = files
                    .iter()
                    .filter(|p| !p.optional)
                    .map(|p| format!("\"{0}\": file_argument({0})", p.name))
                    .collect();
                let _ = writeln!(
                    out,
                    "        files: Dict[str, FileArgument] = {{{}}}",
                    required.join(", ")
                );
                for p in files.iter().filter(|p| p.optional) {
                    let _ = writeln!(
                        out,
                        "        if {0} is not None:\n            files[\"{0}\"] = file_argument({0})",
                        p.name
                    );
                }
                "files"
            };
            let save = match f.params.iter().find(|p| p.ty == FlowType::SaveTo) {
                Some(p) => format!("None if {0} is None else str({0})", p.name),
                None => "None".into(),
            };
            let invoke = format!(
                "{call}(\"{}\", {{{}}}, {files_arg}, {save})",
                f.name,
                args.join(", ")
            );
            if f.returns == Returns::Nothing {
                let _ = writeln!(out, "        {invoke}");
            } else {
                let _ = writeln!(out, "        return cast({returns}, {invoke})");
            }
        }
    }
    Ok(out)
}

pub(crate) fn options_py(spec: &Spec) -> Result<String> {
    use jumio_kyx_spec::OptionType as T;
    let options: Vec<_> = spec
        .client_options
        .iter()
        .map(|o| {
            let ty = match o.ty {
                T::Region => "Region",
                T::Str | T::Secret => "str",
                T::Seconds => "float",
                T::Count | T::Bytes => "int",
                T::Boolean => "bool",
                T::Strings => "List[str]",
                T::HostMap => "Dict[str, str]",
            };
            let doc = wrap(&docstring_text(&o.doc), 86 - o.name.len()).join("\n                ");
            serde_json::json!({"name": o.name, "ty": ty, "doc": doc})
        })
        .collect();
    crate::codegen::render(
        "options.py",
        include_str!("../templates/options.py.jinja"),
        serde_json::json!({ "options": options }),
    )
}

/// Markdown of the spec as docstring text: code in double backticks (reStructuredText), nothing
/// that ends the docstring.
fn docstring_text(markdown: &str) -> String {
    markdown
        .replace('\\', "\\\\")
        .replace('`', "``")
        .replace("\"\"\"", "'''")
}

fn errors_py(spec: &Spec) -> Result<String> {
    let kinds: Vec<_> = spec
        .error_kinds
        .iter()
        .map(|k| {
            // `builtins.` always: `TimeoutError` is a builtin and one of these classes.
            let bases = match &k.python_base {
                Some(base) => format!("JumioError, builtins.{base}"),
                None => "JumioError".to_string(),
            };
            let doc = wrap(&docstring_text(&k.text(&k.note_python)), 92).join("\n    ");
            serde_json::json!({"class": k.class, "bases": bases, "doc": doc})
        })
        .collect();
    crate::codegen::render(
        "errors.py",
        include_str!("../templates/errors.py.jinja"),
        serde_json::json!({
            "kinds": kinds,
            "builtins": spec.error_kinds.iter().any(|k| k.python_base.is_some()),
        }),
    )
}
