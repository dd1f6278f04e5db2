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

/// The table commodity of each HTS10 line the shipped concordance lists:
/// its BEA detail code where the table has it, else that code's summary
/// parent, else `None` — listed, with a code the table does not have (such
/// a line is unmapped; it does not borrow its siblings' commodity).
pub fn commodity_of_lines(table: &NationalTable) -> Result<HashMap<String, Option<String>>> {
    let codes = shipped_bea_codes()?;
    Ok(codes
        .into_iter()
        .map(|(h, c)| {
            let own = if table.commodity_index(&c).is_some() {
                Some(c)
            } else {
                table
                    .parent_of(&c)
                    .filter(|p| table.commodity_index(p).is_some())
                    .map(str::to_string)
            };
            (h, own)
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
    let mapped: HashMap<String, String> = of
        .iter()
        .filter_map(|(h, c)| Some((h.clone(), c.clone()?)))
        .collect();
    let siblings = sibling_codes(&mapped);
    let rates = autopact_link::bea::commodity_rates(
        &now.wedges,
        &base.wedges,
        table.commodities(),
        &|h: &str| match of.get(h) {
            Some(listed) => listed.clone(),
            None => [8, 6]
                .into_iter()
                .find_map(|n| h.get(..n).and_then(|p| siblings.get(p)).cloned()),
        },
    )
    .map_err(DataError::Link)?;
    Ok(LawRates {
        rates,
        derived: now,
        baseline,
    })
}
