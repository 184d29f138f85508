"""``compliance convert``: one report in another format (YAML, JSON, a filled .xlsx form)."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from compliance.cli import common, output

FORMATS = ("xlsx", "yaml", "json")
_BY_SUFFIX = {".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Chuyển một báo cáo (YAML, JSON hoặc biểu mẫu .xlsx đã điền) sang định dạng khác; báo cáo phải hợp lệ. "
        "Convert one report (YAML, JSON or a filled .xlsx form) into another format; the report must be valid "
        "(docs/intake.md)."
    )
    parser.add_argument("report", metavar="REPORT", help="tệp báo cáo / the report file")
    parser.add_argument(
        "--to",
        choices=FORMATS,
        help="định dạng đích; mặc định: theo đuôi của --out / the format to write; default: --out's suffix",
    )
    parser.add_argument(
        "-o",
        "--out",
        metavar="FILE",
        help="ghi ra tệp; '-' là màn hình / write to FILE; '-' is standard output",
    )
    common.add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from compliance.errors import Code, InputError, Location, ReportError  # noqa: PLC0415
    from compliance.loading import load_file  # noqa: PLC0415
    from compliance.messages import problem  # noqa: PLC0415
    from compliance.validate import validate_report  # noqa: PLC0415

    lang = args.lang or common.detect_lang()
    to = args.to or (_BY_SUFFIX.get(Path(args.out).suffix.lower()) if args.out not in (None, "-") else None)
    if to is None:
        raise InputError([problem(Code.CONVERT_NO_FORMAT, at=Location("--to"))])
    out = output.resolve(to, args.out, FORMATS)
    loaded = load_file(args.report, error=ReportError, workbook=True)
    problems = validate_report(loaded)
    if problems:
        raise ReportError(problems)
    out.write(render(loaded.data, to, args.report), lang)
    return common.EXIT_OK


def render(data: dict[str, object], to: str, name: str) -> bytes | str:
    """The report ``data`` (valid) written as ``to``."""
    if to == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if to == "yaml":
        return dump_yaml(data)
    from compliance.errors import ReportError  # noqa: PLC0415
    from compliance.template import CannotHold, write_report  # noqa: PLC0415 - XlsxWriter only here

    try:
        return write_report(data, name=name)
    except CannotHold as exc:
        raise ReportError(exc.problems) from None


_NUMBER_LIKE = re.compile(r"[0-9+\-._:eExXoObB]*[0-9][0-9+\-._:eExXoObB]*")


def dump_yaml(data: object) -> str:
    """YAML our loader reads back as it was: text that looks like a number (``0108123456``, a tax
    id; ``1_000``; ``10:30``) is quoted, which PyYAML's dumper does not do for every such form."""
    import yaml  # noqa: PLC0415

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "'" if _NUMBER_LIKE.fullmatch(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
