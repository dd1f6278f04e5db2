//! Checking shards and merging them into one table, with a summary.
//!
//! A shard is accepted only if its metadata carries the sweep's hash and
//! its own index and count, its columns are the sweep's, and its rows are
//! exactly the cells the partition gives it, in order, each with the same
//! number of region-sector rows as that table has everywhere else (and the
//! same table hash). A truncated file fails earlier, when it is read. The
//! merged table is the shards' rows in shard order — the cell order of the
//! sweep — so it is the same, byte for byte, for any number of shards.

use std::collections::{BTreeMap, HashMap};

use autopact_core::{Column, Table, Value};

use crate::error::{ShardDefect, SweepError};
use crate::output::{column_names, empty_table};
use crate::plan::Plan;

/// The value of metadata `key`.
pub fn meta<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.meta
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Per table: (rows per cell, table sha256), agreed by all shards.
pub type TableSizes = BTreeMap<String, (usize, String)>;

/// Checks shard `index` of `of` (read from `name`) against the plan and
/// the table sizes seen so far.
pub fn check_shard(
    plan: &Plan,
    index: u64,
    of: u64,
    name: &str,
    shard: &Table,
    sizes: &mut TableSizes,
) -> Result<(), SweepError> {
    let bad = |defect: ShardDefect| {
        Err(SweepError::ShardIncomplete {
            file: name.into(),
            index,
            count: of,
            defect: Box::new(defect),
        })
    };
    match meta(shard, "sweep_sha256") {
        Some(h) if h == plan.sweep_sha256 => {}
        Some(h) => {
            return Err(SweepError::ShardFromAnotherSweep {
                file: name.into(),
                index,
                found: h.into(),
                expected: plan.sweep_sha256.clone(),
            });
        }
        None => return bad(ShardDefect::NotAShard),
    }
    if meta(shard, "shard_index") != Some(&index.to_string())
        || meta(shard, "shard_of") != Some(&of.to_string())
    {
        return bad(ShardDefect::OtherShard {
            index: meta(shard, "shard_index").unwrap_or("?").into(),
            count: meta(shard, "shard_of").unwrap_or("?").into(),
            expected_index: index,
            expected_count: of,
        });
    }
    let names: Vec<&str> = shard.columns.iter().map(|c| c.name.as_str()).collect();
    if names != column_names(plan) {
        return bad(ShardDefect::Columns(
            names.into_iter().map(String::from).collect(),
        ));
    }
    for t in &plan.tables {
        if let (Some(n), Some(sha)) = (
            meta(shard, &format!("table_n:{t}")),
            meta(shard, &format!("table_sha256:{t}")),
        ) {
            let n: usize = n.parse().unwrap_or(0);
            match sizes.get(t) {
                Some((m, s)) if (*m, s.as_str()) != (n, sha) => {
                    return bad(ShardDefect::TableChanged {
                        table: t.clone(),
                        rows: n,
                        sha256: sha.into(),
                        other_rows: *m,
                        other_sha256: s.clone(),
                    });
                }
                _ => {
                    sizes.insert(t.clone(), (n, sha.to_string()));
                }
            }
        }
    }
    let cells = plan.shard_cells(index, of);
    let mut row = 0;
    for (t, s, d) in &cells {
        let Some((n, _)) = sizes.get(&plan.tables[*t]) else {
            return bad(ShardDefect::NoTableSize(plan.tables[*t].clone()));
        };
        for k in 0..*n {
            let ok = shard.rows.get(row).is_some_and(|r| {
                r[0] == Value::Text(plan.tables[*t].clone())
                    && r[1] == Value::Text(plan.scenarios[*s].clone())
                    && r[2] == Value::Int(i64::from(*d))
            });
            if !ok {
                return bad(ShardDefect::WrongRow {
                    row: row + 1,
                    region_sector: k + 1,
                    table: plan.tables[*t].clone(),
                    scenario: plan.scenarios[*s].clone(),
                    draw: *d,
                });
            }
            row += 1;
        }
    }
    if row != shard.rows.len() {
        return bad(ShardDefect::RowCount {
            rows: shard.rows.len(),
            expected: row,
        });
    }
    Ok(())
}

/// Merges checked shards (in index order) into one table.
pub fn merge(plan: &Plan, shards: Vec<Table>, sizes: &TableSizes) -> Table {
    let mut out = empty_table(plan);
    out.kind = "sweep".into();
    for mut s in shards {
        out.rows.append(&mut s.rows);
    }
    out.meta("sweep_sha256", plan.sweep_sha256.clone());
    out.meta("cells", plan.n_cells().to_string());
    out.meta("draws", plan.draws.to_string());
    out.meta("seed", plan.seed.to_string());
    for (t, (n, sha)) in sizes {
        out.meta(format!("table_sha256:{t}"), sha.clone());
        out.meta(format!("table_n:{t}"), n.to_string());
    }
    out
}

/// Quantile of sorted values, linear interpolation between order
/// statistics (Hyndman–Fan type 7, numpy's and R's default).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Variables summarised.
pub const SUMMARY_VARIABLES: [&str; 3] = ["price_change", "output_change", "jobs_change"];

/// Mean and 5/50/95% quantiles over the draws, per table × scenario ×
/// region × sector × variable.
pub fn summary(merged: &Table) -> Table {
    let mut out = Table::new(
        "sweep_summary",
        [
            "table", "scenario", "region", "sector", "variable", "draws", "mean", "q05", "q50",
            "q95",
        ]
        .into_iter()
        .map(Column::new)
        .collect(),
    );
    out.meta = merged.meta.clone();
    out.meta(
        "quantiles",
        "linear interpolation between order statistics (type 7)",
    );
    let cols: Vec<usize> = SUMMARY_VARIABLES
        .iter()
        .filter_map(|v| merged.column_index(v))
        .collect();
    let mut order: Vec<[String; 4]> = Vec::new();
    let mut groups: HashMap<[String; 4], Vec<Vec<f64>>> = HashMap::new();
    for r in &merged.rows {
        let key = [
            r[0].machine(),
            r[1].machine(),
            r[3].machine(),
            r[4].machine(),
        ];
        let g = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            vec![Vec::new(); cols.len()]
        });
        for (k, &c) in cols.iter().enumerate() {
            if let Value::Float(v) = r[c] {
                g[k].push(v);
            }
        }
    }
    for key in order {
        for (k, &c) in cols.iter().enumerate() {
            let mut v = groups[&key][k].clone();
            if v.is_empty() {
                continue;
            }
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            v.sort_by(f64::total_cmp);
            let mut row: Vec<Value> = key.iter().map(|x| Value::Text(x.clone())).collect();
            row.push(Value::Text(merged.columns[c].name.clone()));
            row.push(Value::Int(v.len() as i64));
            for x in [
                mean,
                quantile(&v, 0.05),
                quantile(&v, 0.5),
                quantile(&v, 0.95),
            ] {
                row.push(Value::Float(x));
            }
            out.push(row);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// numpy.quantile([1, 2, 3, 4, 10], [0.05, 0.5, 0.95]) = [1.2, 3, 8.8].
    #[test]
    fn quantiles_match_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert!((quantile(&v, 0.05) - 1.2).abs() < 1e-12);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert!((quantile(&v, 0.95) - 8.8).abs() < 1e-12);
        assert_eq!(quantile(&[4.0], 0.95), 4.0);
    }
}
