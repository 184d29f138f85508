"""``compliance letters``: one công văn đôn đốc per unit with something to do, as DOCX and HTML, in
the layout of Nghị định 30/2020/NĐ-CP (docs/letters.md)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import EXAMPLES, ROOT
from compliance.cli import main
from compliance.findings import Status
from compliance.letters import Letter, Letterhead, Obligation, reply_date
from compliance.letters.html import render_html
from compliance.letters.text import date_line, running_name
from compliance.letters.word import render_docx
from compliance.reporters._stream import clean

ROSTER = ROOT / "examples" / "roster-thanh-xuan-2023-2024.yaml"
WAIVERS = ROOT / "examples" / "mien-tru-thanh-xuan-2023-2024.yaml"
GOLDEN = ROOT / "tests" / "fixtures" / "letters" / "VN-HN-TX-TH-KIMGIANG_2023-2024.html"
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG_2023-2024"
HOA_SEN = "VN-HN-TX-MN-HOASEN_2023-2024"
KHUONG_MAI = "VN-HN-TX-TH-KHUONGMAI_2023-2024"

# The golden file is this command's Kim Giang letter; to write it again after a deliberate change,
# run it from the repository's root and copy letters/VN-HN-TX-TH-KIMGIANG_2023-2024.html over it.
HEAD = [
    "--office",
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN THANH XUÂN",
    "--superior",
    "UBND QUẬN THANH XUÂN",
    "--place",
    "Thanh Xuân",
    "--date",
    "02/12/2026",
    "--signer",
    "Nguyễn Thị Minh Hằng",
]
AUDIT = ["--roster", str(ROSTER), "--waivers", str(WAIVERS), "--as-of", "30/06/2024"]


def letters(out: Path, *args: str, source: Path = EXAMPLES) -> int:
    return main(["letters", str(source), "--out", str(out), *args])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples audited with their roster and waivers on 30/06/2024, a letter for each unit
    with something to do, in both formats."""
    out = tmp_path_factory.mktemp("letters") / "thu"
    assert letters(out, *AUDIT, *HEAD) == 0
    return out


class _Paragraphs(HTMLParser):
    """The text of each <p> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._open = True
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.paragraphs[-1] += data


def html_paragraphs(path: Path) -> list[str]:
    parser = _Paragraphs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.paragraphs


# ----------------------------------------------------------------------------- which units


def test_a_letter_for_each_unit_with_something_to_do_and_none_for_the_others(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == sorted(
        f"{stem}.{fmt}" for stem in (HOA_SEN, KHUONG_MAI, KIM_GIANG) for fmt in ("docx", "html")
    )  # Nhân Chính and the district office meet everything: no letter


def test_the_command_says_how_many_letters_it_wrote_and_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "thu"
    assert letters(out, *AUDIT, *HEAD, "--format", "html") == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == f"Đã viết 3 thư (3 tệp) vào {out}"
    assert f"  {out / (KIM_GIANG + '.html')}" in printed.splitlines()


def test_a_unit_that_meets_everything_gets_no_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "thu"
    assert letters(out, "--as-of", "30/06/2024", "--lang", "en", source=EXAMPLES / "thcs-nhan-chinh") == 0
    assert capsys.readouterr().out.startswith("No letter written: none of the 1 unit(s) checked")
    assert not out.exists() or not any(out.iterdir())


def test_a_roster_unit_that_sent_nothing_gets_a_letter_saying_so(written: Path) -> None:
    paragraphs = html_paragraphs(written / f"{KHUONG_MAI}.html")
    assert (
        "Đến ngày 30/06/2024, Phòng Giáo dục và Đào tạo quận Thanh Xuân chưa nhận được hồ sơ, báo cáo nào "
        "của đơn vị cho năm học 2023-2024." in paragraphs
    )
    page = (written / f"{KHUONG_MAI}.html").read_text(encoding="utf-8")
    assert "V/v đôn đốc gửi báo cáo và thực hiện các nhiệm vụ năm học 2023-2024" in page
    assert "Kính gửi: Trường Tiểu học Khương Mai." in page


def test_a_waived_obligation_is_not_asked_for(written: Path) -> None:
    page = (written / f"{KIM_GIANG}.html").read_text(encoding="utf-8")
    assert "Quán triệt kế hoạch đến 100%" in page  # fails: asked for
    assert "diễn tập" not in page.lower()  # TX2324-T-DIEN-TAP-PCCC is waived until 30/09/2024


def test_an_expired_waiver_is_listed_in_the_units_letter(written: Path) -> None:
    paragraphs = html_paragraphs(written / f"{HOA_SEN}.html")
    expired = [p for p in paragraphs if "hết hạn ngày 31/03/2024" in p]
    assert expired == [
        "- Báo cáo đột xuất từng vụ việc, kể cả vụ việc đã giải quyết: miễn trừ theo Thông báo số "
        "17/TB-PGDĐT ngày 20/11/2023 (Mất điện kéo dài, trường được gia hạn nộp báo cáo đột xuất; "
        "Phòng GDĐT quận Thanh Xuân duyệt) đã hết hạn ngày 31/03/2024."
    ]
    assert not any("hết hạn" in p for p in html_paragraphs(written / f"{KIM_GIANG}.html"))


# ----------------------------------------------------------------------------- the HTML


def test_kim_giangs_html_letter_is_the_golden_file(written: Path) -> None:
    assert (written / f"{KIM_GIANG}.html").read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_letters_from_the_audit_json_are_those_from_the_folder(written: Path, tmp_path: Path) -> None:
    findings = tmp_path / "kiem-tra.json"
    assert main(["audit", str(EXAMPLES), *AUDIT, "--format", "json", "--out", str(findings)]) == 1
    out = tmp_path / "thu"
    args = ["--waivers", str(WAIVERS), *HEAD, "--format", "html"]
    assert letters(out, *args, source=findings) == 0
    for stem in (HOA_SEN, KHUONG_MAI, KIM_GIANG):
        assert (out / f"{stem}.html").read_bytes() == (written / f"{stem}.html").read_bytes()


def test_each_obligation_is_cited_with_what_is_missing_and_by_when(written: Path) -> None:
    paragraphs = html_paragraphs(written / f"{KIM_GIANG}.html")
    first = paragraphs.index(
        "3. Quán triệt kế hoạch đến 100% cán bộ quản lý, giáo viên, nhân viên và học sinh (mức độ: cao)"
    )
    assert paragraphs[first + 1 : first + 4] == [
        "- Căn cứ: Kế hoạch ngày 21/9/2023 của Phòng GDĐT quận Thanh Xuân, mục C.II: “Tổ chức quán triệt nội "
        "dung kế hoạch đến 100% cán bộ quản lý, giáo viên, nhân viên và học sinh để thực hiện”.",
        "- Kết quả kiểm tra: Chưa đạt mức ≥ 100% (NV): CBQL: 3/3 (100%); GV: 41/41 (100%); NV: 8/9 (88,9%); "
        "HS: 1.120/1.120 (100%).",
        "- Đề nghị: Quán triệt kế hoạch cho những người còn lại của từng nhóm và khai số người (tổng số, số "
        "đã quán triệt) cùng ngày tổ chức cho cả bốn nhóm: cán bộ quản lý, giáo viên, nhân viên, học sinh "
        "(briefings: CBQL, GV, NV, HS); hoàn thành và gửi về chậm nhất ngày 16/12/2026.",
    ]
    assert "- Hạn theo kế hoạch: 03/01/2024." in paragraphs  # the report due at the end of term I
    assert paragraphs[-1].endswith("để được hướng dẫn./.")


def test_the_reply_date_defaults_to_ten_working_days_after_the_letter() -> None:
    assert reply_date(dt.date(2026, 12, 2)) == dt.date(2026, 12, 16)
    # 30/04 and 01/05 are holidays, and 2024 moved 29/04 off for the make-up Saturday 04/05
    assert reply_date(dt.date(2024, 4, 26), 1) == dt.date(2024, 5, 2)


def test_a_reply_date_given_is_written_in_every_item(tmp_path: Path) -> None:
    out = tmp_path / "thu"
    assert letters(out, *AUDIT, *HEAD, "--reply-by", "5/1/2027", "--format", "html") == 0
    page = (out / f"{KIM_GIANG}.html").read_text(encoding="utf-8")
    assert page.count("chậm nhất ngày 05/01/2027") == 11  # ten obligations and the closing
    assert "16/12/2026" not in page


# ----------------------------------------------------------------------------- the DOCX


def test_kim_giangs_docx_has_the_decrees_layout(written: Path) -> None:
    doc = Document(str(written / f"{KIM_GIANG}.docx"))
    section = doc.sections[0]
    # Word keeps lengths in twentieths of a point: 210 mm is 210.01 mm once stored
    page = section.page_width, section.page_height
    assert [None if x is None else round(x.mm, 1) for x in page] == [210, 297]
    margins = section.top_margin, section.bottom_margin, section.left_margin, section.right_margin
    assert [None if x is None else round(x.mm, 1) for x in margins] == [20, 20, 30, 15]

    head = doc.tables[0]
    office, nation = (cell.paragraphs for cell in head.rows[0].cells)
    assert [p.text for p in office] == ["UBND QUẬN THANH XUÂN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN THANH XUÂN"]
    superior, issuer = office[0].runs[0], office[1].runs[0]
    assert not superior.bold and not superior.underline
    assert issuer.bold and issuer.underline
    assert [p.text for p in nation] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    quoc_hieu, tieu_ngu = nation[0].runs[0], nation[1].runs[0]
    assert quoc_hieu.bold and not quoc_hieu.underline
    assert tieu_ngu.bold and tieu_ngu.underline
    number, date = (cell.paragraphs for cell in head.rows[1].cells)
    assert [p.text for p in number] == [
        "Số: …/PGDĐT-…",
        "V/v đôn đốc thực hiện các nhiệm vụ năm học 2023-2024",
    ]
    assert [p.text for p in date] == ["Thanh Xuân, ngày 02 tháng 12 năm 2026"]
    assert date[0].runs[0].italic

    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Kính gửi: Trường Tiểu học Kim Giang."
    assert texts[1].startswith(
        "Thực hiện Kế hoạch ngày 21/9/2023 của Phòng GDĐT quận Thanh Xuân, Phòng Giáo dục"
    )

    recipients, signer = (cell.paragraphs for cell in doc.tables[1].rows[0].cells)
    assert [p.text for p in recipients] == ["Nơi nhận:", "- Trường Tiểu học Kim Giang;", "- Lưu: VT."]
    assert recipients[0].runs[0].bold and recipients[0].runs[0].italic
    assert recipients[0].runs[0].font.size == Pt(12) and recipients[1].runs[0].font.size == Pt(11)
    named = [p for p in signer if p.text]
    assert [p.text for p in named] == ["TRƯỞNG PHÒNG", "Nguyễn Thị Minh Hằng"]
    assert all(p.runs[0].bold for p in named)


def test_every_run_of_the_docx_is_times_new_roman_at_the_decrees_sizes(written: Path) -> None:
    doc = Document(str(written / f"{KIM_GIANG}.docx"))
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts is not None and dict(fonts.attrib) == {
        qn(f"w:{script}"): "Times New Roman" for script in ("ascii", "hAnsi", "eastAsia", "cs")
    }  # no theme font (Calibri, Cambria) left to fall back on for any script
    cells = [p for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    runs = [r for p in [*doc.paragraphs, *cells] for r in p.runs]
    assert runs and {r.font.name or normal.name for r in runs} == {"Times New Roman"}
    assert {(r.font.size or normal.size).pt for r in runs} == {11, 12, 13, 14}
    body = [r for p in doc.paragraphs for r in p.runs]
    assert {r.font.size or normal.size for r in body} == {Pt(14)}


def test_the_docx_body_says_what_the_html_body_says(written: Path) -> None:
    for stem in (HOA_SEN, KHUONG_MAI, KIM_GIANG):
        doc = Document(str(written / f"{stem}.docx"))
        body = [p.text for p in doc.paragraphs if p.text][1:]  # after "Kính gửi"
        assert body == html_paragraphs(written / f"{stem}.html")


def test_the_docx_bold_runs_are_the_item_headings_and_the_dates_to_answer_by(written: Path) -> None:
    doc = Document(str(written / f"{HOA_SEN}.docx"))
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert bold == [
        "1. Báo cáo đột xuất từng vụ việc, kể cả vụ việc đã giải quyết",
        "hoàn thành và gửi về chậm nhất ngày 16/12/2026",
        "chậm nhất ngày 16/12/2026",
    ]
    italic = [r.text for p in doc.paragraphs for r in p.runs if r.italic]
    assert italic == [
        "“Báo cáo đột xuất khi được yêu cầu và có vụ việc xảy ra (*kể cả khi đã giải quyết sự việc*)”"
    ]


def test_only_the_formats_asked_for_are_written(tmp_path: Path) -> None:
    out = tmp_path / "thu"
    assert letters(out, *AUDIT, *HEAD, "--format", "docx") == 0
    assert {p.suffix for p in out.iterdir()} == {".docx"}


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_file_that_is_not_json_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    bad = tmp_path / "ket-qua.json"
    bad.write_text('{"format": "compliance-findings",\n  "findings": [}\n', encoding="utf-8")
    assert letters(tmp_path / "thu", "--lang", lang, source=bad) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:2:")
    assert "[not-an-audit-json]" in err
    words = ("không đọc được JSON", "Cách sửa") if lang == "vi" else ("not JSON", "Fix")
    assert all(w in err for w in words)
    assert not (tmp_path / "thu").exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_json_that_is_not_an_audit_is_refused_with_its_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    audit_json = tmp_path / "kiem-tra.json"
    assert (
        main(["audit", str(EXAMPLES), "--as-of", "30/06/2024", "--format", "json", "--out", str(audit_json)])
        == 1
    )
    data = json.loads(audit_json.read_text(encoding="utf-8"))
    data["findings"][3]["status"] = "đạt"
    audit_json.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert letters(tmp_path / "thu", "--lang", lang, source=audit_json) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{audit_json} /findings/3/status [not-an-audit-json]")
    assert ("Cách sửa" if lang == "vi" else "Fix") in err


@pytest.mark.parametrize(("lang", "words"), [("vi", "không tìm thấy tệp"), ("en", "no such file")])
def test_a_missing_audit_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, words: str
) -> None:
    missing = tmp_path / "khong-co.json"
    assert letters(tmp_path / "thu", "--lang", lang, source=missing) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{missing} [no-such-file]") and words in err.lower()


def test_audit_options_with_a_findings_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = tmp_path / "kiem-tra.json"
    assert (
        main(["audit", str(EXAMPLES), "--as-of", "30/06/2024", "--format", "json", "--out", str(findings)])
        == 1
    )
    assert letters(tmp_path / "thu", "--roster", str(ROSTER), "--as-of", "30/06/2024", source=findings) == 2
    err = capsys.readouterr().err
    assert "[letters-option-needs-folder] --roster, --as-of chỉ dùng khi AUDIT là thư mục báo cáo" in err
    assert str(findings) in err


def test_an_audit_with_no_findings_is_not_a_quiet_success(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejected = tmp_path / "bi-tu-choi.json"  # what a rejected audit writes: its problems, no finding
    assert main(["audit", str(tmp_path / "khong-co"), "--format", "json", "--out", str(rejected)]) == 2
    capsys.readouterr()
    assert letters(tmp_path / "thu", "--lang", "en", source=rejected) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{rejected} [letters-no-findings]") and "holds no findings" in err


def test_an_unknown_format_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert letters(tmp_path / "thu", "--format", "docx,pdf", *AUDIT) == 2
    assert "unknown format: pdf; dùng / use: docx, html" in capsys.readouterr().err


def test_an_impossible_letter_date_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert letters(tmp_path / "thu", *AUDIT, "--date", "31/02/2026") == 2
    assert capsys.readouterr().err.startswith("--date [date-impossible]")


def test_an_output_folder_that_cannot_be_made_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "thu"
    blocker.write_text("not a folder", encoding="utf-8")
    assert letters(blocker, *AUDIT, *HEAD) == 2
    assert capsys.readouterr().err.startswith(f"{blocker} [cannot-write]")


def test_markup_characters_in_a_unit_name_are_written_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "th-kim-giang", folder)
    report = folder / "2024-01-05-so-ket-hk1.yaml"
    text = report.read_text(encoding="utf-8")
    assert "unit_name: Trường Tiểu học Kim Giang" in text
    report.write_text(
        text.replace("unit_name: Trường Tiểu học Kim Giang", 'unit_name: "Trường <Kim> & Giang"')
    )
    out = tmp_path / "thu"
    assert letters(out, "--as-of", "30/06/2024", source=folder) == 0
    page = (out / f"{KIM_GIANG}.html").read_text(encoding="utf-8")
    assert "Kính gửi: Trường &lt;Kim&gt; &amp; Giang." in page
    assert Document(str(out / f"{KIM_GIANG}.docx")).paragraphs[0].text == "Kính gửi: Trường <Kim> & Giang."


# ----------------------------------------------------------------------------- the words


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_the_date_line_writes_a_leading_zero_only_where_the_decree_says(day: dt.date) -> None:
    line = date_line("Thanh Xuân", day)
    m = re.fullmatch(r"Thanh Xuân, ngày (\d\d) tháng (\d\d?) năm (\d{4})", line)
    assert m is not None
    assert dt.date(int(m[3]), int(m[2]), int(m[1])) == day
    assert len(m[2]) == (2 if day.month in (1, 2, 10, 11, 12) else 1)


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2026, 12, 2), "Thanh Xuân, ngày 02 tháng 12 năm 2026"),
        (dt.date(2024, 3, 5), "Thanh Xuân, ngày 05 tháng 3 năm 2024"),
        (dt.date(2024, 2, 15), "Thanh Xuân, ngày 15 tháng 02 năm 2024"),
    ],
)
def test_the_date_line(day: dt.date, line: str) -> None:
    assert date_line("Thanh Xuân", day) == line


@pytest.mark.parametrize(
    ("office", "written"),
    [
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN THANH XUÂN", "Phòng Giáo dục và Đào tạo quận Thanh Xuân"),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HÀ NỘI", "Sở Giáo dục và Đào tạo thành phố Hà Nội"),
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN SI MA CAI", "Phòng Giáo dục và Đào tạo huyện Si Ma Cai"),
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Phòng Giáo dục và Đào tạo"),
        ("BAN QUẢN LÝ DỰ ÁN", "BAN QUẢN LÝ DỰ ÁN"),  # a shape it does not know: as given
    ],
)
def test_the_office_as_a_sentence_names_it(office: str, written: str) -> None:
    assert running_name(office) == written


# ----------------------------------------------------------------------------- any text


_ANY_TEXT = st.text(min_size=1, max_size=40)


@settings(max_examples=40)  # each example writes a DOCX
@given(name=_ANY_TEXT, title=_ANY_TEXT, quote=_ANY_TEXT, finding=_ANY_TEXT, remedy=_ANY_TEXT)
def test_any_text_from_a_report_or_a_pack_gives_a_docx_and_a_page_that_read_back(
    name: str, title: str, quote: str, finding: str, remedy: str
) -> None:
    obligation = Obligation(
        rule_id="TX2324-T-KE-HOACH",
        title=title,
        severity="cao",
        status=Status.fail,
        plan="Kế hoạch ngày 21/9/2023 của Phòng GDĐT quận Thanh Xuân",
        section="C.II",
        quote=quote,
        finding=finding,
        remediation=remedy,
    )
    letter = Letter(
        unit_id="VN-HN-TX-TH-KIMGIANG",
        unit_name=name,
        school_year="2023-2024",
        as_of=dt.date(2024, 6, 30),
        head=Letterhead(date=dt.date(2026, 12, 2)),
        place="Thanh Xuân",
        reply_by=dt.date(2026, 12, 16),
        plans=(),
        sent_nothing=False,
        obligations=(obligation,),
    )
    doc = Document(io.BytesIO(render_docx(letter)))
    shown = re.sub(r"\s+", " ", clean(name))  # on one line, with what XML cannot carry replaced
    assert doc.paragraphs[0].text == f"Kính gửi: {shown}."
    parser = _Paragraphs()
    parser.feed(render_html(letter))
    assert [p.text for p in doc.paragraphs if p.text][1:] == parser.paragraphs


def test_unreadable_documents_are_pointed_out_and_the_letters_still_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "th-kim-giang", folder)
    (folder / "hong.yaml").write_text("kind: [\n", encoding="utf-8")
    out = tmp_path / "thu"
    assert letters(out, "--as-of", "30/06/2024", "--lang", "en", source=folder) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"Note: 1 problem(s) in documents that could not be read ({folder / 'hong.yaml'})")
    assert (out / f"{KIM_GIANG}.html").is_file()
