"""CSV: one row per finding, UTF-8 with a BOM so that spreadsheet programs show Vietnamese correctly."""

from __future__ import annotations

import csv
import io

from compliance.findings import CheckResult
from compliance.i18n import Lang
from compliance.reporters._table import KEYS, headers, rows


def render(result: CheckResult, lang: Lang = "vi") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(lang))
    for r in rows(result, lang):
        writer.writerow([r[k] for k in KEYS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
