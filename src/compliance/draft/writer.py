"""The drafted pack as YAML, with its TODOs as comments.

The output is deterministic (the plan's order, no clock, no randomness). Values the text does not
give are conservative and carry a ``# TODO`` comment beside them; the header lists every TODO
with its rule id, so that a person can work through the list. Strings are written as YAML
double-quoted scalars (JSON string syntax, which YAML reads as written).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from compliance.draft import Draft, DraftRule
from compliance.i18n import Text

# Characters YAML does not allow raw in a document (besides the C0 controls JSON escapes already)
_UNPRINTABLE = re.compile("[\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _comment(text: str) -> str:
    """Text safe in a YAML comment: one line, printable."""
    return _UNPRINTABLE.sub("?", " ".join(text.split()))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return _UNPRINTABLE.sub(_escape, json.dumps(str(value), ensure_ascii=False))


def _text(t: Text) -> str:
    return _scalar({"vi": t.vi, "en": t.en})


def _rule_todos(rule: DraftRule) -> list[str]:
    todos = []
    if rule.candidate.severity is None:
        todos.append("severity: the text does not say (medium drafted) / văn bản không nêu mức độ")
    if not rule.unit_types:
        todos.append("unit_types: no addressee found (TRUONG drafted) / không rõ đối tượng")
    elif rule.addressee_from != "sentence":
        where = {"heading": "tiêu đề mục", "intro": "câu giao nhiệm vụ", "recipients": "nơi nhận"}[
            rule.addressee_from
        ]
        todos.append(
            f"unit_types: guessed from the {rule.addressee_from}, not the sentence / đoán từ {where}"
        )
    if rule.correction is not None:
        todos.append(
            f"correction: confirm the corrected due date (printed '{rule.correction.printed}') / xác nhận ngày đính chính"
        )
    return todos + rule.candidate.todos + rule.todos


def render(d: Draft) -> str:
    out: list[str] = []
    w = out.append
    todo_lines: list[str] = []
    if not d.issued_found:
        todo_lines.append(
            "document.issuer.issued_on: no issue date found within the school year; its first day is drafted / không thấy ngày ban hành trong năm học"
        )
    if d.issuer is None:
        todo_lines.append("document.issuer.name: no issuer found / không thấy cơ quan ban hành")
    todo_lines.append(
        "document.jurisdiction: the plan's province/district (as units write their place) / địa bàn áp dụng"
    )
    if d.school_year_found != "argument":
        todo_lines.append(
            f"document.school_year: read from the {d.school_year_found}; confirm it / xác nhận năm học"
        )
    todo_lines.append(
        "tests: add a passing and a failing example to every rule (compliance test) / thêm ví dụ kiểm thử"
    )
    for rule in d.rules:
        todo_lines.extend(f"{rule.id}: {t}" for t in _rule_todos(rule))
    todo_lines.extend(
        f"not_encoded[{i}] ({n.clause.section or '-'}): {n.reason.en.removeprefix('TODO: ')}"
        for i, n in enumerate(d.not_encoded)
        if n.reason.en.startswith("TODO")
    )
    w("# yaml-language-server: $schema=../schemas/rule-pack.schema.json")
    w("#")
    w(f"# BẢN NHÁP do `compliance draft` soạn từ {d.seed}: người soạn phải rà soát từng TODO trước khi dùng.")
    w(f"# A DRAFT written by `compliance draft` from {d.seed}: a person works through every TODO before use")
    w("# (docs/draft.md). Quotes are verbatim spans of the plan; check with `compliance lint --sources`.")
    w(f"# {len(d.rules)} candidate rules, {len(d.not_encoded)} not_encoded entries.")
    w("#")
    w(f"# TODO ({len(todo_lines)}):")
    out.extend(f"#   - {_comment(line)}" for line in todo_lines)
    w(f"pack: {d.pack}")
    w('version: "1"')
    w(f"title: {_text(Text(vi=f'Bản nháp: {d.title}', en=f'Draft: {d.title}'))}")
    w("document:")
    w(f"  seed: {_scalar(d.seed)}")
    w(f"  title: {_scalar(d.title)}")
    issuer: dict[str, Any] = {"name": d.issuer or "TODO", "issued_on": d.issued_on}
    if d.place:
        issuer["place"] = d.place
    w(f"  issuer: {_scalar(issuer)}" + ("" if d.issued_found and d.issuer else "  # TODO issuer"))
    w(
        f"  school_year: {_scalar(d.school_year)}"
        + ("" if d.school_year_found == "argument" else f"  # TODO read from the {d.school_year_found}")
    )
    if d.not_encoded:
        w("not_encoded:")
        for n in d.not_encoded:
            w(f"  - ref: {_scalar(n.clause.section or '(đầu văn bản)')}")
            w(f"    quote: {_scalar(n.clause.text)}")
            w(f"    reason: {_text(n.reason)}")
    w("rules:")
    for rule in d.rules:
        c = rule.candidate
        w(f"  - id: {rule.id}")
        w(
            f"    title: {_text(Text(vi=f'{c.label_vi}: {_short(rule.clause.text)}', en=f'{c.label_en} (draft; see the quote)'))}"
        )
        w(f"    severity: {c.severity or 'medium'}" + ("" if c.severity else "  # TODO severity"))
        applies: dict[str, Any] = {"unit_types": list(rule.unit_types or ("TRUONG",))}
        if rule.levels:
            applies["levels"] = list(rule.levels)
        note = "" if rule.addressee_from == "sentence" else f"  # TODO unit types ({rule.addressee_from})"
        w(f"    applies_to: {_scalar(applies)}{note}")
        w(
            f"    source: {_scalar({'document': d.seed, 'section': rule.clause.section or '(đầu văn bản)', 'quote': rule.clause.text})}"
        )
        w(
            f"    check:  # TODO {_comment('; '.join(t.split(' / ')[0] for t in c.todos + rule.todos) or 'review')}"
        )
        ((kind, spec),) = c.check.items()
        spec = dict(spec)
        if rule.correction is not None:
            spec["correction"] = {
                "printed": rule.correction.printed,
                "reason": {"vi": rule.correction.reason.vi, "en": rule.correction.reason.en},
            }
        w(f"      {kind}: {_scalar(spec)}")
        w(f"    remediation: {_text(Text(vi=c.remediation_vi, en=c.remediation_en))}")
    return "\n".join(out) + "\n"


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:89].rstrip() + "…"
