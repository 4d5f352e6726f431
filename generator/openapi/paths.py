"""The Paths object: which of its keys are paths, and which path a client calls.

Shared by the document checks (:mod:`generator.openapi.validate`) and the operation
reader, so that both agree on what a path is: an ``x-`` key extends the object
(OpenAPI allows extensions on Paths and Responses) and is no path at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.ir import path_template
from generator.load.documents import Documents, Location

__all__ = [
    "HTTP_METHODS",
    "is_extension",
    "operations",
    "path_items",
    "request_path",
]

HTTP_METHODS = (
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "query",  # OpenAPI 3.2: HTTP QUERY, a safe request with a body
)
# RFC 9110's token: what a method name may be made of.
_METHOD = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")


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


def operations(
    where: Location, item: dict[str, Any]
) -> Iterator[tuple[str, Location, Any, str | None]]:
    """``(HTTP method, location, node, problem)`` for each operation of a path item.

    The fixed fields come first (``get`` is sent as ``GET``), then OpenAPI 3.2's
    ``additionalOperations``, whose keys are methods as they are sent (``LINK``).
    *problem* says why an entry cannot be an operation (the caller reports it and
    leaves the entry out), else None.
    """
    for method in HTTP_METHODS:
        if method in item:
            if method == "query" and not isinstance(item[method], dict):
                continue  # before 3.2, a field of no meaning: not an operation
            yield method.upper(), where.child(method), item[method], None
    extra = item.get("additionalOperations")
    if not isinstance(extra, dict):
        return
    for key, node in extra.items():
        method = str(key)
        location = where.child("additionalOperations", method)
        problem = None
        if not _METHOD.match(method):
            problem = (
                f"{method!r} is not an HTTP method name; the operation is left out"
            )
        elif method.lower() in HTTP_METHODS:
            problem = (
                f"{method} has a field of its own ({method.lower()}), which"
                " additionalOperations may not repeat; the operation is left out"
            )
        yield method, location, node, problem


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
    if path_template.has_variable(rest):
        return raw_path.replace("#", "%23")
    return path
