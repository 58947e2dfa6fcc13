//! Files that hold personal data (downloaded parts, the migration journal and report) are
//! created readable and writable by their owner only (mode 0600 on Unix), whatever the umask.
//! A file that exists already keeps its mode: its owner chose it (and it may be a device such
//! as `/dev/stdout`).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// The mode of a new file.
#[cfg(unix)]
pub const PRIVATE_MODE: u32 = 0o600;

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_MODE);
    }
    options
}

/// Creates (or truncates) a file for writing; a new file is private.
pub fn create_private(path: &Path) -> io::Result<File> {
    private_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
}

/// Creates an empty private file when `path` does not exist; leaves an existing one alone.
pub fn ensure_private(path: &Path) -> io::Result<()> {
    match private_options().write(true).create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The permission bits of a file (for tests).
#[cfg(all(test, unix))]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn new_files_are_private_and_existing_ones_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new");
        create_private(&new).unwrap();
        assert_eq!(mode(&new), 0o600);
        let ensured = dir.path().join("ensured");
        ensure_private(&ensured).unwrap();
        assert_eq!(mode(&ensured), 0o600);
        let shared = dir.path().join("shared");
        std::fs::write(&shared, b"x").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
        ensure_private(&shared).unwrap();
        create_private(&shared).unwrap();
        assert_eq!(mode(&shared), 0o640);
    }
}
