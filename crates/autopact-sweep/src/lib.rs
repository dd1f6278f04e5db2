//! Scenario sweeps with uncertainty.
//!
//! A sweep file ([`spec`]) names scenario files, tables (e.g. one per
//! year), a number of Monte-Carlo draws and the uncertain parameters with
//! their distributions. A cell is (table, scenario, draw). The cells are
//! cut into shards by a deterministic partition ([`plan`]) so that any
//! scheduler that hands out an index (Slurm job arrays, Kubernetes Indexed
//! Jobs, GNU parallel, a loop) can run them; the draws come from
//! counter-based random streams ([`random`]), so draw d of a cell has the
//! same parameters whatever the sharding. Inside a shard the draws of a
//! table are solved together against one factorisation ([`run`]). The
//! shard results are tidy tables ([`output`]), checked and merged with a
//! summary of their spread ([`merge`]).
//!
//! Pure: the caller reads sweep, scenario and table files and writes the
//! shards (autopact-data does the file work).

#![deny(missing_docs)]

pub mod dist;
pub mod driver;
mod error;
pub mod merge;
pub mod output;
pub mod param;
pub mod plan;
pub mod random;
pub mod run;
pub mod spec;

pub use error::{ShardDefect, SweepError};
pub use plan::{Block, Plan, sweep_sha256};
pub use run::{CellResult, solve_block};
pub use spec::{Sweep, parse};
