//! `cargo xtask bench build`: what depending on `jumio-kyx` costs a Rust user at build time.
//!
//! Two throwaway crates in `target/xtask/build-cost/`, each built cold (its own, empty target
//! directory; crates already downloaded): one depends on `jumio-kyx` (path dependency, default
//! features), the other only on reqwest, tokio, serde and serde_json with the features
//! `jumio-kyx` itself enables, so the difference is the SDK: its generated code, its own
//! dependencies (progenitor's build-time generator among them) and its code.
//!
//! Each build runs with `--timings`; from its report the bench prints, per profile, the sum of
//! the compilation units' times (each unit's own wall time, about its CPU time when the jobs
//! share the cores), when the `jumio-kyx` crate started and how long it took, and the units
//! that the SDK adds or makes longer. On a 2-core machine the cores stay busy until the crate
//! starts, so the build takes about half the unit seconds before the crate plus the crate
//! itself: those figures show what a change can still gain.
//!
//! With `--pregenerated` it builds a third crate, for comparison only: one that depends on the
//! packaged `jumio-kyx` with the code its build script generated copied in, and no build script
//! or build-time dependencies. That is what a user's build would cost if the generated code came
//! with the crate rather than being generated in the user's build. It is not how the crate is
//! built: that generates its client from the spec at build time, with progenitor.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{cargo, root, run};

/// How `jumio-kyx`'s sources name its generated files (`OUT_DIR`), and how the pre-generated
/// copy names them instead.
const FROM_OUT_DIR: &str = "concat!(env!(\"OUT_DIR\"), \"/";
const FROM_COPY: &str = "concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/pregenerated/";

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

/// Builds the crates cold in each profile (`dev` and `release`) and prints the times.
pub fn run_bench(pregenerated: bool) -> Result<()> {
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
    let with_copy = work.join("with-pregenerated-jumio-kyx");
    let mut builds = Vec::new();
    for profile in ["dev", "release"] {
        let mut crates = vec![(BASELINE, &baseline), (SDK, &sdk)];
        if pregenerated {
            crates.push((PREGENERATED, &with_copy));
        }
        for (label, dir) in crates {
            if label == PREGENERATED && profile == "dev" {
                // After the SDK crate's dev build, whose build script wrote the generated files.
                write_pregenerated(&work, &sdk, &with_copy)?;
            }
            // Resolve and download first, so the time is compilation only.
            run(cargo().arg("fetch").current_dir(dir))?;
            let _ = std::fs::remove_dir_all(dir.join("target"));
            let started = Instant::now();
            run(cargo()
                .args(["build", "--quiet", "--timings", "--profile", profile])
                .env_remove("CARGO_TARGET_DIR")
                .current_dir(dir))?;
            builds.push(Build {
                profile,
                label,
                secs: started.elapsed().as_secs_f64(),
                units: units(&dir.join("target/cargo-timings/cargo-timing.html"))?,
            });
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("\ncold build of a binary crate ({cores} cores):");
    for b in &builds {
        println!("  {:<8} {:<24} {:>7.1} s", b.profile, b.label, b.secs);
    }
    // Both builds of a profile: the baseline's and the SDK's.
    let pair = |profile: &str| {
        let of = |label| {
            builds
                .iter()
                .find(|b| b.profile == profile && b.label == label)
        };
        of(BASELINE).zip(of(SDK))
    };
    for profile in ["dev", "release"] {
        if let Some((base, with_sdk)) = pair(profile) {
            println!(
                "  {profile:<8} jumio-kyx costs {:.1} s more ({:.2}×)",
                with_sdk.secs - base.secs,
                with_sdk.secs / base.secs.max(0.001)
            );
        }
        let copy = builds
            .iter()
            .find(|b| b.profile == profile && b.label == PREGENERATED);
        if let Some(((base, _), copy)) = pair(profile).zip(copy) {
            println!(
                "  {profile:<8} with its code pre-generated it would cost {:.1} s more ({:.2}×; not the shape, for comparison)",
                copy.secs - base.secs,
                copy.secs / base.secs.max(0.001)
            );
        }
    }
    for profile in ["dev", "release"] {
        if let Some((base, with_sdk)) = pair(profile) {
            print_breakdown(profile, &base.units, &with_sdk.units);
        }
    }
    Ok(())
}

const BASELINE: &str = "reqwest + tokio + serde";
const SDK: &str = "jumio-kyx";
const PREGENERATED: &str = "jumio-kyx, pre-generated";

/// Writes the crate of the `--pregenerated` comparison: `jumio-kyx` as `cargo package` makes it
/// (its manifest stands alone), with the files its build script wrote in the SDK crate's dev
/// build copied into `src/pregenerated/`, and without its build script and build-time
/// dependencies; then a binary crate that depends on it, as the SDK crate does.
fn write_pregenerated(work: &Path, sdk: &Path, with_copy: &Path) -> Result<()> {
    let out_dir = std::fs::read_dir(sdk.join("target/debug/build"))?
        .filter_map(|e| e.ok().map(|e| e.path().join("out")))
        .find(|p| p.join("codegen.rs").is_file())
        .context(
            "the SDK crate's dev build left no generated code (target/debug/build/jumio-kyx-*/out)",
        )?;
    let packaged = work.join("package");
    // The spec crate too: `jumio-kyx` depends on it (at build time), and it is not published.
    run(cargo()
        .args(["package", "--locked", "--no-verify", "--allow-dirty"])
        .args(["-p", "jumio-kyx-spec", "-p", "jumio-kyx", "--target-dir"])
        .arg(&packaged))?;
    let krate = work.join("pregenerated");
    let _ = std::fs::remove_dir_all(&krate);
    std::fs::create_dir_all(&krate)?;
    run(std::process::Command::new("tar")
        .args(["-xzf"])
        .arg(packaged.join(format!(
            "package/jumio-kyx-{}.crate",
            env!("CARGO_PKG_VERSION")
        )))
        .args(["--strip-components=1", "-C"])
        .arg(&krate))?;
    std::fs::remove_file(krate.join("build.rs"))?;
    let manifest = krate.join("Cargo.toml");
    std::fs::write(
        &manifest,
        without_build_script(&std::fs::read_to_string(&manifest)?),
    )?;
    let copy = krate.join("src/pregenerated");
    std::fs::create_dir_all(&copy)?;
    for file in std::fs::read_dir(&out_dir)? {
        let file = file?;
        std::fs::copy(file.path(), copy.join(file.file_name()))?;
    }
    let mut rewritten = 0;
    for path in crate::docs::files_under(&krate.join("src"), &["rs"])? {
        let text = std::fs::read_to_string(&path)?;
        if text.contains(FROM_OUT_DIR) {
            std::fs::write(&path, text.replace(FROM_OUT_DIR, FROM_COPY))?;
            rewritten += 1;
        }
    }
    if rewritten == 0 {
        bail!(
            "no source of jumio-kyx names {FROM_OUT_DIR}…: the bench no longer knows how it includes its generated code"
        );
    }
    write_crate(
        with_copy,
        "with-pregenerated-jumio-kyx",
        &format!(
            "jumio-kyx = {{ path = {krate:?} }}\ntokio = {{ version = \"=1.54.1\", features = [\"full\"] }}\n"
        ),
        &std::fs::read_to_string(sdk.join("src/main.rs"))?,
    )
}

/// A packaged manifest without its build script and build-time dependencies: the `build` key
/// and every `[build-dependencies…]` table.
fn without_build_script(manifest: &str) -> String {
    let mut kept = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            skipping = trimmed.starts_with("[build-dependencies");
        }
        if skipping || trimmed.starts_with("build =") {
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// One cold build: its profile, which crate, its time and its `--timings` units.
struct Build {
    profile: &'static str,
    label: &'static str,
    secs: f64,
    units: Vec<Unit>,
}

/// One compilation unit of a `--timings` report: its crate, version and target (`""` for a
/// library, `" build-script"`, `" build-script (run)"`, …), with when it started and how long it
/// took, in seconds. Host and target builds of one crate are two units with the same key.
#[derive(serde::Deserialize)]
struct Unit {
    name: String,
    version: String,
    #[serde(default)]
    target: String,
    start: f64,
    duration: f64,
}

/// The units of a `--timings` report (cargo writes them into its HTML as `UNIT_DATA`).
fn units(report: &Path) -> Result<Vec<Unit>> {
    let html = std::fs::read_to_string(report)
        .with_context(|| format!("cargo wrote no timings report at {}", report.display()))?;
    parse_units(&html).with_context(|| format!("reading {}", report.display()))
}

fn parse_units(html: &str) -> Result<Vec<Unit>> {
    let data = html
        .split_once("const UNIT_DATA = ")
        .map(|(_, rest)| rest)
        .context("no UNIT_DATA in the report (a newer cargo?)")?;
    // The array is followed by more script: read the first JSON value and stop.
    serde_json::Deserializer::from_str(data)
        .into_iter::<Vec<Unit>>()
        .next()
        .context("UNIT_DATA is empty")?
        .context("UNIT_DATA is not the list of units this bench reads")
}

/// The units the SDK adds or lengthens by at least 0.2 s, longest first, each with the seconds
/// it adds and its name (crate, target, versions).
///
/// By crate and target, versions summed: the two builds resolve their own lockfiles, so a crate
/// may differ in patch version between them, and syn 2 beside syn 3 is what the SDK adds.
fn added_units(base: &[Unit], sdk: &[Unit]) -> Vec<(f64, String)> {
    let by_unit = |units: &[Unit]| {
        let mut m: BTreeMap<String, (f64, Vec<String>)> = BTreeMap::new();
        for u in units {
            let entry = m.entry(format!("{}{}", u.name, u.target)).or_default();
            entry.0 += u.duration;
            if !entry.1.contains(&u.version) {
                entry.1.push(u.version.clone());
            }
        }
        m
    };
    let (base_units, sdk_units) = (by_unit(base), by_unit(sdk));
    let mut added: Vec<(f64, String)> = sdk_units
        .iter()
        .map(|(k, (secs, versions))| {
            let before = base_units.get(k).map_or(0.0, |b| b.0);
            (secs - before, format!("{k} ({})", versions.join(", ")))
        })
        .filter(|(d, _)| *d >= 0.2)
        .collect();
    added.sort_by(|a, b| b.0.total_cmp(&a.0));
    added
}

/// The unit seconds of both builds, the crate's start and length, and the units the SDK adds.
fn print_breakdown(profile: &str, base: &[Unit], sdk: &[Unit]) {
    let total = |units: &[Unit]| units.iter().map(|u| u.duration).sum::<f64>();
    println!(
        "\n{profile}: unit seconds (--timings) {:.1} baseline, {:.1} with jumio-kyx (+{:.1})",
        total(base),
        total(sdk),
        total(sdk) - total(base)
    );
    if let Some(krate) = sdk
        .iter()
        .find(|u| u.name == "jumio-kyx" && u.target.is_empty())
    {
        println!(
            "  the jumio-kyx crate started at {:.1} s and took {:.1} s",
            krate.start, krate.duration
        );
    }
    println!("  units jumio-kyx adds or lengthens (s, 0.2 s and more):");
    for (d, k) in added_units(base, sdk) {
        println!("    {d:>5.1}  {k}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn units_are_read_from_a_timings_report() {
        let html = r#"<script>
const UNIT_DATA = [{"i":0,"name":"syn","version":"2.0.119","mode":"todo","target":"","start":1.5,"duration":2.25,"rmeta_time":1.0,"unlocked_units":[],"unlocked_rmeta_units":[]},
{"i":1,"name":"jumio-kyx","version":"0.1.0","mode":"run-custom-build","target":" build-script (run)","start":4.0,"duration":0.5}];
const CONCURRENCY_DATA = [];
</script>"#;
        let units = super::parse_units(html).unwrap();
        assert_eq!(units.len(), 2);
        assert_eq!((units[0].name.as_str(), units[0].duration), ("syn", 2.25));
        assert_eq!(units[1].target, " build-script (run)");
        assert!(super::parse_units("<html>no data</html>").is_err());
    }

    #[test]
    fn the_pregenerated_manifest_has_no_build_script() {
        let manifest = "[package]\nname = \"jumio-kyx\"\nbuild = \"build.rs\"\n\n[dependencies.serde]\nversion = \"1\"\n\n[build-dependencies.progenitor]\nversion = \"=0.15.1\"\ndefault-features = false\n\n[build-dependencies.syn]\nversion = \"=3.0.9\"\n\n[dev-dependencies.tokio]\nversion = \"1\"\n";
        assert_eq!(
            super::without_build_script(manifest),
            "[package]\nname = \"jumio-kyx\"\n\n[dependencies.serde]\nversion = \"1\"\n\n[dev-dependencies.tokio]\nversion = \"1\"\n"
        );
    }

    #[test]
    fn units_are_compared_by_crate_and_target_across_versions() {
        let unit = |name: &str, version: &str, target: &str, duration: f64| super::Unit {
            name: name.into(),
            version: version.into(),
            target: target.into(),
            start: 0.0,
            duration,
        };
        let base = [
            unit("syn", "3.0.9", "", 3.0),
            unit("tokio", "1.54.1", "", 5.0),
        ];
        let sdk = [
            unit("syn", "3.0.10", "", 3.1),
            unit("syn", "2.0.119", "", 1.9),
            unit("tokio", "1.54.1", "", 5.1),
            unit("jumio-kyx", "0.1.0", "", 7.0),
            unit("jumio-kyx", "0.1.0", " build-script", 2.5),
        ];
        let added = super::added_units(&base, &sdk);
        let names: Vec<&str> = added.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "jumio-kyx (0.1.0)",
                "jumio-kyx build-script (0.1.0)",
                "syn (3.0.10, 2.0.119)"
            ]
        );
        assert!((added[2].0 - 2.0).abs() < 1e-9, "{added:?}");
    }
}
