"""CSV: one row per finding (and per problem of an unreadable document), written as it is read.

The dialect is Excel's ("excel" in Python's :mod:`csv`): comma-separated, fields quoted with ``"``
when they hold a comma, a quote or a line break (a quote doubled inside), rows ended by CRLF; UTF-8
with a BOM, so that spreadsheet programs show Vietnamese correctly. Dates are ISO (YYYY-MM-DD),
read as dates by spreadsheets in any locale; an empty field means "none". The columns are those
of :data:`compliance.reporters._table.COLUMNS`, each label with its code beside it.

A text field that a spreadsheet would run as a formula — one that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, which a report's own values may do (CSV injection, CWE-1236) —
is written with an apostrophe before it, as OWASP advises, so that Excel and LibreOffice show it as
text and never evaluate it. The JSON output carries the values untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import BinaryIO

from compliance.findings import CheckResult
from compliance.i18n import Lang
from compliance.reporters._stream import clean, text_stream
from compliance.reporters._table import Cell, headers, rows

# what makes a spreadsheet read a cell as a formula (or a DDE command) when it begins the text
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _field(value: Cell) -> str | int:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = clean(value)
        return "'" + text if text.startswith(_FORMULA_START) else text
    return value


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    with text_stream(out) as text:
        text.write("\ufeff")
        writer = csv.writer(text, dialect="excel", lineterminator="\r\n")
        writer.writerow(headers(lang))
        for r in rows(result, lang):
            writer.writerow([_field(v) for v in r.cells])
