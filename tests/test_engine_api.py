"""The Python API: Engine.from_path(...).check(...), typed results, safe to share between threads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pydantic
import pytest
import yaml

from builders import EXAMPLES, report, reported_by
from compliance import CheckResult, Engine, InputError, ReportError, Status
from compliance.audit import EngineSpec, audit
from compliance.findings import Finding, Tally
from compliance.i18n import Text
from compliance.records import Records

AS_OF = dt.date(2024, 6, 30)


def test_check_accepts_a_folder_and_returns_typed_findings(bundled_engine: Engine) -> None:
    result = bundled_engine.check(str(EXAMPLES), as_of=AS_OF)
    assert isinstance(result, CheckResult)
    assert {f.unit_id for f in result.findings} == {
        "VN-HN-PGDDT-THANHXUAN",
        "VN-HN-TX-MN-HOASEN",
        "VN-HN-TX-TH-KIMGIANG",
        "VN-HN-TX-THCS-NHANCHINH",
    }
    assert all(isinstance(f.status, Status) for f in result.findings)


def test_a_result_the_engine_constructs_without_validating_is_what_validating_gives(
    bundled_engine: Engine, example_audit: CheckResult
) -> None:
    """Engine.result, Tally.summary and rate_of construct what the engine made itself, without
    validating it (a text check imports no pydantic): validated again, from its JSON
    data, each is the same, value for value and type for type (the repr of an enum, a date, a
    Text shows which it is); findings and documents are records."""
    for result in (bundled_engine.check(str(EXAMPLES), as_of=AS_OF), example_audit):
        again = CheckResult.model_validate(result.model_dump())
        assert repr(again.model_dump()) == repr(result.model_dump())
        assert isinstance(result.findings, Records) and isinstance(result.documents, Records)
        assert result.summary == Tally.of(result.findings).summary() == again.summary
        assert again == result
    assert example_audit.audit is not None and example_audit.audit.per_unit and example_audit.audit.rollups


def test_a_result_read_from_outside_data_refuses_a_key_it_does_not_know(example_audit: CheckResult) -> None:
    """CheckResult.model_validate reads a findings document as pydantic would: a key the
    schema does not have is refused by name, not kept or dropped."""
    data = example_audit.model_dump(mode="json")
    data["summary"]["tổng_số"] = 3
    with pytest.raises(pydantic.ValidationError) as info:
        CheckResult.model_validate(data)
    assert info.value.errors()[0]["loc"] == ("summary", "tổng_số")


def test_a_copy_of_a_result_changes_what_it_is_given_and_leaves_the_original(
    example_audit: CheckResult,
) -> None:
    note = Text(
        vi="Đã đối chiếu với sổ văn bản đến.", en="Checked against the register of received documents."
    )
    copy = example_audit.model_copy(update={"notes": [note]})
    assert copy.notes == [note]
    assert example_audit.notes != copy.notes
    assert copy.findings is example_audit.findings


def test_a_result_cannot_be_changed_in_place(example_audit: CheckResult) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        example_audit.notes = []  # type: ignore[misc]


def test_check_accepts_report_dicts(bundled_engine: Engine) -> None:
    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-02T16:41:00+07:00", topics=["GDCT_CTHS"])
    result = bundled_engine.check(data, as_of=AS_OF)
    hk1 = next(f for f in result.findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1")
    assert hk1.status is Status.pass_


def test_invalid_report_dict_raises_report_error_with_the_path(bundled_engine: Engine) -> None:
    with pytest.raises(ReportError) as info:
        bundled_engine.check(report(committees=[{"kind": "TO_QL_CSVC", "members": "năm"}]), as_of=AS_OF)
    assert info.value.problems[0].pointer == "/committees/0/members"


def test_every_unit_gets_exactly_one_finding_per_rule_addressed_to_it(bundled_engine: Engine) -> None:
    result = bundled_engine.check(str(EXAMPLES), as_of=AS_OF)
    pairs = [(f.unit_id, f.rule_id) for f in result.findings]
    assert len(pairs) == len(set(pairs))
    schools = {f.unit_id for f in result.findings if f.unit_type == "TRUONG"}
    school_rules = [
        r
        for r in bundled_engine.rules
        if "TRUONG" in r.applies.unit_types and r.pack.startswith("thanh-xuan")
    ]
    for unit in schools:
        assert {f.rule_id for f in result.findings if f.unit_id == unit} >= {r.id for r in school_rules}


def test_portfolios_do_not_leak_into_each_other(bundled_engine: Engine) -> None:
    nhan_chinh = str(EXAMPLES / "thcs-nhan-chinh")
    hoa_sen = str(EXAMPLES / "mn-hoa-sen")
    alone = bundled_engine.check(nhan_chinh, as_of=AS_OF)
    together = bundled_engine.check([hoa_sen, nhan_chinh], as_of=AS_OF)
    assert [f for f in together.findings if f.unit_id == "VN-HN-TX-THCS-NHANCHINH"] == alone.findings


def test_concurrent_checks_from_many_threads_give_the_sequential_results(bundled_engine: Engine) -> None:
    folders = [str(p) for p in sorted(EXAMPLES.iterdir()) if p.is_dir()] * 6
    expected = {f: bundled_engine.check(f, as_of=AS_OF).findings for f in set(folders)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda f: (f, bundled_engine.check(f, as_of=AS_OF).findings), folders))
    for folder, findings in results:
        assert findings == expected[folder]


def test_parameters_change_a_reading_without_editing_the_pack() -> None:
    # the pack reads "trước ngày 03/01/2023 (thứ Tư)" as including D (the printed weekday names it);
    # the literal reading makes a report received on D one day late
    engine = Engine.from_path(params={"thanh-xuan-gdct-cths-2023-2024.truoc_ngay": "exclusive"})
    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-03T08:05:00+07:00", topics=["GDCT_CTHS"])
    finding = next(
        f for f in engine.check(data, as_of=AS_OF).findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1"
    )
    assert finding.status is Status.fail


def test_deadline_findings_carry_due_received_and_days_late(bundled_engine: Engine) -> None:
    result = bundled_engine.check(str(EXAMPLES / "th-kim-giang"), as_of=AS_OF)
    hk1 = next(f for f in result.findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1")
    assert hk1.deadline is not None
    assert (hk1.deadline.due, hk1.deadline.received, hk1.deadline.days_late) == (
        dt.date(2024, 1, 3),
        dt.date(2024, 1, 5),
        2,
    )
    assert hk1.deadline.printed == "03/01/2023 (thứ Tư)"
    assert hk1.evidence[0].line == 19 and hk1.evidence[0].pointer == "/received_at"


def test_documents_that_disagree_about_their_unit_give_one_conflicting_scope_error(
    bundled_engine: Engine,
) -> None:
    first = report(kind="BC_SO_KET_HK1", received_at="2024-01-02")
    second = reported_by(report(kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20"), district="Cầu Giấy")
    result = bundled_engine.check([first, second], as_of=AS_OF)
    assert [(f.rule_id, f.status) for f in result.findings] == [
        ("compliance/conflicting-scope", Status.error)
    ]
    assert "Cầu Giấy" in result.findings[0].message.en


def test_documents_received_after_the_as_of_date_are_not_counted(bundled_engine: Engine) -> None:
    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-02T16:41:00+07:00")
    before = bundled_engine.check(data, as_of=dt.date(2024, 1, 1))
    hk1 = next(f for f in before.findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1")
    assert hk1.status is Status.pending
    assert any("01/01/2024" in note.vi and "không được tính" in note.vi for note in before.notes)


def _without_places(findings: Sequence[Finding]) -> list[Finding]:
    """Findings with their evidence's file names and positions left out (a parsed mapping has none)."""
    return [
        dataclasses.replace(
            f,
            evidence=[dataclasses.replace(e, document="", line=None, column=None) for e in f.evidence],
        )
        for f in findings
    ]


def test_a_report_parsed_by_yaml_safe_load_with_its_dates_is_checked_like_its_file(
    bundled_engine: Engine,
) -> None:
    files = sorted((EXAMPLES / "th-kim-giang").glob("*.yaml"))
    parsed = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]
    assert any(isinstance(v, dt.datetime) for d in parsed for v in d.values())  # what the user meets
    from_data = bundled_engine.check(parsed, as_of=AS_OF)
    from_files = bundled_engine.check([str(f) for f in files], as_of=AS_OF)
    assert _without_places(from_data.findings) == _without_places(from_files.findings)


def test_a_date_value_in_a_mapping_is_read_as_its_iso_date(bundled_engine: Engine) -> None:
    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-02T16:41:00+07:00", topics=["GDCT_CTHS"])
    data["received_at"] = dt.date(2024, 1, 20)  # after the 15/01/2024 deadline
    result = bundled_engine.check(data, as_of=AS_OF)
    hk1 = next(f for f in result.findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1")
    assert hk1.deadline is not None
    assert hk1.deadline.received == dt.date(2024, 1, 20)


def test_a_time_value_in_a_mapping_is_refused_with_its_pointer(bundled_engine: Engine) -> None:
    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-02T16:41:00+07:00", topics=["GDCT_CTHS"])
    data["received_at"] = dt.time(16, 41)
    with pytest.raises(ReportError) as info:
        bundled_engine.check(data, as_of=AS_OF)
    assert [(p.code, p.pointer) for p in info.value.problems] == [("not-json-data", "/received_at")]


# ----------------------------------------------------------------------------- as_of


KIM_GIANG = EXAMPLES / "th-kim-giang"


def test_as_of_given_as_a_naive_datetime_is_that_day(bundled_engine: Engine) -> None:
    result = bundled_engine.check(str(KIM_GIANG), as_of=dt.datetime(2024, 6, 30, 23, 0))
    assert (
        result.as_of == AS_OF
        and result.findings == bundled_engine.check(str(KIM_GIANG), as_of=AS_OF).findings
    )


def test_as_of_given_as_an_aware_datetime_is_its_day_in_vietnam(bundled_engine: Engine) -> None:
    evening_utc = dt.datetime(2024, 6, 30, 20, 0, tzinfo=dt.UTC)  # 03:00 on 01/07 in Hà Nội
    assert bundled_engine.check(str(KIM_GIANG), as_of=evening_utc).as_of == dt.date(2024, 7, 1)


def test_as_of_outside_the_years_the_command_line_takes_is_refused(bundled_engine: Engine) -> None:
    with pytest.raises(InputError) as info:
        bundled_engine.check(str(KIM_GIANG), as_of=dt.date(1800, 1, 1))
    assert [p.code for p in info.value.problems] == ["date-out-of-range"]


def test_audit_refuses_an_as_of_outside_the_years_the_command_line_takes() -> None:
    with pytest.raises(InputError) as info:
        audit([KIM_GIANG], spec=EngineSpec(), as_of=dt.date(2101, 1, 1), jobs=1)
    assert [p.code for p in info.value.problems] == ["date-out-of-range"]


def test_as_of_given_as_text_is_a_type_error_naming_what_it_takes(bundled_engine: Engine) -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        bundled_engine.check(str(KIM_GIANG), as_of="2024-06-30")  # type: ignore[arg-type]


def test_a_report_named_alone_and_within_its_folder_is_read_once(bundled_engine: Engine) -> None:
    report_file = KIM_GIANG / "2024-01-05-so-ket-hk1.yaml"
    result = bundled_engine.check([str(KIM_GIANG), str(report_file)], as_of=AS_OF)
    assert [d.file for d in result.documents].count(str(report_file)) == 1
    assert result.findings == bundled_engine.check(str(KIM_GIANG), as_of=AS_OF).findings
