"""Reading back the XLSX we write (with openpyxl, as a user's program would)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook


def book(data: str | bytes) -> Workbook:
    assert isinstance(data, bytes)
    return load_workbook(io.BytesIO(data))


def cells(data: str | bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's values, row by row."""
    opened = book(data)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in opened.worksheets}
