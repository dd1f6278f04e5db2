//! pymrio's on-disk text format: read and write.
//!
//! Why: pymrio's folder layout is the de-facto exchange format of the MRIO
//! field — EXIOBASE 3 is distributed in it — so reading and writing it lets
//! pymrio and EXIOBASE users move data in and out of autopact
//! (`shared/docs/mrio-anchors.md` §4).
//!
//! A folder holds `file_parameters.json` (which file is which table, and
//! how many index columns and header rows each has — as *strings*),
//! `metadata.json` (name, description, system, version and a newest-first
//! history of `"YYYYMMDD HH:MM:SS - TYPE -  text"` entries), tab-separated
//! tables written by pandas with MultiIndex headers (`Z.txt`, `Y.txt`,
//! `x.txt`, `unit.txt`, or `A.txt` + `x.txt` without `Z.txt`), and one
//! sub-folder per extension with its own `file_parameters.json`, `F.txt`,
//! optional `F_Y.txt` and `unit.txt`.
//!
//! Reading is driven by `file_parameters.json`, never by file names, and
//! matches every axis **by label**: pymrio sorts labels in some tables,
//! autopact keeps the order of Z's rows and looks every other label up.
//! The `factor_inputs` extension (pymrio's value-added account, rows
//! `inputtype`) becomes [`MrioParts::factor_inputs`], and its `Value Added`
//! row the value-added row.
//!
//! History round-trips with its time stamps: an entry read from pymrio
//! keeps its stamp at the front of its text (`"20171024 12:11:47 - Created
//! …"`), and the writer puts it back in place; entries without a stamp get
//! the time the caller passes in. This module reads no clock except in
//! [`write_pymrio_now`], a thin wrapper.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use autopact_core::{HistoryEntry, HistoryKind, Location, Provenance};
use autopact_mrio::{Extension, FinalDemandColumn, Mrio, MrioParts, Stressor};
use faer::Mat;
use serde_json::{Value as Json, json};

use crate::csvline::fmt_f64;
use crate::error::{DataError, Result, Unwritable};

/// One entry of a `file_parameters.json`.
#[derive(Debug, Clone)]
struct FileParam {
    name: String,
    index_cols: usize,
    header_rows: usize,
}

fn read_params(dir: &Path) -> Result<(HashMap<String, FileParam>, Json)> {
    let path = dir.join("file_parameters.json");
    let name = path.display().to_string();
    let text = fs::read_to_string(&path).map_err(|e| DataError::io(&name, e))?;
    let json: Json = serde_json::from_str(&text).map_err(|e| {
        DataError::at(
            Location::source(&name).at_row(e.line() as u64),
            format!("not valid JSON: {e}"),
        )
    })?;
    let files = json.get("files").and_then(Json::as_object).ok_or_else(|| {
        DataError::at(
            Location::source(&name),
            "no \"files\" object; a pymrio folder's file_parameters.json lists its tables under \"files\"",
        )
    })?;
    let mut out = HashMap::new();
    for (key, v) in files {
        let num = |field: &str| -> Result<usize> {
            let f = v.get(field);
            let parsed = match f {
                Some(Json::String(s)) => s.trim().parse::<usize>().ok(),
                Some(Json::Number(n)) => n.as_u64().map(|n| n as usize),
                _ => None,
            };
            parsed.ok_or_else(|| {
                DataError::at(
                    Location::source(&name).at_column(format!("files.{key}.{field}")),
                    format!("expected a whole number (pymrio writes it as a string, e.g. \"2\"), found {f:?}"),
                )
            })
        };
        let fname = v.get("name").and_then(Json::as_str).ok_or_else(|| {
            DataError::at(
                Location::source(&name).at_column(format!("files.{key}.name")),
                "missing file name",
            )
        })?;
        out.insert(
            key.clone(),
            FileParam {
                name: fname.to_string(),
                index_cols: num("nr_index_col")?,
                header_rows: num("nr_header")?,
            },
        );
    }
    Ok((out, json))
}

/// A tab-separated table as pandas writes it.
#[derive(Debug)]
struct Tsv {
    source: String,
    /// Per column: its label on each header level.
    cols: Vec<Vec<String>>,
    /// Names of the row index levels.
    row_names: Vec<String>,
    /// Per row: its label on each index level, and its line.
    rows: Vec<(Vec<String>, u64)>,
    /// Row-major values.
    values: Vec<f64>,
}

impl Tsv {
    fn ncols(&self) -> usize {
        self.cols.len()
    }
    fn get(&self, r: usize, c: usize) -> f64 {
        self.values[r * self.cols.len() + c]
    }
    fn loc(&self) -> Location {
        Location::source(&self.source)
    }
}

fn unquote(s: &str) -> String {
    let t = s.trim_end_matches('\r');
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].replace("\"\"", "\"")
    } else {
        t.to_string()
    }
}

fn read_tsv(path: &Path, p: &FileParam) -> Result<Tsv> {
    let source = path.display().to_string();
    let loc = Location::source(&source);
    let file = fs::File::open(path).map_err(|e| DataError::io(&source, e))?;
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut line = String::new();
    let mut no: u64 = 0;
    let mut next = |line: &mut String| -> Result<bool> {
        line.clear();
        let k = r.read_line(line).map_err(|e| DataError::io(&source, e))?;
        while line.ends_with('\n') || line.ends_with('\r') {
            line.pop();
        }
        Ok(k > 0)
    };
    let ic = p.index_cols;
    let hr = p.header_rows.max(1);
    let mut cols: Vec<Vec<String>> = Vec::new();
    let mut row_names: Vec<String> = Vec::new();
    for h in 0..hr {
        no += 1;
        if !next(&mut line)? {
            return Err(DataError::at(
                loc.at_row(no),
                format!(
                    "the file ends inside its {hr} header rows (file_parameters.json says nr_header = {hr})"
                ),
            ));
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < ic.max(1) {
            return Err(DataError::at(
                loc.at_row(no),
                format!(
                    "header row has {} cells, fewer than the {ic} index columns",
                    cells.len()
                ),
            ));
        }
        let labels = &cells[ic.max(1)..];
        if h == 0 {
            cols = labels.iter().map(|l| vec![unquote(l)]).collect();
            if hr == 1 {
                row_names = cells[..ic].iter().map(|c| unquote(c)).collect();
            }
        } else {
            if labels.len() != cols.len() {
                return Err(DataError::at(
                    loc.at_row(no),
                    format!(
                        "header row {} has {} labels but row 1 has {}",
                        h + 1,
                        labels.len(),
                        cols.len()
                    ),
                ));
            }
            for (c, l) in cols.iter_mut().zip(labels) {
                c.push(unquote(l));
            }
        }
    }
    let ncols = cols.len();
    let mut rows = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    let mut first_data = true;
    loop {
        no += 1;
        if !next(&mut line)? {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        // pandas writes a line of index names under a multi-row header.
        if first_data && hr > 1 && cells.iter().skip(ic).all(|c| c.trim().is_empty()) {
            row_names = cells[..ic.min(cells.len())]
                .iter()
                .map(|c| unquote(c))
                .collect();
            first_data = false;
            continue;
        }
        first_data = false;
        if cells.len() != ic + ncols {
            let col = cells.len().min(ic + ncols);
            return Err(DataError::at(
                loc.at_row(no).at_column(format!("column {}", col + 1)),
                format!(
                    "the line has {} cells but the header calls for {} ({ic} index + {ncols} values); \
                     the line is truncated or has extra cells",
                    cells.len(),
                    ic + ncols
                ),
            ));
        }
        rows.push((cells[..ic].iter().map(|c| unquote(c)).collect(), no));
        for (j, c) in cells[ic..].iter().enumerate() {
            let t = c.trim();
            let colname = || format!("{} (column {})", cols[j].join("|"), ic + j + 1);
            if t.is_empty() {
                return Err(DataError::at(
                    loc.at_row(no).at_column(colname()),
                    "empty cell (pandas' NaN); write 0 if the value is zero — autopact does not guess missing values",
                ));
            }
            let v = fast_float2::parse::<f64, _>(t).map_err(|_| {
                DataError::at(
                    loc.at_row(no).at_column(colname()),
                    format!("not a number: {t:?}"),
                )
            })?;
            if !v.is_finite() {
                return Err(DataError::at(
                    loc.at_row(no).at_column(colname()),
                    format!("{v} is not allowed; every value must be a finite number"),
                ));
            }
            values.push(v);
        }
    }
    Ok(Tsv {
        source,
        cols,
        row_names,
        rows,
        values,
    })
}

/// Region × sector grid from (region, sector) labels in file order.
struct Grid {
    regions: Vec<String>,
    sectors: Vec<String>,
    index: HashMap<(String, String), usize>,
}

impl Grid {
    fn from_rows(t: &Tsv) -> Result<Grid> {
        if t.rows.first().is_some_and(|(l, _)| l.len() != 2) {
            return Err(DataError::at(
                t.loc(),
                "expected two index columns (region, sector) for the rows",
            ));
        }
        let mut regions: Vec<String> = Vec::new();
        let mut per: Vec<Vec<String>> = Vec::new();
        for (l, _) in &t.rows {
            let ri = match regions.iter().position(|r| *r == l[0]) {
                Some(i) => i,
                None => {
                    regions.push(l[0].clone());
                    per.push(Vec::new());
                    regions.len() - 1
                }
            };
            per[ri].push(l[1].clone());
        }
        let sectors = per.first().cloned().unwrap_or_default();
        let mut index = HashMap::new();
        for (ri, secs) in per.iter().enumerate() {
            let mut sorted_a = secs.clone();
            let mut sorted_b = sectors.clone();
            sorted_a.sort();
            sorted_b.sort();
            if sorted_a != sorted_b {
                return Err(DataError::at(
                    t.loc(),
                    format!(
                        "region {} has sectors [{}] but region {} has [{}]: every region must carry the same sector list",
                        regions[ri],
                        secs.join(", "),
                        regions[0],
                        sectors.join(", ")
                    ),
                ));
            }
        }
        for (ri, r) in regions.iter().enumerate() {
            for (si, s) in sectors.iter().enumerate() {
                index.insert((r.clone(), s.clone()), ri * sectors.len() + si);
            }
        }
        if index.len() != t.rows.len() {
            // A (region, sector) pair listed twice.
            let mut seen = std::collections::HashSet::new();
            for (l, no) in &t.rows {
                if !seen.insert((&l[0], &l[1])) {
                    return Err(DataError::at(
                        t.loc().at_row(*no),
                        format!("duplicate row label ({}, {})", l[0], l[1]),
                    ));
                }
            }
        }
        Ok(Grid {
            regions,
            sectors,
            index,
        })
    }

    fn n(&self) -> usize {
        self.regions.len() * self.sectors.len()
    }

    /// Index of a (region, sector) column label of `t`.
    fn col(&self, t: &Tsv, j: usize) -> Result<usize> {
        let l = &t.cols[j];
        if l.len() != 2 {
            return Err(DataError::at(
                t.loc().at_column(format!("column {}", j + 1)),
                "expected two header rows (region, sector) for the columns",
            ));
        }
        self.index
            .get(&(l[0].clone(), l[1].clone()))
            .copied()
            .ok_or_else(|| {
                DataError::at(
                    t.loc()
                        .at_column(format!("{}|{} (column {})", l[0], l[1], j + 1)),
                    "column label is not a (region, sector) of the table's Z rows",
                )
            })
    }

    /// Index of row `i` of `t`, by its (region, sector) label.
    fn row(&self, t: &Tsv, i: usize) -> Result<usize> {
        let (l, no) = &t.rows[i];
        if l.len() < 2 {
            return Err(DataError::at(
                t.loc().at_row(*no),
                "expected two index columns (region, sector)",
            ));
        }
        self.index
            .get(&(l[0].clone(), l[1].clone()))
            .copied()
            .ok_or_else(|| {
                DataError::at(
                    t.loc().at_row(*no).at_column("column 1"),
                    format!(
                        "row label ({}, {}) is not a (region, sector) of Z",
                        l[0], l[1]
                    ),
                )
            })
    }

    /// Scatters `t` (rows and columns labelled by region, sector) into an
    /// n × n matrix, requiring every label exactly once.
    fn square(&self, t: &Tsv) -> Result<Mat<f64>> {
        let n = self.n();
        let ri: Vec<usize> = (0..t.rows.len())
            .map(|i| self.row(t, i))
            .collect::<Result<_>>()?;
        let ci: Vec<usize> = (0..t.ncols())
            .map(|j| self.col(t, j))
            .collect::<Result<_>>()?;
        self.check_complete(t, &ri, "rows")?;
        self.check_complete(t, &ci, "columns")?;
        let mut m = Mat::<f64>::zeros(n, n);
        for (i, &r) in ri.iter().enumerate() {
            for (j, &c) in ci.iter().enumerate() {
                m[(r, c)] = t.get(i, j);
            }
        }
        Ok(m)
    }

    fn check_complete(&self, t: &Tsv, idx: &[usize], what: &str) -> Result<()> {
        let mut seen = vec![false; self.n()];
        for &i in idx {
            if seen[i] {
                return Err(DataError::at(
                    t.loc(),
                    format!(
                        "the {what} list ({}, {}) twice",
                        self.regions[i / self.sectors.len()],
                        self.sectors[i % self.sectors.len()]
                    ),
                ));
            }
            seen[i] = true;
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            return Err(DataError::at(
                t.loc(),
                format!(
                    "the {what} lack ({}, {}); every region-sector of Z must be present",
                    self.regions[i / self.sectors.len()],
                    self.sectors[i % self.sectors.len()]
                ),
            ));
        }
        Ok(())
    }
}

fn table(dir: &Path, params: &HashMap<String, FileParam>, keys: &[&str]) -> Result<Option<Tsv>> {
    for k in keys {
        if let Some(p) = params.get(*k) {
            return read_tsv(&dir.join(&p.name), p).map(Some);
        }
    }
    Ok(None)
}

/// Reads a pymrio text folder (as written by pymrio's `save_all` or by
/// [`write_pymrio`]; EXIOBASE 3 folders too).
pub fn read_pymrio(dir: impl AsRef<Path>) -> Result<Mrio> {
    let dir = dir.as_ref();
    let dname = dir.display().to_string();
    let (params, _) = read_params(dir)?;
    let mut prov = read_metadata(dir)?;
    let missing = |what: &str| {
        DataError::at(
            Location::source(dir.join("file_parameters.json").display().to_string()),
            format!("the folder has no {what} table; a pymrio system needs Z (or A and x) and Y"),
        )
    };
    let z_t = table(dir, &params, &["Z"])?;
    let a_t = if z_t.is_none() {
        table(dir, &params, &["A"])?
    } else {
        None
    };
    let base = z_t.as_ref().or(a_t.as_ref()).ok_or_else(|| missing("Z"))?;
    let grid = Grid::from_rows(base)?;
    let n = grid.n();
    let y_t = table(dir, &params, &["Y"])?.ok_or_else(|| missing("Y"))?;
    // Y: rows by label, columns (region, category) in file order.
    let y_rows: Vec<usize> = (0..y_t.rows.len())
        .map(|i| grid.row(&y_t, i))
        .collect::<Result<_>>()?;
    grid.check_complete(&y_t, &y_rows, "rows")?;
    let mut fd = Vec::with_capacity(y_t.ncols());
    for (j, c) in y_t.cols.iter().enumerate() {
        match c.as_slice() {
            [r, cat] => fd.push(FinalDemandColumn::new(r.clone(), cat.clone())),
            [cat] => fd.push(FinalDemandColumn::new("ALL", cat.clone())),
            _ => {
                return Err(DataError::at(
                    y_t.loc().at_column(format!("column {}", j + 1)),
                    "Y columns need (region, category) header rows",
                ));
            }
        }
    }
    let mut y = Mat::<f64>::zeros(n, fd.len());
    for (i, &r) in y_rows.iter().enumerate() {
        for j in 0..fd.len() {
            y[(r, j)] = y_t.get(i, j);
        }
    }
    let x_t = table(dir, &params, &["x"])?;
    let x_from = |t: &Tsv| -> Result<Vec<f64>> {
        let mut x = vec![0.0; n];
        let idx: Vec<usize> = (0..t.rows.len())
            .map(|i| grid.row(t, i))
            .collect::<Result<_>>()?;
        grid.check_complete(t, &idx, "rows")?;
        if t.ncols() != 1 {
            return Err(DataError::at(
                t.loc(),
                format!("x has {} value columns; expected 1 (indout)", t.ncols()),
            ));
        }
        for (i, &r) in idx.iter().enumerate() {
            x[r] = t.get(i, 0);
        }
        Ok(x)
    };
    let (z, x) = match (&z_t, &a_t) {
        (Some(zt), _) => {
            let z = grid.square(zt)?;
            let x = match &x_t {
                Some(xt) => x_from(xt)?,
                None => {
                    prov.record(
                        HistoryKind::Modification,
                        "x computed as Z·1 + Y·1 (the folder has no x table; as pymrio's calc_x)",
                    );
                    (0..n)
                        .map(|i| z.row(i).iter().sum::<f64>() + y.row(i).iter().sum::<f64>())
                        .collect()
                }
            };
            (z, x)
        }
        (None, Some(at)) => {
            let xt = x_t.as_ref().ok_or_else(|| missing("x (needed with A)"))?;
            let x = x_from(xt)?;
            let a = grid.square(at)?;
            prov.record(
                HistoryKind::Modification,
                "Z computed as A·diag(x) (the folder has A and x, no Z)",
            );
            (Mat::from_fn(n, n, |i, j| a[(i, j)] * x[j]), x)
        }
        _ => unreachable!(),
    };
    if let Some(u) = read_units(dir, &params, "unit")?.into_iter().next() {
        prov.unit = u.1;
    }

    // Extensions.
    let mut factor_inputs: Option<(Extension, Option<String>)> = None;
    let mut extensions = Vec::new();
    let mut subdirs: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| DataError::io(&dname, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.join("file_parameters.json").exists())
        .collect();
    subdirs.sort();
    for sub in subdirs {
        let (ext, is_factor) = read_extension(&sub, &grid, &fd, &x)?;
        let Some(ext) = ext else { continue };
        if is_factor && factor_inputs.is_none() {
            let va = ext
                .stressors
                .iter()
                .find(|s| crate::icio::layout::is_value_added_row(&s.name))
                .map(|s| s.name.clone());
            factor_inputs = Some((ext, va));
        } else {
            extensions.push(ext);
        }
    }
    let (factor_inputs, value_added_row) = factor_inputs.unwrap_or_else(|| {
        (
            Extension {
                name: "factor_inputs".into(),
                stressors: Vec::new(),
                f: Mat::zeros(0, n),
                f_y: None,
            },
            None,
        )
    });
    prov.source = dname.clone();
    prov.record(HistoryKind::Fileio, format!("read pymrio folder {dname}"));
    let parts = MrioParts {
        provenance: prov,
        regions: grid.regions,
        sectors: grid.sectors,
        final_demand: fd,
        z: z.into(),
        y,
        x,
        factor_inputs,
        value_added_row,
        extensions,
    };
    Mrio::new(parts).map_err(|error| DataError::Mrio { file: dname, error })
}

/// Reads a `unit.txt`-like table: index labels (joined by `|`) → unit.
fn read_units(
    dir: &Path,
    params: &HashMap<String, FileParam>,
    key: &str,
) -> Result<Vec<(String, String)>> {
    let Some(p) = params.get(key) else {
        return Ok(Vec::new());
    };
    let path = dir.join(&p.name);
    let name = path.display().to_string();
    let text = fs::read_to_string(&path).map_err(|e| DataError::io(&name, e))?;
    let ic = p.index_cols.max(1);
    let mut out = Vec::new();
    for line in text.lines().skip(p.header_rows.max(1)) {
        let cells: Vec<String> = line.split('\t').map(unquote).collect();
        if cells.len() > ic {
            out.push((cells[..ic].join("|"), cells[ic].clone()));
        }
    }
    Ok(out)
}

/// Reads one extension sub-folder. Returns the extension (None when it
/// has no F or S table) and whether it is the factor-input account.
fn read_extension(
    sub: &Path,
    grid: &Grid,
    fd: &[FinalDemandColumn],
    x: &[f64],
) -> Result<(Option<Extension>, bool)> {
    let (params, json) = read_params(sub)?;
    let folder = sub
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = json
        .get("name")
        .and_then(Json::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| folder.clone());
    let (f_t, from_s) = match table(sub, &params, &["F"])? {
        Some(t) => (t, false),
        None => match table(sub, &params, &["S"])? {
            Some(t) => (t, true),
            None => return Ok((None, false)),
        },
    };
    let n = grid.n();
    let cols: Vec<usize> = (0..f_t.ncols())
        .map(|j| grid.col(&f_t, j))
        .collect::<Result<_>>()?;
    grid.check_complete(&f_t, &cols, "columns")?;
    let units: HashMap<String, String> = read_units(sub, &params, "unit")?.into_iter().collect();
    let stressors: Vec<Stressor> = f_t
        .rows
        .iter()
        .map(|(l, _)| {
            let key = l.join("|");
            Stressor {
                name: l.first().cloned().unwrap_or_default(),
                compartment: l.get(1).cloned().filter(|c| !c.is_empty()),
                unit: units.get(&key).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let m = stressors.len();
    let mut f = Mat::<f64>::zeros(m, n);
    for i in 0..m {
        for (j, &c) in cols.iter().enumerate() {
            f[(i, c)] = if from_s {
                f_t.get(i, j) * x[c]
            } else {
                f_t.get(i, j)
            };
        }
    }
    let f_y = match table(sub, &params, &["F_Y", "FY", "F_hh"])? {
        None => None,
        Some(t) => {
            let mut fy = Mat::<f64>::zeros(m, fd.len());
            let row_of: HashMap<String, usize> = stressors
                .iter()
                .enumerate()
                .map(|(i, s)| (s.label(), i))
                .collect();
            for (r, (l, no)) in t.rows.iter().enumerate() {
                let key = match l.as_slice() {
                    [a, b] if !b.is_empty() => format!("{a}|{b}"),
                    [a, ..] => a.clone(),
                    [] => String::new(),
                };
                let i = *row_of.get(&key).ok_or_else(|| {
                    DataError::at(
                        t.loc().at_row(*no),
                        format!("stressor {key:?} is not a row of F"),
                    )
                })?;
                for (j, c) in t.cols.iter().enumerate() {
                    let col = match c.as_slice() {
                        [reg, cat] => fd
                            .iter()
                            .position(|d| d.region == *reg && d.category == *cat),
                        [cat] => fd.iter().position(|d| d.category == *cat),
                        _ => None,
                    }
                    .ok_or_else(|| {
                        DataError::at(
                            t.loc()
                                .at_column(format!("{} (column {})", c.join("|"), j + 1)),
                            "not a final-demand column of Y",
                        )
                    })?;
                    fy[(i, col)] = t.get(r, j);
                }
            }
            Some(fy)
        }
    };
    let is_factor = folder == "factor_inputs"
        || name.eq_ignore_ascii_case("Factor Inputs")
        || f_t.row_names.first().is_some_and(|r| r == "inputtype");
    Ok((
        Some(Extension {
            name: if is_factor {
                "factor_inputs".into()
            } else {
                name
            },
            stressors,
            f,
            f_y,
        }),
        is_factor,
    ))
}

/// Parses `metadata.json` into provenance (name, description, history).
fn read_metadata(dir: &Path) -> Result<Provenance> {
    let mut prov = Provenance::default();
    let path = dir.join("metadata.json");
    if !path.exists() {
        return Ok(prov);
    }
    let name = path.display().to_string();
    let text = fs::read_to_string(&path).map_err(|e| DataError::io(&name, e))?;
    let json: Json = serde_json::from_str(&text).map_err(|e| {
        DataError::at(
            Location::source(&name).at_row(e.line() as u64),
            format!("not valid JSON: {e}"),
        )
    })?;
    let s = |k: &str| json.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    prov.name = s("name");
    prov.description = s("description");
    if let Some(h) = json.get("history").and_then(Json::as_array) {
        // pymrio lists the newest entry first; provenance is oldest first.
        for e in h.iter().rev() {
            if let Some(t) = e.as_str() {
                prov.history.push(parse_history(t));
            }
        }
    }
    Ok(prov)
}

/// `"YYYYMMDD HH:MM:SS - TYPE -  text"` → entry with text
/// `"YYYYMMDD HH:MM:SS - text"` (the stamp kept in front).
fn parse_history(s: &str) -> HistoryEntry {
    let parts: Vec<&str> = s.splitn(3, " - ").collect();
    if parts.len() == 3 && is_stamp(parts[0]) {
        let kind = match parts[1].trim() {
            "FILEIO" => HistoryKind::Fileio,
            "MODIFICATION" => HistoryKind::Modification,
            _ => HistoryKind::Note,
        };
        let text = parts[2].strip_prefix(' ').unwrap_or(parts[2]);
        return HistoryEntry {
            kind,
            text: format!("{} - {text}", parts[0]),
        };
    }
    HistoryEntry {
        kind: HistoryKind::Note,
        text: s.to_string(),
    }
}

fn is_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 17
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b' '
        && b[11] == b':'
        && b[14] == b':'
        && [9, 10, 12, 13, 15, 16]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

mod write;

pub use write::{PymrioResult, PymrioWriteOptions, utc_stamp, write_pymrio, write_pymrio_now};
#[cfg(test)]
use write::{folder_name, format_history};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_and_history() {
        assert_eq!(utc_stamp(0), "19700101 00:00:00");
        assert_eq!(utc_stamp(1_700_000_000), "20231114 22:13:20");
        let e = parse_history("20171024 12:11:47 - FILEIO -  Created metadata file x.json");
        assert_eq!(e.kind, HistoryKind::Fileio);
        assert_eq!(e.text, "20171024 12:11:47 - Created metadata file x.json");
        assert_eq!(
            format_history(&e, "20990101 00:00:00"),
            "20171024 12:11:47 - FILEIO -  Created metadata file x.json"
        );
        let fresh = HistoryEntry {
            kind: HistoryKind::Note,
            text: "hello - world".into(),
        };
        assert_eq!(
            format_history(&fresh, "20990101 00:00:00"),
            "20990101 00:00:00 - NOTE -  hello - world"
        );
        assert_eq!(folder_name("Employment (WIOD)"), "employment__wiod_");
    }
}
