"""Decoding and encoding helpers shared by the generated models.

``UNSET`` marks a field that is absent on the wire; ``None`` is an explicit null.
Decoders check JSON types and raise :class:`DecodeError` with the path of the
offending value; encoders turn decoded values (datetimes, enums, models) back into
JSON-ready data.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import datetime as _dt
import decimal
import enum
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, Literal, TypeVar, final

T = TypeVar("T")
S = TypeVar("S", bound=enum.StrEnum)
N = TypeVar("N", bound=enum.IntEnum)


@final
class Unset:
    """The type of :data:`UNSET`, which is its only instance.

    It has no attributes of its own (a field typed ``Model | Unset`` cannot be read
    through as if it were the model), is falsy, and pickles and copies to itself.
    Narrow with ``isinstance(x, Unset)``: type checkers understand it.  ``x is UNSET``
    holds at run time just as well, but mypy does not narrow a union on it.
    """

    __slots__ = ()

    def __new__(cls) -> Unset:
        try:
            return UNSET
        except NameError:  # creating UNSET itself, below
            return super().__new__(cls)

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()
"""A field that is absent from the payload (as opposed to present and null)."""


class DecodeError(ValueError):
    """A payload does not have the shape its schema describes."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message, path)
        self.message = message
        self.path = path

    def within(self, step: str | int) -> DecodeError:
        return DecodeError(self.message, (step, *self.path))

    @property
    def json_path(self) -> str:
        """Where the offending value is, as a JSON path: ``$.items[2].id``."""
        steps = (f"[{s}]" if isinstance(s, int) else f".{s}" for s in self.path)
        return "$" + "".join(steps)

    def __str__(self) -> str:
        return f"at {self.json_path}: {self.message}"


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


# -- fields of an object ---------------------------------------------------------


def expect_object(value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DecodeError(f"expected an object, got {_kind(value)}")
    return value


def required(data: Mapping[str, Any], key: str, decode: Callable[[Any], T]) -> T:
    if key not in data:
        raise DecodeError(f"missing required field {key!r}")
    value = data[key]
    if value is None:
        raise DecodeError("null is not allowed", (key,))
    try:
        return decode(value)
    except DecodeError as exc:
        raise exc.within(key) from None


def required_nullable(
    data: Mapping[str, Any], key: str, decode: Callable[[Any], T]
) -> T | None:
    if key not in data:
        raise DecodeError(f"missing required field {key!r}")
    value = data[key]
    if value is None:
        return None
    try:
        return decode(value)
    except DecodeError as exc:
        raise exc.within(key) from None


def optional(
    data: Mapping[str, Any], key: str, decode: Callable[[Any], T]
) -> T | Unset:
    if key not in data:
        return UNSET
    value = data[key]
    if value is None:
        raise DecodeError("null is not allowed", (key,))
    try:
        return decode(value)
    except DecodeError as exc:
        raise exc.within(key) from None


def optional_nullable(
    data: Mapping[str, Any], key: str, decode: Callable[[Any], T]
) -> T | None | Unset:
    if key not in data:
        return UNSET
    value = data[key]
    if value is None:
        return None
    try:
        return decode(value)
    except DecodeError as exc:
        raise exc.within(key) from None


def extras(
    data: Mapping[str, Any], known: frozenset[str], decode: Callable[[Any], T]
) -> dict[str, T]:
    """The keys of ``data`` that are not declared fields, decoded."""
    found: dict[str, T] = {}
    for key, value in data.items():
        if key not in known:
            try:
                found[key] = decode(value)
            except DecodeError as exc:
                raise exc.within(key) from None
    return found


# -- scalars -----------------------------------------------------------------------


def decode_any(value: Any) -> Any:
    return value


def decode_str(value: Any) -> str:
    if not isinstance(value, str):
        raise DecodeError(f"expected a string, got {_kind(value)}")
    return value


def decode_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise DecodeError(f"expected an integer, got {_kind(value)}")
    return value


def decode_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DecodeError(f"expected a number, got {_kind(value)}")
    return value


def decode_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise DecodeError(f"expected a boolean, got {_kind(value)}")
    return value


def decode_null(value: Any) -> None:
    if value is not None:
        raise DecodeError(f"expected null, got {_kind(value)}")


class WireDateTime(_dt.datetime):
    """A decoded date-time that keeps the text it was read from.

    :func:`decode_datetime` gives one (rather than a plain ``datetime``) only when
    encoding the value would not give the text back: more than six fraction digits
    (Go, Java and Kubernetes write nanoseconds), a lower-case ``t`` or ``z``, a leap
    second, or another spelling of the same instant (``+00:00`` for ``Z``).  It is a
    ``datetime`` in every other way; its ``wire`` text is what :func:`encode_datetime`
    writes, so a round trip gives the payload back.  A value computed from it
    (``replace``, arithmetic, a copy made by ``datetime``'s own methods) has no text
    and is encoded from its value.
    """

    __slots__ = ("wire",)
    wire: str

    def __reduce_ex__(self, protocol: Any) -> Any:
        wire = getattr(self, "wire", None)
        if wire is None:  # computed from one: a datetime like any other
            return super().__reduce_ex__(protocol)
        return (decode_datetime, (wire,))


def decode_datetime(value: Any) -> _dt.datetime:
    """An RFC 3339 date-time (Python's ISO 8601 reading is accepted as well).

    A leap second (``23:59:60``) is read as the last microsecond of the second
    before it (``23:59:59.999999``): ``datetime`` has no second 60, and this keeps
    the order of instants.  Digits beyond microseconds are dropped from the value.
    Either way the text is kept (:class:`WireDateTime`) and written back as it came.
    """
    text = decode_str(value)
    try:
        parsed = _parse_datetime(text)
    except ValueError:
        raise DecodeError(f"expected an RFC 3339 date-time, got {value!r}") from None
    if encode_datetime(parsed) == text:
        return parsed
    kept = WireDateTime(
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond,
        parsed.tzinfo,
        fold=parsed.fold,
    )
    kept.wire = text
    return kept


def _parse_datetime(text: str) -> _dt.datetime:
    # RFC 3339 allows "t" and "z" in lower case; fromisoformat only upper case.
    normal = text[:10] + text[10:11].upper() + text[11:] if len(text) > 10 else text
    if normal.endswith("z"):
        normal = normal[:-1] + "Z"
    leap = len(normal) > 19 and normal[16:19] == ":60" and normal[13] == ":"
    if leap:
        normal = normal[:17] + "59" + normal[19:]
    parsed = _dt.datetime.fromisoformat(normal)
    return parsed.replace(microsecond=999999) if leap else parsed


def encode_datetime(value: _dt.datetime) -> str:
    wire: str | None = getattr(value, "wire", None)  # unset when computed from one
    if isinstance(value, WireDateTime) and wire is not None:
        return wire
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def decode_date(value: Any) -> _dt.date:
    try:
        return _dt.date.fromisoformat(decode_str(value))
    except ValueError:
        raise DecodeError(f"expected an RFC 3339 date, got {value!r}") from None


def encode_date(value: _dt.date) -> str:
    return value.isoformat()


def decode_uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(decode_str(value))
    except ValueError:
        raise DecodeError(f"expected a UUID, got {value!r}") from None


def decode_base64(value: Any) -> bytes:
    try:
        return base64.b64decode(decode_str(value), validate=True)
    except (binascii.Error, ValueError):
        raise DecodeError("expected base64-encoded bytes") from None


def encode_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def decode_decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DecodeError(f"expected a decimal, got {_kind(value)}")
    try:
        return decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        raise DecodeError(f"expected a decimal, got {value!r}") from None


def encode_decimal_number(value: decimal.Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def const(expected: Any) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        if value != expected or type(value) is not type(expected):
            raise DecodeError(f"expected {expected!r}, got {value!r}")
        return value

    return decode


# -- enums: open, so values unknown to this version of the spec survive ------------


def str_enum(cls: type[S]) -> Callable[[Any], S | str]:
    def decode(value: Any) -> S | str:
        text = decode_str(value)
        try:
            return cls(text)
        except ValueError:
            return text

    return decode


def int_enum(cls: type[N]) -> Callable[[Any], N | int]:
    def decode(value: Any) -> N | int:
        number = decode_int(value)
        try:
            return cls(number)
        except ValueError:
            return number

    return decode


def encode_enum(value: enum.Enum | str | int) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


# -- containers ---------------------------------------------------------------------


def list_of(decode: Callable[[Any], T]) -> Callable[[Any], list[T]]:
    def decode_list(value: Any) -> list[T]:
        if not isinstance(value, list):
            raise DecodeError(f"expected an array, got {_kind(value)}")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(decode(item))
            except DecodeError as exc:
                raise exc.within(index) from None
        return items

    return decode_list


def tuple_of(
    decoders: tuple[Callable[[Any], Any], ...],
    rest: Callable[[Any], Any] | None,
    least: int,
) -> Callable[[Any], tuple[Any, ...]]:
    """An array typed by position: at least ``least`` items, and more than
    ``decoders`` only when there is a ``rest`` to decode them."""

    def decode_tuple(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise DecodeError(f"expected an array, got {_kind(value)}")
        if len(value) < least or (rest is None and len(value) > len(decoders)):
            if rest is not None:
                wanted = f"at least {least}"
            elif least == len(decoders):
                wanted = str(least)
            else:
                wanted = f"{least} to {len(decoders)}"
            raise DecodeError(f"expected {wanted} items, got {len(value)}")
        items = []
        for index, item in enumerate(value):
            decode = decoders[index] if index < len(decoders) else rest
            assert decode is not None
            try:
                items.append(decode(item))
            except DecodeError as exc:
                raise exc.within(index) from None
        return tuple(items)

    return decode_tuple


def map_of(decode: Callable[[Any], T]) -> Callable[[Any], dict[str, T]]:
    def decode_map(value: Any) -> dict[str, T]:
        return extras(expect_object(value), frozenset(), decode)

    return decode_map


def null_or(convert: Callable[[Any], T]) -> Callable[[Any], T | None]:
    def convert_nullable(value: Any) -> T | None:
        return None if value is None else convert(value)

    return convert_nullable


def encode(value: Any, encoder: Callable[[Any], Any]) -> Any:
    """Apply a composed encoder (``list_encoder(f)``, ``null_or(f)``) to a value."""
    return encoder(value)


def list_encoder(encode: Callable[[Any], Any]) -> Callable[[list[Any]], list[Any]]:
    def encode_list(value: list[Any]) -> list[Any]:
        return [encode(item) for item in value]

    return encode_list


def tuple_encoder(
    encoders: tuple[Callable[[Any], Any] | None, ...],
    rest: Callable[[Any], Any] | None,
) -> Callable[[tuple[Any, ...]], list[Any]]:
    """A tuple as the JSON array it came from; None encoders leave items as they are."""

    def encode_tuple(value: tuple[Any, ...]) -> list[Any]:
        encoded = []
        for index, item in enumerate(value):
            encode = encoders[index] if index < len(encoders) else rest
            encoded.append(item if encode is None else encode(item))
        return encoded

    return encode_tuple


def map_encoder(
    encode: Callable[[Any], Any],
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def encode_map(value: dict[str, Any]) -> dict[str, Any]:
        return {key: encode(item) for key, item in value.items()}

    return encode_map


# -- unions ---------------------------------------------------------------------------


def union(value: Any, decoders: tuple[Callable[[Any], Any], ...], name: str) -> Any:
    """The first variant that decodes ``value`` without error."""
    with _deciding(name, value):
        return _first_variant(value, decoders, name)


def tagged(
    value: Any,
    tag: str,
    by_tag: Mapping[str, Callable[[Any], Any]],
    decoders: tuple[Callable[[Any], Any], ...],
    name: str,
) -> Any:
    """Decode by the discriminator property; fall back to trying every variant."""
    with _deciding(name, value):
        if isinstance(value, Mapping) and isinstance(value.get(tag), str):
            decode = by_tag.get(value[tag])
            if decode is not None:
                return decode(value)
        return _first_variant(value, decoders, name)


# -- models that others extend (allOf with a discriminator) ---------------------------


def subtype(
    cls: type[T], data: Mapping[str, Any], tag: str, by_tag: Mapping[str, type[Any]]
) -> type[T]:
    """The subclass of ``cls`` the payload's tag names, else ``cls`` itself.

    A tag naming a class outside ``cls``'s family (a sibling, or the parent) leaves
    the payload to ``cls``: ``Dog.from_dict`` never returns a ``Cat``.
    """
    value = data.get(tag)
    found = by_tag.get(value) if isinstance(value, str) else None
    if found is not None and found is not cls and issubclass(found, cls):
        return found
    return cls


def encode_object(value: Any) -> Any:
    """A model's own ``to_dict``: a subclass's when the value is of one."""
    return value.to_dict()


def _first_variant(
    value: Any, decoders: tuple[Callable[[Any], Any], ...], name: str
) -> Any:
    """The first variant that holds ``value`` without loss, else the first that
    decodes it at all.

    A variant may decode a payload it cannot hold: a model without extra keys drops
    the keys it does not declare, so ``A(a=UNSET)`` would stand for ``{"b": 1}``.  A
    variant holds the value when encoding what it decoded gives the value back (the
    union's own encoder is :func:`encode_any`), which is what validation against the
    spec's schemas asks for: unknown keys where a schema forbids them, or a value a
    type cannot represent, do not match.  Where several variants hold it (which
    ``oneOf`` forbids and ``anyOf`` allows), the first in the spec's order is taken.
    Only when none does (a newer server's payload, say) does the first that decodes
    win, as it always did.
    """
    fallback: list[Any] = []
    for decode in decoders:
        try:
            decoded = decode(value)
        except DecodeError:
            continue
        if _holds(decoded, value):
            return decoded
        if not fallback:
            fallback.append(decoded)
    if fallback:
        return fallback[0]
    raise DecodeError(f"value matches no variant of {name}")


def _holds(decoded: Any, value: Any) -> bool:
    """Whether ``decoded`` encodes back to ``value``."""
    try:
        return same_json(encode_any(decoded), value)
    except (TypeError, ValueError):
        return False


def same_json(left: Any, right: Any) -> bool:
    """Whether two JSON-ready values are the same JSON: ``1`` and ``1.0`` are, ``1``
    and ``true`` are not (as Python's ``==`` would have it), nor ``{}`` and ``[]``."""
    if isinstance(left, Mapping):
        return (
            isinstance(right, Mapping)
            and len(left) == len(right)
            and all(k in right and same_json(v, right[k]) for k, v in left.items())
        )
    if isinstance(left, (list, tuple)):
        return (
            isinstance(right, (list, tuple))
            and len(left) == len(right)
            and all(same_json(a, b) for a, b in zip(left, right))
        )
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, (int, float)):
        return isinstance(right, (int, float)) and left == right
    return type(left) is type(right) and bool(left == right)


_deciding_now = threading.local()


@contextlib.contextmanager
def _deciding(name: str, value: Any) -> Iterator[None]:
    """Refuse to decide the same value for the same union twice at once.

    A union may name itself through other unions (``A = B | X`` and ``B = A | Y``);
    trying that branch would recurse forever, and it can add nothing the other
    branches do not, so it simply fails and the next variant is tried.
    """
    active: set[tuple[str, int]] = _deciding_now.__dict__.setdefault("active", set())
    key = (name, id(value))
    if key in active:
        raise DecodeError(f"{name} refers to itself")
    active.add(key)
    try:
        yield
    finally:
        active.discard(key)


def encode_any(value: Any) -> Any:
    """Encode a value whose schema is not known statically (``Any``, unions).

    ``UNSET`` stays ``UNSET``: an argument left out is still left out once encoded
    (a query parameter's value is encoded before it is known to be sent).
    """
    if value is UNSET:
        return value
    if value is None or isinstance(value, (str, bool, int, float)):
        return value.value if isinstance(value, enum.Enum) else value
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None and dataclasses.is_dataclass(value):
        return to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _dt.datetime):
        return encode_datetime(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, bytes):
        return encode_base64(value)
    if isinstance(value, Mapping):
        return {str(key): encode_any(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_any(item) for item in value]
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")
