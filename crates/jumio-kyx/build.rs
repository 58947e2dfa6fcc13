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
//! * `blocking.rs`: the blocking client's twins of the plain operations (the feature `blocking`
//!   includes it; the twins of the hand-written methods are `src/blocking/twins.rs`, written by
//!   `cargo xtask gen-blocking`).
//!
//! Doc comments taken from the spec say its citation tags (`[DOC:NEW]`, `[INF]`) in words
//! (`build/citations.rs`, shared with the Python and TypeScript generators); other bracketed text
//! is escaped so that rustdoc does not read it as a link.
//!
//! Multipart operations are removed before generation (progenitor rejects multipart bodies) and
//! are written by hand in `src/multipart.rs`.
//!
//! Each derived file has its module in `build/` (`operations.rs`, `open_enums.rs`,
//! `sensitive.rs`, `defaults.rs`, `workflows.rs`); this file reads the spec into its one model
//! (`jumio-kyx-spec`), runs progenitor and writes what they derive.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::PathBuf;

#[path = "build/defaults.rs"]
mod defaults;
#[path = "build/open_enums.rs"]
mod open_enums;
#[path = "build/operations.rs"]
mod operations;
#[path = "build/sensitive.rs"]
mod sensitive;
#[path = "build/workflows.rs"]
mod workflows;

use defaults::defaults_code;
use open_enums::{check_no_inline_enums, collect_open_enums, open_enums_code};
use operations::{
    inline_id_parameters, operations_code, remove_multipart_operations, strip_validation_keywords,
    wrappers_code,
};
use sensitive::sensitive_replacements;
use workflows::workflow_keys_code;

use jumio_kyx_spec::case::{shouty_snake, upper_camel};
use jumio_kyx_spec::citations;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{format_ident, quote};

const SPEC: &str = "openapi/jumio-kyx.yaml";
/// The repository's spec, from this crate's folder: the source of truth in the workspace. A
/// packaged crate has only its own copy (`SPEC`, kept equal by `cargo xtask gen-python`).
const WORKSPACE_SPEC: &str = "../../openapi/jumio-kyx.yaml";

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
    // `JUMIO_KYX_SPEC` names another spec: `cargo xtask ci` builds the client from one with a
    // throwaway operation, to prove that a new operation needs no hand-written list.
    println!("cargo:rerun-if-env-changed=JUMIO_KYX_SPEC");
    let spec_path = env::var_os("JUMIO_KYX_SPEC")
        .map(PathBuf::from)
        .into_iter()
        .chain([manifest.join(WORKSPACE_SPEC), manifest.join(SPEC)])
        .find(|p| p.exists())
        .unwrap_or_else(|| manifest.join(SPEC));
    if let Some(other) = env::var_os("JUMIO_KYX_SPEC") {
        println!("cargo:rerun-if-changed={}", PathBuf::from(other).display());
    }
    let text = fs::read_to_string(&spec_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec_path.display()));
    // `jumio_kyx::SPEC` is the text this build was generated from.
    fs::write(out.join("jumio-kyx.yaml"), &text).expect("OUT_DIR is writable");
    let mut spec: OpenAPI = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{SPEC} is not an OpenAPI 3.0 document: {e}"));
    // The one model of the spec (operations, flows, workflows, sensitive schemas); progenitor
    // reads the schemas from `spec`.
    let model = jumio_kyx_spec::Spec::parse(&text).unwrap_or_else(|e| panic!("{e}"));

    remove_multipart_operations(&mut spec);
    strip_validation_keywords(&mut spec);
    inline_id_parameters(&mut spec);
    let enums = collect_open_enums(&spec);
    check_no_inline_enums(&spec);

    // Positional methods (`get_account(account_id)`), not builders: the client wraps every
    // operation, and builders (one per operation and per type) were four fifths of the generated
    // code, most of its users' compile time, and made each call copy its ids and body.
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Positional)
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
    for (name, target) in sensitive_replacements(&model) {
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
    let generated = write_rust(&out.join("codegen.rs"), tokens);
    write_rust(&out.join("open_enums.rs"), open_enums_code(&enums));
    write_rust(
        &out.join("operations.rs"),
        operations_code(&model.operations),
    );
    let (wrappers, blocking) = wrappers_code(&model.operations);
    write_rust(&out.join("wrappers.rs"), wrappers);
    write_rust(&out.join("blocking.rs"), blocking);
    write_rust(
        &out.join("workflows.rs"),
        workflow_keys_code(&model.workflows),
    );
    write_rust(&out.join("defaults.rs"), defaults_code(&spec, &generated));
}

/// Writes generated code, formatted, and returns it parsed.
fn write_rust(path: &PathBuf, tokens: TokenStream) -> syn::File {
    let file = syn::parse2(escape_doc_citations(tokens))
        .unwrap_or_else(|e| panic!("generated code does not parse: {e}"));
    fs::write(path, prettyplease::unparse(&file))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    file
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
