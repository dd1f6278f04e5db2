//! OECD ICIO wide CSV: reader and writer.
//!
//! One reader serves every edition (2016, 2018, 2021, 2023 extended and
//! SML, 2025) and the WIOD 2013 tables re-written in the same layout,
//! because it works from labels, never from positions (see [`layout`] for
//! the rules). It streams and parses in parallel (see [`parse`]) so that a
//! 3,465-sector table loads in seconds.
//!
//! What comes out is a validated [`Mrio`]:
//!
//! * Z, Y and x (x from the totals column `OUT`/`TOTAL`; from the `OUT` /
//!   `OUTPUT` row when the file has no totals column, as in 2016; when it
//!   has both, the column is used and their disagreement is noted);
//! * the `factor_inputs` extension: every row that is neither an industry
//!   nor the output row (`VA`, `TLS`, `VALU`, `<ISO3>_TAXSUB`,
//!   `VA+TAXSUB`), with its values under the final-demand columns as F_Y;
//!   `VA`/`VALU`/`VA+TAXSUB` is named the value-added row;
//! * China/Mexico splits (`CN1`, `CN2`, `MX1`, `MX2`, …) merged into `CHN` /
//!   `MEX` by sector (default, as pymrio) or kept as regions of their own
//!   ([`SplitMode`]);
//! * provenance: file, SHA-256, edition, year (from the file name), unit
//!   and a history of what was done.

pub(crate) mod layout;
pub(crate) mod parse;
mod write;

use std::collections::HashSet;
use std::path::Path;

use autopact_core::{HistoryKind, Location, Provenance};
use autopact_mrio::{Extension, Mrio, MrioParts, Stressor};
use faer::Mat;
use serde::Serialize;

pub use write::{write_icio, write_icio_to};

use crate::ReadOptions;
use crate::error::{DataError, Result};
use crate::source::Input;
use layout::{Plan, is_output_row, is_value_added_row};
use parse::{FullPass, SpecialRow};

/// The ICIO edition a file's layout matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IcioEdition {
    /// 2016 edition: `AUS_C01T05AGR`, `HFCE_AUS`, `DISC`, `VA+TAXSUB`, `OUT`
    /// row, no totals column.
    Icio2016,
    /// 2018 edition: `AUS_01T03`, `AUS_P33`, `<ISO3>_TAXSUB`, `VALU`,
    /// `OUTPUT`, `TOTAL`.
    Icio2018,
    /// 2021 edition: as 2018 with `AUS_01T02` and `AUS_DPABR`.
    Icio2021,
    /// 2023 edition: `CAN_C29`, `TLS`, `VA`, `OUT` row and column, 45
    /// industries.
    Icio2023,
    /// 2025 edition: the 2023 layout with 50 industries.
    Icio2025,
    /// WIOD 2013 release re-written in the ICIO layout (`AUS_c1`, `c37`…).
    Wiod2013,
    /// An ICIO-like table of no known edition.
    Other,
}

impl IcioEdition {
    /// A human name.
    pub fn describe(self) -> &'static str {
        match self {
            IcioEdition::Icio2016 => "OECD ICIO 2016 edition",
            IcioEdition::Icio2018 => "OECD ICIO 2018 edition",
            IcioEdition::Icio2021 => "OECD ICIO 2021 edition",
            IcioEdition::Icio2023 => "OECD ICIO 2023 edition",
            IcioEdition::Icio2025 => "OECD ICIO 2025 edition",
            IcioEdition::Wiod2013 => "WIOD 2013 release (ICIO layout)",
            IcioEdition::Other => "ICIO-layout table",
        }
    }
}

/// A table read from an ICIO file, with what the reader learnt about it.
#[derive(Debug, Clone)]
pub struct IcioRead {
    /// The table.
    pub mrio: Mrio,
    /// The edition whose layout the file matches.
    pub edition: IcioEdition,
    /// True when the file has China/Mexico split regions (an "extended"
    /// table), whether they were merged or kept.
    pub extended: bool,
    /// Things the user should know (also recorded as NOTE entries in the
    /// provenance history).
    pub notes: Vec<String>,
}

/// Reads an ICIO wide CSV file (plain or gzip).
pub fn read_icio(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Mrio> {
    read_icio_detailed(path, opts).map(|r| r.mrio)
}

/// Reads an ICIO wide CSV held in memory (plain or gzip); `name` is used in
/// messages and provenance.
pub fn read_icio_bytes(name: &str, data: &[u8], opts: &ReadOptions) -> Result<Mrio> {
    read_icio_bytes_detailed(name, data, opts).map(|r| r.mrio)
}

/// As [`read_icio`], also returning the edition and notes.
pub fn read_icio_detailed(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<IcioRead> {
    read_input(&Input::Path(path.as_ref().to_path_buf()), opts)
}

/// As [`read_icio_bytes`], also returning the edition and notes.
pub fn read_icio_bytes_detailed(name: &str, data: &[u8], opts: &ReadOptions) -> Result<IcioRead> {
    read_input(
        &Input::Bytes {
            name: name.to_string(),
            data,
        },
        opts,
    )
}

fn read_input(input: &Input<'_>, opts: &ReadOptions) -> Result<IcioRead> {
    let loc = Location::source(input.name());
    // Pass 1: guess the industry columns from the header.
    let mut pass = FullPass::new(opts, loc.clone(), None);
    let digest = parse::drive(input, &mut pass)?;
    let guessed_ok = !pass.mismatch
        && pass
            .acc
            .as_ref()
            .is_some_and(|a| a.row_line.iter().all(|&l| l != 0));
    let (pass, digest) = if guessed_ok {
        (pass, digest)
    } else {
        drop(pass);
        // Fallback: read the row labels, then parse with the exact plan.
        let (header, rows) = parse::row_labels(input)?;
        let row_set: HashSet<String> = rows.iter().map(|(_, l)| l.clone()).collect();
        let header_set: HashSet<&str> = header.iter().map(String::as_str).collect();
        let regions: HashSet<&str> = header
            .iter()
            .filter(|l| !layout::is_totals_column(l) && row_set.contains(*l))
            .filter_map(|l| l.split_once('_').map(|(r, _)| r))
            .collect();
        for (line, label) in &rows {
            if !header_set.contains(label.as_str()) && !is_output_row(label) {
                layout::check_unmatched_row(label, *line, &regions, &loc)?;
            }
        }
        let mut pass = FullPass::new(opts, loc.clone(), Some(row_set));
        let digest = parse::drive(input, &mut pass)?;
        (pass, digest)
    };
    let (Some(header), Some(plan), Some(acc)) = (pass.header, pass.plan, pass.acc) else {
        return Err(DataError::at(loc, "the file has no header line"));
    };
    // Any column still without its row (exact mode cannot have one).
    if let Some(k) = acc.row_line.iter().position(|&l| l == 0) {
        let (label, j) = &plan.industries[k];
        return Err(DataError::at(
            loc.at_row(1).at_column(layout::col_name(label, *j)),
            format!(
                "column {label:?} has no row with the same label; add the row or remove the column"
            ),
        ));
    }
    assemble(input, &loc, &header.labels, plan, acc, digest)
}

/// Turns a parsed file into a table: the special rows sorted (output row,
/// factor inputs), gross output taken and checked, the factor inputs
/// gathered, the edition detected and the provenance written.
fn assemble(
    input: &Input<'_>,
    loc: &Location,
    labels: &[String],
    plan: Plan,
    acc: parse::Acc,
    digest: String,
) -> Result<IcioRead> {
    let mut notes = Vec::new();
    let (output_row, factors) = sort_special_rows(&plan, &acc, loc)?;
    let x = gross_output(&plan, &acc, output_row, labels, loc, &mut notes)?;
    check_output_not_negative(&x, &plan, &acc, output_row, labels, loc)?;
    let factor_inputs = factor_inputs_of(&factors, &plan);
    let value_added_row = factors
        .iter()
        .find(|s| is_value_added_row(&s.label))
        .map(|s| s.label.clone());

    // Edition and provenance.
    let fd_cats: HashSet<&str> = plan.fd.iter().map(|c| c.category.as_str()).collect();
    let factor_labels: Vec<&str> = factors.iter().map(|s| s.label.as_str()).collect();
    let extended = !plan.merged.is_empty() || !plan.kept_splits.is_empty();
    let edition = detect_edition(
        plan.totals.map(|t| labels[t].as_str()),
        output_row.map(|r| r.label.as_str()),
        &factor_labels,
        &fd_cats,
        plan.sectors.len(),
    );
    let edition = refine_edition_by_name(edition, &input.file_name());
    let prov = provenance_of(input, &plan, edition, extended, &digest, &notes);

    let parts = MrioParts {
        provenance: prov,
        regions: plan.regions,
        sectors: plan.sectors,
        final_demand: plan.fd,
        z: acc.z,
        y: acc.y,
        x,
        factor_inputs,
        value_added_row,
        extensions: Vec::new(),
    };
    let mrio = Mrio::new(parts).map_err(|error| DataError::Mrio {
        file: input.name(),
        error,
    })?;
    Ok(IcioRead {
        mrio,
        edition,
        extended,
        notes,
    })
}

/// The special rows (labels that are no region-sector): one output row at
/// most, the rest factor inputs — each of which must not look like a
/// region-sector row whose region is unknown.
fn sort_special_rows<'a>(
    plan: &Plan,
    acc: &'a parse::Acc,
    loc: &Location,
) -> Result<(Option<&'a SpecialRow>, Vec<&'a SpecialRow>)> {
    let regions_set: HashSet<&str> = plan
        .regions
        .iter()
        .map(String::as_str)
        .chain(
            plan.merged
                .iter()
                .flat_map(|(_, v)| v.iter().map(String::as_str)),
        )
        .collect();
    let mut output_row: Option<&SpecialRow> = None;
    let mut factors: Vec<&SpecialRow> = Vec::new();
    for s in &acc.specials {
        if is_output_row(&s.label) {
            if let Some(prev) = output_row {
                return Err(DataError::at(
                    loc.at_row(s.line)
                        .at_column(format!("{} (column 1)", s.label)),
                    format!(
                        "a second output row (the first is {:?} on line {}); keep one OUT or OUTPUT row",
                        prev.label, prev.line
                    ),
                ));
            }
            output_row = Some(s);
        } else {
            layout::check_unmatched_row(&s.label, s.line, &regions_set, loc)?;
            factors.push(s);
        }
    }
    Ok((output_row, factors))
}

/// A special row's values by table column (split regions' columns summed).
fn gather(values: &[f64], cols: &[Vec<usize>]) -> Vec<f64> {
    cols.iter()
        .map(|s| {
            if s.len() == 1 {
                values[s[0]]
            } else {
                s.iter().map(|&c| values[c]).sum()
            }
        })
        .collect()
}

/// `REGION_SECTOR` of table index `i`.
fn label_of(plan: &Plan, i: usize) -> String {
    format!(
        "{}_{}",
        plan.regions[i / plan.sectors.len()],
        plan.sectors[i % plan.sectors.len()]
    )
}

/// Gross output: the totals column, else the output row; where both exist
/// and disagree, the column, with a note of the largest difference.
fn gross_output(
    plan: &Plan,
    acc: &parse::Acc,
    output_row: Option<&SpecialRow>,
    labels: &[String],
    loc: &Location,
    notes: &mut Vec<String>,
) -> Result<Vec<f64>> {
    let x_row = output_row.map(|r| gather(&r.values, &plan.z_cols));
    match (plan.totals, x_row) {
        (Some(tc), xr) => {
            if let Some(xr) = xr {
                let (mut worst, mut at) = (0.0f64, 0);
                for (i, (a, b)) in acc.x_col.iter().zip(&xr).enumerate() {
                    let d = (a - b).abs();
                    if d > worst {
                        worst = d;
                        at = i;
                    }
                }
                if worst > 0.0 {
                    notes.push(format!(
                        "the {} row and the {} column disagree by up to {worst} at {} \
                         (column {}, row {}); gross output x is taken from the column",
                        output_row.map_or("OUT", |r| r.label.as_str()),
                        labels[tc],
                        label_of(plan, at),
                        acc.x_col[at],
                        xr[at]
                    ));
                }
            }
            Ok(acc.x_col.clone())
        }
        (None, Some(xr)) => Ok(xr),
        (None, None) => Err(DataError::at(
            loc.clone(),
            "missing totals: the table has neither a totals column (OUT or TOTAL) nor an \
             output row (OUT or OUTPUT), so gross output is unknown; add one of them",
        )),
    }
}

/// Negative output is an error, located in the file where it was read.
fn check_output_not_negative(
    x: &[f64],
    plan: &Plan,
    acc: &parse::Acc,
    output_row: Option<&SpecialRow>,
    labels: &[String],
    loc: &Location,
) -> Result<()> {
    let Some(i) = x.iter().position(|&v| v < 0.0) else {
        return Ok(());
    };
    let src = plan.ind_target.iter().position(|&t| t == i).unwrap_or(0);
    let (label, j) = &plan.industries[src];
    let location = match (plan.totals, output_row) {
        (Some(tc), _) => loc
            .at_row(acc.row_line[src])
            .at_column(layout::col_name(&labels[tc], tc)),
        (None, Some(r)) => loc.at_row(r.line).at_column(layout::col_name(label, *j)),
        (None, None) => loc.clone(),
    };
    Err(DataError::at(
        location,
        format!(
            "gross output of {} is {}: output cannot be negative; check the totals of this \
             sector",
            label_of(plan, i),
            x[i]
        ),
    ))
}

/// The factor-input rows as an extension over industries and final demand.
fn factor_inputs_of(factors: &[&SpecialRow], plan: &Plan) -> Extension {
    let (m, n, k) = (factors.len(), plan.n(), plan.fd.len());
    let mut f = Mat::<f64>::zeros(m, n);
    let mut f_y = Mat::<f64>::zeros(m, k);
    for (r, s) in factors.iter().enumerate() {
        for (j, v) in gather(&s.values, &plan.z_cols).into_iter().enumerate() {
            f[(r, j)] = v;
        }
        for (j, v) in gather(&s.values, &plan.y_cols).into_iter().enumerate() {
            f_y[(r, j)] = v;
        }
    }
    Extension {
        name: "factor_inputs".into(),
        stressors: factors
            .iter()
            .map(|s| Stressor::new(s.label.clone(), "USD million"))
            .collect(),
        f,
        f_y: (k > 0).then_some(f_y),
    }
}

/// Name, description, citation and licence of the edition, and the history
/// of what the reader did (merged or kept split regions, notes).
fn provenance_of(
    input: &Input<'_>,
    plan: &Plan,
    edition: IcioEdition,
    extended: bool,
    digest: &str,
    notes: &[String],
) -> Provenance {
    let file_name = input.file_name();
    let year = year_from_file_name(&file_name);
    let mut prov = Provenance {
        name: match year {
            Some(y) => format!("{}, {y}", edition.describe()),
            None => format!("{} ({file_name})", edition.describe()),
        },
        description: format!(
            "{} regions × {} sectors, {} final-demand columns, read from {file_name}",
            plan.regions.len(),
            plan.sectors.len(),
            plan.fd.len()
        ),
        source: input.name(),
        year,
        unit: "USD million".into(),
        price_basis: "current prices, basic prices".into(),
        citation: citation(edition).into(),
        licence: licence(edition).into(),
        sha256: Some(digest.to_string()),
        history: Vec::new(),
    };
    prov.record(
        HistoryKind::Fileio,
        format!(
            "read {} as an ICIO wide CSV ({}{}; sha256 {digest})",
            input.name(),
            edition.describe(),
            if extended { ", extended" } else { "" }
        ),
    );
    for (agg, parts) in &plan.merged {
        prov.record(
            HistoryKind::Modification,
            format!(
                "merged split regions {} into {agg} (rows and columns added by sector)",
                parts.join(", ")
            ),
        );
    }
    if !plan.kept_splits.is_empty() {
        prov.record(
            HistoryKind::Note,
            format!(
                "kept split regions {} as regions of their own; the MEX/CHN aggregate blocks keep \
                 whatever the file holds (zero in extended files)",
                plan.kept_splits.join(", ")
            ),
        );
    }
    for note in notes {
        prov.record(HistoryKind::Note, note.clone());
    }
    prov
}

fn detect_edition(
    totals: Option<&str>,
    output_row: Option<&str>,
    factors: &[&str],
    fd_cats: &HashSet<&str>,
    n_sectors: usize,
) -> IcioEdition {
    let has = |name: &str| factors.iter().any(|f| f.eq_ignore_ascii_case(name));
    let taxsub = factors.iter().any(|f| f.ends_with("_TAXSUB"));
    let totals = totals.map(str::to_ascii_uppercase);
    let output_row = output_row.map(str::to_ascii_uppercase);
    if has("VA+TAXSUB") && totals.is_none() {
        return IcioEdition::Icio2016;
    }
    if has("VALU") || taxsub || totals.as_deref() == Some("TOTAL") {
        if fd_cats.contains("P33") {
            return IcioEdition::Icio2018;
        }
        if fd_cats.contains("DPABR") {
            return IcioEdition::Icio2021;
        }
        return match n_sectors {
            36 => IcioEdition::Icio2018,
            _ => IcioEdition::Icio2021,
        };
    }
    if has("TLS") && has("VA") && totals.as_deref() == Some("OUT") {
        return if n_sectors >= 50 {
            IcioEdition::Icio2025
        } else {
            IcioEdition::Icio2023
        };
    }
    if has("VA")
        && output_row.as_deref() == Some("OUT")
        && ["c37", "c38", "c39", "c41", "c42"]
            .iter()
            .any(|c| fd_cats.contains(c))
    {
        return IcioEdition::Wiod2013;
    }
    IcioEdition::Other
}

/// The layout tells the edition family (2018/2021, 2023/2025); the OECD
/// file name (`ICIO2025_2022.csv`, as pymrio's downloader names files)
/// settles which one within a family when the layout alone cannot (e.g. a
/// table cut down to fewer industries).
fn refine_edition_by_name(e: IcioEdition, file_name: &str) -> IcioEdition {
    let up = file_name.to_ascii_uppercase();
    let named = [
        ("ICIO2018_", IcioEdition::Icio2018),
        ("ICIO2021_", IcioEdition::Icio2021),
        ("ICIO2023_", IcioEdition::Icio2023),
        ("ICIO2025_", IcioEdition::Icio2025),
    ]
    .into_iter()
    .find(|(p, _)| up.starts_with(p))
    .map(|(_, e)| e);
    use IcioEdition::*;
    match (e, named) {
        (Icio2018 | Icio2021, Some(n @ (Icio2018 | Icio2021))) => n,
        (Icio2023 | Icio2025, Some(n @ (Icio2023 | Icio2025))) => n,
        _ => e,
    }
}

fn citation(e: IcioEdition) -> &'static str {
    match e {
        IcioEdition::Wiod2013 => {
            "Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), \
             \"An Illustrated User Guide to the World Input–Output Database: the Case of Global \
             Automotive Production\", Review of International Economics, 23: 575–605."
        }
        IcioEdition::Other => "",
        _ => "OECD Inter-Country Input-Output (ICIO) Tables, http://oe.cd/icio",
    }
}

fn licence(e: IcioEdition) -> &'static str {
    match e {
        IcioEdition::Wiod2013 => "CC BY 4.0",
        _ => "",
    }
}

/// The table's year from its file name, following pymrio's `parse_oecd`:
/// the 4-digit groups of the name; with two or more, the first is the
/// edition and the second the year (`ICIO2023_2019.csv` → 2019). With one
/// (autopact's extension, for `2019_SML.csv` and `ICIO_WIOD13_2011.csv.gz`)
/// it is the year. Only 1900–2100 counts.
pub fn year_from_file_name(name: &str) -> Option<i32> {
    let b = name.as_bytes();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - s == 4 {
                groups.push(name[s..i].parse::<i32>().unwrap_or(0));
            }
        } else {
            i += 1;
        }
    }
    let y = match groups.len() {
        0 => return None,
        1 => groups[0],
        _ => groups[1],
    };
    (1900..=2100).contains(&y).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_rules() {
        assert_eq!(year_from_file_name("ICIO2023_2019.csv"), Some(2019));
        assert_eq!(year_from_file_name("ICIO2018_2010.CSV"), Some(2010));
        assert_eq!(year_from_file_name("2019_SML.csv"), Some(2019));
        assert_eq!(year_from_file_name("ICIO_WIOD13_2011.csv.gz"), Some(2011));
        assert_eq!(year_from_file_name("table.csv"), None);
        assert_eq!(year_from_file_name("12345.csv"), None);
    }

    /// Plain integers take a fast path; everything else (16+ digits,
    /// signs, decimals, exponents) the general parser; both must agree
    /// with Rust's own parsing, and bad cells must still be errors.
    #[test]
    fn integer_fast_path_and_general_parser_agree() {
        let cells = [
            "0",
            "007",
            "123456789012345",
            "1234567890123456",
            "-3",
            "2.5",
            "1e3",
            " 42 ",
        ];
        let header = "V1,AAA_s1,AAA_s2,AAA_HFCE,OUT";
        for c in cells {
            let text = format!(
                "{header}\nAAA_s1,{c},0,1,1000000000000000000\nAAA_s2,0,0,1,1\nVA,1,1,0,0\nOUT,1,1,2,0\n"
            );
            let m = read_icio_bytes("t.csv", text.as_bytes(), &ReadOptions::default()).unwrap();
            let want: f64 = c.trim().parse().unwrap();
            assert_eq!(m.z()[(0, 0)], want, "{c:?}");
            assert_eq!(m.x()[0], 1e18);
        }
        for bad in ["12a", "1,2", "", "0x10"] {
            let text =
                format!("{header}\nAAA_s1,{bad},0,1,1\nAAA_s2,0,0,1,1\nVA,1,1,0,0\nOUT,1,1,2,0\n");
            let e = read_icio_bytes("t.csv", text.as_bytes(), &ReadOptions::default());
            assert!(e.is_err(), "{bad:?} must be an error");
        }
    }
}
