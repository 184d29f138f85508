"""--baseline: --fail-on counts only what the baseline does not already fail; exit codes follow."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from builders import EXAMPLES
from compliance import Engine
from compliance.cli import main
from compliance.severity import Severity
from compliance.store import Category, Store, diff, from_file, from_store, gate
from district_over_time import KG_REPORT, TwoAudits, two_audits

DRILL_WAIVER = """\
- unit_id: VN-HN-TX-TH-KIMGIANG
  rule_id: TX2324-T-DIEN-TAP-PCCC
  reason: Trường đang sửa chữa, diễn tập chuyển sang tháng 9/2024
  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024
  approved_by: Phòng GDĐT quận Thanh Xuân
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def kim_giang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A copy of Kim Giang's reports, and its check on 30/06/2024 as JSON (the baseline)."""
    folder = tmp_path / "th-kim-giang"
    shutil.copytree(EXAMPLES / "th-kim-giang", folder)
    baseline = tmp_path / "moc.json"
    code, _, _ = run(
        capsys, "check", str(folder), "--as-of", "30/06/2024", "--format", "json", "--out", str(baseline)
    )
    assert code == 1  # Kim Giang has gaps: the baseline holds failures
    return folder, baseline


def break_steering_committee(folder: Path) -> None:
    """Kim Giang's report loses its steering committee (TX2324-T-BAN-CHI-DAO, medium, passed)."""
    report = folder / Path(KG_REPORT).name
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    report.write_text("".join(line for line in lines if "BCD_GDCT_CTHS_HDNGLL" not in line), encoding="utf-8")


def test_failures_already_in_the_baseline_do_not_fail_the_gate(
    kim_giang: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, baseline = kim_giang
    assert run(capsys, "check", str(folder), "--as-of", "30/06/2024")[0] == 1
    code, _, err = run(capsys, "check", str(folder), "--as-of", "30/06/2024", "--baseline", str(baseline))
    failing = sum(
        f["status"] in ("fail", "error") for f in json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    )
    assert (
        code == 0
        and f"{failing} mục không đạt hoặc lỗi đã có từ mốc được để riêng" in err
        and "0 mục mới" in err
    )


def test_a_new_failure_counts_from_its_severity(
    kim_giang: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, baseline = kim_giang
    break_steering_committee(folder)
    check = ["check", str(folder), "--as-of", "30/06/2024", "--baseline", str(baseline)]
    assert run(capsys, *check, "--fail-on", "high")[0] == 0  # the new failure is medium
    code, _, err = run(capsys, *check, "--fail-on", "medium", "--lang", "en")
    assert code == 1 and "1 new one(s) counted" in err


def test_a_failure_that_was_waived_in_the_baseline_counts(
    kim_giang: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = kim_giang
    waivers = tmp_path / "mien-tru.yaml"
    waivers.write_text(DRILL_WAIVER, encoding="utf-8")
    waived = tmp_path / "moc-mien-tru.json"
    args = ["check", str(folder), "--as-of", "30/06/2024"]
    run(capsys, *args, "--waivers", str(waivers), "--format", "json", "--out", str(waived))
    code, _, err = run(capsys, *args, "--baseline", str(waived), "--fail-on", "medium")
    assert code == 1 and "1 mục mới được tính" in err  # the drill: waived there, failing here


def test_the_note_is_in_the_json_result(
    kim_giang: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, baseline = kim_giang
    code, out, _ = run(
        capsys, "check", str(folder), "--as-of", "30/06/2024", "--baseline", str(baseline), "--format", "json"
    )
    notes = json.loads(out)["notes"]
    assert code == 0 and any("set aside, not counted by --fail-on" in n["en"] for n in notes)


def test_fail_on_none_stays_zero_with_a_baseline(
    kim_giang: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, baseline = kim_giang
    break_steering_committee(folder)
    assert (
        run(
            capsys,
            "check",
            str(folder),
            "--as-of",
            "30/06/2024",
            "--baseline",
            str(baseline),
            "--fail-on",
            "none",
        )[0]
        == 0
    )


# ----------------------------------------------------------------------------- audits against saved runs


@pytest.fixture(scope="module")
def district(bundled_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> tuple[TwoAudits, Path]:
    root = tmp_path_factory.mktemp("baseline")
    path = root / "kho.sqlite"
    with Store.open(path, create=True) as store:
        audits = two_audits(root, bundled_engine, store)
    return audits, path


def test_set_aside_are_exactly_the_findings_the_diff_calls_still_failing(
    district: tuple[TwoAudits, Path],
) -> None:
    audits, path = district
    with Store.open(path) as store:
        before = from_store(store, 1)
        changes = diff(before, from_store(store, 2))
    gated = gate(audits.b, before)
    assert gated.set_aside == changes.counts[Category.still_failing]
    assert len(gated.new) == changes.counts[Category.new_failure] + changes.counts[Category.waiver_expired]
    assert gated.exit_code(Severity.info) == 1 and gated.exit_code(None) == 0


def test_an_audit_against_its_own_json_passes_the_gate(district: tuple[TwoAudits, Path]) -> None:
    audits, _ = district
    gated = gate(audits.b, from_file(audits.b_json))
    assert gated.new == [] and gated.exit_code(Severity.info) == 0
    assert gated.result.notes[-1] == gated.note and audits.b.notes == gated.result.notes[:-1]


def test_audit_baseline_latest_reads_the_store_before_saving(
    district: tuple[TwoAudits, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audits, path = district
    store = tmp_path / "kho.sqlite"
    with sqlite3.connect(path) as source, sqlite3.connect(store) as copy:
        source.backup(copy)
    root = audits.folder.parent
    argv = ["audit", str(audits.folder), "--as-of", "30/06/2024", "--store", str(store), "--format", "json"]
    argv += ["--roster", str(root / "danh-sach-hk2.csv"), "--waivers", str(root / "mien-tru-hk2.yaml")]
    code, _, err = run(capsys, *argv, "--baseline", "latest", "--save")  # latest: run 2, the same audit
    assert code == 0 and "So với mốc #2" in err and "Đã lưu lần kiểm tra số 3" in err
    with Store.open(store) as opened:
        (saved,) = [r for r in opened.runs() if r.id == 3]
    assert saved.as_of.isoformat() == "2024-06-30"


def test_audit_against_the_first_run_fails_on_what_is_new(
    district: tuple[TwoAudits, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    audits, path = district
    argv = ["audit", str(audits.folder), "--as-of", "30/06/2024", "--store", str(path), "--baseline", "1"]
    code, _, err = run(capsys, *argv, "--lang", "en")
    assert code == 1 and "Against the baseline #1 (as of 15/01/2024)" in err


def test_an_unreadable_document_still_fails_the_audit(
    district: tuple[TwoAudits, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audits, _ = district
    folder = tmp_path / "bao-cao"
    shutil.copytree(audits.folder, folder)
    (folder / "th-kim-giang" / "hong.yaml").write_text("kind: [\n", encoding="utf-8")
    baseline = tmp_path / "moc.json"
    run(capsys, "audit", str(folder), "--as-of", "30/06/2024", "--format", "json", "--out", str(baseline))
    code, out, _ = run(
        capsys, "audit", str(folder), "--as-of", "30/06/2024", "--baseline", str(baseline), "--format", "json"
    )
    assert code == 1 and json.loads(out)["problems"]  # nothing new among the findings, but a file unread


# ----------------------------------------------------------------------------- bad baselines


@pytest.mark.parametrize(
    ("baseline", "code_name"),
    [("bao-cao.sarif", "not-an-audit-json"), ("latest", "store-missing"), ("thang-truoc", "run-reference")],
)
def test_a_baseline_that_cannot_be_used_stops_the_check_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], baseline: str, code_name: str
) -> None:
    (tmp_path / "bao-cao.sarif").write_text('{"version": "2.1.0", "runs": []}', encoding="utf-8")
    folder = tmp_path / "th-kim-giang"
    shutil.copytree(EXAMPLES / "th-kim-giang", folder)
    target = str(tmp_path / baseline) if baseline.endswith(".sarif") else baseline
    code, out, err = run(capsys, "audit", str(folder), "--baseline", target)
    assert code == 2 and out == "" and f"[{code_name}]" in err and "Traceback" not in err
