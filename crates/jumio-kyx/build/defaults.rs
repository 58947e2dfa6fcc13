//! The defaults the spec states, as constants (`defaults.rs`).

use super::open_enums::schemas;
use super::*;

/// typify derives no `Default` for structs that keep unknown fields (`extra`), and its builders
/// insist on `extra` being set. Every object whose properties are all optional gets a `Default`
/// (through the builder, which cannot fail when nothing is required), so request bodies can be
/// written as `PreparedData { first_name: …, ..Default::default() }`.
pub(super) fn defaults_code(spec: &OpenAPI) -> TokenStream {
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
                    names.push(format!("{name}{}", upper_camel(prop)));
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
