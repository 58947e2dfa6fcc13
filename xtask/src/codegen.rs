//! What the Python and Node generators share: the operations of the spec in a language-neutral
//! form, and small text helpers.

use anyhow::{Context, Result};
use serde_yaml::Value;

pub use jumio_kyx_spec::case::{lower_camel, upper_camel};
pub use jumio_kyx_spec::{
    FlowParam, FlowType, Operation, Param, ParamKind, Returns, Spec, citations, ref_name,
};

/// The spec's text.
fn spec_text() -> Result<String> {
    let path = crate::root().join("openapi/jumio-kyx.yaml");
    std::fs::read_to_string(&path).with_context(|| path.display().to_string())
}

/// The spec's model ([`jumio_kyx_spec`]: its prose says the citation tags in words).
pub fn spec() -> Result<Spec> {
    Ok(Spec::parse(&spec_text()?)?)
}

/// Renders `source`, a template of `xtask/templates/` (`name` for its errors), with `context`.
/// A line holding only a `{% … %}` tag leaves nothing in the output.
pub fn render(name: &str, source: &str, context: serde_json::Value) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_template(name, source)
        .and_then(|_| env.get_template(name)?.render(context))
        .with_context(|| format!("template {name}"))
}

/// The first paragraph of a schema's description (or its summary), as one line.
pub fn first_paragraph(v: &Value) -> String {
    let text = v["description"]
        .as_str()
        .or_else(|| v["summary"].as_str())
        .unwrap_or_default();
    jumio_kyx_spec::first_paragraph(text)
}

/// Writes generated files, or with `check` reports the stale ones as an error.
pub fn write_or_check(
    what: &str,
    command: &str,
    files: Vec<(std::path::PathBuf, String)>,
    check: bool,
) -> Result<()> {
    let mut stale = Vec::new();
    for (path, content) in files {
        // What users read never carries the spec's research tags (the spec's own copy does).
        if path.extension().is_some_and(|e| e != "yaml") && citations::has_citation(&content) {
            anyhow::bail!("{} would carry a citation tag of the spec", path.display());
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != content {
            if check {
                stale.push(path.display().to_string());
            } else {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&path, content).with_context(|| path.display().to_string())?;
                println!("wrote {}", path.display());
            }
        }
    }
    if !stale.is_empty() {
        anyhow::bail!(
            "generated {what} files are stale (run `cargo xtask {command}`): {}",
            stale.join(", ")
        );
    }
    if check {
        println!("generated {what} files are current");
    }
    Ok(())
}

/// `text` broken into lines of at most `width` characters (longer words stay whole).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The spec's text with one more operation, `getThrowawayRules` at `…/throwaway-rules`, a copy
/// of `getWorkflowRules`: what the generators' tests add to prove that a new operation needs no
/// hand-written list anywhere.
pub fn spec_text_with_throwaway_operation() -> String {
    let mut spec: Value =
        serde_yaml::from_str(&spec_text().expect("the spec reads")).expect("the spec is YAML");
    let paths = spec["paths"].as_mapping_mut().expect("paths");
    let rules = "/api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/rules";
    let mut item = paths[rules].clone();
    item["get"]["operationId"] = Value::from("getThrowawayRules");
    item["get"]["summary"] = Value::from("A throwaway operation of the generators' tests");
    paths.insert(
        Value::from(
            "/api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/throwaway-rules",
        ),
        item,
    );
    serde_yaml::to_string(&spec).expect("YAML")
}

/// The spec's model with one more client option, `throwaway_wait`, in seconds: what the
/// generators' tests add to prove that an option is written once.
#[cfg(test)]
pub fn spec_with_throwaway_option() -> Spec {
    let text = spec_text().expect("the spec reads").replacen(
        "x-kyx-client-options:\n",
        "x-kyx-client-options:\n  - {name: throwaway_wait, type: seconds, doc: 'A throwaway option.'}\n",
        1,
    );
    Spec::parse(&text).expect("the spec parses")
}

/// The model of [`spec_text_with_throwaway_operation`].
#[cfg(test)]
pub fn spec_with_throwaway_operation() -> Spec {
    Spec::parse(&spec_text_with_throwaway_operation()).expect("the spec parses")
}

/// Builds the Rust client (async and blocking) from the spec with a throwaway operation
/// ([`spec_with_throwaway_operation`], through `JUMIO_KYX_SPEC`) and checks that the operation
/// is a method of both clients and a name the bindings' bridge calls, with no list updated by
/// hand.
pub fn throwaway_rust() -> Result<()> {
    let dir = crate::root().join("target/throwaway");
    std::fs::create_dir_all(&dir)?;
    let spec_path = dir.join("jumio-kyx.yaml");
    std::fs::write(&spec_path, spec_text_with_throwaway_operation())?;
    let out = crate::cargo()
        .args([
            "check",
            "--locked",
            "-p",
            "jumio-kyx",
            "-p",
            "jumio-kyx-bridge",
            "--features",
            "jumio-kyx/blocking",
            "--message-format=json",
        ])
        .env("JUMIO_KYX_SPEC", &spec_path)
        .current_dir(crate::root())
        .output()?;
    if !out.status.success() {
        anyhow::bail!(
            "the client does not build with a throwaway operation:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The build scripts' OUT_DIRs, from cargo's messages.
    let messages: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|m: &serde_json::Value| m["reason"] == "build-script-executed")
        .collect();
    let out_dir = |package: &str| {
        messages
            .iter()
            .filter(|m| {
                m["package_id"].as_str().is_some_and(|p| {
                    p.contains(&format!("/{package}#")) || p.contains(&format!("{package}#"))
                })
            })
            .find_map(|m| m["out_dir"].as_str().map(std::path::PathBuf::from))
            .with_context(|| format!("cargo reported no build script run of {package}"))
    };
    for (package, file, needle) in [
        (
            "jumio-kyx",
            "wrappers.rs",
            "pub async fn get_throwaway_rules(",
        ),
        ("jumio-kyx", "blocking.rs", "pub fn get_throwaway_rules("),
        (
            "jumio-kyx-bridge",
            "operations.rs",
            "\"get_throwaway_rules\"",
        ),
        ("jumio-kyx-bridge", "operations.rs", ".get_throwaway_rules("),
    ] {
        let dir = out_dir(package)?;
        let text = std::fs::read_to_string(dir.join(file))
            .with_context(|| format!("{} in {}", file, dir.display()))?;
        if !text.contains(needle) {
            anyhow::bail!(
                "{package}'s {file} has no `{needle}`: a list somewhere is still kept by hand"
            );
        }
    }
    println!(
        "a throwaway operation reaches the async and blocking clients and the bindings' bridge"
    );
    Ok(())
}

/// A new operation or client option in the spec reaches both packages' generated layers with no
/// list to update (the Rust side: [`throwaway_rust`]).
#[cfg(test)]
mod tests {
    use crate::{nodegen, pygen};

    #[test]
    fn a_new_operation_appears_in_python_sync_async_stubs_and_in_typescript() {
        let spec = super::spec_with_throwaway_operation();
        let python = pygen::operations_py(&spec).unwrap();
        assert!(python.contains("    def get_throwaway_rules(self, account_id: str, workflow_execution_id: str) -> WorkflowRules:"));
        assert!(python.contains("    async def get_throwaway_rules(self, account_id: str, workflow_execution_id: str) -> WorkflowRules:"));
        assert!(
            pygen::native_pyi(&spec)
                .unwrap()
                .contains("\"get_throwaway_rules\"")
        );
        let typescript = nodegen::operations_ts(&spec).unwrap();
        assert!(typescript.contains("  getThrowawayRules(accountId: string, workflowExecutionId: string, options: CallOptions = {}): Promise<T.WorkflowRules> {"));
        assert!(typescript.contains("  | 'get_throwaway_rules'"));
        // The committed layers, from the real spec, have none of it.
        let real = super::spec().unwrap();
        assert!(!pygen::operations_py(&real).unwrap().contains("throwaway"));
        assert!(!nodegen::operations_ts(&real).unwrap().contains("throwaway"));
    }

    #[test]
    fn a_new_client_option_is_a_python_keyword_and_a_node_option_in_milliseconds() {
        let spec = super::spec_with_throwaway_option();
        let python = pygen::options_py(&spec).unwrap();
        assert!(python.contains("        throwaway_wait: Optional[float] = None,\n"));
        assert!(python.contains("            throwaway_wait: A throwaway option.\n"));
        assert!(python.contains("                \"throwaway_wait\": throwaway_wait,\n"));
        let typescript = nodegen::options_ts(&spec).unwrap();
        assert!(typescript.contains("  /** A throwaway option. */\n  throwawayWaitMs?: number;\n"));
        assert!(typescript.contains("    throwawayWait: seconds(o.throwawayWaitMs),\n"));
    }
}
