"""Media types as wire facts: a content type's essence and its kind, decided once.

The front ends call :func:`media_kind` when they record a body or a response, so
that every later stage reads ``RequestBody.media`` or ``Response.media`` instead of
parsing the content type again (and perhaps differently).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.ir import MediaKind

JSON_LINES = frozenset(
    {
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
        "application/x-ndjson",
        "application/ndjson",
    }
)
"""Media types of a body that is a sequence of JSON values, one a line."""


def essence(content_type: str) -> str:
    """A media type without its parameters, in lower case (``application/json``)."""
    return content_type.split(";")[0].strip().lower()


def media_kind(content_type: str) -> MediaKind:
    """What a body of this content type is, for every stage after the front end."""
    base = essence(content_type)
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base == "text/event-stream":
        return "event_stream"
    if base in JSON_LINES:
        return "json_lines"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    if base.startswith("text/"):
        return "text"
    return "binary"
