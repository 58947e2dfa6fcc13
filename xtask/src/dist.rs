//! `cargo xtask dist`: the release artifacts in `dist/`, and the fresh installs that prove them.
//!
//! * the Python package's **sdist** (`maturin sdist`) and its **abi3 manylinux2014 wheel**, built
//!   by pip *from that sdist* (so a missing file in the sdist fails here, not on a user's
//!   machine);
//! * the Node package's **npm tarball** (`npm pack`), carrying the prebuilt native module for this
//!   platform (napi release build);
//! * the **`kyx` binary** (release).
//!
//! Their native code links against glibc 2.17 (zig as C compiler and linker: maturin's `--zig`,
//! whose environment the Node module and `kyx` are built in too), so they install on
//! RHEL 7 and 8, Ubuntu 18.04 and 20.04, Debian 10 and 11 and Amazon Linux 2; `auditwheel show`
//! and the symbol versions (`objdump -T`) fail the build if a newer symbol creeps in.
//!
//! [`smoke`] installs the wheel into a new venv and the tarball into a new Node project with no
//! Rust toolchain on `PATH`, times each install, and runs a workflow through each against the
//! package's embedded sandbox.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::{cargo, node, python, root, run, tools};

/// The artifacts of one `dist` run.
pub struct Artifacts {
    pub wheel: PathBuf,
    pub tarball: PathBuf,
    pub kyx: Option<PathBuf>,
}

/// The `dist/` directory.
pub fn dir() -> PathBuf {
    root().join("dist")
}

/// Builds every artifact into a fresh `dist/` (`kyx`: also the release `kyx` binary).
pub fn build(kyx: bool) -> Result<Artifacts> {
    graphs_agree()?;
    let out = dir();
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)?;
    let venv = tools::venv()?;
    run(Command::new(venv.join("bin/maturin"))
        .args(["sdist", "--out"])
        .arg(&out)
        .current_dir(root().join("bindings/python")))?;
    let sdist = only(&out, |n| {
        n.starts_with("jumio_kyx-") && n.ends_with(".tar.gz")
    })?;
    // The wheel from the sdist, through pip's PEP 517 front end, as a user without a wheel for
    // their platform would build it. The sdist is unpacked at a fixed place (a stable path keeps
    // the build incremental), and the build shares the workspace's target directory (and the
    // Node build's target triple), so dependencies compile once for both packages.
    //
    // The workspace's crates have the same unit hashes in the sdist as in the tree (cargo
    // hashes a path relative to its workspace), so cargo judges a unit by the files it was last
    // compiled from, here or there. Hence: the files are unpacked as new (`--touch`: the sdist
    // stamps them 2006, which would pass a stale unit for fresh), and the unpacked tree is
    // removed after the build, so that a later build in the tree recompiles what was compiled
    // from it rather than trusting copies that no longer change.
    let unpacked = root().join("target/xtask/sdist");
    let _ = std::fs::remove_dir_all(&unpacked);
    std::fs::create_dir_all(&unpacked)?;
    run(Command::new("tar")
        .args(["--touch", "-xzf"])
        .arg(&sdist)
        .arg("-C")
        .arg(&unpacked))?;
    let source = only(&unpacked, |n| n.starts_with("jumio_kyx-"))?;
    run(tools::with_zig(
        tools::venv_python()?
            .env("CARGO_TARGET_DIR", root().join("target"))
            .env("MATURIN_PEP517_ARGS", python::maturin_args()?)
            .args([
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
            ])
            .arg(&out)
            .arg(&source),
    )?)?;
    std::fs::remove_dir_all(&unpacked)?;
    let wheel = only(&out, |n| n.starts_with("jumio_kyx-") && n.ends_with(".whl"))?;
    let name = wheel.file_name().unwrap_or_default().to_string_lossy();
    if !(name.contains("-abi3-") && name.contains("manylinux2014")) {
        bail!("{name} is not an abi3 manylinux2014 wheel");
    }
    check_wheel(&wheel)?;

    node::build()?;
    tools::check_glibc(&node::native_module()?)?;
    run(Command::new("npm")
        .args(["pack", "--silent", "--loglevel=error", "--pack-destination"])
        .arg(&out)
        .current_dir(root().join("bindings/node")))?;
    let tarball = only(&out, |n| n.starts_with("jumio-kyx-") && n.ends_with(".tgz"))?;

    let kyx = if kyx {
        // The same target triple, glibc and zig environment as the two packages: the
        // dependencies they share (tokio, reqwest, the client, the sandbox …) are built once.
        let triple = python::host_triple()?;
        run(tools::zig_build(cargo().args([
            "build",
            "--release",
            "--locked",
            "-p",
            "jumio-kyx-cli",
            "--target",
            &triple,
        ]))?)?;
        let to = out.join("kyx");
        std::fs::copy(root().join("target").join(&triple).join("release/kyx"), &to)?;
        tools::check_glibc(&to)?;
        Some(to)
    } else {
        None
    };

    println!("\ndist/:");
    for p in [Some(&sdist), Some(&wheel), Some(&tarball), kyx.as_ref()]
        .into_iter()
        .flatten()
    {
        let len = std::fs::metadata(p)?.len();
        println!(
            "  {:>9.1} MiB  {}",
            len as f64 / 1048576.0,
            p.file_name().unwrap_or_default().to_string_lossy()
        );
    }
    Ok(Artifacts {
        wheel,
        tarball,
        kyx,
    })
}

/// The three artifacts' crates, each built by its own cargo invocation.
const ARTIFACT_CRATES: [&str; 3] = ["jumio-kyx-python", "jumio-kyx-node", "jumio-kyx-cli"];

/// Fails when a crate the three artifacts share is resolved with different features for two of
/// them: it would compile twice, with everything above it (futures-util alone drags hyper,
/// reqwest and the core). `jumio-kyx-bridge`'s manifest aligns them.
fn graphs_agree() -> Result<()> {
    use std::collections::BTreeMap;
    let triple = python::host_triple()?;
    // crate (with version) → per artifact crate, the feature sets it is built with (host and
    // target builds of one crate are two entries).
    let mut seen: BTreeMap<String, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for krate in ARTIFACT_CRATES {
        let out = cargo()
            .args(["tree", "--locked", "-e", "normal,build", "--prefix", "none"])
            .args(["-f", "{p}|{f}", "--target", &triple, "-p", krate])
            .current_dir(root())
            .output()?;
        if !out.status.success() {
            bail!(
                "cargo tree -p {krate} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let Some((package, features)) = line.split_once('|') else {
                continue;
            };
            let package = package.split(" (").next().unwrap_or(package).to_string();
            let features = features.split(" (").next().unwrap_or(features).to_string();
            let sets = seen.entry(package).or_default().entry(krate).or_default();
            if !sets.contains(&features) {
                sets.push(features);
                sets.sort();
            }
        }
    }
    let differ: Vec<String> = seen
        .iter()
        .filter(|(package, _)| {
            !package.starts_with("jumio-kyx")
                && !package.starts_with("pyo3")
                && !package.starts_with("napi")
        })
        // A crate in one artifact's graph only cannot differ.
        .filter(|(_, by)| by.len() > 1)
        .filter_map(|(package, by)| {
            let mut sets = by.values();
            let first = sets.next()?;
            sets.any(|s| s != first).then(|| {
                let detail: Vec<String> = by
                    .iter()
                    .map(|(k, v)| format!("{k}: [{}]", v.join("] [")))
                    .collect();
                format!("  {package}\n    {}", detail.join("\n    "))
            })
        })
        .collect();
    if !differ.is_empty() {
        bail!(
            "the artifacts' dependency graphs resolve shared crates with different features, so \
             the release graph would compile more than once; align them in \
             crates/jumio-kyx-bridge/Cargo.toml:\n{}",
            differ.join("\n")
        );
    }
    println!("the three artifacts' graphs agree on every shared crate's features");
    Ok(())
}

/// Checks the wheel as a package index would: `auditwheel show` must find it consistent with
/// manylinux2014, and its native module must need no glibc newer than 2.17.
fn check_wheel(wheel: &Path) -> Result<()> {
    let out = Command::new(tools::python_tool("auditwheel")?)
        .arg("show")
        .arg(wheel)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !out.status.success() || !text.contains("manylinux_2_17_x86_64") {
        bail!("auditwheel does not find the wheel manylinux2014-compatible: {text}");
    }
    let unpacked = root().join("target/xtask/wheel-check");
    let _ = std::fs::remove_dir_all(&unpacked);
    run(tools::venv_python()?
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        ])
        .arg(wheel)
        .arg(&unpacked))?;
    let module = only(&unpacked.join("jumio_kyx"), |n| n.ends_with(".so"))?;
    tools::check_glibc(&module)
}

/// The one file of `dir` whose name matches.
fn only(dir: &Path, matches: impl Fn(&str) -> bool) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| matches(&n.to_string_lossy())))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "expected one matching artifact in {}, found {found:?}",
            dir.display()
        ),
    }
}

/// `PATH` without any Rust toolchain (rustup's and cargo's directories dropped), checked: no
/// `cargo`, `rustc` or `rustup` is reachable through it.
fn path_without_rust() -> Result<String> {
    let path = std::env::var("PATH").unwrap_or_default();
    let kept: Vec<&str> = path
        .split(':')
        .filter(|d| {
            !d.is_empty()
                && !["cargo", "rustc", "rustup"]
                    .iter()
                    .any(|tool| Path::new(d).join(tool).exists())
        })
        .collect();
    Ok(kept.join(":"))
}

/// A command that sees no Rust toolchain: `PATH` without it, and none of cargo's or rustup's
/// variables.
fn without_rust(program: impl AsRef<std::ffi::OsStr>, path: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("PATH", path);
    for var in [
        "CARGO",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUSTUP_TOOLCHAIN",
        "RUSTC",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Installs each artifact where a user would, with no Rust toolchain on `PATH`, and runs a
/// workflow through it. Prints the install times.
pub fn smoke(artifacts: &Artifacts) -> Result<()> {
    let path = path_without_rust()?;
    let probe = without_rust("sh", &path)
        .args([
            "-c",
            "command -v cargo || command -v rustc || command -v rustup",
        ])
        .output()?;
    if probe.status.success() {
        bail!(
            "a Rust tool is still reachable: {}",
            String::from_utf8_lossy(&probe.stdout)
        );
    }
    let work = root().join("target/xtask/fresh-installs");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;

    // Python: a new venv, the wheel alone (no index: it needs nothing else on Python ≥ 3.11).
    let venv = work.join("venv");
    run(without_rust(tools::python(), &path)
        .args(["-m", "venv"])
        .arg(&venv))?;
    let started = Instant::now();
    run(without_rust(venv.join("bin/python"), &path)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-index",
        ])
        .arg(&artifacts.wheel))?;
    let wheel_secs = started.elapsed().as_secs_f64();
    run(without_rust(venv.join("bin/python"), &path)
        .arg(root().join("bindings/python/tests/consumer/smoke.py"))
        .current_dir(&work))?;

    // Node: a new project, the tarball alone.
    let project = work.join("node-project");
    std::fs::create_dir_all(&project)?;
    std::fs::write(
        project.join("package.json"),
        "{\"name\": \"consumer\", \"private\": true, \"type\": \"module\"}\n",
    )?;
    let consumer = root().join("bindings/node/test/consumer");
    for f in ["smoke.mjs", "smoke.ts"] {
        std::fs::copy(consumer.join(f), project.join(f))?;
    }
    let started = Instant::now();
    run(without_rust("npm", &path)
        .args([
            "install",
            "--loglevel=error",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--offline",
        ])
        .arg(&artifacts.tarball)
        .current_dir(&project))?;
    let tarball_secs = started.elapsed().as_secs_f64();
    run(without_rust("node", &path)
        .arg("smoke.mjs")
        .current_dir(&project))?;
    node::typecheck_consumer(&project)?;

    if let Some(kyx) = &artifacts.kyx {
        run(without_rust(kyx, &path).arg("--version"))?;
    }
    println!(
        "\nfresh installs without Rust: wheel {wheel_secs:.1} s (pip install --no-index), \
         tarball {tarball_secs:.1} s (npm install --offline)"
    );
    Ok(())
}

/// `cargo xtask dist [--no-kyx] [--smoke]`.
pub fn command(args: &[String]) -> Result<()> {
    let artifacts = build(!args.iter().any(|a| a == "--no-kyx"))?;
    if args.iter().any(|a| a == "--smoke") {
        smoke(&artifacts)?;
    }
    Ok(())
}
