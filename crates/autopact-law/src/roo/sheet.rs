//! The TOML cost sheet: the regulation's cost names for one good.
//!
//! The top-level amounts come first (TOML puts every key after a `[table]`
//! header into that table); this example is the regulation's Good A
//! (SOR/2020-155 s.7(22), Example 4, net cost 88.00):
//!
//! ```
//! use autopact_law::roo::CostSheet;
//!
//! let sheet = CostSheet::from_toml_str(r#"
//! originating_materials = "30.00"
//! non_originating_materials = "40.00"
//! other_product_costs = "20.00"
//! period_costs = 10.00             # numbers are read as the decimal written
//! other_costs = 0
//! transaction_value = "110"        # optional
//! international_shipping = "5"     # optional
//!
//! [good]
//! id = "good-a"
//! description = "Good A"
//! hs = "8708.30"            # optional; decides the category and thresholds
//! category = "other"        # optional override (see roo::Category)
//! rvc_threshold = "50"      # required when the good is in no automotive table
//!
//! [excluded_costs]
//! sales_promotion = 5.00
//! royalties = "2.50"
//! shipping_and_packing = "3.00"
//! non_allowable_interest = "1.50"
//!
//! ## [lvc] and [steel_aluminum]: optional, vehicles
//! "#).unwrap();
//! assert_eq!(sheet.costs().net_cost().to_string(), "88.00");
//! assert_eq!(sheet.excluded_costs.sales_promotion.to_string(), "5");
//! ```
//!
//! Amounts are strings or numbers. A string is read exactly. TOML reads a
//! number with a fraction as a binary float; autopact takes the shortest
//! decimal that converts back to the same float, which is the decimal the
//! user wrote (`0.05` is 0.05, not 0.05000000000000000277), up to the 17
//! significant digits a float holds — write longer amounts as strings.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::cost::{Costs, ExcludedCosts, LvcInput, MetalPurchases};

/// The `[good]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetGood {
    /// Identifier.
    #[serde(default)]
    pub id: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Tariff code.
    #[serde(default)]
    pub hs: Option<String>,
    /// Category override.
    #[serde(default)]
    pub category: Option<String>,
    /// RVC threshold for goods in no automotive table.
    #[serde(default)]
    pub rvc_threshold: Option<String>,
    /// Tariff-shift rule met (user-asserted from the Schedule 1 rule).
    #[serde(default)]
    pub tariff_shift_met: Option<bool>,
    /// All Table A.2 column-1 parts are originating (user-asserted; vehicles).
    #[serde(default)]
    pub core_parts_originating: Option<bool>,
}

/// A cost sheet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostSheet {
    /// The good.
    #[serde(default)]
    pub good: SheetGood,
    /// Value of originating materials.
    #[serde(deserialize_with = "dec")]
    pub originating_materials: Decimal,
    /// Value of non-originating materials.
    #[serde(deserialize_with = "dec")]
    pub non_originating_materials: Decimal,
    /// Other product costs.
    #[serde(default, deserialize_with = "dec")]
    pub other_product_costs: Decimal,
    /// Period costs.
    #[serde(default, deserialize_with = "dec")]
    pub period_costs: Decimal,
    /// Other costs.
    #[serde(default, deserialize_with = "dec")]
    pub other_costs: Decimal,
    /// Excluded costs.
    #[serde(default)]
    pub excluded_costs: ExcludedCosts,
    /// Transaction value.
    #[serde(default, deserialize_with = "opt_dec")]
    pub transaction_value: Option<Decimal>,
    /// International shipping in the transaction value.
    #[serde(default, deserialize_with = "opt_dec")]
    pub international_shipping: Option<Decimal>,
    /// Related FX gain.
    #[serde(default, deserialize_with = "dec")]
    pub fx_gain_related: Decimal,
    /// Related FX loss.
    #[serde(default, deserialize_with = "dec")]
    pub fx_loss_related: Decimal,
    /// Labour value content inputs.
    #[serde(default)]
    pub lvc: Option<LvcInput>,
    /// Steel/aluminum purchases.
    #[serde(default)]
    pub steel_aluminum: Option<MetalPurchases>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Num {
    S(String),
    I(i64),
    F(f64),
}

fn to_dec(n: Num) -> Result<Decimal, String> {
    match n {
        Num::S(s) => crate::money::parse_decimal(&s),
        Num::I(i) => Ok(Decimal::from(i)),
        Num::F(f) if f.is_finite() => {
            // Rust prints the shortest decimal that round-trips to `f`.
            crate::money::parse_decimal(&format!("{f}"))
                .map_err(|_| format!("{f} is beyond the exact decimal range (about 7.9e28)"))
        }
        Num::F(f) => Err(format!("{f} is not a finite number")),
    }
}

pub(crate) fn dec<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    to_dec(Num::deserialize(d)?).map_err(serde::de::Error::custom)
}

pub(crate) fn opt_dec<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Ok(Some(dec(d)?))
}

impl CostSheet {
    /// Averaging (SOR/2020-155 s.16): the RVC over several goods of one
    /// class (vehicles: a model line, class or plant over the fiscal year)
    /// or several periods (parts: the fiscal year, a quarter or a month)
    /// is computed on the summed costs, `RVC = (ΣNC − ΣVNM) ÷ ΣNC × 100`.
    /// Each sheet holds one good or period's totals. The sheets must name
    /// the same tariff code, category and threshold; `[lvc]` and
    /// `[steel_aluminum]` (not averaged by s.16) must be the same in every
    /// sheet or absent from all.
    pub fn average(sheets: &[CostSheet]) -> Result<CostSheet, String> {
        let (first, rest) = sheets.split_first().ok_or("no cost sheets to average")?;
        let mut sum = first.clone();
        for (k, s) in rest.iter().enumerate() {
            let n = k + 2;
            let g = &s.good;
            if (&g.hs, &g.category, &g.rvc_threshold)
                != (
                    &first.good.hs,
                    &first.good.category,
                    &first.good.rvc_threshold,
                )
            {
                return Err(format!(
                    "sheet {n} names another good (hs, category or rvc_threshold differ from sheet 1): averaging is within one class of goods"
                ));
            }
            if s.lvc != first.lvc || s.steel_aluminum != first.steel_aluminum {
                return Err(format!(
                    "sheet {n}: [lvc] and [steel_aluminum] are not averaged (s.16 averages the RVC); state them once, the same in every sheet"
                ));
            }
            if s.transaction_value.is_some() != first.transaction_value.is_some() {
                return Err(format!(
                    "sheet {n}: transaction_value given in some sheets only"
                ));
            }
            let add = |a: Decimal, b: Decimal| {
                a.checked_add(b).ok_or_else(|| {
                    "the summed costs are beyond the exact decimal range".to_string()
                })
            };
            let add_opt =
                |a: Option<Decimal>, b: Option<Decimal>| -> Result<Option<Decimal>, String> {
                    match (a, b) {
                        (None, None) => Ok(None),
                        (a, b) => Ok(Some(add(a.unwrap_or_default(), b.unwrap_or_default())?)),
                    }
                };
            sum.originating_materials = add(sum.originating_materials, s.originating_materials)?;
            sum.non_originating_materials =
                add(sum.non_originating_materials, s.non_originating_materials)?;
            sum.other_product_costs = add(sum.other_product_costs, s.other_product_costs)?;
            sum.period_costs = add(sum.period_costs, s.period_costs)?;
            sum.other_costs = add(sum.other_costs, s.other_costs)?;
            sum.fx_gain_related = add(sum.fx_gain_related, s.fx_gain_related)?;
            sum.fx_loss_related = add(sum.fx_loss_related, s.fx_loss_related)?;
            let (e, f) = (&mut sum.excluded_costs, &s.excluded_costs);
            e.sales_promotion = add(e.sales_promotion, f.sales_promotion)?;
            e.royalties = add(e.royalties, f.royalties)?;
            e.shipping_and_packing = add(e.shipping_and_packing, f.shipping_and_packing)?;
            e.non_allowable_interest = add(e.non_allowable_interest, f.non_allowable_interest)?;
            sum.transaction_value = add_opt(sum.transaction_value, s.transaction_value)?;
            sum.international_shipping =
                add_opt(sum.international_shipping, s.international_shipping)?;
            if g.tariff_shift_met != sum.good.tariff_shift_met {
                sum.good.tariff_shift_met = match (g.tariff_shift_met, sum.good.tariff_shift_met) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    _ => None,
                };
            }
            if g.core_parts_originating != sum.good.core_parts_originating {
                sum.good.core_parts_originating =
                    match (g.core_parts_originating, sum.good.core_parts_originating) {
                        (Some(false), _) | (_, Some(false)) => Some(false),
                        _ => None,
                    };
            }
        }
        if sheets.len() > 1 {
            sum.good.description = format!(
                "{} (averaged over {} sheets, SOR/2020-155 s.16)",
                first.good.description,
                sheets.len()
            );
        }
        Ok(sum)
    }

    /// Parses a cost sheet; the error names the line and column.
    pub fn from_toml_str(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The costs in the regulation's terms.
    pub fn costs(&self) -> Costs {
        Costs {
            originating_materials: self.originating_materials,
            non_originating_materials: self.non_originating_materials,
            other_product_costs: self.other_product_costs,
            period_costs: self.period_costs,
            other_costs: self.other_costs,
            excluded_costs: self.excluded_costs.clone(),
            excluded_never_enter: false,
            fx_gain_related: self.fx_gain_related,
            fx_loss_related: self.fx_loss_related,
            transaction_value: self.transaction_value,
            international_shipping: self.international_shipping,
        }
    }
}
