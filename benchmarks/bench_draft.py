"""`compliance draft` on the five plans: what it finds against the hand-written packs, and what it
costs.

Run by hand (not a test):

    PYTHONPATH=src python benchmarks/bench_draft.py [--seeds ../shared/seeds] [--repeat 5]

For each plan in rules/ prints: the drafted rules and not_encoded entries; the recall of the
hand-written packs' deadlines (due dates found / due dates encoded), the recall of their quotes
(hand-written quotes overlapped by a drafted quote), the precision of the drafted due dates
(those that are a hand-written due date or one shared/docs/obligations.json states); then the time
to draft a plan as a ratio to reading it (the baseline, in the same run) and to linting the draft
against the plan — no absolute times, which say more about the machine than about the code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path

import yaml
from _timing import timed

from compliance.draft import draft, read_plan
from compliance.draft.measure import measure
from compliance.draft.writer import render
from compliance.lint import lint
from compliance.loading import load_text

ROOT = Path(__file__).resolve().parents[1]


def _stated(obligations: Path, seed: str) -> list[dt.date]:
    if not obligations.is_file():
        return []
    found = []
    for row in json.loads(obligations.read_text(encoding="utf-8")):
        when = row["when"]
        if row["seed_file"] == seed and (when.startswith("before") or "intended" in when):
            for m in re.finditer(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", when.split("intended")[-1]):
                found.append(dt.date(int(m[3]), int(m[2]), int(m[1])))
    return found


def _pct(value: float | None) -> str:
    return "    —" if value is None else f"{value:6.0%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    obligations = args.seeds.parent / "docs" / "obligations.json"
    print(
        f"{'plan':28} {'rules':>5} {'not_enc':>7} {'dl.recall':>9} {'q.recall':>9} {'dl.prec':>8} {'draft/read':>10} {'draft/lint':>10}"
    )
    totals = [0, 0, 0, 0, 0, 0]
    for pack_path in sorted((ROOT / "rules").glob("*.yaml")):
        hand = yaml.safe_load(pack_path.read_text(encoding="utf-8"))
        seed = hand["document"]["seed"]
        path = args.seeds / seed
        if not path.is_file():
            print(f"{seed:28} (absent from {args.seeds})")
            continue
        text = read_plan(path)
        d = draft(text, seed)
        m = measure(d, hand, _stated(obligations, seed))
        out = render(d)
        read = timed(lambda p=path: read_plan(p), args.repeat)  # type: ignore[misc]
        drafting = timed(lambda t=text, s=seed: render(draft(t, s)), args.repeat)  # type: ignore[misc]
        linting = timed(
            lambda o=out: lint([load_text(o, name="draft.yaml", format="yaml")], args.seeds),  # type: ignore[misc]
            args.repeat,
        )
        for i, v in enumerate(
            (
                m.deadlines_found,
                m.deadlines_hand,
                m.quotes_overlapped,
                m.quotes_hand,
                m.due_correct,
                m.due_drafted,
            )
        ):
            totals[i] += v
        print(
            f"{seed:28} {len(d.rules):5} {len(d.not_encoded):7} {_pct(m.deadline_recall):>9} {_pct(m.quote_recall):>9}"
            f" {_pct(m.deadline_precision):>8} {drafting / read:10.1f} {drafting / linting:10.2f}"
        )
    f, h, qo, qh, dc, dd = totals
    print(
        f"{'all five':28} {'':5} {'':7} {_pct(f / h if h else None):>9} {_pct(qo / qh if qh else None):>9}"
        f" {_pct(dc / dd if dd else None):>8}   ({f}/{h} deadlines, {qo}/{qh} quotes, {dc}/{dd} due dates)"
    )


if __name__ == "__main__":
    main()
