//! Cells, blocks and shards: a deterministic partition of a sweep.
//!
//! A cell is (table, scenario, draw). Cells are grouped into **blocks** of
//! up to `batch` consecutive draws of one table and scenario, in the order
//! table → scenario → draw; a block is solved as one batch of right-hand
//! sides. Shard `i` of `N` takes the contiguous run of blocks
//! `⌊iB/N⌋ .. ⌊(i+1)B/N⌋` (B blocks in all), so:
//!
//! * every block is solved whole, with the same columns, whatever N is —
//!   the results of a cell do not depend on the sharding, bit for bit;
//! * a shard touches few tables (one read and one LU per table per shard);
//! * shard sizes differ by at most one block.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::spec::Sweep;

/// What every shard and the merge must agree on. Written as the sweep
/// folder's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// sha256 of the sweep file and of the scenario files it names.
    pub sweep_sha256: String,
    /// Tables as written in the sweep file.
    pub tables: Vec<String>,
    /// Scenario files as written in the sweep file.
    pub scenarios: Vec<String>,
    /// Draws per table × scenario.
    pub draws: u32,
    /// Draws per block.
    pub batch: u32,
    /// Seed.
    pub seed: u64,
    /// Uncertain parameters, in file order.
    pub parameters: Vec<String>,
}

/// Up to `batch` draws of one table and scenario, solved together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Index into [`Plan::tables`].
    pub table: usize,
    /// Index into [`Plan::scenarios`].
    pub scenario: usize,
    /// First draw.
    pub first: u32,
    /// One past the last draw.
    pub end: u32,
}

/// One cell: (table, scenario, draw) as indices.
pub type Cell = (usize, usize, u32);

/// The hash that ties shards to their sweep: sha256 over the sweep file's
/// bytes and, for each scenario it names, the name and the file's bytes
/// (each preceded by its length, so no two inputs hash alike by
/// concatenation).
pub fn sweep_sha256(sweep_text: &str, scenarios: &[(&str, &str)]) -> String {
    let mut h = Sha256::new();
    let mut put = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    put(b"autopact.sweep/v1");
    put(sweep_text.as_bytes());
    for (name, text) in scenarios {
        put(name.as_bytes());
        put(text.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Plan {
    /// The plan of a parsed sweep with its hash.
    pub fn of(sweep: &Sweep, sweep_sha256: String) -> Self {
        Self {
            sweep_sha256,
            tables: sweep.tables.iter().map(|t| t.value.clone()).collect(),
            scenarios: sweep.scenarios.iter().map(|s| s.value.clone()).collect(),
            draws: sweep.draws,
            batch: sweep.batch,
            seed: sweep.seed,
            parameters: sweep
                .parameters
                .iter()
                .map(|p| p.name.value.clone())
                .collect(),
        }
    }

    /// Total number of cells.
    pub fn n_cells(&self) -> u64 {
        self.tables.len() as u64 * self.scenarios.len() as u64 * u64::from(self.draws)
    }

    fn blocks_per_pair(&self) -> u64 {
        u64::from(self.draws.div_ceil(self.batch))
    }

    /// Total number of blocks.
    pub fn n_blocks(&self) -> u64 {
        self.tables.len() as u64 * self.scenarios.len() as u64 * self.blocks_per_pair()
    }

    /// Block number `b` (0-based, in table → scenario → draw order).
    pub fn block(&self, b: u64) -> Block {
        let per = self.blocks_per_pair();
        let pair = b / per;
        let k = (b % per) as u32;
        let first = k * self.batch;
        Block {
            table: (pair / self.scenarios.len() as u64) as usize,
            scenario: (pair % self.scenarios.len() as u64) as usize,
            first,
            end: (first + self.batch).min(self.draws),
        }
    }

    /// The blocks of shard `index` of `of` (`index < of`).
    pub fn shard(&self, index: u64, of: u64) -> Vec<Block> {
        let n = u128::from(self.n_blocks());
        let start = (n * u128::from(index) / u128::from(of)) as u64;
        let end = (n * u128::from(index + 1) / u128::from(of)) as u64;
        (start..end).map(|b| self.block(b)).collect()
    }

    /// The cells of shard `index` of `of`, in output order.
    pub fn shard_cells(&self, index: u64, of: u64) -> Vec<Cell> {
        self.shard(index, of)
            .into_iter()
            .flat_map(|b| (b.first..b.end).map(move |d| (b.table, b.scenario, d)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(t: usize, s: usize, draws: u32, batch: u32) -> Plan {
        Plan {
            sweep_sha256: "h".into(),
            tables: (0..t).map(|k| format!("t{k}")).collect(),
            scenarios: (0..s).map(|k| format!("s{k}")).collect(),
            draws,
            batch,
            seed: 1,
            parameters: vec![],
        }
    }

    /// For any N, the shards' cells concatenated are all cells, in order,
    /// each once; blocks never straddle shards.
    #[test]
    fn shards_partition_the_cells_in_order() {
        for (t, s, d, b) in [(1, 3, 20, 8), (3, 2, 7, 32), (2, 1, 100, 1), (1, 1, 1, 4)] {
            let p = plan(t, s, d, b);
            let all: Vec<Cell> = p.shard_cells(0, 1);
            assert_eq!(all.len() as u64, p.n_cells());
            let mut expect = Vec::new();
            for ti in 0..t {
                for si in 0..s {
                    for di in 0..d {
                        expect.push((ti, si, di));
                    }
                }
            }
            assert_eq!(all, expect);
            for n in [2, 7, 1000] {
                let joined: Vec<Cell> = (0..n).flat_map(|i| p.shard_cells(i, n)).collect();
                assert_eq!(joined, all, "N = {n}");
                let sizes: Vec<usize> = (0..n).map(|i| p.shard(i, n).len()).collect();
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(hi - lo <= 1, "{sizes:?}");
            }
        }
    }

    #[test]
    fn hash_separates_its_inputs() {
        let a = sweep_sha256("x", &[("a.toml", "bc")]);
        assert_eq!(a.len(), 64);
        assert_ne!(a, sweep_sha256("x", &[("a.toml", "b"), ("c", "")]));
        assert_ne!(a, sweep_sha256("x", &[("a.tomlb", "c")]));
        assert_ne!(a, sweep_sha256("y", &[("a.toml", "bc")]));
    }
}
