"""autopact in Python: North American auto trade — MRIO economics and trade
law — in-process, with results as pandas DataFrames.

    import autopact as ap
    t = ap.Table.default()                 # or ap.Table.open("ICIO2023_2019.csv.gz")
    t.va_content(exporter="CAN", importer="USA", sector="c15", by="source-region")
    t.price(tariffs=["USA:CAN:c15:25%"], by="region")
    ap.duty(importer="US", date="2025-10-01", hts="8703.23.01", origin="JP", value=40000)

Keyword arguments are the CLI's flags in snake_case (``--applies-to`` →
``applies_to``) with the CLI's defaults; a repeatable flag takes one value
or a list. Each DataFrame has the columns of the CLI's CSV output and, in
``.attrs``, the metadata of its ``--format json`` output. See the package
README for the types of the columns (exact decimals are ``decimal.Decimal``).
"""

from ._api import Table, duty, roo, scenario_run, wedges
from ._errors import AutopactError, AutopactWarning, InputError
from ._native import __version__

__all__ = [
    "AutopactError",
    "AutopactWarning",
    "InputError",
    "Table",
    "duty",
    "roo",
    "scenario_run",
    "wedges",
    "__version__",
]
