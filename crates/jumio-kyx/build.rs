//! Generates the KYX client from `openapi/jumio-kyx.yaml` into `OUT_DIR`. Nothing generated is
//! committed; `src/generated.rs` includes the output.
//!
//! Besides running progenitor, this script derives from the spec what progenitor cannot:
//! * `open_enums.rs`: every named string enum becomes an open Rust enum whose `Unknown(String)`
//!   variant keeps values the spec does not list (forward compatibility), and label enums learn
//!   which decision type each label comes with (`x-labels-by-decision`);
//! * the mapping of `x-sensitive` schemas onto the redacting types of `src/redact.rs`;
//! * `operations.rs`: every operation with its method, path, host family (its tag), retry class
//!   (`x-kyx-idempotency`) and success body kind, so that the client routes and retries requests
//!   without a hand-kept table;
//! * `workflows.rs`: a constant per documented workflow key and the table of documented
//!   workflows (`x-kyx-workflows`);
//! * with the `blocking` feature, `blocking.rs`: the blocking client's methods, one for each
//!   `pub async fn` of the async client (read from `src/`), and its builder's setters.
//!
//! Doc comments taken from the spec say its citation tags (`[DOC:NEW]`, `[INF]`) in words
//! (`build/citations.rs`, shared with the Python and TypeScript generators); other bracketed text
//! is escaped so that rustdoc does not read it as a link.
//!
//! Multipart operations are removed before generation (progenitor rejects multipart bodies) and
//! are written by hand in `src/multipart.rs`.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::PathBuf;

#[path = "build/citations.rs"]
#[allow(dead_code)] // `has_citation` is for xtask's generators
mod citations;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{format_ident, quote};

const SPEC: &str = "openapi/jumio-kyx.yaml";
/// The repository's spec, from this crate's folder: the source of truth in the workspace. A
/// packaged crate has only its own copy (`SPEC`, kept equal by `cargo xtask gen-python`).
const WORKSPACE_SPEC: &str = "../../openapi/jumio-kyx.yaml";
const HOST_FAMILIES: [&str; 5] = ["auth", "account", "api", "retrieval", "status"];

/// Schemas replaced by hand-written types, and why.
const FIXED_REPLACEMENTS: &[(&str, &str)] = &[
    // Identifiers and URLs are plain strings: the docs' own ids are not valid UUIDs.
    ("ResourceId", "::std::string::String"),
    ("Href", "::std::string::String"),
    // Keeps the server's text verbatim; parses on demand.
    ("Timestamp", "crate::lenient::Timestamp"),
    // A number or a numeric string, both seen in real traffic.
    ("WorkflowDefinitionKey", "crate::lenient::WorkflowKey"),
    ("DefinitionKey", "crate::lenient::WorkflowKey"),
    // Documented as an integer, sent as a string.
    ("CurrentAge", "crate::lenient::CurrentAge"),
    // The documented range (-1..100) is checked by the sandbox's contract tests; a client must
    // not reject a score outside it.
    ("RiskScore", "f64"),
    // Unknown fields: kept for round trips, never printed.
    ("OpaqueValue", "crate::redact::Opaque"),
];

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed={WORKSPACE_SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    let spec_path = [manifest.join(WORKSPACE_SPEC), manifest.join(SPEC)]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| manifest.join(SPEC));
    let text = fs::read_to_string(&spec_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec_path.display()));
    // `jumio_kyx::SPEC` is the text this build was generated from.
    fs::write(out.join("jumio-kyx.yaml"), &text).expect("OUT_DIR is writable");
    let mut spec: OpenAPI = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{SPEC} is not an OpenAPI 3.0 document: {e}"));
    let raw: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");

    let operations = collect_operations(&spec);
    remove_multipart_operations(&mut spec);
    strip_validation_keywords(&mut spec);
    let enums = collect_open_enums(&spec);
    check_no_inline_enums(&spec);

    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote!(crate::ClientState))
        .with_derive("PartialEq")
        .with_map_type("::std::collections::BTreeMap");
    let string_impls =
        || [progenitor::TypeImpl::FromStr, progenitor::TypeImpl::Display].into_iter();
    for e in &enums {
        settings.with_replacement(
            &e.name,
            format!("crate::open_enums::{}", e.name),
            string_impls(),
        );
    }
    for (name, kind) in collect_sensitive(&spec) {
        let target = match kind.as_str() {
            "personal-data" => "crate::redact::Pii",
            "secret" => "crate::redact::Secret",
            other => panic!("{SPEC}: schema {name} has unknown x-sensitive kind {other:?}"),
        };
        settings.with_replacement(&name, target, std::iter::empty());
    }
    for (name, target) in FIXED_REPLACEMENTS {
        assert!(
            spec.components
                .as_ref()
                .is_some_and(|c| c.schemas.contains_key(*name)),
            "{SPEC}: build.rs replaces schema {name}, which no longer exists"
        );
        settings.with_replacement(*name, *target, std::iter::empty());
    }

    let tokens = std::panic::catch_unwind(|| {
        progenitor::Generator::new(&settings).generate_tokens(&spec)
    })
    .unwrap_or_else(|_| {
        panic!(
            "progenitor panicked on {SPEC}; `cargo xtask spec-probe` finds the operation at fault"
        )
    })
    .unwrap_or_else(|e| panic!("progenitor rejected {SPEC}: {e}"));
    write_rust(&out.join("codegen.rs"), tokens);
    write_rust(&out.join("open_enums.rs"), open_enums_code(&enums));
    write_rust(&out.join("operations.rs"), operations_code(&operations));
    let wrappers = wrappers_code(&operations);
    #[cfg(feature = "blocking")]
    write_rust(
        &out.join("blocking.rs"),
        blocking::code(&manifest, wrappers.clone()),
    );
    write_rust(&out.join("wrappers.rs"), wrappers);
    write_rust(&out.join("workflows.rs"), workflow_keys_code(&raw));
    write_rust(&out.join("defaults.rs"), defaults_code(&spec));
}

fn write_rust(path: &PathBuf, tokens: TokenStream) {
    let file = syn::parse2(escape_doc_citations(tokens))
        .unwrap_or_else(|e| panic!("generated code does not parse: {e}"));
    fs::write(path, prettyplease::unparse(&file))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Applies [`escape_citations`] to every doc attribute (`#[doc = "…"]`) of generated code.
fn escape_doc_citations(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let inner = match doc_attribute_text(&group) {
                    Some(text) => {
                        let escaped = escape_citations(&citations::in_words(&text));
                        quote!(doc = #escaped)
                    }
                    None => escape_doc_citations(group.stream()),
                };
                let mut escaped = Group::new(group.delimiter(), inner);
                escaped.set_span(group.span());
                TokenTree::Group(escaped)
            }
            other => other,
        })
        .collect()
}

/// The text of the brackets of a doc attribute (`[doc = "…"]`).
fn doc_attribute_text(group: &Group) -> Option<String> {
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let mut trees = group.stream().into_iter();
    match (trees.next(), trees.next(), trees.next(), trees.next()) {
        (
            Some(TokenTree::Ident(doc)),
            Some(TokenTree::Punct(eq)),
            Some(TokenTree::Literal(text)),
            None,
        ) if doc == "doc" && eq.as_char() == '=' => {
            syn::parse2::<syn::LitStr>(TokenTree::Literal(text).into())
                .ok()
                .map(|s| s.value())
        }
        _ => None,
    }
}

/// Escapes the brackets of the spec's citation tags (`[DOC:NEW]`, `[REAL:IF, SC]`, `[INF]`: capital
/// letters, digits, colons, commas and spaces) in a doc comment, so that rustdoc shows them
/// rather than looking for an item of that name. Links (`[x](…)`, `[x][y]`) are left alone.
fn escape_citations(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let tag = after
            .find(']')
            .map(|close| (&after[..close], &after[close + 1..]));
        match tag {
            Some((inner, tail))
                if inner.starts_with(|c: char| c.is_ascii_uppercase())
                    && inner.chars().all(|c| {
                        c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, ':' | ',' | ' ')
                    })
                    && !tail.starts_with(['(', '[']) =>
            {
                out.push_str("\\[");
                out.push_str(inner);
                out.push_str("\\]");
                rest = tail;
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ------------------------------------------------------------------------------------ operations

struct Operation {
    spec_id: String,
    method: &'static str,
    path: String,
    family: String,
    multipart: bool,
    /// `x-kyx-idempotency`: `safe` or `unsafe`.
    idempotency: String,
    /// What the success response carries: `json`, `stream` or `empty`.
    body: &'static str,
    /// The path parameters, snake_case, in path order.
    path_params: Vec<String>,
    /// Whether it takes a request body.
    has_body: bool,
    /// The schema of a JSON success response.
    response_schema: Option<String>,
    /// Summary and first paragraph of the description, for the generated method's doc.
    doc: String,
}

impl Operation {
    /// An operation whose client method has nothing to check but its ids: a GET or DELETE with
    /// id path parameters only. Its method and its by-name dispatch are generated
    /// (`wrappers_code`); the others are written in `src/client/operations.rs`.
    fn is_plain(&self) -> bool {
        matches!(self.method, "GET" | "DELETE")
            && !self.has_body
            && !self.multipart
            && self.path_params.iter().all(|p| p.ends_with("_id"))
    }
}

/// The body kind of an operation's 200 response.
fn success_body(spec_id: &str, op: &openapiv3::Operation) -> &'static str {
    let ok = op
        .responses
        .responses
        .get(&openapiv3::StatusCode::Code(200))
        .unwrap_or_else(|| panic!("{SPEC}: {spec_id} has no 200 response"));
    let ReferenceOr::Item(ok) = ok else {
        panic!("{SPEC}: {spec_id}'s 200 response must not be a $ref")
    };
    match ok.content.keys().next().map(String::as_str) {
        None => "empty",
        Some("application/json") => "json",
        Some(_) => "stream",
    }
}

fn collect_operations(spec: &OpenAPI) -> Vec<Operation> {
    let mut ops = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            panic!("{SPEC}: path {path} must not be a $ref")
        };
        for (method, op) in item.iter() {
            let spec_id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| panic!("{SPEC}: {method} {path} has no operationId"));
            let family = match op.tags.as_slice() {
                [tag] if HOST_FAMILIES.contains(&tag.as_str()) => tag.clone(),
                tags => panic!(
                    "{SPEC}: {spec_id} must have exactly one tag among {HOST_FAMILIES:?}, has {tags:?}"
                ),
            };
            let multipart = match &op.request_body {
                Some(ReferenceOr::Item(body)) => body.content.contains_key("multipart/form-data"),
                _ => false,
            };
            let method = match method {
                "get" => "GET",
                "put" => "PUT",
                "post" => "POST",
                "delete" => "DELETE",
                other => {
                    panic!("{SPEC}: {spec_id} uses method {other}, which the client does not route")
                }
            };
            let idempotency = match op
                .extensions
                .get("x-kyx-idempotency")
                .and_then(|v| v.as_str())
            {
                Some(v @ ("safe" | "unsafe")) => v.to_string(),
                other => panic!(
                    "{SPEC}: {spec_id} needs `x-kyx-idempotency: safe | unsafe` (has {other:?})"
                ),
            };
            let body = success_body(&spec_id, op);
            let path_params = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .map(|p| p.to_snake_case())
                .collect();
            let response_schema = match op
                .responses
                .responses
                .get(&openapiv3::StatusCode::Code(200))
            {
                Some(ReferenceOr::Item(ok)) => ok
                    .content
                    .get("application/json")
                    .and_then(|m| m.schema.as_ref())
                    .and_then(|s| match s {
                        ReferenceOr::Reference { reference } => {
                            reference.rsplit('/').next().map(String::from)
                        }
                        ReferenceOr::Item(_) => None,
                    }),
                _ => None,
            };
            let first = |t: &Option<String>| {
                t.as_deref()
                    .unwrap_or_default()
                    .split("\n\n")
                    .next()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let summary = first(&op.summary);
            let description = first(&op.description);
            let doc = if description.is_empty() || description == summary {
                format!("`{spec_id}`: {summary}")
            } else {
                format!("`{spec_id}`: {summary}. {description}")
            };
            ops.push(Operation {
                spec_id,
                method,
                path: path.clone(),
                family,
                multipart,
                idempotency,
                body,
                path_params,
                has_body: op.request_body.is_some(),
                response_schema,
                doc,
            });
        }
    }
    ops
}

fn remove_multipart_operations(spec: &mut OpenAPI) {
    let is_multipart = |op: &Option<openapiv3::Operation>| {
        matches!(op, Some(op) if matches!(&op.request_body,
            Some(ReferenceOr::Item(body)) if body.content.contains_key("multipart/form-data")))
    };
    spec.paths.paths.retain(|_, item| {
        let ReferenceOr::Item(item) = item else {
            return true;
        };
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ] {
            if is_multipart(op) {
                *op = None;
            }
        }
        item.iter().next().is_some()
    });
}

fn operations_code(ops: &[Operation]) -> TokenStream {
    let entries = ops.iter().map(|op| {
        let id = op.spec_id.to_snake_case();
        let spec_id = &op.spec_id;
        let method = op.method;
        let path = &op.path;
        let family = format_ident!("{}", op.family.to_upper_camel_case());
        let generated = !op.multipart;
        let idempotency = format_ident!("{}", op.idempotency.to_upper_camel_case());
        let body = format_ident!("{}", op.body.to_upper_camel_case());
        quote! {
            crate::routing::Operation {
                id: #id,
                spec_id: #spec_id,
                method: #method,
                path: #path,
                family: crate::routing::HostFamily::#family,
                generated: #generated,
                idempotency: crate::retry::Idempotency::#idempotency,
                body: crate::routing::ResponseBody::#body,
            }
        }
    });
    quote! {
        /// Every operation of `openapi/jumio-kyx.yaml`, in spec order, with the host family named by
        /// its tag. `generated: false` marks the multipart operations written by hand.
        pub const OPERATIONS: &[crate::routing::Operation] = &[#(#entries),*];
    }
}

/// The client methods of the plain operations ([`Operation::is_plain`]) and their by-name
/// dispatch: each checks its ids, then sends through the call driver with the spec's retry class.
fn wrappers_code(ops: &[Operation]) -> TokenStream {
    let plain: Vec<&Operation> = ops.iter().filter(|o| o.is_plain()).collect();
    let methods = plain.iter().map(|op| {
        let name = format_ident!("{}", op.spec_id.to_snake_case());
        let id = op.spec_id.to_snake_case();
        let doc = &op.doc;
        let params: Vec<_> = op
            .path_params
            .iter()
            .map(|p| format_ident!("{p}"))
            .collect();
        let names = &op.path_params;
        let check = if params.is_empty() {
            quote! {}
        } else {
            quote! { ids(&[#((#names, #params)),*])?; }
        };
        let send = quote! { || self.raw.#name()#(.#params(#params))*.send() };
        let (returns, body) = match op.body {
            "json" => {
                let schema = format_ident!(
                    "{}",
                    op.response_schema.as_deref().unwrap_or_else(|| panic!(
                        "{SPEC}: {} answers JSON without a $ref",
                        op.spec_id
                    ))
                );
                (
                    quote! { types::#schema },
                    quote! { self.send_json(Call::to(#id), #send).await },
                )
            }
            "stream" => (
                quote! { Download },
                quote! {
                    let rv = self.send_raw(Call::to(#id), #send).await?;
                    Ok(Download::from_response(rv))
                },
            ),
            _ => (
                quote! { () },
                quote! {
                    self.send_raw(Call::to(#id), #send).await?;
                    Ok(())
                },
            ),
        };
        quote! {
            #[doc = #doc]
            pub async fn #name(&self, #(#params: &str),*) -> Result<#returns, Error> {
                #check
                #body
            }
        }
    });
    let arms = plain.iter().map(|op| {
        let name = format_ident!("{}", op.spec_id.to_snake_case());
        let id = op.spec_id.to_snake_case();
        let names = &op.path_params;
        let call = quote! { client.#name(#(&args.str(#names)?),*).await? };
        let output = match op.body {
            "json" => quote! { json(#call)? },
            "stream" => quote! { Output::Download(#call) },
            _ => quote! {{ #call; Output::Json(serde_json::Value::Null) }},
        };
        quote! { #id => #output, }
    });
    quote! {
        impl Client {
            #(#methods)*
        }

        /// Runs a plain operation by name; `None` when `operation` is not one.
        pub(crate) async fn call_plain(
            client: &Client,
            operation: &str,
            args: &Args<'_>,
        ) -> Result<Option<Output>, Error> {
            Ok(Some(match operation {
                #(#arms)*
                _ => return Ok(None),
            }))
        }
    }
}

/// Removes lengths, patterns and bounds from the schemas progenitor sees. With them, typify
/// generates a validating newtype per constrained field (`AccountRequestCallbackUrl`) that is
/// awkward to build and fails without naming the field. The spec keeps the constraints: the
/// sandbox and the contract tests enforce them, and `src/validate.rs` checks them before a
/// request is sent, naming the field (a test reads the limits back from the spec).
fn strip_validation_keywords(spec: &mut OpenAPI) {
    fn strip(schema: &mut Schema) {
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                s.pattern = None;
                s.min_length = None;
                s.max_length = None;
            }
            SchemaKind::Type(Type::Integer(i)) => {
                i.minimum = None;
                i.maximum = None;
            }
            SchemaKind::Type(Type::Number(n)) => {
                n.minimum = None;
                n.maximum = None;
            }
            SchemaKind::Type(Type::Array(a)) => {
                a.min_items = None;
                a.max_items = None;
                if let Some(ReferenceOr::Item(items)) = &mut a.items {
                    strip(items);
                }
            }
            SchemaKind::Type(Type::Object(o)) => {
                for p in o.properties.values_mut() {
                    if let ReferenceOr::Item(p) = p {
                        strip(p);
                    }
                }
                if let Some(openapiv3::AdditionalProperties::Schema(p)) =
                    &mut o.additional_properties
                    && let ReferenceOr::Item(p) = p.as_mut()
                {
                    strip(p);
                }
            }
            SchemaKind::OneOf { one_of: v }
            | SchemaKind::AnyOf { any_of: v }
            | SchemaKind::AllOf { all_of: v } => {
                for p in v.iter_mut() {
                    if let ReferenceOr::Item(p) = p {
                        strip(p);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(components) = &mut spec.components {
        for schema in components.schemas.values_mut() {
            if let ReferenceOr::Item(s) = schema {
                strip(s);
            }
        }
    }
}

// ------------------------------------------------------------------------------------ open enums

struct OpenEnum {
    name: String,
    description: String,
    values: Vec<String>,
    /// label → decision type, from `x-labels-by-decision`.
    decision_of: BTreeMap<String, String>,
}

fn schemas(spec: &OpenAPI) -> impl Iterator<Item = (&String, &Schema)> {
    spec.components
        .iter()
        .flat_map(|c| c.schemas.iter())
        .filter_map(|(name, s)| match s {
            ReferenceOr::Item(s) => Some((name, s)),
            ReferenceOr::Reference { .. } => None,
        })
}

fn collect_open_enums(spec: &OpenAPI) -> Vec<OpenEnum> {
    let mut out = Vec::new();
    for (name, schema) in schemas(spec) {
        let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
            continue;
        };
        if s.enumeration.is_empty() {
            continue;
        }
        let values: Vec<String> = s
            .enumeration
            .iter()
            .map(|v| {
                v.clone()
                    .unwrap_or_else(|| panic!("{SPEC}: enum {name} lists null"))
            })
            .collect();
        let mut decision_of = BTreeMap::new();
        if let Some(map) = schema.schema_data.extensions.get("x-labels-by-decision") {
            let map = map
                .as_object()
                .unwrap_or_else(|| panic!("{name}: x-labels-by-decision"));
            for (decision, labels) in map {
                for label in labels.as_array().into_iter().flatten() {
                    let label = label.as_str().expect("label").to_string();
                    assert!(
                        values.contains(&label),
                        "{SPEC}: {name} maps {label}, not in its enum"
                    );
                    if let Some(prev) = decision_of.insert(label.clone(), decision.clone()) {
                        panic!("{SPEC}: {name}.{label} is under both {prev} and {decision}");
                    }
                }
            }
            for v in &values {
                assert!(
                    decision_of.contains_key(v),
                    "{SPEC}: {name}.{v} has no decision type"
                );
            }
        }
        out.push(OpenEnum {
            name: name.clone(),
            description: schema.schema_data.description.clone().unwrap_or_default(),
            values,
            decision_of,
        });
    }
    out
}

/// Inline enums would become closed Rust enums (a new server value would break parsing), so every
/// enum must be a named component.
fn check_no_inline_enums(spec: &OpenAPI) {
    fn walk(schema: &ReferenceOr<Schema>, at: &str, top: bool) {
        let ReferenceOr::Item(s) = schema else { return };
        if let SchemaKind::Type(Type::String(st)) = &s.schema_kind {
            assert!(
                top || st.enumeration.is_empty(),
                "{SPEC}: inline enum at {at}; make it a named schema so clients keep unknown values"
            );
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for (k, p) in &o.properties {
                    walk(&p.clone().unbox(), &format!("{at}.{k}"), false);
                }
                if let Some(openapiv3::AdditionalProperties::Schema(p)) = &o.additional_properties {
                    walk(p, &format!("{at}.*"), false);
                }
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    walk(&items.clone().unbox(), &format!("{at}[]"), false);
                }
            }
            SchemaKind::OneOf { one_of: v }
            | SchemaKind::AnyOf { any_of: v }
            | SchemaKind::AllOf { all_of: v } => {
                for (i, p) in v.iter().enumerate() {
                    walk(p, &format!("{at}/{i}"), false);
                }
            }
            _ => {}
        }
    }
    for (name, schema) in schemas(spec) {
        walk(&ReferenceOr::Item(schema.clone()), name, true);
    }
}

fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    assert!(
        name != "Unknown",
        "enum value {value:?} collides with the Unknown variant"
    );
    name
}

fn open_enums_code(enums: &[OpenEnum]) -> TokenStream {
    let items = enums.iter().map(|e| {
        let name = format_ident!("{}", e.name);
        let doc = format!(
            "{}\n\nOpen enum: a value this SDK version does not know is kept in `Unknown`, so a new \
             server value never breaks parsing and re-serialises unchanged.",
            e.description.trim()
        );
        let variants: Vec<_> = e.values.iter().map(|v| format_ident!("{}", variant_name(v))).collect();
        let values = &e.values;
        let variant_docs = e.values.iter().map(|v| match e.decision_of.get(v) {
            Some(d) => format!("`{v}` (decision type {d})"),
            None => format!("`{v}`"),
        });
        let decision_fn = if e.decision_of.is_empty() {
            quote! {}
        } else {
            let arms = e.values.iter().map(|v| {
                let variant = format_ident!("{}", variant_name(v));
                let d = format_ident!("{}", variant_name(&e.decision_of[v]));
                quote! { Self::#variant => Some(DecisionType::#d) }
            });
            quote! {
                /// The decision type this label comes with (`x-labels-by-decision` in the spec);
                /// `None` for an unknown label.
                pub fn decision_type(&self) -> Option<DecisionType> {
                    match self {
                        #(#arms,)*
                        Self::Unknown(_) => None,
                    }
                }
            }
        };
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #(#[doc = #variant_docs] #variants,)*
                /// A value the spec does not list, kept verbatim.
                Unknown(String),
            }

            impl #name {
                /// Every value the spec lists, in spec order.
                pub const KNOWN: &'static [Self] = &[#(Self::#variants),*];

                /// The wire value.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #values,)*
                        Self::Unknown(v) => v.as_str(),
                    }
                }

                /// Whether the value is one the spec does not list.
                pub fn is_unknown(&self) -> bool {
                    matches!(self, Self::Unknown(_))
                }

                #decision_fn
            }

            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#values => Self::#variants,)*
                        other => Self::Unknown(other.to_string()),
                    }
                }
            }

            impl From<String> for #name {
                fn from(value: String) -> Self {
                    match Self::from(value.as_str()) {
                        Self::Unknown(_) => Self::Unknown(value),
                        known => known,
                    }
                }
            }

            impl std::str::FromStr for #name {
                type Err = std::convert::Infallible;
                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                    Ok(Self::from(value.into_owned()))
                }
            }
        }
    });
    quote! { #(#items)* }
}

// ------------------------------------------------------------------------------ sensitive values

fn collect_sensitive(spec: &OpenAPI) -> Vec<(String, String)> {
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

// ---------------------------------------------------------------------------------------- defaults

/// typify derives no `Default` for structs that keep unknown fields (`extra`), and its builders
/// insist on `extra` being set. Every object whose properties are all optional gets a `Default`
/// (through the builder, which cannot fail when nothing is required), so request bodies can be
/// written as `PreparedData { first_name: …, ..Default::default() }`.
fn defaults_code(spec: &OpenAPI) -> TokenStream {
    fn qualifies(s: &Schema) -> bool {
        matches!(&s.schema_kind, SchemaKind::Type(Type::Object(o))
            if o.required.is_empty()
                && !o.properties.is_empty()
                && matches!(o.additional_properties, Some(openapiv3::AdditionalProperties::Schema(_))))
    }
    let mut names = Vec::new();
    for (name, schema) in schemas(spec) {
        if qualifies(schema) {
            names.push(name.clone());
        }
        if let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind {
            for (prop, p) in &o.properties {
                if let ReferenceOr::Item(p) = p
                    && qualifies(p)
                {
                    names.push(format!("{name}{}", prop.to_upper_camel_case()));
                }
            }
        }
    }
    let impls = names.iter().map(|n| {
        let ty = format_ident!("{n}");
        quote! {
            impl Default for crate::generated::types::#ty {
                fn default() -> Self {
                    crate::generated::types::builder::#ty::default()
                        .extra(::std::collections::BTreeMap::new())
                        .try_into()
                        .expect("every field of this type is optional")
                }
            }
        }
    });
    quote! { #(#impls)* }
}

// ---------------------------------------------------------------------------------- workflow keys

fn workflow_keys_code(raw: &serde_yaml::Value) -> TokenStream {
    let workflows = raw["components"]["schemas"]["WorkflowDefinitionKey"]["x-kyx-workflows"]
        .as_sequence()
        .unwrap_or_else(|| panic!("{SPEC}: WorkflowDefinitionKey has no x-kyx-workflows list"));
    let strings = |v: &serde_yaml::Value| -> Vec<String> {
        v.as_sequence()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(String::from))
            .collect()
    };
    let mut consts = Vec::new();
    let mut infos = Vec::new();
    for w in workflows {
        let key = w["key"].as_u64().expect("x-kyx-workflows[].key");
        let slug = w["slug"]
            .as_str()
            .unwrap_or_else(|| panic!("workflow {key} has no slug"));
        let name = w["name"]
            .as_str()
            .unwrap_or_else(|| panic!("workflow {key} has no name"));
        let ident = format_ident!("{}", slug.to_shouty_snake_case());
        let doc = format!("{key}: {name}.");
        consts.push(quote! { #[doc = #doc] pub const #ident: Self = Self::number(#key); });
        let user_reference_required = w["userReferenceRequired"].as_bool().unwrap_or(false);
        let account_must_exist = w["accountMustExist"].as_bool().unwrap_or(false);
        let prepared = strings(&w["preparedData"]);
        let capabilities = strings(&w["capabilities"]);
        let credentials = w["credentials"].as_sequence().into_iter().flatten().map(|c| {
            let category = c["category"].as_str().unwrap_or_default();
            let channels = strings(&c["channels"]);
            let parts = strings(&c["parts"]);
            quote! { crate::workflows::CredentialInfo { category: #category, channels: &[#(#channels),*], parts: &[#(#parts),*] } }
        });
        infos.push(quote! {
            crate::workflows::WorkflowInfo {
                key: #key,
                slug: #slug,
                name: #name,
                user_reference_required: #user_reference_required,
                account_must_exist: #account_must_exist,
                prepared_data: &[#(#prepared),*],
                credentials: &[#(#credentials),*],
                capabilities: &[#(#capabilities),*],
            }
        });
    }
    quote! {
        impl crate::lenient::WorkflowKey {
            #(#consts)*
        }

        /// The documented workflow definitions (`x-kyx-workflows` in the spec).
        pub const WORKFLOWS: &[crate::workflows::WorkflowInfo] = &[#(#infos),*];
    }
}

// -------------------------------------------------------------------------------------- blocking

/// The blocking client's code (feature `blocking`, which turns on syn's `full` feature: only
/// then does this script parse Rust files).
#[cfg(feature = "blocking")]
mod blocking {
    use std::fs;
    use std::path::{Path, PathBuf};

    use proc_macro2::TokenStream;
    use quote::quote;

    /// The blocking client's methods and builder setters (`src/blocking/mod.rs` includes them):
    /// * for each `pub async fn` of an `impl Client` block in `src/` (the blocking client's own
    ///   folder aside) and of the generated plain operations, a method of the same name, arguments
    ///   and docs that runs it on the blocking client's runtime;
    /// * for each setter of `impl ClientBuilder` (`pub fn x(mut self, …) -> Self`), a setter of the
    ///   blocking builder that forwards to it.
    ///
    /// So a new operation, flow or setter of the async client has its blocking form without a line
    /// written, and the two cannot drift apart.
    pub fn code(manifest: &Path, plain: TokenStream) -> TokenStream {
        let src = manifest.join("src");
        println!("cargo:rerun-if-changed={}", src.display());
        let mut paths = Vec::new();
        rust_files(&src, &src.join("blocking"), &mut paths);
        paths.sort();
        let mut files: Vec<syn::File> = paths
            .iter()
            .map(|path| {
                let text = fs::read_to_string(path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                syn::parse_file(&text)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
            })
            .collect();
        files.push(syn::parse2(plain).expect("the plain operations parse"));
        let (mut methods, mut setters) = (Vec::new(), Vec::new());
        for file in &files {
            for item in &file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                let syn::Type::Path(ty) = &*block.self_ty else {
                    continue;
                };
                // `impl Client` of this crate's client (the generated layer's is
                // `generated::Client` and has no `pub async fn`).
                let Some(ty) = ty.path.get_ident().filter(|_| block.trait_.is_none()) else {
                    continue;
                };
                for member in &block.items {
                    let syn::ImplItem::Fn(f) = member else {
                        continue;
                    };
                    if !matches!(f.vis, syn::Visibility::Public(_)) {
                        continue;
                    }
                    if ty == "Client" && f.sig.asyncness.is_some() {
                        methods.push(blocking_method(f));
                    } else if ty == "ClientBuilder" && is_setter(&f.sig) {
                        setters.push(forwarding_setter(f));
                    }
                }
            }
        }
        quote! {
            impl Client {
                #(#methods)*
            }

            impl ClientBuilder {
                #(#setters)*
            }
        }
    }

    /// The Rust files under `dir`, but those under `skip`.
    fn rust_files(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path == skip {
                continue;
            }
            if path.is_dir() {
                rust_files(&path, skip, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// `pub async fn name(&self, a: A, …) -> Result<T, Error>` becomes `pub fn name(&self, a: A, …)
    /// -> Result<T, Error>`, run by `blocking::Client::run` (which turns an async `Download` into a
    /// blocking one).
    fn blocking_method(f: &syn::ImplItemFn) -> TokenStream {
        twin(f, "The blocking form of [`crate::Client::", |name, args| {
            quote! { self.run(self.inner.#name(#(#args),*)) }
        })
    }

    /// Whether a builder method is a setter: takes the builder by value and returns it.
    fn is_setter(sig: &syn::Signature) -> bool {
        let by_value =
            matches!(sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if r.reference.is_none());
        let returns_self = matches!(&sig.output, syn::ReturnType::Type(_, t)
            if matches!(&**t, syn::Type::Path(p) if p.path.is_ident("Self")));
        by_value && returns_self
    }

    /// `pub fn name(mut self, a: A) -> Self` becomes `pub fn name(self, a: A) -> Self` that sets
    /// the wrapped async builder.
    fn forwarding_setter(f: &syn::ImplItemFn) -> TokenStream {
        twin(f, "As [`crate::ClientBuilder::", |name, args| {
            quote! { Self(self.0.#name(#(#args),*)) }
        })
    }

    /// The blocking twin of a method of an async type: the same signature (not `async`, no
    /// `mut` binding), the same docs and a pointer to the original (`pointer`, then its name),
    /// and the body `forward` writes from the method's name and arguments.
    fn twin(
        f: &syn::ImplItemFn,
        pointer: &str,
        forward: impl Fn(&syn::Ident, &[syn::Ident]) -> TokenStream,
    ) -> TokenStream {
        let mut sig = f.sig.clone();
        sig.asyncness = None;
        if let Some(syn::FnArg::Receiver(r)) = sig.inputs.first_mut() {
            r.mutability = None;
        }
        let args = argument_names(&mut sig);
        let body = forward(&sig.ident, &args);
        let attrs = copied_attributes(&f.attrs);
        let see = format!(" {pointer}{}`].", sig.ident);
        quote! {
            #(#attrs)*
            #[doc = ""]
            #[doc = #see]
            pub #sig {
                #body
            }
        }
    }

    /// The names of a method's arguments (after `self`), each a plain identifier; `mut` is dropped
    /// from the signature (a forwarded argument is not changed).
    fn argument_names(sig: &mut syn::Signature) -> Vec<syn::Ident> {
        let method = sig.ident.to_string();
        sig.inputs
            .iter_mut()
            .filter_map(|input| match input {
                syn::FnArg::Receiver(_) => None,
                syn::FnArg::Typed(t) => match &mut *t.pat {
                    syn::Pat::Ident(p) => {
                        p.mutability = None;
                        Some(p.ident.clone())
                    }
                    _ => panic!("build.rs: an argument of {method} is a pattern; name it"),
                },
            })
            .collect()
    }

    /// The attributes a blocking twin keeps: `cfg`, `deprecated`, and the docs up to the first code
    /// block (an example calls the async method).
    fn copied_attributes(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
        let mut kept = Vec::new();
        let mut in_docs = true;
        for attr in attrs {
            if let Some(text) = doc_text(attr) {
                in_docs &= !text.trim_start().starts_with("```");
                if in_docs {
                    kept.push(attr.clone());
                }
            } else if attr.path().is_ident("cfg") || attr.path().is_ident("deprecated") {
                kept.push(attr.clone());
            }
        }
        // No empty doc lines before the pointer to the async method.
        while kept
            .last()
            .and_then(doc_text)
            .is_some_and(|t| t.trim().is_empty())
        {
            kept.pop();
        }
        kept
    }

    /// The text of a `#[doc = "…"]` attribute (a `///` line).
    fn doc_text(attr: &syn::Attribute) -> Option<String> {
        match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                path,
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) if path.is_ident("doc") => Some(text.value()),
            _ => None,
        }
    }
}
