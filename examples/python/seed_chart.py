"""The seed's chart from Python: Canada's contribution to US transport-equipment
costs, and the monthly effective US tariff rates on Canada and Mexico.

    pip install ./crates/autopact-py matplotlib
    python examples/python/seed_chart.py [OUT.png]

The same numbers as

    autopact contribution --from CAN --to USA --sector c15 --format csv
    autopact wedges --series --format csv

computed in-process, as pandas DataFrames whose .attrs carry the metadata
(table, its sha256, the law's as-of date) that the chart's caption cites.
"""

import sys
import warnings

import matplotlib

if "MPLBACKEND" not in __import__("os").environ:
    matplotlib.use("Agg")
import matplotlib.pyplot as plt

import autopact as ap

out = sys.argv[1] if len(sys.argv) > 1 else "seed_chart.png"

t = ap.Table.default()
cost = t.contribution(src="CAN", to="USA", sector="c15")
with warnings.catch_warnings():
    # The series' counted warnings (lines no concordance maps, …) are in
    # the CLI's stderr too; the chart does not need them.
    warnings.simplefilter("ignore", ap.AutopactWarning)
    series = ap.wedges(series=True)

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.6))

# Left: value added in US transport equipment by origin region and category
# (the CLI's `value_added_share`, total value-added content).
va = cost.dropna(subset=["value_added_share"])
shares = va.pivot_table(
    index="origin_region", columns="category", values="value_added_share", aggfunc="sum"
)
shares = shares.loc[[r for r in cost["origin_region"].unique() if r in shares.index and r != "USA"]]
shares.mul(100).plot.barh(stacked=True, ax=left, width=0.75)
left.invert_yaxis()
left.set_xlabel("% of the value of US transport equipment (foreign origins)")
left.set_ylabel("")
left.set_title("Where US-built vehicles' value added comes from")
left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
can = shares.loc["CAN"].sum() * 100
left.annotate(f"Canada: {can:.2f}%", xy=(can, 0), xytext=(4, 0), textcoords="offset points", va="center")

# Right: the monthly effective rate (duty ÷ value) on all goods, by exporter.
# Rates are exact decimals (Decimal); matplotlib wants floats.
allgoods = series[series["sector"] == "all"]
for exporter, rows in allgoods.groupby("exporter"):
    right.plot(rows["month"], rows["rate"].astype(float) * 100, marker="o", label=exporter)
right.set_ylabel("effective US tariff rate, % of customs value")
right.set_title("Monthly effective rates under the law in force")
right.tick_params(axis="x", rotation=60, labelsize=7)
right.legend()

fig.text(
    0.01,
    0.01,
    f"{cost.attrs['table']} (sha256 {cost.attrs['table_sha256'][:12]}…); "
    f"rates: the law on each month's date on that month's US imports by line; autopact {ap.__version__}",
    fontsize=7,
)
fig.tight_layout(rect=(0, 0.04, 1, 1))
fig.savefig(out, dpi=110)
print(f"wrote {out}: Canada {can:.2f}% of US transport equipment's value; "
      f"{allgoods['month'].nunique()} months of rates for {', '.join(sorted(allgoods['exporter'].unique()))}")
