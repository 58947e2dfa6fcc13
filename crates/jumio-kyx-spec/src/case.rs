//! The one case conversion of the project (`heck`): every generator and the sandbox name things
//! through these functions, so an acronym is split the same way in Rust, Python and TypeScript.

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// `getWorkflowStatus` → `get_workflow_status`.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// `workflow_execution_id` → `workflowExecutionId`.
pub fn lower_camel(name: &str) -> String {
    name.to_lower_camel_case()
}

/// `imageChecks` → `ImageChecks`; `safe` → `Safe`.
pub fn upper_camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// `id_and_identity_verification` → `ID_AND_IDENTITY_VERIFICATION`.
pub fn shouty_snake(name: &str) -> String {
    name.to_shouty_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_between_the_languages() {
        assert_eq!(snake("getWorkflowStatus"), "get_workflow_status");
        assert_eq!(lower_camel("workflow_execution_id"), "workflowExecutionId");
        assert_eq!(upper_camel("imageChecks"), "ImageChecks");
        assert_eq!(shouty_snake("id_verification"), "ID_VERIFICATION");
        // An acronym is one word in every direction.
        assert_eq!(snake("getIDDocument"), "get_id_document");
        assert_eq!(lower_camel(&snake("getIDDocument")), "getIdDocument");
    }
}
