"""``compliance check``: validate and check report documents (a CI-style gate for one upload)."""

from __future__ import annotations

import argparse

from compliance.cli import common
from compliance.reporters import REPORTERS
from compliance.waivers import load_waivers


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Kiểm tra các báo cáo (tệp hoặc thư mục; các văn bản của cùng đơn vị và năm học được xét chung "
        "như một hồ sơ). Check report documents (files or folders; the documents of one unit and school "
        "year are checked together as one portfolio). Any invalid document stops the check with exit 2."
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="tệp .yaml/.yml/.json hoặc thư mục / report files or folders"
    )
    common.add_rules_options(parser)
    common.add_as_of(parser)
    common.add_output_options(parser, list(REPORTERS))
    common.add_fail_on(parser, "info")
    parser.add_argument(
        "--waivers",
        metavar="FILE",
        help="tệp miễn trừ (YAML/JSON): mục không đạt được miễn thành 'được miễn' / waivers file: matching "
        "failures become 'waived' (see docs/api.md)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    as_of = common.as_of_date(args.as_of)
    with common.make_engine(args) as engine:
        waivers = load_waivers(args.waivers) if args.waivers else []
        result = engine.check(args.paths, as_of=as_of, waivers=waivers)
    common.emit_result(result, args.format, lang, args.out)
    return result.exit_code(common.fail_on(args.fail_on))
