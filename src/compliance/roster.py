"""Rosters: the units expected to report, so that a unit that sent nothing is audited too.

YAML (or JSON)::

    school_year: "2023-2024"            # default for every unit
    units:
      - {unit_id: VN-HN-TX-THCS-NHANCHINH, unit_name: Trường THCS Nhân Chính, unit_type: TRUONG,
         school_levels: [THCS], province: Hà Nội, district: Thanh Xuân}

CSV (UTF-8, with or without BOM; levels separated by spaces, ``|`` or ``;``)::

    unit_id,unit_name,unit_type,school_levels,province,district,school_year
    VN-HN-TX-THCS-NHANCHINH,Trường THCS Nhân Chính,TRUONG,THCS,Hà Nội,Thanh Xuân,2023-2024
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.errors import Code, InputError, Location, Problem
from compliance.fieldtypes import report_type
from compliance.loading import load_file
from compliance.messages import problem
from compliance.portfolio import Unit
from compliance.textnorm import normalize_text, place_key

_YEAR = re.compile(r"^[0-9]{4}-[0-9]{4}\Z")  # ASCII digits: "２０２３-２０２４" is no school year


@dataclass(frozen=True, slots=True)
class RosterEntry:
    unit: Unit
    school_year: str
    # where the unit is listed (the roster file as given, the line): not part of what it is
    file: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


def _codes(*path: str) -> frozenset[str]:
    field = report_type().resolve(path)
    assert field is not None
    enum = field.item.enum if field.item is not None else field.enum
    assert enum is not None
    return enum


def _entry(
    raw: dict[str, Any], default_year: str | None, where: tuple[str, int | None, str]
) -> RosterEntry | Problem:
    name, line, pointer = where

    def bad(code: Code, **values: object) -> Problem:
        return problem(code, at=Location(name, line, None, pointer), **values)

    unit_id = str(raw.get("unit_id") or "").strip()
    unit_type = str(raw.get("unit_type") or "").strip()
    year = str(raw.get("school_year") or default_year or "").strip()
    levels = raw.get("school_levels") or []
    if isinstance(levels, str):
        levels = [lv for lv in re.split(r"[\s|;,]+", levels) if lv]
    if not unit_id:
        return bad(Code.ROSTER_NO_UNIT_ID)
    if unit_type not in _codes("submitter", "unit_type"):
        allowed = ", ".join(sorted(_codes("submitter", "unit_type")))
        return bad(Code.ROSTER_UNIT_TYPE, unit_type=unit_type, allowed=allowed)
    unknown = [lv for lv in levels if lv not in _codes("submitter", "school_levels")]
    if unknown:
        return bad(Code.ROSTER_LEVELS, levels=unknown)
    if unit_type == "TRUONG" and not levels:  # as a report's submitter is held to (report-format.md)
        return bad(Code.ROSTER_NO_LEVELS)
    if not _YEAR.match(year):
        return bad(Code.ROSTER_SCHOOL_YEAR)
    province, district = raw.get("province"), raw.get("district")
    unit = Unit(
        unit_id=normalize_text(unit_id),
        unit_type=unit_type,
        unit_name=normalize_text(str(raw["unit_name"])) if raw.get("unit_name") else None,
        levels=frozenset(levels),
        province=place_key(str(province)) if province else None,
        district=place_key(str(district)) if district else None,
        province_name=normalize_text(str(province)) if province else None,
        district_name=normalize_text(str(district)) if district else None,
    )
    return RosterEntry(unit, year, name, line)


def load_roster(path: str | os.PathLike[str]) -> list[RosterEntry]:
    """Read a roster; raise :class:`InputError` listing every bad row."""
    name = str(path)
    entries: list[RosterEntry] = []
    problems: list[Problem] = []
    if Path(path).suffix.lower() == ".csv":
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError([problem(Code.ROSTER_UNREADABLE, at=Location(name), detail=exc)]) from None
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "unit_id" not in reader.fieldnames:
            raise InputError([problem(Code.ROSTER_NO_HEADER, at=Location(name, 1))])
        rows: list[tuple[dict[str, Any], int | None, str]] = [
            (dict(row), reader.line_num, f"/{i}") for i, row in enumerate(reader)
        ]
        default_year = None
    else:
        loaded = load_file(path)
        data = loaded.data
        units = data.get("units") if isinstance(data, dict) else None
        if not isinstance(units, list):
            raise InputError([problem(Code.ROSTER_NO_UNITS, at=Location(name))])
        default_year = data.get("school_year")
        rows = []
        for i, unit in enumerate(units):
            line, _ = loaded.source_map.locate(f"/units/{i}")
            rows.append((unit if isinstance(unit, dict) else {}, line, f"/units/{i}"))
    seen: set[tuple[str, str]] = set()
    for raw, line, pointer in rows:
        made = _entry(raw, default_year, (name, line, pointer))
        if isinstance(made, Problem):
            problems.append(made)
        elif (made.unit.unit_id, made.school_year) in seen:
            at = Location(name, line, None, pointer)
            problems.append(problem(Code.ROSTER_DUPLICATE, at=at, unit=made.unit.unit_id))
        else:
            seen.add((made.unit.unit_id, made.school_year))
            entries.append(made)
    if problems:
        raise InputError(problems)
    return entries
