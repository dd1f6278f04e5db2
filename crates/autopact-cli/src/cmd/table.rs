//! The TABLE argument shared by the MRIO commands.

use anyhow::Result;
use autopact_data::{ReadOptions, SplitMode};
use autopact_mrio::Mrio;
use autopact_mrio::national::NationalTable;
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
    /// `default` (the built-in North America table, WIOD 2008); for `info`,
    /// `price` and `wedges` also a national table: `us-bea-2017`,
    /// `us-bea-2024` (BEA) or a folder in BEA's layout.
    #[arg(value_name = "TABLE", default_value = "default")]
    pub table: String,
    /// The table, as an option (the same as TABLE).
    #[arg(long = "table", value_name = "TABLE", conflicts_with = "table")]
    pub table_option: Option<String>,
    /// China/Mexico split regions of extended ICIO tables.
    #[arg(long, value_enum, default_value_t = Split::Merge)]
    pub split: Split,
}

impl TableArgs {
    /// The table named, by TABLE or --table.
    pub fn spec(&self) -> &str {
        self.table_option.as_deref().unwrap_or(&self.table)
    }

    /// The national table named, when TABLE is one (`us-bea-2017`,
    /// `us-bea-2024` or a folder in BEA's layout).
    pub fn national(&self, ctx: &super::Context) -> Result<Option<NationalTable>> {
        if !autopact_data::national::is_national(self.spec()) {
            return Ok(None);
        }
        let started = std::time::Instant::now();
        let t = autopact_data::national::open_national(self.spec())?;
        ctx.note(format_args!(
            "read {} ({} commodities × {} industries) in {:.2} s",
            self.spec(),
            t.commodities().len(),
            t.industries().len(),
            started.elapsed().as_secs_f64()
        ));
        Ok(Some(t))
    }

    /// Reads the table and opens a session on it (factored on first use),
    /// with the user's measure files when `law` names a folder.
    pub fn session(&self, law: &LawDirArgs, ctx: &super::Context) -> Result<autopact::Session> {
        let m = self.load(ctx)?;
        autopact::Session::new(m)
            .built_in_table(self.spec() == "default")
            .with_law_dir(law.law_dir.as_deref())
    }

    /// Reads and validates the table.
    pub fn load(&self, ctx: &super::Context) -> Result<Mrio> {
        let opts = ReadOptions {
            split: match self.split {
                Split::Merge => SplitMode::Merge,
                Split::Keep => SplitMode::Keep,
            },
        };
        let started = std::time::Instant::now();
        let spec = self.spec();
        if autopact_data::national::is_national(spec) {
            anyhow::bail!(
                "{spec} is a national table (BEA): this command needs a multi-region table; national tables work with `info`, `price` and `wedges`"
            );
        }
        let progress = (spec != "default")
            .then(|| crate::progress::spinner(ctx, format!("reading {spec}")))
            .flatten();
        let m = autopact_data::open_table(spec, &opts)?;
        drop(progress);
        ctx.note(format_args!(
            "read {} ({} regions × {} sectors) in {:.2} s",
            if spec == "default" {
                "the built-in table"
            } else {
                spec
            },
            m.n_regions(),
            m.n_sectors(),
            started.elapsed().as_secs_f64()
        ));
        Ok(m)
    }
}

/// The `--law-dir DIR` flag of the commands that derive tariffs from the
/// law on a date (`--law DATE`, `--date DATE`).
#[derive(Debug, Clone, Default, Args)]
pub struct LawDirArgs {
    /// A folder of your own measure files (same TOML schema as autopact's
    /// law data): added to autopact's law, or replacing its measures of the
    /// same id (`autopact law validate DIR` checks them).
    #[arg(long = "law-dir", value_name = "DIR")]
    pub law_dir: Option<String>,
}

impl LawDirArgs {
    /// autopact's law, plus the folder's measure files when given.
    pub fn load(&self) -> Result<autopact_law::LawDb> {
        autopact::frontend::load_law(self.law_dir.as_deref())
    }
}
