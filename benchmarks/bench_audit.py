"""District audit at scale: documents per second, peak memory, and the cost over merely loading.

Run by hand:  python benchmarks/bench_audit.py [--documents 2000] [--jobs N]

Generates a synthetic district (the bundled Thanh Xuân examples, varied: unit ids, received dates,
briefing counts, missing reports, incidents without ad-hoc reports — a realistic mix), writes it
to a temporary folder, and measures in the same run:
  1. load+validate — every document read and validated, sequentially (the floor);
  2. audit --jobs 1 — the full audit in one process;
  3. audit --jobs N — the full audit with N worker processes;
printing documents/s, each stage's ratio to the floor, and peak resident memory.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from compliance.audit import EngineSpec, audit
from compliance.loading import load_file
from compliance.portfolio import build_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"


def generate(folder: Path, documents: int, seed: int = 11) -> int:
    """Write ``documents`` JSON reports into ``folder``; return the number of schools."""
    rng = random.Random(seed)
    templates = {p.name: load_file(p).data for p in sorted(EXAMPLES.rglob("*.*")) if "phong" not in str(p)}
    names = sorted(templates)
    written, school = 0, 0
    while written < documents:
        unit = f"VN-HN-TX-SYN-{school:05d}"
        school += 1
        for name in rng.sample(names, k=min(len(names), rng.randint(1, 3), documents - written)):
            data: dict[str, Any] = copy.deepcopy(templates[name])
            data["submitter"] = {
                **data["submitter"],
                "unit_id": unit,
                "unit_name": f"Trường tổng hợp số {school}",
            }
            shift = rng.choice([-2, -1, 0, 0, 0, 1, 3])  # some reports arrive late
            received = dt.date.fromisoformat(str(data["received_at"])[:10]) + dt.timedelta(days=shift)
            data["received_at"] = f"{received.isoformat()}T{rng.randint(7, 17):02d}:05:00+07:00"
            for briefing in data.get("briefings", []):
                briefing["reached"] = max(0, briefing["total"] - rng.choice([0, 0, 0, 1]))
            (folder / f"{unit}-{name}.json").write_text(
                json.dumps(data, ensure_ascii=False), encoding="utf-8"
            )
            written += 1
    return school


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    as_of = dt.date(2024, 6, 30)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        schools = generate(folder, args.documents)
        files = sorted(folder.iterdir())
        start = time.perf_counter()
        for path in files:
            build_document(load_file(path))
        floor = time.perf_counter() - start
        rows = [("load+validate", floor, peak_mb())]
        for jobs in (1, args.jobs):
            start = time.perf_counter()
            result = audit([folder], spec=EngineSpec(), as_of=as_of, jobs=jobs)
            rows.append((f"audit --jobs {jobs}", time.perf_counter() - start, peak_mb()))
    print(
        f"{args.documents} documents, {schools} schools, {len(result.findings)} findings, {os.cpu_count()} cores"
    )
    print(f"{'stage':18} {'seconds':>8} {'docs/s':>8} {'× load':>7} {'peak MB':>8}")
    for name, seconds, memory in rows:
        print(
            f"{name:18} {seconds:8.2f} {args.documents / seconds:8.0f} {seconds / floor:7.2f} {memory:8.0f}"
        )


if __name__ == "__main__":
    main()
