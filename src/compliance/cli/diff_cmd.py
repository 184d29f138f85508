"""``compliance diff [RUN_A [RUN_B]]``: what changed between two audits, finding by finding."""

from __future__ import annotations

import argparse

from compliance.cli import common
from compliance.cli.history_cmd import add_store_option, open_store
from compliance.reporters.diff_report import DIFF_REPORTERS
from compliance.store import Store, diff, resolve

EPILOG = """\
ví dụ / examples:
  compliance diff                                 lần trước với lần gần nhất / latest~1 with latest
  compliance diff 3 latest --format html --out thay-doi.html
  compliance diff thang-1.json thang-6.json       hai tệp JSON kết quả / two audit JSON files

RUN: số lần kiểm tra (compliance history), latest, latest~N (N lần trước lần gần nhất), hoặc tệp JSON do
  --format json tạo / a run id, latest, latest~N (N runs before the latest), or an audit JSON file.

loại thay đổi / categories (docs/history.md): mới không đạt / new failure, hết miễn trừ / waiver expired,
  vẫn không đạt / still failing, đã khắc phục / resolved, mới được miễn / newly waived, mới áp dụng /
  newly applicable, không còn áp dụng / no longer applicable, không đổi / unchanged.

mã thoát / exit codes: 0 đã so sánh / compared; 2 lần kiểm tra hoặc tệp không dùng được / a run or file
  that cannot be used.
"""


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "So sánh hai lần kiểm tra: mỗi kết luận được xếp loại (mới không đạt, đã khắc phục, vẫn không đạt…).\n"
        "Compare two audits: every finding classified (new failure, resolved, still failing…)."
    )
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "run_a",
        nargs="?",
        default="latest~1",
        metavar="RUN_A",
        help="lần A (mặc định latest~1) / audit A (default latest~1)",
    )
    parser.add_argument(
        "run_b",
        nargs="?",
        default="latest",
        metavar="RUN_B",
        help="lần B (mặc định latest) / audit B (default latest)",
    )
    add_store_option(parser)
    parser.add_argument(
        "--all",
        action="store_true",
        help="liệt kê cả các kết luận không đổi (text, html) / list unchanged findings too (text, html)",
    )
    common.add_output_options(parser, list(DIFF_REPORTERS))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    out = common.target(
        args, DIFF_REPORTERS
    )  # decided before any work (the suffix of --out picks the format)
    opened: list[Store] = []

    def store() -> Store:
        if not opened:
            opened.append(open_store(args))
        return opened[0]

    try:
        a = resolve(args.run_a, store)
        b = resolve(args.run_b, store)
    finally:
        for s in opened:
            s.close()
    out.write(DIFF_REPORTERS[out.format](diff(a, b), lang, args.all), lang)
    return common.EXIT_OK
