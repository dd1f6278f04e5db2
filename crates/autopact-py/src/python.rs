//! The extension module `autopact._native`: PyO3 glue only.
//!
//! Each entry point receives its keyword arguments as JSON text (the
//! `autopact` package encodes them), releases the GIL while the call runs
//! (other Python threads go on; a table may be used from several threads
//! at once), catches a panic, and returns plain Python values: per column
//! its name, type and values, the attrs as JSON text, the warnings. An
//! error becomes `autopact.InputError` (with `field`, `file`, `row` and
//! `column` where known) carrying the CLI's message; a panic becomes
//! `autopact.AutopactError`. Nothing unwinds into Python.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use autopact_core::{ColumnType, Table, Value as Cell};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::Value;

use crate::calls::{self, ErrorInfo, Frame, Opened};

/// Runs `f` without the GIL, with panics caught.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> anyhow::Result<T> + Send) -> PyResult<T> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(input_error(py, &ErrorInfo::of(&e))),
        Err(panic) => Err(internal_error(py, panic.as_ref())),
    }
}

fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("autopact._errors")?.getattr(name)
}

/// `autopact.InputError(message, field=…, file=…, row=…, column=…)`.
fn input_error(py: Python<'_>, e: &ErrorInfo) -> PyErr {
    let made = (|| -> PyResult<PyErr> {
        let kw = PyDict::new(py);
        kw.set_item("field", e.field.as_deref())?;
        kw.set_item("file", e.file.as_deref())?;
        kw.set_item("row", e.row)?;
        kw.set_item("column", e.column.as_deref())?;
        let err = error_class(py, "InputError")?.call((e.message.as_str(),), Some(&kw))?;
        Ok(PyErr::from_value(err))
    })();
    made.unwrap_or_else(|import_failed| import_failed)
}

/// `autopact.AutopactError` for a panic: a bug, with its message.
fn internal_error(py: Python<'_>, panic: &(dyn Any + Send)) -> PyErr {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("no message");
    let message = format!(
        "internal error (a bug in autopact, please report it with the call that caused it): {what}"
    );
    match error_class(py, "AutopactError").and_then(|c| c.call1((message,))) {
        Ok(err) => PyErr::from_value(err),
        Err(import_failed) => import_failed,
    }
}

fn kwargs(text: &str) -> anyhow::Result<Value> {
    Ok(serde_json::from_str(text)?)
}

/// One cell as the Python value closest to its JSON (decimals as text).
fn cell<'py>(py: Python<'py>, c: &Cell) -> PyResult<Bound<'py, PyAny>> {
    Ok(match c {
        Cell::Text(s) | Cell::Decimal(s) => s.into_pyobject(py)?.into_any(),
        Cell::Float(v) => v.into_pyobject(py)?.into_any(),
        Cell::Int(v) => v.into_pyobject(py)?.into_any(),
        Cell::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Cell::Null => py.None().into_bound(py),
    })
}

/// A column's values as a list of one Python type (or None), by the
/// column's [`ColumnType`]; mixed columns as their machine text, as in the
/// CLI's Parquet output.
fn column<'py>(
    py: Python<'py>,
    t: &Table,
    j: usize,
    ty: ColumnType,
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for r in &t.rows {
        let c = &r[j];
        let v = match (ty, c) {
            (_, Cell::Null) if ty != ColumnType::Float => py.None().into_bound(py),
            (ColumnType::Float, Cell::Float(v)) => v.into_pyobject(py)?.into_any(),
            (ColumnType::Float, Cell::Int(i)) => (*i as f64).into_pyobject(py)?.into_any(),
            (ColumnType::Float, _) => f64::NAN.into_pyobject(py)?.into_any(),
            (ColumnType::Text, c) => c.machine().into_pyobject(py)?.into_any(),
            (_, c) => cell(py, c)?,
        };
        out.append(v)?;
    }
    Ok(out)
}

/// `([(name, type, values)], attrs_json, warnings)`.
fn frame(py: Python<'_>, f: Frame) -> PyResult<Py<PyAny>> {
    let t = &f.table;
    let cols = PyList::empty(py);
    for (j, c) in t.columns.iter().enumerate() {
        let ty = t.column_type(j);
        let tag = match ty {
            ColumnType::Float => "float",
            ColumnType::Int => "int",
            ColumnType::Bool => "bool",
            ColumnType::Decimal => "decimal",
            ColumnType::Text => "text",
        };
        cols.append(PyTuple::new(
            py,
            [
                c.name.as_str().into_pyobject(py)?.into_any(),
                tag.into_pyobject(py)?.into_any(),
                column(py, t, j, ty)?.into_any(),
            ],
        )?)?;
    }
    let attrs = serde_json::to_string(&f.attrs).expect("attrs are JSON");
    Ok(PyTuple::new(
        py,
        [
            cols.into_any(),
            attrs.into_pyobject(py)?.into_any(),
            f.warnings.into_pyobject(py)?.into_any(),
        ],
    )?
    .into_any()
    .unbind())
}

/// An open table; its LU is made on first use and kept.
#[pyclass(frozen, module = "autopact._native", name = "Table")]
struct PyTable {
    inner: Opened,
}

type Call = fn(&Opened, &Value) -> anyhow::Result<Frame>;

impl PyTable {
    fn call(&self, py: Python<'_>, kw: &str, f: Call) -> PyResult<Py<PyAny>> {
        let out = run(py, || f(&self.inner, &kwargs(kw)?))?;
        frame(py, out)
    }
}

#[pymethods]
impl PyTable {
    /// Opens `spec` (`default`, an ICIO/WIOD CSV, a pymrio folder).
    #[staticmethod]
    fn open(py: Python<'_>, spec: &str, kw: &str) -> PyResult<Self> {
        let inner = run(py, || Opened::open(spec, &kwargs(kw)?))?;
        Ok(PyTable { inner })
    }

    /// The table's name.
    #[getter]
    fn name(&self) -> String {
        self.inner.mrio().provenance().name.clone()
    }

    /// Region codes.
    #[getter]
    fn regions(&self) -> Vec<String> {
        self.inner.mrio().regions().to_vec()
    }

    /// Sector codes.
    #[getter]
    fn sectors(&self) -> Vec<String> {
        self.inner.mrio().sectors().to_vec()
    }

    /// The table's sha256, when known.
    #[getter]
    fn sha256(&self) -> Option<String> {
        self.inner.mrio().provenance().sha256.clone()
    }

    /// True once the LU has been made.
    #[getter]
    fn factored(&self) -> bool {
        self.inner.is_factored()
    }

    /// `info` as `[(item, value)]`.
    fn info_items<'py>(&self, py: Python<'py>, kw: &str) -> PyResult<Bound<'py, PyList>> {
        let f = run(py, || self.inner.info(&kwargs(kw)?))?;
        let out = PyList::empty(py);
        for r in &f.table.rows {
            out.append(PyTuple::new(py, [cell(py, &r[0])?, cell(py, &r[1])?])?)?;
        }
        Ok(out)
    }

    fn multipliers(&self, py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
        self.call(py, kw, Opened::multipliers)
    }

    fn va_content(&self, py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
        self.call(py, kw, Opened::va_content)
    }

    fn price(&self, py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
        self.call(py, kw, Opened::price)
    }

    fn jobs(&self, py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
        self.call(py, kw, Opened::jobs)
    }

    fn contribution(&self, py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
        self.call(py, kw, Opened::contribution)
    }

    fn extract(&self, py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
        self.call(py, kw, Opened::extract)
    }

    fn wedges(&self, py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
        self.call(py, kw, Opened::wedges)
    }
}

/// `duty`: the stack and the `autopact.duty/v1` document.
#[pyfunction]
fn duty(py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
    let f = run(py, || calls::duty(&kwargs(kw)?))?;
    frame(py, f)
}

/// `roo`: the tests (or components) and the `autopact.roo/v1` document.
#[pyfunction]
fn roo(py: Python<'_>, kw: &str) -> PyResult<Py<PyAny>> {
    let f = run(py, || calls::roo(&kwargs(kw)?))?;
    frame(py, f)
}

/// `scenario run`: one report table and the resolved scenario.
#[pyfunction]
fn scenario_run(py: Python<'_>, path: &str, kw: &str) -> PyResult<Py<PyAny>> {
    let f = run(py, || calls::scenario_run(path, &kwargs(kw)?))?;
    frame(py, f)
}

/// Panics inside the same guard as every call (for the test that a panic
/// becomes `AutopactError`).
#[pyfunction]
fn _debug_panic(py: Python<'_>, message: &str) -> PyResult<()> {
    run(py, || -> anyhow::Result<()> { panic!("{message}") })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTable>()?;
    m.add_function(wrap_pyfunction!(duty, m)?)?;
    m.add_function(wrap_pyfunction!(roo, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_run, m)?)?;
    m.add_function(wrap_pyfunction!(_debug_panic, m)?)?;
    m.add("__version__", autopact_api_types::TOOL_VERSION)?;
    Ok(())
}
