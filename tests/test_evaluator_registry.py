"""The evaluator registry: the back ends' names, their options, and how both reach the back end
from the Python API and from every command that takes ``--engine``."""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from builders import EXAMPLES
from compliance import Engine, InputError, Status
from compliance.cli import build_parser, main
from compliance.evaluators import EVALUATORS, names
from faulty_worker import Faults

AS_OF = dt.date(2024, 6, 30)
KIM_GIANG = str(EXAMPLES / "th-kim-giang")
HOA_SEN = str(EXAMPLES / "mn-hoa-sen")
ENGINE_COMMANDS = ("check", "audit", "explain", "serve")


def option(command: str, flag: str) -> argparse.Action:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    command_parser: argparse.ArgumentParser = sub.choices[command]
    command_parser.format_usage()  # a command's arguments are added when it is first used
    return next(a for a in command_parser._actions if flag in a.option_strings)


@pytest.mark.parametrize("command", ENGINE_COMMANDS)
def test_the_engine_choices_of_every_command_are_the_registrys_names(command: str) -> None:
    assert list(option(command, "--engine").choices or ()) == list(names()) == ["python", "durable"]


@pytest.mark.parametrize("command", ENGINE_COMMANDS)
def test_every_command_offers_the_registrys_command_line_options(command: str) -> None:
    flagged = {n for entry in EVALUATORS.values() for n, o in entry.options.items() if o.flag}
    assert flagged == {"workers", "timeout"}
    for name in flagged:
        assert option(command, f"--engine-{name}").dest == f"engine_{name}"


def test_each_registered_option_is_a_keyword_of_its_back_ends_constructor() -> None:
    from compliance.evaluators.durable import DurableEvaluator
    from compliance.evaluators.python import PythonEvaluator

    for name, cls in (("python", PythonEvaluator), ("durable", DurableEvaluator)):
        assert EVALUATORS[name].target == f"{cls.__module__}:{cls.__name__}"
        keywords = {p.name for p in inspect.signature(cls).parameters.values() if p.kind is p.KEYWORD_ONLY}
        assert set(EVALUATORS[name].options) == keywords


def test_an_unknown_engine_is_refused_naming_the_choices(bundled_engine: Engine) -> None:
    with pytest.raises(InputError) as info:
        Engine(bundled_engine.program, engine="rete")
    (problem,) = info.value.problems
    assert "'rete'" in problem.message.vi and "'rete'" in problem.message.en
    assert problem.fix is not None
    assert "python, durable" in problem.fix.vi and "python, durable" in problem.fix.en


def test_an_unknown_option_is_refused_naming_the_back_ends_options(bundled_engine: Engine) -> None:
    with pytest.raises(InputError) as info:
        Engine(bundled_engine.program, engine="durable", engine_options={"processes": 2})
    (problem,) = info.value.problems
    assert "'processes'" in problem.message.en and "'processes'" in problem.message.vi
    assert problem.fix is not None and "timeout, worker_main, workers" in problem.fix.en


def test_an_option_the_python_back_end_does_not_take_is_refused(bundled_engine: Engine) -> None:
    with pytest.raises(InputError) as info:
        Engine(bundled_engine.program, engine_options={"workers": 2})
    assert "the 'python' evaluator has no option 'workers'" in str(info.value)


@pytest.mark.parametrize(
    ("name", "value"), [("workers", 0), ("workers", 1.5), ("workers", True), ("timeout", 0)]
)
def test_an_option_value_out_of_range_is_refused_before_any_worker_starts(
    bundled_engine: Engine, name: str, value: object
) -> None:
    with pytest.raises(InputError) as info:
        Engine(bundled_engine.program, engine="durable", engine_options={name: value})
    assert f"option '{name}' of the 'durable' evaluator must be" in str(info.value)


def test_the_time_limit_option_reaches_the_durable_evaluator(bundled_engine: Engine) -> None:
    with Engine(bundled_engine.program, engine="durable", engine_options={"timeout": 45.5}) as engine:
        assert engine.evaluator.timeout == 45.5  # type: ignore[attr-defined]


@pytest.fixture
def faults() -> Iterator[Faults]:
    faults = Faults()
    yield faults
    faults.close()


def test_two_durable_workers_evaluate_two_portfolios_at_once_in_two_processes(
    bundled_engine: Engine, faults: Faults
) -> None:
    options = {"workers": 2, "worker_main": faults.worker_main}
    with Engine(bundled_engine.program, engine="durable", engine_options=options) as engine:
        evaluator = engine.evaluator
        faults.sleep_next(600)  # the first portfolio holds its worker until it is killed below
        first: list[list[Status]] = []
        held = threading.Thread(
            target=lambda: first.append([f.status for f in engine.check(HOA_SEN, as_of=AS_OF).findings])
        )
        held.start()
        deadline = time.monotonic() + 120  # a hang guard: the first worker takes the fault in ~1 s
        while not faults.taken() and time.monotonic() < deadline:
            time.sleep(0.05)
        (sleeping,) = evaluator.pids  # type: ignore[attr-defined]
        second = engine.check(KIM_GIANG, as_of=AS_OF).findings  # answered while the first one sleeps
        assert second == bundled_engine.check(KIM_GIANG, as_of=AS_OF).findings
        pids = evaluator.pids  # type: ignore[attr-defined]
        assert len(set(pids)) == 2 and sleeping in pids
        os.kill(sleeping, signal.SIGKILL)
        held.join(timeout=120)
        assert first and Status.error in first[0]


@pytest.mark.parametrize("command", ["check", "audit", "serve"])
def test_every_command_passes_the_engine_options_to_the_engine(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The python back end takes no options: a command that hands them over is refused (exit 2,
    before a server would start); one that dropped them would run."""
    monkeypatch.setenv("COMPLIANCE_LANG", "en")
    paths = [] if command == "serve" else [KIM_GIANG]
    code = main([command, *paths, "--engine-workers", "2"])
    err = capsys.readouterr().err
    assert code == 2 and "the 'python' evaluator has no option 'workers'" in err
