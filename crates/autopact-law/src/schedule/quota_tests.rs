//! Tariff-rate quotas in the shipped schedule: the over-quota line knows
//! its in-quota sibling.

use super::*;

fn c(s: &str) -> HsCode {
    HsCode::parse(s).unwrap()
}

#[test]
fn an_over_quota_line_finds_its_in_quota_sibling() {
    let s = Schedule::builtin();
    // Tobacco: 2401.10.65 "Other" (350%) under 2401.10.63 "Described in
    // additional U.S. note 5 … entered pursuant to its provisions".
    let q = s.in_quota_line(&c("2401.10.65.30")).unwrap();
    assert_eq!(q.rate_line_code().digits(), "24011063");
    assert_eq!(s.rated(&c("2401.10.65.30")).unwrap().general().text, "350%");
    assert_ne!(q.general().text, "350%");
    // The in-quota line itself, and a line outside any quota, have none.
    assert!(s.in_quota_line(&c("2401.10.63.30")).is_none());
    assert!(s.in_quota_line(&c("8703.23.01.40")).is_none());
    assert!(s.in_quota_line(&c("2401.10.61.30")).is_none());
}

#[test]
fn over_quota_lines_under_a_group_find_the_in_quota_line_above_the_group() {
    let s = Schedule::builtin();
    // Chocolate 1806.32.06 sits under "Other:", the sibling of 1806.32.04
    // "Described in additional U.S. note 2 … entered pursuant to its
    // provisions".
    let q = s.in_quota_line(&c("1806.32.06.00")).unwrap();
    assert_eq!(q.rate_line_code().digits(), "1806320400");
    let mut n = 0;
    for r in s.hts10_lines() {
        if let Some(q) = s.in_quota_line(r.code()) {
            n += 1;
            assert!(
                q.line.description.starts_with("Described in"),
                "{}",
                r.code()
            );
        }
    }
    assert!(n > 200, "{n} over-quota lines");
}
