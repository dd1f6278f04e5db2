//! Oracle: pymrio 0.7.0's own bundled test system
//! (`shared/data/pymrio-test/`, pymrio.load_test() in the ICIO layout),
//! with its two extensions (value added; emissions to air and water, the
//! latter with household emissions in F_Y).
//!
//! Compared: x, the full Leontief inverse L (48 × 48), the multipliers
//! M = S L of every stressor, and the regional footprints D_cba_reg and
//! D_pba_reg (which add F_Y). Floats in the reference were written with
//! Python `repr`, so the tolerance is set by round-off: relative 1e-10.

use autopact::data::satellite::read_wide_extensions;
use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{Leontief, accounts};

use super::common::{close, data, num, read_csv};

const RTOL: f64 = 1e-10;

#[test]
fn pymrio_test_system_x_l_multipliers_and_footprints() {
    let Some(dir) = data("pymrio-test", "the pymrio test-system oracle") else {
        return;
    };
    let mut m = open_table(
        dir.join("ICIO_pymrio_test.csv").to_str().unwrap(),
        &ReadOptions::default(),
    )
    .unwrap();
    for e in read_wide_extensions(dir.join("extensions.csv"), &m).unwrap() {
        m.add_extension(e).unwrap();
    }
    assert_eq!(m.n(), 48);
    // x
    let (_, rows) = read_csv(&dir.join("reference/x.csv"));
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0], m.label(i));
        close("x", m.x()[i], num(&r[1]), 0.0, 0.0);
    }
    // L, formed on request.
    let l = Leontief::of(&m).unwrap();
    let inv = l.inverse();
    let (h, rows) = read_csv(&dir.join("reference/L.csv"));
    for (i, r) in rows.iter().enumerate() {
        for j in 0..m.n() {
            assert_eq!(h[j + 1], m.label(j));
            close(
                &format!("L[{i},{j}]"),
                inv[(i, j)],
                num(&r[j + 1]),
                RTOL,
                1e-18,
            );
        }
    }
    // Multipliers and regional footprints of every stressor.
    let (_, mrows) = read_csv(&dir.join("reference/M.csv"));
    let (cba_h, cba) = read_csv(&dir.join("reference/D_cba_reg.csv"));
    let (_, pba) = read_csv(&dir.join("reference/D_pba_reg.csv"));
    let mut checked = 0;
    for ext in m.extensions() {
        let acc = accounts(&m, &l, ext);
        for (k, s) in ext.stressors.iter().enumerate() {
            let key = match s.compartment.as_deref() {
                Some(c) if !c.is_empty() => format!("{}|{}|{c}", ext.name, s.name),
                _ => format!("{}|{}", ext.name, s.name),
            };
            let row = mrows
                .iter()
                .find(|r| r[0] == key)
                .unwrap_or_else(|| panic!("no M row {key}"));
            for j in 0..m.n() {
                close(
                    &format!("M {key} {}", m.label(j)),
                    acc.m[(k, j)],
                    num(&row[j + 1]),
                    RTOL,
                    1e-18,
                );
            }
            let c = cba.iter().find(|r| r[0] == key).unwrap();
            let p = pba.iter().find(|r| r[0] == key).unwrap();
            for r in 0..m.n_regions() {
                assert_eq!(cba_h[r + 1], m.regions()[r]);
                close(
                    &format!("D_cba_reg {key} {}", m.regions()[r]),
                    acc.d_cba_reg[(k, r)],
                    num(&c[r + 1]),
                    RTOL,
                    1e-6,
                );
                close(
                    &format!("D_pba_reg {key} {}", m.regions()[r]),
                    acc.d_pba_reg[(k, r)],
                    num(&p[r + 1]),
                    RTOL,
                    1e-6,
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 3, "value added, emission_type1, emission_type2");
}
