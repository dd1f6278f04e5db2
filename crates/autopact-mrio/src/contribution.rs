//! What one region puts into another region's production of a sector.
//!
//! Why: the public argument about North American autos is a claim about
//! the *cost composition* of, say, US transport equipment — how much of it
//! is Canadian parts, steel and work. Two standard splits answer it, both
//! per unit of the destination sector's output j (all in the table's
//! currency, base prices 1):
//!
//! ```text
//! direct:  1 = Σ_i a_ij + v_j + o_j        (the A column; Miller & Blair eq. 2.4)
//! total:   m_j = Σ_i v_i L_ij = (vᵀL)_j   (value added by origin; eq. 6.14)
//! ```
//!
//! with a_ij = z_ij / x_j the purchases from region-sector i, v_j the
//! sector's own value added, o_j what is neither (taxes less subsidies on
//! products when the table names a separate value-added row; 0 for the
//! residual), and L = (I − A)⁻¹. With residual value added m_j = 1: the
//! whole cost of a unit of output is value added *somewhere*. The direct
//! split shows who sells the assembler its inputs; the total split traces
//! every input back to the work and capital that made it.
//!
//! In totals, direct purchases are z_ij (USD million) and value added is
//! v_i L_ij y_j: the value added of each origin embodied in the final
//! demand y_j for the sector's products (Timmer et al. 2014, "Slicing up
//! global value chains"), so that summing over origins gives y_j.
//!
//! Jobs per unit of output: Σ_{i ∈ r} e_i L_ij, region r's jobs sustained by
//! one unit of final demand for j (the jobs multiplier, eᵀL); in total
//! Σ_{i ∈ r} e_i L_ij y_j = jobs embodied in the final demand for j (ê L d,
//! [`crate::embodied`]).
//!
//! All of it comes from ONE forward solve, the column L e_j.

use serde::Serialize;

use crate::error::{MrioError, Result};
use crate::leontief::Leontief;
use crate::price::{PriceModel, TariffSchedule, TariffWedge};
use crate::system::Mrio;

/// A named group of sectors (e.g. "basic and fabricated metals").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectorGroup {
    /// Group name.
    pub name: String,
    /// Sector indices.
    pub sectors: Vec<usize>,
}

/// The categories the public argument uses, for the sector codes of the
/// tables autopact reads: transport equipment (parts and vehicles), basic
/// and fabricated metals (steel and aluminum), other goods (agriculture,
/// mining, manufacturing, utilities, construction) and services.
///
/// WIOD 2013 codes c1–c35 (c12 metals, c15 transport equipment, c19–c35
/// services) and OECD ICIO codes (D24/D25 metals, D29/D30 transport
/// equipment, D45 and above services) are recognised. For other codes the
/// answer is one group, "all sectors", and the second value says why.
pub fn default_sector_groups(sectors: &[String]) -> (Vec<SectorGroup>, Option<String>) {
    let wiod = |s: &str| s.strip_prefix('c').and_then(|n| n.parse::<u32>().ok());
    let icio = |s: &str| {
        s.strip_prefix('D')
            .and_then(|n| n.get(..2))
            .and_then(|n| n.parse::<u32>().ok())
    };
    type Classify = dyn Fn(u32) -> usize;
    type Number = dyn Fn(&str) -> Option<u32>;
    let (number, classify): (&Number, &Classify) = if sectors
        .iter()
        .all(|s| wiod(s).is_some_and(|n| (1..=35).contains(&n)))
    {
        (&wiod, &|n| match n {
            15 => 0,
            12 => 1,
            19.. => 3,
            _ => 2,
        })
    } else if sectors.iter().all(|s| icio(s).is_some()) {
        (&icio, &|n| match n {
            29 | 30 => 0,
            24 | 25 => 1,
            45.. => 3,
            _ => 2,
        })
    } else {
        return (
            vec![SectorGroup {
                name: "all sectors".into(),
                sectors: (0..sectors.len()).collect(),
            }],
            Some(
                "the table's sector codes are neither WIOD (c1–c35) nor OECD ICIO (Dnn); \
                     inputs are not split into parts, metals, other goods and services"
                    .into(),
            ),
        );
    };
    let names = [
        "transport equipment (parts and vehicles)",
        "basic and fabricated metals (steel, aluminum)",
        "other goods",
        "services",
    ];
    let mut groups: Vec<SectorGroup> = names
        .iter()
        .map(|n| SectorGroup {
            name: (*n).into(),
            sectors: vec![],
        })
        .collect();
    for (s, code) in sectors.iter().enumerate() {
        let g = classify(number(code).expect("checked above"));
        groups[g].sectors.push(s);
    }
    (groups, None)
}

/// The cost composition of one region-sector j (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostComposition {
    /// Flat index j of the destination region-sector.
    pub target: usize,
    /// Gross output x_j.
    pub output: f64,
    /// Final demand for j's products, y_j = Σ_k Y_jk.
    pub final_demand: f64,
    /// a_ij by supplying region-sector i (n).
    pub direct_inputs: Vec<f64>,
    /// v_j, j's own value added per unit of output.
    pub own_value_added: f64,
    /// o_j = 1 − Σ_i a_ij − v_j (taxes on products and other rows).
    pub other_direct: f64,
    /// L e_j: the total requirements of one unit of final demand for j (n).
    pub leontief_column: Vec<f64>,
    /// v_i L_ij by origin region-sector i (n).
    pub value_added: Vec<f64>,
}

impl CostComposition {
    /// Σ_i v_i L_ij: the value-added multiplier of j.
    pub fn value_added_multiplier(&self) -> f64 {
        self.value_added.iter().sum()
    }

    /// Stressor per unit of final demand for j by source region-sector:
    /// c_i L_ij (e.g. jobs with c = persons per unit of output).
    pub fn embodied_per_unit(&self, coefficients: &[f64]) -> Vec<f64> {
        coefficients
            .iter()
            .zip(&self.leontief_column)
            .map(|(c, l)| c * l)
            .collect()
    }
}

/// The cost composition of region-sector `target` with value-added
/// coefficients `v` (one forward solve).
pub fn cost_composition(
    mrio: &Mrio,
    leontief: &Leontief,
    v: &[f64],
    target: usize,
) -> Result<CostComposition> {
    let n = mrio.n();
    if target >= n || v.len() != n {
        return Err(MrioError::Dimension(format!(
            "target {target} and {} value-added coefficients for a table of {n} region-sectors",
            v.len()
        )));
    }
    let x = mrio.x()[target];
    let z = mrio.z();
    let direct_inputs: Vec<f64> = (0..n)
        .map(|i| if x != 0.0 { z[(i, target)] / x } else { 0.0 })
        .collect();
    let mut unit = vec![0.0; n];
    unit[target] = 1.0;
    let leontief_column = leontief.solve(&unit);
    let value_added = v.iter().zip(&leontief_column).map(|(a, b)| a * b).collect();
    let own_value_added = v[target];
    let other_direct = if x != 0.0 {
        1.0 - direct_inputs.iter().sum::<f64>() - own_value_added
    } else {
        0.0
    };
    Ok(CostComposition {
        target,
        output: x,
        final_demand: mrio.y().row(target).iter().sum(),
        direct_inputs,
        own_value_added,
        other_direct,
        leontief_column,
        value_added,
    })
}

/// Sums a region-sector vector over one region's sectors of each group.
pub fn by_group(mrio: &Mrio, values: &[f64], region: usize, groups: &[SectorGroup]) -> Vec<f64> {
    groups
        .iter()
        .map(|g| {
            g.sectors
                .iter()
                .map(|&s| values[mrio.index(region, s)])
                .sum()
        })
        .collect()
}

/// The price change of one region-sector under a set of tariffs, split
/// into the part caused by the tariffs one region levies on another's
/// products and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TariffSplit {
    /// Δp_j with every wedge.
    pub total: f64,
    /// Δp_j with only the wedges levied by `importer` on `exporter`.
    pub from_link: f64,
    /// total − from_link: the other wedges and their interaction.
    pub rest: f64,
}

/// Price change of `target` with all `wedges` and with only those levied
/// by `importer` on `exporter` (two schedules, one block of solves).
pub fn tariff_split(
    model: &PriceModel<'_>,
    mrio: &Mrio,
    wedges: &[TariffWedge],
    exporter: usize,
    importer: usize,
    target: usize,
) -> Result<TariffSplit> {
    let link: Vec<TariffWedge> = wedges
        .iter()
        .filter(|w| w.exporter == exporter && w.importer == importer)
        .cloned()
        .collect();
    let schedules = [
        TariffSchedule::new(mrio, wedges)?,
        TariffSchedule::new(mrio, &link)?,
    ];
    let effects = model.solve_many(&schedules)?;
    let total = effects[0].price_change[target];
    let from_link = effects[1].price_change[target];
    Ok(TariffSplit {
        total,
        from_link,
        rest: total - from_link,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multipliers::{coefficients, multipliers};
    use crate::price::{AppliesTo, PriceOptions};
    use crate::system::tests::{random_table, tiny};

    #[test]
    fn shares_sum_to_one_and_match_the_multipliers() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let v = coefficients(&m.value_added(), m.x());
        let mult = multipliers(&m, &l, &v, &[]);
        for j in 0..m.n() {
            let c = cost_composition(&m, &l, &v, j).unwrap();
            let direct = c.direct_inputs.iter().sum::<f64>() + c.own_value_added + c.other_direct;
            assert!((direct - 1.0).abs() < 1e-14);
            assert!(
                c.other_direct.abs() < 1e-14,
                "residual VA leaves nothing else"
            );
            assert!((c.value_added_multiplier() - 1.0).abs() < 1e-12);
            assert!((c.value_added_multiplier() - mult.value_added[j]).abs() < 1e-14);
            let r = m.region_of(j);
            let dom: f64 = m.region_range(r).map(|i| c.value_added[i]).sum();
            assert!((dom - mult.value_added_domestic[j]).abs() < 1e-14);
        }
    }

    #[test]
    fn leontief_column_equals_the_dense_inverse() {
        let mut seed = 7u64;
        let mut rnd = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let m = random_table(3, 5, &mut rnd);
        let l = Leontief::of(&m).unwrap();
        let inv = l.inverse();
        let v = coefficients(&m.value_added(), m.x());
        let e = coefficients(&m.extensions()[0].row(0), m.x());
        let c = cost_composition(&m, &l, &v, 7).unwrap();
        for i in 0..m.n() {
            assert!((c.leontief_column[i] - inv[(i, 7)]).abs() < 1e-14);
        }
        // Jobs in the final demand for j equal ê L d with d = y_j e_7.
        let mut d = vec![0.0; m.n()];
        d[7] = c.final_demand;
        let jobs = crate::jobs::embodied(&l, &e, &d);
        let per_unit = c.embodied_per_unit(&e);
        for i in 0..m.n() {
            assert!((per_unit[i] * c.final_demand - jobs[i]).abs() < 1e-9);
        }
    }

    #[test]
    fn groups_of_wiod_and_icio_codes() {
        let wiod: Vec<String> = (1..=35).map(|i| format!("c{i}")).collect();
        let (g, note) = default_sector_groups(&wiod);
        assert!(note.is_none());
        assert_eq!(g[0].sectors, vec![14]);
        assert_eq!(g[1].sectors, vec![11]);
        assert_eq!(g[3].sectors.len(), 17);
        assert_eq!(g.iter().map(|g| g.sectors.len()).sum::<usize>(), 35);
        let icio: Vec<String> = ["D01T02", "D24", "D25", "D29", "D30", "D45T47", "D35"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (g, _) = default_sector_groups(&icio);
        assert_eq!(g[0].sectors, vec![3, 4]);
        assert_eq!(g[1].sectors, vec![1, 2]);
        assert_eq!(g[2].sectors, vec![0, 6]);
        assert_eq!(g[3].sectors, vec![5]);
        let (g, note) = default_sector_groups(&["a".into(), "b".into()]);
        assert_eq!(g.len(), 1);
        assert!(note.is_some());
    }

    #[test]
    fn tariff_split_separates_the_link() {
        let m = tiny();
        let l = Leontief::of(&m).unwrap();
        let model = PriceModel::new(&m, &l, PriceOptions::default()).unwrap();
        let w = |importer, exporter, rate| TariffWedge {
            importer,
            exporter,
            sectors: vec![],
            rate,
            applies_to: AppliesTo::Intermediate,
        };
        let s = tariff_split(&model, &m, &[w(1, 0, 0.25)], 0, 1, 2).unwrap();
        assert!(s.total > 0.0 && s.rest.abs() < 1e-15);
        let s = tariff_split(&model, &m, &[w(1, 0, 0.25), w(0, 1, 0.1)], 0, 1, 2).unwrap();
        assert!(s.from_link > 0.0 && s.rest > 0.0);
        let alone = tariff_split(&model, &m, &[w(0, 1, 0.1)], 0, 1, 2).unwrap();
        assert!(alone.from_link == 0.0 && alone.total > 0.0);
    }
}
