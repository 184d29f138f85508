"""``compliance test``: run the example cases written inside rule packs."""

from __future__ import annotations

import argparse
import json

from compliance.cli import common
from compliance.compiler import compile_packs, parse_pack
from compliance.engine import Engine, load_pack_files
from compliance.errors import Location
from compliance.i18n import Lang
from compliance.resources import bundled_rules
from compliance.ruletest import CaseResult, Coverage, coverage, run_cases

_L = {
    "case": ("ví dụ", "case"),
    "cases": ("ví dụ", "case(s)"),
    "expected": ("mong đợi", "expected"),
    "actual": ("thực tế", "actual"),
    "evidence": ("minh chứng", "evidence"),
    "summary": ("Tổng", "Total"),
    "passed": ("đúng", "passed"),
    "failed": ("sai", "failed"),
    "coverage": ("Độ phủ", "Coverage"),
    "lacking": ("thiếu ví dụ", "lacks an example that gives"),
    "below": ("thấp hơn ngưỡng", "below the threshold"),
}


def _l(key: str, lang: Lang) -> str:
    return _L[key][0] if lang == "vi" else _L[key][1]


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Chạy mọi ví dụ (tests) viết trong gói luật qua bộ máy thật và so kết quả với 'expect'. "
        "Run every example written inside the rule packs through the real engine and compare with 'expect'. "
        "Exit 0: all pass; 1: a case fails or coverage is below --threshold; 2: a pack is invalid."
    )
    common.add_packs_argument(parser)
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="liệt kê luật thiếu ví dụ đạt hoặc không đạt / list rules lacking a passing or failing example",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        metavar="N",
        help="thoát mã 1 nếu độ phủ dưới N%% / exit 1 below N%% coverage",
    )
    common.add_output_options(parser, ["text", "json"])
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or common.detect_lang()
    files = load_pack_files(args.packs or [bundled_rules()])
    engine = Engine(compile_packs(files))
    results = run_cases(engine, files)
    rule_ids = [r.id for f in files for r in parse_pack(f).rules]
    cov = coverage(rule_ids, results)
    failed = [r for r in results if not r.passed]
    below = args.threshold is not None and cov.percent < args.threshold
    if args.format == "json":
        common.emit(json.dumps(_as_json(results, cov), ensure_ascii=False, indent=2) + "\n", args.out)
    else:
        common.emit(
            _as_text(results, failed, cov, args.coverage or args.threshold is not None, below, lang),
            args.out,
        )
    return common.EXIT_FAIL if failed or below else common.EXIT_OK


def _as_text(
    results: list[CaseResult],
    failed: list[CaseResult],
    cov: Coverage,
    show_cov: bool,
    below: bool,
    lang: Lang,
) -> str:
    lines = []
    for r in failed:
        lines.append(f"✗ {Location(r.file, r.line)} {r.rule_id} — {_l('case', lang)} “{r.name}”")
        lines.append(f"    {_l('expected', lang)}: {r.expected}   {_l('actual', lang)}: {r.actual}")
        if r.finding is not None:
            lines.append(f"    {r.finding.message.pick(lang)}")
            for e in r.finding.evidence[:3]:
                lines.append(
                    f"    {_l('evidence', lang)}: {e.pointer or '/'} = {json.dumps(e.value, ensure_ascii=False)[:160]}"
                )
        elif r.detail:
            lines.extend(f"    {line}" for line in r.detail.splitlines())
    lines.append(
        f"{_l('summary', lang)}: {len(results)} {_l('cases', lang)} — {len(results) - len(failed)} "
        f"{_l('passed', lang)}, {len(failed)} {_l('failed', lang)}"
    )
    if show_cov:
        lines.append(
            f"{_l('coverage', lang)}: {cov.covered}/{cov.rules} ({cov.percent:.1f}%)"
            + (f" — {_l('below', lang)}" if below else "")
        )
        for rule, missing in sorted(cov.lacking.items()):
            lines.append(f"    {rule}: {_l('lacking', lang)} {', '.join(missing)}")
    return "\n".join(lines) + "\n"


def _as_json(results: list[CaseResult], cov: Coverage) -> dict[str, object]:
    failed = sum(not r.passed for r in results)
    return {
        "summary": {"cases": len(results), "passed": len(results) - failed, "failed": failed},
        "cases": [
            {
                "pack": r.pack,
                "file": r.file,
                "line": r.line,
                "rule_id": r.rule_id,
                "name": r.name,
                "expected": r.expected,
                "actual": r.actual,
                "passed": r.passed,
                "message": r.finding.message.model_dump() if r.finding else None,
                "evidence": [e.model_dump(mode="json") for e in r.finding.evidence] if r.finding else [],
                "detail": r.detail,
            }
            for r in results
        ],
        "coverage": {
            "rules": cov.rules,
            "covered": cov.covered,
            "percent": round(cov.percent, 2),
            "lacking": cov.lacking,
        },
    }
