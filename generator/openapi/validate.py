"""Checks on a whole document that no single operation can make on its own.

A generated client names methods after operationIds and fills path templates from
path parameters, so two operations sharing an id, or a path parameter the path never
mentions, would silently produce a wrong client.  Both are errors in the document
(OpenAPI requires ids to be unique and path parameters to appear in the template),
reported with the pointer of the offending value.
"""

from __future__ import annotations

from typing import Any

from generator.ir import path_template
from generator.load.documents import Documents, Location
from generator.openapi.paths import (
    operations,
    path_items,
    request_path,
)

__all__ = ["validate_document"]


def validate_document(docs: Documents) -> None:
    """Raise a ``SpecError`` for a duplicate operationId or an unused path parameter."""
    top = Location(docs.root_file, "#")
    paths = docs.root.get("paths")
    if not isinstance(paths, dict):
        return
    seen_ids: dict[str, Location] = {}
    for raw_path, where, item in path_items(docs, top.child("paths"), paths):
        if not isinstance(item, dict):
            continue
        variables = path_template.variables(request_path(raw_path))
        _check_parameters(
            docs, where.child("parameters"), item.get("parameters"), raw_path, variables
        )
        for _, location, operation, problem in operations(where, item):
            if problem is not None or not isinstance(operation, dict):
                continue
            operation_id = operation.get("operationId")
            if isinstance(operation_id, str):
                first = seen_ids.setdefault(operation_id, location)
                if first is not location:
                    raise docs.error(
                        location.child("operationId"),
                        f"operationId {operation_id!r} is already used by {first.pointer}",
                    )
            _check_parameters(
                docs,
                location.child("parameters"),
                operation.get("parameters"),
                raw_path,
                variables,
            )


def _check_parameters(
    docs: Documents, where: Location, parameters: Any, path: object, variables: set[str]
) -> None:
    if not isinstance(parameters, list):
        return
    for index, parameter in enumerate(parameters):
        location, node = _follow(docs, where.child(index), parameter)
        if not isinstance(node, dict) or node.get("in") != "path":
            continue
        name = node.get("name")
        if isinstance(name, str) and name not in variables:
            raise docs.error(
                location,
                f"path parameter {name!r} does not appear in the path {str(path)!r}",
            )


def _follow(docs: Documents, where: Location, node: Any) -> tuple[Location, Any]:
    """Follow ``$ref`` chains; the front end reports cycles and bad references itself."""
    seen: set[tuple[str, str]] = set()
    while isinstance(node, dict) and "$ref" in node:
        key = (str(where.file), where.pointer)
        if key in seen:
            break
        seen.add(key)
        where = docs.resolve(node["$ref"], where.child("$ref"))
        node = docs.node(where)
    return where, node
