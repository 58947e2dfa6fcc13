//! A constant per documented workflow key, and the table of documented workflows
//! (`x-kyx-workflows`).

use super::*;

pub(super) fn workflow_keys_code(workflows: &[jumio_kyx_spec::Workflow]) -> TokenStream {
    let mut consts = Vec::new();
    let mut infos = Vec::new();
    for w in workflows {
        let (key, slug, name) = (w.key, &w.slug, &w.name);
        let ident = format_ident!("{}", shouty_snake(slug));
        let doc = format!("{key}: {name}.");
        consts.push(quote! { #[doc = #doc] pub const #ident: Self = Self::number(#key); });
        let user_reference_required = w.user_reference_required;
        let account_must_exist = w.account_must_exist;
        let prepared = &w.prepared_data;
        let capabilities = &w.capabilities;
        let credentials = w.credentials.iter().map(|c| {
            let (category, channels, parts) = (&c.category, &c.channels, &c.parts);
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
