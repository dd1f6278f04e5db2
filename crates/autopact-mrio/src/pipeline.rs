//! The one tariff → price → quantity → jobs pipeline.
//!
//! Every front end that asks "what does this tariff do?" runs the same
//! chain on one Leontief factorisation:
//!
//! 1. prices: the Leontief price model with the tariff wedges,
//!    pᵀ = vᵀ(I − A∘(1+T))⁻¹ ([`crate::price`]);
//! 2. quantities: final demand answers its purchaser price with elasticity
//!    ε, Δy_ik = y_ik((p_i(1+τ_ik))^(−ε) − 1), and output follows,
//!    Δx = L Δy ([`crate::jobs::quantity_response`]);
//! 3. value added and jobs at base prices: Δva = v̂ Δx, Δjobs = ê Δx, and the
//!    jobs exposed, ê L d with d the taxed flows at baseline.
//!
//! `autopact price`, `autopact jobs --tariff`, `autopact overview` and the
//! scenario runner all call [`tariff_response`]; none repeats the chain.

use serde::Serialize;

use crate::error::Result;
use crate::jobs::{QuantityResponse, embodied, quantity_response, taxed_flows};
use crate::leontief::Leontief;
use crate::multipliers::coefficients;
use crate::price::{PriceEffects, PriceModel, PriceOptions, TariffSchedule};
use crate::system::{Extension, Mrio};

/// Per-unit-of-output coefficients of one satellite row, e = F_k / x
/// (0 where x = 0), with the row's label and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct StressorCoefficients {
    /// e by region-sector.
    pub coefficients: Vec<f64>,
    /// The row's label (name and compartment).
    pub label: String,
    /// The row's unit (e.g. thousand persons).
    pub unit: String,
}

impl StressorCoefficients {
    /// Coefficients of row `k` of `extension` on `mrio`.
    pub fn of(mrio: &Mrio, extension: &Extension, k: usize) -> Self {
        let flow: Vec<f64> = extension.row(k);
        StressorCoefficients {
            coefficients: coefficients(&flow, mrio.x()),
            label: extension.stressors[k].label(),
            unit: extension.stressors[k].unit.clone(),
        }
    }
}

/// Price and quantity effects of one tariff schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TariffResponse {
    /// Price effects (with their convergence certificate).
    pub prices: PriceEffects,
    /// Response of final demand and output.
    pub quantity: QuantityResponse,
}

/// Jobs effects of a tariff, by region-sector where the jobs are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobsAtStake {
    /// Jobs embodied in the taxed flows at baseline, ê L d.
    pub exposed: Vec<f64>,
    /// Jobs change under the demand response, ê Δx.
    pub change: Vec<f64>,
}

/// Runs the price model and the quantity response for `schedule`.
///
/// `elasticity(s)` is the price elasticity of final demand for products of
/// sector `s` (0 = pure pass-through, no quantity change).
pub fn tariff_response(
    mrio: &Mrio,
    leontief: &Leontief,
    schedule: &TariffSchedule,
    options: PriceOptions,
    elasticity: &dyn Fn(usize) -> f64,
) -> Result<TariffResponse> {
    let model = PriceModel::new(mrio, leontief, options)?;
    let prices = model.solve(schedule)?;
    let quantity = quantity_response(mrio, leontief, schedule, &prices, elasticity);
    Ok(TariffResponse { prices, quantity })
}

impl TariffResponse {
    /// ĉ Δx: the change of any per-unit-of-output quantity (value added,
    /// jobs) at base prices.
    pub fn change_of(&self, coefficients: &[f64]) -> Vec<f64> {
        coefficients
            .iter()
            .zip(&self.quantity.delta_output)
            .map(|(c, dx)| c * dx)
            .collect()
    }

    /// Jobs exposed (ê L d over the taxed flows) and jobs change (ê Δx).
    pub fn jobs(
        &self,
        mrio: &Mrio,
        leontief: &Leontief,
        schedule: &TariffSchedule,
        employment: &[f64],
    ) -> JobsAtStake {
        JobsAtStake {
            exposed: embodied(leontief, employment, &taxed_flows(mrio, schedule)),
            change: self.change_of(employment),
        }
    }
}
