"""An explanation (:func:`compliance.explain.explain`) in words, for ``compliance explain``: the
rule and its source, each selection as a condition a person reads, what it matched where, and the
finding."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from compliance import ir
from compliance.errors import Location
from compliance.explain import Explanation
from compliance.findings import STATUS_LABELS, as_json
from compliance.i18n import Lang

_OPS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def describe(cond: ir.Cond, lang: Lang = "vi") -> str:
    """A condition of the IR in words (after ``not`` was pushed down)."""
    and_, or_ = ("và", "hoặc") if lang == "vi" else ("and", "or")
    match cond:
        case ir.Const(value=value):
            return (
                ("luôn đúng" if value else "luôn sai") if lang == "vi" else ("always" if value else "never")
            )
        case ir.And(items=items):
            return f" {and_} ".join(f"({describe(c, lang)})" for c in items)
        case ir.Or(items=items):
            return f" {or_} ".join(f"({describe(c, lang)})" for c in items)
        case ir.Compare(path=path, op=op, value=value):
            shown = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else repr(value)
            return f"{'.'.join(path)} {_OPS[op]} {shown}"
        case ir.Member(path=path, values=values, negate=negate):
            word = ("không thuộc" if negate else "thuộc") if lang == "vi" else ("not in" if negate else "in")
            return f"{'.'.join(path)} {word} {{{', '.join(sorted(map(str, values)))}}}"
        case ir.Exists(path=path, present=present):
            if lang == "vi":
                return f"{'.'.join(path)} {'có khai' if present else 'không khai'}"
            return f"{'.'.join(path)} {'is present' if present else 'is absent'}"
        case ir.Matches(path=path, pattern=pattern, negate=negate):
            word = (
                ("không khớp" if negate else "khớp")
                if lang == "vi"
                else ("does not match" if negate else "matches")
            )
            return f"{'.'.join(path)} {word} /{pattern}/"
        case ir.Contains(path=path, values=values, mode=mode, negate=negate):
            listed = ", ".join(sorted(map(str, values)))
            if lang == "vi":
                verb = {
                    ("any", False): "chứa một trong",
                    ("all", False): "chứa tất cả",
                    ("any", True): "không chứa giá trị nào trong",
                    ("all", True): "thiếu ít nhất một trong",
                }[(mode, negate)]
            else:
                verb = {
                    ("any", False): "contains any of",
                    ("all", False): "contains all of",
                    ("any", True): "contains none of",
                    ("all", True): "lacks one of",
                }[(mode, negate)]
            return f"{'.'.join(path)} {verb} {{{listed}}}"
        case ir.Quantified(path=path, quantifier=quantifier, where=where):
            if lang == "vi":
                word = "có phần tử thỏa" if quantifier == "any" else "mọi phần tử thỏa"
            else:
                word = "has an element with" if quantifier == "any" else "every element has"
            return f"{'.'.join(path)} {word} [{describe(where, lang)}]"
    raise TypeError(cond)  # pragma: no cover


def describe_selector(selector: ir.Selector, lang: Lang = "vi") -> str:
    kinds = (
        ", ".join(sorted(selector.kinds))
        if selector.kinds
        else ("mọi văn bản" if lang == "vi" else "any document")
    )
    target = (
        ".".join(selector.collection)
        if selector.collection
        else ("văn bản" if lang == "vi" else "the document")
    )
    where = describe(selector.where, lang)
    return f"{kinds} → {target}: {where}"


def render(explanations: list[Explanation], lang: Lang = "vi") -> str:
    vi = lang == "vi"
    lines: list[str] = []
    for ex in explanations:
        rule = ex.rule
        lines.append(
            f"{rule.id} — {rule.title.pick(lang)}  [{rule.pack}, {rule.kind}, {rule.severity.value}]"
        )
        lines.append(
            f"  {'Đơn vị' if vi else 'Unit'}: {ex.unit_id}, {'năm học' if vi else 'school year'} {ex.school_year}"
        )
        lines.append(
            f"  {'Căn cứ' if vi else 'Source'}: {rule.source.document} §{rule.source.section}: “{rule.source.quote}”"
        )
        if not ex.in_scope:
            lines.append(
                "  "
                + (
                    "Bộ tiêu chí không bao quát đơn vị này (năm học hoặc địa bàn khác)."
                    if vi
                    else "The pack does not cover this unit (another school year or place)."
                )
            )
            continue
        for i, trace in enumerate(ex.selections, 1):
            lines.append(f"  {'Truy vấn' if vi else 'Query'} {i}: {describe_selector(trace.selector, lang)}")
            if not trace.matches:
                lines.append("    " + ("(không khớp mục nào)" if vi else "(nothing matched)"))
            for e in trace.matches:
                lines.append(f"    ✓ {Location(e.document, e.line, e.column, e.pointer)}")
        if ex.finding is not None:
            f = ex.finding
            lines.append(
                f"  {'Kết luận' if vi else 'Finding'}: {STATUS_LABELS[f.status].pick(lang)} — {f.message.pick(lang)}"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(explanations: list[Explanation], lang: Lang = "vi") -> str:
    """The explanations as JSON (``format: compliance-explain``), every text in both languages:
    the rule and its source, each query in words with what it matched (file, line, column,
    pointer), and the finding as in ``schemas/findings.schema.json``. ``lang`` is not used."""
    document = {
        "format": "compliance-explain",
        "version": 1,
        "explanations": [_explanation(ex) for ex in explanations],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _explanation(ex: Explanation) -> dict[str, Any]:
    rule = ex.rule
    return {
        "rule": {
            "id": rule.id,
            "pack": rule.pack,
            "kind": rule.kind,
            "severity": rule.severity.value,
            "title": rule.title.as_dict(),
            "source": {
                "document": rule.source.document,
                "section": rule.source.section,
                "quote": rule.source.quote,
            },
        },
        "unit_id": ex.unit_id,
        "school_year": ex.school_year,
        "in_scope": ex.in_scope,
        "queries": [
            {
                "id": trace.selector.id,
                "kinds": sorted(trace.selector.kinds) if trace.selector.kinds is not None else None,
                "collection": ".".join(trace.selector.collection) if trace.selector.collection else None,
                "reads": {
                    "vi": describe_selector(trace.selector, "vi"),
                    "en": describe_selector(trace.selector, "en"),
                },
                "matches": [
                    {"file": e.document, "line": e.line, "column": e.column, "pointer": e.pointer}
                    for e in trace.matches
                ],
            }
            for trace in (ex.selections if ex.in_scope else ())
        ],
        "finding": as_json(ex.finding) if ex.finding is not None else None,
    }
