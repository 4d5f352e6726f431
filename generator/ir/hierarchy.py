"""Polymorphism by ``allOf``: which object models extend which, and what each tag names.

OpenAPI's other way of spelling a tagged union: ``Pet`` has a discriminator
(``petType``), and ``Dog`` is ``allOf: [Pet, {...}]``.  A ``Pet`` payload whose tag
says ``dog`` is a ``Dog``, wherever ``Pet`` is used.  The front end says which models
name which in ``allOf`` and which declare a discriminator; this module decides the
hierarchy and each discriminator's table, on the IR alone.

A model extends a parent only when it keeps every field of the parent under the
same name, required where the parent's is, and not null where the parent's may not
be.  A field's type may differ: when it is not the same or narrower (a ``const`` or
an enum where the parent has a plain string or integer, a subset of an enum), the
parent's field lists it in ``subtype_types``, since a value of the parent may be one
of the model.  A model that breaks the rules is left out of the hierarchy with a
warning, and payloads tagged for it decode as the parent.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping, Sequence

import msgspec

from generator import ir

__all__ = ["link_hierarchies"]


def link_hierarchies(
    models: Sequence[ir.Model],
    allof_parents: Mapping[str, Sequence[str]],
    declared: Mapping[str, tuple[str, Sequence[tuple[str, str]]]],
    tags: Mapping[str, str],
) -> tuple[tuple[ir.Model, ...], list[tuple[str, str]]]:
    """The models with ``parent`` and ``discriminator`` set, and the problems met:
    (model name, message) pairs.

    ``allof_parents``: each model's direct ``allOf`` references, in order;
    ``declared``: each model's own discriminator (property, explicit (tag, model)
    pairs); ``tags``: the implicit tag of a model (its component name).
    """
    objects = {m.name: m for m in models if isinstance(m, ir.ObjectModel)}
    enums = {m.name: m for m in models if isinstance(m, ir.EnumModel)}
    linker = _Linker(objects, enums, allof_parents, declared)
    for name in sorted(objects):
        linker.resolve(name)
    children: dict[str, list[str]] = {}
    for child, parent in linker.parent.items():
        children.setdefault(parent, []).append(child)
    tables: dict[str, ir.Discriminator] = {}
    for name, (prop, explicit) in sorted(declared.items()):
        if name not in objects:
            continue
        members = {name, *_descendants(name, children)}
        mapping: list[tuple[str, str]] = []
        for tag, target in explicit:
            if target in members:
                mapping.append((tag, target))
            else:
                linker.problems.append(
                    (
                        name,
                        f"the discriminator maps {tag!r} to {target}, which does not"
                        f" extend {name} through allOf; payloads tagged {tag!r}"
                        f" decode as {name}",
                    )
                )
        mapped = {target for _, target in mapping}
        used = {tag for tag, _ in mapping}
        for member in sorted(members, key=lambda m: (m != name, m)):
            implicit = tags.get(member)
            if implicit is not None and member not in mapped and implicit not in used:
                mapping.append((implicit, member))
                used.add(implicit)
        tables[name] = _by_tag_values(
            ir.Discriminator(prop, tuple(mapping)), objects, enums, tags
        )
    widened = linker.subtype_types(children)
    linked = tuple(
        (
            msgspec.structs.replace(
                objects[model.name],
                parent=linker.parent.get(model.name),
                discriminator=tables.get(model.name),
                fields=tuple(
                    (
                        msgspec.structs.replace(
                            f, subtype_types=widened[model.name, f.name]
                        )
                        if (model.name, f.name) in widened
                        else f
                    )
                    for f in objects[model.name].fields
                ),
            )
            if model.name in linker.parent or model.name in tables
            else (
                msgspec.structs.replace(
                    model,
                    discriminator=_by_tag_values(
                        model.discriminator, objects, enums, tags
                    ),
                )
                if isinstance(model, ir.UnionModel) and model.discriminator
                else model
            )
        )
        for model in models
    )
    return linked, linker.problems


def _by_tag_values(
    table: ir.Discriminator,
    objects: Mapping[str, ir.ObjectModel],
    enums: Mapping[str, ir.EnumModel],
    tags: Mapping[str, str],
) -> ir.Discriminator:
    """The table with the tags the members' own schemas give put first.

    A member whose tag property is a ``const`` or an enum of one value can only be
    tagged so (OpenAI's ``{"type": {"const": "static"}}``): that value stands for it,
    before the explicit mapping and the component names the spec's implicit mapping
    uses, and its component name, which no valid payload of it carries, is dropped
    (unless another member has the same value: then the value says nothing).
    """
    members = list(dict.fromkeys(target for _, target in table.mapping))
    own: list[tuple[str, str]] = []
    for member in members:
        value = _tag_value(objects.get(member), table.property, enums)
        if value is not None:
            own.append((value, member))
    mapping = []
    used: set[str] = set()
    # A value two members share (a child inherits its parent's tag property)
    # identifies neither.
    counts = collections.Counter(tag for tag, _ in own)
    own = [(tag, member) for tag, member in own if counts[tag] == 1]
    if not own:
        return table
    tagged = {member for _, member in own}
    for tag, member in own:
        mapping.append((tag, member))
        used.add(tag)
    for tag, member in table.mapping:
        if tag in used or (member in tagged and tags.get(member) == tag):
            continue
        mapping.append((tag, member))
        used.add(tag)
    return ir.Discriminator(table.property, tuple(mapping))


def _tag_value(
    model: ir.ObjectModel | None, prop: str, enums: Mapping[str, ir.EnumModel]
) -> str | None:
    """The one string ``model``'s property ``prop`` may hold, if its schema says so."""
    field = next((f for f in model.fields if f.name == prop), None) if model else None
    if field is None:
        return None
    ref = field.type
    if isinstance(ref, ir.Const) and isinstance(ref.value, str):
        return ref.value
    if isinstance(ref, ir.Ref) and ref.name in enums:
        values = enums[ref.name].values
        if len(values) == 1 and isinstance(values[0], str):
            return values[0]
    return None


def _descendants(name: str, children: Mapping[str, list[str]]) -> list[str]:
    found: list[str] = []
    pending = list(children.get(name, ()))
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(children.get(child, ()))
    return found


class _Linker:
    """Chooses each model's parent, parents first (a model is in a hierarchy when it
    declares a discriminator or extends a model that is)."""

    def __init__(
        self,
        objects: Mapping[str, ir.ObjectModel],
        enums: Mapping[str, ir.EnumModel],
        allof_parents: Mapping[str, Sequence[str]],
        declared: Mapping[str, object],
    ) -> None:
        self.objects = objects
        self.enums = enums
        self.allof_parents = allof_parents
        self.declared = declared
        self.parent: dict[str, str] = {}
        self.problems: list[tuple[str, str]] = []
        self._in_hierarchy: dict[str, bool] = {}

    def resolve(self, name: str) -> bool:
        """Whether the model is in a hierarchy, choosing its parent on the way."""
        known = self._in_hierarchy.get(name)
        if known is not None:
            return known
        self._in_hierarchy[name] = False  # an allOf cycle ends here
        model = self.objects[name]
        for candidate in self.allof_parents.get(name, ()):
            if candidate == name or candidate not in self.objects:
                continue
            if not self.resolve(candidate):
                continue
            problem = self._conflict(model, self.objects[candidate])
            if problem is None:
                self.parent[name] = candidate
                break
            self.problems.append(
                (
                    name,
                    f"{name} does not extend {candidate}: {problem};"
                    f" payloads tagged for {name} decode as {candidate}",
                )
            )
        found = name in self.declared or name in self.parent
        self._in_hierarchy[name] = found
        return found

    def subtype_types(
        self, children: Mapping[str, list[str]]
    ) -> dict[tuple[str, str], tuple[ir.TypeRef, ...]]:
        """(model, wire name) -> the other types the field has in the model's
        descendants, where they are not narrower (see ``ir.Field.subtype_types``)."""
        found: dict[tuple[str, str], tuple[ir.TypeRef, ...]] = {}

        def visit(name: str) -> None:
            model = self.objects[name]
            for child in sorted(children.get(name, ())):
                visit(child)
            for field in model.fields:
                types: list[ir.TypeRef] = []
                for child in sorted(children.get(name, ())):
                    own = next(
                        f for f in self.objects[child].fields if f.name == field.name
                    )
                    if not self._type_narrows(own.type, field.type):
                        types.append(own.type)
                    types.extend(found.get((child, field.name), ()))
                unique: list[ir.TypeRef] = []
                for ref in types:  # not a set: a const's value may be unhashable
                    if ref != field.type and ref not in unique:
                        unique.append(ref)
                if unique:
                    found[name, field.name] = tuple(unique)

        for root in sorted(set(children) - set(self.parent)):
            visit(root)
        return found

    def _conflict(self, child: ir.ObjectModel, parent: ir.ObjectModel) -> str | None:
        """Why ``child`` cannot extend ``parent``, or None when it can.

        Only wire facts count: the name plan gives a subclass its parent's attribute
        names and keeps its own fields clear of them."""
        by_wire = {f.name: f for f in child.fields}
        for field in parent.fields:
            own = by_wire.get(field.name)
            if own is None:
                return f"it has no field {field.name!r}"
            if field.required and not own.required:
                return f"its field {field.name!r} is optional, the parent's required"
            if _admits_null(own) and not _admits_null(field):
                return f"its field {field.name!r} may be null, the parent's not"
        if (
            parent.extra_fields is not None
            and child.extra_fields is not None
            and child.extra_fields != parent.extra_fields
        ):
            return "its additionalProperties differ"
        return None

    def _type_narrows(self, child: ir.TypeRef, parent: ir.TypeRef) -> bool:
        if child == parent or isinstance(parent, ir.AnyType):
            return True
        if isinstance(parent, ir.NullOr):
            inner = child.inner if isinstance(child, ir.NullOr) else child
            return self._type_narrows(inner, parent.inner)
        if isinstance(parent, ir.Primitive) and parent.format is None:
            if child == ir.Primitive("integer") and parent.type == "number":
                return True
            values = self._values(child, ir.Const)
            return values is not None and all(
                _json_type(v) in _WIDER[parent.type] for v in values
            )
        # An enum narrows another by a subset of its values: both accept any other
        # value of their JSON type too (enums are open), so a const cannot be wider.
        values, wider = self._values(child, ir.Const), self._values(parent, None)
        return values is not None and wider is not None and set(values) <= set(wider)

    def _values(
        self, ref: ir.TypeRef, const: type[ir.Const] | None
    ) -> tuple[ir.JsonValue, ...] | None:
        """The values of an enum, or of a const when ``const`` is given; else None."""
        if const is not None and isinstance(ref, const):
            return (ref.value,) if _json_type(ref.value) is not None else None
        if isinstance(ref, ir.Ref) and ref.name in self.enums:
            return self.enums[ref.name].values
        return None


def _admits_null(field: ir.Field) -> bool:
    return field.nullable or _type_admits_null(field.type)


def _type_admits_null(ref: ir.TypeRef) -> bool:
    return isinstance(ref, (ir.NullOr, ir.AnyType)) or ref == ir.Primitive("null")


_WIDER = {
    "string": ("string",),
    "integer": ("integer",),
    "number": ("integer", "number"),
    "boolean": ("boolean",),
    "null": (),
}
"""The JSON types of the values a primitive of each type accepts."""


def _json_type(value: ir.JsonValue) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return None
