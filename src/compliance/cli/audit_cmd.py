"""``compliance audit``: every portfolio of a district, a roster, parallel workers, reports people use."""

from __future__ import annotations

import argparse
import gc
import os

from compliance import cli
from compliance.audit import EXECUTORS, POOL_THRESHOLD, audit
from compliance.cli import common, store_flags
from compliance.cli.progress import progress_bars, progress_wanted
from compliance.errors import Code
from compliance.register import load_register
from compliance.reporters import REPORTERS
from compliance.roster import load_roster

EPILOG = """\
ví dụ / example:
  compliance audit bao-cao/ --roster danh-sach.yaml --as-of 30/06/2024 --format html --out kiem-tra.html
  compliance audit bao-cao/ --format xlsx --out kiem-tra.xlsx --lang en --jobs 4
  compliance audit bao-cao/ --out kiem-tra.html --out kiem-tra.xlsx --out kiem-tra.sarif  (một lần kiểm tra,
    ba tệp, định dạng theo đuôi tệp / one evaluation, three files, each format from its suffix)

danh sách / roster (YAML or CSV, docs/audit.md): unit_id, unit_name, unit_type, school_levels,
  province, district, school_year — units expected to report; one that sent nothing is audited too.

sổ văn bản đến / register (--register, CSV or XLSX, docs/register.md): Số đến, Ngày đến, Nơi gửi,
  Số, ký hiệu, Trích yếu — its ngày đến is the received date of the report with that số hiệu from
  that sender; when it differs from the report's the register wins and the finding says so.

mã thoát / exit codes (as for check; --fail-on defaults to info):
  0 không có mục nào không đạt hoặc lỗi ở mức --fail-on trở lên và mọi văn bản đều đọc được / nothing at
    or above --fail-on failed or was an error, and every document could be read;
  1 có mục không đạt hoặc lỗi ở mức đó, hoặc có văn bản không đọc được / something at or above it failed
    or was an error, or a document could not be read (--fail-on none: never 1);
  2 không tìm thấy báo cáo, tham số, tiêu chí, cấu hình hoặc danh sách không dùng được / no reports
    found, unusable arguments, rules, config or roster;
  3 lỗi nội bộ / internal error.

loại trừ / exclusions: --exclude GLOB (lặp lại được / repeatable) và tệp .complianceignore ở đầu thư
  mục / and a .complianceignore file at the top of the folder, cú pháp .gitignore / .gitignore syntax
  (docs/audit.md); tệp --roster, --waivers và --register không bao giờ được đọc như báo cáo / are
  never read as reports.

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
        default=None,
        metavar="N",
        help=f"số tiến trình song song (mặc định: số lõi, nhưng một tiến trình khi có dưới {POOL_THRESHOLD} "
        f"tệp; cũng là số tiến trình ghi JSON khi có nhiều kết luận) / parallel workers (default: all cores, "
        f"but one below {POOL_THRESHOLD} files; also the processes that write the JSON of many findings)",
    )
    parser.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="nơi chạy: local (các tiến trình của máy này) hoặc dask (một cụm Dask, cần "
        "pip install 'compliance[dask]', xem docs/scale.md) / where the audit runs: local (this "
        "machine's processes) or dask (a Dask cluster; needs the dask extra, docs/scale.md)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="bộ điều phối Dask (với --executor dask; mặc định: một cụm cục bộ gồm --jobs tiến trình) "
        "/ the Dask scheduler (with --executor dask; default: a local cluster of --jobs processes)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="bỏ qua các tệp, thư mục khớp mẫu (như .gitignore; lặp lại được; thêm vào .complianceignore "
        "của thư mục) / leave out files and folders matching GLOB (.gitignore syntax; repeatable; besides "
        "the folder's .complianceignore)",
    )
    parser.add_argument("--waivers", metavar="FILE", help="tệp miễn trừ / waivers file")
    parser.add_argument(
        "--register",
        metavar="FILE",
        help="sổ văn bản đến (CSV/XLSX, xem docs/register.md): ngày đến trong sổ là ngày nhận báo cáo "
        "/ the register of received documents: its ngày đến is each report's received date",
    )
    common.add_rules_options(parser)
    common.add_as_of(parser)
    common.add_output_options(parser, list(REPORTERS), several=True)
    common.add_fail_on(parser)
    common.add_config_options(parser)
    store_flags.add_options(parser)
    parser.set_defaults(run=common.rejecting(run, REPORTERS))


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    outs = common.targets(args, REPORTERS)  # every --out, checked before any work
    if args.jobs is not None and args.jobs < 1:
        raise common.arg_error(Code.JOBS_TOO_FEW)
    if args.scheduler is not None and args.executor != "dask":
        raise common.arg_error(Code.DASK_SCHEDULER_WITHOUT_EXECUTOR)
    as_of = common.as_of_date(args.as_of) or common.today()
    roster = load_roster(args.roster) if args.roster else None
    keeping = store_flags.Keeping.start(args, lang)  # --save, --baseline: a bad store stops it now
    waivers = []
    if args.waivers:
        from compliance.waivers import load_waivers  # noqa: PLC0415 - pydantic only with --waivers

        waivers = load_waivers(args.waivers)
    register = load_register(args.register) if args.register else None
    spec = common.engine_spec(args)
    with spec.build() as engine, progress_bars(progress_wanted()) as progress:
        if cli.owns_process:
            # What exists now (modules, the compiled packs) lives as long as the process: moved
            # out of the collector's sight, so that no full collection walks it again, here or in
            # a worker forked from here (a 5 000-report JSON audit: 0.15 s of collections in the
            # parent, 0.07 s with this). Only the command: a program calling main() or the
            # Python API keeps its collector as it was.
            gc.freeze()
        result = audit(
            args.paths,
            spec=spec,
            as_of=as_of,
            roster=roster,
            jobs=args.jobs,
            waivers=waivers,
            progress=progress,
            engine=engine,
            exclude=args.exclude,
            skip=[p for p in (args.roster, args.waivers) if p],  # never read as reports
            register=register,  # its file is skipped too
            executor=args.executor,
            scheduler=args.scheduler,
        )
    with common.once_checked():  # what fails from here is no rejected input (docs/cli.md)
        result = keeping.record(result, roster=roster)
        code = keeping.exit_code(result, common.fail_on(args.fail_on))  # known before a pipe can close
        # the JSON of a long list of findings is written by as many processes as the audit ran
        jobs = args.jobs if args.jobs is not None else os.cpu_count() or 1
        common.write_result(outs, result, lang, jobs=jobs)  # one evaluation, written to each --out
    return code
