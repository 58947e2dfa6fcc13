//! Generates from the spec's model (`jumio-kyx-spec`) what the bridge lists by operation, so that
//! a new operation needs no hand-written line here:
//! * `OPERATIONS`: every name [`call`] answers to (the spec's operations in order, then the
//!   flows of `x-kyx-flows`);
//! * `call_by_convention`: the by-name dispatch of every operation whose method takes its ids
//!   and its JSON body (the plain operations, `create_account`, `finalize_workflow`, …);
//! * `ClientOptions` (in `client_options.rs`): the options of `x-kyx-client-options`, as both
//!   packages hand them over.
//!
//! The spec is the one the core was built from: `JUMIO_KYX_SPEC` when set, else the repository's,
//! else the core crate's checked copy (a packaged build).

use std::env;
use std::fs;
use std::path::PathBuf;

use jumio_kyx_spec::{Operation, OptionType, ParamKind, RequestBody, Spec, SuccessBody};
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
    let arms = spec
        .operations
        .iter()
        .filter(|op| by_convention(op))
        .map(|op| {
            let id = &op.name;
            let method = format_ident!("{}", op.name);
            let args = op
                .params
                .iter()
                .filter(|p| p.kind != ParamKind::SaveTo)
                .map(|p| {
                    let name = &p.name;
                    match p.kind {
                        ParamKind::Body(_) => quote! { &args.body(#name)? },
                        _ => quote! { &args.str(#name)? },
                    }
                });
            let call = quote! { client.#method(#(#args),*).await? };
            let output = match op.success {
                SuccessBody::Json(_) => quote! { json(#call)? },
                SuccessBody::Stream => quote! { Output::Download(#call) },
                SuccessBody::Empty => quote! {{ #call; null() }},
            };
            quote! { #id => #output, }
        });
    let code = quote! {
        /// Every operation [`call`] knows: the spec's operations in spec order, then the flows
        /// (`x-kyx-flows`). Generated from the spec.
        pub const OPERATIONS: &[&str] = &[#(#names),*];

        /// Runs an operation of ids and a JSON body by name; `None` when `operation` is not
        /// one.
        async fn call_by_convention(
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
    let file: syn::File = syn::parse2(client_options(&spec)).expect("the generated code parses");
    fs::write(out.join("client_options.rs"), prettyplease::unparse(&file))
        .expect("OUT_DIR is writable");
}

/// Whether the client's method for `op` follows the convention the generated dispatch relies
/// on: its ids (`&str`) in path order, then its JSON body (`&T`), if any (the token request's
/// form body is neither). The plain operations are generated in the core; the others with a
/// JSON body or none (`create_account`, `finalize_workflow`) are written by hand there with that
/// signature. Uploads, the token request and the flows take other arguments and are dispatched
/// by hand.
fn by_convention(op: &Operation) -> bool {
    matches!(op.request, RequestBody::None | RequestBody::Json(_))
        && op.params.iter().all(|p| {
            // Where a download is saved is the binding's business (`call_collected`).
            matches!(
                p.kind,
                ParamKind::Str | ParamKind::Body(_) | ParamKind::SaveTo
            )
        })
}

/// The struct both packages' options are read into: one field per entry of
/// `x-kyx-client-options`, named in camelCase (Node) or snake_case (Python), times in seconds.
fn client_options(spec: &Spec) -> proc_macro2::TokenStream {
    let fields = spec.client_options.iter().map(|o| {
        let field = format_ident!("{}", o.name);
        let doc = format!(" {}", o.doc);
        let ty = match o.ty {
            OptionType::Region | OptionType::Str => quote! { String },
            OptionType::Secret => quote! { jumio_kyx::types::Secret },
            OptionType::Seconds => quote! { f64 },
            OptionType::Count => quote! { u32 },
            OptionType::Bytes => quote! { u64 },
            OptionType::Boolean => quote! { bool },
            OptionType::Strings => quote! { Vec<String> },
            OptionType::HostMap => quote! { std::collections::BTreeMap<String, String> },
        };
        let alias = (o.wire_name() != o.name).then(|| {
            let name = &o.name;
            quote! { , alias = #name }
        });
        let seconds =
            (o.ty == OptionType::Seconds).then(|| quote! { , deserialize_with = "seconds_field" });
        quote! {
            #[doc = #doc]
            #[serde(default #alias #seconds)]
            pub #field: Option<#ty>,
        }
    });
    quote! {
        /// The options of a client, as the Python and Node packages pass them: camelCase (Node)
        /// or snake_case (Python) names, `null` for unset; times in seconds. Unknown names are
        /// refused, so a typo is not silently ignored. Generated from the spec's
        /// `x-kyx-client-options`.
        ///
        /// ```
        /// use jumio_kyx_bridge::client_from_options;
        /// let client = client_from_options(serde_json::json!({
        ///     "baseUrl": "http://127.0.0.1:4010", "clientId": "id", "clientSecret": "secret",
        ///     "userAgent": "Acme/1.0", "initialBackoff": 0.05,
        /// })).unwrap();
        /// let error = client_from_options(serde_json::json!({"region": "US", "userAgent": "A/1", "deadline": -1})).unwrap_err();
        /// assert_eq!(error.field(), Some("deadline"));
        /// ```
        #[derive(Debug, Default, serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct ClientOptions {
            /// Start from `JUMIO_*` environment variables ([`ClientBuilder::from_env`]).
            #[serde(default, alias = "from_env")]
            pub from_env: Option<bool>,
            #(#fields)*
        }
    }
}
