"""``compliance audit``: every portfolio of a district, a roster, parallel workers, reports people use."""

from __future__ import annotations

import argparse
import os

from compliance.audit import EngineSpec, audit
from compliance.cli import common
from compliance.cli.progress import progress_bars, progress_wanted
from compliance.errors import Code
from compliance.reporters import REPORTERS
from compliance.roster import load_roster
from compliance.waivers import load_waivers

EPILOG = """\
ví dụ / example:
  compliance audit bao-cao/ --roster danh-sach.yaml --as-of 30/06/2024 --format html --out kiem-tra.html
  compliance audit bao-cao/ --format xlsx --out kiem-tra.xlsx --lang en --jobs 4

danh sách / roster (YAML or CSV, docs/audit.md): unit_id, unit_name, unit_type, school_levels,
  province, district, school_year — units expected to report; one that sent nothing is audited too.

mã thoát / exit codes: 0 đã kiểm tra xong / the audit completed (with --fail-on: nothing at or above
  that severity failed and every document could be read); 1 có mục không đạt / something failed
  (--fail-on only); 2 tham số, tiêu chí hoặc danh sách không dùng được / unusable arguments, rules or roster.

Thanh tiến độ hiện trên stderr khi là terminal, tắt khi có biến CI / the progress bar shows on a
terminal (stderr), never when piped or when CI is set.
"""


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Kiểm tra mọi hồ sơ (đơn vị × năm học) trong các thư mục, song song; đơn vị trong danh\n"
        "sách (--roster) không gửi gì vẫn có kết luận; văn bản không đọc được được ghi lại, không\n"
        "làm dừng việc kiểm tra.\n"
        "Audit every portfolio (unit × school year) found, in parallel; roster units that sent\n"
        "nothing still get findings; unreadable documents are recorded and the audit goes on."
    )
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục báo cáo / report files or folders"
    )
    parser.add_argument(
        "--roster",
        metavar="FILE",
        help="danh sách đơn vị phải báo cáo (YAML/CSV, xem docs/audit.md) / units expected to report",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="số tiến trình song song (mặc định: số lõi) / parallel workers (default: all cores)",
    )
    parser.add_argument("--waivers", metavar="FILE", help="tệp miễn trừ / waivers file")
    common.add_rules_options(parser)
    common.add_as_of(parser)
    common.add_output_options(parser, list(REPORTERS))
    common.add_fail_on(parser, None)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    if args.jobs < 1:
        raise common.arg_error(Code.JOBS_TOO_FEW)
    as_of = common.as_of_date(args.as_of) or common.today()
    roster = load_roster(args.roster) if args.roster else None
    waivers = load_waivers(args.waivers) if args.waivers else []
    spec = EngineSpec(
        rules=tuple(args.rules or ()),
        params=common.params(args.param),
        engine=args.engine,
        options=common.engine_options(args),
    )
    with spec.build() as engine, progress_bars(progress_wanted()) as progress:
        result = audit(
            args.paths,
            spec=spec,
            as_of=as_of,
            roster=roster,
            jobs=args.jobs,
            waivers=waivers,
            progress=progress,
            engine=engine,
        )
    common.emit_result(result, args.format, lang, args.out)
    return result.exit_code(common.fail_on(args.fail_on))
