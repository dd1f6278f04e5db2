//! BEA national input-output tables: the reader for a folder in BEA's
//! layout, the two built-in tables (`us-bea-2017`, `us-bea-2024`), the
//! HTS10 → BEA commodity concordance of the law-to-economy link, and the
//! builder of the shipped files.
//!
//! Why here: only this crate reads files. The model is
//! [`autopact_mrio::national`]; this module turns files into a validated
//! [`NationalTable`] and names the file, row and column of every problem.
//!
//! Layout (one folder per table; each file a CSV with a header line, plain
//! or gzip, `NAME.csv.gz` or `NAME.csv`):
//!
//! | file | one row = | columns |
//! |---|---|---|
//! | `bea_use_import` | a commodity | `bea_code` + one column per industry: imported use |
//! | `bea_requirements_domestic` | an industry | `bea_code` + one column per commodity: domestic total requirements |
//! | `bea_industry_output` | an industry | `bea_code,output` |
//! | `bea_industry_variable_cost` | an industry | `bea_code,variable_cost` |
//! | `bea_commodity_use_totals` | a commodity | `bea_code,import_total,domestic_total` |
//! | `pce_bridge` (optional) | a PCE category × commodity | `nipa_line,pce_category,bea_code,commodity_description,producers_value,purchasers_value` |
//! | `bea_summary_to_detail` (optional) | a detail commodity | `summary_code,detail_code,detail_description` |
//! | `bea_commodity_descriptions` (optional) | a commodity | `Commodity Code,Description` |
//!
//! The industries are the rows of `bea_industry_output`, the commodities
//! the rows of `bea_use_import`; every other file must list exactly those
//! (in any order). The shipped folders under `crates/autopact-data/bea/`
//! hold these files, rebuilt by [`build_national_data`] from the project's
//! shared `bea` folder (BEA's numbers as published, floats in shortest
//! round-trip form, gzip with modification time 0) — the files the model
//! does not use (domestic use, derived accounts) are left out.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use autopact_core::Location;
use autopact_core::{HistoryKind, Provenance};
use autopact_mrio::national::{NationalParts, NationalTable, PceLine};
use flate2::{Compression, GzBuilder};

use crate::csvline::{fmt_f64, quote, split_line};
use crate::error::{DataError, Result};
use crate::files::{create_dir_all, read_bytes, write_bytes};

/// The built-in national tables.
pub const BUILTIN: &[&str] = &["us-bea-2017", "us-bea-2024"];

/// The files of a table folder: required, then optional.
const REQUIRED: &[&str] = &[
    "bea_use_import",
    "bea_requirements_domestic",
    "bea_industry_output",
    "bea_industry_variable_cost",
    "bea_commodity_use_totals",
];
const OPTIONAL: &[&str] = &[
    "pce_bridge",
    "bea_summary_to_detail",
    "bea_commodity_descriptions",
];

macro_rules! shipped {
    ($dir:literal) => {
        &[
            (
                "bea_use_import",
                include_bytes!(concat!("../bea/", $dir, "/bea_use_import.csv.gz")).as_slice(),
            ),
            (
                "bea_requirements_domestic",
                include_bytes!(concat!(
                    "../bea/",
                    $dir,
                    "/bea_requirements_domestic.csv.gz"
                )),
            ),
            (
                "bea_industry_output",
                include_bytes!(concat!("../bea/", $dir, "/bea_industry_output.csv.gz")),
            ),
            (
                "bea_industry_variable_cost",
                include_bytes!(concat!(
                    "../bea/",
                    $dir,
                    "/bea_industry_variable_cost.csv.gz"
                )),
            ),
            (
                "bea_commodity_use_totals",
                include_bytes!(concat!("../bea/", $dir, "/bea_commodity_use_totals.csv.gz")),
            ),
            (
                "pce_bridge",
                include_bytes!(concat!("../bea/", $dir, "/pce_bridge.csv.gz")),
            ),
            (
                "bea_summary_to_detail",
                include_bytes!(concat!("../bea/", $dir, "/bea_summary_to_detail.csv.gz")),
            ),
            (
                "bea_commodity_descriptions",
                include_bytes!(concat!(
                    "../bea/",
                    $dir,
                    "/bea_commodity_descriptions.csv.gz"
                )),
            ),
        ]
    };
}

const DETAIL_2017: &[(&str, &[u8])] = shipped!("detail_2017");
const SUMMARY_2024: &[(&str, &[u8])] = shipped!("summary_2024");
const HTS10_BEA: &[u8] = include_bytes!("../bea/hts10_bea.csv.gz");

/// BEA's attribution, as its data README asks a product to say it.
pub const BEA_SOURCE: &str = "Source: U.S. Bureau of Economic Analysis, Input-Output Accounts (2017 benchmark detail; 2024 summary); PCE Bridge Tables.";

/// The caveat every result on the 2024 summary table repeats.
pub const SUMMARY_2024_CAVEAT: &str = "2024 summary table: BEA's Use table is at purchasers' prices and its import matrix at producers' prices, so domestic use (use − imports) counts trade margins and taxes as domestic supply and the import shares are understated (apparel 0.31 here against 0.92 in the 2017 detail table; computers 0.44 against 0.61); the 2017 detail table is internally consistent";

/// Whether `spec` names a national table: a built-in name, or a folder
/// holding `bea_use_import.csv(.gz)`.
pub fn is_national(spec: &str) -> bool {
    BUILTIN.contains(&spec) || {
        let p = Path::new(spec);
        p.is_dir() && find(p, "bea_use_import").is_some()
    }
}

/// Opens a national table: `us-bea-2017`, `us-bea-2024` or a folder in
/// the layout above.
pub fn open_national(spec: &str) -> Result<NationalTable> {
    match spec {
        "us-bea-2017" => builtin_2017(),
        "us-bea-2024" => builtin_2024(),
        _ => read_national_dir(Path::new(spec)),
    }
}

fn builtin_2017() -> Result<NationalTable> {
    let files = Shipped {
        table: "us-bea-2017",
        files: DETAIL_2017,
    };
    let mut p = read_parts(&files)?;
    p.provenance = Provenance {
        name: "us-bea-2017: BEA input-output accounts, 2017 benchmark, detail".into(),
        description: "BEA's 2017 benchmark input-output tables at the detail level (402 commodities × 402 industries), producers' prices, after redefinitions: the import matrix, the domestic total requirements (industry by commodity), industry output and variable cost, commodity use totals and the PCE bridge".into(),
        source: "BEA files IOUse_After_Redefinitions_PRO_Detail, ImportMatrices_After_Redefinitions_Detail, IxC_Domestic_Detail (sheet 2017) and the 2017 PCE bridge, as kept in Budget-Lab-Yale/Tariff-Model (commit 82cfad3); built by autopact_data::national::build_national_data".into(),
        year: Some(2017),
        unit: "USD million".into(),
        price_basis: "current dollars, producers' prices, after redefinitions".into(),
        citation: BEA_SOURCE.into(),
        licence: "public domain (works of the U.S. Government)".into(),
        sha256: Some(digest(DETAIL_2017)),
        history: Vec::new(),
    };
    p.provenance.record(
        HistoryKind::Note,
        "built-in table: crates/autopact-data/bea/detail_2017 (data/README.md)",
    );
    table("us-bea-2017", p)
}

fn builtin_2024() -> Result<NationalTable> {
    let files = Shipped {
        table: "us-bea-2024",
        files: SUMMARY_2024,
    };
    let mut p = read_parts(&files)?;
    p.provenance = Provenance {
        name: "us-bea-2024: BEA input-output accounts, 2024 annual, summary".into(),
        description: "BEA's 2024 annual input-output tables at the summary level (73 commodities × 71 industries), before redefinitions: the import matrix, the domestic total requirements (industry by commodity), industry output and variable cost, commodity use totals and the PCE bridge".into(),
        source: "BEA's 2024 summary Use table, import matrix and requirements tables and the 2024 PCE bridge, as kept in Budget-Lab-Yale/Tariff-Model (commit 82cfad3, checked cell by cell against BEA's spreadsheets); the code hierarchy of the 2017 benchmark; built by autopact_data::national::build_national_data".into(),
        year: Some(2024),
        unit: "USD million".into(),
        price_basis: "current dollars; use at purchasers' prices, imports at producers' prices (see the caveat)".into(),
        citation: BEA_SOURCE.into(),
        licence: "public domain (works of the U.S. Government)".into(),
        sha256: Some(digest(SUMMARY_2024)),
        history: Vec::new(),
    };
    p.provenance.record(
        HistoryKind::Note,
        "built-in table: crates/autopact-data/bea/summary_2024 (data/README.md)",
    );
    p.caveats.push(SUMMARY_2024_CAVEAT.into());
    table("us-bea-2024", p)
}

fn digest(files: &[(&str, &[u8])]) -> String {
    let mut all = Vec::new();
    for (_, b) in files {
        all.extend_from_slice(b);
    }
    autopact_core::digest::sha256_hex(&all)
}

fn table(name: &str, p: NationalParts) -> Result<NationalTable> {
    NationalTable::new(p).map_err(|error| DataError::Mrio {
        file: name.into(),
        error,
    })
}

/// Reads a table folder in the layout above.
pub fn read_national_dir(dir: &Path) -> Result<NationalTable> {
    if !dir.is_dir() {
        return Err(DataError::io(
            dir.display().to_string(),
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such folder (give us-bea-2017, us-bea-2024 or a folder of BEA files: bea_use_import.csv.gz, …)",
            ),
        ));
    }
    let files = Folder(dir.to_path_buf());
    let mut p = read_parts(&files)?;
    let mut stored = Vec::new();
    for name in REQUIRED.iter().chain(OPTIONAL) {
        if let Some(path) = find(dir, name) {
            stored.push((*name, read_bytes(&path)?));
        }
    }
    let refs: Vec<(&str, &[u8])> = stored.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    p.provenance = Provenance {
        name: dir.display().to_string(),
        description: "a national input-output table in BEA's layout".into(),
        source: dir.display().to_string(),
        unit: "as given (BEA: USD million)".into(),
        sha256: Some(digest(&refs)),
        ..Provenance::default()
    };
    p.provenance.record(
        HistoryKind::Fileio,
        format!("read the BEA-layout folder {}", dir.display()),
    );
    table(&dir.display().to_string(), p)
}

/// The HTS10 → BEA detail commodity concordance of the shipped lines
/// (from the tariff tracker's metal-content file; lines it gives no code
/// are absent).
pub fn shipped_bea_codes() -> Result<BTreeMap<String, String>> {
    let name = "built-in bea/hts10_bea.csv.gz";
    let text = gunzip(name, HTS10_BEA)?;
    let (h, rows) = rows(name, &text)?;
    let (ih, ib) = (
        column(name, &h, "hts10")?,
        column(name, &h, "bea_detail_code")?,
    );
    Ok(rows
        .into_iter()
        .map(|(_, r)| (r[ih].clone(), r[ib].clone()))
        .collect())
}

/// Where a table's files come from.
trait Files {
    /// The file `name` (without extension): its display name and text, or
    /// `None` when absent.
    fn get(&self, name: &str) -> Result<Option<(String, String)>>;
}

struct Shipped {
    table: &'static str,
    files: &'static [(&'static str, &'static [u8])],
}

impl Files for Shipped {
    fn get(&self, name: &str) -> Result<Option<(String, String)>> {
        let Some((_, b)) = self.files.iter().find(|(n, _)| *n == name) else {
            return Ok(None);
        };
        let display = format!("built-in {}/{name}.csv.gz", self.table);
        let text = gunzip(&display, b)?;
        Ok(Some((display, text)))
    }
}

struct Folder(PathBuf);

fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    [format!("{name}.csv.gz"), format!("{name}.csv")]
        .into_iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
}

impl Files for Folder {
    fn get(&self, name: &str) -> Result<Option<(String, String)>> {
        let Some(path) = find(&self.0, name) else {
            return Ok(None);
        };
        let display = path.display().to_string();
        let bytes = read_bytes(&path)?;
        let text = if bytes.starts_with(&[0x1f, 0x8b]) {
            gunzip(&display, &bytes)?
        } else {
            String::from_utf8(bytes).map_err(|e| {
                DataError::at(
                    Location::source(&display),
                    format!(
                        "the file is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 CSV",
                        e.utf8_error().valid_up_to()
                    ),
                )
            })?
        };
        Ok(Some((display, text)))
    }
}

fn gunzip(name: &str, bytes: &[u8]) -> Result<String> {
    let mut s = String::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_string(&mut s)
        .map_err(|e| DataError::io(name, e))?;
    if s.starts_with('\u{feff}') {
        s.drain(..3);
    }
    Ok(s)
}

/// Header and rows (1-based line numbers), every row as long as the header.
type Rows = (Vec<String>, Vec<(u64, Vec<String>)>);

fn rows(name: &str, text: &str) -> Result<Rows> {
    let loc = Location::source(name);
    let mut it = text.lines().enumerate();
    let (_, h) = it
        .next()
        .ok_or_else(|| DataError::at(loc.clone(), "empty file: a header line is needed"))?;
    let header =
        split_line(h.trim_end_matches('\r')).map_err(|m| DataError::at(loc.at_row(1), m))?;
    let mut out = Vec::new();
    for (k, l) in it {
        let l = l.trim_end_matches('\r');
        let row = k as u64 + 1;
        if l.is_empty() {
            continue;
        }
        let f = split_line(l).map_err(|m| DataError::at(loc.at_row(row), m))?;
        if f.len() != header.len() {
            let at = if f.len() < header.len() {
                header[f.len()].clone()
            } else {
                format!("{}", header.len() + 1)
            };
            return Err(DataError::at(
                loc.at_row(row).at_column(at),
                format!(
                    "{} fields where the header has {}: every row needs one value per column",
                    f.len(),
                    header.len()
                ),
            ));
        }
        out.push((row, f));
    }
    Ok((header, out))
}

fn column(name: &str, header: &[String], c: &str) -> Result<usize> {
    header.iter().position(|h| h == c).ok_or_else(|| {
        DataError::at(
            Location::source(name).at_row(1),
            format!("no column {c:?} (header: {})", header.join(",")),
        )
    })
}

fn number(name: &str, row: u64, col: &str, text: &str) -> Result<f64> {
    let at = || Location::source(name).at_row(row).at_column(col);
    let t = text.trim();
    if t.is_empty() {
        return Err(DataError::at(
            at(),
            "empty cell: write 0 where there is no value",
        ));
    }
    let v: f64 = t
        .parse()
        .map_err(|_| DataError::at(at(), format!("{t:?} is not a number")))?;
    if !v.is_finite() {
        return Err(DataError::at(at(), format!("{t:?} is not a finite number")));
    }
    Ok(v)
}

fn required(files: &dyn Files, name: &str) -> Result<(String, String)> {
    files
        .get(name)?
        .ok_or_else(|| DataError::NationalFileMissing {
            name: name.into(),
            required: REQUIRED,
        })
}

/// A file of one value per label (`bea_code` + the named columns).
fn vectors(
    name: &str,
    text: &str,
    cols: &[&str],
    labels: &[String],
    kind: &str,
) -> Result<Vec<Vec<f64>>> {
    let (h, rows) = rows(name, text)?;
    let ic = column(name, &h, "bea_code")?;
    let idx: Vec<usize> = cols
        .iter()
        .map(|c| column(name, &h, c))
        .collect::<Result<_>>()?;
    let pos: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(k, l)| (l.as_str(), k))
        .collect();
    let mut out = vec![vec![f64::NAN; labels.len()]; cols.len()];
    let mut seen = vec![false; labels.len()];
    for (row, r) in &rows {
        let code = r[ic].trim();
        let Some(&k) = pos.get(code) else {
            return Err(DataError::at(
                Location::source(name).at_row(*row).at_column("bea_code"),
                format!(
                    "{code:?} is not a {kind} of the table (the {kind}s are those of {})",
                    source_of(kind)
                ),
            ));
        };
        if seen[k] {
            return Err(DataError::at(
                Location::source(name).at_row(*row).at_column("bea_code"),
                format!("{kind} {code} is listed twice"),
            ));
        }
        seen[k] = true;
        for (j, &c) in idx.iter().enumerate() {
            out[j][k] = number(name, *row, &h[c], &r[c])?;
        }
    }
    if let Some(k) = seen.iter().position(|s| !s) {
        return Err(DataError::at(
            Location::source(name),
            format!(
                "{kind} {} has no row here (every {kind} of {} needs one)",
                labels[k],
                source_of(kind)
            ),
        ));
    }
    Ok(out)
}

fn source_of(kind: &str) -> &'static str {
    if kind == "industry" {
        "bea_industry_output"
    } else {
        "bea_use_import"
    }
}

/// A matrix file: rows `row_labels` (`bea_code`), one column per
/// `col_labels`; returned row-major in the given orders.
fn matrix(
    name: &str,
    text: &str,
    row_labels: &[String],
    row_kind: &str,
    col_labels: &[String],
    col_kind: &str,
) -> Result<Vec<f64>> {
    let (h, rows) = rows(name, text)?;
    if h.first().map(|s| s.trim()) != Some("bea_code") {
        return Err(DataError::at(
            Location::source(name).at_row(1).at_column("1"),
            format!(
                "the first column must be bea_code (the {row_kind} codes), found {:?}",
                h.first().map(String::as_str).unwrap_or("")
            ),
        ));
    }
    let mut col_of: HashMap<&str, usize> = HashMap::new();
    for (c, label) in h.iter().enumerate().skip(1) {
        let label = label.trim();
        if col_of.insert(label, c).is_some() {
            return Err(DataError::at(
                Location::source(name).at_row(1).at_column(label),
                format!("column {label} appears twice"),
            ));
        }
        if !col_labels.iter().any(|l| l == label) {
            return Err(DataError::at(
                Location::source(name).at_row(1).at_column(label),
                format!(
                    "{label:?} is not a {col_kind} of the table (the {col_kind}s are those of {})",
                    source_of(col_kind)
                ),
            ));
        }
    }
    let cols: Vec<usize> = col_labels
        .iter()
        .map(|l| {
            col_of.get(l.as_str()).copied().ok_or_else(|| {
                DataError::at(
                    Location::source(name).at_row(1).at_column(l),
                    format!(
                        "{col_kind} {l} has no column (every {col_kind} of {} needs one)",
                        source_of(col_kind)
                    ),
                )
            })
        })
        .collect::<Result<_>>()?;
    let pos: HashMap<&str, usize> = row_labels
        .iter()
        .enumerate()
        .map(|(k, l)| (l.as_str(), k))
        .collect();
    let n = col_labels.len();
    let mut out = vec![0.0; row_labels.len() * n];
    let mut seen = vec![false; row_labels.len()];
    for (row, r) in &rows {
        let code = r[0].trim();
        let Some(&k) = pos.get(code) else {
            return Err(DataError::at(
                Location::source(name).at_row(*row).at_column("bea_code"),
                format!(
                    "{code:?} is not a {row_kind} of the table (the {row_kind}s are those of {})",
                    source_of(row_kind)
                ),
            ));
        };
        if seen[k] {
            return Err(DataError::at(
                Location::source(name).at_row(*row).at_column("bea_code"),
                format!("{row_kind} {code} is listed twice"),
            ));
        }
        seen[k] = true;
        for (j, &c) in cols.iter().enumerate() {
            out[k * n + j] = number(name, *row, h[c].trim(), &r[c])?;
        }
    }
    if let Some(k) = seen.iter().position(|s| !s) {
        return Err(DataError::at(
            Location::source(name),
            format!(
                "{row_kind} {} has no row (every {row_kind} of {} needs one)",
                row_labels[k],
                source_of(row_kind)
            ),
        ));
    }
    Ok(out)
}

fn labels(name: &str, text: &str) -> Result<Vec<String>> {
    let (h, rows) = rows(name, text)?;
    let ic = column(name, &h, "bea_code")?;
    let mut out: Vec<String> = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::new();
    for (row, r) in rows {
        let code = r[ic].trim().to_string();
        if code.is_empty() {
            return Err(DataError::at(
                Location::source(name).at_row(row).at_column("bea_code"),
                "empty code",
            ));
        }
        if !seen.insert(code.clone()) {
            return Err(DataError::at(
                Location::source(name).at_row(row).at_column("bea_code"),
                format!("{code} is listed twice"),
            ));
        }
        out.push(code);
    }
    Ok(out)
}

fn read_parts(files: &dyn Files) -> Result<NationalParts> {
    let (n_out, t_out) = required(files, "bea_industry_output")?;
    let industries = labels(&n_out, &t_out)?;
    let (n_imp, t_imp) = required(files, "bea_use_import")?;
    let commodities = labels(&n_imp, &t_imp)?;
    let use_import = matrix(
        &n_imp,
        &t_imp,
        &commodities,
        "commodity",
        &industries,
        "industry",
    )?;
    let (n_req, t_req) = required(files, "bea_requirements_domestic")?;
    let requirements = matrix(
        &n_req,
        &t_req,
        &industries,
        "industry",
        &commodities,
        "commodity",
    )?;
    let output = vectors(&n_out, &t_out, &["output"], &industries, "industry")?.remove(0);
    let (n_vc, t_vc) = required(files, "bea_industry_variable_cost")?;
    let variable_cost =
        vectors(&n_vc, &t_vc, &["variable_cost"], &industries, "industry")?.remove(0);
    let (n_tot, t_tot) = required(files, "bea_commodity_use_totals")?;
    let mut totals = vectors(
        &n_tot,
        &t_tot,
        &["import_total", "domestic_total"],
        &commodities,
        "commodity",
    )?;
    let domestic_total = totals.pop().expect("two columns");
    let import_total = totals.pop().expect("two columns");
    let pos: HashMap<&str, usize> = commodities
        .iter()
        .enumerate()
        .map(|(k, l)| (l.as_str(), k))
        .collect();
    let mut descriptions = vec![String::new(); commodities.len()];
    let mut hierarchy = Vec::new();
    if let Some((name, text)) = files.get("bea_summary_to_detail")? {
        let (h, rows) = rows(&name, &text)?;
        let (is, id) = (
            column(&name, &h, "summary_code")?,
            column(&name, &h, "detail_code")?,
        );
        let idesc = h.iter().position(|c| c == "detail_description");
        for (_, r) in rows {
            let (s, d) = (r[is].trim().to_string(), r[id].trim().to_string());
            if let (Some(&k), Some(i)) = (pos.get(d.as_str()), idesc) {
                descriptions[k] = r[i].trim().to_string();
            }
            hierarchy.push((s, d));
        }
    }
    if let Some((name, text)) = files.get("bea_commodity_descriptions")? {
        let (h, rows) = rows(&name, &text)?;
        let (ic, id) = (
            column(&name, &h, "Commodity Code")?,
            column(&name, &h, "Description")?,
        );
        for (_, r) in rows {
            if let Some(&k) = pos.get(r[ic].trim()) {
                descriptions[k] = r[id].trim().to_string();
            }
        }
    }
    let mut pce = Vec::new();
    if let Some((name, text)) = files.get("pce_bridge")? {
        let (h, rows) = rows(&name, &text)?;
        let (ic, ib, ip, iq) = (
            column(&name, &h, "pce_category")?,
            column(&name, &h, "bea_code")?,
            column(&name, &h, "producers_value")?,
            column(&name, &h, "purchasers_value")?,
        );
        for (row, r) in rows {
            let code = r[ib].trim();
            let Some(&k) = pos.get(code) else {
                return Err(DataError::at(
                    Location::source(&name).at_row(row).at_column("bea_code"),
                    format!(
                        "{code:?} is not a commodity of the table (the commodities are those of bea_use_import)"
                    ),
                ));
            };
            pce.push(PceLine {
                category: r[ic].trim().to_string(),
                commodity: k,
                producers: number(&name, row, "producers_value", &r[ip])?,
                purchasers: number(&name, row, "purchasers_value", &r[iq])?,
            });
        }
    }
    Ok(NationalParts {
        commodities,
        descriptions,
        hierarchy,
        industries,
        use_import,
        requirements,
        output,
        variable_cost,
        import_total,
        domestic_total,
        pce,
        provenance: Provenance::default(),
        caveats: Vec::new(),
    })
}

mod build;
mod law;

pub use build::{NationalBuildReport, build_national_data};
pub use law::{LawRates, commodity_of_lines, law_rates, sibling_codes};

#[cfg(test)]
mod tests;
