"""A letter as a Word document (python-docx, imported only here), in the layout of a công văn
(Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, margins top and bottom 20 mm, left 30 mm, right 15 mm;
Times New Roman; the header as a borderless table of two columns (the office on the left, the
Quốc hiệu and Tiêu ngữ on the right; the số and trích yếu under the office, the place and date
under the Tiêu ngữ); the body at 14 pt, justified, first line indented 1 cm; the recipients and
the signature as a second borderless table."""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from compliance.letters import text
from compliance.letters.model import Letter
from compliance.reporters._stream import clean

FONT = "Times New Roman"
BODY_SIZE = 14  # pt: the decree allows 13 to 14 for the body
HEAD_SIZE = 13  # the office and the Quốc hiệu: 12 to 13
SUBJECT_SIZE = 12  # the trích yếu: 12 to 13
RECIPIENTS_SIZE = 12  # "Nơi nhận:": 12, bold italic
RECIPIENT_SIZE = 11  # each recipient: 11

_SPACES = re.compile(r"\s+")

MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def _add(
    paragraph: Paragraph,
    words: str,
    *,
    size: int = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    """A run of ``words``; only what differs from the Normal style (Times New Roman, 14 pt, plain)
    is written on the run, which keeps a long letter quick to build."""
    run = paragraph.add_run(_SPACES.sub(" ", clean(words)))  # a line break in a field is a space
    if size != BODY_SIZE:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True


def _fonts(doc: DocumentObject) -> None:
    """Times New Roman at 14 pt for every script, Vietnamese as the language, in the document's
    defaults (instead of the template's theme fonts) and its Normal style."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    for props in (rpr, normal.element.get_or_add_rPr()):
        if props is None:
            continue
        fonts = props.find(qn("w:rFonts"))  # the template's defaults have one; so has Normal, named above
        if fonts is None:
            continue
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
        lang = props.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), "vi-VN")


def _centred(cell: _Cell, *, first: bool = False) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    return paragraph


def render_docx(letter: Letter) -> bytes:
    """The letter as the bytes of a .docx file."""
    head = letter.head
    doc = Document()
    _fonts(doc)
    props = doc.core_properties
    props.title = text.subject(letter)
    props.author = head.office
    props.language = "vi-VN"
    moment = dt.datetime.combine(head.date, dt.time())
    props.created = props.modified = moment
    props.last_modified_by = head.office
    props.revision = 1

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    width = Mm(210 - MARGINS_MM["left"] - MARGINS_MM["right"])

    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left_width, right_width = Mm(65), width - Mm(65)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = left_width, right_width
    office, nation = table.rows[0].cells
    first = True
    if head.superior:
        _add(_centred(office, first=True), head.superior, size=HEAD_SIZE)
        first = False
    _add(_centred(office, first=first), head.office, size=HEAD_SIZE, bold=True, underline=True)
    _add(_centred(nation, first=True), text.QUOC_HIEU, size=HEAD_SIZE, bold=True)
    _add(_centred(nation), text.TIEU_NGU, size=BODY_SIZE, bold=True, underline=True)
    number, date = table.rows[1].cells
    numbered = _centred(number, first=True)
    numbered.paragraph_format.space_before = Pt(6)
    _add(numbered, text.number_line(head.symbol), size=HEAD_SIZE)
    _add(_centred(number), text.subject(letter), size=SUBJECT_SIZE)
    dated = _centred(date, first=True)
    dated.paragraph_format.space_before = Pt(6)
    _add(dated, text.date_line(letter.place, head.date), size=BODY_SIZE, italic=True)

    to = doc.add_paragraph()
    to.alignment = WD_ALIGN_PARAGRAPH.CENTER
    to.paragraph_format.space_before = Pt(18)
    to.paragraph_format.space_after = Pt(12)
    _add(to, f"Kính gửi: {letter.unit_name}.")

    for para in text.body(letter):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
        for run in para.runs:
            _add(paragraph, run.text, bold=run.bold, italic=run.italic)

    sign = doc.add_table(rows=1, cols=2)
    sign.autofit = False
    sign.rows[0].cells[0].width, sign.rows[0].cells[1].width = Mm(75), width - Mm(75)
    recipients, signer = sign.rows[0].cells
    heading = recipients.paragraphs[0]
    heading.paragraph_format.space_before = Pt(12)
    _add(heading, "Nơi nhận:", size=RECIPIENTS_SIZE, bold=True, italic=True)
    for line in text.recipients(letter):
        p = recipients.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _add(p, line, size=RECIPIENT_SIZE)
    titled = _centred(signer, first=True)
    titled.paragraph_format.space_before = Pt(12)
    _add(titled, head.signer_title, bold=True)
    for _ in range(4):  # room for the signature and the seal
        _centred(signer)
    if head.signer:
        _add(_centred(signer), head.signer, bold=True)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
