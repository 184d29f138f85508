"""Audits under faults: an evaluation that raises, a worker killed by SIGKILL, paths that are not
plain report files, folders with nothing to audit, exclusions.

The faults are real: a back end registered for the test (``tests/faulty_worker.py``) raises or
kills its own process when it meets a planted fault file; the file system holds real pipes,
broken links, link loops and folders nobody may open. Process-pool tests use small audits and no
timing; the suite's timeout is their hang guard.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import faulty_worker
from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Engine, Status
from compliance.audit import POOL_THRESHOLD, EngineSpec, audit
from compliance.audit.pool import SERVED_POOL_THRESHOLD, Failed, Workers, worker_count
from compliance.cli import main
from compliance.errors import Code, InputError
from compliance.paths import find_reports
from compliance.roster import load_roster
from faulty_worker import FAULTY, arm

AS_OF = dt.date(2024, 6, 30)
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"
FAULTY_SPEC = EngineSpec(engine=FAULTY)


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """A copy of the bundled examples (five portfolios, one folder each)."""
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES, folder)
    return folder


@pytest.fixture
def faulty(monkeypatch: pytest.MonkeyPatch) -> None:
    faulty_worker.register(monkeypatch)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    """The same district audited without any fault (paths differ from ``district``'s: compare
    findings without their evidence)."""
    folder = tmp_path_factory.mktemp("plain") / "bao-cao"
    shutil.copytree(EXAMPLES, folder)
    return audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=1)


def outcome(result: CheckResult, *, unit: str | None = None, other: bool = False) -> list[tuple[str, ...]]:
    """(unit, rule, status, message) of the findings of ``unit`` (or of every other unit)."""
    return [
        (f.unit_id, f.rule_id, f.status.value, f.message.en)
        for f in result.findings
        if unit is None or (f.unit_id == unit) != other
    ]


# ----------------------------------------------------------------------------- A: exceptions


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "workers"])
def test_an_evaluation_that_raises_costs_only_its_portfolio(
    district: Path, faulty: None, plain: CheckResult, jobs: int
) -> None:
    arm(district / "th-kim-giang", "raise")
    result = audit([district], spec=FAULTY_SPEC, as_of=AS_OF, jobs=jobs)
    assert outcome(result, unit=KIM_GIANG, other=True) == outcome(plain, unit=KIM_GIANG, other=True)
    kim_giang = [f for f in result.findings if f.unit_id == KIM_GIANG]
    assert len(kim_giang) == len([f for f in plain.findings if f.unit_id == KIM_GIANG])
    assert {f.status for f in kim_giang} <= {Status.error, Status.not_applicable}
    errors = [f for f in kim_giang if f.status is Status.error]
    assert errors and all("RuntimeError: lỗi cài sẵn" in f.message.vi for f in errors)
    assert all("unexpected error" in f.message.en for f in errors)
    assert result.audit is not None and result.audit.portfolios_failed == 1
    assert result.audit.documents == plain.audit.documents  # type: ignore[union-attr]
    assert any(KIM_GIANG in n.vi and "RuntimeError" in n.en for n in result.notes)


def test_a_failed_portfolio_makes_the_audit_exit_one_by_default(
    district: Path, faulty: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nhân Chính meets every obligation: only the planted fault can make its audit exit 1."""
    args = ["audit", str(district / "thcs-nhan-chinh"), "--engine", FAULTY, "--as-of", "30/06/2024"]
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["audit"]["portfolios_failed"] == 0
    arm(district / "thcs-nhan-chinh", "raise")
    assert main([*args, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["audit"]["portfolios_failed"] == 1
    assert main([*args, "--fail-on", "none"]) == 0


def test_a_roster_unit_whose_every_document_trips_the_engine_gets_error_findings(
    district: Path, faulty: None
) -> None:
    """Nothing of the unit could be used, through our fault: its rules are errors (with the
    roster's unit), not 'sent nothing'."""
    arm(district / "th-kim-giang", "raise")
    result = audit([district], spec=FAULTY_SPEC, as_of=AS_OF, jobs=1, roster=load_roster(ROSTER))
    assert result.audit is not None and KIM_GIANG not in result.audit.units_missing
    statuses = {f.status for f in result.findings if f.unit_id == KIM_GIANG}
    assert Status.error in statuses and Status.fail not in statuses


# ----------------------------------------------------------------------------- C: dead workers


def test_a_worker_killed_twice_costs_only_its_portfolio(
    district: Path, faulty: None, plain: CheckResult
) -> None:
    arm(district / "th-kim-giang", "kill")
    result = audit([district], spec=FAULTY_SPEC, as_of=AS_OF, jobs=2)
    assert outcome(result, unit=KIM_GIANG, other=True) == outcome(plain, unit=KIM_GIANG, other=True)
    kim_giang = [f for f in result.findings if f.unit_id == KIM_GIANG]
    assert len(kim_giang) == len([f for f in plain.findings if f.unit_id == KIM_GIANG])
    errors = [f for f in kim_giang if f.status is Status.error]
    assert errors and all("died twice" in f.message.en and "hết bộ nhớ" in f.message.vi for f in errors)
    assert result.audit is not None and result.audit.portfolios_failed == 1
    assert result.audit.documents == 9 and result.audit.unreadable == 0  # its document was still read
    assert any("died" in n.en for n in result.notes)


def test_a_worker_killed_once_is_replaced_and_its_portfolio_checked_again(
    district: Path, faulty: None, plain: CheckResult
) -> None:
    marker = arm(district / "th-kim-giang", "kill-once")
    result = audit([district], spec=FAULTY_SPEC, as_of=AS_OF, jobs=2)
    assert not marker.exists()  # the fault was taken: a worker did die
    assert outcome(result) == outcome(plain)
    assert result.audit is not None and result.audit.portfolios_failed == 0
    assert any("checked again" in n.en for n in result.notes)


def test_the_command_line_audit_survives_a_killed_worker(
    district: Path, faulty: None, capsys: pytest.CaptureFixture[str]
) -> None:
    arm(district / "thcs-nhan-chinh", "kill")
    args = ["audit", str(district), "--engine", FAULTY, "--jobs", "2", "--as-of", "30/06/2024"]
    assert main([*args, "--format", "json", "--fail-on", "none"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["audit"]["portfolios_failed"] == 1 and data["audit"]["units_reporting"] == 4


def test_the_pool_tries_what_was_in_flight_alone_and_blames_only_the_culprit(tmp_path: Path) -> None:
    once = tmp_path / "chet-mot-lan"
    once.touch()
    items = ["a", "b", "kill", "c", "raise", "d", f"once:{once}", "e", "f", "g"]
    with Workers(2, EngineSpec()) as workers:
        results = list(workers.map(faulty_worker.obey, items))
        restarts = workers.restarts
    assert results[:2] == ["a", "b"] and results[3] == "c" and results[5] == "d"
    assert results[6:] == [f"once:{once}", "e", "f", "g"]
    assert results[2] == Failed("kill")  # its worker died twice: the only one blamed
    assert isinstance(results[4], Failed) and results[4].error == "ValueError: lỗi cài sẵn / planted fault"
    assert restarts >= 3 and not once.exists()  # at least the first death, then kill alone twice


def test_workers_that_cannot_start_leave_the_audit_to_this_process(
    district: Path, plain: CheckResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    faulty_worker.register_stillborn(monkeypatch)
    result = audit([district], spec=EngineSpec(engine=faulty_worker.STILLBORN), as_of=AS_OF, jobs=2)
    assert outcome(result) == outcome(plain)
    assert any("could not start" in n.en for n in result.notes)


# ----------------------------------------------------------------------------- B: every path


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder that user nobody may enter (the tests' own tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="compliance-audit-"))
    folder.chmod(0o755)
    yield folder
    for below in folder.rglob("*"):
        if below.is_dir() and not below.is_symlink():
            below.chmod(0o755)
    shutil.rmtree(folder)


def test_a_pipe_named_like_a_report_is_recorded_and_never_opened(district: Path) -> None:
    os.mkfifo(district / "ong.yaml")  # opening it to read would wait for a writer for ever
    result = audit([district], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    (problem,) = result.problems
    assert problem.code == Code.NOT_A_REGULAR_FILE and problem.file == str(district / "ong.yaml")
    assert result.audit is not None and result.audit.documents == 9


def test_a_pipe_named_on_the_command_line_is_recorded_and_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ong.json")
    result = audit([EXAMPLES / "mn-hoa-sen", tmp_path / "ong.json"], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert [(p.code, p.file) for p in result.problems] == [
        (Code.NOT_A_REGULAR_FILE, str(tmp_path / "ong.json"))
    ]


def test_a_broken_link_is_recorded_with_its_target(district: Path) -> None:
    (district / "mat.yaml").symlink_to("da-xoa/bao-cao.yaml")
    found = find_reports([district])
    assert [(p.code, p.file) for p in found.problems] == [(Code.BROKEN_LINK, str(district / "mat.yaml"))]
    assert "da-xoa/bao-cao.yaml" in found.problems[0].message.vi


def test_a_link_loop_is_recorded(district: Path) -> None:
    (district / "vong-a.yaml").symlink_to("vong-b.yaml")
    (district / "vong-b.yaml").symlink_to("vong-a.yaml")
    found = find_reports([district])
    assert [p.code for p in found.problems] == [Code.LINK_LOOP, Code.LINK_LOOP]


def test_a_linked_folder_is_followed(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "mn-hoa-sen", tmp_path / "noi-khac" / "mn-hoa-sen")
    district = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "th-kim-giang", district / "th-kim-giang")
    (district / "mn-hoa-sen").symlink_to(tmp_path / "noi-khac" / "mn-hoa-sen", target_is_directory=True)
    result = audit([district], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert {d.unit_id for d in result.documents} == {KIM_GIANG, "VN-HN-TX-MN-HOASEN"}
    assert not result.problems


def test_a_link_back_up_the_tree_is_walked_once(district: Path) -> None:
    (district / "mn-hoa-sen" / "len-tren").symlink_to(district, target_is_directory=True)
    found = find_reports([district])
    assert len(found.files) == 9 and not found.problems


def test_a_link_to_a_report_listed_beside_it_is_read_once(district: Path) -> None:
    report = next((district / "mn-hoa-sen").glob("*.yaml"))
    (district / "ban-sao.yaml").symlink_to(report)
    names = find_reports([district]).names()
    assert len(names) == 9 and (str(report) in names) != (str(district / "ban-sao.yaml") in names)


def test_a_folder_given_again_through_a_link_is_read_once(district: Path, tmp_path: Path) -> None:
    (tmp_path / "loi-tat").symlink_to(district / "mn-hoa-sen", target_is_directory=True)
    names = find_reports([district, tmp_path / "loi-tat"]).names()
    assert len(names) == 9 and not [n for n in names if "loi-tat" in n]


def test_a_folder_that_cannot_be_opened_is_recorded(shared_tmp: Path) -> None:
    shutil.copytree(EXAMPLES, shared_tmp / "bao-cao")
    (shared_tmp / "bao-cao" / "th-kim-giang").chmod(0)
    found = faulty_worker.unprivileged(find_reports, [shared_tmp / "bao-cao"])
    (problem,) = found.problems
    assert problem.code == Code.FOLDER_UNREADABLE and problem.file == str(
        shared_tmp / "bao-cao" / "th-kim-giang"
    )
    assert "permission denied" in problem.message.en and len(found.files) == 8


def _audit_as_is(engine: Engine, folder: Path) -> CheckResult:
    return audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=1, engine=engine)


def test_documents_and_unreadable_add_up_to_what_is_on_disk(shared_tmp: Path) -> None:
    district = shared_tmp / "bao-cao"
    shutil.copytree(EXAMPLES, district)  # 9 reports
    shutil.copytree(EXAMPLES / "mn-hoa-sen", shared_tmp / "noi-khac")
    (district / "lien-ket").symlink_to(shared_tmp / "noi-khac", target_is_directory=True)  # 2 more
    (district / "th-kim-giang").chmod(0)  # 1 folder that cannot be opened (its report not read)
    (district / "mat.yaml").symlink_to("khong-co.yaml")  # 1 broken link
    os.mkfifo(district / "ong.yaml")  # 1 pipe
    (district / "vong.json").symlink_to("vong.json")  # 1 link loop
    (district / "ghi-chu.txt").write_text("không phải báo cáo", encoding="utf-8")  # not a report
    result = faulty_worker.unprivileged(_audit_as_is, district, prepare=Engine.from_path)
    assert result.audit is not None
    assert (result.audit.documents, result.audit.unreadable) == (8 + 2, 4)
    assert {p.code for p in result.problems} == {
        Code.FOLDER_UNREADABLE,
        Code.BROKEN_LINK,
        Code.NOT_A_REGULAR_FILE,
        Code.LINK_LOOP,
    }


def test_check_refuses_a_folder_holding_a_pipe_naming_it(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(district / "mn-hoa-sen" / "ong.yaml")
    assert main(["check", str(district / "mn-hoa-sen")]) == 2
    assert "ong.yaml" in capsys.readouterr().err


# ----------------------------------------------------------------------------- D: nothing to audit


@pytest.mark.parametrize("content", [{}, {"ghi-chu.txt": "không phải báo cáo"}], ids=["empty", "no-reports"])
def test_a_folder_with_no_reports_is_an_unusable_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: dict[str, str]
) -> None:
    for name, text in content.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["audit", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "không tìm thấy báo cáo" in err and str(tmp_path) in err


def test_a_small_audit_runs_in_this_process(district: Path, faulty: None) -> None:
    """Without --jobs, nine files do not start a process pool: a fault meant for a worker reaches
    the main process (and, there, only raises)."""
    arm(district / "th-kim-giang", "kill")
    result = audit([district], spec=FAULTY_SPEC, as_of=AS_OF)
    errors = [f for f in result.findings if f.status is Status.error]
    assert errors and all("reached the main process" in f.message.en for f in errors)


def test_the_pool_is_chosen_by_the_number_of_files_unless_jobs_is_given() -> None:
    cores = os.cpu_count() or 1
    assert worker_count(None, POOL_THRESHOLD - 1, "fork") == 1
    assert worker_count(None, POOL_THRESHOLD, "fork") == min(cores, POOL_THRESHOLD)
    assert worker_count(2, 9) == 2 and worker_count(4, 3) == 3


def test_workers_from_the_fork_server_need_a_larger_audit_to_pay() -> None:
    """They are ready 0.2–0.45 s after forked ones (pool.POOL_THRESHOLD's comment)."""
    cores = os.cpu_count() or 1
    assert SERVED_POOL_THRESHOLD > POOL_THRESHOLD
    assert worker_count(None, SERVED_POOL_THRESHOLD - 1, "forkserver") == 1
    assert worker_count(None, SERVED_POOL_THRESHOLD - 1, "spawn") == 1
    assert worker_count(None, SERVED_POOL_THRESHOLD, "forkserver") == min(cores, SERVED_POOL_THRESHOLD)


# ----------------------------------------------------------------------------- D: exclusions


def test_excluded_files_and_folders_are_not_read_and_are_counted(district: Path) -> None:
    shutil.copytree(district / "mn-hoa-sen", district / "luu-tru")
    (district / "th-kim-giang" / "ban-nhap.yaml").write_text("kind: [\n", encoding="utf-8")
    result = audit([district], spec=EngineSpec(), as_of=AS_OF, jobs=1, exclude=["luu-tru/", "*nhap.yaml"])
    assert not result.problems and result.audit is not None and result.audit.documents == 9
    assert any("2 file(s) or folder(s) were excluded" in n.en for n in result.notes)


def test_the_folders_ignore_file_is_read_like_a_gitignore(district: Path) -> None:
    (district / "th-kim-giang" / "ban-nhap.yaml").write_text("kind: [\n", encoding="utf-8")
    (district / ".complianceignore").write_text(
        "# bản nháp không phải báo cáo\n*nhap.yaml\nphong-gddt-thanh-xuan/\n!phong-gddt-thanh-xuan/\n"
        "/mn-hoa-sen/2024-05-23-tong-ket.yaml\n",
        encoding="utf-8",
    )
    result = audit([district], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert not result.problems and result.audit is not None
    assert result.audit.documents == 8  # the kept folder's three, but not Hoa Sen's final report
    assert "2024-05-23-tong-ket.yaml" not in {Path(d.file).name for d in result.documents}


def test_a_bad_exclusion_pattern_is_refused_with_its_line(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (district / ".complianceignore").write_text("*.bak\nluu-tru\\\n", encoding="utf-8")
    assert main(["audit", str(district)]) == 2
    err = capsys.readouterr().err
    assert f"{district / '.complianceignore'}:2" in err and "luu-tru\\" in err


def test_excluding_every_report_is_an_unusable_argument(district: Path) -> None:
    with pytest.raises(InputError) as info:
        audit([district], spec=EngineSpec(), as_of=AS_OF, jobs=1, exclude=["*.yaml", "*.json"])
    (problem,) = info.value.problems
    assert problem.code == Code.ALL_REPORTS_EXCLUDED and problem.file == str(district)


def test_a_roster_and_waivers_inside_the_audited_folder_are_not_read_as_reports(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLES.parent / "roster-thanh-xuan-2023-2024.yaml", district / "danh-sach.yaml")
    (district / "mien-tru.yaml").write_text("[]\n", encoding="utf-8")
    args = ["audit", str(district), "--roster", str(district / "danh-sach.yaml"), "--format", "json"]
    main([*args, "--waivers", str(district / "mien-tru.yaml"), "--as-of", "30/06/2024"])
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == [] and data["audit"]["documents"] == 9
    assert data["audit"]["units_missing"] == ["VN-HN-TX-TH-KHUONGMAI"]
