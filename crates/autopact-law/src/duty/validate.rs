//! Checks of a duty query before any measure is looked at: the importer has
//! law data, the origin and the other countries are countries, the lists
//! the good is stated to be on are lists the law knows, the date and
//! amounts are in range, and the stated facts are consistent. (The code is
//! checked against the schedule next, in `code.rs`.)

use super::*;
use crate::country::{ANY_OTHER_ORIGIN, is_country};

pub(super) fn validate(db: &LawDb, q: &DutyQuery) -> Result<(), DutyError> {
    if !db.measures.iter().any(|m| m.importer == q.importer) {
        return Err(DutyError::UnknownImporter(q.importer.clone()));
    }
    for (what, code) in [
        ("origin", Some(&q.origin)),
        ("melt-and-pour country", q.facts.melt_pour.as_ref()),
        ("smelt-and-cast country", q.facts.smelt_cast.as_ref()),
    ] {
        if let Some(code) = code
            && !is_country(code)
            && !(what == "origin" && code == ANY_OTHER_ORIGIN)
        {
            return Err(DutyError::UnknownCountry {
                what,
                code: code.clone(),
            });
        }
    }
    if !q.facts.listed.is_empty() {
        let known = known_lists(db, &q.importer);
        if let Some(name) = q.facts.listed.iter().find(|l| !known.contains(l)) {
            return Err(DutyError::UnknownList {
                name: name.clone(),
                importer: q.importer.clone(),
                known,
            });
        }
    }
    if q.date < db.duty_from || (q.date > db.as_of && !q.beyond_as_of) {
        let hint = if q.date > db.as_of {
            "; measures announced after the as-of date are unknown (ask for dates beyond the as-of date to compute with the law as known then)".into()
        } else {
            "; the duty data start on the first date shown".into()
        };
        return Err(DutyError::DateOutsideData {
            date: q.date,
            from: db.duty_from,
            as_of: db.as_of,
            hint,
        });
    }
    // Exact decimals hold ~7.9e28; a bound far above any real entry keeps
    // every product of a value and a rate inside them.
    let limit = Decimal::from(MAX_AMOUNT);
    for (name, v) in [
        ("customs value", Some(q.value)),
        ("US content", q.facts.us_content),
        ("Canadian/Mexican content", q.facts.ca_mx_content),
        ("steel content", q.facts.steel_content),
        ("aluminum content", q.facts.aluminum_content),
        ("copper content", q.facts.copper_content),
        ("quantity", q.quantity),
        ("column-1 rate", q.column1_rate),
    ] {
        if let Some(v) = v
            && v.abs() > limit
        {
            return Err(DutyError::Overflow(v).named(name));
        }
    }
    if let Some(qty) = q.quantity
        && qty < Decimal::ZERO
    {
        return Err(DutyError::BadValue(format!(
            "quantity must not be negative, got {qty}"
        )));
    }
    if q.value <= Decimal::ZERO {
        return Err(DutyError::BadValue(format!(
            "customs value must be positive, got {}",
            q.value
        )));
    }
    let f = &q.facts;
    for (name, v) in [
        ("US content", f.us_content),
        ("Canadian/Mexican content", f.ca_mx_content),
        ("steel content", f.steel_content),
        ("aluminum content", f.aluminum_content),
        ("copper content", f.copper_content),
    ] {
        if let Some(v) = v {
            if v < Decimal::ZERO {
                return Err(DutyError::BadValue(format!(
                    "{name} must not be negative, got {v}"
                )));
            }
            if v > q.value {
                return Err(DutyError::BadValue(format!(
                    "{name} {v} exceeds the customs value {}",
                    q.value
                )));
            }
        }
    }
    if f.steel_content.unwrap_or_default()
        + f.aluminum_content.unwrap_or_default()
        + f.copper_content.unwrap_or_default()
        > q.value
    {
        return Err(DutyError::BadValue(
            "steel, aluminum and copper content together exceed the customs value".into(),
        ));
    }
    if let Some(p) = f.metal_weight_pct
        && (p < Decimal::ZERO || p > Decimal::ONE_HUNDRED)
    {
        return Err(DutyError::BadValue(format!(
            "metal weight share must be 0–100%, got {p}"
        )));
    }
    if let Some(r) = q.column1_rate
        && r < Decimal::ZERO
    {
        return Err(DutyError::BadValue(format!(
            "column-1 rate must not be negative, got {r}"
        )));
    }
    Ok(())
}

/// The lists the importer's measures ask about (`listed:NAME` conditions),
/// sorted: the names a caller may state a good is on.
pub(super) fn known_lists(db: &LawDb, importer: &str) -> Vec<String> {
    let mut v: Vec<String> = db
        .measures
        .iter()
        .filter(|m| m.importer == importer)
        .flat_map(|m| m.when.iter().chain(m.unless.iter()))
        .filter_map(|c| match c {
            Cond::Listed(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    v.sort();
    v.dedup();
    v
}
