//! Header and cell validation shared by the CSV and XLSX readers.

use std::collections::HashMap;

use autopact_core::{Located, Location};
use autopact_law::HsCode;
use autopact_law::money::parse_decimal;
use autopact_law::roo::{Bom, BomLine, Declared, Metal, ShiftRule};
use rust_decimal::Decimal;

/// Columns every BOM must have.
pub const REQUIRED_COLUMNS: &[&str] = &[
    "part_id",
    "parent_id",
    "description",
    "hs",
    "origin",
    "originating",
    "supplier",
    "unit_value",
    "qty",
];
/// Columns a BOM may have.
pub const OPTIONAL_COLUMNS: &[&str] = &[
    "net_cost",
    "transaction_value",
    "intl_shipping",
    "vnm_declared",
    "high_wage",
    "labor_cost",
    "metal",
    "certificate",
    "designated",
    "core_class",
    "rvc_threshold",
    "tariff_shift",
];

/// Turns a header and data rows (1-based row numbers) into a validated BOM,
/// reporting every problem at once.
pub fn parse_rows(
    loc: &Location,
    header: &[String],
    rows: impl Iterator<Item = (u64, Vec<String>)>,
) -> Result<Bom, Vec<Located>> {
    let mut errs = Vec::new();
    let mut col: HashMap<&str, usize> = HashMap::new();
    for (j, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        if let Some(known) = REQUIRED_COLUMNS
            .iter()
            .chain(OPTIONAL_COLUMNS)
            .find(|c| **c == h)
        {
            if col.insert(known, j).is_some() {
                errs.push(Located {
                    location: loc.at_row(1).at_column(h),
                    message: "duplicate column".into(),
                });
            }
        } else if !h.is_empty() {
            errs.push(Located {
                location: loc.at_row(1).at_column(h),
                message: format!(
                    "unknown column (known: {}, {})",
                    REQUIRED_COLUMNS.join(", "),
                    OPTIONAL_COLUMNS.join(", ")
                ),
            });
        }
    }
    for c in REQUIRED_COLUMNS {
        if !col.contains_key(c) {
            errs.push(Located {
                location: loc.at_row(1).at_column(*c),
                message: "missing required column".into(),
            });
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut lines = Vec::new();
    for (row, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let rl = loc.at_row(row);
        let get = |name: &str| {
            col.get(name)
                .and_then(|&j| cells.get(j))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        let mut bad = |name: &str, msg: String| {
            errs.push(Located {
                location: rl.at_column(name),
                message: msg,
            })
        };
        let mut money = |name: &str, required: bool| -> Option<Decimal> {
            let v = get(name);
            if v.is_empty() {
                if required {
                    bad(name, "missing value".into());
                }
                return None;
            }
            match parse_decimal(v) {
                Ok(d) => Some(d),
                Err(e) => {
                    bad(name, e);
                    None
                }
            }
        };
        let unit_value = money("unit_value", true).unwrap_or_default();
        let qty = money("qty", true).unwrap_or_default();
        let net_cost = money("net_cost", false);
        let transaction_value = money("transaction_value", false);
        let intl_shipping = money("intl_shipping", false);
        let vnm_declared = money("vnm_declared", false);
        let labor_cost = money("labor_cost", false);
        let rvc_threshold = money("rvc_threshold", false);
        let part_id = get("part_id").to_string();
        if part_id.is_empty() {
            bad("part_id", "missing value".into());
        }
        let hs = match get("hs") {
            "" => None,
            s => match HsCode::parse(s) {
                Ok(h) => Some(h),
                Err(e) => {
                    bad("hs", e.to_string());
                    None
                }
            },
        };
        let origin = match get("origin") {
            "" => None,
            s if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(s.to_ascii_uppercase())
            }
            s => {
                bad(
                    "origin",
                    format!("{s:?} is not an ISO 3166 alpha-2 country code (e.g. CA)"),
                );
                None
            }
        };
        let yes_no = |v: &str| match v.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Some(Some(true)),
            "no" | "n" | "false" | "0" => Some(Some(false)),
            "" | "unknown" | "?" => Some(None),
            _ => None,
        };
        let originating = match yes_no(get("originating")) {
            Some(Some(true)) => Declared::Yes,
            Some(Some(false)) => Declared::No,
            Some(None) => Declared::Unknown,
            None => {
                bad(
                    "originating",
                    format!("{:?}: expected yes, no or unknown", get("originating")),
                );
                Declared::Unknown
            }
        };
        let mut flag = |name: &str| match yes_no(get(name)) {
            Some(v) => v,
            None => {
                bad(name, format!("{:?}: expected yes or no", get(name)));
                None
            }
        };
        let high_wage = flag("high_wage");
        let designated = flag("designated").unwrap_or(false);
        let metal = match get("metal").to_ascii_lowercase().as_str() {
            "" => None,
            "steel" => Some(Metal::Steel),
            "aluminum" | "aluminium" => Some(Metal::Aluminum),
            other => {
                bad("metal", format!("{other:?}: expected steel or aluminum"));
                None
            }
        };
        let tariff_shift = match get("tariff_shift") {
            "" => None,
            v => match ShiftRule::parse(v) {
                Some(r) => Some(r),
                None => {
                    bad(
                        "tariff_shift",
                        format!("{v:?}: expected chapter, heading or subheading"),
                    );
                    None
                }
            },
        };
        let opt = |name: &str| Some(get(name).to_string()).filter(|s| !s.is_empty());
        lines.push(BomLine {
            part_id,
            parent_id: opt("parent_id"),
            description: get("description").to_string(),
            hs,
            origin,
            originating,
            supplier: opt("supplier"),
            unit_value,
            qty,
            net_cost,
            transaction_value,
            intl_shipping,
            vnm_declared,
            high_wage,
            labor_cost,
            metal,
            certificate: opt("certificate"),
            designated,
            core_class: opt("core_class"),
            rvc_threshold,
            tariff_shift,
            location: rl,
        });
    }
    if lines.is_empty() && errs.is_empty() {
        errs.push(Located {
            location: loc.clone(),
            message: "no data rows".into(),
        });
    }
    match Bom::build(lines) {
        Ok(b) if errs.is_empty() => Ok(b),
        Ok(_) => Err(errs),
        Err(mut e) => {
            errs.append(&mut e);
            errs.sort_by_key(|x| x.location.row.unwrap_or(0));
            Err(errs)
        }
    }
}
