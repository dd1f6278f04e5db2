//! Hypothetical extraction on the real WIOD 2011 table (n = 1,435)
//! against a dense re-solve: (I − A*)⁻¹ formed explicitly and applied to
//! y*. Both solvers (Woodbury update against the baseline LU, and a
//! re-factorisation) must agree with it to 1e-9 relative to the largest
//! output. The value-added split of a cost composition must equal the
//! value-added multipliers (domestic and total).

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{
    ExtractionMethod, ExtractionSpec, Leontief, coefficients, cost_composition, extract,
    extract_dense_oracle, multipliers,
};

use super::common::data;

#[test]
fn extraction_equals_a_dense_resolve_on_wiod_2011() {
    let Some(dir) = data("wiod2013", "the extraction oracle") else {
        return;
    };
    let m = open_table(
        dir.join("ICIO_WIOD13_2011.csv.gz").to_str().unwrap(),
        &ReadOptions::default(),
    )
    .unwrap();
    let l = Leontief::of(&m).unwrap();
    let r = |c: &str| m.region_index(c).unwrap();
    let c15 = m.sector_index("c15").unwrap();
    let c12 = m.sector_index("c12").unwrap();
    let specs = [
        ExtractionSpec {
            source: r("CAN"),
            sectors: vec![],
            destination: r("USA"),
            with_final_demand: false,
        },
        ExtractionSpec {
            source: r("MEX"),
            sectors: vec![c15, c12],
            destination: r("USA"),
            with_final_demand: true,
        },
        ExtractionSpec {
            source: r("USA"),
            sectors: vec![c15],
            destination: r("CAN"),
            with_final_demand: false,
        },
    ];
    for spec in &specs {
        let oracle = extract_dense_oracle(&m, spec).unwrap();
        let scale = oracle.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for method in [
            ExtractionMethod::LowRankUpdate,
            ExtractionMethod::Refactorisation,
        ] {
            let e = extract(&m, &l, spec, method).unwrap();
            let d = e
                .extracted
                .iter()
                .zip(&oracle)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(
                d <= 1e-9 * scale,
                "{spec:?} {method:?}: {d:e} (scale {scale:e})"
            );
        }
    }
    // The total value-added split of every transport-equipment sector
    // sums to its value-added multiplier, computed by another path.
    let v = coefficients(&m.value_added(), m.x());
    let mult = multipliers(&m, &l, &v, &[]);
    for g in 0..m.n_regions() {
        let j = m.index(g, c15);
        let c = cost_composition(&m, &l, &v, j).unwrap();
        let s = c.value_added_multiplier();
        assert!((s - mult.value_added[j]).abs() < 1e-12, "{}", m.label(j));
        let dom: f64 = m.region_range(g).map(|i| c.value_added[i]).sum();
        assert!(
            (dom - mult.value_added_domestic[j]).abs() < 1e-12,
            "{}",
            m.label(j)
        );
    }
}
