"""``compliance draft PLAN``: a draft rule pack from a plan's text (docs/draft.md)."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from compliance.cli import common, output

_SUFFIXES = (".txt", ".docx")


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Soạn bản nháp bộ tiêu chí từ văn bản kế hoạch (.txt UTF-8 hoặc .docx): mỗi câu giống một nghĩa vụ "
        "thành một tiêu chí ứng viên, trích nguyên văn; điều văn bản không nói được đánh dấu TODO. "
        "Draft a rule pack from a plan's text (.txt in UTF-8, or .docx): one candidate rule per obligation-like "
        "sentence, quoted verbatim; what the text does not say is marked TODO (docs/draft.md)."
    )
    parser.add_argument(
        "plan", metavar="PLAN", help="văn bản kế hoạch .txt hoặc .docx / the plan, .txt or .docx"
    )
    parser.add_argument(
        "--school-year",
        metavar="YYYY-YYYY",
        help="năm học của bộ tiêu chí; mặc định: năm học văn bản ghi / the pack's school year; default: the one the plan names",
    )
    parser.add_argument(
        "-o",
        "--out",
        metavar="FILE",
        help="ghi bản nháp ra tệp; mặc định: màn hình / write the draft to FILE; default: standard output",
    )
    parser.add_argument(
        "--text",
        metavar="FILE",
        help="ghi văn bản đã đọc (NFC) ra tệp, để lint --sources đối chiếu trích dẫn của tệp .docx; bản nháp "
        "trích tệp này / write the plan's text as read (NFC) to FILE, so that lint --sources can check the quotes "
        "of a .docx; the draft cites this file",
    )
    common.add_lang(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from compliance.draft import DraftProblem, draft, read_plan  # noqa: PLC0415
    from compliance.draft.writer import render  # noqa: PLC0415
    from compliance.errors import Code, InputError, Location  # noqa: PLC0415
    from compliance.i18n import Text  # noqa: PLC0415
    from compliance.messages import problem  # noqa: PLC0415

    lang = args.lang or common.detect_lang()
    year = args.school_year
    if year is not None and not (
        re.fullmatch(r"[0-9]{4}-[0-9]{4}", year)
        and int(year[5:]) == int(year[:4]) + 1
        and 1900 <= int(year[:4]) < 2100
    ):
        raise InputError([problem(Code.DRAFT_SCHOOL_YEAR, at=Location("--school-year"), value=year)])
    path = Path(args.plan)
    if path.suffix.casefold() not in _SUFFIXES:
        raise InputError(
            [problem(Code.DRAFT_FILE_TYPE, at=Location(args.plan), suffix=path.suffix or "(không đuôi)")]
        )
    out = output.resolve("yaml", args.out, ("yaml",))
    try:
        text = read_plan(path)
    except (
        OSError,
        UnicodeDecodeError,
        ValueError,
        KeyError,
    ) as exc:  # python-docx: ValueError/KeyError on a broken package
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        if isinstance(exc, UnicodeDecodeError):
            detail = f"không phải UTF-8 / not UTF-8 (byte {exc.start})"
        raise InputError([problem(Code.DRAFT_UNREADABLE, at=Location(args.plan), detail=detail)]) from None
    except (
        Exception
    ) as exc:  # a .docx that is not a zip package at all (docx.opc.exceptions.PackageNotFoundError)
        if type(exc).__module__.startswith("docx"):
            raise InputError(
                [problem(Code.DRAFT_UNREADABLE, at=Location(args.plan), detail=type(exc).__name__)]
            ) from None
        raise
    seed = path.name
    if args.text is None and path.suffix.casefold() == ".txt" and _lookalikes(path, text):
        # lint --sources compares quotes with the file's NFC text, which still has the look-alikes
        print(
            "Lưu ý: văn bản có chữ 'Ð'/'ð' (U+00D0/U+00F0) đã được đọc là 'Đ'/'đ'; thêm --text để lưu văn bản "
            "đã chuẩn hóa và đối chiếu trích dẫn với tệp đó."
            if lang == "vi"
            else "Note: the text's 'Ð'/'ð' (U+00D0/U+00F0) were read as 'Đ'/'đ'; add --text to save the "
            "normalised text and check the quotes against that file.",
            file=sys.stderr,
        )
    if args.text is not None:
        seed = Path(args.text).name
        output.resolve("yaml", args.text, ("yaml",)).write(text, lang)
    elif path.suffix.casefold() == ".docx":
        seed = path.with_suffix(".txt").name
    try:
        drafted = draft(text, seed, school_year=year)
    except DraftProblem:
        raise InputError([problem(Code.DRAFT_NO_SCHOOL_YEAR, at=Location(args.plan))]) from None
    if not drafted.rules and drafted.not_encoded:  # a pack needs a rule: say what was set aside
        listed = Text(
            vi="; ".join(f"“{n.clause.text}”: {n.reason.vi}" for n in drafted.not_encoded[:5]),
            en="; ".join(f"“{n.clause.text}”: {n.reason.en}" for n in drafted.not_encoded[:5]),
        )
        at = Location(args.plan)
        raise InputError(
            [problem(Code.DRAFT_ONLY_SET_ASIDE, at=at, count=len(drafted.not_encoded), listed=listed)]
        )
    if not drafted.rules:
        raise InputError([problem(Code.DRAFT_NOTHING_FOUND, at=Location(args.plan))])
    out.write(render(drafted), lang)
    return common.EXIT_OK


def _lookalikes(path: Path, text: str) -> bool:
    """The plan's file differs from the text drafted from it by more than NFC (the eth look-alikes
    :func:`compliance.textnorm.normalize_text` maps to Đ/đ)."""
    try:
        return unicodedata.normalize("NFC", path.read_text(encoding="utf-8").replace("\r\n", "\n")) != text
    except (OSError, UnicodeDecodeError):
        return False
