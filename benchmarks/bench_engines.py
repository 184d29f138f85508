"""The two back ends, and a naive direct use of durable-rules, on the same generated corpus.

Run by hand (not a test):  PYTHONPATH=src python benchmarks/bench_engines.py [--reports 300] [--repeat 5]

The corpus: the bundled Thanh Xuân examples, varied — each synthetic school copies an example
report under its own unit id, its received date moves by up to three weeks, and each array of
items (committees, meetings, briefings, incidents …) loses or repeats some elements. Then, in one
run, medians of ``--repeat``:

1. python  — the default back end (compiled closures), a full check: matches and findings;
2. durable — this project's durable-rules back end (validated rulesets, one fact per item, worker
             process), a full check;
3. naive   — durable-rules used directly, the way a first attempt would: one ruleset per rule,
             each report asserted whole as one fact, ``$iany`` for arrays, in process, no
             validation. It only answers "which selectors match" (no findings) and leaves out the
             selectors it cannot express (regular expressions, nested quantifiers, contains …)
             and the rulesets durable-rules refuses to register (an ``$or`` inside ``$iany`` is
             refused at random, see docs/engines.md) — so it does less work than the other two;

and the matching alone (what the back ends do differently) for python and durable. Prints
reports/s and each figure as a multiple of the Python back end's, measured in the same run.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _timing import timed

from compliance import Engine, ir
from compliance.engine import applicable_packs, document_from_data
from compliance.loading import load_file
from compliance.portfolio import Document, group
from compliance.program import Program

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"
AS_OF = dt.date(2024, 6, 30)
EPOCH = dt.date(1970, 1, 1)


def corpus(count: int, seed: int = 5) -> list[Document]:
    rng = random.Random(seed)
    bases = [load_file(str(p)).data for p in sorted(EXAMPLES.rglob("*.*"))]
    out = []
    for i in range(count):
        data: dict[str, Any] = copy.deepcopy(rng.choice(bases))
        data["submitter"] = {**data["submitter"], "unit_id": f"VN-HN-TX-BENCH-{i // 3:05d}"}
        day = dt.date.fromisoformat(str(data["received_at"])[:10]) + dt.timedelta(days=rng.randint(-10, 10))
        data["received_at"] = day.isoformat()
        for key, value in list(data.items()):
            if isinstance(value, list) and value and isinstance(value[0], dict):
                kept = [x for x in value if rng.random() < 0.85]
                # an item with an identity (an id, a receipt's unit_id) is never repeated: a repeat is refused
                data[key] = kept + [
                    copy.deepcopy(x) for x in kept if not {"id", "unit_id"} & x.keys() and rng.random() < 0.15
                ]
        out.append(document_from_data(data, name=f"bench-{i}.json"))
    return out


# ----------------------------------------------------------------------------- the naive translation

_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def _plain(value: Any) -> Any:
    """JSON as a first attempt would send it: dates as epoch days, the rest as is."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return (value - EPOCH).days
    return value


def _naive_cond(cond: ir.Cond, prefix: str) -> dict[str, Any] | None:
    match cond:
        case ir.And(items=items) | ir.Or(items=items):
            parts = [_naive_cond(c, prefix) for c in items]
            if any(p is None for p in parts):
                return None
            return {"$and" if isinstance(cond, ir.And) else "$or": parts}
        case ir.Compare(path=path, op=op, value=value):
            prop = prefix + ".".join(path)
            return {prop: _plain(value)} if op == "eq" else {_OPS[op]: {prop: _plain(value)}}
        case ir.Member(path=path, values=values, negate=False) if values:
            prop = prefix + ".".join(path)
            return {"$or": [{prop: _plain(v)} for v in sorted(values, key=repr)]}
        case ir.Exists(path=path, present=True):
            return {"$ex": {prefix + ".".join(path): 1}}
    return None


def _naive_selector(selector: ir.Selector) -> dict[str, Any] | None:
    kinds = [{"kind": k} for k in sorted(selector.kinds or ())]
    parts: list[dict[str, Any]] = [{"t": "report"}]
    if kinds:
        parts.append({"$or": kinds})
    if selector.collection is None:
        if selector.where != ir.TRUE:
            cond = _naive_cond(selector.where, "")
            if cond is None:
                return None
            parts.append(cond)
    else:
        inner = _naive_cond(selector.where, "$i.") if selector.where != ir.TRUE else {"$ex": {"$i.kind": 1}}
        if inner is None:
            return None
        parts.append({"$iany": {".".join(selector.collection): inner}})
    return {"$and": parts}


def naive_runner(program: Program) -> tuple[Callable[[list[Document]], int], int, int]:
    """One ruleset per rule (a durable rule per selector), each report whole as one fact."""
    from durable import engine as durable  # type: ignore[import-untyped]  # noqa: PLC0415 - optional

    hits: list[str] = []

    class Host(durable.Host):  # type: ignore[misc]
        def _run(self) -> None:
            """No timer threads."""

        def get_action(self, name: str) -> Any:
            return lambda c: hits.append(name)

    host = Host()
    names, skipped, refused = [], 0, 0
    for n, rule in enumerate(program.rules):
        definition: dict[str, Any] = {
            "done": {"all": [{"m": {"t": "$end"}}], "pri": 1000, "run": "done"},
            "sink": {"all": [{"a": {"$ex": {"t": 1}}}, {"b": {"t": "__never__"}}], "run": "sink"},
        }
        for k, selector in enumerate(rule.check.selectors()):
            cond = _naive_selector(selector)
            if cond is None:
                skipped += 1
            else:
                definition[f"hit{k}"] = {"all": [{"m": cond}], "run": f"hit{k}"}
        if len(definition) == 2:
            continue
        try:
            host.register_rulesets({f"n{n}": copy.deepcopy(definition)})
        except Exception:
            refused += 1
            continue
        names.append(f"n{n}")
    counter = [0]

    def run(documents: list[Document]) -> int:
        hits.clear()
        for doc in documents:
            fact = _plain(doc.facts)
            for name in names:
                counter[0] += 1
                sid = str(counter[0])
                host.assert_facts(
                    name, [dict(fact, sid=sid, id="0", t="report"), {"sid": sid, "id": "1", "t": "$end"}]
                )
                host.delete_state(name, sid)
        return len(hits)

    return run, skipped, refused


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    documents = corpus(args.reports)
    python = Engine.from_path()
    durable = Engine(python.program, engine="durable")
    durable.check_documents(documents[:3], as_of=AS_OF)  # start the worker outside the timing
    naive, skipped, refused = naive_runner(python.program)
    same = (
        python.check_documents(documents, as_of=AS_OF).findings
        == durable.check_documents(documents, as_of=AS_OF).findings
    )
    portfolios = group(documents)
    rules = {
        id(p): [r for pack in applicable_packs(python.program, p) for r in pack.rules] for p in portfolios
    }

    def matching(engine: Engine) -> None:
        for p in portfolios:
            engine.evaluator.evaluate(rules[id(p)], p)

    results = {
        "python": timed(lambda: python.check_documents(documents, as_of=AS_OF), args.repeat),
        "durable": timed(lambda: durable.check_documents(documents, as_of=AS_OF), args.repeat),
        "naive durable": timed(lambda: naive(documents), args.repeat),
        "python (match)": timed(lambda: matching(python), args.repeat),
        "durable (match)": timed(lambda: matching(durable), args.repeat),
    }
    durable.close()
    base, match_base = results["python"], results["python (match)"]
    print(
        f"{args.reports} reports in {len(portfolios)} portfolios, {len(python.rules)} rules, "
        f"{len(python.program.selectors)} selectors; Python {sys.version.split()[0]}; medians of {args.repeat}"
    )
    print(f"identical findings python/durable: {same}")
    print(
        f"naive: {skipped} selectors it cannot express left out, {refused} rulesets refused by durable-rules"
    )
    print(f"{'back end':16} {'seconds':>8} {'ms/report':>10} {'reports/s':>10} {'× python':>9}")
    rows = []
    for name, seconds in results.items():
        ratio = seconds / (match_base if "match" in name else base)
        per_report = seconds / args.reports * 1000
        print(f"{name:16} {seconds:8.3f} {per_report:10.2f} {args.reports / seconds:10.0f} {ratio:9.1f}")
        rows.append(
            {"name": name, "seconds": seconds, "reports_per_s": args.reports / seconds, "ratio": ratio}
        )
    print(
        "× python: full checks against the Python back end's full check; '(match)' rows: matching "
        "alone (the evaluator's work, no findings) against the Python back end's matching."
    )
    print(json.dumps({"reports": args.reports, "same": same, "rows": rows}))


if __name__ == "__main__":
    main()
