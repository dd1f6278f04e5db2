//! `--origin` on the law's wedges: a table region keeps exactly its own
//! lines, the group regions (APA, ROW) included, whose proxy lines are
//! charged under a country that maps to another region.

use autopact_data::wedges::law_wedges;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::LawOptions;

#[test]
fn every_table_region_filters_to_its_own_rows() {
    let m = autopact_data::default_table().unwrap();
    let db = LawDb::builtin().unwrap();
    let date: NaiveDate = "2025-10-01".parse().unwrap();
    let opts = LawOptions::default();
    let all = law_wedges(&m, "USA", date, None, &opts, &db).unwrap();
    for region in ["CAN", "MEX", "APA", "ROW"] {
        let one = law_wedges(&m, "USA", date, Some(region), &opts, &db)
            .unwrap_or_else(|e| panic!("--origin {region}: {e}"));
        let rows = &one.wedges.sectors;
        assert!(!rows.is_empty(), "{region}");
        assert!(rows.iter().all(|r| r.exporter == region), "{region}");
        // The same rows as the unfiltered run's rows of that region.
        let same: Vec<_> = all
            .wedges
            .sectors
            .iter()
            .filter(|r| r.exporter == region)
            .collect();
        assert_eq!(rows.len(), same.len(), "{region}");
        for (a, b) in rows.iter().zip(same) {
            assert_eq!(
                (&a.sector, a.value, a.duty),
                (&b.sector, b.value, b.duty),
                "{region}"
            );
        }
    }
}
