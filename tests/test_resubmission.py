"""A corrected report sent later (``replaces: <id>``): its figures replace the earlier ones, but a
deadline is met by the first sending of the report it corrects.

Nhân Chính sent its semester report (NC-2324-BC-HK1) on 02/01/2024, before the plan's
"trước ngày 03/01/2024 (thứ Tư)"; the cases below send a correction on 10/01/2024."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from builders import EXAMPLES
from compliance import Engine, Finding, Status
from compliance.explain import explain
from compliance.portfolio import read_documents

AS_OF = dt.date(2024, 6, 30)
SCHOOL = "VN-HN-TX-THCS-NHANCHINH"
RULE = "TX2324-T-BC-SO-KET-HK1"
ORIGINAL = "2024-01-02-so-ket-hk1.yaml"


def _version(text: str, new_id: str, replaces: str, received: str) -> str:
    """The semester report written again as ``new_id``, replacing ``replaces``, received then."""
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}\nreplaces: {replaces}", text)
    text = re.sub(r"(?m)^received_at: .*$", f"received_at: {received}T09:00:00+07:00", text)
    return re.sub(r"(?m)^submitted_at: .*$", f"submitted_at: {received}T08:30:00+07:00", text)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", folder)
    return folder


def _finding(engine: Engine, folder: Path, rule: str = RULE) -> Finding:
    result = engine.check(str(folder), as_of=AS_OF)
    return next(f for f in result.findings if f.unit_id == SCHOOL and f.rule_id == rule)


def _send(folder: Path, name: str, new_id: str, replaces: str, received: str, base: str = ORIGINAL) -> None:
    text = (folder / base).read_text(encoding="utf-8")
    (folder / name).write_text(_version(text, new_id, replaces, received), encoding="utf-8")


def test_a_correction_sent_after_the_deadline_does_not_make_an_on_time_report_late(
    bundled_engine: Engine, reports: Path
) -> None:
    _send(reports, "2024-01-10-so-ket-hk1-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-10")
    finding = _finding(bundled_engine, reports)
    assert finding.status is Status.pass_
    assert finding.deadline is not None and finding.deadline.received == dt.date(2024, 1, 2)


def test_the_evidence_of_a_deadline_met_by_the_first_sending_is_that_documents_receipt(
    bundled_engine: Engine, reports: Path
) -> None:
    _send(reports, "2024-01-10-so-ket-hk1-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-10")
    (evidence,) = _finding(bundled_engine, reports).evidence
    assert evidence.document.endswith(ORIGINAL) and evidence.pointer == "/received_at"
    assert (evidence.line, evidence.value) == (21, "2024-01-02")


def test_the_finding_says_the_deadline_was_judged_on_the_first_sending(
    bundled_engine: Engine, reports: Path
) -> None:
    _send(reports, "2024-01-10-so-ket-hk1-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-10")
    notes = _finding(bundled_engine, reports).notes
    said = [n for n in notes if "lần gửi đầu" in n.vi]
    assert len(said) == 1 and "02/01/2024" in said[0].vi and "10/01/2024" in said[0].vi
    assert "first sending" in said[0].en


def test_a_chain_of_corrections_is_judged_on_the_first_version(bundled_engine: Engine, reports: Path) -> None:
    _send(reports, "2024-01-10-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-10")
    _send(reports, "2024-01-20-v3.yaml", "NC-2324-BC-HK1-V3", "NC-2324-BC-HK1-V2", "2024-01-20")
    finding = _finding(bundled_engine, reports)
    assert finding.status is Status.pass_
    assert finding.deadline is not None and finding.deadline.received == dt.date(2024, 1, 2)


def test_a_late_report_corrected_later_is_late_by_its_first_sending(
    bundled_engine: Engine, reports: Path
) -> None:
    (reports / ORIGINAL).write_text(
        _version(
            (reports / ORIGINAL).read_text(encoding="utf-8"), "NC-2324-BC-HK1", "", "2024-01-05"
        ).replace("replaces: \n", ""),
        encoding="utf-8",
    )
    _send(reports, "2024-01-12-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-12")
    finding = _finding(bundled_engine, reports)
    assert finding.status is Status.fail
    assert finding.deadline is not None and finding.deadline.days_late == 2


def test_a_replaced_document_of_another_kind_does_not_meet_the_deadline(
    bundled_engine: Engine, reports: Path
) -> None:
    """What a year-end report replaces is not a semester report sent early."""
    _send(reports, "2024-01-10-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-10")
    original = reports / ORIGINAL
    original.write_text(
        original.read_text(encoding="utf-8").replace("kind: BC_SO_KET_HK1", "kind: HO_SO_MINH_CHUNG"),
        encoding="utf-8",
    )
    finding = _finding(bundled_engine, reports)
    assert finding.status is Status.fail
    assert finding.deadline is not None and finding.deadline.received == dt.date(2024, 1, 10)


def test_the_figures_of_a_correction_still_replace_the_earlier_ones(
    bundled_engine: Engine, reports: Path
) -> None:
    """Only the date comes from the first sending: the briefings counted are the correction's."""
    text = (reports / ORIGINAL).read_text(encoding="utf-8")
    corrected = _version(text, "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-10")
    assert "briefings:" in corrected
    (reports / "2024-01-10-v2.yaml").write_text(corrected, encoding="utf-8")
    finding = _finding(bundled_engine, reports, "TX2324-T-QUAN-TRIET")
    assert finding.evidence and all(e.document.endswith("2024-01-10-v2.yaml") for e in finding.evidence)


def test_explain_gives_the_finding_the_check_gives_on_a_corrected_report(
    bundled_engine: Engine, reports: Path
) -> None:
    _send(reports, "2024-01-10-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK1", "2024-01-10")
    documents, problems = read_documents([reports])
    assert not problems
    (explained,) = explain(bundled_engine, RULE, documents, AS_OF)
    assert explained.finding == _finding(bundled_engine, reports)


def test_a_replaces_naming_no_document_of_the_unit_is_noted(bundled_engine: Engine, reports: Path) -> None:
    _send(reports, "2024-01-10-v2.yaml", "NC-2324-BC-HK1-V2", "NC-2324-BC-HK01", "2024-01-10")
    notes = bundled_engine.check(str(reports), as_of=AS_OF).notes
    said = [n for n in notes if "NC-2324-BC-HK01" in n.vi]
    assert (
        len(said) == 1
        and "không văn bản nào bị thay thế" in said[0].vi
        and "nothing is replaced" in said[0].en
    )


def test_a_replaces_naming_a_later_document_is_noted(bundled_engine: Engine, reports: Path) -> None:
    _send(reports, "2023-12-20-v0.yaml", "NC-2324-BC-HK1-V0", "NC-2324-BC-HK1", "2023-12-20")
    notes = bundled_engine.check(str(reports), as_of=AS_OF).notes
    assert any("nhận sau nó" in n.vi and ORIGINAL in n.vi for n in notes)


def test_two_documents_with_the_same_id_are_noted(bundled_engine: Engine, reports: Path) -> None:
    shutil.copy(reports / ORIGINAL, reports / "2024-01-02-so-ket-hk1-ban-sao.yaml")
    notes = bundled_engine.check(str(reports), as_of=AS_OF).notes
    said = [n for n in notes if "'NC-2324-BC-HK1'" in n.vi]
    assert len(said) == 1 and "ban-sao" in said[0].vi and "replaces" in said[0].en
