"""Reading a file or a text before it is parsed: its type, its size, its encoding.

Refused here, before any parser sees them: a name without .yaml/.yml/.json, a folder, a pipe or a
device, a file over :attr:`Limits.max_bytes`, bytes that are not UTF-8, text holding a lone
surrogate. A byte order mark is dropped.
"""

from __future__ import annotations

import os
import stat

from compliance.errors import Problem
from compliance.loading._base import Fail, Format, Limits, make_problem, position_of_byte, position_of_char

SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def format_of(name: str) -> Format:
    suffix = os.path.splitext(name)[1]
    fmt = SUFFIXES.get(suffix.lower())
    if fmt is None:
        raise Fail(
            make_problem(
                name,
                f"không đọc được loại tệp '{suffix or '(không có đuôi)'}'; chỉ nhận .yaml, .yml hoặc .json",
                f"cannot read files of type '{suffix or '(no extension)'}'; only .yaml, .yml and .json are accepted",
                fix=("lưu tệp với đuôi .yaml, .yml hoặc .json", "save the file as .yaml, .yml or .json"),
            )
        )
    return fmt


def read(name: str, limits: Limits) -> bytes:
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise Fail(
                make_problem(
                    name,
                    "đây là thư mục, không phải tệp",
                    "this is a folder, not a file",
                    fix=("chỉ đến một tệp trong thư mục", "name a file inside the folder"),
                )
            )
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block or never end
            raise Fail(
                make_problem(
                    name,
                    "đây không phải tệp thông thường",
                    "this is not a regular file",
                    fix=("chỉ đến một tệp .yaml hoặc .json", "name a .yaml or .json file"),
                )
            )
        if info.st_size > limits.max_bytes:
            raise Fail(too_large(name, info.st_size, limits))
        with open(name, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except (FileNotFoundError, NotADirectoryError):
        raise Fail(
            make_problem(
                name,
                "không tìm thấy tệp",
                "no such file",
                fix=("kiểm tra đường dẫn và tên tệp", "check the path and the file name"),
            )
        ) from None
    except PermissionError:
        raise Fail(
            make_problem(
                name,
                "không có quyền đọc tệp",
                "permission denied: the file cannot be read",
                fix=("cấp quyền đọc cho tệp", "give read permission on the file"),
            )
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Fail(
            make_problem(
                name,
                f"không đọc được tệp: {reason}",
                f"cannot read the file: {reason}",
                fix=("kiểm tra đường dẫn và quyền đọc", "check the path and the permissions"),
            )
        ) from None
    if len(raw) > limits.max_bytes:
        raise Fail(too_large(name, None, limits))
    return raw


def too_large(name: str, size: int | None, limits: Limits) -> Problem:
    """`size` in bytes, None when only known to be over the limit."""
    vi = f"{size} byte" if size is not None else f"hơn {limits.max_bytes} byte"
    en = f"{size} bytes" if size is not None else f"more than {limits.max_bytes} bytes"
    return make_problem(
        name,
        f"tệp quá lớn ({vi}; tối đa {limits.max_bytes} byte)",
        f"the file is too large ({en}; at most {limits.max_bytes} bytes)",
        fix=("tách thành nhiều văn bản nhỏ hơn", "split it into smaller documents"),
    )


def checked_text(text: str | bytes, name: str, limits: Limits) -> str:
    """UTF-8 text within the size limit, without a byte order mark."""
    if isinstance(text, bytes):
        raw = text
        if len(raw) > limits.max_bytes:
            raise Fail(too_large(name, len(raw), limits))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = position_of_byte(raw, exc.start)
            raise Fail(
                make_problem(
                    name,
                    f"tệp không phải UTF-8: byte thứ {exc.start} (0x{raw[exc.start]:02X}) không hợp lệ",
                    f"the file is not UTF-8: byte {exc.start} (0x{raw[exc.start]:02X}) is invalid",
                    at=(line, column),
                    fix=("lưu lại tệp với mã hóa UTF-8", "save the file again with the UTF-8 encoding"),
                )
            ) from None
    else:
        if len(text) > limits.max_bytes:  # every character takes at least one byte
            raise Fail(too_large(name, None, limits))
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a surrogateescape decode
            raise Fail(
                make_problem(
                    name,
                    f"văn bản chứa ký tự U+{ord(text[exc.start]):04X} không hợp lệ (nửa cặp thay thế)",
                    f"the text holds the invalid character U+{ord(text[exc.start]):04X} (a lone surrogate)",
                    at=position_of_char(text, exc.start),
                    fix=("lưu lại tệp với mã hóa UTF-8", "save the file again with the UTF-8 encoding"),
                )
            ) from None
        if size > limits.max_bytes:
            raise Fail(too_large(name, size, limits))
    return text.removeprefix("\ufeff")
