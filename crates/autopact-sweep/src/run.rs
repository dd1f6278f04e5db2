//! Solving a block of draws of one table and scenario together.
//!
//! Per block: one price model on the table's factorisation, all draws'
//! price systems solved by the block fixed-point iteration of
//! [`PriceModel::solve_many`] (each step one transposed solve with one
//! column per draw), then the output response Δx = L ΔY and the jobs
//! exposed ê L D as two more block solves. Nothing is factored per cell.

use autopact_mrio::{
    Leontief, Mrio, PriceModel, PriceOptions, TariffSchedule, coefficients, final_demand_response,
    taxed_flows,
};
use autopact_scenario::ResolvedScenario;
use faer::Mat;

use crate::error::SweepError;
use crate::param::{Apply, Target, drawn_scenario};
use crate::random::Stream;
use crate::spec::Parameter;

/// The results of one cell, by region-sector (consumer prices by region).
#[derive(Debug, Clone, PartialEq)]
pub struct CellResult {
    /// The draw.
    pub draw: u32,
    /// The parameters' drawn values, in sweep-file order.
    pub values: Vec<f64>,
    /// Δp, producer price change (fraction).
    pub price_change: Vec<f64>,
    /// Consumer-price change of each region's basket (fraction).
    pub consumer_price_change: Vec<f64>,
    /// Δx, output change (table units).
    pub output_change: Vec<f64>,
    /// v̂ Δx, value-added change (table units).
    pub value_added_change: Vec<f64>,
    /// ê Δx, jobs change, when the scenario names an employment satellite.
    pub jobs_change: Option<Vec<f64>>,
    /// Baseline jobs embodied in the taxed flows.
    pub jobs_exposed: Option<Vec<f64>>,
}

/// The parameters' values of draw `draw` (the same in every table and
/// scenario, whatever the sharding).
pub fn draw_values(parameters: &[Parameter], seed: u64, draw: u32) -> Result<Vec<f64>, SweepError> {
    parameters
        .iter()
        .map(|p| {
            p.dist
                .sample(&mut Stream::new(seed, &p.name.value, draw))
                .ok_or_else(|| {
                    SweepError::Model(format!(
                        "parameter {:?} (line {}): the truncated normal found no value inside \
                         [low, high] in a million tries; widen the interval or move the mean",
                        p.name.value, p.name.line
                    ))
                })
        })
        .collect()
}

/// The scenario of one draw (for checks and one-cell-at-a-time runs).
pub fn scenario_of_draw(
    base: &ResolvedScenario,
    mrio: &Mrio,
    parameters: &[Parameter],
    values: &[f64],
) -> ResolvedScenario {
    let targets: Vec<(&Target, Apply)> = parameters.iter().map(|p| (&p.target, p.apply)).collect();
    drawn_scenario(base, mrio, &targets, values)
}

/// Solves draws `first..end` of scenario `base` on `mrio` together.
pub fn solve_block(
    mrio: &Mrio,
    leontief: &Leontief,
    base: &ResolvedScenario,
    parameters: &[Parameter],
    seed: u64,
    first: u32,
    end: u32,
) -> Result<Vec<CellResult>, SweepError> {
    let model_err =
        |e: autopact_mrio::MrioError| SweepError::Model(format!("scenario {:?}: {e}", base.name));
    let n = mrio.n();
    let mut values = Vec::new();
    let mut scenarios = Vec::new();
    let mut schedules = Vec::new();
    for d in first..end {
        let v = draw_values(parameters, seed, d)?;
        let s = scenario_of_draw(base, mrio, parameters, &v);
        schedules.push(TariffSchedule::new(mrio, &s.wedges(mrio)).map_err(model_err)?);
        values.push(v);
        scenarios.push(s);
    }
    let m = schedules.len();
    let model = PriceModel::new(
        mrio,
        leontief,
        PriceOptions {
            basket: Some(base.basket.split('+').map(str::to_string).collect()),
            ..PriceOptions::default()
        },
    )
    .map_err(model_err)?;
    let effects = model.solve_many(&schedules).map_err(model_err)?;
    let mut dx = Mat::<f64>::zeros(n, m);
    for k in 0..m {
        let s = &scenarios[k];
        let dy = final_demand_response(mrio, &schedules[k], &effects[k], &|sec| {
            s.elasticity_of(mrio, sec)
        });
        for (i, v) in dy.into_iter().enumerate() {
            dx[(i, k)] = v;
        }
    }
    leontief.solve_in_place(dx.as_mut());
    let va = coefficients(&mrio.value_added(), mrio.x());
    let jobs = match &base.employment {
        None => None,
        Some((ext, stressor)) => {
            let ext = mrio
                .extension(ext)
                .ok_or_else(|| SweepError::Model(format!("the table has no extension {ext:?}")))?;
            let k = ext
                .stressor_index(stressor)
                .ok_or_else(|| SweepError::Model(format!("no stressor {stressor:?}")))?;
            let e = coefficients(&ext.row(k), mrio.x());
            let mut exposed = Mat::<f64>::zeros(n, m);
            for (c, s) in schedules.iter().enumerate() {
                for (i, v) in taxed_flows(mrio, s).into_iter().enumerate() {
                    exposed[(i, c)] = v;
                }
            }
            leontief.solve_in_place(exposed.as_mut());
            Some((e, exposed))
        }
    };
    let scaled = |coef: &[f64], mat: &Mat<f64>, k: usize| -> Vec<f64> {
        coef.iter()
            .enumerate()
            .map(|(i, c)| c * mat[(i, k)])
            .collect()
    };
    Ok(effects
        .into_iter()
        .zip(values)
        .enumerate()
        .map(|(k, (eff, values))| CellResult {
            draw: first + k as u32,
            values,
            price_change: eff.price_change,
            consumer_price_change: eff.consumer_price_change,
            output_change: dx.col(k).iter().copied().collect(),
            value_added_change: scaled(&va, &dx, k),
            jobs_change: jobs.as_ref().map(|(e, _)| scaled(e, &dx, k)),
            jobs_exposed: jobs.as_ref().map(|(e, x)| scaled(e, x, k)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::parse;

    const SCENARIO: &str = include_str!("../../../scenarios/us-2025-hand-typed.toml");

    fn setup(sweep_text: &str) -> (Mrio, Leontief, ResolvedScenario, crate::Sweep) {
        let mrio = autopact_data::default_table().unwrap();
        let l = Leontief::of(&mrio).unwrap();
        let spec = autopact_scenario::parse("us.toml", SCENARIO).unwrap();
        let sha = mrio.provenance().sha256.clone().unwrap_or_default();
        let r = autopact_scenario::resolve(&spec, "us.toml", SCENARIO, &mrio, &sha).unwrap();
        let sweep = parse("s.toml", sweep_text).unwrap();
        (mrio, l, r, sweep)
    }

    const SWEEP: &str = r#"[sweep]
scenarios = ["us.toml"]
draws = 6
seed = 7
[[uncertain]]
name = "elasticity"
dist = "uniform"
low = 0.5
high = 1.5
[[uncertain]]
name = "tariff.USA.CAN.c15"
dist = "triangular"
low = 0.0
mode = 0.25
high = 0.25
[[uncertain]]
name = "tariff.*.*.c12"
dist = "beta"
alpha = 4
beta = 4
low = 0.5
high = 1.5
apply = "scale"
"#;

    fn close(a: &[f64], b: &[f64], what: &str) {
        let scale = b.iter().fold(1e-300f64, |m, v| m.max(v.abs()));
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= 1e-12 * scale, "{what}: {x} vs {y}");
        }
    }

    /// Every cell of a batched block equals the scenario runner applied to
    /// that draw's scenario alone (its own price solve, its own Δx = L Δy).
    #[test]
    fn batched_block_equals_cell_by_cell_scenario_runs() {
        let (mrio, l, base, sweep) = setup(SWEEP);
        let cells = solve_block(&mrio, &l, &base, &sweep.parameters, sweep.seed, 0, 6).unwrap();
        assert_eq!(cells.len(), 6);
        for c in &cells {
            let s = scenario_of_draw(&base, &mrio, &sweep.parameters, &c.values);
            let one = autopact_scenario::run(&mrio, &l, &s).unwrap();
            close(&c.price_change, &one.prices.price_change, "price");
            close(
                &c.consumer_price_change,
                &one.prices.consumer_price_change,
                "cpi",
            );
            close(&c.output_change, &one.quantity.delta_output, "output");
            close(&c.value_added_change, &one.value_added_change, "va");
            let jobs = one.jobs.unwrap();
            close(c.jobs_change.as_ref().unwrap(), &jobs.change, "jobs");
            close(c.jobs_exposed.as_ref().unwrap(), &jobs.exposed, "exposed");
            assert!((0.5..=1.5).contains(&c.values[0]));
            assert_eq!(s.elasticity, c.values[0]);
            let rate = |s: &ResolvedScenario, i: &str, e: &str, sec: &str| {
                s.tariffs
                    .iter()
                    .filter(|t| {
                        t.importer == i && t.exporter == e && t.sectors.iter().any(|x| x == sec)
                    })
                    .map(|t| t.rate)
                    .next_back()
                    .unwrap()
            };
            assert_eq!(rate(&s, "USA", "CAN", "c15"), c.values[1]);
            let base_c12 = rate(&base, "USA", "CAN", "c12");
            assert!((rate(&s, "USA", "CAN", "c12") - base_c12 * c.values[2]).abs() < 1e-15);
        }
        // Draws differ, and draw 3 is the same when solved in another block.
        assert_ne!(cells[0].values, cells[1].values);
        let again = solve_block(&mrio, &l, &base, &sweep.parameters, sweep.seed, 3, 4).unwrap();
        assert_eq!(again[0].values, cells[3].values);
        close(&again[0].price_change, &cells[3].price_change, "reblocked");
    }

    #[test]
    fn unknown_tariff_names_what_would_match() {
        let (mrio, _, base, _) = setup(SWEEP);
        let t = crate::param::Target::parse("tariff.CAN.USA.c15").unwrap();
        let e = t.check(&mrio, std::slice::from_ref(&base)).unwrap_err();
        assert!(
            e.contains("names no tariff") && e.contains("tariff.USA.CAN.c15"),
            "{e}"
        );
        let t = crate::param::Target::parse("elasticity.c99").unwrap();
        assert!(
            t.check(&mrio, &[base])
                .unwrap_err()
                .contains("no sector \"c99\"")
        );
    }
}
