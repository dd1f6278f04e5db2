//! The report's words for readers: names for the built-in table's codes
//! (`USA_c15` → "US transport equipment") and the headline sentences that
//! open `autopact report`, each with its number, unit and year.
//!
//! Why here: the report is assembled from the same tables the commands
//! emit; the sentences read those tables (never recompute), so a headline
//! and the table below it cannot disagree.

use autopact_core::{Table, Value};

/// The built-in table's regions: (code, name as a noun, as an adjective).
pub const REGIONS: [(&str, &str, &str); 10] = [
    ("USA", "the US", "US"),
    ("CAN", "Canada", "Canadian"),
    ("MEX", "Mexico", "Mexican"),
    ("CHN", "China", "Chinese"),
    ("JPN", "Japan", "Japanese"),
    ("KOR", "Korea", "Korean"),
    ("DEU", "Germany", "German"),
    ("EUR", "the rest of the EU", "rest-of-EU"),
    ("APA", "the rest of Asia-Pacific", "rest-of-Asia-Pacific"),
    ("ROW", "the rest of the world", "rest-of-world"),
];

/// The 35 industries of the built-in table (WIOD 2013 release), lower case
/// for use in a sentence.
pub const SECTORS: [&str; 35] = [
    "agriculture",
    "mining",
    "food",
    "textiles",
    "leather",
    "wood",
    "paper and printing",
    "coke and refined petroleum",
    "chemicals",
    "rubber and plastics",
    "other non-metallic minerals",
    "basic and fabricated metals",
    "machinery",
    "electrical and optical equipment",
    "transport equipment",
    "other manufacturing",
    "electricity, gas and water",
    "construction",
    "motor vehicle trade",
    "wholesale trade",
    "retail trade",
    "hotels and restaurants",
    "inland transport",
    "water transport",
    "air transport",
    "transport services",
    "post and telecom",
    "finance",
    "real estate",
    "renting and business services",
    "public administration",
    "education",
    "health",
    "other services",
    "households as employers",
];

/// The terms the report uses, defined once at its top.
pub const TERMS: [&str; 8] = [
    "Terms. Transport equipment: vehicles and their parts (the table's sector c15, which also holds ships, aircraft and rail equipment).",
    "Value added: what a producer's workers and capital earn (wages, profits, taxes on production) — a product's value less the inputs it buys.",
    "All tiers: the suppliers' suppliers, all the way down the supply chain (the Leontief inverse of the input-output table).",
    "Jobs: persons engaged (employees and the self-employed), from the WIOD Socio-Economic Accounts of the table's year.",
    "Cascade: tariff paid on inputs whose price a tariff has already raised, when goods cross a taxed border more than once.",
    "Hypothetical extraction: the output, value added and jobs that would be lost if one region stopped supplying another.",
    "Landed cost: what a vehicle costs delivered to the US market: its input costs and the US border duty.",
    "Scenario: a set of tariffs written as a file; \"fortress North America\" is the shipped scenario in which the US, Canada and Mexico each put 25% on vehicles, parts and metals from outside North America and nothing on each other.",
];

/// The name of a region (`CAN` → "Canada") or a region-sector label
/// (`USA_c15` → "US transport equipment") of the built-in table.
pub fn code_name(code: &str) -> Option<String> {
    if let Some((r, s)) = code.split_once('_') {
        let (_, _, adj) = REGIONS.iter().find(|(c, _, _)| *c == r)?;
        let k: usize = s.strip_prefix('c')?.parse().ok()?;
        let sector = SECTORS.get(k.checked_sub(1)?)?;
        return Some(format!("{adj} {sector}"));
    }
    REGIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, _)| capitalised(n))
}

fn capitalised(n: &str) -> String {
    // "the US" stays lower case inside a sentence; a table cell reads
    // "US" better than "The US".
    n.strip_prefix("the ").map_or(n.to_string(), |rest| {
        if rest == "US" {
            "US".into()
        } else {
            format!("the {rest}")
        }
    })
}

/// A share as a percentage for a sentence: `2.7%`.
pub fn pct(share: f64) -> String {
    let p = share * 100.0;
    if p.abs() >= 10.0 {
        format!("{p:.0}%")
    } else if p.abs() >= 0.1 {
        format!("{p:.1}%")
    } else {
        format!("{p:.2}%")
    }
}

/// The value of the summary row whose figure starts with `start` and
/// contains `has`.
fn figure(t: &Table, start: &str, has: &str) -> Option<f64> {
    let (f, v) = (t.column_index("figure")?, t.column_index("value")?);
    t.rows.iter().find_map(|r| match (&r[f], &r[v]) {
        (Value::Text(name), Value::Float(x)) if name.starts_with(start) && name.contains(has) => {
            Some(*x)
        }
        _ => None,
    })
}

/// The headline sentences of the report: what Canada (and Mexico) put
/// into US-built transport equipment, the jobs it sustains, what the
/// tariffs do to its cost, and North America against Asia. `summaries`
/// are the `contribution --view summary` tables by exporter code, `landed`
/// the landed-cost index, `year` the table's data year, `tariffs` which
/// tariffs.
pub fn headlines(
    summaries: &[(&str, &Table)],
    landed: &Table,
    year: &str,
    tariffs: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let noun = |c: &str| code_name(c).unwrap_or_else(|| c.to_string());
    let shares: Vec<(String, f64)> = summaries
        .iter()
        .filter_map(|(c, t)| {
            Some((
                noun(c),
                figure(t, &format!("{c}'s share of the value of"), "")?,
            ))
        })
        .collect();
    if let Some(((first, a), rest)) = shares.split_first() {
        let others: Vec<String> = rest
            .iter()
            .map(|(n, v)| format!("{n}'s {}", pct(*v)))
            .collect();
        out.push(format!(
            "{first}'s workers and capital make {} of the value of every vehicle and part built in the US \
             (US transport equipment), counting every tier of the supply chain{} (data year {year}).",
            pct(*a),
            if others.is_empty() { String::new() } else { format!("; {}", others.join(", ")) }
        ));
    }
    let jobs: Vec<String> = summaries
        .iter()
        .filter_map(|(c, t)| {
            let v = figure(t, &format!("{c} jobs sustained by the final demand"), "")?;
            Some(format!("{} thousand in {}", fmt_thousands(v), noun(c)))
        })
        .collect();
    if !jobs.is_empty() {
        out.push(format!(
            "US purchases of US-built transport equipment sustain {} (persons engaged, {year}).",
            jobs.join(" and ")
        ));
    }
    if let Some((c, t)) = summaries.first()
        && let Some(total) = figure(t, "cost increase of", "every tariff given")
    {
        let from_link = figure(t, "… caused by", "alone");
        out.push(format!(
            "The tariffs ({tariffs}) raise the cost of US-built transport equipment by {}{}, with every \
             tariff passed on in full through the supply chain ({year} input-output structure).",
            pct(total),
            from_link.map_or(String::new(), |v| format!(
                "; {} of the unit cost comes from the US tariffs on {}'s products alone",
                pct(v),
                noun(c)
            ))
        ));
    }
    let change = |codes: &[&str]| -> Vec<(String, f64)> {
        let (r, c) = match (
            landed.column_index("assembly_region"),
            landed.column_index("change"),
        ) {
            (Some(r), Some(c)) => (r, c),
            _ => return vec![],
        };
        landed
            .rows
            .iter()
            .filter_map(|row| match (&row[r], &row[c]) {
                (Value::Text(code), Value::Float(v)) if codes.contains(&code.as_str()) => {
                    Some((noun(code), *v))
                }
                _ => None,
            })
            .collect()
    };
    let (na, asia) = (
        change(&["USA", "CAN", "MEX"]),
        change(&["JPN", "KOR", "CHN"]),
    );
    if !na.is_empty() && !asia.is_empty() {
        let list = |v: &[(String, f64)]| {
            v.iter()
                .map(|(n, x)| format!("{n} {}", pct(*x)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(format!(
            "Against no tariffs, transport equipment sold in the US costs more by {} when assembled in North \
             America, and by {} when assembled in Asia (input costs and the US border duty, {year} structure).",
            list(&na),
            list(&asia)
        ));
    }
    out
}

/// `10767.3` → "10,767"; `107.7` → "108".
fn fmt_thousands(v: f64) -> String {
    let s = format!("{:.0}", v.round());
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_core::Column;

    #[test]
    fn codes_become_names() {
        assert_eq!(
            code_name("USA_c15").as_deref(),
            Some("US transport equipment")
        );
        assert_eq!(
            code_name("CAN_c12").as_deref(),
            Some("Canadian basic and fabricated metals")
        );
        assert_eq!(code_name("MEX").as_deref(), Some("Mexico"));
        assert_eq!(code_name("USA").as_deref(), Some("US"));
        assert_eq!(code_name("USD"), None);
        assert_eq!(code_name("USA_c99"), None);
        assert_eq!(pct(0.0270581), "2.7%");
        assert_eq!(fmt_thousands(10767.3), "10,767");
    }

    #[test]
    fn headlines_read_the_tables() {
        let mut s = Table::new(
            "contribution-summary",
            vec![Column::new("figure"), Column::new("value")],
        );
        s.push(vec![
            "CAN's share of the value of USA_c15 (value added in CAN, all tiers)".into(),
            0.03.into(),
        ]);
        s.push(vec![
            "CAN jobs sustained by the final demand for USA_c15".into(),
            107.7.into(),
        ]);
        s.push(vec![
            "cost increase of USA_c15 from every tariff given".into(),
            0.035.into(),
        ]);
        let mut l = Table::new(
            "landed-cost-index",
            vec![Column::new("assembly_region"), Column::new("change")],
        );
        for (c, v) in [("USA", 0.03), ("JPN", 0.2)] {
            l.push(vec![c.into(), v.into()]);
        }
        let h = headlines(
            &[("CAN", &s)],
            &l,
            "2008",
            "US tariffs in force on 2025-10-01",
        );
        assert_eq!(h.len(), 4, "{h:?}");
        assert!(
            h[0].contains("Canada's workers and capital make 3.0%") && h[0].contains("2008"),
            "{}",
            h[0]
        );
        assert!(h[1].contains("108 thousand in Canada"), "{}", h[1]);
        assert!(h[2].contains("by 3.5%"), "{}", h[2]);
        assert!(
            h[3].contains("US 3.0%") && h[3].contains("Japan 20%"),
            "{}",
            h[3]
        );
    }
}
