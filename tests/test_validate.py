"""Report validation: strict schema, a few semantic checks, messages that point at the line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import report
from compliance.errors import Problem, ReportError
from compliance.loading import load_text
from compliance.portfolio import build_document, group, read_documents


def problems(data: dict[str, Any]) -> list[Problem]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with pytest.raises(ReportError) as info:
        build_document(load_text(text, name="bao-cao.yaml", format="yaml"))
    assert all(
        p.message.vi and p.message.en and p.file == "bao-cao.yaml" and p.line for p in info.value.problems
    )
    return list(info.value.problems)


def test_misspelt_key_points_at_the_key_and_lists_valid_ones() -> None:
    (p,) = problems(report(committees=[{"kind": "TO_QL_CSVC", "establised_on": "2023-09-25"}]))
    assert p.pointer == "/committees/0/establised_on"
    assert p.fix is not None and "established_on" in p.fix.en


def test_extension_keys_are_accepted_anywhere() -> None:
    data = report(**{"x-portal-id": 42}, committees=[{"kind": "TO_QL_CSVC", "x-ghi-chu": "đã kiện toàn"}])
    build_document(load_text(yaml.safe_dump(data, allow_unicode=True), name="a.yaml", format="yaml"))


def test_missing_required_key_is_reported() -> None:
    data = report()
    del data["received_at"]
    (p,) = problems(data)
    assert "received_at" in p.message.en


def test_wrong_type_is_reported() -> None:
    (p,) = problems(report(committees=[{"kind": "TO_QL_CSVC", "members": "chín"}]))
    assert p.pointer == "/committees/0/members" and "whole number" in p.message.en


@pytest.mark.parametrize("value", ["2024-02-30", "03/01/2024"])
def test_impossible_or_day_first_dates_in_files_are_refused(value: str) -> None:
    (p,) = problems(report(received_at=value))
    assert p.fix is not None and "YYYY-MM-DD" in p.fix.en


def test_unknown_code_lists_the_allowed_codes() -> None:
    (p,) = problems(report(committees=[{"kind": "BAN_CHI_DAO"}]))
    assert p.fix is not None and "BCD_GDCT_CTHS_HDNGLL" in p.fix.en


def test_school_year_must_be_two_consecutive_years() -> None:
    (p,) = problems(report(school_year="2023-2025"))
    assert p.pointer == "/school_year"


def test_more_people_briefed_than_exist_is_refused() -> None:
    (p,) = problems(report(briefings=[{"group": "NV", "total": 9, "reached": 10}]))
    assert p.pointer == "/briefings/0/reached"


def test_duplicate_incident_ids_in_one_document_are_refused() -> None:
    incident = {"id": "NC-2023-01", "occurred_at": "2023-12-04"}
    (p,) = problems(report(incidents=[incident, incident]))
    assert p.pointer == "/incidents/1/id"


def test_facts_turn_dates_and_moments_into_calendar_days() -> None:
    data = report(
        received_at="2024-01-02T16:41:00+07:00", drills=[{"kind": "THOAT_NAN", "held_on": "2023-10-26"}]
    )
    document = build_document(
        load_text(yaml.safe_dump(data, allow_unicode=True), name="a.yaml", format="yaml")
    )
    assert document.received == dt.date(2024, 1, 2)
    assert document.facts["drills"][0]["held_on"] == dt.date(2023, 10, 26)


def test_one_bad_file_in_a_folder_does_not_hide_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / "tot.yaml").write_text(yaml.safe_dump(report(), allow_unicode=True), encoding="utf-8")
    (tmp_path / "hong.yaml").write_text("kind: [\n", encoding="utf-8")
    documents, found = read_documents([tmp_path])
    assert len(documents) == 1 and found[0].file is not None and found[0].file.endswith("hong.yaml")


def test_portfolios_group_by_unit_and_year_ordered_by_receipt() -> None:
    def make(unit: str, year: str, received: str) -> Any:
        data = report(school_year=year, received_at=received)
        data["submitter"] = {**data["submitter"], "unit_id": unit}
        return build_document(
            load_text(yaml.safe_dump(data, allow_unicode=True), name=f"{unit}-{received}.yaml", format="yaml")
        )

    docs = [
        make("B", "2023-2024", "2024-05-20"),
        make("A", "2023-2024", "2024-05-20"),
        make("A", "2023-2024", "2024-01-02"),
        make("A", "2024-2025", "2024-12-30"),
    ]
    portfolios = group(docs)
    assert [(p.unit.unit_id, p.school_year, len(p.documents)) for p in portfolios] == [
        ("A", "2023-2024", 2),
        ("A", "2024-2025", 1),
        ("B", "2023-2024", 1),
    ]
    assert [d.received for d in portfolios[0].documents] == [dt.date(2024, 1, 2), dt.date(2024, 5, 20)]
