//! Steps 2 and 3 of the stack: replacement (a candidate that `replaces`
//! another displaces it), exclusion (a dated `excludes` rule drops its
//! losers when any of its winners applies), and the preference check (a
//! USMCA preference needs the line's special-rate column to list it with
//! a free rate; a USMCA tariff-rate quota, "See 9823…", frees the good
//! only inside the quota or for goods of Mexico where the quota says so).

use super::*;
use crate::schedule::Rated;

/// The candidates that apply, in law-data order.
pub(super) fn select<'a>(
    cands: Vec<Candidate<'a>>,
    rules: &[&StackRule],
    column1: &code::Column1,
    q: &DutyQuery,
    rec: &mut Record,
) -> Vec<Candidate<'a>> {
    let mut applied = replace(cands, rec);
    for r in rules.iter().filter(|r| r.kind == StackKind::Excludes) {
        exclude(&mut applied, r, rec);
    }
    if let code::Column1::Schedule(rated, _) = column1
        && applied.iter().any(|c| c.m.layer == LayerKind::Preference)
        && let Some(why) = preference_refused(rated, q, rec)
    {
        applied.retain(|c| {
            let keep = c.m.layer != LayerKind::Preference;
            if !keep {
                rec.skip(c.m, || why.clone(), false);
            }
            keep
        });
    }
    applied
}

/// Why the line's special-rate column gives a USMCA-qualifying good no
/// free entry, if it does not. A "See 9823…" rate is the USMCA
/// tariff-rate quota of chapter 98, subchapter XXIII: free for goods of
/// Mexico where its first heading says so (9823.NN.01), free for other
/// goods inside the quota, and the over-quota rate (column 1) otherwise;
/// the quota status not stated, the good is taken to be over it.
fn preference_refused(rated: &Rated, q: &DutyQuery, rec: &mut Record) -> Option<String> {
    let line = rated.code();
    let Some(u) = rated.usmca() else {
        return Some(format!(
            "the special-rate column of {line} lists no USMCA indicator (S/S+)"
        ));
    };
    let Some(range) = u.trq() else {
        return (u.rate.kind() != crate::schedule::RateKind::Free).then(|| {
            format!(
                "the USMCA rate of {line} is {}, not free: column 1 applies (state the USMCA rate as the column-1 rate)",
                u.rate
            )
        });
    };
    if q.origin == "MX" && Schedule::builtin().trq_free_for_mexico(range) {
        return None;
    }
    let over = |assumed: &str| {
        format!(
            "the USMCA rate of {line} is the tariff-rate quota of HTSUS 9823 ({range}): free inside the quota only; {assumed}over the quota, column 1 applies"
        )
    };
    match q.facts.quota {
        Some(QuotaStatus::In) => None,
        Some(QuotaStatus::Out) => Some(over("")),
        None => {
            if rec.explain {
                push_unique(
                    &mut rec.assumptions,
                    format!(
                        "quota status not stated: assumed over the USMCA tariff-rate quota of {line} ({range})"
                    ),
                );
            }
            rec.hint(|| {
                Hint::missing(
                    Fact::QuotaStatus,
                    "whether the good entered inside the USMCA tariff-rate quota",
                )
            });
            Some(over("the quota status not stated, assumed "))
        }
    }
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
            if let Some(a) = &r.assumption {
                push_unique(&mut rec.assumptions, a.clone());
            }
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
