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

/// The oldest glibc the shipped native code may need: manylinux2014 (RHEL 7 and 8, Ubuntu
/// 18.04 and 20.04, Debian 10 and 11, Amazon Linux 2).
pub const GLIBC: (u32, u32) = (2, 17);

/// Puts zig (the `ziglang` package of the tools venv) and cargo-zigbuild (its script) first on
/// `cmd`'s `PATH`: the builds of the shipped artifacts link against glibc [`GLIBC`] with them.
pub fn with_zig(cmd: &mut Command) -> Result<&mut Command> {
    let venv = venv()?;
    let site = std::fs::read_dir(venv.join("lib"))?
        .flatten()
        .map(|e| e.path().join("site-packages/ziglang"))
        .find(|p| p.join("zig").exists());
    let Some(zig) = site else {
        bail!("zig is missing from the tools venv (ziglang)");
    };
    Ok(cmd.env(
        "PATH",
        format!(
            "{}:{}:{}",
            venv.join("bin").display(),
            zig.display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    ))
}

/// The environment under which maturin's `--zig` builds the wheel (zig as C compiler, C++
/// compiler, archiver and linker for glibc 2.17, and cargo's settings for it), so that the Node
/// module and `kyx` are built under exactly the same one: the release graph they share with the
/// wheel then compiles once. Learnt by letting maturin build a probe crate whose build script
/// writes its environment (a few seconds, once per xtask run); only the variables maturin adds
/// are kept.
fn zig_env() -> Result<&'static [(String, String)]> {
    static ENV: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    if let Some(env) = ENV.get() {
        return Ok(env);
    }
    let env = probe_zig_env()?;
    Ok(ENV.get_or_init(|| env))
}

fn probe_zig_env() -> Result<Vec<(String, String)>> {
    let probe = root().join("target/xtask/zig-probe");
    std::fs::create_dir_all(probe.join("src"))?;
    std::fs::write(
        probe.join("Cargo.toml"),
        "[package]\nname = \"zig-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n",
    )?;
    std::fs::write(
        probe.join("build.rs"),
        "fn main() {\n    let env: Vec<String> = std::env::vars().map(|(k, v)| format!(\"{k}={v}\")).collect();\n    std::fs::write(std::env::var(\"KYX_PROBE_OUT\").unwrap(), env.join(\"\\n\")).unwrap();\n    println!(\"cargo:rerun-if-changed=build.rs\");\n    println!(\"cargo:rerun-if-env-changed=KYX_PROBE_OUT\");\n}\n",
    )?;
    std::fs::write(probe.join("src/main.rs"), "fn main() {}\n")?;
    let out = probe.join("env.txt");
    let _ = std::fs::remove_file(&out);
    run(with_zig(
        Command::new(venv()?.join("bin/maturin"))
            .args(["build", "--quiet", "--bindings", "bin", "--zig", "--target"])
            .arg(crate::python::host_triple()?)
            .args(["--compatibility", "manylinux2014", "--manifest-path"])
            .arg(probe.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(probe.join("target"))
            .env("KYX_PROBE_OUT", &out),
    )?)?;
    // maturin lets cargo take its unstable `target-applies-to-host` by naming the nightly channel
    // (`__CARGO_TEST_CHANNEL_OVERRIDE_DO_NOT_USE_THIS`); without it, the same settings give the
    // host crates (proc macros, build scripts) other hashes, and the whole graph compiles again.
    const ADDED_BY_MATURIN: [&str; 12] = [
        "AR_",
        "CC_",
        "CXX_",
        "RANLIB_",
        "CMAKE_TOOLCHAIN_FILE_",
        "BINDGEN_EXTRA_CLANG_ARGS_",
        "CARGO_TARGET_",
        "CARGO_UNSTABLE_TARGET_APPLIES_TO_HOST",
        "CARGO_ZIGBUILD_",
        "ZIG_COMMAND",
        "CFLAGS_",
        "__CARGO_TEST_CHANNEL_OVERRIDE_DO_NOT_USE_THIS",
    ];
    let text = std::fs::read_to_string(&out)?;
    let env: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| ADDED_BY_MATURIN.iter().any(|p| k.starts_with(p)))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if !env.iter().any(|(k, _)| k.ends_with("_LINKER")) {
        bail!("maturin --zig set no linker: {}", out.display());
    }
    Ok(env)
}

/// `cmd` under [`with_zig`]'s `PATH` and [`zig_env`]'s environment.
pub fn zig_build(cmd: &mut Command) -> Result<&mut Command> {
    Ok(with_zig(cmd)?.envs(zig_env()?.iter().map(|(k, v)| (k, v))))
}

/// The newest glibc symbol version an ELF file needs (`objdump -T`), as (major, minor).
pub fn newest_glibc(file: &Path) -> Result<(u32, u32)> {
    let out = Command::new("objdump").arg("-T").arg(file).output()?;
    if !out.status.success() {
        bail!("objdump -T {} failed", file.display());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let newest = text
        .split("GLIBC_")
        .skip(1)
        .filter_map(|rest| {
            let version: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
            Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
        })
        .max();
    newest.ok_or_else(|| anyhow::anyhow!("{} needs no glibc symbol", file.display()))
}

/// Fails when `file` needs a glibc newer than [`GLIBC`].
pub fn check_glibc(file: &Path) -> Result<()> {
    let (major, minor) = newest_glibc(file)?;
    if (major, minor) > GLIBC {
        bail!(
            "{} needs glibc {major}.{minor}, newer than {}.{}: a symbol crept in",
            file.display(),
            GLIBC.0,
            GLIBC.1
        );
    }
    println!(
        "{}: newest glibc symbol {major}.{minor} (at most {}.{})",
        file.file_name().unwrap_or_default().to_string_lossy(),
        GLIBC.0,
        GLIBC.1
    );
    Ok(())
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
