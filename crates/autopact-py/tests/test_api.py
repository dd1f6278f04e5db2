"""Each function of the package equals the CLI's `--format json` for the same arguments.

Numbers to 1e-12 relative, columns and metadata exactly; the rows also
render as the CLI's CSV. The CLI is the binary built from this tree (see
conftest.py).
"""

import decimal
import warnings

import pandas as pd
import pytest

import autopact as ap
from conftest import (
    assert_frame_is,
    assert_rows_are_csv,
    cli_csv,
    cli_json,
    expected_attrs,
    same,
    ROOT,
)


@pytest.fixture(scope="module")
def t():
    return ap.Table.default()


def test_info_is_the_clis_items(t):
    doc = cli_json("info")
    got = t.info()
    items = {}
    for r in doc["rows"]:
        items.setdefault(r["item"], []).append(r["value"])
    assert list(got) == list(items)
    for item, values in items.items():
        mine = got[item] if len(values) > 1 else [got[item]]
        assert len(mine) == len(values), item
        for x, v in zip(mine, values):
            same(x, v, item)
    assert len(got["history"]) > 1


def test_multipliers(t):
    df = t.multipliers(extension="employment")
    assert_frame_is(df, cli_json("multipliers", "--extension", "employment"))
    assert_rows_are_csv(df, *cli_csv("multipliers", "--extension", "employment"))


def test_va_content(t):
    args = dict(exporter="CAN", importer="USA", sector="c15", by="source-region")
    df = t.va_content(**args)
    flags = ["va-content", "--exporter", "CAN", "--importer", "USA", "--sector", "c15", "--by", "source-region"]
    assert_frame_is(df, cli_json(*flags))
    assert_rows_are_csv(df, *cli_csv(*flags))


def test_price_with_tariffs_one_or_a_list(t):
    flags = ["price", "--tariff", "USA:CAN:c15:25%", "--by", "region"]
    doc = cli_json(*flags)
    assert_frame_is(t.price(tariffs=["USA:CAN:c15:25%"], by="region"), doc)
    assert_frame_is(t.price(tariffs="USA:CAN:c15:25%", by="region"), doc)
    two = ["USA:CAN:c15:25%", "USA:MEX:*:10%"]
    assert_frame_is(
        t.price(tariffs=two, applies_to="intermediate"),
        cli_json("price", "--tariff", two[0], "--tariff", two[1], "--applies-to", "intermediate"),
    )


def test_price_from_the_law(t):
    # The CLI's stderr warnings about the derivation are Python warnings.
    with pytest.warns(ap.AutopactWarning, match="concordance"):
        df = t.price(law="2025-10-01", by="region")
    assert_frame_is(df, cli_json("price", "--law", "2025-10-01", "--by", "region"))
    assert df.attrs["law_date"] == "2025-10-01"
    assert df.attrs["tariffs_from_law"].startswith("USA:CAN:c1:")


def test_jobs(t):
    df = t.jobs(consumer="USA", origin="CAN", sector="c15")
    assert_frame_is(df, cli_json("jobs", "--consumer", "USA", "--origin", "CAN", "--sector", "c15"))


def test_contribution_both_views(t):
    flags = ["contribution", "--from", "CAN", "--to", "USA", "--sector", "c15"]
    assert_frame_is(t.contribution(src="CAN", to="USA", sector="c15"), cli_json(*flags))
    assert_frame_is(
        t.contribution(src="CAN", to="USA", sector="c15", view="summary", tariffs="USA:CAN:*:25%"),
        cli_json(*flags, "--view", "summary", "--tariff", "USA:CAN:*:25%"),
    )


def test_extract(t):
    df = t.extract(src="CAN", to="USA", by="region")
    assert_frame_is(df, cli_json("extract", "--from", "CAN", "--to", "USA", "--by", "region"))


def test_wedges_by_sector_and_series():
    assert_frame_is(ap.wedges(date="2025-10-01", by="sector"), cli_json("wedges", "--date", "2025-10-01", "--by", "sector"))
    assert_frame_is(ap.wedges(series=True), cli_json("wedges", "--series"))


def test_duty_layers_and_document():
    df = ap.duty(importer="US", date="2025-10-01", hts="8703.23.01", origin="JP", value=40000)
    flags = ["duty", "--importer", "US", "--date", "2025-10-01", "--hts", "8703.23.01", "--origin", "JP", "--value", "40000"]
    doc = cli_json(*flags)
    header, rows = cli_csv(*flags)
    assert_rows_are_csv(df, header, rows)
    rest = {k: v for k, v in doc.items() if k != "layers"}
    for k, v in rest.items():
        assert df.attrs[k] == v, k
    assert set(df.attrs) - set(rest) == {"kind", "units"}
    assert "explanation" in df.attrs
    # Money is exact: Decimal where the CLI keeps decimal strings.
    assert any(isinstance(x, decimal.Decimal) for c in df.columns for x in df[c])
    # The value may also be a Decimal or text.
    again = ap.duty(importer="US", date="2025-10-01", hts="8703.23.01", origin="JP", value=decimal.Decimal("40000"))
    pd.testing.assert_frame_equal(df, again)


def test_roo_vehicle_tests_and_components(tmp_path):
    flags = ["roo", "--vehicle", "ontario-suv", "--date", "2025-10-01"]
    doc = cli_json(*flags)
    df = ap.roo(vehicle="ontario-suv", date="2025-10-01")
    assert_rows_are_csv(df, *cli_csv(*flags))
    for k, v in doc.items():
        if k != "tests":
            assert df.attrs[k] == v, k
    comps = ap.roo(vehicle="ontario-suv", date="2025-10-01", components=True)
    assert_rows_are_csv(comps, *cli_csv(*flags, "--components"))


BOM = pd.DataFrame(
    {
        "part_id": ["car", "engine", "seat"],
        "parent_id": ["", "car", "car"],
        "description": ["car", "engine", "seat"],
        "hs": ["8703.23", "8407.34", "9401.20"],
        "origin": ["CA", "US", "CN"],
        "originating": ["", "yes", "no"],
        "supplier": ["", "", ""],
        "unit_value": ["30000", "5000", "800"],
        "qty": ["1", "1", "4"],
    }
)


def test_roo_bom_file_and_dataframe(tmp_path):
    path = tmp_path / "bom.csv"
    BOM.to_csv(path, index=False)
    flags = ["roo", "--bom", str(path), "--date", "2025-10-01"]
    # The CLI exits 1 for a good that does not originate.
    doc = cli_json(*flags, ok=(0, 1))
    from_file = ap.roo(bom=path, date="2025-10-01")
    assert_rows_are_csv(from_file, *cli_csv(*flags, ok=(0, 1)))
    assert from_file.attrs["originating"] == doc["originating"]
    assert from_file.attrs["vnm"] == doc["vnm"]
    from_frame = ap.roo(bom=BOM, date="2025-10-01")
    pd.testing.assert_frame_equal(from_file, from_frame)


@pytest.mark.parametrize("report", ["summary", "regions", "sectors"])
def test_scenario_run(report):
    path = "scenarios/us-2025-tariffs.toml"
    doc = cli_json("scenario", "run", path)
    df = ap.scenario_run(ROOT / path, report=report)
    table = doc["tables"][f"scenario-{report}"]
    resolved = df.attrs.pop("resolved")
    assert resolved == doc["resolved"]
    assert_frame_is(df, {"schema": "autopact.table/v1", **table})


def test_frames_write_parquet(t, tmp_path):
    pytest.importorskip("pyarrow")
    for df in [
        t.va_content(exporter="CAN", importer="USA", sector="c15"),
        ap.duty(importer="US", date="2025-10-01", hts="8703.23.01", origin="JP", value=40000),
    ]:
        out = tmp_path / "x.parquet"
        df.to_parquet(out)
        back = pd.read_parquet(out)
        assert list(back.columns) == list(df.columns)
        assert len(back) == len(df)


def test_the_lu_is_kept():
    t = ap.Table.default()
    assert not t._t.factored
    t.price(tariffs="USA:CAN:c15:25%")
    assert t._t.factored


WIOD_2011 = ROOT.parent / "shared/data/wiod2013/ICIO_WIOD13_2011.csv.gz"


@pytest.mark.skipif(not WIOD_2011.exists(), reason=f"no {WIOD_2011} (the reference data)")
def test_a_table_file_as_the_cli_reads_it():
    t = ap.Table.open(WIOD_2011)
    assert len(t.regions) == 41 and t.sha256
    df = t.va_content(exporter="CAN", importer="USA", by="source-region")
    assert_frame_is(df, cli_json("va-content", str(WIOD_2011), "--exporter", "CAN", "--importer", "USA", "--by", "source-region"))
