"""Shared helpers: the CLI binary, its JSON output, and cell-by-cell comparison.

The tests hold the Python package against the CLI built from the same tree:
``$AUTOPACT_BIN``, else ``target/debug/autopact`` (what ``cargo test
--workspace`` builds, and what ``.ci/run`` uses), else
``target/release/autopact``. Without one, the tests fail and say how to
build it.
"""

import csv
import io
import json
import math
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[3]


def _cli_path():
    env = os.environ.get("AUTOPACT_BIN")
    if env:
        return Path(env)
    for profile in ("debug", "release"):
        p = ROOT / "target" / profile / "autopact"
        if p.exists():
            return p
    pytest.fail("no autopact binary: build it with `cargo build -p autopact-cli` or set AUTOPACT_BIN")


def run_cli(*args, ok=(0,)):
    """Runs the CLI in the repository root; returns (returncode, stdout, stderr)."""
    p = subprocess.run([str(_cli_path()), "--quiet", *args], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode in ok, f"autopact {' '.join(args)} → {p.returncode}\n{p.stderr}"
    return p.returncode, p.stdout, p.stderr


def _pairs(pairs):
    """A JSON object whose repeated keys hold the list of their values (the meta of a table may repeat `note`)."""
    out = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return {k: vs[0] if len(vs) == 1 else vs for k, vs in out.items()}


def cli_json(*args, ok=(0,)):
    """The CLI's `--format json` output, parsed (repeated keys kept as lists)."""
    _, out, _ = run_cli(*args, "--format", "json", ok=ok)
    return json.loads(out, object_pairs_hook=_pairs)


def cli_csv(*args, ok=(0,)):
    """The CLI's `--format csv` output as a header and rows of strings."""
    _, out, _ = run_cli(*args, "--format", "csv", ok=ok)
    rows = list(csv.reader(io.StringIO(out)))
    return rows[0], rows[1:]


def cli_error(*args):
    """The message the CLI prints after `error: `, to the end (it exits 2)."""
    _, _, err = run_cli(*args, ok=(2,))
    at = err.rindex("error: ")
    assert at == 0 or err[at - 1] == "\n", err
    return err[at + len("error: "):].rstrip("\n")


def _missing(x):
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def same(x, v, where=""):
    """True when the DataFrame cell `x` is the JSON value `v` (numbers to 1e-12 relative)."""
    if v is None:
        # JSON null: a missing value, or a float that is not finite.
        ok = _missing(x) or (isinstance(x, float) and not math.isfinite(x))
    elif isinstance(v, bool):
        ok = (x == v) if not isinstance(x, str) else x == str(v).lower()
    elif isinstance(v, (int, float)):
        y = float(x) if isinstance(x, str) else x
        ok = (y == v) or abs(y - v) <= 1e-12 * max(abs(y), abs(v))
    elif isinstance(v, str):
        # A Decimal is the CLI's text exactly, in positional notation.
        ok = (format(x, "f") == v) if isinstance(x, Decimal) else x == v
    else:
        ok = x == v
    assert ok, f"{where}: {x!r} ≠ CLI {v!r}"
    return ok


def expected_attrs(doc):
    """What a DataFrame's attrs hold for a CLI table document: meta, kind, units."""
    units = {c["name"]: c["unit"] for c in doc["columns"] if "unit" in c}
    return {**doc["meta"], "kind": doc["kind"], "units": units}


def assert_frame_is(df, doc):
    """Columns, every cell and the metadata of `df` equal the CLI's table document `doc`."""
    assert doc["schema"] == "autopact.table/v1"
    names = [c["name"] for c in doc["columns"]]
    assert list(df.columns) == names
    assert len(df) == len(doc["rows"]), (len(df), len(doc["rows"]))
    for i, row in enumerate(doc["rows"]):
        for name in names:
            same(df[name].iloc[i], row[name], f"row {i}, {name}")
    assert df.attrs == expected_attrs(doc)


def assert_rows_are_csv(df, header, rows):
    """`df` holds the CLI's CSV: the same header, and each cell renders as the CSV's text."""
    assert list(df.columns) == header
    assert len(df) == len(rows)
    for i, r in enumerate(rows):
        for j, name in enumerate(header):
            x = df[name].iloc[i]
            if _missing(x):
                text = ""
            elif isinstance(x, (bool, np.bool_)):
                text = str(x).lower()
            elif isinstance(x, Decimal):
                text = format(x, "f")
            else:
                text = str(x)
            assert text == r[j] or same(x, float(r[j]) if r[j] else None, f"row {i}, {name}"), (i, name, x, r[j])
