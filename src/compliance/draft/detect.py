"""Candidate detectors, one per obligation kind, in a registry (:data:`DETECTORS`).

Each detector reads one clause (bounded input; Python ``re`` with no nested repetition) and
returns a :class:`Candidate` or None. The first detector that fires places the clause, in the
registry's order: a dated task is a deadline before it is anything else; a prohibition is
recognised before the verbs it negates ("không tổ chức …" is not a conference).

What a detector cannot know from the text — which report kind, which committee, which field a
prohibition is about — it fills with a conservative value and a TODO the writer prints beside it.
A clause that would be a rule but cannot be one as printed (a due date the calendar does not
have, a monthly deadline) is an :class:`Unplaced` with its reason; so is, through
:func:`unplaced`, a clause no detector places that still states a duty (a report with no due
date, a listed task with obligation words): nothing obligation-like is dropped without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from compliance.draft.addressee import actors
from compliance.draft.dates import Due, monthly, scan
from compliance.draft.segment import Clause


@dataclass
class Candidate:
    kind: str  # a key of DETECTORS
    check: dict[str, Any]
    todos: list[str] = field(default_factory=list)  # what the author must decide (English + Vietnamese)
    due: Due | None = None
    severity: str | None = None  # None: the text does not say
    label_vi: str = ""
    label_en: str = ""
    remediation_vi: str = ""
    remediation_en: str = ""


@dataclass(frozen=True, slots=True)
class Unplaced:
    """An obligation-like clause no detector could encode, and why."""

    reason_vi: str
    reason_en: str


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_REPORT_VERB = _rx(r"(?<!\w)(?:báo cáo|gửi|nộp|hoàn thành|hoàn thiện|tổng hợp|trình|cập nhật)(?!\w)")
_PROHIBITION = _rx(
    r"(?<!\w)(?:nghiêm cấm|cấm|không được|tuyệt đối không|không để|không cho phép|không tổ chức|không vi phạm"
    r"|không tham gia|không cắt xén|không thu|không ép|không dạy thêm|không sử dụng)(?!\w)"
)
_STRICT = _rx(r"(?<!\w)(?:nghiêm cấm|tuyệt đối)(?!\w)")
_COMMITTEE = _rx(
    r"(?<!\w)(?P<verb>thành lập|kiện toàn|củng cố|hình thành)(?:,?\s+phân công[^;,]{0,40}?\s+|\s+(?:các\s+|lại\s+)?)"
    r"(?P<body>ban|tổ(?!\s+chức)|nhóm|đội|hội đồng|câu lạc bộ)(?!\w)"
)
_PERCENT = _rx(r"(?<![0-9.,])(?P<n>[0-9]{1,3}(?:[.,][0-9]{1,2})?)\s?%")
_ALL = _rx(r"(?<!\w)(?:toàn thể|tất cả|toàn bộ)(?!\w)")
_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("CBQL", _rx(r"cán bộ quản lý|CBQL|(?<!\w)cán bộ(?!\w)")),
    ("GV", _rx(r"giáo viên|nhà giáo|(?<!\w)GV(?!\w)")),
    ("NV", _rx(r"nhân viên|người lao động")),
    ("HS", _rx(r"học sinh|(?<!\w)HS(?!\w)")),
    ("CMHS", _rx(r"cha mẹ học sinh|phụ huynh|CMHS")),
)
_REACH = _rx(r"(?<!\w)(?:quán triệt|phổ biến|triển khai|tuyên truyền|tập huấn|bồi dưỡng|tham gia|được)(?!\w)")
_DRILL = _rx(
    r"(?<!\w)(?:diễn tập|thực tập phương án|thực hành (?:thoát nạn|thoát hiểm|chữa cháy)|thoát nạn|thoát hiểm)(?!\w)"
)
_CONFERENCE = _rx(
    r"(?<!\w)(?:tổ chức|họp|triệu tập)\s+(?:[^\s,;]+\s+){0,3}?(?P<what>hội nghị|đối thoại|họp)(?!\w)|(?<!\w)hoạt động đối thoại(?!\w)"
)
_PLAN = _rx(
    r"(?<!\w)(?:xây dựng|ban hành|lập|cụ thể hóa thành|cụ thể hoá thành)\s+(?:và tổ chức thực hiện\s+)?(?:các\s+)?(?P<what>kế hoạch|chương trình phối hợp|phương án|kịch bản)(?!\w)"
)
_AD_HOC = _rx(
    r"(?<!\w)báo cáo (?:đột xuất|ngay)(?!\w)[^;]{0,60}?(?<!\w)(?:khi|nếu|trong trường hợp)(?!\w)|(?<!\w)(?:khi|nếu) có (?:vụ việc|sự việc|sự cố)[^;]{0,60}?(?<!\w)báo cáo(?!\w)"
)
_EVENT = _rx(r"(?<!\w)tổ chức\s+(?:tốt\s+|trang trọng\s+)?(?P<what>lễ|ngày hội|đón học sinh)(?!\w)")
_INSPECTION = _rx(r"(?<!\w)(?:tổ chức|tiến hành)\s+(?:thanh tra,\s+)?kiểm tra(?!\w)(?P<rest>[^;]{0,160})")
_REGISTRATION = _rx(r"(?<!\w)đăng ký\s+(?:tổ chức\s+|xây dựng\s+|thực hiện\s+)?mô hình(?!\w)")
_NARRATIVE = _rx(r"(?<!\w)(?:đã|đang|vừa)\s")


# "Ngày 12/3/2021, Sở GDĐT tổ chức Hội nghị …": a news report of a dated event
_DATED_EVENT = _rx(
    r"^(?:sáng|chiều|tối|trưa)?\s*(?:ngày|hôm)\s+[0-9]{1,2}[/.-][0-9]{1,2}(?:[/.-][0-9]{2,4})?\s*,"
)


def _narrative_before(text: str, at: int) -> bool:
    """A report of what was done ("đã tổ chức …", "Ngày 12/3/2021, … tổ chức …") is not an obligation."""
    return bool(_NARRATIVE.search(text[:at]) or _DATED_EVENT.match(text))


def _report_kind(text: str) -> tuple[str, bool]:
    """(document kind, guessed for sure) from the report's name."""
    t = text.casefold()
    if "sơ kết" in t and re.search(r"học k[ỳì] (?:i|1)(?![iv0-9])|hk ?i(?![iv])|hk ?1", t):
        return "BC_SO_KET_HK1", True
    if "tổng kết" in t:
        return "BC_TONG_KET_NAM_HOC", True
    if "đột xuất" in t:
        return "BC_DOT_XUAT", True
    if "nghị quyết" in t:
        return "NQ_CHUYEN_DE", True
    return "BC_KHAC", False


def deadline(clause: Clause, school_year: str | None) -> Candidate | Unplaced | None:
    dues, wrong = scan(clause.text, school_year)
    context = f"{clause.lead} {clause.text}"
    if not dues and not wrong:
        if monthly(clause.text) and _REPORT_VERB.search(context):
            return Unplaced(
                "hạn lặp lại hằng tháng; ngôn ngữ tiêu chí chưa có hạn định kỳ — mỗi kỳ cần một tiêu chí có ngày cụ thể",
                "a monthly recurring deadline; the rule language has no recurring due date — write one rule per period with its date",
            )
        return None
    verb = _REPORT_VERB.search(context)
    if verb is None or _narrative_before(context, verb.start()) or _DATED_EVENT.match(clause.text):
        return None
    if wrong:
        # a due date the calendar does not have: neither the printed date nor a guess is the duty
        return Unplaced(
            "; ".join(w.reason_vi for w in wrong)
            + " — nghĩa vụ có hạn nhưng hạn in sai; người soạn hỏi lại nơi ban hành ngày đúng rồi viết tiêu chí",
            "; ".join(w.reason_en for w in wrong)
            + " — a dated duty whose printed date is wrong; the author asks the issuer for the real date and writes the rule",
        )
    due = dues[0]
    todos = []
    if len(dues) > 1:
        todos.append(
            "the clause prints several due dates; the first is used — split the rule / câu có nhiều hạn, tiêu chí dùng hạn đầu"
        )
    if _PLAN.search(clause.text) and not re.search(r"(?i)báo cáo", clause.text):
        plan_kind, sure = _plan_kind(clause.text)
        check: dict[str, Any] = {
            "required": {
                "select": {"collection": "plans", "where": {"field": "kind", "eq": plan_kind}},
                "due": due.day,
            }
        }
        if due.reading == "inclusive":
            check["required"]["reading"] = "inclusive"
        if not sure:
            todos.append("plan kind guessed (KH_KHAC): choose the plan's kind / chọn loại kế hoạch")
        return Candidate(
            "plan",
            check,
            todos,
            due,
            None,
            "Xây dựng kế hoạch đúng hạn",
            "Adopt the plan by its due date",
            f"Xây dựng và ban hành kế hoạch, khai vào mục kế hoạch (plans, loại {plan_kind}) với ngày ban hành (issued_on).",
            f"Adopt the plan and list it under plans (kind {plan_kind}) with its issue date (issued_on).",
        )
    kind, sure = _report_kind(context)
    spec: dict[str, Any] = {"report": {"documents": [kind]}, "due": due.day}
    if due.reading == "inclusive":
        spec["reading"] = "inclusive"
    if not sure:
        todos.append("report kind guessed (BC_KHAC): choose the document kind / chọn loại văn bản báo cáo")
    todos.append(
        "topics: add the report's topic so that only reports answering this plan count / thêm chủ đề (topics)"
    )
    return Candidate(
        "deadline",
        {"deadline": spec},
        todos,
        due,
        None,
        "Gửi báo cáo đúng hạn",
        "Send the report on time",
        f"Gửi báo cáo (loại {kind}) chậm nhất vào ngày cuối được phép của hạn ghi trong kế hoạch ({due.printed}).",
        f"Send the report (kind {kind}) by the last allowed day of the plan's deadline ({due.printed}).",
    )


def prohibition(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _PROHIBITION.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    strict = _STRICT.search(clause.text) is not None
    return Candidate(
        "prohibition",
        {"forbidden": {"select": {"collection": "incidents"}, "if_missing": "error"}},
        [
            "select: narrow to what this prohibition is about (a field or an incident category); as drafted, any declared incident fails / chọn đúng trường dữ liệu của điều cấm"
        ],
        None,
        "high" if strict else None,
        "Không để xảy ra điều bị cấm",
        "The prohibited practice must not occur",
        "Chấm dứt và xử lý việc vi phạm; khai đầy đủ mục dữ liệu tương ứng (ghi rõ nếu không có trường hợp nào).",
        "Stop and deal with the breach; declare the matching data in full (say so when there was none).",
    )


def _committee_kind(text: str) -> tuple[str, bool]:
    t = text.casefold()
    for code, words in (
        ("TO_QL_CSVC", ("cơ sở vật chất", "csvc")),
        ("TO_TU_VAN_TAM_LY_CTXH", ("tư vấn tâm lý", "công tác xã hội")),
        ("TO_TU_VAN_KHOI_NGHIEP", ("khởi nghiệp",)),
        ("TO_XU_LY_TIN_XAU_DOC", ("thông tin giả", "xấu, độc", "tin xấu")),
        ("BGD_TTHTCD", ("trung tâm học tập cộng đồng",)),
    ):
        if any(w in t for w in words):
            return code, True
    return "KHAC", False


def committee(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _COMMITTEE.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    code, sure = _committee_kind(clause.text[m.start() :])
    action = "KIEN_TOAN" if m.group("verb").casefold() in ("kiện toàn", "củng cố") else "THANH_LAP"
    todos = [
        "due: the text gives no date; as drafted a missing committee fails at once — add due / văn bản không ghi hạn: thêm due"
    ]
    if not sure:
        todos.insert(0, "committee kind guessed (KHAC): choose it / chọn loại ban, tổ")
    return Candidate(
        "committee",
        {"required": {"select": {"collection": "committees", "where": {"field": "kind", "eq": code}}}},
        todos,
        None,
        None,
        "Thành lập, kiện toàn ban, tổ",
        "Set up or renew the committee",
        f"Ra quyết định {'kiện toàn' if action == 'KIEN_TOAN' else 'thành lập'} và khai vào mục ban, tổ (committees, loại {code}) với số quyết định và ngày (established_on).",
        f"Issue the decision and list it under committees (kind {code}) with its number and date (established_on).",
    )


def coverage(clause: Clause, school_year: str | None) -> Candidate | Unplaced | None:
    text = clause.text
    pct = _PERCENT.search(text)
    every = _ALL.search(text)
    if pct is None and every is None:
        return None
    if _REACH.search(text) is None or _narrative_before(text, len(text)):
        return None
    at = (pct or every).start()  # type: ignore[union-attr]
    tail = text[at:]
    groups = [code for code, pattern in _GROUPS if pattern.search(tail[:160])]
    if not groups:
        if pct is None:
            return None
        return Unplaced(
            "tỷ lệ không gắn với một nhóm người được phổ biến, tập huấn (CBQL, GV, NV, HS, CMHS)",
            "a rate not tied to a group of people reached (CBQL, GV, NV, HS, CMHS)",
        )
    target = float(pct.group("n").replace(",", ".")) / 100 if pct else 1.0
    if not 0 < target <= 1:
        return None
    todos = ["groups read from the words after the rate; check them / kiểm tra các nhóm"]
    if pct is None:
        todos.append("'toàn thể/tất cả' read as 100% / đọc là 100%")
    if "CBQL" in groups and not re.search(r"(?i)cán bộ quản lý|CBQL", tail[:160]):
        todos.append("'cán bộ' alone read as the managers (CBQL) / 'cán bộ' đọc là CBQL")
    return Candidate(
        "coverage",
        {
            "threshold": {
                "group_by": {"field": "group", "values": groups},
                "numerator": {
                    "aggregate": "sum",
                    "select": {"collection": "briefings"},
                    "field": "reached",
                    "latest_document": True,
                },
                "denominator": {
                    "aggregate": "max",
                    "select": {"collection": "briefings"},
                    "field": "total",
                    "latest_document": True,
                },
                "op": "ge",
                "target": target,
                "if_missing": "fail",
            }
        },
        todos,
        None,
        None,
        f"Phổ biến đến {round(target * 100)}% các nhóm",
        f"Reach {round(target * 100)}% of each group",
        "Tổ chức phổ biến đến đủ các nhóm và khai vào mục phổ biến (briefings) số người được phổ biến (reached) trên tổng số (total) của từng nhóm.",
        "Brief every group and list under briefings, per group, the people reached (reached) out of the total (total).",
    )


def drill(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _DRILL.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    return Candidate(
        "drill",
        {
            "required": {
                "select": {
                    "collection": "drills",
                    "where": {"field": "kind", "in": ["THUC_TAP_PACC", "DIEN_TAP_PCCC_CNCH", "THOAT_NAN"]},
                }
            }
        },
        [
            "drill kinds: keep those the text means; min and due are not in the text / chọn loại diễn tập, số lần, hạn"
        ],
        None,
        None,
        "Tổ chức diễn tập",
        "Hold the drill",
        "Tổ chức diễn tập và khai vào mục diễn tập (drills) loại, ngày tổ chức (held_on) và người tham gia.",
        "Hold the drill and list it under drills with its kind, date (held_on) and participants.",
    )


def _meeting_kind(text: str) -> tuple[str, bool]:
    t = text.casefold()
    staff = re.search(r"cán bộ,? (?:công chức,? )?viên chức", t)
    if staff and "người lao động" in t:
        return ("HN_CBVC_NLD" if re.search(r"viên chức,? (?:và )?người lao động", t) else "HN_CBCCVC"), False
    if staff:
        return "HN_CBCCVC", True
    if "người lao động" in t:
        return "HN_NGUOI_LAO_DONG", True
    if "đối thoại" in t:
        return "DOI_THOAI", True
    if "triển khai" in t:
        return "HN_TRIEN_KHAI", True
    return "KHAC", False


def conference(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _CONFERENCE.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    code, sure = _meeting_kind(clause.text[m.start() :])
    todos = [
        "due: no date in the text (a frequency such as 'định kỳ' is a parameter) / thêm hạn hoặc tham số"
    ]
    if not sure:
        todos.insert(0, f"meeting kind guessed ({code}): check it / kiểm tra loại hội nghị")
    return Candidate(
        "conference",
        {"required": {"select": {"collection": "meetings", "where": {"field": "kind", "eq": code}}}},
        todos,
        None,
        None,
        "Tổ chức hội nghị",
        "Hold the meeting",
        f"Tổ chức hội nghị và khai vào mục hội nghị (meetings, loại {code}) với ngày họp (held_on).",
        f"Hold the meeting and list it under meetings (kind {code}) with its date (held_on).",
    )


def _plan_kind(text: str) -> tuple[str, bool]:
    t = text.casefold()
    for code, words in (
        ("KH_NHIEM_VU_NAM_HOC", ("nhiệm vụ năm học",)),
        ("KH_ON_TAP_THI", ("ôn tập", "ôn thi")),
        ("KH_PHONG_CHONG_MA_TUY", ("ma túy", "ma tuý")),
        ("KH_GIAO_DUC_KY_NANG_SONG", ("kỹ năng sống",)),
        ("KH_PHONG_CHONG_COVID", ("covid", "dịch bệnh")),
        ("KH_PHOI_HOP_GIA_DINH_XA_HOI", ("gia đình và xã hội", "nhà trường, gia đình")),
        ("CTR_PHOI_HOP_TU_VAN_NGHE_NGHIEP", ("tư vấn nghề nghiệp",)),
        ("KH_BOI_DUONG_GIAO_VIEN", ("bồi dưỡng giáo viên", "bồi dưỡng chuyên môn")),
        ("KH_BOI_DUONG_HOC_SINH", ("bồi dưỡng học sinh",)),
    ):
        if any(w in t for w in words):
            return code, True
    return "KH_KHAC", False


def plan(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _PLAN.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    code, sure = _plan_kind(clause.text[m.start() :])
    todos = ["due: the text gives no date; as drafted a missing plan fails at once — add due / thêm hạn"]
    if not sure:
        todos.insert(0, "plan kind guessed (KH_KHAC): choose it / chọn loại kế hoạch")
    return Candidate(
        "plan",
        {"required": {"select": {"collection": "plans", "where": {"field": "kind", "eq": code}}}},
        todos,
        None,
        None,
        "Xây dựng kế hoạch",
        "Adopt the plan",
        f"Xây dựng và ban hành kế hoạch, khai vào mục kế hoạch (plans, loại {code}) với ngày ban hành (issued_on).",
        f"Adopt the plan and list it under plans (kind {code}) with its issue date (issued_on).",
    )


def ad_hoc(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _AD_HOC.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    return Candidate(
        "ad_hoc",
        {
            "each": {
                "for_each": {"collection": "incidents"},
                "key": "id",
                "require": {"documents": ["BC_DOT_XUAT"]},
                "match": "ad_hoc.incident_ids",
            }
        },
        [
            "which incidents call for a report, and within how many days (from_field/to_field/within_days); 'và'/'hoặc' between the conditions is a parameter / vụ việc nào, trong bao nhiêu ngày"
        ],
        None,
        None,
        "Báo cáo đột xuất khi có vụ việc",
        "Report each incident as it happens",
        "Gửi báo cáo đột xuất (loại BC_DOT_XUAT) cho từng vụ việc, ghi mã vụ việc ở mục vụ việc được báo cáo (ad_hoc.incident_ids); không có vụ việc thì khai mục vụ việc là danh sách rỗng (incidents: []).",
        "Send an ad-hoc report (kind BC_DOT_XUAT) for each incident, naming it in ad_hoc.incident_ids; with no incident, declare an empty list (incidents: []).",
    )


def event(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _EVENT.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    t = clause.text[m.start() :].casefold()
    if "khai giảng" in t:
        code, sure = "LE_KHAI_GIANG", True
    elif "đưa trẻ đến trường" in t:
        code, sure = "NGAY_HOI_DUA_TRE_DEN_TRUONG", True
    elif m.group("what").casefold() == "đón học sinh":
        code, sure = "DON_HOC_SINH_DAU_CAP", True
    else:
        code, sure = "KHAC", False
    todos = ["due: the text gives no date; as drafted a missing event fails at once — add due / thêm hạn"]
    if not sure:
        todos.insert(0, "event kind guessed (KHAC): choose it / chọn loại sự kiện")
    return Candidate(
        "event",
        {"required": {"select": {"collection": "events", "where": {"field": "kind", "eq": code}}}},
        todos,
        None,
        None,
        "Tổ chức sự kiện",
        "Hold the event",
        f"Tổ chức sự kiện và khai vào mục sự kiện (events, loại {code}) với ngày tổ chức (held_on).",
        f"Hold the event and list it under events (kind {code}) with its date (held_on).",
    )


def inspection(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _INSPECTION.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    rest = m.group("rest").casefold()
    code = "DOT_XUAT" if "đột xuất" in rest and "định kỳ" not in rest else "DINH_KY"
    return Candidate(
        "inspection",
        {"required": {"select": {"collection": "inspections", "where": {"field": "kind", "eq": code}}}},
        [
            "how many inspections (min) and by when: 'định kỳ' gives no frequency — make it a parameter / số lần, hạn: tham số"
        ],
        None,
        None,
        "Tổ chức kiểm tra",
        "Carry out the inspections",
        f"Tổ chức kiểm tra và khai vào mục kiểm tra (inspections, loại {code}) với ngày kiểm tra (held_on) và đơn vị được kiểm tra.",
        f"Carry out the inspections and list them under inspections (kind {code}) with their date (held_on) and the units inspected.",
    )


def registration(clause: Clause, school_year: str | None) -> Candidate | None:
    m = _REGISTRATION.search(clause.text)
    if m is None or _narrative_before(clause.text, m.start()):
        return None
    return Candidate(
        "registration",
        {
            "required": {
                "select": {"collection": "registrations", "where": {"field": "kind", "eq": "MO_HINH_DIEM"}}
            }
        },
        ["due: the text gives no date; add due / thêm hạn đăng ký"],
        None,
        None,
        "Đăng ký mô hình điểm",
        "Register the model",
        "Đăng ký mô hình điểm và khai vào mục đăng ký (registrations, loại MO_HINH_DIEM) với ngày đăng ký (registered_on).",
        "Register the model and list it under registrations (kind MO_HINH_DIEM) with its date (registered_on).",
    )


Detector = Callable[[Clause, "str | None"], "Candidate | Unplaced | None"]

# The order places a clause: the first detector that returns something wins.
DETECTORS: dict[str, Detector] = {
    "deadline": deadline,
    "ad_hoc": ad_hoc,
    "prohibition": prohibition,
    "committee": committee,
    "coverage": coverage,
    "drill": drill,
    "conference": conference,
    "plan": plan,
    "event": event,
    "inspection": inspection,
    "registration": registration,
}

# Words that make a clause obligation-like when no detector places it (it then goes to not_encoded):
# an action verb that opens the clause or follows its subject ("Các trường gửi …"), or a modal.
_ACTIONS = (
    r"tổ chức|thực hiện|triển khai|xây dựng|tăng cường|đẩy mạnh|chỉ đạo|rà soát|quán triệt|đảm bảo|bảo đảm|"
    r"chủ động|phối hợp|tích cực|theo dõi|kiểm tra|hoàn thành|đăng ký|báo cáo|gửi|nộp"
)
OBLIGATION = _rx(rf"^(?:{_ACTIONS})(?!\w)|(?<!\w)(?:phải|cần|yêu cầu|nghiêm túc)(?!\w)")
_ACTION = _rx(rf"(?<!\w)(?:{_ACTIONS})(?!\w)")
# a subject that is not a unit type of the rule language but names the units all the same
_UNITS_WORD = _rx(r"(?<!\w)đơn vị(?!\w)")
_SUBJECT_MAX = 60  # characters before the verb: a subject, not a sentence of its own

# A duty to send a report, dated or not: "gửi báo cáo …", "nộp báo cáo", "báo cáo về Phòng …",
# "Báo cáo sơ kết …" opening the clause ("trình bày báo cáo", "theo báo cáo" are not duties).
_REPORT_DUTY = _rx(
    r"(?<!\w)(?:gửi|nộp|hoàn thành|hoàn thiện|tổng hợp|cập nhật|làm)\s+(?:[^\s,;]+\s+){0,2}?báo cáo(?!\w)"
    r"|(?<!\w)báo cáo\s+(?:về|lên|cho|với|tới|gửi|kịp thời|định kỳ|kết quả|tình hình)(?!\w)"
    r"|^báo cáo(?!\w)"
)
_CONDITION = _rx(r"(?<!\w)(?:nếu|khi|trong trường hợp)(?!\w)")


def obligation_like(text: str) -> bool:
    """Obligation words: an action verb opening the clause or right after its subject (a unit
    the plan addresses: "Các trường gửi …", "Thủ trưởng các đơn vị thực hiện …"), or a modal
    (phải, cần, yêu cầu) — not in an account of what was done."""
    if OBLIGATION.search(text):
        return True
    m = _ACTION.search(text)
    if m is None or m.start() > _SUBJECT_MAX or _narrative_before(text, m.start()):
        return False
    before = text[: m.start()]
    return bool(actors(before) or _UNITS_WORD.search(before))


def unplaced(clause: Clause) -> Unplaced | None:
    """Why a clause that no detector placed still goes to not_encoded, or None when it states no
    duty. A report duty goes whatever its line (it is the duty a lost date loses); any other
    obligation-like clause when it is a listed item of the plan (a bullet or a numbered point
    of at least 25 characters, not a title), as a press page's prose is mostly narrative."""
    text = clause.text
    m = _REPORT_DUTY.search(text)
    if m is not None and not _narrative_before(text, m.start()):
        if _CONDITION.search(text[: m.start()]):
            return Unplaced(
                "nghĩa vụ báo cáo khi có việc nhưng không nêu hạn (trong bao nhiêu ngày); người soạn viết tiêu chí "
                "báo cáo đột xuất (each) với hạn, hoặc ghi lý do không mã hóa",
                "a duty to report when something happens, but with no due date (within how many days); the author "
                "writes an ad-hoc report rule (each) with one, or states why not",
            )
        return Unplaced(
            "nghĩa vụ gửi báo cáo nhưng không nêu hạn; tiêu chí hạn báo cáo cần một ngày — người soạn tìm hạn "
            "(văn bản khác, lịch báo cáo của cấp trên) rồi viết tiêu chí, hoặc ghi lý do không mã hóa",
            "a duty to send a report with no due date; a deadline rule needs one — the author finds it (another "
            "document, the superior office's reporting calendar) and writes the rule, or states why not",
        )
    if not clause.title_line and clause.bullet and len(text) >= 25 and obligation_like(text):
        return Unplaced(
            "chưa nhận ra loại nghĩa vụ; người soạn quyết định mã hóa hay ghi lý do",
            "no obligation kind recognised; the author encodes it or states why not",
        )
    return None
