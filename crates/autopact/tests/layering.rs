//! The layering of docs/ARCHITECTURE.md, checked against `cargo metadata`.
//!
//! The picture in "Dependency direction" is the rule: each workspace crate
//! sits on a layer and depends only on crates of lower layers; the names in
//! parentheses are its workspace dependencies. This test parses that block
//! and fails when the code and the picture disagree, so the map a newcomer
//! reads is the one the compiler enforces.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// One crate of the picture: its layer and the dependencies it lists.
#[derive(Debug)]
struct Placed {
    layer: u32,
    listed: BTreeSet<String>,
}

/// `core` → `autopact-core`; the facade is `autopact`.
fn full_name(short: &str) -> String {
    if short == "autopact" || short.starts_with("autopact-") {
        short.to_string()
    } else {
        format!("autopact-{short}")
    }
}

/// The "Dependency direction" block: `layer N  crate (deps)  crate (deps)`,
/// with indented continuation lines belonging to the layer above them.
fn documented_layers(doc: &str) -> BTreeMap<String, Placed> {
    let section = doc
        .split("## Dependency direction")
        .nth(1)
        .expect("docs/ARCHITECTURE.md has a \"Dependency direction\" section");
    let block = section
        .split("```")
        .nth(1)
        .expect("the section opens with a code block");
    let mut placed = BTreeMap::new();
    let mut layer = None;
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let mut rest = line.trim();
        if let Some(after) = rest.strip_prefix("layer ") {
            let (number, tail) = after.split_once(' ').unwrap_or((after, ""));
            layer = Some(number.parse::<u32>().expect("a layer number"));
            rest = tail;
        }
        let layer = layer.expect("the block starts with a layer line");
        // Each entry is `name (a, b, c)`.
        while let Some(open) = rest.find('(') {
            let name = rest[..open].trim();
            let close = rest[open..].find(')').expect("a closing parenthesis") + open;
            let listed = rest[open + 1..close]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(full_name)
                .collect();
            let previous = placed.insert(name.to_string(), Placed { layer, listed });
            assert!(previous.is_none(), "{name} is placed twice");
            rest = &rest[close + 1..];
        }
    }
    placed
}

/// Each workspace crate's normal dependencies on other workspace crates.
fn workspace_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(ROOT)
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    let members: BTreeSet<String> = packages
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                // Normal dependencies only: `kind` is null (dev and build
                // dependencies say so).
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().unwrap().to_string())
                .filter(|n| members.contains(n))
                .collect();
            (p["name"].as_str().unwrap().to_string(), deps)
        })
        .collect()
}

#[test]
fn every_crate_depends_only_on_lower_layers_as_the_architecture_doc_draws() {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ARCHITECTURE.md")).unwrap();
    let placed = documented_layers(&doc);
    let actual = workspace_dependencies();
    let mut problems = Vec::new();
    for (name, deps) in &actual {
        let Some(me) = placed.get(name) else {
            problems.push(format!("{name} has no layer in docs/ARCHITECTURE.md"));
            continue;
        };
        for dep in deps {
            match placed.get(dep) {
                Some(d) if d.layer < me.layer => {}
                Some(d) => problems.push(format!(
                    "{name} (layer {}) depends on {dep} (layer {}): a crate may only depend on lower layers",
                    me.layer, d.layer
                )),
                None => problems.push(format!("{dep} has no layer in docs/ARCHITECTURE.md")),
            }
        }
        if &me.listed != deps {
            problems.push(format!(
                "{name}: docs/ARCHITECTURE.md lists {:?}, Cargo.toml has {:?}",
                me.listed, deps
            ));
        }
    }
    for name in placed.keys().filter(|n| !actual.contains_key(*n)) {
        problems.push(format!(
            "docs/ARCHITECTURE.md places {name}, which is not a workspace crate"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_parser_reads_continuation_lines_and_lists() {
    let doc = "## Dependency direction\n\n```\nlayer 0  autopact-core ()\nlayer 1  autopact-mrio (core)  autopact-law (core)\n         autopact-x (mrio, law)\n```\n";
    let p = documented_layers(doc);
    assert_eq!(p["autopact-core"].layer, 0);
    assert!(p["autopact-core"].listed.is_empty());
    assert_eq!(p["autopact-law"].layer, 1);
    assert_eq!(p["autopact-x"].layer, 1);
    assert_eq!(
        p["autopact-x"].listed,
        BTreeSet::from(["autopact-mrio".to_string(), "autopact-law".to_string()])
    );
}
