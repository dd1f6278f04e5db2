//! TiVA and Borin–Mancini on the real WIOD 2013 table for 2011:
//!
//! * oracle: pymrio 0.7.0's v̂Le split of CAN → USA exports
//!   (`shared/data/wiod2013/reference_2011/va_content_CAN_to_USA_by_sector.csv`,
//!   exact float64) is TiVA's EXGR_DVA / EXGR_FVA by exporting industry with
//!   partner USA;
//! * identities: DC + FC = EXGR, DVA = VAX + REF, GVC = GVCB + GVCF =
//!   EXGR − DAVAX, EXGR_DDC + EXGR_IDC + EXGR_RIM = EXGR_DVA, and the
//!   cross-method equalities BM DDC = TiVA EXGR_RIM, BM DVA = EXGR_DDC +
//!   EXGR_IDC, BM FVA + FDC = EXGR_FVA (exporter perspective), for CAN and
//!   for USMCA as one exporter.
//!
//! Skipped with a message when `shared/data` is absent.

use std::path::PathBuf;

use autopact::data::{ReadOptions, open_table};
use autopact::mrio::decompose::{BmTerm, Perimeter, RegionSet, TradeBase, borin_mancini, tiva};
use autopact::mrio::{Leontief, Mrio};

fn data_dir() -> PathBuf {
    autopact_testdata::shared_data_dir().join("wiod2013")
}

fn table() -> Option<Mrio> {
    let dir = data_dir();
    let file = dir.join("ICIO_WIOD13_2011.csv.gz");
    let present = file.is_file() && dir.join("reference_2011").is_dir();
    autopact_testdata::shared_if(
        present,
        dir,
        "the TiVA oracle (ICIO_WIOD13_2011.csv.gz and reference_2011/)",
    )?;
    Some(open_table(file.to_str().unwrap(), &ReadOptions::default()).expect("2011 table"))
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs() + 1e-9
}

#[test]
fn can_to_usa_value_added_matches_pymrio() {
    let Some(m) = table() else { return };
    let l = Leontief::of(&m).unwrap();
    let base = TradeBase::new(&m, &l).unwrap();
    let can = RegionSet::parse(&m, "CAN").unwrap();
    let t = tiva(&base, &can, None).unwrap();
    let text = std::fs::read_to_string(
        data_dir().join("reference_2011/va_content_CAN_to_USA_by_sector.csv"),
    )
    .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let mut cells = 0;
    let mut max_rel = 0.0f64;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let label = f[col("exporting_sector")];
        let sector = if label == "CAN_total" {
            "TOTAL"
        } else {
            label.strip_prefix("CAN_").unwrap()
        };
        for (code, name) in [
            ("EXGR", "exports"),
            ("EXGR_INT", "exports_intermediate"),
            ("EXGR_FNL", "exports_final"),
            ("EXGR_DVA", "dva"),
            ("EXGR_FVA", "fva"),
        ] {
            let want: f64 = f[col(name)].parse().unwrap();
            let got = t.get(code, "USA", sector).unwrap();
            assert!(
                close(got, want, 1e-9),
                "{code} CAN_{sector} → USA: {got} vs pymrio {want}"
            );
            if want != 0.0 {
                max_rel = max_rel.max((got - want).abs() / want.abs());
            }
            cells += 1;
        }
    }
    assert_eq!(cells, 36 * 5);
    eprintln!("TiVA CAN→USA vs pymrio: {cells} cells, max relative error {max_rel:.2e}");
    // Figures quoted in the data README.
    assert!((t.get("EXGR_DVA", "USA", "TOTAL").unwrap() - 244_755.31).abs() < 0.01);
    assert!((t.get("EXGR_FVA", "USA", "TOTAL").unwrap() - 69_968.69).abs() < 0.01);
}

#[test]
fn borin_mancini_and_tiva_identities_on_the_real_table() {
    let Some(m) = table() else { return };
    let l = Leontief::of(&m).unwrap();
    let base = TradeBase::new(&m, &l).unwrap();
    let c15 = m.sector_index("c15").unwrap();
    let mut report = Vec::new();
    for spec in ["CAN", "MEX", "USA", "USMCA"] {
        let ex = RegionSet::parse(&m, spec).unwrap();
        let usa_or_chn = if spec == "CAN" || spec == "MEX" {
            "USA"
        } else {
            "CHN"
        };
        let partner = RegionSet::parse(&m, usa_or_chn).unwrap();
        let perimeters = [
            Perimeter::exporter(),
            Perimeter::bilateral(partner.clone()),
            Perimeter::sectoral(vec![c15]),
            Perimeter {
                partners: Some(partner),
                sectors: Some(vec![c15]),
            },
        ];
        for per in &perimeters {
            let bm = borin_mancini(&base, &ex, per).unwrap();
            let mut worst = 0.0f64;
            for row in 0..bm.rows.len() {
                for imp in 0..bm.importers.len() {
                    let t = |term| bm.get(term, row, imp);
                    let e = t(BmTerm::Exgr);
                    let gaps = [
                        t(BmTerm::Dc) + t(BmTerm::Fc) - e,
                        t(BmTerm::Vax) + t(BmTerm::Ref) - t(BmTerm::Dva),
                        t(BmTerm::Gvcb) + t(BmTerm::Gvcf) - t(BmTerm::Gvc),
                        e - t(BmTerm::Davax) - t(BmTerm::Gvc),
                    ];
                    for gap in gaps {
                        worst = worst.max(gap.abs() / e.abs().max(1.0));
                    }
                }
            }
            assert!(worst < 1e-10, "{spec} {:?}: relative gap {worst}", per);
            report.push(format!(
                "{spec} {}: EXGR {:.1}, DVA {:.1}, DAVAX {:.1}, GVC {:.1}, worst identity gap {worst:.1e}",
                bm.perspective.name(),
                bm.total(BmTerm::Exgr),
                bm.total(BmTerm::Dva),
                bm.total(BmTerm::Davax),
                bm.total(BmTerm::Gvc),
            ));
        }
        // Cross-method: exporter perspective against the TiVA split.
        let bm = borin_mancini(&base, &ex, &Perimeter::exporter()).unwrap();
        let t = tiva(&base, &ex, None).unwrap();
        let g = |code: &str| t.get(code, "WLD", "TOTAL").unwrap();
        let rel = 1e-10;
        assert!(close(bm.total(BmTerm::Exgr), g("EXGR"), rel));
        assert!(close(g("EXGR_DVA") + g("EXGR_FVA"), g("EXGR"), rel));
        assert!(close(
            g("EXGR_DDC") + g("EXGR_IDC") + g("EXGR_RIM"),
            g("EXGR_DVA"),
            rel
        ));
        assert!(close(bm.total(BmTerm::Ddc), g("EXGR_RIM"), rel));
        assert!(close(
            bm.total(BmTerm::Dva),
            g("EXGR_DDC") + g("EXGR_IDC"),
            rel
        ));
        assert!(close(bm.total(BmTerm::Fc), g("EXGR_FVA"), rel));
        // Σ over origins of the backward-participation shares = FVA share.
        let dex: f64 = t
            .rows
            .iter()
            .filter(|r| r.code == "DEXFVApSH" && r.sector == "TOTAL" && r.partner != "WLD")
            .map(|r| r.value)
            .sum();
        assert!(close(dex, g("EXGR_FVASH"), 1e-9));
        report.push(format!(
            "{spec} TiVA: EXGR {:.1}, EXGR_DVA {:.1} ({:.2} %), FFD_DVA {:.1}, DFD_FVA {:.1}, BALVAFD {:.1}, VAX ratio {:.4}",
            g("EXGR"),
            g("EXGR_DVA"),
            g("EXGR_DVASH"),
            g("FFD_DVA"),
            g("DFD_FVA"),
            g("BALVAFD"),
            g("VAX_RATIO"),
        ));
    }
    for line in report {
        eprintln!("{line}");
    }
}
