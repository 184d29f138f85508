"""Pydantic for the output contract, imported only when pydantic is put to work.

The classes of a result (:mod:`compliance.findings`, :class:`compliance.i18n.Text`) are slotted
dataclasses that pydantic validates, writes as JSON and describes (``schemas/findings.schema.json``)
through a :class:`~pydantic.TypeAdapter`. Their field metadata is pydantic's ``Field`` inside
``Annotated``, in annotations that ``from __future__ import annotations`` keeps as text until
pydantic reads them. The ``Field`` here imports pydantic when it is called, which is when pydantic
evaluates those annotations: a check that writes text, which never does, does not pay the ~40 ms of
importing pydantic (``docs/cli.md``, *Start-up*). ``ConfigDict`` is a plain ``dict`` at run time,
as it is in pydantic (a ``TypedDict``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ConfigDict, Field, TypeAdapter
else:
    ConfigDict = dict

    def Field(*args: Any, **kwargs: Any) -> Any:
        """:func:`pydantic.Field`, imported on first use."""
        from pydantic import Field as field  # noqa: PLC0415 - the point of this module

        return field(*args, **kwargs)


_NO_FIELD = {"Field": lambda *args, **kwargs: None}


def field_types(kind: type) -> dict[str, Any]:
    """The evaluated types of a dataclass's fields, ``Annotated`` kept, without importing pydantic:
    a ``Field`` in them is read as ``None``."""
    import typing  # noqa: PLC0415 - only while a serialiser or a spool's codec is set up

    return typing.get_type_hints(kind, localns=_NO_FIELD, include_extras=True)


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def adapter(kind: Any) -> TypeAdapter[Any]:
    """The pydantic adapter of ``kind`` (a dataclass of the contract), one per kind and process."""
    found = _ADAPTERS.get(kind)
    if found is None:
        from pydantic import TypeAdapter  # noqa: PLC0415 - the point of this module

        found = _ADAPTERS[kind] = TypeAdapter(kind)
    return found


__all__ = ["ConfigDict", "Field", "adapter", "field_types"]
