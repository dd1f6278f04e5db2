//! Mixed precision and iterative solves on the real WIOD 2011 table
//! (n = 1,435): the single-precision LU refined in double precision, and
//! GMRES preconditioned with the domestic blocks (no factorisation), must
//! each give what the double-precision LU gives — multipliers, the four
//! footprint accounts and the value added in Canada's exports to the US —
//! to 1e-9 relative (the pymrio-matching tolerance), match pymrio's own
//! reference multipliers to the same tolerance, and certify a backward
//! error ‖b − (I − A)x‖∞ / (‖I − A‖∞ ‖x‖∞) of at most 1e-12, re-checked
//! here by plain loops.

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{
    BilateralExports, Extension, Leontief, Mrio, Precision, Stressor, accounts, coefficients,
    multipliers, value_added_content,
};
use faer::Mat;

use super::common::{close, col, data, num, read_csv};

const RTOL: f64 = 1e-9;

#[test]
fn mixed_precision_equals_double_precision_and_pymrio_on_wiod_2011() {
    let Some(dir) = data("wiod2013", "the mixed-precision oracle") else {
        return;
    };
    let m = wiod_2011(&dir);
    let mixed = Leontief::of_with(&m, Precision::Mixed).unwrap();
    assert_eq!(mixed.precision(), Precision::Mixed);
    equals_double_precision_and_pymrio(&dir, &m, &mixed, 1..=3);
}

#[test]
fn iterative_solves_equal_double_precision_and_pymrio_on_wiod_2011() {
    let Some(dir) = data("wiod2013", "the iterative-solve oracle") else {
        return;
    };
    let m = wiod_2011(&dir);
    // Every block by GMRES: on WIOD's density the LU would otherwise take
    // over as soon as the solves add up to a factorisation's cost.
    let iterative = Leontief::of_with(&m, Precision::Iterative)
        .unwrap()
        .keep_iterating();
    assert_eq!(iterative.precision(), Precision::Iterative);
    equals_double_precision_and_pymrio(&dir, &m, &iterative, 5..=40);
    assert_eq!(iterative.precision(), Precision::Iterative);
}

fn wiod_2011(dir: &std::path::Path) -> Mrio {
    open_table(
        dir.join("ICIO_WIOD13_2011.csv.gz").to_str().unwrap(),
        &ReadOptions::default(),
    )
    .unwrap()
}

/// `mixed` (any non-double method) against the double LU and pymrio;
/// `steps` bounds the refinement steps or GMRES iterations per block.
fn equals_double_precision_and_pymrio(
    dir: &std::path::Path,
    m: &Mrio,
    mixed: &Leontief,
    steps: std::ops::RangeInclusive<u32>,
) {
    let double = Leontief::of(m).unwrap();

    let v = coefficients(&m.value_added(), m.x());
    let va = Extension {
        name: "factor_inputs".into(),
        stressors: vec![Stressor::new("VA", "USD million")],
        f: Mat::from_fn(1, m.n(), |_, j| m.value_added()[j]),
        f_y: None,
    };
    let (md, mm) = (
        multipliers(m, &double, &v, &[&va]),
        multipliers(m, mixed, &v, &[&va]),
    );
    for (what, a, b) in [
        ("output", &md.output, &mm.output),
        ("value added", &md.value_added, &mm.value_added),
        (
            "domestic value added",
            &md.value_added_domestic,
            &mm.value_added_domestic,
        ),
        (
            "foreign value added",
            &md.value_added_foreign,
            &mm.value_added_foreign,
        ),
    ] {
        for j in 0..m.n() {
            close(
                &format!("{what} multiplier of {}", m.label(j)),
                b[j],
                a[j],
                RTOL,
                1e-12,
            );
        }
    }

    let (ad, am) = (accounts(m, &double, &va), accounts(m, mixed, &va));
    for (what, a, b) in [
        ("D_cba", &ad.d_cba, &am.d_cba),
        ("D_pba", &ad.d_pba, &am.d_pba),
        ("D_imp", &ad.d_imp, &am.d_imp),
        ("D_exp", &ad.d_exp, &am.d_exp),
        ("M", &ad.m, &am.m),
    ] {
        for j in 0..m.n() {
            close(
                &format!("{what} at {}", m.label(j)),
                b[(0, j)],
                a[(0, j)],
                RTOL,
                1e-9,
            );
        }
    }

    let flows = BilateralExports::of(
        m,
        m.region_index("CAN").unwrap(),
        m.region_index("USA").unwrap(),
    )
    .unwrap()
    .to_vector(m, None);
    let (vd, vm) = (
        value_added_content(&double, &v, &flows),
        value_added_content(mixed, &v, &flows),
    );
    for i in 0..m.n() {
        close(&format!("v̂Le at {}", m.label(i)), vm[i], vd[i], RTOL, 1e-9);
    }

    // pymrio's own numbers (shared/data/wiod2013/reference_2011).
    let (h, rows) = read_csv(&dir.join("reference_2011/sector_reference.csv"));
    for (j, r) in rows.iter().enumerate() {
        let want = num(&r[col(&h, "va_multiplier")]);
        close(
            &format!("pymrio VA multiplier of {}", m.label(j)),
            mm.value_added[j],
            want,
            RTOL,
            1e-12,
        );
        let want = num(&r[col(&h, "output_multiplier")]);
        close(
            &format!("pymrio output multiplier of {}", m.label(j)),
            mm.output[j],
            want,
            RTOL,
            1e-12,
        );
    }

    // What the factorisation certified, and no fallback.
    let r = mixed.refinement();
    assert!(r.fell_back.is_none(), "{r:?}");
    assert!(r.solves >= 4 && steps.contains(&r.max_steps), "{r:?}");
    assert!(
        r.worst_backward_error <= 1e-12 && r.worst_backward_error <= r.target,
        "{r:?}"
    );

    // The certificate re-checked independently: x = L y for all final
    // demand, residual by plain loops over Z and x.
    let y: Vec<f64> = (0..m.n()).map(|i| m.y().row(i).iter().sum()).collect();
    let x = mixed.solve(&y);
    let (z, out) = (m.z(), m.x());
    let a = |i: usize, j: usize| {
        if out[j] != 0.0 {
            z[(i, j)] / out[j]
        } else {
            0.0
        }
    };
    let n = m.n();
    let (mut rmax, mut norm) = (0.0f64, 0.0f64);
    for (i, yi) in y.iter().enumerate() {
        let (mut ax, mut row) = (0.0, 0.0);
        for (j, xj) in x.iter().enumerate() {
            let mij = f64::from(u8::from(i == j)) - a(i, j);
            ax += mij * xj;
            row += mij.abs();
        }
        rmax = rmax.max((yi - ax).abs());
        norm = norm.max(row);
    }
    let xmax = x.iter().fold(0.0f64, |s, v| s.max(v.abs()));
    let eta = rmax / (norm * xmax);
    assert!(eta <= 1e-12, "certified backward error {eta:e}");
    let xd = double.solve(&y);
    for i in 0..n {
        close(&format!("x at {}", m.label(i)), x[i], xd[i], RTOL, 1e-9);
    }
}
