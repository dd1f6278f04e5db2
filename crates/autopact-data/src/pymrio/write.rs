//! Writing a pymrio folder: `file_parameters.json`, `metadata.json` with
//! the history round-tripped, the tab-separated tables with pandas'
//! MultiIndex headers, and one sub-folder per extension.

use super::*;

/// pymrio's history string for an entry, stamped `now` unless it carries
/// its own stamp.
pub(super) fn format_history(e: &HistoryEntry, now: &str) -> String {
    let (stamp, text) = match e.text.split_once(" - ") {
        Some((s, t)) if is_stamp(s) => (s, t),
        _ => (now, e.text.as_str()),
    };
    format!("{stamp} - {} -  {text}", e.kind.as_str())
}

/// A result matrix to save next to the system (e.g. A, L) or in an
/// extension folder (e.g. M, S).
#[derive(Debug, Clone)]
pub struct PymrioResult {
    /// pymrio's key and file stem, e.g. `"A"`, `"L"`, `"M"`.
    pub key: String,
    /// `None`: a system table (n × n, or n × 1); `Some(name)`: a table of
    /// that extension (stressors × n).
    pub extension: Option<String>,
    /// The values.
    pub values: Mat<f64>,
}

/// Options for [`write_pymrio`].
#[derive(Debug, Clone, Default)]
pub struct PymrioWriteOptions {
    /// Time stamp `"YYYYMMDD HH:MM:SS"` for new history entries (the
    /// caller reads the clock; see [`write_pymrio_now`]).
    pub timestamp: String,
    /// pymrio's `system` field (`"ixi"`, `"pxp"`, `"IxI"`); empty if unknown.
    pub system: String,
    /// Optional results (A, L, multipliers, …).
    pub results: Vec<PymrioResult>,
}

/// Writes `m` as a pymrio text folder (created if missing): Z, Y, x, unit,
/// `metadata.json`, `file_parameters.json`, the factor inputs and every
/// extension in sub-folders, plus `opts.results`. Floats are written in
/// the shortest form that reads back identically (pymrio itself writes
/// `%.12g`).
pub fn write_pymrio(dir: impl AsRef<Path>, m: &Mrio, opts: &PymrioWriteOptions) -> Result<()> {
    let dir = dir.as_ref();
    let dname = dir.display().to_string();
    fs::create_dir_all(dir).map_err(|e| DataError::io(&dname, e))?;
    let n = m.n();
    let rs: Vec<(String, String)> = (0..n)
        .map(|i| {
            (
                m.regions()[m.region_of(i)].clone(),
                m.sectors()[m.sector_of(i)].clone(),
            )
        })
        .collect();
    let mut files = serde_json::Map::new();
    let put = |files: &mut serde_json::Map<String, Json>, key: &str, ic: usize, hr: usize| {
        files.insert(
            key.to_string(),
            json!({"name": format!("{key}.txt"), "nr_index_col": ic.to_string(), "nr_header": hr.to_string()}),
        );
    };
    let rows2: Vec<Vec<String>> = rs.iter().map(|(r, s)| vec![r.clone(), s.clone()]).collect();
    let col_rs = Header2 {
        names: ["region", "sector"],
        labels: rs.iter().map(|(r, s)| [r.as_str(), s.as_str()]).collect(),
    };
    let fd_cols = Header2 {
        names: ["region", "category"],
        labels: m
            .final_demand()
            .iter()
            .map(|c| [c.region.as_str(), c.category.as_str()])
            .collect(),
    };
    write_matrix(
        &dir.join("Z.txt"),
        &["region", "sector"],
        &rows2,
        &col_rs,
        |i, j| m.z()[(i, j)],
    )?;
    put(&mut files, "Z", 2, 2);
    write_matrix(
        &dir.join("Y.txt"),
        &["region", "sector"],
        &rows2,
        &fd_cols,
        |i, j| m.y()[(i, j)],
    )?;
    put(&mut files, "Y", 2, 2);
    write_single(
        &dir.join("x.txt"),
        &["region", "sector", "indout"],
        &rows2,
        |i| Cell::Num(m.x()[i]),
    )?;
    put(&mut files, "x", 2, 1);
    let unit = if m.provenance().unit.is_empty() {
        "USD million".to_string()
    } else {
        m.provenance().unit.clone()
    };
    write_single(
        &dir.join("unit.txt"),
        &["region", "sector", "unit"],
        &rows2,
        |_| Cell::Text(unit.clone()),
    )?;
    put(&mut files, "unit", 2, 1);
    for r in opts.results.iter().filter(|r| r.extension.is_none()) {
        let v = &r.values;
        if v.nrows() != n {
            return Err(DataError::CannotWrite {
                file: dname,
                reason: Unwritable::ResultRows {
                    key: r.key.clone(),
                    rows: v.nrows(),
                    n,
                },
            });
        }
        let path = dir.join(format!("{}.txt", r.key));
        if v.ncols() == n {
            write_matrix(&path, &["region", "sector"], &rows2, &col_rs, |i, j| {
                v[(i, j)]
            })?;
            put(&mut files, &r.key, 2, 2);
        } else if v.ncols() == 1 {
            write_single(&path, &["region", "sector", &r.key], &rows2, |i| {
                Cell::Num(v[(i, 0)])
            })?;
            put(&mut files, &r.key, 2, 1);
        } else {
            return Err(DataError::CannotWrite {
                file: dname,
                reason: Unwritable::ResultColumns {
                    key: r.key.clone(),
                    columns: v.ncols(),
                    n,
                },
            });
        }
    }
    write_json(
        &dir.join("file_parameters.json"),
        &json!({"files": Json::Object(files), "systemtype": "IOSystem"}),
    )?;

    // metadata.json, newest first.
    let prov = m.provenance();
    let mut hist: Vec<String> = vec![format!(
        "{} - FILEIO -  Saved {} to {}",
        opts.timestamp,
        if prov.name.is_empty() {
            "autopact table"
        } else {
            &prov.name
        },
        dname
    )];
    hist.extend(
        prov.history
            .iter()
            .rev()
            .map(|e| format_history(e, &opts.timestamp)),
    );
    write_json(
        &dir.join("metadata.json"),
        &json!({
            "description": prov.description,
            "name": prov.name,
            "system": opts.system,
            "version": prov.year.map(|y| y.to_string()).unwrap_or_default(),
            "history": hist,
        }),
    )?;

    // Extensions, the factor inputs first.
    let fi = m.factor_inputs();
    let mut all: Vec<(&Extension, String, String, bool)> = Vec::new();
    if !fi.stressors.is_empty() {
        all.push((fi, "factor_inputs".into(), "Factor Inputs".into(), true));
    }
    for e in m.extensions() {
        all.push((e, folder_name(&e.name), e.name.clone(), false));
    }
    let mut used = std::collections::HashSet::new();
    for (e, folder, display, is_factor) in all {
        if !used.insert(folder.clone()) {
            return Err(DataError::CannotWrite {
                file: dname,
                reason: Unwritable::ExtensionFolderShared(folder),
            });
        }
        let sub = dir.join(&folder);
        fs::create_dir_all(&sub).map_err(|er| DataError::io(sub.display().to_string(), er))?;
        let two = !is_factor && e.stressors.iter().any(|s| s.compartment.is_some());
        let (names, rows): (Vec<&str>, Vec<Vec<String>>) = if is_factor {
            (
                vec!["inputtype"],
                e.stressors.iter().map(|s| vec![s.name.clone()]).collect(),
            )
        } else if two {
            (
                vec!["stressor", "compartment"],
                e.stressors
                    .iter()
                    .map(|s| vec![s.name.clone(), s.compartment.clone().unwrap_or_default()])
                    .collect(),
            )
        } else {
            (
                vec!["stressor"],
                e.stressors.iter().map(|s| vec![s.name.clone()]).collect(),
            )
        };
        let ic = names.len();
        let mut efiles = serde_json::Map::new();
        write_matrix(&sub.join("F.txt"), &names, &rows, &col_rs, |i, j| {
            e.f[(i, j)]
        })?;
        put(&mut efiles, "F", ic, 2);
        if let Some(fy) = &e.f_y {
            write_matrix(&sub.join("F_Y.txt"), &names, &rows, &fd_cols, |i, j| {
                fy[(i, j)]
            })?;
            put(&mut efiles, "F_Y", ic, 2);
        }
        let mut unames = names.clone();
        unames.push("unit");
        write_single(&sub.join("unit.txt"), &unames, &rows, |i| {
            Cell::Text(e.stressors[i].unit.clone())
        })?;
        put(&mut efiles, "unit", ic, 1);
        for r in opts
            .results
            .iter()
            .filter(|r| r.extension.as_deref() == Some(e.name.as_str()))
        {
            if r.values.nrows() != e.stressors.len() || r.values.ncols() != n {
                return Err(DataError::CannotWrite {
                    file: dname,
                    reason: Unwritable::ExtensionResultShape {
                        key: r.key.clone(),
                        extension: e.name.clone(),
                        rows: r.values.nrows(),
                        columns: r.values.ncols(),
                        stressors: e.stressors.len(),
                        n,
                    },
                });
            }
            write_matrix(
                &sub.join(format!("{}.txt", r.key)),
                &names,
                &rows,
                &col_rs,
                |i, j| r.values[(i, j)],
            )?;
            put(&mut efiles, &r.key, ic, 2);
        }
        write_json(
            &sub.join("file_parameters.json"),
            &json!({"files": Json::Object(efiles), "systemtype": "Extension", "name": display}),
        )?;
    }
    Ok(())
}

/// As [`write_pymrio`], stamping new history entries with the current UTC
/// time (the only place this crate reads the clock).
pub fn write_pymrio_now(dir: impl AsRef<Path>, m: &Mrio, results: Vec<PymrioResult>) -> Result<()> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    write_pymrio(
        dir,
        m,
        &PymrioWriteOptions {
            timestamp: utc_stamp(secs),
            system: String::new(),
            results,
        },
    )
}

/// `"YYYYMMDD HH:MM:SS"` of a Unix time (UTC), without a date library.
pub fn utc_stamp(unix_secs: u64) -> String {
    let days = (unix_secs / 86_400) as i64;
    let rem = unix_secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mth = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mth <= 2);
    format!(
        "{y:04}{mth:02}{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

pub(super) fn folder_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "extension".into() } else { s }
}

struct Header2<'a> {
    names: [&'a str; 2],
    labels: Vec<[&'a str; 2]>,
}

enum Cell {
    Num(f64),
    Text(String),
}

fn tsv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn create(path: &Path) -> Result<BufWriter<fs::File>> {
    fs::File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| DataError::io(path.display().to_string(), e))
}

/// pandas' layout for a table with `names.len()` index columns and a
/// two-level column header.
fn write_matrix(
    path: &Path,
    names: &[&str],
    rows: &[Vec<String>],
    cols: &Header2<'_>,
    v: impl Fn(usize, usize) -> f64,
) -> Result<()> {
    let io = |e| DataError::io(path.display().to_string(), e);
    let mut w = create(path)?;
    let ic = names.len();
    let mut s = String::new();
    for level in 0..2 {
        s.clear();
        s.push_str(cols.names[level]);
        for _ in 1..ic {
            s.push('\t');
        }
        for l in &cols.labels {
            s.push('\t');
            s.push_str(&tsv_field(l[level]));
        }
        s.push('\n');
        w.write_all(s.as_bytes()).map_err(io)?;
    }
    s.clear();
    s.push_str(&names.join("\t"));
    for _ in 0..cols.labels.len() {
        s.push('\t');
    }
    s.push('\n');
    w.write_all(s.as_bytes()).map_err(io)?;
    let mut rb = ryu::Buffer::new();
    for (i, r) in rows.iter().enumerate() {
        s.clear();
        s.push_str(
            &r.iter()
                .map(|x| tsv_field(x).into_owned())
                .collect::<Vec<_>>()
                .join("\t"),
        );
        for j in 0..cols.labels.len() {
            s.push('\t');
            s.push_str(fmt_f64(v(i, j), &mut rb));
        }
        s.push('\n');
        w.write_all(s.as_bytes()).map_err(io)?;
    }
    w.flush().map_err(io)
}

/// A table with one value column: header `index names…, column name`.
fn write_single(
    path: &Path,
    header: &[&str],
    rows: &[Vec<String>],
    v: impl Fn(usize) -> Cell,
) -> Result<()> {
    let io = |e| DataError::io(path.display().to_string(), e);
    let mut w = create(path)?;
    let mut s = header.join("\t");
    s.push('\n');
    let mut rb = ryu::Buffer::new();
    for (i, r) in rows.iter().enumerate() {
        s.push_str(
            &r.iter()
                .map(|x| tsv_field(x).into_owned())
                .collect::<Vec<_>>()
                .join("\t"),
        );
        s.push('\t');
        match v(i) {
            Cell::Num(x) => s.push_str(fmt_f64(x, &mut rb)),
            Cell::Text(t) => s.push_str(&tsv_field(&t)),
        }
        s.push('\n');
    }
    w.write_all(s.as_bytes()).map_err(io)?;
    w.flush().map_err(io)
}

fn write_json(path: &Path, v: &Json) -> Result<()> {
    let io = |e| DataError::io(path.display().to_string(), e);
    let mut w = create(path)?;
    let mut ser = serde_json::Serializer::with_formatter(
        &mut w,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    serde::Serialize::serialize(v, &mut ser).map_err(|e| io(std::io::Error::other(e)))?;
    w.flush().map_err(io)
}
