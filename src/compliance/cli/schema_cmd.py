"""``compliance schema``: print a bundled JSON Schema (for editors, portals and validators)."""

from __future__ import annotations

import argparse
import json

from compliance.cli import common, output
from compliance.schemas import SCHEMAS, build_schema


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = "In một JSON Schema của công cụ. Print one of the tool's JSON Schemas."
    parser.add_argument(
        "name", choices=list(SCHEMAS), help="report, findings, rule-pack, diff hoặc/or waivers"
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
    out = output.resolve("json", args.out, ["json"])
    out.write(
        json.dumps(build_schema(args.name), ensure_ascii=False, indent=2) + "\n",
        args.lang or common.detect_lang(),
    )
    return common.EXIT_OK
