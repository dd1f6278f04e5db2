//! Named lists of tariff codes that measures take as their scope
//! (`scope_lists = ["us232-auto-parts"]` in a measure file): product lists
//! too long to write inline, in `law/us/scope_lists.txt`.
//!
//! The file has two parts. The Section 232 lists come first and are built
//! from the published lists by `autopact law build-scope` (in
//! `autopact-data`), never edited by hand. After the line that starts with
//! [`HAND_KEPT_MARKER`] come lists read from legal texts that the builder's
//! folder does not hold (the IEEPA Canada energy list, the §122 exemption
//! list, the §232 wood lists), each with its source in the comments above
//! it; the builder keeps that part as it is.
//!
//! Format: `#` comment lines; `@list NAME` starts a list; each further
//! line is one code (4–10 digits, a prefix: it covers every line under it).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::hts::{HsCode, ScopeItem};

/// The shipped lists.
pub const SCOPE_LISTS: &str = include_str!("../law/us/scope_lists.txt");

/// The comment line that starts the hand-kept part of the list file.
pub const HAND_KEPT_MARKER: &str = "# ---- hand-kept lists";

/// The file split into its built part and its hand-kept part (from the
/// marker line on; empty when there is none).
pub fn split_hand_kept(text: &str) -> (&str, &str) {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(HAND_KEPT_MARKER) {
            return text.split_at(at);
        }
        at += line.len();
    }
    (text, "")
}

/// Named code lists.
pub type Lists = BTreeMap<String, Vec<ScopeItem>>;

/// Parses the list format; errors name the 1-based line.
pub fn parse(text: &str) -> Result<Lists, String> {
    let mut lists = Lists::new();
    let mut current: Option<String> = None;
    for (i, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(name) = l.strip_prefix("@list ") {
            let name = name.trim().to_string();
            if name.is_empty() || lists.contains_key(&name) {
                return Err(format!(
                    "line {}: list name {name:?} empty or repeated",
                    i + 1
                ));
            }
            lists.insert(name.clone(), Vec::new());
            current = Some(name);
            continue;
        }
        let Some(name) = &current else {
            return Err(format!("line {}: a code before any `@list NAME`", i + 1));
        };
        let code = HsCode::parse(l).map_err(|e| format!("line {}: {e}", i + 1))?;
        lists
            .get_mut(name)
            .expect("current list exists")
            .push(ScopeItem::Code(code));
    }
    Ok(lists)
}

/// The shipped lists, parsed once.
pub fn builtin() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| parse(SCOPE_LISTS).expect("the shipped scope lists parse"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_have_the_published_lengths() {
        let l = builtin();
        let n = |k: &str| l.get(k).map_or(0, Vec::len);
        assert_eq!(n("us232-auto-parts"), 130);
        assert_eq!(n("us232-mhdv-parts"), 182);
        assert_eq!(n("us232-copper"), 80);
        let deriv: usize = l
            .iter()
            .filter(|(k, _)| k.starts_with("us232-deriv-"))
            .map(|(_, v)| v.len())
            .sum();
        assert_eq!(deriv, 568);
        let annex: usize = l
            .iter()
            .filter(|(k, _)| k.starts_with("us232-2026-annex-"))
            .map(|(_, v)| v.len())
            .sum();
        assert_eq!(annex, 799);
        // Hand-kept lists, with the lengths of their sources.
        assert_eq!(n("us-ieepa-ca-energy"), 294);
        assert_eq!(n("us122-exempt-9903.03.03"), 1098);
        assert_eq!(n("us232-wood-softwood"), 15);
        assert_eq!(n("us232-wood-upholstered"), 4);
    }

    #[test]
    fn the_hand_kept_part_follows_the_built_part() {
        let (built, hand) = split_hand_kept(SCOPE_LISTS);
        assert!(built.contains("@list us232-auto-parts\n"));
        assert!(!built.contains("@list us-ieepa-ca-energy"));
        assert!(hand.starts_with(HAND_KEPT_MARKER));
        assert!(hand.contains("@list us-ieepa-ca-energy\n"));
        assert_eq!(format!("{built}{hand}"), SCOPE_LISTS);
        assert_eq!(split_hand_kept("@list a\n8703\n"), ("@list a\n8703\n", ""));
    }

    #[test]
    fn bad_lists_name_the_line() {
        assert!(parse("8703\n").unwrap_err().contains("line 1"));
        assert!(parse("@list a\n87x3\n").unwrap_err().contains("line 2"));
        assert!(
            parse("@list a\n@list a\n")
                .unwrap_err()
                .contains("repeated")
        );
    }
}
