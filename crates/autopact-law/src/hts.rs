//! Tariff codes (HS / HTSUS / Canadian tariff items) and tariff scopes.
//!
//! A code is kept as its digits (`"87032301"`), parsed from any of the
//! usual spellings (`8703.23.01`, `8703.23.0190`, `870323`). Codes must be
//! 4, 6, 8 or 10 digits: a heading, an HS subheading, a national tariff
//! item or a statistical suffix.
//!
//! A measure's scope is a list of [`ScopeItem`]s: a code (matches every
//! code that starts with it), a range of same-length codes
//! (`8703.21-8703.90`), or an `ex` item (`ex 8708.29`), which covers only
//! the goods its description names. autopact cannot see the goods, so an
//! `ex` match is reported as an *assumption* in every result that uses it,
//! never silently.

use std::fmt;
use std::sync::Arc;

/// A validated tariff code: 4, 6, 8 or 10 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HsCode(String);

/// Why a code did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid tariff code {input:?}: {reason}")]
pub struct HsCodeError {
    /// What was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

impl HsCode {
    /// Parses `8703.23.01`, `8703.23.0190`, `870323`, `8703 23 01`.
    pub fn parse(s: &str) -> Result<Self, HsCodeError> {
        let err = |reason: &str| HsCodeError {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let t = s.trim();
        if t.is_empty() {
            return Err(err("empty"));
        }
        let mut digits = String::with_capacity(10);
        for c in t.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | ' ' => {}
                _ => return Err(err("only digits and '.' are allowed")),
            }
        }
        match digits.len() {
            4 | 6 | 8 | 10 => Ok(HsCode(digits)),
            n => Err(err(&format!(
                "{n} digits; give a 4-digit heading, a 6-digit subheading or an 8/10-digit tariff item"
            ))),
        }
    }

    /// The digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The 4-digit heading.
    pub fn heading(&self) -> &str {
        &self.0[..4]
    }

    /// The 2-digit chapter.
    pub fn chapter(&self) -> &str {
        &self.0[..2]
    }

    /// The 6-digit subheading, when the code has one.
    pub fn subheading(&self) -> Option<&str> {
        self.0.get(..6)
    }
}

impl serde::Serialize for HsCode {
    /// As its dotted spelling (`"8703.23.01"`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for HsCode {
    /// `8703`, `8703.23`, `8703.23.01`, `8703.23.01.90`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Built in a stack buffer and written once: codes are formatted
        // for every line of a BOM.
        let d = self.0.as_bytes();
        let mut buf = [0u8; 16];
        buf[..4].copy_from_slice(&d[..4]);
        let mut n = 4;
        for pair in d[4..].chunks(2) {
            buf[n] = b'.';
            buf[n + 1..n + 1 + pair.len()].copy_from_slice(pair);
            n += 1 + pair.len();
        }
        // Only ASCII digits and '.' were written.
        f.write_str(std::str::from_utf8(&buf[..n]).map_err(|_| fmt::Error)?)
    }
}

/// How a code fell inside a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeMatch {
    /// The code is inside the item.
    Inside,
    /// The code is inside an `ex` item: true only for the described goods.
    Ex(String),
    /// The code is less specific than the item (e.g. `8703.23` against
    /// `8703.23.01`); assumed to be inside, and said so.
    LessSpecific(String),
}

/// One entry of a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeItem {
    /// Every code that starts with these digits.
    Code(HsCode),
    /// Codes whose first `len` digits lie in `[lo, hi]` (same length).
    Range(HsCode, HsCode),
    /// Only the goods described, within this code or range.
    Ex(Box<ScopeItem>, String),
}

impl ScopeItem {
    /// Parses `"8703.23"`, `"8703.21-8703.90"` or `"ex 8708.29"` (with the
    /// description of an `ex` item given separately).
    pub fn parse(s: &str, ex_description: Option<&str>) -> Result<Self, HsCodeError> {
        let t = s.trim();
        if let Some(rest) = t.strip_prefix("ex ") {
            let inner = ScopeItem::parse(rest, None)?;
            if matches!(inner, ScopeItem::Ex(..)) {
                return Err(HsCodeError {
                    input: s.to_string(),
                    reason: "\"ex ex\"".into(),
                });
            }
            return Ok(ScopeItem::Ex(
                Box::new(inner),
                ex_description
                    .unwrap_or("the goods the legal text describes")
                    .to_string(),
            ));
        }
        if let Some((a, b)) = t.split_once('-') {
            let (lo, hi) = (HsCode::parse(a)?, HsCode::parse(b)?);
            if lo.0.len() != hi.0.len() || lo > hi {
                return Err(HsCodeError {
                    input: s.to_string(),
                    reason: "a range needs two codes of the same length, low first".into(),
                });
            }
            return Ok(ScopeItem::Range(lo, hi));
        }
        Ok(ScopeItem::Code(HsCode::parse(t)?))
    }

    /// How `code` falls in this item, without building the explanation
    /// text of [`ScopeItem::matches`] (which is built on this).
    fn hit(&self, code: &HsCode) -> Option<Hit> {
        let c = code.digits();
        match self {
            ScopeItem::Code(item) => {
                let item = item.digits();
                // Both have at least 4 digits: a different heading rules out
                // both a prefix and a less-specific match (the common case).
                if c.as_bytes()[..4] != item.as_bytes()[..4] {
                    None
                } else if c.starts_with(item) {
                    Some(Hit::Inside)
                } else if item.starts_with(c) {
                    Some(Hit::LessSpecific)
                } else {
                    None
                }
            }
            ScopeItem::Ex(item, _) => item.hit(code).map(|_| Hit::Ex),
            ScopeItem::Range(lo, hi) => {
                let n = lo.digits().len();
                let h = &c.as_bytes()[..4];
                if h < &lo.digits().as_bytes()[..4] || h > &hi.digits().as_bytes()[..4] {
                    // Outside the headings of the range (the common case).
                    None
                } else if c.len() >= n {
                    let p = &c[..n];
                    (p >= lo.digits() && p <= hi.digits()).then_some(Hit::Inside)
                } else {
                    let (l, h) = (&lo.digits()[..c.len()], &hi.digits()[..c.len()]);
                    (c >= l && c <= h).then_some(Hit::LessSpecific)
                }
            }
        }
    }

    /// Whether `code` falls in this item.
    pub fn matches(&self, code: &HsCode) -> Option<ScopeMatch> {
        let hit = self.hit(code)?;
        Some(match (self, hit) {
            (_, Hit::Inside) => ScopeMatch::Inside,
            (ScopeItem::Ex(item, desc), _) => ScopeMatch::Ex(format!(
                "ex {item}: only {desc}; assumed the good is one of them"
            )),
            (ScopeItem::Range(lo, hi), _) => ScopeMatch::LessSpecific(format!(
                "{code} is less specific than the range {lo}–{hi}; assumed inside"
            )),
            (ScopeItem::Code(item), _) => ScopeMatch::LessSpecific(format!(
                "{code} is less specific than the scope item {item}; assumed inside (give the full tariff item to be sure)"
            )),
        })
    }
}

/// How a code falls in a scope item, without the explanation text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Inside,
    Ex,
    LessSpecific,
}

impl fmt::Display for ScopeItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeItem::Code(c) => write!(f, "{c}"),
            ScopeItem::Range(a, b) => write!(f, "{a}-{b}"),
            ScopeItem::Ex(c, _) => write!(f, "ex {c}"),
        }
    }
}

/// A list of scope items with exclusions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    /// Items in scope. An empty list with `all = true` means every good.
    /// Shared (`Arc`), so that cloning a law database, as every `--law`
    /// overlay does, copies no code lists.
    pub include: Arc<[ScopeItem]>,
    /// Every good (before exclusions).
    pub all: bool,
    /// Items carved out.
    pub exclude: Arc<[ScopeItem]>,
}

impl Scope {
    /// Whether `code` is in scope; the best match wins (exact over
    /// less-specific over `ex`). Exclusions win when the code is fully
    /// inside them.
    pub fn matches(&self, code: &HsCode) -> Option<ScopeMatch> {
        if self
            .exclude
            .iter()
            .any(|e| matches!(e.matches(code), Some(ScopeMatch::Inside)))
        {
            return None;
        }
        if self.all {
            return Some(ScopeMatch::Inside);
        }
        let mut best: Option<ScopeMatch> = None;
        for item in self.include.iter() {
            match item.matches(code) {
                Some(ScopeMatch::Inside) => return Some(ScopeMatch::Inside),
                Some(m @ ScopeMatch::LessSpecific(_)) => best = Some(m),
                Some(m @ ScopeMatch::Ex(_)) if best.is_none() => best = Some(m),
                Some(ScopeMatch::Ex(_)) => {}
                None => {}
            }
        }
        best
    }

    /// Whether `code` is in scope: the same answer as
    /// `self.matches(code).is_some()`, without building any text.
    pub fn contains(&self, code: &HsCode) -> bool {
        if self
            .exclude
            .iter()
            .any(|e| e.hit(code) == Some(Hit::Inside))
        {
            return false;
        }
        self.all || self.include.iter().any(|i| i.hit(code).is_some())
    }

    /// Short text of the scope for explanations.
    pub fn describe(&self) -> String {
        let mut s = if self.all {
            "all goods".to_string()
        } else {
            list_items(&self.include)
        };
        if !self.exclude.is_empty() {
            s.push_str(" except ");
            s.push_str(&list_items(&self.exclude));
        }
        s
    }
}

/// The first eight items, and the count when there are more (only what
/// is shown is formatted: scopes run to hundreds of codes).
fn list_items(items: &[ScopeItem]) -> String {
    const SHOWN: usize = 8;
    let v: Vec<String> = items.iter().take(SHOWN).map(|i| i.to_string()).collect();
    if items.len() > SHOWN {
        format!("{} … ({} items)", v.join(", "), items.len())
    } else {
        v.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> HsCode {
        HsCode::parse(s).unwrap()
    }

    #[test]
    fn parses_common_spellings() {
        assert_eq!(c("8703.23.01").digits(), "87032301");
        assert_eq!(c("8703.23.0190").digits(), "8703230190");
        assert_eq!(c("870323").to_string(), "8703.23");
        assert_eq!(c("8703").heading(), "8703");
        assert!(HsCode::parse("87a3").is_err());
        assert!(HsCode::parse("87032").is_err());
        assert!(HsCode::parse("").is_err());
        assert!(HsCode::parse("8703-23").is_err());
    }

    #[test]
    fn prefix_range_and_ex() {
        let item = ScopeItem::parse("8703.23.01", None).unwrap();
        assert_eq!(item.matches(&c("8703.23.0190")), Some(ScopeMatch::Inside));
        assert!(matches!(
            item.matches(&c("8703.23")),
            Some(ScopeMatch::LessSpecific(_))
        ));
        assert_eq!(item.matches(&c("8703.24.01")), None);

        let r = ScopeItem::parse("8703.21-8703.90", None).unwrap();
        assert_eq!(r.matches(&c("8703.80.00")), Some(ScopeMatch::Inside));
        assert_eq!(r.matches(&c("8703.10")), None);
        assert_eq!(r.matches(&c("8704.21")), None);

        let ex = ScopeItem::parse("ex 8708.29", Some("body stampings")).unwrap();
        assert!(
            matches!(ex.matches(&c("8708.29.50")), Some(ScopeMatch::Ex(s)) if s.contains("body stampings"))
        );
        assert!(ScopeItem::parse("8703.90-8703.21", None).is_err());
    }

    #[test]
    fn contains_agrees_with_matches() {
        let items = [
            "8703.23.01",
            "8703.21-8703.90",
            "ex 8708.29",
            "ex 8407.31-8407.34",
            "8544",
        ];
        let codes = [
            "8703",
            "8703.23",
            "8703.23.01",
            "8703.23.0190",
            "8703.24",
            "8703.10",
            "8708",
            "8708.29",
            "8708.29.50",
            "8407",
            "8407.33",
            "8407.35",
            "8544.30",
            "8545",
        ];
        for all in [false, true] {
            for (k, _) in items.iter().enumerate() {
                let s = Scope {
                    include: items[..=k]
                        .iter()
                        .map(|i| ScopeItem::parse(i, Some("x")).unwrap())
                        .collect(),
                    all,
                    exclude: vec![ScopeItem::parse("8703.23.01.90", None).unwrap()].into(),
                };
                for code in codes {
                    let code = c(code);
                    assert_eq!(s.contains(&code), s.matches(&code).is_some(), "{code}");
                }
            }
        }
        assert_eq!(c("8703.23.0190").to_string(), "8703.23.01.90");
        assert_eq!(c("8703").to_string(), "8703");
    }

    #[test]
    fn exclusions_win() {
        let s = Scope {
            include: Arc::from([]),
            all: true,
            exclude: vec![ScopeItem::parse("8703", None).unwrap()].into(),
        };
        assert_eq!(s.matches(&c("8703.23.01")), None);
        assert_eq!(s.matches(&c("8708.99")), Some(ScopeMatch::Inside));
    }
}
