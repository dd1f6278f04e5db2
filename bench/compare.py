#!/usr/bin/env python3
"""Side-by-side end-to-end benchmark: autopact vs pymrio on the same files, in one run.

For each table: pymrio (../shared/bench/pymrio_e2e.py: pandas read, calc_all with a value-added
extension, v̂ L e for one bilateral flow) and autopact (crates/autopact/benches/e2e.rs: read, LU of
(I − A), multipliers, value-added footprints, v̂ L e) each run in their own process; the script
prints seconds per stage, peak RSS and the ratios. Tables:

  wiod2011  the real WIOD 2013 release table for 2011 (n = 1,435), from ../shared/data
  syn3465   a synthetic ICIO-2023-size table (77 × 45), made by ../shared/bench/make_synthetic_icio.py
  syn9800   a synthetic EXIOBASE-size table (49 × 200)

Usage (from the repository root):

  python3 bench/compare.py [--tables wiod2011,syn3465,syn9800] [--repeat 3] [--workdir /tmp/autopact-bench]

Needs the peer venv (../shared/bench/setup-peers.sh makes /tmp/autopact-peers with pymrio 0.7.0).
Absolute times drift on shared machines; compare the ratios, which are measured in the same run, the
two tools' runs interleaved (best of --repeat each).
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PEER_PY = Path(os.environ.get("AUTOPACT_PEERS", "/tmp/autopact-peers")) / "bin" / "python"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def ensure_tables(names, workdir):
    tables = {}
    for name in names:
        if name == "wiod2011":
            tables[name] = (SHARED / "data/wiod2013/ICIO_WIOD13_2011.csv.gz", "CAN", "USA")
            continue
        regions, sectors = {"syn3465": (77, 45), "syn9800": (49, 200)}[name]
        path = workdir / f"{name}.csv.gz"
        if not path.exists():
            print(f"generating {path} ...", file=sys.stderr, flush=True)
            sh([str(PEER_PY), str(SHARED / "bench/make_synthetic_icio.py"), "--regions", str(regions),
                "--sectors", str(sectors), "--out", str(path)])
        tables[name] = (path, "R001", "R000")
    return tables


def run_json(cmd):
    out = sh(cmd).stdout
    return json.loads(out[out.index("{"):])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", default="wiod2011,syn3465,syn9800")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/autopact-bench")
    ap.add_argument("--skip-pymrio", action="store_true", help="time autopact only")
    a = ap.parse_args()
    workdir = Path(a.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if not a.skip_pymrio and not PEER_PY.exists():
        sh(["bash", str(SHARED / "bench/setup-peers.sh")])
    print("building autopact (release) ...", file=sys.stderr, flush=True)
    sh(["cargo", "build", "--release", "-p", "autopact", "--benches"], cwd=ROOT)
    exe = sh(["cargo", "bench", "-p", "autopact", "--bench", "e2e", "--no-run", "--message-format=json"],
             cwd=ROOT).stdout
    bench_bin = [json.loads(l)["executable"] for l in exe.splitlines()
                 if '"executable"' in l and json.loads(l).get("executable") and "e2e" in json.loads(l)["executable"]][-1]
    tables = ensure_tables(a.tables.split(","), workdir)
    rows = []
    for name, (path, exporter, importer) in tables.items():
        tools = ["autopact"] if a.skip_pymrio else ["pymrio", "autopact"]
        runs = {tool: [] for tool in tools}
        # Interleaved (pymrio, autopact, pymrio, …) so that both tools meet
        # the same spells of a noisy shared machine; pymrio once at 9,800.
        for k in range(a.repeat):
            for tool in tools:
                if tool == "pymrio":
                    if name == "syn9800" and k > 0:
                        continue
                    r = run_json([str(PEER_PY), str(SHARED / "bench/pymrio_e2e.py"), str(path),
                                  "--exporter", exporter, "--importer", importer])
                else:
                    r = run_json([bench_bin, str(path), "--exporter", exporter, "--importer", importer])
                runs[tool].append(r)
        best = {}
        for tool in tools:
            best[tool] = min(runs[tool], key=lambda r: r["seconds"]["total"])
            b = best[tool]
            print(f"{name:9s} {tool:9s} n={b['n']:5d} total {b['seconds']['total']:8.3f} s  "
                  f"peak {b['peak_rss_mib']:8.1f} MiB  stages {json.dumps(b['seconds'])}", flush=True)
            if tool == "autopact" and "refinement" in b:
                r = b["refinement"]
                iterative = b["precision"] == "iterative"
                method = ("no LU: GMRES with the domestic blocks as preconditioner" if iterative
                          else f"LU in {b['precision']} precision")
                steps = "iterations" if iterative else "refinement steps"
                print(f"{'':9s} {method}; {r['solves']} certified block solves, "
                      f"at most {r['max_steps']} {steps}, worst backward error "
                      f"{r['worst_backward_error']:.1e} (target {r['target']:.1e})"
                      + (f", LU took over: {r['fell_back']}" if r['fell_back'] else "")
                      + (f"; sparse residuals ({100 * r['sparse_residual_density']:.1f}% nonzeros)"
                         if r.get('sparse_residual_density') else ""), flush=True)
        rows.append((name, best))
    print()
    print(f"{'table':9s} {'n':>5s} {'pymrio s':>9s} {'autopact s':>10s} {'speed-up':>8s} "
          f"{'pymrio MiB':>10s} {'autopact MiB':>12s} {'mem ratio':>9s} {'LU GFLOP/s':>10s}")
    for name, best in rows:
        ap_ = best["autopact"]
        pm = best.get("pymrio")
        if pm:
            gflops = "-" if ap_["precision"] == "iterative" else f"{ap_['lu_gflops']:.1f}"
            print(f"{name:9s} {ap_['n']:5d} {pm['seconds']['total']:9.2f} {ap_['seconds']['total']:10.3f} "
                  f"{pm['seconds']['total'] / ap_['seconds']['total']:7.1f}x {pm['peak_rss_mib']:10.0f} "
                  f"{ap_['peak_rss_mib']:12.0f} {ap_['peak_rss_mib'] / pm['peak_rss_mib']:9.2f} {gflops:>10s}")
            # Same answer: share of the exporter's own value added in the flow.
            d = abs(pm["check"]["va_exporter_share"] - ap_["check"]["va_exporter_share"])
            print(f"{'':9s} check: |Δ domestic VA share| = {d:.2e}")
        else:
            print(f"{name:9s} {ap_['n']:5d} {'-':>9s} {ap_['seconds']['total']:10.3f} {'-':>8s} {'-':>10s} "
                  f"{ap_['peak_rss_mib']:12.0f} {'-':>9s} {ap_['lu_gflops']:10.1f}")
    print(f"\nmachine: {os.cpu_count()} CPUs; load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
