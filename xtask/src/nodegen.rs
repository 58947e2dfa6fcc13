//! `cargo xtask gen-node [--check]`: writes the typed layer of the Node package from the spec:
//! * `ts/generated/types.ts`: an interface for every object schema (and its inline objects), a
//!   string-literal union for every enum, and the workflow keys of `x-kyx-workflows`;
//! * `ts/generated/operations.ts`: one Promise-returning camelCase method per operation;
//! * `ts/generated/flows.ts`: one method per flow of the spec's `x-kyx-flows`;
//! * `ts/generated/options.ts`: `ClientOptions`, one option per entry of `x-kyx-client-options`,
//!   and their conversion to what the core reads (from `xtask/templates/options.ts.jinja`);
//! * `ts/generated/errors.ts`: the `ErrorKind` union and the error class of every kind of the
//!   spec's `x-kyx-error-kinds` (each a `JumioError`, from the hand-written `ts/error_base.ts`;
//!   `ts/errors.ts` re-exports them).
//!
//! Every method ends with an options object that takes at least `{ signal }` (`CallOptions`, an
//! `AbortSignal` that cancels the call).
//!
//! Enums are strict where a value is only ever sent (request bodies, path parameters) and open
//! (`OpenEnum<T>`: the known values, or any other string) wherever the server may send it, so a new
//! value never breaks a program. Response objects carry an index signature for fields the spec
//! does not list yet.
//!
//! With `--check`, nothing is written and a stale file is an error (the test command runs that).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use anyhow::{Context, Result};
use serde_yaml::Value;

use crate::codegen::{FlowType, Spec};
use crate::codegen::{
    ParamKind, Returns, first_paragraph, lower_camel, ref_name, upper_camel, write_or_check,
};
use crate::root;

const HEADER: &str =
    "// Generated from openapi/jumio-kyx.yaml by `cargo xtask gen-node`; do not edit.\n";

pub fn run(check: bool) -> Result<()> {
    let spec = crate::codegen::spec()?;
    let dir = root().join("bindings/node/ts/generated");
    let files = vec![
        (dir.join("types.ts"), types_ts(&spec)?),
        (dir.join("operations.ts"), operations_ts(&spec)?),
        (dir.join("options.ts"), options_ts(&spec)?),
        (dir.join("flows.ts"), flows_ts(&spec)?),
        (dir.join("errors.ts"), errors_ts(&spec)?),
    ];
    write_or_check("Node", "gen-node", files, check)
}

/// A description as a TSDoc comment at `indent`.
fn doc(text: &str, indent: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let text = text.replace("*/", "*\\/");
    format!("{indent}/** {text} */\n")
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// What a local `$ref` points at.
fn resolve<'a>(spec: &'a Value, reference: &str) -> Option<&'a Value> {
    let mut v = spec;
    for part in reference.strip_prefix("#/")?.split('/') {
        v = v.get(part)?;
    }
    Some(v)
}

/// The schemas the server may send: everything reachable from responses and callbacks.
fn received(spec: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, spec: &Value, seen: &mut BTreeSet<String>) {
        match v {
            Value::Mapping(m) => {
                if let Some(r) = v["$ref"].as_str()
                    && seen.insert(r.to_string())
                    && let Some(target) = resolve(spec, r)
                {
                    walk(target, spec, seen);
                }
                for (_, x) in m {
                    walk(x, spec, seen);
                }
            }
            Value::Sequence(s) => s.iter().for_each(|x| walk(x, spec, seen)),
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    for (_, item) in spec["paths"].as_mapping().into_iter().flatten() {
        for (_, op) in item.as_mapping().into_iter().flatten() {
            walk(&op["responses"], spec, &mut seen);
            walk(&op["callbacks"], spec, &mut seen);
        }
    }
    seen.into_iter()
        .filter_map(|r| r.strip_prefix("#/components/schemas/").map(String::from))
        .collect()
}

struct Gen<'a> {
    schemas: &'a serde_yaml::Mapping,
    received: BTreeSet<String>,
    /// Inline object interfaces to emit: (name, schema, received).
    inline: Vec<(String, Value, bool)>,
}

impl Gen<'_> {
    /// The TypeScript type of a schema (recording inline objects under `hint`). `open` says
    /// whether the value may come from the server.
    fn ty(&mut self, v: &Value, hint: &str, open: bool) -> String {
        let base = if let Some(r) = ref_name(v) {
            let target = &self.schemas[r];
            match r {
                "OpaqueValue" => "unknown".to_string(),
                "OpaqueObject" => "Record<string, unknown>".to_string(),
                "BinaryContent" => "Buffer".to_string(),
                _ if target["type"].as_str() == Some("object") => r.to_string(),
                _ if !target["enum"].is_null() && open => format!("OpenEnum<{r}>"),
                _ if !target["enum"].is_null() => r.to_string(),
                _ => self.ty(&target.clone(), r, open),
            }
        } else if let Some(variants) = v["oneOf"].as_sequence() {
            let parts: Vec<String> = variants.iter().map(|x| self.ty(x, hint, open)).collect();
            parts.join(" | ")
        } else if let Some(values) = v["enum"].as_sequence() {
            let lits: Vec<String> = values
                .iter()
                .filter_map(|x| x.as_str())
                .map(|s| format!("'{s}'"))
                .collect();
            let union = lits.join(" | ");
            if open {
                format!("OpenEnum<{union}>")
            } else {
                union
            }
        } else {
            match v["type"].as_str() {
                Some("string") if v["format"].as_str() == Some("binary") => "Buffer".into(),
                Some("string") => "string".into(),
                Some("integer") | Some("number") => "number".into(),
                Some("boolean") => "boolean".into(),
                Some("array") => format!(
                    "Array<{}>",
                    self.ty(&v["items"], &format!("{hint}Item"), open)
                ),
                Some("object") if v["properties"].is_mapping() => {
                    self.inline.push((hint.to_string(), v.clone(), open));
                    hint.to_string()
                }
                Some("object") if v["additionalProperties"].is_mapping() => format!(
                    "Record<string, {}>",
                    self.ty(&v["additionalProperties"], &format!("{hint}Value"), open)
                ),
                Some("object") => "Record<string, unknown>".into(),
                _ => "unknown".into(),
            }
        };
        if v["nullable"].as_bool() == Some(true) {
            format!("{base} | null")
        } else {
            base
        }
    }

    fn interface(&mut self, name: &str, v: &Value, open: bool, out: &mut String) {
        let required: Vec<&str> = v["required"]
            .as_sequence()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
            .collect();
        let mut fields = String::new();
        for (k, p) in v["properties"].as_mapping().into_iter().flatten() {
            let key = k.as_str().unwrap_or_default();
            let ty = self.ty(p, &format!("{name}{}", upper_camel(key)), open);
            let mut text = first_paragraph(p);
            if let Some(kind) = p["x-sensitive"]
                .as_str()
                .or_else(|| ref_name(p).and_then(|r| self.schemas[r]["x-sensitive"].as_str()))
            {
                text.push_str(&format!(" Sensitive ({kind}): never log it."));
            }
            fields.push_str(&doc(text.trim(), "  "));
            let shown = if is_identifier(key) {
                key.to_string()
            } else {
                format!("'{key}'")
            };
            let optional = if required.contains(&key) { "" } else { "?" };
            let _ = writeln!(fields, "  {shown}{optional}: {ty};");
        }
        let text = first_paragraph(v);
        out.push('\n');
        out.push_str(&doc(if text.is_empty() { name } else { &text }, ""));
        let _ = writeln!(out, "export interface {name} {{");
        out.push_str(&fields);
        if open && !v["additionalProperties"].is_null() {
            out.push_str("  /** Fields this version of the spec does not list; kept as sent. */\n  [field: string]: unknown;\n");
        }
        out.push_str("}\n");
    }
}

fn types_ts(spec: &Spec) -> Result<String> {
    let schemas = spec.document["components"]["schemas"]
        .as_mapping()
        .context("no schemas")?;
    let mut g = Gen {
        schemas,
        received: received(&spec.document),
        inline: Vec::new(),
    };
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(
        "/**\n * Request and response bodies of the KYX API (keys as the API spells them).\n *\n \
         * Enums are unions of the documented values. Where the server sends them they are\n \
         * `OpenEnum`s: a value the spec does not know yet arrives as it was sent.\n *\n \
         * @packageDocumentation\n */\n\n\
         /** The documented values of an enum, or any other string the server may send later. */\n\
         export type OpenEnum<T extends string> = T | (string & {});\n",
    );
    for (k, v) in schemas {
        let name = k.as_str().unwrap_or_default();
        if let Some(values) = v["enum"].as_sequence() {
            let lits: Vec<String> = values
                .iter()
                .filter_map(|x| x.as_str())
                .map(|s| format!("'{s}'"))
                .collect();
            out.push('\n');
            out.push_str(&doc(&first_paragraph(v), ""));
            let _ = writeln!(out, "export type {name} = {};", lits.join(" | "));
        }
    }
    let mut emitted = BTreeMap::new();
    for (k, v) in schemas {
        let name = k.as_str().unwrap_or_default();
        if v["type"].as_str() == Some("object") && v["properties"].is_mapping() {
            let open = g.received.contains(name);
            g.interface(name, v, open, &mut out);
            emitted.insert(name.to_string(), ());
        }
    }
    while let Some((name, v, open)) = g.inline.pop() {
        if emitted.insert(name.clone(), ()).is_none() {
            g.interface(&name, &v, open, &mut out);
        }
    }
    out.push_str(
        "\n/** A downloaded part: its content type and length, and its bytes unless it was saved to a file. */\n\
         export interface DownloadedPart {\n  contentType: string | null;\n  length: number;\n  content?: Buffer;\n}\n",
    );
    workflows_ts(spec, &mut out)?;
    Ok(out)
}

/// `Workflows`: the documented workflow definition keys by name.
fn workflows_ts(spec: &Spec, out: &mut String) -> Result<()> {
    let list = spec.document["components"]["schemas"]["WorkflowDefinitionKey"]["x-kyx-workflows"]
        .as_sequence()
        .context("x-kyx-workflows")?;
    out.push_str(
        "\n/**\n * The documented workflow definition keys, by name.\n *\n * @example\n * ```ts\n \
         * import { Workflows } from 'jumio-kyx';\n \
         *\n \
         * await client.createAccount({ customerInternalReference: 'order-42', workflowDefinition: { key: Workflows.STANDALONE_ID_AND_IDENTITY_VERIFICATION } });\n \
         * ```\n */\nexport const Workflows = {\n",
    );
    for w in list {
        let slug = w["slug"].as_str().context("slug")?;
        let key = w["key"].as_u64().context("key")?;
        out.push_str(&doc(
            &format!("{key}: {}", w["name"].as_str().unwrap_or_default()),
            "  ",
        ));
        let _ = writeln!(out, "  {}: {key},", slug.to_ascii_uppercase());
    }
    out.push_str("} as const;\n");
    Ok(())
}

/// The TypeScript signature of a parameter.
/// (Options objects carry the optional ones.)
fn ts_param(p: &crate::codegen::Param) -> Option<String> {
    let name = lower_camel(&p.name);
    Some(match &p.kind {
        ParamKind::Str => format!("{name}: string"),
        ParamKind::Enum(t) | ParamKind::Body(t) => format!("{name}: T.{t}"),
        ParamKind::File => format!("{name}: FileInput"),
        ParamKind::WorkflowKey | ParamKind::SaveTo => return None,
    })
}

pub(crate) fn operations_ts(spec: &Spec) -> Result<String> {
    let ops = spec.operations.clone();
    let mut out = String::new();
    out.push_str(HEADER);
    let flow_downloads = spec
        .flows
        .clone()
        .into_iter()
        .filter(|f| f.returns == Returns::Download)
        .map(|f| format!("'{}'", f.name));
    let downloads: Vec<String> = ops
        .iter()
        .filter(|o| o.returns == Returns::Download)
        .map(|o| format!("'{}'", o.name))
        .chain(flow_downloads)
        .collect();
    out.push_str(
        &"/**\n * One Promise-returning method per operation of the spec. `Client` extends `Operations`.\n *\n \
         * @packageDocumentation\n */\n\n\
         import type * as T from './types';\nimport type { FileInput } from '../files';\n\n\
         /** What every call takes last. */\n\
         export interface CallOptions {\n  /**\n   * Cancels the call: its request is closed (the Rust future is dropped) and the call rejects\n   * with an `AbortError`; a signal already aborted rejects before anything is sent.\n   */\n  signal?: AbortSignal;\n}\n\n\
         /** Options of `uploadPreparedData` and `replacePreparedData`. */\n\
         export interface PreparedDataOptions extends CallOptions {\n  /** The workflow definition key, so the client checks the fields that workflow requires before sending. */\n  workflowKey?: number | string;\n}\n\n\
         /** Options of `downloadPart`. */\n\
         export interface DownloadOptions extends CallOptions {\n  /** Streams the part to this file instead of returning its bytes. */\n  saveTo?: string;\n}\n\n\
         /** What `Client.call` takes besides the arguments: files by argument name, where to save a download, the call's signal. */\n\
         export interface CallExtras {\n  files?: Record<string, FileInput> | undefined;\n  saveTo?: string | undefined;\n  signal?: AbortSignal | undefined;\n}\n\n\
         /** The operations whose answer is a download (bytes, or saved to a file). */\n\
         export const DOWNLOADS: readonly string[] = [{downloads}];\n\n\
         /** The operation names of the core, as `Client.call` takes them. */\n\
         export type OperationName =\n"
            .replace("{downloads}", &downloads.join(", ")),
    );
    for op in &ops {
        let _ = writeln!(out, "  | '{}'", op.name);
    }
    for f in spec.flows.clone() {
        let _ = writeln!(out, "  | '{}'", f.name);
    }
    out.push_str(
        ";\n\n\
         /** The spec's operations. Every method validates its input before any network I/O and rejects with a `JumioError`. */\n\
         export abstract class Operations {\n  \
         /** Runs an operation of the core by name. */\n  \
         protected abstract call(operation: OperationName, args: Record<string, unknown>, extras?: CallExtras): Promise<unknown>;\n",
    );
    for op in &ops {
        let mut sig: Vec<String> = op.params.iter().filter_map(ts_param).collect();
        // Every method ends with an options object: at least `{ signal }`.
        sig.push(if op.has(&ParamKind::WorkflowKey) {
            "options: PreparedDataOptions = {}".into()
        } else if op.returns == Returns::Download {
            "options: DownloadOptions = {}".into()
        } else {
            "options: CallOptions = {}".into()
        });
        let args: Vec<String> = op
            .params
            .iter()
            .filter_map(|p| match p.kind {
                ParamKind::File | ParamKind::SaveTo => None,
                ParamKind::WorkflowKey => Some(format!("{}: options.workflowKey", p.name)),
                _ => Some(format!("{}: {}", p.name, lower_camel(&p.name))),
            })
            .collect();
        let files: Vec<String> = op
            .params
            .iter()
            .filter(|p| p.kind == ParamKind::File)
            .map(|p| format!("{}: {}", p.name, lower_camel(&p.name)))
            .collect();
        let returns = match &op.returns {
            Returns::Schema(s) => format!("T.{s}"),
            Returns::Download => "T.DownloadedPart".into(),
            Returns::Nothing => "void".into(),
        };
        let mut extras = Vec::new();
        if !files.is_empty() {
            extras.push(format!("files: {{ {} }}", files.join(", ")));
        }
        if op.returns == Returns::Download {
            extras.push("saveTo: options.saveTo".into());
        }
        extras.push("signal: options.signal".into());
        let args_text = format!(
            "'{}', {{{}}}, {{ {} }}",
            op.name,
            if args.is_empty() {
                String::new()
            } else {
                format!(" {} ", args.join(", "))
            },
            extras.join(", ")
        );
        let mut text = format!("{} (`{}`).", op.summary, op.id);
        if !op.description.is_empty() && op.description != op.summary {
            text = format!(
                "{text}\n   *\n   * {}",
                op.description.replace("*/", "*\\/")
            );
        }
        let call_names: Vec<String> = op.example_args().iter().map(|a| lower_camel(a)).collect();
        let (var, save_to) = op.example_result();
        let mut call = format!("client.{}({}", lower_camel(&op.name), call_names.join(", "));
        if let Some(file) = save_to {
            let _ = write!(call, ", {{ saveTo: '{file}' }}");
        }
        let example = match var {
            Some(var) => format!("const {} = await {call});", lower_camel(&var)),
            None => format!("await {call});"),
        };
        text = format!("{text}\n   *\n   * @example\n   * ```ts\n   * {example}\n   * ```");
        let _ = write!(
            out,
            "\n  /**\n   * {text}\n   */\n  {}({}): Promise<{returns}> {{\n    return this.call({args_text}) as Promise<{returns}>;\n  }}\n",
            lower_camel(&op.name),
            sig.join(", "),
        );
    }
    out.push_str("}\n");
    Ok(out)
}

/// The TypeScript name and type of a flow parameter (milliseconds for seconds).
fn flow_ts_field(p: &crate::codegen::FlowParam) -> (String, String) {
    let name = lower_camel(&p.name);
    match &p.ty {
        FlowType::Str => (name, "string".into()),
        FlowType::File => (name, "FileInput".into()),
        FlowType::Body(s) => (name, format!("T.{s}")),
        FlowType::WorkflowKey => (name, "number | string".into()),
        FlowType::Seconds => (format!("{name}Ms"), "number".into()),
        FlowType::Number => (name, "number".into()),
        FlowType::Callback => (name, "T.CallbackPayload | Buffer | string".into()),
        FlowType::SaveTo => (name, "string".into()),
    }
}

/// How the core receives a flow parameter read from `from` (`request.`, `options.` or nothing).
fn flow_ts_value(p: &crate::codegen::FlowParam, from: &str) -> String {
    let (field, _) = flow_ts_field(p);
    let v = format!("{from}{field}");
    match p.ty {
        FlowType::Seconds => format!("seconds({v})"),
        FlowType::Callback => {
            format!("typeof {v} === 'string' || Buffer.isBuffer({v}) ? parseCallback({v}) : {v}")
        }
        _ => v,
    }
}

fn flows_ts(spec: &Spec) -> Result<String> {
    let flows = spec.flows.clone();
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(
        "/**\n * One Promise-returning method per flow of the spec's `x-kyx-flows`: methods that chain\n * operations, run by the core. `Client` extends `Flows`.\n *\n * @packageDocumentation\n */\n\n\
         import type * as T from './types';\nimport type { FileInput } from '../files';\nimport { parseCallback } from '../callback';\nimport { type CallOptions, type DownloadOptions, Operations } from './operations';\n\n\
         /** Milliseconds (Node) to seconds (the core). */\nconst seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);\n",
    );
    // The interfaces of request and options objects.
    for f in &flows {
        // Options objects extend `CallOptions` (`{ signal }`); request objects do not.
        let (iface, extends, params): (&str, &str, Vec<&crate::codegen::FlowParam>) =
            match (&f.request, &f.options) {
                (Some(r), _) => (r, "", f.params.iter().collect()),
                (None, Some(o)) => (
                    o,
                    " extends CallOptions",
                    f.params.iter().filter(|p| p.optional).collect(),
                ),
                (None, None) => continue,
            };
        let _ = write!(
            out,
            "\n/** What `{}` takes. */\nexport interface {iface}{extends} {{\n",
            lower_camel(&f.name)
        );
        for p in params {
            let (name, ty) = flow_ts_field(p);
            let doc = match p.ty {
                FlowType::Seconds => format!("{} In milliseconds.", p.doc),
                _ => p.doc.clone(),
            };
            let opt = if p.optional { "?" } else { "" };
            let _ = write!(
                out,
                "  /** {} */\n  {name}{opt}: {ty};\n",
                doc.replace("*/", "*\\/")
            );
        }
        out.push_str("}\n");
    }
    out.push_str("\n/** The flows. Every method validates its input before any network I/O and rejects with a `JumioError`. */\nexport abstract class Flows extends Operations {");
    for f in &flows {
        let returns = match &f.returns {
            Returns::Schema(s) => format!("T.{s}"),
            Returns::Download => "T.DownloadedPart".into(),
            Returns::Nothing => "void".into(),
        };
        let (sig, from_req, from_opt): (Vec<String>, &str, &str) = match (&f.request, &f.options) {
            (Some(r), _) => (
                vec![format!("request: {r}"), "options: CallOptions = {}".into()],
                "request.",
                "request.",
            ),
            (None, options) => {
                let mut sig: Vec<String> = f
                    .params
                    .iter()
                    .filter(|p| !p.optional)
                    .map(|p| {
                        let (n, t) = flow_ts_field(p);
                        format!("{n}: {t}")
                    })
                    .collect();
                let optional: Vec<_> = f.params.iter().filter(|p| p.optional).collect();
                if !optional.is_empty() {
                    let iface = match options {
                        Some(o) => o.clone(),
                        None if optional.iter().all(|p| p.ty == FlowType::SaveTo) => {
                            "DownloadOptions".into()
                        }
                        None => anyhow::bail!(
                            "{}: optional parameters need `options` (an interface name)",
                            f.name
                        ),
                    };
                    sig.push(format!("options: {iface} = {{}}"));
                } else {
                    sig.push("options: CallOptions = {}".into());
                }
                (sig, "", "options.")
            }
        };
        let from = |p: &crate::codegen::FlowParam| if p.optional { from_opt } else { from_req };
        let args: Vec<String> = f
            .params
            .iter()
            .filter(|p| !matches!(p.ty, FlowType::File | FlowType::SaveTo))
            .map(|p| format!("{}: {}", p.name, flow_ts_value(p, from(p))))
            .collect();
        let mut body = String::new();
        let files: Vec<_> = f.params.iter().filter(|p| p.ty == FlowType::File).collect();
        let files_arg = if files.is_empty() {
            "undefined".to_string()
        } else {
            let required: Vec<String> = files
                .iter()
                .filter(|p| !p.optional)
                .map(|p| format!("{}: {}", p.name, flow_ts_value(p, from(p))))
                .collect();
            let _ = writeln!(
                body,
                "    const files: Record<string, FileInput> = {{ {} }};",
                required.join(", ")
            );
            for p in files.iter().filter(|p| p.optional) {
                let v = flow_ts_value(p, from(p));
                let _ = writeln!(
                    body,
                    "    if ({v} !== undefined) files['{}'] = {v};",
                    p.name
                );
            }
            "files".into()
        };
        let save = f
            .params
            .iter()
            .find(|p| p.ty == FlowType::SaveTo)
            .map(|p| flow_ts_value(p, from(p)));
        let mut extras = Vec::new();
        if files_arg != "undefined" {
            extras.push(files_arg);
        }
        if let Some(s) = save {
            extras.push(format!("saveTo: {s}"));
        }
        extras.push("signal: options.signal".into());
        let call_args = [
            format!("'{}'", f.name),
            format!("{{ {} }}", args.join(", ")),
            format!("{{ {} }}", extras.join(", ")),
        ];
        let mut text = f.text().replace("*/", "*\\/");
        if let Some(e) = &f.example_node {
            let _ = write!(
                text,
                "\n   *\n   * @example\n   * ```ts\n   * {e}\n   * ```"
            );
        }
        let _ = write!(
            out,
            "\n  /**\n   * {}\n   */\n  {}({}): Promise<{returns}> {{\n{body}    return this.call({}) as Promise<{returns}>;\n  }}\n",
            text,
            lower_camel(&f.name),
            sig.join(", "),
            call_args.join(", "),
        );
    }
    out.push_str("}\n");
    Ok(out)
}

/// The kinds only the Node package has, after the core's in `ErrorKind`: a call cancelled through
/// its signal (`AbortError`, hand-written in `errors.ts`) and an error of no known kind (a plain
/// `JumioError`).
const NODE_ONLY_KINDS: [&str; 2] = ["aborted", "other"];

/// A TSDoc comment: one line when it fits in 100 columns, else a block wrapped at 100.
fn doc_block(text: &str) -> String {
    let text = text.replace("*/", "*\\/");
    if text.chars().count() + 7 <= 100 {
        return format!("/** {text} */\n");
    }
    let mut out = String::from("/**\n");
    for line in crate::codegen::wrap(&text, 97) {
        let _ = writeln!(out, " * {line}");
    }
    out.push_str(" */\n");
    out
}

pub(crate) fn options_ts(spec: &Spec) -> Result<String> {
    use jumio_kyx_spec::OptionType as T;
    let options: Vec<_> = spec
        .client_options
        .iter()
        .map(|o| {
            let ty = match o.ty {
                T::Region => "Region",
                T::Str | T::Secret => "string",
                T::Seconds | T::Count | T::Bytes => "number",
                T::Boolean => "boolean",
                T::Strings => "string[]",
                T::HostMap => "Record<string, string>",
            };
            serde_json::json!({
                "node_name": o.node_name(),
                "wire_name": o.wire_name(),
                "ty": ty,
                "doc": o.doc,
                "seconds": o.ty == T::Seconds,
            })
        })
        .collect();
    crate::codegen::render(
        "options.ts",
        include_str!("../templates/options.ts.jinja"),
        serde_json::json!({ "options": options }),
    )
}

fn errors_ts(spec: &Spec) -> Result<String> {
    for k in &spec.error_kinds {
        anyhow::ensure!(
            !NODE_ONLY_KINDS.contains(&k.code.as_str()),
            "error kind {}: the Node package has it already",
            k.code
        );
    }
    let codes: Vec<&str> = spec
        .error_kinds
        .iter()
        .map(|k| k.code.as_str())
        .chain(NODE_ONLY_KINDS)
        .collect();
    let kinds: Vec<_> = spec
        .error_kinds
        .iter()
        .map(|k| {
            serde_json::json!({
                "code": k.code,
                "class": k.class,
                "doc": doc_block(&k.text(&k.note_node)),
            })
        })
        .collect();
    let node_only: Vec<String> = NODE_ONLY_KINDS.iter().map(|k| format!("'{k}'")).collect();
    crate::codegen::render(
        "errors.ts",
        include_str!("../templates/errors.ts.jinja"),
        serde_json::json!({"codes": codes, "kinds": kinds, "node_only": node_only.join(" | ")}),
    )
}
