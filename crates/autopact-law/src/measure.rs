//! Tariff measures as data: the model, the TOML format, and validation.
//!
//! Each legal instrument is one TOML file under `law/` (reviewed like
//! code), embedded in the binary with `include_str!` and parsed when the
//! [`crate::LawDb`] is built. A file has an `[instrument]` table, any
//! number of `[[measure]]`s and any number of stacking `[[rule]]`s:
//!
//! ```toml
//! [instrument]
//! id = "us-232-autos"
//! title = "Section 232 automobiles and automobile parts"
//! importer = "US"
//!
//! [[measure]]
//! id = "us.232.autos.vehicles"          # unique across all files
//! name = "§232 automobiles, full value"
//! heading = "9903.94.01"                # Chapter 99 line / legal provision
//! citation = "Proclamation 10908 …"     # required
//! source = "S8"                          # fact-sheet source tag
//! confidence = "official-excerpt"        # official-text | official-excerpt | secondary | third-party-engine | unconfirmed
//! status = "in-force"                    # or "unconfirmed": off unless asked for
//! layer = "additional"                   # column1 | preference | additional | relief
//! from = 2025-04-03                      # first entry date (inclusive)
//! to = 2026-02-23                        # last entry date (inclusive); absent = open
//! scope = ["8703.22.01", "8703.21-8703.90", "ex 8708.29"]
//! ex = { "8708.29" = "body stampings" }  # descriptions of ex items
//! scope_lists = ["us232-auto-parts"]     # named code lists (crate::scope_lists)
//! scope_exclude = []
//! origin = ["JP"]                         # or "@EU27"; empty = any origin
//! origin_not = ["CA", "MX"]
//! when = ["usmca_qualifying"]            # facts that must hold
//! unless = ["melt_pour:US"]              # facts that must not hold
//! rate = { kind = "ad_valorem", pct = "25" }
//! replaces = ["us.232.autos.vehicles"]   # measures this one displaces
//! note = "…"
//! ```
//!
//! Rate kinds: `ad_valorem` (on the full value, less any base an
//! `applies_first` rule takes away), `on_content` (on a stated content:
//! `non_us_content`, `us_content`, `steel_content`, `aluminum_content`),
//! `cap` (all-in cap: additional = max(0, total − column-1 rate)),
//! `quota` (in-quota / out-of-quota rates), `ca_content` (Canada's
//! `pct × (A − max(B, floor × A))`), `free` (a zero-rate line) and
//! `remission` (gives back another layer).
//!
//! Stacking rules (`kind = "excludes"` or `"applies_first"`) are dated and
//! cited like measures; see [`StackRule`]. A rule that rests on a reading
//! the fact sheet does not state carries an `assumption`, recorded in
//! every result the rule shapes.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::hts::{Scope, ScopeItem};
use crate::money::parse_decimal;

/// Importing (or producing) country, ISO 3166-1 alpha-2 (`"US"`).
pub type Country = String;

/// How sure the fact sheet is about a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Read in the full official text.
    OfficialText,
    /// Seen in an excerpt of an official document.
    OfficialExcerpt,
    /// From a law firm, news wire or trade press summary.
    Secondary,
    /// From public tariff-calculator documentation only.
    ThirdPartyEngine,
    /// Single non-official source, or conflicting sources.
    Unconfirmed,
}

impl Confidence {
    /// The fact sheet's tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::OfficialText => "OFFICIAL-TEXT",
            Confidence::OfficialExcerpt => "OFFICIAL-EXCERPT",
            Confidence::Secondary => "SECONDARY",
            Confidence::ThirdPartyEngine => "THIRD-PARTY-ENGINE",
            Confidence::Unconfirmed => "UNCONFIRMED",
        }
    }
}

/// Whether a measure is used by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Encoded as law.
    #[default]
    InForce,
    /// Reported but not confirmed: used only when the caller asks for
    /// unconfirmed measures, and flagged in every result that uses it.
    Unconfirmed,
}

/// Where a measure sits in the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayerKind {
    /// The column-1 (general/MFN) rate of the importer's tariff.
    Column1,
    /// A preference that replaces the column-1 rate (USMCA "S").
    Preference,
    /// An additional duty or surtax.
    #[default]
    Additional,
    /// A relief that gives back part of another layer (remission).
    Relief,
}

/// A content amount a rate can be applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentBase {
    /// Value less approved US content (Proc. 10908 cl. 2).
    NonUsContent,
    /// Approved US content.
    UsContent,
    /// Value of the steel content.
    SteelContent,
    /// Value of the aluminum content.
    AluminumContent,
    /// Value of the copper content.
    CopperContent,
}

impl ContentBase {
    /// Words for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            ContentBase::NonUsContent => "non-US content (value − approved US content)",
            ContentBase::UsContent => "approved US content",
            ContentBase::SteelContent => "steel content",
            ContentBase::AluminumContent => "aluminum content",
            ContentBase::CopperContent => "copper content",
        }
    }
}

/// How a measure's rate is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rate {
    /// `pct`% of the value (less any applies-first base).
    AdValorem {
        /// Percent.
        pct: Decimal,
    },
    /// `pct`% of a content amount.
    OnContent {
        /// Percent.
        pct: Decimal,
        /// Which content.
        base: ContentBase,
    },
    /// All-in cap: additional = max(0, `total_pct` − column-1 rate).
    Cap {
        /// The all-in rate.
        total_pct: Decimal,
        /// Heading reported when the top-up is zero (column 1 ≥ cap).
        heading_none: Option<String>,
    },
    /// Tariff-rate quota.
    Quota {
        /// In-quota rate.
        in_pct: Decimal,
        /// Out-of-quota rate.
        out_pct: Decimal,
        /// Heading of the out-of-quota line.
        out_heading: String,
    },
    /// Canada's surtax on CUSMA-entitled US vehicles:
    /// `pct × (A − max(B, floor_pct × A))`.
    CaContent {
        /// Percent.
        pct: Decimal,
        /// Floor of B as a percent of A.
        floor_pct: Decimal,
    },
    /// A zero-rate line (exemption), on the full value or on a content.
    Free {
        /// The base reported, if not the full value.
        base: Option<ContentBase>,
    },
    /// Gives back the amount of another measure's layer.
    Remission {
        /// The measure remitted.
        of: String,
    },
    /// A column-1 rate the law data know applies but cannot state (the
    /// instrument's lines and rates are not itemized): the result says so
    /// and asks for the rate; it is never taken as 0.
    Unstated {
        /// The range the instrument gives, in words (`5%-50%`).
        range: String,
    },
}

/// A fact about the good that a measure can require.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    /// The good qualifies for (and claims) USMCA/CUSMA preference.
    UsmcaQualifying,
    /// Approved US content is stated (Commerce approval).
    UsContent,
    /// The importer holds a surtax remission entitlement.
    Remission,
    /// Imported for use in manufacturing motor vehicles, chassis or parts.
    VehicleManufacturing,
    /// Steel melted and poured in this country.
    MeltPour(Country),
    /// Aluminum smelted and cast in this country.
    SmeltCast(Country),
    /// Metal is at most this percent of the good's weight.
    MetalWeightAtMost(Decimal),
    /// Steel content is stated.
    SteelContent,
    /// Aluminum content is stated.
    AluminumContent,
    /// The vehicle is at least this many years old.
    VehicleAgeAtLeast(u32),
    /// The good was loaded for export (in transit) before this date.
    LoadedBefore(NaiveDate),
    /// The caller states that the good is on this list (a list the law
    /// data cannot itemize, such as Section 232 inclusions).
    Listed(String),
}

impl Cond {
    fn parse(s: &str) -> Result<Self, String> {
        let (k, v) = match s.split_once(':') {
            Some((k, v)) => (k, Some(v)),
            None => (s, None),
        };
        Ok(match (k, v) {
            ("usmca_qualifying", None) => Cond::UsmcaQualifying,
            ("us_content", None) => Cond::UsContent,
            ("remission", None) => Cond::Remission,
            ("vehicle_manufacturing", None) => Cond::VehicleManufacturing,
            ("steel_content", None) => Cond::SteelContent,
            ("aluminum_content", None) => Cond::AluminumContent,
            ("melt_pour", Some(c)) => Cond::MeltPour(c.to_string()),
            ("smelt_cast", Some(c)) => Cond::SmeltCast(c.to_string()),
            ("metal_weight_at_most", Some(p)) => Cond::MetalWeightAtMost(parse_decimal(p)?),
            ("vehicle_age_at_least", Some(y)) => Cond::VehicleAgeAtLeast(
                y.parse()
                    .map_err(|_| format!("condition {s:?}: {y:?} is not a number of years"))?,
            ),
            ("loaded_before", Some(d)) => Cond::LoadedBefore(
                d.parse()
                    .map_err(|_| format!("condition {s:?}: {d:?} is not a date (YYYY-MM-DD)"))?,
            ),
            ("listed", Some(l)) if !l.trim().is_empty() => Cond::Listed(l.trim().to_string()),
            _ => return Err(format!("unknown condition {s:?}")),
        })
    }

    /// Words for explanations.
    pub fn describe(&self) -> String {
        match self {
            Cond::UsmcaQualifying => {
                "the good is USMCA/CUSMA-originating and preference is claimed".into()
            }
            Cond::UsContent => "Commerce-approved US content is stated".into(),
            Cond::Remission => "the importer claims remission".into(),
            Cond::VehicleManufacturing => {
                "imported for use in manufacturing motor vehicles, chassis or their parts".into()
            }
            Cond::MeltPour(c) => format!("steel melted and poured in {c}"),
            Cond::SmeltCast(c) => format!("aluminum smelted and cast in {c}"),
            Cond::MetalWeightAtMost(p) => format!("metal is at most {p}% of the weight"),
            Cond::SteelContent => "the steel content value is stated".into(),
            Cond::AluminumContent => "the aluminum content value is stated".into(),
            Cond::VehicleAgeAtLeast(y) => format!("the vehicle is at least {y} years old"),
            Cond::LoadedBefore(d) => {
                format!("the good was loaded for export (in transit) before {d}")
            }
            Cond::Listed(l) => format!("the good is stated to be on list {l}"),
        }
    }
}

/// One tariff measure.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Unique id (`us.232.autos.vehicles`).
    pub id: String,
    /// Id of the instrument file it comes from.
    pub instrument: String,
    /// Short name.
    pub name: String,
    /// Chapter 99 line or legal provision, if any.
    pub heading: Option<String>,
    /// Legal citation.
    pub citation: String,
    /// Fact-sheet source tags.
    pub source: String,
    /// Confidence of the fact sheet.
    pub confidence: Confidence,
    /// Used by default, or only on request.
    pub status: Status,
    /// Place in the stack.
    pub layer: LayerKind,
    /// Importing country.
    pub importer: Country,
    /// First entry date (inclusive).
    pub from: NaiveDate,
    /// Last entry date (inclusive), if it ends.
    pub to: Option<NaiveDate>,
    /// Goods covered.
    pub scope: Scope,
    /// Origins covered (empty = any).
    pub origin: Vec<Country>,
    /// Origins not covered.
    pub origin_not: Vec<Country>,
    /// Facts that must hold.
    pub when: Vec<Cond>,
    /// Facts that must not hold.
    pub unless: Vec<Cond>,
    /// The rate.
    pub rate: Rate,
    /// Measures displaced when this one applies (ids or `prefix*`).
    pub replaces: Vec<String>,
    /// Remarks shown with the layer.
    pub note: Option<String>,
    /// The file the measure was read from.
    pub file: String,
    /// 1-based line of its `id` in that file (0 when not found).
    pub line: usize,
    /// Supplied by the user (`--law DIR`), not autopact's own data.
    pub user_supplied: bool,
}

impl Measure {
    /// Whether the measure is in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        date >= self.from && self.to.is_none_or(|t| date <= t)
    }
}

/// Kind of stacking rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StackKind {
    /// When any `winner` applies, the `loser`s do not.
    Excludes,
    /// The `winner`s apply first on their content base; the `loser`s
    /// apply only to the value left over.
    AppliesFirst,
}

/// A dated stacking rule between measures.
#[derive(Debug, Clone)]
pub struct StackRule {
    /// Unique id.
    pub id: String,
    /// Kind.
    pub kind: StackKind,
    /// Measures that win (ids or `prefix*`).
    pub winner: Vec<String>,
    /// Measures that give way.
    pub loser: Vec<String>,
    /// First entry date.
    pub from: NaiveDate,
    /// Last entry date.
    pub to: Option<NaiveDate>,
    /// Legal citation.
    pub citation: String,
    /// Confidence.
    pub confidence: Confidence,
    /// Remarks.
    pub note: Option<String>,
    /// The reading the rule rests on, where the fact sheet is silent:
    /// recorded as an assumption of every stack in which the rule drops a
    /// measure.
    pub assumption: Option<String>,
}

impl StackRule {
    /// Whether the rule is in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        date >= self.from && self.to.is_none_or(|t| date <= t)
    }
}

/// Whether `id` matches `pattern` (exact, or `prefix*`).
pub fn id_matches(pattern: &str, id: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(p) => id.starts_with(p),
        None => pattern == id,
    }
}

// ---------------------------------------------------------------------------
// TOML format

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    instrument: RawInstrument,
    #[serde(default)]
    measure: Vec<RawMeasure>,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    id: String,
    title: String,
    importer: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    id: String,
    name: String,
    #[serde(default)]
    heading: Option<String>,
    citation: String,
    source: String,
    confidence: Confidence,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    layer: LayerKind,
    from: toml::value::Datetime,
    #[serde(default)]
    to: Option<toml::value::Datetime>,
    #[serde(default)]
    scope: Vec<String>,
    #[serde(default)]
    scope_all: bool,
    #[serde(default)]
    scope_lists: Vec<String>,
    #[serde(default)]
    ex: BTreeMap<String, String>,
    #[serde(default)]
    scope_exclude: Vec<String>,
    #[serde(default)]
    origin: Vec<String>,
    #[serde(default)]
    origin_not: Vec<String>,
    #[serde(default)]
    when: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    rate: RawRate,
    #[serde(default)]
    replaces: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum RawRate {
    AdValorem {
        pct: String,
    },
    OnContent {
        pct: String,
        base: ContentBase,
    },
    Cap {
        total_pct: String,
        #[serde(default)]
        heading_none: Option<String>,
    },
    Quota {
        in_pct: String,
        out_pct: String,
        out_heading: String,
    },
    CaContent {
        pct: String,
        floor_pct: String,
    },
    Free {
        #[serde(default)]
        base: Option<ContentBase>,
    },
    Remission {
        of: String,
    },
    Unstated {
        range: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    kind: StackKind,
    winner: Vec<String>,
    loser: Vec<String>,
    from: toml::value::Datetime,
    #[serde(default)]
    to: Option<toml::value::Datetime>,
    citation: String,
    confidence: Confidence,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    assumption: Option<String>,
}

/// A problem in a law data file (a bug in autopact's data, caught by tests).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("law data {file}: {message}")]
pub struct LawDataError {
    /// File name.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// The 1-based line of `id = "ID"` in a file (0 when not found).
fn line_of_id(text: &str, id: &str) -> usize {
    let quoted = format!("\"{id}\"");
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with("id") && t.contains(&quoted)
        })
        .map_or(0, |i| i + 1)
}

/// Converts a TOML date to a calendar date.
pub(crate) fn toml_date(d: &toml::value::Datetime) -> Result<NaiveDate, String> {
    match (&d.date, &d.time) {
        (Some(date), None) => {
            NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32)
                .ok_or_else(|| format!("invalid date {d}"))
        }
        _ => Err(format!("expected a plain date (YYYY-MM-DD), got {d}")),
    }
}

/// Country groups usable as `@NAME` in `origin` lists.
pub type Groups = BTreeMap<String, Vec<Country>>;

fn expand(list: &[String], groups: &Groups) -> Result<Vec<Country>, String> {
    let mut out = Vec::new();
    for c in list {
        if let Some(g) = c.strip_prefix('@') {
            let members = groups
                .get(g)
                .ok_or_else(|| format!("unknown country group @{g}"))?;
            out.extend(members.iter().cloned());
        } else if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) {
            out.push(c.clone());
        } else {
            return Err(format!("country {c:?} is not an ISO alpha-2 code"));
        }
    }
    Ok(out)
}

/// Parses one instrument file into measures and rules.
pub(crate) fn parse_file(
    name: &str,
    text: &str,
    groups: &Groups,
) -> Result<(Vec<Measure>, Vec<StackRule>), LawDataError> {
    let err = |message: String| LawDataError {
        file: name.to_string(),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    let inst = raw.instrument;
    if inst.title.trim().is_empty() {
        return Err(err("instrument title is empty".into()));
    }
    let mut measures = Vec::new();
    for m in raw.measure {
        let line = line_of_id(text, &m.id);
        let ctx = |e: String| err(format!("line {line}: measure {}: {e}", m.id));
        let dec = |s: &str| parse_decimal(s).map_err(ctx);
        let rate = match &m.rate {
            RawRate::AdValorem { pct } => Rate::AdValorem { pct: dec(pct)? },
            RawRate::OnContent { pct, base } => Rate::OnContent {
                pct: dec(pct)?,
                base: *base,
            },
            RawRate::Cap {
                total_pct,
                heading_none,
            } => Rate::Cap {
                total_pct: dec(total_pct)?,
                heading_none: heading_none.clone(),
            },
            RawRate::Quota {
                in_pct,
                out_pct,
                out_heading,
            } => Rate::Quota {
                in_pct: dec(in_pct)?,
                out_pct: dec(out_pct)?,
                out_heading: out_heading.clone(),
            },
            RawRate::CaContent { pct, floor_pct } => Rate::CaContent {
                pct: dec(pct)?,
                floor_pct: dec(floor_pct)?,
            },
            RawRate::Free { base } => Rate::Free { base: *base },
            RawRate::Remission { of } => Rate::Remission { of: of.clone() },
            RawRate::Unstated { range } => {
                if m.layer != LayerKind::Column1 {
                    return Err(ctx(
                        "an unstated rate is a column-1 rate: set layer = \"column1\"".into(),
                    ));
                }
                Rate::Unstated {
                    range: range.clone(),
                }
            }
        };
        let mut include = Vec::new();
        for s in &m.scope {
            let desc = s
                .strip_prefix("ex ")
                .and_then(|c| m.ex.get(c.trim()))
                .map(String::as_str);
            if s.starts_with("ex ") && desc.is_none() {
                return Err(ctx(format!("ex item {s:?} has no description in `ex`")));
            }
            include.push(ScopeItem::parse(s, desc).map_err(|e| ctx(e.to_string()))?);
        }
        for name in &m.scope_lists {
            let list = crate::scope_lists::builtin().get(name).ok_or_else(|| {
                ctx(format!(
                    "unknown scope list {name:?} (known: {})",
                    crate::scope_lists::builtin()
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            include.extend(list.iter().cloned());
        }
        let exclude = m
            .scope_exclude
            .iter()
            .map(|s| ScopeItem::parse(s, None).map_err(|e| ctx(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        if include.is_empty() && !m.scope_all {
            return Err(ctx(
                "empty scope (set scope_all = true for every good)".into()
            ));
        }
        let conds = |v: &[String]| {
            v.iter()
                .map(|s| Cond::parse(s).map_err(ctx))
                .collect::<Result<Vec<_>, _>>()
        };
        measures.push(Measure {
            id: m.id.clone(),
            instrument: inst.id.clone(),
            name: m.name.clone(),
            heading: m.heading.clone(),
            citation: m.citation.clone(),
            source: m.source.clone(),
            confidence: m.confidence,
            status: m.status,
            layer: m.layer,
            importer: inst.importer.clone(),
            from: toml_date(&m.from).map_err(ctx)?,
            to: m.to.as_ref().map(toml_date).transpose().map_err(ctx)?,
            scope: Scope {
                include: include.into(),
                all: m.scope_all,
                exclude: exclude.into(),
            },
            origin: expand(&m.origin, groups).map_err(ctx)?,
            origin_not: expand(&m.origin_not, groups).map_err(ctx)?,
            when: conds(&m.when)?,
            unless: conds(&m.unless)?,
            rate,
            replaces: m.replaces.clone(),
            note: m.note.clone(),
            file: name.to_string(),
            line,
            user_supplied: false,
        });
    }
    let mut rules = Vec::new();
    for r in raw.rule {
        let line = line_of_id(text, &r.id);
        let ctx = |e: String| err(format!("line {line}: rule {}: {e}", r.id));
        rules.push(StackRule {
            id: r.id.clone(),
            kind: r.kind,
            winner: r.winner.clone(),
            loser: r.loser.clone(),
            from: toml_date(&r.from).map_err(ctx)?,
            to: r.to.as_ref().map(toml_date).transpose().map_err(ctx)?,
            citation: r.citation.clone(),
            confidence: r.confidence,
            note: r.note.clone(),
            assumption: r.assumption.clone(),
        });
    }
    Ok((measures, rules))
}

/// Checks the whole set: ids unique, dates ordered, citations present,
/// unconfirmed facts behind the flag, references resolvable.
pub(crate) fn validate(measures: &[Measure], rules: &[StackRule]) -> Result<(), LawDataError> {
    let err = |file: &str, message: String| LawDataError {
        file: file.to_string(),
        message,
    };
    let at = |m: &Measure| format!("{}, line {}", m.file, m.line);
    let mut ids = HashSet::new();
    for m in measures {
        if !ids.insert(m.id.as_str()) {
            return Err(err(&at(m), format!("duplicate measure id {}", m.id)));
        }
        if m.citation.trim().is_empty() || m.source.trim().is_empty() {
            return Err(err(
                &at(m),
                format!("measure {} has no citation/source", m.id),
            ));
        }
        if let Some(to) = m.to
            && to < m.from
        {
            return Err(err(
                &at(m),
                format!("measure {} ends before it starts", m.id),
            ));
        }
        if m.confidence == Confidence::Unconfirmed && m.status != Status::Unconfirmed {
            return Err(err(
                &at(m),
                format!(
                    "measure {} is UNCONFIRMED but not status = \"unconfirmed\"",
                    m.id
                ),
            ));
        }
    }
    let resolves = |p: &str| measures.iter().any(|m| id_matches(p, &m.id));
    for m in measures {
        for r in &m.replaces {
            if !resolves(r) {
                return Err(err(
                    &at(m),
                    format!("measure {}: replaces unknown {r}", m.id),
                ));
            }
        }
        if let Rate::Remission { of } = &m.rate
            && !resolves(of)
        {
            return Err(err(
                &at(m),
                format!("measure {}: remits unknown {of}", m.id),
            ));
        }
    }
    let mut rule_ids = HashSet::new();
    for r in rules {
        if !rule_ids.insert(r.id.as_str()) {
            return Err(err("stacking", format!("duplicate rule id {}", r.id)));
        }
        if r.citation.trim().is_empty() {
            return Err(err("stacking", format!("rule {} has no citation", r.id)));
        }
        if let Some(to) = r.to
            && to < r.from
        {
            return Err(err(
                "stacking",
                format!("rule {} ends before it starts", r.id),
            ));
        }
        for p in r.winner.iter().chain(&r.loser) {
            if !resolves(p) {
                return Err(err(
                    "stacking",
                    format!("rule {}: unknown measure {p}", r.id),
                ));
            }
        }
    }
    Ok(())
}
