//! One module per subcommand. Each has an `Args` struct (clap) and a
//! `run(args, &Context) -> anyhow::Result<ExitCode>` function.

pub mod aggregate;
pub mod contribution;
pub mod decompose;
pub mod duty;
pub mod extract;
pub mod info;
pub mod jobs;
pub mod landed_cost;
pub mod law;
pub mod leontief;
pub mod multipliers;
pub mod overview;
pub mod price;
pub mod report;
pub mod roo;
pub mod scenario;
pub mod serve;
pub mod sweep;
pub mod table;
pub mod tiva;
pub mod va_content;
pub mod wedges;

/// Settings shared by every subcommand.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Suppress notes and progress on stderr.
    pub quiet: bool,
}

impl Context {
    /// Prints a note on stderr unless `--quiet`.
    pub fn note(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// Prints each of a derivation's warnings as `warning: …`.
    pub fn warn(&self, warnings: impl IntoIterator<Item = impl std::fmt::Display>) {
        for w in warnings {
            self.note(format_args!("warning: {w}"));
        }
    }
}
