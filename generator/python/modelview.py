"""What ``models.py`` and ``typeddicts.py`` print for each field, spelt once in Python.

A big API has tens of thousands of fields, and each appears in four places (the
dataclass body, ``from_dict``, ``to_dict``, the TypedDict).  Asking Jinja filters for
every piece at every place cost more than everything else the templates do, so the
templates get these small records instead and only arrange them.
"""

from __future__ import annotations

import msgspec
from jinja2.filters import do_indent

from generator import ir
from generator.ir.identifiers import is_identifier
from generator.python.fragments import PythonTypes, docstring, py_literal
from generator.python.name_plan import NamePlan


class FieldView(msgspec.Struct, frozen=True):
    name: str
    """The wire name, as the spec spells it."""
    key: str
    """The wire name as a Python string literal."""
    required: bool
    declaration: str
    """The dataclass line: ``name: annotation`` and the default, if any."""
    doc: str
    """The field's docstring, indented for the class body; empty when it has none."""
    decode: str
    """The ``from_dict`` keyword argument."""
    value: str
    """The attribute, as ``to_dict`` reads it."""
    encoded: str
    """``value`` as JSON-ready data."""
    wire: str
    """The TypedDict entry's type."""
    wire_names: frozenset[str]
    """The names ``wire`` reads: a key of the same name would shadow them in a class body."""


class ObjectView(msgspec.Struct, frozen=True):
    fields: tuple[FieldView, ...]
    wire_keys: str
    """The wire names as the items of a set display."""
    functional: bool
    """Whether the TypedDict needs the functional syntax: class syntax cannot hold
    keys that are not identifiers, or that shadow a type it uses."""
    base: str | None = None
    """The class this one extends (the model's parent)."""
    declared: tuple[FieldView, ...] = ()
    """The fields the class body declares: all of them, less those it inherits as
    they are."""
    declares_extras: bool = True
    """Whether the class body declares the extra keys' attribute (else inherited,
    or there is none)."""
    dispatch: tuple[str, str] | None = None
    """(discriminator property literal, table name) when ``from_dict`` may hand the
    payload to a subclass."""


def object_views(
    api: ir.Api, types: PythonTypes, names: NamePlan
) -> dict[str, ObjectView]:
    """Every object model's view, by model name."""
    # Big APIs repeat the same field in many models (GitHub: 37,728 fields, 9,917
    # different ones), so a field's view is spelt once per different field.
    seen: dict[tuple[object, ...], FieldView] = {}

    def field_view(field: ir.Field, attribute: str) -> FieldView:
        key = (attribute, *_field_key(field))
        view = seen.get(key)
        if view is None:
            view = seen[key] = _field_view(field, attribute, types)
        return view

    views = {}
    for model in api.models:
        if isinstance(model, ir.ObjectModel):
            attributes = names.models[model.name].fields
            fields = tuple(field_view(f, attributes[f.name]) for f in model.fields)
            views[model.name] = _object_view(model, fields)
    objects = {m.name: m for m in api.models if isinstance(m, ir.ObjectModel)}
    bases: dict[str, frozenset[str]] = {}
    return {name: _with_hierarchy(objects, views, names, name, bases) for name in views}


def subtype_tables(
    api: ir.Api, names: NamePlan
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(table name, class, [(tag literal, class)]) for each model whose discriminator
    names another class than itself: what ``from_dict`` of its family looks up."""
    tables = []
    for model in api.models:
        if isinstance(model, ir.ObjectModel) and model.discriminator is not None:
            entries = model.discriminator.mapping
            if any(target != model.name for _, target in entries):
                own = names.models[model.name]
                tables.append(
                    (
                        own.subtypes,
                        own.cls,
                        [
                            (py_literal(tag), names.models[target].cls)
                            for tag, target in entries
                        ],
                    )
                )
    return tables


def _with_hierarchy(
    objects: dict[str, ir.ObjectModel],
    views: dict[str, ObjectView],
    names: NamePlan,
    name: str,
    bases: dict[str, frozenset[str]],
) -> ObjectView:
    """The view with what inheritance changes: the base, the fields the class body
    declares, and whether ``from_dict`` looks for a subclass first.

    *bases* keeps, per discriminator owner, the proper ancestors of the classes its
    mapping names: the models whose ``from_dict`` may find a subclass (a family of
    hundreds of classes would otherwise walk every lineage once per class).
    """
    view = views[name]
    model = objects[name]
    if model.parent is None and model.discriminator is None:
        return msgspec.structs.replace(
            view, declared=view.fields, declares_extras=model.extra_fields is not None
        )
    declared, declares_extras = view.fields, model.extra_fields is not None
    if model.parent is not None:
        inherited = {f.declaration for f in views[model.parent].fields}
        declared = tuple(f for f in view.fields if f.declaration not in inherited)
        declares_extras = declares_extras and objects[model.parent].extra_fields is None
    dispatch = None
    owner = next((m for m in _lineage(objects, name) if m.discriminator), None)
    if owner is not None and owner.discriminator is not None:
        ancestors = bases.get(owner.name)
        if ancestors is None:
            ancestors = bases[owner.name] = frozenset(
                m.name
                for _, target in owner.discriminator.mapping
                for m in _lineage(objects, target)[1:]
            )
        if name in ancestors:
            dispatch = (
                py_literal(owner.discriminator.property),
                names.models[owner.name].subtypes,
            )
    return msgspec.structs.replace(
        view,
        base=None if model.parent is None else names.models[model.parent].cls,
        declared=declared,
        declares_extras=declares_extras,
        dispatch=dispatch,
    )


def _lineage(objects: dict[str, ir.ObjectModel], name: str) -> list[ir.ObjectModel]:
    """The model and its ancestors, nearest first."""
    found = []
    model: ir.ObjectModel | None = objects[name]
    while model is not None:
        found.append(model)
        model = None if model.parent is None else objects[model.parent]
    return found


def _field_key(field: ir.Field) -> tuple[object, ...]:
    """Everything a field's view depends on.  JSON values (the default, a ``const``)
    are compared by their repr: as values ``True == 1 == 1.0``, each spelt differently.
    """
    return (
        field.name,
        field.required,
        field.nullable,
        field.deprecated,
        field.description,
        field.notes,
        field.has_default,
        repr(field.default),
        _type_key(field.type),
        tuple(map(_type_key, field.subtype_types)),
    )


class _TypeKey(ir.TypeFold[object]):
    """The type itself, but with every ``const`` value as its repr (cheaper than the
    repr of the whole type, which goes through each dataclass's repr)."""

    __slots__ = ()

    def primitive(self, ref: ir.Primitive) -> object:
        return ref

    def list_of(self, ref: ir.ListOf, item: object) -> object:
        return (ir.ListOf, item)

    def tuple_of(
        self, ref: ir.TupleOf, items: tuple[object, ...], rest: object | None
    ) -> object:
        return (ir.TupleOf, items, rest, ref.min_items)

    def map_of(self, ref: ir.MapOf, value: object) -> object:
        return (ir.MapOf, value)

    def null_or(self, ref: ir.NullOr, inner: object) -> object:
        return (ir.NullOr, inner)

    def ref(self, ref: ir.Ref) -> object:
        return ref

    def const(self, ref: ir.Const) -> object:
        return (ir.Const, repr(ref.value))

    def any(self, ref: ir.AnyType) -> object:
        return ref


_type_key = _TypeKey()


def _object_view(model: ir.ObjectModel, fields: tuple[FieldView, ...]) -> ObjectView:
    used = {"NotRequired", "TypedDict"}
    for view in fields:
        used.update(view.wire_names)
    functional = any(
        not is_identifier(f.name) or f.name.startswith("__") or f.name in used
        for f in model.fields
    )
    return ObjectView(fields, ", ".join(f.key for f in fields), functional)


def _field_view(field: ir.Field, attribute: str, types: PythonTypes) -> FieldView:
    key = py_literal(field.name)
    default = types.default(field)
    declaration = f"{attribute}: {types.field_annotation(field)}"
    if default is not None:
        declaration += f" = {default.declaration}"
    doc = ""
    if field.description or field.deprecated or field.notes:
        doc = do_indent(field_doc(field), 4)
    helper = ("required" if field.required else "optional") + (
        "_nullable" if field.nullable else ""
    )
    value = f"self.{attribute}"
    wire = types.wire_field_annotation(field)
    return FieldView(
        name=field.name,
        key=key,
        required=field.required,
        declaration=declaration,
        doc=doc,
        decode=f"{attribute}=_rt.{helper}(data, {key}, {types.decoder(field.type)})",
        value=value,
        encoded=(
            f"_rt.encode_any({value})"
            if field.subtype_types
            else types.encode_expr(field.type, value, field.nullable)
        ),
        wire=wire.text,
        wire_names=wire.names,
    )


def field_doc(field: ir.Field) -> str:
    text = field.description or ""
    if field.deprecated:
        text = "Deprecated." + (" " + text if text else "")
    return docstring(with_notes(text, field.notes))


def with_notes(text: str, notes: tuple[str, ...]) -> str:
    """A docstring's text and, a paragraph each, what the front end could not read."""
    return "\n\n".join([text, *(f"Note: {note}" for note in notes)]).strip()
