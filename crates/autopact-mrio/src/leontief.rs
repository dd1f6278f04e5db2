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
//! after [`MAX_REFINEMENT_STEPS`], the solve falls back to a double-precision
//! LU (factored then, once) and [`Leontief::refinement`] says so. The
//! refinement costs a residual (a matrix product) and a single-precision
//! solve per step, so it pays where the n³ factorisation dominates: large
//! tables and a few hundred right-hand sides, not sweeps of thousands
//! ([`Precision::for_few_solves`]).

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, solve};
use faer::perm::PermRef;
use faer::{Accum, Mat, MatMut, MatRef, Par};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{MrioError, Result};
use crate::system::Mrio;

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
}

/// Order from which [`Precision::for_few_solves`] picks mixed precision.
/// A certified refinement costs two residual products and two
/// single-precision solves per block of right-hand sides, about three
/// double-precision solves: at n = 3,465 with the ~240 right-hand sides of
/// multipliers and footprints that costs as much as the single-precision
/// LU saves (measured side by side, `bench/README.md`); the saving grows as
/// n³ and the cost as n², so at n = 9,800 the mixed path wins clearly.
pub const MIXED_PRECISION_FROM: usize = 5000;

/// Most refinement steps before a mixed-precision solve falls back to the
/// double-precision LU.
pub const MAX_REFINEMENT_STEPS: u32 = 6;

impl Precision {
    /// The faster choice for a table of order `n` when a few hundred
    /// right-hand sides will be solved (multipliers, footprints, value
    /// added in trade): mixed from [`MIXED_PRECISION_FROM`], double below.
    /// Sweeps that solve thousands of right-hand sides against one LU
    /// should stay with [`Precision::Double`].
    pub fn for_few_solves(n: usize) -> Self {
        if n >= MIXED_PRECISION_FROM {
            Precision::Mixed
        } else {
            Precision::Double
        }
    }
}

/// What the solves of a mixed-precision factorisation achieved so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refinement {
    /// The precision asked for.
    pub requested: Precision,
    /// Blocks of right-hand sides solved.
    pub solves: usize,
    /// Most refinement steps one block needed (a step = one
    /// single-precision solve and one double-precision residual).
    pub max_steps: u32,
    /// Largest certified backward error ‖b − (I − A)x‖∞ / (‖I − A‖∞ ‖x‖∞)
    /// over every refined column (for the transposed system, with the
    /// 1-norm of I − A).
    pub worst_backward_error: f64,
    /// The target the refinement stops at (3n·u, u = 2⁻⁵³).
    pub target: f64,
    /// Why the double-precision LU took over, if it did.
    pub fell_back: Option<String>,
}

/// LU factorisation of (I − A), reused for every solve.
#[derive(Debug)]
pub struct Leontief {
    n: usize,
    /// The double-precision LU: always there for [`Precision::Double`];
    /// for [`Precision::Mixed`] only after a fallback.
    double: OnceLock<DoubleLu>,
    mixed: Option<MixedLu>,
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
            log: self.log.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct DoubleLu {
    lu: Mat<f64>,
    perm: Vec<usize>,
    perm_inv: Vec<usize>,
}

impl DoubleLu {
    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.perm, &self.perm_inv, self.lu.nrows())
    }
}

/// Single-precision LU plus what the double-precision residual needs.
#[derive(Debug, Clone)]
struct MixedLu {
    lu: Mat<f32>,
    perm: Vec<usize>,
    perm_inv: Vec<usize>,
    /// I − A = I − B diag(s): B = Z (shared with the table) and s = 1 ⊘ x,
    /// or B = A and s = 1.
    b: Arc<Mat<f64>>,
    s: Vec<f64>,
    /// ‖I − A‖∞ (largest row sum of magnitudes) and ‖I − A‖₁ (column).
    norm_inf: f64,
    norm_one: f64,
}

impl MixedLu {
    /// I − A in double precision (for the fallback).
    fn i_minus_a(&self) -> Mat<f64> {
        let (b, s) = (&self.b, &self.s);
        let n = b.nrows();
        let mut m = Mat::<f64>::zeros(n, n);
        m.as_mut()
            .par_col_iter_mut()
            .enumerate()
            .for_each(|(j, mut col)| {
                for i in 0..n {
                    col[i] = -b[(i, j)] * s[j];
                }
                col[j] += 1.0;
            });
        m
    }

    /// R ← R − (I − A) X (or (I − A)ᵀ X), R holding B on entry.
    fn subtract_product(&self, r: MatMut<'_, f64>, x: MatRef<'_, f64>, transpose: bool, par: Par) {
        let mut r = r;
        let (n, k) = (x.nrows(), x.ncols());
        if transpose {
            // (I − A)ᵀ x = x − diag(s) Bᵀ x.
            let mut u = Mat::<f64>::zeros(n, k);
            faer::linalg::matmul::matmul(
                u.as_mut(),
                Accum::Replace,
                self.b.as_ref().transpose(),
                x,
                1.0,
                par,
            );
            for j in 0..k {
                for i in 0..n {
                    r[(i, j)] += self.s[i] * u[(i, j)] - x[(i, j)];
                }
            }
        } else {
            // (I − A) x = x − B (s ∘ x).
            let t = Mat::<f64>::from_fn(n, k, |i, j| self.s[i] * x[(i, j)]);
            for j in 0..k {
                for i in 0..n {
                    r[(i, j)] -= x[(i, j)];
                }
            }
            faer::linalg::matmul::matmul(r, Accum::Add, self.b.as_ref(), t.as_ref(), 1.0, par);
        }
    }

    /// X ← X + (LU)₃₂⁻¹ R (or its transposed solve), column by column
    /// scaled so that the single-precision copy neither overflows nor
    /// underflows.
    fn add_correction(&self, x: MatMut<'_, f64>, r: MatRef<'_, f64>, transpose: bool, par: Par) {
        let mut x = x;
        let (n, k) = (r.nrows(), r.ncols());
        let scale: Vec<f64> = (0..k)
            .map(|j| r.col(j).iter().fold(0.0f64, |m, v| m.max(v.abs())))
            .collect();
        let mut d = Mat::<f32>::from_fn(n, k, |i, j| {
            if scale[j] > 0.0 {
                (r[(i, j)] / scale[j]) as f32
            } else {
                0.0
            }
        });
        let perm = PermRef::new_checked(&self.perm, &self.perm_inv, n);
        if transpose {
            let mut mem = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f32>(
                n, k, par,
            ));
            solve::solve_transpose_in_place(
                self.lu.as_ref(),
                self.lu.as_ref(),
                perm,
                d.as_mut(),
                par,
                MemStack::new(&mut mem),
            );
        } else {
            let mut mem = MemBuffer::new(solve::solve_in_place_scratch::<usize, f32>(n, k, par));
            solve::solve_in_place(
                self.lu.as_ref(),
                self.lu.as_ref(),
                perm,
                d.as_mut(),
                par,
                MemStack::new(&mut mem),
            );
        }
        for j in 0..k {
            if scale[j] > 0.0 {
                for i in 0..n {
                    x[(i, j)] += scale[j] * f64::from(d[(i, j)]);
                }
            }
        }
    }
}

/// Running totals of the refinement, kept with atomics so that solves can
/// share the factorisation across threads.
#[derive(Debug)]
struct RefinementLog {
    requested: Precision,
    solves: AtomicUsize,
    max_steps: AtomicU32,
    worst_bits: AtomicU64,
    target: f64,
    fell_back: AtomicBool,
    reason: OnceLock<String>,
}

impl Clone for RefinementLog {
    fn clone(&self) -> Self {
        let reason = OnceLock::new();
        if let Some(r) = self.reason.get() {
            let _ = reason.set(r.clone());
        }
        Self {
            requested: self.requested,
            solves: AtomicUsize::new(self.solves.load(Ordering::Relaxed)),
            max_steps: AtomicU32::new(self.max_steps.load(Ordering::Relaxed)),
            worst_bits: AtomicU64::new(self.worst_bits.load(Ordering::Relaxed)),
            target: self.target,
            fell_back: AtomicBool::new(self.fell_back.load(Ordering::Relaxed)),
            reason,
        }
    }
}

impl RefinementLog {
    fn new(requested: Precision, n: usize) -> Self {
        Self {
            requested,
            solves: AtomicUsize::new(0),
            max_steps: AtomicU32::new(0),
            worst_bits: AtomicU64::new(0f64.to_bits()),
            target: refinement_target(n),
            fell_back: AtomicBool::new(false),
            reason: OnceLock::new(),
        }
    }

    fn record(&self, steps: u32, worst: f64) {
        self.solves.fetch_add(1, Ordering::Relaxed);
        self.max_steps.fetch_max(steps, Ordering::Relaxed);
        // Non-negative floats order like their bit patterns.
        self.worst_bits
            .fetch_max(worst.max(0.0).to_bits(), Ordering::Relaxed);
    }

    fn fall_back(&self, reason: String) {
        self.fell_back.store(true, Ordering::Relaxed);
        let _ = self.reason.set(reason);
    }
}

/// 3n·u (u = 2⁻⁵³): the backward error a double-precision LU solve is
/// guaranteed to stay within, γ₃ₙ (Higham 2002, Thm 9.4, with growth 1 as
/// for a column diagonally dominant I − A).
fn refinement_target(n: usize) -> f64 {
    3.0 * (n.max(1) as f64) * f64::EPSILON / 2.0
}

impl Leontief {
    /// Factors (I − A) of a table in double precision, building I − Z x̂⁻¹
    /// directly in the factorisation buffer (no separate copy of A: at
    /// n = 9,800 each dense matrix is 768 MB).
    pub fn of(mrio: &Mrio) -> Result<Self> {
        Self::of_with(mrio, Precision::Double)
    }

    /// Factors (I − A) of a table with the given [`Precision`].
    pub fn of_with(mrio: &Mrio, precision: Precision) -> Result<Self> {
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
                // A copy of Z (no zero-fill pass), turned column by column,
                // in parallel, into m_·j = e_j − z_·j / x_j, with the
                // largest magnitude for the singularity test found in the
                // same pass.
                let mut m = z.to_owned();
                let scale = m
                    .as_mut()
                    .par_col_iter_mut()
                    .enumerate()
                    .map(|(j, col)| {
                        let out = col
                            .try_as_col_major_mut()
                            .expect("owned matrices are column-major")
                            .as_slice_mut();
                        let s = -inv_x[j];
                        let mut big = 0.0f64;
                        for o in out.iter_mut() {
                            *o *= s;
                            big = big.max(o.abs());
                        }
                        out[j] += 1.0;
                        big.max(out[j].abs())
                    })
                    .reduce(|| 0.0, f64::max);
                let lu = factor_double(m, scale, &column_sum, &labels)?;
                Ok(Self::from_double(lu, Precision::Double))
            }
            Precision::Mixed => {
                Self::factor_mixed(mrio.z_shared(), inv_x.clone(), &column_sum, &labels)
            }
        }
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
            Precision::Double => {
                let m = Mat::from_fn(
                    n,
                    n,
                    |i, j| if i == j { 1.0 - a[(i, j)] } else { -a[(i, j)] },
                );
                Self::from_i_minus_a(m, &column_sum, labels)
            }
            Precision::Mixed => {
                Self::factor_mixed(Arc::new(a.to_owned()), vec![1.0; n], &column_sum, labels)
            }
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
        let lu = factor_double(m, scale, column_sum, labels)?;
        Ok(Self::from_double(lu, Precision::Double))
    }

    fn from_double(lu: DoubleLu, requested: Precision) -> Self {
        let n = lu.lu.nrows();
        let double = OnceLock::new();
        let _ = double.set(lu);
        Self {
            n,
            double,
            mixed: None,
            log: RefinementLog::new(requested, n),
        }
    }

    /// Single-precision LU of I − B diag(s), keeping B for the residuals.
    /// Falls back to the double LU at once when a single-precision pivot
    /// is too small to trust (the double LU then gives the singularity
    /// error, if the system is singular).
    fn factor_mixed(
        b: Arc<Mat<f64>>,
        s: Vec<f64>,
        column_sum: &dyn Fn(usize) -> f64,
        labels: &dyn Fn(usize) -> String,
    ) -> Result<Self> {
        let n = b.nrows();
        let mut m = Mat::<f32>::zeros(n, n);
        // One pass over B: the f32 matrix, max|m_ij|, the column sums of
        // magnitudes (‖·‖₁) and the row sums (‖·‖∞, accumulated per block
        // of columns and added up).
        let (scale, norm_one, rows) = m
            .as_mut()
            .par_col_chunks_mut(64)
            .enumerate()
            .map(|(c, mut blk)| {
                let mut rows = vec![0.0f64; n];
                let (mut big, mut col_max) = (0.0f64, 0.0f64);
                for jj in 0..blk.ncols() {
                    let j = c * 64 + jj;
                    let src = b.col(j);
                    let mut col_sum = 0.0;
                    for i in 0..n {
                        let v = if i == j {
                            1.0 - src[i] * s[j]
                        } else {
                            -src[i] * s[j]
                        };
                        blk[(i, jj)] = v as f32;
                        let a = v.abs();
                        big = big.max(a);
                        col_sum += a;
                        rows[i] += a;
                    }
                    col_max = col_max.max(col_sum);
                }
                (big, col_max, rows)
            })
            .reduce(
                || (0.0, 0.0, vec![0.0; n]),
                |(b1, c1, mut r1), (b2, c2, r2)| {
                    for (a, b) in r1.iter_mut().zip(&r2) {
                        *a += b;
                    }
                    (b1.max(b2), c1.max(c2), r1)
                },
            );
        let norm_inf = rows.iter().copied().fold(0.0, f64::max);
        let par = parallelism();
        let mut perm = vec![0usize; n];
        let mut perm_inv = vec![0usize; n];
        let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, f32>(
            n,
            n,
            par,
            Default::default(),
        ));
        factor::lu_in_place(
            m.as_mut(),
            &mut perm,
            &mut perm_inv,
            par,
            MemStack::new(&mut mem),
            Default::default(),
        );
        let mixed = MixedLu {
            lu: m,
            perm,
            perm_inv,
            b,
            s,
            norm_inf,
            norm_one,
        };
        let tol = (n.max(1) as f64) * f64::from(f32::EPSILON) * scale.max(1.0);
        let weak = (0..n).find(|&k| {
            let p = f64::from(mixed.lu[(k, k)]);
            !p.is_finite() || p.abs() <= tol
        });
        if let Some(k) = weak {
            let i_minus_a = mixed.i_minus_a();
            drop(mixed);
            let lu = factor_double(i_minus_a, scale, column_sum, labels)?;
            let me = Self::from_double(lu, Precision::Mixed);
            me.log.fall_back(format!(
                "single-precision pivot {k} too small to refine from; factored in double precision"
            ));
            return Ok(me);
        }
        Ok(Self {
            n,
            double: OnceLock::new(),
            mixed: Some(mixed),
            log: RefinementLog::new(Precision::Mixed, n),
        })
    }

    /// Order n of the system.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The precision the solves run in now: [`Precision::Mixed`] while the
    /// single-precision LU is refined, [`Precision::Double`] otherwise
    /// (asked for, or after a fallback).
    pub fn precision(&self) -> Precision {
        if self.double.get().is_some() {
            Precision::Double
        } else {
            Precision::Mixed
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
        }
    }

    /// The double-precision LU, factoring it now (once) when a
    /// mixed-precision refinement failed.
    fn double_lu(&self, reason: impl FnOnce() -> String) -> &DoubleLu {
        self.double.get_or_init(|| {
            let mixed = self.mixed.as_ref().expect("a double or a mixed LU");
            self.log.fall_back(reason());
            let m = mixed.i_minus_a();
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
        let Some(mixed) = self.mixed.as_ref() else {
            unreachable!("a Leontief holds a double or a mixed LU");
        };
        self.refine(mixed, rhs, transpose);
    }

    /// Mixed-precision solve with refinement; when it does not converge,
    /// the double-precision LU (factored now, once) solves B again and the
    /// reason is logged for [`Leontief::refinement`].
    fn refine(&self, mixed: &MixedLu, mut rhs: MatMut<'_, f64>, transpose: bool) {
        let (n, k) = (rhs.nrows(), rhs.ncols());
        if k == 0 || n == 0 {
            return;
        }
        let par = parallelism();
        let b = rhs.to_owned();
        let norm = if transpose {
            mixed.norm_one
        } else {
            mixed.norm_inf
        };
        let target = self.log.target;
        let mut x = Mat::<f64>::zeros(n, k);
        let mut r = b.clone();
        let mut previous = f64::INFINITY;
        let mut why = String::new();
        for step in 1..=MAX_REFINEMENT_STEPS {
            mixed.add_correction(x.as_mut(), r.as_ref(), transpose, par);
            r.copy_from(&b);
            mixed.subtract_product(r.as_mut(), x.as_ref(), transpose, par);
            let worst = (0..k)
                .map(|j| {
                    let rn = r.col(j).iter().fold(0.0f64, |m, v| m.max(v.abs()));
                    let xn = x.col(j).iter().fold(0.0f64, |m, v| m.max(v.abs()));
                    if rn == 0.0 {
                        0.0
                    } else if xn == 0.0 || !rn.is_finite() || !xn.is_finite() {
                        f64::INFINITY
                    } else {
                        rn / (norm * xn)
                    }
                })
                .fold(
                    0.0f64,
                    |m, e| if e.is_nan() { f64::INFINITY } else { m.max(e) },
                );
            if worst <= target {
                rhs.copy_from(&x);
                self.log.record(step, worst);
                return;
            }
            if step > 1 && worst > 0.5 * previous {
                why = format!(
                    "refinement stalled at backward error {worst:.1e} after {step} steps \
                     (target {target:.1e}); the system is too ill-conditioned for a \
                     single-precision LU"
                );
                break;
            }
            previous = worst;
            why = format!(
                "refinement reached backward error {worst:.1e} in {MAX_REFINEMENT_STEPS} steps \
                 (target {target:.1e})"
            );
        }
        let d = self.double_lu(|| why);
        rhs.copy_from(&b);
        solve_double(d, rhs, transpose);
        self.log.record(MAX_REFINEMENT_STEPS, 0.0);
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
        let t = d.lu.as_ref().submatrix(start, start, n - start, n - start);
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

/// Double-precision LU in place; `scale` is max|I − A| (for the
/// singularity test).
fn factor_double(
    m: Mat<f64>,
    scale: f64,
    column_sum: &dyn Fn(usize) -> f64,
    labels: &dyn Fn(usize) -> String,
) -> Result<DoubleLu> {
    let n = m.nrows();
    let lu = factor_double_unchecked(m);
    let tol = (n.max(1) as f64) * f64::EPSILON * scale.max(1.0);
    for k in 0..n {
        let p = lu.lu[(k, k)];
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

fn factor_double_unchecked(mut m: Mat<f64>) -> DoubleLu {
    let n = m.nrows();
    let par = parallelism();
    let mut perm = vec![0usize; n];
    let mut perm_inv = vec![0usize; n];
    let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
        n,
        n,
        par,
        Default::default(),
    ));
    factor::lu_in_place(
        m.as_mut(),
        &mut perm,
        &mut perm_inv,
        par,
        MemStack::new(&mut mem),
        Default::default(),
    );
    DoubleLu {
        lu: m,
        perm,
        perm_inv,
    }
}

fn solve_double(d: &DoubleLu, mut rhs: MatMut<'_, f64>, transpose: bool) {
    let par = parallelism();
    let (n, k) = (d.lu.nrows(), rhs.ncols());
    if transpose {
        let mut mem = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            n, k, par,
        ));
        solve::solve_transpose_in_place(
            d.lu.as_ref(),
            d.lu.as_ref(),
            d.perm(),
            rhs.as_mut(),
            par,
            MemStack::new(&mut mem),
        );
    } else {
        let mut mem = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(n, k, par));
        solve::solve_in_place(
            d.lu.as_ref(),
            d.lu.as_ref(),
            d.perm(),
            rhs.as_mut(),
            par,
            MemStack::new(&mut mem),
        );
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

    /// A seeded random productive system of order n (column sums of A 0.7).
    fn productive(n: usize, seed: u64) -> Mat<f64> {
        let mut seed = seed;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let raw = Mat::from_fn(n, n, |_, _| rnd());
        Mat::from_fn(n, n, |i, j| {
            let s: f64 = raw.col(j).iter().sum();
            raw[(i, j)] * 0.7 / s
        })
    }

    /// Mixed precision: forward and transposed block solves equal the
    /// double-precision ones to 1e-12 relative (κ(I − A) ≈ 6 here times
    /// the backward-error target 3n·u ≤ 1e-13), with a certified backward
    /// error within the target and no fallback.
    #[test]
    fn mixed_precision_equals_double_precision() {
        for n in [1usize, 2, 17, 65, 300] {
            let a = productive(n, 0x2545f4914f6cdd1d + n as u64);
            let b = Mat::from_fn(n, 4, |i, j| 1.0 + ((i * 7 + j * 3) % 11) as f64);
            let double = Leontief::new(a.as_ref(), &|j| j.to_string()).unwrap();
            let mixed =
                Leontief::new_with(a.as_ref(), &|j| j.to_string(), Precision::Mixed).unwrap();
            assert_eq!(mixed.precision(), Precision::Mixed);
            for transpose in [false, true] {
                let (x, y) = if transpose {
                    (
                        double.solve_transpose_mat(b.as_ref()),
                        mixed.solve_transpose_mat(b.as_ref()),
                    )
                } else {
                    (double.solve_mat(b.as_ref()), mixed.solve_mat(b.as_ref()))
                };
                let diff = (&x - &y).norm_max() / x.norm_max();
                assert!(diff < 1e-12, "n={n} transpose={transpose}: {diff:e}");
            }
            let r = mixed.refinement();
            assert_eq!(r.solves, 2);
            assert!(r.fell_back.is_none(), "{r:?}");
            assert!(r.worst_backward_error <= r.target, "{r:?}");
            assert!(r.target <= 1e-12 && (1..=3).contains(&r.max_steps), "{r:?}");
            assert_eq!(mixed.precision(), Precision::Mixed);
            assert!(!mixed.is_unpivoted());
        }
    }

    /// The same through a table: `Leontief::of_with` shares Z and refines
    /// against x − Z(x ⊘ x_out).
    #[test]
    fn mixed_precision_of_a_table_matches_miller_blair() {
        use crate::system::{Extension, FinalDemandColumn, MrioParts, Stressor};
        let m = Mrio::new(MrioParts {
            provenance: Default::default(),
            regions: vec!["R".into()],
            sectors: vec!["s1".into(), "s2".into()],
            final_demand: vec![FinalDemandColumn::new("R", "HH")],
            z: Mat::from_fn(2, 2, |i, j| [[150.0, 500.0], [200.0, 100.0]][i][j]),
            y: Mat::from_fn(2, 1, |i, _| [350.0, 1700.0][i]),
            x: vec![1000.0, 2000.0],
            factor_inputs: Extension {
                name: "factor_inputs".into(),
                stressors: vec![Stressor::new("VA", "USD")],
                f: Mat::from_fn(1, 2, |_, j| [650.0, 1400.0][j]),
                f_y: None,
            },
            value_added_row: Some("VA".into()),
            extensions: vec![],
        })
        .unwrap();
        let l = Leontief::of_with(&m, Precision::Mixed).unwrap();
        let x = l.solve(&[350.0, 1700.0]);
        assert!((x[0] - 1000.0).abs() < 1e-10 && (x[1] - 2000.0).abs() < 1e-10);
        let mult = l.solve_transpose(&[1.0, 1.0]);
        assert!((mult[0] - 1.15 / 0.7575).abs() < 1e-14);
        assert!((mult[1] - 1.10 / 0.7575).abs() < 1e-14);
        assert!(l.refinement().fell_back.is_none());
    }

    /// An ill-conditioned system (n = 5, column sums of A 1 − 2·10⁻⁷,
    /// κ·u₃₂ ≈ 1: single-precision pivots large enough to pass their
    /// test, but the refinement gains too little per step) falls back to
    /// the double LU, says so, and gives the double LU's answer.
    #[test]
    fn ill_conditioned_system_falls_back_to_double_precision() {
        let n = 5;
        let w = |i: usize, j: usize| 1.0 + 0.3 * ((i * 5 + j * 3) % 7) as f64;
        let a = Mat::from_fn(n, n, |i, j| {
            (1.0 - 2e-7) * w(i, j) / (0..n).map(|k| w(k, j)).sum::<f64>()
        });
        let b = Mat::from_fn(n, 2, |i, j| 1.0 + (i + j) as f64 * 0.37);
        let double = Leontief::new(a.as_ref(), &|j| j.to_string()).unwrap();
        let mixed = Leontief::new_with(a.as_ref(), &|j| j.to_string(), Precision::Mixed).unwrap();
        assert_eq!(
            mixed.precision(),
            Precision::Mixed,
            "{:?}",
            mixed.refinement()
        );
        let x = double.solve_mat(b.as_ref());
        let y = mixed.solve_mat(b.as_ref());
        let r = mixed.refinement();
        assert_eq!(mixed.precision(), Precision::Double, "{r:?}");
        assert_eq!(r.requested, Precision::Mixed);
        let why = r.fell_back.expect("a fallback");
        assert!(why.contains("refinement"), "{why}");
        assert_eq!((&x - &y).norm_max(), 0.0, "the double LU's own answer");
        // Later solves go straight to the double LU.
        let yt = mixed.solve_transpose_mat(b.as_ref());
        assert_eq!(
            (&double.solve_transpose_mat(b.as_ref()) - &yt).norm_max(),
            0.0
        );
    }

    /// A nearly singular system (column sums 1 − 1e-9) has a
    /// single-precision pivot too small to refine from: factored in double
    /// precision at once; an exactly singular one still names its sector.
    #[test]
    fn near_singular_system_is_factored_in_double_precision() {
        let n = 6;
        let a = Mat::from_fn(n, n, |_, _| (1.0 - 1e-9) / n as f64);
        let l = Leontief::new_with(a.as_ref(), &|j| j.to_string(), Precision::Mixed).unwrap();
        assert_eq!(l.precision(), Precision::Double);
        assert!(l.refinement().fell_back.unwrap().contains("pivot"));
        let x = l.solve(&vec![1.0; n]);
        // (I − A)⁻¹ 1 = 1 / (1 − column sum) = 1e9 for this A.
        assert!(x.iter().all(|v| (v / 1e9 - 1.0).abs() < 1e-5), "{x:?}");
        let a = Mat::from_fn(2, 2, |i, j| [[0.5, 0.5], [0.5, 0.5]][i][j]);
        let err =
            Leontief::new_with(a.as_ref(), &|j| format!("R_s{j}"), Precision::Mixed).unwrap_err();
        assert!(matches!(err, MrioError::Singular { label, .. } if label == "R_s1"));
    }
}
