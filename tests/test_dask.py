"""Audits on Dask (``--executor dask``): one LocalCluster of two worker processes for the module,
the same findings byte for byte as the local pool, faults in workers, the command line, and the
missing extra. Faults are real (``tests/faulty_worker.py``); the suite's timeout is the hang guard.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import faulty_worker
from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Status
from compliance.audit import EngineSpec, audit
from compliance.cli import main
from compliance.errors import Code, InputError
from compliance.roster import load_roster
from faulty_worker import FAULTY, arm

distributed = pytest.importorskip("distributed")

AS_OF = dt.date(2024, 6, 30)
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"
KHUONG_MAI = "VN-HN-TX-TH-KHUONGMAI"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two worker processes, shared by the module's tests."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def district(tmp_path: Path) -> Path:
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES, folder)
    return folder


def on_dask(scheduler: str, folder: Path, spec: EngineSpec | None = None, **kw: object) -> CheckResult:
    return audit([folder], spec=spec or EngineSpec(), as_of=AS_OF, executor="dask", scheduler=scheduler, **kw)  # type: ignore[arg-type]


def test_the_examples_give_the_same_json_as_one_process_and_as_the_pool(
    scheduler: str, district: Path
) -> None:
    (district / "hong.json").write_text('{"kind": "BC_SO_KET_HK1",}', encoding="utf-8")
    roster = load_roster(ROSTER)
    here = audit([district], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=1)
    pool = audit([district], spec=EngineSpec(), as_of=AS_OF, roster=roster, jobs=2)
    dask = on_dask(scheduler, district, roster=roster)
    assert here.findings and here.problems
    assert dask.model_dump_json() == here.model_dump_json() == pool.model_dump_json()


def test_a_roster_unit_that_sent_nothing_fails_its_deadlines(scheduler: str, district: Path) -> None:
    result = on_dask(scheduler, district, roster=load_roster(ROSTER))
    deadlines = {
        f.rule_id: f.status for f in result.findings if f.unit_id == KHUONG_MAI and f.kind == "deadline"
    }
    assert deadlines == {"TX2324-T-BC-SO-KET-HK1": Status.fail, "TX2324-T-BC-TONG-KET": Status.fail}
    assert result.audit is not None and result.audit.units_missing == [KHUONG_MAI]


def test_an_unreadable_file_is_still_a_problem(scheduler: str, district: Path) -> None:
    (district / "hong.yaml").write_text("kind: BC_SO_KET_HK1\nschool_year: [\n", encoding="utf-8")
    result = on_dask(scheduler, district)
    assert [Path(p.file or "").name for p in result.problems] == ["hong.yaml"]
    assert result.summary.units == 4


def test_a_portfolio_that_raises_gets_error_findings(
    scheduler: str, district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    faulty_worker.register(monkeypatch)  # the plugin carries the registration to the workers
    arm(district / "th-kim-giang", "raise")
    result = on_dask(scheduler, district, EngineSpec(engine=FAULTY))
    errors = [f for f in result.findings if f.unit_id == KIM_GIANG and f.status is Status.error]
    assert errors and all("RuntimeError: lỗi cài sẵn" in f.message.vi for f in errors)
    assert result.audit is not None and result.audit.portfolios_failed == 1
    assert all(f.status is not Status.error for f in result.findings if f.unit_id != KIM_GIANG)


def test_a_worker_killed_mid_audit_costs_only_a_retry(
    scheduler: str, district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker evaluating Kim Giang dies by SIGKILL (once): the scheduler runs the task again
    on a worker the nanny restarted, and the audit is the one without the fault."""
    plain = on_dask(scheduler, district)
    faulty_worker.register(monkeypatch)
    marker = arm(district / "th-kim-giang", "kill-once")
    result = on_dask(scheduler, district, EngineSpec(engine=FAULTY))
    assert not marker.exists()  # the fault was taken: a worker died
    assert result.findings == plain.findings
    assert result.audit is not None and result.audit.portfolios_failed == 0


def test_the_command_line_runs_on_the_cluster(
    scheduler: str, district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["audit", str(district), "--as-of", "30/06/2024", "--format", "json", "--roster", str(ROSTER)]
    assert main([*args, "--jobs", "1"]) == 1  # the examples hold failures
    local = json.loads(capsys.readouterr().out)
    assert main([*args, "--executor", "dask", "--scheduler", scheduler]) == 1
    assert json.loads(capsys.readouterr().out) == local


def test_a_scheduler_without_the_dask_executor_is_refused(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", str(district), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "--executor dask" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_an_unusable_argument(district: Path) -> None:
    from compliance.audit.dask_executor import DaskWorkers

    with pytest.raises(InputError) as caught:
        DaskWorkers(1, EngineSpec(), scheduler="tcp://127.0.0.1:9", connect_timeout=2)
    assert caught.value.problems[0].code is Code.DASK_NO_SCHEDULER


def test_without_distributed_the_dask_executor_names_the_extra(
    district: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    assert main(["audit", str(district), "--executor", "dask", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "compliance[dask]" in err and "distributed" in err


def test_without_a_scheduler_a_local_cluster_runs_even_the_durable_back_end(district: Path) -> None:
    """The audit starts (and closes) its own LocalCluster, whose worker processes may start the
    durable-rules back end's own worker processes (they are not daemonic)."""
    spec = EngineSpec(engine="durable")
    here = audit([district], spec=spec, as_of=AS_OF, jobs=1)
    dask = audit([district], spec=spec, as_of=AS_OF, jobs=1, executor="dask")
    assert dask.audit is not None and dask.audit.portfolios_failed == 0
    assert dask.model_dump_json() == here.model_dump_json()
