//! Open enums: every named string enum of the spec as a Rust enum that keeps unknown values.

use super::*;

pub(super) struct OpenEnum {
    pub(super) name: String,
    description: String,
    values: Vec<String>,
    /// label → decision type, from `x-labels-by-decision`.
    decision_of: BTreeMap<String, String>,
}

pub(super) fn schemas(spec: &OpenAPI) -> impl Iterator<Item = (&String, &Schema)> {
    spec.components
        .iter()
        .flat_map(|c| c.schemas.iter())
        .filter_map(|(name, s)| match s {
            ReferenceOr::Item(s) => Some((name, s)),
            ReferenceOr::Reference { .. } => None,
        })
}

pub(super) fn collect_open_enums(spec: &OpenAPI) -> Vec<OpenEnum> {
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
pub(super) fn check_no_inline_enums(spec: &OpenAPI) {
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

pub(super) fn variant_name(value: &str) -> String {
    let name = upper_camel(value);
    assert!(
        name != "Unknown",
        "enum value {value:?} collides with the Unknown variant"
    );
    name
}

pub(super) fn open_enums_code(enums: &[OpenEnum]) -> TokenStream {
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
