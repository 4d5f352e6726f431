"""What a generated method takes, as wire facts: how its body is sent, and its arguments.

The client's views (:mod:`generator.python.clientview`) spell these arguments and the name
plan (:mod:`generator.python.name_plan`) names them; both read them from :class:`CallShapes`,
so that the two can never disagree on which arguments a method has.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import msgspec

from generator import ir

BodyKind = Literal["none", "json_fields", "json", "form", "multipart", "raw"]
SlotKind = Literal["path", "query", "header", "cookie", "field", "file", "body"]

BODY_SLOTS: frozenset[str] = frozenset({"field", "file", "body"})
"""Argument kinds that come from the request body rather than from a parameter."""

_FILES = (ir.Primitive("string", "binary"), ir.Primitive("string", "byte"))


class Slot(msgspec.Struct, frozen=True):
    """One keyword argument of a generated method, before it has a Python name."""

    kind: SlotKind
    wire: str
    """The parameter's or body field's wire name; empty for a whole body."""
    parameter: ir.Parameter | None = None
    field: ir.Field | None = None
    """The body field, for ``field`` and ``file`` arguments."""


class CallShape(msgspec.Struct, frozen=True):
    body: BodyKind
    slots: tuple[Slot, ...]
    """Parameters in the operation's order, then the body's arguments."""
    model: ir.ObjectModel | None = None
    """The object model whose fields are the body's arguments, when it is flattened."""


class CallShapes:
    """The call shapes of one ``Api``'s operations."""

    def __init__(self, models: Iterable[ir.Model]) -> None:
        self.models = {model.name: model for model in models}
        self._extended = {
            m.parent
            for m in self.models.values()
            if isinstance(m, ir.ObjectModel) and m.parent is not None
        }

    def object_model(self, ref: ir.TypeRef) -> ir.ObjectModel | None:
        """The object model ``ref`` names, through any aliases; None for anything else."""
        seen: set[str] = set()
        while isinstance(ref, ir.Ref) and ref.name not in seen:
            seen.add(ref.name)
            model = self.models[ref.name]
            if isinstance(model, ir.ObjectModel):
                return model
            if not isinstance(model, ir.AliasModel):
                return None
            ref = model.target
        return None

    def of(self, op: ir.Operation) -> CallShape:
        """How ``op`` sends its body and which arguments its method takes.

        An object body sent as JSON, a form or multipart is flattened into one
        argument per writable field (a binary field of a multipart body is a file);
        any other body is one ``body`` argument, and so is a JSON body whose model
        others extend (a ``Dog`` for a ``Pet``: its fields are not the parent's alone).
        """
        slots = [Slot(p.location, p.name, parameter=p) for p in op.parameters]
        rb = op.request_body
        if rb is None:
            return CallShape("none", tuple(slots))
        model = self.object_model(rb.type)
        if model is not None and model.name in self._extended and rb.media == "json":
            model = None
        body: BodyKind
        if rb.media == "multipart" and model is not None:
            body = "multipart"
        elif rb.media == "form" and model is not None:
            body = "form"
        elif rb.media == "json":
            body = "json" if model is None else "json_fields"
        else:
            body = "raw"
        if model is None or body not in ("json_fields", "form", "multipart"):
            return CallShape(body, (*slots, Slot("body", "")))
        for field in model.fields:
            if field.read_only:
                continue
            is_file = body == "multipart" and field.type in _FILES
            slots.append(Slot("file" if is_file else "field", field.name, field=field))
        return CallShape(body, tuple(slots), model)
