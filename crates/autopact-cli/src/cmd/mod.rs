//! One module per subcommand. Each has an `Args` struct (clap) and a
//! `run(args, &Context) -> anyhow::Result<ExitCode>` function.

pub mod duty;
pub mod roo;

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
}
