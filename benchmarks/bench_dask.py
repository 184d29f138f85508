"""Audits on Dask against the local audit, as ratios measured in the same run.

Run by hand (not a test; needs the dask extra):

    PYTHONPATH=src python benchmarks/bench_dask.py [--documents 2000] [--workers 1,2,4] [--repeat 3]

Generates the synthetic district of ``bench_audit.py`` (the same generator), then times, in this
process and in turn (each run whole, as the command line does it): ``audit --jobs 1``, the local
pool at the largest worker count, and ``--executor dask`` on a LocalCluster of each worker count
(started and closed inside the timed run, as without ``--scheduler``). Prints the median wall
seconds of ``--repeat`` runs and each one's ratio to ``--jobs 1`` (above 1: slower), and checks
that every run's findings are the same JSON as ``--jobs 1``'s. On a machine with fewer cores than
workers the larger counts only show the overhead of oversubscription.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from _timing import bytecode
from bench_audit import generate  # the district generator of the audit benchmark

from compliance.audit import EngineSpec, audit

AS_OF = dt.date(2024, 6, 30)


def timed(folder: Path, **kw: object) -> tuple[float, str]:
    start = time.perf_counter()
    result = audit([folder], spec=EngineSpec(cache=True), as_of=AS_OF, **kw)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    return seconds, result.model_dump_json(include={"findings", "problems", "summary"})


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", default="1,2,4", help="LocalCluster sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bytecode()
    sizes = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "district"
        folder.mkdir()
        schools = generate(folder, args.documents)
        print(
            f"{args.documents} documents, {schools} schools, {os.cpu_count()} cores, median of {args.repeat}"
        )
        runs: dict[str, dict[str, object]] = {
            "audit --jobs 1": {"jobs": 1},
            f"audit --jobs {max(sizes)} (local pool)": {"jobs": max(sizes)},
            **{f"--executor dask, {n} worker(s)": {"jobs": n, "executor": "dask"} for n in sizes},
        }
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        reference: str | None = None
        for _ in range(args.repeat):  # interleaved: a slower moment of the machine hits every row
            for name, kw in runs.items():
                took, out = timed(folder, **kw)
                reference = reference or out
                if out != reference:
                    raise SystemExit(f"{name}: the findings differ from audit --jobs 1")
                seconds[name].append(took)
        base = statistics.median(seconds["audit --jobs 1"])
        print(f"{'run':<36} {'seconds':>8} {'ratio to --jobs 1':>18}")
        for name, values in seconds.items():
            median = statistics.median(values)
            print(f"{name:<36} {median:8.2f} {median / base:18.2f}")
        print("every run gave the same findings as --jobs 1")


if __name__ == "__main__":
    main()
