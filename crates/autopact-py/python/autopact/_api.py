"""The Python API over ``autopact._native``: keyword arguments in, DataFrames out.

This module only encodes keyword arguments (as JSON, the names of the CLI's
flags), and builds DataFrames from the columns the native module returns.
Every decision — defaults, allowed values, the computation — is the
engine's, made by the same request types and library calls as the CLI's.
"""

import datetime as _dt
import decimal as _decimal
import json as _json
import os as _os
import threading as _threading
import warnings as _warnings

import pandas as _pd

from . import _native
from ._errors import AutopactWarning, InputError

# Python names for flags whose own name does not read as a keyword
# argument: ``from`` is a keyword, and a list of tariffs reads as plural.
_ALIASES = {
    "src": "from",
    "tariffs": "tariff",
    "extensions": "extension",
    "measures_off": "measure_off",
    "cost_sheets": "cost_sheet",
}


# The Python name of a flag, where it has one of its own (an error about a
# missing `from` names `src`).
_PYTHON_NAMES = {"from": "src"}


def _plain(v):
    """A value JSON can carry: dates as YYYY-MM-DD, decimals as text, paths as strings."""
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, _decimal.Decimal):
        return str(v)
    if isinstance(v, _os.PathLike):
        return _os.fspath(v)
    if isinstance(v, (tuple, set, frozenset)):
        return list(v)
    item = getattr(v, "item", None)  # numpy scalars
    if callable(item):
        return item()
    raise TypeError(f"cannot pass a {type(v).__name__} to autopact")


def _encode(kwargs):
    """(JSON text of the flags, {flag: the name the caller used})."""
    out, used = {}, {}
    for name, value in kwargs.items():
        flag = _ALIASES.get(name, name)
        if flag in out:
            raise InputError(f"{flag} given twice (as {used[flag]} and {name})", field=name)
        out[flag] = value
        used[flag] = name
    return _json.dumps(out, default=_plain), used


def _call(fn, kwargs, *args):
    text, used = _encode(kwargs)
    try:
        return fn(*args, text)
    except InputError as e:
        if e.field in used:
            e.field = used[e.field]
        elif e.field in _PYTHON_NAMES:
            flag, e.field = e.field, _PYTHON_NAMES[e.field]
            if e.args and isinstance(e.args[0], str):
                e.args = (e.args[0].replace(f'"{flag}"', f'"{e.field}"'),) + e.args[1:]
        raise


def _series(kind, values):
    if kind == "float":
        return _pd.Series(values, dtype="float64")
    if kind == "int":
        return _pd.Series(values, dtype="Int64" if None in values else "int64")
    if kind == "bool":
        return _pd.Series(values, dtype="boolean" if None in values else "bool")
    if kind == "decimal":
        return _pd.Series([None if v is None else _decimal.Decimal(v) for v in values], dtype=object)
    return _pd.Series(values, dtype=object)


def _frame(result, stacklevel=3):
    columns, attrs, warnings = result
    df = _pd.DataFrame({j: _series(kind, values) for j, (_, kind, values) in enumerate(columns)})
    df.columns = [name for name, _, _ in columns]
    df.attrs = _json.loads(attrs)
    for w in warnings:
        _warnings.warn(w, AutopactWarning, stacklevel=stacklevel)
    return df


class Table:
    """A multi-regional input-output table, opened once.

    Its Leontief factorisation is made on the first call that needs it and
    kept: a thousand ``price`` calls solve against one LU. Calls release the
    GIL; one table may serve several threads.
    """

    def __init__(self, native):
        self._t = native

    @classmethod
    def default(cls):
        """The built-in North America table (WIOD 2008, ten regions, with employment)."""
        return cls(_call(_native.Table.open, {}, "default"))

    @classmethod
    def open(cls, path, *, split="merge"):
        """An OECD ICIO / WIOD CSV (.csv or .csv.gz), a pymrio folder, or ``"default"``.

        ``split``: ``"merge"`` (CN1/CN2 into CHN, MX1/MX2 into MEX, like pymrio) or ``"keep"``.
        """
        return cls(_call(_native.Table.open, {"split": split}, _os.fspath(path)))

    @property
    def name(self):
        """The table's name."""
        return self._t.name

    @property
    def regions(self):
        """Region codes, in table order."""
        return self._t.regions

    @property
    def sectors(self):
        """Sector codes, in table order."""
        return self._t.sectors

    @property
    def sha256(self):
        """The sha256 of the table's file(s), when known."""
        return self._t.sha256

    def __repr__(self):
        return f"<autopact.Table {self.name!r}: {len(self.regions)} regions × {len(self.sectors)} sectors>"

    def info(self, **kwargs):
        """``autopact info``: what the table holds and how well it balances, as {item: value}.

        Keyword arguments: ``tolerance`` (default 1.0). An item the CLI prints on
        several rows (``history``) holds the list of their values.
        """
        out = {}
        for item, value in _call(self._t.info_items, kwargs):
            if item not in out:
                out[item] = value
            elif isinstance(out[item], list):
                out[item].append(value)
            else:
                out[item] = [out[item], value]
        return out

    def multipliers(self, **kwargs):
        """``autopact multipliers``: output, value-added and satellite multipliers.

        Keyword arguments: ``extension`` (one name or a list; ``"all"``), ``leontief_diagonal``.
        """
        return _frame(_call(self._t.multipliers, kwargs))

    def va_content(self, **kwargs):
        """``autopact va-content``: value added in one region's exports to another, by source.

        Keyword arguments: ``exporter``, ``importer``, ``sector``, ``by``
        (``source-region``, ``source-sector``, ``exporting-sector``).
        """
        return _frame(_call(self._t.va_content, kwargs))

    def price(self, **kwargs):
        """``autopact price``: price effects of tariffs (Leontief price model with wedges).

        Keyword arguments: ``tariffs`` (``"IMP:EXP:SECTORS:RATE"``, one or a list),
        ``applies_to``, ``basket``, ``by`` (``region-sector``, ``region``), ``detail``,
        ``law`` (a date: the law's tariffs), ``law_importer`` and the law options of
        ``autopact price --help`` (``weights``, ``usmca_share``, ``measure_off``, …).
        """
        return _frame(_call(self._t.price, kwargs))

    def jobs(self, **kwargs):
        """``autopact jobs``: jobs embodied in trade or final demand, or at stake in tariffs.

        One mode: ``exporter`` with ``importer``; ``consumer`` (with ``origin``);
        ``tariffs``; or ``law``. Also ``sector``, ``extension``, ``stressor``,
        ``elasticity``, ``applies_to``, ``by``.
        """
        return _frame(_call(self._t.jobs, kwargs))

    def contribution(self, **kwargs):
        """``autopact contribution``: what region ``src`` puts into ``to``'s production of a sector.

        Keyword arguments: ``src`` (the CLI's ``--from``), ``to``, ``sector``,
        ``extension``, ``view`` (``cost``, ``summary``), and tariffs one way:
        ``tariffs`` (with ``applies_to``), ``scenario`` (a file) or ``law`` (a date).
        """
        return _frame(_call(self._t.contribution, kwargs))

    def extract(self, **kwargs):
        """``autopact extract``: the output, value added and jobs that depend on a link.

        Keyword arguments: ``src`` (the CLI's ``--from``), ``to``, ``sectors``,
        ``with_final_demand``, ``by`` (``region-sector``, ``region``), ``method``, ``extension``.
        """
        return _frame(_call(self._t.extract, kwargs))

    def wedges(self, **kwargs):
        """``autopact wedges`` on this table's sectors: tariff rates from the law on real trade.

        Keyword arguments: ``date`` and ``by`` (``line``, ``sector``, ``measure``), or
        ``series=True`` (with ``collected``: a CSV file or ``"published"``); ``origin``,
        ``importer`` and the law options.
        """
        return _frame(_call(self._t.wedges, kwargs))


_default = None
_default_lock = _threading.Lock()


def _default_table():
    global _default
    with _default_lock:
        if _default is None:
            _default = Table.default()
        return _default


def wedges(**kwargs):
    """``autopact wedges`` on the built-in table (see :meth:`Table.wedges`)."""
    return _frame(_call(_default_table()._t.wedges, kwargs))


def duty(**kwargs):
    """``autopact duty``: the duty stack one entry owes, layer by layer, with citations.

    Keyword arguments: ``importer``, ``date``, ``hts``, ``origin``, ``value`` (a number,
    text or Decimal) and the facts of ``autopact duty --help`` (``usmca_qualifying``,
    ``us_content``, ``steel_content``, ``listed``, …); ``law``: a folder of your own
    measure files. The DataFrame holds the CLI's CSV rows (layers and a TOTAL row);
    ``.attrs`` the rest of the ``autopact.duty/v1`` document (``total_duty``,
    ``not_applied``, ``hints``, ``explanation``, …).
    """
    return _frame(_call(_native.duty, kwargs))


def roo(**kwargs):
    """``autopact roo``: whether a vehicle or part is USMCA-originating, test by test.

    One good: ``vehicle`` (a reference vehicle's name), ``bom`` (a CSV or XLSX file,
    or a DataFrame with the BOM columns), or ``cost_sheet`` (one file or a list,
    averaged). Also ``date``, ``sheet``, ``category``, ``rvc_threshold``,
    ``beyond_as_of``; ``components=True`` gives the per-component table instead of
    the tests. ``.attrs`` hold the rest of the ``autopact.roo/v1`` document
    (``originating``, ``gap_to_qualify``, ``flips``, ``explanation``, …).
    """
    bom = kwargs.get("bom")
    if isinstance(bom, _pd.DataFrame):
        kwargs = dict(kwargs)
        kwargs["bom_csv"] = kwargs.pop("bom").to_csv(index=False)
    return _frame(_call(_native.roo, kwargs))


def scenario_run(path, **kwargs):
    """``autopact scenario run FILE``: a scenario file's results on the table it names.

    ``report``: ``summary`` (default), ``regions`` or ``sectors``. ``.attrs`` hold the
    table's metadata and, under ``resolved``, the scenario with every default filled in.
    """
    return _frame(_call(_native.scenario_run, kwargs, _os.fspath(path)))
