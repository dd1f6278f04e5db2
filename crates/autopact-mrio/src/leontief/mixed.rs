//! Mixed precision: a single-precision LU of (I − A) with every solve
//! refined in double precision against the table's own Z, and the fallback
//! to the double-precision LU (the method is in the parent module's docs).

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use faer::perm::PermRef;
use faer::{Accum, Mat, MatMut, MatRef, Par};
use rayon::prelude::*;

use super::square::Square;
use super::{
    Leontief, MAX_REFINEMENT_STEPS, Precision, factor_double, lu_in_place, lu_solve_in_place,
    parallelism, solve_double,
};
use crate::error::Result;

/// Single-precision LU plus what the double-precision residual needs.
#[derive(Debug, Clone)]
pub(super) struct MixedLu {
    pub(super) lu: Square<f32>,
    pub(super) perm: Vec<usize>,
    pub(super) perm_inv: Vec<usize>,
    /// I − A = I − B diag(s): B = Z (shared with the table) and s = 1 ⊘ x,
    /// or B = A and s = 1.
    pub(super) b: Arc<Mat<f64>>,
    pub(super) s: Vec<f64>,
    /// ‖I − A‖∞ (largest row sum of magnitudes) and ‖I − A‖₁ (column).
    pub(super) norm_inf: f64,
    pub(super) norm_one: f64,
    /// B's nonzeros by column, when B is sparse enough for the residual
    /// products to skip its zeros ([`SPARSE_RESIDUAL_DENSITY`]).
    pub(super) sparse: Option<SparseCols>,
}

/// Largest share of nonzeros in B for which the residual products use
/// [`SparseCols`] rather than the dense matrix product. Real tables are
/// mostly zeros (80% of WIOD 2011's Z), and the two residual
/// products per refinement are what the mixed path pays for its cheaper
/// LU. The sparse product streams each nonzero once per 16 right-hand
/// sides at a few flops per nonzero, against the dense kernel's ~100
/// GFLOP/s over every entry: the two tie at WIOD 2011's density (about
/// 20%), and at 3% (the synthetic 3,465 and 9,800 tables) the sparse
/// residuals take a third of the time (measured in `bench/README.md`).
pub const SPARSE_RESIDUAL_DENSITY: f64 = 0.15;

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
    pub(super) fn of(b: &Mat<f64>, nonzeros: usize, max_density: f64) -> Option<Self> {
        let n = b.nrows();
        let entries = (n * b.ncols()).max(1);
        if nonzeros as f64 > max_density * entries as f64 || u32::try_from(n).is_err() {
            return None;
        }
        let per_col: Vec<(Vec<u32>, Vec<f64>)> = (0..b.ncols())
            .into_par_iter()
            .map(|j| {
                let col = b.col(j);
                let mut rows = Vec::new();
                let mut vals = Vec::new();
                for i in 0..n {
                    let v = col[i];
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
    pub(super) fn i_minus_a(&self) -> Square<f64> {
        i_minus_a(&self.b, &self.s)
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

/// I − B diag(s) in double precision, by columns in parallel.
pub(super) fn i_minus_a(b: &Mat<f64>, s: &[f64]) -> Square<f64> {
    let mut m = Square::<f64>::zeroed(b.nrows());
    m.fill_columns(|j, col| {
        let src = b.col(j);
        for (i, c) in col.iter_mut().enumerate() {
            *c = -src[i] * s[j];
        }
        col[j] += 1.0;
        0.0
    });
    m
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
        b: Arc<Mat<f64>>,
        s: Vec<f64>,
        column_sum: &dyn Fn(usize) -> f64,
        labels: &dyn Fn(usize) -> String,
    ) -> Result<Self> {
        let n = b.nrows();
        let mut m = Square::<f32>::zeroed(n);
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
        let sparse = SparseCols::of(&b, nonzeros, SPARSE_RESIDUAL_DENSITY);
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
            iterative: None,
            handover: true,
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
}
