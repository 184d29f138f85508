"""What an ``each`` join costs against reading the documents it joins (fuzz finding D14).

Run by hand:  python benchmarks/bench_each.py [--repeat 3] [--sizes 8000 16000 32000]

For each N it builds, from the example reports of THCS Nhân Chính, a semester report with N
incidents and one ad-hoc report naming the N ids (1.9 MB at N = 8 000, near the HTTP service's
2 MB limit; 7.7 MB at 32 000, near the loader's 8 MB), then measures in the same run:
  * baseline: loading and validating the two documents (``document_from_data``);
  * check: ``Engine.check`` of the bundled packs on them (every rule, the two ``each`` joins
    on incidents included);
and prints check ÷ baseline. The join is linear: the ratio stays below 1 as N doubles (measured
0.31, 0.39, 0.53 on a shared 2-core machine). The quadratic join it replaced (every report
scanned for every incident) gave 1.6, 4.6 and 8.8 × baseline (14 s of check at 32 000).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from _timing import timed

from compliance import Engine
from compliance.engine import document_from_data

ROOT = Path(__file__).resolve().parents[1]
SCHOOL = ROOT / "examples" / "thanh-xuan-2023-2024" / "thcs-nhan-chinh"


def _report(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SCHOOL / name).read_text(encoding="utf-8"))
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=lambda d: d.isoformat()))
    return loaded


def portfolio(n: int) -> list[dict[str, Any]]:
    """A semester report with ``n`` incidents and one ad-hoc report naming all of them."""
    semester = _report("2024-01-02-so-ket-hk1.yaml")
    (incident,) = semester["incidents"]
    ids = [f"NC-2023-{i:05d}" for i in range(n)]
    semester["incidents"] = [{**incident, "id": i} for i in ids]
    ad_hoc = _report("2023-12-04-dot-xuat.yaml")
    ad_hoc["ad_hoc"] = {**ad_hoc["ad_hoc"], "incident_ids": ids}
    return [semester, ad_hoc]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[8000, 16000, 32000])
    args = parser.parse_args()
    engine = Engine.from_path(ROOT / "rules")
    as_of = dt.date(2024, 6, 30)
    print(f"median of {args.repeat}; check = Engine.check of the bundled packs, baseline = load + validate")
    print(f"{'N':>7} {'bytes':>9} {'baseline s':>11} {'check s':>9} {'× baseline':>11}")
    for n in args.sizes:
        data = portfolio(n)
        size = sum(len(json.dumps(d, ensure_ascii=False).encode()) for d in data)
        docs = [document_from_data(d, name=f"{i}.json") for i, d in enumerate(data)]
        findings = engine.check(docs, as_of=as_of).findings
        joined = [f for f in findings if f.rule_id.endswith("-BC-DOT-XUAT")]
        assert joined and all(f.status == "pass" for f in joined), [(f.rule_id, f.status) for f in joined]

        def baseline(data: list[dict[str, Any]] = data) -> None:
            for i, d in enumerate(data):
                document_from_data(d, name=f"{i}.json")

        def check(docs: list[Any] = docs) -> None:
            engine.check(docs, as_of=as_of)

        base, mine = timed(baseline, args.repeat), timed(check, args.repeat)
        print(f"{n:7} {size:9} {base:11.3f} {mine:9.3f} {mine / base:11.2f}")


if __name__ == "__main__":
    main()
