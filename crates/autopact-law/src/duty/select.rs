//! Steps 2 and 3 of the stack: replacement (a candidate that `replaces`
//! another displaces it), exclusion (a dated `excludes` rule drops its
//! losers when any of its winners applies), and the preference check (a
//! USMCA preference needs the line's special-rate column to list it).

use super::*;

/// The candidates that apply, in law-data order.
pub(super) fn select<'a>(
    cands: Vec<Candidate<'a>>,
    rules: &[&StackRule],
    column1: &code::Column1,
    rec: &mut Record,
) -> Vec<Candidate<'a>> {
    let mut applied = replace(cands, rec);
    for r in rules.iter().filter(|r| r.kind == StackKind::Excludes) {
        exclude(&mut applied, r, rec);
    }
    if let code::Column1::Schedule(rated, _) = column1
        && rated.usmca().is_none()
    {
        applied.retain(|c| {
            let keep = c.m.layer != LayerKind::Preference;
            if !keep {
                rec.skip(
                    c.m,
                    || {
                        format!(
                            "the special-rate column of {} lists no USMCA indicator (S/S+)",
                            rated.code()
                        )
                    },
                    false,
                );
            }
            keep
        });
    }
    applied
}

/// Step 2: drops every candidate another candidate replaces.
fn replace<'a>(cands: Vec<Candidate<'a>>, rec: &mut Record) -> Vec<Candidate<'a>> {
    let mut removed = vec![false; cands.len()];
    for (i, a) in cands.iter().enumerate() {
        if a.m.replaces.is_empty() {
            continue;
        }
        for (j, b) in cands.iter().enumerate() {
            if i != j && a.m.replaces.iter().any(|p| id_matches(p, &b.m.id)) {
                removed[j] = true;
                rec.skip(
                    b.m,
                    || format!("replaced by {} ({})", a.m.id, heading_or_name(a.m)),
                    false,
                );
            }
        }
    }
    cands
        .into_iter()
        .zip(removed)
        .filter_map(|(c, r)| (!r).then_some(c))
        .collect()
}

/// Step 3 for one `excludes` rule.
fn exclude(applied: &mut Vec<Candidate>, r: &StackRule, rec: &mut Record) {
    let Some(w) = applied
        .iter()
        .find(|c| r.winner.iter().any(|p| id_matches(p, &c.m.id)))
        .map(|c| c.m.id.clone())
    else {
        return;
    };
    applied.retain(|c| {
        let lose = r.loser.iter().any(|p| id_matches(p, &c.m.id));
        if lose && rec.explain {
            rec.skip(
                c.m,
                || {
                    format!(
                        "excluded by {w} under stacking rule {} ({})",
                        r.id, r.citation
                    )
                },
                false,
            );
            if r.confidence == Confidence::Unconfirmed {
                let warning = format!(
                    "stacking rule {} is UNCONFIRMED ({}): {}",
                    r.id,
                    r.citation,
                    r.note.as_deref().unwrap_or("verify")
                );
                push_unique(&mut rec.warnings, warning);
            }
            rec.rule_notes.push(
                Explanation::new(
                    format!("stacking rule {}", r.id),
                    format!("{} not applied", c.m.id),
                )
                .rule(format!(
                    "goods subject to {} are not subject to {}",
                    r.winner.join(", "),
                    r.loser.join(", ")
                ))
                .citation(r.citation.clone()),
            );
        }
        !lose
    });
}
