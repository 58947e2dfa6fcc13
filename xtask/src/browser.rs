//! The browser tests (`tests/browser`): the hosted journey, the dashboard and the web example of
//! each language, driven in headless Chromium by playwright-core. Installs what is missing:
//! Debian's `chromium` (apt) and the test package's npm dependencies (`npm ci`, pinned by its
//! lockfile). Screenshots land in `target/browser`.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Result, bail};

use crate::{cargo, root, run, tools};

fn dir() -> PathBuf {
    root().join("tests/browser")
}

/// The Chromium the tests drive: `CHROMIUM_PATH`, or Debian's.
pub(crate) fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Installs Debian's `chromium` when it is not there (CI machines are fresh; apt works there).
fn ensure_chromium() -> Result<()> {
    if chromium().exists() {
        return Ok(());
    }
    tools::apt_install(&["chromium"])?;
    if !chromium().exists() {
        bail!(
            "{} is missing after apt-get install chromium",
            chromium().display()
        );
    }
    Ok(())
}

/// Chromium and playwright-core, installed (`tests/websdk` uses the same ones).
pub(crate) fn ensure() -> Result<()> {
    ensure_chromium()?;
    let (pkg, lock) = (dir().join("package.json"), dir().join("package-lock.json"));
    std::fs::create_dir_all(dir().join("node_modules"))?;
    tools::ensure(
        &dir().join("node_modules/.kyx-stamp"),
        &[&pkg, &lock],
        || {
            run(Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(dir()))
        },
    )
}

/// Runs the browser tests, building the Rust web example first. Expects the Python package
/// installed in the tools venv and the Node package built with its examples (what `cargo xtask
/// ci` has done before; `cargo xtask browser` does it first).
pub fn tests() -> Result<()> {
    ensure()?;
    run(cargo().args([
        "build",
        "--locked",
        "-p",
        "jumio-kyx",
        "--example",
        "web_journey",
    ]))?;
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .env("KYX_PYTHON", tools::venv()?.join("bin/python"))
        .env(
            "KYX_RUST_WEB_EXAMPLE",
            root().join("target/debug/examples/web_journey"),
        )
        .env("KYX_BROWSER_OUT", root().join("target/browser"))
        .env("CHROMIUM_PATH", chromium())
        .current_dir(dir()))?;
    println!("screenshots: {}", root().join("target/browser").display());
    Ok(())
}
