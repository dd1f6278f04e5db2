//! The TABLE argument shared by the MRIO commands.

use anyhow::Result;
use autopact_data::{ReadOptions, SplitMode};
use autopact_mrio::Mrio;
use clap::{Args, ValueEnum};

pub use autopact_report::{factor, factor_for_many_solves};

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
        let progress = (self.table != "default")
            .then(|| crate::progress::spinner(ctx, format!("reading {}", self.table)))
            .flatten();
        let m = autopact_data::open_table(&self.table, &opts)?;
        drop(progress);
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
