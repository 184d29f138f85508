"""The ``compliance`` command: a thin shell over the Python API.

Each subcommand is a module of this package with ``register(subparsers)``; this module parses,
dispatches and turns every error into a message and an exit code:
0 nothing at or above ``--fail-on`` failed; 1 something did; 2 invalid input or rules; 3 a bug.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from compliance import __version__
from compliance.cli import (
    audit_cmd,
    check,
    explain_cmd,
    lint_cmd,
    schema_cmd,
    serve_cmd,
    test_cmd,
)
from compliance.cli.common import EXIT_INPUT, EXIT_INTERNAL, detect_lang
from compliance.errors import InputError

COMMANDS = (
    check,
    audit_cmd,
    explain_cmd,
    lint_cmd,
    schema_cmd,
    serve_cmd,
    test_cmd,
)

DESCRIPTION = """\
Kiểm tra báo cáo của nhà trường theo các nghĩa vụ trong kế hoạch của ngành giáo dục.
Check school reports against the obligations in education plans.

Mã thoát / exit codes: 0 đạt / nothing failed at or above --fail-on; 1 có mục không đạt / something
failed; 2 dữ liệu hoặc luật không hợp lệ / invalid input or rules; 3 lỗi nội bộ / internal error.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="compliance", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"compliance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    lang = getattr(args, "lang", None) or detect_lang()
    try:
        code: int = args.run(args)
        return code
    except InputError as exc:
        print(exc.render(lang), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("COMPLIANCE_DEBUG"):
            traceback.print_exc()
        message = (
            f"Lỗi nội bộ ({type(exc).__name__}: {exc}). Vui lòng báo lỗi kèm lệnh đã chạy; "
            "đặt COMPLIANCE_DEBUG=1 để xem chi tiết."
            if lang == "vi"
            else f"Internal error ({type(exc).__name__}: {exc}). Please report it with the command you ran; "
            "set COMPLIANCE_DEBUG=1 for details."
        )
        print(message, file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
