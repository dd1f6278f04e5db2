//! The TABLE argument shared by the MRIO commands, and label parsing.

use anyhow::{Context as _, Result};
use autopact_data::{ReadOptions, SplitMode};
use autopact_mrio::{Leontief, Mrio};
use clap::{Args, ValueEnum};

/// How to treat the China/Mexico split regions of extended ICIO tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Split {
    /// Merge CN1/CN2 into CHN and MX1/MX2 into MEX (like pymrio).
    Merge,
    /// Keep the split regions as regions of their own.
    Keep,
}

/// A table to work on.
#[derive(Debug, Clone, Args)]
pub struct TableArgs {
    /// An OECD ICIO / WIOD wide CSV (.csv or .csv.gz), a pymrio folder, or
    /// `default` (the built-in North America table, WIOD 2008).
    #[arg(value_name = "TABLE", default_value = "default")]
    pub table: String,
    /// China/Mexico split regions of extended ICIO tables.
    #[arg(long, value_enum, default_value_t = Split::Merge)]
    pub split: Split,
}

impl TableArgs {
    /// Reads and validates the table.
    pub fn load(&self, ctx: &super::Context) -> Result<Mrio> {
        let opts = ReadOptions {
            split: match self.split {
                Split::Merge => SplitMode::Merge,
                Split::Keep => SplitMode::Keep,
            },
        };
        let started = std::time::Instant::now();
        let m = autopact_data::open_table(&self.table, &opts)?;
        ctx.note(format_args!(
            "read {} ({} regions × {} sectors) in {:.2} s",
            if self.table == "default" {
                "the built-in table"
            } else {
                &self.table
            },
            m.n_regions(),
            m.n_sectors(),
            started.elapsed().as_secs_f64()
        ));
        Ok(m)
    }
}

/// Factors (I − A), naming the table in errors.
pub fn factor(m: &Mrio) -> Result<Leontief> {
    Leontief::of(m).with_context(|| format!("cannot solve the table {}", m.provenance().name))
}

/// Standard metadata of a table-derived result.
pub fn table_meta(t: &mut autopact_core::Table, m: &Mrio) {
    let p = m.provenance();
    t.meta("tool", format!("autopact {}", env!("CARGO_PKG_VERSION")));
    t.meta("table", &p.name);
    if let Some(y) = p.year {
        t.meta("year", y.to_string());
    }
    if !p.unit.is_empty() {
        t.meta("unit", &p.unit);
    }
    if !p.price_basis.is_empty() {
        t.meta("price_basis", &p.price_basis);
    }
    if let Some(h) = &p.sha256 {
        t.meta("table_sha256", h);
    }
    if !p.citation.is_empty() {
        t.meta("citation", &p.citation);
    }
}

/// Region index by code, or a helpful error.
pub fn region(m: &Mrio, code: &str) -> Result<usize> {
    Ok(m.region_index(code)?)
}

/// Sector indices from a comma-separated list (or `*` for all).
pub fn sectors(m: &Mrio, list: &str) -> Result<Vec<usize>> {
    if list == "*" {
        return Ok((0..m.n_sectors()).collect());
    }
    list.split(',')
        .map(|s| Ok(m.sector_index(s.trim())?))
        .collect()
}

/// Parses a rate: `0.25`, `25%`.
pub fn rate(s: &str) -> Result<f64> {
    let s = s.trim();
    let v = if let Some(p) = s.strip_suffix('%') {
        p.trim().parse::<f64>().map(|v| v / 100.0)
    } else {
        s.parse::<f64>()
    }
    .with_context(|| format!("rate {s:?} is not a number (write 0.25 or 25%)"))?;
    anyhow::ensure!(
        v.is_finite() && v >= 0.0,
        "rate {s:?} must be finite and ≥ 0"
    );
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(rate("0.25").unwrap(), 0.25);
        assert_eq!(rate("25%").unwrap(), 0.25);
        assert!(rate("-1").is_err());
        assert!(rate("x").is_err());
        assert!(rate("NaN").is_err());
    }
}
