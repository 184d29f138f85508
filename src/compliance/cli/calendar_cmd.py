"""``compliance calendar``: a unit's deadlines as an iCalendar file (.ics) for its phone calendar.

Which rules apply to a unit depends on its type, its school levels, its place and the school year,
never on its id alone: the unit is given either by a roster row (``--roster``, with ``--unit`` for
one of its units) or by ``--unit`` with ``--unit-type`` (and ``--levels``, ``--province``,
``--district``). The calendar itself is :mod:`compliance.ics`; ``docs/calendar.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from compliance.cli import common, output
from compliance.errors import Code, InputError, Location, Problem
from compliance.fieldtypes import report_type
from compliance.i18n import Lang, Text
from compliance.messages import problem
from compliance.portfolio import Unit
from compliance.textnorm import normalize_text, place_key

if TYPE_CHECKING:
    from compliance.engine import Engine

_YEAR = re.compile(r"^[0-9]{4}-[0-9]{4}\Z")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

# (unit id, school year) → (pack, rule) → (status, message): what an audit said
Statuses = dict[tuple[str, str], dict[tuple[str, str], tuple[str, Text | None]]]


def _codes(field: str) -> list[str]:
    submitter = report_type().properties["submitter"].properties[field]
    enum = submitter.item.enum if submitter.item is not None else submitter.enum
    return sorted(enum or ())


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Ghi lịch hạn báo cáo (.ics) của một đơn vị: mỗi hạn chót và mỗi việc không có hạn riêng áp dụng cho "
        "đơn vị là một mục, có căn cứ, việc cần làm và nhắc trước 3 ngày. Tiêu chí nào áp dụng tùy loại đơn vị, "
        "cấp học, địa bàn và năm học, không tùy mã đơn vị: cho đơn vị bằng một dòng danh sách (--roster, kèm "
        "--unit để chọn một đơn vị) hoặc bằng --unit cùng --unit-type (và --levels). "
        "Write a unit's deadline calendar (.ics): one entry per deadline and per undated task that applies to "
        "it, with the citation, what to do and a reminder 3 days before. Which rules apply depends on the unit's "
        "type, levels, place and school year, not on its id: give the unit by a roster row (--roster, with --unit "
        "to pick one) or by --unit with --unit-type (and --levels). docs/calendar.md"
    )
    parser.add_argument("--unit", metavar="UNIT_ID", help="mã đơn vị / the unit id")
    parser.add_argument(
        "--unit-type",
        metavar="TYPE",
        help="loại đơn vị (cần khi không có --roster) / the unit type (needed without --roster): "
        + ", ".join(_codes("unit_type")),
    )
    parser.add_argument(
        "--levels",
        nargs="+",
        metavar="LEVEL",
        help="cấp học của trường; không có thì tiêu chí dành riêng cho một cấp học không áp dụng / the school's "
        "levels; without them, rules for given levels do not apply: " + ", ".join(_codes("school_levels")),
    )
    parser.add_argument("--unit-name", metavar="NAME", help="tên đơn vị (cho tiêu đề lịch) / the unit's name")
    parser.add_argument(
        "--province",
        metavar="NAME",
        help="tỉnh/thành phố; không có thì xét mọi bộ tiêu chí của năm học / province; without it, every pack of "
        "the year",
    )
    parser.add_argument("--district", metavar="NAME", help="quận/huyện / district")
    parser.add_argument(
        "--roster",
        metavar="FILE",
        help="danh sách đơn vị (YAML, JSON hoặc CSV, docs/audit.md): không có --unit thì ghi mỗi đơn vị một tệp "
        "MÃ_ĐƠN_VỊ.ics vào thư mục --out / a roster (YAML, JSON or CSV): without --unit, one UNIT_ID.ics per unit "
        "in the --out folder",
    )
    parser.add_argument(
        "--school-year",
        metavar="YYYY-YYYY",
        help="năm học; mặc định: năm học của ngày xét (với --roster: các dòng của danh sách) / the school year; "
        "default: that of the as-of date (with --roster: the roster's rows)",
    )
    common.add_rules_options(parser)
    parser.add_argument(
        "-o",
        "--out",
        metavar="PATH",
        help="tệp .ics (mặc định: màn hình); với --roster không có --unit: thư mục / the .ics file (default: "
        "standard output); with --roster and no --unit: a folder",
    )
    parser.add_argument(
        "--pending-only",
        action="store_true",
        help="chỉ những việc chưa đạt theo kết quả kiểm tra (--findings hoặc --reports) / only what the audit "
        "did not find met (--findings or --reports)",
    )
    parser.add_argument(
        "--findings",
        metavar="FILE",
        help="kết quả của compliance audit --format json (hoặc check --format json) / the results of compliance "
        "audit --format json (or check --format json)",
    )
    parser.add_argument(
        "--reports",
        action="append",
        metavar="PATH",
        help="kiểm tra các báo cáo này (tệp hoặc thư mục, lặp được) thay cho --findings / check these reports "
        "(files or folders, repeatable) instead of --findings",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="ngày xét (dd/mm/yyyy hoặc YYYY-MM-DD); mặc định: ngày của --findings, nếu không thì hôm nay / the "
        "as-of date; default: that of --findings, else today",
    )
    common.add_lang(parser)
    common.add_config_options(parser)
    parser.set_defaults(run=run)


def _at(where: str) -> Location:
    return Location(where)


def _school_year(text: str | None, where: str = "--school-year") -> str | None:
    if text is None:
        return None
    if not _YEAR.match(text.strip()):
        raise InputError([problem(Code.ROSTER_SCHOOL_YEAR, at=_at(where))])
    return text.strip()


def _unit_from_args(args: argparse.Namespace) -> Unit:
    unit_id = normalize_text(args.unit.strip())
    if not args.unit_type:
        raise InputError([problem(Code.CALENDAR_NEEDS_UNIT_TYPE, at=_at("--unit"), unit=unit_id)])
    types = _codes("unit_type")
    if args.unit_type not in types:
        raise InputError(
            [
                problem(
                    Code.CALENDAR_UNIT_TYPE,
                    at=_at("--unit-type"),
                    unit_type=args.unit_type,
                    allowed=", ".join(types),
                )
            ]
        )
    levels = args.levels or []
    unknown = [lv for lv in levels if lv not in _codes("school_levels")]
    if unknown:
        raise InputError([problem(Code.ROSTER_LEVELS, at=_at("--levels"), levels=unknown)])
    return Unit(
        unit_id=unit_id,
        unit_type=args.unit_type,
        unit_name=normalize_text(args.unit_name) if args.unit_name else None,
        levels=frozenset(levels),
        province=place_key(args.province) if args.province else None,
        district=place_key(args.district) if args.district else None,
        province_name=normalize_text(args.province) if args.province else None,
        district_name=normalize_text(args.district) if args.district else None,
    )


def _units(args: argparse.Namespace, default_year: str) -> list[tuple[Unit, str]]:
    """The (unit, school year) pairs the command writes calendars for."""
    year = _school_year(args.school_year)
    if args.roster is None:
        if not args.unit:
            raise InputError([problem(Code.CALENDAR_NO_UNIT, at=_at("<command line>"))])
        return [(_unit_from_args(args), year or default_year)]
    from compliance.roster import load_roster  # noqa: PLC0415

    entries = [e for e in load_roster(args.roster) if year is None or e.school_year == year]
    if not entries:  # a calendar of nobody is refused, never written as if all were well
        if year is None:
            raise InputError([problem(Code.ROSTER_NO_UNITS, at=Location(args.roster))])
        raise InputError([problem(Code.CALENDAR_ROSTER_NO_YEAR, at=Location(args.roster), school_year=year)])
    if args.unit:
        wanted = normalize_text(args.unit.strip())
        entries = [e for e in entries if e.unit.unit_id == wanted][:1]
        if not entries:
            raise InputError([problem(Code.CALENDAR_NOT_IN_ROSTER, at=Location(args.roster), unit=wanted)])
    return [(e.unit, e.school_year) for e in entries]


def _read_findings(path: str) -> tuple[Statuses, str | None]:
    """What an audit's JSON said about each (unit, year) and rule, and its as-of date."""

    from compliance.store.snapshot import audit_json_problem, read_audit_data  # noqa: PLC0415

    data = read_audit_data(path)
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise audit_json_problem(
            path, Text(vi="không có danh sách findings", en="there is no findings list"), pointer="/findings"
        )
    statuses: Statuses = {}
    for i, f in enumerate(findings):
        keys = ("unit_id", "school_year", "rule_id", "status")
        if not isinstance(f, dict) or not all(isinstance(f.get(k), str) for k in keys):
            raise audit_json_problem(
                path,
                Text(vi=f"kết luận thiếu {', '.join(keys)}", en=f"the finding lacks {', '.join(keys)}"),
                pointer=f"/findings/{i}",
            )
        message = f.get("message")
        text = (
            Text(vi=message["vi"], en=message["en"])
            if isinstance(message, dict) and message.get("vi") and message.get("en")
            else None
        )
        unit = statuses.setdefault((f["unit_id"], f["school_year"]), {})
        unit[(str(f.get("pack") or ""), f["rule_id"])] = (f["status"], text)
    as_of = data.get("as_of")
    return statuses, as_of if isinstance(as_of, str) else None


def _checked(engine: Engine, reports: list[str], as_of: dt.date) -> Statuses:
    """What checking ``reports`` at ``as_of`` says about each (unit, year) and rule."""
    statuses: Statuses = {}
    result = engine.check(reports, as_of=as_of)
    for f in result.findings:
        unit = statuses.setdefault((f.unit_id, f.school_year), {})
        unit[(f.pack or "", f.rule_id)] = (str(f.status), f.message)
    return statuses


def _file_name(unit: Unit, year: str, with_year: bool) -> str:
    stem = _UNSAFE.sub("_", unit.unit_id).strip("._") or "don-vi"
    return f"{stem}-{year}.ics" if with_year else f"{stem}.ics"


def _say(problems: Iterable[Problem], lang: Lang) -> None:
    for p in problems:
        print(p.render(lang), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from compliance import ics  # noqa: PLC0415 - icalendar only for this command
    from compliance.engine import compile_paths, today  # noqa: PLC0415
    from compliance.resources import bundled_rules  # noqa: PLC0415

    lang: Lang = args.lang or common.detect_lang()
    as_of = common.as_of_date(args.as_of)
    statuses: Statuses | None = None
    if args.pending_only and not (args.findings or args.reports):
        raise InputError([problem(Code.CALENDAR_PENDING_SOURCE, at=_at("--pending-only"))])
    if args.findings:
        statuses, audit_day = _read_findings(args.findings)
        if as_of is None and audit_day is not None:
            as_of = common.as_of_date(audit_day)
    as_of = as_of or today()
    units = _units(args, ics.school_year_of(as_of))
    folder = args.roster is not None and not args.unit
    if folder and (args.out is None or args.out == output.STDOUT or Path(args.out).is_file()):
        raise InputError(
            [problem(Code.CALENDAR_OUT_NOT_FOLDER, at=_at("--out"), path=args.out or output.STDOUT)]
        )
    if args.reports and statuses is None:
        with common.make_engine(args) as engine:
            program = engine.program
            statuses = _checked(engine, args.reports, as_of)
    else:
        program = compile_paths(
            args.rules or [bundled_rules()], params=common.engine_params(args), cache=not args.no_cache
        )
    with_year = len({u.unit_id for u, _ in units}) < len(units)
    written, skipped = 0, []
    for unit, year in units:
        found = ics.obligations(program, unit, year, as_of)
        if not found:
            skipped.append(
                problem(
                    Code.CALENDAR_NOTHING_APPLIES,
                    at=Location(args.roster or "--unit"),
                    unit=unit.unit_id,
                    unit_type=unit.unit_type,
                    school_year=year,
                )
            )
            continue
        if statuses is not None:
            judged = statuses.get((unit.unit_id, year))
            if judged is None:
                print(_unjudged(unit, year, args.findings or "--reports").pick(lang), file=sys.stderr)
            found = ics.judged(found, judged or {}, pending_only=args.pending_only)
        payload = ics.render(found, unit, year, lang=lang)
        path = Path(args.out) / _file_name(unit, year, with_year) if folder else _path(args.out)
        output.Target("ics", path, False, False, None).write(payload, lang)
        written += 1
    if skipped and not written:
        raise InputError(skipped)
    _say(skipped, lang)
    return common.EXIT_OK


def _path(out: str | None) -> Path | None:
    return None if out in (None, output.STDOUT) else Path(out)


def _unjudged(unit: Unit, year: str, source: str) -> Text:
    return Text(
        vi=f"Lưu ý: {source} không có kết luận nào cho đơn vị {unit.unit_id} năm học {year}; mọi việc được "
        "coi là chưa xong.",
        en=f"Note: {source} has no finding for {unit.unit_id} in {year}; every obligation is taken as not done.",
    )
