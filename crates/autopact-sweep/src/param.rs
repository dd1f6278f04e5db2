//! What an uncertain parameter names, and how a draw changes a scenario.
//!
//! Names (`*` matches any label):
//!
//! | name | what |
//! |---|---|
//! | `elasticity` | the scenario's default price elasticity of final demand (sectors without their own value) |
//! | `elasticity.SECTOR` | the elasticity of one sector |
//! | `tariff.IMPORTER.EXPORTER.SECTOR` | the ad-valorem wedge on one flow the scenario taxes |
//!
//! A wedge is addressed by the flow it taxes, not by where it came from: a
//! rate written in a scenario file and a wedge computed from the law have
//! the same name, so a sweep can make either uncertain. `apply = "set"`
//! replaces the value with the draw; `apply = "scale"` multiplies it (e.g.
//! `tariff.*.*.*` scaled by a draw around 1 makes every wedge uncertain
//! at once). A tariff name must match at least one wedge of the sweep's
//! scenarios: a sweep never invents a tariff a scenario did not write.

use autopact_mrio::Mrio;
use autopact_scenario::{ResolvedScenario, ResolvedTariff};
use serde::Serialize;

/// A label or `*`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Pattern {
    /// Any label.
    Any,
    /// This label.
    Is(String),
}

impl Pattern {
    fn of(s: &str) -> Self {
        if s == "*" {
            Pattern::Any
        } else {
            Pattern::Is(s.to_string())
        }
    }

    fn matches(&self, s: &str) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::Is(p) => p == s,
        }
    }
}

/// What a parameter name points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Target {
    /// The default elasticity.
    Elasticity,
    /// One sector's elasticity.
    SectorElasticity(String),
    /// Tariff wedges on matching flows.
    Tariff {
        /// Levying region(s).
        importer: Pattern,
        /// Exporting region(s).
        exporter: Pattern,
        /// Exporter sector(s).
        sector: Pattern,
    },
}

/// How a draw changes the value it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Apply {
    /// The draw replaces the value.
    Set,
    /// The draw multiplies the value.
    Scale,
}

impl Apply {
    fn to(self, old: f64, draw: f64) -> f64 {
        match self {
            Apply::Set => draw,
            Apply::Scale => old * draw,
        }
    }
}

const NAMES_HELP: &str = "name `elasticity`, `elasticity.SECTOR` or \
    `tariff.IMPORTER.EXPORTER.SECTOR` (`*` matches any label)";

impl Target {
    /// Parses a parameter name.
    pub fn parse(name: &str) -> Result<Self, String> {
        let parts: Vec<&str> = name.split('.').collect();
        let ok = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
        match parts.as_slice() {
            ["elasticity"] => Ok(Target::Elasticity),
            ["elasticity", s] if ok(s) && *s != "*" => Ok(Target::SectorElasticity(s.to_string())),
            ["tariff", i, e, s] if ok(i) && ok(e) && ok(s) => Ok(Target::Tariff {
                importer: Pattern::of(i),
                exporter: Pattern::of(e),
                sector: Pattern::of(s),
            }),
            _ => Err(format!("unknown parameter {name:?}: {NAMES_HELP}")),
        }
    }

    /// Words for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Target::Elasticity | Target::SectorElasticity(_) => "an elasticity",
            Target::Tariff { .. } => "a tariff wedge",
        }
    }

    fn matches_flow(&self, importer: &str, exporter: &str, sector: &str) -> bool {
        match self {
            Target::Tariff {
                importer: i,
                exporter: e,
                sector: s,
            } => i.matches(importer) && e.matches(exporter) && s.matches(sector),
            _ => false,
        }
    }

    /// Checks the name against a table and the scenarios it will change;
    /// the message says what would have matched.
    pub fn check(&self, mrio: &Mrio, scenarios: &[ResolvedScenario]) -> Result<(), String> {
        match self {
            Target::Elasticity => Ok(()),
            Target::SectorElasticity(s) => {
                if mrio.sector_index(s).is_ok() {
                    Ok(())
                } else {
                    Err(format!(
                        "the table {:?} has no sector {s:?}; sectors: {}",
                        mrio.provenance().name,
                        mrio.sectors().join(", ")
                    ))
                }
            }
            Target::Tariff { .. } => {
                let mut flows: Vec<String> = Vec::new();
                for sc in scenarios {
                    for t in &sc.tariffs {
                        for s in &t.sectors {
                            if self.matches_flow(&t.importer, &t.exporter, s) {
                                return Ok(());
                            }
                            flows.push(format!("tariff.{}.{}.{s}", t.importer, t.exporter));
                        }
                    }
                }
                flows.dedup();
                let shown = flows.len().min(8);
                Err(format!(
                    "names no tariff of the sweep's scenarios (a sweep changes wedges, it does not \
                     invent them); they tax {}{}",
                    if flows.is_empty() {
                        "nothing".to_string()
                    } else {
                        flows[..shown].join(", ")
                    },
                    if flows.len() > shown {
                        format!(" and {} more", flows.len() - shown)
                    } else {
                        String::new()
                    }
                ))
            }
        }
    }
}

/// The scenario of one draw: `base` with every parameter's draw applied,
/// its tariffs one line per flow. Parameters apply in file order.
pub fn drawn_scenario(
    base: &ResolvedScenario,
    mrio: &Mrio,
    parameters: &[(&Target, Apply)],
    values: &[f64],
) -> ResolvedScenario {
    let mut s = base.clone();
    let mut flows: Vec<ResolvedTariff> = Vec::new();
    for t in &base.tariffs {
        for sector in &t.sectors {
            flows.push(ResolvedTariff {
                sectors: vec![sector.clone()],
                ..t.clone()
            });
        }
    }
    let mut sector_elasticity = base.sector_elasticity.clone();
    for (&(target, apply), &v) in parameters.iter().zip(values) {
        match target {
            Target::Elasticity => s.elasticity = apply.to(s.elasticity, v),
            Target::SectorElasticity(sector) => {
                let old = base.elasticity_of(mrio, mrio.sector_index(sector).unwrap_or(0));
                match sector_elasticity.iter_mut().find(|(x, _)| x == sector) {
                    Some((_, e)) => *e = apply.to(*e, v),
                    None => sector_elasticity.push((sector.clone(), apply.to(old, v))),
                }
            }
            Target::Tariff { .. } => {
                for f in &mut flows {
                    if target.matches_flow(&f.importer, &f.exporter, &f.sectors[0]) {
                        f.rate = apply.to(f.rate, v);
                    }
                }
            }
        }
    }
    s.sector_elasticity = sector_elasticity;
    s.tariffs = flows;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Target::parse("elasticity"), Ok(Target::Elasticity));
        assert_eq!(
            Target::parse("elasticity.c15"),
            Ok(Target::SectorElasticity("c15".into()))
        );
        assert_eq!(
            Target::parse("tariff.USA.*.c15"),
            Ok(Target::Tariff {
                importer: Pattern::Is("USA".into()),
                exporter: Pattern::Any,
                sector: Pattern::Is("c15".into())
            })
        );
        for bad in [
            "elasticty",
            "tariff.USA.CAN",
            "tariff..CAN.c15",
            "elasticity.*",
            "rate",
        ] {
            assert!(
                Target::parse(bad)
                    .unwrap_err()
                    .contains("unknown parameter"),
                "{bad}"
            );
        }
    }

    #[test]
    fn matching_flows() {
        let t = Target::parse("tariff.USA.*.c15").unwrap();
        assert!(t.matches_flow("USA", "CAN", "c15"));
        assert!(!t.matches_flow("CAN", "USA", "c15"));
        assert!(!t.matches_flow("USA", "CAN", "c12"));
    }
}
