"""The cost of ``--save``: saving a district audit in the audit store, as a ratio to the audit.

Run by hand (not a test):

    PYTHONPATH=src python benchmarks/bench_store.py [--documents 10000] [--jobs N] [--repeat 3]

Generates the synthetic district of ``bench_audit.py`` (the same generator), audits it once per
repeat, and measures, as medians over the repeats:

  1. audit — ``compliance.audit.audit`` (the floor: what the command costs without ``--save``);
  2. save — ``Store.save`` of that result into the store (hashing every document's bytes, one
     transaction), while the store already holds the earlier repeats' runs;
  3. read — a run's findings back from the store (what ``diff`` and ``--baseline`` read);
  4. diff — two saved runs compared;
  5. trend — the per-rule trend over every run (what a trend chart reads).

and prints each as seconds and as a ratio to the audit measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from compliance.audit import EngineSpec, audit
from compliance.store import Store, diff, from_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audit import generate  # the district generator of the audit benchmark

AS_OF = dt.date(2024, 6, 30)


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bao-cao"
        folder.mkdir()
        schools = generate(folder, args.documents)
        spec = EngineSpec()
        engine = spec.build()
        times: dict[str, list[float]] = {"audit": [], "save": [], "read": [], "diff": [], "trend": []}
        findings = 0
        with Store.open(Path(tmp) / ".compliance" / "audits.sqlite", create=True) as store:
            for _ in range(max(2, args.repeat)):
                start = time.perf_counter()
                result = audit([folder], spec=spec, as_of=AS_OF, jobs=args.jobs, engine=engine)
                times["audit"].append(time.perf_counter() - start)
                findings = len(result.findings)
                times["save"].append(_seconds(lambda: store.save(result, command="audit", paths=[folder])))  # noqa: B023
                times["read"].append(_seconds(lambda: from_store(store, "latest")))
                if len(store.run_ids()) > 1:  # the first run has nothing to compare with
                    times["diff"].append(
                        _seconds(lambda: diff(from_store(store, "latest~1"), from_store(store, "latest")))
                    )
                times["trend"].append(_seconds(lambda: store.trend("rule")))
            size = store.path.stat().st_size
    floor = statistics.median(times["audit"])
    print(f"{args.documents} documents, {schools} schools, {findings} findings; store {size / 1e6:.1f} MB")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<6} {median:8.3f} s   {median / floor:6.3f} × audit")


if __name__ == "__main__":
    main()
