//! Jobs: employment embodied in trade and final demand, and the jobs a
//! tariff puts at stake.
//!
//! With an employment satellite (persons engaged by region-sector, E) and
//! coefficients e = E / x (persons per unit of output; 0 where x = 0):
//!
//! * jobs multipliers: eᵀL (a stressor multiplier, see [`crate::multipliers`]);
//! * jobs embodied in any demand vector d: ê L d — e.g. d = gross exports
//!   of CAN to USA gives the jobs, in every region-sector, that those
//!   exports sustain; d = the US final demand for Canadian transport
//!   equipment gives the US jobs inside Canadian-assembled vehicles bought
//!   in the US;
//! * jobs exposed to a tariff: jobs embodied in the taxed flows at baseline;
//! * jobs effect of a tariff under a simple demand response: final demand
//!   for each product falls with its purchaser price,
//!   Δy_ik = y_ik ((p_i (1 + τ^fin_{i→r(k)}))^(−ε) − 1), with ε the price
//!   elasticity of demand (ε = 0: pure pass-through, no quantity change);
//!   then Δx = L Δy and Δjobs = ê Δx. Intermediate demand follows through
//!   the fixed coefficients of L; no substitution between suppliers is
//!   modelled — this is a first-order exposure estimate, not a general
//!   equilibrium result.

use faer::Mat;
use serde::Serialize;

use crate::leontief::Leontief;
use crate::price::{PriceEffects, TariffSchedule};
use crate::system::Mrio;

/// Coefficient-weighted embodied quantity: ĉ L d (per source region-sector).
pub fn embodied(leontief: &Leontief, coefficients: &[f64], demand: &[f64]) -> Vec<f64> {
    leontief
        .solve(demand)
        .into_iter()
        .zip(coefficients)
        .map(|(x, c)| x * c)
        .collect()
}

/// The baseline flows a tariff schedule taxes, as one demand vector on
/// the exporters' rows: d_i = Σ_{(i, r) taxed} (Σ_{j ∈ r} Z_ij [intermediate]
/// + Σ_{k ∈ FD(r)} Y_ik [final]).
pub fn taxed_flows(mrio: &Mrio, schedule: &TariffSchedule) -> Vec<f64> {
    let mut d = vec![0.0; mrio.n()];
    let z = mrio.z();
    let y = mrio.y();
    for &(i, r, _) in schedule.intermediate() {
        d[i] += mrio.region_range(r).map(|j| z[(i, j)]).sum::<f64>();
    }
    for &(i, r, _) in schedule.final_goods() {
        d[i] += mrio
            .fd_columns_of(&mrio.regions()[r])
            .into_iter()
            .map(|k| y[(i, k)])
            .sum::<f64>();
    }
    d
}

/// Quantity response of a tariff scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantityResponse {
    /// Δy summed over final-demand columns, by producing region-sector.
    pub delta_final_demand: Vec<f64>,
    /// Δx = L Δy.
    pub delta_output: Vec<f64>,
}

/// Final-demand response to the price effects of a schedule with price
/// elasticity `elasticity(sector index)` (≥ 0), and the output change it
/// implies (see the module docs).
pub fn quantity_response(
    mrio: &Mrio,
    leontief: &Leontief,
    schedule: &TariffSchedule,
    effects: &PriceEffects,
    elasticity: &dyn Fn(usize) -> f64,
) -> QuantityResponse {
    let dy = final_demand_response(mrio, schedule, effects, elasticity);
    let delta_output = leontief.solve(&dy);
    QuantityResponse {
        delta_final_demand: dy,
        delta_output,
    }
}

/// Δy of [`quantity_response`] alone, summed over final-demand columns by
/// producing region-sector — for callers that solve Δx = L Δy for many
/// scenarios as one block.
pub fn final_demand_response(
    mrio: &Mrio,
    schedule: &TariffSchedule,
    effects: &PriceEffects,
    elasticity: &dyn Fn(usize) -> f64,
) -> Vec<f64> {
    let n = mrio.n();
    let y = mrio.y();
    let fin: std::collections::HashMap<(usize, usize), f64> = schedule
        .final_goods()
        .iter()
        .map(|&(i, r, t)| ((i, r), t))
        .collect();
    let region_of_col: Vec<Option<usize>> = mrio
        .final_demand()
        .iter()
        .map(|c| mrio.regions().iter().position(|r| *r == c.region))
        .collect();
    let mut dy = vec![0.0; n];
    for (i, dyi) in dy.iter_mut().enumerate() {
        let eps = elasticity(mrio.sector_of(i));
        if eps == 0.0 {
            continue;
        }
        let p = 1.0 + effects.price_change[i];
        for (k, r) in region_of_col.iter().enumerate() {
            let tau = r.and_then(|r| fin.get(&(i, r)).copied()).unwrap_or(0.0);
            let price = p * (1.0 + tau);
            if price != 1.0 {
                *dyi += y[(i, k)] * (price.powf(-eps) - 1.0);
            }
        }
    }
    dy
}

/// Sums a region-sector vector by region.
pub fn by_region(mrio: &Mrio, v: &[f64]) -> Vec<f64> {
    (0..mrio.n_regions())
        .map(|r| mrio.region_range(r).map(|i| v[i]).sum())
        .collect()
}

/// Embodied quantities for many demand vectors at once (columns of `d`):
/// ĉ L D.
pub fn embodied_block(leontief: &Leontief, coefficients: &[f64], d: Mat<f64>) -> Mat<f64> {
    let mut x = d;
    leontief.solve_in_place(x.as_mut());
    for j in 0..x.ncols() {
        for (i, c) in coefficients.iter().enumerate() {
            x[(i, j)] *= c;
        }
    }
    x
}

/// Fills a satellite's missing region with proxy coefficients:
/// for each sector j, e_j = Σ_{p ∈ proxies} F_{p,j} / Σ_{p ∈ proxies} x_{p,j}
/// (the output-weighted average of the proxies' coefficients), then
/// F_{target,j} = e_j x_{target,j}. Returns the new flow vector and the
/// sectors of the target region that stay zero because the proxies have no
/// output there. Any existing value of the target region is replaced.
pub fn impute_by_proxy(
    mrio: &Mrio,
    flow: &[f64],
    target: usize,
    proxies: &[usize],
) -> (Vec<f64>, Vec<usize>) {
    let mut out = flow.to_vec();
    let mut left_zero = Vec::new();
    for s in 0..mrio.n_sectors() {
        let (mut f, mut x) = (0.0, 0.0);
        for &p in proxies {
            let i = mrio.index(p, s);
            f += flow[i];
            x += mrio.x()[i];
        }
        let t = mrio.index(target, s);
        if x > 0.0 {
            out[t] = f / x * mrio.x()[t];
        } else {
            out[t] = 0.0;
            if mrio.x()[t] > 0.0 {
                left_zero.push(s);
            }
        }
    }
    (out, left_zero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::price::{AppliesTo, PriceModel, PriceOptions, TariffWedge};
    use crate::system::tests::tiny;

    #[test]
    fn zero_elasticity_means_no_jobs_change() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let s = TariffSchedule::new(
            &m,
            &[TariffWedge {
                importer: 1,
                exporter: 0,
                sectors: vec![],
                rate: 0.25,
                applies_to: AppliesTo::Both,
            }],
        )
        .unwrap();
        let pm = PriceModel::new(&m, &l, PriceOptions::default()).unwrap();
        let eff = pm.solve(&s).unwrap();
        let q = quantity_response(&m, &l, &s, &eff, &|_| 0.0);
        assert!(q.delta_output.iter().all(|v| *v == 0.0));
        let q = quantity_response(&m, &l, &s, &eff, &|_| 1.0);
        assert!(q.delta_final_demand.iter().all(|v| *v <= 0.0));
        assert!(q.delta_output.iter().all(|v| *v <= 0.0));
        // Unit elasticity on a 25% final tariff for AAA_s1 sold to BBB (22):
        // Δy ≥ 22 (1/1.25 − 1) plus the domestic sales' response.
        assert!(q.delta_final_demand[0] < 22.0 * (1.0 / 1.25 - 1.0) + 1e-12);
    }

    #[test]
    fn proxy_imputation_uses_output_weighted_coefficients() {
        let m = tiny();
        // Region BBB has no data; AAA is the proxy.
        let flow = vec![m.x()[0] * 0.5, m.x()[1] * 0.25, 0.0, 0.0];
        let (out, zero) = impute_by_proxy(&m, &flow, 1, &[0]);
        assert!(zero.is_empty());
        assert!((out[2] - 0.5 * m.x()[2]).abs() < 1e-12);
        assert!((out[3] - 0.25 * m.x()[3]).abs() < 1e-12);
        assert_eq!(&out[..2], &flow[..2]);
    }

    #[test]
    fn taxed_flows_and_embodied() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let s = TariffSchedule::new(
            &m,
            &[TariffWedge {
                importer: 1,
                exporter: 0,
                sectors: vec![0],
                rate: 0.1,
                applies_to: AppliesTo::Intermediate,
            }],
        )
        .unwrap();
        let d = taxed_flows(&m, &s);
        assert_eq!(d, vec![3.0, 0.0, 0.0, 0.0]);
        let e = vec![1.0; 4];
        let jobs = embodied(&l, &e, &d);
        let total: f64 = jobs.iter().sum();
        let out_mult: f64 = l.solve_transpose(&e)[0];
        assert!((total - 3.0 * out_mult).abs() < 1e-12);
        assert_eq!(by_region(&m, &[1.0, 2.0, 3.0, 4.0]), vec![3.0, 7.0]);
    }
}
