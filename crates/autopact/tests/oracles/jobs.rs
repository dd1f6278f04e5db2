//! Oracle: jobs embodied in North American exports, 2008, as computed with
//! numpy when the WIOD employment files were made
//! (`shared/data/wiod2013/employment/README.md`, "Reference results"):
//! e = EMP / x (0 where x = 0 or EMP is empty; RoW = 0), global Leontief
//! inverse, jobs = ê L exp. The README asks for agreement to about 1e-6
//! relative; the published figures have two decimals, so the tolerance is
//! half a unit of the last digit (0.005 thousand persons).

use autopact::data::satellite::{LongSpec, Missing, read_long_satellite};
use autopact::data::{ReadOptions, open_table};
use autopact::mrio::{BilateralExports, Leontief, coefficients, embodied};

use super::common::{close, data};

#[test]
fn jobs_in_exports_match_the_employment_readme() {
    let Some(dir) = data("wiod2013", "the jobs oracle") else {
        return;
    };
    let mut m = open_table(
        dir.join("ICIO_WIOD13_2008.csv.gz").to_str().unwrap(),
        &ReadOptions::default(),
    )
    .unwrap();
    let sat = read_long_satellite(
        dir.join("employment/employment_2008.csv"),
        &m,
        &LongSpec {
            name: "employment".into(),
            columns: vec![(
                "persons_engaged_thousands".into(),
                "thousand persons".into(),
            )],
            missing: Missing::ZeroFill,
        },
    )
    .unwrap();
    m.add_extension(sat.extension).unwrap();
    let emp = m.extension("employment").unwrap();
    let flow: Vec<f64> = emp.row(0);
    // Total EMP 2008 (README): CAN 17,485.7, USA 151,742.8, MEX 49,694.4.
    for (c, want) in [("CAN", 17_485.7), ("USA", 151_742.8), ("MEX", 49_694.4)] {
        let r = m.region_index(c).unwrap();
        close(
            &format!("EMP {c}"),
            m.region_range(r).map(|i| flow[i]).sum(),
            want,
            0.0,
            0.05,
        );
    }
    let e = coefficients(&flow, m.x());
    let l = Leontief::of(&m).unwrap();
    // exports, CAN jobs, USA jobs, MEX jobs, CHN jobs, 40-country total
    let table: [(&str, &str, bool, [f64; 6]); 6] = [
        (
            "CAN",
            "USA",
            false,
            [316_393.0, 2_268.22, 270.05, 83.59, 719.13, 4_016.91],
        ),
        (
            "USA",
            "CAN",
            false,
            [218_406.0, 46.61, 1_554.65, 94.13, 510.01, 2_599.68],
        ),
        (
            "MEX",
            "USA",
            false,
            [189_568.0, 22.22, 190.63, 4_401.10, 887.61, 5_919.66],
        ),
        (
            "CAN",
            "USA",
            true,
            [58_818.0, 340.95, 108.25, 43.09, 161.92, 802.56],
        ),
        (
            "USA",
            "CAN",
            true,
            [52_269.0, 15.73, 366.54, 37.86, 185.67, 731.65],
        ),
        (
            "MEX",
            "USA",
            true,
            [37_845.0, 6.29, 50.51, 809.16, 153.42, 1_124.73],
        ),
    ];
    let c15 = m.sector_index("c15").unwrap();
    for (ex, im, only_c15, want) in table {
        let f = BilateralExports::of(&m, m.region_index(ex).unwrap(), m.region_index(im).unwrap())
            .unwrap();
        let sectors = [c15];
        let d = f.to_vector(&m, only_c15.then_some(&sectors[..]));
        close(
            &format!("{ex}→{im} exports"),
            d.iter().sum(),
            want[0],
            0.0,
            0.0,
        );
        let jobs = embodied(&l, &e, &d);
        let by = |c: &str| -> f64 {
            m.region_range(m.region_index(c).unwrap())
                .map(|i| jobs[i])
                .sum()
        };
        let what = |c: &str| {
            format!(
                "{ex}→{im}{} jobs in {c}",
                if only_c15 { " c15" } else { "" }
            )
        };
        for (k, c) in ["CAN", "USA", "MEX", "CHN"].iter().enumerate() {
            close(&what(c), by(c), want[k + 1], 0.0, 0.005);
        }
        close(
            &what("all 40 countries"),
            jobs.iter().sum(),
            want[5],
            0.0,
            0.005,
        );
    }
}
