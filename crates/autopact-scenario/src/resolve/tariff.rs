//! Resolution of one `[[tariff]]` entry: its labels checked against the
//! table, its rate (typed or derived from the law) and the flows it covers,
//! expanded into one [`ResolvedTariff`] per importer–exporter pair (per
//! exporter and sector for rates derived from the law).

use autopact_mrio::{AppliesTo, Mrio};
use toml::Spanned;

use super::{Ctx, LawProvider, ResolvedTariff};
use crate::error::ScenarioError;
use crate::spec::{LawSource, OneOrMany, TariffChange};

/// Resolves tariff entry `t`, appending its tariffs to `out`.
pub(super) fn resolve_tariff(
    cx: &Ctx<'_>,
    t: &TariffChange,
    mrio: &Mrio,
    law: &dyn LawProvider,
    out: &mut Vec<ResolvedTariff>,
) -> Result<(), ScenarioError> {
    let importers = t.importer.get_ref().expand(mrio.regions());
    let exporters = t.exporter.get_ref().expand(mrio.regions());
    let sectors = t.sectors.get_ref().expand(mrio.sectors());
    check_labels(cx, t, mrio, &importers, &exporters, &sectors)?;
    let rate = rate(cx, t)?;
    let applies_to = applies_to(cx, t)?;
    let flows = Flows {
        importers: &importers,
        exporters: &exporters,
        sectors: &sectors,
        applies_to,
    };
    match &t.from_law {
        Some(src) => law_tariffs(cx, t, src, &flows, law, out),
        None => pair_tariffs(cx, t, rate.expect("checked above"), &flows, out),
    }
}

/// Refuses a region or sector the table does not have.
fn check_labels(
    cx: &Ctx<'_>,
    t: &TariffChange,
    mrio: &Mrio,
    importers: &[String],
    exporters: &[String],
    sectors: &[String],
) -> Result<(), ScenarioError> {
    for r in importers.iter().chain(exporters) {
        if mrio.region_index(r).is_err() {
            let span = if importers.contains(r) {
                t.importer.span()
            } else {
                t.exporter.span()
            };
            return cx.err(
                span,
                format!(
                    "unknown region {r:?}; regions: {}",
                    mrio.regions().join(", ")
                ),
            );
        }
    }
    for s in sectors {
        if mrio.sector_index(s).is_err() {
            return cx.err(
                t.sectors.span(),
                format!(
                    "unknown sector {s:?}; sectors: {}",
                    mrio.sectors().join(", ")
                ),
            );
        }
    }
    Ok(())
}

/// The typed rate as a fraction, or none when the entry takes its rates
/// from the law; exactly one of the two must be given.
fn rate(cx: &Ctx<'_>, t: &TariffChange) -> Result<Option<f64>, ScenarioError> {
    match (&t.rate, &t.from_law) {
        (Some(r), None) => match r.get_ref().fraction() {
            Ok(rate) => Ok(Some(rate)),
            Err(e) => cx.err(r.span(), e.to_string()),
        },
        (None, Some(_)) => Ok(None),
        (Some(r), Some(_)) => cx.err(r.span(), "give either rate or from_law, not both"),
        (None, None) => cx.err(
            t.importer.span(),
            "a tariff needs a rate (\"25%\" or 0.25) or from_law = { date = \"YYYY-MM-DD\" }",
        ),
    }
}

/// The flows the tariff covers.
fn applies_to(cx: &Ctx<'_>, t: &TariffChange) -> Result<AppliesTo, ScenarioError> {
    match t.applies_to.get_ref().as_str() {
        "intermediate" => Ok(AppliesTo::Intermediate),
        "final" => Ok(AppliesTo::Final),
        "both" => Ok(AppliesTo::Both),
        other => cx.err(
            t.applies_to.span(),
            format!("applies_to {other:?} must be \"intermediate\", \"final\" or \"both\""),
        ),
    }
}

/// The labels and flows of one entry, expanded.
struct Flows<'a> {
    importers: &'a [String],
    exporters: &'a [String],
    sectors: &'a [String],
    applies_to: AppliesTo,
}

/// The tariffs of a `from_law` entry: one per exporter and sector the law
/// taxes, for each importer (never on itself).
fn law_tariffs(
    cx: &Ctx<'_>,
    t: &TariffChange,
    src: &Spanned<LawSource>,
    flows: &Flows<'_>,
    law: &dyn LawProvider,
    out: &mut Vec<ResolvedTariff>,
) -> Result<(), ScenarioError> {
    for imp in flows.importers {
        let exps: Vec<String> = flows
            .exporters
            .iter()
            .filter(|e| *e != imp)
            .cloned()
            .collect();
        let derived = law
            .rates(imp, &exps, flows.sectors, src.get_ref())
            .or_else(|m| cx.err(src.span(), m))?;
        for (exp, sector, rate) in derived.rates {
            out.push(ResolvedTariff {
                importer: imp.clone(),
                exporter: exp,
                sectors: vec![sector],
                rate,
                applies_to: flows.applies_to,
                note: t.note.clone(),
                derivation: Some(derived.derivation.clone()),
            });
        }
    }
    Ok(())
}

/// The tariffs of an entry with a typed rate: one per importer–exporter
/// pair, all its sectors.
fn pair_tariffs(
    cx: &Ctx<'_>,
    t: &TariffChange,
    rate: f64,
    flows: &Flows<'_>,
    out: &mut Vec<ResolvedTariff>,
) -> Result<(), ScenarioError> {
    for imp in flows.importers {
        for exp in flows.exporters {
            if imp == exp {
                // "*" on both sides naturally pairs a region with itself;
                // only an explicit self-tariff is an error.
                if matches!(t.exporter.get_ref(), OneOrMany::One(s) if s == "*")
                    || matches!(t.importer.get_ref(), OneOrMany::One(s) if s == "*")
                {
                    continue;
                }
                return cx.err(
                    t.exporter.span(),
                    format!("{imp} cannot levy a tariff on its own products"),
                );
            }
            out.push(ResolvedTariff {
                importer: imp.clone(),
                exporter: exp.clone(),
                sectors: flows.sectors.to_vec(),
                rate,
                applies_to: flows.applies_to,
                note: t.note.clone(),
                derivation: None,
            });
        }
    }
    Ok(())
}
