//! A dense square matrix in one column-major buffer, for the factorisations.
//!
//! Why not faer's `Mat`: `Mat::zeros` (and `to_owned`) write every entry on
//! one thread, and on a fresh allocation each 4 KiB page faults as it is
//! first written: 52 ms for the 96 MB of an f64 matrix at n = 3,465, a
//! third of the whole LU at n = 1,435. A `vec![0; n²]` is a zeroed
//! allocation (the kernel's zero pages, nothing written), so its pages are
//! first touched by the parallel pass that fills in I − A, on every core.

use faer::{MatMut, MatRef};
use rayon::prelude::*;

/// n × n, column-major, entries `data[i + j·n]`.
#[derive(Debug, Clone)]
pub(super) struct Square<T> {
    data: Vec<T>,
    n: usize,
}

impl<T: Copy + Default + Send + Sync> Square<T> {
    /// n × n zeros, from a zeroed allocation (for f32 and f64, whose zero
    /// is all zero bits).
    pub(super) fn zeroed(n: usize) -> Self {
        Self {
            data: vec![T::default(); n * n],
            n,
        }
    }

    /// Fills column j with `fill(j, column)` for every j, in parallel;
    /// returns the largest value `fill` returns (e.g. max |m_ij|).
    pub(super) fn fill_columns(&mut self, fill: impl Fn(usize, &mut [T]) -> f64 + Sync) -> f64 {
        let n = self.n.max(1);
        self.data
            .par_chunks_mut(n)
            .enumerate()
            .map(|(j, col)| fill(j, col))
            .reduce(|| 0.0, f64::max)
    }

    pub(super) fn nrows(&self) -> usize {
        self.n
    }

    pub(super) fn as_ref(&self) -> MatRef<'_, T> {
        MatRef::from_column_major_slice(&self.data, self.n, self.n)
    }

    pub(super) fn as_mut(&mut self) -> MatMut<'_, T> {
        MatMut::from_column_major_slice_mut(&mut self.data, self.n, self.n)
    }

    /// Entry (i, j).
    pub(super) fn at(&self, i: usize, j: usize) -> T {
        self.data[i + j * self.n]
    }
}
