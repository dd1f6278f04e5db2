//! Opening inputs: files or in-memory bytes, plain or gzip, hashed as read.
//!
//! Readers never trust a file name for the compression: a gzip stream is
//! recognised by its magic bytes, so `table.csv` that is really gzip (or
//! the reverse) still reads. The SHA-256 of the bytes *as stored* is
//! computed while they stream past, so provenance can pin the exact file
//! without a second read.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};

/// Where an input comes from.
#[derive(Debug, Clone)]
pub(crate) enum Input<'a> {
    /// A file on disk.
    Path(PathBuf),
    /// Bytes in memory, with a name for messages.
    Bytes {
        /// Name used in messages and provenance.
        name: String,
        /// The stored bytes (plain or gzip).
        data: &'a [u8],
    },
}

impl Input<'_> {
    /// The name used in messages (the path as given, or the bytes' name).
    pub(crate) fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }

    /// The file name without folders.
    pub(crate) fn file_name(&self) -> String {
        match self {
            Input::Path(p) => p
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            Input::Bytes { name, .. } => Path::new(name)
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone()),
        }
    }

    /// Opens the input for reading, decompressing gzip when the stream
    /// starts with the gzip magic bytes.
    pub(crate) fn open(&self) -> io::Result<Decoded<'_>> {
        match self {
            Input::Path(p) => {
                let f = File::open(p)?;
                let mut br = BufReader::with_capacity(
                    1 << 20,
                    HashingReader {
                        inner: f,
                        hasher: Sha256::new(),
                    },
                );
                let head = br.fill_buf()?;
                if head.starts_with(&[0x1f, 0x8b]) {
                    Ok(Decoded::GzFile(Box::new(MultiGzDecoder::new(br))))
                } else {
                    Ok(Decoded::PlainFile(br))
                }
            }
            Input::Bytes { data, .. } => {
                if data.starts_with(&[0x1f, 0x8b]) {
                    Ok(Decoded::GzBytes(Box::new(MultiGzDecoder::new(*data))))
                } else {
                    Ok(Decoded::PlainBytes(data))
                }
            }
        }
    }

    /// SHA-256 of in-memory bytes (files are hashed while read).
    pub(crate) fn bytes_digest(&self) -> Option<String> {
        match self {
            Input::Bytes { data, .. } => Some(hex(&Sha256::digest(data))),
            Input::Path(_) => None,
        }
    }
}

/// A reader that hashes every byte that passes through it.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// An opened, decompressed input stream.
pub(crate) enum Decoded<'a> {
    PlainFile(BufReader<HashingReader<File>>),
    GzFile(Box<MultiGzDecoder<BufReader<HashingReader<File>>>>),
    PlainBytes(&'a [u8]),
    GzBytes(Box<MultiGzDecoder<&'a [u8]>>),
}

impl Read for Decoded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::PlainFile(r) => r.read(buf),
            Decoded::GzFile(r) => r.read(buf),
            Decoded::PlainBytes(r) => r.read(buf),
            Decoded::GzBytes(r) => r.read(buf),
        }
    }
}

impl Decoded<'_> {
    /// Reads what is left of the stored bytes and returns the SHA-256 of
    /// the whole file (`None` for in-memory inputs, which are hashed
    /// directly).
    pub(crate) fn finish(self) -> io::Result<Option<String>> {
        let hr = match self {
            Decoded::PlainFile(br) => {
                let mut br = br;
                io::copy(&mut br, &mut io::sink())?;
                br.into_inner()
            }
            Decoded::GzFile(d) => {
                let mut br = d.into_inner();
                io::copy(&mut br, &mut io::sink())?;
                br.into_inner()
            }
            Decoded::PlainBytes(_) | Decoded::GzBytes(_) => return Ok(None),
        };
        let mut hr = hr;
        io::copy(&mut hr, &mut io::sink())?;
        Ok(Some(hex(&hr.hasher.finalize())))
    }
}

pub(crate) use autopact_core::digest::to_hex as hex;

/// Reads the whole (decompressed) input as text; for small files
/// (pymrio tables, satellites). Returns the text and the SHA-256 of the
/// stored bytes.
pub(crate) fn read_text(input: &Input<'_>) -> Result<(String, String), crate::DataError> {
    let name = input.name();
    let mut d = input.open().map_err(|e| crate::DataError::io(&name, e))?;
    let mut bytes = Vec::new();
    d.read_to_end(&mut bytes)
        .map_err(|e| crate::DataError::io(&name, e))?;
    let digest = match d.finish().map_err(|e| crate::DataError::io(&name, e))? {
        Some(h) => h,
        None => input.bytes_digest().unwrap_or_default(),
    };
    let mut text = String::from_utf8(bytes).map_err(|e| {
        crate::DataError::at(
            autopact_core::Location::source(&name),
            format!(
                "the file is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 CSV",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok((text, digest))
}
