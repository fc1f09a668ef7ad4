"""Matching benchmark: seeded synthetic instances, MILP run vs greedy baseline.

Each size runs in its own subprocess so that its peak memory (the child's `ru_maxrss`:
interpreter, numpy/scipy, the instance, candidates and the solver) is measured alone.
Results replace the section between the markers in docs/benchmarks.md.

    python -m bench matching                      # all sizes
    python -m bench matching --sizes small,medium --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:matching:start -->", "<!-- bench:matching:end -->"

# name -> (households, groups, offers, municipalities, time target in s, gap target)
SIZES = {
    "tiny": (100, 80, 120, 5, 5, 0.01),
    "small": (1_000, 800, 1_200, 40, 30, 0.01),
    "medium": (3_000, 2_400, 3_600, 100, 120, 0.02),
    "large": (10_000, 8_000, 12_000, 300, 600, 0.02),
}
MEMORY_TARGET_MB = 4096


def measure(size: str, seed: int) -> dict:
    """Run one size in this process and return its figures."""
    from matching.engine import run_greedy, run_matching
    from matching.synthetic import generate

    households, groups, offers, towns, _target, _gap = SIZES[size]
    snapshot = generate(households, groups, offers, towns, seed=seed)
    start = time.perf_counter()
    result = run_matching(snapshot)
    run_s = time.perf_counter() - start
    greedy = run_greedy(snapshot)
    return {
        "size": size,
        "seed": seed,
        "households": households,
        "groups": groups,
        "offers": offers,
        "municipalities": towns,
        "run_s": run_s,
        "candidates_s": result.timings["candidates_s"],
        "solve_s": result.timings["solve_s"],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "status": result.status,
        "matched": len(result.proposals),
        "greedy_objective": greedy.objective,
        "greedy_matched": len(greedy.proposals),
        **result.stats,
    }


def _run_child(size: str, seed: int) -> dict:
    command = [sys.executable, "-m", "bench.matching", "--child", size, "--seed", str(seed)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _conditions(seed: int) -> str:
    import numpy
    import scipy

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), "
        f"load average at start {load}; Python {platform.python_version()}, "
        f"scipy {scipy.__version__} (HiGHS), numpy {numpy.__version__}; seed {seed}. "
        "The machine is shared with other developers' test runs, so times are noisy."
    )


def _row(r: dict) -> str:
    _h, _g, _o, _m, target_s, target_gap = SIZES[r["size"]]
    ok = r["run_s"] <= target_s and r["gap"] <= target_gap and r["peak_mb"] <= MEMORY_TARGET_MB
    lift = (r["objective"] / r["greedy_objective"] - 1) if r["greedy_objective"] else 0.0
    return (
        f"| {r['size']} | {r['households']:,} / {r['groups']:,} / {r['offers']:,} / "
        f"{r['municipalities']} | {r['run_s']:.1f} ({r['candidates_s']:.1f} + "
        f"{r['solve_s']:.1f}) | {r['peak_mb']:.0f} | {r['objective']:,.2f} | "
        f"{r['bound']:,.2f} | {100 * r['gap']:.3f} % | {r['status']} | "
        f"{r['greedy_objective']:,.2f} (+{100 * lift:.1f} %) | "
        f"{r['matched']:,} / {r['greedy_matched']:,} | {r['candidates']:,} in "
        f"{r['components']} ({r['largest_component']:,}) | "
        f"< {target_s} s, ≤ {100 * target_gap:.0f} % | {'yes' if ok else 'NO'} |"
    )


HEADER = (
    "| size | households / groups / offers / towns | run time s (candidates + solve) "
    "| peak MB | objective | proven bound | gap | status | greedy objective (MILP gain) "
    "| matched MILP / greedy | candidates in sub-problems (largest, households) "
    "| target | met |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def _section(results: list[dict], seed: int) -> str:
    rows = "\n".join(_row(r) for r in results)
    return f"""{START}
{_conditions(seed)}

{HEADER}
{rows}

Run time is `run_matching` alone (instance generation excluded): candidate generation plus
decomposition and MILP solution plus explanations. Peak MB is the maximum resident set size
(`ru_maxrss`) of a fresh subprocess per size, so it includes the Python interpreter, numpy
and scipy, the instance, the greedy baseline and the solver. The bound is HiGHS's proven
dual bound summed over the independent sub-problems, on the pruned candidate set (see
docs/matching.md). Regenerate with `make bench-matching` or
`python -m bench matching --sizes small,large`.
{END}"""


def write_report(results: list[dict], seed: int, path: Path = REPORT):
    section = _section(results, seed)
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Matching\n\n" + section + "\n"
    path.write_text(text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench matching")
    parser.add_argument(
        "--sizes",
        default="tiny,small,medium,large",
        help=f"comma-separated, from {', '.join(SIZES)}",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.seed)))
        return 0
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")
    results = []
    for size in sizes:
        print(f"matching benchmark: {size} ...", flush=True)
        results.append(_run_child(size, args.seed))
        print(_row(results[-1]), flush=True)
    if not args.no_write:
        write_report(results, args.seed)
        print(f"written to {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
