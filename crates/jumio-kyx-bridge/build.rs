//! Generates from the spec's model (`jumio-kyx-spec`) what the bridge lists by operation, so that
//! a new operation needs no hand-written line here:
//! * `OPERATIONS`: every name [`call`] answers to (the spec's operations in order, then the
//!   flows of `x-kyx-flows`);
//! * `call_plain`: the by-name dispatch of the plain operations (a GET or DELETE with only ids),
//!   each a call of the client's generated method.
//!
//! The spec is the one the core was built from: `JUMIO_KYX_SPEC` when set, else the repository's,
//! else the core crate's checked copy (a packaged build).

use std::env;
use std::fs;
use std::path::PathBuf;

use jumio_kyx_spec::{Spec, SuccessBody};
use quote::{format_ident, quote};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-env-changed=JUMIO_KYX_SPEC");
    let candidates: Vec<PathBuf> = env::var_os("JUMIO_KYX_SPEC")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            manifest.join("../../openapi/jumio-kyx.yaml"),
            manifest.join("../jumio-kyx/openapi/jumio-kyx.yaml"),
        ])
        .collect();
    for path in &candidates {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let path = candidates
        .iter()
        .find(|p| p.exists())
        .expect("the spec: openapi/jumio-kyx.yaml");
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let spec = Spec::parse(&text).unwrap_or_else(|e| panic!("{e}"));

    let names = spec
        .operations
        .iter()
        .map(|op| &op.name)
        .chain(spec.flows.iter().map(|f| &f.name));
    let arms = spec.operations.iter().filter(|op| op.is_plain()).map(|op| {
        let id = &op.name;
        let method = format_ident!("{}", op.name);
        let names = &op.path_params;
        let call = quote! { client.#method(#(&args.str(#names)?),*).await? };
        let output = match op.success {
            SuccessBody::Json(_) => quote! { json(#call)? },
            SuccessBody::Stream => quote! { Output::Download(#call) },
            SuccessBody::Empty => quote! {{ #call; Output::Json(serde_json::Value::Null) }},
        };
        quote! { #id => #output, }
    });
    let code = quote! {
        /// Every operation [`call`] knows: the spec's operations in spec order, then the flows
        /// (`x-kyx-flows`). Generated from the spec.
        pub const OPERATIONS: &[&str] = &[#(#names),*];

        /// Runs a plain operation by name; `None` when `operation` is not one.
        async fn call_plain(
            client: &Client,
            operation: &str,
            args: &Args<'_>,
        ) -> Result<Option<Output>, Error> {
            Ok(Some(match operation {
                #(#arms)*
                _ => return Ok(None),
            }))
        }
    };
    let file: syn::File = syn::parse2(code).expect("the generated code parses");
    fs::write(out.join("operations.rs"), prettyplease::unparse(&file))
        .expect("OUT_DIR is writable");
}
