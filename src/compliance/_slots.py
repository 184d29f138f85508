"""The setters of a slotted class's fields, for the hand-written ``__init__`` of a frozen dataclass
made by the thousand (:class:`~compliance.i18n.Text`, :class:`~compliance.ir.Match`,
:class:`~compliance.checks.Outcome`).

A frozen dataclass's own ``__init__`` stores each field through ``object.__setattr__`` (its
``__setattr__`` refuses): 816 ns for a two-field :class:`~compliance.i18n.Text`. Through the slot's
descriptor, which is what ``object.__setattr__`` finds after looking it up, it takes 318 ns, and
the instance stays as frozen (assigning a field still raises ``FrozenInstanceError``). A check of
300 reports makes about 950 texts, 930 matches and 800 outcomes. ``tests/test_slots.py`` keeps
each hand-written ``__init__`` the one dataclass would write (the same parameters, defaults and
order) and each field stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Setter = Callable[[Any, Any], None]


def setters(cls: type, *names: str) -> tuple[Setter, ...]:
    """The ``__set__`` of each named slot of ``cls`` (a KeyError for a name that is no slot)."""
    return tuple(cls.__dict__[name].__set__ for name in names)
