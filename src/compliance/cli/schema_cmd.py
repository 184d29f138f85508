"""``compliance schema``: print a bundled JSON Schema (for editors, portals and validators)."""

from __future__ import annotations

import argparse
import json

from compliance.cli import common
from compliance.schemas import SCHEMAS, build_schema


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = "In một JSON Schema của công cụ. Print one of the tool's JSON Schemas."
    parser.add_argument("name", choices=list(SCHEMAS), help="report, findings hoặc/or rule-pack")
    parser.add_argument("--out", metavar="FILE", help="ghi ra tệp / write to FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    common.emit(json.dumps(build_schema(args.name), ensure_ascii=False, indent=2) + "\n", args.out)
    return common.EXIT_OK
