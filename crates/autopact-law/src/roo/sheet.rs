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
