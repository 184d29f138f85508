"""``compliance explain``: why a rule gave its status on some documents."""

from __future__ import annotations

import argparse

from compliance.cli import common
from compliance.engine import today
from compliance.errors import ReportError
from compliance.explain import explain
from compliance.reporters import EXPLAIN_REPORTERS, load


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Cho biết tiêu chí đọc những gì, mỗi truy vấn khớp với mục nào (tệp, dòng) và kết luận ra sao. "
        "Show what a rule reads, what each of its queries matched (file, line) and what it concluded."
    )
    parser.add_argument(
        "rule_id", metavar="RULE_ID", help="mã tiêu chí, ví dụ TX2324-T-BC-SO-KET-HK1 / a rule id"
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục báo cáo / report files or folders"
    )
    common.add_rules_options(parser)
    common.add_as_of(parser)
    common.add_output_options(parser, list(EXPLAIN_REPORTERS))
    common.add_config_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    out = common.target(args, EXPLAIN_REPORTERS)
    with common.make_engine(args) as engine:
        documents, problems = engine.load(args.paths)
        if problems:
            raise ReportError(problems)
        explanations = explain(engine, args.rule_id, documents, common.as_of_date(args.as_of) or today())
    out.write(load(EXPLAIN_REPORTERS[out.format])(explanations, lang), lang)
    return common.EXIT_OK
