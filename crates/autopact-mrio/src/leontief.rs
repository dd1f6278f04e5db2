//! The Leontief system `(I − A)`, factored once and solved many times.
//!
//! Technical coefficients: A = Z x̂⁻¹, i.e. a_ij = z_ij / x_j (0 where
//! x_j = 0, as pymrio's `calc_A`). The Leontief inverse L = (I − A)⁻¹ gives
//! gross output from final demand, x = L y (Miller & Blair eq. 2.11).
//!
//! autopact never forms L to apply it. [`Leontief`] holds the LU
//! factorisation P(I − A) = LU (partial pivoting, faer's blocked in-place
//! kernel, ~90 GFLOP/s on two cores) and answers
//!
//! * `x = L b` by a forward solve, `(I − A) x = b`;
//! * `mᵀ = cᵀ L` (multipliers, prices) by a transposed solve, `(I − A)ᵀ m = c`;
//!
//! for one right-hand side or a block of many (block solves run at
//! matrix-multiply speed, 15–20× faster than one vector at a time).
//! [`Leontief::inverse`] forms L only when a user asks for it, and
//! [`Leontief::inverse_diagonal`] gets diag(L) in column blocks without
//! holding L.
//!
//! # Mixed precision
//!
//! With [`Precision::Mixed`] the LU is computed in single precision (f32:
//! twice the arithmetic rate and half the memory traffic of f64, so the
//! O(n³) factorisation costs about half) and every solve is refined in
//! double precision against the f64 matrix (iterative refinement, as
//! LAPACK's `dsgesv`; Higham 2002, ch. 12):
//!
//! ```text
//! x₀ = 0, r₀ = b;   xₖ₊₁ = xₖ + (LU)₃₂⁻¹ rₖ,   rₖ₊₁ = b − (I − A) xₖ₊₁  (f64)
//! ```
//!
//! until every column's normwise backward error
//! η = ‖b − (I − A)x‖∞ / (‖I − A‖∞ ‖x‖∞) is at most 3n·u (u = 2⁻⁵³, the
//! bound a double-precision LU solve itself carries). The residual uses the
//! table's own Z (shared, not copied): (I − A)x = x − Z(x ⊘ x_out). Each
//! step gains about −log₁₀(κ·u₃₂) ≈ 6 digits on a Leontief system, so two
//! steps usually suffice. When the refinement stalls or has not converged
//! after [`LeontiefParams::max_refinement_steps`], the solve falls back to
//! a double-precision LU (factored then, once) and
//! [`Leontief::refinement`] says so. The refinement costs a residual (a
//! matrix product) and a single-precision solve per step, so it pays where
//! the n³ factorisation dominates: large tables and a few hundred
//! right-hand sides, not sweeps of thousands
//! ([`Precision::for_few_solves`]). Real tables are mostly zeros; when Z
//! has at most [`LeontiefParams::sparse_residual_density`] nonzeros the
//! residual products skip them (compressed columns, 16 right-hand sides
//! per pass), which makes the refinement cheap enough to pay from
//! n ≈ 2,500 ([`Precision::for_table`]).
//!
//! # Iterative solves
//!
//! With [`Precision::Iterative`] nothing of order n³ is computed. A
//! multi-regional table is nearly block diagonal (each region buys most of
//! its inputs at home), so I − A = D − F with D its domestic blocks and F
//! the imported input coefficients; GMRES preconditioned with D converges
//! in 11–14 iterations to a backward error of 1e-13 on WIOD 2011 and the
//! synthetic 3,465 table (ρ(D⁻¹F) = 0.26 and 0.30). Each iteration costs
//! 2·(nnz(F) + Σ_r n_r²) flops per right-hand side, so on a sparse table
//! a few hundred solves cost less than the LU alone. Every solve is
//! certified by its double-precision residual with the same target as
//! the mixed refinement, and the double-precision LU takes over (factored
//! then, once) when GMRES does not converge or once the iterative solves
//! have cost about what factoring would
//! ([`LeontiefParams::iterative_flop_cost`]). GMRES restarts after
//! [`LeontiefParams::gmres_restart`] iterations and gives up after
//! [`LeontiefParams::gmres_cycles`] cycles. The method and its convergence
//! guarantee (A ≥ 0, column sums below 1: a regular splitting of an
//! M-matrix) are in `leontief/krylov.rs`.
//!
//! # Choosing the path
//!
//! Every threshold above is a field of [`LeontiefParams`], with the
//! measured defaults in [`LeontiefParams::auto`] and each field's reason
//! in its documentation. [`LeontiefParams::precision_for_table`] picks the
//! path from the table's order and the density of Z: the iterative solves
//! when they would cost less than a double-precision LU for a typical
//! command, mixed precision from n = 5,000 (2,500 for a sparse Z), double
//! below; [`Precision::for_table`] is that choice with the defaults.
//! [`Leontief::of_params`] factors a table on the path its params choose
//! and then solves within their limits (refinement steps, GMRES restart
//! and cycles, the iterative solves' handover to the LU);
//! [`Leontief::of_with_params`] forces a [`Precision`] with given limits,
//! and [`Leontief::of`] and [`Leontief::of_with`] use
//! [`LeontiefParams::auto`]. Setting a threshold to 1 or a limit to 0
//! forces a path or a fallback on a table of any size (see
//! [`LeontiefParams`]), which is how the fallbacks are tested on small
//! tables.

use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, solve};
use faer::perm::PermRef;
use faer::traits::ComplexField;
use faer::{Mat, MatMut, MatRef, Par};
use serde::Serialize;

use crate::error::{MrioError, Result};
use crate::system::Mrio;

mod krylov;
mod mixed;
mod params;

use crate::dense::Dense;
use krylov::BlockJacobi;
use mixed::{MixedLu, RefinementLog};

pub use params::LeontiefParams;

/// A = Z x̂⁻¹ with zero columns where x_j = 0.
pub fn technical_coefficients(z: MatRef<'_, f64>, x: &[f64]) -> Mat<f64> {
    Mat::from_fn(z.nrows(), z.ncols(), |i, j| {
        if x[j] != 0.0 { z[(i, j)] / x[j] } else { 0.0 }
    })
}

/// Parallelism used by the dense kernels: all cores rayon sees, or none
/// when rayon has one thread (`RAYON_NUM_THREADS=1`, as in each process of
/// a sharded sweep). A one-thread pool gives no speed, only a hand-off to
/// the pool's thread and back on every kernel call — milliseconds each on
/// a loaded machine, more than a small solve itself.
pub fn parallelism() -> Par {
    if rayon::current_num_threads() <= 1 {
        Par::Seq
    } else {
        Par::rayon(0)
    }
}

/// The arithmetic of the factorisation (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Double-precision LU: each solve is one pair of triangular solves.
    Double,
    /// Single-precision LU, each solve refined to double-precision
    /// accuracy against the f64 matrix (falls back to a double LU if the
    /// refinement does not converge).
    Mixed,
    /// No dense factorisation: each block of right-hand sides is solved
    /// by GMRES preconditioned with the domestic blocks of I − A, in
    /// double precision, and certified by its residual like a mixed solve
    /// (see *Iterative solves* in the module docs). For tables
    /// with A ≥ 0 and column sums below 1 (others are factored); the
    /// double LU takes over when GMRES does not converge, or once the
    /// solves have cost about what the factorisation would.
    Iterative,
}

/// Largest share of nonzeros in Z for which the mixed-precision
/// residuals skip its zeros, with [`LeontiefParams::auto`] (see
/// [`LeontiefParams::sparse_residual_density`]).
pub const SPARSE_RESIDUAL_DENSITY: f64 = LeontiefParams::auto().sparse_residual_density;

impl Precision {
    /// The faster choice for a table of order `n` when a few hundred
    /// right-hand sides will be solved (multipliers, footprints, value
    /// added in trade), with [`LeontiefParams::auto`]: mixed from
    /// n = 5,000 ([`LeontiefParams::mixed_precision_from`]), double below.
    /// Sweeps that solve thousands of right-hand sides against one LU
    /// should stay with [`Precision::Double`].
    pub fn for_few_solves(n: usize) -> Self {
        LeontiefParams::auto().precision_for_few_solves(n)
    }

    /// [`Precision::for_few_solves`] for a table whose Z has `density`
    /// nonzeros (a share, 0–1), with [`LeontiefParams::auto`]: the
    /// iterative solves when density < n / 67,500 (from n = 1,000), mixed
    /// also from n = 2,500 when Z has at most
    /// [`SPARSE_RESIDUAL_DENSITY`] nonzeros. The rule and its reasons are
    /// at [`LeontiefParams::precision_for_table`].
    pub fn for_table(n: usize, density: f64) -> Self {
        LeontiefParams::auto().precision_for_table(n, density)
    }
}

/// What the certified solves (mixed-precision refinement or iterative)
/// achieved so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refinement {
    /// The precision asked for.
    pub requested: Precision,
    /// Blocks of right-hand sides solved.
    pub solves: usize,
    /// Most refinement steps one block needed (a step = one
    /// single-precision solve and one double-precision residual), or for
    /// the iterative solves the most GMRES iterations.
    pub max_steps: u32,
    /// Largest certified backward error ‖b − (I − A)x‖∞ / (‖I − A‖∞ ‖x‖∞)
    /// over every refined column (for the transposed system, with the
    /// 1-norm of I − A).
    pub worst_backward_error: f64,
    /// The target the refinement stops at (3n·u, u = 2⁻⁵³).
    pub target: f64,
    /// Why the double-precision LU took over (or was used instead of the
    /// iterative solves), if it did.
    pub fell_back: Option<String>,
    /// Share of nonzeros in the residual's matrix when the residuals skip
    /// its zeros (sparse products; for the iterative solves, the share of
    /// n² held by the domestic blocks and the trade coefficients); `None`
    /// when they use the dense product (a denser matrix, or an LU).
    pub sparse_residual_density: Option<f64>,
}

/// LU factorisation of (I − A), reused for every solve.
#[derive(Debug)]
pub struct Leontief {
    n: usize,
    /// The double-precision LU: always there for [`Precision::Double`];
    /// for [`Precision::Mixed`] only after a fallback.
    double: OnceLock<DoubleLu>,
    mixed: Option<MixedLu>,
    iterative: Option<BlockJacobi>,
    /// Whether the double LU may take over iterative solves once they
    /// have cost about a factorisation ([`Leontief::keep_iterating`]).
    handover: bool,
    /// The thresholds and limits the solves run under.
    params: LeontiefParams,
    log: RefinementLog,
}

impl Clone for Leontief {
    fn clone(&self) -> Self {
        let double = OnceLock::new();
        if let Some(d) = self.double.get() {
            let _ = double.set(d.clone());
        }
        Self {
            n: self.n,
            double,
            mixed: self.mixed.clone(),
            iterative: self.iterative.clone(),
            handover: self.handover,
            params: self.params,
            log: self.log.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct DoubleLu {
    lu: Dense<f64>,
    perm: Vec<usize>,
    perm_inv: Vec<usize>,
}

impl DoubleLu {
    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.perm, &self.perm_inv, self.lu.nrows())
    }
}

impl Leontief {
    /// Factors (I − A) of a table in double precision, building I − Z x̂⁻¹
    /// directly in the factorisation buffer (no separate copy of A: at
    /// n = 9,800 each dense matrix is 768 MB).
    pub fn of(mrio: &Mrio) -> Result<Self> {
        Self::of_with(mrio, Precision::Double)
    }

    /// Factors (I − A) of a table with the given [`Precision`] (and
    /// [`LeontiefParams::auto`] for its limits).
    pub fn of_with(mrio: &Mrio, precision: Precision) -> Result<Self> {
        Self::of_with_params(mrio, precision, &LeontiefParams::auto())
    }

    /// Factors (I − A) of a table on the path `params` choose for its
    /// order and the density of Z
    /// ([`LeontiefParams::precision_for_table`]), and solves within their
    /// limits. With [`LeontiefParams::auto`] this is
    /// `of_with(mrio, Precision::for_table(mrio.n(), mrio.z_density()))`.
    pub fn of_params(mrio: &Mrio, params: &LeontiefParams) -> Result<Self> {
        let precision = params.precision_for_table(mrio.n(), mrio.z_density());
        Self::of_with_params(mrio, precision, params)
    }

    /// Factors (I − A) of a table with the given [`Precision`], solving
    /// within the limits of `params` (refinement steps, GMRES restart and
    /// cycles, the iterative solves' handover to the LU). The thresholds
    /// that choose a path are not consulted, except the order from which
    /// a table refused the iterative solves is factored in mixed
    /// precision ([`LeontiefParams::precision_for_few_solves`]).
    pub fn of_with_params(
        mrio: &Mrio,
        precision: Precision,
        params: &LeontiefParams,
    ) -> Result<Self> {
        let z = mrio.z();
        let x = mrio.x();
        let inv_x: Vec<f64> = x
            .iter()
            .map(|&v| if v != 0.0 { 1.0 / v } else { 0.0 })
            .collect();
        let column_sum = |j: usize| z.col(j).iter().sum::<f64>() * inv_x[j];
        let labels = |j: usize| mrio.label(j);
        match precision {
            Precision::Double => {
                let (m, scale) = i_minus_a(&mrio.z_shared(), &inv_x);
                let lu = factor_double(m, scale, &column_sum, &labels)?;
                Ok(Self::from_double(lu, Precision::Double, params))
            }
            Precision::Mixed => {
                Self::factor_mixed(mrio.z_shared(), inv_x.clone(), &column_sum, &labels, params)
            }
            Precision::Iterative => {
                match BlockJacobi::of(mrio.z_shared(), inv_x.clone(), mrio.n_sectors()) {
                    Ok(split) => Ok(Self::iterative(split, params)),
                    Err(why) => {
                        // Not an M-matrix: factor, as the table's order
                        // and density would without the iterative solves.
                        let lu = match params.precision_for_few_solves(mrio.n()) {
                            Precision::Mixed => Precision::Mixed,
                            _ => Precision::Double,
                        };
                        let me = Self::of_with_params(mrio, lu, params)?;
                        Ok(me.refused_iterative(&why))
                    }
                }
            }
        }
    }

    fn iterative(split: BlockJacobi, params: &LeontiefParams) -> Self {
        let n = split.b.nrows();
        Self {
            n,
            double: OnceLock::new(),
            mixed: None,
            iterative: Some(split),
            handover: true,
            params: *params,
            log: RefinementLog::new(Precision::Iterative, n),
        }
    }

    /// Marks a factorisation made because the iterative solves were asked
    /// for but are not guaranteed to converge.
    fn refused_iterative(mut self, why: &str) -> Self {
        self.log.requested = Precision::Iterative;
        self.log.fall_back(format!(
            "iterative solves not used: {why}; factored instead"
        ));
        self
    }

    /// Factors (I − A) for a given A in double precision. `labels(j)`
    /// names column j in errors.
    ///
    /// Fails with [`MrioError::Singular`] when a pivot is not larger than
    /// n·ε·max|I − A| in magnitude.
    pub fn new(a: MatRef<'_, f64>, labels: &dyn Fn(usize) -> String) -> Result<Self> {
        Self::new_with(a, labels, Precision::Double)
    }

    /// [`Leontief::new`] with the given [`Precision`].
    pub fn new_with(
        a: MatRef<'_, f64>,
        labels: &dyn Fn(usize) -> String,
        precision: Precision,
    ) -> Result<Self> {
        let n = a.nrows();
        if a.ncols() != n {
            return Err(MrioError::Dimension(format!(
                "A must be square, got {} × {}",
                a.nrows(),
                a.ncols()
            )));
        }
        let column_sum = |j: usize| a.col(j).iter().sum::<f64>();
        match precision {
            Precision::Iterative => Ok(Self::new_with(a, labels, Precision::Double)?
                .refused_iterative("a bare A has no region blocks")),
            Precision::Double => {
                let mut m = Dense::<f64>::zeros(n, n);
                let scale = m.fill_columns(|j, out| {
                    let mut big = 0.0f64;
                    for (i, o) in out.iter_mut().enumerate() {
                        *o = f64::from(u8::from(i == j)) - a[(i, j)];
                        big = big.max(o.abs());
                    }
                    big
                });
                let lu = factor_double(m, scale, &column_sum, labels)?;
                Ok(Self::from_double(
                    lu,
                    Precision::Double,
                    &LeontiefParams::auto(),
                ))
            }
            Precision::Mixed => Self::factor_mixed(
                Arc::new(Dense::from(a)),
                vec![1.0; n],
                &column_sum,
                labels,
                &LeontiefParams::auto(),
            ),
        }
    }

    /// Factors a matrix that already holds (I − A), in place, in double
    /// precision. `column_sum(j)` (Σ_i a_ij) and `labels(j)` only explain
    /// a singular system.
    pub fn from_i_minus_a(
        m: Mat<f64>,
        column_sum: &dyn Fn(usize) -> f64,
        labels: &dyn Fn(usize) -> String,
    ) -> Result<Self> {
        let scale = m.norm_max();
        let mut sq = Dense::<f64>::zeros(m.nrows(), m.nrows());
        sq.fill_columns(|j, out| {
            for (i, o) in out.iter_mut().enumerate() {
                *o = m[(i, j)];
            }
            0.0
        });
        let lu = factor_double(sq, scale, column_sum, labels)?;
        Ok(Self::from_double(
            lu,
            Precision::Double,
            &LeontiefParams::auto(),
        ))
    }

    fn from_double(lu: DoubleLu, requested: Precision, params: &LeontiefParams) -> Self {
        let n = lu.lu.nrows();
        let double = OnceLock::new();
        let _ = double.set(lu);
        Self {
            n,
            double,
            mixed: None,
            iterative: None,
            handover: true,
            params: *params,
            log: RefinementLog::new(requested, n),
        }
    }

    /// Keeps the iterative solves however many right-hand sides come: the
    /// double LU then takes over only when GMRES does not converge. For
    /// memory (the LU needs 8n² bytes, 768 MB at n = 9,800) or to check
    /// the iterations themselves. No effect on an LU.
    pub fn keep_iterating(mut self) -> Self {
        self.handover = false;
        self
    }

    /// Order n of the system.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The thresholds and limits this factorisation solves under
    /// ([`LeontiefParams::auto`] unless made by
    /// [`Leontief::of_params`] or [`Leontief::of_with_params`]).
    pub fn params(&self) -> &LeontiefParams {
        &self.params
    }

    /// The precision the solves run in now: [`Precision::Mixed`] while the
    /// single-precision LU is refined, [`Precision::Double`] otherwise
    /// (asked for, or after a fallback).
    pub fn precision(&self) -> Precision {
        if self.double.get().is_some() {
            Precision::Double
        } else if self.mixed.is_some() {
            Precision::Mixed
        } else {
            Precision::Iterative
        }
    }

    /// What the refinement of a mixed-precision factorisation achieved
    /// (for a double one, the precision asked for and no solves counted).
    pub fn refinement(&self) -> Refinement {
        Refinement {
            requested: self.log.requested,
            solves: self.log.solves.load(Ordering::Relaxed),
            max_steps: self.log.max_steps.load(Ordering::Relaxed),
            worst_backward_error: f64::from_bits(self.log.worst_bits.load(Ordering::Relaxed)),
            target: self.log.target,
            fell_back: self.log.reason.get().cloned(),
            sparse_residual_density: self
                .mixed
                .as_ref()
                .and_then(|m| m.sparse.as_ref().map(|sp| sp.nonzeros()))
                .or_else(|| self.iterative.as_ref().map(BlockJacobi::nonzeros))
                .map(|nz| nz as f64 / (self.n.max(1) as f64).powi(2)),
        }
    }

    /// The double-precision LU, factoring it now (once) when a
    /// mixed-precision refinement failed.
    fn double_lu(&self, reason: impl FnOnce() -> String) -> &DoubleLu {
        self.double.get_or_init(|| {
            self.log.fall_back(reason());
            let m = match (&self.mixed, &self.iterative) {
                (Some(mixed), _) => mixed.i_minus_a(),
                (None, Some(split)) => i_minus_a(&split.b, &split.s).0,
                (None, None) => unreachable!("a Leontief holds a double or a mixed LU or a split"),
            };
            // The single-precision pivots passed their test, so the double
            // ones pass theirs; no error is possible here.
            factor_double_unchecked(m)
        })
    }

    /// Overwrites the columns of `rhs` (B) with X = L B = (I − A)⁻¹ B.
    pub fn solve_in_place(&self, rhs: MatMut<'_, f64>) {
        self.solve_any(rhs, false);
    }

    /// Overwrites the columns of `rhs` (C) with M = Lᵀ C = (I − A)⁻ᵀ C,
    /// i.e. row j of Mᵀ is cᵀL — multipliers and prices.
    pub fn solve_transpose_in_place(&self, rhs: MatMut<'_, f64>) {
        self.solve_any(rhs, true);
    }

    fn solve_any(&self, rhs: MatMut<'_, f64>, transpose: bool) {
        if let Some(d) = self.double.get() {
            solve_double(d, rhs, transpose);
            return;
        }
        if let Some(mixed) = self.mixed.as_ref() {
            self.refine(mixed, rhs, transpose);
        } else if let Some(split) = self.iterative.as_ref() {
            self.iterate(split, rhs, transpose);
        } else {
            unreachable!("a Leontief holds a double or a mixed LU or a split");
        }
    }

    /// Iterative solve of a block; the double LU takes over when GMRES
    /// does not converge, or when this block would bring the iterative
    /// work past what a factorisation costs (after which every solve uses
    /// the LU).
    fn iterate(&self, split: &BlockJacobi, mut rhs: MatMut<'_, f64>, transpose: bool) {
        let (n, k) = (rhs.nrows(), rhs.ncols());
        if k == 0 || n == 0 {
            return;
        }
        let nf = n as f64;
        let factor_flops = 2.0 / 3.0 * nf * nf * nf;
        let seen = self.log.max_steps.load(Ordering::Relaxed);
        let iterations = if seen > 0 {
            f64::from(seen)
        } else {
            self.params.typical_iterations
        };
        let ahead = k as f64 * iterations * split.flops_per_iteration();
        if self.handover
            && (self.log.work() + ahead) * self.params.iterative_flop_cost > factor_flops
        {
            let done = self.log.solves.load(Ordering::Relaxed);
            let d = self.double_lu(|| {
                format!(
                    "after {done} iterative block solves, the next ({k} right-hand sides) \
                     would bring their cost past one factorisation; factored in double precision"
                )
            });
            solve_double(d, rhs, transpose);
            return;
        }
        let outcome = split.solve(rhs.as_mut(), transpose, self.log.target, &self.params);
        self.log.add_work(outcome.flops);
        if outcome.converged {
            self.log.record(outcome.iterations, outcome.worst);
            return;
        }
        let d = self.double_lu(|| {
            format!(
                "GMRES reached backward error {:.1e} after {} iterations (target {:.1e}); \
                 factored in double precision",
                outcome.worst, outcome.iterations, self.log.target
            )
        });
        solve_double(d, rhs, transpose);
        self.log.record(outcome.iterations, 0.0);
    }

    /// x = L b for one vector.
    pub fn solve(&self, b: &[f64]) -> Vec<f64> {
        let mut m = Mat::from_fn(b.len(), 1, |i, _| b[i]);
        self.solve_in_place(m.as_mut());
        m.col(0).iter().copied().collect()
    }

    /// m = Lᵀ c for one vector (mᵀ = cᵀ L).
    pub fn solve_transpose(&self, c: &[f64]) -> Vec<f64> {
        let mut m = Mat::from_fn(c.len(), 1, |i, _| c[i]);
        self.solve_transpose_in_place(m.as_mut());
        m.col(0).iter().copied().collect()
    }

    /// X = L B for a block of right-hand sides.
    pub fn solve_mat(&self, b: MatRef<'_, f64>) -> Mat<f64> {
        let mut m = b.to_owned();
        self.solve_in_place(m.as_mut());
        m
    }

    /// M = Lᵀ C for a block of right-hand sides.
    pub fn solve_transpose_mat(&self, c: MatRef<'_, f64>) -> Mat<f64> {
        let mut m = c.to_owned();
        self.solve_transpose_in_place(m.as_mut());
        m
    }

    /// The dense Leontief inverse L = (I − A)⁻¹ (n² memory). Only for users
    /// who ask for L itself; everything else solves.
    pub fn inverse(&self) -> Mat<f64> {
        let mut m = Mat::<f64>::identity(self.n(), self.n());
        self.solve_in_place(m.as_mut());
        m
    }

    /// True when the double-precision factorisation made no row
    /// interchanges (P = I). That is the case for every table with A ≥ 0
    /// and column sums of A at most 1 (non-negative value added): I − A is
    /// then column diagonally dominant, and partial pivoting keeps the
    /// diagonal at every step. False for a mixed-precision factorisation,
    /// whose triangular factors are not the double-precision ones.
    pub fn is_unpivoted(&self) -> bool {
        self.double
            .get()
            .is_some_and(|d| d.perm.iter().enumerate().all(|(i, &p)| i == p))
    }

    /// Rows `start..n` of X = L B for a block B that is zero in rows
    /// `0..start`. `rhs` holds rows `start..n` of B (n − start rows) and is
    /// overwritten with rows `start..n` of X.
    ///
    /// Without row interchanges, (I − A) = 𝓛𝓤 and both triangular solves
    /// only touch the trailing (n − start)² corner: 𝓛₂₂ y₂ = b₂, 𝓤₂₂ x₂ = y₂.
    /// A block whose support starts at `start` thus costs (1 − start/n)² of
    /// a full solve. Returns `false` and leaves `rhs` untouched when the
    /// factorisation pivoted or is not a double-precision one
    /// ([`Leontief::is_unpivoted`]); use [`Leontief::solve_in_place`] then.
    pub fn solve_trailing_in_place(&self, start: usize, rhs: MatMut<'_, f64>) -> bool {
        self.solve_trailing_in_place_with(start, rhs, parallelism())
    }

    /// [`Leontief::solve_trailing_in_place`] with the given parallelism
    /// (e.g. `Par::Seq` when the caller runs several solves in parallel).
    pub fn solve_trailing_in_place_with(
        &self,
        start: usize,
        mut rhs: MatMut<'_, f64>,
        par: Par,
    ) -> bool {
        let n = self.n();
        assert!(
            start <= n && rhs.nrows() == n - start,
            "trailing solve: rhs has {} rows, expected {}",
            rhs.nrows(),
            n.saturating_sub(start)
        );
        if !self.is_unpivoted() {
            return false;
        }
        let Some(d) = self.double.get() else {
            return false;
        };
        let lu = d.lu.as_ref();
        let t = lu.submatrix(start, start, n - start, n - start);
        faer::linalg::triangular_solve::solve_unit_lower_triangular_in_place(t, rhs.as_mut(), par);
        faer::linalg::triangular_solve::solve_upper_triangular_in_place(t, rhs.as_mut(), par);
        true
    }

    /// diag(L), computed in column blocks of the identity so that only
    /// n × `block` numbers are held at a time.
    pub fn inverse_diagonal(&self) -> Vec<f64> {
        let n = self.n();
        let block = 256.min(n.max(1));
        let mut out = vec![0.0; n];
        let mut start = 0;
        while start < n {
            let w = block.min(n - start);
            let mut m = Mat::<f64>::from_fn(n, w, |i, j| if i == start + j { 1.0 } else { 0.0 });
            self.solve_in_place(m.as_mut());
            for j in 0..w {
                out[start + j] = m[(start + j, j)];
            }
            start += w;
        }
        out
    }
}

/// I − B diag(s) (with B = Z and s = 1 ⊘ x, I − A) written column by
/// column, in parallel, into a zeroed buffer, and max|m_ij| for the
/// singularity test, found in the same pass. Shared by the double LU, and
/// by the mixed and iterative solves when the double LU takes over.
fn i_minus_a(b: &Dense, s: &[f64]) -> (Dense<f64>, f64) {
    let mut m = Dense::<f64>::zeros(b.nrows(), b.nrows());
    let scale = m.fill_columns(|j, col| {
        let src = b.col(j);
        for (i, c) in col.iter_mut().enumerate() {
            *c = -src[i] * s[j];
        }
        col[j] += 1.0;
        col.iter().fold(0.0f64, |big, v| big.max(v.abs()))
    });
    (m, scale)
}

/// Double-precision LU in place; `scale` is max|I − A| (for the
/// singularity test).
fn factor_double(
    m: Dense<f64>,
    scale: f64,
    column_sum: &dyn Fn(usize) -> f64,
    labels: &dyn Fn(usize) -> String,
) -> Result<DoubleLu> {
    let n = m.nrows();
    let lu = factor_double_unchecked(m);
    let tol = (n.max(1) as f64) * f64::EPSILON * scale.max(1.0);
    for k in 0..n {
        let p = lu.lu.at(k, k);
        if p.is_nan() || p.abs() <= tol {
            // Column k of U belongs to the original column k (row
            // pivoting only permutes rows).
            return Err(MrioError::Singular {
                label: labels(k),
                pivot: p,
                column_sum: column_sum(k),
            });
        }
    }
    Ok(lu)
}

fn factor_double_unchecked(mut m: Dense<f64>) -> DoubleLu {
    let (perm, perm_inv) = lu_in_place(m.as_mut());
    DoubleLu {
        lu: m,
        perm,
        perm_inv,
    }
}

fn solve_double(d: &DoubleLu, rhs: MatMut<'_, f64>, transpose: bool) {
    lu_solve_in_place(d.lu.as_ref(), d.perm(), rhs, transpose, parallelism());
}

/// P M = L U in place (faer's blocked partial-pivoting kernel), in either
/// precision; returns the row permutation and its inverse.
fn lu_in_place<T: ComplexField>(m: MatMut<'_, T>) -> (Vec<usize>, Vec<usize>) {
    let n = m.nrows();
    let par = parallelism();
    let mut perm = vec![0usize; n];
    let mut perm_inv = vec![0usize; n];
    let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, T>(
        n,
        n,
        par,
        Default::default(),
    ));
    factor::lu_in_place(
        m,
        &mut perm,
        &mut perm_inv,
        par,
        MemStack::new(&mut mem),
        Default::default(),
    );
    (perm, perm_inv)
}

/// Overwrites `rhs` with (PᵀLU)⁻¹ rhs, or with its transposed solve.
fn lu_solve_in_place<T: ComplexField>(
    lu: MatRef<'_, T>,
    perm: PermRef<'_, usize>,
    rhs: MatMut<'_, T>,
    transpose: bool,
    par: Par,
) {
    let (n, k) = (lu.nrows(), rhs.ncols());
    if transpose {
        let mut mem = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, T>(
            n, k, par,
        ));
        solve::solve_transpose_in_place(lu, lu, perm, rhs, par, MemStack::new(&mut mem));
    } else {
        let mut mem = MemBuffer::new(solve::solve_in_place_scratch::<usize, T>(n, k, par));
        solve::solve_in_place(lu, lu, perm, rhs, par, MemStack::new(&mut mem));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Miller & Blair (2009), Table 2.3: a two-sector economy.
    /// Z = [[150, 500], [200, 100]], x = [1000, 2000];
    /// A = [[.15, .25], [.20, .05]];
    /// L = (I − A)⁻¹ = [[1.2541, 0.3300], [0.2640, 1.1221]] (eq. 2.14, 4 d.p.).
    #[test]
    fn miller_blair_table_2_3() {
        let z = Mat::from_fn(2, 2, |i, j| [[150.0, 500.0], [200.0, 100.0]][i][j]);
        let a = technical_coefficients(z.as_ref(), &[1000.0, 2000.0]);
        assert!((a[(0, 1)] - 0.25).abs() < 1e-15 && (a[(1, 0)] - 0.20).abs() < 1e-15);
        let l = Leontief::new(a.as_ref(), &|j| j.to_string()).unwrap();
        let inv = l.inverse();
        let expect = [[1.2541, 0.3300], [0.2640, 1.1221]];
        for i in 0..2 {
            for j in 0..2 {
                assert!(
                    (inv[(i, j)] - expect[i][j]).abs() < 5e-5,
                    "{i}{j}: {}",
                    inv[(i, j)]
                );
            }
        }
        // x = L f with f = x − Z1 = [350, 1700] (Table 2.3) gives x back.
        let x = l.solve(&[350.0, 1700.0]);
        assert!((x[0] - 1000.0).abs() < 1e-9 && (x[1] - 2000.0).abs() < 1e-9);
        // Output multipliers (column sums of L), exactly 1.15/0.7575 and
        // 1.10/0.7575 since det(I − A) = 0.7575 (M&B print 1.5181, 1.4521).
        let m = l.solve_transpose(&[1.0, 1.0]);
        assert!((m[0] - 1.15 / 0.7575).abs() < 1e-14 && (m[1] - 1.10 / 0.7575).abs() < 1e-14);
        assert_eq!(l.inverse_diagonal(), vec![inv[(0, 0)], inv[(1, 1)]]);
    }

    /// Seeded random productive systems of sizes that cross faer's block
    /// and recursion thresholds; (I − A) X = B must hold to round-off.
    #[test]
    fn reconstruct_and_compare_across_block_sizes() {
        let mut seed = 0x9e3779b97f4a7c15u64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in [1usize, 2, 3, 15, 16, 17, 63, 64, 65, 129, 257] {
            let raw = Mat::from_fn(n, n, |_, _| rnd());
            let a = Mat::from_fn(n, n, |i, j| {
                let s: f64 = raw.col(j).iter().sum();
                raw[(i, j)] * 0.7 / s
            });
            let b = Mat::from_fn(n, 3, |_, _| rnd());
            let l = Leontief::new(a.as_ref(), &|j| j.to_string()).unwrap();
            let x = l.solve_mat(b.as_ref());
            let ima = Mat::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - a[(i, j)]);
            let r = &ima * &x - &b;
            let err = r.norm_max();
            assert!(err < 1e-12, "n={n}: residual {err}");
            let mt = l.solve_transpose_mat(b.as_ref());
            let r = ima.transpose() * &mt - &b;
            assert!(r.norm_max() < 1e-12, "n={n}: transposed residual");
            let diag = l.inverse_diagonal();
            let inv = l.inverse();
            for k in 0..n {
                assert!((diag[k] - inv[(k, k)]).abs() < 1e-14);
            }
        }
    }

    #[test]
    fn singular_system_names_the_sector() {
        // Column 1 of A sums to 1 and the system is singular: sector 1 uses
        // exactly its own output plus sector 0's in fixed proportions.
        let a = Mat::from_fn(2, 2, |i, j| [[0.5, 0.5], [0.5, 0.5]][i][j]);
        let err = Leontief::new(a.as_ref(), &|j| format!("R_s{j}")).unwrap_err();
        match err {
            MrioError::Singular { label, .. } => assert_eq!(label, "R_s1"),
            e => panic!("{e}"),
        }
    }

    #[test]
    fn zero_output_column_is_zero() {
        let z = Mat::from_fn(2, 2, |i, j| [[1.0, 0.0], [2.0, 0.0]][i][j]);
        let a = technical_coefficients(z.as_ref(), &[10.0, 0.0]);
        assert_eq!(a[(0, 1)], 0.0);
        assert_eq!(a[(1, 1)], 0.0);
    }
}
