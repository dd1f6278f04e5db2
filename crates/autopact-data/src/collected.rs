//! Duties collected, as a user downloads them from the US Census Bureau
//! (USA Trade Online or the international trade API: "calculated duty"
//! and "imports for consumption" by country and month), for the
//! reconciliation of `autopact wedges --series --collected FILE`.
//!
//! Layout: CSV with the header `month,exporter,imports_usd,calculated_duty_usd`;
//! `month` is `YYYY-MM`, `exporter` a region of the table (`CAN`) or a
//! country code (ISO2 `CA`, ISO3 `CAN`, Census `1220`), amounts in USD
//! (not thousands). Why so strict: a rate computed from a misread column
//! (thousands taken for dollars, a duty column in place of imports) would
//! be silently wrong by orders of magnitude; every row is checked and an
//! error names the file, row and column.

use std::collections::BTreeSet;
use std::path::Path;

use autopact_core::Location;
use autopact_link::reconcile::Collected;
use rust_decimal::Decimal;

use crate::csvline::split_line;
use crate::error::{DataError, Result};
use crate::files::read_text;
use crate::trade::Countries;

const HEADER: [&str; 4] = ["month", "exporter", "imports_usd", "calculated_duty_usd"];

/// The published collected rates shipped with autopact (bank and agency
/// notes quoting Census; `collected/published_rates.csv`).
const PUBLISHED: &str = include_str!("../collected/published_rates.csv");

/// The import-weighted collected rates of June 2025 – February 2026 (the
/// Budget Lab at Yale, tariff-rate-tracker `docs/analysis/eta_compliance_gap_drivers.md`,
/// Census calculated duty ÷ customs value): (exporter, percent).
pub const PUBLISHED_WINDOW_MEANS: [(&str, &str); 2] = [("CAN", "3.3"), ("MEX", "4.3")];

/// Where [`PUBLISHED_WINDOW_MEANS`] come from.
pub const PUBLISHED_WINDOW_SOURCE: &str = "The Budget Lab at Yale, tariff-rate-tracker docs/analysis/eta_compliance_gap_drivers.md (Census calculated duty ÷ customs value, June 2025 – February 2026)";

/// The published monthly collected rates for a table with `regions` (the
/// exporters CAN and MEX map to the table's regions of Canada and Mexico).
pub fn published(regions: &[String]) -> Result<Vec<Collected>> {
    let name = "collected/published_rates.csv";
    let loc = Location::source(name);
    let countries = Countries::builtin()?;
    let region_of = crate::trade::region_concordance(regions, &countries)?;
    let mut out = Vec::new();
    let mut header = false;
    for (k, l) in PUBLISHED.lines().enumerate() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        if !header {
            header = true;
            continue;
        }
        let at = loc.at_row(k as u64 + 1);
        let f = split_line(l).map_err(|m| DataError::at(at.clone(), m))?;
        if f.len() != 6 {
            return Err(DataError::at(at, "expected 6 fields"));
        }
        let exporter = match countries.iso2(&f[1]).and_then(|i| region_of.get(i)) {
            Some(r) => r.clone(),
            None => continue,
        };
        let rate_pct: Decimal = f[2]
            .parse()
            .map_err(|_| DataError::at(at.at_column("collected_rate_pct"), "not a number"))?;
        let confidence = if f[5] == "high" {
            String::new()
        } else {
            format!(", {} confidence", f[5])
        };
        out.push(Collected {
            period: month(&at, &f[0])?,
            exporter,
            rate_pct,
            imports: None,
            duty: None,
            source: Some(format!("{} <{}>{confidence}", f[3], f[4])),
        });
    }
    Ok(out)
}

/// The word that names the shipped published rates where a collected
/// file is asked for (`--collected published`, `"collected": "published"`).
pub const PUBLISHED_NAME: &str = "published";

/// Where a reconciliation's collected duties come from, as a sentence.
pub fn describe_source(spec: &str) -> String {
    if spec == PUBLISHED_NAME {
        "published monthly collected rates (bank and agency notes quoting US Census calculated duty ÷ imports for consumption; crates/autopact-data/collected/published_rates.csv, each row's source in the collected_source metadata)".into()
    } else {
        format!("collected duties from {spec} (Census calculated duty ÷ imports for consumption)")
    }
}

/// The collected duties a user names: `published` (the shipped published
/// rates) or a file (`text`: its contents when the caller has them, e.g.
/// a request body; otherwise the file is read).
pub fn collected_from(
    spec: &str,
    text: Option<&str>,
    regions: &[String],
) -> Result<Vec<Collected>> {
    match (spec, text) {
        (PUBLISHED_NAME, _) => published(regions),
        (name, Some(t)) => parse_collected(name, t, regions),
        (path, None) => read_collected_file(path, regions),
    }
}

/// Reads a collected-duties file for a table with `regions`.
pub fn read_collected_file(path: impl AsRef<Path>, regions: &[String]) -> Result<Vec<Collected>> {
    let p = path.as_ref();
    parse_collected(&p.display().to_string(), &read_text(p)?, regions)
}

fn amount(at: &Location, col: &str, s: &str) -> Result<Decimal> {
    let v: Decimal = s.trim().parse().map_err(|_| {
        DataError::at(
            at.at_column(col),
            format!("{s:?} is not an amount in USD (write digits, e.g. 30868981254)"),
        )
    })?;
    if v < Decimal::ZERO {
        return Err(DataError::at(
            at.at_column(col),
            format!("negative amount {v}"),
        ));
    }
    Ok(v)
}

fn month(at: &Location, s: &str) -> Result<String> {
    let s = s.trim();
    let ok = s.len() == 7
        && s.as_bytes()[4] == b'-'
        && s[..4].bytes().all(|b| b.is_ascii_digit())
        && matches!(s[5..].parse::<u32>(), Ok(1..=12));
    if ok {
        Ok(s.to_string())
    } else {
        Err(DataError::at(
            at.at_column("month"),
            format!("{s:?} is not a month YYYY-MM"),
        ))
    }
}

/// Parses the text of a collected-duties file (`name` for messages).
pub fn parse_collected(name: &str, text: &str, regions: &[String]) -> Result<Vec<Collected>> {
    let loc = Location::source(name);
    let countries = Countries::builtin()?;
    let region_of = crate::trade::region_concordance(regions, &countries)?;
    let mut out: Vec<Collected> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut header = false;
    for (k, raw) in text.lines().enumerate() {
        let row = k as u64 + 1;
        let l = raw.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let f = split_line(l).map_err(|m| DataError::at(loc.at_row(row), m))?;
        let at = loc.at_row(row);
        if !header {
            let h: Vec<String> = f.iter().map(|s| s.trim().to_lowercase()).collect();
            if h != HEADER {
                return Err(DataError::at(
                    at,
                    format!(
                        "the header must be {} (amounts in USD, month YYYY-MM); found {}",
                        HEADER.join(","),
                        h.join(",")
                    ),
                ));
            }
            header = true;
            continue;
        }
        if f.len() != HEADER.len() {
            return Err(DataError::at(
                at,
                format!("{} fields, the header has {}", f.len(), HEADER.len()),
            ));
        }
        let period = month(&at, &f[0])?;
        let code = f[1].trim();
        let exporter = if regions.iter().any(|r| r == code) {
            code.to_string()
        } else {
            countries
                .iso2(code)
                .and_then(|iso2| region_of.get(iso2))
                .cloned()
                .ok_or_else(|| {
                    DataError::at(
                        at.at_column("exporter"),
                        format!(
                            "{code:?} is neither a region of the table ({}) nor a country code (ISO2 CA, ISO3 CAN, Census 1220)",
                            regions.join(", ")
                        ),
                    )
                })?
        };
        let imports = amount(&at, "imports_usd", &f[2])?;
        let duty = amount(&at, "calculated_duty_usd", &f[3])?;
        if imports.is_zero() {
            return Err(DataError::at(
                at.at_column("imports_usd"),
                "imports of 0: no rate can be computed (leave the month out)",
            ));
        }
        if duty > imports {
            return Err(DataError::at(
                at.at_column("calculated_duty_usd"),
                format!(
                    "duty {duty} exceeds the imports {imports}: are the columns swapped, or the imports in thousands?"
                ),
            ));
        }
        if !seen.insert((period.clone(), exporter.clone())) {
            return Err(DataError::at(
                at,
                format!(
                    "a second row for {period} {exporter} (one row per month and exporter; sum the countries of a region first)"
                ),
            ));
        }
        out.push(Collected::from_amounts(period, exporter, imports, duty));
    }
    if !header {
        return Err(DataError::at(
            loc,
            format!("empty file: the header {} is missing", HEADER.join(",")),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions() -> Vec<String> {
        ["USA", "CAN", "MEX", "CHN", "ROW"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn regions_and_country_codes_are_read() {
        let t = "month,exporter,imports_usd,calculated_duty_usd\n\
                 2025-06,CAN,29515445430,708370690\n\
                 2025-06,MX,44570916002,1782836640\n\
                 2025-07,1220,31873024531,956190736\n";
        let c = parse_collected("c.csv", t, &regions()).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].exporter, "MEX");
        assert_eq!(c[2].exporter, "CAN");
        assert_eq!(c[0].duty, Some("708370690".parse().unwrap()));
        assert_eq!(c[0].rate_pct, "2.4".parse().unwrap());
    }

    #[test]
    fn the_published_rates_parse_and_cite_their_sources() {
        let p = published(&regions()).unwrap();
        assert!(p.len() >= 15, "{}", p.len());
        assert!(
            p.iter().all(|c| c.imports.is_none()
                && c.source.as_ref().is_some_and(|s| s.contains("<https://")))
        );
        let jun = p
            .iter()
            .find(|c| c.period == "2025-06" && c.exporter == "CAN")
            .unwrap();
        assert_eq!(jun.rate_pct, "2.4".parse().unwrap());
        assert!(p.iter().any(|c| c.exporter == "MEX"));
    }

    #[test]
    fn bad_rows_name_file_row_and_column() {
        let head = "month,exporter,imports_usd,calculated_duty_usd\n";
        for (body, want) in [
            ("2025-13,CAN,1,0\n", "row 2, column month"),
            ("2025-06,XX,1,0\n", "row 2, column exporter"),
            ("2025-06,CAN,NaN,0\n", "row 2, column imports_usd"),
            ("2025-06,CAN,-5,0\n", "row 2, column imports_usd"),
            ("2025-06,CAN,0,0\n", "row 2, column imports_usd"),
            ("2025-06,CAN,10,20\n", "row 2, column calculated_duty_usd"),
            ("2025-06,CAN,10,1\n2025-06,CA,10,1\n", "row 3"),
            ("2025-06,CAN,10\n", "row 2"),
        ] {
            let e = parse_collected("c.csv", &format!("{head}{body}"), &regions())
                .unwrap_err()
                .to_string();
            assert!(e.contains("c.csv") && e.contains(want), "{body:?}: {e}");
        }
        let e = parse_collected("c.csv", "month,country,value,duty\n", &regions())
            .unwrap_err()
            .to_string();
        assert!(e.contains("header must be"), "{e}");
        let e = parse_collected("c.csv", "", &regions())
            .unwrap_err()
            .to_string();
        assert!(e.contains("empty file"), "{e}");
    }
}
