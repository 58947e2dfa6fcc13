//! The defaults the spec states, as constants (`defaults.rs`).

use super::open_enums::schemas;
use super::*;

/// typify derives no `Default` for structs that keep unknown fields (`extra`). Every object whose
/// properties are all optional gets one (every field of the generated struct, `generated`, at its
/// default: `None`, empty), so request bodies can be written as
/// `PreparedData { first_name: …, ..Default::default() }`.
pub(super) fn defaults_code(spec: &OpenAPI, generated: &syn::File) -> TokenStream {
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
    let structs = generated_structs(generated);
    let impls = names.iter().map(|n| {
        let ty = format_ident!("{n}");
        let fields = structs
            .get(n.as_str())
            .unwrap_or_else(|| panic!("{SPEC}: no generated struct {n} to give a Default"))
            .iter();
        quote! {
            impl Default for crate::generated::types::#ty {
                fn default() -> Self {
                    Self { #(#fields: Default::default()),* }
                }
            }
        }
    });
    quote! { #(#impls)* }
}

/// The named fields of every struct in the generated `types` module, by struct name.
fn generated_structs(generated: &syn::File) -> BTreeMap<String, Vec<syn::Ident>> {
    let types = generated
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
            _ => None,
        })
        .expect("progenitor generates a `types` module");
    types
        .1
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some((
                s.ident.to_string(),
                s.fields.iter().filter_map(|f| f.ident.clone()).collect(),
            )),
            _ => None,
        })
        .collect()
}
