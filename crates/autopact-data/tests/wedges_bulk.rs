//! The law engine's bulk mode (`autopact_law::duty::duty_amounts`, no
//! explanation) gives exactly the amounts of the full duty stack
//! (`duty_stack`) on every HTS10 line × origin of a month of the shipped
//! trade, both the USMCA-claimed and the unclaimed part of each line: the
//! wedges computed in both modes are equal line by line, measure by
//! measure, to the cent (exact decimal equality), on dates that exercise
//! every regime of the law data.

use autopact_data::trade::{self, Countries};
use autopact_law::schedule::Schedule;
use autopact_law::{LawDb, NaiveDate};
use autopact_link::{Assumptions, StackMode, TradeLine, WedgeInput, compute_in, proxy_lines};

fn equal_in_both_modes(period: &str, date: &str, with_proxies: bool) {
    let m = autopact_data::default_table().expect("built-in table");
    let db = LawDb::builtin().expect("law");
    let c = Countries::builtin().unwrap();
    let sectors = m.sectors().to_vec();
    let regions = m.regions().to_vec();
    let (_, sector_of_gtap) = trade::gtap_sector_concordance(&sectors).unwrap();
    let region_of_origin = trade::region_concordance(&regions, &c).unwrap();
    let info = trade::shipped_line_info().unwrap();
    let month = trade::shipped_weights(period).unwrap().lines;
    let mut lines: Vec<TradeLine> = month.clone();
    if with_proxies {
        let gtap = trade::shipped_gtap_imports().unwrap();
        for p in trade::proxy_origins(&regions, &c, &["CAN", "MEX"]) {
            lines.extend(proxy_lines(&month, &info, &gtap, &p).0);
        }
    }
    let date: NaiveDate = date.parse().unwrap();
    let input = WedgeInput {
        importer: "US".into(),
        importer_region: "USA".into(),
        date,
        beyond_as_of: false,
        lines: &lines,
        weights_label: period.into(),
        line_info: &info,
        sector_of_gtap: &sector_of_gtap,
        region_of_origin: &region_of_origin,
        regions: &regions,
        sectors: &sectors,
        schedule: Some(Schedule::builtin()),
        assumptions: Assumptions::default(),
    };
    let bulk = compute_in(&db, &input, StackMode::Bulk).unwrap();
    let full = compute_in(&db, &input, StackMode::Full).unwrap();
    assert_eq!(bulk.lines.len(), lines.len());
    let mut with_duty = 0;
    for (b, f) in bulk.lines.iter().zip(&full.lines) {
        assert_eq!(b, f, "{} from {} on {date}", f.hts10, f.origin);
        assert_eq!(b.by_measure, f.by_measure, "{} from {}", f.hts10, f.origin);
        with_duty += usize::from(!f.duty.is_zero());
    }
    assert!(with_duty > 1000, "{with_duty} lines owe duty on {date}");
    assert_eq!(bulk.sectors, full.sectors);
    assert_eq!(bulk.measures, full.measures);
    assert_eq!(bulk.flags, full.flags);
}

/// 2025-10: §232 autos and parts, metals on their content first, IEEPA
/// Canada 35% and Mexico 25% with their USMCA exemptions, the reciprocal
/// tariffs on the proxy partners, deal caps.
#[test]
fn bulk_mode_equals_the_full_duty_stack_on_every_line_of_2025_10() {
    equal_in_both_modes("2025-10", "2025-10-01", true);
}

/// Before the 2025 measures: column 1 only, metals with Canada and Mexico
/// exempt.
#[test]
fn bulk_mode_equals_the_full_duty_stack_before_the_2025_measures() {
    equal_in_both_modes("2025-01", "2024-12-31", false);
}

/// 2026: §122 with its exemptions, MHDV, the restructured metals.
#[test]
fn bulk_mode_equals_the_full_duty_stack_in_2026() {
    equal_in_both_modes("2026-02", "2026-03-02", false);
    equal_in_both_modes("2026-02", "2026-04-15", false);
}
