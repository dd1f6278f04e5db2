//! A small balanced table for unit tests.

use autopact_core::Provenance;
use autopact_mrio::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};
use clap::{Args, FromArgMatches};
use faer::Mat;

/// Parses flags into a request, as the CLI does.
pub fn args_from<A: Args + FromArgMatches>(argv: &[&str]) -> A {
    let cmd = A::augment_args(clap::Command::new("test"));
    let m = cmd
        .try_get_matches_from(std::iter::once("test").chain(argv.iter().copied()))
        .unwrap();
    A::from_arg_matches(&m).unwrap()
}

/// A balanced 3-region × 2-sector table (AAA, BBB, CCC; s1, s2).
pub fn tiny3() -> Mrio {
    let n = 6;
    let z = Mat::from_fn(n, n, |i, j| {
        if i / 2 == j / 2 {
            10.0 + ((i * 7 + j * 3) % 11) as f64
        } else {
            1.0 + ((i * 5 + j) % 4) as f64
        }
    });
    let y = Mat::from_fn(n, 3, |i, r| {
        if i / 2 == r {
            80.0 + i as f64
        } else {
            5.0 + r as f64
        }
    });
    let x: Vec<f64> = (0..n)
        .map(|i| z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>())
        .collect();
    let regions = ["AAA", "BBB", "CCC"].map(String::from).to_vec();
    table("tiny3", regions, vec!["s1".into(), "s2".into()], z, y, x)
}

/// A table from its parts: final demand one `HFCE` column per region, and
/// value added the residual x − 1ᵀZ.
fn table(
    name: &str,
    regions: Vec<String>,
    sectors: Vec<String>,
    z: Mat<f64>,
    y: Mat<f64>,
    x: Vec<f64>,
) -> Mrio {
    let va: Vec<f64> = (0..x.len())
        .map(|j| x[j] - z.col(j).iter().sum::<f64>())
        .collect();
    Mrio::new(MrioParts {
        provenance: Provenance {
            name: name.into(),
            unit: "USD million".into(),
            ..Provenance::default()
        },
        final_demand: regions
            .iter()
            .map(|r| FinalDemandColumn::new(r, "HFCE"))
            .collect(),
        regions,
        sectors,
        z: z.into(),
        y,
        x,
        factor_inputs: Extension {
            name: "factor_inputs".into(),
            stressors: vec![Stressor::new("VA", "USD million")],
            f: Mat::from_fn(1, va.len(), |_, j| va[j]),
            f_y: None,
        },
        value_added_row: Some("VA".into()),
        extensions: vec![],
    })
    .unwrap()
}

/// A sparse table of `regions` × `sectors`: each region buys from its own
/// sectors (every other pair) and from two neighbouring regions (one pair
/// in sixteen), with column sums of A near 0.5 (about 1.3% of Z not zero
/// at 50 × 52). Large and sparse enough for
/// [`autopact_mrio::Precision::for_table`] to pick the iterative solves at
/// 50 × 52.
pub fn sparse_table(regions: usize, sectors: usize) -> Mrio {
    let n = regions * sectors;
    let z = Mat::from_fn(n, n, |i, j| {
        let (ri, rj) = (i / sectors, j / sectors);
        let h = (i * 7 + j * 13) % 16;
        let near = ri == (rj + 1) % regions || ri == (rj + 3) % regions;
        if (ri == rj && h % 2 == 0) || (near && h == 5) {
            1.0 + ((i * 5 + j * 3) % 9) as f64
        } else {
            0.0
        }
    });
    let y = Mat::from_fn(n, regions, |i, r| {
        if i / sectors == r {
            400.0 + (i % 17) as f64
        } else {
            0.0
        }
    });
    // Gross output: each column's inputs at about half of it.
    let x: Vec<f64> = (0..n)
        .map(|j| 2.0 * z.col(j).iter().sum::<f64>() + 1.0)
        .collect();
    let regions = (0..regions).map(|r| format!("R{r:03}")).collect();
    let sectors = (0..sectors).map(|s| format!("S{s:03}")).collect();
    table("sparse", regions, sectors, z, y, x)
}
