//! Oracle: pymrio 0.7.0 on the real WIOD 2011 table
//! (`shared/data/wiod2013/reference_2011/`, README there).
//!
//! pymrio built an IOSystem from Z, Y and x (the `OUT` column) plus a
//! one-row value-added extension (the `VA` row) and ran `calc_all()`.
//! Tolerance: relative 1e-9 as the reference README recommends, with an
//! absolute floor of 1e-12 for exact zeros (zero-output sectors) and of
//! 1e-9 M USD for value-added amounts.

use std::sync::OnceLock;

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{
    BilateralExports, Leontief, Mrio, coefficients, multipliers, value_added_content,
    value_added_shares_by_source_region,
};

use super::common::{close, col, data, num, read_csv};

const RTOL: f64 = 1e-9;

fn table() -> Option<&'static (Mrio, Leontief)> {
    static T: OnceLock<Option<(Mrio, Leontief)>> = OnceLock::new();
    T.get_or_init(|| {
        let dir = data("wiod2013", "the pymrio WIOD 2011 oracle")?;
        let m = open_table(
            dir.join("ICIO_WIOD13_2011.csv.gz").to_str().unwrap(),
            &ReadOptions::default(),
        )
        .expect("2011 table");
        let l = Leontief::of(&m).expect("LU");
        Some((m, l))
    })
    .as_ref()
}

#[test]
fn sector_reference_x_multipliers_and_leontief_diagonal() {
    let Some((m, l)) = table() else { return };
    let (h, rows) = read_csv(
        &super::common::data("wiod2013/reference_2011", "")
            .unwrap()
            .join("sector_reference.csv"),
    );
    assert_eq!(rows.len(), m.n());
    let v = coefficients(&m.value_added(), m.x());
    let mult = multipliers(m, l, &v, &[]);
    let diag = l.inverse_diagonal();
    for (j, r) in rows.iter().enumerate() {
        assert_eq!(r[col(&h, "label")], m.label(j), "label order");
        close("x", m.x()[j], num(&r[col(&h, "x")]), 0.0, 0.0);
        close("va", m.value_added()[j], num(&r[col(&h, "va")]), 0.0, 0.0);
        close("va_coef", v[j], num(&r[col(&h, "va_coef")]), RTOL, 1e-15);
        let what = |k: &str| format!("{k} of {}", m.label(j));
        close(
            &what("L_diag"),
            diag[j],
            num(&r[col(&h, "L_diag")]),
            RTOL,
            1e-12,
        );
        close(
            &what("output_multiplier"),
            mult.output[j],
            num(&r[col(&h, "output_multiplier")]),
            RTOL,
            1e-12,
        );
        close(
            &what("va_multiplier"),
            mult.value_added[j],
            num(&r[col(&h, "va_multiplier")]),
            RTOL,
            1e-12,
        );
        close(
            &what("va_multiplier_domestic"),
            mult.value_added_domestic[j],
            num(&r[col(&h, "va_multiplier_domestic")]),
            RTOL,
            1e-12,
        );
        close(
            &what("va_multiplier_foreign"),
            mult.value_added_foreign[j],
            num(&r[col(&h, "va_multiplier_foreign")]),
            RTOL,
            1e-12,
        );
    }
}

#[test]
fn value_added_in_can_to_usa_exports() {
    let Some((m, l)) = table() else { return };
    let dir = data("wiod2013/reference_2011", "the CAN→USA oracle").unwrap();
    let can = m.region_index("CAN").unwrap();
    let usa = m.region_index("USA").unwrap();
    let flows = BilateralExports::of(m, can, usa).unwrap();
    let e = flows.to_vector(m, None);
    let v = coefficients(&m.value_added(), m.x());
    let va = value_added_content(l, &v, &e);
    // By source region-sector (1435 rows).
    let (h, rows) = read_csv(&dir.join("va_content_CAN_to_USA_by_source.csv"));
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[col(&h, "source")], m.label(i));
        close(
            &format!("v̂Le at {}", m.label(i)),
            va[i],
            num(&r[col(&h, "va_content")]),
            RTOL,
            1e-9,
        );
    }
    // By source country (41 rows).
    let (h, rows) = read_csv(&dir.join("va_content_CAN_to_USA_by_source_country.csv"));
    for r in &rows {
        let g = m.region_index(&r[col(&h, "source_country")]).unwrap();
        let got: f64 = m.region_range(g).map(|i| va[i]).sum();
        close(
            &format!("VA from {}", r[0]),
            got,
            num(&r[col(&h, "va_content")]),
            RTOL,
            1e-9,
        );
    }
    // By exporting sector: exports (intermediate, final) and DVA/FVA.
    let w = value_added_shares_by_source_region(m, l, &v);
    let (h, rows) = read_csv(&dir.join("va_content_CAN_to_USA_by_sector.csv"));
    let (mut dva_t, mut fva_t) = (0.0, 0.0);
    for r in &rows {
        let label = &r[col(&h, "exporting_sector")];
        if label == "CAN_total" {
            close("total DVA", dva_t, num(&r[col(&h, "dva")]), RTOL, 1e-9);
            close("total FVA", fva_t, num(&r[col(&h, "fva")]), RTOL, 1e-9);
            close(
                "total exports",
                e.iter().sum(),
                num(&r[col(&h, "exports")]),
                0.0,
                0.0,
            );
            continue;
        }
        let s = m.sector_index(label.trim_start_matches("CAN_")).unwrap();
        let j = m.index(can, s);
        close(
            "exports_intermediate",
            flows.intermediate[s],
            num(&r[col(&h, "exports_intermediate")]),
            0.0,
            0.0,
        );
        close(
            "exports_final",
            flows.final_goods[s],
            num(&r[col(&h, "exports_final")]),
            0.0,
            0.0,
        );
        let dva = w[(can, j)] * e[j];
        let fva: f64 = (0..m.n_regions())
            .filter(|&g| g != can)
            .map(|g| w[(g, j)] * e[j])
            .sum();
        close(
            &format!("dva {label}"),
            dva,
            num(&r[col(&h, "dva")]),
            RTOL,
            1e-9,
        );
        close(
            &format!("fva {label}"),
            fva,
            num(&r[col(&h, "fva")]),
            RTOL,
            1e-9,
        );
        dva_t += dva;
        fva_t += fva;
    }
    // README facts: 314,724 exports, DVA 244,755.31 (77.77 %).
    close("CAN→USA exports", e.iter().sum(), 314_724.0, 0.0, 0.0);
    close("CAN→USA DVA", dva_t, 244_755.31, 0.0, 0.005);
}
