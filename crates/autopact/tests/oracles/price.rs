//! The price model on the real WIOD 2011 table against a brute-force
//! dense solve, and its identities (zero tariffs → zero change; no price
//! falls under non-negative tariffs; monotone in τ).
//!
//! Brute force: Â = A ∘ (1 + T) formed densely, pᵀ = vᵀ(I − Â)⁻¹ by a fresh
//! LU with v = 1 − 1ᵀA. Tolerance 1e-10 absolute on Δp (prices are ~1).

use std::sync::OnceLock;

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{
    AppliesTo, Leontief, Mrio, PriceModel, PriceOptions, TariffSchedule, TariffWedge,
    technical_coefficients,
};

use super::common::data;

fn table() -> Option<&'static (Mrio, Leontief)> {
    static T: OnceLock<Option<(Mrio, Leontief)>> = OnceLock::new();
    T.get_or_init(|| {
        let dir = data("wiod2013", "the price-model oracle")?;
        let m = open_table(
            dir.join("ICIO_WIOD13_2011.csv.gz").to_str().unwrap(),
            &ReadOptions::default(),
        )
        .unwrap();
        let l = Leontief::of(&m).unwrap();
        Some((m, l))
    })
    .as_ref()
}

fn wedges(m: &Mrio, scale: f64) -> Vec<TariffWedge> {
    let r = |c: &str| m.region_index(c).unwrap();
    let c15 = m.sector_index("c15").unwrap();
    let c12 = m.sector_index("c12").unwrap();
    vec![
        TariffWedge {
            importer: r("USA"),
            exporter: r("CAN"),
            sectors: vec![],
            rate: 0.25 * scale,
            applies_to: AppliesTo::Both,
        },
        TariffWedge {
            importer: r("USA"),
            exporter: r("MEX"),
            sectors: vec![c15, c12],
            rate: 0.25 * scale,
            applies_to: AppliesTo::Both,
        },
        TariffWedge {
            importer: r("CAN"),
            exporter: r("USA"),
            sectors: vec![c15],
            rate: 0.25 * scale,
            applies_to: AppliesTo::Both,
        },
        TariffWedge {
            importer: r("USA"),
            exporter: r("CHN"),
            sectors: vec![],
            rate: 0.5 * scale,
            applies_to: AppliesTo::Intermediate,
        },
    ]
}

fn brute(m: &Mrio, s: &TariffSchedule) -> Vec<f64> {
    let mut a = technical_coefficients(m.z(), m.x());
    let v: Vec<f64> = (0..m.n())
        .map(|j| 1.0 - a.col(j).iter().sum::<f64>())
        .collect();
    for &(i, r, tau) in s.intermediate() {
        for j in m.region_range(r) {
            a[(i, j)] *= 1.0 + tau;
        }
    }
    let lu = Leontief::new(a.as_ref(), &|j| m.label(j)).unwrap();
    lu.solve_transpose(&v)
        .into_iter()
        .map(|p| p - 1.0)
        .collect()
}

#[test]
fn price_model_matches_dense_refactorization_on_real_table() {
    let Some((m, l)) = table() else { return };
    let model = PriceModel::new(m, l, PriceOptions::default()).unwrap();
    let s = TariffSchedule::new(m, &wedges(m, 1.0)).unwrap();
    let got = model.solve(&s).unwrap();
    let want = brute(m, &s);
    let worst = got
        .price_change
        .iter()
        .zip(&want)
        .fold(0.0f64, |w, (a, b)| w.max((a - b).abs()));
    assert!(worst <= 1e-10, "max |Δp − brute| = {worst:e}");
    assert_eq!(got.certificate.method, "iteration");
    assert!(
        got.certificate.error_bound <= 1e-12,
        "{:?}",
        got.certificate
    );
    // US transport equipment gets dearer; the cascade is a small positive part.
    let us15 = m.index(
        m.region_index("USA").unwrap(),
        m.sector_index("c15").unwrap(),
    );
    assert!(got.price_change[us15] > 0.0 && got.cascade[us15] > 0.0);
    assert!(got.cascade[us15] < 0.1 * got.price_change[us15]);
}

#[test]
fn price_model_identities_on_real_table() {
    let Some((m, l)) = table() else { return };
    let model = PriceModel::new(m, l, PriceOptions::default()).unwrap();
    let scales = [0.0, 0.2, 0.6, 1.0, 2.0];
    let schedules: Vec<TariffSchedule> = scales
        .iter()
        .map(|&k| TariffSchedule::new(m, &wedges(m, k)).unwrap())
        .collect();
    let runs = model.solve_many(&schedules).unwrap();
    assert!(
        runs[0].price_change.iter().all(|&d| d == 0.0),
        "zero tariffs → zero change"
    );
    assert!(runs[0].consumer_price_change.iter().all(|&d| d == 0.0));
    for w in runs.windows(2) {
        for i in 0..m.n() {
            assert!(w[1].price_change[i] >= -1e-15, "no price falls");
            assert!(
                w[1].price_change[i] >= w[0].price_change[i] - 1e-15,
                "monotone in τ at {}",
                m.label(i)
            );
        }
        for r in 0..m.n_regions() {
            assert!(w[1].consumer_price_change[r] >= w[0].consumer_price_change[r] - 1e-15);
        }
    }
}
