//! The Node package in the test command: installed and built the way a user builds it
//! (`npm install && npm run build` in `bindings/node`: napi release build + tsc), then `node --test`,
//! the type tests and the TypeScript example (`tsc --strict`, then run).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;

use crate::{contract, root, run, tools};

fn dir() -> PathBuf {
    root().join("bindings/node")
}

fn npm() -> Command {
    let mut cmd = Command::new("npm");
    cmd.args(["--loglevel=error"]).current_dir(dir());
    cmd
}

fn tsc() -> Command {
    let mut cmd = Command::new(dir().join("node_modules/.bin/tsc"));
    cmd.current_dir(dir());
    cmd
}

/// `npm install` (when the lockfile changed), then the package's build as it ships: the native
/// module as `npm run build:native` builds it, but for glibc 2.17 (zig from the tools venv, in
/// the environment the wheel is built in: [`tools::zig_build`]), then `npm run build:ts`.
///
/// `npm install`, not `npm ci`: the registry this project uses lists only the host's optional
/// platform packages of @napi-rs/cli, so the lockfile holds only those, and `npm ci` refuses such
/// a lockfile. `npm install` installs exactly what it pins and leaves it unchanged.
pub fn build() -> Result<()> {
    let (pkg, lock) = (dir().join("package.json"), dir().join("package-lock.json"));
    tools::ensure(
        &dir().join("node_modules/.kyx-stamp"),
        &[&pkg, &lock],
        || run(npm().args(["install", "--no-audit", "--no-fund"])),
    )?;
    let mut napi = Command::new(dir().join("node_modules/.bin/napi"));
    napi.args([
        "build",
        "--platform",
        "--release",
        "--output-dir",
        "native",
        "--js",
        "index.cjs",
        "--dts",
        "index.d.cts",
        "--target",
    ])
    .arg(crate::python::host_triple()?)
    .current_dir(dir());
    run(tools::zig_build(&mut napi)?)?;
    run(npm().args(["run", "build:ts"]))
}

/// The built native module (`native/*.node`).
pub fn native_module() -> Result<PathBuf> {
    std::fs::read_dir(dir().join("native"))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "node"))
        .ok_or_else(|| anyhow::anyhow!("no native module in bindings/node/native"))
}

/// Whether the package is built (its native module and compiled TypeScript are there).
pub fn built() -> bool {
    dir().join("dist/index.js").exists()
        && std::fs::read_dir(dir().join("native"))
            .map(|d| {
                d.flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".node"))
            })
            .unwrap_or(false)
}

/// `node --test` over the package's tests (the built package).
pub fn node_test() -> Result<()> {
    run(npm().arg("test"))
}

pub fn tests() -> Result<()> {
    node_test()?;
    // The type tests: what must compile does, every `@ts-expect-error` is an error.
    run(tsc().args(["-p", "test/types", "--noEmit"]))?;
    // The examples: strict type check and build; then run the one that ends (offline, against
    // its own sandbox). The web example serves: the browser tests drive it.
    build_examples()?;
    run(Command::new("node")
        .arg("build/examples/id_verification.js")
        .env_remove("JUMIO_CLIENT_ID")
        .current_dir(dir()))?;
    soak(40)
}

/// Type-checks (`--strict`) and builds the TypeScript examples into `build/examples`.
pub fn build_examples() -> Result<()> {
    run(tsc().args(["-p", "examples", "--noEmit", "--strict"]))?;
    run(tsc().args(["-p", "examples"]))
}

/// The Node soak (`benches/soak.mjs`) over `workflows` workflows; fails when a promise breaks.
pub fn soak(workflows: usize) -> Result<()> {
    run(Command::new("node")
        .args(["benches/soak.mjs", "--workflows"])
        .arg(workflows.to_string())
        .current_dir(dir()))
}

/// `tsc --noEmit --strict` as a user's ES-module project compiles (node16 resolution, ES2022,
/// Node's types from this package's dev dependencies), in `project`; add the files.
pub fn tsc_as_a_user(project: &Path) -> Command {
    let mut cmd = tsc();
    cmd.current_dir(project)
        .args([
            "--noEmit",
            "--strict",
            "--module",
            "node16",
            "--moduleResolution",
            "node16",
            "--target",
            "ES2022",
            "--types",
            "node",
            "--typeRoots",
        ])
        .arg(dir().join("node_modules/@types"));
    cmd
}

/// Type-checks the consumer's `smoke.ts` in a project that installed the packed tarball: the
/// package's types work for a user's TypeScript.
pub fn typecheck_consumer(project: &Path) -> Result<()> {
    run(tsc_as_a_user(project).arg("smoke.ts"))
}

pub fn bench() -> Result<()> {
    build()?;
    let sandbox = contract::start_sandbox(true, &["--processing-delay-ms", "0"])?;
    run(Command::new("node")
        .arg("benches/retrievals.mjs")
        .env("KYX_SANDBOX_URL", &sandbox.url)
        .current_dir(dir()))
}
