"""The frozen records with a hand-written ``__init__`` (``compliance._slots``) are made exactly as
dataclass would make them: the same parameters in the same order, with the same kinds and
defaults, every field stored, and the record still frozen, equal, hashable and picklable."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from compliance import ir
from compliance.checks import Outcome
from compliance.findings import Status
from compliance.i18n import Text

HAND_WRITTEN: list[type] = [Text, ir.Match, Outcome]


def _as_dataclass_would(cls: type) -> type:
    """A class with ``cls``'s fields, frozen and slotted, whose ``__init__`` dataclass writes."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    fields = [
        (f.name, f.type, dataclasses.field(default=f.default, kw_only=f.kw_only))
        if f.default is not dataclasses.MISSING
        else (f.name, f.type, dataclasses.field(kw_only=f.kw_only))
        for f in dataclasses.fields(cls)
    ]
    made: type = dataclasses.make_dataclass(cls.__name__, fields, frozen=params.frozen, slots=True)
    return made


def _shape(cls: type) -> list[tuple[str, Any, Any]]:
    init = cls.__dict__["__init__"]
    return [(p.name, p.kind, p.default) for p in inspect.signature(init).parameters.values()]


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda c: c.__name__)
def test_the_hand_written_init_takes_what_dataclass_would(cls: type) -> None:
    assert _shape(cls) == _shape(_as_dataclass_would(cls))


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda c: c.__name__)
def test_the_hand_written_init_stores_every_field(cls: type) -> None:
    values = {f.name: object() for f in dataclasses.fields(cls)}
    record = cls(**values)
    assert {name: getattr(record, name) for name in values} == values


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda c: c.__name__)
def test_a_record_made_by_hand_is_still_frozen(cls: type) -> None:
    record = cls(**{f.name: 1 for f in dataclasses.fields(cls)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.__setattr__(dataclasses.fields(cls)[0].name, 2)


def test_records_made_by_hand_compare_hash_pickle_and_replace_as_before() -> None:
    text = Text(vi="Đạt mức ≥ 100%.", en="Meets the target ≥ 100%.")
    outcome = Outcome(Status.pass_, text)
    assert outcome == Outcome(Status.pass_, Text(vi="Đạt mức ≥ 100%.", en="Meets the target ≥ 100%."))
    assert hash(text) == hash(Text(vi=text.vi, en=text.en))
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert dataclasses.replace(text, en="Meets the target.").vi == text.vi
    assert sorted([ir.Match(2), ir.Match(1, 3), ir.Match(1, 0)]) == [
        ir.Match(1, 0),
        ir.Match(1, 3),
        ir.Match(2),
    ]
    assert (outcome.evidence, outcome.deadline, outcome.notes) == ((), None, ())
