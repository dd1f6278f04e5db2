//! Minimal CSV field handling shared by the readers.
//!
//! The big tables are parsed by a hand-written fast path (see
//! `icio::parse`); this module holds the careful, slow pieces: splitting a
//! header or a short line into fields with RFC 4180 quotes, and quoting a
//! field on output.

/// Splits one CSV line (without its line ending) into fields. Quoted
/// fields may contain commas and doubled quotes (`""`). Surrounding ASCII
/// whitespace outside quotes is trimmed. Returns `Err(message)` on an
/// unterminated quote.
pub(crate) fn split_line(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        // Skip leading spaces.
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') && b[i] != b',' {
            i += 1;
        }
        if i < b.len() && b[i] == b'"' {
            let mut field = String::new();
            i += 1;
            let mut start = i;
            loop {
                match memchr::memchr(b'"', &b[i..]) {
                    None => {
                        return Err(format!(
                            "unterminated quote in field {} (a '\"' opens but never closes)",
                            out.len() + 1
                        ));
                    }
                    Some(p) => {
                        let q = i + p;
                        field.push_str(&line[start..q]);
                        if q + 1 < b.len() && b[q + 1] == b'"' {
                            field.push('"');
                            i = q + 2;
                            start = i;
                        } else {
                            i = q + 1;
                            break;
                        }
                    }
                }
            }
            // Anything between the closing quote and the comma must be blank.
            let end = memchr::memchr(b',', &b[i..]).map_or(b.len(), |p| i + p);
            if !line[i..end].trim().is_empty() {
                return Err(format!(
                    "text after a closing quote in field {}: {:?}",
                    out.len() + 1,
                    &line[i..end]
                ));
            }
            out.push(field);
            if end == b.len() {
                break;
            }
            i = end + 1;
        } else {
            let end = memchr::memchr(b',', &b[i..]).map_or(b.len(), |p| i + p);
            out.push(line[i..end].trim().to_string());
            if end == b.len() {
                break;
            }
            i = end + 1;
        }
    }
    Ok(out)
}

/// Quotes a field for CSV output when it needs it.
pub(crate) fn quote(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Formats a float in the shortest form that reads back as the identical
/// `f64` (`0`, `-0`, `1`, `0.1`, `1e300`); integers lose the `.0`.
pub(crate) fn fmt_f64(v: f64, buf: &mut ryu::Buffer) -> &str {
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" };
    }
    let s = buf.format(v);
    s.strip_suffix(".0").unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quotes_and_blanks() {
        assert_eq!(split_line("a,b,,c").unwrap(), vec!["a", "b", "", "c"]);
        assert_eq!(
            split_line("\"x,y\", \"q\"\"z\" ,w").unwrap(),
            vec!["x,y", "q\"z", "w"]
        );
        assert_eq!(split_line("").unwrap(), vec![""]);
        assert!(split_line("\"abc").is_err());
        assert!(split_line("\"a\"b,c").is_err());
    }

    #[test]
    fn floats_round_trip() {
        let mut b = ryu::Buffer::new();
        for v in [0.1, 1.0, -2.5, 1e300, 5e-324, 123456789.0, f64::MAX] {
            let s = fmt_f64(v, &mut b).to_string();
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{s}");
        }
        assert_eq!(fmt_f64(1.0, &mut b), "1");
        assert_eq!(fmt_f64(-0.0, &mut b), "-0");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("ab"), "ab");
    }
}
