//! The sweep file (TOML).
//!
//! ```toml
//! [sweep]
//! scenarios = ["scenarios/us-2025-tariffs.toml"]   # relative to this file
//! tables = ["default"]        # "default" or table files (e.g. one per year)
//! draws = 20                  # Monte-Carlo draws per table × scenario
//! seed = 7
//! batch = 32                  # draws solved together (optional)
//!
//! [[uncertain]]
//! name = "elasticity"         # see crate::param for the names
//! dist = "uniform"            # uniform | normal | triangular | beta
//! low = 0.5
//! high = 1.5
//! ```
//!
//! Unknown keys are errors, and every error names the line and column.
//! A distribution takes exactly its own parameters: a `mean` on a uniform
//! is an error, not ignored.

use serde::Deserialize;
use toml::Spanned;

use crate::dist::Distribution;
use crate::error::{SweepError, span_location};
use crate::param::{Apply, Target};

/// Default number of draws solved together in one block.
pub const DEFAULT_BATCH: u32 = 32;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sweep: Spanned<Section>,
    #[serde(default)]
    uncertain: Vec<Spanned<Uncertain>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    #[serde(default)]
    name: Option<String>,
    scenarios: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    tables: Option<Spanned<Vec<Spanned<String>>>>,
    draws: Spanned<i64>,
    seed: Spanned<i64>,
    #[serde(default)]
    batch: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Uncertain {
    name: Spanned<String>,
    dist: Spanned<String>,
    #[serde(default)]
    apply: Option<Spanned<String>>,
    #[serde(default)]
    low: Option<Spanned<f64>>,
    #[serde(default)]
    high: Option<Spanned<f64>>,
    #[serde(default)]
    mean: Option<Spanned<f64>>,
    #[serde(default)]
    sd: Option<Spanned<f64>>,
    #[serde(default)]
    mode: Option<Spanned<f64>>,
    #[serde(default)]
    alpha: Option<Spanned<f64>>,
    #[serde(default)]
    beta: Option<Spanned<f64>>,
    #[serde(default)]
    note: String,
}

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// The text.
    pub value: String,
    /// 1-based line in the sweep file.
    pub line: u64,
    /// Byte span in the sweep file.
    pub span: std::ops::Range<usize>,
}

/// One uncertain parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its name as written (`elasticity`, `tariff.USA.CAN.c15`, …).
    pub name: Named,
    /// What the name points at.
    pub target: Target,
    /// Whether a draw replaces the value or multiplies it.
    pub apply: Apply,
    /// Its distribution.
    pub dist: Distribution,
    /// Why (source of the range).
    pub note: String,
}

/// A checked sweep file.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Optional name.
    pub name: Option<String>,
    /// Scenario files as written (relative to the sweep file).
    pub scenarios: Vec<Named>,
    /// Tables as written (`default` or paths relative to the sweep file).
    pub tables: Vec<Named>,
    /// Draws per table × scenario.
    pub draws: u32,
    /// Seed of the random streams.
    pub seed: u64,
    /// Draws per block (solved together; the unit of sharding).
    pub batch: u32,
    /// Uncertain parameters, in file order.
    pub parameters: Vec<Parameter>,
}

struct Cx<'a> {
    source: &'a str,
    text: &'a str,
}

impl Cx<'_> {
    fn err<T>(
        &self,
        span: std::ops::Range<usize>,
        msg: impl Into<String>,
    ) -> Result<T, SweepError> {
        Err(SweepError::Invalid {
            location: span_location(self.source, self.text, Some(span)),
            message: msg.into(),
        })
    }

    fn named(&self, s: &Spanned<String>) -> Named {
        let loc = span_location(self.source, self.text, Some(s.span()));
        Named {
            value: s.get_ref().clone(),
            line: loc.row.unwrap_or(0),
            span: s.span(),
        }
    }
}

/// Parses and checks a sweep file; `source` names it in errors.
pub fn parse(source: &str, text: &str) -> Result<Sweep, SweepError> {
    let cx = Cx { source, text };
    let file: File = toml::from_str(text).map_err(|e| SweepError::Invalid {
        location: span_location(source, text, e.span()),
        message: e.message().trim().to_string(),
    })?;
    let sec = file.sweep.get_ref();
    if sec.scenarios.get_ref().is_empty() {
        return cx.err(
            sec.scenarios.span(),
            "scenarios is empty: name at least one scenario file",
        );
    }
    let scenarios: Vec<Named> = sec
        .scenarios
        .get_ref()
        .iter()
        .map(|s| cx.named(s))
        .collect();
    let tables: Vec<Named> = match &sec.tables {
        None => vec![Named {
            value: "default".into(),
            line: span_location(source, text, Some(file.sweep.span()))
                .row
                .unwrap_or(0),
            span: file.sweep.span(),
        }],
        Some(t) if t.get_ref().is_empty() => {
            return cx.err(t.span(), "tables is empty: name \"default\" or table files");
        }
        Some(t) => t.get_ref().iter().map(|s| cx.named(s)).collect(),
    };
    for list in [&scenarios, &tables] {
        for (k, a) in list.iter().enumerate() {
            if list[..k].iter().any(|b| b.value == a.value) {
                return cx.err(a.span.clone(), format!("{:?} is listed twice", a.value));
            }
        }
    }
    let draws = *sec.draws.get_ref();
    if !(1..=i64::from(u32::MAX)).contains(&draws) {
        return cx.err(
            sec.draws.span(),
            format!(
                "draws = {draws}: give a whole number from 1 to {}",
                u32::MAX
            ),
        );
    }
    let seed = *sec.seed.get_ref();
    if seed < 0 {
        return cx.err(
            sec.seed.span(),
            format!("seed = {seed}: give a whole number ≥ 0"),
        );
    }
    let batch = match &sec.batch {
        None => DEFAULT_BATCH,
        Some(b) if (1..=4096).contains(b.get_ref()) => *b.get_ref() as u32,
        Some(b) => {
            return cx.err(
                b.span(),
                format!(
                    "batch = {}: give a whole number from 1 to 4096",
                    b.get_ref()
                ),
            );
        }
    };
    let mut parameters: Vec<Parameter> = Vec::new();
    for u in &file.uncertain {
        let p = parameter(&cx, u)?;
        if let Some(prev) = parameters.iter().find(|q| q.name.value == p.name.value) {
            return cx.err(
                p.name.span.clone(),
                format!(
                    "parameter {:?} is already defined on line {}",
                    p.name.value, prev.name.line
                ),
            );
        }
        parameters.push(p);
    }
    Ok(Sweep {
        name: sec.name.clone(),
        scenarios,
        tables,
        draws: draws as u32,
        seed: seed as u64,
        batch,
        parameters,
    })
}

fn parameter(cx: &Cx<'_>, u: &Spanned<Uncertain>) -> Result<Parameter, SweepError> {
    let v = u.get_ref();
    let name = cx.named(&v.name);
    let target = match Target::parse(&name.value) {
        Ok(t) => t,
        Err(msg) => return cx.err(name.span.clone(), msg),
    };
    let apply = match &v.apply {
        None => Apply::Set,
        Some(a) => match a.get_ref().as_str() {
            "set" => Apply::Set,
            "scale" => Apply::Scale,
            other => return cx.err(a.span(), format!("apply = {other:?}: give \"set\" (the draw replaces the value) or \"scale\" (the draw multiplies it)")),
        },
    };
    let fields: [(&str, &Option<Spanned<f64>>); 7] = [
        ("low", &v.low),
        ("high", &v.high),
        ("mean", &v.mean),
        ("sd", &v.sd),
        ("mode", &v.mode),
        ("alpha", &v.alpha),
        ("beta", &v.beta),
    ];
    for (key, f) in fields {
        if let Some(x) = f {
            if !x.get_ref().is_finite() {
                return cx.err(
                    x.span(),
                    format!("{key} = {}: give a finite number", x.get_ref()),
                );
            }
        }
    }
    let dist_name = v.dist.get_ref().as_str();
    let (allowed, required): (&[&str], &[&str]) = match dist_name {
        "uniform" => (&["low", "high"], &["low", "high"]),
        "normal" => (&["mean", "sd", "low", "high"], &["mean", "sd"]),
        "triangular" => (&["low", "mode", "high"], &["low", "mode", "high"]),
        "beta" => (&["alpha", "beta", "low", "high"], &["alpha", "beta"]),
        other => {
            return cx.err(
                v.dist.span(),
                format!("unknown distribution {other:?}: give uniform, normal, triangular or beta"),
            );
        }
    };
    for (key, f) in fields {
        match f {
            Some(x) if !allowed.contains(&key) => {
                return cx.err(
                    x.span(),
                    format!("{dist_name} takes {}; remove {key}", allowed.join(", ")),
                );
            }
            None if required.contains(&key) => {
                return cx.err(
                    v.dist.span(),
                    format!(
                        "{dist_name} needs {}: {key} is missing",
                        required.join(" and ")
                    ),
                );
            }
            _ => {}
        }
    }
    let get = |f: &Option<Spanned<f64>>| f.as_ref().map(|x| *x.get_ref());
    let span_of = |f: &Option<Spanned<f64>>| f.as_ref().map_or(v.dist.span(), Spanned::span);
    let (low, high) = (get(&v.low), get(&v.high));
    if let (Some(l), Some(h)) = (low, high) {
        if l >= h {
            return cx.err(
                span_of(&v.high),
                format!("high = {h} must be greater than low = {l}"),
            );
        }
    }
    let dist = match dist_name {
        "uniform" => Distribution::Uniform {
            low: low.unwrap_or_default(),
            high: high.unwrap_or_default(),
        },
        "normal" => {
            let sd = get(&v.sd).unwrap_or_default();
            if sd <= 0.0 {
                return cx.err(
                    span_of(&v.sd),
                    format!("sd = {sd}: a standard deviation must be > 0"),
                );
            }
            Distribution::Normal {
                mean: get(&v.mean).unwrap_or_default(),
                sd,
                low,
                high,
            }
        }
        "triangular" => {
            let (l, m, h) = (
                low.unwrap_or_default(),
                get(&v.mode).unwrap_or_default(),
                high.unwrap_or_default(),
            );
            if !(l..=h).contains(&m) {
                return cx.err(
                    span_of(&v.mode),
                    format!("mode = {m} must lie between low = {l} and high = {h}"),
                );
            }
            Distribution::Triangular {
                low: l,
                mode: m,
                high: h,
            }
        }
        _ => {
            for (key, f) in [("alpha", &v.alpha), ("beta", &v.beta)] {
                let x = get(f).unwrap_or_default();
                if x <= 0.0 {
                    return cx.err(span_of(f), format!("{key} = {x}: beta shapes must be > 0"));
                }
            }
            Distribution::Beta {
                alpha: get(&v.alpha).unwrap_or_default(),
                beta: get(&v.beta).unwrap_or_default(),
                low: low.unwrap_or(0.0),
                high: high.unwrap_or(1.0),
            }
        }
    };
    if dist.support_low() < 0.0 {
        let span = v.low.as_ref().map_or(v.dist.span(), Spanned::span);
        return cx.err(
            span,
            format!(
                "{:?} can draw negative values, which have no meaning for {} (elasticities, tariff rates and scale factors are ≥ 0): give low ≥ 0{}",
                name.value,
                target.describe(),
                if dist_name == "normal" { " to truncate the normal" } else { "" }
            ),
        );
    }
    Ok(Parameter {
        name,
        target,
        apply,
        dist,
        note: v.note.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"[sweep]
scenarios = ["a.toml", "b.toml"]
tables = ["default"]
draws = 20
seed = 7

[[uncertain]]
name = "elasticity"
dist = "uniform"
low = 0.5
high = 1.5

[[uncertain]]
name = "tariff.USA.CAN.c15"
dist = "triangular"
low = 0.1
mode = 0.25
high = 0.25
"#;

    #[test]
    fn parses_the_issue_example() {
        let s = parse("s.toml", OK).unwrap();
        assert_eq!(s.draws, 20);
        assert_eq!(s.seed, 7);
        assert_eq!(s.batch, DEFAULT_BATCH);
        assert_eq!(s.scenarios[1].value, "b.toml");
        assert_eq!(s.scenarios[1].line, 2);
        assert_eq!(s.parameters.len(), 2);
        assert_eq!(s.parameters[1].name.line, 14);
        assert_eq!(
            s.parameters[0].dist,
            Distribution::Uniform {
                low: 0.5,
                high: 1.5
            }
        );
    }

    fn err(text: &str) -> String {
        parse("s.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn bad_inputs_name_line_and_say_what_to_do() {
        let cases = [
            (
                OK.replace("high = 1.5", "high = 0.4"),
                "row 11",
                "greater than low",
            ),
            (
                OK.replace(
                    "\"uniform\"\nlow = 0.5\nhigh = 1.5",
                    "\"normal\"\nmean = 1\nsd = -0.2\nlow = 0",
                ),
                "row 11",
                "must be > 0",
            ),
            (
                OK.replace(
                    "\"uniform\"\nlow = 0.5\nhigh = 1.5",
                    "\"normal\"\nmean = 1\nsd = 0.2",
                ),
                "row 9",
                "give low ≥ 0",
            ),
            (
                OK.replace("name = \"elasticity\"", "name = \"elastcity\""),
                "row 8",
                "unknown parameter",
            ),
            (
                OK.replace("dist = \"uniform\"", "dist = \"lognormal\""),
                "row 9",
                "unknown distribution",
            ),
            (
                OK.replace("low = 0.5\n", "low = 0.5\nmean = 3\n"),
                "row 11",
                "remove mean",
            ),
            (OK.replace("low = 0.5\n", ""), "row 9", "low is missing"),
            (
                OK.replace("mode = 0.25", "mode = 0.3"),
                "row 17",
                "between low",
            ),
            (OK.replace("draws = 20", "draws = 0"), "row 4", "draws = 0"),
            (OK.replace("seed = 7", "seed = -1"), "row 5", "seed"),
            (
                OK.replace("draws = 20", "draws = 20\ndraw = 3"),
                "row 5",
                "draw",
            ),
            (
                OK.replace("\"b.toml\"", "\"a.toml\""),
                "row 2",
                "listed twice",
            ),
            (
                OK.replace("tariff.USA.CAN.c15", "elasticity"),
                "row 14",
                "already defined on line 8",
            ),
            (OK.replace("high = 1.5", "high = nan"), "row 11", "finite"),
        ];
        for (text, row, what) in cases {
            let e = err(&text);
            assert!(e.starts_with(&format!("s.toml, {row},")), "{e}");
            assert!(e.contains(what), "{what}: {e}");
        }
    }

    #[test]
    fn beta_defaults_to_the_unit_interval() {
        let text = OK.replace(
            "dist = \"uniform\"\nlow = 0.5\nhigh = 1.5",
            "dist = \"beta\"\nalpha = 2\nbeta = 3",
        );
        let s = parse("s.toml", &text).unwrap();
        assert_eq!(
            s.parameters[0].dist,
            Distribution::Beta {
                alpha: 2.0,
                beta: 3.0,
                low: 0.0,
                high: 1.0
            }
        );
        assert!(err(&text.replace("alpha = 2", "alpha = 0")).contains("must be > 0"));
    }
}
