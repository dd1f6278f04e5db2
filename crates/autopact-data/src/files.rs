//! Plain file access for the rest of autopact.
//!
//! Other crates never call `std::fs`: the CLI reads scenario files and
//! writes results through these functions, so every file error comes out
//! the same way (the path, then what the system said).

use std::path::Path;

use crate::error::{DataError, Result};

/// Reads a UTF-8 text file.
pub fn read_text(path: impl AsRef<Path>) -> Result<String> {
    let p = path.as_ref();
    let bytes = read_bytes(p)?;
    String::from_utf8(bytes).map_err(|e| {
        DataError::io(
            p.display().to_string(),
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "not UTF-8 text (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ),
        )
    })
}

/// Reads a whole file.
pub fn read_bytes(path: impl AsRef<Path>) -> Result<Vec<u8>> {
    let p = path.as_ref();
    std::fs::read(p).map_err(|e| DataError::io(p.display().to_string(), e))
}

/// Writes a whole file, replacing it.
pub fn write_bytes(path: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
    let p = path.as_ref();
    std::fs::write(p, bytes).map_err(|e| DataError::io(p.display().to_string(), e))
}

/// Writes a file all at once or not at all: `write` fills a temporary file
/// next to `path` (same folder, so the rename cannot cross file systems),
/// which is then renamed over `path`. Readers never see a half-written
/// file; on error the temporary file is removed and `path` is untouched.
pub fn write_atomically(
    path: impl AsRef<Path>,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let p = path.as_ref();
    let file_name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = p.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = write(&tmp).and_then(|()| {
        std::fs::rename(&tmp, p).map_err(|e| DataError::io(p.display().to_string(), e))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Marks a file executable by everyone who can read it (scripts the CLI
/// writes, e.g. Slurm batch files). A no-op where there are no such bits.
pub fn set_executable(path: impl AsRef<Path>) -> Result<()> {
    let p = path.as_ref();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut perm = std::fs::metadata(p)
            .map_err(|e| DataError::io(p.display().to_string(), e))?
            .permissions();
        perm.set_mode(perm.mode() | 0o111);
        std::fs::set_permissions(p, perm).map_err(|e| DataError::io(p.display().to_string(), e))?;
    }
    #[cfg(not(unix))]
    let _ = p;
    Ok(())
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: impl AsRef<Path>) -> Result<()> {
    let p = path.as_ref();
    std::fs::create_dir_all(p).map_err(|e| DataError::io(p.display().to_string(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors_name_the_path() {
        let dir = std::env::temp_dir().join(format!("autopact-files-{}", std::process::id()));
        create_dir_all(&dir).unwrap();
        let f = dir.join("a.txt");
        write_bytes(&f, b"hello").unwrap();
        assert_eq!(read_text(&f).unwrap(), "hello");
        write_bytes(&f, &[0xff, 0xfe]).unwrap();
        let e = read_text(&f).unwrap_err().to_string();
        assert!(e.contains("a.txt") && e.contains("UTF-8"), "{e}");
        let e = read_bytes(dir.join("missing")).unwrap_err().to_string();
        assert!(e.contains("missing"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
