//! Every operation of the spec's model: its route and retry class (`operations.rs`), the
//! client methods that wrap the generated ones (`wrappers.rs`), and what progenitor cannot take
//! (multipart bodies, validation keywords).

use super::*;
use jumio_kyx_spec::{Operation, RequestBody, SuccessBody};

pub(super) fn remove_multipart_operations(spec: &mut OpenAPI) {
    let is_multipart = |op: &Option<openapiv3::Operation>| {
        matches!(op, Some(op) if matches!(&op.request_body,
            Some(ReferenceOr::Item(body)) if body.content.contains_key("multipart/form-data")))
    };
    spec.paths.paths.retain(|_, item| {
        let ReferenceOr::Item(item) = item else {
            return true;
        };
        for op in operation_slots(item) {
            if is_multipart(op) {
                *op = None;
            }
        }
        item.iter().next().is_some()
    });
}

/// A path item's operations, one slot per method (openapiv3 iterates them only by reference).
fn operation_slots(item: &mut openapiv3::PathItem) -> [&mut Option<openapiv3::Operation>; 8] {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
}

pub(super) fn operations_code(ops: &[Operation]) -> TokenStream {
    let entries = ops.iter().map(|op| {
        let id = &op.name;
        let spec_id = &op.id;
        let method = op.method;
        let path = &op.path;
        let family = format_ident!("{}", upper_camel(&op.family));
        let generated = op.request != RequestBody::Multipart;
        let idempotency = format_ident!("{}", upper_camel(op.idempotency.as_str()));
        let body = format_ident!("{}", upper_camel(op.success.kind()));
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

/// The client methods of the plain operations ([`Operation::is_plain`]): each checks its ids,
/// then sends through the call driver with the spec's retry class.
/// Also their blocking twins (`blocking.rs`, with the `blocking` feature): each runs the async
/// method on the blocking client's runtime.
pub(super) fn wrappers_code(ops: &[Operation]) -> (TokenStream, TokenStream) {
    let plain: Vec<&Operation> = ops.iter().filter(|o| o.is_plain()).collect();
    let mut twins = Vec::new();
    let methods = plain.iter().map(|op| {
        let name = format_ident!("{}", op.name);
        let id = &op.name;
        let doc = op.rust_doc();
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
        let send = quote! { || self.raw.#name(#(#params),*) };
        let (returns, body) = match &op.success {
            SuccessBody::Json(schema) => {
                let schema = format_ident!(
                    "{}",
                    schema
                        .as_deref()
                        .unwrap_or_else(|| panic!("{SPEC}: {} answers JSON without a $ref", op.id))
                );
                (
                    quote! { types::#schema },
                    quote! { self.send_json(Call::to(#id), #send).await },
                )
            }
            SuccessBody::Stream => (
                quote! { Download },
                quote! {
                    let rv = self.send_raw(Call::to(#id), #send).await?;
                    Ok(Download::from_response(rv))
                },
            ),
            SuccessBody::Empty => (
                quote! { () },
                quote! {
                    self.send_raw(Call::to(#id), #send).await?;
                    Ok(())
                },
            ),
        };
        let see = format!(" The blocking form of [`crate::Client::{name}`].");
        twins.push(quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #see]
            pub fn #name(&self, #(#params: &str),*) -> Result<#returns, Error> {
                self.run(self.inner.#name(#(#params),*))
            }
        });
        quote! {
            #[doc = #doc]
            pub async fn #name(&self, #(#params: &str),*) -> Result<#returns, Error> {
                #check
                #body
            }
        }
    });
    let methods: Vec<TokenStream> = methods.collect();
    let wrappers = quote! {
        impl Client {
            #(#methods)*
        }

    };
    let blocking = quote! {
        impl Client {
            #(#twins)*
        }
    };
    (wrappers, blocking)
}

/// Path parameters that are resource ids become plain strings for progenitor: `ResourceId` is
/// replaced by `String` in any case, and progenitor takes a plain string parameter as `&str`, so
/// the client passes the ids it was given without copying them.
pub(super) fn inline_id_parameters(spec: &mut OpenAPI) {
    use openapiv3::{Parameter, ParameterSchemaOrContent};
    let resource_id = ReferenceOr::<Schema>::ref_("#/components/schemas/ResourceId");
    let inline = |parameter: &mut ReferenceOr<Parameter>| {
        if let ReferenceOr::Item(Parameter::Path { parameter_data, .. }) = parameter
            && let ParameterSchemaOrContent::Schema(schema) = &mut parameter_data.format
            && *schema == resource_id
        {
            *schema = ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Type(Type::String(Default::default())),
            });
        }
    };
    if let Some(components) = &mut spec.components {
        components.parameters.values_mut().for_each(inline);
    }
    for item in spec.paths.paths.values_mut() {
        if let ReferenceOr::Item(item) = item {
            item.parameters.iter_mut().for_each(inline);
            for op in operation_slots(item).into_iter().flatten() {
                op.parameters.iter_mut().for_each(inline);
            }
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
