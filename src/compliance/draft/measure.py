"""How a draft compares with a hand-written pack of the same plan (issue 18 item 2).

* deadline recall: the due dates of the hand-written ``deadline`` rules that the draft also has
  as a due date (of any rule), over the hand-written ones;
* quote recall: the hand-written rules' quotes overlapped by a drafted rule's quote (as spans of
  the plan), over the hand-written quotes;
* deadline precision: the draft's due dates that are a hand-written due date (of any kind) or a
  date the reference list of obligations states as a due date, over the draft's due dates.

A figure is None when there is nothing to count (a plan with no deadline).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from compliance.draft import Draft


@dataclass(frozen=True, slots=True)
class Measure:
    deadlines_hand: int
    deadlines_found: int
    quotes_hand: int
    quotes_overlapped: int
    due_drafted: int
    due_correct: int

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def deadline_recall(self) -> float | None:
        return self._ratio(self.deadlines_found, self.deadlines_hand)

    @property
    def quote_recall(self) -> float | None:
        return self._ratio(self.quotes_overlapped, self.quotes_hand)

    @property
    def deadline_precision(self) -> float | None:
        return self._ratio(self.due_correct, self.due_drafted)


def _dues(rule: dict[str, Any], kinds: Iterable[str]) -> list[dt.date]:
    return [
        spec["due"]
        for kind, spec in rule["check"].items()
        if kind in kinds and isinstance(spec, dict) and isinstance(spec.get("due"), dt.date)
    ]


def measure(draft: Draft, hand: dict[str, Any], stated_dues: Iterable[dt.date] = ()) -> Measure:
    """Compare ``draft`` with the hand-written pack ``hand`` (its YAML, loaded); ``stated_dues``
    are further dates the plan states as due dates (from a reference list)."""
    text = draft.text
    hand_deadlines = {d for r in hand["rules"] for d in _dues(r, ("deadline",))}
    hand_any = {
        d for r in hand["rules"] for d in _dues(r, ("deadline", "required", "threshold", "condition"))
    }
    drafted = [r.due for r in draft.rules if r.due is not None]
    spans = [(r.clause.start, r.clause.end) for r in draft.rules]
    quotes = [unicodedata.normalize("NFC", r["source"]["quote"]) for r in hand["rules"]]
    overlapped = 0
    for quote in quotes:
        at = text.find(quote)
        if at >= 0 and any(a < at + len(quote) and at < b for a, b in spans):
            overlapped += 1
    reference = hand_any | set(stated_dues)
    return Measure(
        len(hand_deadlines),
        len(hand_deadlines & set(drafted)),
        len(quotes),
        overlapped,
        len(drafted),
        sum(d in reference for d in drafted),
    )
