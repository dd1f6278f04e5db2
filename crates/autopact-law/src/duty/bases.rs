//! Step 4 of the stack: each applied measure on its base. Column 1 first
//! (a user-asserted rate, the law's column-1 or preference measures, or
//! the schedule's line), since all-in caps need its rate; then the
//! additional measures, the winners of `applies_first` rules before their
//! losers, whose base loses the content the winners taxed; then reliefs
//! (remissions of another layer).

use super::*;

/// The layers, column 1 first, and whether column 1 is missing.
pub(super) fn layers(
    applied: &[Candidate],
    rules: &[&StackRule],
    column1: &code::Column1,
    q: &DutyQuery,
    rec: &mut Record,
) -> Result<(Vec<Layer>, bool), DutyError> {
    let (mut layers, column1_rate) = column1_layers(applied, column1, q, rec)?;
    let column1_missing = !layers
        .iter()
        .any(|x| matches!(x.kind, LayerKind::Column1 | LayerKind::Preference));
    if column1_missing {
        rec.hint(|| {
            Hint::missing(
                Fact::Column1Rate,
                "the importer's column-1 rate for the code, percent",
            )
        });
        if rec.explain {
            rec.warnings.push(format!(
                "no column-1 (MFN/general) rate for {} into {} in autopact's law data: it is NOT included in the total; state the column-1 rate from the tariff schedule",
                q.hts, q.importer
            ));
        }
    }
    additional_layers(applied, rules, column1_rate, q, rec, &mut layers)?;
    relief_layers(applied, rec, &mut layers);
    Ok((layers, column1_missing))
}

/// Column 1: the user's rate, the law's column-1 and preference measures,
/// and the schedule's line unless a preference replaced it. Returns the
/// layers and the column-1 rate caps are computed against.
fn column1_layers(
    applied: &[Candidate],
    column1: &code::Column1,
    q: &DutyQuery,
    rec: &mut Record,
) -> Result<(Vec<Layer>, Option<Decimal>), DutyError> {
    let value = q.value;
    let explain = rec.explain;
    let mut layers: Vec<Layer> = Vec::new();
    let mut column1_rate: Option<Decimal> = None;
    if let Some(rate) = q.column1_rate {
        let amount = round_cents(pct_of(value, rate));
        column1_rate = Some(rate);
        layers.push(if explain {
            user_column1_layer(q, rate, amount)
        } else {
            Layer::bare(
                "user.column1".into(),
                LayerKind::Column1,
                value,
                rate,
                amount,
            )
        });
    }
    for c in applied
        .iter()
        .filter(|c| matches!(c.m.layer, LayerKind::Column1 | LayerKind::Preference))
    {
        if let Rate::Unstated { range } = &c.m.rate {
            // Known to apply, rate not itemized: no layer, and said so.
            if explain {
                rec.warnings.push(format!(
                    "{} ({}) applies to {} from {}: the column-1 rate is {range}, not itemized in autopact's law data",
                    c.m.name, c.m.citation, q.hts, q.origin
                ));
            }
            continue;
        }
        layers.push(simple_layer(c, value, q, &mut column1_rate, explain));
    }
    if let code::Column1::Schedule(rated, note) = column1 {
        if let Some(p) = layers.iter().find(|l| l.kind == LayerKind::Preference) {
            if explain {
                let reason = format!("column 1 {} replaced by {}", rated.general(), p.measure_id);
                rec.not_applied.push(NotApplied {
                    measure_id: schedule_id(rated),
                    heading: Some(format!("HTSUS {} col. 1", rated.rate_line_code())),
                    reason,
                    out_of_scope: false,
                });
            }
        } else {
            let (layer, rate) = schedule_layer(rated, note.as_deref(), q, explain)?;
            column1_rate = Some(rate);
            layers.push(layer);
        }
    }
    Ok((layers, column1_rate))
}

fn user_column1_layer(q: &DutyQuery, rate: Decimal, amount: Decimal) -> Layer {
    let value = q.value;
    Layer {
        measure_id: "user.column1".into(),
        name: "Column-1 rate asserted by the user".into(),
        heading: Some(q.hts.to_string()),
        citation: format!(
            "user-asserted rate for {} (check the importer's tariff schedule)",
            q.hts
        ),
        confidence: Confidence::Unconfirmed,
        unconfirmed: false,
        kind: LayerKind::Column1,
        base_kind: "customs value".into(),
        base: value,
        rate,
        amount,
        note: None,
        assumptions: vec![],
        explanation: Explanation::new("column 1 (user-asserted)", fmt_money(amount))
            .rule("column-1 rate stated by the user")
            .base(fmt_money(value))
            .arithmetic(format!(
                "{}% × {} = {}",
                fmt_pct(rate),
                fmt_money(value),
                fmt_money(amount)
            )),
    }
}

/// The additional measures: winners of `applies_first` rules (and every
/// measure no such rule names as a loser) on their bases, then the losers
/// on the value less the content the winners' layers took.
fn additional_layers(
    applied: &[Candidate],
    rules: &[&StackRule],
    column1_rate: Option<Decimal>,
    q: &DutyQuery,
    rec: &mut Record,
    layers: &mut Vec<Layer>,
) -> Result<(), DutyError> {
    let first_rules: Vec<&StackRule> = rules
        .iter()
        .copied()
        .filter(|r| r.kind == StackKind::AppliesFirst)
        .collect();
    let is_loser = |id: &str| {
        first_rules
            .iter()
            .any(|r| r.loser.iter().any(|p| id_matches(p, id)))
    };
    let additional: Vec<(&Candidate, bool)> = applied
        .iter()
        .filter(|c| c.m.layer == LayerKind::Additional)
        .map(|c| (c, is_loser(&c.m.id)))
        .collect();
    for (c, _) in additional.iter().filter(|(_, loser)| !loser) {
        layers.push(additional_layer(
            c,
            q,
            column1_rate,
            Decimal::ZERO,
            None,
            rec,
        )?);
    }
    for (c, _) in additional.iter().filter(|(_, loser)| *loser) {
        let mut taken = Decimal::ZERO;
        let mut why = Vec::new();
        for r in &first_rules {
            if !r.loser.iter().any(|p| id_matches(p, &c.m.id)) {
                continue;
            }
            for l in layers
                .iter()
                .filter(|l| r.winner.iter().any(|p| id_matches(p, &l.measure_id)))
            {
                taken += l.base;
                if rec.explain {
                    why.push(format!(
                        "{} ({}) on {}",
                        l.measure_id,
                        r.id,
                        fmt_money(l.base)
                    ));
                }
            }
        }
        let taken = taken.min(q.value);
        let note = (!why.is_empty()).then(|| {
            format!(
                "base reduced by the content that bore {} first",
                why.join("; ")
            )
        });
        layers.push(additional_layer(c, q, column1_rate, taken, note, rec)?);
    }
    Ok(())
}

/// Reliefs: each gives back the amount of the layer it remits.
fn relief_layers(applied: &[Candidate], rec: &mut Record, layers: &mut Vec<Layer>) {
    for c in applied.iter().filter(|c| c.m.layer == LayerKind::Relief) {
        let Rate::Remission { of } = &c.m.rate else {
            continue;
        };
        let Some(target) = layers.iter().find(|l| id_matches(of, &l.measure_id)) else {
            rec.skip(
                c.m,
                || format!("nothing to remit: {of} does not apply"),
                false,
            );
            continue;
        };
        let amount = -target.amount;
        if !rec.explain {
            let layer = Layer::bare(
                c.m.id.clone(),
                LayerKind::Relief,
                target.amount,
                Decimal::ONE_HUNDRED,
                amount,
            )
            .marked(c.m.status == Status::Unconfirmed);
            layers.push(layer);
            continue;
        }
        let e = Explanation::new(
            format!("{} ({})", c.m.name, heading_or_name(c.m)),
            fmt_money(amount),
        )
        .rule(format!("remits the surtax of {of}"))
        .citation(c.m.citation.clone())
        .base(fmt_money(target.amount))
        .arithmetic(format!(
            "−{} = {}",
            fmt_money(target.amount),
            fmt_money(amount)
        ));
        let layer = Layer {
            measure_id: c.m.id.clone(),
            name: c.m.name.clone(),
            heading: c.m.heading.clone(),
            citation: c.m.citation.clone(),
            confidence: c.m.confidence,
            unconfirmed: c.m.status == Status::Unconfirmed,
            kind: LayerKind::Relief,
            base_kind: format!("surtax of {of}"),
            base: target.amount,
            rate: Decimal::ONE_HUNDRED,
            amount,
            note: c.m.note.clone(),
            assumptions: c.assumptions.clone(),
            explanation: e,
        };
        layers.push(layer);
    }
}
