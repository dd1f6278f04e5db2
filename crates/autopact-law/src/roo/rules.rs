//! USMCA thresholds by category and date, and the parts tables, from
//! `law/usmca/thresholds.toml` and `law/usmca/tables.toml`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::hts::{HsCode, Scope, ScopeItem, ScopeMatch};
use crate::measure::{Confidence, LawDataError, toml_date};
use crate::money::parse_decimal;

/// The embedded thresholds file.
pub const THRESHOLDS_TOML: &str = include_str!("../../law/usmca/thresholds.toml");
/// The embedded tables file.
pub const TABLES_TOML: &str = include_str!("../../law/usmca/tables.toml");

/// What kind of good is being qualified: decides which thresholds apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Passenger vehicle (8703.21-.90 as defined).
    PassengerVehicle,
    /// Light truck (8704.21, 8704.31).
    LightTruck,
    /// Heavy truck (8701.20, 8704.22/.23/.32/.90).
    HeavyTruck,
    /// Other goods of 8703 (e.g. diesel), off-road LT, 8702 (<=15): 62.5% NC.
    #[serde(rename = "other_vehicle_62_5")]
    OtherVehicle62_5,
    /// Other vehicles: 60% NC.
    #[serde(rename = "other_vehicle_60")]
    OtherVehicle60,
    /// Core part, Table A.1 (original equipment for PV/LT).
    CorePart,
    /// Principal part, Table B.
    PrincipalPart,
    /// Complementary part, Table C.
    ComplementaryPart,
    /// Heavy-truck principal part, Table D.
    HtPrincipalPart,
    /// Heavy-truck complementary part, Table E.
    HtComplementaryPart,
    /// Any other good: the RVC threshold of its Schedule 1 rule must be
    /// given (e.g. aftermarket parts, the regulation's worked examples).
    Other,
}

impl Category {
    /// Snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::PassengerVehicle => "passenger_vehicle",
            Category::LightTruck => "light_truck",
            Category::HeavyTruck => "heavy_truck",
            Category::OtherVehicle62_5 => "other_vehicle_62_5",
            Category::OtherVehicle60 => "other_vehicle_60",
            Category::CorePart => "core_part",
            Category::PrincipalPart => "principal_part",
            Category::ComplementaryPart => "complementary_part",
            Category::HtPrincipalPart => "ht_principal_part",
            Category::HtComplementaryPart => "ht_complementary_part",
            Category::Other => "other",
        }
    }

    /// Parses the snake-case name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Category::PassengerVehicle,
            Category::LightTruck,
            Category::HeavyTruck,
            Category::OtherVehicle62_5,
            Category::OtherVehicle60,
            Category::CorePart,
            Category::PrincipalPart,
            Category::ComplementaryPart,
            Category::HtPrincipalPart,
            Category::HtComplementaryPart,
            Category::Other,
        ]
        .into_iter()
        .find(|c| c.as_str() == s.trim())
    }

    /// Whether the good is a vehicle.
    pub fn is_vehicle(self) -> bool {
        matches!(
            self,
            Category::PassengerVehicle
                | Category::LightTruck
                | Category::HeavyTruck
                | Category::OtherVehicle62_5
                | Category::OtherVehicle60
        )
    }
}

/// One dated step of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Step {
    /// First day.
    pub from: NaiveDate,
    /// RVC net-cost threshold.
    pub nc: Option<Decimal>,
    /// RVC transaction-value threshold.
    pub tv: Option<Decimal>,
    /// LVC threshold.
    pub lvc: Option<Decimal>,
    /// High-wage material and manufacturing part of the LVC.
    pub hw: Option<Decimal>,
    /// Steel/aluminum purchase share.
    pub purchase: Option<Decimal>,
}

/// A threshold schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Categories it applies to.
    pub categories: Vec<Category>,
    /// Citation.
    pub citation: String,
    /// Confidence.
    pub confidence: Confidence,
    /// Remark.
    pub note: Option<String>,
    /// Steps, oldest first.
    pub steps: Vec<Step>,
}

impl Schedule {
    /// The step in force on `date`, with the day it ends (if it does).
    pub fn at(&self, date: NaiveDate) -> Option<(&Step, Option<NaiveDate>)> {
        let i = self.steps.iter().rposition(|s| s.from <= date)?;
        let end = self.steps.get(i + 1).and_then(|n| n.from.pred_opt());
        Some((&self.steps[i], end))
    }
}

/// A Table A.2 class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct A2Class {
    /// Class name (`engine`, …).
    pub class: String,
    /// Column-1 parts.
    pub parts: Scope,
    /// Column-2 components.
    pub components: Scope,
}

/// All USMCA automotive rules data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RooRules {
    /// Threshold schedules.
    pub schedules: Vec<Schedule>,
    /// Table A.1.
    pub table_a1: Scope,
    /// Table A.2.
    pub table_a2: Vec<A2Class>,
    /// Table B.
    pub table_b: Scope,
    /// Table C.
    pub table_c: Scope,
    /// Table D.
    pub table_d: Scope,
    /// Table E.
    pub table_e: Scope,
    /// Table S, steel.
    pub table_s_steel: Scope,
    /// Table S, aluminum.
    pub table_s_aluminum: Scope,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    schedule: Vec<RawSchedule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    id: String,
    name: String,
    categories: Vec<Category>,
    citation: String,
    confidence: Confidence,
    #[serde(default)]
    note: Option<String>,
    steps: Vec<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    from: toml::value::Datetime,
    #[serde(default)]
    nc: Option<String>,
    #[serde(default)]
    tv: Option<String>,
    #[serde(default)]
    lvc: Option<String>,
    #[serde(default)]
    hw: Option<String>,
    #[serde(default)]
    purchase: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTables {
    table_a1: Vec<String>,
    table_b: Vec<String>,
    table_c: Vec<String>,
    table_d: Vec<String>,
    table_e: Vec<String>,
    table_s_steel: Vec<String>,
    table_s_aluminum: Vec<String>,
    table_a2: Vec<RawA2>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawA2 {
    class: String,
    parts: Vec<String>,
    components: Vec<String>,
}

fn scope(items: &[String], what: &str) -> Result<Scope, String> {
    let include = items
        .iter()
        .map(|s| {
            ScopeItem::parse(
                s,
                Some(&format!("the goods described in SOR/2020-155 {what}")),
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    Ok(Scope {
        include,
        all: false,
        exclude: vec![],
    })
}

impl RooRules {
    /// Parses and validates the embedded rules.
    pub fn builtin() -> Result<Self, LawDataError> {
        let err = |file: &str, message: String| LawDataError {
            file: file.into(),
            message,
        };
        let t: RawThresholds = toml::from_str(THRESHOLDS_TOML)
            .map_err(|e| err("usmca/thresholds.toml", e.to_string()))?;
        let mut schedules = Vec::new();
        for s in t.schedule {
            let e = |m: String| err("usmca/thresholds.toml", format!("{}: {m}", s.id));
            let dec = |o: &Option<String>| o.as_deref().map(parse_decimal).transpose().map_err(e);
            let mut steps = Vec::new();
            for st in &s.steps {
                steps.push(Step {
                    from: toml_date(&st.from).map_err(e)?,
                    nc: dec(&st.nc)?,
                    tv: dec(&st.tv)?,
                    lvc: dec(&st.lvc)?,
                    hw: dec(&st.hw)?,
                    purchase: dec(&st.purchase)?,
                });
            }
            if steps.is_empty() || steps.windows(2).any(|w| w[0].from >= w[1].from) {
                return Err(e("steps must be non-empty and in date order".into()));
            }
            if s.citation.trim().is_empty() {
                return Err(e("no citation".into()));
            }
            schedules.push(Schedule {
                id: s.id,
                name: s.name,
                categories: s.categories,
                citation: s.citation,
                confidence: s.confidence,
                note: s.note,
                steps,
            });
        }
        let tb: RawTables =
            toml::from_str(TABLES_TOML).map_err(|e| err("usmca/tables.toml", e.to_string()))?;
        let e = |m: String| err("usmca/tables.toml", m);
        Ok(RooRules {
            schedules,
            table_a1: scope(&tb.table_a1, "Table A.1").map_err(e)?,
            table_b: scope(&tb.table_b, "Table B").map_err(e)?,
            table_c: scope(&tb.table_c, "Table C").map_err(e)?,
            table_d: scope(&tb.table_d, "Table D").map_err(e)?,
            table_e: scope(&tb.table_e, "Table E").map_err(e)?,
            table_s_steel: scope(&tb.table_s_steel, "Table S").map_err(e)?,
            table_s_aluminum: scope(&tb.table_s_aluminum, "Table S").map_err(e)?,
            table_a2: tb
                .table_a2
                .iter()
                .map(|c| {
                    Ok(A2Class {
                        class: c.class.clone(),
                        parts: scope(&c.parts, "Table A.2 column 1")?,
                        components: scope(&c.components, "Table A.2 column 2")?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()
                .map_err(e)?,
        })
    }

    /// The schedule of `kind` (`"rvc"`, `"lvc"`, `"steel-aluminum"`) for a category.
    pub fn schedule(&self, prefix: &str, cat: Category) -> Option<&Schedule> {
        self.schedules
            .iter()
            .find(|s| s.id.starts_with(prefix) && s.categories.contains(&cat))
    }

    /// The category a code implies, with the reason (and any `ex`
    /// assumption). Parts are taken as original equipment for the vehicle
    /// kind given (`for_heavy_truck`).
    pub fn category_of(&self, hs: &HsCode, for_heavy_truck: bool) -> (Category, String) {
        let d = hs.digits();
        let sub = hs.subheading().unwrap_or(hs.heading());
        let in_range = |lo: &str, hi: &str| sub >= lo && sub <= hi;
        if d.starts_with("8703") {
            if in_range("870331", "870333") || sub == "870350" || sub == "870370" {
                return (Category::OtherVehicle62_5, "8703 with a compression-ignition (diesel) engine: other goods of 8703, 62.5% NC (SOR/2020-155 s.13)".into());
            }
            if in_range("870321", "870390") {
                return (
                    Category::PassengerVehicle,
                    format!("{hs} is a passenger vehicle (8703.21-8703.90)"),
                );
            }
            return (
                Category::OtherVehicle60,
                format!("{hs}: other vehicle of 8703"),
            );
        }
        if sub == "870421" || sub == "870431" {
            return (
                Category::LightTruck,
                format!("{hs} is a light truck (8704.21, 8704.31)"),
            );
        }
        if sub == "870422"
            || sub == "870423"
            || sub == "870432"
            || sub == "870490"
            || in_range("870120", "870129")
        {
            return (Category::HeavyTruck, format!("{hs} is a heavy truck"));
        }
        if d.starts_with("8701")
            || d.starts_with("8702")
            || d.starts_with("8704")
            || d.starts_with("8705")
        {
            return (
                Category::OtherVehicle60,
                format!("{hs}: other vehicle, 60% NC (SOR/2020-155 s.13)"),
            );
        }
        let tables: [(&Scope, Category, &str); 5] = if for_heavy_truck {
            [
                (&self.table_d, Category::HtPrincipalPart, "Table D"),
                (&self.table_e, Category::HtComplementaryPart, "Table E"),
                (&self.table_d, Category::HtPrincipalPart, "Table D"),
                (&self.table_d, Category::HtPrincipalPart, "Table D"),
                (&self.table_d, Category::HtPrincipalPart, "Table D"),
            ]
        } else {
            [
                (&self.table_a1, Category::CorePart, "Table A.1"),
                (&self.table_b, Category::PrincipalPart, "Table B"),
                (&self.table_c, Category::ComplementaryPart, "Table C"),
                (&self.table_c, Category::ComplementaryPart, "Table C"),
                (&self.table_c, Category::ComplementaryPart, "Table C"),
            ]
        };
        for (scope, cat, name) in tables {
            match scope.matches(hs) {
                Some(ScopeMatch::Inside) => return (cat, format!("{hs} is listed in {name}")),
                Some(ScopeMatch::Ex(a)) | Some(ScopeMatch::LessSpecific(a)) => {
                    return (cat, format!("{hs} is listed in {name} ({a})"));
                }
                None => {}
            }
        }
        (
            Category::Other,
            format!("{hs} is in no automotive table: its Schedule 1 rule applies"),
        )
    }

    /// The Table A.2 class of a part code, if any.
    pub fn a2_class(&self, hs: &HsCode) -> Option<&A2Class> {
        self.table_a2.iter().find(|c| c.parts.contains(hs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn threshold_steps_and_their_edges() {
        let r = RooRules::builtin().unwrap();
        let nc = |id: &str, cat, date: &str| {
            r.schedule(id, cat)
                .unwrap()
                .at(day(date))
                .map(|(s, _)| s.nc.unwrap().to_string())
        };
        let pv = Category::PassengerVehicle;
        assert_eq!(nc("rvc", pv, "2020-06-30"), None);
        assert_eq!(nc("rvc", pv, "2020-07-01").as_deref(), Some("66"));
        assert_eq!(nc("rvc", pv, "2021-06-30").as_deref(), Some("66"));
        assert_eq!(nc("rvc", pv, "2021-07-01").as_deref(), Some("69"));
        assert_eq!(nc("rvc", pv, "2022-07-01").as_deref(), Some("72"));
        assert_eq!(nc("rvc", pv, "2023-06-30").as_deref(), Some("72"));
        assert_eq!(nc("rvc", pv, "2023-07-01").as_deref(), Some("75"));
        let ht = Category::HeavyTruck;
        assert_eq!(nc("rvc", ht, "2024-06-30").as_deref(), Some("60"));
        assert_eq!(nc("rvc", ht, "2024-07-01").as_deref(), Some("64"));
        assert_eq!(nc("rvc", ht, "2027-06-30").as_deref(), Some("64"));
        assert_eq!(nc("rvc", ht, "2027-07-01").as_deref(), Some("70"));
        let (s, end) = r
            .schedule("rvc", Category::PrincipalPart)
            .unwrap()
            .at(day("2022-01-01"))
            .unwrap();
        assert_eq!(
            (s.nc.unwrap().to_string(), s.tv.unwrap().to_string()),
            ("65".into(), "75".into())
        );
        assert_eq!(end, Some(day("2022-06-30")));
        let (s, _) = r
            .schedule("lvc", pv)
            .unwrap()
            .at(day("2023-07-01"))
            .unwrap();
        assert_eq!(
            (s.lvc.unwrap().to_string(), s.hw.unwrap().to_string()),
            ("40".into(), "25".into())
        );
        let (s, _) = r
            .schedule("lvc", Category::LightTruck)
            .unwrap()
            .at(day("2020-07-01"))
            .unwrap();
        assert_eq!(s.lvc.unwrap().to_string(), "45");
        let (s, _) = r
            .schedule("rvc", Category::HtComplementaryPart)
            .unwrap()
            .at(day("2027-07-01"))
            .unwrap();
        assert_eq!(
            (s.nc.unwrap().to_string(), s.tv.unwrap().to_string()),
            ("60".into(), "70".into())
        );
        let (s, _) = r
            .schedule("rvc", Category::ComplementaryPart)
            .unwrap()
            .at(day("2023-07-01"))
            .unwrap();
        assert_eq!(
            (s.nc.unwrap().to_string(), s.tv.unwrap().to_string()),
            ("65".into(), "75".into())
        );
        let (s, _) = r
            .schedule("rvc", Category::CorePart)
            .unwrap()
            .at(day("2023-07-01"))
            .unwrap();
        assert_eq!(
            (s.nc.unwrap().to_string(), s.tv.unwrap().to_string()),
            ("75".into(), "85".into())
        );
    }

    #[test]
    fn categories_from_codes() {
        let r = RooRules::builtin().unwrap();
        let cat = |s: &str, ht| r.category_of(&HsCode::parse(s).unwrap(), ht).0;
        assert_eq!(cat("8703.23", false), Category::PassengerVehicle);
        assert_eq!(cat("8703.32", false), Category::OtherVehicle62_5);
        assert_eq!(cat("8704.21", false), Category::LightTruck);
        assert_eq!(cat("8704.23", false), Category::HeavyTruck);
        assert_eq!(cat("8704.10", false), Category::OtherVehicle60);
        assert_eq!(cat("8708.40", false), Category::CorePart);
        assert_eq!(cat("8708.30", false), Category::PrincipalPart);
        assert_eq!(cat("8544.30", false), Category::ComplementaryPart);
        assert_eq!(cat("8708.30", true), Category::HtPrincipalPart);
        assert_eq!(cat("8482.10", true), Category::HtComplementaryPart);
        assert_eq!(cat("9999.99", false), Category::Other);
        assert_eq!(
            r.a2_class(&HsCode::parse("8708.40.11").unwrap())
                .unwrap()
                .class,
            "transmission"
        );
    }
}
