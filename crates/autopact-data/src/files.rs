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
