//! Running a resolved scenario: baseline (no tariff change, all prices 1)
//! against the scenario, on one Leontief factorisation.

use autopact_mrio::{
    Leontief, Mrio, PriceEffects, PriceOptions, QuantityResponse, StressorCoefficients,
    TariffResponse, TariffSchedule, coefficients, tariff_response,
};
use serde::Serialize;

use crate::error::ScenarioError;
use crate::resolve::ResolvedScenario;

/// Jobs effects (in the employment stressor's unit).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobsEffects {
    /// Unit of the employment stressor.
    pub unit: String,
    /// Baseline jobs embodied in the flows the scenario taxes, by
    /// region-sector where the jobs are.
    pub exposed: Vec<f64>,
    /// Jobs change under the demand response, by region-sector.
    pub change: Vec<f64>,
}

/// Everything a scenario run produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioRun {
    /// The scenario as resolved.
    pub resolved: ResolvedScenario,
    /// Price effects.
    pub prices: PriceEffects,
    /// Quantity response of final demand and output.
    pub quantity: QuantityResponse,
    /// Value-added change at base prices, v̂ Δx, by region-sector.
    pub value_added_change: Vec<f64>,
    /// Jobs, when an employment satellite is named.
    pub jobs: Option<JobsEffects>,
}

/// Runs `resolved` on `mrio` (factored as `leontief`).
pub fn run(
    mrio: &Mrio,
    leontief: &Leontief,
    resolved: &ResolvedScenario,
) -> Result<ScenarioRun, ScenarioError> {
    let model_err = |e: autopact_mrio::MrioError| ScenarioError::Model(e.to_string());
    let wedges = resolved.wedges(mrio);
    let schedule = TariffSchedule::new(mrio, &wedges).map_err(model_err)?;
    let basket = resolved.basket.split('+').map(str::to_string).collect();
    let options = PriceOptions {
        basket: Some(basket),
        ..PriceOptions::default()
    };
    let response = tariff_response(mrio, leontief, &schedule, options, &|s| {
        resolved.elasticity_of(mrio, s)
    })
    .map_err(model_err)?;
    let v = coefficients(&mrio.value_added(), mrio.x());
    let value_added_change = response.change_of(&v);
    let jobs = resolved.employment.as_ref().map(|(ext_name, stressor)| {
        let ext = mrio.extension(ext_name).expect("resolved");
        let k = ext.stressor_index(stressor).expect("resolved");
        let e = StressorCoefficients::of(mrio, ext, k);
        let at_stake = response.jobs(mrio, leontief, &schedule, &e.coefficients);
        JobsEffects {
            unit: e.unit,
            exposed: at_stake.exposed,
            change: at_stake.change,
        }
    });
    let TariffResponse { prices, quantity } = response;
    Ok(ScenarioRun {
        resolved: resolved.clone(),
        prices,
        quantity,
        value_added_change,
        jobs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{diff_tables, regions_table, sectors_table, summary_table};
    use crate::resolve::resolve;
    use crate::spec::parse;
    use crate::test_table::table;

    fn scenario(rate: f64, elasticity: f64) -> String {
        format!(
            r#"schema_version = 1
name = "r{rate}"
[table]
source = "default"
[assumptions]
elasticity = {elasticity}
[employment]
extension = "employment"
[report]
focus = ["USA_goods"]
[[tariff]]
importer = "USA"
exporter = ["CAN", "MEX"]
sectors = ["goods"]
rate = {rate}
applies_to = "both"
"#
        )
    }

    fn go(text: &str) -> (ScenarioRun, Mrio) {
        let m = table();
        let l = Leontief::of(&m).unwrap();
        let s = parse("s.toml", text).unwrap();
        let r = resolve(&s, "s.toml", text, &m, "hash").unwrap();
        (run(&m, &l, &r).unwrap(), m)
    }

    #[test]
    fn zero_rate_changes_nothing() {
        let (r, _) = go(&scenario(0.0, 1.0));
        assert!(r.prices.price_change.iter().all(|v| *v == 0.0));
        assert!(r.quantity.delta_output.iter().all(|v| *v == 0.0));
        assert!(r.jobs.unwrap().change.iter().all(|v| *v == 0.0));
    }

    #[test]
    fn tariff_raises_us_prices_and_costs_jobs_abroad() {
        let (r, m) = go(&scenario(0.25, 1.0));
        assert!(r.prices.consumer_price_change[0] > 0.0);
        let usa_goods = m.index(0, 0);
        assert!(r.prices.price_change[usa_goods] > 0.0);
        assert!(r.prices.cascade[usa_goods] >= 0.0);
        let jobs = r.jobs.as_ref().unwrap();
        let can: f64 = m.region_range(1).map(|i| jobs.change[i]).sum();
        assert!(
            can < 0.0,
            "Canadian jobs fall when the US taxes Canadian goods"
        );
        assert!(m.region_range(1).map(|i| jobs.exposed[i]).sum::<f64>() > 0.0);
        let (r0, _) = go(&scenario(0.25, 0.0));
        assert!(
            r0.quantity.delta_output.iter().all(|v| *v == 0.0),
            "ε = 0: pure pass-through"
        );
    }

    #[test]
    fn reruns_are_byte_identical_and_diff_shows_changes() {
        let (a, m) = go(&scenario(0.25, 1.0));
        let (a2, _) = go(&scenario(0.25, 1.0));
        for (x, y) in [
            (regions_table(&a, &m), regions_table(&a2, &m)),
            (sectors_table(&a, &m), sectors_table(&a2, &m)),
            (summary_table(&a, &m), summary_table(&a2, &m)),
        ] {
            let (mut bx, mut by) = (Vec::new(), Vec::new());
            x.write_json(&mut bx).unwrap();
            y.write_json(&mut by).unwrap();
            assert_eq!(bx, by);
        }
        let (b, _) = go(&scenario(0.10, 1.0));
        let (assumptions, results) = diff_tables(&a, &b, &m);
        let fields: Vec<String> = assumptions.rows.iter().map(|r| r[0].machine()).collect();
        assert!(fields.contains(&"tariffs".to_string()) && fields.contains(&"name".to_string()));
        assert!(!fields.contains(&"basket".to_string()));
        let usa_cpi = &results.rows[0];
        assert_eq!(usa_cpi[1].machine(), "consumer_price_change");
        if let (autopact_core::Value::Float(va), autopact_core::Value::Float(vb)) =
            (&usa_cpi[2], &usa_cpi[3])
        {
            assert!(vb < va, "a 10% tariff raises US prices less than 25%");
        } else {
            panic!("floats expected");
        }
    }
}
