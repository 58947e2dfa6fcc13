//! `cargo xtask spec-probe`: progenitor panics without naming the operation at fault (toolchain
//! notes §1.3). This generates each path of the spec alone and reports the ones that fail.

use std::path::Path;

use anyhow::{Context, Result, bail};
use openapiv3::{OpenAPI, ReferenceOr};

pub fn run(spec_path: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(spec_path).with_context(|| format!("{}", spec_path.display()))?;
    let spec: OpenAPI = serde_yaml::from_str(&text).context("not an OpenAPI 3.0 document")?;
    // Silence the default panic message; failures are reported below.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for (path, item) in &spec.paths.paths {
        let mut one = spec.clone();
        one.paths.paths.retain(|p, _| p == path);
        if let Some(ReferenceOr::Item(item)) = one.paths.paths.get_mut(path) {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ] {
                let multipart = op.as_ref().is_some_and(|o| {
                    matches!(&o.request_body, Some(ReferenceOr::Item(b)) if b.content.contains_key("multipart/form-data"))
                });
                if multipart {
                    *op = None; // hand-written, never generated
                }
            }
        }
        let mut settings = progenitor::GenerationSettings::default();
        settings.with_interface(progenitor::InterfaceStyle::Positional); // as build.rs
        let result = std::panic::catch_unwind(|| {
            progenitor::Generator::new(&settings).generate_tokens(&one)
        });
        let ids: Vec<_> = match item {
            ReferenceOr::Item(i) => i
                .iter()
                .filter_map(|(_, o)| o.operation_id.clone())
                .collect(),
            ReferenceOr::Reference { .. } => vec![],
        };
        match result {
            Ok(Ok(_)) => println!("ok       {path} {ids:?}"),
            Ok(Err(e)) => failures.push(format!("error    {path} {ids:?}: {e}")),
            Err(_) => failures.push(format!("PANIC    {path} {ids:?}")),
        }
    }
    for f in &failures {
        println!("{f}");
    }
    if !failures.is_empty() {
        bail!("{} path(s) fail to generate", failures.len());
    }
    println!("every path generates");
    Ok(())
}
