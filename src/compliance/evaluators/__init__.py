"""Back ends that answer the IR's queries (:class:`compliance.ir.Selector`) on a portfolio, by name.

:data:`EVALUATORS` is the one list of back ends: each name, the class that implements it (a
``"module:Class"`` reference, imported only when an engine of that kind is built) and the options
its constructor accepts. The CLI's ``--engine`` choices and ``--engine-…`` options, the Python
API (``Engine(program, engine=…, engine_options=…)``) and the HTTP server all go through
:func:`create`, which refuses an unknown name, option or value with a bilingual message naming
the choices before anything is imported.

This package imports nothing at first: the durable-rules worker processes import it (their
entry point lives here), and must not pay for the engine. :class:`~.base.Evaluator`,
:data:`~.base.Matches` and :class:`~.base.EvaluationFailure` are in :mod:`.base`, and are
importable from here too.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads the name), without importing typing
if TYPE_CHECKING:
    from typing import Any, Literal

    from compliance.errors import InputError
    from compliance.evaluators.base import EvaluationFailure, Evaluator, Matches
    from compliance.program import Program

    OptionKind = Literal["count", "seconds", "function"]

__all__ = ["EVALUATORS", "EvaluationFailure", "Evaluator", "Matches", "Option", "create", "names"]


@dataclass(frozen=True, slots=True)
class Option:
    """An option of an evaluator: ``count`` is a whole number ≥ 1, ``seconds`` a number > 0,
    ``function`` a module-level function (it is sent to worker processes by reference).
    ``flag``: offered on the command line as ``--engine-<name>``."""

    kind: OptionKind
    vi: str
    en: str
    flag: bool = True


@dataclass(frozen=True, slots=True)
class Entry:
    """A registered back end: where its class is, and the keyword options it accepts."""

    target: str  # "module:Class"
    options: dict[str, Option]


EVALUATORS: dict[str, Entry] = {
    "python": Entry("compliance.evaluators.python:PythonEvaluator", {}),
    "durable": Entry(
        "compliance.evaluators.durable:DurableEvaluator",
        {
            "workers": Option(
                "count",
                "số tiến trình durable-rules, tức số lần đánh giá chạy cùng lúc (mặc định 1)",
                "durable-rules worker processes, i.e. evaluations run at the same time (default 1)",
            ),
            "timeout": Option(
                "seconds",
                "số giây tối đa cho một hồ sơ hoặc để khởi động một tiến trình (mặc định 30)",
                "seconds one portfolio, or a worker's start, may take (default 30)",
            ),
            "worker_main": Option(
                "function",
                "hàm chạy trong mỗi tiến trình (mặc định: vòng xử lý của durable-rules)",
                "the function each worker process runs (default: the durable-rules message loop)",
                flag=False,
            ),
        },
    ),
}


def names() -> tuple[str, ...]:
    """The registered back ends, the default (``python``) first."""
    return tuple(EVALUATORS)


def create(name: str, program: Program, **options: Any) -> Evaluator:
    """A back end ``name`` for ``program``, built with ``options``. Raises
    :class:`~compliance.errors.InputError` for an unknown name, option or value."""
    entry = EVALUATORS.get(name)
    if entry is None:
        raise _refusal("UNKNOWN_EVALUATOR", name=name, known=", ".join(EVALUATORS))
    for option, value in options.items():
        _check(name, entry, option, value)
    module, _, attribute = entry.target.partition(":")
    factory = getattr(importlib.import_module(module), attribute)
    evaluator: Evaluator = factory(program, **options)
    return evaluator


def _check(name: str, entry: Entry, option: str, value: object) -> None:
    spec = entry.options.get(option)
    if spec is None:
        known = ", ".join(sorted(entry.options))
        advice = (
            (f"dùng một trong: {known}", f"use one of: {known}")
            if known
            else (
                f"bỏ tùy chọn này: bộ máy '{name}' không có tùy chọn nào",
                f"leave it out: the '{name}' evaluator takes no options",
            )
        )
        raise _refusal("UNKNOWN_EVALUATOR_OPTION", name=name, option=option, known=advice)
    if _fits(spec.kind, value):
        return
    wanted_vi, wanted_en = _WANTED[spec.kind]
    raise _refusal(
        "EVALUATOR_OPTION_VALUE",
        name=name,
        option=option,
        value=repr(value),
        wanted=(wanted_vi, wanted_en),
        meaning=(spec.vi, spec.en),
    )


_WANTED = {
    "count": ("một số nguyên ≥ 1", "a whole number ≥ 1"),
    "seconds": ("một số giây > 0", "a number of seconds > 0"),
    "function": ("một hàm", "a function"),
}


def _fits(kind: OptionKind, value: object) -> bool:
    if kind == "function":
        return callable(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if kind == "count":
        return isinstance(value, int) and value >= 1
    return 0 < value < math.inf


def _refusal(code: str, **values: str | tuple[str, str]) -> InputError:
    """The refusal ``code`` (a :class:`~compliance.errors.Code` name); a pair is (vi, en)."""
    # imported only when refusing: the registry itself stays free of pydantic
    from compliance.errors import Code, InputError, Location  # noqa: PLC0415
    from compliance.i18n import Text  # noqa: PLC0415
    from compliance.messages import problem  # noqa: PLC0415

    filled = {k: Text(vi=v[0], en=v[1]) if isinstance(v, tuple) else v for k, v in values.items()}
    return InputError([problem(Code[code], at=Location("<engine>"), **filled)])


if not TYPE_CHECKING:  # mypy sees the names above, and flags any other

    def __getattr__(name: str) -> Any:
        """The protocol's names, from :mod:`.base` on first use."""
        if name in {"EvaluationFailure", "Evaluator", "Matches"}:
            return getattr(importlib.import_module("compliance.evaluators.base"), name)
        raise AttributeError(f"module 'compliance.evaluators' has no attribute {name!r}")
