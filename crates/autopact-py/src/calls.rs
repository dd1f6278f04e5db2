//! The calls behind the Python API, in plain Rust: keyword arguments (a
//! JSON object) → the command's request type → the library call the CLI
//! makes → a [`Frame`]. No PyO3 here, so `cargo test` checks all of it.
//!
//! Keyword arguments are the CLI's flags in snake_case, deserialised into
//! the same request types the CLI's flags and the HTTP API's bodies are
//! (`autopact_api_types::request`): defaults, enum values and unknown
//! names are decided there, once. A repeatable flag takes one value or a
//! list. The calls are the CLI's: `autopact_report` builders,
//! `autopact::frontend` where a file or the law's trade weights are read,
//! `autopact_data` loaders.

use std::path::PathBuf;
use std::sync::OnceLock;

use anyhow::{Context as _, Result};
use autopact_api_types::request::{
    ContributionRequest, DutyRequest, ExtractRequest, InfoRequest, JobsRequest, MultipliersRequest,
    PriceRequest, VaContentRequest, WedgesRequest,
};
use autopact_core::{Located, Location, Table};
use autopact_law::LawDb;
use autopact_law::roo::RooRules;
use autopact_mrio::{Leontief, Mrio};
use autopact_report::Field;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A result for Python: the table whose columns are the CLI's CSV
/// columns, the `attrs` of its DataFrame, and the warnings the CLI prints
/// on stderr.
#[derive(Debug)]
pub struct Frame {
    /// The rows.
    pub table: Table,
    /// What the CLI's `--format json` carries besides the rows: the
    /// table's `meta` (a key given more than once holds the list of its
    /// values), or the rest of the command's own document (`duty`, `roo`),
    /// plus `kind` and `units` (column → unit).
    pub attrs: Map<String, Value>,
    /// Counted warnings about a derivation from the law.
    pub warnings: Vec<String>,
}

impl Frame {
    /// A table command's frame: `attrs` from its `meta`.
    fn of(table: Table) -> Self {
        let mut attrs = Map::new();
        for (k, v) in &table.meta {
            match attrs.get_mut(k) {
                None => {
                    attrs.insert(k.clone(), Value::String(v.clone()));
                }
                Some(Value::Array(list)) => list.push(Value::String(v.clone())),
                Some(first) => {
                    let first = first.take();
                    attrs.insert(k.clone(), Value::Array(vec![first, v.clone().into()]));
                }
            }
        }
        Frame::with_attrs(table, attrs)
    }

    /// A frame whose `attrs` are `attrs`, plus `kind` and `units`.
    fn with_attrs(table: Table, mut attrs: Map<String, Value>) -> Self {
        attrs.insert("kind".into(), table.kind.clone().into());
        let units: Map<String, Value> = table
            .columns
            .iter()
            .filter_map(|c| c.unit.clone().map(|u| (c.name.clone(), u.into())))
            .collect();
        attrs.insert("units".into(), units.into());
        Frame {
            table,
            attrs,
            warnings: Vec::new(),
        }
    }

    fn warned(mut self, warnings: Vec<String>) -> Self {
        self.warnings = warnings;
        self
    }
}

/// A keyword argument the call refused: its name and why.
#[derive(Debug)]
pub struct ArgError {
    /// The keyword argument.
    pub field: String,
    /// What is wrong, for people.
    pub message: String,
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArgError {}

/// Deserialises the keyword arguments of `call` into its request type,
/// naming the argument at fault.
pub fn request<R: DeserializeOwned>(call: &str, kwargs: &Value) -> Result<R> {
    serde_path_to_error::deserialize(kwargs).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let top = path.split(['.', '[']).next().unwrap_or("").to_string();
        let err = if let Some(name) = backquoted(&inner, "unknown field `") {
            let takes = inner
                .split_once("expected ")
                .map(|(_, rest)| format!("; it takes {}", rest.replace('`', "")))
                .unwrap_or_default();
            ArgError {
                message: format!("{call}() got an unexpected keyword argument {name:?}{takes}"),
                field: name,
            }
        } else if let Some(name) = backquoted(&inner, "missing field `") {
            ArgError {
                message: format!("{call}() missing the keyword argument {name:?}"),
                field: name,
            }
        } else if !top.is_empty() {
            ArgError {
                message: format!("{call}(): {top}: {inner}"),
                field: top,
            }
        } else {
            ArgError {
                message: format!("{call}(): {inner}"),
                field: String::new(),
            }
        };
        anyhow::Error::new(err)
    })
}

/// The name after `key` up to the next backquote (serde's wording of
/// unknown and missing fields).
fn backquoted(text: &str, key: &str) -> Option<String> {
    let (_, rest) = text.split_once(key)?;
    rest.split('`').next().map(str::to_string)
}

/// Removes and returns the keyword argument `name` (an option of the
/// Python call that the request type does not hold).
fn take<T: DeserializeOwned>(call: &str, kwargs: &mut Value, name: &str) -> Result<Option<T>> {
    match kwargs.as_object_mut().and_then(|m| m.remove(name)) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v).map(Some).map_err(|e| {
            anyhow::Error::new(ArgError {
                field: name.into(),
                message: format!("{call}(): {name}: {e}"),
            })
        }),
    }
}

/// autopact's law, read once per process.
fn builtin_law() -> Result<&'static LawDb> {
    static LAW: OnceLock<LawDb> = OnceLock::new();
    if let Some(db) = LAW.get() {
        return Ok(db);
    }
    let db = LawDb::builtin().context("embedded law data")?;
    Ok(LAW.get_or_init(|| db))
}

/// The USMCA rules of origin, read once per process.
fn builtin_rules() -> Result<&'static RooRules> {
    static RULES: OnceLock<RooRules> = OnceLock::new();
    if let Some(r) = RULES.get() {
        return Ok(r);
    }
    let r = autopact::frontend::roo_rules()?;
    Ok(RULES.get_or_init(|| r))
}

/// An open table and, from its first use, its factorisation: every later
/// call solves against the same LU (`autopact_report::factor`, as the
/// CLI's commands do).
pub struct Opened {
    session: autopact::Session,
}

impl Opened {
    /// Opens a table as the CLI's TABLE argument does (`default`, an ICIO
    /// or WIOD CSV, a pymrio folder), with `--split merge|keep`.
    pub fn open(spec: &str, kwargs: &Value) -> Result<Self> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct OpenArgs {
            #[serde(default = "merge")]
            split: String,
        }
        fn merge() -> String {
            "merge".into()
        }
        let a: OpenArgs = request("open", kwargs)?;
        let split = match a.split.as_str() {
            "merge" => autopact_data::SplitMode::Merge,
            "keep" => autopact_data::SplitMode::Keep,
            other => {
                return Err(anyhow::Error::new(ArgError {
                    field: "split".into(),
                    message: format!("open(): split: {other:?} is not merge or keep"),
                }));
            }
        };
        Ok(Opened {
            session: autopact::Session::open(spec, &autopact_data::ReadOptions { split })?,
        })
    }

    /// The table.
    pub fn mrio(&self) -> &Mrio {
        self.session.mrio()
    }

    /// The factorisation, made on first use and kept.
    pub fn leontief(&self) -> Result<&Leontief> {
        self.session.leontief()
    }

    /// True once the factorisation has been made.
    pub fn is_factored(&self) -> bool {
        self.session.is_factored()
    }

    /// `autopact info`.
    pub fn info(&self, kwargs: &Value) -> Result<Frame> {
        let r: InfoRequest = request("info", kwargs)?;
        Ok(Frame::of(autopact_report::info::build(self.mrio(), &r)))
    }

    /// `autopact multipliers`.
    pub fn multipliers(&self, kwargs: &Value) -> Result<Frame> {
        let r: MultipliersRequest = request("multipliers", kwargs)?;
        let t = autopact_report::multipliers::build(self.mrio(), self.leontief()?, &r)?;
        Ok(Frame::of(t))
    }

    /// `autopact va-content`.
    pub fn va_content(&self, kwargs: &Value) -> Result<Frame> {
        let r: VaContentRequest = request("va_content", kwargs)?;
        let t = autopact_report::va_content::build(self.mrio(), self.leontief()?, &r)?;
        Ok(Frame::of(t))
    }

    /// `autopact price`.
    pub fn price(&self, kwargs: &Value) -> Result<Frame> {
        let r: PriceRequest = request("price", kwargs)?;
        let out = self.session.price(&r)?;
        Ok(Frame::of(out.table).warned(out.warnings))
    }

    /// `autopact jobs`.
    pub fn jobs(&self, kwargs: &Value) -> Result<Frame> {
        let r: JobsRequest = request("jobs", kwargs)?;
        let out = self.session.jobs(&r)?;
        Ok(Frame::of(out.table).warned(out.warnings))
    }

    /// `autopact contribution`.
    pub fn contribution(&self, kwargs: &Value) -> Result<Frame> {
        let r: ContributionRequest = request("contribution", kwargs)?;
        let out = self.session.contribution(&r)?;
        Ok(Frame::of(out.view(r.view).clone()))
    }

    /// `autopact extract`.
    pub fn extract(&self, kwargs: &Value) -> Result<Frame> {
        let r: ExtractRequest = request("extract", kwargs)?;
        let out = autopact_report::extract::build(self.mrio(), self.leontief()?, &r)?;
        Ok(Frame::of(out.table))
    }

    /// `autopact wedges` (on this table's sectors).
    pub fn wedges(&self, kwargs: &Value) -> Result<Frame> {
        let r: WedgesRequest = request("wedges", kwargs)?;
        let collected = r
            .collected
            .as_deref()
            .map(|f| autopact::CollectedDuties::from_file(f, self.mrio()))
            .transpose()?;
        let out = self.session.wedges(&r, collected)?;
        Ok(Frame::of(out.table).warned(out.warnings))
    }
}

/// `autopact duty --format json`: the stack as the CLI's CSV table, the
/// rest of the `autopact.duty/v1` document as attrs. `law` (a folder of
/// the user's measure files) is the CLI's `--law DIR`.
pub fn duty(kwargs: &Value) -> Result<Frame> {
    let mut kwargs = kwargs.clone();
    let dir: Option<String> = take("duty", &mut kwargs, "law")?;
    let r: DutyRequest = request("duty", &kwargs)?;
    // The query is checked before the law is read (errors name the field).
    autopact_report::duty::query(&r)?;
    let user_law = dir
        .as_deref()
        .map(|d| autopact::frontend::load_law(Some(d)))
        .transpose()?;
    let db = match &user_law {
        Some(db) => db,
        None => builtin_law()?,
    };
    let (q, s) = autopact_report::duty::stack(db, &r)?;
    let doc = serde_json::to_value(autopact_api_types::wire::duty(&q, &s))?;
    // What the CLI prints as `warning:` is a Python warning.
    Ok(document_frame(autopact_report::duty::table(&s), doc, "layers").warned(s.warnings))
}

/// The keyword arguments of `roo`: the CLI's flags (`--bom FILE`,
/// `--cost-sheet FILE`…, `--vehicle NAME`), plus `bom_csv`, a BOM as CSV
/// text (what the Python package sends for a DataFrame).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RooArgs {
    date: String,
    #[serde(default)]
    bom: Option<PathBuf>,
    #[serde(default)]
    bom_csv: Option<String>,
    #[serde(default)]
    cost_sheet: OneOrMany,
    #[serde(default)]
    vehicle: Option<String>,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    rvc_threshold: Option<String>,
    #[serde(default)]
    components: bool,
    #[serde(default)]
    beyond_as_of: bool,
}

/// A path or a list of paths.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(PathBuf),
    Many(Vec<PathBuf>),
}

/// `autopact roo --format json`: the tests (or, with `components`, the
/// components) as the CLI's CSV table, the rest of the `autopact.roo/v1`
/// document as attrs. A good that does not qualify is a result
/// (`attrs["originating"]` is false), not an error.
pub fn roo(kwargs: &Value) -> Result<Frame> {
    let a: RooArgs = request("roo", kwargs)?;
    // Every table of the document is built (the CLI's JSON output).
    let settings = autopact_report::roo::settings(
        &a.date,
        a.category.as_deref(),
        a.rvc_threshold.as_deref(),
        a.beyond_as_of,
        true,
    )?;
    let cost_sheets = match a.cost_sheet {
        OneOrMany::None => vec![],
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    };
    let (good, name) = match &a.bom_csv {
        Some(text) => {
            if a.bom.is_some() || !cost_sheets.is_empty() || a.vehicle.is_some() {
                return Err(anyhow::Error::new(ArgError {
                    field: "bom".into(),
                    message: "roo(): give one BOM, cost sheet or vehicle".into(),
                }));
            }
            let name = "bom (DataFrame as CSV)";
            let bom = autopact_data::bom::parse_csv(name, text.as_bytes())?;
            (autopact_report::roo::RooGood::Bom(bom), name.to_string())
        }
        None => autopact::frontend::roo_good(
            a.bom.as_deref(),
            a.sheet.as_deref(),
            &cost_sheets,
            a.vehicle.as_deref(),
        )?,
    };
    let d =
        autopact_report::roo::determine(builtin_law()?, builtin_rules()?, &good, &name, &settings)?;
    let r = &d.result;
    let doc = serde_json::to_value(autopact_api_types::wire::roo(r, d.illustrative))?;
    let mut f = if a.components {
        document_frame(autopact_report::roo::components_table(r), doc, "components")
    } else {
        document_frame(autopact_report::roo::tests_table(r), doc, "tests")
    };
    // The CLI's notes (illustrative values, assumptions) and its
    // `warning:` lines are Python warnings.
    f.warnings = d.notes;
    f.warnings.extend(r.warnings.iter().cloned());
    Ok(f)
}

/// The rows of a command's own document as a table, the rest as attrs.
fn document_frame(table: Table, doc: Value, rows: &str) -> Frame {
    let mut attrs = match doc {
        Value::Object(m) => m,
        _ => unreachable!("a document is a JSON object"),
    };
    attrs.remove(rows);
    Frame::with_attrs(table, attrs)
}

/// `autopact scenario run FILE --format json`: the `report` table
/// (`summary`, `regions` or `sectors`) with its meta, and the resolved
/// scenario as `attrs["resolved"]`.
pub fn scenario_run(path: &str, kwargs: &Value) -> Result<Frame> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RunArgs {
        #[serde(default)]
        report: Report,
    }
    #[derive(Default, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Report {
        #[default]
        Summary,
        Regions,
        Sectors,
    }
    let a: RunArgs = request("scenario_run", kwargs)?;
    let s = autopact::frontend::load_scenario(std::path::Path::new(path))?;
    let run = s.session.run_scenario(&s.resolved)?;
    let [summary, regions, sectors] = autopact_report::scenario::tables(&run, s.session.mrio());
    let t = match a.report {
        Report::Summary => summary,
        Report::Regions => regions,
        Report::Sectors => sectors,
    };
    let mut f = Frame::of(t);
    f.attrs
        .insert("resolved".into(), serde_json::to_value(&s.resolved)?);
    Ok(f)
}

/// What Python's exception carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The message the CLI prints after `error: `.
    pub message: String,
    /// The keyword argument at fault, when known.
    pub field: Option<String>,
    /// The file (or other named input) at fault, when known.
    pub file: Option<String>,
    /// Its 1-based row, when known.
    pub row: Option<u64>,
    /// Its column, when known.
    pub column: Option<String>,
}

impl ErrorInfo {
    /// The message, the field and the first location in `e`'s chain.
    pub fn of(e: &anyhow::Error) -> Self {
        let field = e
            .downcast_ref::<ArgError>()
            .map(|a| a.field.clone())
            .filter(|f| !f.is_empty())
            .or_else(|| Field::of(e).map(|f| f.name.to_string()));
        let location = e.chain().find_map(location);
        ErrorInfo {
            message: autopact_report::error_message(e),
            field,
            file: location.as_ref().map(|l| l.source.clone()),
            row: location.as_ref().and_then(|l| l.row),
            column: location.and_then(|l| l.column),
        }
    }
}

/// The place in an input an error is about, for the error types that
/// carry one.
fn location(cause: &(dyn std::error::Error + 'static)) -> Option<Location> {
    use autopact_data::DataError;
    use autopact_data::bom::ReadError;
    use autopact_scenario::ScenarioError;
    if let Some(l) = cause.downcast_ref::<Located>() {
        return Some(l.location.clone());
    }
    if let Some(d) = cause.downcast_ref::<DataError>() {
        return match d {
            DataError::Located(l) => Some(l.location.clone()),
            DataError::Io { path, .. } => Some(Location::source(path)),
            DataError::Mrio { file, .. } => Some(Location::source(file)),
            _ => None,
        };
    }
    if let Some(s) = cause.downcast_ref::<ScenarioError>() {
        return match s {
            ScenarioError::Syntax { location, .. } | ScenarioError::Invalid { location, .. } => {
                Some(location.clone())
            }
            ScenarioError::Model(_) => None,
        };
    }
    if let Some(r) = cause.downcast_ref::<ReadError>() {
        return match r {
            ReadError::Invalid(all) => all.first().map(|l| l.location.clone()),
            ReadError::Io { path, .. } => Some(Location::source(path)),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn default() -> Opened {
        Opened::open("default", &json!({})).unwrap()
    }

    fn err(r: Result<Frame>) -> ErrorInfo {
        ErrorInfo::of(&r.expect_err("an error"))
    }

    #[test]
    fn keyword_arguments_are_the_flags_in_snake_case() {
        let t = default();
        assert!(!t.is_factored());
        let f = t
            .price(&json!({"tariff": "USA:CAN:c15:25%", "by": "region"}))
            .unwrap();
        assert!(t.is_factored());
        assert_eq!(f.table.kind, "price-by-region");
        assert_eq!(f.attrs["kind"], "price-by-region");
        let e = err(t.va_content(&json!({"exporter": "CAN", "importr": "USA"})));
        assert_eq!(e.field.as_deref(), Some("importr"));
        assert!(
            e.message
                .starts_with("va_content() got an unexpected keyword argument \"importr\""),
            "{}",
            e.message
        );
        let e = err(t.va_content(&json!({"exporter": "CAN"})));
        assert_eq!(e.field.as_deref(), Some("importer"));
        let e = err(t.va_content(&json!({"exporter": "CAN", "importer": "USA", "by": "x"})));
        assert_eq!(e.field.as_deref(), Some("by"));
        assert!(e.message.contains("unknown variant"), "{}", e.message);
    }

    #[test]
    fn engine_errors_name_the_field_with_the_clis_message() {
        let t = default();
        let e = err(t.va_content(&json!({"exporter": "XXX", "importer": "USA"})));
        assert_eq!(e.field.as_deref(), Some("exporter"));
        assert!(e.message.starts_with("--exporter: "), "{}", e.message);
        let e = err(t.contribution(&json!({"from": "CAN", "to": "CAN"})));
        assert!(e.message.contains("both CAN"), "{}", e.message);
    }

    #[test]
    fn repeated_meta_keys_become_lists_and_units_are_kept() {
        let t = default();
        let f = t
            .contribution(&json!({"from": "CAN", "to": "USA", "view": "summary"}))
            .unwrap();
        let notes = f.table.meta.iter().filter(|(k, _)| k == "note").count();
        assert!(notes > 1, "{:?}", f.table.meta);
        assert_eq!(f.attrs["note"].as_array().map(Vec::len), Some(notes));
        let f = t
            .extract(&json!({"from": "CAN", "to": "USA", "by": "region"}))
            .unwrap();
        assert_eq!(f.attrs["units"]["output"], f.attrs["unit"]);
    }

    /// What the CLI prints as `warning:` after a duty stack is a Python
    /// warning: here, that the user's own measures were used.
    #[test]
    fn the_duty_stacks_warnings_become_python_warnings() {
        let dir = std::env::temp_dir().join(format!("autopact-py-law-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("fees.toml"),
            "[instrument]\nid = \"fees\"\ntitle = \"Fees\"\nimporter = \"US\"\n\n[[measure]]\nid = \"user.mpf\"\nname = \"MPF\"\nheading = \"MPF 499\"\ncitation = \"19 CFR 24.23\"\nsource = \"test\"\nconfidence = \"official-text\"\nfrom = 2024-01-01\nscope_all = true\nrate = { kind = \"ad_valorem\", pct = \"0.3464\" }\n",
        )
        .unwrap();
        let f = duty(&json!({
            "importer": "US", "date": "2025-10-01", "hts": "8703.23.01", "origin": "JP",
            "value": 40000, "law": dir
        }))
        .unwrap();
        assert!(
            f.warnings
                .iter()
                .any(|w| w.contains("user-supplied measures used: user.mpf")),
            "{:?}",
            f.warnings
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn files_name_where_they_are_wrong() {
        let dir = std::env::temp_dir().join(format!("autopact-py-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bom = dir.join("bom.csv");
        std::fs::write(&bom, "part_id,description,value\nA,x,not-a-number\n").unwrap();
        let e = err(roo(&json!({"date": "2025-10-01", "bom": bom})));
        assert_eq!(e.file.as_deref(), Some(bom.display().to_string().as_str()));
        assert!(e.row.is_some(), "{e:?}");
        let e = err(Opened::open("no/such/table.csv", &json!({})).map(|_| unreachable!()));
        assert_eq!(e.file.as_deref(), Some("no/such/table.csv"));
        let sc = dir.join("s.toml");
        std::fs::write(
            &sc,
            "name = \"x\"\n[table]\nsource = \"default\"\n[[tariff]]\nimporter = \"ZZZ\"\n",
        )
        .unwrap();
        let e = err(scenario_run(sc.to_str().unwrap(), &json!({})));
        assert_eq!(e.file.as_deref(), Some(sc.display().to_string().as_str()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn duty_and_roo_keep_their_documents_as_attrs() {
        let f = duty(&json!({
            "importer": "US", "date": "2025-10-01", "hts": "8703.23.01",
            "origin": "JP", "value": 40000
        }))
        .unwrap();
        assert_eq!(f.attrs["schema"], "autopact.duty/v1");
        assert!(f.attrs.get("layers").is_none());
        assert!(f.attrs["explanation"].is_object());
        assert_eq!(f.table.kind, "duty-stack");
        let e = err(duty(&json!({
            "importer": "US", "date": "2025-10-01", "hts": "8703.23.01",
            "origin": "EU", "value": 40000
        })));
        assert_eq!(e.field.as_deref(), Some("origin"));
        let f = roo(&json!({"vehicle": "ontario-suv", "date": "2025-10-01", "components": true}))
            .unwrap();
        assert_eq!(f.table.kind, "roo-components");
        assert!(f.attrs["tests"].is_array() && f.attrs.get("components").is_none());
    }
}
