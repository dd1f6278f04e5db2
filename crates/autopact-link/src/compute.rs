//! Lines → duty stacks → sector and measure totals.

use std::collections::BTreeMap;

use autopact_law::duty::{
    DutyAmounts, DutyError, DutyQuery, GoodFacts, duty_amounts, duty_amounts_in_scope, duty_stack,
};
use autopact_law::measure::{Measure, id_matches};
use autopact_law::money::round_cents;
use autopact_law::{HsCode, LawDb};
use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::types::*;

/// The law with the measures the assumptions switch off removed. A
/// pattern that matches no measure of the data is an error (a typo would
/// otherwise silently change nothing).
pub fn restrict_law(db: &LawDb, off: &[String]) -> Result<LawDb, LinkError> {
    let mut out = db.clone();
    for p in off {
        if !db.measures.iter().any(|m| id_matches(p, &m.id)) {
            return Err(LinkError::field(
                LinkField::MeasureOff,
                format!(
                    "measure {p:?} switched off is not in the law data (ids look like us.ieepa.ca.general or us.232.*)"
                ),
            ));
        }
        out.measures.retain(|m| !id_matches(p, &m.id));
    }
    Ok(out)
}

/// The column-1 rate of a line from the schedule.
#[derive(Debug, Clone, Copy)]
enum Column1 {
    /// Not from the schedule (none given, or the line is not rated there):
    /// the law data's own column-1 measures, if any.
    Law,
    /// An ad-valorem percent (0 for Free); `partial` when a specific part
    /// of the rate is left out.
    Pct {
        pct: Decimal,
        partial: bool,
        usmca_free: bool,
    },
    /// Only specific parts (no percent): left out.
    SpecificOnly { usmca_free: bool },
}

/// The column-1 rate of a line, and whether it is a quota line's
/// in-quota rate taken for a proxy line.
///
/// Why in-quota for proxies: a proxy spreads a partner's sector imports
/// over the lines Canada and Mexico used, so it can put value on an
/// over-quota line (tobacco 2401.10.65 at 350%) the partner may never
/// have entered over quota; the in-quota rate is the one most of such
/// trade pays unless the quota is known to be filled, and the line is
/// flagged `trq-in-quota`.
fn column1_of(input: &WedgeInput, hts: &HsCode, origin: &str, proxy: bool) -> (Column1, bool) {
    let Some(s) = input.schedule else {
        return (Column1::Law, false);
    };
    let rated = s.rated(hts).or_else(|| {
        let d = hts.digits();
        (d.len() > 8)
            .then(|| HsCode::parse(&d[..8]).ok())
            .flatten()
            .and_then(|c| s.rated(&c))
    });
    let Some(mut r) = rated else {
        return (Column1::Law, false);
    };
    let mut in_quota = false;
    if proxy && let Some(q) = s.in_quota_line(r.code()) {
        r = q;
        in_quota = true;
    }
    (column1_kind(s, r, origin), in_quota)
}

fn column1_kind(
    s: &autopact_law::schedule::Schedule,
    r: autopact_law::schedule::Rated<'_>,
    origin: &str,
) -> Column1 {
    use autopact_law::schedule::RateKind;
    // A USMCA tariff-rate quota ("See 9823…") frees the USMCA part only
    // for goods of Mexico where the quota says so; otherwise the part is
    // taken to be over the quota (the trade data hold no quota status),
    // as `duty` takes it: column 1.
    let usmca_free = r.usmca().is_some_and(|u| match u.trq() {
        Some(range) => origin == "MX" && s.trq_free_for_mexico(range),
        None => u.rate.kind() == RateKind::Free,
    });
    let g = r.general();
    match g.kind() {
        RateKind::Free => Column1::Pct {
            pct: Decimal::ZERO,
            partial: false,
            usmca_free,
        },
        RateKind::AdValorem => Column1::Pct {
            pct: g.ad_valorem_pct.unwrap_or_default(),
            partial: false,
            usmca_free,
        },
        RateKind::Compound => Column1::Pct {
            pct: g.ad_valorem_pct.unwrap_or_default(),
            partial: true,
            usmca_free,
        },
        RateKind::Specific => Column1::SpecificOnly { usmca_free },
        RateKind::Other => Column1::Law,
    }
}

struct Part {
    duty: Decimal,
    by_measure: Vec<(String, Decimal)>,
    no_column1: bool,
    unconfirmed: bool,
}

#[allow(clippy::too_many_arguments)]
fn stack_part(
    db: &LawDb,
    input: &WedgeInput,
    hts: &HsCode,
    line: &TradeLine,
    info: Option<&LineInfo>,
    value: Decimal,
    qualifying: bool,
    col1: Column1,
    mode: StackMode,
    in_scope: bool,
) -> Result<Part, LinkError> {
    let a = &input.assumptions;
    let mut facts = GoodFacts {
        usmca_qualifying: Some(qualifying),
        ..GoodFacts::default()
    };
    // The metal contents are always stated (the law engine asks for a
    // content a duty falls on): value × the line's shares, or 0 where no
    // share is known or the user turned them off — flagged and counted,
    // so a duty left out is never silent.
    let (steel, aluminum, copper) = match info {
        Some(i) if a.metal_content && i.metal_known => (i.steel, i.aluminum, i.copper),
        _ => (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
    };
    // Shares rounded to 10⁻⁶ may sum a hair above 1: each content is
    // capped at the value the others leave.
    let steel = round_cents(value * steel).min(value);
    let aluminum = round_cents(value * aluminum).min(value - steel);
    let copper = round_cents(value * copper).min(value - steel - aluminum);
    facts.steel_content = Some(steel);
    facts.aluminum_content = Some(aluminum);
    facts.copper_content = Some(copper);
    if qualifying {
        facts.us_content = Some(round_cents(value * a.us_content_share));
    }
    let q = DutyQuery {
        importer: input_importer_country(&input.importer),
        date: input.date,
        hts: hts.clone(),
        origin: line.origin.clone(),
        value,
        facts,
        column1_rate: match col1 {
            // USMCA-qualifying goods of an S/S+ line: the law's preference
            // measure frees column 1.
            Column1::Pct {
                usmca_free: true, ..
            }
            | Column1::SpecificOnly { usmca_free: true }
                if qualifying =>
            {
                None
            }
            Column1::Pct { pct, .. } => Some(pct),
            // A specific rate without quantities: its ad-valorem part is 0.
            Column1::SpecificOnly { .. } => Some(Decimal::ZERO),
            Column1::Law => None,
        },
        quantity: None,
        include_unconfirmed: a.include_unconfirmed,
        beyond_as_of: input.beyond_as_of,
    };
    // The law's own column 1 (the built-in schedule) when the line's rate
    // is not read there: computed without column 1, and flagged.
    let mut col1_missing = false;
    let s = match stack(db, &q, mode, in_scope) {
        Err(
            DutyError::UnknownCode { .. }
            | DutyError::Column1NotReadable { .. }
            | DutyError::NeedsQuantity { .. },
        ) if q.column1_rate.is_none() => {
            col1_missing = true;
            stack(
                db,
                &DutyQuery {
                    column1_rate: Some(Decimal::ZERO),
                    ..q.clone()
                },
                mode,
                in_scope,
            )
        }
        r => r,
    }
    .map_err(|error| LinkError::Law {
        hts10: line.hts10.clone(),
        origin: line.origin.clone(),
        error: Box::new(error),
    })?;
    Ok(Part {
        duty: s.total,
        by_measure: s
            .layers
            .into_iter()
            .map(|l| {
                // The schedule's column-1 rate enters as the engine's
                // user-asserted rate; name it for what it is.
                let id = if l.measure_id == "user.column1" {
                    "us.column1.schedule".to_string()
                } else {
                    l.measure_id
                };
                (id, l.amount)
            })
            .collect(),
        no_column1: col1_missing || s.column1_missing,
        unconfirmed: s.unconfirmed_used,
    })
}

/// How each line's duty stack is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StackMode {
    /// [`autopact_law::duty::duty_amounts`]: the amounts alone (the default).
    #[default]
    Bulk,
    /// [`autopact_law::duty::duty_stack`] with its explanation, reduced to
    /// the same amounts (to check the bulk mode against it).
    Full,
}

fn stack(
    db: &LawDb,
    q: &DutyQuery,
    mode: StackMode,
    in_scope: bool,
) -> Result<DutyAmounts, DutyError> {
    match mode {
        StackMode::Bulk if in_scope => duty_amounts_in_scope(db, q),
        StackMode::Bulk => duty_amounts(db, q),
        StackMode::Full => duty_stack(db, q).map(|s| DutyAmounts {
            column1_missing: s.warnings.iter().any(|w| w.starts_with("no column-1")),
            unconfirmed_used: !s.unconfirmed_used.is_empty(),
            total: s.total,
            effective_rate: s.effective_rate,
            layers: s
                .layers
                .into_iter()
                .map(|l| autopact_law::duty::LayerAmount {
                    measure_id: l.measure_id,
                    kind: l.kind,
                    amount: l.amount,
                    unconfirmed: l.unconfirmed,
                })
                .collect(),
        }),
    }
}

/// The importer's ISO alpha-2 code (a table region that is no country is
/// kept as it is).
fn input_importer_country(importer: &str) -> String {
    autopact_law::country::alpha2(importer)
        .unwrap_or(importer)
        .to_string()
}

fn line_row(
    (db, in_scope): (&LawDb, bool),
    input: &WedgeInput,
    line: &TradeLine,
    mode: StackMode,
) -> Result<LineRow, LinkError> {
    if line.value < Decimal::ZERO || line.usmca_value < Decimal::ZERO {
        return Err(LinkError::field(
            LinkField::Weights,
            format!("HTS {} from {}: negative value", line.hts10, line.origin),
        ));
    }
    if line.usmca_value > line.value {
        return Err(LinkError::field(
            LinkField::Weights,
            format!(
                "HTS {} from {}: USMCA value {} exceeds the value {}",
                line.hts10, line.origin, line.usmca_value, line.value
            ),
        ));
    }
    let mirror = is_mirror(input, line);
    let code = law_code(input, line);
    let hts = HsCode::parse(code).map_err(|e| {
        LinkError::field(
            LinkField::Weights,
            format!("HTS {} from {}: {e}", line.hts10, line.origin),
        )
    })?;
    let info = input.line_info.get(&line.hts10);
    let sector = info
        .and_then(|i| i.gtap.as_ref())
        .and_then(|g| input.sector_of_gtap.get(g))
        .cloned();
    let exporter = line
        .region
        .clone()
        .or_else(|| input.region_of_origin.get(&line.origin).cloned())
        .ok_or_else(|| {
            LinkError::field(
                LinkField::Weights,
                format!(
                    "origin {} of HTS {} has no region in the table",
                    line.origin, line.hts10
                ),
            )
        })?;
    let usmca = match input.assumptions.usmca_claim_share {
        None => line.usmca_value,
        Some(s) if matches!(line.origin.as_str(), "CA" | "MX") => round_cents(line.value * s),
        Some(_) => Decimal::ZERO,
    };
    let non = line.value - usmca;
    let (col1, in_quota) = column1_of(input, &hts, &line.origin, line.proxy && !mirror);
    let mut parts = Vec::new();
    let mut specific = false;
    for (v, q) in [(usmca, true), (non, false)] {
        if v > Decimal::ZERO {
            parts.push(stack_part(
                db, input, &hts, line, info, v, q, col1, mode, in_scope,
            )?);
            specific |= match col1 {
                Column1::Pct {
                    partial,
                    usmca_free,
                    ..
                } => partial && !(q && usmca_free),
                Column1::SpecificOnly { usmca_free } => !(q && usmca_free),
                Column1::Law => false,
            };
        }
    }
    let duty: Decimal = parts.iter().map(|p| p.duty).sum();
    let mut by_measure: Vec<(String, Decimal)> = Vec::new();
    for p in &parts {
        for (id, amt) in &p.by_measure {
            match by_measure.iter_mut().find(|(i, _)| i == id) {
                Some(e) => e.1 += *amt,
                None => by_measure.push((id.clone(), *amt)),
            }
        }
    }
    let mut flags = Vec::new();
    if mirror {
        flags.push("mirror-proxy".to_string());
    } else if line.proxy {
        flags.push("proxy".to_string());
    }
    if in_quota {
        flags.push("trq-in-quota".to_string());
    }
    if is_repair_line(&line.hts10) && !duty.is_zero() {
        flags.push("value-of-repairs".to_string());
    }
    if sector.is_none() {
        flags.push("unmapped".into());
    }
    if parts.iter().any(|p| p.no_column1) {
        flags.push("no-column1".into());
    }
    if specific {
        flags.push("specific-rate".into());
    }
    if info.is_none_or(|i| !i.metal_known) {
        flags.push("no-metal-share".into());
    } else if info.is_some_and(|i| i.metal_from.starts_with("bea")) {
        flags.push("metal-share-imputed".into());
    }
    if parts.iter().any(|p| p.unconfirmed) {
        flags.push("unconfirmed".into());
    }
    if let Some(c) = &line.claim
        && input.assumptions.usmca_claim_share.is_none()
    {
        flags.push(c.why.flag().into());
    }
    Ok(LineRow {
        hts10: line.hts10.clone(),
        origin: line.origin.clone(),
        exporter,
        sector,
        value: line.value,
        usmca_value: usmca,
        usmca_value_recorded: line.claim.map_or(line.usmca_value, |c| c.recorded),
        duty,
        effective_rate: ratio(duty, line.value),
        measures: by_measure
            .iter()
            .filter(|(_, a)| !a.is_zero())
            .map(|(i, _)| i.clone())
            .collect(),
        flags,
        by_measure,
    })
}

/// Goods returned after repairs, alterations or processing abroad
/// (9802.00.40, .50, .60, .80): their duty falls on the value of the
/// repairs or of the foreign processing, which the trade data (customs
/// value of the whole good) do not give.
fn is_repair_line(hts10: &str) -> bool {
    ["98020040", "98020050", "98020060", "98020080"]
        .iter()
        .any(|p| hts10.starts_with(p))
}

/// A mirror-proxy line: a US HTS10 line standing for a Canadian or
/// Mexican import.
fn is_mirror(input: &WedgeInput, line: &TradeLine) -> bool {
    line.proxy && input.importer != "US"
}

/// The code the law is asked about: the line's own, or for a mirror-proxy
/// line its 6-digit HS subheading (the three countries share HS6; US
/// national items are never used for a Canadian or Mexican import).
fn law_code<'l>(input: &WedgeInput, line: &'l TradeLine) -> &'l str {
    if is_mirror(input, line) {
        line.hts10.get(..6).unwrap_or(&line.hts10)
    } else {
        &line.hts10
    }
}

/// part ÷ whole, 0 where the whole is 0, to 10 decimal places.
pub fn share_of(part: Decimal, whole: Decimal) -> Decimal {
    ratio(part, whole)
}

/// duty ÷ value, 0 where the value is 0, to 10 decimal places.
pub(crate) fn ratio(duty: Decimal, value: Decimal) -> Decimal {
    if value.is_zero() {
        Decimal::ZERO
    } else {
        (duty / value).round_dp(10)
    }
}

const FLAG_MEANINGS: &[(&str, &str)] = &[
    (
        "proxy",
        "value is a proxy: the partner group's 2024 GTAP-sector imports spread over the sector's lines in proportion to Canada's and Mexico's imports of the month",
    ),
    (
        "mirror-proxy",
        "value is a mirror proxy: the table's flow to the importer in the line's sector spread over the importer's own exports to the US in that sector (see the proxy notes); the law is applied on the 6-digit HS subheading",
    ),
    (
        "unmapped",
        "no concordance maps the line to a table sector: its value and duty are in no sector wedge",
    ),
    (
        "no-column1",
        "the law data have no column-1 (MFN) rate for the line, or its rate is text autopact does not read as a rate (a rate on a part of the good, a sliding scale): column-1 duty is NOT included",
    ),
    (
        "no-metal-share",
        "no metal-content share for the line or its siblings: its steel, aluminum and copper content are taken as 0, so §232 duties on metal content are NOT included",
    ),
    (
        "metal-share-imputed",
        "the line has no metal shares of its own: those of the BEA commodity of its HS8/HS6/HS4 siblings are used",
    ),
    (
        "specific-rate",
        "the line's column-1 rate has a specific part (per kg, per unit, …) and the data have no quantities: only its ad-valorem part is included",
    ),
    ("unconfirmed", "an unconfirmed measure was used"),
    (
        "value-of-repairs",
        "goods returned after repairs or processing abroad (9802.00.40/.50/.60/.80): the law taxes the value of the repairs or foreign processing, the data give the whole good's value, so the duty is an upper bound",
    ),
    (
        "trq-in-quota",
        "a proxy line on the over-quota line of a tariff-rate quota: the in-quota line's column-1 rate is used (the proxy invents the line's value; the quota is not known to be filled)",
    ),
    (
        "claim-corrected",
        "USMCA claim raised to the line's 2025-07…09 share: the 2025-03…06 records missed claims entered under chapter 99 provisions (see the claims notes; --raw-claims uses the records)",
    ),
    (
        "claim-assumed",
        "entered on monthly entries without a program indicator (pipeline gas, electricity): treated as USMCA-qualifying (--raw-claims uses the records)",
    ),
];

/// The law restricted, per HTS code, to the measures whose scope holds
/// it. Why: the duty stack considers every measure of the importer and
/// writes a "not applied: outside scope" record for each, which dominates
/// its cost on a line; measures outside a line's scope can neither apply
/// nor win a stacking rule, so the restricted law gives the same layers
/// and total (the unit tests and the CLI oracle check the results).
struct ScopedLaw<'a> {
    full: &'a LawDb,
    dbs: Vec<LawDb>,
    of_line: std::collections::HashMap<&'a str, usize>,
}

impl<'a> ScopedLaw<'a> {
    /// With `strip_scopes` (bulk mode, US imports) the restricted copies
    /// carry every-goods scopes instead of the measures' code lists: each
    /// copy is used only for codes its measures hold (the bulk mode skips
    /// the scope test), and copying lists of hundreds of codes per
    /// signature is most of the set-up cost. Canadian and Mexican imports
    /// keep them (their code check reads the measures' national items).
    fn new(law: &'a LawDb, input: &'a WedgeInput, strip_scopes: bool) -> Self {
        let importer = input_importer_country(&input.importer);
        // In bulk mode only the measures in force on the date: one not in
        // force is never a candidate and so cannot change an amount (the
        // full mode keeps them, to record why they did not apply).
        let mine: Vec<usize> = (0..law.measures.len())
            .filter(|&i| law.measures[i].importer == importer)
            .filter(|&i| !strip_scopes || law.measures[i].in_force(input.date))
            .collect();
        let mut codes: Vec<&str> = input.lines.iter().map(|l| law_code(input, l)).collect();
        codes.sort_unstable();
        codes.dedup();
        // Once per heading (4 digits): the measures that can hold a code
        // of it; then each code is matched against those alone.
        let mut by_heading: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for c in &codes {
            if c.len() >= 4 && c.is_char_boundary(4) {
                by_heading.entry(&c[..4]).or_insert_with(|| {
                    mine.iter()
                        .copied()
                        .filter(|&i| may_hold_heading(&law.measures[i].scope, &c[..4]))
                        .collect()
                });
            }
        }
        let sigs: Vec<Option<Vec<usize>>> = codes
            .par_iter()
            .map(|c| {
                let code = HsCode::parse(c).ok()?;
                let near = by_heading.get(&code.digits()[..4])?;
                let sig: Vec<usize> = near
                    .iter()
                    .copied()
                    .filter(|&i| law.measures[i].scope.contains(&code))
                    .collect();
                (!sig.is_empty()).then_some(sig)
            })
            .collect();
        let mut index: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
        let mut dbs = Vec::new();
        let mut of_line = std::collections::HashMap::new();
        for (c, sig) in codes.iter().zip(sigs) {
            let Some(sig) = sig else { continue };
            let k = *index.entry(sig.clone()).or_insert_with(|| {
                dbs.push(LawDb {
                    measures: sig
                        .iter()
                        .map(|&i| {
                            let m = &law.measures[i];
                            if strip_scopes {
                                Measure {
                                    scope: autopact_law::hts::Scope {
                                        include: Vec::new().into(),
                                        all: true,
                                        exclude: Vec::new().into(),
                                    },
                                    ..m.clone()
                                }
                            } else {
                                m.clone()
                            }
                        })
                        .collect(),
                    ..law.clone_without_measures()
                });
                dbs.len() - 1
            });
            of_line.insert(*c, k);
        }
        ScopedLaw {
            full: law,
            dbs,
            of_line,
        }
    }

    /// The law for a line's code, and whether every measure of it holds
    /// the code (false for the full law, used when no measure does).
    fn for_line(&self, code: &str) -> (&LawDb, bool) {
        self.of_line
            .get(code)
            .map_or((self.full, false), |&k| (&self.dbs[k], true))
    }
}

/// Whether a scope can hold a code of the 4-digit heading `h` (a necessary
/// condition, checked once per heading before each code is matched).
fn may_hold_heading(scope: &autopact_law::hts::Scope, h: &str) -> bool {
    use autopact_law::hts::ScopeItem;
    fn item(it: &ScopeItem, h: &str) -> bool {
        match it {
            ScopeItem::Code(c) => c.digits().get(..4) == Some(h),
            ScopeItem::Range(lo, hi) => {
                let (l, u) = (&lo.digits()[..4], &hi.digits()[..4]);
                l <= h && h <= u
            }
            ScopeItem::Ex(inner, _) => item(inner, h),
        }
    }
    scope.all || scope.include.iter().any(|it| item(it, h))
}

trait CloneWithoutMeasures {
    fn clone_without_measures(&self) -> LawDb;
}

impl CloneWithoutMeasures for LawDb {
    fn clone_without_measures(&self) -> LawDb {
        LawDb {
            as_of: self.as_of,
            source: self.source.clone(),
            duty_from: self.duty_from,
            roo_from: self.roo_from,
            groups: self.groups.clone(),
            measures: Vec::new(),
            rules: self.rules.clone(),
        }
    }
}

/// Computes line, sector and measure wedges (each line's duty by the
/// law engine's bulk mode, [`autopact_law::duty::duty_amounts`]).
pub fn compute(db: &LawDb, input: &WedgeInput) -> Result<Wedges, LinkError> {
    compute_in(db, input, StackMode::Bulk)
}

/// [`compute`] with the duty stacks computed in the given mode: both modes
/// give the same wedges (tested on every line × origin of a month).
pub fn compute_in(db: &LawDb, input: &WedgeInput, mode: StackMode) -> Result<Wedges, LinkError> {
    let law = restrict_law(db, &input.assumptions.measures_off)?;
    let scoped = ScopedLaw::new(
        &law,
        input,
        mode == StackMode::Bulk && input.importer == "US",
    );
    let lines: Vec<LineRow> = input
        .lines
        .par_iter()
        .map(|l| line_row(scoped.for_line(law_code(input, l)), input, l, mode))
        .collect::<Result<_, _>>()?;

    // Sector totals: exact decimal sums of the line rows. Regions, sectors
    // and measure ids are looked up once through hash maps (a line row is
    // summed into its sector and each of its measures).
    let region_of: std::collections::HashMap<&str, usize> = input
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let sector_of: std::collections::HashMap<&str, usize> = input
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut sec: std::collections::HashMap<(usize, usize), SectorRow> =
        std::collections::HashMap::new();
    let mut meas: std::collections::HashMap<(usize, usize, &str), MeasureRow> =
        std::collections::HashMap::new();
    for l in &lines {
        let Some(&ri) = region_of.get(l.exporter.as_str()) else {
            return Err(LinkError::Input(format!(
                "region {} is not a region of the table",
                l.exporter
            )));
        };
        let si = match &l.sector {
            Some(s) => *sector_of.get(s.as_str()).ok_or_else(|| {
                LinkError::Input(format!(
                    "sector {s} of the concordance is not a sector of the table"
                ))
            })?,
            None => usize::MAX,
        };
        for (id, amt) in &l.by_measure {
            let e = meas
                .entry((ri, si, id.as_str()))
                .or_insert_with(|| MeasureRow {
                    exporter: l.exporter.clone(),
                    sector: l.sector.clone(),
                    measure_id: id.clone(),
                    value: Decimal::ZERO,
                    duty: Decimal::ZERO,
                    lines: 0,
                });
            e.value += l.value;
            e.duty += *amt;
            e.lines += 1;
        }
        let Some(s) = &l.sector else { continue };
        let e = sec.entry((ri, si)).or_insert_with(|| SectorRow {
            importer: input.importer_region.clone(),
            exporter: l.exporter.clone(),
            sector: s.clone(),
            value: Decimal::ZERO,
            duty: Decimal::ZERO,
            rate: Decimal::ZERO,
            lines: 0,
            proxy: false,
            proxy_value: Decimal::ZERO,
        });
        e.value += l.value;
        e.duty += l.duty;
        e.lines += 1;
        if l.flags.iter().any(|f| f == "proxy" || f == "mirror-proxy") {
            e.proxy = true;
            e.proxy_value += l.value;
        }
    }
    // Table order: regions × sectors; measures by exporter, sector
    // (unmapped last), then id.
    let mut sec: Vec<((usize, usize), SectorRow)> = sec.into_iter().collect();
    sec.sort_unstable_by_key(|(k, _)| *k);
    let mut sectors: Vec<SectorRow> = sec.into_iter().map(|(_, r)| r).collect();
    for s in &mut sectors {
        s.rate = ratio(s.duty, s.value);
    }
    let mut meas: Vec<((usize, usize, &str), MeasureRow)> = meas.into_iter().collect();
    meas.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let measures = meas.into_iter().map(|(_, r)| r).collect();

    // Each flag's lines and value, in one pass over the lines.
    let mut counted: std::collections::HashMap<&str, (usize, Decimal)> =
        std::collections::HashMap::new();
    for l in &lines {
        for f in &l.flags {
            let e = counted.entry(f.as_str()).or_default();
            e.0 += 1;
            e.1 += l.value;
        }
    }
    let mut flags = Vec::new();
    for (id, meaning) in FLAG_MEANINGS {
        let (n, v) = counted.get(id).copied().unwrap_or_default();
        if n > 0 {
            flags.push(Flag {
                id: (*id).into(),
                meaning: (*meaning).into(),
                lines: n,
                value: v,
            });
        }
    }
    Ok(Wedges {
        importer: input.importer_region.clone(),
        date: input.date,
        law_as_of: law.as_of,
        weights: input.weights_label.clone(),
        lines,
        sectors,
        measures,
        assumptions: input.assumptions.describe(),
        flags,
    })
}
