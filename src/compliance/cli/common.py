"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from compliance import evaluators
from compliance.cli import output
from compliance.dates import DateInputError, parse_user_date
from compliance.engine import PACK_SUFFIXES, Engine, EngineSpec, today
from compliance.errors import Code, InputError, Location, Problem
from compliance.findings import CheckResult
from compliance.i18n import Lang, Text
from compliance.messages import problem
from compliance.resources import bundled_rules
from compliance.severity import Severity

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
# standard output's reader went away (``| head``) before the command knew its exit code: what a
# shell reports for a program that SIGPIPE ended (128 + 13), never 0 (docs/cli.md)
EXIT_CLOSED_PIPE = 141
__all__ = ["today"]
SEVERITIES = [s.value for s in Severity]


def detect_lang() -> Lang:
    value = os.environ.get("COMPLIANCE_LANG", "vi")
    return "en" if value.lower().startswith("en") else "vi"


def arg_error(code: Code, **values: object) -> InputError:
    """The problem `code` with a command-line argument."""
    return InputError([problem(code, at=Location("<command line>"), **values)])


def as_of_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_user_date(text)
    except DateInputError as exc:
        raise InputError([problem(exc.code, at=Location("--as-of"), **exc.values)]) from None


def params(values: list[str] | None, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``PACK.NAME=VALUE`` pairs over ``base`` (the config file's ``params``): see :func:`param_value`."""
    out: dict[str, Any] = dict(base or {})
    for item in values or []:
        key, sep, raw = item.partition("=")
        pack, dot, name = key.strip().partition(".")
        if not sep or not dot or not pack or not name:
            raise arg_error(Code.PARAM_MALFORMED, item=item)
        out[f"{pack}.{name}"] = param_value(raw, where=f"--param {key}")
    return out


_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d+\.\d+")


def param_value(text: str, *, where: str = "--param") -> Any:
    """A parameter value as a person types it: ``true``/``false``, a whole number, a decimal
    number, a date (``dd/mm/yyyy``, ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy`` or ``YYYY-MM-DD``,
    given to the packs as ``YYYY-MM-DD``), otherwise the text itself. No YAML guessing: ``010`` is
    10, ``1:30`` is text. An impossible date (``31/02/2024``) is refused here."""
    raw = text.strip()
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    if _INTEGER.fullmatch(raw):
        return int(raw)
    try:
        return parse_user_date(raw).isoformat()
    except DateInputError as exc:
        if exc.code is Code.DATE_IMPOSSIBLE:
            raise InputError([problem(exc.code, at=Location(where), **exc.values)]) from None
    if _DECIMAL.fullmatch(raw):
        return float(raw)
    return raw


def add_rules_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        action="append",
        metavar="PATH",
        help="bộ tiêu chí hoặc thư mục bộ tiêu chí (lặp được); mặc định: các bộ kèm theo / rule pack file or "
        "folder (repeatable); default: the bundled packs",
    )
    parser.add_argument(
        "--param",
        action="append",
        metavar="PACK.NAME=VALUE",
        help="đặt tham số của bộ tiêu chí / set a rule-pack parameter",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="biên dịch lại các bộ tiêu chí, không dùng bộ nhớ đệm (cũng: COMPLIANCE_NO_CACHE=1) / compile the "
        "rule packs afresh, without the compiled-program cache (also: COMPLIANCE_NO_CACHE=1)",
    )
    parser.add_argument(
        "--engine",
        choices=evaluators.names(),
        default="python",
        help="bộ máy đánh giá: python (mặc định, nhanh) hoặc durable (durable-rules) "
        "/ evaluator: python (default, fast) or durable (durable-rules)",
    )
    for name, option, owners in _engine_flags():
        parser.add_argument(
            f"--engine-{name}",
            dest=f"engine_{name}",
            type=int if option.kind == "count" else float,
            metavar="N" if option.kind == "count" else "S",
            help=f"{option.vi} / {option.en}; chỉ với / only with --engine {'|'.join(owners)}",
        )


def _engine_flags() -> list[tuple[str, evaluators.Option, list[str]]]:
    """The registry's command-line options: name, declaration, the back ends that take it."""
    flags: dict[str, tuple[evaluators.Option, list[str]]] = {}
    for engine, entry in evaluators.EVALUATORS.items():
        for name, option in entry.options.items():
            if option.flag:
                flags.setdefault(name, (option, []))[1].append(engine)
    return [(name, option, owners) for name, (option, owners) in sorted(flags.items())]


def engine_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``--engine-…`` options given (the back end refuses those it does not take)."""
    return {
        name: value
        for name, _, _ in _engine_flags()
        if (value := getattr(args, f"engine_{name}", None)) is not None
    }


def add_packs_argument(parser: argparse.ArgumentParser) -> None:
    """The rule packs a rule-author command works on (``lint``, ``test``)."""
    parser.add_argument(
        "packs",
        nargs="*",
        metavar="PACK",
        help="bộ tiêu chí hoặc thư mục; mặc định: 'rules' của tệp cấu hình, nếu không thì thư mục rules/ ở thư mục "
        "hiện tại nếu có bộ tiêu chí, nếu không thì các bộ kèm theo / pack files or folders; default: the config "
        "file's 'rules', else ./rules/ when it holds packs, else the bundled packs",
    )


def pack_paths(args: argparse.Namespace) -> list[str]:
    """The packs ``lint`` and ``test`` work on: those named; else the config file's ``rules``;
    else ``rules/`` of the working directory when it holds packs (a checkout of a rule
    repository); else the bundled packs."""
    if args.packs:
        return list(args.packs)
    found = getattr(args, "config_found", None)
    if found is not None and found.rules:
        return list(found.rules)
    local = Path("rules")
    if local.is_dir() and any(p.suffix in PACK_SUFFIXES and p.is_file() for p in local.iterdir()):
        return [str(local)]
    return [str(bundled_rules())]


# ----------------------------------------------------------------------------- the config file


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` and ``--no-config``; the command then reads the project's config file
    (:mod:`compliance.config`) before it runs."""
    group = parser.add_argument_group("cấu hình / configuration (docs/cli.md)")
    group.add_argument(
        "--config",
        metavar="FILE",
        help="tệp cấu hình (.compliance.yaml hoặc pyproject.toml); mặc định: tìm từ thư mục của đường dẫn đầu "
        "tiên lên các thư mục cha / config file; default: searched from the first path's folder upwards",
    )
    group.add_argument(
        "--no-config",
        action="store_true",
        help="không đọc tệp cấu hình nào / read no config file",
    )
    parser.set_defaults(configurable=True)


def apply_config(args: argparse.Namespace) -> None:
    """Fill what the command line left unsaid from the config file: the command line wins over
    the environment (``COMPLIANCE_LANG``), which wins over the file, which wins over the defaults.
    ``--param`` values are laid over the file's ``params``, name by name."""
    if not getattr(args, "configurable", False):
        return
    from compliance import config  # noqa: PLC0415

    if args.no_config:
        found = None
    elif args.config:
        found = config.load(args.config)
    else:
        paths = getattr(args, "paths", None) or getattr(args, "packs", None)
        found = config.find(paths[0] if paths else None)
    args.config_found = found
    if found is None:
        return
    if hasattr(args, "rules") and not args.rules and found.rules:
        args.rules = list(found.rules)
    if hasattr(args, "param"):
        args.config_params = {k: _config_param(v) for k, v in found.params.items()}
    if hasattr(args, "waivers") and args.waivers is None:
        args.waivers = found.waivers
    if hasattr(args, "fail_on") and args.fail_on is None:
        args.fail_on = found.fail_on
    if getattr(args, "lang", None) is None and not os.environ.get("COMPLIANCE_LANG") and found.lang:
        args.lang = found.lang


# the problems the packs' compiler finds with a parameter's value, which it places at --param,
# and what each is when the value came from the config file
_FROM_THE_FILE = {
    Code.PARAM_VALUE_TYPE: Code.CONFIG_PARAM_VALUE_TYPE,
    Code.PARAM_NOT_A_CHOICE: Code.CONFIG_PARAM_NOT_A_CHOICE,
}
# and those it places at the pack (or nowhere), worded for the file and the command line alike
_PLACED_AT_THE_PACK = (Code.NO_SUCH_PARAMETER, Code.NO_PACK_FOR_PARAMETER)


def config_blamed(error: InputError, args: argparse.Namespace) -> InputError:
    """``error`` with each problem of a pack parameter whose value came from the config file (not
    from ``--param``) placed at the file's line for it and worded for the file: the packs'
    compiler knows only the value and says ``--param`` (a value of the wrong type, not a choice,
    a parameter the pack does not have). ``error`` itself when there is none."""
    found = getattr(args, "config_found", None)
    if found is None or not found.param_locations:
        return error
    typed = {item.partition("=")[0].strip() for item in getattr(args, "param", None) or []}
    located = {key: at for key, at in found.param_locations.items() if key not in typed}
    problems = [_blamed(p, located, {*found.params, *typed}) for p in error.problems]
    if all(new is old for new, old in zip(problems, error.problems, strict=True)):
        return error
    return InputError(problems)


def _blamed(item: Problem, located: Mapping[str, Location], given: Iterable[str]) -> Problem:
    values = _filled(item) if item.code in (*_FROM_THE_FILE, *_PLACED_AT_THE_PACK) else {}
    if not values:
        return item
    if item.code in _FROM_THE_FILE:
        key = values["key"].en if "key" in values and item.at == Location("--param") else ""
        at = located.get(key)
        return item if at is None else problem(_FROM_THE_FILE[item.code], at=at, **values)
    pack = values["pack"].en if "pack" in values else None
    if item.code is Code.NO_SUCH_PARAMETER:
        keys = [f"{pack}.{values['name'].en}"] if "name" in values else []
    else:  # NO_PACK_FOR_PARAMETER: no pack of that id, for any of its parameters
        keys = [k for k in given if k.partition(".")[0] == pack]
    if keys and all(k in located for k in keys):
        return dataclasses.replace(item, at=located[keys[0]])
    return item


def _filled(item: Problem) -> dict[str, Text]:
    """The values ``item``'s templates were filled with (:func:`compliance.messages.problem`), read
    back from its words in each language; empty when they do not read back."""
    from string import Formatter  # noqa: PLC0415 - only for a problem of a parameter

    from compliance.messages import CATALOGUE  # noqa: PLC0415

    template = CATALOGUE[item.code]
    halves: list[dict[str, str]] = []
    for pairs in (
        ((template.vi, item.message.vi), (template.fix_vi, item.fix.vi)),
        ((template.en, item.message.en), (template.fix_en, item.fix.en)),
    ):
        values: dict[str, str] = {}
        for pattern, text in pairs:
            regex, named = "", set()
            for literal, name, _, _ in Formatter().parse(pattern):
                regex += re.escape(literal)
                if name:
                    regex += f"(?P={name})" if name in named else f"(?P<{name}>.+?)"
                    named.add(name)
            matched = re.fullmatch(regex, text, re.DOTALL)
            if matched is None:
                return {}
            for name, value in matched.groupdict().items():
                if values.setdefault(name, value) != value:
                    return {}
        halves.append(values)
    vi, en = halves
    return {name: Text(vi=vi.get(name, en[name]), en=en[name]) for name in en}


def _config_param(value: object) -> object:
    """A config file's parameter value: a date written dd/mm/yyyy becomes YYYY-MM-DD, as on the
    command line; anything else is as the file typed it."""
    if isinstance(value, str):
        try:
            return parse_user_date(value).isoformat()
        except DateInputError:
            return value
    return value


def add_output_options(parser: argparse.ArgumentParser, formats: list[str], *, several: bool = False) -> None:
    """``--format``, ``--out`` (``-o``) and ``--lang``; ``several``: ``--out`` may be repeated, one
    evaluation written to each (``check``, ``audit``: :func:`targets`)."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        action=output.ExplicitFormat,
        help=f"định dạng kết quả; mặc định theo đuôi tệp --out, nếu không thì {formats[0]} / output format; "
        f"default: from the suffix of --out, else {formats[0]}"
        + (
            "; với nhiều --out: định dạng của --out có đuôi không rõ, --out có đuôi của định dạng khác bị từ chối "
            "/ with several --out: the format of an --out whose suffix names none; an --out whose suffix is "
            "another format's is refused"
            if several
            else ""
        ),
    )
    parser.add_argument(
        "-o",
        "--out",
        "--output",
        dest="out",
        metavar="FILE",
        action="append" if several else "store",
        help="ghi kết quả ra tệp (đuôi tệp chọn định dạng: .json, .xlsx …); '-' là màn hình / write to FILE "
        "(its suffix picks the format: .json, .xlsx …); '-' is standard output"
        + (
            "; lặp lại được: một lần kiểm tra, ghi ra từng tệp, ví dụ --out kq.html --out kq.xlsx --out kq.sarif "
            "/ repeatable: one evaluation written to each, e.g. --out audit.html --out audit.xlsx --out audit.sarif"
            if several
            else ""
        ),
    )
    add_lang(parser)


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=["vi", "en"],
        help="ngôn ngữ / language (mặc định / default: vi, or $COMPLIANCE_LANG)",
    )


def target(args: argparse.Namespace, formats: Iterable[str]) -> output.Target:
    """Where this command writes (``--format``, ``--out``), decided before any work is done."""
    return output.resolve(args.format, args.out, formats, format_given=getattr(args, "format_given", False))


def targets(args: argparse.Namespace, formats: Iterable[str]) -> list[output.Target]:
    """Every place a command with several ``--out`` writes (:func:`output.resolve_all`), decided
    before any work is done: standard output when no ``--out`` is given."""
    return output.resolve_all(
        args.format, args.out, formats, format_given=getattr(args, "format_given", False)
    )


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="ngày xét (dd/mm/yyyy hoặc YYYY-MM-DD); trước hạn là 'chưa đến hạn', sau hạn là 'không đạt'; "
        "mặc định: hôm nay / the date to judge at (dd/mm/yyyy or YYYY-MM-DD); default: today",
    )


FAIL_ON_DEFAULT = "info"


def add_fail_on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-on",
        choices=[*SEVERITIES, "none"],
        help="thoát mã 1 nếu có mục không đạt hoặc lỗi ở mức này trở lên (none: không bao giờ) / exit 1 when "
        f"a finding at or above this severity fails or is an error (none: never); default: {FAIL_ON_DEFAULT}",
    )


def fail_on(value: str | None) -> Severity | None:
    """``--fail-on`` (or the config file's ``fail-on``), ``info`` when neither says."""
    value = value or FAIL_ON_DEFAULT
    return None if value == "none" else Severity(value)


def engine_params(args: argparse.Namespace) -> dict[str, Any]:
    """The pack parameters: ``--param`` laid over the config file's ``params``."""
    return params(args.param, getattr(args, "config_params", None))


def engine_spec(args: argparse.Namespace) -> EngineSpec:
    """How the command's engine is built: its packs, through the compiled-program cache unless
    ``--no-cache`` (or ``COMPLIANCE_NO_CACHE``) says not to (:mod:`compliance.cache`)."""
    return EngineSpec(
        rules=tuple(args.rules or ()),
        params=engine_params(args),
        engine=args.engine,
        options=engine_options(args),
        cache=not getattr(args, "no_cache", False),
    )


def make_engine(args: argparse.Namespace) -> Engine:
    """The engine of the command's packs (:func:`engine_spec`)."""
    return engine_spec(args).build()


def write_result(outs: Iterable[output.Target], result: CheckResult, lang: Lang, *, jobs: int = 1) -> None:
    """``result`` written to each target in turn, in its format, each file as its findings are
    read (once per target: a spooled audit is read again, never evaluated again) and moved into
    place when whole; ``jobs``: processes that may share the writing (:func:`compliance.reporters.write`).

    A target that cannot be written stops the writing there (:class:`AfterChecking`: exit 2, the
    files before it kept). A pipe whose reader is gone (``| head``) is only that target's end: it
    is left quietly and the other files are written all the same — the command's exit code, known
    by then, stands (docs/cli.md)."""
    from compliance.reporters import write  # noqa: PLC0415 - as the command writes

    for out in outs:
        try:
            with out.open(lang) as stream:
                write(result, out.format, lang, stream, color=out.color, width=out.width, jobs=jobs)
        except BrokenPipeError:
            continue
        except AfterChecking:
            raise
        except InputError as error:
            raise AfterChecking(error.problems) from None


class AfterChecking(InputError):
    """A problem met once the rules were checked — an ``--out`` that cannot be written, the store
    of ``--save``: exit 2 with its message, and no rejection document (:func:`rejecting`), which
    would say that no rule was checked and would replace the files already written."""


@contextlib.contextmanager
def once_checked() -> Iterator[None]:
    """What fails in the block (the rules having been checked) is :class:`AfterChecking`."""
    try:
        yield
    except AfterChecking:
        raise
    except InputError as error:
        raise AfterChecking(error.problems) from None


# formats a program reads: a rejected input still gets a document of the format asked for
MACHINE_FORMATS = frozenset({"json", "sarif", "sarif-all", "junit", "junit-ant"})


def rejecting(
    run: Callable[[argparse.Namespace], int], formats: Iterable[str]
) -> Callable[[argparse.Namespace], int]:
    """``run``, and when it rejects its input (:class:`InputError`, exit 2) the rejection document
    of :func:`write_rejection` in the format asked for, to every ``--out`` of a machine format,
    before the error goes on to its message (with a problem of its own for a file that could not
    be written: the others are written all the same). A problem met once the rules were checked
    (:class:`AfterChecking`) is no rejection: nothing is written for it."""

    def rejects(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except AfterChecking:  # not a rejected input: the files written stay as they are
            raise
        except InputError as rejected:
            error = config_blamed(rejected, args)
            try:
                outs = targets(args, formats)
            except InputError:  # the targets themselves are what is wrong: nothing to write to
                raise error from None
            try:
                as_of = as_of_date(getattr(args, "as_of", None)) or today()
            except InputError:
                as_of = today()
            lang = args.lang or detect_lang()
            unwritten: list[Problem] = []
            for out in outs:
                try:
                    write_rejection(out, error, lang, engine=args.engine, as_of=as_of)
                except BrokenPipeError:  # its reader is gone: the others are written, the exit is 2
                    continue
                except InputError as failed:
                    unwritten.extend(failed.problems)
            if unwritten or error is not rejected:
                raise InputError([*error.problems, *unwritten]) from None
            raise

    return rejects


def write_rejection(
    out: output.Target, error: InputError, lang: Lang, *, engine: str, as_of: dt.date
) -> None:
    """With a machine format (JSON, SARIF, JUnit), write the document of that format that lists
    the problems of a rejected input (file, line, column, pointer, code, message, fix) and no
    finding, so that a portal reads why instead of scraping standard error. The caller still
    exits 2 with the message on standard error."""
    if out.format not in MACHINE_FORMATS:
        return
    from compliance import __version__  # noqa: PLC0415
    from compliance.findings import CheckResult, InputProblem, summarize  # noqa: PLC0415
    from compliance.i18n import Text  # noqa: PLC0415
    from compliance.reporters import render  # noqa: PLC0415

    problems = [InputProblem.of(p) for p in error.problems]
    note = Text(
        vi=f"Dữ liệu vào bị từ chối ({len(problems)} lỗi, xem problems): chưa kiểm tra tiêu chí nào.",
        en=f"The input was rejected ({len(problems)} problem(s), see problems): no rule was checked.",
    )
    result = CheckResult(
        tool_version=__version__,
        engine=engine,
        as_of=as_of,
        packs=[],
        documents=[],
        findings=[],
        problems=problems,
        notes=[note],
        summary=summarize([]),
    )
    out.write(render(result, out.format, lang), lang)
