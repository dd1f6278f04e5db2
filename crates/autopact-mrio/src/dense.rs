//! An owned dense matrix in one column-major buffer that is allocated
//! zeroed.
//!
//! Why not faer's `Mat` for the big matrices (Z, the LU buffers): `Mat::zeros`
//! (and `to_owned`) write every entry on one thread, and on a fresh
//! allocation every 4 KiB page faults as it is first written: 52 ms for the
//! 96 MB of an f64 matrix at n = 3,465, a third of reading the table. A
//! `vec![0; n²]` is a zeroed allocation (the kernel's zero pages; nothing
//! written), so its pages are first touched by the parallel pass that fills
//! it — the reader's scatter, the LU's forming of I − A — on every core.
//! Everything else works on faer views of it ([`Dense::as_ref`],
//! [`Dense::as_mut`]).

use std::ops::{Index, IndexMut};

use faer::{Mat, MatMut, MatRef};
use rayon::prelude::*;

/// nrows × ncols, column-major: entry (i, j) at `i + j·nrows`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<T = f64> {
    data: Vec<T>,
    nrows: usize,
    ncols: usize,
}

impl<T: Copy + Default + Send + Sync + 'static> Dense<T> {
    /// Zeros, from a zeroed allocation (f32 and f64, whose zero is all
    /// zero bits, get `calloc`'s untouched pages).
    pub fn zeros(nrows: usize, ncols: usize) -> Self {
        Self {
            data: vec![T::default(); nrows * ncols],
            nrows,
            ncols,
        }
    }

    /// Fills column j with `fill(j, column)` for every j, in parallel;
    /// returns the largest value `fill` returns (e.g. max |m_ij|).
    pub fn fill_columns(&mut self, fill: impl Fn(usize, &mut [T]) -> f64 + Sync) -> f64 {
        if self.nrows == 0 {
            return 0.0;
        }
        self.data
            .par_chunks_mut(self.nrows)
            .enumerate()
            .map(|(j, col)| fill(j, col))
            .reduce(|| 0.0, f64::max)
    }

    /// Number of rows.
    pub fn nrows(&self) -> usize {
        self.nrows
    }

    /// Number of columns.
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// A faer view.
    pub fn as_ref(&self) -> MatRef<'_, T> {
        MatRef::from_column_major_slice(&self.data, self.nrows, self.ncols)
    }

    /// A mutable faer view.
    pub fn as_mut(&mut self) -> MatMut<'_, T> {
        MatMut::from_column_major_slice_mut(&mut self.data, self.nrows, self.ncols)
    }

    /// Column j, contiguous.
    pub fn col(&self, j: usize) -> &[T] {
        &self.data[j * self.nrows..(j + 1) * self.nrows]
    }

    /// Entry (i, j).
    pub fn at(&self, i: usize, j: usize) -> T {
        self.data[i + j * self.nrows]
    }

    /// A copy as a faer matrix.
    pub fn to_mat(&self) -> Mat<T>
    where
        T: faer::traits::ComplexField,
    {
        self.as_ref().to_owned()
    }
}

impl<T: Copy + Default + Send + Sync + 'static> From<MatRef<'_, T>> for Dense<T> {
    /// A copy, column by column in parallel.
    fn from(m: MatRef<'_, T>) -> Self {
        let mut out = Self::zeros(m.nrows(), m.ncols());
        out.fill_columns(|j, col| {
            for (i, c) in col.iter_mut().enumerate() {
                *c = m[(i, j)];
            }
            0.0
        });
        out
    }
}

impl<T: Copy + Default + Send + Sync + 'static> From<Mat<T>> for Dense<T> {
    fn from(m: Mat<T>) -> Self {
        Self::from(m.as_ref())
    }
}

impl<T> Index<(usize, usize)> for Dense<T> {
    type Output = T;

    fn index(&self, (i, j): (usize, usize)) -> &T {
        assert!(i < self.nrows && j < self.ncols, "({i}, {j}) out of bounds");
        &self.data[i + j * self.nrows]
    }
}

impl<T> IndexMut<(usize, usize)> for Dense<T> {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut T {
        assert!(i < self.nrows && j < self.ncols, "({i}, {j}) out of bounds");
        &mut self.data[i + j * self.nrows]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_index_and_copies_agree() {
        let m = Mat::from_fn(3, 2, |i, j| (10 * i + j) as f64);
        let mut d = Dense::from(m.as_ref());
        assert_eq!((d.nrows(), d.ncols()), (3, 2));
        assert_eq!(d[(2, 1)], 21.0);
        assert_eq!(d.at(1, 0), 10.0);
        assert_eq!(d.col(1), &[1.0, 11.0, 21.0]);
        assert_eq!(d.as_ref(), m.as_ref());
        d[(0, 1)] = -1.0;
        d.as_mut()[(1, 1)] = -2.0;
        assert_eq!(d.to_mat()[(0, 1)], -1.0);
        assert_eq!(d.col(1), &[-1.0, -2.0, 21.0]);
        let big = d.fill_columns(|j, col| {
            col.fill(j as f64 + 0.5);
            j as f64
        });
        assert_eq!(big, 1.0);
        assert_eq!(d.col(0), &[0.5; 3]);
        let z = Dense::<f32>::zeros(4, 0);
        assert_eq!(z.as_ref().ncols(), 0);
    }
}
