//! Project automation, run as `cargo xtask <command>`.
//!
//! * `ci`: every check of the project (the README's test command; `.ci/run` calls it).
//! * `check`: the edit–test loop: format, clippy, the Rust tests, the generated layers, and the
//!   Python and Node tests against the packages already built (built first when missing).
//! * `lint-spec`: the spec gates alone.
//! * `contract`: schemathesis against a running sandbox.
//! * `docs`: the documentation site in `target/site` (guide, rustdoc, Python, TypeScript and HTTP
//!   references), link-checked, with every Python and TypeScript example of the guide
//!   type-checked; uses the installed Python package and the built Node package.
//! * `dist [--no-kyx] [--smoke]`: the release artifacts in `dist/` (Python sdist and abi3 wheel,
//!   npm tarball, `kyx`); `--smoke` installs them afresh with no Rust toolchain on `PATH` and runs
//!   a workflow through each.
//! * `bench <target>`: benchmarks (`sandbox`: retrieval GETs per second; `client`: SDK overhead
//!   against raw reqwest and memory while uploading; `client-instructions`: the same calls'
//!   instructions, counted by callgrind; `python`: the Python clients against httpx
//!   and requests; `node`: the Node client against the built-in fetch; `migrate`: bulk migration
//!   throughput and memory; `build`: a Rust user's cold build with `jumio-kyx` against one with
//!   only reqwest, tokio and serde; with `--pregenerated`, also one with the crate's generated
//!   code copied in and no build script, for comparison).
//! * `python`: installs the Python package and runs its checks.
//! * `node`: builds the Node package and runs its checks.
//! * `gen-python [--check]`: writes (or checks) the Python package's generated typed layer.
//! * `gen-node [--check]`: the same for the Node package.
//! * `gen-blocking [--check]`: writes (or checks) the blocking client's twins of the async
//!   client's hand-written methods (`crates/jumio-kyx/src/blocking/twins.rs`).
//! * `fuzz [--secs N] [--dev] [TARGET…]`: the cargo-fuzz targets, N seconds each (default 600);
//!   `cargo test` replays their seeds and regressions without it.
//! * `soak [--workflows N] [--bindings N]`: full workflows through a sandbox with faults on every
//!   operation: N through the Rust client (default 1,000), and N through each of Python and Node
//!   (default 200); `cargo xtask ci` runs a short one of each.
//! * `browser`: the browser tests (`tests/browser`) in headless Chromium, after installing the
//!   Python package and building the Node one; screenshots in `target/browser`.
//! * `websdk`: Jumio's own Web SDK (npm `@jumio/websdk`, `UNLICENSED`, installed at run time into
//!   `target/websdk`, never committed) through the sandbox in headless Chromium (`tests/websdk`),
//!   after building the Node package; screenshots in `target/websdk/screenshots`.
//! * `image`: the sandbox's container image (`localhost/jumio-kyx-sandbox:{version}`, podman,
//!   `FROM scratch`), then a workflow through its published port with a callback to the host, and
//!   its state in a volume seen by a second container.
//! * `throwaway`: builds the Rust client from the spec with one more operation and checks that it
//!   reaches the async and blocking clients and `by_name` (a step of `ci`).
//! * `spec-probe`: finds the operation that makes progenitor fail.
//!
//! Tools that are not Rust (redocly, openapi-spec-validator, …) are installed on first use, at
//! pinned versions, into `.tools/` at the repository root.

mod binding_tax;
mod blocking_twins;
mod browser;
mod build_cost;
mod client_instructions;
mod codegen;
mod contract;
mod dist;
mod doc_examples;
mod docs;
mod fuzz;
mod image;
mod migrate_bench;
mod node;
mod nodegen;
mod probe;
mod pygen;
mod python;
mod tools;
mod websdk;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("lint-spec") => lint_spec(),
        Some("contract") => contract::schemathesis(),
        Some("dist") => dist::command(&args[1..]),
        // On its own, the site needs the Python package installed and the Node one built.
        Some("docs") => python::install()
            .and_then(|_| node::build())
            .and_then(|_| docs::build()),
        Some("check") => check(),
        Some("python") => python::install().and_then(|_| python::tests()),
        Some("node") => node::build().and_then(|_| node::tests()),
        Some("gen-python") => pygen::run(args.iter().any(|a| a == "--check")),
        Some("gen-node") => nodegen::run(args.iter().any(|a| a == "--check")),
        Some("gen-blocking") => blocking_twins::run(args.iter().any(|a| a == "--check")),
        Some("bench") => bench(args.get(1).map(String::as_str), &args[1..]),
        Some("spec-probe") => probe::run(&root().join("openapi/jumio-kyx.yaml")),
        Some("fuzz") => fuzz::run_fuzz(&args[1..]),
        Some("soak") => soak(&args[1..]),
        Some("browser") => python::install()
            .and_then(|_| node::build())
            .and_then(|_| node::build_examples())
            .and_then(|_| browser::tests()),
        Some("websdk") => node::build().and_then(|_| websdk::tests()),
        Some("image") => image::command(),
        Some("throwaway") => codegen::throwaway_rust(),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci | check | lint-spec | contract | dist [--no-kyx] [--smoke] | docs | python | node | gen-python [--check] | gen-node [--check] | gen-blocking [--check] | bench <sandbox|client|client-instructions|python|node|bindings|migrate|build [--pregenerated]> | fuzz [--secs N] [--dev] [TARGET…] | soak [--workflows N] [--bindings N] | browser | websdk | image | throwaway | spec-probe>"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_path_buf()
}

/// Runs the command in the repository root unless it names another directory.
fn in_root(cmd: &mut Command) -> &mut Command {
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    cmd
}

/// Runs a command (in the repository root by default), streaming its output; fails on a
/// non-zero exit.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = in_root(cmd)
        .status()
        .with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns whether it succeeded and its combined output.
pub fn capture(cmd: &mut Command) -> Result<(bool, String)> {
    let shown = format!("{cmd:?}");
    let out = in_root(cmd)
        .output()
        .with_context(|| format!("cannot start {shown}"))?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok((out.status.success(), text))
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

struct Steps {
    name: &'static str,
    started: Instant,
    done: Vec<(String, f64)>,
}

impl Steps {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            started: Instant::now(),
            done: Vec::new(),
        }
    }

    fn step(&mut self, name: &str, f: impl FnOnce() -> Result<()>) -> Result<()> {
        println!("\n==> {name}");
        let t = Instant::now();
        f().with_context(|| format!("step `{name}` failed"))?;
        let secs = t.elapsed().as_secs_f64();
        println!("<== {name}: ok ({secs:.1}s)");
        self.done.push((name.to_string(), secs));
        Ok(())
    }

    fn summary(&self) {
        println!(
            "\nxtask {}: all {} steps passed in {:.1}s",
            self.name,
            self.done.len(),
            self.started.elapsed().as_secs_f64()
        );
        for (name, secs) in &self.done {
            println!("  {secs:>7.1}s  {name}");
        }
    }
}

/// `cargo xtask check`: what an edit can break, fast: no artifacts, browsers or fuzzing. The
/// Python and Node tests run against the packages as last built (`cargo xtask python` / `node`
/// rebuild them); they are built here only when missing.
fn check() -> Result<()> {
    let mut steps = Steps::new("check");
    rust_steps(&mut steps)?;
    steps.step("generated layers are current", generated_layers_are_current)?;
    steps.step("Python tests (the installed package)", || {
        if !python::installed()? {
            python::install()?;
        }
        python::pytest()
    })?;
    steps.step("Node tests (the built package)", || {
        if !node::built() {
            node::build()?;
        }
        node::node_test()
    })?;
    steps.summary();
    Ok(())
}

/// The Rust steps `check` and `ci` share: format, clippy, the tests.
fn rust_steps(steps: &mut Steps) -> Result<()> {
    steps.step("cargo fmt --check", || {
        run(cargo().args(["fmt", "--all", "--check"]))
    })?;
    steps.step("cargo clippy -D warnings", || {
        run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    steps.step("cargo test (Rust)", || {
        run(cargo().args(["test", "--workspace", "--locked"]))
    })?;
    Ok(())
}

/// The committed Python and TypeScript layers and the blocking client's twins are what the
/// generators write now.
fn generated_layers_are_current() -> Result<()> {
    pygen::run(true)?;
    nodegen::run(true)?;
    blocking_twins::run(true)
}

fn ci() -> Result<()> {
    let mut steps = Steps::new("ci");
    steps.step(
        "spec lint (redocly, openapi-spec-validator, gate self-test)",
        lint_spec,
    )?;
    rust_steps(&mut steps)?;
    steps.step(
        "generated layers are current (Python, Node, the blocking client's twins)",
        generated_layers_are_current,
    )?;
    steps.step(
        "a throwaway operation reaches the Rust clients with no list to update",
        codegen::throwaway_rust,
    )?;
    let mut artifacts = None;
    // kyx's release build (the sandbox and the CLI once more in release, a minute and a half on
    // two cores) is left to `cargo xtask dist`; cargo test covers the CLI.
    steps.step(
        "dist: Python sdist and abi3 wheel (built from the sdist), npm tarball (napi release)",
        || {
            artifacts = Some(dist::build(false)?);
            Ok(())
        },
    )?;
    let artifacts = artifacts.expect("the dist step succeeded");
    steps.step(
        "fresh installs with no Rust on PATH: the wheel in a new venv, the tarball in a new Node project",
        || dist::smoke(&artifacts),
    )?;
    steps.step(
        "Python: the wheel in the tools venv; pytest, examples, mypy --strict",
        || {
            python::install_wheel(&artifacts.wheel)?;
            python::tests()
        },
    )?;
    steps.step(
        "Node: node --test, type tests, example (tsc --strict)",
        node::tests,
    )?;
    steps.step(
        "docs: guide, rustdoc -D warnings, pdoc, TypeDoc, Redoc; link check; every example type-checked",
        docs::build,
    )?;
    steps.step(
        "browser tests (headless Chromium: journey, dashboard, web examples)",
        browser::tests,
    )?;
    steps.step(
        "Jumio's Web SDK against the sandbox (@jumio/websdk installed for the run, never committed)",
        websdk::tests,
    )?;
    steps.step(
        "container image (podman, FROM scratch): a workflow through its published port",
        image::command,
    )?;
    steps.step(
        "contract tests (schemathesis against the sandbox)",
        contract::schemathesis,
    )?;
    steps.step("cargo package -p jumio-kyx-spec -p jumio-kyx", || {
        // The verification build shares the workspace's target directory, so only the packaged
        // crate itself is compiled again (from the .crate's contents: the spec travels with it).
        run(cargo()
            .args([
                "package",
                "-p",
                "jumio-kyx-spec",
                "-p",
                "jumio-kyx",
                "--locked",
                "--allow-dirty",
                "--target-dir",
            ])
            .arg(root().join("target")))
    })?;
    steps.summary();
    Ok(())
}

/// `cargo xtask soak`: the Rust, Python and Node soaks (release builds), each failing on a
/// broken promise.
fn soak(args: &[String]) -> Result<()> {
    let (mut rust, mut bindings) = (1000usize, 200usize);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let n: usize = it
            .next()
            .and_then(|n| n.parse().ok())
            .with_context(|| format!("{a} needs a number"))?;
        match a.as_str() {
            "--workflows" => rust = n,
            "--bindings" => bindings = n,
            other => bail!("unknown soak argument {other}"),
        }
    }
    run(cargo()
        .args([
            "test",
            "--release",
            "--locked",
            "-p",
            "jumio-kyx",
            "--test",
            "soak",
            "--",
            "--workflows",
        ])
        .arg(rust.to_string()))?;
    python::install()?;
    python::soak(bindings)?;
    node::build()?;
    node::soak(bindings)
}

/// The sandbox's binary in release mode, built now: the client benches run it in a process of
/// its own (`KYX_SANDBOX_BIN`).
fn release_sandbox() -> Result<PathBuf> {
    run(cargo().args(["build", "--locked", "--release", "-p", "jumio-kyx-sandbox"]))?;
    Ok(root().join("target/release/jumio-kyx-sandbox"))
}

/// Runs a benchmark (in release mode).
fn bench(target: Option<&str>, args: &[String]) -> Result<()> {
    match target {
        Some("sandbox") => run(cargo().args([
            "bench",
            "--locked",
            "-p",
            "jumio-kyx-sandbox",
            "--bench",
            "retrieval",
        ])),
        Some("client") => {
            let bin = release_sandbox()?;
            run(cargo()
                .args(["bench", "--locked", "-p", "jumio-kyx", "--bench", "client"])
                .env("KYX_SANDBOX_BIN", bin))
        }
        Some("client-instructions") => client_instructions::run_bench(),
        Some("python") => python::bench(),
        Some("node") => node::bench(),
        Some("migrate") => migrate_bench::run_bench(),
        Some("build") => build_cost::run_bench(args.iter().any(|a| a == "--pregenerated")),
        Some("bindings") => binding_tax::run_bench(),
        other => {
            bail!(
                "unknown benchmark {other:?}; try: sandbox, client, client-instructions, python, node, bindings, migrate, build"
            )
        }
    }
}

/// The spec gates: redocly with the rules for what progenitor cannot take, and
/// openapi-spec-validator. Then the gates are tested themselves: each progenitor-breaking variant
/// of the spec must be rejected.
fn lint_spec() -> Result<()> {
    let spec = root().join("openapi/jumio-kyx.yaml");
    let config = root().join("openapi/redocly.yaml");
    let redocly = || tools::redocly();
    let validator = tools::python_tool("openapi-spec-validator")?;

    let (ok, out) = capture(
        redocly()?
            .arg("lint")
            .arg(&spec)
            .arg("--config")
            .arg(&config),
    )?;
    let out = tools::strip_banner(&out);
    println!("{out}");
    if !ok || out.contains("warning") {
        bail!("redocly lint reported problems");
    }
    let (ok, out) = capture(Command::new(&validator).arg(&spec))?;
    println!("{}", out.trim());
    if !ok {
        bail!("openapi-spec-validator rejected the spec");
    }

    let text = std::fs::read_to_string(&spec)?;
    let variants = [
        ("OpenAPI 3.1", text.replacen("openapi: 3.0.3", "openapi: 3.1.0", 1)),
        ("a missing operationId", text.replacen("      operationId: getHealth\n", "", 1)),
        (
            "a default response",
            text.replacen(
                "      responses:\n        '200':\n          description: The health.",
                "      responses:\n        default:\n          description: Anything.\n        '200':\n          description: The health.",
                1,
            ),
        ),
    ];
    let dir = root().join("target/xtask");
    std::fs::create_dir_all(&dir)?;
    for (what, variant) in variants {
        assert_ne!(
            variant, text,
            "the gate self-test no longer alters the spec for {what}"
        );
        let path = dir.join("spec-variant.yaml");
        std::fs::write(&path, variant)?;
        let (ok, _) = capture(
            redocly()?
                .arg("lint")
                .arg(&path)
                .arg("--config")
                .arg(&config),
        )?;
        if ok {
            bail!("the spec gate accepted a spec with {what}");
        }
        println!("gate self-test: a spec with {what} is rejected");
    }
    Ok(())
}
