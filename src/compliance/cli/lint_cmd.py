"""``compliance lint``: check rule packs against the schema, each other and the plans they quote."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from compliance.cli import common
from compliance.engine import load_pack_files
from compliance.i18n import Lang
from compliance.lint import lint, to_sarif
from compliance.resources import bundled_rules


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "lint",
        help="kiểm tra gói luật / lint rule packs",
        description=(
            "Kiểm tra gói luật: ngôn ngữ luật, trường không có trong schema, mã luật trùng, trích dẫn không nguyên văn, "
            "thứ trong tuần ghi sai, hạn khác ngày trích dẫn, hạn ngoài năm học, luật không áp dụng cho ai. "
            "Lint rule packs: language, unknown fields, duplicate ids, quotes not verbatim (--sources), wrong "
            "weekdays, due dates unlike the quote, deadlines outside the year, rules that apply to nobody. "
            "Exit 0 clean, 1 findings, 2 unreadable input."
        ),
    )
    parser.add_argument(
        "packs", nargs="*", metavar="PACK", help="gói luật hoặc thư mục; mặc định: gói kèm theo"
    )
    parser.add_argument(
        "--sources",
        metavar="DIR",
        help="thư mục văn bản nguồn (seeds) để đối chiếu trích dẫn / folder of source documents",
    )
    parser.add_argument(
        "--format", choices=["text", "json", "sarif"], default="text", help="định dạng / format"
    )
    parser.add_argument("--out", metavar="FILE", help="ghi ra tệp / write to FILE")
    parser.add_argument("--lang", choices=["vi", "en"], help="ngôn ngữ / language")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lang: Lang = args.lang or common.detect_lang()
    sources = Path(args.sources) if args.sources else None
    if sources is not None and not sources.is_dir():
        raise common.arg_error(
            f"không có thư mục nguồn '{sources}'",
            f"no source folder '{sources}'",
            "chỉ đến thư mục seeds/",
            "point at the seeds/ folder",
        )
    files = load_pack_files(args.packs or [bundled_rules()])
    report = lint(files, sources)
    if args.format == "json":
        payload = {
            "files": report.files,
            "findings": [
                {
                    "code": f.code,
                    "level": f.level,
                    "file": f.file,
                    "line": f.line,
                    "column": f.column,
                    "pointer": f.pointer,
                    "rule_id": f.rule_id,
                    "message": f.message.model_dump(),
                }
                for f in report.findings
            ],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "sarif":
        text = json.dumps(to_sarif(report, lang), ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [f.render(lang) for f in report.findings]
        errors = sum(f.level != "info" for f in report.findings)
        lines.append(
            f"{len(report.files)} gói luật, {errors} vấn đề"
            if lang == "vi"
            else f"{len(report.files)} pack(s), {errors} problem(s)"
        )
        text = "\n".join(lines) + "\n"
    common.emit(text, args.out)
    return common.EXIT_FAIL if report.failed else common.EXIT_OK
