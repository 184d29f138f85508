"""A letter as one self-contained HTML page that prints on A4 as the DOCX does: Times New Roman,
the margins of Nghị định 30/2020/NĐ-CP (top and bottom 20 mm, left 30 mm, right 15 mm), nothing
loaded from anywhere. Every value from a report or a rule pack is escaped, and characters HTML
calls errors are replaced by U+FFFD (as in the HTML audit page)."""

from __future__ import annotations

import re
from html import escape

from compliance.letters import text
from compliance.letters.model import Letter
from compliance.reporters._stream import clean

_SPACES = re.compile(r"\s+")

_CSS = """
@page{size:A4;margin:20mm 15mm 20mm 30mm}
html{background:#e0e0e0}
body{margin:0;font-family:"Times New Roman",Times,"Liberation Serif",serif;font-size:14pt;line-height:1.3;color:#000}
.page{box-sizing:border-box;width:210mm;min-height:297mm;margin:12px auto;padding:20mm 15mm 20mm 30mm;background:#fff}
table{border-collapse:collapse;width:100%}td{vertical-align:top;padding:0;text-align:center}
.head td.l{width:40%}.head td.r{width:60%}
.superior,.office,.qh,.number{font-size:13pt}.office,.qh,.tn{font-weight:bold}.tn{font-size:14pt}
.u{text-decoration:underline;text-underline-offset:3px}.subject{font-size:12pt}
.date{font-style:italic;font-size:14pt}.head tr.n td{padding-top:6pt}
.to{text-align:center;margin:18pt 0 12pt}
p{margin:0 0 6pt;text-align:justify;text-indent:1cm}
.sign td.l{width:45%;text-align:left}.sign td.r{width:55%}.sign{margin-top:12pt}
.recipients{font-size:12pt;font-weight:bold;font-style:italic}.recipient{font-size:11pt}
.title{font-weight:bold;font-size:14pt}.space{height:26mm}.signer{font-weight:bold;font-size:14pt}
@media print{html{background:none}.page{width:auto;min-height:0;margin:0;padding:0}}
@media (max-width:820px){.page{width:auto;min-height:0;margin:0;padding:12px}}
"""


def _e(value: str) -> str:
    """``value`` as HTML text: escaped, on one line (a line break in a report's field is a space)."""
    return escape(_SPACES.sub(" ", clean(value)))


def _para(p: text.Para) -> str:
    parts = []
    for run in p.runs:
        shown = _e(run.text)
        if run.italic:
            shown = f"<i>{shown}</i>"
        if run.bold:
            shown = f"<b>{shown}</b>"
        parts.append(shown)
    return f'<p class="{p.role}">{"".join(parts)}</p>'


def render_html(letter: Letter) -> str:
    """The letter as an HTML page (UTF-8 text, one line per block)."""
    head = letter.head
    superior = f'<div class="superior">{_e(head.superior)}</div>' if head.superior else ""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(text.subject(letter))} — {_e(letter.unit_name)}</title>",
        f"<style>{_CSS.strip()}</style></head>",
        '<body><main class="page">',
        '<table class="head">',
        f'<tr><td class="l">{superior}<div class="office"><span class="u">{_e(head.office)}</span></div></td>',
        f'<td class="r"><div class="qh">{text.QUOC_HIEU}</div>'
        f'<div class="tn"><span class="u">{text.TIEU_NGU}</span></div></td></tr>',
        f'<tr class="n"><td class="l"><div class="number">{_e(text.number_line(head.symbol))}</div>'
        f'<div class="subject">{_e(text.subject(letter))}</div></td>',
        f'<td class="r"><div class="date">{_e(text.date_line(letter.place, head.date))}</div></td></tr>',
        "</table>",
        f'<div class="to">Kính gửi: {_e(letter.unit_name)}.</div>',
    ]
    lines.extend(_para(p) for p in text.body(letter))
    recipients = "".join(f'<div class="recipient">{_e(r)}</div>' for r in text.recipients(letter))
    signer = f'<div class="signer">{_e(head.signer)}</div>' if head.signer else ""
    lines += [
        '<table class="sign">',
        f'<tr><td class="l"><div class="recipients">Nơi nhận:</div>{recipients}</td>',
        f'<td class="r"><div class="title">{_e(head.signer_title)}</div><div class="space"></div>{signer}</td></tr>',
        "</table>",
        "</main></body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)
