//! Which tariff line an entry is, and its column-1 rate.
//!
//! A duty is only as right as the code it is computed for, so the code is
//! checked before any measure is considered:
//!
//! * **U.S. imports** are looked up in the whole HTSUS ([`Schedule`]): an
//!   unknown code is an error naming the nearest lines; a heading or
//!   subheading whose lines differ in rate or USMCA eligibility is an error
//!   listing them (a column-1 rate stated by the caller is the explicit
//!   choice that lifts it); the line's column-1 rate is the base layer.
//!   Two column-1 lines are never summed.
//! * **Canadian and Mexican imports** take the codes their measures name:
//!   a 4- or 6-digit HS code (shared by all three schedules, so checked
//!   against the HTSUS's headings and subheadings: an invented one is an
//!   error), or an 8- or 10-digit national tariff item that one of the
//!   importer's measures lists. An 8- or 10-digit code that is none of these — typically a U.S.
//!   HTS line given for an import into Canada — is an error that lists the
//!   importer's tariff items under the same subheading; it is never read
//!   as "no measure applies".

use crate::db::LawDb;
use crate::hts::{HsCode, ScopeItem};
use crate::schedule::{Lookup, Rated, Schedule};

use super::{DutyError, DutyQuery};

/// Where the column-1 rate of an entry comes from.
#[derive(Debug, Clone)]
pub(super) enum Column1<'s> {
    /// Stated by the caller (with a warning when the code is not a line
    /// of the schedule: the caller's rate is the explicit choice).
    User(Option<String>),
    /// The HTSUS line (with a note when a uniform heading stood for its lines).
    Schedule(Rated<'s>, Option<String>),
    /// No column-1 data for this importer (Canada, Mexico outside LIGIE).
    Unknown,
}

/// Checks the code against the importer's tariff and finds its column-1 rate.
pub(super) fn check_code<'s>(
    db: &LawDb,
    q: &DutyQuery,
    schedule: &'s Schedule,
) -> Result<Column1<'s>, DutyError> {
    match q.importer.as_str() {
        "US" => check_us(q, schedule),
        _ => {
            let warning = check_national(db, q, schedule)?;
            Ok(if q.column1_rate.is_some() {
                Column1::User(warning)
            } else {
                Column1::Unknown
            })
        }
    }
}

fn check_us<'s>(q: &DutyQuery, schedule: &'s Schedule) -> Result<Column1<'s>, DutyError> {
    let lookup = schedule.lookup(&q.hts);
    let (rated, note) = match lookup {
        Lookup::Line(r) => (r, None),
        Lookup::Uniform { first, lines } => (
            first,
            Some(format!(
                "{} is not a full tariff line: its {lines} lines share column-1 rate {} and USMCA eligibility, so {} stands for them",
                q.hts,
                first.general(),
                first.code()
            )),
        ),
        Lookup::Ambiguous(lines) => {
            if q.column1_rate.is_some() {
                // The caller chose the rate: the code's other measures are
                // matched at the level given.
                return Ok(Column1::User(None));
            }
            let more = lines.len().saturating_sub(MAX_LISTED);
            let mut listed: Vec<String> = lines
                .iter()
                .take(MAX_LISTED)
                .map(|r| {
                    format!(
                        "{} {} ({}{})",
                        r.code(),
                        short(&r.line.description),
                        r.general(),
                        if r.usmca().is_some() { ", USMCA S" } else { "" }
                    )
                })
                .collect();
            if more > 0 {
                listed.push(format!("… and {more} more lines under {}", q.hts));
            }
            return Err(DutyError::AmbiguousCode {
                code: q.hts.clone(),
                lines: listed,
            });
        }
        Lookup::Unknown { nearest } => {
            if q.column1_rate.is_some() {
                return Ok(Column1::User(Some(format!(
                    "{} is not a line of the HTSUS 2025 Basic Edition: computed with the stated column-1 rate; measures are matched on the code as given",
                    q.hts
                ))));
            }
            return Err(DutyError::UnknownCode {
                code: q.hts.clone(),
                importer: q.importer.clone(),
                nearest: nearest.iter().map(|c| c.to_string()).collect(),
            });
        }
    };
    if q.column1_rate.is_some() {
        return Ok(Column1::User(None));
    }
    Ok(Column1::Schedule(rated, note))
}

/// Lines listed in an ambiguity error before "… and N more".
const MAX_LISTED: usize = 12;

fn short(s: &str) -> String {
    let s = s.trim_end_matches(':');
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s.to_string()
    }
}

/// The national tariff items (8 or 10 digits) the importer's measures name.
fn national_items(db: &LawDb, importer: &str) -> Vec<HsCode> {
    let mut v = Vec::new();
    for m in db.measures.iter().filter(|m| m.importer == importer) {
        for item in m.scope.include.iter().chain(m.scope.exclude.iter()) {
            collect(item, &mut v);
        }
    }
    v.sort();
    v.dedup();
    v
}

fn collect(item: &ScopeItem, v: &mut Vec<HsCode>) {
    match item {
        ScopeItem::Code(c) if c.digits().len() >= 8 => v.push(c.clone()),
        ScopeItem::Range(lo, hi) if lo.digits().len() >= 8 => {
            v.push(lo.clone());
            v.push(hi.clone());
        }
        ScopeItem::Ex(inner, _) => collect(inner, v),
        _ => {}
    }
}

/// The code's check for Canada and Mexico; `Some` warning when a code
/// outside the HS is computed with a column-1 rate the caller stated.
fn check_national(
    db: &LawDb,
    q: &DutyQuery,
    schedule: &Schedule,
) -> Result<Option<String>, DutyError> {
    let d = q.hts.digits();
    // The heading or subheading must be one of the Harmonized System's,
    // which the three schedules share to six digits (checked on the
    // HTSUS's lines): an invented code is refused, as for U.S. imports,
    // unless the caller states the column-1 rate (the explicit choice).
    let hs = HsCode::parse(&d[..d.len().min(6)]).unwrap_or_else(|_| q.hts.clone());
    if let Lookup::Unknown { nearest } = schedule.lookup(&hs) {
        if q.column1_rate.is_some() {
            return Ok(Some(format!(
                "{} is not a subheading of the HTSUS 2025 Basic Edition, which shares the Harmonized System's: computed with the stated column-1 rate; measures are matched on the code as given",
                q.hts
            )));
        }
        // Named as HS subheadings: the U.S. lines beyond six digits are
        // not the importer's.
        let mut subheadings: Vec<String> = Vec::new();
        for c in nearest {
            let d = c.digits();
            if let Ok(sub) = HsCode::parse(&d[..d.len().min(6)]) {
                let sub = sub.to_string();
                if !subheadings.contains(&sub) {
                    subheadings.push(sub);
                }
            }
        }
        return Err(DutyError::UnknownCode {
            code: q.hts.clone(),
            importer: q.importer.clone(),
            nearest: subheadings,
        });
    }
    if d.len() <= 6 {
        return Ok(None);
    }
    let items = national_items(db, &q.importer);
    let known = items.iter().any(|i| {
        let i = i.digits();
        d.starts_with(i) || i.starts_with(d)
    }) || db
        .measures
        .iter()
        .filter(|m| m.importer == q.importer)
        .any(|m| {
            m.scope.include.iter().any(|it| match it {
                ScopeItem::Range(lo, _) if lo.digits().len() >= 8 => it.matches(&q.hts).is_some(),
                _ => false,
            })
        });
    if known {
        return Ok(None);
    }
    let sub = &d[..6];
    let same_sub: Vec<String> = items
        .iter()
        .filter(|i| i.digits().starts_with(sub))
        .map(|i| i.to_string())
        .collect();
    let us_line = schedule.line(&q.hts).is_some();
    Err(DutyError::NotNationalItem {
        code: q.hts.clone(),
        importer: q.importer.clone(),
        us_line,
        subheading: HsCode::parse(sub).unwrap_or_else(|_| q.hts.clone()),
        items: same_sub,
    })
}
