//! `cargo xtask image`: the sandbox's container image (`crates/jumio-kyx-sandbox/Containerfile`),
//! `localhost/jumio-kyx-sandbox:{version}` and `:latest`, built with podman from the release
//! binary, then driven through its published port (`tests/integration/container.rs` of the sandbox crate): a
//! workflow with a callback from the container to the host, then the state kept in `/data` by a
//! second container on the same volume.
//!
//! No registry is reachable here, so the image is `FROM scratch` with a context assembled from
//! this machine: the binary, the shared libraries `ldd` names, the CA certificates, a passwd entry
//! for the non-root user. podman (and `runc`) are installed with apt when missing; they run with a
//! `containers.conf` of our own (`CONTAINERS_CONF`) that works in a container without every
//! capability: no default ulimits, cgroupfs, runc. Test traffic stays on loopback and podman's
//! own bridge.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{capture, cargo, root, run};

const NAME: &str = "localhost/jumio-kyx-sandbox";

fn work() -> PathBuf {
    root().join("target/image")
}

/// podman with our `containers.conf`.
fn podman() -> Command {
    let mut cmd = Command::new("podman");
    cmd.env("CONTAINERS_CONF", work().join("containers.conf"));
    cmd
}

/// Installs podman and runc with apt when missing (CI machines are fresh; apt works there).
fn ensure_podman() -> Result<()> {
    let has = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(has("podman") && has("runc")) {
        // With what this was tested with: overlay storage and networking helpers.
        crate::tools::apt_install(&[
            "podman",
            "runc",
            "fuse-overlayfs",
            "slirp4netns",
            "uidmap",
            "passt",
        ])?;
    }
    std::fs::create_dir_all(work())?;
    std::fs::write(
        work().join("containers.conf"),
        "# Written by cargo xtask image: podman in a container without every capability.\n\
         [containers]\ndefault_ulimits = []\n\n\
         [engine]\ncgroup_manager = \"cgroupfs\"\nruntime = \"runc\"\nevents_logger = \"file\"\n",
    )?;
    Ok(())
}

/// Copies `from` to the same absolute path under `rootfs` (following symlinks).
fn copy_into(rootfs: &Path, from: &Path) -> Result<()> {
    let to = rootfs.join(from.strip_prefix("/").unwrap_or(from));
    std::fs::create_dir_all(to.parent().expect("an absolute path has a parent"))?;
    std::fs::copy(from, &to).with_context(|| format!("copying {}", from.display()))?;
    Ok(())
}

/// The build context: the binary and what it needs.
fn context(binary: &Path) -> Result<PathBuf> {
    let dir = work().join("context");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let rootfs = dir.join("rootfs");
    std::fs::create_dir_all(rootfs.join("usr/local/bin"))?;
    std::fs::copy(binary, rootfs.join("usr/local/bin/jumio-kyx-sandbox"))?;
    let (ok, ldd) = capture(Command::new("ldd").arg(binary))?;
    if !ok {
        bail!("ldd {} failed: {ldd}", binary.display());
    }
    // `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)` and `/lib64/ld-linux-x86-64.so.2 (0x…)`.
    for line in ldd.lines() {
        let path = line
            .split("=>")
            .last()
            .and_then(|s| s.split_whitespace().next())
            .filter(|p| p.starts_with('/'));
        if let Some(path) = path {
            copy_into(&rootfs, Path::new(path))?;
        }
    }
    for certs in ["/etc/ssl/certs/ca-certificates.crt"] {
        if Path::new(certs).exists() {
            copy_into(&rootfs, Path::new(certs))?;
        }
    }
    let etc = rootfs.join("etc");
    std::fs::write(
        etc.join("passwd"),
        "root:x:0:0:root:/:/sbin/nologin\nkyx:x:10001:10001:KYX sandbox:/data:/sbin/nologin\n",
    )?;
    std::fs::write(etc.join("group"), "root:x:0:\nkyx:x:10001:\n")?;
    std::fs::write(etc.join("nsswitch.conf"), "hosts: files dns\n")?;
    std::fs::create_dir_all(rootfs.join("tmp"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(rootfs.join("tmp"), std::fs::Permissions::from_mode(0o1777))?;
    }
    std::fs::create_dir_all(dir.join("data"))?;
    Ok(dir)
}

/// Builds the image; returns its versioned tag.
pub fn build() -> Result<String> {
    ensure_podman()?;
    // Built as the shipped artifacts are (zig, glibc 2.17, the host triple, the bridge's feature
    // alignment): the release graph the npm module and the wheel compiled is reused, and only
    // the sandbox's binary is linked anew.
    let triple = crate::python::host_triple()?;
    run(crate::tools::zig_build(cargo().args([
        "build",
        "--release",
        "--locked",
        "-p",
        "jumio-kyx-sandbox",
        "-p",
        "jumio-kyx-bridge",
        "--bin",
        "jumio-kyx-sandbox",
        "--target",
        &triple,
    ]))?)?;
    let binary = root()
        .join("target")
        .join(&triple)
        .join("release/jumio-kyx-sandbox");
    let context = context(&binary)?;
    let version = env!("CARGO_PKG_VERSION");
    let tag = format!("{NAME}:{version}");
    run(podman()
        .args(["build", "--format", "docker", "--quiet", "-f"])
        .arg(root().join("crates/jumio-kyx-sandbox/Containerfile"))
        .args(["-t", &tag, "-t", &format!("{NAME}:latest")])
        .arg(&context))?;
    println!("built {tag} (and :latest)");
    Ok(tag)
}

/// A container of the image on a fresh loopback port, with the volume at `/data`; its name and
/// base URL.
fn start(tag: &str, volume: &str, name: &str) -> Result<String> {
    run(podman()
        .args(["run", "-d", "--name", name, "-p", "127.0.0.1::4010", "-v"])
        .arg(format!("{volume}:/data"))
        .args(["-e", "KYX_SANDBOX_PROCESSING_DELAY_MS=200", tag]))?;
    let (ok, port) = capture(podman().args(["port", name, "4010"]))?;
    if !ok {
        bail!("podman port {name}: {port}");
    }
    let address = port.lines().next().unwrap_or_default().trim().to_string();
    let url = format!("http://{address}");
    // The image's own health check, run by hand (no systemd timer here).
    for attempt in 0.. {
        let (healthy, out) = capture(podman().args(["healthcheck", "run", name]))?;
        if healthy {
            break;
        }
        if attempt == 50 {
            let (_, logs) = capture(podman().args(["logs", name]))?;
            bail!("the container never became healthy: {out}\n{logs}");
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Ok(url)
}

/// The host's address on podman's default bridge (what the container reaches the host by).
fn bridge_gateway() -> Result<String> {
    let (ok, out) = capture(podman().args([
        "network",
        "inspect",
        "podman",
        "--format",
        "{{range .Subnets}}{{.Gateway}}{{end}}",
    ]))?;
    let ip = out.trim().to_string();
    if !ok || ip.parse::<std::net::IpAddr>().is_err() {
        bail!("no gateway for podman's network: {out}");
    }
    Ok(ip)
}

/// Builds the image and drives it: a workflow with a callback to the host, then the state in its
/// volume seen by a second container.
pub fn command() -> Result<()> {
    let tag = build()?;
    let suffix = std::process::id();
    let volume = format!("kyx-image-test-{suffix}");
    let names = [
        format!("kyx-image-test-{suffix}-a"),
        format!("kyx-image-test-{suffix}-b"),
    ];
    let cleanup = || {
        for name in &names {
            let _ = capture(podman().args(["rm", "-f", "-t", "1", name]));
        }
        let _ = capture(podman().args(["volume", "rm", "-f", &volume]));
    };
    cleanup();
    let result = (|| -> Result<()> {
        run(podman().args(["volume", "create", &volume]))?;
        let host_ip = bridge_gateway()?;
        let url = start(&tag, &volume, &names[0])?;
        let test = |name: &str, url: &str| {
            run(cargo()
                .args([
                    "test",
                    "--locked",
                    "-p",
                    "jumio-kyx-sandbox",
                    "--test",
                    "integration",
                    "--",
                    "--ignored",
                    "--exact",
                    &format!("container::{name}"),
                ])
                .env("KYX_IMAGE_URL", url)
                .env("KYX_IMAGE_HOST_IP", &host_ip))
        };
        test("the_image_runs_a_workflow_and_calls_back_to_the_host", &url)?;
        // A second container on the same volume serves what the first one did.
        run(podman().args(["rm", "-f", "-t", "5", &names[0]]))?;
        let url = start(&tag, &volume, &names[1])?;
        test("the_image_keeps_its_state_in_the_data_volume", &url)
    })();
    if result.is_err() {
        for name in &names {
            if let Ok((_, logs)) = capture(podman().args(["logs", name])) {
                eprintln!("--- logs of {name} ---\n{logs}");
            }
        }
    }
    cleanup();
    result
}
