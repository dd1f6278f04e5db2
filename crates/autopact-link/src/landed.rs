//! Landed cost of reference vehicles on the US market under tariff regimes.
//!
//! Why here (the link between the engines, not the report crate `brief`,
//! which stays pure text and pictures): the answer needs both engines — the price model (what the
//! tariffs on an assembler's inputs do to its costs) and the duty engine
//! with the rules of origin (what the border charges the finished vehicle)
//! — and neither engine may know the other.
//!
//! For vehicle v (base price P, assembled in country c, whose table region
//! is R) under regime g (equation L1, docs/methodology/landed-cost.md):
//!
//! ```text
//! input-cost effect  = Δp_{R,s}(W_g) · P      price model, sector s (c15), wedges W_g
//! border duty        = duty engine on (US, date_g, HS, c, P, facts)   law regimes
//!                    = τ^fin_{R→USA, s}(g) · P                        scenario regimes
//!                    = 0 for a US-assembled vehicle (not imported)
//! landed cost        = P + input-cost effect + border duty
//! change             = landed cost − landed cost under the first regime
//! ```
//!
//! The facts given to the duty engine come from the vehicle's BOM: USMCA
//! qualification by the origin engine on the regime's date (Canadian and
//! Mexican vehicles), US content = value of the direct materials of US
//! origin. Money is decimal; the price model's f64 change is converted and
//! rounded to the cent. Silent: dealer margins, exchange rates, the demand
//! response, and tariffs' effect on the base price itself.

use autopact_law::duty::{DutyQuery, GoodFacts, duty_stack};
use autopact_law::roo::{Bom, Good, RooRequest, RooRules, qualify};
use autopact_law::vehicles::ReferenceVehicle;
use autopact_law::{Decimal, LawDb, NaiveDate};
use autopact_mrio::{Leontief, Mrio, PriceModel, PriceOptions, TariffSchedule, TariffWedge};

/// How a regime charges the border.
#[derive(Debug, Clone, PartialEq)]
pub enum Border {
    /// The law in force on this entry date, by the duty engine.
    Law(NaiveDate),
    /// The regime's own final-goods wedges (a scenario, not the law).
    Wedges,
}

/// A tariff regime: the border charge and the wedges on inputs.
///
/// A regime "law on DATE" takes its input wedges from wherever the caller
/// has them: today a scenario file; once the law-to-economy link exists,
/// the link's sector wedges for that date plug in here unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Regime {
    /// Name shown in the table (`pre-2025`, `law 2025-10-01`, …).
    pub name: String,
    /// Border charge.
    pub border: Border,
    /// Wedges for the price model (inputs, and final goods for
    /// [`Border::Wedges`]).
    pub wedges: Vec<TariffWedge>,
    /// Where the wedges come from (stated in the output).
    pub wedges_source: String,
}

/// One row of the landed-cost table.
#[derive(Debug, Clone, PartialEq)]
pub struct LandedRow {
    /// Vehicle name.
    pub vehicle: String,
    /// Assembly country (ISO code, from the BOM's root line).
    pub assembly: String,
    /// Tariff code of the vehicle (the BOM's root line).
    pub hts: String,
    /// Regime name.
    pub regime: String,
    /// Base price (customs value), USD.
    pub base_price: Decimal,
    /// USMCA qualification on the regime's date (CA/MX vehicles, law regimes).
    pub usmca_qualifying: Option<bool>,
    /// Value of the direct materials of US origin.
    pub us_content: Decimal,
    /// Input-cost effect, USD.
    pub input_cost_effect: Decimal,
    /// Border duty, USD.
    pub border_duty: Decimal,
    /// How the duty was found.
    pub duty_basis: String,
    /// Landed cost, USD.
    pub landed_cost: Decimal,
    /// Change against the first regime, USD.
    pub change: Decimal,
}

/// Table region of an assembly country.
pub fn table_region(country: &str) -> Option<&'static str> {
    Some(match country {
        "US" => "USA",
        "CA" => "CAN",
        "MX" => "MEX",
        "JP" => "JPN",
        "KR" => "KOR",
        "DE" => "DEU",
        "CN" => "CHN",
        _ => return None,
    })
}

/// Value of the root's direct materials of US origin.
pub fn us_content(bom: &Bom) -> Decimal {
    bom.children[bom.root]
        .iter()
        .map(|&i| &bom.lines[i])
        .filter(|l| l.origin.as_deref() == Some("US"))
        .map(|l| l.value())
        .sum()
}

/// USMCA qualification of a reference vehicle on a date (origin engine).
pub fn usmca_qualifies(
    db: &LawDb,
    rules: &RooRules,
    v: &ReferenceVehicle,
    bom: &Bom,
    date: NaiveDate,
) -> Result<bool, String> {
    let mut req = RooRequest::new(Good::Bom(bom), date);
    req.lvc = v.lvc_with(bom);
    req.metals = v.metals.clone();
    req.component_table = false;
    qualify(db, rules, &req)
        .map(|r| r.originating)
        .map_err(|e| format!("{}: rules of origin on {date}: {e}", v.name))
}

/// The duty query of a vehicle entering the US on `date`.
pub fn duty_query(
    v: &ReferenceVehicle,
    bom: &Bom,
    date: NaiveDate,
    qualifying: Option<bool>,
) -> Result<DutyQuery, String> {
    let root = &bom.lines[bom.root];
    Ok(DutyQuery {
        importer: "US".into(),
        date,
        hts: root
            .hs
            .clone()
            .ok_or_else(|| format!("{}: the BOM's root line has no HS code", v.name))?,
        origin: root
            .origin
            .clone()
            .ok_or_else(|| format!("{}: the BOM's root line has no origin", v.name))?,
        value: root.unit_value,
        facts: GoodFacts {
            usmca_qualifying: qualifying,
            us_content: Some(us_content(bom)),
            ..GoodFacts::default()
        },
        column1_rate: None,
        quantity: None,
        include_unconfirmed: false,
        beyond_as_of: false,
    })
}

/// An f64 rate as a decimal (exact binary value; callers round money).
fn rate(x: f64) -> Decimal {
    Decimal::from_f64_retain(x).unwrap_or_default()
}

/// Everything the landed-cost table needs.
pub struct LandedInputs<'a> {
    /// The table.
    pub mrio: &'a Mrio,
    /// Its factorisation.
    pub leontief: &'a Leontief,
    /// The law data.
    pub db: &'a LawDb,
    /// The USMCA rules.
    pub rules: &'a RooRules,
    /// The table's sector of vehicles (c15).
    pub sector: usize,
}

/// The landed-cost table: every vehicle under every regime, changes
/// against the first regime.
pub fn landed_costs(
    inp: &LandedInputs<'_>,
    vehicles: &[ReferenceVehicle],
    regimes: &[Regime],
) -> Result<Vec<LandedRow>, String> {
    let m = inp.mrio;
    let model =
        PriceModel::new(m, inp.leontief, PriceOptions::default()).map_err(|e| e.to_string())?;
    let schedules = regimes
        .iter()
        .map(|g| TariffSchedule::new(m, &g.wedges))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let effects = model.solve_many(&schedules).map_err(|e| e.to_string())?;
    let usa = m.region_index("USA").map_err(|e| e.to_string())?;
    let mut rows = vec![];
    for v in vehicles {
        let bom = Bom::build(v.lines.clone())
            .map_err(|e| format!("built-in vehicle {}: {e:?}", v.name))?;
        let root = &bom.lines[bom.root];
        let country = root.origin.clone().unwrap_or_default();
        let region = table_region(&country).ok_or_else(|| {
            format!(
                "{}: assembly country {country:?} has no region in the table (known: US, CA, MX, JP, KR, DE, CN)",
                v.name
            )
        })?;
        let r = m.region_index(region).map_err(|e| e.to_string())?;
        let j = m.index(r, inp.sector);
        let price = root.unit_value;
        let mut first = None;
        for (g, regime) in regimes.iter().enumerate() {
            let input_cost_effect = (rate(effects[g].price_change[j]) * price).round_dp(2);
            let (qualifying, duty, basis) = if country == "US" {
                (
                    None,
                    Decimal::ZERO,
                    "assembled in the US: no border duty".to_string(),
                )
            } else {
                match regime.border {
                    Border::Law(date) => {
                        let q = if country == "CA" || country == "MX" {
                            Some(usmca_qualifies(inp.db, inp.rules, v, &bom, date)?)
                        } else {
                            None
                        };
                        let query = duty_query(v, &bom, date, q.or(Some(false)))?;
                        let stack =
                            duty_stack(inp.db, &query).map_err(|e| format!("{}: {e}", v.name))?;
                        (
                            q,
                            stack.total,
                            format!(
                                "duty engine, entry {date} (effective {}%)",
                                stack.effective_rate
                            ),
                        )
                    }
                    Border::Wedges => {
                        let tau = schedules[g]
                            .final_goods()
                            .iter()
                            .find(|&&(i, imp, _)| i == j && imp == usa)
                            .map_or(0.0, |&(_, _, t)| t);
                        (
                            None,
                            (rate(tau) * price).round_dp(2),
                            format!(
                                "scenario wedge {:.4} on {region} {}",
                                tau,
                                m.sectors()[inp.sector]
                            ),
                        )
                    }
                }
            };
            let landed = price + input_cost_effect + duty;
            let base = *first.get_or_insert(landed);
            rows.push(LandedRow {
                vehicle: v.name.clone(),
                assembly: country.clone(),
                hts: root.hs.as_ref().map(|h| h.to_string()).unwrap_or_default(),
                regime: regime.name.clone(),
                base_price: price,
                usmca_qualifying: qualifying,
                us_content: us_content(&bom),
                input_cost_effect,
                border_duty: duty,
                duty_basis: basis,
                landed_cost: landed,
                change: landed - base,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopact_law::vehicles;

    fn bom(name: &str) -> (ReferenceVehicle, Bom) {
        let v = vehicles::get(name).unwrap().unwrap();
        let b = Bom::build(v.lines.clone()).unwrap();
        (v, b)
    }

    #[test]
    fn every_assembly_country_has_a_vehicle_and_a_region() {
        let mut countries: Vec<String> = vehicles::all()
            .unwrap()
            .iter()
            .map(|v| v.lines[0].origin.clone().unwrap())
            .collect();
        countries.sort();
        assert_eq!(countries, ["CA", "CN", "DE", "JP", "KR", "MX", "US"]);
        assert!(countries.iter().all(|c| table_region(c).is_some()));
        assert_eq!(table_region("FR"), None);
    }

    #[test]
    fn us_content_sums_direct_materials_of_us_origin() {
        let (v, b) = bom("ontario-suv");
        let want: Decimal = b.children[b.root]
            .iter()
            .filter(|&&i| b.lines[i].origin.as_deref() == Some("US"))
            .map(|&i| b.lines[i].value())
            .sum();
        assert_eq!(us_content(&b), want);
        assert!(want > Decimal::ZERO, "the Ontario SUV has US parts");
        let (_, jb) = bom("japan-import");
        assert_eq!(us_content(&jb), Decimal::ZERO);
        let q = duty_query(
            &v,
            &b,
            NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            Some(true),
        )
        .unwrap();
        assert_eq!(q.origin, "CA");
        assert_eq!(q.value, b.lines[b.root].unit_value);
        assert_eq!(q.facts.us_content, Some(want));
    }

    #[test]
    fn duty_differs_before_and_after_the_2025_measures() {
        let db = LawDb::builtin().unwrap();
        let (v, b) = bom("japan-import");
        let before = duty_stack(&db, &duty_query(&v, &b, db.duty_from, Some(false)).unwrap())
            .unwrap()
            .total;
        let after = duty_stack(
            &db,
            &duty_query(
                &v,
                &b,
                NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
                Some(false),
            )
            .unwrap(),
        )
        .unwrap()
        .total;
        assert!(after > before, "{before} → {after}");
    }
}
