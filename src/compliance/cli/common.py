"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance import evaluators
from compliance.dates import DateInputError, parse_user_date
from compliance.engine import Engine, today
from compliance.errors import Code, InputError, Location
from compliance.i18n import Lang
from compliance.messages import problem
from compliance.severity import Severity

if TYPE_CHECKING:
    from compliance.findings import CheckResult

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
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


def params(values: list[str] | None) -> dict[str, Any]:
    """``PACK.NAME=VALUE`` pairs; VALUE is read as YAML (``true``, ``3``, ``2024-05-31`` stay typed)."""
    import yaml  # noqa: PLC0415

    out: dict[str, Any] = {}
    for item in values or []:
        key, sep, raw = item.partition("=")
        if not sep or "." not in key:
            raise arg_error(Code.PARAM_MALFORMED, item=item)
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError:
            value = raw
        out[key] = value.isoformat() if isinstance(value, dt.date) else value
    return out


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
        help="bộ tiêu chí hoặc thư mục; mặc định: các bộ kèm theo / pack files or folders; default: the bundled packs",
    )


def add_output_options(parser: argparse.ArgumentParser, formats: list[str]) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"định dạng kết quả / output format (mặc định / default: {formats[0]})",
    )
    parser.add_argument(
        "--out",
        "--output",
        dest="out",
        metavar="FILE",
        help="ghi kết quả ra tệp thay vì màn hình / write to FILE instead of standard output",
    )
    parser.add_argument(
        "--lang",
        choices=["vi", "en"],
        help="ngôn ngữ / language (mặc định / default: vi, or $COMPLIANCE_LANG)",
    )


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="ngày xét (dd/mm/yyyy hoặc YYYY-MM-DD); trước hạn là 'chưa đến hạn', sau hạn là 'không đạt'; "
        "mặc định: hôm nay / the date to judge at (dd/mm/yyyy or YYYY-MM-DD); default: today",
    )


def add_fail_on(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument(
        "--fail-on",
        choices=[*SEVERITIES, "none"],
        default=default,
        help="thoát mã 1 nếu có mục không đạt ở mức này trở lên / exit 1 when something at or above "
        f"this severity fails (default: {default or 'none'})",
    )


def fail_on(value: str | None) -> Severity | None:
    return None if value in (None, "none") else Severity(value)


def make_engine(args: argparse.Namespace) -> Engine:
    return Engine.from_path(
        *(args.rules or ()),
        params=params(args.param),
        engine=args.engine,
        engine_options=engine_options(args),
    )


def emit(payload: str | bytes, out: str | None) -> None:
    if out is None:
        if isinstance(payload, bytes):
            sys.stdout.buffer.write(payload)
        else:
            sys.stdout.write(payload)
        sys.stdout.flush()
        return
    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(payload, bytes):
            target.write_bytes(payload)
        else:
            target.write_text(payload, encoding="utf-8")
    except OSError as exc:
        raise arg_error(Code.CANNOT_WRITE, path=out, reason=exc.strerror) from None


def emit_result(result: CheckResult, fmt: str, lang: Lang, out: str | None) -> None:
    """Write ``result`` in ``fmt`` to the file ``out``, or to standard output, as the reporter
    reads it (an audit's findings are never all in memory). A file that cannot be written is
    removed, not left half written."""
    from compliance.reporters import write  # noqa: PLC0415 - only the command that reports needs it

    if out is None:
        sys.stdout.flush()
        write(result, fmt, lang, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:
            try:
                write(result, fmt, lang, stream)
            except OSError:
                stream.close()
                if target.is_file():  # never a device such as /dev/full
                    target.unlink()
                raise
    except OSError as exc:
        raise arg_error(Code.CANNOT_WRITE, path=out, reason=exc.strerror) from None
