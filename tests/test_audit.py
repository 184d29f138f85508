"""`compliance audit`: portfolios, roster, unreadable documents, parallel workers, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from builders import EXAMPLES, ROOT, ROSTER
from compliance import CheckResult, Engine, InputError, Status
from compliance.audit import EngineSpec, audit
from compliance.cli import main
from compliance.roster import load_roster

AS_OF = dt.date(2024, 6, 30)
YAML_ROSTER = ROOT / "examples" / "roster-thanh-xuan-2023-2024.yaml"
KHUONG_MAI = "VN-HN-TX-TH-KHUONGMAI"


def test_roster_unit_that_sent_nothing_fails_its_deadlines(example_audit: CheckResult) -> None:
    findings = [f for f in example_audit.findings if f.unit_id == KHUONG_MAI]
    deadlines = {f.rule_id: f.status for f in findings if f.kind == "deadline"}
    assert deadlines == {"TX2324-T-BC-SO-KET-HK1": Status.fail, "TX2324-T-BC-TONG-KET": Status.fail}
    assert example_audit.audit is not None and example_audit.audit.units_missing == [KHUONG_MAI]


def test_roster_unit_that_sent_nothing_has_not_reported_rather_than_an_error(
    example_audit: CheckResult,
) -> None:
    """A rule that needs a declared list (incidents, activities) cannot call a unit that sent no
    report at all "an error in its report": it has not reported (chưa gửi báo cáo)."""
    finding = next(
        f
        for f in example_audit.findings
        if f.unit_id == KHUONG_MAI and f.rule_id == "TX2324-T-KHONG-DE-HS-BI-LOI-KEO"
    )
    assert finding.status is Status.fail and "chưa gửi báo cáo" in finding.message.vi


def test_roster_unit_that_sent_nothing_is_pending_before_the_deadlines() -> None:
    result = audit(
        [EXAMPLES], spec=EngineSpec(), as_of=dt.date(2023, 12, 1), roster=load_roster(ROSTER), jobs=1
    )
    deadlines = [f.status for f in result.findings if f.unit_id == KHUONG_MAI and f.kind == "deadline"]
    assert deadlines == [Status.pending, Status.pending]


# What a unit that sent nothing owes first under the Thanh Xuân plan: the school's steering
# committee and its plan, due 31/10/2023 (TX2324-T-BAN-CHI-DAO).
NEEDS_DECLARED_DATA = ("TX2324-T-BC-DOT-XUAT", "TX2324-T-KHONG-DE-HS-BI-LOI-KEO")


def _khuong_mai(as_of: dt.date) -> dict[str, Status]:
    result = audit([EXAMPLES], spec=EngineSpec(), as_of=as_of, roster=load_roster(ROSTER), jobs=1)
    return {f.rule_id: f.status for f in result.findings if f.unit_id == KHUONG_MAI}


def test_unit_that_sent_nothing_is_pending_on_declared_data_before_anything_is_due() -> None:
    """On 15/10/2023 nothing the plan asks of a school has fallen due: a school that has sent no
    report yet is not failing the rules that judge its declared incidents."""
    statuses = _khuong_mai(dt.date(2023, 10, 15))
    assert [statuses[r] for r in NEEDS_DECLARED_DATA] == [Status.pending, Status.pending]


def test_unit_that_sent_nothing_is_pending_on_the_first_obligations_last_day() -> None:
    statuses = _khuong_mai(dt.date(2023, 10, 31))
    assert [statuses[r] for r in NEEDS_DECLARED_DATA] == [Status.pending, Status.pending]


def test_unit_that_sent_nothing_fails_declared_data_once_its_first_obligation_is_due() -> None:
    statuses = _khuong_mai(dt.date(2023, 11, 1))
    assert [statuses[r] for r in NEEDS_DECLARED_DATA] == [Status.fail, Status.fail]


def test_pending_for_want_of_any_report_names_the_first_obligation_and_its_day() -> None:
    result = audit(
        [EXAMPLES], spec=EngineSpec(), as_of=dt.date(2023, 10, 15), roster=load_roster(ROSTER), jobs=1
    )
    finding = next(
        f for f in result.findings if f.unit_id == KHUONG_MAI and f.rule_id == "TX2324-T-BC-DOT-XUAT"
    )
    assert "TX2324-T-BAN-CHI-DAO" in finding.message.vi and "31/10/2023" in finding.message.vi
    assert "TX2324-T-BAN-CHI-DAO" in finding.message.en and "31/10/2023" in finding.message.en


def test_a_school_whose_only_report_came_after_the_as_of_date_is_judged_as_one_that_sent_nothing() -> None:
    """Kim Giang's reports all arrive from 05/01/2024 (sơ kết HK1); on 15/10/2023 it has sent
    nothing yet, and nothing was due."""
    result = audit([EXAMPLES], spec=EngineSpec(), as_of=dt.date(2023, 10, 15), jobs=1)
    statuses = {f.rule_id: f.status for f in result.findings if f.unit_id == "VN-HN-TX-TH-KIMGIANG"}
    assert [statuses[r] for r in NEEDS_DECLARED_DATA] == [Status.pending, Status.pending]


def test_audit_gives_the_same_findings_as_check(example_audit: CheckResult, bundled_engine: Engine) -> None:
    checked = bundled_engine.check(str(EXAMPLES), as_of=AS_OF)
    reporting = [f for f in example_audit.findings if f.unit_id != KHUONG_MAI]
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


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_finding_not_met_names_the_units_own_unreadable_file(tmp_path: Path, jobs: int) -> None:
    """Hoa Sen's year-end report has its received date typed day first: it is not read, and the
    deadline it would have met says where the report may be."""
    shutil.copytree(EXAMPLES, tmp_path / "bao-cao")
    broken = tmp_path / "bao-cao" / "mn-hoa-sen" / "2024-05-23-tong-ket.yaml"
    broken.write_text(
        re.sub(r"(?m)^received_at: .*$", "received_at: 23/05/2024", broken.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    result = audit([tmp_path / "bao-cao"], spec=EngineSpec(), as_of=AS_OF, jobs=jobs)
    own = [f for f in result.findings if f.unit_id == "VN-HN-TX-MN-HOASEN"]
    year_end = next(f for f in own if f.rule_id == "TX2324-T-BC-TONG-KET")
    assert year_end.status is Status.fail
    assert any(str(broken) in n.vi and "không đọc được" in n.vi for n in year_end.notes)
    assert not any(str(broken) in n.en for f in own if f.status is Status.pass_ for n in f.notes)


def test_two_workers_give_the_same_result_as_one(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "bao-cao")
    (tmp_path / "bao-cao" / "hong.json").write_text('{"kind": "BC_SO_KET_HK1",}', encoding="utf-8")
    runs = [
        audit([tmp_path / "bao-cao"], spec=EngineSpec(), as_of=AS_OF, roster=load_roster(ROSTER), jobs=jobs)
        for jobs in (1, 2)
    ]
    assert runs[0].findings and runs[0].problems
    assert runs[1].model_dump() == runs[0].model_dump()


def test_audit_summary_counts_rates_per_rule_and_unit(example_audit: CheckResult) -> None:
    summary = example_audit.audit
    assert summary is not None
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
        "unit_id,unit_type,school_levels,school_year\nA,TRUONG,TH,2023-2024\nB,TRUONGHOC,TH,2023-2024\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_roster(roster)
    assert info.value.problems[0].line == 3 and "TRUONGHOC" in info.value.problems[0].message.en


def test_a_school_on_the_roster_without_levels_is_refused_with_its_line(tmp_path: Path) -> None:
    """Without levels no rule applies to a school: one that sent nothing would owe nothing."""
    roster = tmp_path / "ds.csv"
    roster.write_text(
        ROSTER.read_text(encoding="utf-8")
        + "VN-HN-TX-TH-ABC,Trường Tiểu học ABC,TRUONG,,Hà Nội,Thanh Xuân,2023-2024\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_roster(roster)
    (found,) = info.value.problems
    assert (found.code, found.line) == ("roster-no-levels", 7)
    assert "school_levels" in found.message.vi and "school_levels" in found.message.en


def test_an_office_on_the_roster_needs_no_levels() -> None:
    office = next(e for e in load_roster(ROSTER) if e.unit.unit_type == "PHONG_GDDT")
    assert office.unit.levels == frozenset()


def test_audit_exits_one_when_something_failed_as_check_does(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["audit", str(EXAMPLES), "--as-of", "30/06/2024", "--jobs", "1", "--format", "json"]
    assert main(args) == 1  # the examples hold failures; the default --fail-on is info, as for check
    assert json.loads(capsys.readouterr().out)["audit"]["units_reporting"] == 4
    assert main([*args, "--fail-on", "none"]) == 0


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


def test_workers_read_relative_paths_from_the_callers_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit([EXAMPLES / "mn-hoa-sen"], spec=EngineSpec(), as_of=AS_OF, jobs=2)  # workers started elsewhere
    shutil.copytree(EXAMPLES, tmp_path / "bao-cao")
    monkeypatch.chdir(tmp_path)
    one, two = (audit(["bao-cao"], spec=EngineSpec(), as_of=AS_OF, jobs=jobs) for jobs in (1, 2))
    assert not two.problems and two.model_dump() == one.model_dump()


def test_the_yaml_roster_example_lists_the_same_units_as_the_csv_one() -> None:
    assert load_roster(YAML_ROSTER) == load_roster(ROSTER)


def test_a_path_that_does_not_exist_is_an_unusable_argument(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["audit", str(EXAMPLES), str(tmp_path / "khong-co"), "--jobs", "1"]) == 2
    assert "khong-co" in capsys.readouterr().err


def test_an_unreadable_document_makes_the_audit_exit_one_unless_fail_on_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", folder)  # meets every obligation
    (folder / "hong.yaml").write_text("kind: [\n", encoding="utf-8")
    args = ["audit", str(folder), "--as-of", "30/06/2024", "--jobs", "1", "--format", "json"]
    assert main([*args, "--fail-on", "none"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["audit"]["unreadable"] == 1 and data["problems"][0]["file"].endswith("hong.yaml")
    assert main(args) == 1


def test_unreadable_counts_documents_not_messages(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "sai.json").write_text('{"kind": "BC_SO_KET_HK1", "school_yea": "2023-2024"}', encoding="utf-8")
    result = audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert len(result.problems) > 1 and result.audit is not None and result.audit.unreadable == 1


def test_a_roster_unit_whose_only_document_is_invalid_sent_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "th-kim-giang", folder)
    report = folder / "2024-01-05-so-ket-hk1.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("kind:", "knd:"), encoding="utf-8")
    roster = [e for e in load_roster(ROSTER) if e.unit.unit_id == "VN-HN-TX-TH-KIMGIANG"]
    result = audit([folder], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=1)
    assert result.audit is not None
    assert result.audit.units_missing == ["VN-HN-TX-TH-KIMGIANG"] and result.audit.units_reporting == 0
    assert any(p.file == str(report) for p in result.problems)
    hk1 = next(f for f in result.findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1")
    assert hk1.status is Status.fail and hk1.unit_name == "Trường Tiểu học Kim Giang"


def test_the_quick_grouping_agrees_with_the_full_load(tmp_path: Path) -> None:
    """Pass 1 reads keys without the full loader; NFD text, quotes and comments still group
    each document with the rest of its unit's portfolio."""
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", folder)
    hk1 = folder / "2024-01-02-so-ket-hk1.yaml"
    text = hk1.read_text(encoding="utf-8")
    text = text.replace('school_year: "2023-2024"', "school_year: '2023-2024'   # năm học")
    text = text.replace("unit_id: VN-HN-TX-THCS-NHANCHINH", 'unit_id: "VN-HN-TX-THCS-NHANCHINH"  # mã')
    hk1.write_text(text, encoding="utf-8")
    expected = audit([EXAMPLES / "thcs-nhan-chinh"], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    result = audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert result.summary == expected.summary and len(result.documents) == 3


def test_a_wrong_quick_key_is_corrected_by_the_full_load(tmp_path: Path) -> None:
    """The pass-1 key is only a hint. A plain scalar folded over two lines reads as its first
    line there; the full load reads both, and the document is checked with the rest of its
    real portfolio."""
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES, folder)
    reports = sorted((folder / "thcs-nhan-chinh").glob("*.yaml"))
    texts = [r.read_text(encoding="utf-8") for r in reports]
    for report, text in zip(reports, texts, strict=True):
        report.write_text(
            text.replace("unit_id: VN-HN-TX-THCS-NHANCHINH", "unit_id: VN-HN-TX-THCS-NHANCHINH CS2"),
            encoding="utf-8",
        )
    expected = audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    folded = texts[0].replace("unit_id: VN-HN-TX-THCS-NHANCHINH", "unit_id: VN-HN-TX-THCS-NHANCHINH\n    CS2")
    reports[0].write_text(folded, encoding="utf-8")
    result = audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    outcome = [(f.unit_id, f.rule_id, f.status, f.message) for f in result.findings]
    assert outcome == [(f.unit_id, f.rule_id, f.status, f.message) for f in expected.findings]
    assert result.summary == expected.summary


def test_a_file_given_twice_is_read_once() -> None:
    once = audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    twice = audit([EXAMPLES, EXAMPLES / "mn-hoa-sen"], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert twice.model_dump() == once.model_dump()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('school_year: "2023-2024"\nsubmitter:\n  unit_id: A-1\n  x: {unit_id: B}\n', ("A-1", "2023-2024")),
        ("school_year: 2023-2024 # c\nsubmitter:\n\n    unit_id: 'A 1'\n", ("A 1", "2023-2024")),
        ("school_year: 2023-2024\nsubmitter: {unit_id: A}\n", None),
        ("school_year: 2023-2024\nsubmitter:\n  unit_id: *anchor\n", None),
        ("school_year: 2023-2024\nschool_year: 2024-2025\nsubmitter:\n  unit_id: A\n", None),
        ("school_year: 2023-2024\nsubmitter:\n  unit_id: A\n  unit_id: B\n", None),
        (
            "school_year: 2023-2024\nsubmitter:\n  unit_id: A" + " " * 100_000 + "B\n",
            ("A" + " " * 100_000 + "B", "2023-2024"),
        ),
        ('school_year: "2023-2024\\u0020"\nsubmitter:\n  unit_id: A\n', None),
        ("school_year: 2023-2024\nsubmitter:\n  unit_id: A #" + " " * 100_000 + "\n", ("A", "2023-2024")),
        # Windows line ends; a line of a CR alone, or of spaces, does not end the block
        ("school_year: 2023-2024\r\nsubmitter:\r\n\r\n  unit_id: A\r\n", ("A", "2023-2024")),
        ("submitter:\n  name: X\n   \n\r\n  unit_id: A\nschool_year: 2023-2024\n", ("A", "2023-2024")),
        # a comment at the margin ends the block: its unit_id is not the submitter's
        ("school_year: 2023-2024\nsubmitter:\n  name: X\n# ghi chú\n  unit_id: A\n", None),
        # a unit_id deeper than the block's own keys belongs to something inside it
        ("school_year: 2023-2024\nsubmitter:\n  name: X\n  office:\n    unit_id: B\n", None),
        # a key at the margin only: "school_year:" further in is not the report's
        ("kind: X\n  school_year: 2023-2024\nsubmitter:\n  unit_id: A\n", None),
    ],
)
def test_the_quick_yaml_key_reads_only_plain_lines(text: str, key: tuple[str, str] | None) -> None:
    from compliance.audit.sniff import yaml_key

    assert yaml_key(text) == key


def test_the_progress_bar_shows_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from compliance.cli.progress import progress_wanted

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert progress_wanted()
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted()
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not progress_wanted()


def test_the_progress_bar_does_not_change_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    quiet = audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    from compliance.cli.progress import progress_bars

    with progress_bars(True) as progress:
        shown = audit([EXAMPLES], spec=EngineSpec(), as_of=AS_OF, jobs=1, progress=progress)
    assert shown.model_dump() == quiet.model_dump()
    assert capsys.readouterr().out == ""


def test_a_single_threaded_linux_process_forks_its_workers() -> None:
    from compliance.audit.pool import start_method

    assert start_method(["fork", "spawn", "forkserver"], "linux", threads=1) == "fork"


def test_a_process_running_other_threads_never_forks_its_workers() -> None:
    """A web server embedding the engine: a thread may hold a lock the copy would never see freed."""
    from compliance.audit.pool import start_method

    assert start_method(["fork", "spawn", "forkserver"], "linux", threads=3) == "forkserver"


def test_macos_never_forks_and_spawns_where_there_is_no_fork_server() -> None:
    from compliance.audit.pool import start_method

    assert start_method(["spawn", "fork", "forkserver"], "darwin", threads=1) == "forkserver"
    assert start_method(["spawn"], "win32", threads=1) == "spawn"


# Run in a fresh interpreter: the test's own process may run threads an earlier test left behind.
_BOTH_WAYS = """
import datetime as dt, json, sys, threading
from compliance.audit import EngineSpec, audit, pool

def run(jobs):
    return audit([sys.argv[1]], spec=EngineSpec(), as_of=dt.date(2024, 6, 30), jobs=jobs).model_dump(mode="json")

here = run(1)
forked = (pool._context().get_start_method(), run(2) == here)
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
try:
    served = (pool._context().get_start_method(), run(2) == here)
finally:
    stop.set()
    other.join()
print(json.dumps([forked, served]))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_workers_and_fork_server_workers_give_the_same_findings() -> None:
    """The same audit with its workers forked from a process that runs no other thread and, while
    a second thread runs, from the fork server: both as one process gives them."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _BOTH_WAYS, str(EXAMPLES)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(done.stdout) == [["fork", True], ["forkserver", True]]


def test_the_progress_bars_run_no_thread_of_their_own() -> None:
    """Redrawn on the items' ticks, so that the audit they show can fork its workers."""
    import threading

    from compliance.cli.progress import progress_bars

    before = threading.active_count()
    with progress_bars(True) as progress:
        tick = progress("Đánh giá / checking", 3)
        for _ in range(3):
            tick()
        assert threading.active_count() == before


def test_a_pass_is_cut_into_about_four_chunks_a_worker_within_its_cap() -> None:
    from compliance.audit.pool import CHEAP_CHUNK, CHUNK, chunk_size

    assert chunk_size(2824, 2) == CHUNK == 32  # portfolios: small chunks, few in doubt at a death
    assert chunk_size(5000, 2, CHEAP_CHUNK) == 625  # files' keys: eight chunks for two workers
    assert chunk_size(3, 2, CHEAP_CHUNK) == 1


def test_a_portfolio_s_result_reads_back_as_it_was_sent(bundled_engine: Engine) -> None:
    """Done, Packed and Outline travel as their class and their fields (compliance.audit.packed.sent_whole)."""
    import pickle

    from compliance.audit.pool import install
    from compliance.audit.portfolios import Done, Task, evaluate

    install(bundled_engine, None)
    folder = EXAMPLES / "th-kim-giang"
    task = Task(("VN-HN-TX-TH-KIMGIANG", "2023-2024"), tuple(sorted(str(p) for p in folder.iterdir())), AS_OF)
    done = evaluate(task)
    assert type(done) is Done and len(done.findings) > 10
    assert done.__reduce__()[0] is Done
    assert pickle.loads(pickle.dumps(done)) == done
