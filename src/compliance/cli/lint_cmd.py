"""``compliance lint``: check rule packs against the schema, each other and the plans they quote."""

from __future__ import annotations

import argparse
from pathlib import Path

from compliance.cli import common
from compliance.engine import load_pack_files
from compliance.errors import Code, InputError, Problem
from compliance.i18n import Lang
from compliance.lint import LintFinding, LintReport, lint
from compliance.reporters import LINT_REPORTERS, load


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Kiểm tra bộ tiêu chí: ngôn ngữ tiêu chí, trường không có trong schema, mã tiêu chí/mã gói trùng, trích dẫn "
        "không nguyên văn (--sources), thứ trong tuần ghi sai (trong trích dẫn và trong văn bản nguồn; "
        "đã ghi 'correction' thì chỉ là ghi chú), hạn khác ngày trích dẫn, hạn ngoài năm học (01/8–31/7) "
        "hoặc trước ngày ban hành, tiêu chí không áp dụng cho đơn vị nào (mọi lỗi này 'check' cũng từ chối), "
        "tiêu chí chưa có ví dụ kiểm thử (cảnh báo). "
        "Lint rule packs: rule language, unknown fields, duplicate rule/pack ids, quotes not verbatim "
        "(--sources), wrong weekdays (in quotes and in the plans; a recorded 'correction' makes it a note), "
        "due dates unlike the quote, due dates outside the school year (1 Aug-31 Jul) or before the plan, "
        "rules that can apply to no unit (check refuses all these errors too), rules without examples (warning). "
        "Exit 0: clean (notes only); 1: errors or warnings; 2: unreadable input."
    )
    common.add_packs_argument(parser)
    parser.add_argument(
        "--sources",
        metavar="DIR",
        help="thư mục văn bản nguồn (seeds) để đối chiếu trích dẫn; thiếu thì không đối chiếu "
        "/ folder of the plans (seeds) to check quotes against; without it quotes are not checked",
    )
    common.add_output_options(parser, list(LINT_REPORTERS))
    common.add_config_options(parser)
    parser.set_defaults(run=run)


def _finding(p: Problem) -> LintFinding:
    return LintFinding(
        "invalid", "error", p.file or "<input>", p.message, p.pointer, p.line, p.column, None, p.fix
    )


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or common.detect_lang()
    out = common.target(args, LINT_REPORTERS)
    sources = Path(args.sources) if args.sources else None
    try:
        if sources is not None and not sources.is_dir():
            raise common.arg_error(Code.NO_SOURCE_FOLDER, folder=sources)
        files = load_pack_files(common.pack_paths(args))
    except InputError as error:  # exit 2; JSON and SARIF still get their document (docs/cli.md)
        if out.format != "text":
            rejected = LintReport(
                files=[], sources=args.sources, findings=[_finding(p) for p in error.problems]
            )
            out.write(load(LINT_REPORTERS[out.format])(rejected, lang), lang)
        raise
    report = lint(files, sources)
    out.write(load(LINT_REPORTERS[out.format])(report, lang), lang)
    return common.EXIT_FAIL if report.failed else common.EXIT_OK
