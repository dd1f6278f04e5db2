//! The embedded law files parse and validate, and validation catches the
//! mistakes it is meant to catch.

use crate::LawDb;

const GOOD: &str = r#"
[instrument]
id = "t"
title = "test"
importer = "US"

[[measure]]
id = "t.a"
name = "a"
citation = "cite"
source = "S1"
confidence = "official-text"
from = 2025-01-01
scope = ["8703"]
rate = { kind = "ad_valorem", pct = "1" }
"#;

#[test]
fn every_embedded_file_parses_and_validates() {
    let db = LawDb::builtin().unwrap();
    assert!(db.measures.len() >= 60, "{}", db.measures.len());
    let groups = &db.groups;
    for (name, text) in crate::FILES {
        let (m, r) =
            crate::measure::parse_file(name, text, groups).unwrap_or_else(|e| panic!("{e}"));
        assert!(!m.is_empty() || !r.is_empty(), "{name} is empty");
    }
    for m in &db.measures {
        assert!(!m.citation.is_empty() && !m.source.is_empty(), "{}", m.id);
        if let Some(to) = m.to {
            assert!(to >= m.from, "{}", m.id);
        }
    }
}

fn broken(patch: impl Fn(&str) -> String) -> String {
    LawDb::from_sources(crate::META, &[("t.toml", &patch(GOOD))])
        .unwrap_err()
        .to_string()
}

#[test]
fn validation_catches_mistakes() {
    assert!(LawDb::from_sources(crate::META, &[("t.toml", GOOD)]).is_ok());
    let twice = format!("{GOOD}\n{}", &GOOD[GOOD.find("[[measure]]").unwrap()..]);
    assert!(
        LawDb::from_sources(crate::META, &[("t.toml", &twice)])
            .unwrap_err()
            .to_string()
            .contains("duplicate")
    );
    assert!(
        broken(|s| s.replace("from = 2025-01-01", "from = 2025-01-01\nto = 2024-01-01"))
            .contains("ends before")
    );
    assert!(
        broken(|s| s.replace("citation = \"cite\"", "citation = \" \"")).contains("no citation")
    );
    assert!(broken(|s| s.replace("official-text", "unconfirmed")).contains("UNCONFIRMED"));
    assert!(
        broken(|s| s.replace("scope = [\"8703\"]", "scope = [\"87x3\"]"))
            .contains("invalid tariff code")
    );
    assert!(
        broken(|s| s.replace("scope = [\"8703\"]", "scope = [\"ex 8703\"]"))
            .contains("no description")
    );
    assert!(broken(|s| s.replace("pct = \"1\"", "pct = \"1,5\"")).contains("decimal"));
    assert!(broken(|s| s.replace("rate =", "replaces = [\"nope\"]\nrate =")).contains("unknown"));
    assert!(broken(|s| s.replace("from = 2025-01-01", "from = \"2025\"")).contains("t.toml"));
    assert!(broken(|s| s.replace("name = \"a\"", "name = \"a\"\nbogus = 1")).contains("bogus"));
}
