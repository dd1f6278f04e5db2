//! The law data as tables: the measures in force (`autopact law list`)
//! and one measure in full (`autopact law show`).
//!
//! Why here: a front end that lists measures (the CLI with `--format`, the
//! dashboard's law events, Python) shows the same columns and the same
//! words for a rate; the CLI only prints them.

use anyhow::{Result, bail};
use autopact_core::{Column, Table};
use autopact_law::measure::{Measure, Rate, Status, id_matches};
use autopact_law::{LawDb, NaiveDate};

/// A rate in words (`25%`, `50% of the steel content`, `all-in cap 15%` …).
pub fn rate_text(r: &Rate) -> String {
    match r {
        Rate::AdValorem { pct } => format!("{pct}%"),
        Rate::OnContent { pct, base } => format!("{pct}% of {}", base.describe()),
        Rate::Cap { total_pct, .. } => format!("all-in cap {total_pct}%"),
        Rate::Quota {
            in_pct, out_pct, ..
        } => format!("quota {in_pct}% / {out_pct}%"),
        Rate::CaContent { pct, floor_pct } => format!("{pct}% × (A − max(B, {floor_pct}% A))"),
        Rate::Free { .. } => "0%".into(),
        Rate::Remission { of } => format!("remits {of}"),
        Rate::Unstated { range } => format!("column 1 raised, rate not itemized ({range})"),
    }
}

/// The measures of `db` (in force on `date`, of `importer`, when given):
/// one row each with id, importer, heading, dates, rate, confidence,
/// status and where it is defined.
pub fn measures(db: &LawDb, date: Option<NaiveDate>, importer: Option<&str>) -> Table {
    let importer = importer.map(str::to_ascii_uppercase);
    let mut t = Table::new(
        "law-list",
        [
            "id",
            "importer",
            "heading",
            "from",
            "to",
            "rate",
            "confidence",
            "status",
            "source",
        ]
        .into_iter()
        .map(Column::new)
        .collect(),
    );
    for m in &db.measures {
        if date.is_some_and(|d| !m.in_force(d))
            || importer.as_ref().is_some_and(|i| *i != m.importer)
        {
            continue;
        }
        t.push(vec![
            m.id.clone().into(),
            m.importer.clone().into(),
            m.heading.clone().unwrap_or_else(|| "-".into()).into(),
            m.from.to_string().into(),
            m.to.map_or("open".to_string(), |t| t.to_string()).into(),
            rate_text(&m.rate).into(),
            m.confidence.as_str().into(),
            if m.status == Status::Unconfirmed {
                "unconfirmed (off by default)"
            } else {
                "in force"
            }
            .into(),
            if m.user_supplied {
                format!("USER {}:{}", m.file, m.line)
            } else {
                format!("autopact {}", m.file)
            }
            .into(),
        ]);
    }
    t.meta("law_data_as_of", db.as_of.to_string());
    t
}

/// The measure `id` of `db`, or an error naming up to ten similar ids.
pub fn find<'a>(db: &'a LawDb, id: &str) -> Result<&'a Measure> {
    if let Some(m) = db.measure(id) {
        return Ok(m);
    }
    let prefix = id.rsplit_once('.').map_or(id, |x| x.0);
    let near: Vec<&str> = db
        .measures
        .iter()
        .map(|m| m.id.as_str())
        .filter(|m| m.starts_with(prefix))
        .take(10)
        .collect();
    bail!(
        "no measure {id:?} in the law data{}",
        if near.is_empty() {
            " (autopact law list shows them all)".to_string()
        } else {
            format!("; similar: {}", near.join(", "))
        }
    )
}

/// One measure in full, as (field, value) pairs in reading order: scope,
/// dates, rate, conditions, citation, where it is defined and the
/// stacking rules that name it.
pub fn measure_fields(db: &LawDb, m: &Measure) -> Vec<(&'static str, String)> {
    let mut o = Vec::new();
    let mut line = |k: &'static str, v: String| o.push((k, v));
    line("id", m.id.clone());
    line("name", m.name.clone());
    line("importer", m.importer.clone());
    line("heading", m.heading.clone().unwrap_or_else(|| "-".into()));
    line("layer", format!("{:?}", m.layer).to_lowercase());
    line(
        "in force",
        format!(
            "{} → {}",
            m.from,
            m.to.map_or("open".into(), |t| t.to_string())
        ),
    );
    line("rate", rate_text(&m.rate));
    line("scope", m.scope.describe());
    if !m.origin.is_empty() {
        line("origin", m.origin.join(", "));
    }
    if !m.origin_not.is_empty() {
        line("not origin", m.origin_not.join(", "));
    }
    for c in &m.when {
        line("when", c.describe());
    }
    for c in &m.unless {
        line("unless", c.describe());
    }
    if !m.replaces.is_empty() {
        line("replaces", m.replaces.join(", "));
    }
    line("citation", m.citation.clone());
    line("source", m.source.clone());
    line("confidence", m.confidence.as_str().into());
    line(
        "status",
        if m.status == Status::Unconfirmed {
            "unconfirmed: off unless asked for".into()
        } else {
            "in force".into()
        },
    );
    if let Some(n) = &m.note {
        line("note", n.clone());
    }
    line(
        "defined in",
        if m.user_supplied {
            format!("USER-SUPPLIED {}, line {}", m.file, m.line)
        } else {
            format!("autopact law/{}, line {}", m.file, m.line)
        },
    );
    let rules: Vec<&str> = db
        .rules
        .iter()
        .filter(|r| {
            r.winner
                .iter()
                .chain(&r.loser)
                .any(|p| id_matches(p, &m.id))
        })
        .map(|r| r.id.as_str())
        .collect();
    if !rules.is_empty() {
        line("stacking", rules.join(", "));
    }
    o
}

/// [`measure_fields`] as a two-column table (`field`, `value`).
pub fn measure_table(db: &LawDb, m: &Measure) -> Table {
    let mut t = Table::new(
        "law-show",
        ["field", "value"].into_iter().map(Column::new).collect(),
    );
    for (k, v) in measure_fields(db, m) {
        t.push(vec![k.to_string().into(), v.into()]);
    }
    t.meta("law_data_as_of", db.as_of.to_string());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_filters_by_date_and_importer() {
        let db = LawDb::builtin().unwrap();
        let all = measures(&db, None, None);
        let d: NaiveDate = "2025-10-01".parse().unwrap();
        let us = measures(&db, Some(d), Some("us"));
        assert_eq!(all.rows.len(), db.measures.len());
        assert!(!us.rows.is_empty() && us.rows.len() < all.rows.len());
        let n_us_in_force = db
            .measures
            .iter()
            .filter(|m| m.importer == "US" && m.in_force(d))
            .count();
        assert_eq!(us.rows.len(), n_us_in_force);
    }

    #[test]
    fn an_unknown_id_names_similar_ones() {
        let db = LawDb::builtin().unwrap();
        let id = &db.measures[0].id;
        let m = find(&db, id).unwrap();
        let fields = measure_table(&db, m);
        assert_eq!(fields.rows.len(), measure_fields(&db, m).len());
        let prefix = id.rsplit_once('.').map_or(id.as_str(), |x| x.0);
        let e = find(&db, &format!("{prefix}.no-such-measure")).unwrap_err();
        assert!(e.to_string().contains("similar"), "{e}");
    }
}
