//! A constant per documented workflow key, and the table of documented workflows
//! (`x-kyx-workflows`).

use super::*;

pub(super) fn workflow_keys_code(raw: &serde_yaml::Value) -> TokenStream {
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
