"""The Paths object: which of its keys are paths, and which path a client calls.

Shared by the document checks (:mod:`generator.openapi.validate`) and the operation
reader, so that both agree on what a path is: an ``x-`` key extends the object
(OpenAPI allows extensions on Paths and Responses) and is no path at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.load import Documents, Location

__all__ = [
    "HTTP_METHODS",
    "is_extension",
    "path_items",
    "request_path",
    "template_variables",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]+)\}")


def is_extension(key: object) -> bool:
    """A specification extension (``x-...``): data for other tools, never a name."""
    return str(key).startswith("x-")


def path_items(
    docs: Documents, where: Location, items: dict[str, Any]
) -> Iterator[tuple[str, Location, Any]]:
    """``(path, location, node)`` for each path of a Paths-like map, extensions left out.

    The location is that of the path item, after any ``$ref`` it is; the node is
    not checked, so each caller says what a wrong one means for it.
    """
    for raw_path, item in items.items():
        if is_extension(raw_path):
            continue
        location = where.child(str(raw_path))
        if isinstance(item, dict) and "$ref" in item:
            location = docs.resolve(item["$ref"], location.child("$ref"))
            item = docs.node(location)
        yield str(raw_path), location, item


def request_path(raw_path: str) -> str:
    """The path a client calls for a key of the Paths object.

    ``/chat#stream`` tells two operations on one path apart (a fragment never
    reaches a server), so it calls ``/chat``.  A ``#`` followed by a template
    variable (``/send/#env/v1/{partnerId}``) cannot be such a name: the path goes on
    after it, so the whole of it is called, the ``#`` percent-encoded (sent bare, it
    would end the URL and drop the rest).
    """
    path, hash_sign, rest = raw_path.partition("#")
    if not hash_sign:
        return raw_path
    if _TEMPLATE_VARIABLE.search(rest):
        return raw_path.replace("#", "%23")
    return path


def template_variables(path: str) -> set[str]:
    """The names of the ``{variables}`` of a path template."""
    return set(_TEMPLATE_VARIABLE.findall(path))
