//! The law database: every embedded instrument file, parsed and validated
//! once.
//!
//! The files live in `crates/autopact-law/law/` and are compiled into the
//! binary with `include_str!`, so a result can always name the exact law
//! data it used (the [`LawDb::as_of`] date and the measure ids).

use chrono::NaiveDate;
use serde::Deserialize;

use crate::measure::{self, Groups, LawDataError, Measure, StackRule};

/// Every instrument file: `(path under law/, contents)`.
pub const FILES: &[(&str, &str)] = &[
    (
        "us/usmca_preference.toml",
        include_str!("../law/us/usmca_preference.toml"),
    ),
    (
        "us/section232_autos.toml",
        include_str!("../law/us/section232_autos.toml"),
    ),
    ("us/deal_uk.toml", include_str!("../law/us/deal_uk.toml")),
    (
        "us/deal_japan.toml",
        include_str!("../law/us/deal_japan.toml"),
    ),
    ("us/deal_eu.toml", include_str!("../law/us/deal_eu.toml")),
    (
        "us/deal_korea.toml",
        include_str!("../law/us/deal_korea.toml"),
    ),
    (
        "us/deal_taiwan.toml",
        include_str!("../law/us/deal_taiwan.toml"),
    ),
    (
        "us/section232_mhdv.toml",
        include_str!("../law/us/section232_mhdv.toml"),
    ),
    (
        "us/section232_metals_2018.toml",
        include_str!("../law/us/section232_metals_2018.toml"),
    ),
    (
        "us/section232_metals.toml",
        include_str!("../law/us/section232_metals.toml"),
    ),
    (
        "us/section232_copper.toml",
        include_str!("../law/us/section232_copper.toml"),
    ),
    (
        "us/section232_metals_2026.toml",
        include_str!("../law/us/section232_metals_2026.toml"),
    ),
    (
        "us/section232_wood.toml",
        include_str!("../law/us/section232_wood.toml"),
    ),
    ("us/ieepa.toml", include_str!("../law/us/ieepa.toml")),
    (
        "us/section122.toml",
        include_str!("../law/us/section122.toml"),
    ),
    (
        "us/section301_china.toml",
        include_str!("../law/us/section301_china.toml"),
    ),
    (
        "us/section301_forced_labor.toml",
        include_str!("../law/us/section301_forced_labor.toml"),
    ),
    (
        "us/section338_canada.toml",
        include_str!("../law/us/section338_canada.toml"),
    ),
    ("us/stacking.toml", include_str!("../law/us/stacking.toml")),
    (
        "ca/cusma_preference.toml",
        include_str!("../law/ca/cusma_preference.toml"),
    ),
    (
        "ca/surtax_motor_vehicles.toml",
        include_str!("../law/ca/surtax_motor_vehicles.toml"),
    ),
    (
        "ca/surtax_remission.toml",
        include_str!("../law/ca/surtax_remission.toml"),
    ),
    (
        "ca/surtax_2025_1.toml",
        include_str!("../law/ca/surtax_2025_1.toml"),
    ),
    (
        "ca/surtax_steel_aluminum.toml",
        include_str!("../law/ca/surtax_steel_aluminum.toml"),
    ),
    (
        "ca/steel_derivatives.toml",
        include_str!("../law/ca/steel_derivatives.toml"),
    ),
    (
        "ca/steel_safeguard.toml",
        include_str!("../law/ca/steel_safeguard.toml"),
    ),
    ("ca/stacking.toml", include_str!("../law/ca/stacking.toml")),
    (
        "mx/ligie_2026.toml",
        include_str!("../law/mx/ligie_2026.toml"),
    ),
];

/// `law/meta.toml`: the as-of date, coverage and country groups.
pub const META: &str = include_str!("../law/meta.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    as_of: toml::value::Datetime,
    source: String,
    duty_from: toml::value::Datetime,
    roo_from: toml::value::Datetime,
    groups: Groups,
}

/// All tariff measures and stacking rules.
#[derive(Debug, Clone)]
pub struct LawDb {
    /// Date of the law data (the fact sheet it encodes).
    pub as_of: NaiveDate,
    /// Where the law data come from.
    pub source: String,
    /// First entry date the duty data cover.
    pub duty_from: NaiveDate,
    /// First date the rules-of-origin data cover (USMCA entry into force).
    pub roo_from: NaiveDate,
    /// Country groups (`EU27`, …).
    pub groups: Groups,
    /// Measures, in file order.
    pub measures: Vec<Measure>,
    /// Stacking rules, in file order.
    pub rules: Vec<StackRule>,
}

impl LawDb {
    /// Parses and validates the embedded law data.
    pub fn builtin() -> Result<Self, LawDataError> {
        Self::from_sources(META, FILES)
    }

    /// Parses and validates law data from the given texts (used by tests
    /// to feed deliberately broken files).
    pub fn from_sources(meta: &str, files: &[(&str, &str)]) -> Result<Self, LawDataError> {
        let err = |message: String| LawDataError {
            file: "meta.toml".into(),
            message,
        };
        let raw: RawMeta = toml::from_str(meta).map_err(|e| err(e.to_string()))?;
        let mut measures = Vec::new();
        let mut rules = Vec::new();
        for (name, text) in files {
            let (m, r) = measure::parse_file(name, text, &raw.groups)?;
            measures.extend(m);
            rules.extend(r);
        }
        measure::validate(&measures, &rules)?;
        Ok(LawDb {
            as_of: measure::toml_date(&raw.as_of).map_err(err)?,
            source: raw.source,
            duty_from: measure::toml_date(&raw.duty_from).map_err(err)?,
            roo_from: measure::toml_date(&raw.roo_from).map_err(err)?,
            groups: raw.groups,
            measures,
            rules,
        })
    }

    /// Adds users' own measure files (same TOML schema as `law/`): a
    /// measure whose id is already in the data replaces it, any other is
    /// added; stacking rules likewise. Every user measure is marked
    /// [`Measure::user_supplied`], and the whole set is validated again
    /// (ids, dates, references), with errors naming the user's file and
    /// line.
    pub fn with_user_files(mut self, files: &[(String, String)]) -> Result<Self, LawDataError> {
        for (name, text) in files {
            let (ms, rs) = measure::parse_file(name, text, &self.groups)?;
            for mut m in ms {
                m.user_supplied = true;
                if !self.measures.iter().any(|x| x.importer == m.importer)
                    && !["US", "CA", "MX"].contains(&m.importer.as_str())
                {
                    return Err(LawDataError {
                        file: format!("{name}, line {}", m.line),
                        message: format!(
                            "measure {}: importer {:?} has no law data (US, CA or MX)",
                            m.id, m.importer
                        ),
                    });
                }
                match self.measures.iter_mut().find(|x| x.id == m.id) {
                    Some(x) if x.user_supplied => {
                        return Err(LawDataError {
                            file: format!("{name}, line {}", m.line),
                            message: format!(
                                "measure {} is defined twice in the user files (also {}, line {})",
                                m.id, x.file, x.line
                            ),
                        });
                    }
                    Some(x) => *x = m,
                    None => self.measures.push(m),
                }
            }
            for r in rs {
                match self.rules.iter_mut().find(|x| x.id == r.id) {
                    Some(x) => *x = r,
                    None => self.rules.push(r),
                }
            }
        }
        measure::validate(&self.measures, &self.rules)?;
        Ok(self)
    }

    /// A measure by id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
}
