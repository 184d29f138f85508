"""compliance diff: every finding of two audits classified, in text, JSON (its own schema) and HTML."""

from __future__ import annotations

import datetime as dt
import json
from itertools import product
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import ROOT
from compliance import Engine, Status
from compliance.cli import main
from compliance.i18n import Text
from compliance.reporters.diff_report import render_html, render_json, render_text
from compliance.schemas import build_schema
from compliance.severity import Severity
from compliance.store import (
    AuditDiff,
    Category,
    Snapshot,
    Source,
    Store,
    StoredFinding,
    classify,
    diff,
    fingerprint_of,
    from_file,
    from_store,
)
from compliance.store.diff import State
from district_over_time import (
    HOA_SEN,
    KG_REPORT,
    KHUONG_MAI,
    KIM_GIANG,
    NHAN_CHINH,
    TwoAudits,
    two_audits,
)


@pytest.fixture(scope="module")
def district(bundled_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> tuple[TwoAudits, Path]:
    root = tmp_path_factory.mktemp("diff")
    with Store.open(root / ".compliance" / "audits.sqlite", create=True) as store:
        audits = two_audits(root, bundled_engine, store)
    return audits, root / ".compliance" / "audits.sqlite"


@pytest.fixture(scope="module")
def changes(district: tuple[TwoAudits, Path]) -> AuditDiff:
    with Store.open(district[1]) as store:
        return diff(from_store(store, 1), from_store(store, 2))


def category(d: AuditDiff, unit: str, rule: str) -> Category:
    (change,) = [c for c in d.findings if c.unit_id == unit and c.rule_id == rule]
    return change.category


# ----------------------------------------------------------------------------- the categories, on the district


def test_a_corrected_report_resolves_its_finding(changes: AuditDiff) -> None:
    assert category(changes, KIM_GIANG, "TX2324-T-QUAN-TRIET") is Category.resolved


def test_a_waiver_that_ran_out_shows_the_failure_again(changes: AuditDiff) -> None:
    assert category(changes, KIM_GIANG, "TX2324-T-BC-SO-KET-HK1") is Category.waiver_expired


def test_a_waiver_granted_between_the_audits_is_newly_waived(changes: AuditDiff) -> None:
    assert category(changes, KIM_GIANG, "TX2324-T-TO-CSVC") is Category.newly_waived


def test_a_deadline_that_passed_with_nothing_sent_is_a_new_failure(changes: AuditDiff) -> None:
    assert category(changes, KIM_GIANG, "TX2324-T-BC-TONG-KET") is Category.new_failure


def test_a_gap_not_closed_is_still_failing(changes: AuditDiff) -> None:
    assert category(changes, KIM_GIANG, "TX2324-T-MO-HINH-DIEM") is Category.still_failing


def test_a_unit_added_to_the_roster_brings_new_failures_and_newly_applicable_rules(
    changes: AuditDiff,
) -> None:
    assert category(changes, KHUONG_MAI, "TX2324-T-BC-TONG-KET") is Category.new_failure
    assert category(changes, NHAN_CHINH, "TX2324-T-BC-TONG-KET") is Category.newly_applicable


def test_a_unit_that_left_the_district_is_no_longer_applicable(changes: AuditDiff) -> None:
    left = {c.category for c in changes.findings if c.unit_id == HOA_SEN and c.before is not None}
    not_applicable_before = {
        c.category
        for c in changes.findings
        if c.unit_id == HOA_SEN and c.before is not None and c.before.status is Status.not_applicable
    }
    assert left == {Category.no_longer_applicable} | not_applicable_before
    assert not_applicable_before <= {Category.unchanged}


def test_pending_then_met_is_unchanged(changes: AuditDiff) -> None:
    (change,) = [
        c
        for c in changes.findings
        if c.unit_id == "VN-HN-PGDDT-THANHXUAN" and c.rule_id == "TX2324-P-BC-TONG-KET"
    ]
    assert change.before is not None and change.before.status is Status.pending
    assert change.after is not None and change.after.status is Status.pass_
    assert change.category is Category.unchanged


def test_every_finding_of_either_audit_is_classified_once(
    district: tuple[TwoAudits, Path], changes: AuditDiff
) -> None:
    audits, _ = district
    keys = {(f.unit_id, f.school_year, f.rule_id) for f in [*audits.a.findings, *audits.b.findings]}
    assert sorted((c.unit_id, c.school_year, c.rule_id) for c in changes.findings) == sorted(keys)
    assert sum(changes.counts.values()) == len(changes.findings)


def test_the_documents_changed_are_named_by_their_hashes(changes: AuditDiff) -> None:
    assert changes.documents is not None
    by_change = {(Path(d.file).parent.name + "/" + Path(d.file).name, d.change) for d in changes.documents}
    assert (KG_REPORT, "changed") in by_change
    assert ("mn-hoa-sen/2024-05-23-tong-ket.yaml", "removed") in by_change
    assert ("thcs-nhan-chinh/2024-05-20-tong-ket.yaml", "added") in by_change
    assert not any(f.startswith("phong-gddt") for f, _ in by_change)  # unchanged files are not listed


# ----------------------------------------------------------------------------- no change


def test_a_run_diffed_with_itself_has_every_finding_unchanged(district: tuple[TwoAudits, Path]) -> None:
    with Store.open(district[1]) as store:
        same = diff(from_store(store, "latest"), from_store(store, "latest"))
    assert {c.category for c in same.findings} == {Category.unchanged}
    assert same.counts[Category.unchanged] == len(same.findings) > 0
    assert same.documents == []


def test_a_saved_run_and_its_json_file_are_the_same_audit(district: tuple[TwoAudits, Path]) -> None:
    audits, path = district
    with Store.open(path) as store:
        same = diff(from_store(store, 2), from_file(audits.b_json))
    assert same.changed() == []


def test_json_files_diff_like_the_runs_they_record(
    district: tuple[TwoAudits, Path], changes: AuditDiff
) -> None:
    audits, _ = district
    from_files = diff(from_file(audits.a_json), from_file(audits.b_json))
    assert from_files.counts == changes.counts and from_files.documents is None


# ----------------------------------------------------------------------------- classification, pair by pair

S = Status
EXPECTED = {  # (before, after) -> category; None: no finding in that audit
    (S.fail, S.fail): Category.still_failing,
    (S.error, S.fail): Category.still_failing,
    (S.pass_, S.fail): Category.new_failure,
    (S.pending, S.error): Category.new_failure,
    (S.not_applicable, S.fail): Category.new_failure,
    (None, S.fail): Category.new_failure,
    (S.waived, S.fail): Category.waiver_expired,
    (S.waived, S.error): Category.waiver_expired,
    (S.fail, S.pass_): Category.resolved,
    (S.error, S.pending): Category.resolved,
    (S.waived, S.pass_): Category.resolved,
    (S.fail, S.waived): Category.newly_waived,
    (S.pending, S.waived): Category.newly_waived,
    (None, S.waived): Category.newly_waived,
    (S.not_applicable, S.pass_): Category.newly_applicable,
    (None, S.pending): Category.newly_applicable,
    (S.fail, S.not_applicable): Category.no_longer_applicable,
    (S.pass_, None): Category.no_longer_applicable,
    (S.waived, None): Category.no_longer_applicable,
    (S.error, None): Category.no_longer_applicable,
    (S.pass_, S.pass_): Category.unchanged,
    (S.pending, S.pass_): Category.unchanged,
    (S.waived, S.waived): Category.unchanged,
    (S.not_applicable, None): Category.unchanged,
    (None, S.not_applicable): Category.unchanged,
}


def _state(status: Status | None, message: str = "Nhận ngày 05/01/2024") -> State | None:
    if status is None:
        return None
    return State(status=status, severity=Severity.high, message=Text(vi=message, en=message))


@pytest.mark.parametrize(("before", "after"), list(EXPECTED), ids=lambda s: getattr(s, "value", "absent"))
def test_each_pair_of_statuses_has_its_category(before: Status | None, after: Status | None) -> None:
    assert classify(_state(before), _state(after)) is EXPECTED[(before, after)]


def test_every_pair_of_statuses_gets_a_category_and_every_category_is_reachable() -> None:
    pairs = [(a, b) for a, b in product([*Status, None], repeat=2) if a is not None or b is not None]
    assert {classify(_state(a), _state(b)) for a, b in pairs} == set(Category)


def test_in_the_same_audit_even_a_failure_is_unchanged() -> None:
    assert classify(_state(S.fail), _state(S.fail), same_audit=True) is Category.unchanged


def test_a_failure_that_says_the_same_in_two_different_audits_is_still_failing(
    district: tuple[TwoAudits, Path],
) -> None:
    _, path = district
    with Store.open(path) as store:
        a, b = from_store(store, 1), from_store(store, 2)
    (change,) = [
        c for c in diff(a, b).findings if c.unit_id == KIM_GIANG and c.rule_id == "TX2324-T-MO-HINH-DIEM"
    ]
    assert change.before == change.after and change.category is Category.still_failing


# ----------------------------------------------------------------------------- notes


def test_a_diff_read_backwards_says_so(district: tuple[TwoAudits, Path]) -> None:
    audits, _ = district
    backwards = diff(from_file(audits.b_json), from_file(audits.a_json))
    assert any("sau lần B" in n.vi for n in backwards.notes)
    assert category(backwards, KIM_GIANG, "TX2324-T-QUAN-TRIET") is Category.new_failure


def test_a_pack_version_changed_between_the_audits_is_noted(
    district: tuple[TwoAudits, Path], tmp_path: Path
) -> None:
    audits, _ = district
    data = json.loads(audits.b_json.read_text(encoding="utf-8"))
    data["packs"][0]["version"] = "99"
    later = tmp_path / "b.json"
    later.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    notes = diff(from_file(audits.b_json), from_file(later)).notes
    assert [n.en for n in notes] == [
        f"The pack {data['packs'][0]['id']}: version {audits.b.packs[0].version} in audit A, 99 in audit B."
    ]


# ----------------------------------------------------------------------------- formats


def test_the_committed_diff_schema_matches_the_model() -> None:
    committed = json.loads((ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
    assert committed == build_schema("diff"), (
        "run: python -m compliance.schemas to regenerate diff.schema.json"
    )


def test_the_diff_json_validates_against_its_schema(changes: AuditDiff) -> None:
    schema = build_schema("diff")
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(render_json(changes))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["format"] == "compliance-diff" and document["counts"]["resolved"] == 1


def test_the_text_lists_what_changed_and_counts_the_rest(changes: AuditDiff) -> None:
    text = render_text(changes, "vi")
    assert "Đã khắc phục (1)" in text and "Hết miễn trừ (1)" in text
    assert "Không đạt → Đạt" in text  # Kim Giang's briefing
    assert f"Không đổi: {changes.counts[Category.unchanged]}" in text and "\nKhông đổi (" not in text
    assert "Không đổi (" in render_text(changes, "vi", show_unchanged=True)


def test_the_text_in_english(changes: AuditDiff) -> None:
    text = render_text(changes, "en")
    assert "Waiver expired (1)" in text and "Not met → Met" in text and "(absent) → Not met" in text


def test_the_html_page_is_self_contained_and_escapes_what_it_shows(changes: AuditDiff) -> None:
    html = render_html(changes, "vi")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert 'id="new_failure"' in html and "Trường Tiểu học Kim Giang" in html
    assert "“Vụ việc xảy ra”" in html  # quotes in messages kept, text escaped (& < > only)


def test_the_html_escapes_markup_in_a_message(district: tuple[TwoAudits, Path], tmp_path: Path) -> None:
    audits, _ = district
    data = json.loads(audits.b_json.read_text(encoding="utf-8"))
    data["findings"][0]["message"]["vi"] = "<b>tự ý</b> & sai"
    edited = tmp_path / "b.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    html = render_html(diff(from_file(audits.b_json), from_file(edited)), "vi", show_unchanged=True)
    assert "&lt;b&gt;tự ý&lt;/b&gt; &amp; sai" in html and "<b>tự ý" not in html


# ----------------------------------------------------------------------------- the command


def test_the_command_diffs_the_last_two_runs_by_default(
    district: tuple[TwoAudits, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = district
    code = main(["diff", "--store", str(path), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["a"]["run"] == 1 and out["b"]["run"] == 2
    assert out["counts"]["waiver_expired"] == 1


def test_the_command_reads_two_audit_json_files(
    district: tuple[TwoAudits, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    audits, _ = district
    code = main(["diff", str(audits.a_json), str(audits.b_json), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0 and "Resolved (1)" in out and "Newly waived (1)" in out


def test_the_command_writes_html(
    district: tuple[TwoAudits, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = district
    target = tmp_path / "thay-doi.html"
    assert (
        main(["diff", "latest~1", "latest", "--store", str(path), "--format", "html", "--out", str(target)])
        == 0
    )
    assert "Đã khắc phục" in target.read_text(encoding="utf-8")


def test_the_store_is_found_from_the_working_directory_upwards(
    district: tuple[TwoAudits, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    audits, _ = district
    monkeypatch.chdir(audits.folder / "th-kim-giang")  # the store is in bao-cao/../.compliance/
    assert main(["diff", "1", "2"]) == 0
    assert "Hết miễn trừ (1)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "code_name"),
    [
        (["diff", "7", "latest"], "no-such-run"),
        (["diff", "latest~5", "latest"], "no-such-run"),
        (["diff", "hom-qua", "latest"], "run-reference"),
        (["diff", "thang-1.json", "latest"], "no-such-file"),
    ],
)
def test_a_run_that_does_not_exist_is_exit_2_with_the_fix(
    district: tuple[TwoAudits, Path], capsys: pytest.CaptureFixture[str], argv: list[str], code_name: str
) -> None:
    _, path = district
    code = main([*argv, "--store", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and f"[{code_name}]" in err and "Cách sửa" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "pointer"),
    [
        ('{"version": "2.1.0", "runs": []}', "/format"),  # a SARIF log
        ('{"format": "compliance-findings", "version": 2}', "/version"),
        (
            '{"format": "compliance-findings", "version": 1, "tool_version": "0.1.0", "as_of": "2024-06-30", '
            '"packs": [], "findings": [{"unit_id": "X"}]}',
            "/findings/0/",
        ),
        ("[1, 2", ":1:6"),
    ],
    ids=["sarif", "newer-format", "finding-without-fields", "truncated"],
)
def test_a_file_that_is_not_an_audit_json_is_exit_2_naming_where(
    district: tuple[TwoAudits, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    pointer: str,
) -> None:
    audits, _ = district
    bad = tmp_path / "ket-qua.json"
    bad.write_text(content, encoding="utf-8")
    code = main(["diff", str(bad), str(audits.b_json)])
    err = capsys.readouterr().err
    assert code == 2 and "[not-an-audit-json]" in err and pointer in err and "Traceback" not in err


def test_no_store_anywhere_is_exit_2_saying_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "[store-missing]" in err and "--save" in err


# ----------------------------------------------------------------------------- properties

_UNITS = ["VN-HN-TX-TH-KIMGIANG", "VN-HN-TX-MN-HOASEN", "VN-HN-TX-THCS-NHANCHINH"]
_RULES = ["TX2324-T-QUAN-TRIET", "TX2324-T-BC-TONG-KET", "TX2324-T-DIEN-TAP-PCCC"]
_AUDITS = st.dictionaries(
    st.tuples(st.sampled_from(_UNITS), st.sampled_from(_RULES)),
    st.tuples(st.sampled_from(list(Status)), st.sampled_from(["Nhận ngày 20/05/2024", "Chưa nộp"])),
    max_size=9,
)


def _snapshot(findings: dict[tuple[str, str], tuple[Status, str]]) -> Snapshot:
    stored = {}
    for (unit, rule), (status, message) in findings.items():
        fp = fingerprint_of("thanh-xuan-gdct-cths-2023-2024", rule, unit, "2023-2024")
        text = Text(vi=message, en=message)
        stored[fp] = StoredFinding(
            fp, unit, None, "TRUONG", "2023-2024", rule, "thanh-xuan-gdct-cths-2023-2024", "deadline",
            Text(vi=rule, en=rule), Severity.high, status, "miễn" if status is Status.waived else None, text,
        )  # fmt: skip
    source = Source(as_of=dt.date(2024, 6, 30), tool_version="0", packs=[], findings=len(stored))
    return Snapshot(source, stored)


@given(_AUDITS)
def test_any_audit_diffed_with_itself_is_unchanged(
    findings: dict[tuple[str, str], tuple[Status, str]],
) -> None:
    same = diff(_snapshot(findings), _snapshot(findings))
    assert [c.category for c in same.findings] == [Category.unchanged] * len(findings)


@given(_AUDITS, _AUDITS)
def test_every_finding_of_two_audits_is_classified_once_by_its_statuses(
    a: dict[tuple[str, str], tuple[Status, str]], b: dict[tuple[str, str], tuple[Status, str]]
) -> None:
    changes = diff(_snapshot(a), _snapshot(b))
    assert sorted((c.unit_id, c.rule_id) for c in changes.findings) == sorted({*a, *b})
    if a != b:
        for c in changes.findings:
            assert c.category is classify(c.before, c.after)
    assert sum(changes.counts.values()) == len(changes.findings)
