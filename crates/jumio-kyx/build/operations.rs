//! Every operation: its route and retry class (`operations.rs`), the client methods that wrap
//! the generated ones (`wrappers.rs`), and what progenitor cannot take (multipart bodies,
//! validation keywords).

use super::*;

pub(super) struct Operation {
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
pub(super) fn success_body(spec_id: &str, op: &openapiv3::Operation) -> &'static str {
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

pub(super) fn collect_operations(spec: &OpenAPI) -> Vec<Operation> {
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

pub(super) fn remove_multipart_operations(spec: &mut OpenAPI) {
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

pub(super) fn operations_code(ops: &[Operation]) -> TokenStream {
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

/// The names `by_name::call` answers to: every operation of the spec (snake_case, spec order),
/// then the flows of `x-kyx-flows`. Generated, so that a new operation or flow needs no list.
pub(super) fn by_name_code(ops: &[Operation], raw: &serde_yaml::Value) -> TokenStream {
    let flows = raw["x-kyx-flows"]
        .as_sequence()
        .expect("the spec lists its flows in x-kyx-flows")
        .iter()
        .map(|f| {
            f["name"]
                .as_str()
                .expect("every flow of x-kyx-flows has a name")
                .to_string()
        });
    let names = ops.iter().map(|op| op.spec_id.to_snake_case()).chain(flows);
    quote! {
        /// Every operation [`call`] knows: the spec's operations in spec order, then the flows
        /// (`x-kyx-flows`). Generated from the spec.
        pub const OPERATIONS: &[&str] = &[#(#names),*];
    }
}

/// The client methods of the plain operations ([`Operation::is_plain`]) and their by-name
/// dispatch: each checks its ids, then sends through the call driver with the spec's retry class.
pub(super) fn wrappers_code(ops: &[Operation]) -> TokenStream {
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
pub(super) fn strip_validation_keywords(spec: &mut OpenAPI) {
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
