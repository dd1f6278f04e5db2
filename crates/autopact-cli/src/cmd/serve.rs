//! `autopact serve`: the HTTP JSON API on one table, loaded and factored
//! once. Loopback by default.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use autopact_server::Limits;
use clap::Args as ClapArgs;

use super::Context;
use super::table::TableArgs;

/// Arguments of `autopact serve`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  autopact serve                          # http://127.0.0.1:8080/api/health
  autopact serve --addr 127.0.0.1:0       # any free port (printed on stderr)
  autopact serve ICIO2023_2019.csv.gz --concurrency 8
  autopact serve --law my-measures/          # duty, roo and wedges with your measure files")]
pub struct Args {
    #[command(flatten)]
    table: TableArgs,
    /// Address to listen on. Loopback by default; an address such as
    /// 0.0.0.0:8080 accepts other machines.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Requests computed at once; more are answered 503 at once.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Longest a request may take, seconds.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Largest request body, MiB.
    #[arg(long, default_value_t = 8)]
    body_limit: usize,
    /// A folder of your own measure files (same TOML schema as autopact's
    /// law data), read once at start: added to autopact's law, or replacing
    /// its measures of the same id, for every request.
    #[arg(long, value_name = "DIR")]
    law: Option<String>,
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(args: Args, ctx: &Context) -> Result<ExitCode> {
    anyhow::ensure!(args.concurrency > 0, "--concurrency must be at least 1");
    let m = args.table.load(ctx)?;
    let session = autopact_server::session(m, args.table.spec() == "default")?
        .with_law_dir(args.law.as_deref())?;
    if let Some(d) = &args.law {
        ctx.note(format_args!(
            "law: autopact's measures plus the files in {d}"
        ));
    }
    let session = Arc::new(session);
    let limits = Limits {
        body_bytes: args.body_limit << 20,
        timeout: Duration::from_secs(args.timeout),
        concurrency: args.concurrency,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = autopact_server::bind(args.addr).await?;
        let addr = listener.local_addr()?;
        // Always printed (even with --quiet): scripts read the port from it.
        eprintln!("listening on http://{addr} (Ctrl-C to stop)");
        autopact_server::serve_on(listener, session, limits).await
    })?;
    ctx.note("stopped");
    Ok(ExitCode::SUCCESS)
}
