//! Installs the pinned non-Rust tools into `.tools/` on first use (and again when their pins
//! change): Node tools from `xtask/tools/package.json` + `package-lock.json`, Python tools from
//! `xtask/tools/requirements.txt` into a venv.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};

use crate::{root, run};

fn tools_dir() -> PathBuf {
    root().join(".tools")
}

fn fingerprint(files: &[&Path]) -> Result<String> {
    let mut h = DefaultHasher::new();
    for f in files {
        std::fs::read(f)?.hash(&mut h);
    }
    Ok(format!("{:016x}", h.finish()))
}

/// Runs `install` unless `stamp` records the same fingerprint of `inputs`.
pub fn ensure(stamp: &Path, inputs: &[&Path], install: impl FnOnce() -> Result<()>) -> Result<()> {
    let want = fingerprint(inputs)?;
    if std::fs::read_to_string(stamp).is_ok_and(|have| have.trim() == want) {
        return Ok(());
    }
    install()?;
    std::fs::write(stamp, want)?;
    Ok(())
}

/// The Node tools directory, installed.
pub fn node_tools() -> Result<PathBuf> {
    let dir = tools_dir().join("node");
    let src = root().join("xtask/tools");
    let (pkg, lock) = (src.join("package.json"), src.join("package-lock.json"));
    ensure(&dir.join(".stamp"), &[&pkg, &lock], || {
        println!("installing Node tools into {} …", dir.display());
        std::fs::create_dir_all(&dir)?;
        std::fs::copy(&pkg, dir.join("package.json"))?;
        std::fs::copy(&lock, dir.join("package-lock.json"))?;
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir))
    })?;
    Ok(dir)
}

/// A command running the redocly CLI, without telemetry or update notices.
pub fn redocly() -> Result<Command> {
    let bin = node_tools()?.join("node_modules/.bin/redocly");
    if !bin.exists() {
        bail!("{} is missing after install", bin.display());
    }
    let mut cmd = Command::new(bin);
    cmd.env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    Ok(cmd)
}

/// The project's Python virtual environment, with the pinned tools installed.
pub fn venv() -> Result<PathBuf> {
    let dir = tools_dir().join("venv");
    let req = root().join("xtask/tools/requirements.txt");
    ensure(&dir.join(".stamp"), &[&req], || {
        println!("installing Python tools into {} …", dir.display());
        if !dir.join("bin/python").exists() {
            run(Command::new(python()).args(["-m", "venv"]).arg(&dir))?;
        }
        run(Command::new(dir.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&req))
    })?;
    Ok(dir)
}

/// The venv's Python with the venv's scripts first on `PATH` (a PEP 517 build runs `maturin`
/// from there).
pub fn venv_python() -> Result<Command> {
    let venv = venv()?;
    let mut cmd = Command::new(venv.join("bin/python"));
    cmd.env(
        "PATH",
        format!(
            "{}:{}",
            venv.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    );
    Ok(cmd)
}

/// A console script installed in the venv.
pub fn python_tool(name: &str) -> Result<PathBuf> {
    let bin = venv()?.join("bin").join(name);
    if !bin.exists() {
        bail!("{} is missing after install", bin.display());
    }
    Ok(bin)
}

/// The Python interpreter that makes venvs (`$PYTHON`, else `python3`).
pub fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Drops redocly's Node end-of-life banner (a box drawn with ║ characters).
pub fn strip_banner(out: &str) -> String {
    out.lines()
        .filter(|l| !l.contains('║') && !l.contains('╔') && !l.contains('╚'))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Installs Debian packages with apt (CI machines are fresh; apt works there), quietly and
/// without the recommended extras.
pub fn apt_install(packages: &[&str]) -> Result<()> {
    println!("installing {} (apt-get) …", packages.join(", "));
    let apt = |args: &[&str]| {
        run(Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    apt(&["update", "-qq"])?;
    apt(&[
        &["install", "-y", "-qq", "--no-install-recommends"],
        packages,
    ]
    .concat())
}
