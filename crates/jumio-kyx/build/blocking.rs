//! The blocking client's code (feature `blocking`, which turns on syn's `full` feature: only
//! then does this script parse Rust files).

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
