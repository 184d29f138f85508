"""The JSON source map reads only what it is asked for, and answers as the full scan does."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from compliance.errors import Code, InputError
from compliance.loading import SourceMap, load_text
from compliance.loading._json import scan_json
from compliance.loading._jsonpos import JsonPositions
from compliance.loading.sourcemap import Position, child

REPORT = """\
{
  "kind": "BC_SO_KET_HK1",
  "submitter": {"unit_id": "VN-HN-TX-THCS-NHANCHINH", "unit_name": "Trường THCS Nhân Chính"},
  "briefings": [
    {"topic": "Quán triệt Nghị quyết", "total": 42, "reached": 40},
    {"topic": "An toàn giao thông", "total": 42, "reached": 42,
     "held_on": "2023-10-05"}
  ],
  "committees": [{"kind": "TO_QL_CSVC", "members": [{"ten": "Nguyễn Văn An"}]}]
}"""


def full_scan(text: str) -> SourceMap:
    """The map as it was before it became lazy: every position, from one scan of the whole text."""
    return SourceMap(scan_json(text, "bao-cao.json")[0])


def test_a_pointer_reads_only_the_members_up_to_it_on_its_path() -> None:
    positions = JsonPositions(REPORT)
    assert positions.locate("/briefings/1/held_on") == (7, 17)
    # the report; kind, submitter, briefings; its items 0 and 1; their topic, total, reached, held_on
    assert positions.members_read == 10


def test_a_later_question_goes_on_from_where_the_last_stopped() -> None:
    positions = JsonPositions(REPORT)
    positions.locate("/briefings/0")
    assert positions.members_read == 5
    assert positions.locate("/briefings/1/held_on") == (7, 17)
    assert positions.locate_key("/briefings/1/total") == (6, 37)
    assert positions.members_read == 10


def test_a_missing_member_reads_its_object_to_the_end_and_no_further() -> None:
    positions = JsonPositions(REPORT)
    assert positions.locate("/submitter/district/name") == (3, 16)
    assert positions.members_read == 5  # the report; kind, submitter; unit_id, unit_name


def test_a_container_never_asked_into_is_never_read() -> None:
    positions = JsonPositions(REPORT)
    for pointer in ("", "/kind", "/submitter", "/briefings", "/committees"):
        positions.locate(pointer)
    assert positions.members_read == 5


def test_a_scalar_document_is_located_at_its_first_character() -> None:
    positions = JsonPositions('\n  "Trường"')
    assert positions.locate("") == (2, 3)
    assert positions.locate("/0") == (2, 3)
    assert positions.members_read == 1


def test_an_empty_container_has_no_members() -> None:
    positions = JsonPositions('{"clubs": [ ], "plans": {}}')
    assert positions.locate("/clubs/0") == (1, 11)
    assert positions.locate_key("/plans/x") == (1, 25)


# -- the lazy map against the full scan, on generated texts

# text a file may hold (no control characters, surrogates or noncharacters), with the characters
# that write JSON's escapes and pointers' escapes, and Vietnamese letters composed and decomposed
TEXT = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Cn"))
    | st.sampled_from(['"', "\\", "/", "~", "ê", "e", "\u0302", "Đ", "\u00d0", "ệ", "\u2028", "𝔸"]),
    max_size=6,
)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=24,
)
SPACE = st.sampled_from(["", " ", "\n", "  ", "\t", "\r\n", "\n    "])


def _string(draw: st.DrawFn, text: str) -> str:
    """A JSON string of `text`, each character written as itself or as an escape."""
    out = ['"']
    for char in text:
        how = draw(st.integers(0, 3))
        if char in '"\\':
            out.append("\\" + char)
        elif char == "/" and how == 0:
            out.append("\\/")
        elif how == 1 and char <= "\uffff":
            out.append(f"\\u{ord(char):04x}")
        elif how == 2:
            out.append(json.dumps(char))  # \\ud835\\udd38 for one past U+FFFF
            out[-1] = out[-1][1:-1]
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _write(draw: st.DrawFn, value: Any) -> str:
    space = draw(SPACE)
    if isinstance(value, dict):
        members = [
            f"{draw(SPACE)}{_string(draw, key)}{draw(SPACE)}:{draw(SPACE)}{_write(draw, item)}"
            for key, item in value.items()
        ]
        return "{" + ",".join(members) + space + "}"
    if isinstance(value, list):
        return "[" + ",".join(f"{draw(SPACE)}{_write(draw, item)}" for item in value) + space + "]"
    if isinstance(value, str):
        return _string(draw, value)
    return json.dumps(value)


@st.composite
def json_texts(draw: st.DrawFn) -> str:
    return draw(SPACE) + _write(draw, draw(VALUES)) + draw(SPACE)


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, child(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, child(pointer, index))
    return found


def _questions(data: Any) -> list[tuple[str, bool]]:
    """Every pointer of the data and some that name nothing, each as a value and as a key."""
    real = _pointers(data)
    missing = [p + suffix for p in real for suffix in ("/khong-co", "/0", "/9/ten")]
    odd = ["kind", "/", "//", "/~1", "/~0"]
    return [(p, key) for p in real + missing + odd for key in (False, True)]


@settings(max_examples=400, deadline=None)
@given(json_texts(), st.data())
def test_the_lazy_map_answers_as_the_full_scan_in_any_order(text: str, data: st.DataObject) -> None:
    try:
        loaded = load_text(text, name="bao-cao.json", format="json")
    except InputError as exc:  # only NFC or an escape can make two keys one: the loader refuses them
        assert {p.code for p in exc.problems} == {Code.DUPLICATE_KEY}
        event("two keys made one")
        return
    full = full_scan(text)
    for pointer, key in data.draw(st.permutations(_questions(loaded.data))):
        if key:
            assert loaded.source_map.locate_key(pointer) == full.locate_key(pointer), pointer
        else:
            assert loaded.source_map.locate(pointer) == full.locate(pointer), pointer


@pytest.mark.parametrize("indent", [None, 1, 2, "\t"])
def test_every_example_report_is_located_as_the_full_scan_does(indent: int | str | None) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    for path in sorted(examples.rglob("*.json")):
        text = json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=indent, ensure_ascii=False)
        loaded = load_text(text, name=path.name, format="json")
        full = full_scan(text)
        for pointer in _pointers(loaded.data):
            assert loaded.source_map.locate(pointer) == full.locate(pointer)
            assert loaded.source_map.locate_key(pointer) == full.locate_key(pointer)


def test_threads_asking_different_pointers_at_once_get_the_full_scan_s_answers() -> None:
    text = _example_as_json()
    pointers = _pointers(json.loads(text))
    full = full_scan(text)
    expected = [(full.locate(p), full.locate_key(p)) for p in reversed(pointers)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        for _ in range(20):
            positions = JsonPositions(text)
            with ThreadPoolExecutor(max_workers=8) as pool:
                found = list(pool.map(partial(_answers, positions), reversed(pointers)))
            assert found == expected
    finally:
        sys.setswitchinterval(interval)


def _answers(positions: JsonPositions, pointer: str) -> tuple[Position, Position]:
    return positions.locate(pointer), positions.locate_key(pointer)


def _example_as_json() -> str:
    path = next((Path(__file__).resolve().parents[1] / "examples").rglob("*.json"))
    return json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=1, ensure_ascii=False)
