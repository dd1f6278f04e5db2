//! USMCA rules of origin for a BOM, cost sheets or a reference vehicle:
//! the request's settings checked, the input turned into the engine's
//! request, the result as tables. The documents are
//! [`autopact_api_types::wire::roo`].

use anyhow::{Context as _, Result, anyhow, bail};
use autopact_core::{Column, Table, Value};
use autopact_law::hint::{Fact, Hint};
use autopact_law::money::{fmt_money, fmt_pct, parse_decimal};
use autopact_law::roo::{
    Bom, Category, CostSheet, Good, RooError, RooRequest, RooResult, RooRules, qualify,
};
use autopact_law::{Decimal, LawDb, NaiveDate, vehicles};

use crate::Field;

/// What is determined.
pub enum RooGood {
    /// A bill of materials (read by the front end).
    Bom(Bom),
    /// Cost sheets, averaged, with how they are named in errors.
    CostSheets {
        /// The sheets.
        sheets: Vec<CostSheet>,
        /// Their names joined by spaces.
        names: String,
    },
    /// A built-in reference vehicle by name.
    Vehicle(String),
}

/// The settings of a determination.
#[derive(Debug, Clone)]
pub struct RooSettings {
    /// Date of the determination.
    pub date: NaiveDate,
    /// Category override.
    pub category: Option<Category>,
    /// RVC threshold (percent) for a good outside the automotive tables.
    pub rvc_threshold: Option<Decimal>,
    /// Allow dates after the law data's as-of date.
    pub beyond_as_of: bool,
    /// Build the per-component table.
    pub component_table: bool,
}

/// Checks the settings (errors name the field).
pub fn settings(
    date: &str,
    category: Option<&str>,
    rvc_threshold: Option<&str>,
    beyond_as_of: bool,
    component_table: bool,
) -> Result<RooSettings> {
    let date: NaiveDate = date
        .parse()
        .map_err(|_| anyhow!("{date:?} is not a date (YYYY-MM-DD)"))
        .context(Field::new("date"))?;
    let category = category
        .map(|c| {
            Category::parse(c)
                .ok_or_else(|| {
                    anyhow!(
                        "unknown category {c:?} (known: {})",
                        Category::known_names()
                    )
                })
                .context(Field::new("category"))
        })
        .transpose()?;
    let rvc_threshold = rvc_threshold
        .map(|s| {
            parse_decimal(s)
                .map_err(|e| anyhow!("{e}"))
                .context(Field::new("rvc_threshold"))
        })
        .transpose()?;
    if let Some(t) = rvc_threshold
        && (t <= Decimal::ZERO || t > Decimal::ONE_HUNDRED)
    {
        return Err(anyhow!("{t} is not a percentage in (0, 100]"))
            .context(Field::new("rvc_threshold"));
    }
    Ok(RooSettings {
        date,
        category,
        rvc_threshold,
        beyond_as_of,
        component_table,
    })
}

/// A determination and what a front end tells its user beside it.
pub struct Determination {
    /// The result.
    pub result: RooResult,
    /// True for the illustrative reference vehicles.
    pub illustrative: bool,
    /// Notes about the input (averaging, illustrative values), in order.
    pub notes: Vec<String>,
}

/// Determines whether `good` is originating. `input_name` names the input
/// in errors about its content (a file name, or the request field).
pub fn determine(
    db: &LawDb,
    rules: &RooRules,
    good: &RooGood,
    input_name: &str,
    s: &RooSettings,
) -> Result<Determination> {
    let mut notes = Vec::new();
    let mut illustrative = false;
    let bom: Bom;
    let sheet;
    let mut req = match good {
        RooGood::Bom(b) => RooRequest::new(Good::Bom(b), s.date),
        RooGood::CostSheets { sheets, names } => {
            if sheets.is_empty() {
                bail!("no cost sheet given");
            }
            sheet = CostSheet::average(sheets)
                .map_err(|e| anyhow!("{e}"))
                .context(Field::with("cost_sheet", names))?;
            if sheets.len() > 1 {
                notes.push(format!(
                    "assumption: RVC averaged over {} cost sheets (SOR/2020-155 s.16): the costs are summed",
                    sheets.len()
                ));
            }
            RooRequest::new(Good::CostSheet(&sheet), s.date)
        }
        RooGood::Vehicle(name) => {
            let v = vehicles::get(name)?.ok_or_else(|| {
                anyhow!(
                    "unknown reference vehicle {name:?} (known: {})",
                    vehicles::names().join(", ")
                )
            })?;
            illustrative = true;
            notes.push(format!("{}: ILLUSTRATIVE values ({})", v.title, v.basis));
            bom = Bom::build(v.lines.clone())
                .map_err(|e| anyhow!("built-in vehicle {name}: {e:?}"))?;
            let mut r = RooRequest::new(Good::Bom(&bom), s.date);
            // The vehicle file states the LVC credits; the BOM gives the high-wage spend.
            r.lvc = v.lvc_with(&bom);
            r.metals = v.metals.clone();
            r
        }
    };
    req.category = s.category;
    req.rvc_threshold = s.rvc_threshold;
    req.beyond_as_of = s.beyond_as_of;
    req.component_table = s.component_table;
    let result = qualify(db, rules, &req).map_err(|e: RooError| {
        let date = matches!(e, RooError::DateOutsideData { .. });
        let text = match e.hint().as_ref().and_then(flag_for) {
            Some(f) => format!("{e}: {f}"),
            None => e.to_string(),
        };
        if date {
            anyhow!(text).context(Field::new("date"))
        } else {
            anyhow!("{input_name}: {text}")
        }
    })?;
    Ok(Determination {
        result,
        illustrative,
        notes,
    })
}

/// How this command's user supplies what a hint asks for.
pub fn flag_for(h: &Hint) -> Option<&'static str> {
    match h.fact {
        Fact::BeyondAsOf => Some("pass --beyond-as-of"),
        Fact::RvcMethod => Some("give --rvc-threshold PCT (or rvc_threshold in a cost sheet)"),
        Fact::OriginCategory => Some("give --category NAME"),
        _ => None,
    }
}

/// A hint in this command's words.
pub fn hint_text(h: &Hint) -> String {
    match flag_for(h) {
        Some(f) => format!("{}: {f}", h.message),
        None => h.message.clone(),
    }
}

fn opt_dec(v: Option<Decimal>) -> Value {
    v.map(|d| Value::Decimal(fmt_pct(d))).unwrap_or(Value::Null)
}

/// The tests as a table.
pub fn tests_table(r: &RooResult) -> Table {
    let mut t = Table::new(
        "roo-tests",
        vec![
            Column::new("test"),
            Column::new("method"),
            Column::with_unit("value", "%"),
            Column::with_unit("threshold", "%"),
            Column::new("passed"),
            Column::with_unit("gap", "pp"),
            Column::new("citation"),
        ],
    );
    for x in &r.tests {
        t.push(vec![
            x.name.clone().into(),
            x.method.clone().into(),
            opt_dec(x.value),
            opt_dec(x.threshold),
            match x.passed {
                Some(b) => Value::Bool(b),
                None => "not evaluated".into(),
            },
            opt_dec(x.gap),
            x.citation.clone().into(),
        ]);
    }
    t.meta("good", format!("{} {}", r.good_id, r.description));
    t.meta("category", r.category.as_str());
    t.meta(
        "originating",
        format!("{} ({:?})", r.originating, r.outcome),
    );
    t.meta(
        "net cost / VNM",
        format!("{} / {}", fmt_money(r.net_cost), fmt_money(r.vnm)),
    );
    t.meta("date", r.date.to_string());
    t.meta("law data as of", r.law_as_of.to_string());
    t
}

/// The components as a table.
pub fn components_table(r: &RooResult) -> Table {
    let mut t = Table::new(
        "roo-components",
        vec![
            Column::new("part_id"),
            Column::new("parent_id"),
            Column::new("level"),
            Column::new("hs"),
            Column::new("origin"),
            Column::new("value"),
            Column::new("status"),
            Column::new("vnm"),
            Column::new("core_class"),
            Column::new("reason"),
        ],
    );
    for c in &r.components {
        t.push(vec![
            c.part_id.clone().into(),
            c.parent_id.clone().map(Value::Text).unwrap_or(Value::Null),
            Value::Int(c.level as i64),
            c.hs.clone().map(Value::Text).unwrap_or(Value::Null),
            c.origin.clone().map(Value::Text).unwrap_or(Value::Null),
            Value::Decimal(fmt_money(c.value)),
            c.status.into(),
            Value::Decimal(fmt_money(c.vnm)),
            c.core_class.clone().map(Value::Text).unwrap_or(Value::Null),
            c.reason.as_ref().into(),
        ]);
    }
    t
}

/// The determination as text for people (the CLI's `roo` without
/// `--format`): the tests, the gaps to qualify, the components that would
/// flip the result, then the per-component table (`components`) and the
/// explanation tree (`explain`).
pub fn text_report(r: &RooResult, components: bool, explain: bool) -> Result<String> {
    use std::io::Write as _;
    let mut buf = Vec::new();
    tests_table(r).write_text(&mut buf)?;
    let gaps: Vec<_> = autopact_api_types::wire::failing(r).collect();
    if !gaps.is_empty() {
        writeln!(buf, "\ngap to qualify:")?;
        for t in gaps {
            writeln!(
                buf,
                "  {}: {}",
                t.name,
                t.gap_text.as_deref().unwrap_or("-")
            )?;
        }
    }
    if !r.flips.is_empty() {
        writeln!(buf, "\ncomponents that would flip the result:")?;
        for f in &r.flips {
            writeln!(
                buf,
                "  {} ({}) [{}], {}: {}",
                f.part_id,
                f.description,
                f.test,
                fmt_money(f.value),
                f.effect
            )?;
        }
    }
    if components || explain {
        writeln!(buf)?;
        components_table(r).write_text(&mut buf)?;
    }
    if explain {
        writeln!(buf)?;
        buf.extend_from_slice(r.explanation.to_text().as_bytes());
    }
    Ok(String::from_utf8(buf)?)
}
