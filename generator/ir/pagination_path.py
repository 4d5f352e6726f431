"""Pagination paths: the JSONPath of ``x-speakeasy-pagination`` read, and followed
through a page's type.

The OpenAPI front end uses it to check an operation's pagination against its
response and request schemas (what does not fit is a diagnostic, and the operation
stays callable without pagination); the client view uses it to turn the same path
into the attribute names and item type of the decoded page.  One walk, so that the
two can never disagree on what a path reaches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

import msgspec

from generator import ir

_STEP = re.compile(
    r"""\.(?P<name>[A-Za-z_$][\w$-]*)"""
    r"""|\[\s*(?P<index>-?\d+)\s*\]"""
    r"""|\[\s*'(?P<single>[^'\\]*)'\s*\]"""
    r"""|\[\s*"(?P<double>[^"\\]*)"\s*\]"""
)


def parse_path(text: str) -> tuple[ir.PathSegment, ...]:
    """``$.data.items[-1].id`` as its steps; ValueError for what is not a plain path
    (wildcards, filters, recursive descent, slices)."""
    text = text.strip()
    if not text.startswith("$"):
        raise ValueError(f"{text!r} is not a JSONPath (it must start with '$')")
    steps: list[ir.PathSegment] = []
    position = 1
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None:
            raise ValueError(
                f"{text!r}: only '.name', ['name'] and [index] steps are supported"
                f" (at {text[position:]!r})"
            )
        if match["index"] is not None:
            steps.append(int(match["index"]))
        else:
            steps.append(match["name"] or match["single"] or match["double"] or "")
        position = match.end()
    return tuple(steps)


def path_text(path: tuple[ir.PathSegment, ...]) -> str:
    """The path written back as JSONPath, for messages and the IR JSON."""
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif re.fullmatch(r"[A-Za-z_$][\w$-]*", step):
            parts.append(f".{step}")
        else:
            parts.append("[" + repr(step) + "]")
    return "".join(parts)


class Step(msgspec.Struct, frozen=True):
    """One step of a path, as the decoded value takes it."""

    how: Literal["field", "key", "index"]
    """``field``: an attribute of a model (``model`` names it); ``key``: a key of a
    plain dict (a map, or JSON the spec leaves untyped); ``index``: into a list."""
    segment: ir.PathSegment
    model: str | None = None


def follow(
    models: Mapping[str, ir.Model], root: ir.TypeRef, path: tuple[ir.PathSegment, ...]
) -> tuple[tuple[Step, ...], ir.TypeRef]:
    """The steps ``path`` takes from a value of type ``root``, and the type it reaches.

    Nullable values, aliases and single references are seen through; a union is not
    (its variants may not share the property).  ValueError says where a path leaves
    the type.
    """
    steps: list[Step] = []
    current = root
    for segment in path:
        current = _unwrap(models, current)
        if isinstance(current, ir.AnyType):
            how: Literal["key", "index"] = (
                "index" if isinstance(segment, int) else "key"
            )
            steps.append(Step(how, segment))
            continue
        if isinstance(segment, int):
            if isinstance(current, ir.ListOf):
                steps.append(Step("index", segment))
                current = current.item
                continue
            raise ValueError(f"[{segment}] indexes a value that is not an array")
        if isinstance(current, ir.MapOf):
            steps.append(Step("key", segment))
            current = current.value
            continue
        if isinstance(current, ir.Ref):
            model = models[current.name]
            if isinstance(model, ir.ObjectModel):
                field = next((f for f in model.fields if f.name == segment), None)
                if field is not None:
                    steps.append(Step("field", segment, model.name))
                    current = field.type
                    continue
                raise ValueError(f"{model.name} has no property {segment!r}")
        raise ValueError(f"{segment!r} is looked up in a value that is not an object")
    return tuple(steps), current


def _unwrap(models: Mapping[str, ir.Model], ref: ir.TypeRef) -> ir.TypeRef:
    """``ref`` without nullability and aliases (the path cares about the shape)."""
    seen: set[str] = set()
    while True:
        if isinstance(ref, ir.NullOr):
            ref = ref.inner
        elif isinstance(ref, ir.Ref) and ref.name not in seen:
            seen.add(ref.name)
            model = models[ref.name]
            if not isinstance(model, ir.AliasModel):
                return ref
            ref = model.target
        else:
            return ref


def list_item(models: Mapping[str, ir.Model], ref: ir.TypeRef) -> ir.TypeRef | None:
    """The item type when ``ref`` is an array (Any for untyped JSON), else None."""
    ref = _unwrap(models, ref)
    if isinstance(ref, ir.ListOf):
        return ref.item
    if isinstance(ref, ir.AnyType):
        return ref
    return None
