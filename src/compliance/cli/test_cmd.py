"""``compliance test``: run the example cases written inside rule packs."""

from __future__ import annotations

import argparse

from compliance.cli import common
from compliance.engine import load_pack_files
from compliance.i18n import Lang
from compliance.reporters import RULETEST_REPORTERS, load
from compliance.ruletest import run_pack_tests


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Chạy mọi ví dụ (tests) viết trong bộ tiêu chí qua bộ máy thật và so kết quả với 'expect'. "
        "Run every example written inside the rule packs through the real engine and compare with 'expect'. "
        "Rules with no example are always listed. "
        "Exit 0: all pass; 1: a case fails, no case at all, or coverage is below --threshold "
        "(--threshold 100: every rule needs a passing and a failing example); 2: a pack is invalid."
    )
    common.add_packs_argument(parser)
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="liệt kê tiêu chí thiếu ví dụ đạt hoặc không đạt / list rules lacking a passing or failing example",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        metavar="N",
        help="thoát mã 1 nếu độ phủ dưới N%% / exit 1 below N%% coverage",
    )
    common.add_output_options(parser, list(RULETEST_REPORTERS))
    common.add_config_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or common.detect_lang()
    out = common.target(args, RULETEST_REPORTERS)
    files = load_pack_files(common.pack_paths(args))
    report = run_pack_tests(files, threshold=args.threshold)
    render = load(RULETEST_REPORTERS[out.format])
    out.write(render(report, lang, show_coverage=args.coverage), lang)
    return common.EXIT_FAIL if report.failed or report.below or report.nothing_tested else common.EXIT_OK
