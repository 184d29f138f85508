"""`compliance audit`: portfolios, roster, unreadable documents, parallel workers, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from builders import EXAMPLES, ROOT
from compliance import InputError, Status
from compliance.audit import EngineSpec, audit
from compliance.cli import main
from compliance.roster import load_roster

AS_OF = dt.date(2024, 6, 30)
ROSTER = ROOT / "examples" / "roster-thanh-xuan-2023-2024.csv"
KHUONG_MAI = "VN-HN-TX-TH-KHUONGMAI"


@pytest.fixture(scope="module")
def audited() -> object:
    return audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, roster=load_roster(ROSTER), jobs=1)


def test_roster_unit_that_sent_nothing_fails_its_deadlines(audited: object) -> None:
    findings = [f for f in audited.findings if f.unit_id == KHUONG_MAI]  # type: ignore[attr-defined]
    deadlines = {f.rule_id: f.status for f in findings if f.kind == "deadline"}
    assert deadlines == {"TX2324-T-BC-SO-KET-HK1": Status.fail, "TX2324-T-BC-TONG-KET": Status.fail}
    assert audited.audit.units_missing == [KHUONG_MAI]  # type: ignore[attr-defined]


def test_roster_unit_that_sent_nothing_is_pending_before_the_deadlines() -> None:
    result = audit(
        [EXAMPLES], spec=EngineSpec(), as_of=dt.date(2023, 12, 1), roster=load_roster(ROSTER), jobs=1
    )
    deadlines = [f.status for f in result.findings if f.unit_id == KHUONG_MAI and f.kind == "deadline"]
    assert deadlines == [Status.pending, Status.pending]


def test_audit_gives_the_same_findings_as_check(audited: object, bundled_engine: object) -> None:
    checked = bundled_engine.check(str(EXAMPLES), as_of=AS_OF)  # type: ignore[attr-defined]
    reporting = [f for f in audited.findings if f.unit_id != KHUONG_MAI]  # type: ignore[attr-defined]
    assert reporting == checked.findings


def test_unreadable_document_is_recorded_and_the_audit_goes_on(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "bao-cao")
    (tmp_path / "bao-cao" / "hong.yaml").write_text("kind: BC_SO_KET_HK1\nschool_year: [\n", encoding="utf-8")
    result = audit([tmp_path / "bao-cao"], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert (
        len(result.problems) == 1
        and result.problems[0].file is not None
        and result.problems[0].file.endswith("hong.yaml")
    )
    assert result.summary.units == 4


def test_two_workers_give_the_same_result_as_one() -> None:
    one = audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, roster=load_roster(ROSTER), jobs=1)
    two = audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, roster=load_roster(ROSTER), jobs=2)
    assert two.findings == one.findings and two.documents == one.documents


def test_audit_summary_counts_rates_per_rule_and_unit(audited: object) -> None:
    summary = audited.audit  # type: ignore[attr-defined]
    assert (summary.units_expected, summary.units_reporting, summary.documents) == (5, 4, 9)
    nhan_chinh = next(r for r in summary.per_unit if r.key.startswith("VN-HN-TX-THCS-NHANCHINH"))
    assert nhan_chinh.rate == 1.0


def test_unit_not_on_the_roster_is_noted(tmp_path: Path) -> None:
    roster = tmp_path / "ds.csv"
    roster.write_text(
        "unit_id,unit_name,unit_type,school_levels,province,district,school_year\n"
        "VN-HN-TX-THCS-NHANCHINH,Trường THCS Nhân Chính,TRUONG,THCS,Hà Nội,Thanh Xuân,2023-2024\n",
        encoding="utf-8-sig",
    )
    result = audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, roster=load_roster(roster), jobs=1)
    assert "VN-HN-TX-TH-KIMGIANG" in result.audit.units_off_roster  # type: ignore[union-attr]
    assert any("VN-HN-TX-TH-KIMGIANG" in n.vi for n in result.notes)


def test_invalid_roster_row_is_refused_with_its_line(tmp_path: Path) -> None:
    roster = tmp_path / "ds.csv"
    roster.write_text(
        "unit_id,unit_type,school_year\nA,TRUONG,2023-2024\nB,TRUONGHOC,2023-2024\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_roster(roster)
    assert info.value.problems[0].line == 3 and "TRUONGHOC" in info.value.problems[0].message.en


def test_audit_exits_zero_when_completed_unless_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["audit", str(EXAMPLES), "--as-of", "30/06/2024", "--jobs", "1", "--format", "json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["audit"]["units_reporting"] == 4
    assert main([*args, "--fail-on", "high"]) == 1


def test_audit_with_a_bad_roster_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roster = tmp_path / "ds.yaml"
    roster.write_text("units: khong-phai-danh-sach\n", encoding="utf-8")
    assert main(["audit", str(EXAMPLES), "--roster", str(roster)]) == 2
    assert "units" in capsys.readouterr().err


def test_yaml_roster_reads_like_the_csv_one(tmp_path: Path) -> None:
    yaml_roster = tmp_path / "ds.yaml"
    yaml_roster.write_text(
        'school_year: "2023-2024"\nunits:\n'
        "  - {unit_id: VN-HN-TX-TH-KHUONGMAI, unit_name: Trường Tiểu học Khương Mai, unit_type: TRUONG,\n"
        "     school_levels: [TH], province: Hà Nội, district: Thanh Xuân}\n",
        encoding="utf-8",
    )
    from_csv = next(e for e in load_roster(ROSTER) if e.unit.unit_id == KHUONG_MAI)
    assert load_roster(yaml_roster) == [from_csv]
