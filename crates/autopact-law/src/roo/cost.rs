//! Cost arithmetic of the Uniform Regulations (SOR/2020-155 s.7, s.16,
//! s.18, Schedule 5), as pure functions with the formulas in their docs.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::round_dp;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Net-cost method: `RVC = (NC − VNM) ÷ NC × 100` (s.7(3)). Exact; `None`
/// when NC is zero or the quotient leaves the decimal range.
pub fn rvc_net_cost(nc: Decimal, vnm: Decimal) -> Option<Decimal> {
    nc.checked_sub(vnm)?.checked_div(nc)?.checked_mul(HUNDRED)
}

/// Transaction-value method: `RVC = (TV − VNM) ÷ TV × 100`, TV adjusted to
/// exclude international shipping (s.7(2)). Exact; `None` when the
/// adjusted TV is not positive or the quotient leaves the decimal range.
pub fn rvc_transaction_value(tv: Decimal, intl_shipping: Decimal, vnm: Decimal) -> Option<Decimal> {
    let tv = tv.checked_sub(intl_shipping)?;
    if tv <= Decimal::ZERO {
        return None;
    }
    tv.checked_sub(vnm)?.checked_div(tv)?.checked_mul(HUNDRED)
}

/// Sum of amounts, `None` past the decimal range (about 7.9e28).
pub fn checked_sum(items: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(x))
}

/// Excluded costs (s.7(11)-(14)): never part of net cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcludedCosts {
    /// Sales promotion, marketing and after-sales service.
    #[serde(default, deserialize_with = "super::sheet::dec")]
    pub sales_promotion: Decimal,
    /// Royalties.
    #[serde(default, deserialize_with = "super::sheet::dec")]
    pub royalties: Decimal,
    /// Shipping and packing.
    #[serde(default, deserialize_with = "super::sheet::dec")]
    pub shipping_and_packing: Decimal,
    /// Non-allowable interest (more than 700 bp above the comparable
    /// government rate, s.7(14)).
    #[serde(default, deserialize_with = "super::sheet::dec")]
    pub non_allowable_interest: Decimal,
}

impl ExcludedCosts {
    /// Sum of the excluded costs.
    pub fn total(&self) -> Decimal {
        self.checked_total()
            .expect("excluded costs beyond the decimal range: use checked_total")
    }

    /// Sum of the excluded costs, `None` past the decimal range.
    pub fn checked_total(&self) -> Option<Decimal> {
        checked_sum([
            self.sales_promotion,
            self.royalties,
            self.shipping_and_packing,
            self.non_allowable_interest,
        ])
    }
}

/// A cost sheet using the regulation's names (per unit of the good).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Value of originating materials.
    pub originating_materials: Decimal,
    /// Value of non-originating materials (VNM).
    pub non_originating_materials: Decimal,
    /// Other product costs.
    #[serde(default)]
    pub other_product_costs: Decimal,
    /// Period costs (including any excluded costs booked there).
    #[serde(default)]
    pub period_costs: Decimal,
    /// Other costs.
    #[serde(default)]
    pub other_costs: Decimal,
    /// Excluded costs.
    #[serde(default)]
    pub excluded_costs: ExcludedCosts,
    /// `true` when the excluded costs are already left out of the cost
    /// lines (allocation method 7(11)(c)): then total cost is the sum of
    /// the lines less the excluded costs shown, as the regulation's
    /// Example 7 presents it, and net cost equals total cost.
    #[serde(default)]
    pub excluded_never_enter: bool,
    /// Foreign-exchange gain related to the good's materials (reduces total cost, s.7 Ex. 9).
    #[serde(default)]
    pub fx_gain_related: Decimal,
    /// Foreign-exchange loss related to the good's materials (adds to total cost, s.7 Ex. 10).
    #[serde(default)]
    pub fx_loss_related: Decimal,
    /// Transaction value.
    #[serde(default)]
    pub transaction_value: Option<Decimal>,
    /// International shipping included in the transaction value.
    #[serde(default)]
    pub international_shipping: Option<Decimal>,
}

impl Costs {
    /// Total cost = originating + non-originating materials + other product
    /// costs + period costs + other costs (+ related FX loss − related FX
    /// gain). Under method (c) the excluded costs are taken out here.
    ///
    /// Panics past the decimal range; [`Costs::checked_total_cost`] does not.
    pub fn total_cost(&self) -> Decimal {
        self.checked_total_cost()
            .expect("costs beyond the decimal range: use checked_total_cost")
    }

    /// [`Costs::total_cost`], `None` past the decimal range (about 7.9e28).
    pub fn checked_total_cost(&self) -> Option<Decimal> {
        let sum = checked_sum([
            self.originating_materials,
            self.non_originating_materials,
            self.other_product_costs,
            self.period_costs,
            self.other_costs,
            self.fx_loss_related,
        ])?
        .checked_sub(self.fx_gain_related)?;
        if self.excluded_never_enter {
            sum.checked_sub(self.excluded_costs.checked_total()?)
        } else {
            Some(sum)
        }
    }

    /// Net cost = total cost − excluded costs (s.7(11)).
    ///
    /// Panics past the decimal range; [`Costs::checked_net_cost`] does not.
    pub fn net_cost(&self) -> Decimal {
        self.checked_net_cost()
            .expect("costs beyond the decimal range: use checked_net_cost")
    }

    /// [`Costs::net_cost`], `None` past the decimal range.
    pub fn checked_net_cost(&self) -> Option<Decimal> {
        let total = self.checked_total_cost()?;
        if self.excluded_never_enter {
            Some(total)
        } else {
            total.checked_sub(self.excluded_costs.checked_total()?)
        }
    }

    /// Every value must be non-negative; returns the offending field names.
    pub fn negative_fields(&self) -> Vec<&'static str> {
        let e = &self.excluded_costs;
        let mut v = Vec::new();
        for (n, x) in [
            ("originating_materials", self.originating_materials),
            ("non_originating_materials", self.non_originating_materials),
            ("other_product_costs", self.other_product_costs),
            ("period_costs", self.period_costs),
            ("other_costs", self.other_costs),
            ("excluded_costs.sales_promotion", e.sales_promotion),
            ("excluded_costs.royalties", e.royalties),
            (
                "excluded_costs.shipping_and_packing",
                e.shipping_and_packing,
            ),
            (
                "excluded_costs.non_allowable_interest",
                e.non_allowable_interest,
            ),
            ("fx_gain_related", self.fx_gain_related),
            ("fx_loss_related", self.fx_loss_related),
            (
                "transaction_value",
                self.transaction_value.unwrap_or_default(),
            ),
            (
                "international_shipping",
                self.international_shipping.unwrap_or_default(),
            ),
        ] {
            if x < Decimal::ZERO {
                v.push(n);
            }
        }
        v
    }
}

/// Allocates `amount` in proportion to `bases` (Schedule 5). With
/// `ratio_dp`, each ratio is first rounded to that many decimals, as the
/// regulation's example does ("0.833 / 0.167").
pub fn allocate(amount: Decimal, bases: &[Decimal], ratio_dp: Option<u32>) -> Vec<Decimal> {
    let total: Decimal = bases.iter().copied().sum();
    bases
        .iter()
        .map(|b| {
            if total.is_zero() {
                return Decimal::ZERO;
            }
            let r = b / total;
            let r = match ratio_dp {
                Some(dp) => round_dp(r, dp),
                None => r,
            };
            amount * r
        })
        .collect()
}

/// The first averaging period when the producer's fiscal year begins after
/// the agreement's entry into force (s.16(12)): from entry into force to the
/// end of that fiscal year. Returns `(start, end, months)`.
pub fn first_averaging_period(
    entry_into_force: NaiveDate,
    fy_start: NaiveDate,
) -> (NaiveDate, NaiveDate, u32) {
    let end = fy_start
        .with_year(fy_start.year() + 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(fy_start);
    let months = (end.year() - entry_into_force.year()) as u32 * 12 + end.month() + 1
        - entry_into_force.month();
    (entry_into_force, end, months)
}

/// Labour value content inputs (s.18).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LvcInput {
    /// High-wage material expenditures (HWM).
    #[serde(default, deserialize_with = "super::sheet::dec")]
    pub high_wage_materials: Decimal,
    /// High-wage labour costs of vehicle assembly (HWLC).
    #[serde(default, deserialize_with = "super::sheet::dec")]
    pub high_wage_labor: Decimal,
    /// Vehicle net cost (NC basis). Defaults to the good's net cost.
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub net_cost: Option<Decimal>,
    /// Annual purchase value of high-wage parts/materials (APV basis).
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub annual_purchase_value: Option<Decimal>,
    /// Total annual purchase value of the assembly plant (TAPV).
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub total_annual_purchase_value: Option<Decimal>,
    /// High-wage technology expenditure credit, percentage points (or
    /// computed from the wages below), capped at 10.
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub technology_credit: Option<Decimal>,
    /// R&D and IT wage expenditures (for the HWTC).
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub rd_it_wages: Option<Decimal>,
    /// Total vehicle-production wage expenditures (for the HWTC).
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub total_production_wages: Option<Decimal>,
    /// Qualifying engine/transmission/battery plant capacity (HWAC, 5 pp).
    #[serde(default)]
    pub assembly_credit: bool,
}

impl LvcInput {
    /// Checks the inputs: every amount non-negative, the APV basis
    /// complete and consistent. Returns what is wrong, naming the field.
    pub fn problems(&self) -> Vec<String> {
        let mut v = Vec::new();
        for (name, x) in [
            ("high_wage_materials", Some(self.high_wage_materials)),
            ("high_wage_labor", Some(self.high_wage_labor)),
            ("net_cost", self.net_cost),
            ("annual_purchase_value", self.annual_purchase_value),
            (
                "total_annual_purchase_value",
                self.total_annual_purchase_value,
            ),
            ("technology_credit", self.technology_credit),
            ("rd_it_wages", self.rd_it_wages),
            ("total_production_wages", self.total_production_wages),
        ] {
            if let Some(x) = x
                && x < Decimal::ZERO
            {
                v.push(format!("lvc.{name} is negative ({x})"));
            }
        }
        if self.net_cost.is_some_and(|n| n.is_zero()) {
            v.push("lvc.net_cost is zero".into());
        }
        match (self.annual_purchase_value, self.total_annual_purchase_value) {
            (Some(_), None) | (None, Some(_)) => v.push(
                "lvc: annual_purchase_value and total_annual_purchase_value go together (s.18(6)(b))"
                    .into(),
            ),
            (Some(a), Some(t)) if a > t => v.push(format!(
                "lvc.annual_purchase_value {a} exceeds total_annual_purchase_value {t}"
            )),
            _ => {}
        }
        if let (Some(rd), Some(w)) = (self.rd_it_wages, self.total_production_wages)
            && w.is_zero()
            && !rd.is_zero()
        {
            v.push(
                "lvc.total_production_wages is zero: the technology credit cannot be computed"
                    .into(),
            );
        }
        v
    }
}

/// An LVC computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lvc {
    /// High-wage material and manufacturing part, percent.
    pub hw_mm: Decimal,
    /// Technology credit used (≤ 10).
    pub hwtc: Decimal,
    /// Assembly credit used (0 or 5).
    pub hwac: Decimal,
    /// Total LVC.
    pub total: Decimal,
    /// Basis used.
    pub basis: &'static str,
    /// Arithmetic.
    pub arithmetic: String,
}

/// LVC by the net-cost basis `((HWLC + HWM) ÷ NC × 100) + HWTC + HWAC`
/// (s.18(6)(a)) or, when annual purchase values are given, the APV basis
/// `((APV + HWLC) ÷ (TAPV + HWLC) × 100) + HWTC + HWAC` (s.18(6)(b)).
/// HWTC = R&D+IT wages ÷ production wages × 100, capped at 10; HWAC = 5.
///
/// `None` when a denominator is zero or a quotient leaves the decimal range.
pub fn lvc(input: &LvcInput, good_net_cost: Decimal) -> Option<Lvc> {
    let ten = Decimal::TEN;
    let hwtc_raw = match (
        input.technology_credit,
        input.rd_it_wages,
        input.total_production_wages,
    ) {
        (Some(t), _, _) => t,
        (None, Some(rd), Some(w)) if !w.is_zero() => rd.checked_div(w)?.checked_mul(HUNDRED)?,
        _ => Decimal::ZERO,
    };
    let hwtc = hwtc_raw.min(ten);
    let hwac = if input.assembly_credit {
        Decimal::from(5)
    } else {
        Decimal::ZERO
    };
    let (hw_mm, basis, arith) = match (
        input.annual_purchase_value,
        input.total_annual_purchase_value,
    ) {
        (Some(apv), Some(tapv)) => {
            let den = tapv.checked_add(input.high_wage_labor)?;
            if den.is_zero() {
                return None;
            }
            let v = apv
                .checked_add(input.high_wage_labor)?
                .checked_div(den)?
                .checked_mul(HUNDRED)?;
            (
                v,
                "annual purchase value",
                format!(
                    "({apv} + {}) ÷ ({tapv} + {}) × 100",
                    input.high_wage_labor, input.high_wage_labor
                ),
            )
        }
        _ => {
            let nc = input.net_cost.unwrap_or(good_net_cost);
            if nc.is_zero() {
                return None;
            }
            let v = input
                .high_wage_labor
                .checked_add(input.high_wage_materials)?
                .checked_div(nc)?
                .checked_mul(HUNDRED)?;
            (
                v,
                "net cost",
                format!(
                    "({} + {}) ÷ {nc} × 100",
                    input.high_wage_labor, input.high_wage_materials
                ),
            )
        }
    };
    let total = hw_mm.checked_add(hwtc)?.checked_add(hwac)?;
    Some(Lvc {
        hw_mm,
        hwtc,
        hwac,
        total,
        basis,
        arithmetic: format!(
            "{arith} = {} ; + HWTC {} + HWAC {} = {}",
            round_dp(hw_mm, 2),
            round_dp(hwtc, 2),
            hwac,
            round_dp(total, 2)
        ),
    })
}

/// Steel and aluminum purchases (s.17), corporate level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetalPurchases {
    /// All steel purchases (Table S).
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub steel_total: Option<Decimal>,
    /// Originating steel purchases.
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub steel_originating: Option<Decimal>,
    /// All aluminum purchases (Table S).
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub aluminum_total: Option<Decimal>,
    /// Originating aluminum purchases.
    #[serde(default, deserialize_with = "super::sheet::opt_dec")]
    pub aluminum_originating: Option<Decimal>,
}

impl MetalPurchases {
    /// Checks the inputs: non-negative, originating within the total, and
    /// each total with its originating part. Returns what is wrong.
    pub fn problems(&self) -> Vec<String> {
        let mut v = Vec::new();
        for (metal, total, orig) in [
            ("steel", self.steel_total, self.steel_originating),
            ("aluminum", self.aluminum_total, self.aluminum_originating),
        ] {
            for (what, x) in [("total", total), ("originating", orig)] {
                if let Some(x) = x
                    && x < Decimal::ZERO
                {
                    v.push(format!("steel_aluminum.{metal}_{what} is negative ({x})"));
                }
            }
            match (total, orig) {
                (Some(t), Some(o)) if o > t => v.push(format!(
                    "steel_aluminum.{metal}_originating {o} exceeds {metal}_total {t}"
                )),
                (Some(_), None) | (None, Some(_)) => v.push(format!(
                    "steel_aluminum: give both {metal}_total and {metal}_originating"
                )),
                _ => {}
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::parse_decimal;

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    fn costs(om: &str, nom: &str, opc: &str, pc: &str, oc: &str) -> Costs {
        Costs {
            originating_materials: d(om),
            non_originating_materials: d(nom),
            other_product_costs: d(opc),
            period_costs: d(pc),
            other_costs: d(oc),
            ..Default::default()
        }
    }

    /// F1 (official, SOR/2020-155 s.7(22) Example 4): TC 100.00, excluded 12.00,
    /// NC 88.00, RVC = (88 − 40) ÷ 88 × 100 = 54.5% ≥ 50%.
    #[test]
    fn official_f1_net_cost_good_a() {
        let mut c = costs("30", "40", "20", "10", "0");
        c.excluded_costs = ExcludedCosts {
            sales_promotion: d("5"),
            royalties: d("2.5"),
            shipping_and_packing: d("3"),
            non_allowable_interest: d("1.5"),
        };
        assert_eq!(c.total_cost(), d("100.00"));
        assert_eq!(c.excluded_costs.total(), d("12.00"));
        assert_eq!(c.net_cost(), d("88.00"));
        let rvc = rvc_net_cost(c.net_cost(), c.non_originating_materials).unwrap();
        assert_eq!(round_dp(rvc, 1), d("54.5"));
        assert!(rvc >= d("50"));
    }

    /// F2 (official, Example 5): total cost 9,000; net cost of Goods A and B 7,800.
    #[test]
    fn official_f2_two_goods_method_a() {
        let mut c = costs("2000", "1000", "2400", "3200", "400");
        c.excluded_costs.sales_promotion = d("1200");
        assert_eq!(c.total_cost(), d("9000"));
        assert_eq!(c.net_cost(), d("7800"));
    }

    /// F3 (official, Example 6): allocated total cost A 5,220 / B 3,780 (the
    /// 58/42 split is implied by the published figures); excluded costs
    /// allocated the same way; net cost A 4,524, B 3,276.
    #[test]
    fn official_f3_method_b_allocation() {
        let w = [d("5220"), d("3780")];
        assert_eq!(allocate(d("9000"), &w, None), vec![d("5220"), d("3780")]);
        let sp = allocate(d("500"), &w, None);
        let ro = allocate(d("200"), &w, None);
        let sh = allocate(d("500"), &w, None);
        assert_eq!((sp[0], sp[1]), (d("290"), d("210")));
        assert_eq!((ro[0], ro[1]), (d("116"), d("84")));
        assert_eq!((sh[0], sh[1]), (d("290"), d("210")));
        assert_eq!(d("5220") - sp[0] - ro[0] - sh[0], d("4524"));
        assert_eq!(d("3780") - sp[1] - ro[1] - sh[1], d("3276"));
    }

    /// F4 (official, Example 7, thousands): total cost 6,759 = C 3,836 + D 2,923.
    #[test]
    fn official_f4_method_c() {
        let mk = |om: &str, nom: &str, opc: &str, pc: &str, ex: &str| {
            let mut c = costs(om, nom, opc, pc, "0");
            c.excluded_never_enter = true;
            c.excluded_costs.sales_promotion = d(ex);
            c
        };
        assert_eq!(
            mk("100", "900", "500", "5679", "420").total_cost(),
            d("6759")
        );
        assert_eq!(mk("0", "800", "300", "3036", "300").total_cost(), d("3836"));
        assert_eq!(
            mk("100", "100", "200", "2643", "120").total_cost(),
            d("2923")
        );
        assert_eq!(mk("0", "800", "300", "3036", "300").net_cost(), d("3836"));
    }

    /// F5 (official, Examples 9-10): related FX net gain 1,000 lowers total
    /// cost 45,000 → 44,000; related net loss 1,000 gives 45,000 (from
    /// 44,000 before FX, as implied); unrelated FX is ignored; not in VNM.
    #[test]
    fn official_f5_fx_gains_and_losses() {
        let mut c = costs("0", "10000", "35000", "0", "0");
        c.fx_gain_related = d("7000");
        c.fx_loss_related = d("6000");
        assert_eq!(c.total_cost(), d("44000"));
        assert_eq!(c.non_originating_materials, d("10000"));
        let mut c = costs("0", "10000", "34000", "0", "0");
        c.fx_gain_related = d("6000");
        c.fx_loss_related = d("7000");
        assert_eq!(c.total_cost(), d("45000"));
    }

    /// F7 (official, s.8(28) Example 3), situations A, B, C. The regulation
    /// prints 76.5% (A, 76.496 rounded), 42.9% (B, 42.982 truncated) and
    /// 76.1% (C): the printed figures mix rounding and truncation; both
    /// decisions (A, C originating; B not) are reproduced.
    #[test]
    fn official_f7_frame_situations() {
        let mut a = costs("11", "5.5", "6.5", "0.5", "0.1");
        a.excluded_costs.royalties = d("0.2");
        assert_eq!(a.total_cost(), d("23.60"));
        assert_eq!(a.net_cost(), d("23.40"));
        let ra = rvc_net_cost(a.net_cost(), d("5.5")).unwrap();
        assert_eq!(round_dp(ra, 1), d("76.5"));
        assert!(ra >= d("50"));

        let mut b = costs("1", "13", "8", "1", "0.2");
        b.excluded_costs.royalties = d("0.4");
        assert_eq!(b.total_cost(), d("23.20"));
        assert_eq!(b.net_cost(), d("22.80"));
        let rb = rvc_net_cost(b.net_cost(), d("13")).unwrap();
        assert_eq!(rb.trunc_with_scale(1), d("42.9"));
        assert!(rb < d("50"));

        let mut c = costs("10.6", "5.5", "6.5", "0.5", "0.1");
        c.excluded_costs.royalties = d("0.2");
        assert_eq!(c.total_cost(), d("23.20"));
        assert_eq!(c.net_cost(), d("23.00"));
        let rc = rvc_net_cost(c.net_cost(), d("5.5")).unwrap();
        assert_eq!(round_dp(rc, 1), d("76.1"));
    }

    /// F9 (official, Schedule 5): overhead allocation by direct labour hours,
    /// by direct labour costs (ratios rounded to 3 decimals as published),
    /// and by the direct-labour-and-direct-material ratio (methods (a), (b)).
    #[test]
    fn official_f9_overhead_allocation() {
        let o = d("6000000");
        assert_eq!(
            allocate(o, &[d("5000"), d("3000")], None),
            vec![d("3750000"), d("2250000")]
        );
        assert_eq!(
            allocate(o, &[d("50000"), d("10000")], Some(3)),
            vec![d("4998000"), d("1002000")]
        );
        assert_eq!(
            allocate(d("30"), &[d("15"), d("10")], None),
            vec![d("18"), d("12")]
        );
        let a = allocate(d("50"), &[d("15"), d("10")], None);
        let ec = allocate(d("20"), &[d("15"), d("10")], None);
        assert_eq!((a[0] - ec[0], a[1] - ec[1]), (d("18"), d("12")));
    }

    /// F10 (official, s.16(12)): in force 2020-07-01, fiscal year from
    /// 2021-01-01 → 18-month period 2020-07-01 to 2021-12-31.
    #[test]
    fn official_f10_first_averaging_period() {
        let (s, e, m) =
            first_averaging_period("2020-07-01".parse().unwrap(), "2021-01-01".parse().unwrap());
        assert_eq!(
            (s.to_string(), e.to_string(), m),
            ("2020-07-01".into(), "2021-12-31".into(), 18)
        );
    }

    /// F14 (derived): NC 30,000, VNM 7,000 → RVC 76.67% ≥ 75%.
    #[test]
    fn derived_f14_rvc_check() {
        let r = rvc_net_cost(d("30000"), d("7000")).unwrap();
        assert_eq!(round_dp(r, 2), d("76.67"));
        assert!(r >= d("75"));
    }

    /// F14 (derived): LVC (NC basis) HWM 9,000, HWLC 1,500, NC 30,000,
    /// HWTC 4, HWAC 5 → 35 + 4 + 5 = 44 ≥ 40; HW M&M 35 ≥ 25.
    #[test]
    fn derived_f14_lvc() {
        let l = lvc(
            &LvcInput {
                high_wage_materials: d("9000"),
                high_wage_labor: d("1500"),
                net_cost: Some(d("30000")),
                technology_credit: Some(d("4")),
                assembly_credit: true,
                ..Default::default()
            },
            d("0"),
        )
        .unwrap();
        assert_eq!((l.hw_mm, l.total), (d("35"), d("44")));
        // The technology credit is capped at 10 points.
        let l = lvc(
            &LvcInput {
                technology_credit: Some(d("14")),
                net_cost: Some(d("1")),
                ..Default::default()
            },
            d("0"),
        )
        .unwrap();
        assert_eq!(l.hwtc, d("10"));
        // APV basis.
        let l = lvc(
            &LvcInput {
                annual_purchase_value: Some(d("300")),
                total_annual_purchase_value: Some(d("900")),
                high_wage_labor: d("100"),
                ..Default::default()
            },
            d("0"),
        )
        .unwrap();
        assert_eq!(l.hw_mm, d("40"));
    }

    #[test]
    fn transaction_value_excludes_international_shipping() {
        let r = rvc_transaction_value(d("110"), d("10"), d("20")).unwrap();
        assert_eq!(r, d("80"));
        assert!(rvc_transaction_value(d("10"), d("10"), d("1")).is_none());
    }
}
