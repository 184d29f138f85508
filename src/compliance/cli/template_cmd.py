"""``compliance template``: a blank report form (biểu mẫu, .xlsx) generated from the schema."""

from __future__ import annotations

import argparse

from compliance.cli import common, output
from compliance.fieldtypes import report_type


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Tạo biểu mẫu báo cáo .xlsx từ schema để đơn vị điền rồi gửi (compliance check đọc được tệp đã điền). "
        "Write a blank .xlsx report form from the schema for units to fill in (compliance check reads it back; "
        "docs/intake.md)."
    )
    ftype = report_type()
    kinds = sorted(ftype.properties["kind"].enum or ())
    unit_types = sorted(ftype.properties["submitter"].properties["unit_type"].enum or ())
    parser.add_argument(
        "kind", choices=kinds, metavar="KIND", help="loại văn bản / document kind: " + ", ".join(kinds)
    )
    parser.add_argument(
        "--pack",
        action="append",
        metavar="PACK",
        help="chỉ gồm thông tin mà các tiêu chí của bộ này đọc (lặp được); mặc định: mọi thông tin, trích dẫn "
        "các bộ kèm theo / only the fields this pack's rules read (repeatable); default: every field, citing "
        "the bundled packs",
    )
    parser.add_argument(
        "--unit-type",
        choices=unit_types,
        metavar="T",
        help="loại đơn vị điền biểu mẫu (ghi sẵn; với --pack chỉ các tiêu chí áp dụng cho loại này) / the unit "
        "type filling it in (pre-filled; with --pack only the rules for it): " + ", ".join(unit_types),
    )
    parser.add_argument(
        "-o", "--out", metavar="FILE", required=True, help="tệp .xlsx sẽ ghi / the .xlsx file to write"
    )
    common.add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from compliance.engine import compile_paths  # noqa: PLC0415 - after the arguments are checked
    from compliance.resources import bundled_rules  # noqa: PLC0415
    from compliance.template import write_template  # noqa: PLC0415 - XlsxWriter only here

    lang = args.lang or common.detect_lang()
    out = output.resolve("xlsx", args.out, ["xlsx"])
    program = compile_paths(args.pack or [bundled_rules()], cache=True)
    content = write_template(
        kind=args.kind, unit_type=args.unit_type, program=program, restrict=bool(args.pack)
    )
    out.write(content, lang)
    return common.EXIT_OK
