//! The whole U.S. tariff schedule (HTSUS 2025 Basic Edition): every line's
//! column-1 general rate, USMCA eligibility, unit of quantity and
//! description, looked up by code.
//!
//! **Where the data come from.** `autopact law build-schedule` (in
//! `autopact-data`) reads USITC's CSV export of the 2025 Basic Edition and
//! writes `schedule/us_hts_2025.tsv.gz` in this crate (format below); the
//! file is embedded and parsed here, purely, on first use
//! ([`Schedule::builtin`]). Chapter 99 (temporary legislation and the
//! additional duties) is left out: those duties are the project's own
//! measures under `law/`.
//!
//! **Format** (gzip of UTF-8 text; `#` lines are comments): one row per
//! schedule row, in schedule order, six tab-separated fields
//!
//! ```text
//! code  indent  units  general  usmca  description
//! 8704.22.11 ⇥ 3 ⇥ ⇥ 4% ⇥ S,S+=Free ⇥ Cab chassis      (⇥ = a tab)
//! ```
//!
//! `code` is empty for description-only rows; `units` are `|`-separated;
//! `usmca` is the special-program indicators `S`/`S+` found in the
//! special-rate column and, after `=`, the rate given for them.
//!
//! **Rates.** A column-1 rate is a sum of parts ([`Column1Rate`]): an ad
//! valorem percent and specific amounts per unit (`1.9¢/kg`, `$2.146/kg`,
//! `0.9¢ each`, `33.9¢/kg of total sugars`: a unit may name what it is
//! counted on), joined by `+` with or without spaces. A statistical line
//! (10 digits) without its own rate takes the rate of the 8-digit line
//! above it. Text the parser cannot read as such parts ("The duty provided
//! in the applicable subheading + 25%", sliding sugar scales, percents on
//! a part of the good such as "6.9% on the case") is kept as
//! [`RateKind::Other`]: a caller must supply the rate, never read it as
//! zero.
//!
//! duty = ad_valorem% × value + Σ (amount per unit × quantity).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::hts::HsCode;
use crate::money::parse_decimal;

/// The shipped schedule, gzip-compressed.
pub const SCHEDULE_GZ: &[u8] = include_bytes!("../schedule/us_hts_2025.tsv.gz");

/// Edition of the shipped schedule.
pub const EDITION: &str = "HTSUS 2025 Basic Edition";

/// How a column-1 rate is made up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RateKind {
    /// "Free".
    Free,
    /// A percent of the value only.
    AdValorem,
    /// Amounts per unit only.
    Specific,
    /// A percent plus amounts per unit.
    Compound,
    /// Text autopact does not read as a rate (kept verbatim).
    Other,
}

impl RateKind {
    /// Words for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            RateKind::Free => "free",
            RateKind::AdValorem => "ad valorem",
            RateKind::Specific => "specific",
            RateKind::Compound => "compound",
            RateKind::Other => "other (not parsed)",
        }
    }
}

/// One specific part of a rate: `usd_per_unit` U.S. dollars per `unit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecificPart {
    /// Dollars per unit (cents are converted exactly: 1.9¢ = 0.019).
    pub usd_per_unit: Decimal,
    /// The unit (`kg`, `liter`, `pr.`, `doz.`, `each`, …).
    pub unit: String,
}

/// A column-1 general rate, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column1Rate {
    /// The schedule's text (`"6.8% + 1.5¢/kg"`).
    pub text: String,
    /// The ad valorem part, percent (absent for purely specific rates).
    pub ad_valorem_pct: Option<Decimal>,
    /// The specific parts.
    pub specific: Vec<SpecificPart>,
    /// Whether the text was read as parts at all.
    pub parsed: bool,
}

/// A specific rate was asked for without the quantity it needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    /// A specific part needs the quantity in its unit.
    #[error("the rate {rate:?} has a specific part per {unit}: the quantity in {unit} is needed")]
    NeedsQuantity {
        /// The rate text.
        rate: String,
        /// The unit of the specific part.
        unit: String,
    },
    /// Specific parts in two different units (the units, `/`-joined): one
    /// quantity cannot serve both.
    #[error("the rate has specific parts in different units ({0}); autopact takes one quantity")]
    MixedUnits(String),
    /// The rate text is not a rate autopact reads.
    #[error("the rate {0:?} is not read by autopact; state the rate yourself")]
    NotParsed(String),
    /// The arithmetic overflowed.
    #[error("amount too large to compute exactly")]
    Overflow,
}

impl Column1Rate {
    /// Parses a rate as written in the schedule. Never fails: text that is
    /// not a sum of parts is kept with `parsed = false`.
    pub fn parse(text: &str) -> Self {
        let t = text.trim();
        let mut r = Column1Rate {
            text: t.to_string(),
            ad_valorem_pct: None,
            specific: Vec::new(),
            parsed: false,
        };
        if t.is_empty() {
            return r;
        }
        if t == "Free" {
            r.parsed = true;
            return r;
        }
        // Parts are joined by "+", with or without spaces ("$1.035/kg +13.6%").
        for part in t.split('+') {
            match parse_part(part.trim()) {
                Some(Part::Pct(p)) if r.ad_valorem_pct.is_none() => r.ad_valorem_pct = Some(p),
                Some(Part::Specific(s)) => r.specific.push(s),
                _ => {
                    r.ad_valorem_pct = None;
                    r.specific.clear();
                    return r;
                }
            }
        }
        r.parsed = true;
        r
    }

    /// What the rate is made of.
    pub fn kind(&self) -> RateKind {
        if !self.parsed {
            return RateKind::Other;
        }
        match (self.ad_valorem_pct.is_some(), self.specific.is_empty()) {
            (false, true) => RateKind::Free,
            (true, true) => RateKind::AdValorem,
            (false, false) => RateKind::Specific,
            (true, false) => RateKind::Compound,
        }
    }

    /// Whether the duty needs a quantity (a specific part).
    pub fn needs_quantity(&self) -> bool {
        !self.specific.is_empty()
    }

    /// The unit the quantity must be given in, when one is needed.
    pub fn quantity_unit(&self) -> Option<&str> {
        self.specific.first().map(|s| s.unit.as_str())
    }

    /// The ad valorem percent when the rate is free or purely ad valorem
    /// (the only cases where a percent says everything).
    pub fn pure_ad_valorem_pct(&self) -> Option<Decimal> {
        match self.kind() {
            RateKind::Free => Some(Decimal::ZERO),
            RateKind::AdValorem => self.ad_valorem_pct,
            _ => None,
        }
    }

    /// The duty on `value` (and `quantity` in the specific part's unit),
    /// exact (not rounded).
    pub fn amount(&self, value: Decimal, quantity: Option<Decimal>) -> Result<Decimal, RateError> {
        if !self.parsed {
            return Err(RateError::NotParsed(self.text.clone()));
        }
        let mut total = match self.ad_valorem_pct {
            Some(p) => value
                .checked_mul(p)
                .map(|x| x / Decimal::ONE_HUNDRED)
                .ok_or(RateError::Overflow)?,
            None => Decimal::ZERO,
        };
        if let Some(first) = self.specific.first() {
            if self.specific.iter().any(|s| s.unit != first.unit) {
                let units: Vec<&str> = self.specific.iter().map(|s| s.unit.as_str()).collect();
                return Err(RateError::MixedUnits(units.join("/")));
            }
            let q = quantity.ok_or_else(|| RateError::NeedsQuantity {
                rate: self.text.clone(),
                unit: first.unit.clone(),
            })?;
            for s in &self.specific {
                let a = s.usd_per_unit.checked_mul(q).ok_or(RateError::Overflow)?;
                total = total.checked_add(a).ok_or(RateError::Overflow)?;
            }
        }
        Ok(total)
    }

    /// The ad valorem equivalent, percent of `value`, for a known quantity.
    pub fn ad_valorem_equivalent(
        &self,
        value: Decimal,
        quantity: Option<Decimal>,
    ) -> Result<Decimal, RateError> {
        if value.is_zero() {
            return Ok(self.ad_valorem_pct.unwrap_or_default());
        }
        let a = self.amount(value, quantity)?;
        a.checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|x| x.checked_div(value))
            .ok_or(RateError::Overflow)
    }
}

impl fmt::Display for Column1Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

enum Part {
    Pct(Decimal),
    Specific(SpecificPart),
}

/// `2.5%`, `1.9¢/kg`, `$2.146/kg`, `0.9¢ each`, `90¢/pr.`.
fn parse_part(p: &str) -> Option<Part> {
    if let Some(n) = p.strip_suffix('%') {
        return number(n).map(Part::Pct);
    }
    let (amount, rest) = if let Some(rest) = p.strip_prefix('$') {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        (number(&rest[..end])?, &rest[end..])
    } else {
        let (n, rest) = p.split_once('¢')?;
        (number(n)? / Decimal::ONE_HUNDRED, rest)
    };
    let unit = if let Some(u) = rest.strip_prefix('/') {
        u
    } else if rest.trim() == "each" {
        "each"
    } else {
        return None;
    };
    let words = |u: &str, max_len: usize, max_words: usize| {
        !u.is_empty()
            && u.len() <= max_len
            && u.chars()
                .all(|c| c.is_ascii_alphabetic() || c == '.' || c == ' ')
            && !u.contains("  ")
            && u.split(' ').count() <= max_words
    };
    // A unit may name what it is counted on ("kg of total sugars", "kg on
    // drained weight", "kg on lead content"): the quantity is then that
    // one, and the unit keeps the words so that a caller is asked for it.
    let unit_ok = match unit.split_once(' ') {
        Some((u, basis)) if basis.starts_with("of ") || basis.starts_with("on ") => {
            words(u, 12, 1) && words(basis, 40, 6)
        }
        _ => words(unit, 12, 2),
    };
    unit_ok.then(|| {
        Part::Specific(SpecificPart {
            usd_per_unit: amount,
            unit: unit.trim().to_string(),
        })
    })
}

fn number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    if s.is_empty() || s.starts_with(['-', '+']) {
        return None;
    }
    parse_decimal(s).ok()
}

/// USMCA (special program indicators `S`, `S+`) treatment of a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usmca {
    /// The indicators listed (`["S", "S+"]`).
    pub programs: Vec<String>,
    /// The rate given for them (`Free` in nearly every line).
    pub rate: Column1Rate,
}

impl Usmca {
    /// The USMCA tariff-rate quota a line's USMCA rate refers to: the
    /// heading range of chapter 98, subchapter XXIII (`"9823.04.01-9823.04.54"`
    /// from the rate `See 9823.04.01-9823.04.54`), when the rate is such a
    /// reference and not a rate. Inside the quota (and for goods of Mexico
    /// where the range's first heading says so) the USMCA rate is free;
    /// over it, the over-quota rate of the range (column 1) applies.
    pub fn trq(&self) -> Option<&str> {
        self.rate
            .text
            .strip_prefix("See ")
            .filter(|r| r.starts_with("9823"))
    }
}

/// One row of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The code; `None` for a description-only row.
    pub code: Option<HsCode>,
    /// Indent in the schedule (0 = heading).
    pub indent: u8,
    /// Units of quantity (`["No."]`, `["No.", "kg"]`).
    pub units: Vec<String>,
    /// Column-1 general rate; `None` when the row states none (a
    /// statistical suffix takes its 8-digit parent's).
    pub general: Option<Column1Rate>,
    /// USMCA eligibility, when the special column lists `S` or `S+`.
    pub usmca: Option<Usmca>,
    /// The row's own description (see [`Schedule::full_description`]).
    pub description: String,
}

/// A line with the rate and USMCA treatment that apply to it.
#[derive(Debug, Clone, Copy)]
pub struct Rated<'a> {
    /// The line asked about.
    pub line: &'a Line,
    /// The line that carries the rate (the line itself or its 8-digit parent).
    pub rate_line: &'a Line,
}

impl<'a> Rated<'a> {
    /// The column-1 rate.
    pub fn general(&self) -> &'a Column1Rate {
        // A rate line always has a rate (see `Schedule::rated`).
        self.rate_line
            .general
            .as_ref()
            .expect("rate line carries a rate")
    }

    /// USMCA eligibility (of the rate line).
    pub fn usmca(&self) -> Option<&'a Usmca> {
        self.rate_line.usmca.as_ref().or(self.line.usmca.as_ref())
    }

    /// Units of quantity: the line's own, else the rate line's.
    pub fn units(&self) -> &'a [String] {
        if self.line.units.is_empty() {
            &self.rate_line.units
        } else {
            &self.line.units
        }
    }

    /// The code of the line carrying the rate.
    pub fn rate_line_code(&self) -> &'a HsCode {
        self.rate_line
            .code
            .as_ref()
            .expect("rated lines have codes")
    }

    /// The code asked about.
    pub fn code(&self) -> &'a HsCode {
        self.line.code.as_ref().expect("rated lines have codes")
    }
}

/// The answer to "which line is this code?".
#[derive(Debug, Clone)]
pub enum Lookup<'a> {
    /// A line of the schedule with a rate (directly or from its parent).
    Line(Rated<'a>),
    /// A heading or subheading whose rated lines all share one treatment
    /// (rate and USMCA eligibility): the first of them stands for all.
    Uniform {
        /// A representative line.
        first: Rated<'a>,
        /// How many rated lines the code covers.
        lines: usize,
    },
    /// A heading or subheading whose rated lines differ: the caller must
    /// choose one.
    Ambiguous(Vec<Rated<'a>>),
    /// Not in the schedule.
    Unknown {
        /// The nearest codes that are.
        nearest: Vec<&'a HsCode>,
    },
}

/// A malformed schedule file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schedule line {line}: {message}")]
pub struct ScheduleError {
    /// 1-based line of the text.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The parsed schedule.
#[derive(Debug, Clone)]
pub struct Schedule {
    rows: Vec<Line>,
    /// Code digits → row index.
    index: BTreeMap<String, usize>,
    /// The header comments (attribution).
    pub header: Vec<String>,
    /// Over-quota row → in-quota row, built on first use
    /// ([`Schedule::in_quota_line`] is asked once per proxy line).
    quota: std::sync::OnceLock<std::collections::HashMap<usize, usize>>,
}

/// One row to encode (what the builder passes to [`encode`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// Code as digits or dotted; empty for description rows.
    pub code: String,
    /// Indent.
    pub indent: u8,
    /// Units of quantity.
    pub units: Vec<String>,
    /// General rate text.
    pub general: String,
    /// Special rate column text.
    pub special: String,
    /// Description.
    pub description: String,
}

/// Reads the `S`/`S+` indicators and their rate from a special-rate
/// column such as `"Free (A+,AU,…,S,SG)25% (KR)"`.
pub fn usmca_from_special(special: &str) -> Option<(Vec<String>, String)> {
    let mut rest = special;
    while let Some(open) = rest.find('(') {
        let close = open + rest[open..].find(')')?;
        let rate = rest[..open].trim().trim_start_matches(';').trim();
        let programs: Vec<String> = rest[open + 1..close]
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| p == "S" || p == "S+")
            .collect();
        if !programs.is_empty() {
            return Some((programs, rate.to_string()));
        }
        rest = &rest[close + 1..];
    }
    None
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes rows in the shipped text format, under `header` comment lines.
pub fn encode(header: &[String], rows: &[RawRow]) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str("# ");
        out.push_str(&clean(h));
        out.push('\n');
    }
    for r in rows {
        let code = match HsCode::parse(&r.code) {
            Ok(c) => c.to_string(),
            Err(_) => String::new(),
        };
        let usmca = usmca_from_special(&r.special)
            .map(|(p, rate)| format!("{}={}", p.join(","), clean(&rate)))
            .unwrap_or_default();
        let units: Vec<String> = r.units.iter().map(|u| clean(u)).collect();
        out.push_str(&format!(
            "{code}\t{}\t{}\t{}\t{usmca}\t{}\n",
            r.indent,
            units.join("|"),
            clean(&r.general),
            clean(&r.description).replace('\t', " ")
        ));
    }
    out
}

impl Schedule {
    /// The shipped 2025 schedule, parsed once.
    pub fn builtin() -> &'static Schedule {
        static S: OnceLock<Schedule> = OnceLock::new();
        S.get_or_init(|| {
            let text = gunzip(SCHEDULE_GZ).expect("the shipped schedule is valid gzip");
            Schedule::parse(&text).expect("the shipped schedule parses")
        })
    }

    /// Parses the text format (see the module docs).
    pub fn parse(text: &str) -> Result<Schedule, ScheduleError> {
        let mut rows = Vec::new();
        let mut index = BTreeMap::new();
        let mut header = Vec::new();
        for (i, l) in text.lines().enumerate() {
            let err = |message: String| ScheduleError {
                line: i + 1,
                message,
            };
            if let Some(h) = l.strip_prefix('#') {
                header.push(h.trim().to_string());
                continue;
            }
            if l.is_empty() {
                continue;
            }
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() != 6 {
                return Err(err(format!("{} fields; expected 6", f.len())));
            }
            let code = if f[0].is_empty() {
                None
            } else {
                Some(HsCode::parse(f[0]).map_err(|e| err(e.to_string()))?)
            };
            let indent: u8 = f[1]
                .parse()
                .map_err(|_| err(format!("indent {:?} is not a small number", f[1])))?;
            let usmca = if f[4].is_empty() {
                None
            } else {
                let (p, r) = f[4]
                    .split_once('=')
                    .ok_or_else(|| err(format!("USMCA field {:?} lacks '='", f[4])))?;
                let programs: Vec<String> = p.split(',').map(str::to_string).collect();
                if programs.iter().any(|p| p != "S" && p != "S+") {
                    return Err(err(format!("USMCA field {:?}: only S and S+", f[4])));
                }
                Some(Usmca {
                    programs,
                    rate: Column1Rate::parse(r),
                })
            };
            let line = Line {
                code,
                indent,
                units: if f[2].is_empty() {
                    vec![]
                } else {
                    f[2].split('|').map(str::to_string).collect()
                },
                general: (!f[3].is_empty()).then(|| Column1Rate::parse(f[3])),
                usmca,
                description: f[5].to_string(),
            };
            if let Some(c) = &line.code
                && index.insert(c.digits().to_string(), rows.len()).is_some()
            {
                return Err(err(format!("code {c} appears twice")));
            }
            rows.push(line);
        }
        if index.is_empty() {
            return Err(ScheduleError {
                line: 0,
                message: "no tariff lines".into(),
            });
        }
        Ok(Schedule {
            quota: std::sync::OnceLock::new(),
            rows,
            index,
            header,
        })
    }

    /// Every row, in schedule order (description-only rows included).
    pub fn rows(&self) -> &[Line] {
        &self.rows
    }

    /// The row with exactly this code.
    pub fn line(&self, code: &HsCode) -> Option<&Line> {
        self.index.get(code.digits()).map(|&i| &self.rows[i])
    }

    /// A line with its rate line: its own rate, or that of the longest
    /// code above it with a rate. `None` when the code is not a line or no
    /// rate is stated above it (headings, subheadings).
    pub fn rated(&self, code: &HsCode) -> Option<Rated<'_>> {
        let line = self.line(code)?;
        if line.general.is_some() {
            return Some(Rated {
                line,
                rate_line: line,
            });
        }
        let d = code.digits();
        for n in [8, 6, 4] {
            if n < d.len()
                && let Some(&i) = self.index.get(&d[..n])
                && self.rows[i].general.is_some()
            {
                return Some(Rated {
                    line,
                    rate_line: &self.rows[i],
                });
            }
        }
        None
    }

    /// Rated lines whose code starts with `code`'s digits, in order. Only
    /// lines that carry a rate are listed (statistical suffixes are
    /// represented by their 8-digit line), plus 10-digit lines that carry
    /// their own.
    pub fn rated_under(&self, code: &HsCode) -> Vec<Rated<'_>> {
        let d = code.digits();
        self.index
            .range(d.to_string()..)
            .take_while(|(k, _)| k.starts_with(d))
            .filter_map(|(_, &i)| {
                let l = &self.rows[i];
                l.general.as_ref().map(|_| Rated {
                    line: l,
                    rate_line: l,
                })
            })
            .collect()
    }

    /// Every 10-digit statistical line with the rate that applies to it
    /// (for statistics keyed by HTS10).
    pub fn hts10_lines(&self) -> impl Iterator<Item = Rated<'_>> {
        self.index
            .iter()
            .filter(|(k, _)| k.len() == 10)
            .filter_map(|(k, _)| self.rated(&HsCode::parse(k).ok()?))
    }

    /// What `code` is in the schedule (see [`Lookup`]).
    pub fn lookup(&self, code: &HsCode) -> Lookup<'_> {
        if let Some(r) = self.rated(code) {
            return Lookup::Line(r);
        }
        let under = self.rated_under(code);
        if under.is_empty() {
            return Lookup::Unknown {
                nearest: self.nearest(code, 5),
            };
        }
        let same = |a: &Rated, b: &Rated| a.general() == b.general() && a.usmca() == b.usmca();
        if under.iter().all(|r| same(r, &under[0])) {
            return Lookup::Uniform {
                first: under[0],
                lines: under.len(),
            };
        }
        Lookup::Ambiguous(under)
    }

    /// Whether goods of Mexico enter free under the USMCA tariff-rate quota
    /// `range` (as [`Usmca::trq`] gives it) without a quantitative limit:
    /// the range's first heading (`9823.NN.01`) reads "Goods of Mexico …"
    /// with a free USMCA rate, as for the dairy products of 9823.01-.08.
    pub fn trq_free_for_mexico(&self, range: &str) -> bool {
        let Some(first) = range.split('-').next().and_then(|c| HsCode::parse(c).ok()) else {
            return false;
        };
        self.line(&first).is_some_and(|l| {
            l.description.starts_with("Goods of Mexico")
                && l.usmca
                    .as_ref()
                    .is_some_and(|u| u.rate.kind() == RateKind::Free)
        })
    }

    /// The `n` codes nearest to `code`: the lines under its longest known
    /// prefix, nearest in value first.
    pub fn nearest(&self, code: &HsCode, n: usize) -> Vec<&HsCode> {
        let d = code.digits();
        let mut best: Vec<&HsCode> = Vec::new();
        for len in (2..=d.len()).rev() {
            let p = &d[..len];
            let cands: Vec<&HsCode> = self
                .index
                .range(p.to_string()..)
                .take_while(|(k, _)| k.starts_with(p))
                .filter_map(|(_, &i)| self.rows[i].code.as_ref())
                .filter(|c| c.digits().len() >= d.len().min(8))
                .collect();
            if !cands.is_empty() {
                best = cands;
                break;
            }
        }
        let key = |c: &HsCode| {
            let a: u128 = format!("{:0<10}", c.digits()).parse().unwrap_or(0);
            let b: u128 = format!("{d:0<10}").parse().unwrap_or(0);
            a.abs_diff(b)
        };
        best.sort_by_key(|c| key(c));
        best.truncate(n);
        best
    }

    /// The description with its ancestors' (`"Motor vehicles for the
    /// transport of goods: › Other: › G.V.W. … › Cab chassis"`).
    pub fn full_description(&self, code: &HsCode) -> Option<String> {
        let &i = self.index.get(code.digits())?;
        let mut parts = vec![self.rows[i].description.as_str()];
        let mut indent = self.rows[i].indent;
        for r in self.rows[..i].iter().rev() {
            if indent == 0 {
                break;
            }
            if r.indent < indent {
                parts.push(&r.description);
                indent = r.indent;
            }
        }
        parts.reverse();
        Some(parts.join(" › "))
    }

    /// For an over-quota line of a tariff-rate quota, its in-quota line.
    ///
    /// The HTSUS writes a quota as two sibling lines under one parent: the
    /// first "Described in general note 15 / additional U.S. note N … and
    /// entered pursuant to its provisions" (the in-quota rate), the next
    /// "Other" (the over-quota rate, e.g. 350% on tobacco 2401.10.65). The
    /// in-quota line is the nearest earlier sibling (same indent, same
    /// parent) so described. `None` for any other line.
    pub fn in_quota_line(&self, code: &HsCode) -> Option<Rated<'_>> {
        let rated = self.rated(code)?;
        let &i = self.index.get(rated.rate_line_code().digits())?;
        let quota = self.quota.get_or_init(|| {
            (0..self.rows.len())
                .filter(|&i| self.rows[i].general.is_some())
                .filter_map(|i| self.in_quota_row(i).map(|q| (i, q)))
                .collect()
        });
        let q = quota.get(&i)?;
        self.rows[*q].code.as_ref().and_then(|c| self.rated(c))
    }

    /// The in-quota row of the rated row `i`, if `i` is an over-quota row.
    fn in_quota_row(&self, i: usize) -> Option<usize> {
        // Walk back through the earlier siblings of the line and of each
        // uncoded group above it ("Other:"), up to the coded subheading.
        let mut level = self.rows[i].indent;
        for k in (0..i).rev() {
            let r = &self.rows[k];
            if r.indent < level {
                if r.code.is_some() {
                    return None;
                }
                level = r.indent;
                continue;
            }
            if r.indent == level {
                let d = r.description.to_ascii_lowercase();
                if d.starts_with("described in") && d.contains("entered pursuant to its provisions")
                {
                    return r.code.is_some().then_some(k);
                }
            }
        }
        None
    }

    /// Counts for the coverage report: coded rows, rows with a rate, and
    /// rated rows by kind.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage::default();
        for r in &self.rows {
            let Some(code) = &r.code else { continue };
            c.lines += 1;
            if code.digits().len() == 10 {
                c.hts10 += 1;
            }
            if let Some(g) = &r.general {
                *c.by_kind.entry(g.kind()).or_default() += 1;
                c.rated += 1;
            }
            if r.usmca.is_some() {
                c.usmca_eligible += 1;
            }
        }
        c
    }
}

/// Schedule coverage figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Rows with a code.
    pub lines: usize,
    /// 10-digit statistical lines.
    pub hts10: usize,
    /// Rows stating a general rate.
    pub rated: usize,
    /// Rated rows by kind of rate.
    pub by_kind: BTreeMap<RateKind, usize>,
    /// Rows naming S or S+.
    pub usmca_eligible: usize,
}

/// Decompresses gzip bytes (pure: from memory to memory).
pub fn gunzip(bytes: &[u8]) -> Result<String, String> {
    use std::io::Read;
    let mut s = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut s)
        .map_err(|e| format!("not gzip-compressed UTF-8 text: {e}"))?;
    Ok(s)
}

#[cfg(test)]
mod quota_tests;
#[cfg(test)]
mod tests;
