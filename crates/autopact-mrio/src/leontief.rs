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

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, solve};
use faer::perm::PermRef;
use faer::{Mat, MatMut, MatRef, Par};
use rayon::prelude::*;

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

/// LU factorisation of (I − A), reused for every solve.
#[derive(Debug, Clone)]
pub struct Leontief {
    lu: Mat<f64>,
    perm: Vec<usize>,
    perm_inv: Vec<usize>,
}

impl Leontief {
    /// Factors (I − A) of a table, building I − Z x̂⁻¹ directly in the
    /// factorisation buffer (no separate copy of A: at n = 9,800 each dense
    /// matrix is 768 MB).
    pub fn of(mrio: &Mrio) -> Result<Self> {
        let z = mrio.z();
        let x = mrio.x();
        let inv_x: Vec<f64> = x
            .iter()
            .map(|&v| if v != 0.0 { 1.0 / v } else { 0.0 })
            .collect();
        // A copy of Z (no zero-fill pass), turned column by column, in
        // parallel, into m_·j = e_j − z_·j / x_j, with the largest magnitude
        // for the singularity test found in the same pass.
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
        let column_sum = |j: usize| z.col(j).iter().sum::<f64>() * inv_x[j];
        Self::factor_scaled(m, scale, &column_sum, &|j| mrio.label(j))
    }

    /// Factors (I − A) for a given A. `labels(j)` names column j in errors.
    ///
    /// Fails with [`MrioError::Singular`] when a pivot is not larger than
    /// n·ε·max|I − A| in magnitude.
    pub fn new(a: MatRef<'_, f64>, labels: &dyn Fn(usize) -> String) -> Result<Self> {
        let n = a.nrows();
        if a.ncols() != n {
            return Err(MrioError::Dimension(format!(
                "A must be square, got {} × {}",
                a.nrows(),
                a.ncols()
            )));
        }
        let m = Mat::from_fn(
            n,
            n,
            |i, j| if i == j { 1.0 - a[(i, j)] } else { -a[(i, j)] },
        );
        Self::from_i_minus_a(m, &|j| a.col(j).iter().sum::<f64>(), labels)
    }

    /// Factors a matrix that already holds (I − A), in place.
    /// `column_sum(j)` (Σ_i a_ij) and `labels(j)` only explain a singular
    /// system.
    pub fn from_i_minus_a(
        m: Mat<f64>,
        column_sum: &dyn Fn(usize) -> f64,
        labels: &dyn Fn(usize) -> String,
    ) -> Result<Self> {
        let scale = m.norm_max();
        Self::factor_scaled(m, scale, column_sum, labels)
    }

    /// Factors (I − A) in place, `scale` being max|I − A| (for the
    /// singularity test).
    fn factor_scaled(
        mut m: Mat<f64>,
        scale: f64,
        column_sum: &dyn Fn(usize) -> f64,
        labels: &dyn Fn(usize) -> String,
    ) -> Result<Self> {
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
        let tol = (n.max(1) as f64) * f64::EPSILON * scale.max(1.0);
        for k in 0..n {
            let p = m[(k, k)];
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
        Ok(Self {
            lu: m,
            perm,
            perm_inv,
        })
    }

    /// Order n of the system.
    pub fn n(&self) -> usize {
        self.lu.nrows()
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.perm, &self.perm_inv, self.n())
    }

    /// Overwrites the columns of `rhs` (B) with X = L B = (I − A)⁻¹ B.
    pub fn solve_in_place(&self, mut rhs: MatMut<'_, f64>) {
        let par = parallelism();
        let mut mem = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(
            self.n(),
            rhs.ncols(),
            par,
        ));
        solve::solve_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            rhs.as_mut(),
            par,
            MemStack::new(&mut mem),
        );
    }

    /// Overwrites the columns of `rhs` (C) with M = Lᵀ C = (I − A)⁻ᵀ C,
    /// i.e. row j of Mᵀ is cᵀL — multipliers and prices.
    pub fn solve_transpose_in_place(&self, mut rhs: MatMut<'_, f64>) {
        let par = parallelism();
        let mut mem = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            self.n(),
            rhs.ncols(),
            par,
        ));
        solve::solve_transpose_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            rhs.as_mut(),
            par,
            MemStack::new(&mut mem),
        );
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

    /// True when the factorisation made no row interchanges (P = I). That is
    /// the case for every table with A ≥ 0 and column sums of A at most 1
    /// (non-negative value added): I − A is then column diagonally dominant,
    /// and partial pivoting keeps the diagonal at every step.
    pub fn is_unpivoted(&self) -> bool {
        self.perm.iter().enumerate().all(|(i, &p)| i == p)
    }

    /// Rows `start..n` of X = L B for a block B that is zero in rows
    /// `0..start`. `rhs` holds rows `start..n` of B (n − start rows) and is
    /// overwritten with rows `start..n` of X.
    ///
    /// Without row interchanges, (I − A) = 𝓛𝓤 and both triangular solves
    /// only touch the trailing (n − start)² corner: 𝓛₂₂ y₂ = b₂, 𝓤₂₂ x₂ = y₂.
    /// A block whose support starts at `start` thus costs (1 − start/n)² of
    /// a full solve. Returns `false` and leaves `rhs` untouched when the
    /// factorisation pivoted ([`Leontief::is_unpivoted`]); use
    /// [`Leontief::solve_in_place`] then.
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
        let t = self
            .lu
            .as_ref()
            .submatrix(start, start, n - start, n - start);
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
