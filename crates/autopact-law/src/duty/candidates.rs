//! Step 1 of the stack: which measures are candidates for an entry — in
//! force on the date, the code in scope, the origin covered, the `when`
//! and `unless` facts as stated (or assumed), confirmed unless the caller
//! asks for unconfirmed measures — and the column-1 measures a
//! user-asserted rate replaces.

use super::*;

/// The candidates, in law-data order.
pub(super) fn candidates<'a>(db: &'a LawDb, q: &DutyQuery, rec: &mut Record) -> Vec<Candidate<'a>> {
    let mut cands: Vec<Candidate> = Vec::new();
    for m in db.measures.iter().filter(|m| m.importer == q.importer) {
        if let Some(c) = candidate(m, q, rec) {
            cands.push(c);
        }
    }
    // A user-asserted column-1 rate replaces the data's.
    if q.column1_rate.is_some() {
        cands.retain(|c| {
            let keep = c.m.layer != LayerKind::Column1;
            if !keep {
                rec.skip(
                    c.m,
                    || "replaced by the user-asserted column-1 rate".into(),
                    false,
                );
            }
            keep
        });
    }
    cands
}

/// One measure as a candidate, or `None` (recorded with its reason).
fn candidate<'a>(m: &'a Measure, q: &DutyQuery, rec: &mut Record) -> Option<Candidate<'a>> {
    let explain = rec.explain;
    let mut assumptions = Vec::new();
    if explain {
        let Some(sm) = m.scope.matches(&q.hts) else {
            rec.skip(
                m,
                || format!("HTS {} outside scope ({})", q.hts, m.scope.describe()),
                true,
            );
            return None;
        };
        match sm {
            ScopeMatch::Inside => {}
            ScopeMatch::Ex(s) | ScopeMatch::LessSpecific(s) => assumptions.push(s),
        }
    } else if !rec.prescoped && !m.scope.contains(&q.hts) {
        return None;
    }
    if q.date < m.from {
        rec.skip(
            m,
            || format!("not yet in force on {} (from {})", q.date, m.from),
            false,
        );
        return None;
    }
    if let Some(to) = m.to
        && q.date > to
    {
        rec.skip(
            m,
            || format!("no longer in force on {} (last day {to})", q.date),
            false,
        );
        return None;
    }
    if !m.origin.is_empty() && !m.origin.contains(&q.origin) {
        rec.skip(
            m,
            || {
                format!(
                    "origin {} not covered (covers {})",
                    q.origin,
                    short_list(&m.origin)
                )
            },
            false,
        );
        return None;
    }
    if m.origin_not.contains(&q.origin) {
        rec.skip(m, || format!("origin {} is excluded", q.origin), false);
        return None;
    }
    let mut failed: Option<(&Cond, bool)> = None;
    for (c, must_hold) in m
        .when
        .iter()
        .map(|c| (c, true))
        .chain(m.unless.iter().map(|c| (c, false)))
    {
        let (holds, assumption) = cond_holds(c, &q.facts, explain);
        if let Some(a) = assumption {
            if explain {
                assumptions.push(a);
            }
            rec.hint(|| cond_hint(c));
        }
        if holds != must_hold {
            failed = Some((c, must_hold));
            break;
        }
    }
    if let Some((c, must_hold)) = failed {
        // An assumption that made a measure fail is still an assumption
        // the result rests on.
        for a in assumptions {
            push_unique(&mut rec.assumptions, a);
        }
        rec.skip(
            m,
            || {
                if must_hold {
                    format!("requires that {}", c.describe())
                } else {
                    format!("does not apply when {}", c.describe())
                }
            },
            false,
        );
        return None;
    }
    if m.status == Status::Unconfirmed && !q.include_unconfirmed {
        rec.skip(
            m,
            || "UNCONFIRMED measure: off by default (included only when unconfirmed measures are asked for)".into(),
            false,
        );
        rec.hint(|| {
            Hint::needs_option(
                Fact::Unconfirmed,
                "an unconfirmed measure may apply; it is left out unless unconfirmed measures are asked for",
            )
        });
        return None;
    }
    Some(Candidate { m, assumptions })
}
