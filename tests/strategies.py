"""Hypothesis strategies for realistic reports: the sections rules read, with codes taken from the
report schema itself (so the strategies follow the schema as it grows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from compliance.fieldtypes import FieldType, report_type

REPORT = report_type()


def codes(*path: str) -> list[str]:
    field = REPORT.resolve(tuple(path))
    assert field is not None
    enum = field.enum if field.kind != "array" else (field.item.enum if field.item else None)
    assert enum is not None
    return sorted(enum)


def item_codes(collection: str, field: str) -> list[str]:
    array = REPORT.resolve((collection,))
    assert array is not None and array.item is not None
    inner: FieldType | None = array.item.resolve((field,))
    assert inner is not None
    if inner.kind == "array":
        assert inner.item is not None and inner.item.enum is not None
        return sorted(inner.item.enum)
    assert inner.enum is not None
    return sorted(inner.enum)


DATES = st.dates(dt.date(2023, 8, 1), dt.date(2024, 8, 31))
ISO = DATES.map(dt.date.isoformat)
MOMENTS = st.one_of(
    ISO,
    st.builds(
        lambda d, h, tz: f"{d.isoformat()}T{h:02d}:30:00{tz}",
        DATES,
        st.integers(0, 23),
        st.sampled_from(["+07:00", "Z", ""]),
    ),
)
INCIDENT_IDS = st.sampled_from(["NC-2023-01", "NC-2023-02", "KG-2024-01"])
UNITS = st.sampled_from(["VN-HN-TX-THCS-NHANCHINH", "VN-HN-TX-TH-KIMGIANG"])


def _briefing() -> st.SearchStrategy[dict[str, Any]]:
    return st.integers(0, 1500).flatmap(
        lambda total: st.fixed_dictionaries(
            {
                "group": st.sampled_from(item_codes("briefings", "group")),
                "total": st.just(total),
                "reached": st.integers(0, total),
            },
            optional={"held_on": ISO},
        )
    )


def _subset(values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values))


SECTIONS: dict[str, st.SearchStrategy[Any]] = {
    "plans": st.lists(
        st.fixed_dictionaries({"kind": st.sampled_from(item_codes("plans", "kind"))}), max_size=4
    ),
    "briefings": st.lists(_briefing(), max_size=6),
    "committees": st.lists(
        st.fixed_dictionaries(
            {"kind": st.sampled_from(item_codes("committees", "kind"))},
            optional={"tasks_assigned": st.booleans(), "established_on": ISO, "members": st.integers(0, 20)},
        ),
        max_size=4,
    ),
    "meetings": st.lists(
        st.fixed_dictionaries(
            {"kind": st.sampled_from(item_codes("meetings", "kind"))},
            optional={"held_on": ISO, "parties": _subset(item_codes("meetings", "parties"))},
        ),
        max_size=3,
    ),
    "drills": st.lists(
        st.fixed_dictionaries({"kind": st.sampled_from(item_codes("drills", "kind")), "held_on": ISO}),
        max_size=2,
    ),
    "inspections": st.lists(
        st.fixed_dictionaries({"kind": st.sampled_from(item_codes("inspections", "kind")), "held_on": ISO}),
        max_size=2,
    ),
    "registrations": st.lists(st.fixed_dictionaries({"kind": st.just("MO_HINH_DIEM")}), max_size=1),
    "incidents": st.lists(
        st.fixed_dictionaries(
            {"id": INCIDENT_IDS, "occurred_at": MOMENTS},
            optional={"resolved": st.booleans(), "report_requested": st.booleans()},
        ),
        max_size=2,
        unique_by=lambda i: i["id"],
    ),
    "student_activities": st.lists(
        st.fixed_dictionaries(
            {
                "name": st.sampled_from(["Rung chuông vàng", "Đấu trường sinh tồn"]),
                "content_flags": _subset(item_codes("student_activities", "content_flags")),
            }
        ),
        max_size=2,
    ),
    "ad_hoc": st.fixed_dictionaries({"incident_ids": st.lists(INCIDENT_IDS, unique=True, max_size=2)}),
    "submission_channel": st.sampled_from(codes("submission_channel")),
    "receipts": st.lists(
        st.fixed_dictionaries(
            {
                "unit_id": st.sampled_from(["VN-HN-PGDDT-THANHXUAN", "VN-HN-UBND-THANHXUAN"]),
                "received_at": MOMENTS,
            },
            optional={
                "so_den": st.sampled_from(["215", "3871/VP"]),
                "channel": st.sampled_from(codes("submission_channel")),
            },
        ),
        max_size=2,
        unique_by=lambda r: r["unit_id"],
    ),
}


@st.composite
def reports(draw: st.DrawFn, unit_type: str | None = None) -> dict[str, Any]:
    unit_type = unit_type or draw(st.sampled_from(["TRUONG", "TRUONG", "PHONG_GDDT"]))
    fewest = 1 if unit_type == "TRUONG" else 0  # a school lists at least one level (the schema says so)
    levels = st.lists(st.sampled_from(["MN", "TH", "THCS", "THPT"]), unique=True, min_size=fewest, max_size=4)
    submitter = {
        "unit_id": draw(UNITS),
        "unit_name": "Trường thử nghiệm",
        "unit_type": unit_type,
        "school_levels": draw(levels),
        "province": "Hà Nội",
        "district": draw(st.sampled_from(["Thanh Xuân", "Thanh Xuân", "Cầu Giấy"])),
    }
    data: dict[str, Any] = {
        "kind": draw(st.sampled_from(codes("kind"))),
        "school_year": "2023-2024",
        "received_at": draw(MOMENTS),
        "submitter": submitter,
    }
    if draw(st.booleans()):  # version 2: a report states its number (version 1, implicit, need not)
        data = {
            "schema_version": "2",
            **data,
            "document": {"so_hieu": draw(st.sampled_from(["12/BC-THCSNC", "03/BC-THKG"]))},
        }
    for key in draw(_subset(sorted(SECTIONS))):
        data[key] = draw(SECTIONS[key])
    return data
