//! The thresholds that choose a table's solver path and the limits that
//! bound it, in one plain struct ([`LeontiefParams`]), and the choice of
//! path they make ([`LeontiefParams::precision_for_table`]).

use super::Precision;

/// Thresholds and limits of the Leontief solver: which path a table gets
/// ([`LeontiefParams::precision_for_table`], used by
/// [`Leontief::of_params`](super::Leontief::of_params)), how many steps a
/// mixed-precision refinement and how many GMRES iterations may take
/// before the double-precision LU takes over, and when the iterative
/// solves hand over to it because they have cost about a factorisation.
///
/// Modelled on faer's `PartialPivLuParams`: plain public fields, and
/// [`LeontiefParams::auto`] (also [`Default`]) gives the measured defaults
/// that [`Leontief::of`](super::Leontief::of),
/// [`Leontief::of_with`](super::Leontief::of_with) and
/// [`Precision::for_table`] use. Change a field with struct update syntax:
///
/// ```
/// use autopact_mrio::LeontiefParams;
///
/// // Refine at most twice before falling back to the double LU.
/// let p = LeontiefParams { max_refinement_steps: 2, ..LeontiefParams::auto() };
/// assert_eq!(p.gmres_restart, LeontiefParams::auto().gmres_restart);
/// ```
///
/// Any value is accepted; the edge cases force a path. An order threshold
/// of 1 picks that path for every table (0 also for an empty one) and
/// `usize::MAX` never; `max_refinement_steps = 0` sends every
/// mixed-precision solve to the double LU; `gmres_restart = 0` or
/// `gmres_cycles = 0` lets GMRES make no progress, so the double LU
/// solves every block that is not zero; `iterative_flop_cost = 0` counts
/// the iterative solves as free, so [`LeontiefParams::precision_for_table`]
/// picks them from `iterative_from` on and they never hand over to the LU
/// for their cost (only when GMRES does not converge).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeontiefParams {
    /// Order from which [`LeontiefParams::precision_for_few_solves`] (and so
    /// [`LeontiefParams::precision_for_table`] for a dense Z) picks mixed
    /// precision. A certified refinement costs two residual products and
    /// two single-precision solves per block of right-hand sides, about
    /// three double-precision solves: at n = 3,465 with the ~240
    /// right-hand sides of multipliers and footprints that costs as much
    /// as the single-precision LU saves (measured side by side,
    /// `bench/README.md`); the saving grows as n³ and the cost as n², so
    /// at n = 9,800 the mixed path wins clearly. Default 5,000.
    pub mixed_precision_from: usize,

    /// Order from which [`LeontiefParams::precision_for_table`] picks mixed
    /// precision for a sparse Z (at most `sparse_residual_density`
    /// nonzeros): its residual products skip the zeros and cost a fraction
    /// of the dense product, so the single-precision LU's saving shows
    /// from here (3,465 with ~3% nonzeros: 15–25% less time end to end,
    /// `bench/README.md`). Default 2,500.
    pub sparse_mixed_precision_from: usize,

    /// Largest share of nonzeros in Z (0–1) for which the residual products
    /// of the mixed-precision refinement use compressed sparse columns
    /// rather than the dense matrix product; also the density below which
    /// `sparse_mixed_precision_from` applies. Real tables are mostly zeros
    /// (80% of WIOD 2011's Z), and the two residual products per
    /// refinement are what the mixed path pays for its cheaper LU. The
    /// sparse product streams each nonzero once per 16 right-hand sides at
    /// a few flops per nonzero, against the dense kernel's ~100 GFLOP/s
    /// over every entry: the two tie at WIOD 2011's density (about 20%),
    /// and at 3% (the synthetic 3,465 and 9,800 tables) the sparse
    /// residuals take a third of the time (measured in
    /// `bench/README.md`). Default 0.15
    /// ([`SPARSE_RESIDUAL_DENSITY`](super::SPARSE_RESIDUAL_DENSITY)).
    pub sparse_residual_density: f64,

    /// Smallest order for which [`LeontiefParams::precision_for_table`]
    /// considers the iterative solves (below it the LU takes
    /// milliseconds). Default 1,000.
    pub iterative_from: usize,

    /// Time of one flop of the iterative kernels in flops of the dense LU
    /// (sparse gathers and lane-wise vector work against faer's blocked
    /// kernels). Measured side by side on the synthetic 3,465 table on two
    /// cores: 18 GFLOP/s for GMRES on 80 columns against 78 GFLOP/s for the
    /// double LU, a ratio of 4.3, rounded up so that the LU is preferred
    /// when the two are close (`bench/README.md`). It weighs the iterative
    /// solves against a factorisation, both when a table's path is chosen
    /// ([`LeontiefParams::precision_for_table`]) and when solves in number
    /// make factoring the cheaper way on ([`Precision::Iterative`]).
    /// Default 6.
    pub iterative_flop_cost: f64,

    /// Blocks of right-hand sides of a typical one-shot command
    /// (multipliers, footprints, value added in trade: a few hundred), for
    /// the cost of the iterative solves in
    /// [`LeontiefParams::precision_for_table`]. Default 250.
    pub typical_solves: f64,

    /// GMRES iterations of a typical solve (11–15 on WIOD 2011 and the
    /// synthetic 3,465 table), for the cost of the iterative solves in
    /// [`LeontiefParams::precision_for_table`], and for the cost of the
    /// first iterative block before one has been measured (when the
    /// iterative solves decide whether to hand over to the LU). Default 15.
    pub typical_iterations: f64,

    /// Most refinement steps (a single-precision solve and a
    /// double-precision residual each) before a mixed-precision solve falls
    /// back to the double-precision LU. Each step gains about
    /// −log₁₀(κ·u₃₂) ≈ 6 digits on a Leontief system, so two steps usually
    /// suffice and 6 is a generous cap; a refinement that stops gaining (a
    /// step that does not halve the backward error) falls back before it.
    /// Default 6.
    pub max_refinement_steps: u32,

    /// Krylov vectors per GMRES cycle before it restarts from the current
    /// solution. The block-Jacobi-preconditioned iteration converges in
    /// 11–14 iterations on WIOD 2011 and the synthetic 3,465 table, so 40
    /// holds a typical solve in one cycle with room to spare; each cycle
    /// keeps up to this many vectors of n per right-hand side.
    /// Default 40.
    pub gmres_restart: usize,

    /// GMRES cycles before the double-precision LU takes over a block that
    /// has not converged. Each cycle ends by recomputing the residual in
    /// double precision and certifying it; a block that misses the target
    /// restarts from its current solution. Three cycles allow up to 120
    /// iterations with the default restart, about eight times a typical
    /// solve. Default 3.
    pub gmres_cycles: usize,
}

impl LeontiefParams {
    /// The measured defaults (each field's documentation says why).
    pub const fn auto() -> Self {
        Self {
            mixed_precision_from: 5000,
            sparse_mixed_precision_from: 2500,
            sparse_residual_density: 0.15,
            iterative_from: 1000,
            iterative_flop_cost: 6.0,
            typical_solves: 250.0,
            typical_iterations: 15.0,
            max_refinement_steps: 6,
            gmres_restart: 40,
            gmres_cycles: 3,
        }
    }

    /// The faster choice for a table of order `n` when a few hundred
    /// right-hand sides will be solved (multipliers, footprints, value
    /// added in trade): mixed from `mixed_precision_from`, double below.
    /// Sweeps that solve thousands of right-hand sides against one LU
    /// should stay with [`Precision::Double`].
    pub fn precision_for_few_solves(&self, n: usize) -> Precision {
        if n >= self.mixed_precision_from {
            Precision::Mixed
        } else {
            Precision::Double
        }
    }

    /// [`LeontiefParams::precision_for_few_solves`] for a table whose Z has
    /// `density` nonzeros (a share, 0–1): mixed also from
    /// `sparse_mixed_precision_from` when Z has at most
    /// `sparse_residual_density` nonzeros (the residuals skip its zeros).
    ///
    /// The iterative solves are taken first, from `iterative_from`, when
    /// they cost less than the double-precision LU for `typical_solves`
    /// right-hand sides of `typical_iterations` iterations each:
    /// solves · iterations · 2·density·n² · `iterative_flop_cost` <
    /// (2/3)n³. With [`LeontiefParams::auto`] that is
    /// 250 · 15 · 2·density·n² · 6 < (2/3)n³, i.e. density < n / 67,500
    /// (5% at n = 3,465, 15% at 9,800, 2% at 1,435).
    pub fn precision_for_table(&self, n: usize, density: f64) -> Precision {
        let nf = n as f64;
        let iterative = self.typical_solves * self.typical_iterations * 2.0 * density * nf * nf;
        if n >= self.iterative_from
            && iterative * self.iterative_flop_cost < 2.0 / 3.0 * nf * nf * nf
        {
            Precision::Iterative
        } else if n >= self.sparse_mixed_precision_from && density <= self.sparse_residual_density {
            Precision::Mixed
        } else {
            self.precision_for_few_solves(n)
        }
    }
}

impl Default for LeontiefParams {
    /// [`LeontiefParams::auto`].
    fn default() -> Self {
        Self::auto()
    }
}

#[cfg(test)]
mod tests {
    use faer::Mat;
    use faer::linalg::solvers::Solve;

    use super::*;
    use crate::leontief::{Leontief, SPARSE_RESIDUAL_DENSITY, technical_coefficients};
    use crate::system::Mrio;

    /// Two regions of three sectors, with trade both ways (so the
    /// block-Jacobi split has a real F) and no round numbers (so no solve
    /// is exact in single precision).
    fn toy() -> Mrio {
        let z = [
            [12.5, 30.1, 7.3, 2.2, 4.1, 0.9],
            [8.7, 15.2, 21.4, 3.3, 1.7, 5.6],
            [4.9, 6.8, 10.3, 0.8, 2.9, 1.4],
            [3.1, 1.2, 2.7, 18.6, 9.9, 14.2],
            [0.6, 4.4, 1.9, 11.3, 20.8, 6.1],
            [2.4, 0.7, 3.8, 7.7, 13.5, 9.4],
        ];
        let y = [
            [61.3, 9.2],
            [44.8, 12.7],
            [70.1, 5.5],
            [8.1, 55.6],
            [10.4, 48.9],
            [6.6, 62.3],
        ];
        Mrio::from_flows(
            &["AAA", "BBB"],
            &["s1", "s2", "s3"],
            Mat::from_fn(6, 6, |i, j| z[i][j]),
            Mat::from_fn(6, 2, |i, j| y[i][j]),
        )
        .unwrap()
    }

    /// Solves a block forward and transposed with `l` and checks both
    /// against faer's full-pivoting LU of the dense I − A, to 1e-12
    /// relative.
    fn check_against_dense(l: &Leontief, m: &Mrio) {
        let n = m.n();
        let a = technical_coefficients(m.z(), m.x());
        let ima = Mat::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - a[(i, j)]);
        let lu = ima.full_piv_lu();
        let b = Mat::from_fn(n, 3, |i, j| 1.0 + ((i * 7 + j * 5) % 9) as f64 * 0.37);
        for transpose in [false, true] {
            let (got, want) = if transpose {
                (l.solve_transpose_mat(b.as_ref()), lu.solve_transpose(&b))
            } else {
                (l.solve_mat(b.as_ref()), lu.solve(&b))
            };
            let diff = (&got - &want).norm_max() / want.norm_max();
            assert!(diff < 1e-12, "transpose {transpose}: {diff:e}");
        }
    }

    #[test]
    fn auto_is_the_measured_defaults() {
        let p = LeontiefParams::auto();
        assert_eq!(p, LeontiefParams::default());
        assert_eq!(
            (p.mixed_precision_from, p.sparse_mixed_precision_from),
            (5000, 2500)
        );
        assert_eq!((p.iterative_from, p.max_refinement_steps), (1000, 6));
        assert_eq!((p.gmres_restart, p.gmres_cycles), (40, 3));
        assert_eq!(
            (
                p.iterative_flop_cost,
                p.typical_solves,
                p.typical_iterations
            ),
            (6.0, 250.0, 15.0)
        );
        assert_eq!(p.sparse_residual_density, 0.15);
        assert_eq!(SPARSE_RESIDUAL_DENSITY, p.sparse_residual_density);
        // The defaults leave a six-sector table to the double LU.
        let m = toy();
        let l = Leontief::of_params(&m, &p).unwrap();
        assert_eq!(l.params(), &p);
        check_against_dense(&l, &m);
        assert_eq!(l.precision(), Precision::Double);
    }

    /// (a) The mixed path chosen by the table's order alone, on a dense Z
    /// (`mixed_precision_from`) and, with sparse residuals, on a Z within
    /// `sparse_residual_density` (`sparse_mixed_precision_from`); every
    /// solve is refined to its target without a fallback.
    #[test]
    fn a_size_threshold_of_one_chooses_mixed_precision() {
        let m = toy();
        let density = m.z_density();
        let dense = LeontiefParams {
            mixed_precision_from: 1,
            ..LeontiefParams::auto()
        };
        let sparse = LeontiefParams {
            sparse_mixed_precision_from: 1,
            sparse_residual_density: 1.0,
            ..LeontiefParams::auto()
        };
        for (p, residual_density) in [(dense, None), (sparse, Some(density))] {
            assert_eq!(p.precision_for_table(m.n(), density), Precision::Mixed);
            // One order above the table: not chosen.
            let above = LeontiefParams {
                mixed_precision_from: m.n() + 1,
                sparse_mixed_precision_from: m.n() + 1,
                ..p
            };
            assert_eq!(above.precision_for_table(m.n(), density), Precision::Double);
            let l = Leontief::of_params(&m, &p).unwrap();
            assert_eq!(l.precision(), Precision::Mixed);
            check_against_dense(&l, &m);
            assert_eq!(l.precision(), Precision::Mixed);
            let r = l.refinement();
            assert!(r.fell_back.is_none(), "{r:?}");
            assert_eq!((r.requested, r.solves), (Precision::Mixed, 2));
            assert!(
                r.max_steps >= 2 && r.worst_backward_error <= r.target,
                "{r:?}"
            );
            assert_eq!(r.sparse_residual_density, residual_density, "{r:?}");
        }
    }

    /// (b) The iterative path chosen from `iterative_from`, with the
    /// iterative flops counted as free so that the solves stay with GMRES
    /// on a table whose LU costs less than one iteration; with the default
    /// cost they hand over to the LU at once.
    #[test]
    fn a_size_threshold_of_one_chooses_the_iterative_solves() {
        let m = toy();
        let p = LeontiefParams {
            iterative_from: 1,
            iterative_flop_cost: 0.0,
            ..LeontiefParams::auto()
        };
        let density = m.z_density();
        assert_eq!(p.precision_for_table(m.n(), density), Precision::Iterative);
        let above = LeontiefParams {
            iterative_from: m.n() + 1,
            ..p
        };
        assert_eq!(above.precision_for_table(m.n(), density), Precision::Double);
        let l = Leontief::of_params(&m, &p).unwrap();
        assert_eq!(l.precision(), Precision::Iterative);
        check_against_dense(&l, &m);
        assert_eq!(l.precision(), Precision::Iterative);
        let r = l.refinement();
        assert!(r.fell_back.is_none(), "{r:?}");
        assert_eq!((r.requested, r.solves), (Precision::Iterative, 2));
        assert!(
            r.max_steps >= 1 && r.worst_backward_error <= r.target,
            "{r:?}"
        );

        // Chosen by a cost model that counts no solves, but solved under
        // the default cost: the first block would cost more than the LU.
        let handed = LeontiefParams {
            iterative_from: 1,
            typical_solves: 0.0,
            ..LeontiefParams::auto()
        };
        let l = Leontief::of_params(&m, &handed).unwrap();
        assert_eq!(l.precision(), Precision::Iterative);
        check_against_dense(&l, &m);
        assert_eq!(l.precision(), Precision::Double);
        let why = l.refinement().fell_back.unwrap();
        assert!(
            why.contains("would bring their cost past one factorisation"),
            "{why}"
        );
    }

    /// (c) A refinement that has not reached its target within
    /// `max_refinement_steps` falls back to the double LU, which then
    /// solves this block and every later one. One step cannot reach
    /// 3n·u from a single-precision solve (it leaves a backward error near
    /// u₃₂ ≈ 6e-8); zero steps refine nothing.
    #[test]
    fn a_refinement_cut_short_falls_back_to_the_double_lu() {
        let m = toy();
        for (steps, says) in [
            (1, "refinement reached backward error"),
            (1, " in 1 steps (target"),
            (0, "no refinement step allowed (max_refinement_steps = 0"),
        ] {
            let p = LeontiefParams {
                mixed_precision_from: 1,
                max_refinement_steps: steps,
                ..LeontiefParams::auto()
            };
            let l = Leontief::of_params(&m, &p).unwrap();
            assert_eq!(l.precision(), Precision::Mixed);
            check_against_dense(&l, &m);
            assert_eq!(l.precision(), Precision::Double);
            let r = l.refinement();
            assert_eq!(r.requested, Precision::Mixed);
            let why = r.fell_back.clone().expect("a fallback");
            assert!(why.contains(says), "{steps} steps: {why}");
            // Only the first block was refined; the transposed one went
            // straight to the double LU.
            assert_eq!((r.solves, r.max_steps), (1, steps), "{r:?}");
        }
    }

    /// (d) GMRES limited to `gmres_cycles` cycles of `gmres_restart`
    /// iterations cannot certify a solve of the toy (its trade block
    /// makes one iteration fall short of 3n·u), so the double LU solves
    /// the block and the later ones.
    #[test]
    fn gmres_cut_short_falls_back_to_the_double_lu() {
        let m = toy();
        for (restart, cycles) in [(1, 1), (1, 2), (0, 3), (40, 0)] {
            let p = LeontiefParams {
                iterative_from: 1,
                iterative_flop_cost: 0.0,
                gmres_restart: restart,
                gmres_cycles: cycles,
                ..LeontiefParams::auto()
            };
            let l = Leontief::of_params(&m, &p).unwrap();
            assert_eq!(l.precision(), Precision::Iterative);
            check_against_dense(&l, &m);
            assert_eq!(l.precision(), Precision::Double);
            let r = l.refinement();
            assert_eq!(r.requested, Precision::Iterative);
            let why = r.fell_back.expect("a fallback");
            assert!(
                why.starts_with("GMRES reached backward error")
                    && why.contains(&format!("after {} iterations", restart * cycles)),
                "restart {restart}, cycles {cycles}: {why}"
            );
        }
    }
}
