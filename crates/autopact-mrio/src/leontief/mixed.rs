//! Mixed precision: a single-precision LU of (I − A) with every solve
//! refined in double precision against the table's own Z, and the fallback
//! to the double-precision LU (the method is in the parent module's docs).

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use faer::perm::PermRef;
use faer::{Accum, Mat, MatMut, MatRef, Par};
use rayon::prelude::*;

use super::krylov::max_or_nan;
use super::{
    Leontief, LeontiefParams, Precision, factor_double, i_minus_a, lu_in_place, lu_solve_in_place,
    parallelism, solve_double,
};
use crate::dense::Dense;
use crate::error::Result;

/// Single-precision LU plus what the double-precision residual needs.
#[derive(Debug, Clone)]
pub(super) struct MixedLu {
    pub(super) lu: Dense<f32>,
    pub(super) perm: Vec<usize>,
    pub(super) perm_inv: Vec<usize>,
    /// I − A = I − B diag(s): B = Z (shared with the table) and s = 1 ⊘ x,
    /// or B = A and s = 1.
    pub(super) b: Arc<Dense>,
    pub(super) s: Vec<f64>,
    /// ‖I − A‖∞ (largest row sum of magnitudes) and ‖I − A‖₁ (column).
    pub(super) norm_inf: f64,
    pub(super) norm_one: f64,
    /// B's nonzeros by column, when B is sparse enough for the residual
    /// products to skip its zeros
    /// ([`LeontiefParams::sparse_residual_density`]).
    pub(super) sparse: Option<SparseCols>,
}

/// Right-hand sides per pass of the sparse product: one row of the block
/// (16 doubles, two cache lines) per nonzero.
const LANES: usize = 16;

/// A matrix's nonzeros in compressed sparse columns: the entries of
/// column j are `vals[col_start[j]..col_start[j + 1]]`, in the rows given
/// by `rows` at the same positions.
#[derive(Debug, Clone)]
pub(super) struct SparseCols {
    col_start: Vec<usize>,
    rows: Vec<u32>,
    vals: Vec<f64>,
}

impl SparseCols {
    /// B's nonzeros, when they are at most `max_density` of its entries
    /// (and the order fits the row index); `None` otherwise.
    pub(super) fn of(b: &Dense, nonzeros: usize, max_density: f64) -> Option<Self> {
        let n = b.nrows();
        let entries = (n * b.ncols()).max(1);
        if nonzeros as f64 > max_density * entries as f64 || u32::try_from(n).is_err() {
            return None;
        }
        let per_col: Vec<(Vec<u32>, Vec<f64>)> = (0..b.ncols())
            .into_par_iter()
            .map(|j| {
                let mut rows = Vec::new();
                let mut vals = Vec::new();
                for (i, &v) in b.col(j).iter().enumerate() {
                    if v != 0.0 {
                        rows.push(i as u32);
                        vals.push(v);
                    }
                }
                (rows, vals)
            })
            .collect();
        let mut col_start = Vec::with_capacity(b.ncols() + 1);
        let mut rows = Vec::with_capacity(nonzeros);
        let mut vals = Vec::with_capacity(nonzeros);
        col_start.push(0);
        for (r, v) in per_col {
            rows.extend_from_slice(&r);
            vals.extend_from_slice(&v);
            col_start.push(rows.len());
        }
        Some(Self {
            col_start,
            rows,
            vals,
        })
    }

    /// Number of nonzeros.
    pub(super) fn nonzeros(&self) -> usize {
        self.vals.len()
    }

    /// R ← R + diag(s) Bᵀ X − X, over blocks of [`LANES`] columns in
    /// parallel: u_j = Σ_i b_ij x_i· gathers the rows of X that column j
    /// of B touches.
    fn subtract_transpose_product(&self, r: MatMut<'_, f64>, x: MatRef<'_, f64>, s: &[f64]) {
        let n = x.nrows();
        r.par_col_chunks_mut(LANES)
            .enumerate()
            .for_each(|(chunk, mut r)| {
                let c0 = chunk * LANES;
                let w = r.ncols();
                let xr = rows_of(x, c0, w);
                let mut u = vec![0.0f64; n * LANES];
                for (j, out) in u.chunks_exact_mut(LANES).enumerate() {
                    let mut acc = [0.0f64; LANES];
                    for p in self.col_start[j]..self.col_start[j + 1] {
                        let (row, v) = (self.rows[p] as usize, self.vals[p]);
                        let xi: &[f64; LANES] =
                            xr[row * LANES..(row + 1) * LANES].try_into().unwrap();
                        for l in 0..LANES {
                            acc[l] += v * xi[l];
                        }
                    }
                    out.copy_from_slice(&acc);
                }
                for j in 0..n {
                    for l in 0..w {
                        r[(j, l)] += s[j] * u[j * LANES + l] - x[(j, c0 + l)];
                    }
                }
            });
    }

    /// R ← R + B diag(s) X − X, over blocks of [`LANES`] columns in
    /// parallel: column j of B scatters s_j x_j· into the rows it touches.
    fn subtract_product(&self, r: MatMut<'_, f64>, x: MatRef<'_, f64>, s: &[f64]) {
        let n = x.nrows();
        r.par_col_chunks_mut(LANES)
            .enumerate()
            .for_each(|(chunk, mut r)| {
                let c0 = chunk * LANES;
                let w = r.ncols();
                let xr = rows_of(x, c0, w);
                let mut acc = vec![0.0f64; n * LANES];
                for j in 0..n {
                    let xj: &[f64; LANES] = xr[j * LANES..(j + 1) * LANES].try_into().unwrap();
                    let mut t = [0.0f64; LANES];
                    for l in 0..LANES {
                        t[l] = s[j] * xj[l];
                    }
                    for p in self.col_start[j]..self.col_start[j + 1] {
                        let (row, v) = (self.rows[p] as usize, self.vals[p]);
                        let out: &mut [f64; LANES] = (&mut acc[row * LANES..(row + 1) * LANES])
                            .try_into()
                            .unwrap();
                        for l in 0..LANES {
                            out[l] += v * t[l];
                        }
                    }
                }
                for i in 0..n {
                    for l in 0..w {
                        r[(i, l)] += acc[i * LANES + l] - x[(i, c0 + l)];
                    }
                }
            });
    }
}

/// Columns `c0..c0 + w` of X as rows of [`LANES`] (zero-padded).
fn rows_of(x: MatRef<'_, f64>, c0: usize, w: usize) -> Vec<f64> {
    let n = x.nrows();
    let mut out = vec![0.0f64; n * LANES];
    for l in 0..w {
        let col = x.col(c0 + l);
        for i in 0..n {
            out[i * LANES + l] = col[i];
        }
    }
    out
}

impl MixedLu {
    /// I − A in double precision (for the fallback).
    pub(super) fn i_minus_a(&self) -> Dense<f64> {
        i_minus_a(&self.b, &self.s).0
    }

    /// R ← R − (I − A) X (or (I − A)ᵀ X), R holding B on entry.
    pub(super) fn subtract_product(
        &self,
        r: MatMut<'_, f64>,
        x: MatRef<'_, f64>,
        transpose: bool,
        par: Par,
    ) {
        let mut r = r;
        let (n, k) = (x.nrows(), x.ncols());
        if let Some(sp) = &self.sparse {
            if transpose {
                sp.subtract_transpose_product(r, x, &self.s);
            } else {
                sp.subtract_product(r, x, &self.s);
            }
            return;
        }
        if transpose {
            // (I − A)ᵀ x = x − diag(s) Bᵀ x.
            let mut u = Mat::<f64>::zeros(n, k);
            faer::linalg::matmul::matmul(
                u.as_mut(),
                Accum::Replace,
                Dense::as_ref(&self.b).transpose(),
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
            faer::linalg::matmul::matmul(
                r,
                Accum::Add,
                Dense::as_ref(&self.b),
                t.as_ref(),
                1.0,
                par,
            );
        }
    }

    /// X ← X + (LU)₃₂⁻¹ R (or its transposed solve), column by column
    /// scaled so that the single-precision copy neither overflows nor
    /// underflows.
    pub(super) fn add_correction(
        &self,
        x: MatMut<'_, f64>,
        r: MatRef<'_, f64>,
        transpose: bool,
        par: Par,
    ) {
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
        lu_solve_in_place(self.lu.as_ref(), perm, d.as_mut(), transpose, par);
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
pub(super) struct RefinementLog {
    pub(super) requested: Precision,
    pub(super) solves: AtomicUsize,
    pub(super) max_steps: AtomicU32,
    pub(super) worst_bits: AtomicU64,
    pub(super) target: f64,
    pub(super) fell_back: AtomicBool,
    pub(super) reason: OnceLock<String>,
    /// Flops spent in iterative solves (bits of an f64).
    work_bits: AtomicU64,
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
            work_bits: AtomicU64::new(self.work_bits.load(Ordering::Relaxed)),
        }
    }
}

impl RefinementLog {
    pub(super) fn new(requested: Precision, n: usize) -> Self {
        Self {
            requested,
            solves: AtomicUsize::new(0),
            max_steps: AtomicU32::new(0),
            worst_bits: AtomicU64::new(0f64.to_bits()),
            target: refinement_target(n),
            fell_back: AtomicBool::new(false),
            reason: OnceLock::new(),
            work_bits: AtomicU64::new(0f64.to_bits()),
        }
    }

    pub(super) fn record(&self, steps: u32, worst: f64) {
        self.solves.fetch_add(1, Ordering::Relaxed);
        self.max_steps.fetch_max(steps, Ordering::Relaxed);
        // Non-negative floats order like their bit patterns.
        self.worst_bits
            .fetch_max(worst.max(0.0).to_bits(), Ordering::Relaxed);
    }

    /// Flops spent in iterative solves so far.
    pub(super) fn work(&self) -> f64 {
        f64::from_bits(self.work_bits.load(Ordering::Relaxed))
    }

    pub(super) fn add_work(&self, flops: f64) {
        let _ = self
            .work_bits
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
                Some((f64::from_bits(bits) + flops).to_bits())
            });
    }

    pub(super) fn fall_back(&self, reason: String) {
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
    /// Single-precision LU of I − B diag(s), keeping B for the residuals.
    /// Falls back to the double LU at once when a single-precision pivot
    /// is too small to trust (the double LU then gives the singularity
    /// error, if the system is singular).
    pub(super) fn factor_mixed(
        b: Arc<Dense>,
        s: Vec<f64>,
        column_sum: &dyn Fn(usize) -> f64,
        labels: &dyn Fn(usize) -> String,
        params: &LeontiefParams,
    ) -> Result<Self> {
        let n = b.nrows();
        let mut m = Dense::<f32>::zeros(n, n);
        // One pass over B: the f32 matrix, max|m_ij|, the column sums of
        // magnitudes (‖·‖₁) and the row sums (‖·‖∞, accumulated per block
        // of columns and added up).
        let (scale, norm_one, rows, nonzeros) = m
            .as_mut()
            .par_col_chunks_mut(64)
            .enumerate()
            .map(|(c, mut blk)| {
                let mut rows = vec![0.0f64; n];
                let (mut big, mut col_max, mut nonzeros) = (0.0f64, 0.0f64, 0usize);
                for jj in 0..blk.ncols() {
                    let j = c * 64 + jj;
                    let src = b.col(j);
                    let mut col_sum = 0.0;
                    for i in 0..n {
                        nonzeros += usize::from(src[i] != 0.0);
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
                (big, col_max, rows, nonzeros)
            })
            .reduce(
                || (0.0, 0.0, vec![0.0; n], 0),
                |(b1, c1, mut r1, z1), (b2, c2, r2, z2)| {
                    for (a, b) in r1.iter_mut().zip(&r2) {
                        *a += b;
                    }
                    (b1.max(b2), c1.max(c2), r1, z1 + z2)
                },
            );
        let norm_inf = rows.iter().copied().fold(0.0, f64::max);
        let sparse = SparseCols::of(&b, nonzeros, params.sparse_residual_density);
        let (perm, perm_inv) = lu_in_place(m.as_mut());
        let mixed = MixedLu {
            lu: m,
            perm,
            perm_inv,
            b,
            s,
            norm_inf,
            norm_one,
            sparse,
        };
        let tol = (n.max(1) as f64) * f64::from(f32::EPSILON) * scale.max(1.0);
        let weak = (0..n).find(|&k| {
            let p = f64::from(mixed.lu.at(k, k));
            !p.is_finite() || p.abs() <= tol
        });
        if let Some(k) = weak {
            let i_minus_a = mixed.i_minus_a();
            drop(mixed);
            let lu = factor_double(i_minus_a, scale, column_sum, labels)?;
            let me = Self::from_double(lu, Precision::Mixed, params);
            me.log.fall_back(format!(
                "single-precision pivot {k} too small to refine from; factored in double precision"
            ));
            return Ok(me);
        }
        Ok(Self {
            n,
            double: OnceLock::new(),
            mixed: Some(mixed),
            iterative: None,
            handover: true,
            params: *params,
            log: RefinementLog::new(Precision::Mixed, n),
        })
    }

    /// Mixed-precision solve with refinement; when it does not converge,
    /// the double-precision LU (factored now, once) solves B again and the
    /// reason is logged for [`Leontief::refinement`].
    pub(super) fn refine(&self, mixed: &MixedLu, mut rhs: MatMut<'_, f64>, transpose: bool) {
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
        let max_steps = self.params.max_refinement_steps;
        let mut x = Mat::<f64>::zeros(n, k);
        let mut r = b.clone();
        let mut previous = f64::INFINITY;
        let mut why = format!(
            "no refinement step allowed (max_refinement_steps = {max_steps}, \
             target {target:.1e})"
        );
        for step in 1..=max_steps {
            mixed.add_correction(x.as_mut(), r.as_ref(), transpose, par);
            r.copy_from(&b);
            mixed.subtract_product(r.as_mut(), x.as_ref(), transpose, par);
            let worst = (0..k)
                .map(|j| {
                    let rn = r.col(j).iter().fold(0.0f64, |m, v| max_or_nan(m, v.abs()));
                    let xn = x.col(j).iter().fold(0.0f64, |m, v| max_or_nan(m, v.abs()));
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
                "refinement reached backward error {worst:.1e} in {max_steps} steps \
                 (target {target:.1e})"
            );
        }
        let d = self.double_lu(|| why);
        rhs.copy_from(&b);
        solve_double(d, rhs, transpose);
        self.log.record(max_steps, 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

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

    /// The same block solved by the double LU and by `other`, forward or
    /// transposed.
    fn both(
        double: &Leontief,
        other: &Leontief,
        b: &Mat<f64>,
        transpose: bool,
    ) -> (Mat<f64>, Mat<f64>) {
        if transpose {
            (
                double.solve_transpose_mat(b.as_ref()),
                other.solve_transpose_mat(b.as_ref()),
            )
        } else {
            (double.solve_mat(b.as_ref()), other.solve_mat(b.as_ref()))
        }
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
                let (x, y) = both(&double, &mixed, &b, transpose);
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

    /// A sparse A (about 5% nonzeros, under [`SPARSE_RESIDUAL_DENSITY`]):
    /// the residuals skip the zeros, and forward and transposed solves of
    /// 1, 16 and 37 right-hand sides (one block, a full block, blocks with
    /// a tail) still equal the double-precision ones to 1e-12 relative,
    /// with the certified backward error within target. The sparse
    /// residual is checked against the dense one on the same solve.
    #[test]
    fn mixed_precision_with_sparse_residuals_equals_double_precision() {
        let n = 240;
        let dense = productive(n, 0x9e3779b97f4a7c15);
        let a = Mat::from_fn(n, n, |i, j| {
            if i == j || (i * 31 + j * 17) % 23 == 0 {
                dense[(i, j)] * 4.0
            } else {
                0.0
            }
        });
        let double = Leontief::new(a.as_ref(), &|j| j.to_string()).unwrap();
        let mixed = Leontief::new_with(a.as_ref(), &|j| j.to_string(), Precision::Mixed).unwrap();
        let density = mixed.refinement().sparse_residual_density.expect("sparse");
        assert!(
            density > 0.0 && density <= SPARSE_RESIDUAL_DENSITY,
            "{density}"
        );
        for k in [1usize, 16, 37] {
            let b = Mat::from_fn(n, k, |i, j| 1.0 + ((i * 7 + j * 3) % 11) as f64);
            for transpose in [false, true] {
                let (x, y) = both(&double, &mixed, &b, transpose);
                let diff = (&x - &y).norm_max() / x.norm_max();
                assert!(diff < 1e-12, "k={k} transpose={transpose}: {diff:e}");
                // The sparse residual equals the dense one.
                let m = mixed.mixed.as_ref().unwrap();
                let dense_m = mixed::MixedLu {
                    sparse: None,
                    ..m.clone()
                };
                let mut r_sparse = b.clone();
                let mut r_dense = b.clone();
                m.subtract_product(r_sparse.as_mut(), y.as_ref(), transpose, Par::Seq);
                dense_m.subtract_product(r_dense.as_mut(), y.as_ref(), transpose, Par::Seq);
                let gap = (&r_sparse - &r_dense).norm_max();
                assert!(
                    gap <= 1e-12 * b.norm_max(),
                    "k={k} transpose={transpose}: {gap:e}"
                );
            }
        }
        let r = mixed.refinement();
        assert!(r.fell_back.is_none(), "{r:?}");
        assert!(r.worst_backward_error <= r.target, "{r:?}");
        // A dense A keeps the dense residual.
        let full = Leontief::new_with(
            productive(50, 3).as_ref(),
            &|j| j.to_string(),
            Precision::Mixed,
        )
        .unwrap();
        assert_eq!(full.refinement().sparse_residual_density, None);
    }

    /// The chooser: iterative solves below a density of n / 67,500, else
    /// mixed from 5,000, or from 2,500 when Z is sparse.
    #[test]
    fn precision_for_a_table_weighs_order_and_density() {
        assert_eq!(Precision::for_table(1435, 0.2), Precision::Double);
        assert_eq!(Precision::for_table(1435, 0.03), Precision::Double);
        assert_eq!(Precision::for_table(1435, 0.02), Precision::Iterative);
        assert_eq!(Precision::for_table(3465, 0.03), Precision::Iterative);
        assert_eq!(Precision::for_table(3465, 0.08), Precision::Mixed);
        assert_eq!(Precision::for_table(3465, 0.5), Precision::Double);
        assert_eq!(Precision::for_table(9800, 0.1), Precision::Iterative);
        assert_eq!(Precision::for_table(9800, 0.5), Precision::Mixed);
        assert_eq!(Precision::for_table(500, 0.001), Precision::Double);
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
            z: Mat::from_fn(2, 2, |i, j| [[150.0, 500.0], [200.0, 100.0]][i][j]).into(),
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
