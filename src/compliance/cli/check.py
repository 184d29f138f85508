"""``compliance check``: validate and check report documents (a CI-style gate for one upload)."""

from __future__ import annotations

import argparse

from compliance.cli import common, store_flags
from compliance.reporters import REPORTERS

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads the name)
if TYPE_CHECKING:
    from compliance.waivers import Waiver


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
    common.add_output_options(parser, list(REPORTERS), several=True)
    common.add_fail_on(parser)
    parser.add_argument(
        "--waivers",
        metavar="FILE",
        help="tệp miễn trừ (YAML/JSON): mục không đạt được miễn thành 'được miễn' / waivers file: matching "
        "failures become 'waived' (see docs/api.md)",
    )
    parser.add_argument(
        "--document-only",
        action="store_true",
        help="chỉ xét các nghĩa vụ mà chính các văn bản gửi lên có thể đáp ứng (cổng nhận một lần gửi): bỏ các tiêu "
        "chí cần loại văn bản không có trong lần gửi, ví dụ hạn báo cáo tổng kết khi gửi báo cáo học kỳ I / judge "
        "only the obligations the documents given can satisfy (an upload gate): rules needing a kind of document "
        "the upload lacks are left out, and a note names them (docs/cli.md)",
    )
    common.add_config_options(parser)
    store_flags.add_options(parser)
    parser.set_defaults(run=common.rejecting(run, REPORTERS))


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    outs = common.targets(args, REPORTERS)  # every --out, checked before any work
    as_of = common.as_of_date(args.as_of)
    keeping = store_flags.Keeping.start(args, lang)  # --save, --baseline: a bad store stops it now
    with common.make_engine(args) as engine:
        waivers = _waivers(args.waivers) if args.waivers else []
        result = engine.check(args.paths, as_of=as_of, waivers=waivers, document_only=args.document_only)
    with common.once_checked():  # what fails from here is no rejected input (docs/cli.md)
        result = keeping.record(result)
        code = keeping.exit_code(result, common.fail_on(args.fail_on))  # known before a pipe can close
        common.write_result(outs, result, lang)  # one evaluation, written to each --out
    return code


def _waivers(path: str) -> list[Waiver]:
    from compliance.waivers import load_waivers  # noqa: PLC0415 - only with --waivers

    return load_waivers(path)
