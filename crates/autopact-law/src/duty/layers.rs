//! The layers of the duty stack: column 1 from the schedule, a measure's
//! layer on its base (simple or additional), and the fact conditions that
//! decide whether a measure applies. [`super::duty_stack`] orders and
//! totals them.

use super::*;
/// The id of the column-1 layer taken from the schedule (`us.mfn.87032301`):
/// under `us.mfn.*`, which preferences replace.
pub(super) fn schedule_id(r: &crate::schedule::Rated) -> String {
    format!("us.mfn.{}", r.rate_line_code().digits())
}

/// The column-1 layer of a U.S. line from the HTSUS, and its rate as a
/// percent of the value (the ad valorem equivalent for specific parts).
pub(super) fn schedule_layer(
    r: &crate::schedule::Rated,
    note: Option<&str>,
    q: &DutyQuery,
    explain: bool,
) -> Result<(Layer, Decimal), DutyError> {
    let g = r.general();
    let line = || r.rate_line_code().to_string();
    let exact = g.amount(q.value, q.quantity).map_err(|e| match e {
        RateError::NeedsQuantity { unit, .. } | RateError::MixedUnits(unit) => {
            DutyError::NeedsQuantity {
                line: line(),
                rate: g.text.clone(),
                unit,
            }
        }
        RateError::NotParsed(_) => DutyError::Column1NotReadable {
            line: line(),
            rate: g.text.clone(),
        },
        RateError::Overflow => DutyError::Overflow(q.value),
    })?;
    let amount = round_cents(exact);
    let ave = exact
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(q.value))
        .ok_or(DutyError::Overflow(q.value))?;
    let rate = if g.needs_quantity() {
        crate::money::round_dp(ave, 4)
    } else {
        ave
    };
    if !explain {
        return Ok((
            Layer::bare(schedule_id(r), LayerKind::Column1, q.value, rate, amount),
            ave,
        ));
    }
    let line = line();
    let mut notes = Vec::new();
    if let Some(n) = note {
        notes.push(n.to_string());
    }
    let arithmetic = if g.needs_quantity() {
        let qty = q.quantity.unwrap_or_default();
        notes.push(format!(
            "specific rate: ad valorem equivalent {}% at {} {}",
            fmt_pct(crate::money::round_pct(ave)),
            qty,
            g.quantity_unit().unwrap_or("")
        ));
        format!(
            "{} on value {} and quantity {} = {}",
            g,
            fmt_money(q.value),
            qty,
            fmt_money(amount)
        )
    } else {
        format!(
            "{}% × {} = {}",
            fmt_pct(ave),
            fmt_money(q.value),
            fmt_money(amount)
        )
    };
    let citation = format!(
        "HTSUS 2025 Basic Edition (USITC), {} column 1 general rate {}",
        line, g
    );
    let e = Explanation::new(format!("column 1 ({line})"), fmt_money(amount))
        .rule(format!("column-1 general rate {g}"))
        .citation(citation.clone())
        .input("HTS", q.hts.to_string())
        .base(format!("customs value {}", fmt_money(q.value)))
        .arithmetic(arithmetic);
    Ok((
        Layer {
            measure_id: schedule_id(r),
            name: format!("column 1 general rate {g}"),
            heading: Some(format!("HTSUS {line} col. 1")),
            citation,
            confidence: Confidence::OfficialText,
            unconfirmed: false,
            kind: LayerKind::Column1,
            base_kind: if g.needs_quantity() {
                "customs value and quantity".into()
            } else {
                "customs value".into()
            },
            base: q.value,
            rate,
            amount,
            note: (!notes.is_empty()).then(|| notes.join("; ")),
            assumptions: note.map(|n| vec![n.to_string()]).unwrap_or_default(),
            explanation: e,
        },
        ave,
    ))
}

/// Whether a fact condition holds, and (when `explain`) the assumption
/// made where the fact is not stated. The second value is `Some` exactly
/// when an assumption was made; without `explain` its text is empty.
pub(super) fn cond_holds(c: &Cond, f: &GoodFacts, explain: bool) -> (bool, Option<String>) {
    let text = |s: &dyn Fn() -> String| Some(if explain { s() } else { String::new() });
    match c {
        Cond::UsmcaQualifying => match f.usmca_qualifying {
            Some(b) => (b, None),
            None => (
                false,
                text(&|| {
                    "USMCA/CUSMA qualification not stated: assumed no preference is claimed".into()
                }),
            ),
        },
        Cond::UsContent => (f.us_content.is_some(), None),
        Cond::Remission => (f.remission, None),
        Cond::VehicleManufacturing => (f.vehicle_manufacturing, None),
        Cond::SteelContent => (f.steel_content.is_some(), None),
        Cond::AluminumContent => (f.aluminum_content.is_some(), None),
        Cond::MeltPour(c) => match &f.melt_pour {
            Some(x) => (x == c, None),
            None => (
                false,
                text(&|| format!("melt-and-pour country not stated: assumed not {c}")),
            ),
        },
        Cond::SmeltCast(c) => match &f.smelt_cast {
            Some(x) => (x == c, None),
            None => (
                false,
                text(&|| format!("smelt-and-cast country not stated: assumed not {c}")),
            ),
        },
        Cond::VehicleAgeAtLeast(y) => match f.vehicle_age_years {
            Some(a) => (a >= *y, None),
            None => (
                false,
                text(&|| format!("vehicle age not stated: assumed under {y} years")),
            ),
        },
        Cond::LoadedBefore(d) => match f.loaded_on {
            Some(l) => (l < *d, None),
            None => (
                false,
                text(&|| {
                    format!("date loaded for export not stated: assumed not in transit before {d}")
                }),
            ),
        },
        Cond::Listed(l) => (f.listed.iter().any(|x| x == l), None),
        Cond::MetalWeightAtMost(p) => match f.metal_weight_pct {
            Some(x) => (x <= *p, None),
            None => (
                false,
                text(&|| format!("metal share of weight not stated: assumed above {p}%")),
            ),
        },
    }
}

pub(super) fn fact_inputs(f: &GoodFacts) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let yn = |b: bool| if b { "yes" } else { "no" }.to_string();
    if let Some(b) = f.usmca_qualifying {
        v.push(("USMCA-qualifying".into(), yn(b)));
    }
    let money = [
        ("approved US content", f.us_content),
        ("Canadian + Mexican content", f.ca_mx_content),
        ("steel content", f.steel_content),
        ("aluminum content", f.aluminum_content),
        ("copper content", f.copper_content),
    ];
    for (k, x) in money {
        if let Some(x) = x {
            v.push((k.into(), fmt_money(x)));
        }
    }
    if let Some(c) = &f.melt_pour {
        v.push(("melted and poured in".into(), c.clone()));
    }
    if let Some(c) = &f.smelt_cast {
        v.push(("smelted and cast in".into(), c.clone()));
    }
    if let Some(qs) = f.quota {
        v.push(("quota".into(), format!("{qs:?}").to_lowercase()));
    }
    if f.remission {
        v.push(("remission claimed".into(), "yes".into()));
    }
    if f.vehicle_manufacturing {
        v.push(("for vehicle manufacturing".into(), "yes".into()));
    }
    if let Some(p) = f.metal_weight_pct {
        v.push(("metal share of weight".into(), format!("{}%", fmt_pct(p))));
    }
    if let Some(y) = f.vehicle_age_years {
        v.push(("vehicle age, years".into(), y.to_string()));
    }
    if let Some(d) = f.loaded_on {
        v.push(("loaded for export on".into(), d.to_string()));
    }
    if !f.listed.is_empty() {
        v.push(("stated to be on lists".into(), f.listed.join(", ")));
    }
    v
}

pub(super) fn heading_or_name(m: &Measure) -> String {
    m.heading.clone().unwrap_or_else(|| m.name.clone())
}

pub(super) fn short_list(v: &[String]) -> String {
    if v.len() > 6 {
        format!("{} … ({} countries)", v[..6].join(", "), v.len())
    } else {
        v.join(", ")
    }
}

pub(super) fn push_hint(v: &mut Vec<Hint>, h: Hint) {
    if !v.iter().any(|x| x.fact == h.fact) {
        v.push(h);
    }
}

/// The fact a condition asks about, as a hint.
pub(super) fn cond_hint(c: &Cond) -> Hint {
    let fact = match c {
        Cond::UsmcaQualifying => Fact::UsmcaClaim,
        Cond::UsContent => Fact::UsContent,
        Cond::Remission | Cond::VehicleManufacturing => Fact::VehicleManufacturing,
        Cond::MeltPour(_) => Fact::MeltPour,
        Cond::SmeltCast(_) => Fact::SmeltCast,
        Cond::MetalWeightAtMost(_) => Fact::MetalWeight,
        Cond::SteelContent => Fact::SteelContent,
        Cond::AluminumContent => Fact::AluminumContent,
        Cond::VehicleAgeAtLeast(_) => Fact::VehicleAge,
        Cond::LoadedBefore(_) => Fact::LoadedDate,
        Cond::Listed(_) => Fact::Listed,
    };
    Hint::missing(
        fact,
        format!("not stated: assumed that {} does not hold", c.describe()),
    )
}

pub(super) fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// Text built only when the stack is explained (a bulk computation of
/// amounts skips every string).
macro_rules! txt {
    ($on:expr, $($arg:tt)*) => {
        if $on { format!($($arg)*) } else { String::new() }
    };
}

pub(super) fn simple_layer(
    c: &Candidate,
    value: Decimal,
    q: &DutyQuery,
    column1: &mut Option<Decimal>,
    explain: bool,
) -> Layer {
    let m = c.m;
    let (rate, base) = match &m.rate {
        Rate::AdValorem { pct } => (*pct, value),
        _ => (Decimal::ZERO, value),
    };
    let amount = round_cents(pct_of(base, rate));
    if m.layer == LayerKind::Column1 || column1.is_none() {
        *column1 = Some(rate);
    }
    if !explain {
        return Layer::bare(m.id.clone(), m.layer, base, rate, amount)
            .marked(m.status == Status::Unconfirmed);
    }
    let title = format!("{} ({})", m.name, heading_or_name(m));
    let rule = match m.layer {
        LayerKind::Preference => "preference: column-1 duty replaced by a free rate".to_string(),
        _ => format!("{}% of the customs value", fmt_pct(rate)),
    };
    let mut e = Explanation::new(title, fmt_money(amount))
        .rule(rule)
        .citation(m.citation.clone())
        .input("HTS", q.hts.to_string())
        .base(format!("customs value {}", fmt_money(base)))
        .arithmetic(format!(
            "{}% × {} = {}",
            fmt_pct(rate),
            fmt_money(base),
            fmt_money(amount)
        ));
    for a in &c.assumptions {
        e = e.input("assumption", a.clone());
    }
    Layer {
        measure_id: m.id.clone(),
        name: m.name.clone(),
        heading: m.heading.clone(),
        citation: m.citation.clone(),
        confidence: m.confidence,
        unconfirmed: m.status == Status::Unconfirmed,
        kind: m.layer,
        base_kind: "customs value".into(),
        base,
        rate,
        amount,
        note: m.note.clone(),
        assumptions: c.assumptions.clone(),
        explanation: e,
    }
}

/// The base of a content-based rate: the content, which must be stated.
///
/// Why no default: a §232 metals duty falls on the metal content only
/// (the derivative's non-metal content bears the other duties), and a good
/// on both the steel and the aluminum list has two bases that together
/// never exceed its value. Taking the full value for an unstated content
/// charged such a good 50% + 50% = 100% of its value; the engine asks for
/// the content instead ([`DutyError::NeedsContent`]). Callers that price
/// trade in bulk state it from data (`autopact-link`: the line's metal
/// shares, flagged when imputed).
fn content_base(
    b: ContentBase,
    m: &Measure,
    q: &DutyQuery,
    rec: &mut Record,
) -> Result<(Decimal, String), DutyError> {
    let explain = rec.explain;
    let f = &q.facts;
    let mut stated = |v: Option<Decimal>, fact: Fact, what: &'static str| match v {
        Some(s) => Ok((s, txt!(explain, "{what} content"))),
        None => {
            rec.hint_always(Hint::missing(
                fact,
                format!(
                    "the value of the {what} content (the duty of {} falls on it)",
                    m.id
                ),
            ));
            Err(DutyError::NeedsContent {
                measure: m.id.clone(),
                heading: m.heading.clone().unwrap_or_default(),
                code: q.hts.clone(),
                content: what,
            })
        }
    };
    match b {
        ContentBase::NonUsContent => Ok((
            q.value - f.us_content.unwrap_or_default(),
            txt!(
                explain,
                "non-US content = {} − {}",
                fmt_money(q.value),
                fmt_money(f.us_content.unwrap_or_default())
            ),
        )),
        ContentBase::UsContent => Ok((
            f.us_content.unwrap_or_default(),
            txt!(explain, "approved US content"),
        )),
        ContentBase::SteelContent => stated(f.steel_content, Fact::SteelContent, "steel"),
        ContentBase::AluminumContent => {
            stated(f.aluminum_content, Fact::AluminumContent, "aluminum")
        }
        ContentBase::CopperContent => stated(f.copper_content, Fact::CopperContent, "copper"),
    }
}

/// How one additional layer charges: its rate, the base it falls on and,
/// when the stack is explained, the words for each.
struct Terms {
    rate: Decimal,
    base: Decimal,
    base_kind: String,
    rule: String,
    /// An intermediate step shown in the explanation (a cap's difference,
    /// a content floor).
    step: Option<String>,
}

/// What a rate kind may add to a layer's explanation besides its terms.
struct Extras {
    /// Whether the stack is explained (otherwise no text is built).
    explain: bool,
    heading: Option<String>,
    notes: Vec<String>,
    assumptions: Vec<String>,
}

/// The layer of an additional measure (every rate kind but the column-1
/// and relief ones): the terms of its rate kind, then the amount
/// round(rate × base) and, when explained, the explanation tree.
pub(super) fn additional_layer(
    c: &Candidate,
    q: &DutyQuery,
    column1: Option<Decimal>,
    taken: Decimal,
    taken_note: Option<String>,
    rec: &mut Record,
) -> Result<Layer, DutyError> {
    let m = c.m;
    let explain = rec.explain;
    let mut extras = Extras {
        explain,
        heading: m.heading.as_ref().filter(|_| explain).cloned(),
        notes: m.note.iter().filter(|_| explain).cloned().collect(),
        assumptions: c.assumptions.clone(),
    };
    extras.notes.extend(taken_note);
    let terms = match &m.rate {
        Rate::AdValorem { pct } => ad_valorem_terms(*pct, q.value, taken, explain),
        Rate::OnContent { pct, base } => on_content_terms(*pct, *base, m, q, rec)?,
        Rate::Free { base } => free_terms(*base, m, q, rec),
        Rate::Cap {
            total_pct,
            heading_none,
        } => cap_terms(
            *total_pct,
            heading_none.as_ref(),
            column1,
            m,
            q,
            taken,
            &mut extras,
        )?,
        Rate::Quota {
            in_pct,
            out_pct,
            out_heading,
        } => quota_terms(*in_pct, *out_pct, out_heading, q, &mut extras),
        Rate::CaContent { pct, floor_pct } => ca_content_terms(*pct, *floor_pct, q, &mut extras),
        Rate::Remission { .. } => unreachable!("relief layers are handled by the caller"),
        Rate::Unstated { .. } => {
            unreachable!("unstated rates are column-1 rates (checked when read)")
        }
    };
    let amount = round_cents(pct_of(terms.base, terms.rate));
    if !explain {
        return Ok(
            Layer::bare(m.id.clone(), m.layer, terms.base, terms.rate, amount)
                .marked(m.status == Status::Unconfirmed),
        );
    }
    Ok(explained_layer(m, terms, amount, extras))
}

/// The base left after content taxed first by an earlier layer, in words.
fn remaining_value_kind(value: Decimal, taken: Decimal, explain: bool) -> String {
    if !explain {
        String::new()
    } else if taken.is_zero() {
        "customs value".to_string()
    } else {
        format!(
            "customs value less content taxed first ({} − {})",
            fmt_money(value),
            fmt_money(taken)
        )
    }
}

/// `pct` of the customs value less any content an earlier layer taxed.
fn ad_valorem_terms(pct: Decimal, value: Decimal, taken: Decimal, explain: bool) -> Terms {
    Terms {
        rate: pct,
        base: value - taken,
        base_kind: remaining_value_kind(value, taken, explain),
        rule: txt!(explain, "{}% ad valorem", fmt_pct(pct)),
        step: None,
    }
}

/// `pct` of a content (metal, non-US), which must be stated.
fn on_content_terms(
    pct: Decimal,
    base: ContentBase,
    m: &Measure,
    q: &DutyQuery,
    rec: &mut Record,
) -> Result<Terms, DutyError> {
    let (b, kind) = content_base(base, m, q, rec)?;
    Ok(Terms {
        rate: pct,
        base: b,
        base_kind: kind,
        rule: txt!(rec.explain, "{}% of the {}", fmt_pct(pct), base.describe()),
        step: None,
    })
}

/// A free line: reported, owing nothing. An unstated content is not asked
/// for here (it would change nothing); the customs value stands in.
fn free_terms(base: Option<ContentBase>, m: &Measure, q: &DutyQuery, rec: &mut Record) -> Terms {
    let explain = rec.explain;
    let (b, kind) = match base {
        Some(cb) => {
            content_base(cb, m, q, rec).unwrap_or((q.value, txt!(explain, "customs value")))
        }
        None => (q.value, txt!(explain, "customs value")),
    };
    Terms {
        rate: Decimal::ZERO,
        base: b,
        base_kind: kind,
        rule: txt!(
            explain,
            "free (0%) line: the good is reported here and owes nothing under it"
        ),
        step: None,
    }
}

/// An all-in cap: additional = max(0, cap − column-1 rate).
fn cap_terms(
    total_pct: Decimal,
    heading_none: Option<&String>,
    column1: Option<Decimal>,
    m: &Measure,
    q: &DutyQuery,
    taken: Decimal,
    extras: &mut Extras,
) -> Result<Terms, DutyError> {
    let explain = extras.explain;
    let Some(column1) = column1 else {
        return Err(DutyError::CapNeedsColumn1 {
            measure: m.id.clone(),
            cap: total_pct,
            code: q.hts.clone(),
        });
    };
    let add = (total_pct - column1).max(Decimal::ZERO);
    if explain
        && add.is_zero()
        && let Some(h) = heading_none
    {
        extras.heading = Some(h.clone());
    }
    Ok(Terms {
        rate: add,
        base: q.value - taken,
        base_kind: remaining_value_kind(q.value, taken, explain),
        rule: txt!(
            explain,
            "all-in cap {}%: additional = max(0, {}% − column-1 {}%)",
            fmt_pct(total_pct),
            fmt_pct(total_pct),
            fmt_pct(column1)
        ),
        step: explain.then(|| {
            format!(
                "max(0, {} − {}) = {}%",
                fmt_pct(total_pct),
                fmt_pct(column1),
                fmt_pct(add)
            )
        }),
    })
}

/// A tariff-rate quota: the in-quota or the over-quota rate on the customs
/// value; an unstated status is assumed over the quota, and said.
fn quota_terms(
    in_pct: Decimal,
    out_pct: Decimal,
    out_heading: &str,
    q: &DutyQuery,
    extras: &mut Extras,
) -> Terms {
    let explain = extras.explain;
    let status = q.facts.quota.unwrap_or_else(|| {
        if explain {
            extras
                .assumptions
                .push("quota status not stated: assumed over the quota".into());
        }
        QuotaStatus::Out
    });
    let (rate, rule) = match status {
        QuotaStatus::In => (in_pct, txt!(explain, "in-quota rate {}%", fmt_pct(in_pct))),
        QuotaStatus::Out => {
            if explain {
                extras.heading = Some(out_heading.to_string());
            }
            (
                out_pct,
                txt!(
                    explain,
                    "over-quota rate {}% ({out_heading})",
                    fmt_pct(out_pct)
                ),
            )
        }
    };
    Terms {
        rate,
        base: q.value,
        base_kind: txt!(explain, "customs value"),
        rule,
        step: None,
    }
}

/// Canada's surtax on non-CUSMA content: `pct` × (A − B), B = max(claimed
/// Canadian/Mexican content, `floor_pct` × A).
fn ca_content_terms(pct: Decimal, floor_pct: Decimal, q: &DutyQuery, extras: &mut Extras) -> Terms {
    let explain = extras.explain;
    let a = q.value;
    let floor = pct_of(a, floor_pct);
    let claimed = q.facts.ca_mx_content;
    let b = match claimed {
        Some(x) if x > floor => x,
        Some(x) => {
            if explain {
                extras.notes.push(format!(
                    "claimed Canadian/Mexican content {} does not exceed {}% of A ({}): B = {}",
                    fmt_money(x),
                    fmt_pct(floor_pct),
                    fmt_money(floor),
                    fmt_money(floor)
                ));
            }
            floor
        }
        None => floor,
    };
    Terms {
        rate: pct,
        base: a - b,
        base_kind: txt!(explain, "A − B = {} − {}", fmt_money(a), fmt_money(b)),
        rule: txt!(
            explain,
            "{}% × (A − B), B = max(claimed CA+MX content, {}% × A)",
            fmt_pct(pct),
            fmt_pct(floor_pct)
        ),
        step: explain.then(|| {
            format!(
                "B = max({}, {}% × {}) = {}",
                claimed.map(fmt_money).unwrap_or_else(|| "no claim".into()),
                fmt_pct(floor_pct),
                fmt_money(a),
                fmt_money(b)
            )
        }),
    }
}

/// The full layer with its explanation tree.
fn explained_layer(m: &Measure, terms: Terms, amount: Decimal, extras: Extras) -> Layer {
    let Terms {
        rate,
        base,
        base_kind,
        rule,
        step,
    } = terms;
    let Extras {
        explain: _,
        heading,
        notes,
        assumptions,
    } = extras;
    let mut e = Explanation::new(
        format!(
            "{} ({})",
            m.name,
            heading.clone().unwrap_or_else(|| m.name.clone())
        ),
        fmt_money(amount),
    )
    .rule(rule)
    .citation(m.citation.clone())
    .base(format!("{base_kind} = {}", fmt_money(base)));
    if let Some(x) = step {
        e = e.input("step", x);
    }
    for a in &assumptions {
        e = e.input("assumption", a.clone());
    }
    if m.confidence != Confidence::OfficialText {
        e = e.input("confidence", m.confidence.as_str());
    }
    if m.status == Status::Unconfirmed {
        e = e.input("status", "UNCONFIRMED (included on request)");
    }
    e = e.arithmetic(format!(
        "{}% × {} = {}",
        fmt_pct(rate),
        fmt_money(base),
        fmt_money(amount)
    ));
    Layer {
        measure_id: m.id.clone(),
        name: m.name.clone(),
        heading,
        citation: m.citation.clone(),
        confidence: m.confidence,
        unconfirmed: m.status == Status::Unconfirmed,
        kind: m.layer,
        base_kind,
        base,
        rate,
        amount,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
        assumptions,
        explanation: e,
    }
}
