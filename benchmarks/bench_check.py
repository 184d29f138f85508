"""How much a check costs compared with merely parsing the same reports.

Run by hand:  python benchmarks/bench_check.py [--reports 2000] [--repeat 5]

Generates realistic school reports (the bundled examples, varied), then measures in the same run:
  1. parse     — libyaml's CSafeLoader (``yaml.load``), the floor for reading YAML;
  2. load      — our safe loader (events, NFC, bounds, line marks);
  3. validate  — load + JSON Schema validation + facts;
  4. check     — load + validate + evaluate every rule of the bundled packs + findings;
and prints reports/s and each stage's ratio to the parse. Medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml
from _timing import timed

from compliance import Engine
from compliance.cli.convert_cmd import dump_yaml
from compliance.loading import load_file, load_text
from compliance.portfolio import build_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"


def corpus(count: int, seed: int = 7) -> list[str]:
    """YAML texts: the example school reports with ids, counts and dates varied."""
    rng = random.Random(seed)
    bases = [load_file(p).data for p in sorted(EXAMPLES.rglob("*.yaml"))]
    texts = []
    for i in range(count):
        data: dict[str, Any] = copy.deepcopy(rng.choice(bases))
        data["submitter"]["unit_id"] = f"VN-HN-TX-SCHOOL-{i // 3:05d}"
        for briefing in data.get("briefings", []):
            briefing["total"] = rng.randint(3, 1500)
            briefing["reached"] = briefing["total"] - rng.choice([0, 0, 0, 1])
        received = dt.date(2023, 12, 20) + dt.timedelta(days=rng.randint(0, 20))
        data["received_at"] = f"{received.isoformat()}T{rng.randint(7, 17):02d}:15:00+07:00"
        texts.append(dump_yaml(data))  # a tax id (0108123456) quoted: bare, the loader refuses it
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = corpus(args.reports)
    engine = Engine.from_path()
    as_of = dt.date(2024, 6, 30)
    size = sum(len(t.encode()) for t in texts) / len(texts)

    def parse() -> None:
        for t in texts:
            yaml.load(t, Loader=yaml.CSafeLoader)

    def load() -> None:
        for i, t in enumerate(texts):
            load_text(t, name=f"r{i}.yaml", format="yaml")

    def validate() -> list[Any]:
        return [build_document(load_text(t, name=f"r{i}.yaml", format="yaml")) for i, t in enumerate(texts)]

    def check() -> None:
        engine.check_documents(validate(), as_of=as_of)

    stages = {"parse (CSafeLoader)": parse, "load": load, "load+validate": validate, "check (all)": check}
    results = {name: timed(fn, args.repeat) for name, fn in stages.items()}
    base = results["parse (CSafeLoader)"]
    print(
        f"{args.reports} reports, {size / 1024:.1f} KB each on average, {len(engine.rules)} rules, median of {args.repeat}"
    )
    print(f"{'stage':22} {'total s':>9} {'µs/report':>10} {'reports/s':>10} {'× parse':>8}")
    for name, seconds in results.items():
        per = seconds / args.reports
        print(f"{name:22} {seconds:9.3f} {per * 1e6:10.0f} {1 / per:10.0f} {seconds / base:8.2f}")


if __name__ == "__main__":
    main()
