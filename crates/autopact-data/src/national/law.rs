//! The law's rates by commodity of a national table: the same line duties
//! as `wedges`, summed by each line's BEA commodity (a line the
//! concordance lacks takes its HS8/HS6 siblings' commodity).

use super::*;

/// The law's rates by commodity of a national table, and the derivation
/// they come from.
#[derive(Debug, Clone)]
pub struct LawRates {
    /// The rates (τ: the change against the baseline).
    pub rates: autopact_link::bea::CommodityRates,
    /// The derivation on the date (its assumptions, flags, proxy notes).
    pub derived: autopact_link::Derived,
    /// The baseline date.
    pub baseline: autopact_law::NaiveDate,
}

/// The table commodity of each shipped HTS10 line: its BEA detail code
/// where the table has it, else that code's summary parent.
pub fn commodity_of_lines(table: &NationalTable) -> Result<HashMap<String, String>> {
    let codes = shipped_bea_codes()?;
    Ok(codes
        .into_iter()
        .filter_map(|(h, c)| {
            if table.commodity_index(&c).is_some() {
                Some((h, c))
            } else {
                let p = table.parent_of(&c)?.to_string();
                table.commodity_index(&p).map(|_| (h, p))
            }
        })
        .collect())
}

/// HS8 and HS6 prefixes whose lines in the concordance all have the same
/// commodity → that commodity: the code of a traded line the concordance
/// does not list (a line created after it, a statistical suffix it lacks).
pub fn sibling_codes(of: &HashMap<String, String>) -> HashMap<String, String> {
    let mut by: HashMap<String, Option<String>> = HashMap::new();
    for (h, c) in of {
        for n in [8, 6] {
            if let Some(p) = h.get(..n) {
                by.entry(p.to_string())
                    .and_modify(|e| {
                        if e.as_deref() != Some(c.as_str()) {
                            *e = None;
                        }
                    })
                    .or_insert_with(|| Some(c.clone()));
            }
        }
    }
    by.into_iter().filter_map(|(p, c)| Some((p, c?))).collect()
}

/// The law's rates by commodity of `table` for US imports on `date`
/// against `baseline`: the wedges' derivation on the built-in table (the
/// same line duties, proxies and flags as `autopact wedges`), both dates
/// priced on the same trade weights (those `opts` pick for `date`), the
/// lines summed by their BEA commodity ([`autopact_link::bea`]); a line
/// the concordance does not list takes the commodity all its HS8 (else
/// HS6) siblings share ([`sibling_codes`]), and is unmapped otherwise.
pub fn law_rates(
    table: &NationalTable,
    date: autopact_law::NaiveDate,
    baseline: autopact_law::NaiveDate,
    opts: &autopact_link::LawOptions,
    db: &autopact_law::LawDb,
) -> Result<LawRates> {
    let m = crate::open_table("default", &crate::ReadOptions::default())?;
    let data = crate::wedges::link_data(&m, "USA", date, opts)?;
    let now =
        autopact_link::derive(db, &m, "USA", date, None, opts, &data).map_err(DataError::Link)?;
    let base = autopact_link::derive(db, &m, "USA", baseline, None, opts, &data)
        .map_err(DataError::Link)?;
    let of = commodity_of_lines(table)?;
    let siblings = sibling_codes(&of);
    let rates = autopact_link::bea::commodity_rates(
        &now.wedges,
        &base.wedges,
        table.commodities(),
        &|h: &str| {
            of.get(h).cloned().or_else(|| {
                [8, 6]
                    .into_iter()
                    .find_map(|n| h.get(..n).and_then(|p| siblings.get(p)).cloned())
            })
        },
    )
    .map_err(DataError::Link)?;
    Ok(LawRates {
        rates,
        derived: now,
        baseline,
    })
}
