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
    asks(&[
        "price",
        "--tariff",
        "USA:CAN:c15:25%",
        "--tariff",
        "USA:MEX:c15:25",
    ]);
    asks(&["jobs", "--tariff", "USA:CAN:c15:25"]);
    asks(&[
        "contribution",
        "--from",
        "CAN",
        "--to",
        "USA",
        "--tariff",
        "USA:CAN:c15:25",
    ]);
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
    let pct = ok(&run(&[
        "price",
        "--tariff",
        "USA:CAN:c15:25%",
        "--format",
        "csv",
    ]));
    let frac = ok(&run(&[
        "price",
        "--tariff",
        "USA:CAN:c15:0.25",
        "--format",
        "csv",
    ]));
    assert_eq!(pct.lines().nth(1), frac.lines().nth(1));
    let a = ok(&run(&[
        "scenario",
        "run",
        scenario("\"25%\"").to_str().unwrap(),
        "--format",
        "csv",
    ]));
    let b = ok(&run(&[
        "scenario",
        "run",
        scenario("0.25").to_str().unwrap(),
        "--format",
        "csv",
    ]));
    assert_eq!(a.lines().nth(1), b.lines().nth(1));
}

/// A tariff the fixed-point iteration cannot take (2,500%, typed with
/// its `%`) is solved directly; the result never prints "error bound inf".
#[test]
fn an_error_bound_that_is_not_finite_is_never_printed() {
    let o = run(&[
        "price",
        "--tariff",
        "USA:CAN:c15:2500%",
        "--by",
        "region",
        "--format",
        "table",
    ]);
    let text = ok(&o);
    assert!(!text.contains("inf"), "{text}");
    assert!(text.contains("no iteration error bound"), "{text}");
    let json = ok(&run(&[
        "price",
        "--tariff",
        "USA:CAN:c15:2500%",
        "--format",
        "json",
    ]));
    assert!(!json.contains("bound inf"), "{json}");
}

/// The report's visible text (tags, the SVG's markup and the machine
/// values in `data-value` left out).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("&#39;", "'").replace("&amp;", "&")
}

fn raw_codes(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            let b = w.as_bytes();
            b.len() >= 6
                && b[..3].iter().all(u8::is_ascii_uppercase)
                && b[3] == b'_'
                && b[4] == b'c'
                && b[5..].iter().all(u8::is_ascii_digit)
        })
        .map(String::from)
        .collect()
}

fn scientific(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            w.split_once(['e', 'E']).is_some_and(|(m, x)| {
                m.parse::<f64>().is_ok()
                    && m.contains('.')
                    && x.trim_start_matches(['-', '+']).parse::<u32>().is_ok()
            })
        })
        .map(String::from)
        .collect()
}

/// The report opens with headline sentences with numbers and years, names
/// instead of codes, no scientific notation, terms defined, the legal
/// basis of its tariffs; `report` and `report --date` say which law they
/// used and differ where they should.
#[test]
fn the_report_is_written_for_readers() {
    let dir = temp();
    let a = dir.path().join("a.html");
    let b = dir.path().join("b.html");
    ok(&run(&["report", "--out", a.to_str().unwrap(), "-q"]));
    ok(&run(&[
        "report",
        "--date",
        "2025-06-15",
        "--out",
        b.to_str().unwrap(),
        "-q",
    ]));
    let (ha, hb) = (
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap(),
    );
    for html in [&ha, &hb] {
        let text = visible(html);
        assert_eq!(
            raw_codes(&text),
            Vec::<String>::new(),
            "raw codes in the report"
        );
        assert_eq!(
            scientific(&text),
            Vec::<String>::new(),
            "scientific notation in the report"
        );
        assert!(text.contains("In brief"), "no headlines");
        assert!(
            text.contains("workers and capital make"),
            "no headline on Canada's share"
        );
        assert!(text.contains("US transport equipment"));
        assert!(
            text.contains("Value added: what a producer"),
            "terms not defined"
        );
        assert!(text.contains("fortress North America"));
        assert!(html.contains("id=\"legal-basis\""), "no legal citations");
        assert!(text.contains("Proclamation"), "no proclamation cited");
        assert!(
            text.contains("https://github.com/"),
            "no source a reader can open"
        );
        assert!(
            html.contains(".scroll{overflow-x:auto"),
            "tables must scroll in their box on a phone"
        );
        assert!(
            html.contains("body{overflow-wrap:anywhere}"),
            "long words (hashes, links) must wrap on a phone"
        );
    }
    assert!(visible(&ha).contains("in force on 2025-10-01"));
    assert!(visible(&hb).contains("in force on 2025-06-15"));
    assert!(hb.contains("id=\"rates-vs-collected\"") && !ha.contains("id=\"rates-vs-collected\""));
}

/// `--format table` is for people; CSV keeps full precision.
#[test]
fn tables_for_people_and_csv_for_machines() {
    let t = ok(&run(&[
        "price",
        "--tariff",
        "USA:CAN:c15:25%",
        "--by",
        "region",
        "--format",
        "table",
    ]));
    assert!(t.lines().next().unwrap().contains("(%)"), "{t}");
    assert_eq!(
        scientific(
            &t.lines()
                .take_while(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Vec::<String>::new(),
        "{t}"
    );
    assert!(t.contains('%'), "{t}");
    let c = ok(&run(&[
        "price",
        "--tariff",
        "USA:CAN:c15:25%",
        "--by",
        "region",
        "--format",
        "csv",
    ]));
    assert!(!c.contains('%'), "{c}");
    // wedges: the metadata's unit never contradicts the USD columns.
    let w = ok(&run(&[
        "wedges",
        "--date",
        "2025-10-01",
        "--by",
        "sector",
        "--origin",
        "CAN",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&w).unwrap();
    assert!(v["meta"].get("unit").is_none(), "{}", v["meta"]);
    assert!(v["meta"]["table_unit"].as_str().unwrap().contains("in USD"));
}

/// One vocabulary for places and flags.
#[test]
fn places_and_flags_people_type() {
    // duty takes ISO alpha-3 (the table's codes) as well as alpha-2, and
    // says how it read them.
    let alpha3 = run(&[
        "duty",
        "--importer",
        "USA",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.01",
        "--origin",
        "JPN",
        "--value",
        "40000",
        "--format",
        "json",
    ]);
    let a = ok(&alpha3);
    let said = err(&alpha3);
    assert!(
        said.contains("--importer USA read as US") && said.contains("--origin JPN read as JP"),
        "{said}"
    );
    let b = ok(&run(&[
        "duty",
        "--importer",
        "US",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.01",
        "--origin",
        "JP",
        "--value",
        "40000",
        "--format",
        "json",
    ]));
    assert_eq!(a, b);
    let o = run(&[
        "duty",
        "--importer",
        "US",
        "--date",
        "2025-10-01",
        "--hts",
        "8703.23.01",
        "--origin",
        "EUR",
        "--value",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("alpha-3"), "{}", err(&o));
    // roo --help lists every reference vehicle.
    let help = ok(&run(&["roo", "--help"]));
    for v in [
        "ontario-suv",
        "mexico-pickup",
        "michigan-sedan",
        "japan-import",
        "korea-import",
        "germany-import",
        "china-ev",
    ] {
        assert!(help.contains(v), "roo --help lacks {v}");
    }
    // law list takes --format.
    let l = ok(&run(&[
        "law",
        "list",
        "--date",
        "2025-10-01",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&l).unwrap();
    assert!(v["rows"].as_array().unwrap().len() > 10);
    // va-content reads --from/--to as --exporter/--importer.
    let x = ok(&run(&[
        "va-content",
        "--from",
        "CAN",
        "--to",
        "USA",
        "--format",
        "csv",
    ]));
    let y = ok(&run(&[
        "va-content",
        "--exporter",
        "CAN",
        "--importer",
        "USA",
        "--format",
        "csv",
    ]));
    assert_eq!(x, y);
}

/// Every command that takes a table region takes its ISO codes too: the
/// same numbers for `--exporter ca --importer US` as for CAN and USA.
#[test]
fn table_regions_take_iso_codes() {
    let iso = ok(&run(&[
        "va-content",
        "--exporter",
        "ca",
        "--importer",
        "US",
        "--format",
        "csv",
    ]));
    let table = ok(&run(&[
        "va-content",
        "--exporter",
        "CAN",
        "--importer",
        "USA",
        "--format",
        "csv",
    ]));
    assert_eq!(iso, table);
    let o = run(&["va-content", "--exporter", "Narnia", "--importer", "USA"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("ISO 3166"), "{}", err(&o));
}
