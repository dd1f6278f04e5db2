//! Issue 19's wrong answers and words end to end: rates typed without `%`
//! on every path, readable tables, one vocabulary for places, and the
//! report a reader can forward.

use super::util::{err, ok, run, temp};

/// Every front end's rate goes through one rule: `25%` or the fraction
/// 0.25; a bare number above 1 exits 2 asking "did you mean 25%?", on
/// every path that takes a rate.
#[test]
fn a_rate_without_percent_above_one_is_an_error_on_every_path() {
    let asks = |args: &[&str]| {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        let e = err(&o);
        assert!(e.contains("did you mean 25%?"), "{args:?}: {e}");
        assert!(o.stdout.is_empty(), "{args:?} printed a result");
    };
    asks(&["price", "--tariff", "USA:CAN:c15:25"]);
    asks(&["price", "--tariff", "USA:CAN:c15:25%", "--tariff", "USA:MEX:c15:25"]);
    asks(&["jobs", "--tariff", "USA:CAN:c15:25"]);
    asks(&["contribution", "--from", "CAN", "--to", "USA", "--tariff", "USA:CAN:c15:25"]);
    asks(&["overview", "--rate", "25"]);
    let dir = temp();
    let scenario = |rate: &str| {
        let p = dir.path().join(format!("s{}.toml", rate.len()));
        std::fs::write(
            &p,
            format!(
                "schema_version = 1\nname = \"t\"\n[table]\nsource = \"default\"\n[assumptions]\nlaw_as_of = \"2025-04-03\"\n\
                 [[tariff]]\nimporter = \"USA\"\nexporter = \"CAN\"\nsectors = \"c15\"\nrate = {rate}\napplies_to = \"both\"\n"
            ),
        )
        .unwrap();
        p
    };
    let bare = scenario("25");
    asks(&["scenario", "run", bare.to_str().unwrap()]);
    asks(&["scenario", "validate", bare.to_str().unwrap()]);
    // The same rates written as percentages or fractions run, and agree.
    let pct = ok(&run(&["price", "--tariff", "USA:CAN:c15:25%", "--format", "csv"]));
    let frac = ok(&run(&["price", "--tariff", "USA:CAN:c15:0.25", "--format", "csv"]));
    assert_eq!(pct.lines().nth(1), frac.lines().nth(1));
    let a = ok(&run(&["scenario", "run", scenario("\"25%\"").to_str().unwrap(), "--format", "csv"]));
    let b = ok(&run(&["scenario", "run", scenario("0.25").to_str().unwrap(), "--format", "csv"]));
    assert_eq!(a.lines().nth(1), b.lines().nth(1));
}

/// A tariff the fixed-point iteration cannot take (2,500%, typed with
/// its `%`) is solved directly; the result never prints "error bound inf".
#[test]
fn an_error_bound_that_is_not_finite_is_never_printed() {
    let o = run(&["price", "--tariff", "USA:CAN:c15:2500%", "--by", "region", "--format", "table"]);
    let text = ok(&o);
    assert!(!text.contains("inf"), "{text}");
    assert!(text.contains("no iteration error bound"), "{text}");
    let json = ok(&run(&["price", "--tariff", "USA:CAN:c15:2500%", "--format", "json"]));
    assert!(!json.contains("bound inf"), "{json}");
}
