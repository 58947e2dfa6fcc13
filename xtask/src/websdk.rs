//! `cargo xtask websdk`: Jumio's own Web SDK (npm `@jumio/websdk`) against the sandbox, in
//! headless Chromium (`tests/websdk`).
//!
//! The package is `UNLICENSED`: it is never committed, vendored or redistributed. This command
//! installs the pinned version from the npm registry at run time into `target/websdk/` (ignored
//! by git), checks it against the pinned integrity, and says so. When npm cannot give it, the
//! command fails; it never skips.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{browser, root, run};

/// The one published version, the one the protocol reference (`web-sdk.md`) was observed with.
const VERSION: &str = "0.3.19";
/// Its `dist.integrity` on the npm registry: a different tarball under the same version fails.
const INTEGRITY: &str = "sha512-djk9smNT7RUaMu8BPFgSO8B6UgBRht0FZv4YRIxuyxoa4BfrodoFbWLC4qI2AIlAFlVrvFgyquCEdUw5kB0NPA==";

/// The ignored folder: the npm install, and the screenshots.
fn out() -> PathBuf {
    root().join("target/websdk")
}

/// Where the installed package lives.
fn package() -> PathBuf {
    out().join("node_modules/@jumio/websdk")
}

/// The integrity npm recorded for the installed package, if it is installed.
fn installed_integrity() -> Option<String> {
    let lock = std::fs::read_to_string(out().join("node_modules/.package-lock.json")).ok()?;
    let lock: serde_json::Value = serde_json::from_str(&lock).ok()?;
    let entry = &lock["packages"]["node_modules/@jumio/websdk"];
    (entry["version"] == VERSION)
        .then(|| entry["integrity"].as_str().map(str::to_owned))
        .flatten()
}

/// Installs `@jumio/websdk@VERSION` into `target/websdk` (unless that exact tarball is there).
fn install() -> Result<()> {
    println!(
        "@jumio/websdk is UNLICENSED: installed for this test run only, not redistributed; its use \
         is subject to your contract with Jumio"
    );
    if installed_integrity().as_deref() == Some(INTEGRITY) && package().join("index.js").exists() {
        println!("@jumio/websdk {VERSION} is in {}", package().display());
        return Ok(());
    }
    println!(
        "installing @jumio/websdk {VERSION} from the npm registry into {} …",
        out().display()
    );
    std::fs::create_dir_all(out())?;
    std::fs::write(
        out().join("package.json"),
        format!(
            "{{\"name\": \"kyx-websdk-run\", \"private\": true, \"description\": \"Installed by cargo xtask websdk; never committed\", \"dependencies\": {{\"@jumio/websdk\": \"{VERSION}\"}}}}\n"
        ),
    )?;
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--loglevel=error",
        ])
        .current_dir(out()))
    .with_context(|| {
        format!(
            "npm could not install @jumio/websdk@{VERSION}. `cargo xtask websdk` runs Jumio's own \
             package, which is never vendored: it needs the npm registry (`npm config get \
             registry`) to serve it"
        )
    })?;
    match installed_integrity() {
        Some(have) if have == INTEGRITY => Ok(()),
        Some(have) => bail!(
            "@jumio/websdk@{VERSION} from the registry has integrity {have}, not the pinned \
             {INTEGRITY}: refusing to run it"
        ),
        None => bail!(
            "npm reported success but @jumio/websdk@{VERSION} is not in {}",
            package().display()
        ),
    }
}

/// Runs `tests/websdk` against the installed package. Expects the Node package built (`cargo
/// xtask websdk` builds it first, as `cargo xtask browser` does).
pub fn tests() -> Result<()> {
    browser::ensure()?;
    install()?;
    let shots = out().join("screenshots");
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg("websdk.test.mjs")
        .env("KYX_WEBSDK_DIR", package())
        .env("KYX_BROWSER_OUT", &shots)
        .env("CHROMIUM_PATH", browser::chromium())
        .current_dir(root().join("tests/websdk")))?;
    println!("screenshots: {}", shots.display());
    Ok(())
}
