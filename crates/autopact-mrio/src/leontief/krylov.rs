//! Block-Jacobi-preconditioned GMRES: solves with (I − A) without a dense
//! factorisation, for sparse multi-regional tables.
//!
//! Why: a multi-regional table is, by construction, nearly block diagonal.
//! Each region buys most of its inputs at home, so the domestic blocks
//! D = blockdiag((I − A)_rr) carry the system and the trade blocks
//! F = D − (I − A) (the imported input coefficients, F ≥ 0) are a
//! perturbation: ρ(D⁻¹F) is 0.26 for WIOD 2011 and 0.30 for the synthetic
//! 3,465 table (`bench/README.md`). When Z is sparse, D and F together
//! hold a few percent of n² numbers, and an iteration costs
//! 2·(nnz(F) + Σ_r n_r²) flops per right-hand side against the (2/3)n³ of
//! the LU that it replaces.
//!
//! The iteration is GMRES (Saad & Schultz 1986) with D as right
//! preconditioner, one Krylov space per right-hand side:
//!
//! ```text
//! (I − A) D⁻¹ u = b,   x = D⁻¹ u,   (I − A) D⁻¹ v = v − F (D⁻¹ v)
//! ```
//!
//! (for the transposed system, Dᵀ, Fᵀ). Right preconditioning makes the
//! residual GMRES minimises the true one, ‖b − (I − A)x‖₂. A column stops
//! when that residual is below target·‖b‖∞, which bounds its normwise
//! backward error η = ‖b − (I − A)x‖∞ / (‖I − A‖∞‖x‖∞) by the target
//! (‖r‖∞ ≤ ‖r‖₂ and ‖b‖∞ ≤ ‖I − A‖∞‖x‖∞ + ‖r‖∞, so η ≤ target up to a
//! factor 1 + target); then the residual is recomputed in
//! double precision from D and F and η certified, exactly as the
//! mixed-precision refinement certifies its solves. GMRES restarts from
//! the current x when the recomputed residual misses the target, and the
//! double-precision LU takes over when it still does not converge.
//!
//! Convergence is guaranteed for the tables this is used on: with A ≥ 0
//! and every column sum of A below 1, I − A is a nonsingular M-matrix, and
//! D − F is a regular splitting (D⁻¹ ≥ 0, F ≥ 0), so ρ(D⁻¹F) < 1 (Varga,
//! *Matrix Iterative Analysis*, 1962, Thm 3.13). The block-Jacobi iterate
//! after k steps, whose residual is (FD⁻¹)ᵏ b → 0, lies in the Krylov space
//! GMRES minimises over, so each GMRES cycle does at least as well as k
//! block-Jacobi steps from where it starts. Other tables are factored.
//!
//! The kernels work on blocks of [`LANES`] right-hand sides stored row by
//! row (lane l of row i at `i·L + l`), so every inner loop runs over the
//! lanes, and they are compiled for the best instruction set found at run
//! time (`pulp`'s dispatch; no `unsafe` here). Sums are plain
//! multiply-adds, never fused, so the answers do not depend on the machine.

use std::sync::Arc;

use faer::linalg::solvers::DenseSolveCore;
use faer::{Mat, MatMut, MatRef};

use super::LeontiefParams;
use crate::dense::Dense;

mod lanes;

pub(super) use lanes::max_or_nan;
use lanes::{
    Givens, axpy_neg, blocks, dots, gather, norms2, scale_lanes, transpose_blocks,
    worst_backward_error,
};
use rayon::prelude::*;

/// Right-hand sides per block of the kernels: one AVX-512 register (two
/// AVX2 ones) of doubles per row. Eight balance two cores better than
/// sixteen on the ~80-column blocks of multipliers and footprints
/// (5–10% faster end to end at n = 3,465).
pub(super) const LANES: usize = 8;

/// A sparse matrix by rows: the entries of row i are `val[start[i]..start[i + 1]]`
/// in the columns `idx` at the same positions.
#[derive(Debug, Clone, Default)]
struct Csr {
    start: Vec<usize>,
    idx: Vec<u32>,
    val: Vec<f64>,
}

impl Csr {
    /// From per-row lists.
    fn from_rows(rows: Vec<(Vec<u32>, Vec<f64>)>) -> Self {
        let nnz = rows.iter().map(|(i, _)| i.len()).sum();
        let mut out = Csr {
            start: Vec::with_capacity(rows.len() + 1),
            idx: Vec::with_capacity(nnz),
            val: Vec::with_capacity(nnz),
        };
        out.start.push(0);
        for (i, v) in rows {
            out.idx.extend_from_slice(&i);
            out.val.extend_from_slice(&v);
            out.start.push(out.idx.len());
        }
        out
    }

    /// The transpose (rows become columns), by a counting sort.
    fn transpose(&self, ncols: usize) -> Self {
        let mut count = vec![0usize; ncols + 1];
        for &j in &self.idx {
            count[j as usize + 1] += 1;
        }
        for j in 0..ncols {
            count[j + 1] += count[j];
        }
        let mut next = count.clone();
        let mut idx = vec![0u32; self.idx.len()];
        let mut val = vec![0.0; self.val.len()];
        for i in 0..self.start.len() - 1 {
            for p in self.start[i]..self.start[i + 1] {
                let j = self.idx[p] as usize;
                idx[next[j]] = i as u32;
                val[next[j]] = self.val[p];
                next[j] += 1;
            }
        }
        Csr {
            start: count,
            idx,
            val,
        }
    }

    fn nonzeros(&self) -> usize {
        self.val.len()
    }
}

/// (I − A) split as D − F for block-Jacobi GMRES (see the module docs).
#[derive(Debug, Clone)]
pub(super) struct BlockJacobi {
    n: usize,
    /// Order of each diagonal block (sectors per region).
    bs: usize,
    /// D's blocks, each bs × bs row-major: (I − A) within a region; and
    /// Dᵀ's, so that both products run over rows.
    d: Vec<f64>,
    d_t: Vec<f64>,
    /// D⁻¹'s blocks and D⁻ᵀ's, each bs × bs row-major.
    d_inv: Vec<f64>,
    d_inv_t: Vec<f64>,
    /// F by rows (for F·x) and by columns (for Fᵀ·x).
    f_rows: Csr,
    f_cols: Csr,
    /// ‖I − A‖∞ and ‖I − A‖₁.
    pub(super) norm_inf: f64,
    pub(super) norm_one: f64,
    /// I − A = I − B diag(s), for the double-precision LU if it takes over.
    pub(super) b: Arc<Dense>,
    pub(super) s: Vec<f64>,
}

/// What one block of right-hand sides achieved.
#[derive(Debug, Clone, Copy)]
pub(super) struct Outcome {
    /// GMRES iterations (operator applications) of the slowest column.
    pub(super) iterations: u32,
    /// Largest certified backward error.
    pub(super) worst: f64,
    /// Every column reached the target.
    pub(super) converged: bool,
    /// Flops spent (for the choice of factoring instead).
    pub(super) flops: f64,
}

impl BlockJacobi {
    /// Splits I − B diag(s) into D − F with diagonal blocks of order `bs`,
    /// or says why GMRES is not guaranteed to converge on it (a negative
    /// coefficient, or a column of A summing to 1 or more).
    pub(super) fn of(b: Arc<Dense>, s: Vec<f64>, bs: usize) -> Result<Self, String> {
        let n = b.nrows();
        if bs == 0 || n % bs != 0 || u32::try_from(n).is_err() {
            return Err(format!("{n} rows are not whole blocks of {bs}"));
        }
        // One parallel pass over B by columns: F's nonzeros by column, the
        // column sums of A, and the row sums of |I − A| per chunk.
        const CHUNK: usize = 64;
        type Part = (Vec<(Vec<u32>, Vec<f64>)>, Vec<f64>, f64, Option<String>);
        let parts: Vec<Part> = (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let cols = c * CHUNK..((c + 1) * CHUNK).min(n);
                let mut rows_abs = vec![0.0f64; n];
                let mut norm_one = 0.0f64;
                let mut bad = None;
                let f = cols
                    .map(|j| {
                        let col = b.col(j);
                        let (g0, g1) = (j / bs * bs, (j / bs + 1) * bs);
                        let mut idx = Vec::new();
                        let mut val = Vec::new();
                        let mut sum = 0.0;
                        for i in 0..n {
                            let a = col[i] * s[j];
                            if a == 0.0 {
                                continue;
                            }
                            if (a < 0.0 || a.is_nan()) && bad.is_none() {
                                bad =
                                    Some(format!("a negative coefficient in row {i}, column {j}"));
                            }
                            sum += a;
                            if i != j {
                                rows_abs[i] += a;
                            }
                            if !(g0..g1).contains(&i) {
                                idx.push(i as u32);
                                val.push(a);
                            }
                        }
                        // Σ_i |δ_ij − a_ij| = |1 − a_jj| + Σ_{i≠j} a_ij.
                        let a_jj = col[j] * s[j];
                        rows_abs[j] += (1.0 - a_jj).abs();
                        norm_one = norm_one.max(sum - a_jj + (1.0 - a_jj).abs());
                        if (sum >= 1.0 || sum.is_nan()) && bad.is_none() {
                            bad = Some(format!("column {j} of A sums to {sum}, not below 1"));
                        }
                        (idx, val)
                    })
                    .collect();
                (f, rows_abs, norm_one, bad)
            })
            .collect();
        let mut by_col = Vec::with_capacity(n);
        let mut rows_abs = vec![0.0f64; n];
        let mut norm_one = 0.0f64;
        for (f, r, one, bad) in parts {
            if let Some(bad) = bad {
                return Err(bad);
            }
            by_col.extend(f);
            for (a, v) in rows_abs.iter_mut().zip(&r) {
                *a += v;
            }
            norm_one = norm_one.max(one);
        }
        let norm_inf = rows_abs.iter().copied().fold(0.0, f64::max);
        let f_cols = Csr::from_rows(by_col);
        let f_rows = f_cols.transpose(n);
        let (d, d_inv) = diagonal_blocks(&b, &s, bs)?;
        Ok(Self {
            n,
            bs,
            d_t: transpose_blocks(&d, bs),
            d_inv_t: transpose_blocks(&d_inv, bs),
            d,
            d_inv,
            f_rows,
            f_cols,
            norm_inf,
            norm_one,
            b,
            s,
        })
    }

    /// Nonzeros of F.
    pub(super) fn trade_nonzeros(&self) -> usize {
        self.f_rows.nonzeros()
    }

    /// Numbers the iterations work with: F's nonzeros and D's blocks.
    pub(super) fn nonzeros(&self) -> usize {
        self.trade_nonzeros() + self.d.len()
    }

    /// Flops of one iteration for one right-hand side: D⁻¹, F and the
    /// orthogonalisation against ~10 Krylov vectors.
    pub(super) fn flops_per_iteration(&self) -> f64 {
        2.0 * (self.trade_nonzeros() as f64 + (self.n * self.bs) as f64) + 40.0 * self.n as f64
    }

    /// Overwrites the columns of `rhs` with (I − A)⁻¹ rhs (or (I − A)⁻ᵀ rhs)
    /// when every column converges within `params.gmres_cycles` cycles of
    /// `params.gmres_restart` iterations; returns what happened. On
    /// failure `rhs` is left as it was.
    pub(super) fn solve(
        &self,
        mut rhs: MatMut<'_, f64>,
        transpose: bool,
        target: f64,
        params: &LeontiefParams,
    ) -> Outcome {
        let (n, k) = (rhs.nrows(), rhs.ncols());
        let lanes = if k == 1 {
            1
        } else if k <= 4 {
            4
        } else {
            LANES
        };
        let chunks: Vec<usize> = (0..k.div_ceil(lanes)).collect();
        let rhs_ref = rhs.as_ref();
        let results: Vec<(Vec<f64>, Outcome)> = chunks
            .par_iter()
            .map(|&c| {
                let c0 = c * lanes;
                let w = lanes.min(k - c0);
                let arch = pulp::Arch::new();
                let job = Job {
                    split: self,
                    b: rhs_ref,
                    c0,
                    w,
                    transpose,
                    target,
                    restart: params.gmres_restart,
                    cycles: params.gmres_cycles,
                };
                match lanes {
                    1 => arch.dispatch(Chunk::<1>(job)),
                    4 => arch.dispatch(Chunk::<4>(job)),
                    _ => arch.dispatch(Chunk::<LANES>(job)),
                }
            })
            .collect();
        let mut total = Outcome {
            iterations: 0,
            worst: 0.0,
            converged: true,
            flops: 0.0,
        };
        for (_, o) in &results {
            total.iterations = total.iterations.max(o.iterations);
            total.worst = total.worst.max(o.worst);
            total.converged &= o.converged;
            total.flops += o.flops;
        }
        if total.converged {
            for (c, (x, _)) in results.iter().enumerate() {
                let c0 = c * lanes;
                let w = lanes.min(k - c0);
                for l in 0..w {
                    for i in 0..n {
                        rhs[(i, c0 + l)] = x[i * lanes + l];
                    }
                }
            }
        }
        total
    }

    /// GMRES on columns `c0..c0 + w` of `b` (w ≤ L), as lanes, in at most
    /// `cycles` cycles of `m` iterations.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn chunk<const L: usize>(
        &self,
        b: MatRef<'_, f64>,
        c0: usize,
        w: usize,
        transpose: bool,
        target: f64,
        m: usize,
        cycles: usize,
    ) -> (Vec<f64>, Outcome) {
        let n = self.n;
        let norm = if transpose {
            self.norm_one
        } else {
            self.norm_inf
        };
        let mut rhs = vec![0.0f64; n * L];
        let mut b_max = [0.0f64; L];
        for l in 0..w {
            let col = b.col(c0 + l);
            for i in 0..n {
                rhs[i * L + l] = col[i];
                b_max[l] = b_max[l].max(col[i].abs());
            }
        }
        let mut x = vec![0.0f64; n * L];
        let mut r = rhs.clone();
        let mut basis: Vec<Vec<f64>> = Vec::with_capacity(m.min(64) + 1);
        let mut t = vec![0.0f64; n * L];
        let mut outcome = Outcome {
            iterations: 0,
            worst: f64::INFINITY,
            converged: false,
            flops: 0.0,
        };
        let per_iteration = self.flops_per_iteration() * L as f64;
        for cycle in 0..cycles {
            if cycle > 0 {
                self.residual::<L>(&rhs, &x, &mut r, transpose);
            }
            let beta = norms2::<L>(&r);
            let mut lsq = Givens::<L>::new(beta, m);
            // A lane is done when its residual is within target·‖b‖∞ (or
            // it is padding, or its Krylov space is exhausted); `steps` is
            // how many basis vectors its solution uses.
            let mut steps = [0usize; L];
            let mut done: [bool; L] =
                std::array::from_fn(|l| l >= w || beta[l] <= target * b_max[l]);
            basis.clear();
            let mut v0 = r.clone();
            scale_lanes::<L>(&mut v0, &beta);
            basis.push(v0);
            while basis.len() <= m && done.iter().any(|d| !d) {
                let j = basis.len() - 1;
                // w = (I − A) D⁻¹ v_j, orthogonalised (modified Gram–Schmidt).
                let mut wv = vec![0.0f64; n * L];
                self.apply_preconditioned::<L>(&basis[j], &mut t, &mut wv, transpose);
                let mut col = vec![[0.0f64; L]; j + 2];
                for (i, v) in basis.iter().enumerate() {
                    col[i] = dots::<L>(&wv, v);
                    axpy_neg::<L>(&mut wv, &col[i], v);
                }
                let hn = norms2::<L>(&wv);
                col[j + 1] = hn;
                scale_lanes::<L>(&mut wv, &hn);
                basis.push(wv);
                let residual = lsq.push(col);
                for l in 0..L {
                    if !done[l] {
                        steps[l] = j + 1;
                        done[l] = residual[l] <= target * b_max[l] || hn[l] == 0.0;
                    }
                }
                outcome.iterations += 1;
                outcome.flops += per_iteration;
            }
            // x += D⁻¹ V y, each lane with its own number of steps.
            let y = lsq.solve(&steps);
            let mut u = vec![0.0f64; n * L];
            for (yq, v) in y.iter().zip(&basis) {
                for (ui, vi) in u.chunks_exact_mut(L).zip(v.chunks_exact(L)) {
                    for l in 0..L {
                        ui[l] += yq[l] * vi[l];
                    }
                }
            }
            self.apply_d_inv::<L>(&u, &mut t, transpose);
            for (xi, ti) in x.iter_mut().zip(&t) {
                *xi += ti;
            }
            self.residual::<L>(&rhs, &x, &mut r, transpose);
            outcome.flops += 2.0 * per_iteration;
            outcome.worst = worst_backward_error::<L>(&r, &x, w, norm);
            if outcome.worst <= target {
                outcome.converged = true;
                break;
            }
        }
        (x, outcome)
    }

    /// out = D⁻¹ v (or D⁻ᵀ v).
    #[inline(always)]
    fn apply_d_inv<const L: usize>(&self, v: &[f64], out: &mut [f64], transpose: bool) {
        let m = if transpose {
            &self.d_inv_t
        } else {
            &self.d_inv
        };
        blocks::<L>(self.bs, m, v, out);
    }

    /// out = (I − A) D⁻¹ v = v − F (D⁻¹ v) (or the transposed operator),
    /// with `t` as scratch.
    #[inline(always)]
    fn apply_preconditioned<const L: usize>(
        &self,
        v: &[f64],
        t: &mut [f64],
        out: &mut [f64],
        transpose: bool,
    ) {
        self.apply_d_inv::<L>(v, t, transpose);
        let f = if transpose {
            &self.f_cols
        } else {
            &self.f_rows
        };
        gather::<L>(f, t, v, -1.0, out);
    }

    /// r = b − (I − A) x = b − D x + F x (or with Dᵀ, Fᵀ).
    #[inline(always)]
    fn residual<const L: usize>(&self, b: &[f64], x: &[f64], r: &mut [f64], transpose: bool) {
        let mut dx = vec![0.0f64; x.len()];
        blocks::<L>(
            self.bs,
            if transpose { &self.d_t } else { &self.d },
            x,
            &mut dx,
        );
        let f = if transpose {
            &self.f_cols
        } else {
            &self.f_rows
        };
        for (o, bi) in dx.iter_mut().zip(b) {
            *o = bi - *o;
        }
        gather::<L>(f, x, &dx, 1.0, r);
    }
}

/// What one block of right-hand sides solves: columns `c0..c0 + w` of
/// `b`, in at most `cycles` GMRES cycles of `restart` iterations.
#[derive(Clone, Copy)]
struct Job<'a> {
    split: &'a BlockJacobi,
    b: MatRef<'a, f64>,
    c0: usize,
    w: usize,
    transpose: bool,
    target: f64,
    restart: usize,
    cycles: usize,
}

/// One block of L right-hand sides for `pulp`'s dispatch: everything
/// [`BlockJacobi::chunk`] runs is inlined into the function compiled for
/// the instruction set found at run time.
struct Chunk<'a, const L: usize>(Job<'a>);

impl<const L: usize> pulp::WithSimd for Chunk<'_, L> {
    type Output = (Vec<f64>, Outcome);

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        let j = self.0;
        j.split
            .chunk::<L>(j.b, j.c0, j.w, j.transpose, j.target, j.restart, j.cycles)
    }
}

/// A matrix's diagonal blocks and their inverses, each row-major.
type Blocks = (Vec<f64>, Vec<f64>);

/// D's blocks and their inverses (row-major), each by faer's LU.
fn diagonal_blocks(b: &Dense, s: &[f64], bs: usize) -> Result<Blocks, String> {
    let n = b.nrows();
    let g = n / bs;
    let parts: Vec<Result<Blocks, String>> = (0..g)
        .into_par_iter()
        .map(|r| {
            let o = r * bs;
            let blk = Mat::<f64>::from_fn(bs, bs, |i, j| {
                let a = b[(o + i, o + j)] * s[o + j];
                if i == j { 1.0 - a } else { -a }
            });
            let lu = blk.partial_piv_lu();
            let inv = lu.inverse();
            // An M-matrix block is nonsingular; a non-finite inverse means
            // the block is numerically singular after all.
            if inv.col_iter().any(|c| c.iter().any(|v| !v.is_finite())) {
                return Err(format!("the domestic block of region {r} is singular"));
            }
            let mut d = vec![0.0; bs * bs];
            let mut di = vec![0.0; bs * bs];
            for i in 0..bs {
                for j in 0..bs {
                    d[i * bs + j] = blk[(i, j)];
                    di[i * bs + j] = inv[(i, j)];
                }
            }
            Ok((d, di))
        })
        .collect();
    let mut d = Vec::with_capacity(n * bs);
    let mut d_inv = Vec::with_capacity(n * bs);
    for p in parts {
        let (a, ai) = p?;
        d.extend_from_slice(&a);
        d_inv.extend_from_slice(&ai);
    }
    Ok((d, d_inv))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use faer::Mat;

    use super::BlockJacobi;
    use crate::decompose::dense::random_table;
    use crate::dense::Dense;
    use crate::leontief::{Leontief, LeontiefParams, Precision};
    use crate::system::Mrio;

    fn rhs(n: usize, k: usize) -> Mat<f64> {
        // Mixed signs, and a zero column when there are three or more.
        Mat::from_fn(n, k, |i, j| {
            if j == 2 {
                0.0
            } else {
                ((i * 7 + j * 13) % 11) as f64 - 3.0 + j as f64
            }
        })
    }

    fn split_of(m: &Mrio) -> BlockJacobi {
        let s: Vec<f64> = m.x().iter().map(|&v| 1.0 / v).collect();
        BlockJacobi::of(Arc::new(Dense::from(m.z())), s, m.n_sectors()).unwrap()
    }

    #[test]
    fn iterative_solves_equal_double_precision() {
        let m = random_table(6, 15, 11, true);
        let double = Leontief::of(&m).unwrap();
        let it = Leontief::of_with(&m, Precision::Iterative)
            .unwrap()
            .keep_iterating();
        assert_eq!(it.precision(), Precision::Iterative);
        let n = m.n();
        // One lane, four lanes (three used), two blocks of eight, and 37
        // (five blocks, the last padded).
        for k in [1, 3, 16, 37] {
            let b = rhs(n, k);
            for transpose in [false, true] {
                let (mut x, mut xd) = (b.clone(), b.clone());
                if transpose {
                    it.solve_transpose_in_place(x.as_mut());
                    double.solve_transpose_in_place(xd.as_mut());
                } else {
                    it.solve_in_place(x.as_mut());
                    double.solve_in_place(xd.as_mut());
                }
                let diff = (&x - &xd).norm_max() / xd.norm_max();
                assert!(diff < 1e-12, "k = {k}, transpose {transpose}: {diff:e}");
                if k >= 3 {
                    assert!(x.col(2).iter().all(|v| *v == 0.0));
                }
            }
        }
        let r = it.refinement();
        assert_eq!(r.requested, Precision::Iterative);
        assert!(r.fell_back.is_none(), "{r:?}");
        assert_eq!(r.solves, 8);
        assert!((1..=40).contains(&r.max_steps), "{r:?}");
        assert!(r.worst_backward_error <= r.target, "{r:?}");
        assert!(
            r.sparse_residual_density
                .is_some_and(|d| d > 0.0 && d <= 1.0)
        );
        assert_eq!(it.precision(), Precision::Iterative);
    }

    #[test]
    fn norms_and_split_match_the_matrix() {
        let m = random_table(4, 6, 3, true);
        let split = split_of(&m);
        let a = crate::leontief::technical_coefficients(m.z(), m.x());
        let n = m.n();
        let ia = Mat::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - a[(i, j)]);
        let inf = (0..n)
            .map(|i| ia.row(i).iter().map(|v| v.abs()).sum::<f64>())
            .fold(0.0, f64::max);
        let one = (0..n)
            .map(|j| ia.col(j).iter().map(|v| v.abs()).sum::<f64>())
            .fold(0.0, f64::max);
        assert!((split.norm_inf - inf).abs() < 1e-14 * inf);
        assert!((split.norm_one - one).abs() < 1e-14 * one);
        // F holds exactly the nonzero coefficients between regions.
        let between = (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .filter(|&(i, j)| i / 6 != j / 6 && a[(i, j)] != 0.0)
            .count();
        assert_eq!(split.trade_nonzeros(), between);
    }

    #[test]
    fn a_table_that_is_not_an_m_matrix_is_factored() {
        // Sector 4 buys more than it produces: its column of A sums past 1
        // (negative value added), so convergence is not guaranteed.
        let mut p = random_table(3, 5, 3, true).into_parts();
        let x4 = p.x[4];
        p.z[(0, 4)] += x4;
        p.x[0] += x4;
        let m = Mrio::new(p).unwrap();
        let l = Leontief::of_with(&m, Precision::Iterative).unwrap();
        assert_eq!(l.precision(), Precision::Double);
        let r = l.refinement();
        assert_eq!(r.requested, Precision::Iterative);
        let why = r.fell_back.unwrap();
        assert!(
            why.contains("iterative solves not used: column 4 of A sums to"),
            "{why}"
        );
        let b = rhs(m.n(), 2);
        let (mut x, mut xd) = (b.clone(), b.clone());
        l.solve_in_place(x.as_mut());
        Leontief::of(&m).unwrap().solve_in_place(xd.as_mut());
        assert_eq!(x, xd);
    }

    #[test]
    fn solves_that_would_cost_more_than_a_factorisation_hand_over_to_the_lu() {
        // On 90 sectors one factorisation is ~0.5 Mflop: less than the
        // first GMRES solve would cost, so the LU takes over at once.
        let m = random_table(6, 15, 5, true);
        let it = Leontief::of_with(&m, Precision::Iterative).unwrap();
        let inv = it.inverse();
        assert_eq!(it.precision(), Precision::Double);
        let why = it.refinement().fell_back.unwrap();
        assert!(
            why.contains("would bring their cost past one factorisation"),
            "{why}"
        );
        let want = Leontief::of(&m).unwrap().inverse();
        assert!((&inv - &want).norm_max() < 1e-13 * want.norm_max());
    }

    #[test]
    fn a_block_gmres_cannot_certify_is_solved_by_the_double_lu() {
        let m = random_table(5, 12, 4, true);
        let mut it = Leontief::of_with(&m, Precision::Iterative)
            .unwrap()
            .keep_iterating();
        // No solve can reach a backward error of 0.
        it.log.target = 0.0;
        let b = rhs(m.n(), 6);
        let (mut x, mut xd) = (b.clone(), b.clone());
        it.solve_transpose_in_place(x.as_mut());
        Leontief::of(&m)
            .unwrap()
            .solve_transpose_in_place(xd.as_mut());
        assert_eq!(x, xd);
        assert_eq!(it.precision(), Precision::Double);
        let why = it.refinement().fell_back.unwrap();
        assert!(why.starts_with("GMRES reached backward error"), "{why}");
    }

    #[test]
    fn a_nan_right_hand_side_is_never_certified() {
        let m = random_table(4, 10, 9, true);
        let split = split_of(&m);
        let mut b = rhs(m.n(), 3);
        b[(5, 1)] = f64::NAN;
        let keep = b.clone();
        let out = split.solve(b.as_mut(), false, 1e-13, &LeontiefParams::auto());
        assert!(!out.converged && out.worst.is_infinite(), "{out:?}");
        assert!(
            b.col(1)
                .iter()
                .zip(keep.col(1).iter())
                .all(|(p, q)| p.to_bits() == q.to_bits())
        );
        assert!(super::max_or_nan(1.0, f64::NAN).is_nan());
        assert!(super::max_or_nan(f64::NAN, 2.0).is_nan());
        assert_eq!(super::max_or_nan(1.0, 2.0), 2.0);
    }

    #[test]
    fn a_solve_that_misses_its_target_reports_it_and_leaves_the_input() {
        let m = random_table(4, 10, 9, true);
        let split = split_of(&m);
        let b = rhs(m.n(), 5);
        let mut x = b.clone();
        // A backward error of 0 is out of reach in floating point.
        let out = split.solve(x.as_mut(), false, 0.0, &LeontiefParams::auto());
        assert!(!out.converged);
        assert!(out.worst > 0.0 && out.worst < 1e-12, "{out:?}");
        assert_eq!(x, b);
        // The same solve with the real target converges.
        let out = split.solve(x.as_mut(), true, 1e-13, &LeontiefParams::auto());
        assert!(out.converged, "{out:?}");
        assert!(out.iterations > 0 && out.flops > 0.0);
    }
}
