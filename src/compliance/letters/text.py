"""The words of a letter, once, for every format: the header lines, the body as paragraphs of
runs (bold, italic), the signature and the recipients. The renderers (:mod:`.html`, :mod:`.word`)
only lay them out.

The layout and wording follow the công văn of Nghị định 30/2020/NĐ-CP, Phụ lục I: the date is
written "ngày 02 tháng 12 năm 2026", with a leading zero for days below 10 and for the months
01 and 02 (mục II.6.b); the body ends with "./."; "Nơi nhận:" lists the addressee and "Lưu: VT".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from compliance.findings import Status
from compliance.i18n import vn_date
from compliance.letters.model import Letter, Obligation

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


Role = Literal["body", "item", "detail"]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of the body. ``body``: indented prose; ``item``: an obligation's numbered
    heading; ``detail``: a line under it, starting with a dash."""

    runs: tuple[Run, ...]
    role: Role = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def date_line(place: str, day: dt.date) -> str:
    """``Thanh Xuân, ngày 02 tháng 12 năm 2026``: days below 10 and the months 1 and 2 with a
    leading zero, the other months without (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.6.b)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(symbol: str) -> str:
    """The số and ký hiệu, left for the văn thư to fill in when the letter is registered."""
    return f"Số: …/{symbol}-…"


def subject(letter: Letter) -> str:
    """The trích yếu."""
    if letter.sent_nothing:
        return f"V/v đôn đốc gửi báo cáo và thực hiện các nhiệm vụ năm học {letter.school_year}"
    return f"V/v đôn đốc thực hiện các nhiệm vụ năm học {letter.school_year}"


# Office names whose first words are a kind of body, then a place: "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
# QUẬN THANH XUÂN" reads "Phòng Giáo dục và Đào tạo quận Thanh Xuân" in a sentence.
_BODIES = {
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO": "Phòng Giáo dục và Đào tạo",
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO": "Sở Giáo dục và Đào tạo",
    "PHÒNG VĂN HÓA - XÃ HỘI": "Phòng Văn hóa - Xã hội",
    "PHÒNG VĂN HÓA, KHOA HỌC VÀ THÔNG TIN": "Phòng Văn hóa, Khoa học và Thông tin",
}
_PLACE_KINDS = ("THÀNH PHỐ", "THỊ XÃ", "QUẬN", "HUYỆN", "TỈNH", "PHƯỜNG", "XÃ", "ĐẶC KHU")


def running_name(office: str) -> str:
    """The office as a sentence names it; an office whose name is not of a known shape stays as
    given."""
    words = " ".join(office.split())
    for upper, written in _BODIES.items():
        if words.upper() == upper:
            return written
        if words.upper().startswith(upper + " "):
            rest = words[len(upper) + 1 :]
            for kind in _PLACE_KINDS:
                if rest.upper().startswith(kind + " "):
                    name = rest[len(kind) + 1 :]
                    return f"{written} {kind.lower()} {' '.join(w.capitalize() for w in name.split())}"
            return f"{written} {rest}"
    return words


def _sentence(text: str) -> str:
    """``text`` without its closing full stop, to be continued."""
    return text.strip().rstrip(".;").rstrip()


def _obligation(n: int, o: Obligation, reply_by: dt.date) -> list[Para]:
    paras = [Para((Run(f"{n}. {o.title}", bold=True), Run(f" (mức độ: {o.severity.lower()})")), "item")]
    if o.quote is not None:
        where = ", ".join(x for x in (o.plan, f"mục {o.section}" if o.section else None) if x)
        lead = f"- Căn cứ: {where}: " if where else "- Căn cứ: "
        paras.append(Para((Run(lead), Run(f"“{_sentence(o.quote)}”", italic=True), Run(".")), "detail"))
    found = "Chưa đánh giá được" if o.status is Status.error else "Kết quả kiểm tra"
    paras.append(Para((Run(f"- {found}: {_sentence(o.finding)}."),), "detail"))
    if o.due is not None:
        due = f"- Hạn theo kế hoạch: {vn_date(o.due)}"
        if o.last_allowed_day is not None and o.last_allowed_day != o.due:
            due += f" (ngày cuối cùng được gửi: {vn_date(o.last_allowed_day)})"
        paras.append(Para((Run(due + "."),), "detail"))
    paras.append(
        Para(
            (
                Run(f"- Đề nghị: {_sentence(o.remediation)}; "),
                Run(f"hoàn thành và gửi về chậm nhất ngày {vn_date(reply_by)}", bold=True),
                Run("."),
            ),
            "detail",
        )
    )
    return paras


def body(letter: Letter) -> list[Para]:
    """The letter's body, from its opening to the closing "./."."""
    office = running_name(letter.head.office)
    paras: list[Para] = []
    checked = (
        f"{office} đã kiểm tra hồ sơ, báo cáo năm học {letter.school_year} của đơn vị "
        f"(số liệu tính đến ngày {vn_date(letter.as_of)})."
    )
    if letter.plans:
        paras.append(Para((Run(f"Thực hiện {'; '.join(letter.plans)}, {checked}"),)))
    else:
        paras.append(Para((Run(checked),)))
    if letter.sent_nothing:
        paras.append(
            Para(
                (
                    Run(
                        f"Đến ngày {vn_date(letter.as_of)}, {office} chưa nhận được hồ sơ, báo cáo nào của đơn vị "
                        f"cho năm học {letter.school_year}."
                    ),
                )
            )
        )
    n = len(letter.obligations)
    if n:
        paras.append(
            Para(
                (
                    Run(
                        f"Qua kiểm tra, đơn vị còn {n} nội dung chưa thực hiện hoặc chưa báo cáo đầy đủ theo kế "
                        "hoạch, cụ thể như sau:"
                    ),
                )
            )
        )
    for i, o in enumerate(letter.obligations, 1):
        paras.extend(_obligation(i, o, letter.reply_by))
    if letter.expired_waivers:
        paras.append(
            Para((Run("Các nội dung đã hết thời hạn được miễn trừ, nay đơn vị phải thực hiện như trên:"),))
        )
        paras.extend(
            Para(
                (
                    Run(
                        f"- {w.title}: miễn trừ theo {w.legal_basis} ({_sentence(w.reason)}; {w.approved_by} duyệt) "
                        f"đã hết hạn ngày {vn_date(w.expires)}."
                    ),
                ),
                "detail",
            )
            for w in letter.expired_waivers
        )
    paras.append(
        Para(
            (
                Run(
                    f"{office} đề nghị Thủ trưởng đơn vị chỉ đạo khẩn trương khắc phục các nội dung trên, gửi báo cáo "
                    f"và minh chứng về {office} "
                ),
                Run(f"chậm nhất ngày {vn_date(letter.reply_by)}", bold=True),
                Run(
                    ". Trong quá trình thực hiện, nếu có vướng mắc, đề nghị đơn vị liên hệ "
                    f"{office} để được hướng dẫn./."
                ),
            )
        )
    )
    return paras


def recipients(letter: Letter) -> list[str]:
    """The lines under "Nơi nhận:"."""
    return [f"- {letter.unit_name};", "- Lưu: VT."]
