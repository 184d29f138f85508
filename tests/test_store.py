"""The audit store: what a saved run holds, fingerprints, migrations, atomic and concurrent saves,
history and trends, and every bad store refused with exit 2."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import EXAMPLES, ROOT, ROSTER
from compliance import CheckResult, Engine, InputError, Status
from compliance.cli import main
from compliance.findings import Finding
from compliance.reporters.sarif import fingerprint as sarif_fingerprint
from compliance.store import History, Store, default_store, find_store, fingerprint, fingerprint_of
from compliance.store import db as store_db
from compliance.store.schema import SCHEMA_VERSION
from district_over_time import KG_REPORT, KIM_GIANG, TwoAudits, two_audits

TESTS = Path(__file__).resolve().parent
SAVER = TESTS / "store_saver.py"
V1_FIXTURE = TESTS / "fixtures" / "store" / "audits-v1.sql"


@pytest.fixture(scope="module")
def district(bundled_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> tuple[TwoAudits, Path]:
    root = tmp_path_factory.mktemp("store")
    path = root / ".compliance" / "audits.sqlite"
    with Store.open(path, create=True) as store:
        audits = two_audits(root, bundled_engine, store)
    return audits, path


@pytest.fixture
def store(district: tuple[TwoAudits, Path]) -> Iterator[Store]:
    with Store.open(district[1]) as opened:
        yield opened


def _codes(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [p.code.value for p in exc.value.problems]


def _sql(path: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(query, params).fetchall()


def _saver(*argv: str) -> list[str]:
    return [sys.executable, str(SAVER), *argv]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(TESTS)])}


# ----------------------------------------------------------------------------- what a run holds


def test_a_saved_run_holds_its_as_of_packs_and_counts(district: tuple[TwoAudits, Path], store: Store) -> None:
    audits, _ = district
    first, second = store.runs()
    assert (first.id, first.as_of, second.as_of) == (1, audits.a.as_of, audits.b.as_of)
    assert [(p.id, p.version) for p in first.packs] == sorted((p.id, p.version) for p in audits.a.packs)
    by_status = audits.a.summary.by_status
    assert (first.counts.passed, first.counts.failed, first.counts.waived) == (
        by_status["pass"],
        by_status["fail"],
        by_status["waived"],
    )
    assert first.counts.findings == len(audits.a.findings) and first.command == "audit"


def test_every_finding_is_saved_with_its_fingerprint_and_state(
    district: tuple[TwoAudits, Path], store: Store
) -> None:
    audits, _ = district
    saved = [(f.fingerprint, f.rule_id, f.status, f.waiver, f.message) for f in store.findings(2)]
    assert saved == [(fingerprint(f), f.rule_id, f.status, f.waiver, f.message) for f in audits.b.findings]


def test_each_document_is_saved_with_the_sha256_of_its_bytes(
    district: tuple[TwoAudits, Path], store: Store
) -> None:
    audits, _ = district
    report = str(audits.folder / KG_REPORT)
    before, after = store.documents(1)[report], store.documents(2)[report]
    assert before == hashlib.sha256((EXAMPLES / KG_REPORT).read_bytes()).hexdigest()  # as sent in January
    assert after == hashlib.sha256(Path(report).read_bytes()).hexdigest() != before  # as corrected


def test_the_roster_and_its_districts_are_saved(district: tuple[TwoAudits, Path]) -> None:
    _, path = district
    ((roster,),) = _sql(path, "SELECT roster FROM runs WHERE id = 2")
    assert {u["unit_id"] for u in json.loads(str(roster))} == {
        "VN-HN-PGDDT-THANHXUAN",
        KIM_GIANG,
        "VN-HN-TX-THCS-NHANCHINH",
        "VN-HN-TX-TH-KHUONGMAI",
    }
    units = _sql(
        path, "SELECT unit_id, district, province, on_roster FROM units WHERE run_id = 2 ORDER BY unit_id"
    )
    assert {(d, p, r) for _, d, p, r in units} == {("Thanh Xuân", "Hà Nội", 1)}


def test_the_command_saves_its_parameters_and_the_roster_file_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "kho.sqlite"
    code = main(
        [
            "audit",
            str(EXAMPLES),
            "--roster",
            str(ROSTER),
            "--as-of",
            "30/06/2024",
            "--save",
            "--store",
            str(store),
            "--format",
            "json",
            "--fail-on",
            "none",
        ]
    )
    assert code == 0 and "Đã lưu lần kiểm tra số 1" in capsys.readouterr().err
    ((parameters, paths),) = _sql(store, "SELECT parameters, paths FROM runs")
    saved = json.loads(str(parameters))
    assert saved["roster"] == {"file": str(ROSTER), "sha256": hashlib.sha256(ROSTER.read_bytes()).hexdigest()}
    assert saved["fail_on"] == "none" and json.loads(str(paths)) == [str(EXAMPLES)]


# ----------------------------------------------------------------------------- fingerprints


def test_a_finding_keeps_its_fingerprint_when_its_evidence_and_the_as_of_change(
    district: tuple[TwoAudits, Path],
) -> None:
    audits, _ = district

    def year_end(result: CheckResult) -> Finding:
        return next(
            f for f in result.findings if f.unit_id == KIM_GIANG and f.rule_id == "TX2324-T-BC-TONG-KET"
        )

    before, after = year_end(audits.a), year_end(audits.b)
    assert (before.status, after.status) == (Status.pending, Status.fail) and before.message != after.message
    assert fingerprint(before) == fingerprint(after)


def test_each_part_of_a_finding_s_identity_changes_its_fingerprint() -> None:
    base = ("thanh-xuan-gdct-cths-2023-2024", "TX2324-T-BC-TONG-KET", KIM_GIANG, "2023-2024")
    variants = [
        base,
        ("quang-ninh-gdct-hssv-2020-2021", *base[1:]),
        (None, *base[1:]),
        (base[0], "TX2324-T-BC-SO-KET-HK1", *base[2:]),
        (*base[:2], "VN-HN-TX-TH-KHUONGMAI", base[3]),
        (*base[:3], "2024-2025"),
    ]
    assert len({fingerprint_of(*v) for v in variants}) == len(variants)


def test_a_unit_id_in_decomposed_unicode_has_the_same_fingerprint() -> None:
    composed = "Trường-Kim-Giang"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fingerprint_of("p", "R-1", decomposed, "2023-2024") == fingerprint_of(
        "p", "R-1", composed, "2023-2024"
    )


def test_the_fingerprint_is_the_one_sarif_viewers_see(example_audit: CheckResult) -> None:
    assert [fingerprint(f) for f in example_audit.findings] == [
        sarif_fingerprint(f) for f in example_audit.findings
    ]


# ----------------------------------------------------------------------------- naming runs


@pytest.mark.parametrize(
    ("ref", "run"), [("latest", 2), ("latest~1", 1), ("LATEST~0", 2), ("#1", 1), ("2", 2)]
)
def test_a_run_is_named_by_its_id_or_from_the_latest(store: Store, ref: str, run: int) -> None:
    assert store.resolve(ref) == run


@pytest.mark.parametrize(
    ("ref", "code"),
    [
        ("3", "no-such-run"),
        ("latest~2", "no-such-run"),
        ("hôm-qua", "run-reference"),
        ("latest~x", "run-reference"),
    ],
)
def test_a_run_that_is_not_there_says_which_are(store: Store, ref: str, code: str) -> None:
    with pytest.raises(InputError) as exc:
        store.resolve(ref)
    assert _codes(exc) == [code]
    if code == "no-such-run":
        assert "1–2" in exc.value.problems[0].message.vi


# ----------------------------------------------------------------------------- history and trends


def test_a_unit_s_history_shows_each_finding_run_after_run(store: Store) -> None:
    history = store.history(KIM_GIANG)
    assert history.subject == "unit" and [r.id for r in history.runs] == [1, 2]
    briefing = next(t for t in history.timelines if t.rule_id == "TX2324-T-QUAN-TRIET")
    assert [(p.run, p.status) for p in briefing.points] == [(1, Status.fail), (2, Status.pass_)]
    assert history.trend is not None and [p.run for p in history.trend.points] == [1, 2]


def test_a_rule_is_found_whatever_the_case_it_is_typed_in(store: Store) -> None:
    history = store.history("tx2324-t-quan-triet")
    assert history.subject == "rule" and history.name == "TX2324-T-QUAN-TRIET"
    assert {t.unit_id for t in history.timelines} >= {KIM_GIANG, "VN-HN-TX-THCS-NHANCHINH"}


def test_an_id_the_store_does_not_hold_is_answered_with_the_closest_ones(store: Store) -> None:
    with pytest.raises(InputError) as exc:
        store.history("VN-HN-TX-TH-KIMGIAN")
    assert _codes(exc) == ["not-in-store"] and KIM_GIANG in exc.value.problems[0].fix.vi


def test_the_trend_of_a_rule_counts_its_findings_in_each_run(
    district: tuple[TwoAudits, Path], store: Store
) -> None:
    audits, _ = district
    (trend,) = store.trend("rule", ["TX2324-T-BC-TONG-KET"])
    for point, result in zip(trend.points, (audits.a, audits.b), strict=True):
        counted = Counter(f.status for f in result.findings if f.rule_id == "TX2324-T-BC-TONG-KET")
        assert (point.passed, point.failed, point.pending) == (
            counted[Status.pass_],
            counted[Status.fail],
            counted[Status.pending],
        )
    assert trend.title is not None and "tổng kết" in trend.title.vi


def test_the_district_trend_adds_up_to_each_run(store: Store) -> None:
    (trend,) = store.trend("district")
    assert trend.key == "Thanh Xuân"
    assert [p.findings for p in trend.points] == [r.counts.findings for r in store.runs()]
    assert trend.points[0].rate is not None and trend.points[0].rate > trend.points[1].rate  # type: ignore[operator]


def test_a_trend_can_be_limited_to_the_last_runs(store: Store) -> None:
    assert {len(t.points) for t in store.trend("unit", limit=1)} == {1}
    assert all(t.points[0].run == 2 for t in store.trend("unit", limit=1))


# ----------------------------------------------------------------------------- migrations


def _v1_store(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_FIXTURE.read_text(encoding="utf-8"))
    return path


def test_a_version_1_store_is_migrated_when_opened(tmp_path: Path) -> None:
    path = _v1_store(tmp_path / "cu.sqlite")
    assert _sql(path, "PRAGMA user_version") == [(1,)]
    with Store.open(path) as store:
        runs = store.runs()
        (district,) = store.trend("district")
        per_rule = store.trend("rule")
    assert _sql(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert [r.id for r in runs] == [1, 2] and district.key == "Thanh Xuân"
    for run in runs:  # the counts filled in for the old runs add up
        assert sum(p.findings for t in per_rule for p in t.points if p.run == run.id) == run.counts.findings
        assert next(p for p in district.points if p.run == run.id).findings == run.counts.findings


def test_a_migrated_store_takes_new_runs(tmp_path: Path, example_audit: CheckResult) -> None:
    path = _v1_store(tmp_path / "cu.sqlite")
    with Store.open(path) as store:
        assert store.save(example_audit) == 3
        assert {t.key for t in store.trend("unit") if len(t.points) == 3} == {KIM_GIANG, "VN-HN-TX-MN-HOASEN"}
        assert store.history(KIM_GIANG).timelines[0].points[-1].run == 3


def test_a_migration_that_fails_leaves_the_store_at_its_old_version(tmp_path: Path) -> None:
    path = _v1_store(tmp_path / "cu.sqlite")
    with sqlite3.connect(path) as conn:  # something in the way of version 2's table
        conn.execute("CREATE VIEW tallies AS SELECT 1")
    with pytest.raises(InputError) as exc:
        Store.open(path)
    assert _codes(exc) == ["store-not-a-database"]
    assert _sql(path, "PRAGMA user_version") == [(1,)]
    assert _sql(path, "SELECT count(*) FROM runs") == [(2,)]


def test_a_store_of_a_newer_version_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _v1_store(tmp_path / "moi.sqlite")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    assert main(["history", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "[store-newer]" in err and "pip install -U compliance" in err and "Traceback" not in err
    assert path.read_bytes() == before


# ----------------------------------------------------------------------------- bad stores


def test_a_file_that_is_not_a_database_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "audits.sqlite"
    path.write_bytes(b"Bao cao tong ket nam hoc 2023-2024\n" * 200)
    assert main(["audit", str(EXAMPLES / "th-kim-giang"), "--save", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "[store-not-a-database]" in err and "Traceback" not in err and "sao lưu" in err


def test_a_damaged_store_is_exit_2(
    district: tuple[TwoAudits, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = district
    damaged = tmp_path / "hong.sqlite"
    with sqlite3.connect(path) as source, sqlite3.connect(damaged) as target:
        source.backup(target)  # a copy of the whole store, WAL included
    data = bytearray(damaged.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)  # pages overwritten, as by a failing disk
    damaged.write_bytes(bytes(data))
    codes = []
    for argv in (["history"], ["history", KIM_GIANG], ["diff", "1", "2"]):
        codes.append(main([*argv, "--store", str(damaged)]))
        assert "Traceback" not in capsys.readouterr().err
    assert 2 in codes and set(codes) <= {0, 2}


def test_another_program_s_database_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "diem.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE hoc_sinh (ten TEXT, diem REAL)")
    before = path.read_bytes()
    assert (
        main(["audit", str(EXAMPLES / "th-kim-giang"), "--save", "--store", str(path), "--lang", "en"]) == 2
    )
    assert "[store-foreign]" in capsys.readouterr().err and path.read_bytes() == before


def test_a_store_that_cannot_be_made_is_exit_2_before_the_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("", encoding="utf-8")
    assert (
        main(["audit", str(EXAMPLES / "th-kim-giang"), "--save", "--store", str(blocker / "audits.sqlite")])
        == 2
    )
    captured = capsys.readouterr()
    assert "[store-cannot-write]" in captured.err and captured.out == ""  # nothing was audited


def test_history_without_a_saved_run_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "trong.sqlite"
    Store.open(path, create=True).close()
    assert main(["history", "--store", str(path)]) == 0
    assert "Chưa có lần kiểm tra nào" in capsys.readouterr().out


# ----------------------------------------------------------------------------- where the store is


def test_the_default_store_is_beside_the_first_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_store(["bao-cao/", "khac/"]) == tmp_path / ".compliance" / "audits.sqlite"
    assert (
        default_store(["bao-cao/th-kim-giang/hk1.yaml"])
        == tmp_path / "bao-cao" / "th-kim-giang" / ".compliance" / "audits.sqlite"
    )
    assert default_store(["."]) == tmp_path.parent / ".compliance" / "audits.sqlite"


def test_history_finds_the_store_from_the_working_directory_upwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / ".compliance" / "audits.sqlite"
    Store.open(path, create=True).close()
    inner = tmp_path / "bao-cao" / "th-kim-giang"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert find_store() == path


def test_audit_save_writes_beside_the_audited_folder_and_history_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "hk1.yaml").write_bytes((EXAMPLES / KG_REPORT).read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["audit", "bao-cao", "--as-of", "15/01/2024", "--save", "--fail-on", "none"]) == 0
    assert "vào kho .compliance/audits.sqlite" in capsys.readouterr().err
    assert (tmp_path / ".compliance" / "audits.sqlite").is_file()
    assert main(["history", "--format", "json"]) == 0
    history = History.model_validate_json(capsys.readouterr().out)
    assert [r.as_of.isoformat() for r in history.runs] == ["2024-01-15"]
    assert main(["history", KIM_GIANG, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "#1 15/01/2024 Not met" in out and "Trường Tiểu học Kim Giang" in out


# ----------------------------------------------------------------------------- atomic and concurrent saves


class Failing(list[Finding]):
    """Findings whose reading fails half-way (a spool file that cannot be read back)."""

    def __iter__(self) -> Iterator[Finding]:
        for index, finding in enumerate(list.__iter__(self)):
            if index == 5:
                raise OSError("không đọc được tệp tạm")
            yield finding


def test_an_error_in_the_middle_of_a_save_leaves_no_half_run(
    tmp_path: Path, example_audit: CheckResult
) -> None:
    path = tmp_path / "audits.sqlite"
    with Store.open(path, create=True) as store:
        store.save(example_audit)
        broken = example_audit.model_copy(update={"findings": Failing(example_audit.findings)})
        with pytest.raises(OSError, match="tệp tạm"):
            store.save(broken)
        assert [r.id for r in store.runs()] == [1]
        assert store.save(example_audit) == 2  # the failed run's id was never taken
    assert _sql(path, "SELECT count(DISTINCT run_id) FROM findings") == [(2,)]
    assert _sql(path, "SELECT count(*) FROM findings WHERE run_id NOT IN (SELECT id FROM runs)") == [(0,)]


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    """Until ``path`` exists (a guard against a saver that never gets there, not a timing)."""
    for _ in range(6000):
        if path.exists() or process.poll() is not None:
            return
        time.sleep(0.01)


def test_a_save_killed_inside_its_transaction_leaves_the_store_as_it_was(
    tmp_path: Path, example_audit: CheckResult
) -> None:
    path = tmp_path / "audits.sqlite"
    result_file = tmp_path / "kiem-tra.json"
    result_file.write_text(example_audit.model_dump_json(), encoding="utf-8")
    with Store.open(path, create=True) as store:
        store.save(example_audit)
    inside = tmp_path / "inside"
    saver = subprocess.Popen(
        _saver(str(path), str(result_file), "--stall-after", "40", "--inside", str(inside)), env=_env()
    )
    _wait_for(inside, saver)
    assert inside.exists(), "the saver never reached its transaction"
    saver.send_signal(signal.SIGKILL)
    saver.wait()
    assert saver.returncode == -signal.SIGKILL
    with Store.open(path) as store:
        assert [r.id for r in store.runs()] == [1]
        assert store.save(example_audit) == 2
    assert _sql(path, "PRAGMA integrity_check") == [("ok",)]
    assert _sql(path, "SELECT count(*) FROM findings") == [(2 * len(example_audit.findings),)]


def test_several_processes_saving_at_once_lose_nothing(tmp_path: Path, example_audit: CheckResult) -> None:
    path = tmp_path / "moi" / "audits.sqlite"  # made by whichever process comes first
    result_file = tmp_path / "kiem-tra.json"
    result_file.write_text(example_audit.model_dump_json(), encoding="utf-8")
    go = tmp_path / "go"
    savers = []
    for i in range(3):
        ready = tmp_path / f"ready-{i}"
        args = _saver(str(path), str(result_file), "--times", "3", "--ready", str(ready), "--go", str(go))
        savers.append((ready, subprocess.Popen(args, env=_env(), stderr=subprocess.PIPE)))
    for ready, process in savers:
        _wait_for(ready, process)
    go.write_text("go", encoding="utf-8")
    for _, process in savers:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with Store.open(path) as store:
        runs = store.runs()
    assert [r.id for r in runs] == list(range(1, 10))
    assert {r.counts.findings for r in runs} == {len(example_audit.findings)}
    assert _sql(path, "PRAGMA integrity_check") == [("ok",)]
    assert _sql(path, "SELECT count(*) FROM findings") == [(9 * len(example_audit.findings),)]
    assert _sql(path, "PRAGMA journal_mode") == [("wal",)]


def test_a_store_held_too_long_by_another_process_is_exit_2_and_nothing_is_saved(
    tmp_path: Path, example_audit: CheckResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "audits.sqlite"
    Store.open(path, create=True).close()
    monkeypatch.setattr(store_db, "BUSY_SECONDS", 0.2)  # how long a writer waits for its turn
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another audit, saving
    try:
        with Store.open(path) as store, pytest.raises(InputError) as exc:
            store.save(example_audit)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _codes(exc) == ["store-busy"]
    with Store.open(path) as store:
        assert store.runs() == [] and store.save(example_audit) == 1
