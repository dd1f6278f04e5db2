//! Labels to indices, rates, tariff specs, and the metadata every
//! table-derived result carries.

use std::fmt;

use anyhow::{Context as _, Result, bail};
use autopact_mrio::{AppliesTo, Leontief, Mrio, Precision, TariffWedge};

/// The input field an error is about: displayed as the CLI flag
/// (`--exporter`), read by the API as the JSON field (`exporter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name in snake_case.
    pub name: &'static str,
    /// The offending value, when worth repeating.
    pub value: Option<String>,
}

impl Field {
    /// The field `name`.
    pub fn new(name: &'static str) -> Self {
        Field { name, value: None }
    }

    /// The field `name` with its value `value`.
    pub fn with(name: &'static str, value: impl fmt::Display) -> Self {
        Field {
            name,
            value: Some(value.to_string()),
        }
    }

    /// The first field named in an error chain.
    pub fn of(e: &anyhow::Error) -> Option<&Field> {
        // anyhow looks through every layer of context for the type.
        e.downcast_ref::<Field>()
            .or_else(|| e.downcast_ref::<FieldNote>().map(|n| &n.field))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--{}", self.name.replace('_', "-"))?;
        if let Some(v) = &self.value {
            write!(f, " {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Field {}

impl Field {
    /// The field's name as `voice` writes it: `--law-importer` on the
    /// command line, `law_importer` in JSON and as a Python keyword.
    pub fn render(&self, voice: Voice) -> String {
        match voice {
            Voice::Cli => format!("--{}", self.name.replace('_', "-")),
            Voice::Json => self.name.to_string(),
        }
    }
}

/// Who reads a message, and so how it names an input: the engine's
/// messages are written in the command line's words (`--weights`), the
/// one voice every crate below the front ends speaks; a front end that
/// takes JSON or keyword arguments renders them in its own
/// ([`Voice::words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// Flags: `--us-content`.
    Cli,
    /// JSON fields and Python keywords: `us_content`.
    Json,
}

impl Voice {
    /// `message` (in the command line's words) in this voice: for JSON,
    /// every `--flag-name` that starts a word becomes `flag_name`; a `--`
    /// inside a word or followed by no lowercase name stays.
    pub fn words(self, message: &str) -> String {
        match self {
            Voice::Cli => message.to_string(),
            Voice::Json => flags_to_fields(message),
        }
    }
}

fn flags_to_fields(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("--") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 2..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len());
        let starts = after.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        out.push_str(&rest[..i]);
        if starts && before.is_none_or(|c| !c.is_alphanumeric() && c != '-') {
            out.push_str(&after[..name_len].trim_end_matches('-').replace('-', "_"));
            rest = &after[name_len..];
        } else {
            out.push_str("--");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// An error chain as one message, its causes joined by ": ", skipping a
/// cause whose text the message already holds (many errors repeat their
/// source in their own message): what the CLI prints after `error: `, the
/// API's message and the Python exception's text — one formatter for all.
pub fn error_message(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// An error whose text is complete and which names a field for the API
/// without printing it (the CLI's text stays as the engine worded it).
#[derive(Debug)]
pub struct FieldNote {
    /// The field.
    pub field: Field,
    /// The text.
    pub text: String,
}

impl std::fmt::Display for FieldNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for FieldNote {}

/// Tariffs a front end derived from the law for a price or jobs run (the
/// report crate reads no law data or trade weights itself).
pub struct LawTariffs<'a> {
    /// Wedges applied before the request's own `tariff` entries (which
    /// replace them on the same flow).
    pub wedges: Vec<TariffWedge>,
    /// Adds the derivation's metadata (law as-of date, weights, …) to the
    /// result table.
    pub describe: &'a dyn Fn(&mut autopact_core::Table),
}

/// Factors (I − A) for a command that solves a few hundred right-hand
/// sides (multipliers, footprints, value added in trade, prices, jobs),
/// naming the table in errors. Large or sparse tables get the iterative
/// solves (no factorisation) or the mixed-precision LU
/// ([`Precision::for_table`]): every solve is certified to the backward
/// error a double-precision LU guarantees, so the numbers agree with the
/// double path to that accuracy; small tables (the built-in one included)
/// stay in double precision.
pub fn factor(m: &Mrio) -> Result<Leontief> {
    let precision = Precision::for_table(m.n(), m.z_density());
    Leontief::of_with(m, precision)
        .with_context(|| format!("cannot solve the table {}", m.provenance().name))
}

/// Factors (I − A) in double precision, for work that solves thousands
/// of right-hand sides against one factorisation (the server's shared LU,
/// decompositions, the dense inverse, scenario runs), where the
/// refinement of a mixed-precision LU would cost more than it saves.
pub fn factor_for_many_solves(m: &Mrio) -> Result<Leontief> {
    Leontief::of(m).with_context(|| format!("cannot solve the table {}", m.provenance().name))
}

/// Standard metadata of a table-derived result.
pub fn table_meta(t: &mut autopact_core::Table, m: &Mrio) {
    let p = m.provenance();
    t.meta("tool", autopact_api_types::tool());
    t.meta("table", &p.name);
    if let Some(y) = p.year {
        t.meta("year", y.to_string());
    }
    if !p.unit.is_empty() {
        t.meta("unit", &p.unit);
    }
    if !p.price_basis.is_empty() {
        t.meta("price_basis", &p.price_basis);
    }
    if let Some(h) = &p.sha256 {
        t.meta("table_sha256", h);
    }
    if !p.citation.is_empty() {
        t.meta("citation", &p.citation);
    }
}

/// How the Leontief solves behind a result were done, after they were:
/// `solver` names the method (with the certified backward error for the
/// mixed and iterative ones) and `solver_note` says why a double LU took
/// over, when one did.
pub fn solver_meta(t: &mut autopact_core::Table, l: &Leontief) {
    let r = l.refinement();
    let certified = |what: &str, steps: &str| {
        format!(
            "{what}; certified backward error {:.1e} (target {:.1e}), at most {} {steps}",
            r.worst_backward_error, r.target, r.max_steps
        )
    };
    let solver = match l.precision() {
        Precision::Double => "LU of (I − A) in double precision".to_string(),
        Precision::Mixed => certified(
            "LU of (I − A) in single precision, every solve refined in double precision",
            "refinement steps",
        ),
        Precision::Iterative => certified(
            "no LU: GMRES preconditioned with the domestic blocks of I − A, in double precision",
            "iterations",
        ),
    };
    t.meta("solver", solver);
    if let Some(why) = r.fell_back {
        t.meta("solver_note", why);
    }
}

/// Region index by code, or a helpful error.
///
/// One vocabulary for places: a table region code (`CAN`), or an ISO 3166
/// country code, alpha-2 or alpha-3, in any case (`ca`, `CA`, `Can`), read
/// as the table region of that country where the table has it. Group
/// regions (`ROW`, `APA`, `EUR`) are table codes only. The results name the
/// table code, so the reading is visible in every output.
pub fn region(m: &Mrio, code: &str) -> Result<usize> {
    match m.region_index(code) {
        Ok(i) => Ok(i),
        Err(e) => autopact_law::country::alpha3(code)
            .and_then(|a3| m.region_index(a3).ok())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{e}; a region is a table code or the ISO 3166 code (alpha-2 or alpha-3) of a country the table has"
                )
            }),
    }
}

/// Sector indices from a comma-separated list (or `*` for all).
pub fn sectors(m: &Mrio, list: &str) -> Result<Vec<usize>> {
    if list == "*" {
        return Ok((0..m.n_sectors()).collect());
    }
    list.split(',')
        .map(|s| Ok(m.sector_index(s.trim())?))
        .collect()
}

/// Parses a rate: `25%`, or the fraction `0.25` (a bare number above 1
/// is refused with "did you mean 25%?"; [`autopact_core::rate`]). Every
/// front end's `--tariff` / `tariff` goes through here.
pub fn rate(s: &str) -> Result<f64> {
    Ok(autopact_core::parse_rate(s)?)
}

/// The engine's [`AppliesTo`] for a request's flag value.
pub fn applies_to(a: autopact_api_types::request::Applies) -> AppliesTo {
    use autopact_api_types::request::Applies;
    match a {
        Applies::Intermediate => AppliesTo::Intermediate,
        Applies::Final => AppliesTo::Final,
        Applies::Both => AppliesTo::Both,
    }
}

/// Parses `IMP:EXP:SECTORS:RATE` specs into wedges.
pub fn parse_tariffs(
    m: &Mrio,
    specs: &[String],
    applies_to: AppliesTo,
) -> Result<Vec<TariffWedge>> {
    specs
        .iter()
        .map(|spec| {
            let at = || Field::with("tariff", format!("{spec:?}"));
            let parts: Vec<&str> = spec.split(':').collect();
            if parts.len() != 4 {
                bail!(
                    anyhow::anyhow!("write IMPORTER:EXPORTER:SECTORS:RATE, e.g. USA:CAN:c15:25%")
                        .context(at())
                );
            }
            Ok(TariffWedge {
                importer: region(m, parts[0]).with_context(at)?,
                exporter: region(m, parts[1]).with_context(at)?,
                sectors: sectors(m, parts[2]).with_context(at)?,
                rate: rate(parts[3]).with_context(at)?,
                applies_to,
            })
        })
        .collect()
}

/// How much of a partner may lie inside the exporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerOverlap {
    /// None of it (a bilateral decomposition: flows inside the exporter
    /// are not exports).
    Refused,
    /// Some of it, not all (a TiVA partner group: the flows to its
    /// members outside the exporter count).
    Partial,
}

/// The one "importer inside the exporter" check of `tiva` and
/// `decompose`: flows inside the exporter are not exports. The error
/// names the `importer` field.
pub fn check_partner(
    mrio: &autopact_mrio::Mrio,
    exporter: &autopact_mrio::decompose::RegionSet,
    partner: &autopact_mrio::decompose::RegionSet,
    overlap: PartnerOverlap,
) -> anyhow::Result<()> {
    let inside = |r: &&usize| exporter.contains(**r);
    let offending = match overlap {
        PartnerOverlap::Refused => partner
            .regions
            .iter()
            .find(inside)
            .map(|&r| mrio.regions()[r].clone()),
        PartnerOverlap::Partial => partner
            .regions
            .iter()
            .all(|r| exporter.contains(*r))
            .then(|| partner.name.clone()),
    };
    match offending {
        None => Ok(()),
        Some(p) => Err(anyhow::Error::new(FieldNote {
            field: Field::new("importer"),
            text: format!(
                "--importer {p} {} the exporter {}: flows inside the exporter are not exports",
                match overlap {
                    PartnerOverlap::Refused => "is part of",
                    PartnerOverlap::Partial => "lies inside",
                },
                exporter.name
            ),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tiva` lets a partner group overlap the exporter, `decompose` does
    /// not; both name the `importer` field when the partner is inside.
    #[test]
    fn a_partner_inside_the_exporter_names_the_importer() {
        use autopact_mrio::decompose::RegionSet;
        let m = crate::testutil::tiny3();
        let set = |s: &str| RegionSet::parse(&m, s).unwrap();
        let names = m.regions().to_vec();
        let (a, b) = (names[0].as_str(), names[1].as_str());
        let exporter = set(&format!("{a},{b}"));
        let partial = set(&format!("{b},{}", names[2]));
        assert!(check_partner(&m, &exporter, &partial, PartnerOverlap::Partial).is_ok());
        let e = check_partner(&m, &exporter, &partial, PartnerOverlap::Refused).unwrap_err();
        assert_eq!(Field::of(&e).map(|f| f.name), Some("importer"));
        assert!(
            e.to_string()
                .contains(&format!("--importer {b} is part of")),
            "{e}"
        );
        let e = check_partner(&m, &exporter, &set(b), PartnerOverlap::Partial).unwrap_err();
        assert!(e.to_string().contains("lies inside the exporter"), "{e}");
        assert!(check_partner(&m, &set(a), &set(b), PartnerOverlap::Refused).is_ok());
    }

    #[test]
    fn fields_render_in_each_voice() {
        let f = Field::new("law_importer");
        assert_eq!(f.render(Voice::Cli), "--law-importer");
        assert_eq!(f.render(Voice::Json), "law_importer");
        assert_eq!(f.render(Voice::Cli), f.to_string());
        let m = "pick one with --weights YYYY-MM or --us-content 0.5";
        assert_eq!(Voice::Cli.words(m), m);
        assert_eq!(
            Voice::Json.words(m),
            "pick one with weights YYYY-MM or us_content 0.5"
        );
    }

    /// Places as people type them: table codes, ISO alpha-2 and alpha-3 in
    /// any case; groups are table codes only; an unknown place names the
    /// accepted forms.
    #[test]
    fn regions_take_table_and_iso_codes() {
        let z = faer::Mat::from_fn(3, 3, |i, j| if i == j { 10.0 } else { 1.0 });
        let y = faer::Mat::from_fn(3, 3, |i, j| if i == j { 50.0 } else { 2.0 });
        let m = Mrio::from_flows(&["CAN", "USA", "ROW"], &["c15"], z, y).unwrap();
        for (typed, want) in [
            ("CAN", 0),
            ("CA", 0),
            ("ca", 0),
            ("Can", 0),
            ("US", 1),
            ("ROW", 2),
        ] {
            assert_eq!(region(&m, typed).unwrap(), want, "{typed}");
        }
        let e = region(&m, "MX").unwrap_err().to_string();
        assert!(e.contains("ISO 3166"), "{e}");
        assert!(region(&m, "XYZ").is_err());
    }

    /// A table of order 2,600 with about 1% of Z not zero gets the
    /// iterative solves for a command's few solves, and its multipliers
    /// equal the double-precision ones to 1e-12 relative, with every solve
    /// certified; the many-solve factorisation stays in double precision.
    #[test]
    fn a_large_sparse_table_gets_iterative_solves_and_the_same_multipliers() {
        use autopact_mrio::{SPARSE_RESIDUAL_DENSITY, coefficients, multipliers};
        let m = crate::testutil::sparse_table(50, 52);
        let density = m.z_density();
        assert!(
            density > 0.0 && density <= SPARSE_RESIDUAL_DENSITY,
            "{density}"
        );
        let mixed = factor(&m).unwrap();
        let double = factor_for_many_solves(&m).unwrap();
        assert_eq!(mixed.precision(), Precision::Iterative);
        assert_eq!(double.precision(), Precision::Double);
        let v = coefficients(&m.value_added(), m.x());
        let (a, b) = (
            multipliers(&m, &mixed, &v, &[]),
            multipliers(&m, &double, &v, &[]),
        );
        for (x, y) in [
            (&a.output, &b.output),
            (&a.value_added, &b.value_added),
            (&a.value_added_domestic, &b.value_added_domestic),
        ] {
            let scale = y.iter().fold(0.0f64, |s, v| s.max(v.abs()));
            let gap = x
                .iter()
                .zip(y)
                .fold(0.0f64, |s, (p, q)| s.max((p - q).abs()));
            assert!(gap <= 1e-12 * scale, "{gap:e}");
        }
        let r = mixed.refinement();
        assert!(r.fell_back.is_none(), "{r:?}");
        assert!(r.worst_backward_error <= r.target, "{r:?}");
        assert!(r.sparse_residual_density.is_some(), "{r:?}");
        assert_eq!(mixed.precision(), Precision::Iterative);
        // Results say how they were solved, with the certificate.
        let solver = |l: &Leontief| {
            let mut t = autopact_core::Table::new("t", vec![]);
            solver_meta(&mut t, l);
            t.meta
        };
        let meta = solver(&mixed);
        assert_eq!(meta.len(), 1, "{meta:?}");
        assert!(meta[0].0 == "solver" && meta[0].1.starts_with("no LU: GMRES"));
        assert!(meta[0].1.contains("certified backward error"), "{meta:?}");
        // The built-in-size tables stay in double precision.
        let small = factor(&crate::testutil::tiny3()).unwrap();
        assert_eq!(small.precision(), Precision::Double);
        assert_eq!(
            solver(&small),
            vec![(
                "solver".to_string(),
                "LU of (I − A) in double precision".to_string()
            )]
        );
        // An iterative solve handed over to the LU says why.
        let handed = Leontief::of_with(&crate::testutil::tiny3(), Precision::Iterative).unwrap();
        let _ = handed.inverse();
        let meta = solver(&handed);
        assert_eq!(meta[0].1, "LU of (I − A) in double precision");
        assert_eq!(meta[1].0, "solver_note");
    }

    #[test]
    fn causes_already_in_the_message_are_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = anyhow::Error::new(io).context("x.csv: no such file");
        assert_eq!(error_message(&e), "x.csv: no such file");
        let e = anyhow::anyhow!("unknown region ZZZ").context(Field::new("exporter"));
        assert_eq!(error_message(&e), "--exporter: unknown region ZZZ");
    }

    #[test]
    fn rates() {
        assert_eq!(rate("0.25").unwrap(), 0.25);
        assert_eq!(rate("25%").unwrap(), 0.25);
        assert!(rate("-1").is_err());
        assert!(rate("x").is_err());
        assert!(rate("NaN").is_err());
        let e = rate("25").unwrap_err().to_string();
        assert!(e.contains("did you mean 25%?"), "{e}");
    }

    #[test]
    fn fields_display_as_flags_and_are_found_in_chains() {
        assert_eq!(Field::with("us_content", 3).to_string(), "--us-content 3");
        let e = anyhow::anyhow!("bad").context(Field::new("exporter"));
        assert_eq!(Field::of(&e).unwrap().name, "exporter");
        assert_eq!(format!("{e:#}"), "--exporter: bad");
        let e = e.context("outer");
        assert_eq!(Field::of(&e).unwrap().name, "exporter");
        assert!(Field::of(&anyhow::anyhow!("plain")).is_none());
    }
}
