"""Records: an immutable sequence of pydantic models or slotted dataclasses (a finding) that stays
in memory while small and is spooled to a temporary file when large, so that a district audit's
findings need not all be held.

A :class:`Spool` is filled once (``append``/``extend``, or ``extend_encoded`` with records a
worker process wrote), in any order; :meth:`Spool.records` then gives a :class:`Records` view — all
of it, or the positions given, in the order given — that can be iterated any number of times,
indexed, sliced and ``len``'d like a list, and compared with a list. While the spool holds at most
``limit`` items they are kept as they are; past that they are written, in the order they came, to
an anonymous temporary file (deleted when closed, or when the process ends) as compact pickle
records (its :class:`Codec`; findings have their own, :mod:`compliance.finding_records`): each
record is self-contained (readable on its own, by offset), and nested models and dataclasses are
rebuilt without validating again (they were validated when made).

Reading is thread-safe; records are read in blocks, so iterating costs one read per block, not one
per record. A model field ``Annotated[Sequence[Finding], AS_RECORDS]`` holds :class:`Records`: it
accepts a list (or records), and serialises, and appears in JSON Schema, as a list.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import operator
import os
import pickle
import sys
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, Generic, Protocol, TypeVar, get_args, overload

if TYPE_CHECKING:
    from pydantic import BaseModel, GetCoreSchemaHandler
    from pydantic_core import core_schema

M = TypeVar("M")  # a pydantic model, or a slotted dataclass (a finding and its parts)

# Items a spool keeps in memory before it spills to a file (a finding takes about 1–2 KB in memory
# and well under 1 KB as a record).
SPOOL_AFTER = 10_000
_BLOCK = 1 << 20  # bytes read at a time when iterating a spooled file


# ----------------------------------------------------------------------------- the record format

_FIELDS: dict[type, tuple[str, ...]] = {}
_BITS: dict[type, dict[str, int]] = {}
_FIELDS_SET: dict[tuple[type, int], frozenset[str]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        if dataclasses.is_dataclass(cls):
            names = tuple(f.name for f in dataclasses.fields(cls))
        else:
            names = tuple(cls.model_fields)  # type: ignore[attr-defined]
        _FIELDS[cls] = names
        _BITS[cls] = {name: 1 << i for i, name in enumerate(names)}
    return names


def _is_model(cls: object) -> bool:
    """Whether ``cls`` is a pydantic model class; pydantic is not imported to say no (a process that
    has not imported it has no models)."""
    main = sys.modules.get("pydantic.main")
    return main is not None and isinstance(cls, type) and issubclass(cls, main.BaseModel)


def _plain(cls: type) -> bool:
    """A type whose whole state is its fields (a dataclass; a model that keeps no extra fields
    and no private attributes): it can be rebuilt from its field values."""
    if dataclasses.is_dataclass(cls):
        return True
    assert _is_model(cls)
    return cls.model_config.get("extra") != "allow" and not cls.__private_attributes__  # type: ignore[attr-defined]


def _mask(cls: type, fields_set: Iterable[str]) -> int:
    """The fields explicitly set, one bit per field."""
    return sum(map(_BITS[cls].__getitem__, fields_set))


def _rebuild(cls: type[BaseModel], values: tuple[Any, ...], mask: int) -> BaseModel:
    """A model from field values that were validated when it was first made (what
    ``model_construct`` does, without looking at defaults again)."""
    names = _FIELDS[cls]
    key = (cls, mask)
    fields_set = _FIELDS_SET.get(key)
    if fields_set is None:
        fields_set = _FIELDS_SET[key] = frozenset(n for i, n in enumerate(names) if mask >> i & 1)
    obj = cls.__new__(cls)
    _set(obj, "__dict__", dict(zip(names, values, strict=True)))
    _set(obj, "__pydantic_fields_set__", set(fields_set))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


def _rebuild_record(cls: type, values: tuple[Any, ...]) -> Any:
    """A dataclass from its field values, without running ``__init__`` (frozen ones too)."""
    obj: Any = object.__new__(cls)
    for name, value in zip(_FIELDS[cls], values, strict=True):
        _set(obj, name, value)
    return obj


_set = object.__setattr__
_pread: Callable[[int, int, int], bytes] | None = getattr(os, "pread", None)  # not on Windows
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A function that gives a dataclass's field values, as a tuple, in field order."""
    getter = _GETTERS.get(cls)
    if getter is None:
        names = _names(cls)
        get = operator.attrgetter(*names)
        getter = _GETTERS[cls] = get if len(names) > 1 else lambda obj: (get(obj),)
    return getter


def _reduce(obj: BaseModel) -> tuple[Any, ...]:
    """Pickle a model as its field values (pydantic's own pickling keeps more state and is slower
    to load)."""
    cls = type(obj)
    d = obj.__dict__
    return _rebuild, (cls, tuple([d[name] for name in _names(cls)]), _mask(cls, obj.__pydantic_fields_set__))


def _reduce_record(obj: Any) -> tuple[Any, ...]:
    """Pickle a dataclass as its field values (the default pickles a dict of its slots)."""
    return _rebuild_record, (type(obj), _getter(type(obj))(obj))


def _nested(root: type) -> set[type]:
    """``root`` and the models and dataclasses its fields hold (in lists, unions, optionals), that
    can be rebuilt from their fields."""
    found: set[type] = set()

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and (_is_model(annotation) or dataclasses.is_dataclass(annotation)):
            if annotation not in found and _plain(annotation):
                found.add(annotation)
                _names(annotation)
                for hint in _hints(annotation):
                    walk(hint)
            return
        for arg in get_args(annotation):
            walk(arg)

    walk(root)
    return found


def _hints(cls: type) -> list[Any]:
    if _is_model(cls):
        return [f.annotation for f in cls.model_fields.values()]  # type: ignore[attr-defined]
    from compliance._pydantic import field_types  # noqa: PLC0415 - only while a codec is set up

    # the types alone: pydantic's Field in an annotation is read as nothing, so that setting up a
    # spool imports no pydantic (a text audit never needs it)
    hints = field_types(cls)
    return [hints[name] for name in _names(cls)]


class Codec(Protocol[M]):
    """How a spool writes its items and reads them back: each record self-contained."""

    def encode(self, item: M) -> bytes: ...

    def decode(self, data: bytes | memoryview) -> M: ...


class _Codec(Generic[M]):
    """Any model or dataclass to bytes and back, as a pickle of its field values."""

    def __init__(self, model: type[M]) -> None:
        if not _plain(model):
            raise TypeError(f"{model.__name__} keeps state beyond its fields; it cannot be spooled")
        self.model = model
        self.names = _names(model)
        self.record = dataclasses.is_dataclass(model)
        self.buffer = io.BytesIO()
        self.pickler = pickle.Pickler(self.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.pickler.dispatch_table = copyreg.dispatch_table | {
            cls: _reduce_record if dataclasses.is_dataclass(cls) else _reduce for cls in _nested(model)
        }
        self.lock = threading.Lock()

    def encode(self, item: M) -> bytes:
        if self.record:
            values, mask = _getter(type(item))(item), 0
        else:
            d = item.__dict__
            values = tuple([d[name] for name in self.names])
            mask = _mask(self.model, item.__pydantic_fields_set__)  # type: ignore[attr-defined]
        with self.lock:  # one pickler, its buffer reused
            buffer = self.buffer
            buffer.seek(0)
            buffer.truncate()
            self.pickler.clear_memo()
            self.pickler.dump((values, mask))
            return buffer.getvalue()

    def decode(self, data: bytes | memoryview) -> M:
        values, mask = pickle.loads(data)  # our own records, from our own temporary file
        if self.record:
            return _rebuild_record(self.model, values)  # type: ignore[no-any-return]
        return _rebuild(self.model, values, mask)  # type: ignore[arg-type, return-value]


_CODECS: dict[type, _Codec[Any]] = {}
_CODECS_LOCK = threading.Lock()


def _codec_of(model: type[M]) -> _Codec[M]:
    """The codec of ``model``, one per model for the process (setting one up reads the type hints
    of every class its fields hold: about a millisecond for a finding). Thread-safe: a codec
    encodes under its own lock and decodes with no state."""
    codec = _CODECS.get(model)
    if codec is None:
        with _CODECS_LOCK:
            codec = _CODECS.get(model)
            if codec is None:
                codec = _CODECS[model] = _Codec(model)
    return codec


# ----------------------------------------------------------------------------- the spool


class Spool(Generic[M]):
    """An append-only store of ``model`` items: in memory up to ``limit`` items (``None``: always),
    then in a temporary file. :meth:`records` views what it holds. Items may also arrive already
    encoded by the spool's codec in another process (:meth:`extend_encoded`): they are kept as bytes, and read when asked
    for, so that the parent of an audit never unpacks what its workers sent."""

    def __init__(
        self, model: type[M], *, limit: int | None = SPOOL_AFTER, codec: Codec[M] | None = None
    ) -> None:
        self.model = model
        self._limit = limit
        self._items: list[M | bytes] | None = []  # bytes: an item as encoded, not read yet
        self._own_codec = codec
        if codec is None and limit is not None:
            _codec_of(model)  # a model that cannot be spooled is refused now, not when it spills
        self._file: BinaryIO | None = None
        self._offsets = array("q", [0])  # record i is at [offsets[i], offsets[i + 1])
        self._at_end = True  # the file's position is its end (no read since the last write)
        self._lock = threading.Lock()

    @property
    def _codec(self) -> Codec[M]:
        """The codec given, else the model's own, set up when first needed: a check's results are
        held in memory and never encoded."""
        return self._own_codec if self._own_codec is not None else _codec_of(self.model)

    def __len__(self) -> int:
        return len(self._items) if self._items is not None else len(self._offsets) - 1

    @property
    def spooled(self) -> bool:
        """Whether the items are in a file (rather than in memory)."""
        return self._items is None

    def extend(self, items: Iterable[M]) -> range:
        """Add ``items``; their positions. Written to the file in one piece once spooled."""
        items = list(items)  # made before the lock is taken: they may be read from this spool
        with self._lock:
            start = len(self)
            if self._items is None:
                encode = self._codec.encode
                self._write_records([encode(item) for item in items])
            else:
                self._items.extend(items)
                if self._limit is not None and len(self._items) > self._limit:
                    self._spill()
            return range(start, len(self))

    def extend_encoded(self, data: bytes, lengths: Sequence[int]) -> range:
        """Add items encoded by a codec like the spool's (in a worker), one after another in
        ``data``, each of the length given; their positions. Nothing is decoded."""
        with self._lock:
            start = len(self)
            if self._items is None:
                self._write_many(data, lengths)
            else:
                view, at = memoryview(data), 0
                for n in lengths:
                    self._items.append(bytes(view[at : at + n]))
                    at += n
                if self._limit is not None and len(self._items) > self._limit:
                    self._spill()
            return range(start, len(self))

    def decoded(self, data: bytes, lengths: Sequence[int]) -> Iterator[M]:
        """The items encoded in ``data`` (as :meth:`extend_encoded` takes them), read but not kept."""
        view, at, decode = memoryview(data), 0, self._codec.decode
        for n in lengths:
            yield decode(view[at : at + n])
            at += n

    def _spill(self) -> None:
        assert self._items is not None
        self._file = tempfile.TemporaryFile(prefix="compliance-", suffix=".records")  # noqa: SIM115 - open as long as the spool
        items, self._items = self._items, None
        encode = self._codec.encode
        self._write_records([item if type(item) is bytes else encode(item) for item in items])  # type: ignore[arg-type]

    def _write_records(self, records: list[bytes]) -> None:
        self._write_many(b"".join(records), [len(r) for r in records])

    def _write_many(self, data: bytes, lengths: Sequence[int]) -> None:
        assert self._file is not None
        if not self._at_end:
            self._file.seek(self._offsets[-1])
            self._at_end = True
        self._file.write(data)
        offsets, end = self._offsets, self._offsets[-1]
        for n in lengths:
            end += n
            offsets.append(end)

    def _read(self, start: int, stop: int) -> bytes:
        assert self._file is not None
        with self._lock:
            if _pread is None:
                self._at_end = False
                self._file.seek(start)
                return self._file.read(stop - start)
            self._settle()
            # A positional read leaves the file's offset alone, which a forked copy of this
            # process shares (compliance.reporters._forked): several processes read at once.
            fd, parts, at = self._file.fileno(), [], start
            while at < stop:
                part = _pread(fd, stop - at, at)
                if not part:
                    break
                parts.append(part)
                at += len(part)
            return parts[0] if len(parts) == 1 else b"".join(parts)

    def _settle(self) -> None:
        """What was written last, out of the file object's buffer into the file (under the lock)."""
        if self._file is not None and self._at_end:
            self._file.flush()
            self._at_end = False

    def flush(self) -> None:
        """Write what the file object holds in its buffer to the file, so that a forked copy of
        this process, reading the same file, reads every record."""
        with self._lock:
            self._settle()

    def _item(self, item: M | bytes) -> M:
        return self._codec.decode(item) if type(item) is bytes else item  # type: ignore[return-value]

    def get(self, position: int) -> M:
        if self._items is not None:
            return self._item(self._items[position])
        offsets = self._offsets
        return self._codec.decode(self._read(offsets[position], offsets[position + 1]))

    def read(self, positions: Sequence[int]) -> Iterator[M]:
        """The items at ``positions``, in that order; consecutive positions are read in blocks."""
        items = self._items
        if items is not None:
            for p in positions:
                item = items[p]
                yield self._codec.decode(item) if type(item) is bytes else item  # type: ignore[misc]
            return
        offsets, decode = self._offsets, self._codec.decode
        i, n = 0, len(positions)
        while i < n:
            first = last = positions[i]
            j = i + 1
            while j < n and positions[j] == last + 1 and offsets[last + 1] - offsets[first] < _BLOCK:
                last = positions[j]
                j += 1
            base = offsets[first]
            block = memoryview(self._read(base, offsets[last + 1]))
            for p in range(first, last + 1):
                yield decode(block[offsets[p] - base : offsets[p + 1] - base])
            i = j

    def records(self, order: Iterable[int] | None = None) -> Records[M]:
        """A view of the items: all, in the order they came, or those at ``order``, in that order."""
        if order is None:
            return Records(self, range(len(self)))
        positions = order if isinstance(order, range) else array("q", order)
        return Records(self, positions)

    def close(self) -> None:
        """Delete the temporary file (any view of this spool is unusable afterwards)."""
        with self._lock:
            if self._file is not None:
                self._file.close()


# ----------------------------------------------------------------------------- the view


class Records(Sequence[M]):
    """An immutable, re-iterable sequence of models, in memory or spooled (see the module)."""

    __slots__ = ("_cache", "_order", "_spool")

    def __init__(self, spool: Spool[M], order: range | array[int]) -> None:
        self._spool = spool
        self._order = order
        self._cache: dict[str, Any] = {}

    @classmethod
    def of(cls, model: type[M], items: Iterable[M]) -> Records[M]:
        """In-memory records of ``items``."""
        spool = Spool(model, limit=None)
        assert spool._items is not None
        spool._items.extend(items)
        return spool.records()

    @property
    def model(self) -> type[M]:
        return self._spool.model

    @property
    def spooled(self) -> bool:
        return self._spool.spooled

    def cached(self, key: str, compute: Callable[[Records[M]], Any]) -> Any:
        """``compute(self)``, computed once (records never change, so neither does the answer)."""
        if key not in self._cache:
            self._cache[key] = compute(self)
        return self._cache[key]

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> M: ...
    @overload
    def __getitem__(self, index: slice) -> Records[M]: ...
    def __getitem__(self, index: int | slice) -> M | Records[M]:
        if isinstance(index, slice):
            return Records(self._spool, self._order[index])
        return self._spool.get(self._order[index])

    def __iter__(self) -> Iterator[M]:
        return self._spool.read(self._order)

    def flush(self) -> None:
        """Make every record readable by a forked copy of this process (:meth:`Spool.flush`)."""
        self._spool.flush()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if len(self) <= 3:
            return f"Records({list(self)!r})"
        where = "spooled" if self.spooled else "in memory"
        return f"<Records: {len(self)} {self.model.__name__} ({where})>"

    def __reduce__(self) -> tuple[Any, ...]:
        return Records.of, (self.model, list(self))

    def __copy__(self) -> Records[M]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Records[M]:
        return self


class _AsRecords:
    """Pydantic metadata: ``Annotated[Sequence[Model], AS_RECORDS]`` is a field that holds
    :class:`Records` (type checkers see a sequence, which a list is too): it accepts a list or
    records, and serialises, and appears in JSON Schema, as a list."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema  # noqa: PLC0415 - pydantic is at work already

        (model,) = get_args(source)
        items = handler.generate_schema(list[model])  # type: ignore[valid-type]

        def from_list(value: list[Any]) -> Records[Any]:
            return Records.of(model, value)

        def same(value: Any) -> Records[Any]:
            if isinstance(value, Records) and value.model is model:
                return value
            raise ValueError(f"not records of {model.__name__}")

        listed = core_schema.no_info_after_validator_function(from_list, items)
        return core_schema.json_or_python_schema(
            json_schema=listed,
            python_schema=core_schema.union_schema(
                mode="left_to_right",
                choices=[
                    core_schema.no_info_plain_validator_function(same),
                    core_schema.no_info_before_validator_function(
                        lambda v: list(v) if isinstance(v, Records) else v, listed
                    ),
                ],
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(list, return_schema=items),
        )


AS_RECORDS = _AsRecords()
