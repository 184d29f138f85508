"""Hostile or surprising input (issue 13): whatever the schema and the loader accept never crashes
anything, and what a person could not see, or would read otherwise, is refused with the file, the
line, the JSON pointer and the fix, in Vietnamese and English. One regression test per reproduction,
through the Python API and through the command line."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import EXAMPLES, SCHOOL, engine_for, report, reported_by, rule
from compliance.cli import main
from compliance.dates import DateInputError, local_date, parse_user_date, quoted_dates
from compliance.engine import document_from_data
from compliance.errors import Code, InputError, Problem, ReportError
from compliance.fieldtypes import report_type
from compliance.loading import load_text
from compliance.portfolio import Document, to_facts
from compliance.resources import schema
from compliance.roster import load_roster

KIM_GIANG = EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml"


def kim_giang(tmp_path: Path, old: str, new: str, name: str = "bao-cao.yaml") -> Path:
    """A copy of Kim Giang's semester report with ``old`` written as ``new``."""
    text = KIM_GIANG.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def check(capsys: pytest.CaptureFixture[str], path: Path, *options: str) -> tuple[int, str, str]:
    code = main(["check", str(path), "--as-of", "30/06/2024", *options])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], path: Path, code: Code, *options: str) -> str:
    """``check`` exits 2; stdout holds nothing, or with a machine format (JSON, SARIF, JUnit) the
    rejection document naming the code (docs/cli.md); the error names the file and the code."""
    exit_code, out, err = check(capsys, path, *options)
    machine = any(f in options for f in ("json", "sarif", "junit"))
    assert exit_code == 2 and (f"{code}" in out if machine else out == "")
    if "junit" in options:
        ET.fromstring(out)  # well-formed, whatever the document held
    assert f"[{code}]" in err and str(path) in err and "Traceback" not in err
    assert "Cách sửa:" in err or "Fix:" in err
    return err


def problems(data: dict[str, Any], name: str = "bao-cao.json") -> list[Problem]:
    """The problems of a report given as data (the HTTP API's way in)."""
    with pytest.raises(ReportError) as info:
        document_from_data(data, name=name)
    for p in info.value.problems:
        assert p.file == name and p.message.vi and p.message.en and p.fix.vi and p.fix.en
    return list(info.value.problems)


def the_problem(data: dict[str, Any]) -> Problem:
    (p,) = problems(data)
    return p


# ----------------------------------------------------------------------------- dates at the calendar's edge


@pytest.mark.parametrize("moment", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+08:00"])
def test_a_received_at_off_the_calendar_in_vietnam_is_refused_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, moment: str
) -> None:
    path = kim_giang(tmp_path, "received_at: 2024-01-05T10:20:00+07:00", f'received_at: "{moment}"')
    err = refused(capsys, path, Code.SCHEMA_DATE_YEAR)
    assert f"{path}:{line_of(path, 'received_at')}:14 /received_at" in err
    assert "1900–2100" in err


def test_an_incident_moment_off_the_calendar_is_refused_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    incident = '\n  - {id: KG-2024-01, category: KHAC, occurred_at: "9999-12-31T23:00:00-05:00"}'
    path = kim_giang(tmp_path, "incidents: []", "incidents:" + incident)
    err = refused(capsys, path, Code.SCHEMA_DATE_YEAR)
    assert "/incidents/0/occurred_at" in err


def test_the_installed_command_exits_two_on_a_date_that_overflowed(tmp_path: Path) -> None:
    path = kim_giang(
        tmp_path, "received_at: 2024-01-05T10:20:00+07:00", 'received_at: "9999-12-31T23:00:00-05:00"'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "check", str(path), "--as-of", "30/06/2024"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "Lỗi nội bộ" not in proc.stderr
    assert "[schema-date-year]" in proc.stderr


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("received_at", "1899-12-31"),
        ("received_at", "2101-01-01T00:00:00+07:00"),
        ("received_at", "0001-01-01"),
        ("period", {"from": "2023-09-05", "to": "9999-12-31"}),
        ("plans", [{"kind": "KH_GDCT_CTHS", "issued_on": "1000-10-03"}]),
    ],
)
def test_years_outside_1900_to_2100_are_refused_in_every_date(field: str, value: Any) -> None:
    p = the_problem(report(**{field: value}))
    assert p.code == Code.SCHEMA_DATE_YEAR and p.pointer is not None and p.pointer.startswith(f"/{field}")


@pytest.mark.parametrize("moment", ["1900-01-01", "1900-01-01T00:30:00+08:00", "2100-12-31T23:00:00-05:00"])
def test_the_first_and_last_years_are_accepted_and_read_in_vietnam_time(moment: str) -> None:
    document = document_from_data(report(received_at=moment), name="bien.json")
    assert document.facts["received_at"] == local_date(moment)


@pytest.mark.parametrize(
    ("moment", "day"),
    [("9999-12-31T23:00:00-05:00", dt.date(9999, 12, 31)), ("0001-01-01T00:30:00+08:00", dt.date(1, 1, 1))],
)
def test_local_date_keeps_the_written_day_when_vietnam_time_is_off_the_calendar(
    moment: str, day: dt.date
) -> None:
    assert local_date(moment) == day


OFFSETS = st.builds(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)), st.integers(-(24 * 60 - 1), 24 * 60 - 1)
)


@given(st.datetimes(timezones=st.none() | OFFSETS))
def test_local_date_never_raises_on_an_iso_moment(moment: dt.datetime) -> None:
    assert isinstance(local_date(moment.isoformat()), dt.date)


@pytest.mark.parametrize("typed", ["01/01/0001", "31/12/9999", "1899-12-31"])
def test_a_typed_date_outside_1900_to_2100_is_refused(capsys: pytest.CaptureFixture[str], typed: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_user_date(typed)
    assert info.value.code == Code.DATE_OUT_OF_RANGE
    code = main(["check", str(KIM_GIANG), "--as-of", typed])
    _, err = capsys.readouterr()
    assert code == 2 and "[date-out-of-range]" in err


# ----------------------------------------------------------------------------- integers no float can hold


def test_a_400_digit_total_is_refused_with_the_value_cut(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = kim_giang(tmp_path, "group: GV, total: 41", "group: GV, total: 1" + "0" * 400)
    err = refused(capsys, path, Code.SCHEMA_RANGE)
    assert "/briefings/1/total" in err and "1000000000" in err and "…" in err
    assert max(len(run) for run in re.findall(r"0+", err)) < 80


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("briefings", [{"group": "GV", "total": 10**9 + 1, "reached": 0}]),
        ("attendance", {"enrolled": 10**400}),
        ("fees", [{"name": "Học phí", "amount_vnd": 10**15 + 1, "approved": True}]),
        ("committees", [{"kind": "KHAC", "members": 1e300}]),
    ],
)
def test_counts_and_amounts_past_their_bound_are_refused(field: str, value: Any) -> None:
    assert the_problem(report(**{field: value})).code == Code.SCHEMA_RANGE


def test_a_figure_too_large_to_compute_with_is_an_error_finding_not_a_crash(
    statuses: Any,
) -> None:
    measure = {"aggregate": "max", "select": {"collection": "briefings"}, "field": "total"}
    engine = engine_for(rule({"threshold": {"numerator": measure, "op": "le", "target": 5000}}))
    data = report(briefings=[{"group": "GV", "total": 10**400, "reached": 1}])
    loaded = load_text(json.dumps(data), name="lon.json", format="json")
    document = Document(loaded, to_facts(loaded.data, report_type()))  # past the schema, as a caller could
    assert statuses(engine, document) == ["error"]


# ----------------------------------------------------------------------------- a school without its levels


@pytest.mark.parametrize(
    ("written", "pointer"), [("  school_levels: [TH]\n", "/submitter"), ("[TH]", "/submitter/school_levels")]
)
def test_a_school_without_school_levels_is_refused_not_a_quiet_pass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str, pointer: str
) -> None:
    path = kim_giang(tmp_path, written, "" if written.startswith(" ") else "[]")
    err = refused(capsys, path, Code.SCHEMA_SCHOOL_LEVELS)
    assert f" {pointer} [" in err and "school_levels: [THCS]" in err


def test_the_published_schema_itself_requires_levels_of_a_school_only() -> None:
    validator = jsonschema.Draft202012Validator(schema("report"))
    school = {k: v for k, v in SCHOOL["submitter"].items() if k != "school_levels"}
    assert not validator.is_valid(report(submitter=school))
    assert not validator.is_valid(reported_by(report(), school_levels=[]))
    assert validator.is_valid(report(submitter={**school, "unit_type": "PHONG_GDDT"}))


# ----------------------------------------------------------------------------- digits that only look like digits


def test_a_full_width_school_year_is_refused_with_the_year_retyped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = kim_giang(tmp_path, 'school_year: "2023-2024"', 'school_year: "２０２３-２０２４"')
    err = refused(capsys, path, Code.SCHEMA_DIGITS, "--lang", "en")
    assert "/school_year" in err and "U+FF12" in err and "'2023-2024'" in err


@pytest.mark.parametrize(
    ("field", "value"),
    [("received_at", "２０２４-01-05"), ("received_at", "2024-01-0٥"), ("period", {"from": "2023-0９-05"})],
)
def test_dates_with_other_digits_are_refused(field: str, value: Any) -> None:
    assert the_problem(report(**{field: value})).code == Code.SCHEMA_DIGITS


def test_a_roster_year_in_full_width_digits_is_refused(tmp_path: Path) -> None:
    roster = tmp_path / "danh-sach.csv"
    roster.write_text(
        "unit_id,unit_type,school_levels,school_year\nVN-HN-TX-TH-KIMGIANG,TRUONG,TH,２０２３-２０２４\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_roster(roster)
    assert [p.code for p in info.value.problems] == [Code.ROSTER_SCHOOL_YEAR]


def test_typed_and_printed_dates_are_read_in_ascii_digits_only() -> None:
    with pytest.raises(DateInputError):
        parse_user_date("３０/０６/２０２４")
    assert quoted_dates("hạn ngày ２４/５/２０２４ và ngày 24/5/2024") == [dt.date(2024, 5, 24)]


# ----------------------------------------------------------------------------- characters nobody can see

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",  # word joiner
    "\ufeff",  # inside the text, not a byte order mark
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    *map(chr, range(0x202A, 0x202F)),  # embeddings, overrides
    *map(chr, range(0x2066, 0x206A)),  # isolates
    "\u00ad",  # soft hyphen
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_in_a_place_name_is_refused_showing_where(char: str) -> None:
    p = the_problem(reported_by(report(), district=f"Thanh{char} Xuân"))
    assert p.code == Code.SCHEMA_INVISIBLE and p.pointer == "/submitter/district"
    assert f"U+{ord(char):04X}" in p.message.en and "character 6" in p.message.en
    assert "'Thanh Xuân'" in p.fix.en


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit_id", "VN-HN-TX-TH-KIMGIANG\u200b"),
        ("unit_name", "\u202eTrường Tiểu học Kim Giang"),
        ("province", "Hà\u2060Nội"),
    ],
)
def test_invisible_characters_are_refused_in_identifiers_and_names(field: str, value: str) -> None:
    p = the_problem(reported_by(report(), **{field: value}))
    assert p.code == Code.SCHEMA_INVISIBLE and p.pointer == f"/submitter/{field}"


@pytest.mark.parametrize("char", ["\u200b", "\u200f"], ids=["zero-width-space", "rtl-mark"])
def test_the_command_refuses_an_invisible_character_in_the_district(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, char: str
) -> None:
    path = kim_giang(tmp_path, "district: Thanh Xuân", f"district: Thanh{char} Xuân")
    err = refused(capsys, path, Code.SCHEMA_INVISIBLE)
    assert f"{path}:{line_of(path, 'district')}:13 /submitter/district" in err


def test_ordinary_vietnamese_names_and_codes_are_accepted() -> None:
    data = reported_by(
        report(), unit_name="Trường THCS Nhân Chính", province="Bà Rịa - Vũng Tàu", district="Đắk Mil"
    )
    assert document_from_data(data, name="ten.json").facts["submitter"]["district"] == "Đắk Mil"


# ----------------------------------------------------------------------------- control characters in JSON


@pytest.mark.parametrize("escape", ["\\u000b", "\\u0001", "\\ufffe"])
@pytest.mark.parametrize("output", ["text", "xlsx", "junit"])
def test_a_control_character_in_a_json_report_is_refused_before_any_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, escape: str, output: str
) -> None:
    text = json.dumps(report(kind="BC_SO_KET_HK1"), ensure_ascii=False, indent=2)
    text = text.replace(
        '"kind": "BC_SO_KET_HK1",', f'"kind": "BC_SO_KET_HK1",\n  "title": "Báo cáo{escape}",'
    )
    path = tmp_path / "bao-cao.json"
    path.write_text(text, encoding="utf-8")
    err = refused(capsys, path, Code.CONTROL_CHARACTER, "--format", output)
    assert f"{path}:{line_of(path, 'title')}:12 /title" in err and f"U+{escape[2:].upper()}" in err


@pytest.mark.parametrize("char", ["\x0b", "\x01", "\x85", "\ufffe"])
def test_the_http_way_in_refuses_control_characters_too(char: str) -> None:
    p = the_problem(report(title=f"Báo cáo{char}sơ kết"))
    assert p.code == Code.CONTROL_CHARACTER and p.pointer == "/title" and f"U+{ord(char):04X}" in p.message.en


# ----------------------------------------------------------------------------- YAML 1.1 numbers


@pytest.mark.parametrize(
    ("written", "write"), [("010", "10"), ("1:30", "90"), ("0x10", "16"), ("0b101", "5")]
)
def test_a_yaml_1_1_number_in_a_report_is_refused_saying_what_to_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str, write: str
) -> None:
    path = kim_giang(tmp_path, "members: 7,", f"members: {written},")
    err = refused(capsys, path, Code.YAML_AMBIGUOUS_NUMBER)
    assert "/committees/0/members" in err and f"viết {write};" in err and f'"{written}"' in err


def test_a_quoted_number_stays_text_for_the_schema_to_judge() -> None:
    loaded = load_text("so_hieu: '010'\nmembers: 10\n", name="bao-cao.yaml", format="yaml")
    assert loaded.data == {"so_hieu": "010", "members": 10}


# ----------------------------------------------------------------------------- long values in messages


def test_a_one_megabyte_value_is_cut_in_every_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = "x" * 1_000_000
    data = report(
        kind=huge,
        title="ok",
        school_year=huge,
        submitter={**SCHOOL["submitter"], "unit_id": "a\u200b" + huge},
    )
    data[huge] = 1  # an unknown key as long
    for p in problems(data):
        for text in (p.render("vi"), p.render("en")):
            assert max(len(run) for run in re.findall("x+", text)) <= 80
    path = tmp_path / "lon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = refused(capsys, path, Code.SCHEMA_ENUM)
    assert len(err) < 20_000


def test_the_http_service_answers_422_naming_the_control_character(bundled_engine: Any) -> None:
    pytest.importorskip("fastapi", reason="the server extra is not installed")
    from fastapi.testclient import TestClient

    from compliance.server import create_app

    client = TestClient(create_app(bundled_engine, max_bytes=64 * 1024))
    answer = client.post(
        "/v1/check", json=report(title="Báo cáo\u000bsơ kết"), params={"as_of": "2024-06-30"}
    )
    assert answer.status_code == 422
    (found,) = answer.json()["problems"]
    assert found["code"] == "control-character" and found["pointer"] == "/title"


# -- data handed over already parsed (HTTP, embedding portals): the pointer says where


def _data_problems(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ReportError) as info:
        document_from_data(data, name="<report 1>")
    return list(info.value.problems)


def test_data_nested_too_deep_is_named_by_its_pointer() -> None:
    data = report()
    deep: Any = "Câu lạc bộ Cờ vua"
    for _ in range(80):
        deep = [deep]
    data["clubs"] = deep
    (found,) = _data_problems(data)
    assert found.code is Code.NESTED_TOO_DEEP and (found.pointer or "").startswith("/clubs/0/0")


def test_data_lone_surrogate_is_named_by_its_pointer() -> None:
    data = report()
    data["submitter"]["unit_name"] = "Trường THCS Nhân Chính\ud800"
    (found,) = _data_problems(data)
    assert (found.code, found.pointer) == (Code.LONE_SURROGATE, "/submitter/unit_name")


def test_data_lone_surrogate_in_a_key_is_named_by_the_pointer_of_its_object() -> None:
    data = report()
    data["submitter"]["tên\udfff"] = "Nhân Chính"
    (found,) = _data_problems(data)
    assert (found.code, found.pointer) == (Code.LONE_SURROGATE, "/submitter")


def test_data_number_that_is_not_finite_is_named_by_its_pointer() -> None:
    data = report()
    data["briefings"] = [{"topic": "An toàn giao thông", "attendees": float("nan")}]
    (found,) = _data_problems(data)
    assert (found.code, found.pointer) == (Code.NUMBER_NOT_FINITE, "/briefings/0/attendees")


def test_data_key_that_is_not_text_is_named_by_the_pointer_of_its_object() -> None:
    data = report()
    data["document"][2024] = "năm học"
    (found,) = _data_problems(data)
    assert (found.code, found.pointer) == (Code.NOT_JSON_DATA, "/document")


def test_data_with_escaped_and_raw_control_characters_names_both() -> None:
    data = report()
    data["submitter"]["unit_name"] = "Trường THCS\bNhân Chính"  # JSON writes \b as an escape
    data["title"] = "Báo cáo sơ kết\x7f học kỳ I"  # and DEL as it is
    found = _data_problems(data)
    assert {(p.code, p.pointer) for p in found} == {
        (Code.CONTROL_CHARACTER, "/submitter/unit_name"),
        (Code.CONTROL_CHARACTER, "/title"),
    }
