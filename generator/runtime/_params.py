"""Parameters as they go on the wire: path segments, query pairs (form style,
exploded or not, and ``deepObject``), headers, cookies, and form and multipart
fields.

A parameter the caller did not give (``UNSET``) is not sent; None is sent (empty)
only for a parameter the spec declares nullable.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
from collections.abc import Callable, Mapping
from typing import IO, Any
from urllib.parse import quote

from ._runtime import Unset, encode_datetime

__all__ = [
    "FileContent",
    "FileInput",
    "scalar",
    "path_value",
    "add_query",
    "header_value",
    "add_header",
    "add_cookie",
    "add_field",
    "form_fields",
    "file_field",
]

FileContent = bytes | IO[bytes]
FileInput = FileContent | tuple[str, FileContent] | tuple[str, FileContent, str]
"""A multipart file: content, or ``(file name, content)``, or ``(file name, content, media type)``."""


def scalar(value: Any) -> str:
    """A parameter value as text: booleans as JSON spells them, enums by value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return scalar(value.value)
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return encode_datetime(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def path_value(value: Any) -> str:
    """A path segment, percent-encoded so that it cannot add segments or a query,
    nor remove one: ``.`` and ``..`` are dot-segments that URL normalisation
    (httpx's too) resolves, so they are sent percent-encoded."""
    if isinstance(value, (list, tuple)):
        text = ",".join(quote(scalar(v), safe="") for v in value)
    else:
        text = quote(scalar(value), safe="")
    return _DOT_SEGMENTS.get(text, text)


_DOT_SEGMENTS = {".": "%2E", "..": "%2E%2E"}


def _sent(value: Any, null: bool) -> bool:
    """Whether a parameter's value is sent: given (not UNSET), and not None unless
    the parameter is nullable (*null*), where None is sent empty."""
    return not isinstance(value, Unset) and (null or value is not None)


def add_query(
    params: list[tuple[str, str]],
    name: str,
    value: Any,
    explode: bool,
    null: bool = False,
    deep: bool = False,
) -> None:
    """Form-style query encoding: arrays repeat the key when exploded, else join with
    commas; an exploded object sends a pair a property (its arrays repeating their
    key, as a form does), or with ``deep`` (``deepObject``) ``name[key]=value``;
    nothing for a value not sent (see ``_sent``)."""
    if not _sent(value, null):
        return
    if deep and isinstance(value, Mapping):
        _add_deep(params, name, value)
    elif isinstance(value, (list, tuple)):
        if explode:
            params.extend((name, scalar(v)) for v in value)
        else:
            params.append((name, ",".join(scalar(v) for v in value)))
    elif isinstance(value, Mapping):
        if explode:
            for key, item in value.items():
                if isinstance(item, (list, tuple)):
                    params.extend((str(key), scalar(v)) for v in item)
                else:
                    params.append((str(key), scalar(item)))
        else:
            params.append(
                (name, ",".join(f"{k},{scalar(v)}" for k, v in value.items()))
            )
    else:
        params.append((name, scalar(value)))


def _add_deep(params: list[tuple[str, str]], name: str, value: Any) -> None:
    """``deepObject``: ``name[key]=value``, nested objects as ``name[a][b]``, arrays
    of scalars as ``name[key][]`` and of objects as ``name[key][0][a]``: the
    brackets APIs such as Stripe's read."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            _add_deep(params, f"{name}[{key}]", item)
    elif isinstance(value, (list, tuple)):
        indexed = any(isinstance(item, (Mapping, list, tuple)) for item in value)
        for index, item in enumerate(value):
            _add_deep(params, f"{name}[{index}]" if indexed else f"{name}[]", item)
    else:
        params.append((name, scalar(value)))


def header_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(scalar(v) for v in value)
    return scalar(value)


def add_header(
    headers: dict[str, str], name: str, value: Any, null: bool = False
) -> None:
    """A header parameter, unless its value is not sent (see ``_sent``)."""
    if _sent(value, null):
        headers[name] = header_value(value)


def add_cookie(
    cookies: dict[str, str], name: str, value: Any, null: bool = False
) -> None:
    """A cookie parameter, unless its value is not sent (see ``_sent``)."""
    if _sent(value, null):
        cookies[name] = scalar(value)


def add_field(
    body: dict[str, Any],
    name: str,
    value: Any,
    encode: Callable[[Any], Any] | None = None,
    null: bool = False,
) -> None:
    """An optional body field, encoded by *encode* if given, unless its value is not
    sent (see ``_sent``: None is sent as null only for a nullable field)."""
    if _sent(value, null):
        body[name] = value if encode is None or value is None else encode(value)


def form_fields(body: Mapping[str, Any]) -> dict[str, Any]:
    """Form and multipart fields: scalars as text, lists as repeated values, objects as JSON."""
    fields: dict[str, Any] = {}
    for key, value in body.items():
        if isinstance(value, (list, tuple)):
            fields[key] = [scalar(v) for v in value]
        elif isinstance(value, Mapping):
            fields[key] = json.dumps(value, separators=(",", ":"))
        else:
            fields[key] = scalar(value)
    return fields


def file_field(name: str, value: FileInput) -> tuple[str, Any]:
    if isinstance(value, tuple):
        return (name, value)
    return (name, (name, value))
