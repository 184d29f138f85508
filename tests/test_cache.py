"""The compiled-program cache (compliance.cache): a program read back from the cache is the program
a cold compile gives, for every bundled pack; an entry that is corrupt, or names anything but an
IR class, is ignored and rebuilt; any change to a pack file or a parameter is another entry; a pack
with a problem is never cached; ``--no-cache`` and ``COMPLIANCE_NO_CACHE`` leave the folder alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from builders import EXAMPLES, RULES
from compliance import Engine
from compliance import cache as program_cache
from compliance.cli import main
from compliance.engine import compile_paths
from compliance.errors import RulePackError
from compliance.findings import CheckResult, as_json
from compliance.resources import data_dir

AS_OF = dt.date(2024, 6, 30)
PACKS = sorted(RULES.glob("*.yaml"))
KIM_GIANG = str(EXAMPLES / "th-kim-giang")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(where))
    monkeypatch.delenv("COMPLIANCE_NO_CACHE", raising=False)
    return where


def same(a: object, b: object) -> bool:
    """Equal, and of the same type all the way down (a StrEnum equals its text, 1 equals 1.0 and
    True, a tuple of the same items as a list is not equal but a frozenset's items may differ in
    type unseen): what ``==`` alone would miss."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        return {(type(x), x) for x in a} == {(type(y), y) for y in b}
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def entries(where: Path) -> list[Path]:
    return sorted(where.glob("program-*.json")) if where.is_dir() else []


def findings(result: CheckResult) -> list[dict[str, object]]:
    return [as_json(f) for f in result.findings]


@pytest.mark.parametrize("pack", [*PACKS, RULES], ids=[*(p.stem[:3] for p in PACKS), "all"])
def test_a_cached_program_is_the_program_a_cold_compile_gives(folder: Path, pack: Path) -> None:
    cold = compile_paths([pack])
    stored = compile_paths([pack], cache=True)
    assert len(entries(folder)) == 1
    hit = compile_paths([pack], cache=True)
    assert hit is not stored  # read back from the folder, not kept in memory
    assert hit == cold == stored
    assert same(hit, cold) and same(hit.rules_by_id, cold.rules_by_id)


@pytest.mark.parametrize("unit", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_every_example_gets_the_same_findings_from_a_cached_program(folder: Path, unit: str) -> None:
    cold = Engine.from_path().check([str(EXAMPLES / unit)], as_of=AS_OF)
    Engine.from_path(cache=True)
    hit = Engine.from_path(cache=True).check([str(EXAMPLES / unit)], as_of=AS_OF)
    assert len(entries(folder)) == 1
    assert findings(hit) == findings(cold) and hit.summary == cold.summary


def test_a_corrupt_entry_is_ignored_and_rebuilt(folder: Path) -> None:
    cold = compile_paths([RULES])
    compile_paths([RULES], cache=True)
    (entry,) = entries(folder)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # a write cut short
    assert compile_paths([RULES], cache=True) == cold
    assert program_cache.decode(entry.read_bytes()) == cold  # rewritten whole


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe not json",
        b"[]",
        b'{"format": 0, "packs": []}',
        b'{"format": 1, "packs": [{"c": "os:system", "a": {"command": "echo hong"}}]}',
        b'{"format": 1, "packs": [{"c": "compliance.ir:Const", "a": {"value": true}}]}',
        b'{"format": 1, "packs": [{"x": ["chi mot"]}]}',
        b'{"format": 1, "packs": [{"q": 1}]}',
        b'{"format": 1, "packs": [[1, 2]]}',
        b'{"format": 1, "packs": ' + b'{"t": [' * 5000 + b"]}" * 5000 + b"}",
    ],
    ids=[
        "empty",
        "not-json",
        "not-an-object",
        "old-format",
        "not-an-ir-class",
        "not-a-pack",
        "bad-text",
        "unknown-tag",
        "untagged-list",
        "deep",
    ],
)
def test_an_entry_that_is_not_a_program_is_refused(content: bytes) -> None:
    with pytest.raises(ValueError):
        program_cache.decode(content)


def test_an_entry_naming_another_class_is_replaced_by_a_compiled_program(folder: Path) -> None:
    compile_paths([RULES], cache=True)
    (entry,) = entries(folder)
    entry.write_text(json.dumps({"format": 1, "packs": [{"c": "subprocess:Popen", "a": {"args": "true"}}]}))
    assert compile_paths([RULES], cache=True) == compile_paths([RULES])


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_an_entry_others_may_write_is_not_read(folder: Path) -> None:
    compile_paths([RULES], cache=True)
    (entry,) = entries(folder)
    entry.chmod(0o666)
    assert program_cache.load(entry.name.removeprefix("program-").removesuffix(".json")) is None
    entry.chmod(0o600)
    assert program_cache.load(entry.name.removeprefix("program-").removesuffix(".json")) == compile_paths(
        [RULES]
    )


def test_a_changed_pack_file_is_another_entry(folder: Path, tmp_path: Path) -> None:
    pack = tmp_path / "rules" / PACKS[2].name
    pack.parent.mkdir()
    shutil.copy(PACKS[2], pack)
    before = compile_paths([pack.parent], cache=True)
    text = pack.read_text(encoding="utf-8")
    pack.write_text(
        text.replace("  vi: Kế hoạch giáo dục", "  vi: (Sửa) Kế hoạch giáo dục", 1), encoding="utf-8"
    )
    after = compile_paths([pack.parent], cache=True)
    assert len(entries(folder)) == 2
    assert after == compile_paths([pack.parent]) != before


def test_another_parameter_value_is_another_entry(folder: Path) -> None:
    param = {"thanh-xuan-gdct-cths-2023-2024.truoc_ngay": "exclusive"}
    default = compile_paths([PACKS[2]], cache=True)
    given = compile_paths([PACKS[2]], params=param, cache=True)
    assert len(entries(folder)) == 2
    assert given == compile_paths([PACKS[2]], params=param) != default


def test_a_pack_with_a_problem_is_never_cached(folder: Path, tmp_path: Path) -> None:
    pack = tmp_path / "hong.yaml"
    pack.write_text(PACKS[2].read_text(encoding="utf-8").replace("rules:", "rulez:", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RulePackError):
            compile_paths([pack], cache=True)
    assert entries(folder) == []


def test_a_folder_that_cannot_be_written_only_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("không phải thư mục", encoding="utf-8")
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(blocker / "cache"))
    assert compile_paths([RULES], cache=True) == compile_paths([RULES])


def test_the_command_line_keeps_one_entry_and_reuses_it(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check", KIM_GIANG, "--as-of", "30/06/2024", "--lang", "en"]
    assert main(argv) == 1
    first = capsys.readouterr().out
    (entry,) = entries(folder)
    written = entry.stat().st_mtime_ns
    assert main(argv) == 1
    assert capsys.readouterr().out == first
    assert entries(folder) == [entry] and entry.stat().st_mtime_ns == written


@pytest.mark.parametrize("how", ["--no-cache", "COMPLIANCE_NO_CACHE"])
def test_no_cache_leaves_the_folder_alone(
    folder: Path, how: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check", KIM_GIANG, "--as-of", "30/06/2024"]
    if how == "--no-cache":
        argv.append(how)
    else:
        monkeypatch.setenv(how, "1")
    assert main(argv) == 1
    assert capsys.readouterr().out  # the check was done all the same
    assert not folder.exists()


def test_the_folder_follows_xdg_when_not_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPLIANCE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert program_cache.folder() == tmp_path / "compliance"


def test_the_code_fingerprint_names_every_module_and_schema_by_size_and_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every .py and .json file under the package (not in __pycache__) and the schemas, in the
    order paths sort, by name, size and modification time: what Path.rglob gave before."""
    package = tmp_path / "compliance"
    for name in ("a.py", "b/c.py", "b/d.json", "b-e/f.py", "b/__pycache__/c.cpython-311.pyc", "g.txt", ".py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(name, encoding="utf-8")
    (package / "b" / "__pycache__" / "x.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(program_cache, "_PACKAGE", package)
    program_cache._code_fingerprint.cache_clear()
    try:
        found = program_cache._code_fingerprint()
    finally:
        program_cache._code_fingerprint.cache_clear()
    digest = hashlib.sha256()
    # the schemas the package reads: its own copy when installed, the checkout's when editable
    for root in (package, data_dir("schemas")):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                info = path.stat()
                digest.update(f"{path.relative_to(root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    assert found == digest.hexdigest()
