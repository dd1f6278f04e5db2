//! The lane-wise kernels of the block-Jacobi GMRES: every inner loop runs
//! over the L right-hand sides of a block stored row by row (lane l of
//! row i at `i·L + l`), and everything is `#[inline(always)]` so that it
//! is compiled into the function `pulp` picked for this machine.

use super::Csr;

/// GMRES's small least-squares problem, per lane: the Hessenberg matrix
/// reduced to upper triangular by Givens rotations as its columns come,
/// and the rotated right-hand side g (|g_{j+1}| is the residual norm).
pub(super) struct Givens<const L: usize> {
    /// r[j][i] is R(i, j) per lane (column j is j + 2 long).
    r: Vec<Vec<[f64; L]>>,
    rot: Vec<([f64; L], [f64; L])>,
    g: Vec<[f64; L]>,
}

impl<const L: usize> Givens<L> {
    #[inline(always)]
    /// Room for `m` columns (the restart length) is reserved up to 64;
    /// more grow as they come.
    pub(super) fn new(beta: [f64; L], m: usize) -> Self {
        let m = m.min(64);
        let mut g = Vec::with_capacity(m + 1);
        g.push(beta);
        Self {
            r: Vec::with_capacity(m),
            rot: Vec::with_capacity(m),
            g,
        }
    }

    /// Adds column j of the Hessenberg matrix (`col` holds rows
    /// 0..=j + 1); returns the new residual norm of each lane.
    #[inline(always)]
    pub(super) fn push(&mut self, mut col: Vec<[f64; L]>) -> [f64; L] {
        let j = self.r.len();
        debug_assert_eq!(col.len(), j + 2);
        self.g.push([0.0f64; L]);
        let mut c = [1.0f64; L];
        let mut sn = [0.0f64; L];
        for l in 0..L {
            for (i, (ci, si)) in self.rot.iter().enumerate() {
                let (a, b) = (col[i][l], col[i + 1][l]);
                col[i][l] = ci[l] * a + si[l] * b;
                col[i + 1][l] = -si[l] * a + ci[l] * b;
            }
            let (a, b) = (col[j][l], col[j + 1][l]);
            let rho = a.hypot(b);
            if rho > 0.0 {
                c[l] = a / rho;
                sn[l] = b / rho;
            }
            col[j][l] = c[l] * a + sn[l] * b;
            col[j + 1][l] = 0.0;
            self.g[j + 1][l] = -sn[l] * self.g[j][l];
            self.g[j][l] *= c[l];
        }
        self.rot.push((c, sn));
        self.r.push(col);
        std::array::from_fn(|l| self.g[j + 1][l].abs())
    }

    /// y with R y = g over each lane's first `steps[l]` columns (zero
    /// beyond), by back substitution.
    #[inline(always)]
    pub(super) fn solve(&self, steps: &[usize; L]) -> Vec<[f64; L]> {
        let mut y = vec![[0.0f64; L]; self.r.len()];
        for l in 0..L {
            for i in (0..steps[l]).rev() {
                let mut acc = self.g[i][l];
                for (rq, yq) in self.r[i + 1..steps[l]].iter().zip(&y[i + 1..steps[l]]) {
                    acc -= rq[i][l] * yq[l];
                }
                let d = self.r[i][i][l];
                y[i][l] = if d != 0.0 { acc / d } else { 0.0 };
            }
        }
        y
    }
}

/// max(a, b), but NaN when either is (`f64::max` drops a NaN, which
/// would certify a solve whose residual is NaN in some rows).
#[inline(always)]
pub(in crate::leontief) fn max_or_nan(a: f64, b: f64) -> f64 {
    if a.is_nan() {
        a
    } else if b.is_nan() || b > a {
        b
    } else {
        a
    }
}

/// The largest ‖r‖∞ / (norm · ‖x‖∞) over the first `w` lanes (infinite
/// for a non-finite or zero x with a non-zero residual).
#[inline(always)]
pub(super) fn worst_backward_error<const L: usize>(
    r: &[f64],
    x: &[f64],
    w: usize,
    norm: f64,
) -> f64 {
    let mut rn = [0.0f64; L];
    let mut xn = [0.0f64; L];
    for (ri, xi) in r.chunks_exact(L).zip(x.chunks_exact(L)) {
        for l in 0..L {
            rn[l] = max_or_nan(rn[l], ri[l].abs());
            xn[l] = max_or_nan(xn[l], xi[l].abs());
        }
    }
    let mut worst = 0.0f64;
    for l in 0..w {
        let eta = if rn[l] == 0.0 {
            0.0
        } else if xn[l] == 0.0 || !rn[l].is_finite() || !xn[l].is_finite() {
            f64::INFINITY
        } else {
            rn[l] / (norm * xn[l])
        };
        worst = if eta.is_nan() {
            f64::INFINITY
        } else {
            worst.max(eta)
        };
    }
    worst
}

/// The transposes of square blocks of order bs stored one after another.
pub(super) fn transpose_blocks(m: &[f64], bs: usize) -> Vec<f64> {
    let mut out = vec![0.0; m.len()];
    for (src, dst) in m.chunks_exact(bs * bs).zip(out.chunks_exact_mut(bs * bs)) {
        for i in 0..bs {
            for j in 0..bs {
                dst[j * bs + i] = src[i * bs + j];
            }
        }
    }
    out
}

/// out = blockdiag(M) v, M's blocks bs × bs row-major.
#[inline(always)]
pub(super) fn blocks<const L: usize>(bs: usize, mats: &[f64], v: &[f64], out: &mut [f64]) {
    for (g, m) in mats.chunks_exact(bs * bs).enumerate() {
        let vin = &v[g * bs * L..(g + 1) * bs * L];
        let o = &mut out[g * bs * L..(g + 1) * bs * L];
        for (row, oi) in m.chunks_exact(bs).zip(o.chunks_exact_mut(L)) {
            let mut acc = [0.0f64; L];
            for (&a, vp) in row.iter().zip(vin.chunks_exact(L)) {
                for l in 0..L {
                    acc[l] += a * vp[l];
                }
            }
            oi.copy_from_slice(&acc);
        }
    }
}

/// out_i = base_i ± Σ_p f_ip x_p (`sign` is 1 or −1; base − s and
/// base + (−1·s) are the same double, so both uses share one kernel).
#[inline(always)]
pub(super) fn gather<const L: usize>(f: &Csr, x: &[f64], base: &[f64], sign: f64, out: &mut [f64]) {
    for i in 0..f.start.len() - 1 {
        let mut acc = [0.0f64; L];
        for p in f.start[i]..f.start[i + 1] {
            let (j, a) = (f.idx[p] as usize, f.val[p]);
            let xj: &[f64; L] = x[j * L..(j + 1) * L].try_into().unwrap();
            for l in 0..L {
                acc[l] += a * xj[l];
            }
        }
        let bi: &[f64; L] = base[i * L..(i + 1) * L].try_into().unwrap();
        let oi: &mut [f64; L] = (&mut out[i * L..(i + 1) * L]).try_into().unwrap();
        for l in 0..L {
            oi[l] = bi[l] + sign * acc[l];
        }
    }
}

/// Lane-wise dot products.
#[inline(always)]
pub(super) fn dots<const L: usize>(a: &[f64], b: &[f64]) -> [f64; L] {
    let mut acc = [0.0f64; L];
    for (ai, bi) in a.chunks_exact(L).zip(b.chunks_exact(L)) {
        for l in 0..L {
            acc[l] += ai[l] * bi[l];
        }
    }
    acc
}

/// a −= c ∘ b, lane-wise.
#[inline(always)]
pub(super) fn axpy_neg<const L: usize>(a: &mut [f64], c: &[f64; L], b: &[f64]) {
    for (ai, bi) in a.chunks_exact_mut(L).zip(b.chunks_exact(L)) {
        for l in 0..L {
            ai[l] -= c[l] * bi[l];
        }
    }
}

/// Lane-wise 2-norms.
#[inline(always)]
pub(super) fn norms2<const L: usize>(a: &[f64]) -> [f64; L] {
    let mut s = dots::<L>(a, a);
    for v in &mut s {
        *v = v.sqrt();
    }
    s
}

/// a ⊘ by, lane-wise (a zero divisor leaves the lane at zero).
#[inline(always)]
pub(super) fn scale_lanes<const L: usize>(a: &mut [f64], by: &[f64; L]) {
    let inv: [f64; L] = std::array::from_fn(|l| if by[l] > 0.0 { 1.0 / by[l] } else { 0.0 });
    for ai in a.chunks_exact_mut(L) {
        for l in 0..L {
            ai[l] *= inv[l];
        }
    }
}
