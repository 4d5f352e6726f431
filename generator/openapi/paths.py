"""The Paths object: which of its keys are paths, and which path a client calls.

Shared by the document checks (:mod:`generator.openapi.validate`) and the operation
reader, so that both agree on what a path is: an ``x-`` key extends the object
(OpenAPI allows extensions on Paths and Responses) and is no path at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load import Documents, Location

__all__ = ["HTTP_METHODS", "is_extension", "path_items"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


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
