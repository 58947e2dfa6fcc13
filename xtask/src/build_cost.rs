//! `cargo xtask bench build`: what depending on `jumio-kyx` costs a Rust user at build time.
//!
//! Two throwaway crates in `target/xtask/build-cost/`, each built cold (its own, empty target
//! directory; crates already downloaded): one depends on `jumio-kyx` (path dependency, default
//! features), the other only on reqwest, tokio, serde and serde_json with the features
//! `jumio-kyx` itself enables, so the difference is the SDK: its generated code, its own
//! dependencies (progenitor's build-time generator among them) and its code.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::{cargo, root, run};

const BASELINE_DEPENDENCIES: &str = r#"reqwest = { version = "=0.13.5", features = ["json", "query", "stream", "multipart", "form"] }
tokio = { version = "=1.54.1", features = ["full"] }
serde = { version = "=1.0.229", features = ["derive"] }
serde_json = { version = "=1.0.154", features = ["float_roundtrip"] }
"#;

fn write_crate(dir: &Path, name: &str, dependencies: &str, main: &str) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\n{dependencies}"
        ),
    )?;
    std::fs::write(dir.join("src/main.rs"), main)?;
    Ok(())
}

/// Builds both crates cold in `profile` (`dev` or `release`) and prints the times.
pub fn run_bench() -> Result<()> {
    let work = root().join("target/xtask/build-cost");
    let sdk = work.join("with-jumio-kyx");
    let baseline = work.join("reqwest-tokio-serde");
    write_crate(
        &sdk,
        "with-jumio-kyx",
        &format!(
            "jumio-kyx = {{ path = {:?} }}\ntokio = {{ version = \"=1.54.1\", features = [\"full\"] }}\n",
            root().join("crates/jumio-kyx")
        ),
        "#[tokio::main]\nasync fn main() {\n    let client = jumio_kyx::Client::builder().base_url(\"http://127.0.0.1:1\").credentials(\"id\", \"secret\").user_agent(\"Cost/1.0\").build();\n    println!(\"{}\", client.is_ok());\n}\n",
    )?;
    write_crate(
        &baseline,
        "reqwest-tokio-serde",
        BASELINE_DEPENDENCIES,
        "#[derive(serde::Deserialize)]\nstruct Health { status: String }\n\n#[tokio::main]\nasync fn main() {\n    let r = reqwest::Client::new().get(\"http://127.0.0.1:1\").send().await;\n    if let Ok(r) = r { let h: Result<Health, _> = r.json().await; println!(\"{:?}\", h.map(|h| h.status)); }\n    println!(\"{}\", serde_json::json!({\"ok\": true}));\n}\n",
    )?;
    let mut rows = Vec::new();
    for profile in ["dev", "release"] {
        for (label, dir) in [("reqwest + tokio + serde", &baseline), ("jumio-kyx", &sdk)] {
            // Resolve and download first, so the time is compilation only.
            run(cargo().arg("fetch").current_dir(dir))?;
            let _ = std::fs::remove_dir_all(dir.join("target"));
            let started = Instant::now();
            run(cargo()
                .args(["build", "--quiet", "--profile", profile])
                .env_remove("CARGO_TARGET_DIR")
                .current_dir(dir))?;
            rows.push((profile, label, started.elapsed().as_secs_f64()));
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("\ncold build of a binary crate ({cores} cores):");
    for (profile, label, secs) in &rows {
        println!("  {profile:<8} {label:<24} {secs:>7.1} s");
    }
    for profile in ["dev", "release"] {
        let of = |label: &str| {
            rows.iter()
                .find(|r| r.0 == profile && r.1 == label)
                .map_or(0.0, |r| r.2)
        };
        println!(
            "  {profile:<8} jumio-kyx costs {:.1} s more ({:.2}×)",
            of("jumio-kyx") - of("reqwest + tokio + serde"),
            of("jumio-kyx") / of("reqwest + tokio + serde").max(0.001)
        );
    }
    Ok(())
}
