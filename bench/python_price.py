#!/usr/bin/env python3
"""`t.price` in a loop from Python, against the CLI run once per scenario and pymrio's calc_all.

On one table (default: the real WIOD 2013 release table for 2011, n = 1,435, from ../shared/data):

  python    ap.Table.open(TABLE), one `price` call (makes the LU), then --calls `price` calls
            with a different tariff each (USA on CAN, all sectors, 1%, 2%, …): no refactorisation
  cli       `autopact price TABLE --tariff … --format json` run --cli-sample times (each run reads
            the table and factors it), timed and extrapolated to --calls runs
  pymrio    ../shared/bench/pymrio_e2e.py on the same file: pandas read and calc_all (A, L,
            multipliers, footprints), in the peer venv (../shared/bench/setup-peers.sh)

One call's DataFrame is also checked against the CLI's JSON for the same tariff (largest relative
difference). Usage, from the repository root, with the package installed in the running Python:

  python bench/python_price.py [--table FILE] [--calls 1000] [--cli-sample 20] [--by region-sector]
"""
import argparse, json, os, statistics, subprocess, sys, time
from pathlib import Path

import autopact as ap

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared") if Path("/work/shared").exists() else ROOT.parent / "shared"
PEER_PY = Path(os.environ.get("AUTOPACT_PEERS", "/tmp/autopact-peers")) / "bin" / "python"


def tariff(i):
    return f"USA:CAN:*:{i % 50 + 1}%"


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--table", default=str(SHARED / "data/wiod2013/ICIO_WIOD13_2011.csv.gz"))
    a.add_argument("--calls", type=int, default=1000)
    a.add_argument("--cli-sample", type=int, default=20)
    a.add_argument("--by", default="region-sector")
    a.add_argument("--cli", default=str(ROOT / "target/debug/autopact"))
    a.add_argument("--skip-pymrio", action="store_true")
    args = a.parse_args()
    out = {"table": Path(args.table).name, "calls": args.calls, "by": args.by}

    t0 = time.perf_counter()
    t = ap.Table.open(args.table)
    t1 = time.perf_counter()
    first = t.price(tariffs=tariff(0), by=args.by)
    t2 = time.perf_counter()
    per = []
    for i in range(args.calls):
        s = time.perf_counter()
        t.price(tariffs=tariff(i), by=args.by)
        per.append(time.perf_counter() - s)
    t3 = time.perf_counter()
    out["n"] = len(t.regions) * len(t.sectors)
    out["python"] = {
        "open_s": t1 - t0,
        "first_call_with_lu_s": t2 - t1,
        "loop_s": t3 - t2,
        "per_call_median_ms": statistics.median(per) * 1e3,
        "per_call_min_ms": min(per) * 1e3,
    }

    cli = []
    doc = None
    for i in range(args.cli_sample):
        cmd = [args.cli, "--quiet", "price", args.table, "--tariff", tariff(i), "--by", args.by, "--format", "json"]
        s = time.perf_counter()
        p = subprocess.run(cmd, check=True, capture_output=True, text=True)
        cli.append(time.perf_counter() - s)
        if i == 0:
            doc = json.loads(p.stdout)
    out["cli"] = {
        "runs_timed": args.cli_sample,
        "per_run_median_s": statistics.median(cli),
        "per_run_min_s": min(cli),
        "extrapolated_s": statistics.median(cli) * args.calls,
    }
    # The same numbers: one call against the CLI's JSON.
    worst = 0.0
    for i, row in enumerate(doc["rows"]):
        for c in first.columns:
            v = row[c]
            if isinstance(v, float):
                x = float(first[c].iloc[i])
                if x != v:
                    worst = max(worst, abs(x - v) / max(abs(x), abs(v)))
    out["max_rel_diff_vs_cli"] = worst
    out["speedup_vs_cli"] = out["cli"]["extrapolated_s"] / out["python"]["loop_s"]

    if not args.skip_pymrio and PEER_PY.exists():
        p = subprocess.run([str(PEER_PY), str(SHARED / "bench/pymrio_e2e.py"), args.table,
                            "--exporter", "CAN", "--importer", "USA"], check=True, capture_output=True, text=True)
        pm = json.loads(p.stdout[p.stdout.index("{"):])
        out["pymrio"] = {"load_s": pm["seconds"]["load"], "calc_all_s": pm["seconds"]["calc_all"],
                         "peak_rss_mib": pm["peak_rss_mib"]}
        out["price_calls_per_calc_all"] = pm["seconds"]["calc_all"] / (out["python"]["loop_s"] / args.calls)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
