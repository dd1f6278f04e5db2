//! Which column and row of an ICIO file is what — decided from labels only.
//!
//! The OECD changed its layout at every edition (see
//! `shared/docs/mrio-anchors.md` §3), and pymrio's parser broke each time
//! (pymrio#88, #138, #160). So nothing here depends on positions:
//!
//! * **industry** labels are the labels that appear both as a row label and
//!   as a column label; they split at the *first* underscore into region and
//!   sector (`ARG_A01_02` → `ARG`, `A01_02`);
//! * the **totals** column is `OUT` or `TOTAL` (the 2016 edition has none);
//! * every other column is **final demand**, in `CCC_CAT` or `CAT_CCC`
//!   order — whichever side is a region of the table — or a bare category
//!   (`DISC`) owned by the pseudo-region `ALL`;
//! * every other row is a **factor input** (`VA`, `TLS`, `VALU`,
//!   `<ISO3>_TAXSUB`, `VA+TAXSUB`) or the **output** row (`OUT`, `OUTPUT`).
//!
//! Because the row labels are only all known at the end of the file, the
//! reader first *guesses* the industry columns from the header (the first
//! region's sector codes, minus known final-demand codes), streams the
//! file once, and checks the guess against the rows it saw. When the guess
//! was wrong (an unusual layout), it reads only the row labels, builds the
//! exact [`Plan`], and parses again.

use std::collections::{HashMap, HashSet};

use autopact_core::Location;
use autopact_mrio::FinalDemandColumn;

use crate::error::{DataError, Result};
use crate::{ReadOptions, SplitMode};

/// Final-demand category codes of the OECD editions and WIOD, used only to
/// *guess* the layout from the header (the exact plan never needs them).
const FD_CODES: &[&str] = &[
    "HFCE", "NPISH", "NPS", "GGFC", "GFCF", "INVNT", "INV", "DPABR", "DIRP", "P33", "DISC", "c37",
    "c38", "c39", "c41", "c42",
];

/// Is `label` a totals column (`OUT`, `TOTAL`)?
pub(crate) fn is_totals_column(label: &str) -> bool {
    label.eq_ignore_ascii_case("OUT") || label.eq_ignore_ascii_case("TOTAL")
}

/// Is `label` the output row (`OUT`, `OUTPUT`, `TOTAL`)?
pub(crate) fn is_output_row(label: &str) -> bool {
    label.eq_ignore_ascii_case("OUT")
        || label.eq_ignore_ascii_case("OUTPUT")
        || label.eq_ignore_ascii_case("TOTAL")
}

/// Is `label` a value-added row (`VA`, `VALU`, `VA+TAXSUB`, pymrio's
/// `Value Added`)? The first one found becomes `value_added_row`.
pub(crate) fn is_value_added_row(label: &str) -> bool {
    ["VA", "VALU", "VA+TAXSUB", "Value Added"]
        .iter()
        .any(|v| label.eq_ignore_ascii_case(v))
}

/// The aggregate region of a split region: `CN1`… → `CHN`, `MX1`… → `MEX`.
pub(crate) fn split_parent(region: &str) -> Option<&'static str> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = region.strip_prefix("CN") {
        if digits(rest) {
            return Some("CHN");
        }
    }
    if let Some(rest) = region.strip_prefix("MX") {
        if digits(rest) {
            return Some("MEX");
        }
    }
    None
}

/// The header of an ICIO file: the labels of the value columns (the first
/// cell, a placeholder such as `V1`, is not among them).
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// Labels of the value columns; index j is file column j + 2.
    pub labels: Vec<String>,
    /// Label → index into `labels`.
    pub index: HashMap<String, usize>,
}

impl Header {
    /// Validates header labels: non-empty and unique.
    pub(crate) fn new(labels: Vec<String>, loc: &Location) -> Result<Self> {
        if labels.is_empty() {
            return Err(DataError::at(
                loc.at_row(1),
                "the header has no columns after the row-label column; \
                 an ICIO table needs industry, final-demand and totals columns",
            ));
        }
        let mut index = HashMap::with_capacity(labels.len());
        for (j, l) in labels.iter().enumerate() {
            if l.is_empty() {
                return Err(DataError::at(
                    loc.at_row(1).at_column(format!("column {}", j + 2)),
                    "empty column label; every column needs a label such as AUS_C29 or AUS_HFCE",
                ));
            }
            if let Some(&k) = index.get(l.as_str()) {
                return Err(DataError::at(
                    loc.at_row(1).at_column(col_name(l, j)),
                    format!(
                        "duplicate column label {l:?} (also column {}); every label must appear once",
                        k + 2
                    ),
                ));
            }
            index.insert(l.clone(), j);
        }
        Ok(Self { labels, index })
    }
}

/// `LABEL (column N)` for messages; N is the 1-based file column.
pub(crate) fn col_name(label: &str, j: usize) -> String {
    format!("{label} (column {})", j + 2)
}

/// What a value column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColKind {
    /// Industry column; index into [`Plan::industries`].
    Industry(usize),
    /// Final-demand column; index into [`Plan::fd`].
    FinalDemand(usize),
    /// The totals column.
    Totals,
}

/// The exact reading plan: where every value goes.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Kind of each value column.
    pub col_kind: Vec<ColKind>,
    /// Source industry labels (header order) and their value column.
    pub industries: Vec<(String, usize)>,
    /// Target flat index (region-major) of each source industry.
    pub ind_target: Vec<usize>,
    /// Target regions and sectors.
    pub regions: Vec<String>,
    /// Target sectors.
    pub sectors: Vec<String>,
    /// Target final-demand columns.
    pub fd: Vec<FinalDemandColumn>,
    /// For each target Z column, the source value columns summed into it.
    pub z_cols: Vec<Vec<usize>>,
    /// For each target Y column, the source value columns summed into it.
    pub y_cols: Vec<Vec<usize>>,
    /// The totals value column, if any.
    pub totals: Option<usize>,
    /// `(aggregate, [split regions])` merged (SplitMode::Merge).
    pub merged: Vec<(String, Vec<String>)>,
    /// Split regions kept as regions (SplitMode::Keep).
    pub kept_splits: Vec<String>,
}

impl Plan {
    /// Number of target region-sectors.
    pub(crate) fn n(&self) -> usize {
        self.regions.len() * self.sectors.len()
    }
}

/// Guesses the industry columns from the header alone: the columns whose
/// code (after the first underscore) is one of the first column's region's
/// codes, minus known final-demand codes and the totals column.
pub(crate) fn guess_industry_columns(h: &Header) -> Vec<usize> {
    let first = h
        .labels
        .iter()
        .find(|l| !is_totals_column(l) && l.contains('_'));
    let Some(first) = first else {
        return Vec::new();
    };
    let r0 = first.split_once('_').map(|(r, _)| r).unwrap_or("");
    // The codes of the leading run of the first region's columns.
    let codes: HashSet<&str> = h
        .labels
        .iter()
        .skip_while(|l| *l != first)
        .map_while(|l| l.split_once('_').filter(|(r, _)| *r == r0))
        .filter(|(r, s)| !FD_CODES.contains(s) && !FD_CODES.contains(r))
        .map(|(_, s)| s)
        .collect();
    h.labels
        .iter()
        .enumerate()
        .filter(|(_, l)| !is_totals_column(l))
        .filter(|(_, l)| match l.split_once('_') {
            Some((r, s)) => codes.contains(s) && !FD_CODES.contains(&r),
            None => false,
        })
        .map(|(j, _)| j)
        .collect()
}

/// Builds the plan given which value columns are industries.
pub(crate) fn build_plan(
    h: &Header,
    industry_cols: &[usize],
    opts: &ReadOptions,
    loc: &Location,
) -> Result<Plan> {
    let ncols = h.labels.len();
    let is_ind: HashSet<usize> = industry_cols.iter().copied().collect();
    let mut totals: Option<usize> = None;
    for (j, l) in h.labels.iter().enumerate() {
        if is_totals_column(l) && !is_ind.contains(&j) {
            if let Some(t) = totals {
                return Err(DataError::at(
                    loc.at_row(1).at_column(col_name(l, j)),
                    format!(
                        "a second totals column (the first is {}); keep one OUT or TOTAL column",
                        col_name(h.labels[t].as_str(), t)
                    ),
                ));
            }
            totals = Some(j);
        }
    }

    // Split industries into region and sector, keeping first-seen order.
    let mut src_regions: Vec<String> = Vec::new();
    let mut region_idx: HashMap<String, usize> = HashMap::new();
    let mut region_sectors: Vec<Vec<String>> = Vec::new();
    let mut industries = Vec::with_capacity(industry_cols.len());
    let mut parts = Vec::with_capacity(industry_cols.len());
    for &j in industry_cols {
        let l = &h.labels[j];
        let (r, s) = match l.split_once('_') {
            Some((r, s)) if !r.is_empty() && !s.is_empty() => (r, s),
            _ => {
                return Err(DataError::at(
                    loc.at_row(1).at_column(col_name(l, j)),
                    format!(
                        "industry label {l:?} does not parse as REGION_SECTOR \
                         (e.g. CAN_C29); it is both a row and a column label, so it must name \
                         a region and a sector separated by the first underscore"
                    ),
                ));
            }
        };
        let ri = *region_idx.entry(r.to_string()).or_insert_with(|| {
            src_regions.push(r.to_string());
            region_sectors.push(Vec::new());
            src_regions.len() - 1
        });
        region_sectors[ri].push(s.to_string());
        industries.push((l.clone(), j));
        parts.push((ri, s.to_string()));
    }
    if src_regions.is_empty() {
        return Err(DataError::at(
            loc.at_row(1),
            "found no industry labels: no column label is also a row label. \
             An ICIO table's rows and columns must both list the REGION_SECTOR labels",
        ));
    }
    // The grid: every region carries the first region's sectors.
    let sectors = region_sectors[0].clone();
    let sector_idx: HashMap<&str, usize> = sectors
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    for (ri, secs) in region_sectors.iter().enumerate().skip(1) {
        let set: HashSet<&str> = secs.iter().map(String::as_str).collect();
        let missing: Vec<&str> = sectors
            .iter()
            .map(String::as_str)
            .filter(|s| !set.contains(s))
            .collect();
        let extra: Vec<&str> = secs
            .iter()
            .map(String::as_str)
            .filter(|s| !sector_idx.contains_key(s))
            .collect();
        if !missing.is_empty() || !extra.is_empty() {
            let mut what = Vec::new();
            if !missing.is_empty() {
                what.push(format!("lacks {}", short_list(&missing)));
            }
            if !extra.is_empty() {
                what.push(format!("has extra {}", short_list(&extra)));
            }
            return Err(DataError::at(
                loc.clone(),
                format!(
                    "region {} {} compared with region {} ({} sectors): every region must carry \
                     the same sector list (industry labels are the labels that are both a row \
                     and a column label)",
                    src_regions[ri],
                    what.join(" and "),
                    src_regions[0],
                    sectors.len()
                ),
            ));
        }
    }

    // Target regions (split regions merged or kept).
    let mut regions: Vec<String> = Vec::new();
    let mut src_to_target = Vec::with_capacity(src_regions.len());
    let mut merged: Vec<(String, Vec<String>)> = Vec::new();
    let mut kept_splits = Vec::new();
    for r in &src_regions {
        let parent = split_parent(r);
        let target_name = match (opts.split, parent) {
            (SplitMode::Merge, Some(p)) => {
                match merged.iter_mut().find(|(a, _)| a == p) {
                    Some((_, v)) => v.push(r.clone()),
                    None => merged.push((p.to_string(), vec![r.clone()])),
                }
                p.to_string()
            }
            (SplitMode::Keep, Some(_)) => {
                kept_splits.push(r.clone());
                r.clone()
            }
            _ => r.clone(),
        };
        let t = match regions.iter().position(|x| *x == target_name) {
            Some(t) => t,
            None => {
                regions.push(target_name);
                regions.len() - 1
            }
        };
        src_to_target.push(t);
    }
    let nsec = sectors.len();
    let n = regions.len() * nsec;
    let ind_target: Vec<usize> = parts
        .iter()
        .map(|(ri, s)| src_to_target[*ri] * nsec + sector_idx[s.as_str()])
        .collect();
    let mut z_cols = vec![Vec::new(); n];
    let mut col_kind = vec![ColKind::Totals; ncols];
    for (k, &(_, j)) in industries.iter().enumerate() {
        z_cols[ind_target[k]].push(j);
        col_kind[j] = ColKind::Industry(k);
    }

    // Final-demand columns.
    let mut fd: Vec<FinalDemandColumn> = Vec::new();
    let mut y_cols: Vec<Vec<usize>> = Vec::new();
    for (j, l) in h.labels.iter().enumerate() {
        if is_ind.contains(&j) || Some(j) == totals {
            continue;
        }
        let (region, category) = match l.split_once('_') {
            None => ("ALL".to_string(), l.clone()),
            Some((a, b)) => {
                if region_idx.contains_key(a) {
                    (a.to_string(), b.to_string())
                } else if region_idx.contains_key(b) {
                    (b.to_string(), a.to_string())
                } else {
                    return Err(DataError::at(
                        loc.at_row(1).at_column(col_name(l, j)),
                        format!(
                            "cannot tell the region of final-demand column {l:?}: neither {a:?} nor \
                             {b:?} is a region of the table's industry labels ({}). \
                             Final-demand columns are REGION_CATEGORY (AUS_HFCE) or \
                             CATEGORY_REGION (HFCE_AUS); if this is an industry, its row is missing",
                            short_list(&src_regions.iter().map(String::as_str).collect::<Vec<_>>())
                        ),
                    ));
                }
            }
        };
        let region = match (opts.split, split_parent(&region)) {
            (SplitMode::Merge, Some(p)) => p.to_string(),
            _ => region,
        };
        let col = FinalDemandColumn::new(region, category);
        let t = match fd.iter().position(|c| *c == col) {
            Some(t) => t,
            None => {
                fd.push(col);
                y_cols.push(Vec::new());
                fd.len() - 1
            }
        };
        y_cols[t].push(j);
        col_kind[j] = ColKind::FinalDemand(t);
    }

    Ok(Plan {
        col_kind,
        industries,
        ind_target,
        regions,
        sectors,
        fd,
        z_cols,
        y_cols,
        totals,
        merged,
        kept_splits,
    })
}

/// Checks row labels that are not column labels: those that look like an
/// industry of a known region (`AUS_c1x`) are mistakes, not factor inputs.
/// `regions` are the region codes of the industry labels.
pub(crate) fn check_unmatched_row(
    label: &str,
    line: u64,
    regions: &HashSet<&str>,
    loc: &Location,
) -> Result<()> {
    if let Some((r, s)) = label.split_once('_') {
        if regions.contains(r) && !s.eq_ignore_ascii_case("TAXSUB") {
            return Err(DataError::at(
                loc.at_row(line).at_column(format!("{label} (column 1)")),
                format!(
                    "row label {label:?} matches no column label; rows and columns must list the \
                     same REGION_SECTOR labels (is it misspelt, or is its column missing?)"
                ),
            ));
        }
    }
    Ok(())
}

/// At most 8 items of a list, for messages.
pub(crate) fn short_list(items: &[&str]) -> String {
    let mut s = items.iter().take(8).copied().collect::<Vec<_>>().join(", ");
    if items.len() > 8 {
        s.push_str(&format!(", … ({} in all)", items.len()));
    }
    s
}
