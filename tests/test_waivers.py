"""Waivers turn an excused failure into `waived` with its reason, never into `pass`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from hypothesis import given
from hypothesis import strategies as st

from builders import EXAMPLES, ROOT, ROSTER
from compliance import CheckResult, Engine, InputError, Status
from compliance.audit import EngineSpec, audit
from compliance.cli import main
from compliance.errors import Code
from compliance.findings import Finding
from compliance.loading import load_file, load_text
from compliance.reporters import render
from compliance.roster import load_roster
from compliance.schemas import build_schema
from compliance.waivers import Waiver, load_waivers
from shared import JUNIT_XSD, SARIF_SCHEMA, shared
from sheets import cells

KIM_GIANG = str(EXAMPLES / "th-kim-giang")
DRILL = Waiver(
    unit_id="VN-HN-TX-TH-KIMGIANG",
    rule_id="TX2324-T-DIEN-TAP-PCCC",
    reason="Trường đang sửa chữa, diễn tập chuyển sang tháng 9/2024",
    legal_basis="Công văn số 123/PGDĐT-VP ngày 05/3/2024",
    approved_by="Phòng GDĐT quận Thanh Xuân",
    expires=dt.date(2024, 9, 30),
)


def drill_status(engine: Engine, as_of: dt.date, waivers: list[Waiver]) -> tuple[Status, str | None]:
    result = engine.check(KIM_GIANG, as_of=as_of, waivers=waivers)
    finding = next(f for f in result.findings if f.rule_id == "TX2324-T-DIEN-TAP-PCCC")
    return finding.status, finding.waiver


def test_waived_failure_carries_the_reason(bundled_engine: Engine) -> None:
    status, reason = drill_status(bundled_engine, dt.date(2024, 6, 30), [DRILL])
    assert status is Status.waived and reason and "sửa chữa" in reason


def test_expired_waiver_no_longer_applies(bundled_engine: Engine) -> None:
    assert drill_status(bundled_engine, dt.date(2024, 10, 1), [DRILL])[0] is Status.fail


def test_waiver_does_not_touch_passing_findings(bundled_engine: Engine) -> None:
    waiver = DRILL.model_copy(update={"rule_id": "TX2324-T-KE-HOACH"})
    result = bundled_engine.check(KIM_GIANG, as_of=dt.date(2024, 6, 30), waivers=[waiver])
    assert next(f for f in result.findings if f.rule_id == "TX2324-T-KE-HOACH").status is Status.pass_


def test_invalid_waivers_file_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(
        "- unit_id: VN-HN-TX-TH-KIMGIANG\n  rule_id: TX2324-T-DIEN-TAP-PCCC\n  reason: x\n"
        "  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_waivers(path)
    assert info.value.problems[0].line == 1 and "approved_by" in info.value.problems[0].pointer  # type: ignore[operator]


def test_waiver_school_year_in_full_width_digits_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(
        "- unit_id: VN-HN-TX-TH-KIMGIANG\n  rule_id: TX2324-T-DIEN-TAP-PCCC\n  reason: Trường đang sửa chữa\n"
        "  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024\n"
        "  approved_by: Phòng GDĐT quận Thanh Xuân\n  school_year: '２０２３-２０２４'\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_waivers(path)
    assert "school_year" in (info.value.problems[0].pointer or "")


def test_cli_waivers_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(
        "- unit_id: VN-HN-TX-TH-KIMGIANG\n  rule_id: TX2324-T-DIEN-TAP-PCCC\n  reason: Sửa chữa trường\n"
        "  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024\n  approved_by: Phòng GDĐT quận Thanh Xuân\n",
        encoding="utf-8",
    )
    main(["check", KIM_GIANG, "--as-of", "30/06/2024", "--waivers", str(path)])
    assert "Được miễn" in capsys.readouterr().out


# ----------------------------------------------------------------------------- auditable waivers

WAIVERS_FILE = EXAMPLES.parent / "mien-tru-thanh-xuan-2023-2024.yaml"
AS_OF = dt.date(2024, 6, 30)
CV_123 = "Công văn số 123/PGDĐT-VP ngày 05/3/2024"


def write_waivers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def entry(**fields: str) -> str:
    """One waiver of Kim Giang's fire drill as a person types it, ``fields`` added or replaced
    (an empty value leaves the field out)."""
    base = {
        "unit_id": "VN-HN-TX-TH-KIMGIANG",
        "rule_id": "TX2324-T-DIEN-TAP-PCCC",
        "reason": "Trường đang sửa chữa khu lớp học",
        "legal_basis": CV_123,
        "approved_by": "Phòng GDĐT quận Thanh Xuân",
    } | fields
    lines = [f"{key}: {value}" for key, value in base.items() if value]
    return "- " + "\n  ".join(lines) + "\n"


def drill(result: CheckResult) -> Finding:
    return next(f for f in result.findings if f.rule_id == "TX2324-T-DIEN-TAP-PCCC")


def test_a_waiver_without_a_legal_basis_is_refused_with_its_file_line_and_fix(tmp_path: Path) -> None:
    path = write_waivers(tmp_path, entry() + entry(rule_id="TX2324-T-TO-CSVC", legal_basis=""))
    with pytest.raises(InputError) as info:
        load_waivers(path)
    (p,) = info.value.problems
    assert p.code == Code.WAIVER_NO_LEGAL_BASIS and p.at.file == str(path) and p.at.line == 6
    assert p.fix is not None and "legal_basis: Công văn số" in p.fix.vi and "legal_basis" in p.fix.en


def test_a_misspelt_waiver_field_is_named_with_the_field_it_resembles(tmp_path: Path) -> None:
    path = write_waivers(tmp_path, entry(expire="2024-09-30"))
    with pytest.raises(InputError) as info:
        load_waivers(path)
    (p,) = info.value.problems
    assert p.code == Code.WAIVER_UNKNOWN_KEY and p.at.line == 6
    assert "'expire'" in p.message.vi and "có phải 'expires'?" in p.message.vi
    assert "did you mean 'expires'?" in p.message.en and "Extra inputs" not in p.message.en


def test_a_waiver_without_its_reason_is_refused_in_the_officers_words(tmp_path: Path) -> None:
    path = write_waivers(tmp_path, entry(reason=""))
    with pytest.raises(InputError) as info:
        load_waivers(path)
    (p,) = info.value.problems
    assert p.code == Code.WAIVER_MISSING_FIELD and p.at.line == 1
    assert "thiếu mục 'reason'" in p.message.vi and "Field required" not in p.message.en


def test_the_command_line_names_the_waiver_without_a_legal_basis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_waivers(tmp_path, entry(legal_basis=""))
    assert main(["check", KIM_GIANG, "--as-of", "30/06/2024", "--waivers", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1" in err and "căn cứ pháp lý" in err and "Traceback" not in err


def test_a_waiver_that_starts_after_it_expires_is_refused_at_its_start_date(tmp_path: Path) -> None:
    path = write_waivers(tmp_path, entry(starts="01/10/2024", expires="2024-09-30"))
    with pytest.raises(InputError) as info:
        load_waivers(path)
    (p,) = info.value.problems
    assert p.code == Code.WAIVER_DATES_REVERSED and p.at.pointer == "/0/starts" and p.at.line == 6
    assert "01/10/2024" in p.message.vi and "30/09/2024" in p.message.en


def test_dates_may_be_typed_day_first_or_iso(tmp_path: Path) -> None:
    (typed,) = load_waivers(write_waivers(tmp_path, entry(starts="5/3/2024", expires="30/09/2024")))
    assert (typed.starts, typed.expires) == (dt.date(2024, 3, 5), dt.date(2024, 9, 30))
    (iso,) = load_waivers(write_waivers(tmp_path, entry(starts="2024-03-05", expires="2024-09-30")))
    assert (iso.starts, iso.expires) == (typed.starts, typed.expires)


def test_an_impossible_date_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_waivers(write_waivers(tmp_path, entry(expires="31/02/2024")))
    (p,) = info.value.problems
    assert p.code == Code.DATE_IMPOSSIBLE and p.at.pointer == "/0/expires" and p.at.line == 6


def test_a_waived_finding_carries_its_legal_basis_and_approver(bundled_engine: Engine) -> None:
    f = drill(bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[DRILL]))
    assert f.status is Status.waived and f.waiver is not None and CV_123 in f.waiver
    assert f.waiver_detail is not None and f.waiver_detail.legal_basis == CV_123
    assert f.waiver_detail.approved_by == "Phòng GDĐT quận Thanh Xuân"
    assert f.waiver_detail.expires == dt.date(2024, 9, 30)


def test_a_waiver_applies_from_its_start_date_inclusive(bundled_engine: Engine) -> None:
    starting = DRILL.model_copy(update={"starts": AS_OF})
    assert drill(bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[starting])).status is Status.waived


def test_a_waiver_not_yet_in_force_leaves_the_failure_with_a_note(bundled_engine: Engine) -> None:
    later = DRILL.model_copy(update={"starts": dt.date(2024, 7, 1)})
    result = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[later])
    f = drill(result)
    assert f.status is Status.fail and any("bắt đầu từ ngày 01/07/2024" in n.vi for n in f.notes)
    assert [n.en for n in result.notes if "not in force yet" in n.en and "01/07/2024" in n.en]


def test_an_expired_waiver_leaves_the_failure_with_a_note(bundled_engine: Engine) -> None:
    result = bundled_engine.check(KIM_GIANG, as_of=dt.date(2024, 10, 1), waivers=[DRILL])
    f = drill(result)
    assert f.status is Status.fail and any(
        "miễn trừ đã hết hạn ngày 30/09/2024" in n.vi.lower() for n in f.notes
    )
    assert [n.vi for n in result.notes if "đã hết hạn ngày 30/09/2024" in n.vi]


def test_a_misspelt_rule_id_is_a_note_with_the_nearest_rule(bundled_engine: Engine) -> None:
    misspelt = DRILL.model_copy(update={"rule_id": "TX2324-T-DIEN-TAP-PCC"})
    result = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[misspelt])
    assert drill(result).status is Status.fail
    (note,) = result.notes
    assert "không khớp kết luận nào" in note.vi and "có phải TX2324-T-DIEN-TAP-PCCC?" in note.vi
    assert "did you mean TX2324-T-DIEN-TAP-PCCC?" in note.en


def test_a_misspelt_unit_id_is_a_note_with_the_nearest_unit(bundled_engine: Engine) -> None:
    misspelt = DRILL.model_copy(update={"unit_id": "VN-HN-TX-TH-KIMGANG"})
    (note,) = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[misspelt]).notes
    assert "không có đơn vị 'VN-HN-TX-TH-KIMGANG' (có phải VN-HN-TX-TH-KIMGIANG?)" in note.vi


def test_a_waiver_for_another_school_year_matches_no_finding(bundled_engine: Engine) -> None:
    other_year = DRILL.model_copy(update={"school_year": "2024-2025"})
    (note,) = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[other_year]).notes
    assert "has no finding under rule TX2324-T-DIEN-TAP-PCCC in 2024-2025" in note.en


def test_a_waiver_of_a_passing_finding_is_a_note_that_it_excused_nothing(bundled_engine: Engine) -> None:
    passing = DRILL.model_copy(update={"rule_id": "TX2324-T-KE-HOACH"})
    (note,) = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[passing]).notes
    assert "không miễn trừ kết luận nào" in note.vi and "Đạt" in note.vi


def test_a_second_waiver_of_the_same_finding_says_an_earlier_one_waived_it(bundled_engine: Engine) -> None:
    twice = DRILL.model_copy(update={"legal_basis": "Công văn số 130/PGDĐT-VP ngày 12/3/2024"})
    (note,) = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[DRILL, twice]).notes
    assert "130/PGDĐT-VP" in note.vi and "waived by an earlier entry" in note.en


def test_a_used_waiver_gives_no_note(bundled_engine: Engine) -> None:
    assert bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[DRILL]).notes == []


def test_a_note_names_the_waiver_file_and_line(bundled_engine: Engine, tmp_path: Path) -> None:
    path = write_waivers(tmp_path, entry() + entry(rule_id="TX2324-T-DIEN-TAP-PCC"))
    (note,) = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=load_waivers(path)).notes
    assert f"{path}:6" in note.vi


# ----------------------------------------------------------------------------- across an audit


def example_waivers_audit(jobs: int, engine: Engine | None = None) -> CheckResult:
    return audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=AS_OF,
        roster=load_roster(ROSTER),
        jobs=jobs,
        engine=engine,
        waivers=load_waivers(WAIVERS_FILE),
    )


@pytest.fixture(scope="module")
def waived_audit(bundled_engine: Engine) -> CheckResult:
    """The bundled examples audited on 30/06/2024 with the example waivers file: one waiver in
    force, one not yet, one expired, one with a misspelt unit id."""
    return example_waivers_audit(1, bundled_engine)


def notes_about_waivers(result: CheckResult) -> list[str]:
    return [n.vi for n in result.notes if n.vi.startswith("Miễn trừ cho")]


def test_an_audit_notes_each_waiver_that_excused_nothing(waived_audit: CheckResult) -> None:
    notes = notes_about_waivers(waived_audit)
    assert len(notes) == 3
    assert "TX2324-T-TO-CSVC" in notes[0] and "chưa có hiệu lực" in notes[0]
    assert "VN-HN-TX-MN-HOASEN" in notes[1] and "đã hết hạn ngày 31/03/2024" in notes[1]
    assert "có phải VN-HN-TX-THCS-NHANCHINH?" in notes[2]
    assert waived_audit.summary.by_status["waived"] == 1


def test_an_audit_with_worker_processes_notes_the_same_waivers(waived_audit: CheckResult) -> None:
    pooled = example_waivers_audit(2)
    assert notes_about_waivers(pooled) == notes_about_waivers(waived_audit)
    assert [(f.rule_id, f.status, f.waiver, f.notes) for f in pooled.findings] == [
        (f.rule_id, f.status, f.waiver, f.notes) for f in waived_audit.findings
    ]


def test_the_audit_command_reports_the_waivers_notes(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["audit", str(EXAMPLES), "--roster", str(ROSTER), "--waivers", str(WAIVERS_FILE)]
    main([*argv, "--as-of", "30/06/2024", "--format", "json", "--lang", "en"])
    data = json.loads(capsys.readouterr().out)
    assert sum("matches no finding" in n["en"] for n in data["notes"]) == 1
    (waived,) = [f for f in data["findings"] if f["status"] == "waived"]
    assert (
        waived["waiver_detail"]["legal_basis"] == CV_123 and waived["waiver_detail"]["starts"] == "2024-03-05"
    )


# ----------------------------------------------------------------------------- in every format

NOT_YET = "chưa có hiệu lực"  # in the note on the waiver not yet in force


def test_text_shows_the_notes_and_the_legal_basis(waived_audit: CheckResult) -> None:
    text = render(waived_audit, "text", width=400)
    assert isinstance(text, str) and NOT_YET in text and "căn cứ: " + CV_123 in text


def test_html_shows_the_notes_and_the_legal_basis(waived_audit: CheckResult) -> None:
    page = render(waived_audit, "html")
    assert isinstance(page, str) and NOT_YET in page and "căn cứ: " + CV_123 in page


def test_json_carries_the_notes_and_the_waiver_fields(waived_audit: CheckResult) -> None:
    data = json.loads(render(waived_audit, "json"))
    assert any(NOT_YET in n["vi"] for n in data["notes"])
    (waived,) = [f for f in data["findings"] if f["status"] == "waived"]
    assert waived["waiver_detail"]["approved_by"] == "Phòng GDĐT quận Thanh Xuân"


def test_xlsx_has_a_notes_sheet_and_the_legal_basis(waived_audit: CheckResult) -> None:
    sheets = cells(render(waived_audit, "xlsx"))
    notes = [row[0] for row in sheets["Ghi chú"][1:]]
    assert notes == [n.vi for n in waived_audit.notes]
    waiver_column = sheets["Kết luận"][0].index("Miễn trừ")
    assert any(CV_123 in (row[waiver_column] or "") for row in sheets["Kết luận"][1:])


def test_xlsx_without_notes_has_no_notes_sheet(example_audit: CheckResult) -> None:
    assert "Ghi chú" not in cells(render(example_audit, "xlsx"))


def test_csv_shows_the_waiver_and_the_notes_of_each_finding(waived_audit: CheckResult) -> None:
    data = render(waived_audit, "csv", "en")
    assert isinstance(data, bytes)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    head = rows[0]
    waived = [r for r in rows if r[head.index("Status code")] == "waived"]
    assert len(waived) == 1 and "legal basis: " + CV_123 in waived[0][head.index("Waiver")]
    assert any("starts on 01/09/2024" in r[head.index("Notes")] for r in rows)
    assert len(rows) == len(waived_audit.findings) + 1  # one row per finding: the audit's notes are not rows


def test_sarif_has_the_notes_as_notifications_and_a_suppression_with_the_waiver(
    waived_audit: CheckResult,
) -> None:
    log = json.loads(render(waived_audit, "sarif"))
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    (invocation,) = log["runs"][0]["invocations"]
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts == [n.vi for n in waived_audit.notes]
    (suppression,) = [s for r in log["runs"][0]["results"] for s in r.get("suppressions", [])]
    assert suppression["properties"]["legal_basis"] == CV_123 and suppression["status"] == "accepted"


def test_junit_has_the_notes_in_a_suite_of_its_own(waived_audit: CheckResult) -> None:
    document = render(waived_audit, "junit-ant")
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(document)
    root = ET.fromstring(document)
    (suite,) = [s for s in root.iter("testsuite") if s.get("package") == "compliance.notes"]
    assert suite.get("tests") == "0" and NOT_YET in (suite.findtext("system-out") or "")
    (skipped,) = [s for s in root.iter("skipped") if (s.get("message") or "").startswith("waived")]
    assert CV_123 in (skipped.get("message") or "")


# ----------------------------------------------------------------------------- the schema


def test_the_committed_waivers_schema_matches_the_model() -> None:
    committed = json.loads((ROOT / "schemas" / "waivers.schema.json").read_text(encoding="utf-8"))
    assert committed == build_schema("waivers"), "run: python -m compliance.schemas"


def test_the_waivers_schema_is_valid_and_the_example_files_follow_it() -> None:
    validator = jsonschema.Draft202012Validator(build_schema("waivers"))
    validator.check_schema(validator.schema)
    validator.validate(load_file(WAIVERS_FILE).data)
    blocks = re.findall(
        r"```yaml\n(.*?)```", (ROOT / "docs" / "waivers.md").read_text(encoding="utf-8"), re.S
    )
    assert blocks
    for block in blocks:
        validator.validate(load_text(block, name="docs/waivers.md", format="yaml").data)


def test_the_schema_refuses_a_waiver_without_a_legal_basis() -> None:
    validator = jsonschema.Draft202012Validator(build_schema("waivers"))
    waiver = {"unit_id": "VN-HN-TX-TH-KIMGIANG", "rule_id": "TX2324-T-DIEN-TAP-PCCC", "reason": "Sửa chữa"}
    assert not validator.is_valid([waiver | {"approved_by": "Phòng GDĐT quận Thanh Xuân"}])


def test_the_schema_command_prints_the_waivers_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "waivers"]) == 0
    assert json.loads(capsys.readouterr().out) == build_schema("waivers")


@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_day_typed_either_way_is_the_same_day(day: dt.date) -> None:
    typed = {"starts": f"{day.day}/{day.month}/{day.year}", "expires": day.isoformat()}
    waiver = Waiver.model_validate(DRILL.model_dump(exclude={"starts", "expires"}) | typed)
    assert waiver.starts == waiver.expires == day


def test_a_rule_id_in_the_wrong_case_is_matched_to_the_rule_it_means(bundled_engine: Engine) -> None:
    lower = DRILL.model_copy(update={"rule_id": "tx2324-t-dien-tap-pccc"})
    (note,) = bundled_engine.check(KIM_GIANG, as_of=AS_OF, waivers=[lower]).notes
    assert "(did you mean TX2324-T-DIEN-TAP-PCCC?)" in note.en


def test_a_roster_unit_that_sent_nothing_can_be_waived_in_an_audit(bundled_engine: Engine) -> None:
    waiver = DRILL.model_copy(update={"unit_id": "VN-HN-TX-TH-KHUONGMAI", "rule_id": "TX2324-T-KE-HOACH"})
    result = audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=AS_OF,
        roster=load_roster(ROSTER),
        jobs=1,
        engine=bundled_engine,
        waivers=[waiver],
    )
    (waived,) = [f for f in result.findings if f.status is Status.waived]
    assert (waived.unit_id, waived.rule_id) == ("VN-HN-TX-TH-KHUONGMAI", "TX2324-T-KE-HOACH")
    assert notes_about_waivers(result) == []


_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["05/03/2024", "2024-09-30", "31/02/2024", "01/01/1800", "13/13/2024", "2024-02-30", ""]),
    st.lists(st.text(max_size=4), max_size=2),
)
_KEYS = st.sampled_from(
    [
        "unit_id",
        "rule_id",
        "school_year",
        "reason",
        "legal_basis",
        "approved_by",
        "starts",
        "expires",
        "het_han",
    ]
)


@given(entries=st.lists(st.dictionaries(_KEYS, _VALUES, max_size=9), max_size=3))
def test_any_waivers_file_loads_or_is_refused_with_its_file_and_line(
    entries: list[dict[str, object]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mien-tru.json"
        path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        try:
            waivers = load_waivers(path)
        except InputError as exc:
            assert exc.problems and all(
                p.at.file == str(path) and p.at.line is not None for p in exc.problems
            )
            assert all(p.message.vi and p.message.en and p.fix for p in exc.problems)
        else:
            assert all(w.starts is None or w.expires is None or w.starts <= w.expires for w in waivers)
