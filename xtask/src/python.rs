//! The Python package in the test command: the generated layer must be current, the package
//! installs the way users install it (`pip install ./bindings/python`, PEP 517, release build),
//! then pytest, the examples and `mypy --strict`.

use std::process::Command;

use anyhow::Result;

use crate::{capture, root, run, tools};

/// The host's target triple, so the Python and Node release builds share one target directory.
pub fn host_triple() -> Result<String> {
    let (_, out) = capture(Command::new("rustc").arg("-vV"))?;
    Ok(out
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or("x86_64-unknown-linux-gnu")
        .trim()
        .to_string())
}

/// `pip install ./bindings/python` into the tools venv (maturin, pinned, is already there),
/// built as the shipped wheel is ([`maturin_args`]).
pub fn install() -> Result<()> {
    run(tools::with_zig(
        pip_install()?
            .arg("--no-build-isolation")
            .arg("./bindings/python")
            .env("MATURIN_PEP517_ARGS", maturin_args()?),
    )?)
}

/// How every wheel is built: for the host's triple (the target directory the Node module and
/// `kyx` share, so dependencies compile once), with zig as C compiler and linker, against glibc
/// 2.17 (manylinux2014).
pub fn maturin_args() -> Result<String> {
    Ok(format!(
        "--target {} --zig --compatibility manylinux2014",
        host_triple()?
    ))
}

/// Installs a built wheel (`dist/`) into the tools venv, in place of the package built from source.
pub fn install_wheel(wheel: &std::path::Path) -> Result<()> {
    run(pip_install()?.arg(wheel))
}

/// `pip install` into the tools venv, replacing what is there, without dependencies.
fn pip_install() -> Result<Command> {
    let mut cmd = tools::venv_python()?;
    cmd.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--force-reinstall",
    ]);
    Ok(cmd)
}

/// Whether the package is installed in the tools venv (what `cargo xtask check` tests).
pub fn installed() -> Result<bool> {
    Ok(tools::venv_python()?
        .args(["-c", "import jumio_kyx._native"])
        .output()
        .is_ok_and(|o| o.status.success()))
}

/// pytest over the package's tests and its plugin's folder (the installed package).
pub fn pytest() -> Result<()> {
    let venv = tools::venv()?;
    run(Command::new(venv.join("bin/python"))
        .args(["-m", "pytest", "-q", "-n", "2", "tests", "tests_plugin"])
        .current_dir(root().join("bindings/python")))
}

pub fn tests() -> Result<()> {
    let venv = tools::venv()?;
    let dir = root().join("bindings/python");
    run(Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pytest",
            "-q",
            "tests",
            "examples/test_with_sandbox.py",
        ])
        .current_dir(&dir))?;
    // The pytest plugin as users meet it (a folder without a conftest), under pytest-xdist: two
    // worker processes, each test with a sandbox of its own.
    run(Command::new(venv.join("bin/python"))
        .args(["-m", "pytest", "-q", "-n", "2", "tests_plugin"])
        .current_dir(&dir))?;
    for example in ["examples/id_verification.py", "examples/async_screening.py"] {
        run(Command::new(venv.join("bin/python"))
            .arg(example)
            .env_remove("JUMIO_CLIENT_ID")
            .current_dir(&dir))?;
    }
    run(Command::new(venv.join("bin/python"))
        .args(["-m", "mypy", "--strict", "examples", "python/jumio_kyx"])
        .current_dir(&dir))?;
    soak(40)
}

/// The Python soak (`benches/soak.py`) over `workflows` workflows; fails when a promise breaks.
pub fn soak(workflows: usize) -> Result<()> {
    run(Command::new(tools::venv()?.join("bin/python"))
        .args(["benches/soak.py", "--workflows"])
        .arg(workflows.to_string())
        .current_dir(root().join("bindings/python")))
}

pub fn bench() -> Result<()> {
    install()?;
    let sandbox = crate::contract::start_sandbox(true, &["--processing-delay-ms", "0"])?;
    run(Command::new(tools::venv()?.join("bin/python"))
        .arg(root().join("bindings/python/benches/bench.py"))
        .env("KYX_SANDBOX_URL", &sandbox.url))
}
