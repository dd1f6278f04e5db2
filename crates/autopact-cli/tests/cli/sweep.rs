//! Sweeps end to end: sharding does not change a byte, shards are checked
//! before merging, bad input fails with exit 2 and leaves nothing behind.

use std::path::{Path, PathBuf};

use super::util::{csv, err, ok, repo, run, temp};

const SWEEP: &str = "sweeps/north-america-2025.toml";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn merged_csv(dir: &Path) -> Vec<u8> {
    let out = dir.join("merged.csv");
    ok(&run(&["sweep", "merge", s(dir), "--out", s(&out)]));
    std::fs::read(out).unwrap()
}

#[test]
fn sweep_merge_is_byte_identical_for_1_2_and_7_shards_and_jobs() {
    let t = temp();
    let mut results: Vec<(String, Vec<u8>)> = Vec::new();
    for n in [1u64, 2, 7] {
        let dir = t.path().join(format!("n{n}"));
        for i in 0..n {
            ok(&run(&[
                "sweep",
                "run",
                SWEEP,
                "--index",
                &i.to_string(),
                "--of",
                &n.to_string(),
                "--out",
                s(&dir),
            ]));
        }
        results.push((format!("N = {n}"), merged_csv(&dir)));
    }
    let jobs = t.path().join("jobs");
    ok(&run(&[
        "sweep",
        "run",
        SWEEP,
        "--jobs",
        "2",
        "--of",
        "5",
        "--out",
        s(&jobs),
    ]));
    results.push(("--jobs 2 --of 5".into(), merged_csv(&jobs)));
    for (what, bytes) in &results[1..] {
        assert!(bytes == &results[0].1, "{what} differs from N = 1");
    }
    let text = String::from_utf8(results[0].1.clone()).unwrap();
    let (h, rows) = csv(&text);
    assert_eq!(
        &h[..6],
        [
            "table",
            "scenario",
            "draw",
            "region",
            "sector",
            "price_change"
        ]
    );
    assert!(h.contains(&"param.elasticity".to_string()) && h.contains(&"jobs_change".to_string()));
    // 3 scenarios × 20 draws × 350 region-sectors.
    assert_eq!(rows.len(), 3 * 20 * 350);
    let draws: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(draws.len(), 20);
    // The summary: mean and quantiles per table × scenario × region × sector × variable.
    let summary = std::fs::read_to_string(t.path().join("n1/merged-summary.csv")).unwrap();
    let (h, rows) = csv(&summary);
    assert_eq!(
        h,
        [
            "table", "scenario", "region", "sector", "variable", "draws", "mean", "q05", "q50",
            "q95"
        ]
    );
    assert_eq!(rows.len(), 3 * 350 * 3);
    for r in &rows {
        let q: Vec<f64> = r[7..10].iter().map(|v| v.parse().unwrap()).collect();
        assert!(q[0] <= q[1] && q[1] <= q[2], "{r:?}");
        assert_eq!(r[5], "20");
    }
    // A rerun skips finished shards.
    let o = run(&[
        "sweep",
        "run",
        SWEEP,
        "--index",
        "1",
        "--of",
        "2",
        "--out",
        s(&t.path().join("n2")),
    ]);
    ok(&o);
    assert!(err(&o).contains("already complete"), "{}", err(&o));
}

/// Writes a copy of the shipped sweep with `edit` applied, next to copies
/// of the scenarios it names.
fn sweep_variant(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(repo().join(SWEEP)).unwrap();
    let text = text.replace("../scenarios/", &format!("{}/scenarios/", repo().display()));
    let p = dir.join(name);
    std::fs::write(&p, edit(text)).unwrap();
    p
}

fn fails(args: &[&str], what: &str) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
    let e = err(&o);
    assert!(e.contains(what), "{args:?}: expected {what:?} in {e}");
    e
}

#[test]
fn bad_sweep_files_fail_with_their_line_and_write_nothing() {
    let t = temp();
    let out = t.path().join("out");
    // (file, text replaced, replacement, expected in the message)
    let cases = [
        (
            "missing-scenario.toml",
            "fortress-north-america",
            "fortress",
            "row 15",
        ),
        (
            "missing-table.toml",
            "tables = [\"default\"]",
            "tables = [\"default\", \"icio-2011.csv\"]",
            "row 17",
        ),
        (
            "unknown-param.toml",
            "name = \"tariff.*.*.*\"",
            "name = \"tariff.USA.CAN.c99\"",
            "names no tariff",
        ),
        (
            "bad-name.toml",
            "name = \"elasticity\"",
            "name = \"elasticty\"",
            "unknown parameter",
        ),
        (
            "low-high.toml",
            "low = 0.5\nhigh = 1.5",
            "low = 1.5\nhigh = 0.5",
            "greater than low",
        ),
        (
            "neg-sd.toml",
            "dist = \"uniform\"\nlow = 0.5\nhigh = 1.5",
            "dist = \"normal\"\nmean = 1\nsd = -1\nlow = 0",
            "must be > 0",
        ),
    ];
    for (name, from, to, what) in cases {
        let f = sweep_variant(t.path(), name, |s| {
            assert!(s.contains(from), "{from}");
            s.replace(from, to)
        });
        let e = fails(
            &[
                "sweep",
                "run",
                s(&f),
                "--index",
                "0",
                "--of",
                "2",
                "--out",
                s(&out),
            ],
            what,
        );
        assert!(e.contains(name), "{e}");
        fails(
            &["sweep", "run", s(&f), "--jobs", "2", "--out", s(&out)],
            what,
        );
        fails(
            &["sweep", "slurm", s(&f), "--of", "2", "--out", s(&out)],
            what,
        );
    }
    let f = sweep_variant(t.path(), "ok.toml", |s| s);
    fails(
        &[
            "sweep",
            "run",
            s(&f),
            "--index",
            "2",
            "--of",
            "2",
            "--out",
            s(&out),
        ],
        "--index 2 is out of range",
    );
    fails(
        &[
            "sweep",
            "run",
            s(&f),
            "--index",
            "0",
            "--of",
            "0",
            "--out",
            s(&out),
        ],
        "--of 0",
    );
    assert!(!out.exists(), "nothing is written on bad input");
}

#[test]
fn merge_detects_missing_truncated_and_foreign_shards() {
    let t = temp();
    let dir = t.path().join("a");
    let f = sweep_variant(t.path(), "a.toml", |s| s.replace("draws = 20", "draws = 4"));
    let other = sweep_variant(t.path(), "b.toml", |s| {
        s.replace("draws = 20", "draws = 4")
            .replace("seed = 7", "seed = 8")
    });
    let out = t.path().join("m.csv");
    ok(&run(&[
        "sweep",
        "run",
        s(&f),
        "--index",
        "0",
        "--of",
        "3",
        "--out",
        s(&dir),
    ]));
    ok(&run(&[
        "sweep",
        "run",
        s(&f),
        "--index",
        "2",
        "--of",
        "3",
        "--out",
        s(&dir),
    ]));
    fails(
        &["sweep", "merge", s(&dir), "--out", s(&out)],
        "1 of 3 shards are missing (1)",
    );
    ok(&run(&[
        "sweep",
        "run",
        s(&f),
        "--index",
        "1",
        "--of",
        "3",
        "--out",
        s(&dir),
    ]));
    ok(&run(&["sweep", "merge", s(&dir), "--out", s(&out)]));
    let good = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    // Another sweep cannot share the folder.
    fails(
        &[
            "sweep",
            "run",
            s(&other),
            "--index",
            "1",
            "--of",
            "3",
            "--out",
            s(&dir),
        ],
        "holds another sweep",
    );
    fails(
        &[
            "sweep",
            "run",
            s(&f),
            "--index",
            "1",
            "--of",
            "4",
            "--out",
            s(&dir),
        ],
        "--of 3",
    );
    // A shard of another sweep copied in.
    let odir = t.path().join("b");
    ok(&run(&[
        "sweep",
        "run",
        s(&other),
        "--index",
        "1",
        "--of",
        "3",
        "--out",
        s(&odir),
    ]));
    let shard = dir.join("shard-00001-of-00003.parquet");
    let kept = std::fs::read(&shard).unwrap();
    std::fs::copy(odir.join("shard-00001-of-00003.parquet"), &shard).unwrap();
    fails(
        &["sweep", "merge", s(&dir), "--out", s(&out)],
        "belongs to another sweep",
    );
    // A truncated shard.
    std::fs::write(&shard, &kept[..kept.len() / 2]).unwrap();
    fails(&["sweep", "merge", s(&dir), "--out", s(&out)], "truncated");
    assert!(!out.exists(), "a failed merge writes nothing");
    // Rerunning the shard repairs it; the merge is as before.
    let o = run(&[
        "sweep",
        "run",
        s(&f),
        "--index",
        "1",
        "--of",
        "3",
        "--out",
        s(&dir),
    ]);
    assert!(err(&o).contains("computing it again"), "{}", err(&o));
    ok(&run(&["sweep", "merge", s(&dir), "--out", s(&out)]));
    assert!(std::fs::read(&out).unwrap() == good);
    fails(
        &["sweep", "merge", s(t.path()), "--out", s(&out)],
        "not a sweep folder",
    );
}

#[test]
fn slurm_writes_an_array_and_a_dependent_merge() {
    let t = temp();
    let dir = t.path().join("cluster");
    let text = ok(&run(&[
        "sweep",
        "slurm",
        SWEEP,
        "--of",
        "4",
        "--out",
        s(&dir),
        "--max-running",
        "2",
        "--partition",
        "short",
    ]));
    assert_eq!(text.lines().count(), 3);
    let array = std::fs::read_to_string(dir.join("sweep-array.sbatch")).unwrap();
    assert!(array.contains("#SBATCH --array=0-3%2"), "{array}");
    assert!(array.contains("#SBATCH --partition=short"));
    assert!(
        array.contains("--index \"$SLURM_ARRAY_TASK_ID\" --of 4 --out"),
        "{array}"
    );
    let merge = std::fs::read_to_string(dir.join("sweep-merge.sbatch")).unwrap();
    assert!(merge.contains("sweep merge"));
    let submit = std::fs::read_to_string(dir.join("submit.sh")).unwrap();
    assert!(submit.contains("--dependency=afterok:"), "{submit}");
    assert!(dir.join("sweep.json").exists());
}
