"""The two back ends, and a naive direct use of durable-rules, on the same corpus.

Run by hand:  python benchmarks/bench_engines.py [--reports 300] [--repeat 3]

1. python  — the default back end (compiled closures), full check: matches + findings;
2. durable — the durable-rules back end (validated rulesets, worker process), full check;
3. naive   — durable-rules used directly, the way a first attempt would: one ruleset per
             selector, the whole report as one fact, ``$iany`` over its arrays, in-process.
             It only answers "does any item match" (no findings, no evidence) and skips the
             selectors it cannot express, so it does less work than the other two.
Prints reports/s and each back end's time as a multiple of the Python back end's, measured in
the same run (medians of --repeat).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _timing import timed

from compliance import Engine, ir
from compliance.engine import applicable_packs, document_from_data
from compliance.evaluators._durable_rulesets import encode
from compliance.loading import load_file
from compliance.portfolio import Document, group

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"
AS_OF = dt.date(2024, 6, 30)


def corpus(count: int, seed: int = 5) -> list[Document]:
    rng = random.Random(seed)
    bases = [load_file(p).data for p in sorted(EXAMPLES.rglob("*.*"))]
    out = []
    for i in range(count):
        data: dict[str, Any] = copy.deepcopy(rng.choice(bases))
        data["submitter"] = {**data["submitter"], "unit_id": f"VN-HN-TX-BENCH-{i:05d}"}
        received = dt.date(2023, 12, 20) + dt.timedelta(days=rng.randint(0, 20))
        data["received_at"] = received.isoformat()
        out.append(document_from_data(data, name=f"bench-{i}.json"))
    return out


# ----------------------------------------------------------------------------- the naive translation

_OPS = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def _naive_cond(cond: ir.Cond, prefix: str) -> dict[str, Any] | None:
    match cond:
        case ir.And(items=items) | ir.Or(items=items):
            parts = [_naive_cond(c, prefix) for c in items]
            if any(p is None for p in parts):
                return None
            return {"$and" if isinstance(cond, ir.And) else "$or": parts}
        case ir.Compare(path=path, op=op, value=value):
            prop = prefix + ".".join(path)
            return {prop: encode(value)} if op == "eq" else {_OPS[op]: {prop: encode(value)}}
        case ir.Member(path=path, values=values, negate=False) if values:
            prop = prefix + ".".join(path)
            return {"$or": [{prop: encode(v)} for v in sorted(values, key=repr)]}
    return None


def naive_rulesets(program: ir.Program) -> tuple[dict[str, dict[str, Any]], int]:
    rulesets, skipped = {}, 0
    for n, selector in enumerate(program.selectors):
        if selector.collection is None:
            cond = _naive_cond(selector.where, "") if selector.where != ir.TRUE else {"t": "report"}
        else:
            inner = _naive_cond(selector.where, "$i.") if selector.where != ir.TRUE else None
            array = ".".join(selector.collection)
            cond = {"$iany": {array: inner}} if inner is not None else None
        if cond is None:
            skipped += 1
            continue
        rulesets[f"n{n}"] = {
            "hit": {"all": [{"m": {"$and": [{"t": "report"}, cond]}}], "run": "hit"},
            "done": {"all": [{"m": {"t": "$end"}}], "pri": 1000, "run": "done"},
            "sink": {"all": [{"a": {"$ex": {"t": 1}}}, {"b": {"t": "__never__"}}], "run": "sink"},
        }
    return rulesets, skipped


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return encode(value)


def naive_runner(program: ir.Program) -> tuple[Callable[[list[Document]], int], int]:
    from durable import engine as durable  # type: ignore[import-untyped]  # noqa: PLC0415 - optional

    rulesets, skipped = naive_rulesets(program)
    hits: list[str] = []

    class Host(durable.Host):  # type: ignore[misc]
        def _run(self) -> None:
            pass

        def get_action(self, name: str) -> Any:
            return lambda c: hits.append(name)

    host = Host()
    host.register_rulesets(copy.deepcopy(rulesets))
    names = list(rulesets)
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

    return run, skipped


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    documents = corpus(args.reports)
    python = Engine.from_path()
    durable = Engine(python.program, engine="durable")
    durable.check_documents(documents[:2], as_of=AS_OF)  # start the worker outside the timing
    naive, skipped = naive_runner(python.program)
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
        f"{args.reports} reports, {len(python.rules)} rules, {len(python.program.selectors)} selectors; "
        f"identical findings python/durable: {same}; naive skipped {skipped} selectors it cannot express"
    )
    print(f"{'back end':15} {'seconds':>8} {'ms/report':>10} {'reports/s':>10} {'× python':>9}")
    for name, seconds in results.items():
        ratio = seconds / (match_base if "match" in name else base)
        print(
            f"{name:15} {seconds:8.3f} {seconds / args.reports * 1000:10.2f} {args.reports / seconds:10.0f} {ratio:9.1f}"
        )
    print(
        "× python: a full check against the Python back end's full check; the '(match)' rows compare "
        "matching alone (the evaluator's work, without findings) with the Python back end's matching."
    )


if __name__ == "__main__":
    main()
