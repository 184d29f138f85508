"""``compliance draft``: a draft rule pack from a plan's text (docs/draft.md).

The pipeline: read the plan (plain text or .docx) and normalise it to NFC
(:func:`compliance.textnorm.normalize_text`, as every loader does) → cut it into sections and
clauses (:mod:`.segment`) → place each clause with the first detector that fires
(:mod:`.detect`) → guess its addressee (:mod:`.addressee`) and read its due date and weekday
(:mod:`.dates`) → write the pack (:mod:`.writer`).

Every quote is a span of the NFC text and is checked to be one before the draft is returned; what
the text does not say is a TODO, never a silent guess; a printed weekday that contradicts its date
becomes a ``correction`` (with the printed text) or, when no single correction fits, a
``not_encoded`` entry for a person to decide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from compliance.dates import annotated_dates, quoted_dates
from compliance.draft import addressee as _addressee
from compliance.draft.dates import Due, correct, impossible_dates, school_year_bounds
from compliance.draft.detect import DETECTORS, Candidate, Unplaced, unplaced
from compliance.draft.segment import Clause, segment
from compliance.i18n import Text, vn_date
from compliance.textnorm import normalize_text

_KIND_CODES = {
    "deadline": "BC",
    "prohibition": "CAM",
    "committee": "BAN-TO",
    "coverage": "TY-LE",
    "drill": "DIEN-TAP",
    "conference": "HOI-NGHI",
    "plan": "KE-HOACH",
    "ad_hoc": "DOT-XUAT",
    "event": "SU-KIEN",
    "inspection": "KIEM-TRA",
    "registration": "DANG-KY",
}


@dataclass(frozen=True, slots=True)
class Correction:
    printed: str
    reason: Text


@dataclass
class DraftRule:
    id: str
    clause: Clause
    candidate: Candidate
    unit_types: tuple[str, ...]
    levels: tuple[str, ...]
    addressee_from: str
    correction: Correction | None = None
    todos: list[str] = field(default_factory=list)

    @property
    def due(self) -> dt.date | None:
        spec = next(iter(self.candidate.check.values()))
        due = spec.get("due")
        return due if isinstance(due, dt.date) else None


@dataclass(frozen=True, slots=True)
class DraftNotEncoded:
    clause: Clause
    reason: Text


@dataclass
class Draft:
    """A drafted pack: :mod:`.writer` turns it into YAML."""

    text: str  # the plan's NFC text; every quote is a substring of it
    seed: str
    pack: str
    title: str
    issuer: str | None
    issued_on: dt.date
    issued_found: bool
    place: str | None
    school_year: str
    school_year_found: str  # "argument" | "text" | "issue date"
    rules: list[DraftRule]
    not_encoded: list[DraftNotEncoded]

    @property
    def quotes(self) -> list[str]:
        return [r.clause.text for r in self.rules] + [n.clause.text for n in self.not_encoded]


class DraftProblem(ValueError):
    """The plan cannot be drafted: ``what`` names the problem for the CLI's message."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


# ----------------------------------------------------------------------------- reading


def read_plan(path: Path) -> str:
    """The plan's text, NFC: a UTF-8 text file, or a .docx read through python-docx (its
    paragraphs and table cells, one per line). Raises OSError / UnicodeDecodeError / ValueError."""
    if path.suffix.casefold() == ".docx":
        import docx  # noqa: PLC0415 - python-docx only for a .docx

        document = docx.Document(str(path))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.extend(cell.text for cell in row.cells)
        return normalize_text("\n".join(lines))
    return normalize_text(path.read_text(encoding="utf-8").replace("\r\n", "\n"))


# ----------------------------------------------------------------------------- the plan's head

_SCHOOL_YEAR = re.compile(r"năm học\s+([0-9]{4})\s*[-–—\s]\s*([0-9]{4})", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^[ \t\u00a0]*(?P<place>[^\n,]{2,40}),\s*ngày\s+(?P<d>[0-9]{1,2})\s+tháng\s+(?P<m>[0-9]{1,2})\s+năm\s+(?P<y>[0-9]{4})",
    re.MULTILINE,
)
_FIRST_DATE = re.compile(r"(?<![0-9])([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?![0-9])")


def _school_year(text: str) -> str | None:
    years = Counter(f"{a}-{b}" for a, b in _SCHOOL_YEAR.findall(text[:200_000]) if int(b) == int(a) + 1)
    if not years:
        return None
    best = max(years.values())
    return next(y for y, n in years.items() if n == best)


def _issued(text: str) -> tuple[dt.date | None, str | None]:
    head = text[:3000]
    if m := _PLACE_DATE.search(head):
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])), m["place"].strip()
        except ValueError:
            pass
    for m in _FIRST_DATE.finditer(head[:1500]):
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1])), None
        except ValueError:
            continue
    return None, None


def _title(text: str) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for i, line in enumerate(lines[:12]):
        if _PLACE_DATE.match(line) or re.fullmatch(r"[0-9/: .-]+", line) or len(line) < 3:
            continue
        if line.isupper() and len(line) < 30 and i + 1 < len(lines):
            return f"{line} {lines[i + 1]}"[:300]
        return line[:300]
    return "(không có tiêu đề)"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", Path(name).stem).strip("-")[:24] or "plan"


# ----------------------------------------------------------------------------- drafting


def draft(text: str, seed: str, school_year: str | None = None) -> Draft:
    """Draft a pack from ``text`` (normalised here too), quoting the file named ``seed``."""
    text = normalize_text(text)
    issued, place = _issued(text)
    found = "argument"
    if school_year is None:
        school_year = _school_year(text)
        found = "text"
    if school_year is None and issued is not None:
        first = issued.year if issued.month >= 8 else issued.year - 1
        school_year, found = f"{first}-{first + 1}", "issue date"
    if school_year is None:
        raise DraftProblem("school-year")
    start, end = school_year_bounds(school_year)
    issued_found = issued is not None
    if issued is None or not start <= issued <= end:
        issued, issued_found = start, False
    parts = segment(text)
    received = _addressee.recipients(parts.recipients)
    issuer_type = _addressee.issuer_type(parts.recipients, text[:1500])
    issuer = _issuer_name(text[:1500])
    slug = _slug(seed)
    rules: list[DraftRule] = []
    not_encoded: list[DraftNotEncoded] = []
    for clause in parts.clauses:
        placed = _place(clause, school_year) or unplaced(clause)
        if placed is None:
            continue
        if isinstance(placed, Unplaced):
            not_encoded.append(
                DraftNotEncoded(clause, Text(vi=f"TODO: {placed.reason_vi}", en=f"TODO: {placed.reason_en}"))
            )
            continue
        if clause.title_line:
            not_encoded.append(
                DraftNotEncoded(
                    clause,
                    Text(
                        vi="TODO: dòng ngắn không có dấu câu giữa các dòng như vậy — có thể là tiêu đề hay liên kết, không phải nội dung kế hoạch",
                        en="TODO: a short unpunctuated line among others like it — likely a title or a link, not the plan's text",
                    ),
                )
            )
            continue
        rule_id = f"DRAFT-{slug}-{len(rules) + 1:03d}-{_KIND_CODES[placed.kind]}"
        who = _addressee.guess(clause.text, clause.lead, clause.headings, received, issuer_type, clause.intro)
        rule = DraftRule(rule_id, clause, placed, who.unit_types, who.levels, who.source)
        problem = _dates(rule, start, end, issued)
        if problem is not None:
            not_encoded.append(DraftNotEncoded(clause, problem))
            continue
        rules.append(rule)
    for c in [r.clause for r in rules] + [n.clause for n in not_encoded]:
        # the one promise of this module: quotes are the plan's own text
        if not c.text or text[c.start : c.end] != c.text:
            raise AssertionError(f"quote {c.text!r} is not the span {c.start}:{c.end} of the plan")
    return Draft(
        text,
        seed,
        f"draft-{slug.lower()}",
        _title(text),
        issuer,
        issued,
        issued_found,
        place,
        school_year,
        found,
        rules,
        not_encoded,
    )


def _issuer_name(head: str) -> str | None:
    m = re.search(
        r"(?:Phòng|Sở|UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:GD&ĐT|GDĐT|Giáo dục và Đào tạo|huyện|quận|tỉnh|thành phố)",
        head,
    )
    return m.group(0) if m else None


def _place(clause: Clause, school_year: str) -> Candidate | Unplaced | None:
    for detect in DETECTORS.values():
        found = detect(clause, school_year)
        if found is not None:
            return found
    return None


def _dates(rule: DraftRule, start: dt.date, end: dt.date, issued: dt.date) -> Text | None:
    """Check the rule's due date against the calendar and the pack; record a correction, or say
    why the clause cannot be a rule as drafted (then it goes to not_encoded)."""
    quote = rule.clause.text
    due: Due | None = rule.candidate.due
    wrong = [a for a in annotated_dates(quote) if a.wrong]
    if due is None:
        if wrong:
            return _wrong_weekday_reason(wrong[0].text)
        # a rule of a kind that reads no due date (a committee, a drill …) printed with one that
        # does not exist: the author sets ``due`` knowing the printed one is wrong
        if any(c.isdigit() for c in quote):
            rule.todos.extend(
                f"due: {i.reason_en}; ask the issuer for the real date / {i.reason_vi}: hỏi lại ngày đúng"
                for i in impossible_dates(quote)
            )
        return None
    spec = next(iter(rule.candidate.check.values()))
    day = due.day
    if due.weekday_wrong:
        fixed = correct(due, start, end, issued)
        if fixed is None:
            return _wrong_weekday_reason(due.printed)
        spec["due"] = fixed
        rule.correction = Correction(
            due.printed,
            Text(
                vi=f"TODO xác nhận: ngày in '{due.printed}' sai thứ ({vn_date(day)} không phải {due.weekday}); "
                f"ngày {vn_date(fixed)} đúng thứ in và nằm trong năm học — người soạn xác nhận trước khi dùng.",
                en=f"TODO confirm: the printed '{due.printed}' has the wrong weekday ({day:%d/%m/%Y} is a {day:%A}); "
                f"{fixed:%d/%m/%Y} has the printed weekday and lies in the school year — the author confirms it before use.",
            ),
        )
        day = fixed
        # the remediation names the corrected date, and what the plan printed
        c = rule.candidate
        c.remediation_vi = c.remediation_vi.replace(
            due.printed, f"ngày {vn_date(fixed)}; kế hoạch in '{due.printed}'"
        )
        c.remediation_en = c.remediation_en.replace(
            due.printed, f"{fixed:%d/%m/%Y}; the plan prints '{due.printed}'"
        )
    elif not start <= day <= end or day < issued:
        return Text(
            vi=f"TODO: hạn {due.printed} nằm ngoài năm học hoặc trước ngày ban hành; người soạn xem lại ngày in",
            en=f"TODO: the due date {due.printed} is outside the school year or before the plan; the author checks the printed date",
        )
    elsewhere = [a for a in wrong if a.text not in due.printed]
    if elsewhere:
        return _wrong_weekday_reason(elsewhere[0].text)
    quoted = quoted_dates(quote)
    if rule.correction is None and quoted and day not in quoted:
        rule.correction = Correction(
            due.printed,
            Text(
                vi=f"Hạn đọc từ '{due.printed}' là ngày {vn_date(day)}"
                + (" (ngày cuối của tháng)" if due.month_only else "")
                + "; các ngày khác trong câu là ngày của văn bản được dẫn.",
                en=f"The due date read from '{due.printed}' is {day:%d/%m/%Y}"
                + (" (the month's last day)" if due.month_only else "")
                + "; the other dates in the sentence are those of cited documents.",
            ),
        )
    if due.month_only:
        rule.todos.append(
            "a month, not a day: its last day is used, inclusive / hạn theo tháng: dùng ngày cuối tháng"
        )
    return None


def _wrong_weekday_reason(printed: str) -> Text:
    return Text(
        vi=f"TODO: '{printed}' in sai thứ và không có một ngày thay thế duy nhất trong năm học; người soạn quyết định ngày đúng",
        en=f"TODO: '{printed}' has the wrong weekday and no single replacement date fits the school year; the author decides the date",
    )


__all__ = ["Draft", "DraftNotEncoded", "DraftProblem", "DraftRule", "draft", "read_plan"]
