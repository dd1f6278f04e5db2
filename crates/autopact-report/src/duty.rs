//! The duty stack on one entry: the request → the law engine's query, the
//! stack as a table, and the engine's refusals worded with the option that
//! would supply what is missing.

use anyhow::{Context as _, Result, anyhow};
use autopact_api_types::request::{DutyRequest, Quota};
use autopact_core::{Column, Table, Value};
use autopact_law::duty::{DutyError, DutyQuery, DutyStack, GoodFacts, QuotaStatus};
use autopact_law::money::{fmt_money, fmt_pct, parse_decimal};
use autopact_law::{Decimal, Fact, Hint, HsCode, LawDb, NaiveDate};

use crate::{Field, FieldNote};

fn money(field: &'static str, v: &Option<String>) -> Result<Option<Decimal>> {
    v.as_deref()
        .map(|s| {
            parse_decimal(s)
                .map_err(|e| anyhow!("{e}"))
                .context(Field::new(field))
        })
        .transpose()
}

/// A country code as the law takes it: ISO 3166 alpha-2, upper case. A
/// group (`EU`) or an unassigned code (`XX`) is refused here, naming the
/// field, rather than matching no measure and pricing the good as if it
/// came from a country without a deal. The importer is checked by the law
/// (only US, CA and MX have law data).
///
/// An ISO alpha-3 code (`USA`, `JPN`: also the table's region codes of
/// single countries) is read as its alpha-2 code, so that every command
/// takes the same places; the document's `importer`/`origin` say which
/// code was used.
fn country(field: &'static str, s: &str) -> Result<String> {
    let t = s.trim().to_ascii_uppercase();
    let shaped = t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic());
    if shaped && (field == "importer" || autopact_law::country::is_country(&t)) {
        return Ok(t);
    }
    if t.len() == 3
        && let Some(a2) = autopact_law::country::alpha2(&t)
    {
        return Ok(a2.to_string());
    }
    let advice = autopact_law::country::advice(&t, field == "origin");
    Err(anyhow!(
        "{s:?} is not a country: give an ISO 3166 alpha-2 country code (JP) or its alpha-3 code (JPN){advice}"
    ))
    .context(Field::new(field))
}

/// The law engine's query for a request.
pub fn query(a: &DutyRequest) -> Result<DutyQuery> {
    let date: NaiveDate = a
        .date
        .parse()
        .map_err(|_| anyhow!("{:?} is not a date (YYYY-MM-DD)", a.date))
        .context(Field::new("date"))?;
    Ok(DutyQuery {
        importer: country("importer", &a.importer)?,
        date,
        hts: HsCode::parse(&a.hts).context(Field::new("hts"))?,
        origin: country("origin", &a.origin)?,
        value: parse_decimal(&a.value)
            .map_err(|e| anyhow!("{e}"))
            .context(Field::new("value"))?,
        facts: GoodFacts {
            usmca_qualifying: Some(a.usmca_qualifying),
            us_content: money("us_content", &a.us_content)?,
            ca_mx_content: money("ca_mx_content", &a.ca_mx_content)?,
            steel_content: money("steel_content", &a.steel_content)?,
            aluminum_content: money("aluminum_content", &a.aluminum_content)?,
            copper_content: money("copper_content", &a.copper_content)?,
            melt_pour: a
                .melt_pour
                .as_deref()
                .map(|c| country("melt_pour", c))
                .transpose()?,
            smelt_cast: a
                .smelt_cast
                .as_deref()
                .map(|c| country("smelt_cast", c))
                .transpose()?,
            quota: a.quota.map(|q| match q {
                Quota::In => QuotaStatus::In,
                Quota::Out => QuotaStatus::Out,
            }),
            remission: a.remission,
            vehicle_manufacturing: a.vehicle_manufacturing,
            metal_weight_pct: money("metal_weight_share", &a.metal_weight_share)?,
            vehicle_age_years: a.vehicle_age,
            loaded_on: a
                .loaded
                .as_deref()
                .map(|d| {
                    d.parse::<NaiveDate>()
                        .map_err(|_| anyhow!("{d:?} is not a date (YYYY-MM-DD)"))
                        .context(Field::new("loaded"))
                })
                .transpose()?,
            listed: a.listed.clone(),
        },
        column1_rate: money("mfn_rate", &a.mfn_rate)?,
        quantity: money("quantity", &a.quantity)?,
        include_unconfirmed: a.include_unconfirmed,
        beyond_as_of: a.beyond_as_of,
    })
}

/// The request field that supplies a fact, if there is one.
pub fn fact_field(fact: Fact) -> Option<&'static str> {
    Some(match fact {
        Fact::Quantity => "quantity",
        Fact::Column1Rate => "mfn_rate",
        Fact::TariffLine => "hts",
        Fact::UsmcaClaim => "usmca_qualifying",
        Fact::UsContent => "us_content",
        Fact::CaMxContent => "ca_mx_content",
        Fact::SteelContent => "steel_content",
        Fact::AluminumContent => "aluminum_content",
        Fact::CopperContent => "copper_content",
        Fact::MeltPour => "melt_pour",
        Fact::SmeltCast => "smelt_cast",
        Fact::QuotaStatus => "quota",
        Fact::MetalWeight => "metal_weight_share",
        Fact::VehicleManufacturing => "vehicle_manufacturing",
        Fact::VehicleAge => "vehicle_age",
        Fact::LoadedDate => "loaded",
        Fact::Listed => "listed",
        Fact::Unconfirmed => "include_unconfirmed",
        Fact::BeyondAsOf => "beyond_as_of",
        _ => return None,
    })
}

/// `"use --quantity QTY: the quantity in liter"`.
pub fn hint_words(h: &Hint) -> String {
    match autopact_api_types::wire::option_for(h.fact) {
        Some(o) => format!("use {o}: {}", h.message),
        None => format!("{} ({})", h.message, h.fact.id()),
    }
}

/// The engine's refusal worded for people, naming (as a [`Field`] in the
/// chain, for the API) the field that would supply what is missing. The
/// text is the same with or without the field.
pub fn refusal(e: DutyError) -> anyhow::Error {
    match e.hint() {
        Some(h) => {
            let text = format!("{e} ({})", hint_words(&h));
            match fact_field(h.fact) {
                Some(f) => anyhow::Error::new(FieldNote {
                    field: Field::new(f),
                    text,
                }),
                None => anyhow!(text),
            }
        }
        None => anyhow!(e),
    }
}

/// The duty stack of a request under the law `db`.
pub fn stack(db: &LawDb, req: &DutyRequest) -> Result<(DutyQuery, DutyStack)> {
    let q = query(req)?;
    let s = autopact_law::duty::duty_stack(db, &q).map_err(refusal)?;
    Ok((q, s))
}

/// The stack as a table: one row per layer and a total.
pub fn table(s: &DutyStack) -> Table {
    let cur = s.currency.clone();
    let mut t = Table::new(
        "duty-stack",
        vec![
            Column::new("measure_id"),
            Column::new("heading"),
            Column::with_unit("base", cur.clone()),
            Column::with_unit("rate", "%"),
            Column::with_unit("amount", cur.clone()),
            Column::new("confidence"),
            Column::new("citation"),
        ],
    );
    for l in &s.layers {
        t.push(vec![
            l.measure_id.clone().into(),
            l.heading.clone().map(Value::Text).unwrap_or(Value::Null),
            Value::Decimal(fmt_money(l.base)),
            Value::Decimal(fmt_pct(l.rate)),
            Value::Decimal(fmt_money(l.amount)),
            if l.unconfirmed {
                "UNCONFIRMED".into()
            } else {
                l.confidence.as_str().into()
            },
            l.citation.clone().into(),
        ]);
    }
    t.push(vec![
        "TOTAL".into(),
        Value::Null,
        Value::Null,
        Value::Decimal(fmt_pct(s.effective_rate)),
        Value::Decimal(fmt_money(s.total)),
        Value::Null,
        Value::Null,
    ]);
    t.meta("law data as of", s.law_as_of.to_string());
    t.meta(
        "rounding",
        "each layer to the cent, half away from zero; total = sum of layers",
    );
    if !s.unconfirmed_used.is_empty() {
        t.meta("UNCONFIRMED measures used", s.unconfirmed_used.join(", "));
    }
    if !s.user_measures_used.is_empty() {
        t.meta(
            "USER-SUPPLIED measures used",
            s.user_measures_used.join(", "),
        );
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(origin: &str, listed: &[&str]) -> DutyRequest {
        serde_json::from_value(serde_json::json!({
            "importer": "US",
            "date": "2025-11-01",
            "hts": "8409.91.99",
            "origin": origin,
            "value": "1000",
            "listed": listed,
        }))
        .unwrap()
    }

    /// Audit W8 and W9: an origin that is not a country and a list the law
    /// does not know are refused naming the field, which the API answers
    /// as a 422 for that field (`autopact-server`'s `ApiError::input`).
    #[test]
    fn w8_w9_refusals_name_the_field() {
        let db = LawDb::builtin().unwrap();
        for origin in ["EU", "XX"] {
            let e = stack(&db, &request(origin, &[])).unwrap_err();
            assert_eq!(Field::of(&e).map(|f| f.name), Some("origin"), "{e:#}");
            assert!(format!("{e:#}").contains("ISO 3166 alpha-2"), "{e:#}");
        }
        let e = stack(&db, &request("DE", &["us232-auto-parts-inclusions"])).unwrap_err();
        assert_eq!(Field::of(&e).map(|f| f.name), Some("listed"), "{e:#}");
        assert!(
            format!("{e:#}").contains("known lists are:")
                && format!("{e:#}").contains("us232-auto-parts-inclusion,"),
            "{e:#}"
        );
        assert!(stack(&db, &request("DE", &["us232-auto-parts-inclusion"])).is_ok());
    }

    /// One vocabulary for places: alpha-3 codes (the table's `USA`, `JPN`)
    /// are read as their alpha-2 codes; `EUR` (a table region, not a
    /// country) is refused with the forms that are accepted.
    #[test]
    fn alpha3_codes_are_read_as_alpha2() {
        assert_eq!(country("importer", "USA").unwrap(), "US");
        assert_eq!(country("origin", "jpn").unwrap(), "JP");
        assert_eq!(country("origin", "MX").unwrap(), "MX");
        let e = format!("{:#}", country("origin", "EUR").unwrap_err());
        assert!(e.contains("alpha-2") && e.contains("alpha-3"), "{e}");
    }
}
