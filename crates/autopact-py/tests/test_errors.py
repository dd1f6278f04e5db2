"""Bad input raises InputError with the CLI's message and the field at fault; a panic is an AutopactError."""

import threading
import time

import pytest

import autopact as ap
from autopact import _native
from conftest import ROOT, cli_error


@pytest.fixture(scope="module")
def t():
    return ap.Table.default()


def test_unknown_keyword_argument_names_it(t):
    with pytest.raises(ap.InputError) as e:
        t.va_content(exporter="CAN", importr="USA")
    assert e.value.field == "importr"
    assert str(e.value).startswith('va_content() got an unexpected keyword argument "importr"; it takes one of exporter')
    with pytest.raises(ap.InputError) as e:
        t.extract(to="USA")
    assert e.value.field == "src"
    assert str(e.value) == 'extract() missing the keyword argument "src"'


def test_missing_and_bad_values_name_the_field(t):
    with pytest.raises(ap.InputError) as e:
        t.va_content(exporter="CAN")
    assert e.value.field == "importer"
    with pytest.raises(ap.InputError) as e:
        t.va_content(exporter="CAN", importer="USA", by="nowhere")
    assert e.value.field == "by"
    with pytest.raises(ap.InputError) as e:
        t.price(tariffs=25)
    assert e.value.field == "tariffs"


def test_engine_errors_carry_the_clis_message(t):
    with pytest.raises(ap.InputError) as e:
        t.va_content(exporter="XXX", importer="USA")
    assert e.value.field == "exporter"
    assert str(e.value) == cli_error("va-content", "--exporter", "XXX", "--importer", "USA")
    with pytest.raises(ap.InputError) as e:
        t.price(tariffs="USA:CAN:c15:lots")
    assert str(e.value) == cli_error("price", "--tariff", "USA:CAN:c15:lots")
    with pytest.raises(ap.InputError) as e:
        ap.duty(importer="US", date="2025-10-01", hts="8703.23.01", origin="EU", value=40000)
    assert e.value.field == "origin"
    assert str(e.value) == cli_error(
        "duty", "--importer", "US", "--date", "2025-10-01", "--hts", "8703.23.01", "--origin", "EU", "--value", "40000"
    )


def test_the_python_name_of_a_renamed_flag_is_the_field(t):
    # `src` is the CLI's --from (a Python keyword).
    with pytest.raises(ap.InputError) as e:
        t.extract(src="ZZZ", to="USA")
    assert e.value.field == "src"
    assert str(e.value) == cli_error("extract", "--from", "ZZZ", "--to", "USA")


def test_a_bad_file_names_file_row_and_column(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text(
        "part_id,parent_id,description,hs,origin,originating,supplier,unit_value,qty\n"
        "car,,car,8703.23,CA,,,100,1\n"
        "x,car,x,8708.99,CN,no,,-5,1\n"
    )
    with pytest.raises(ap.InputError) as e:
        ap.roo(bom=bom, date="2025-10-01")
    assert e.value.file == str(bom)
    assert e.value.row == 3
    assert e.value.column == "unit_value"
    assert str(e.value) == cli_error("roo", "--bom", str(bom), "--date", "2025-10-01")


def test_a_missing_table_names_the_file():
    with pytest.raises(ap.InputError) as e:
        ap.Table.open("no/such/table.csv")
    assert e.value.file == "no/such/table.csv"
    assert isinstance(e.value, ValueError)


def test_a_panic_becomes_autopact_error():
    with pytest.raises(ap.AutopactError) as e:
        _native._debug_panic("boom")
    assert not isinstance(e.value, ap.InputError)
    assert "internal error" in str(e.value) and "boom" in str(e.value)
    # The module still works afterwards.
    assert ap.Table.default().info()["regions"] == 10


def test_long_calls_release_the_gil():
    t = ap.Table.default()
    done = threading.Event()
    took = []

    def work():
        start = time.perf_counter()
        ap.scenario_run(ROOT / "scenarios/us-2025-tariffs.toml")
        took.append(time.perf_counter() - start)
        done.set()

    th = threading.Thread(target=work)
    gaps, last = [], time.perf_counter()
    th.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    th.join()
    assert t is not None
    # With the GIL held, this thread would stall for the whole call.
    assert took[0] > 0.1, took
    assert max(gaps) < took[0] / 2, (max(gaps), took[0])
