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
    /// Snow and golf vehicles (8703.10): 60% TV or 50% NC (SOR/2020-155 s.13).
    SnowGolf,
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
            Category::SnowGolf => "snow_golf",
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
        Self::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    /// The names [`Category::parse`] takes, comma-separated (for errors).
    pub fn known_names() -> String {
        Self::ALL.map(|c| c.as_str()).join(", ")
    }

    /// Every category, in the regulation's order.
    pub const ALL: [Category; 12] = [
        Category::PassengerVehicle,
        Category::LightTruck,
        Category::HeavyTruck,
        Category::OtherVehicle62_5,
        Category::OtherVehicle60,
        Category::SnowGolf,
        Category::CorePart,
        Category::PrincipalPart,
        Category::ComplementaryPart,
        Category::HtPrincipalPart,
        Category::HtComplementaryPart,
        Category::Other,
    ];

    /// Whether the good is a vehicle.
    pub fn is_vehicle(self) -> bool {
        matches!(
            self,
            Category::PassengerVehicle
                | Category::LightTruck
                | Category::HeavyTruck
                | Category::OtherVehicle62_5
                | Category::OtherVehicle60
                | Category::SnowGolf
        )
    }
}

/// A code's category, why, and what was assumed to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Categorized {
    /// The category.
    pub category: Category,
    /// Why.
    pub reason: String,
    /// An assumption the code alone could not settle (shown to the user).
    pub assumption: Option<String>,
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
        include: include.into(),
        all: false,
        exclude: Vec::new().into(),
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

    /// The category a code implies, with the reason and any assumption
    /// made (an `ex` or less-specific table match, a distinction the code
    /// cannot make). Parts are taken as original equipment for the vehicle
    /// kind given (`for_heavy_truck`).
    ///
    /// Vehicle categories are decided on the subheading as a number, never
    /// on the text of a shorter code: a heading-level vehicle code whose
    /// subheadings fall under different rules (`8701`, `8703`, `8704`) is
    /// an error listing them. HS 2022 split the light-truck subheadings
    /// 8704.21/8704.31 of the tables (HS 2017 terms) by propulsion: the
    /// weight classes of 8704.41 and 8704.51 (≤ 5 t) are light trucks,
    /// those of 8704.42, 8704.43 and 8704.52 (> 5 t) heavy trucks, as the
    /// WCO correlation tables carry them over; 8704.60 (electric only) has
    /// no weight split and is taken as a light truck — the stricter rule —
    /// and said so.
    pub fn category_of(&self, hs: &HsCode, for_heavy_truck: bool) -> Result<Categorized, String> {
        let d = hs.digits();
        let heading = &d[..4];
        // The subheading as a number (87.03.23 → 23); None for a heading-level code.
        let sub: Option<u32> = (d.len() >= 6).then(|| d[4..6].parse().ok()).flatten();
        let ok = |category, reason: String| {
            Ok(Categorized {
                category,
                reason,
                assumption: None,
            })
        };
        let ambiguous = |options: &str| {
            Err(format!(
                "{hs} is a heading whose subheadings fall under different origin rules ({options}): give the subheading (6 digits or more) or state the category"
            ))
        };
        match (heading, sub) {
            ("8703", None) => ambiguous(
                "8703.10 snow and golf vehicles 60% TV or 50% NC; 8703.21-.90 passenger vehicles 75% NC; diesel 8703.31-.33 62.5% NC",
            ),
            ("8703", Some(10)) => ok(
                Category::SnowGolf,
                format!(
                    "{hs} is a snow or golf vehicle (8703.10): 60% TV or 50% NC (SOR/2020-155 s.13)"
                ),
            ),
            ("8703", Some(31..=33 | 50 | 70)) => ok(
                Category::OtherVehicle62_5,
                format!(
                    "{hs}: 8703 with a compression-ignition (diesel) engine, other goods of 8703, 62.5% NC (SOR/2020-155 s.13)"
                ),
            ),
            ("8703", Some(21..=90)) => ok(
                Category::PassengerVehicle,
                format!("{hs} is a passenger vehicle (8703.21-8703.90)"),
            ),
            ("8703", Some(_)) => Err(format!(
                "{hs} is not a subheading of 8703 the origin rules name (8703.10, 8703.21-8703.90)"
            )),
            ("8704", None) => ambiguous(
                "8704.10 dumpers 60% NC; light trucks 8704.21/.31/.41/.51/.60 75% NC; heavy trucks 8704.22/.23/.32/.42/.43/.52/.90 60-70% NC",
            ),
            ("8704", Some(21 | 31 | 41 | 51)) => ok(
                Category::LightTruck,
                format!(
                    "{hs} is a light truck (G.V.W. ≤ 5 t: 8704.21, 8704.31, and their HS 2022 splits 8704.41, 8704.51)"
                ),
            ),
            ("8704", Some(60)) => Ok(Categorized {
                category: Category::LightTruck,
                reason: format!("{hs} (electric only) is taken as a light truck"),
                assumption: Some(format!(
                    "{hs} has no weight split: taken as a light truck (G.V.W. ≤ 5 t, the stricter rules); state the category heavy_truck for a G.V.W. over 5 t"
                )),
            }),
            ("8704", Some(22 | 23 | 32 | 42 | 43 | 52 | 90)) => ok(
                Category::HeavyTruck,
                format!(
                    "{hs} is a heavy truck (G.V.W. > 5 t: 8704.22/.23/.32/.90, and the HS 2022 splits 8704.42/.43/.52)"
                ),
            ),
            ("8701", None) => {
                ambiguous("road tractors 8701.20-.29 heavy-truck rules; other tractors 60% NC")
            }
            ("8701", Some(20..=29)) => ok(
                Category::HeavyTruck,
                format!("{hs} is a road tractor for semi-trailers: heavy truck"),
            ),
            ("8702", _) => Ok(Categorized {
                category: Category::OtherVehicle60,
                reason: format!("{hs}: vehicle of 8702, 60% NC (SOR/2020-155 s.13)"),
                assumption: Some(format!(
                    "{hs} taken as a vehicle for 16 or more persons (60% NC); one for 15 or fewer takes 62.5% NC: state the category other_vehicle_62_5"
                )),
            }),
            ("8701" | "8704" | "8705", _) => ok(
                Category::OtherVehicle60,
                format!("{hs}: other vehicle, 60% NC (SOR/2020-155 s.13)"),
            ),
            ("8507", Some(60)) if !for_heavy_truck => ok(
                Category::Other,
                format!(
                    "{hs} is an advanced (lithium-ion) battery: not subject to the Table A.1 RVC; its Schedule 1 rule applies (SOR/2020-155 s.14(3), (6))"
                ),
            ),
            _ => Ok(self.part_category(hs, for_heavy_truck)),
        }
    }

    /// The category of a part from the parts tables.
    fn part_category(&self, hs: &HsCode, for_heavy_truck: bool) -> Categorized {
        let tables: &[(&Scope, Category, &str)] = if for_heavy_truck {
            &[
                (&self.table_d, Category::HtPrincipalPart, "Table D"),
                (&self.table_e, Category::HtComplementaryPart, "Table E"),
            ]
        } else {
            &[
                (&self.table_a1, Category::CorePart, "Table A.1"),
                (&self.table_b, Category::PrincipalPart, "Table B"),
                (&self.table_c, Category::ComplementaryPart, "Table C"),
            ]
        };
        for &(scope, category, name) in tables {
            match scope.matches(hs) {
                Some(ScopeMatch::Inside) => {
                    return Categorized {
                        category,
                        reason: format!("{hs} is listed in {name}"),
                        assumption: None,
                    };
                }
                Some(ScopeMatch::Ex(a)) | Some(ScopeMatch::LessSpecific(a)) => {
                    return Categorized {
                        category,
                        reason: format!("{hs} is listed in {name} ({a})"),
                        assumption: Some(format!("{name}: {a}")),
                    };
                }
                None => {}
            }
        }
        Categorized {
            category: Category::Other,
            reason: format!("{hs} is in no automotive table: its Schedule 1 rule applies"),
            assumption: None,
        }
    }

    /// The Table A.2 class of a part code, if any.
    pub fn a2_class(&self, hs: &HsCode) -> Option<&A2Class> {
        self.table_a2.iter().find(|c| c.parts.contains(hs))
    }

    /// The Table A.2 class of a part code with the assumption its match
    /// rests on, if any: nearly every column-1 entry is an `ex` item
    /// (only the goods described), and a code shorter than an entry is
    /// assumed inside it.
    pub fn a2_match(&self, hs: &HsCode) -> Option<(&A2Class, Option<String>)> {
        self.table_a2
            .iter()
            .find_map(|c| match c.parts.matches(hs)? {
                ScopeMatch::Inside => Some((c, None)),
                ScopeMatch::Ex(a) | ScopeMatch::LessSpecific(a) => Some((c, Some(a))),
            })
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
        let cat = |s: &str, ht| {
            r.category_of(&HsCode::parse(s).unwrap(), ht)
                .unwrap()
                .category
        };
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
