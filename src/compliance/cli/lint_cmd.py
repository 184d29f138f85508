"""``compliance lint``: check rule packs against the schema, each other and the plans they quote."""

from __future__ import annotations

import argparse
from pathlib import Path

from compliance.cli import common
from compliance.engine import load_pack_files
from compliance.errors import Code
from compliance.i18n import Lang
from compliance.lint import lint
from compliance.reporters import LINT_REPORTERS
from compliance.resources import bundled_rules


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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or common.detect_lang()
    sources = Path(args.sources) if args.sources else None
    if sources is not None and not sources.is_dir():
        raise common.arg_error(Code.NO_SOURCE_FOLDER, folder=sources)
    report = lint(load_pack_files(args.packs or [bundled_rules()]), sources)
    common.emit(LINT_REPORTERS[args.format](report, lang), args.out)
    return common.EXIT_FAIL if report.failed else common.EXIT_OK
