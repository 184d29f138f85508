"""The project configuration file: settings a team writes once instead of on every command line.

Either a ``.compliance.yaml`` (or ``.compliance.yml``) file, or a ``[tool.compliance]`` table in
``pyproject.toml``::

    # .compliance.yaml                          # pyproject.toml
    rules: [rules/]                             [tool.compliance]
    params:                                     rules = ["rules/"]
      thanh-xuan-gdct-cths-2023-2024.truoc_ngay: inclusive
    waivers: mien-tru.yaml                      waivers = "mien-tru.yaml"
    fail-on: high                               fail-on = "high"
    lang: vi                                    lang = "vi"

                                                [tool.compliance.params]
                                                "thanh-xuan-gdct-cths-2023-2024.truoc_ngay" = "inclusive"

It is found as ruff finds its own (:func:`discover`): in the folder the search starts from (the
first path given to the command, else the working directory) and then each parent folder up to
the root, the first folder holding ``.compliance.yaml``/``.compliance.yml`` or a
``pyproject.toml`` *with* a ``[tool.compliance]`` table wins (a ``pyproject.toml`` without one is
passed over); in one folder ``.compliance.yaml`` comes first. Paths in it (``rules``,
``waivers``) are relative to the folder holding the file. The command line wins over the
environment (``COMPLIANCE_LANG``), which wins over the file, which wins over the defaults
(``docs/cli.md``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.errors import Code, InputError, Location, Problem
from compliance.i18n import Text
from compliance.messages import listing, problem
from compliance.severity import Severity

NAMES = (".compliance.yaml", ".compliance.yml", "pyproject.toml")
KEYS = ("rules", "params", "waivers", "fail-on", "lang")
FAIL_ON = (*(s.value for s in Severity), "none")


@dataclass(frozen=True, slots=True)
class Config:
    """The settings of one configuration file; None (or empty) when the file does not set them."""

    path: Path
    rules: tuple[str, ...] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    waivers: str | None = None
    fail_on: str | None = None
    lang: str | None = None
    # where each of ``params`` is written in the file (its line in YAML), for a problem with its value
    param_locations: Mapping[str, Location] = field(default_factory=dict)


def discover(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The configuration file that applies to ``start`` (a file or folder; the working directory
    when None), or None."""
    here = Path(start if start is not None else os.getcwd()).absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_tool_table(candidate):
                return candidate
    return None


def find(start: str | os.PathLike[str] | None = None) -> Config | None:
    """The configuration that applies to ``start``, read and checked; None when there is none."""
    path = discover(start)
    return None if path is None else load(path)


def load(path: str | os.PathLike[str]) -> Config:
    """Read and check one configuration file (either kind). Raises :class:`InputError` naming the
    file, the line when known, and the setting."""
    path = Path(path)
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        table, locate = _toml_table(path)
    else:
        table, locate = _yaml_table(path)
    return _settings(path, table, locate)


# ----------------------------------------------------------------------------- reading the two kinds


Locate = Any  # (key: str, *inner: str) -> Location: where the setting key (or a value inside it) is


def _pointer(*parts: object) -> str:
    """The JSON pointer (RFC 6901) of ``parts``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _toml_table(path: Path) -> tuple[dict[str, Any], Locate]:
    data = _read_toml(path)
    table = data.get("tool", {}).get("compliance", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise _problem(Code.CONFIG_VALUE, Location(str(path), pointer="/tool/compliance"), "tool.compliance")
    prefix = "/tool/compliance" if path.name == "pyproject.toml" else ""
    return table, lambda key, *inner: Location(str(path), pointer=prefix + _pointer(key, *inner))


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 - only when a configuration file is read

    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except OSError as exc:
        raise _unreadable(path, exc.strerror or str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _unreadable(path, str(exc)) from None


def _has_tool_table(path: Path) -> bool:
    try:
        data = _read_toml(path)
    except InputError:
        return "[tool.compliance" in path.read_text(encoding="utf-8", errors="replace")
    tool = data.get("tool")
    return isinstance(tool, dict) and "compliance" in tool


def _yaml_table(path: Path) -> tuple[dict[str, Any], Locate]:
    from compliance.loading import load_file  # noqa: PLC0415 - YAML only when such a file is read

    loaded = load_file(path)
    if loaded.data is None:
        return {}, lambda key, *inner: Location(str(path))
    if not isinstance(loaded.data, dict):
        raise _problem(Code.CONFIG_VALUE, loaded.location(""), "/", wanted=_WANTED["table"])
    return loaded.data, lambda key, *inner: loaded.location(_pointer(key, *inner), key=not inner)


# ----------------------------------------------------------------------------- checking the settings

_WANTED = {
    "table": Text(vi="các cặp khóa: giá trị", en="key: value pairs"),
    "rules": Text(vi="một đường dẫn hoặc danh sách đường dẫn", en="a path or a list of paths"),
    "params": Text(
        vi="các cặp MÃ_GÓI.THAM_SỐ: giá trị (chữ, số, true/false hoặc ngày)",
        en="PACK.NAME: value pairs (text, a number, true/false or a date)",
    ),
    "waivers": Text(vi="đường dẫn một tệp", en="the path of a file"),
    "fail-on": Text(vi=f"một trong: {', '.join(FAIL_ON)}", en=f"one of: {', '.join(FAIL_ON)}"),
    "lang": Text(vi="vi hoặc en", en="vi or en"),
}


def _settings(path: Path, table: dict[str, Any], locate: Locate) -> Config:
    base = path.parent
    problems = []
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = str(raw_key).replace("_", "-")
        if key not in KEYS:
            problems.append(
                problem(Code.CONFIG_UNKNOWN_KEY, at=locate(raw_key), key=raw_key, known=listing(KEYS))
            )
            continue
        checked = _check(key, value, base)
        if checked is None:
            problems.append(problem(Code.CONFIG_VALUE, at=locate(raw_key), key=raw_key, wanted=_WANTED[key]))
            continue
        values[key.replace("-", "_")] = checked
        if key == "params":
            values["param_locations"] = {name: locate(raw_key, name) for name in checked}
            problems.extend(_impossible_dates(checked, values["param_locations"]))
    if problems:
        raise InputError(problems)
    return Config(path, **values)


def _check(key: str, value: Any, base: Path) -> Any:
    """The setting ``key`` made usable (paths made absolute), or None when ``value`` is wrong."""
    if key == "rules":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
            return None
        return tuple(str(base / i) for i in items)
    if key == "waivers":
        return str(base / value) if isinstance(value, str) and value else None
    if key == "params":
        if not isinstance(value, dict):
            return None
        out = {}
        for name, item in value.items():
            pack, dot, param = str(name).partition(".")
            if not (pack and dot and param) or not isinstance(item, str | int | float | bool):
                return None
            out[str(name)] = item
        return out
    if key == "fail-on":
        return value if value in FAIL_ON else None
    if key == "lang":
        return value if value in ("vi", "en") else None
    return None  # pragma: no cover - KEYS are all handled above


def _impossible_dates(params: Mapping[str, Any], located: Mapping[str, Location]) -> list[Problem]:
    """A parameter written as a date that does not exist (``31/02/2023``), at its line: refused as
    ``--param`` refuses it, whatever the parameter's type."""
    from compliance.dates import DateInputError, parse_user_date  # noqa: PLC0415

    problems = []
    for name, value in params.items():
        if not isinstance(value, str):
            continue
        try:
            parse_user_date(value)
        except DateInputError as exc:
            if exc.code is Code.DATE_IMPOSSIBLE:
                problems.append(problem(exc.code, at=located[name], **exc.values))
    return problems


def _problem(code: Code, at: Location, key: str, **values: object) -> InputError:
    values.setdefault("wanted", _WANTED["table"])
    return InputError([problem(code, at=at, key=key, **values)])


def _unreadable(path: Path, detail: str) -> InputError:
    return InputError([problem(Code.CONFIG_UNREADABLE, at=Location(str(path)), detail=detail)])
