"""``compliance history [UNIT|RULE]``: the saved runs, and a unit's or rule's status over time."""

from __future__ import annotations

import argparse
from pathlib import Path

from compliance.cli import common
from compliance.errors import Code, InputError, Location
from compliance.messages import problem
from compliance.reporters.history_report import HISTORY_REPORTERS
from compliance.store import Store, find_store
from compliance.store.db import STORE_FOLDER, STORE_NAME

EPILOG = """\
ví dụ / examples:
  compliance history                              các lần đã lưu / the runs saved
  compliance history VN-HN-TX-TH-KIMGIANG         một đơn vị qua các lần / one unit over time
  compliance history TX2324-T-BC-TONG-KET --limit 6 --format json

kho / store: --store FILE, nếu không thì .compliance/audits.sqlite đầu tiên tìm thấy từ thư mục hiện
  tại lên các thư mục cha / else the first .compliance/audits.sqlite found from the working directory
  upwards (docs/history.md).

mã thoát / exit codes: 0 đã in / shown; 2 không có kho, kho hỏng hoặc của phiên bản mới hơn, mã không có
  trong kho / no store, a damaged or newer store, an id the store does not hold.
"""


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Các lần kiểm tra đã lưu (audit --save), và kết luận của một đơn vị hoặc một tiêu chí qua các lần.\n"
        "The runs saved (audit --save), and a unit's or a rule's findings run after run."
    )
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "name",
        nargs="?",
        metavar="UNIT|RULE",
        help="mã đơn vị hoặc mã tiêu chí / a unit id or a rule id",
    )
    add_store_option(parser)
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="chỉ N lần gần nhất / only the last N runs"
    )
    common.add_output_options(parser, list(HISTORY_REPORTERS))
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise argparse.ArgumentTypeError(
            f"'{text}': cần một số nguyên dương / a positive whole number is needed"
        )
    return int(text)


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="FILE",
        help="kho lưu kết quả; mặc định: .compliance/audits.sqlite tìm từ thư mục hiện tại lên trên / the "
        "audit store; default: .compliance/audits.sqlite found from the working directory upwards",
    )


def open_store(args: argparse.Namespace) -> Store:
    """The store ``--store`` names, else the one found from the working directory upwards."""
    if args.store:
        return Store.open(args.store)
    found = find_store()
    if found is None:
        where = str(Path(STORE_FOLDER) / STORE_NAME)
        raise InputError([problem(Code.STORE_MISSING, at=Location(where), path=where)])
    return Store.open(found)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    out = common.target(args, HISTORY_REPORTERS)
    with open_store(args) as store:
        history = store.history(args.name, limit=args.limit)
    out.write(HISTORY_REPORTERS[out.format](history, lang), lang)
    return common.EXIT_OK
