"""The ``compliance`` command: a thin shell over the Python API.

Each subcommand is a module of this package with ``register(parser)``, which describes the
command and adds its arguments, and ``run(args)``. :data:`COMMANDS` names them, with the line of
help the command list shows; a command's module (and the engine it imports) is imported only
when that command is parsed or its help is asked for, so ``compliance --version`` and
``compliance --help`` import neither the engine nor pydantic. This module parses, dispatches and
turns every error into a message and an exit code:
0 nothing at or above ``--fail-on`` failed; 1 something did; 2 invalid input or rules; 3 a bug.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from compliance._version import __version__

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads the name), without importing typing
if TYPE_CHECKING:
    from typing import Any, NoReturn

# name → (module, help in the command list), in the order the command list shows them
COMMANDS = {
    "check": ("compliance.cli.check", "kiểm tra báo cáo / check reports"),
    "audit": ("compliance.cli.audit_cmd", "kiểm tra toàn bộ báo cáo của một địa bàn / audit a district"),
    "history": (
        "compliance.cli.history_cmd",
        "các lần kiểm tra đã lưu, một đơn vị hay tiêu chí qua các lần / saved runs, a unit or rule over time",
    ),
    "diff": ("compliance.cli.diff_cmd", "so sánh hai lần kiểm tra / compare two audits"),
    "explain": (
        "compliance.cli.explain_cmd",
        "giải thích kết luận của một tiêu chí / explain a rule's finding",
    ),
    "lint": ("compliance.cli.lint_cmd", "kiểm tra bộ tiêu chí / lint rule packs"),
    "schema": ("compliance.cli.schema_cmd", "in JSON Schema / print a JSON Schema"),
    "template": (
        "compliance.cli.template_cmd",
        "tạo biểu mẫu báo cáo .xlsx / write a blank .xlsx report form",
    ),
    "convert": (
        "compliance.cli.convert_cmd",
        "chuyển báo cáo giữa YAML, JSON và .xlsx / convert a report between YAML, JSON and .xlsx",
    ),
    "calendar": (
        "compliance.cli.calendar_cmd",
        "ghi lịch hạn báo cáo (.ics) / write a deadline calendar (.ics)",
    ),
    "draft": (
        "compliance.cli.draft_cmd",
        "soạn bản nháp bộ tiêu chí từ văn bản kế hoạch / draft a rule pack from a plan's text",
    ),
    "letters": (
        "compliance.cli.letters_cmd",
        "viết công văn đôn đốc cho các đơn vị / write reminder letters to the units",
    ),
    "serve": ("compliance.cli.serve_cmd", "chạy API HTTP / run the HTTP API"),
    "test": (
        "compliance.cli.test_cmd",
        "chạy các ví dụ trong bộ tiêu chí / run the rule packs' own examples",
    ),
    "completion": (
        "compliance.cli.completion_cmd",
        "in tập lệnh gợi ý (TAB) cho bash, zsh, fish / print a shell completion script",
    ),
}

DESCRIPTION = """\
Kiểm tra báo cáo của nhà trường theo các nghĩa vụ trong kế hoạch của ngành giáo dục.
Check school reports against the obligations in education plans.

Mã thoát / exit codes (check, audit; lint và test: xem --help của lệnh / see their --help):
  0  không có mục nào không đạt hoặc lỗi ở mức --fail-on (mặc định info) trở lên
     / nothing at or above --fail-on (default info) failed or was an error
  1  có mục như vậy, hoặc (audit) có văn bản không đọc được / something did, or (audit) a document
     could not be read
  2  dữ liệu vào, tiêu chí, cấu hình hoặc tham số không dùng được / unusable input, rules, config
     or arguments
  3  lỗi nội bộ / internal error
"""

USAGE_PREFIX = "cách dùng / usage: "

# the argv being parsed by main(), for the language of argparse's messages
_parsing: list[str] = []


class _Parser(argparse.ArgumentParser):
    """An argument parser whose own words are bilingual (headings, ``-h``) and whose usage errors
    follow the language (``--lang``, ``$COMPLIANCE_LANG``, the config file; Vietnamese first)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số / arguments"
        self._optionals.title = "tùy chọn / options"
        self.add_argument(
            "-h", "--help", action="help", help="hiện trợ giúp này rồi thoát / show this help and exit"
        )

    def format_usage(self) -> str:
        return _bilingual_usage(super().format_usage())

    def format_help(self) -> str:
        return _bilingual_usage(super().format_help())

    def error(self, message: str) -> NoReturn:
        from compliance.cli._argparse_vi import suggestion, translate  # noqa: PLC0415 - only on an error

        lang = _error_lang(_parsing)
        shown = translate(message) if lang == "vi" else message
        if (hint := suggestion(message, lang)) is not None:
            shown += f" — {hint}"
        word, see = ("lỗi", "Xem") if lang == "vi" else ("error", "See")
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {word}: {shown}\n{see}: {self.prog} --help\n")


def _bilingual_usage(text: str) -> str:
    return USAGE_PREFIX + text.removeprefix("usage: ") if text.startswith("usage: ") else text


def _error_lang(argv: Sequence[str]) -> str:
    """The language of a usage error: ``--lang`` among the arguments, else ``$COMPLIANCE_LANG``,
    else the config file found from the working directory, else Vietnamese."""
    for i, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in ("vi", "en"):
            return value
    if env := os.environ.get("COMPLIANCE_LANG"):
        return "en" if env.lower().startswith("en") else "vi"
    try:
        from compliance.config import find  # noqa: PLC0415

        found = find()
    except Exception:  # a broken config file does not hide the usage error
        return "vi"
    return found.lang if found is not None and found.lang else "vi"


class _CommandParser(_Parser):
    """A subcommand's parser, filled in by its module's ``register`` the first time it parses
    or shows its usage or help."""

    def __init__(self, *args: Any, module: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._module: str | None = module

    def _load(self) -> None:
        if self._module is not None:
            module, self._module = self._module, None
            importlib.import_module(module).register(self)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        self._load()
        return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        self._load()
        return super().format_usage()

    def format_help(self) -> str:
        self._load()
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="compliance", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"compliance {__version__}",
        help="in số phiên bản rồi thoát / show the version and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_CommandParser)
    for name, (module, summary) in COMMANDS.items():
        sub.add_parser(name, help=summary, module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    _parsing[:] = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    # imported once a command is chosen: its module has imported them already
    from compliance.cli.common import (  # noqa: PLC0415
        EXIT_CLOSED_PIPE,
        EXIT_INPUT,
        EXIT_INTERNAL,
        apply_config,
        config_blamed,
        detect_lang,
    )
    from compliance.errors import InputError  # noqa: PLC0415

    lang = getattr(args, "lang", None) or detect_lang()
    try:
        apply_config(args)
        lang = getattr(args, "lang", None) or detect_lang()
        code: int = args.run(args)
        return code
    except InputError as exc:
        _tell(config_blamed(exc, args).render(lang))
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of standard output went away (``| head``) before the command knew its exit
        # code (``check`` and ``audit`` know it before they write, and exit with it): quietly, and
        # never 0, which would say that nothing failed (docs/cli.md).
        from compliance.cli.output import silence  # noqa: PLC0415

        silence()
        return EXIT_CLOSED_PIPE
    except Exception as exc:
        if os.environ.get("COMPLIANCE_DEBUG"):
            import traceback  # noqa: PLC0415 - only for a bug, on request

            traceback.print_exc()
        message = (
            f"Lỗi nội bộ ({type(exc).__name__}: {exc}). Vui lòng báo lỗi kèm lệnh đã chạy; "
            "đặt COMPLIANCE_DEBUG=1 để xem chi tiết."
            if lang == "vi"
            else f"Internal error ({type(exc).__name__}: {exc}). Please report it with the command you ran; "
            "set COMPLIANCE_DEBUG=1 for details."
        )
        _tell(message)
        return EXIT_INTERNAL


def _tell(message: str) -> None:
    """``message`` on standard error; when its reader is gone (``2>&1 | head``), nothing: the exit
    code still says what happened."""
    try:
        print(message, file=sys.stderr)
        sys.stderr.flush()
    except BrokenPipeError:
        from compliance.cli.output import silence  # noqa: PLC0415

        silence(sys.stderr)


# Whether this process is the ``compliance`` command itself (:func:`run`), not a program calling
# :func:`main`: only then may a command change what is the whole process's (the collector).
owns_process = False


def run() -> NoReturn:
    """The ``compliance`` command (its console script, and ``python -m compliance``): :func:`main`,
    then the end of the process without the interpreter's teardown, which frees every module and
    object one by one (80–120 ms after an audit of 5 000 reports, 25–30 ms of the README's audit
    of the examples) when the system frees them at once. What exiting must do is done first: the
    ``atexit`` handlers run (multiprocessing's, temporary folders', coverage's …) and the standard
    streams are flushed. While another thread runs (an embedding program's), or when flushing
    fails (a closed pipe), the exit is Python's own."""
    global owns_process  # noqa: PLW0603 - set once, by the command itself
    owns_process = True
    code = main()
    threading = sys.modules.get("threading")
    if threading is None or threading.active_count() == 1:
        import atexit  # noqa: PLC0415 - only on the way out

        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe, a full disk: reported by Python's own exit, as always
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
