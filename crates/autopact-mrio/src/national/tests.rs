// The oracles are plain index loops on purpose: an implementation that
// shares nothing with the model's iterator code.
#![allow(clippy::needless_range_loop)]

//! The national price model on a hand-made table (numbers worked by hand
//! in the comments) and against a brute-force oracle of the formulas.

use super::*;

/// Three commodities A, B, C and three industries X, Y, Z.
///
/// ```text
/// imported use (c × i)   X    Y    Z      L_D (i × c)   A    B    C
///   A                    10   0    5        X          1.2  0.1  0
///   B                    0    20   0        Y          0.2  1.5  0.3
///   C                    4    0    0        Z          0    0    1
/// output          X 100, Y 200, Z 50;  variable cost X 80, Y 100, Z 0
/// use totals      A 30 + 70 (ω^M 0.3), B 0 + 0 (ω 0, 0), C 10 + 40 (ω^M 0.2)
/// PCE bridge      Cars: A 50/80, C 10/20 (producers/purchasers); Food: B 30/30
/// ```
fn hand() -> NationalTable {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    NationalTable::new(NationalParts {
        commodities: s(&["A", "B", "C"]),
        descriptions: s(&["a", "b", "c"]),
        hierarchy: vec![
            ("AB".into(), "A".into()),
            ("AB".into(), "B".into()),
            ("C0".into(), "C".into()),
        ],
        industries: s(&["X", "Y", "Z"]),
        use_import: vec![10.0, 0.0, 5.0, 0.0, 20.0, 0.0, 4.0, 0.0, 0.0],
        requirements: vec![1.2, 0.1, 0.0, 0.2, 1.5, 0.3, 0.0, 0.0, 1.0],
        output: vec![100.0, 200.0, 50.0],
        variable_cost: vec![80.0, 100.0, 0.0],
        import_total: vec![30.0, 0.0, 10.0],
        domestic_total: vec![70.0, 0.0, 40.0],
        pce: vec![
            PceLine {
                category: "Cars".into(),
                commodity: 0,
                producers: 50.0,
                purchasers: 80.0,
            },
            PceLine {
                category: "Food".into(),
                commodity: 1,
                producers: 30.0,
                purchasers: 30.0,
            },
            PceLine {
                category: "Cars".into(),
                commodity: 2,
                producers: 10.0,
                purchasers: 20.0,
            },
        ],
        provenance: Default::default(),
        caveats: vec![],
    })
    .unwrap()
}

const TAU: [f64; 3] = [0.1, 0.2, 0.5];

fn close(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len());
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= tol, "[{k}] {x} vs {y}");
    }
}

/// The formulas written out with full matrices and plain loops.
pub(crate) fn oracle(t: &NationalTable, a: PriceAssumptions, tau: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let p = t.parts();
    let (nc, ni) = (p.commodities.len(), p.industries.len());
    let n = match a.markup {
        Markup::ConstantDollar => &p.output,
        Markup::ConstantPercentage => &p.variable_cost,
    };
    let mut b = vec![vec![0.0; ni]; nc];
    for c in 0..nc {
        for i in 0..ni {
            b[c][i] = if n[i] == 0.0 {
                0.0
            } else {
                p.use_import[c * ni + i] / n[i]
            };
        }
    }
    let mut direct = vec![0.0; nc];
    let mut chain = vec![0.0; nc];
    let s = 1.0 + a.domestic_pricing - a.dollar_offset;
    for c in 0..nc {
        let total = p.import_total[c] + p.domestic_total[c];
        let adjust = ADJUSTMENT_COMMODITIES.contains(&p.commodities[c].as_str());
        let (wm, wd) = if total == 0.0 {
            (0.0, 0.0)
        } else {
            let wm = if adjust {
                0.0
            } else {
                (p.import_total[c] / total).max(0.0)
            };
            (wm, 1.0 - wm)
        };
        let mut sum = 0.0;
        for i in 0..ni {
            let mut bt = 0.0;
            for k in 0..nc {
                bt += b[k][i] * tau[k];
            }
            sum += p.requirements[i * nc + c] * bt;
        }
        direct[c] = s * wm * tau[c];
        chain[c] = s * wd * sum;
    }
    (direct, chain)
}

#[test]
fn hand_table_constant_dollar_by_hand() {
    let t = hand();
    let m = NationalPrice::new(&t, PriceAssumptions::default()).unwrap();
    let r = m.solve(&TAU).unwrap();
    // B_Mᵀτ = (0.1·0.1 + 0.04·0.5, 0.1·0.2, 0.1·0.1) = (0.03, 0.02, 0.01).
    close(&r.industry_cost, &[0.03, 0.02, 0.01], 1e-15);
    // L_Dᵀ(B_Mᵀτ) = (0.040, 0.033, 0.016); ω^D = (0.7, 0, 0.8).
    close(&r.direct, &[0.03, 0.0, 0.1], 1e-15);
    close(&r.supply_chain, &[0.028, 0.0, 0.0128], 1e-15);
    close(&r.total, &[0.058, 0.0, 0.1128], 1e-15);
    // Cars: (0.03·50 + 0.1·10)/100 = 0.025 direct, (0.028·50 + 0.0128·10)/100
    // = 0.01528 supply chain; Food 0; ALL = Cars × 100/130.
    let pce = m.pce(&r).unwrap();
    assert_eq!(
        pce.iter().map(|c| c.category.as_str()).collect::<Vec<_>>(),
        ["Cars", "Food", "ALL"]
    );
    assert!((pce[0].direct - 0.025).abs() < 1e-15);
    assert!((pce[0].supply_chain - 0.01528).abs() < 1e-15);
    assert_eq!(pce[1].total, 0.0);
    assert!((pce[2].direct - 0.025 * 100.0 / 130.0).abs() < 1e-15);
    assert!((pce[2].supply_chain - 0.01528 * 100.0 / 130.0).abs() < 1e-15);
    assert_eq!(pce[2].purchasers, 130.0);
}

#[test]
fn hand_table_constant_percentage_and_budget_lab_scale_by_hand() {
    let t = hand();
    let a = PriceAssumptions {
        markup: Markup::ConstantPercentage,
        domestic_pricing: 0.5,
        dollar_offset: 0.174,
    };
    let m = NationalPrice::new(&t, a).unwrap();
    assert_eq!(m.zero_industries(), ["Z"]);
    let r = m.solve(&TAU).unwrap();
    // n = variable cost (80, 100, 0): B_Mᵀτ = (0.125·0.1 + 0.05·0.5, 0.2·0.2, 0)
    // = (0.0375, 0.04, 0); L_Dᵀ of it = (0.053, 0.06375, 0.012); s = 1.326.
    close(&r.industry_cost, &[0.0375, 0.04, 0.0], 1e-15);
    let s = 1.326;
    close(&r.direct, &[s * 0.03, 0.0, s * 0.1], 1e-15);
    close(
        &r.supply_chain,
        &[s * 0.7 * 0.053, 0.0, s * 0.8 * 0.012],
        1e-15,
    );
    // Cars, purchasers' weights: (0.03·80 + 0.1·20)/100 direct.
    let pce = m.pce(&r).unwrap();
    assert!((pce[0].direct - s * (0.03 * 80.0 + 0.1 * 20.0) / 100.0).abs() < 1e-15);
    assert!(
        (pce[0].supply_chain - s * (0.7 * 0.053 * 80.0 + 0.8 * 0.012 * 20.0) / 100.0).abs() < 1e-15
    );
}

#[test]
fn hand_table_matches_the_brute_force_oracle() {
    let t = hand();
    for markup in [Markup::ConstantDollar, Markup::ConstantPercentage] {
        for (dp, off) in [(0.0, 0.0), (0.5, 0.174), (1.0, 0.0)] {
            let a = PriceAssumptions {
                markup,
                domestic_pricing: dp,
                dollar_offset: off,
            };
            let r = NationalPrice::new(&t, a).unwrap().solve(&TAU).unwrap();
            let (d, c) = oracle(&t, a, &TAU);
            close(&r.direct, &d, 1e-12);
            close(&r.supply_chain, &c, 1e-12);
        }
    }
}

#[test]
fn identities() {
    let t = hand();
    for a in [PriceAssumptions::default(), PriceAssumptions::BUDGET_LAB] {
        let m = NationalPrice::new(&t, a).unwrap();
        // τ = 0 gives 0.
        let r = m.solve(&[0.0; 3]).unwrap();
        assert!(r.total.iter().all(|&x| x == 0.0));
        assert!(m.pce(&r).unwrap().iter().all(|c| c.total == 0.0));
        // The parts sum to the total, for commodities and PCE.
        let r = m.solve(&TAU).unwrap();
        for c in 0..3 {
            assert_eq!(r.direct[c] + r.supply_chain[c], r.total[c]);
        }
        for c in m.pce(&r).unwrap() {
            assert_eq!(c.direct + c.supply_chain, c.total);
        }
    }
    // A uniform τ on every commodity with ω^M = 1 gives s·τ.
    let mut p = hand().parts().clone();
    p.import_total = vec![5.0, 7.0, 9.0];
    p.domestic_total = vec![0.0; 3];
    let t = NationalTable::new(p).unwrap();
    for a in [PriceAssumptions::default(), PriceAssumptions::BUDGET_LAB] {
        let r = NationalPrice::new(&t, a).unwrap().solve(&[0.2; 3]).unwrap();
        close(&r.total, &[a.scale() * 0.2; 3], 1e-15);
    }
}

#[test]
fn import_share_rules() {
    let mut p = hand().parts().clone();
    p.commodities = ["S00300", "B", "C"].map(String::from).to_vec();
    p.import_total = vec![30.0, 0.0, -10.0];
    p.domestic_total = vec![0.0, 0.0, 40.0];
    let t = NationalTable::new(p).unwrap();
    // An adjustment commodity: ω^M 0 (ω^D 1); total 0: both 0; negative: 0.
    assert_eq!(t.import_shares(), vec![0.0, 0.0, 0.0]);
    assert_eq!(t.domestic_shares(), vec![1.0, 0.0, 1.0]);
}

#[test]
fn summary_codes_resolve_to_their_detail_commodities() {
    let t = hand();
    assert_eq!(t.resolve("B"), vec![1]);
    assert_eq!(t.resolve("AB"), vec![0, 1]);
    assert!(t.resolve("nope").is_empty());
    assert_eq!(t.level(), Level::Detail);
    assert_eq!(t.parent_of("C"), Some("C0"));
    let mut p = t.parts().clone();
    p.hierarchy.clear();
    assert_eq!(NationalTable::new(p).unwrap().level(), Level::Summary);
}

#[test]
fn bad_parts_and_assumptions_are_refused() {
    let mut p = hand().parts().clone();
    p.requirements[4] = f64::NAN;
    let e = NationalTable::new(p).unwrap_err().to_string();
    assert!(e.contains("Y × B"), "{e}");
    let mut p = hand().parts().clone();
    p.output.pop();
    assert!(NationalTable::new(p).is_err());
    let mut p = hand().parts().clone();
    p.industries[2] = "X".into();
    assert!(
        NationalTable::new(p)
            .unwrap_err()
            .to_string()
            .contains("\"X\"")
    );
    let t = hand();
    let a = PriceAssumptions {
        dollar_offset: 1.5,
        ..PriceAssumptions::default()
    };
    assert!(
        NationalPrice::new(&t, a)
            .unwrap_err()
            .to_string()
            .contains("dollar offset 1.5")
    );
    let m = NationalPrice::new(&t, PriceAssumptions::default()).unwrap();
    assert!(m.solve(&[0.1, f64::NAN, 0.0]).is_err());
    assert!(m.solve(&[0.1]).is_err());
}
