//! Progress on stderr for work that takes more than a second (reading a
//! large table, a wedge series, the shards of a sweep) — only when stderr
//! is a terminal and `--quiet` is not given, so pipes, logs and tests see
//! nothing.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cmd::Context;

fn wanted(ctx: &Context) -> bool {
    !ctx.quiet && std::io::stderr().is_terminal()
}

/// A spinner with the elapsed time for work of unknown length; `None`
/// when no progress is shown. Cleared when dropped.
pub fn spinner(ctx: &Context, message: impl Into<String>) -> Option<Progress> {
    if !wanted(ctx) {
        return None;
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"),
    );
    pb.set_message(message.into());
    pb.enable_steady_tick(Duration::from_millis(120));
    Some(Progress(pb))
}

/// A bar of `len` steps; `None` when no progress is shown.
pub fn bar(ctx: &Context, len: u64, message: impl Into<String>) -> Option<Progress> {
    if !wanted(ctx) {
        return None;
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed}, ~{eta} left)")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    pb.set_message(message.into());
    pb.enable_steady_tick(Duration::from_millis(250));
    Some(Progress(pb))
}

/// A progress display, cleared from the terminal when dropped.
pub struct Progress(ProgressBar);

impl Progress {
    /// One more step done.
    pub fn inc(&self) {
        self.0.inc(1);
    }

    /// Prints a line above the bar.
    pub fn println(&self, line: impl AsRef<str>) {
        self.0.println(line);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
