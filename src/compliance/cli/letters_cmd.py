"""``compliance letters``: a reminder letter (công văn đôn đốc) for each unit an audit finds with
something to do, as DOCX and HTML (compliance.letters, docs/letters.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from compliance.cli import common
from compliance.dates import DateInputError, parse_user_date
from compliance.errors import Code, InputError, Location
from compliance.findings import CheckResult
from compliance.i18n import Lang, Text
from compliance.letters import FORMATS, Letterhead, letters_for, write_letters
from compliance.letters.model import DEFAULT_OFFICE, DEFAULT_SIGNER_TITLE, DEFAULT_SYMBOL, REPLY_WORKING_DAYS
from compliance.messages import problem
from compliance.waivers import Waiver, load_waivers

EPILOG = """\
ví dụ / example:
  compliance audit bao-cao/ --roster danh-sach.yaml --as-of 30/06/2024 --format json --out kiem-tra.json
  compliance letters kiem-tra.json --out thu/ --office "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN THANH XUÂN" \\
    --superior "UBND QUẬN THANH XUÂN" --place "Thanh Xuân" --date 02/12/2026 --signer "Nguyễn Văn An"
  compliance letters bao-cao/ --roster danh-sach.yaml --as-of 30/06/2024 --out thu/ --format docx

Một thư cho mỗi đơn vị có nội dung không đạt hoặc lỗi, và mỗi đơn vị trong danh sách không gửi gì;
đơn vị đạt mọi nội dung không có thư. Tệp: THƯ-MỤC/<mã đơn vị>_<năm học>.docx và .html.
One letter per unit with a failing or missing obligation, and per roster unit that sent nothing;
a unit that meets everything gets none. Files: DIR/<unit id>_<school year>.docx and .html.

mã thoát / exit codes: 0 thư đã viết (hoặc không đơn vị nào cần thư) / letters written (or no unit
  needs one); 2 AUDIT, tham số hoặc thư mục ra không dùng được / unusable AUDIT, arguments or output
  folder; 3 lỗi nội bộ / internal error.
"""


def _formats(value: str) -> list[str]:
    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"định dạng không có / unknown format: {', '.join(unknown) or repr(value)}; "
            f"dùng / use: {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(chosen))


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Viết công văn đôn đốc (Nghị định 30/2020/NĐ-CP) cho từng đơn vị chưa thực hiện hoặc chưa báo\n"
        "cáo đầy đủ, từ kết quả kiểm tra JSON (compliance audit --format json) hoặc từ thư mục báo cáo.\n"
        "Write a reminder letter (Decree 30/2020) to each unit with failing or missing obligations,\n"
        "from an audit's JSON findings (compliance audit --format json) or from a folder of reports."
    )
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "paths",
        nargs=1,
        metavar="AUDIT",
        help="tệp kết quả JSON của compliance audit, hoặc thư mục báo cáo (khi đó kiểm tra trước, với --roster, "
        "--as-of, --rules) / an audit's JSON findings file, or a folder of reports (then it is audited first, "
        "with --roster, --as-of, --rules)",
    )
    parser.add_argument(
        "-o",
        "--out",
        metavar="DIR",
        required=True,
        help="thư mục ghi thư / the folder to write the letters to",
    )
    parser.add_argument(
        "--format",
        type=_formats,
        default=list(FORMATS),
        metavar="docx,html",
        help="các định dạng, cách nhau bằng dấu phẩy; mặc định: docx,html / formats, comma-separated; "
        "default: docx,html",
    )
    head = parser.add_argument_group("cơ quan ban hành / the issuing office (docs/letters.md)")
    head.add_argument(
        "--office",
        default=DEFAULT_OFFICE,
        metavar="TÊN",
        help=f"tên cơ quan ban hành, chữ in hoa; mặc định: {DEFAULT_OFFICE} / the issuing office, in capitals",
    )
    head.add_argument(
        "--superior",
        metavar="TÊN",
        help="cơ quan chủ quản, in phía trên / the superior body, printed above it",
    )
    head.add_argument(
        "--place",
        metavar="ĐỊA_DANH",
        help="địa danh ở dòng ngày tháng; mặc định: quận/huyện của các đơn vị khi chung một nơi, nếu không để "
        "trống / the place on the date line; default: the units' district when they share one, else blank",
    )
    head.add_argument(
        "--date", metavar="DATE", help="ngày của thư (dd/mm/yyyy); mặc định: hôm nay / the letter's date"
    )
    head.add_argument(
        "--reply-by",
        metavar="DATE",
        help=f"hạn đơn vị gửi báo cáo, minh chứng (dd/mm/yyyy); mặc định: {REPLY_WORKING_DAYS} ngày làm việc sau "
        "ngày của thư / when the unit must answer by; default: that many working days after the letter's date",
    )
    head.add_argument("--signer", metavar="HỌ_TÊN", help="người ký / the signer's name")
    head.add_argument(
        "--signer-title",
        default=DEFAULT_SIGNER_TITLE,
        metavar="CHỨC_VỤ",
        help=f"chức vụ người ký; mặc định: {DEFAULT_SIGNER_TITLE} / the signer's title",
    )
    head.add_argument(
        "--symbol",
        default=DEFAULT_SYMBOL,
        metavar="KÝ_HIỆU",
        help=f"chữ viết tắt tên cơ quan trong số, ký hiệu (Số: …/{DEFAULT_SYMBOL}-…) / the office's abbreviation",
    )
    audit = parser.add_argument_group(
        "khi AUDIT là thư mục / when AUDIT is a folder (as for compliance audit)"
    )
    audit.add_argument(
        "--roster",
        metavar="FILE",
        help="danh sách đơn vị phải báo cáo (YAML/CSV, xem docs/audit.md) / units expected to report",
    )
    parser.add_argument(
        "--waivers",
        metavar="FILE",
        help="tệp miễn trừ: với thư mục, dùng khi kiểm tra; với cả hai, miễn trừ đã hết hạn được nêu trong thư "
        "/ waivers file: applied when a folder is audited; either way, expired waivers are listed in the letters",
    )
    common.add_rules_options(parser)
    common.add_as_of(parser)
    common.add_config_options(parser)
    common.add_lang(parser)
    parser.set_defaults(run=run)


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_user_date(value)
    except DateInputError as exc:
        raise InputError([problem(exc.code, at=Location(option), **exc.values)]) from None


def _read_findings(path: Path) -> CheckResult:
    """The findings JSON ``path``, or an :class:`InputError` naming the file and where it is wrong."""
    from pydantic import ValidationError  # noqa: PLC0415

    from compliance.store.snapshot import audit_json_problem, read_audit_data  # noqa: PLC0415

    data = read_audit_data(path)
    try:
        # as JSON again: the JSON schema's errors point into the file (the Python one names the
        # union's branches)
        return CheckResult.model_validate_json(json.dumps(data, ensure_ascii=False))
    except ValidationError as exc:
        first = exc.errors()[0]
        pointer = "".join(f"/{part}" for part in first["loc"])
        detail = Text(
            vi=f"{pointer or '/'}: {first['msg']} ({exc.error_count()} lỗi)",
            en=f"{pointer or '/'}: {first['msg']} ({exc.error_count()} error(s))",
        )
        raise audit_json_problem(path, detail, pointer=pointer or None) from None


def _audited(args: argparse.Namespace, folder: Path, waivers: list[Waiver]) -> CheckResult:
    from compliance.audit import audit  # noqa: PLC0415 - only for a folder
    from compliance.roster import load_roster  # noqa: PLC0415

    as_of = common.as_of_date(args.as_of) or common.today()
    roster = load_roster(args.roster) if args.roster else None
    spec = common.engine_spec(args)
    with spec.build() as engine:
        return audit(
            [folder],
            spec=spec,
            as_of=as_of,
            roster=roster,
            waivers=waivers,
            engine=engine,
            skip=[p for p in (args.roster, args.waivers) if p],
        )


def _folder_options(args: argparse.Namespace) -> list[str]:
    """The options given that only an audit of a folder uses (``--rules`` from the config file aside)."""
    found = getattr(args, "config_found", None)
    config_rules = list(found.rules) if found is not None and found.rules else []
    given = {
        "--roster": args.roster is not None,
        "--as-of": args.as_of is not None,
        "--rules": bool(args.rules) and list(args.rules) != config_rules,
        "--param": bool(args.param),
        "--engine": args.engine != "python",
    }
    return [option for option, yes in given.items() if yes]


def _wrote(count: int, files: list[Path], out: str, lang: Lang) -> str:
    if lang == "vi":
        head = f"Đã viết {count} thư ({len(files)} tệp) vào {out}"
    else:
        head = f"Wrote {count} letter(s) ({len(files)} file(s)) to {out}"
    return "\n".join([head, *(f"  {f}" for f in files)])


def _none(units: int, lang: Lang) -> str:
    if lang == "vi":
        return f"Không viết thư nào: cả {units} đơn vị đã kiểm tra đều không có nội dung không đạt hoặc lỗi."
    return f"No letter written: none of the {units} unit(s) checked has a failing or missing obligation."


def _unread(result: CheckResult, lang: Lang) -> str | None:
    """A warning when the audit could not read some documents: their units' letters may miss
    what those documents would have shown."""
    if not result.problems:
        return None
    files = sorted({p.file for p in result.problems if p.file})
    shown = ", ".join(files[:3]) + (" …" if len(files) > 3 else "")
    if lang == "vi":
        return (
            f"Lưu ý: {len(result.problems)} lỗi ở văn bản không đọc được ({shown}); thư của các đơn vị đó dựa "
            "trên những văn bản còn lại. Xem chi tiết: compliance audit."
        )
    return (
        f"Note: {len(result.problems)} problem(s) in documents that could not be read ({shown}); those units' "
        "letters rest on their other documents. Details: compliance audit."
    )


def run(args: argparse.Namespace) -> int:
    lang = args.lang or common.detect_lang()
    date = _day(args.date, "--date") or common.today()
    reply_by = _day(args.reply_by, "--reply-by")
    source = Path(args.paths[0])
    if not source.exists():
        raise InputError([problem(Code.NO_SUCH_FILE, at=Location(str(source)))])
    waivers = load_waivers(args.waivers) if args.waivers else []
    if source.is_dir():
        result = _audited(args, source, waivers)
    else:
        if options := _folder_options(args):
            raise InputError(
                [
                    problem(
                        Code.LETTERS_OPTION_NEEDS_FOLDER,
                        at=Location("<command line>"),
                        options=", ".join(options),
                        path=str(source),
                    )
                ]
            )
        result = _read_findings(source)
    if not result.findings:
        raise InputError([problem(Code.LETTERS_NO_FINDINGS, at=Location(str(source)), path=str(source))])
    head = Letterhead(
        date=date,
        office=args.office,
        superior=args.superior,
        place=args.place,
        signer=args.signer,
        signer_title=args.signer_title,
        symbol=args.symbol,
        reply_by=reply_by,
    )
    if (warning := _unread(result, lang)) is not None:
        print(warning, file=sys.stderr)
    letters = letters_for(result, head, waivers)
    if not letters:
        print(_none(result.summary.units, lang))
        return common.EXIT_OK
    files = write_letters(letters, args.out, args.format)
    print(_wrote(len(letters), files, args.out, lang))
    sys.stdout.flush()
    return common.EXIT_OK
