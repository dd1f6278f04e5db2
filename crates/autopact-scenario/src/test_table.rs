//! A 3-region × 2-sector table (USA, CAN, MEX × goods, services) with an
//! employment satellite, for unit tests.

use autopact_core::Provenance;
use autopact_mrio::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};
use faer::Mat;

pub(crate) fn table() -> Mrio {
    let n = 6;
    let z = Mat::from_fn(n, n, |i, j| {
        let same = i / 2 == j / 2;
        let base = if same { 20.0 } else { 4.0 };
        base + (i * 7 + j * 3) as f64 % 5.0
    });
    let y = Mat::from_fn(
        n,
        3,
        |i, c| if i / 2 == c { 150.0 + i as f64 } else { 12.0 },
    );
    let x: Vec<f64> = (0..n)
        .map(|i| z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>())
        .collect();
    let va: Vec<f64> = (0..n)
        .map(|j| x[j] - z.col(j).iter().sum::<f64>())
        .collect();
    Mrio::new(MrioParts {
        provenance: Provenance {
            name: "test table".into(),
            unit: "USD million".into(),
            ..Provenance::default()
        },
        regions: vec!["USA".into(), "CAN".into(), "MEX".into()],
        sectors: vec!["goods".into(), "services".into()],
        final_demand: vec![
            FinalDemandColumn::new("USA", "HFCE"),
            FinalDemandColumn::new("CAN", "HFCE"),
            FinalDemandColumn::new("MEX", "HFCE"),
        ],
        z: z.into(),
        y,
        x: x.clone(),
        factor_inputs: Extension {
            name: "factor_inputs".into(),
            stressors: vec![Stressor::new("VA", "USD million")],
            f: Mat::from_fn(1, n, |_, j| va[j]),
            f_y: None,
        },
        value_added_row: Some("VA".into()),
        extensions: vec![Extension {
            name: "employment".into(),
            stressors: vec![Stressor::new("persons_engaged", "thousand persons")],
            f: Mat::from_fn(1, n, |_, j| x[j] * 0.01),
            f_y: None,
        }],
    })
    .unwrap()
}
