//! Satellite accounts (extensions) from CSV files, matched to a table by
//! label.
//!
//! Two layouts:
//!
//! * **wide** — `extension,stressor,compartment,unit,<industry labels…>,
//!   <final-demand labels…>`, one row per stressor (the layout of
//!   `shared/data/pymrio-test/extensions.csv`) → one [`Extension`] per
//!   distinct `extension` value;
//! * **long** — `region,sector,<value columns…>`, one row per region-sector
//!   (the WIOD Socio-Economic Accounts in `shared/data/wiod2013/employment/`)
//!   → one [`Extension`] with a stressor per chosen column.
//!
//! Satellite data are often incomplete (WIOD has no employment for RoW,
//! and empty cells where a sector does not exist). Missing values are never
//! invented silently: the long reader returns *which* labels were missing,
//! and the caller chooses between an error and an explicit zero fill that
//! comes back as a note to record in the table's provenance.

use std::collections::HashMap;
use std::path::Path;

use autopact_core::Location;
use autopact_mrio::{Extension, Mrio, Stressor};
use faer::Mat;

use crate::csvline::split_line;
use crate::error::{DataError, Result, Unwritable};
use crate::source::{Input, read_text};

fn parse_cell(s: &str, loc: &Location) -> Result<Option<f64>> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match fast_float2::parse::<f64, _>(t) {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        Ok(v) => Err(DataError::at(
            loc.clone(),
            format!("{v} is not allowed; every value must be a finite number"),
        )),
        Err(_) => Err(DataError::at(loc.clone(), format!("not a number: {t:?}"))),
    }
}

/// Reads a wide extensions CSV (`extension,stressor,compartment,unit,
/// <labels…>`) and matches its columns to `m` by label: every region-sector
/// of `m` must have a column; final-demand columns are optional (an
/// extension whose final-demand values are all zero gets no F_Y). Empty
/// cells are errors.
pub fn read_wide_extensions(path: impl AsRef<Path>, m: &Mrio) -> Result<Vec<Extension>> {
    let input = Input::Path(path.as_ref().to_path_buf());
    let (text, _) = read_text(&input)?;
    wide_from_text(&input.name(), &text, m)
}

pub(crate) fn wide_from_text(name: &str, text: &str, m: &Mrio) -> Result<Vec<Extension>> {
    let loc = Location::source(name);
    let mut lines = text.lines().enumerate();
    let Some((_, head)) = lines.next() else {
        return Err(DataError::at(
            loc,
            "the file is empty; expected a header line",
        ));
    };
    let header = split_line(head).map_err(|e| DataError::at(loc.at_row(1), e))?;
    let pos = |n: &str| header.iter().position(|h| h == n);
    let (Some(ce), Some(cs)) = (pos("extension"), pos("stressor")) else {
        return Err(DataError::at(
            loc.at_row(1),
            "the header needs the columns extension, stressor (and optionally compartment, unit) \
             before the region-sector labels",
        ));
    };
    let cc = pos("compartment");
    let cu = pos("unit");
    let meta = [Some(ce), Some(cs), cc, cu];
    let n = m.n();
    let k = m.final_demand().len();
    let ind: HashMap<String, usize> = (0..n).map(|i| (m.label(i), i)).collect();
    let fdl: HashMap<String, usize> = (0..k)
        .flat_map(|j| {
            let c = &m.final_demand()[j];
            let mut v = vec![(m.fd_label(j), j)];
            if c.region == "ALL" {
                v.push((c.category.clone(), j));
            }
            v
        })
        .collect();
    // Where each data column goes.
    enum Dest {
        F(usize),
        Fy(usize),
    }
    let mut dest: Vec<Option<Dest>> = Vec::with_capacity(header.len());
    let mut seen_f = vec![false; n];
    for (j, h) in header.iter().enumerate() {
        if meta.contains(&Some(j)) {
            dest.push(None);
            continue;
        }
        let d = if let Some(&i) = ind.get(h) {
            if seen_f[i] {
                return Err(DataError::at(
                    loc.at_row(1).at_column(format!("{h} (column {})", j + 1)),
                    "duplicate column label",
                ));
            }
            seen_f[i] = true;
            Dest::F(i)
        } else if let Some(&c) = fdl.get(h) {
            Dest::Fy(c)
        } else {
            return Err(DataError::at(
                loc.at_row(1).at_column(format!("{h} (column {})", j + 1)),
                format!(
                    "{h:?} is neither a region-sector nor a final-demand column of the table \
                     ({}); the extension must use the table's labels",
                    m.provenance().name
                ),
            ));
        };
        dest.push(Some(d));
    }
    if let Some(i) = seen_f.iter().position(|s| !s) {
        return Err(DataError::at(
            loc.at_row(1),
            format!(
                "no column for region-sector {}; an extension needs a value for every region-sector \
                 of the table (write 0 where it is zero)",
                m.label(i)
            ),
        ));
    }
    struct Acc {
        name: String,
        stressors: Vec<Stressor>,
        f: Vec<Vec<f64>>,
        fy: Vec<Vec<f64>>,
    }
    let mut exts: Vec<Acc> = Vec::new();
    for (ln, line) in lines {
        let row = ln as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cells = split_line(line).map_err(|e| DataError::at(loc.at_row(row), e))?;
        if cells.len() != header.len() {
            return Err(DataError::at(
                loc.at_row(row),
                format!(
                    "the line has {} cells but the header has {}",
                    cells.len(),
                    header.len()
                ),
            ));
        }
        let ename = cells[ce].clone();
        let st = Stressor {
            name: cells[cs].clone(),
            compartment: cc.map(|c| cells[c].clone()).filter(|c| !c.is_empty()),
            unit: cu.map(|c| cells[c].clone()).unwrap_or_default(),
        };
        let e = match exts.iter().position(|e| e.name == ename) {
            Some(e) => e,
            None => {
                exts.push(Acc {
                    name: ename.clone(),
                    stressors: Vec::new(),
                    f: Vec::new(),
                    fy: Vec::new(),
                });
                exts.len() - 1
            }
        };
        if exts[e].stressors.iter().any(|s| s.label() == st.label()) {
            return Err(DataError::at(
                loc.at_row(row),
                format!("stressor {:?} of {ename:?} appears twice", st.label()),
            ));
        }
        let mut f = vec![0.0; n];
        let mut fy = vec![0.0; k];
        for (j, d) in dest.iter().enumerate() {
            let Some(d) = d else { continue };
            let cl = loc
                .at_row(row)
                .at_column(format!("{} (column {})", header[j], j + 1));
            let v = parse_cell(&cells[j], &cl)?.ok_or_else(|| {
                DataError::at(
                    cl.clone(),
                    "empty cell; write 0 if the value is zero (autopact does not guess missing values)",
                )
            })?;
            match d {
                Dest::F(i) => f[*i] = v,
                Dest::Fy(c) => fy[*c] += v,
            }
        }
        exts[e].stressors.push(st);
        exts[e].f.push(f);
        exts[e].fy.push(fy);
    }
    Ok(exts
        .into_iter()
        .map(|a| {
            let r = a.stressors.len();
            let any_fy = a.fy.iter().flatten().any(|&v| v != 0.0);
            Extension {
                name: a.name,
                stressors: a.stressors,
                f: Mat::from_fn(r, n, |i, j| a.f[i][j]),
                f_y: any_fy.then(|| Mat::from_fn(r, k, |i, j| a.fy[i][j])),
            }
        })
        .collect())
}

/// What to do with region-sectors that have no value in a long satellite
/// file (no row, or an empty cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    /// Stop with an error listing them (default).
    #[default]
    Error,
    /// Use 0 and report them in [`LongSatellite::missing`] and its note.
    ZeroFill,
}

/// Which columns of a long file to read, and how.
#[derive(Debug, Clone)]
pub struct LongSpec {
    /// Name of the extension to build, e.g. `"employment"`.
    pub name: String,
    /// `(column, unit)`: one stressor per column.
    pub columns: Vec<(String, String)>,
    /// Missing values: error or explicit zero fill.
    pub missing: Missing,
}

/// One missing value of a long satellite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingValue {
    /// Region-sector label of the table.
    pub label: String,
    /// Column (stressor) name.
    pub column: String,
    /// `None`: the file has no row for the region-sector; `Some(line)`:
    /// the cell on that line is empty.
    pub line: Option<u64>,
}

/// A satellite read from a long file.
#[derive(Debug, Clone)]
pub struct LongSatellite {
    /// The extension (zero where values were missing, if zero fill was
    /// chosen).
    pub extension: Extension,
    /// Every value that was missing.
    pub missing: Vec<MissingValue>,
}

impl LongSatellite {
    /// A one-paragraph note on the missing values, to record in the
    /// table's provenance; `None` when nothing was missing.
    pub fn note(&self) -> Option<String> {
        if self.missing.is_empty() {
            return None;
        }
        let no_row: Vec<&str> = dedup(
            self.missing
                .iter()
                .filter(|m| m.line.is_none())
                .map(|m| m.label.as_str()),
        );
        let empty: Vec<String> = self
            .missing
            .iter()
            .filter(|m| m.line.is_some())
            .map(|m| format!("{} {}", m.label, m.column))
            .collect();
        let mut s = format!(
            "{}: {} missing values set to 0",
            self.extension.name,
            self.missing.len()
        );
        if !no_row.is_empty() {
            s.push_str(&format!(
                "; no row for {} region-sectors ({})",
                no_row.len(),
                crate::icio::layout::short_list(&no_row)
            ));
        }
        if !empty.is_empty() {
            let e: Vec<&str> = empty.iter().map(String::as_str).collect();
            s.push_str(&format!(
                "; {} empty cells ({})",
                e.len(),
                crate::icio::layout::short_list(&e)
            ));
        }
        Some(s)
    }
}

fn dedup<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = Vec::new();
    for s in it {
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v
}

/// Reads a long satellite file (`region,sector,<value columns…>`) and
/// matches its rows to `m` by (region, sector). Rows for region-sectors not
/// in `m` are errors; missing values follow `spec.missing`.
pub fn read_long_satellite(
    path: impl AsRef<Path>,
    m: &Mrio,
    spec: &LongSpec,
) -> Result<LongSatellite> {
    let input = Input::Path(path.as_ref().to_path_buf());
    let (text, _) = read_text(&input)?;
    long_from_text(&input.name(), &text, m, spec)
}

fn long_from_text(name: &str, text: &str, m: &Mrio, spec: &LongSpec) -> Result<LongSatellite> {
    let loc = Location::source(name);
    let mut lines = text.lines().enumerate();
    let Some((_, head)) = lines.next() else {
        return Err(DataError::at(
            loc,
            "the file is empty; expected a header line",
        ));
    };
    let header = split_line(head).map_err(|e| DataError::at(loc.at_row(1), e))?;
    let pos = |n: &str| header.iter().position(|h| h == n);
    let (Some(cr), Some(cs)) = (pos("region"), pos("sector")) else {
        return Err(DataError::at(
            loc.at_row(1),
            "the header needs region and sector columns",
        ));
    };
    let mut cols = Vec::new();
    for (c, _) in &spec.columns {
        cols.push(pos(c).ok_or_else(|| {
            DataError::at(
                loc.at_row(1),
                format!("no column {c:?}; the file has {}", header.join(", ")),
            )
        })?);
    }
    let n = m.n();
    let ind: HashMap<(&str, &str), usize> = (0..n)
        .map(|i| {
            (
                (
                    m.regions()[m.region_of(i)].as_str(),
                    m.sectors()[m.sector_of(i)].as_str(),
                ),
                i,
            )
        })
        .collect();
    let r = spec.columns.len();
    let mut vals: Vec<Vec<Option<f64>>> = vec![vec![None; n]; r];
    let mut row_line: Vec<Option<u64>> = vec![None; n];
    for (ln, line) in lines {
        let row = ln as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let cells = split_line(line).map_err(|e| DataError::at(loc.at_row(row), e))?;
        if cells.len() != header.len() {
            return Err(DataError::at(
                loc.at_row(row),
                format!(
                    "the line has {} cells but the header has {}",
                    cells.len(),
                    header.len()
                ),
            ));
        }
        let key = (cells[cr].as_str(), cells[cs].as_str());
        let Some(&i) = ind.get(&key) else {
            return Err(DataError::at(
                loc.at_row(row),
                format!(
                    "region {:?}, sector {:?} is not a region-sector of the table; the satellite \
                     must use the table's labels",
                    key.0, key.1
                ),
            ));
        };
        if let Some(prev) = row_line[i] {
            return Err(DataError::at(
                loc.at_row(row),
                format!("{} appears twice (also on line {prev})", m.label(i)),
            ));
        }
        row_line[i] = Some(row);
        for (s, &c) in cols.iter().enumerate() {
            let cl = loc
                .at_row(row)
                .at_column(format!("{} (column {})", header[c], c + 1));
            vals[s][i] = parse_cell(&cells[c], &cl)?;
        }
    }
    let mut missing = Vec::new();
    for i in 0..n {
        for (s, (c, _)) in spec.columns.iter().enumerate() {
            if vals[s][i].is_none() {
                missing.push(MissingValue {
                    label: m.label(i),
                    column: c.clone(),
                    line: row_line[i],
                });
            }
        }
    }
    if !missing.is_empty() && spec.missing == Missing::Error {
        let shown: Vec<String> = missing
            .iter()
            .take(6)
            .map(|v| match v.line {
                None => format!("{} (no row)", v.label),
                Some(l) => format!("{} {} (empty on line {l})", v.label, v.column),
            })
            .collect();
        return Err(DataError::at(
            loc,
            format!(
                "{} values are missing: {}{}; fill them in, or choose zero fill \
                 (recorded as a note in the table's provenance)",
                missing.len(),
                shown.join(", "),
                if missing.len() > 6 { ", …" } else { "" }
            ),
        ));
    }
    let extension = Extension {
        name: spec.name.clone(),
        stressors: spec
            .columns
            .iter()
            .map(|(c, u)| Stressor::new(c.clone(), u.clone()))
            .collect(),
        f: Mat::from_fn(r, n, |s, i| vals[s][i].unwrap_or(0.0)),
        f_y: None,
    };
    Ok(LongSatellite { extension, missing })
}

/// Writes extensions in the wide layout that [`read_wide_extensions`]
/// reads back (`extension,stressor,compartment,unit,<region-sectors…>`,
/// then the final-demand columns when any extension has F_Y); floats in
/// shortest round-trip form, gzip with modification time 0 when the name
/// ends in `.gz`. An F_Y of all zeros reads back as none.
pub fn write_wide_extensions(path: impl AsRef<Path>, m: &Mrio, exts: &[&Extension]) -> Result<()> {
    use crate::csvline::{fmt_f64, quote};
    use std::io::Write;
    let path = path.as_ref();
    let name = path.display().to_string();
    let n = m.n();
    let k = m.final_demand().len();
    for e in exts {
        if e.f.ncols() != n || e.f_y.as_ref().is_some_and(|fy| fy.ncols() != k) {
            return Err(DataError::CannotWrite {
                file: name,
                reason: Unwritable::ExtensionDoesNotFit {
                    extension: e.name.clone(),
                    columns: e.f.ncols(),
                    n,
                },
            });
        }
    }
    let with_fy = exts.iter().any(|e| e.f_y.is_some());
    let mut s = String::from("extension,stressor,compartment,unit");
    for i in 0..n {
        s.push(',');
        s.push_str(&quote(&m.label(i)));
    }
    if with_fy {
        for j in 0..k {
            let c = &m.final_demand()[j];
            s.push(',');
            if c.region == "ALL" {
                s.push_str(&quote(&c.category));
            } else {
                s.push_str(&quote(&m.fd_label(j)));
            }
        }
    }
    s.push('\n');
    let mut rb = ryu::Buffer::new();
    for e in exts {
        for (r, st) in e.stressors.iter().enumerate() {
            s.push_str(&quote(&e.name));
            s.push(',');
            s.push_str(&quote(&st.name));
            s.push(',');
            s.push_str(&quote(st.compartment.as_deref().unwrap_or("")));
            s.push(',');
            s.push_str(&quote(&st.unit));
            for i in 0..n {
                s.push(',');
                s.push_str(fmt_f64(e.f[(r, i)], &mut rb));
            }
            if with_fy {
                for j in 0..k {
                    s.push(',');
                    let v = e.f_y.as_ref().map_or(0.0, |fy| fy[(r, j)]);
                    s.push_str(fmt_f64(v, &mut rb));
                }
            }
            s.push('\n');
        }
    }
    let io = |e| DataError::io(&name, e);
    let file = std::fs::File::create(path).map_err(io)?;
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("gz"))
    {
        let mut enc = flate2::GzBuilder::new()
            .mtime(0)
            .write(file, flate2::Compression::new(6));
        enc.write_all(s.as_bytes()).map_err(io)?;
        enc.finish().map_err(io)?.flush().map_err(io)
    } else {
        let mut w = std::io::BufWriter::new(file);
        w.write_all(s.as_bytes()).map_err(io)?;
        w.flush().map_err(io)
    }
}
