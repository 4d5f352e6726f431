"""``x-speakeasy-pagination`` to :class:`ir.Pagination`, checked against the operation.

Speakeasy's extension names the request inputs that choose a page (an offset, a
page number or a cursor, and a page size) and JSONPaths into the response (the
items, the next cursor or URL, the number of pages).  What this reads is what the
generated client can follow: the inputs must be query or header parameters, or
properties of a JSON or form body; the paths must reach into the one JSON success
response.  Anything else is a diagnostic naming the place, and the operation keeps
its plain method.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.ir.callshape import CallShapes
from generator.ir.pagination_path import follow, list_item, parse_path

_KINDS = {"offsetLimit", "cursor", "url"}


class PaginationError(ValueError):
    """Why an operation's pagination cannot be followed (a diagnostic's text)."""


def read_pagination(
    node: Any, op: ir.Operation, models: Mapping[str, ir.Model]
) -> ir.Pagination:
    """The pagination ``node`` describes for ``op``; PaginationError if it cannot be used."""
    if not isinstance(node, dict):
        raise PaginationError("x-speakeasy-pagination must be a mapping")
    kind = node.get("type")
    if kind not in _KINDS:
        raise PaginationError(
            f"pagination type {kind!r} is not supported (offsetLimit, cursor or url)"
        )
    page = _page_type(op)
    inputs = _inputs(node.get("inputs"), op, models)
    outputs = node.get("outputs")
    if not isinstance(outputs, dict):
        raise PaginationError("x-speakeasy-pagination needs 'outputs'")
    paths = {key: _path(value, key) for key, value in outputs.items()}
    results = paths.get("results")
    for key, path in paths.items():
        reached = _reached(models, page, path, key, outputs[key])
        if key == "results" and list_item(models, reached) is None:
            raise PaginationError(f"outputs.results ({outputs[key]}) is not an array")
    if kind == "url":
        if "nextUrl" not in paths:
            raise PaginationError("url pagination needs outputs.nextUrl")
        return ir.Pagination(kind="url", results=results, next=paths["nextUrl"])
    if kind == "cursor":
        cursor = inputs.get("cursor")
        if cursor is None or "nextCursor" not in paths:
            raise PaginationError(
                "cursor pagination needs a cursor input and outputs.nextCursor"
            )
        return ir.Pagination(
            kind="cursor",
            input=cursor,
            limit=inputs.get("limit"),
            results=results,
            next=paths["nextCursor"],
        )
    by = "offset" if "offset" in inputs else "page" if "page" in inputs else None
    if by is None:
        raise PaginationError("offsetLimit pagination needs an offset or a page input")
    numbers = paths.get("numPages") if by == "page" else None
    if results is None and numbers is None:
        raise PaginationError(
            "offsetLimit pagination needs outputs.results"
            + (" or outputs.numPages" if by == "page" else "")
            + " to know where the pages end"
        )
    return ir.Pagination(
        kind="offset" if by == "offset" else "page",
        input=inputs[by],
        limit=inputs.get("limit"),
        results=results,
        pages=numbers,
    )


def _page_type(op: ir.Operation) -> ir.TypeRef:
    """The type of a page: the operation's one JSON success response."""
    pages = [
        r
        for r in op.responses
        if r.status.startswith("2") and r.content_type is not None
    ]
    kinds = {r.type for r in pages}
    if len(kinds) != 1 or pages[0].type is None or pages[0].streaming:
        raise PaginationError(
            "a paginated operation needs exactly one JSON success response type"
        )
    if pages[0].media != "json":
        raise PaginationError("a paginated operation's response must be JSON")
    return pages[0].type


def _path(value: Any, key: str) -> tuple[ir.PathSegment, ...]:
    if not isinstance(value, str):
        raise PaginationError(f"outputs.{key} must be a JSONPath string")
    try:
        return parse_path(value)
    except ValueError as error:
        raise PaginationError(f"outputs.{key}: {error}") from None


def _reached(
    models: Mapping[str, ir.Model],
    page: ir.TypeRef,
    path: tuple[ir.PathSegment, ...],
    key: str,
    text: str,
) -> ir.TypeRef:
    """The type ``path`` reaches in a page."""
    try:
        return follow(models, page, path)[1]
    except ValueError as error:
        raise PaginationError(f"outputs.{key} ({text}): {error}") from None


def _inputs(
    node: Any, op: ir.Operation, models: Mapping[str, ir.Model]
) -> dict[str, ir.PageInput]:
    """Each input by its type (offset, page, cursor, limit)."""
    if node is None:
        return {}  # url pagination needs none
    if not isinstance(node, list):
        raise PaginationError("x-speakeasy-pagination needs a list of 'inputs'")
    found: dict[str, ir.PageInput] = {}
    for entry in node:
        if not isinstance(entry, dict):
            raise PaginationError("a pagination input must be a mapping")
        role, name, where = entry.get("type"), entry.get("name"), entry.get("in")
        if role not in ("offset", "page", "cursor", "limit"):
            raise PaginationError(f"pagination input type {role!r} is not supported")
        if not isinstance(name, str):
            raise PaginationError("a pagination input needs a 'name'")
        if where == "parameters":
            found[role] = _parameter_input(op, name)
        elif where == "requestBody":
            found[role] = _body_input(op, name, models)
        else:
            raise PaginationError(
                f"pagination input {name!r}: 'in' must be parameters or requestBody"
            )
    return found


def _parameter_input(op: ir.Operation, name: str) -> ir.PageInput:
    parameter = next((p for p in op.parameters if p.name == name), None)
    if parameter is None:
        raise PaginationError(f"pagination input {name!r} is not a parameter")
    if parameter.location not in ("query", "header"):
        raise PaginationError(
            f"pagination input {name!r} is a {parameter.location} parameter;"
            " only query and header parameters can change between pages"
        )
    return ir.PageInput(
        location=parameter.location,
        name=name,
        default=parameter.default if parameter.has_default else None,
    )


def _body_input(
    op: ir.Operation, name: str, models: Mapping[str, ir.Model]
) -> ir.PageInput:
    body = op.request_body
    if body is None or body.media not in ("json", "form", "multipart"):
        raise PaginationError(
            f"pagination input {name!r} is in the request body, which is not JSON or a form"
        )
    try:
        follow(models, body.type, (name,))
    except ValueError as error:
        raise PaginationError(f"pagination input {name!r}: {error}") from None
    ref = body.type.inner if isinstance(body.type, ir.NullOr) else body.type
    model = CallShapes(models.values()).object_model(ref)
    field = None if model is None else next(f for f in model.fields if f.name == name)
    default = field.default if field is not None and field.has_default else None
    return ir.PageInput(location="body", name=name, default=default)
