//! The Leontief price model with tariff wedges.
//!
//! Assumptions (stated in every result): fixed technical coefficients, full
//! pass-through of costs, base prices 1. With τ_ij the ad-valorem tariff
//! that the region of j levies on products of i coming from i's region
//! (zero for domestic flows), unit costs satisfy
//!
//! ```text
//! p_j = Σ_i p_i a_ij (1 + τ_ij) + v_j,   v_j = 1 − Σ_i a_ij
//! pᵀ = vᵀ (I − Â)⁻¹,  Â = A ∘ (1 + T)
//! ```
//!
//! (Miller & Blair §2.6 cost-push model, with the wedge on the input
//! coefficients). At T = 0, p = 1. Writing p = 1 + Δp and W = A ∘ T,
//! and using 1ᵀ(I − A) = vᵀ:
//!
//! ```text
//! (I − A − W)ᵀ Δp = c,   c = Wᵀ1,  c_j = Σ_i a_ij τ_ij
//! ```
//!
//! c_j is the *direct* tariff cost per unit of j's output. The solution is
//! found against the baseline factorisation of (I − A) by the fixed-point
//! iteration Δp⁽ᵏ⁺¹⁾ = (I − A)⁻ᵀ Wᵀ (1 + Δp⁽ᵏ⁾), which converges when
//! ρ((I − A)⁻¹W) < 1 (always, for a productive Â). Each step is one
//! transposed block solve for *all* scenarios at once. The first step is the
//! price change with every tariff levied once on base-price inputs,
//! Δp¹ = (I − A)⁻ᵀ c; what the later steps add is the **cascade**: tariffs
//! levied on inputs already inflated by tariffs, i.e. goods that crossed a
//! tariffed border more than once.
//!
//! The answer is certified: the residual r = Wᵀ(1 + Δp) − (I − A)ᵀΔp is
//! computed from Z and x, and ‖Δp − Δp*‖∞ ≤ ‖(I − Â)⁻¹‖₁ ‖r‖∞ with
//! ‖(I − Â)⁻¹‖₁ ≤ ‖L‖₁ / (1 − ‖L‖₁ ‖W‖₁) when ‖L‖₁‖W‖₁ < 1. If the iteration
//! does not certify, (I − Â) is factored directly.
//!
//! Consumer prices of region c over the chosen final-demand categories:
//! P_c = Σ_i Y_ic p_i (1 + τ^fin_{i→c}) / Σ_i Y_ic. Tariff revenue (at the
//! base quantities, full pass-through) of importer r:
//! Σ_{i, j ∈ r} τ_ij p_i Z_ij + Σ_{i, k ∈ FD(r)} τ^fin_{i→r} p_i Y_ik.

use faer::Mat;
use serde::{Deserialize, Serialize};

use crate::error::{MrioError, Result};
use crate::leontief::Leontief;
use crate::system::Mrio;

/// Which flows a tariff applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppliesTo {
    /// Intermediate inputs only (feeds the cost-push model).
    Intermediate,
    /// Final goods only (consumer prices).
    Final,
    /// Both.
    Both,
}

impl AppliesTo {
    fn intermediate(self) -> bool {
        matches!(self, AppliesTo::Intermediate | AppliesTo::Both)
    }
    fn final_goods(self) -> bool {
        matches!(self, AppliesTo::Final | AppliesTo::Both)
    }
}

/// One tariff: importer levies `rate` on products of `sectors` from
/// `exporter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TariffWedge {
    /// Importing (levying) region index.
    pub importer: usize,
    /// Exporting region index.
    pub exporter: usize,
    /// Exporter's sector indices; empty means every sector.
    pub sectors: Vec<usize>,
    /// Ad-valorem rate (0.25 = 25%).
    pub rate: f64,
    /// Flows covered.
    pub applies_to: AppliesTo,
}

/// A set of tariffs resolved to flows. When two wedges name the same flow,
/// the later one wins (scenario changes apply in order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TariffSchedule {
    /// (exporting region-sector i, importing region r, τ) for intermediate flows.
    intermediate: Vec<(usize, usize, f64)>,
    /// The same for final-goods flows.
    final_goods: Vec<(usize, usize, f64)>,
}

impl TariffSchedule {
    /// Resolves wedges against a table, checking regions, sectors and rates.
    pub fn new(mrio: &Mrio, wedges: &[TariffWedge]) -> Result<Self> {
        let g = mrio.n_regions();
        let ns = mrio.n_sectors();
        let mut int = std::collections::BTreeMap::new();
        let mut fin = std::collections::BTreeMap::new();
        for w in wedges {
            if w.importer >= g || w.exporter >= g {
                return Err(MrioError::Invalid(
                    "tariff names a region index out of range".into(),
                ));
            }
            if w.importer == w.exporter {
                return Err(MrioError::Invalid(format!(
                    "a tariff of {} on its own products: importer and exporter must differ",
                    mrio.regions()[w.importer]
                )));
            }
            if !w.rate.is_finite() || w.rate < 0.0 {
                return Err(MrioError::Invalid(format!(
                    "tariff rate {} of {} on {}: rates must be finite and ≥ 0",
                    w.rate,
                    mrio.regions()[w.importer],
                    mrio.regions()[w.exporter]
                )));
            }
            let sectors: Vec<usize> = if w.sectors.is_empty() {
                (0..ns).collect()
            } else {
                w.sectors.clone()
            };
            for s in sectors {
                if s >= ns {
                    return Err(MrioError::Invalid(
                        "tariff names a sector index out of range".into(),
                    ));
                }
                let i = mrio.index(w.exporter, s);
                if w.applies_to.intermediate() {
                    int.insert((i, w.importer), w.rate);
                }
                if w.applies_to.final_goods() {
                    fin.insert((i, w.importer), w.rate);
                }
            }
        }
        let flat = |m: std::collections::BTreeMap<(usize, usize), f64>| {
            m.into_iter()
                .filter(|(_, t)| *t != 0.0)
                .map(|((i, r), t)| (i, r, t))
                .collect()
        };
        Ok(Self {
            intermediate: flat(int),
            final_goods: flat(fin),
        })
    }

    /// True when no flow is taxed.
    pub fn is_empty(&self) -> bool {
        self.intermediate.is_empty() && self.final_goods.is_empty()
    }

    /// Intermediate wedges (i, importer, τ).
    pub fn intermediate(&self) -> &[(usize, usize, f64)] {
        &self.intermediate
    }

    /// Final-goods wedges (i, importer, τ).
    pub fn final_goods(&self) -> &[(usize, usize, f64)] {
        &self.final_goods
    }
}

/// How the solution was obtained and how good it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    /// `"iteration"` (against the baseline LU) or `"refactorization"`.
    pub method: &'static str,
    /// Fixed-point steps taken.
    pub iterations: usize,
    /// ‖r‖∞ of the final residual.
    pub residual: f64,
    /// Upper bound on ‖Δp − Δp*‖∞ (∞ when no bound could be given).
    pub error_bound: f64,
}

impl Certificate {
    /// The certificate in one line for a result's metadata: method, steps,
    /// residual and the error bound. A solve by refactorisation has no
    /// a-priori bound (`error_bound` is ∞): the line says so in words and
    /// never prints "inf" as if it were a result.
    pub fn summary(&self) -> String {
        if self.error_bound.is_finite() {
            format!(
                "{} ({} steps), residual {:.1e}, error bound {:.1e}",
                self.method, self.iterations, self.residual, self.error_bound
            )
        } else {
            format!(
                "{} after {} fixed-point steps, residual {:.1e}: the fixed-point iteration did not converge \
                 within its step limit, so the price system with the tariffs was factored \
                 anew and solved directly; the residual is the check, there is no iteration error bound",
                self.method, self.iterations, self.residual
            )
        }
    }
}

/// Price effects of one tariff schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceEffects {
    /// Δp by region-sector (unit-cost change per unit of base price).
    pub price_change: Vec<f64>,
    /// c: direct tariff cost per unit of output.
    pub direct: Vec<f64>,
    /// Δp¹ = (I − A)⁻ᵀc: every tariff levied once on base-price inputs.
    pub first_round: Vec<f64>,
    /// Δp − Δp¹: tariffs on tariff-inflated inputs (the cascade).
    pub cascade: Vec<f64>,
    /// ΔP_c by region over the chosen final-demand basket.
    pub consumer_price_change: Vec<f64>,
    /// Tariff revenue on intermediate inputs by importing region.
    pub revenue_intermediate: Vec<f64>,
    /// Tariff revenue on final goods by importing region.
    pub revenue_final: Vec<f64>,
    /// Solution quality.
    pub certificate: Certificate,
}

/// Settings of the price model.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceOptions {
    /// Final-demand categories in the consumer basket; `None` = households
    /// (the first known household code found: HFCE, c37, P3_S14, …) or all
    /// categories when none is found.
    pub basket: Option<Vec<String>>,
    /// Required error bound on Δp (absolute, per unit of base price;
    /// default 1e-12).
    pub tolerance: f64,
    /// Most fixed-point steps before refactorising.
    pub max_iterations: usize,
}

impl Default for PriceOptions {
    fn default() -> Self {
        Self {
            basket: None,
            tolerance: 1e-12,
            max_iterations: 100,
        }
    }
}

/// Known household-consumption category codes, in order of preference.
pub const HOUSEHOLD_CODES: &[&str] = &[
    "HFCE",
    "c37",
    "P3_S14",
    "Final consumption expenditure by households",
];

/// Final-demand columns in the consumer basket and a description of the
/// choice.
pub fn basket_columns(mrio: &Mrio, basket: Option<&[String]>) -> Result<(Vec<usize>, String)> {
    let cats = mrio.final_demand_categories();
    let chosen: Vec<String> = match basket {
        Some(list) => {
            for c in list {
                if !cats.contains(c) {
                    return Err(MrioError::UnknownLabel {
                        kind: "final-demand category",
                        label: c.clone(),
                        known: cats.join(", "),
                    });
                }
            }
            list.to_vec()
        }
        None => match HOUSEHOLD_CODES
            .iter()
            .find(|h| cats.iter().any(|c| c == *h))
        {
            Some(h) => vec![h.to_string()],
            None => cats.clone(),
        },
    };
    let cols = mrio
        .final_demand()
        .iter()
        .enumerate()
        .filter(|(_, c)| chosen.contains(&c.category))
        .map(|(k, _)| k)
        .collect();
    Ok((cols, chosen.join("+")))
}

/// The price model of one table, reusing its Leontief factorisation.
#[derive(Debug)]
pub struct PriceModel<'a> {
    mrio: &'a Mrio,
    leontief: &'a Leontief,
    inv_x: Vec<f64>,
    /// ‖L‖₁ = max output multiplier.
    l_norm1: f64,
    /// Final demand of each region's consumer basket, by product (n × G).
    y_basket: Mat<f64>,
    /// All final demand of each region, by product (n × G).
    y_final: Mat<f64>,
    /// Σ_i y_basket(i, r).
    basket_total: Vec<f64>,
    basket_label: String,
    options: PriceOptions,
}

impl<'a> PriceModel<'a> {
    /// Prepares the model (one transposed solve for ‖L‖₁).
    pub fn new(mrio: &'a Mrio, leontief: &'a Leontief, options: PriceOptions) -> Result<Self> {
        let inv_x = mrio
            .x()
            .iter()
            .map(|&v| if v != 0.0 { 1.0 / v } else { 0.0 })
            .collect();
        let ones = vec![1.0; mrio.n()];
        let l_norm1 = leontief
            .solve_transpose(&ones)
            .into_iter()
            .fold(0.0f64, f64::max);
        let (basket, basket_label) = basket_columns(mrio, options.basket.as_deref())?;
        let g = mrio.n_regions();
        let mut y_basket = Mat::<f64>::zeros(mrio.n(), g);
        let mut y_final = Mat::<f64>::zeros(mrio.n(), g);
        for (k, c) in mrio.final_demand().iter().enumerate() {
            let Some(r) = mrio.regions().iter().position(|x| *x == c.region) else {
                continue;
            };
            let in_basket = basket.contains(&k);
            for i in 0..mrio.n() {
                let v = mrio.y()[(i, k)];
                y_final[(i, r)] += v;
                if in_basket {
                    y_basket[(i, r)] += v;
                }
            }
        }
        let basket_total = (0..g).map(|r| y_basket.col(r).iter().sum()).collect();
        Ok(Self {
            mrio,
            leontief,
            inv_x,
            l_norm1,
            y_basket,
            y_final,
            basket_total,
            basket_label,
            options,
        })
    }

    /// The final-demand categories of the consumer basket, joined by `+`.
    pub fn basket_label(&self) -> &str {
        &self.basket_label
    }

    /// y += Wᵀ p for one schedule: y_j += Σ_i a_ij τ_{i→r(j)} p_i.
    fn add_w_transpose(&self, sched: &TariffSchedule, p: impl Fn(usize) -> f64, y: &mut [f64]) {
        let z = self.mrio.z();
        for &(i, r, tau) in &sched.intermediate {
            let w = tau * p(i);
            for j in self.mrio.region_range(r) {
                y[j] += w * z[(i, j)] * self.inv_x[j];
            }
        }
    }

    /// ‖W‖₁ = max_j Σ_i a_ij τ_ij = max_j c_j.
    fn direct_cost(&self, sched: &TariffSchedule) -> Vec<f64> {
        let mut c = vec![0.0; self.mrio.n()];
        self.add_w_transpose(sched, |_| 1.0, &mut c);
        c
    }

    /// Solves one schedule.
    pub fn solve(&self, schedule: &TariffSchedule) -> Result<PriceEffects> {
        Ok(self.solve_many(std::slice::from_ref(schedule))?.remove(0))
    }

    /// Solves many schedules together: each fixed-point step is one block
    /// transposed solve with one column per schedule still running, and the
    /// residuals of converged columns are certified with one block product.
    pub fn solve_many(&self, schedules: &[TariffSchedule]) -> Result<Vec<PriceEffects>> {
        let n = self.mrio.n();
        let m = schedules.len();
        if m == 0 {
            return Ok(Vec::new());
        }
        let direct: Vec<Vec<f64>> = schedules.iter().map(|s| self.direct_cost(s)).collect();
        // ‖W‖₁ = max_j c_j, once per schedule, for the error bounds.
        let w_norms: Vec<f64> = direct.iter().map(|c| norm_max(c)).collect();
        // Step 1: Δp¹ = (I − A)⁻ᵀ c.
        let mut dp = Mat::<f64>::from_fn(n, m, |i, k| direct[k][i]);
        self.leontief.solve_transpose_in_place(dp.as_mut());
        let first_round: Vec<Vec<f64>> = (0..m)
            .map(|k| dp.col(k).iter().copied().collect())
            .collect();
        let mut iterations = 1;
        let mut certs: Vec<Option<Certificate>> = vec![None; m];
        // Schedules without intermediate tariffs are exact after step 1 (Δp = 0).
        for (k, s) in schedules.iter().enumerate() {
            if s.intermediate.is_empty() {
                certs[k] = Some(Certificate {
                    method: "iteration",
                    iterations,
                    residual: 0.0,
                    error_bound: 0.0,
                });
            }
        }
        let mut open: Vec<usize> = (0..m).filter(|&k| certs[k].is_none()).collect();
        let mut candidates: Vec<usize> = Vec::new();
        while !open.is_empty() && iterations < self.options.max_iterations {
            // Δp ← (I − A)⁻ᵀ Wᵀ (1 + Δp) for the open columns.
            let mut rhs = Mat::<f64>::zeros(n, open.len());
            for (c, &k) in open.iter().enumerate() {
                let mut y = vec![0.0; n];
                self.add_w_transpose(&schedules[k], |i| 1.0 + dp[(i, k)], &mut y);
                for (i, v) in y.into_iter().enumerate() {
                    rhs[(i, c)] = v;
                }
            }
            self.leontief.solve_transpose_in_place(rhs.as_mut());
            iterations += 1;
            candidates.clear();
            for (c, &k) in open.iter().enumerate() {
                let mut step = 0.0f64;
                for i in 0..n {
                    step = step.max((rhs[(i, c)] - dp[(i, k)]).abs());
                    dp[(i, k)] = rhs[(i, c)];
                }
                if step <= 0.1 * self.options.tolerance {
                    candidates.push(k);
                }
            }
            if candidates.is_empty() {
                continue;
            }
            let checked = self.certify_block(schedules, &w_norms, &dp, &candidates);
            for (&k, (residual, error_bound)) in candidates.iter().zip(checked) {
                if error_bound <= self.options.tolerance {
                    certs[k] = Some(Certificate {
                        method: "iteration",
                        iterations,
                        residual,
                        error_bound,
                    });
                }
            }
            open.retain(|&k| certs[k].is_none());
        }
        (0..m)
            .map(|k| {
                let (price_change, certificate) = match certs[k].take() {
                    Some(c) => (dp.col(k).iter().copied().collect(), c),
                    None => self.refactorize(&schedules[k], iterations)?,
                };
                Ok(self.effects(
                    &schedules[k],
                    price_change,
                    direct[k].clone(),
                    first_round[k].clone(),
                    certificate,
                ))
            })
            .collect()
    }

    /// Residuals r = Wᵀ(1 + Δp) − (I − A)ᵀΔp of the given columns (one block
    /// product Zᵀ ΔP) and their error bounds ‖L‖₁/(1 − ‖L‖₁‖W‖₁)·‖r‖∞, with
    /// `w_norms[k]` = ‖W‖₁ of schedule k.
    fn certify_block(
        &self,
        schedules: &[TariffSchedule],
        w_norms: &[f64],
        dp: &Mat<f64>,
        cols: &[usize],
    ) -> Vec<(f64, f64)> {
        let n = self.mrio.n();
        let sub = Mat::<f64>::from_fn(n, cols.len(), |i, c| dp[(i, cols[c])]);
        let zt_dp = self.mrio.z().transpose() * &sub;
        cols.iter()
            .enumerate()
            .map(|(c, &k)| {
                let mut r = vec![0.0; n];
                self.add_w_transpose(&schedules[k], |i| 1.0 + sub[(i, c)], &mut r);
                for j in 0..n {
                    // (I − A)ᵀΔp at j = Δp_j − (ZᵀΔp)_j / x_j
                    r[j] -= sub[(j, c)] - zt_dp[(j, c)] * self.inv_x[j];
                }
                let res = r.iter().fold(0.0f64, |a, v| a.max(v.abs()));
                let q = self.l_norm1 * w_norms[k];
                let bound = if q < 1.0 {
                    self.l_norm1 / (1.0 - q) * res
                } else {
                    f64::INFINITY
                };
                (res, bound)
            })
            .collect()
    }

    /// Direct dense solve of (I − Â)ᵀ Δp = c when the iteration could not
    /// certify its answer.
    fn refactorize(
        &self,
        sched: &TariffSchedule,
        iterations: usize,
    ) -> Result<(Vec<f64>, Certificate)> {
        let n = self.mrio.n();
        let z = self.mrio.z();
        let mut m = Mat::<f64>::from_fn(n, n, |i, j| {
            f64::from(u8::from(i == j)) - z[(i, j)] * self.inv_x[j]
        });
        for &(i, r, tau) in &sched.intermediate {
            for j in self.mrio.region_range(r) {
                m[(i, j)] -= tau * z[(i, j)] * self.inv_x[j];
            }
        }
        let column_sum = |j: usize| (0..n).map(|i| z[(i, j)] * self.inv_x[j]).sum::<f64>();
        let lu =
            Leontief::from_i_minus_a(m, &column_sum, &|j| self.mrio.label(j)).map_err(|e| {
                MrioError::Invalid(format!(
                    "with these tariffs the price system has no finite solution ({e}); \
                 the tariffs make some supply chain cost more than its output is worth"
                ))
            })?;
        let c = self.direct_cost(sched);
        let dp = lu.solve_transpose(&c);
        if dp.iter().any(|v| !v.is_finite() || *v < -1e-9) {
            return Err(MrioError::Invalid(
                "with these tariffs the price system has no meaningful solution (prices would be \
                 negative or infinite): the taxed inputs cost more than the output is worth"
                    .into(),
            ));
        }
        let dp_mat = Mat::<f64>::from_fn(n, 1, |i, _| dp[i]);
        let residual =
            self.certify_block(std::slice::from_ref(sched), &[norm_max(&c)], &dp_mat, &[0])[0].0;
        Ok((
            dp,
            Certificate {
                method: "refactorization",
                iterations,
                residual,
                error_bound: f64::INFINITY,
            },
        ))
    }

    fn effects(
        &self,
        sched: &TariffSchedule,
        price_change: Vec<f64>,
        direct: Vec<f64>,
        first_round: Vec<f64>,
        certificate: Certificate,
    ) -> PriceEffects {
        let mrio = self.mrio;
        let g = mrio.n_regions();
        let z = mrio.z();
        // P_r − 1 = (Σ_i Yb_ir Δp_i + Σ_{taxed (i, r)} Yb_ir p_i τ) / Σ_i Yb_ir.
        let mut consumer_price_change = vec![0.0; g];
        for (r, cp) in consumer_price_change.iter_mut().enumerate() {
            let yb = self.y_basket.col(r);
            *cp = (0..mrio.n()).map(|i| yb[i] * price_change[i]).sum::<f64>();
        }
        let mut revenue_final = vec![0.0; g];
        for &(i, r, tau) in &sched.final_goods {
            let p = 1.0 + price_change[i];
            revenue_final[r] += tau * p * self.y_final[(i, r)];
            consumer_price_change[r] += tau * p * self.y_basket[(i, r)];
        }
        for (r, cp) in consumer_price_change.iter_mut().enumerate() {
            *cp = if self.basket_total[r] != 0.0 {
                *cp / self.basket_total[r]
            } else {
                0.0
            };
        }
        let mut revenue_intermediate = vec![0.0; g];
        for &(i, r, tau) in &sched.intermediate {
            let p = 1.0 + price_change[i];
            revenue_intermediate[r] +=
                tau * p * mrio.region_range(r).map(|j| z[(i, j)]).sum::<f64>();
        }
        let cascade = price_change
            .iter()
            .zip(&first_round)
            .map(|(a, b)| a - b)
            .collect();
        PriceEffects {
            price_change,
            direct,
            first_round,
            cascade,
            consumer_price_change,
            revenue_intermediate,
            revenue_final,
            certificate,
        }
    }
}

/// max_i |v_i| (0 for an empty slice).
fn norm_max(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |a, x| a.max(x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::tests::tiny;

    /// Dense brute force: pᵀ = vᵀ(I − Â)⁻¹.
    fn brute(m: &Mrio, sched: &TariffSchedule) -> Vec<f64> {
        let n = m.n();
        let x = m.x();
        let z = m.z();
        let mut ahat = Mat::from_fn(n, n, |i, j| z[(i, j)] / x[j]);
        for &(i, r, tau) in sched.intermediate() {
            for j in m.region_range(r) {
                ahat[(i, j)] *= 1.0 + tau;
            }
        }
        let v: Vec<f64> = (0..n)
            .map(|j| 1.0 - (0..n).map(|i| z[(i, j)] / x[j]).sum::<f64>())
            .collect();
        let l = Leontief::new(ahat.as_ref(), &|j| j.to_string()).unwrap();
        l.solve_transpose(&v).into_iter().map(|p| p - 1.0).collect()
    }

    fn wedge(importer: usize, exporter: usize, rate: f64, applies_to: AppliesTo) -> TariffWedge {
        TariffWedge {
            importer,
            exporter,
            sectors: vec![],
            rate,
            applies_to,
        }
    }

    #[test]
    fn zero_tariffs_change_nothing() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let pm = PriceModel::new(&m, &l, PriceOptions::default()).unwrap();
        let s = TariffSchedule::new(&m, &[wedge(1, 0, 0.0, AppliesTo::Both)]).unwrap();
        assert!(s.is_empty());
        let e = pm.solve(&s).unwrap();
        assert!(e.price_change.iter().all(|v| *v == 0.0));
        assert!(e.consumer_price_change.iter().all(|v| *v == 0.0));
        assert_eq!(e.revenue_intermediate, vec![0.0, 0.0]);
    }

    #[test]
    fn matches_dense_brute_force_and_is_monotone() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let pm = PriceModel::new(&m, &l, PriceOptions::default()).unwrap();
        let mut last = vec![0.0; 4];
        for rate in [0.05, 0.25, 1.0, 5.0] {
            let s = TariffSchedule::new(
                &m,
                &[
                    wedge(1, 0, rate, AppliesTo::Both),
                    wedge(0, 1, rate / 2.0, AppliesTo::Intermediate),
                ],
            )
            .unwrap();
            let e = pm.solve(&s).unwrap();
            let want = brute(&m, &s);
            for i in 0..4 {
                assert!(
                    (e.price_change[i] - want[i]).abs() < 1e-12,
                    "rate {rate}: {i}"
                );
                assert!(e.price_change[i] >= 0.0);
                assert!(e.price_change[i] >= last[i], "monotone in τ");
                assert!(e.cascade[i] >= -1e-15);
            }
            assert!(
                e.certificate.error_bound <= 1e-13 || e.certificate.method == "refactorization"
            );
            last = e.price_change.clone();
        }
    }

    /// A solve without an error bound says so in words; "inf" is never
    /// printed as if it were a bound.
    #[test]
    fn a_certificate_without_a_bound_never_prints_inf() {
        let mut c = Certificate {
            method: "iteration",
            iterations: 7,
            residual: 1e-15,
            error_bound: 2e-14,
        };
        assert!(
            c.summary().contains("error bound 2.0e-14"),
            "{}",
            c.summary()
        );
        c.method = "refactorization";
        c.error_bound = f64::INFINITY;
        let s = c.summary();
        assert!(!s.to_lowercase().contains("inf"), "{s}");
        assert!(s.contains("no iteration error bound"), "{s}");
    }

    #[test]
    fn batch_equals_one_by_one() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let pm = PriceModel::new(&m, &l, PriceOptions::default()).unwrap();
        let scheds: Vec<TariffSchedule> = [0.1, 0.3, 0.0]
            .iter()
            .map(|&r| TariffSchedule::new(&m, &[wedge(1, 0, r, AppliesTo::Intermediate)]).unwrap())
            .collect();
        let many = pm.solve_many(&scheds).unwrap();
        for (s, e) in scheds.iter().zip(&many) {
            assert_eq!(pm.solve(s).unwrap().price_change, e.price_change);
        }
    }

    #[test]
    fn final_goods_tariff_moves_consumer_prices_only() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let pm = PriceModel::new(&m, &l, PriceOptions::default()).unwrap();
        assert_eq!(pm.basket_label(), "HFCE");
        let s = TariffSchedule::new(&m, &[wedge(1, 0, 0.10, AppliesTo::Final)]).unwrap();
        let e = pm.solve(&s).unwrap();
        assert!(e.price_change.iter().all(|v| *v == 0.0));
        // BBB buys 22 + 11 of AAA's goods out of 22+11+64+80 for households.
        let want = 0.10 * 33.0 / (22.0 + 11.0 + 64.0 + 80.0);
        assert!((e.consumer_price_change[1] - want).abs() < 1e-15);
        assert_eq!(e.consumer_price_change[0], 0.0);
        assert!((e.revenue_final[1] - 3.3).abs() < 1e-12);
    }

    #[test]
    fn rejects_bad_rates() {
        let m = tiny();
        assert!(TariffSchedule::new(&m, &[wedge(1, 0, -0.1, AppliesTo::Both)]).is_err());
        assert!(TariffSchedule::new(&m, &[wedge(1, 0, f64::NAN, AppliesTo::Both)]).is_err());
        assert!(TariffSchedule::new(&m, &[wedge(1, 1, 0.1, AppliesTo::Both)]).is_err());
    }
}
