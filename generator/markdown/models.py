"""Model pages to IR models: the same shapes and names the OpenAPI front end produces.

Each page becomes one draft keyed on its page key; references between pages point at
keys until every model is known, then names (the IR's model keys, from the page
titles) are chosen once, in a stable order, with :func:`generator.ir.identifiers.assign_unique`,
and references are renamed; Python names are the name plan's (:mod:`generator.python.name_plan`).
What cannot be read becomes a diagnostic and is read around: a link to a page that
does not exist, or a page without a model section, becomes an alias of ``Any``; a
Type cell in an unknown notation makes its field ``Any``, with the diagnostic's text
kept as a note for the field's docstring.  Docs-only generation therefore always
produces importable code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import msgspec
from msgspec import field

from generator import ir
from generator.diagnostics import Diagnostics
from generator.errors import SpecError
from generator.ir import identifiers
from generator.markdown.examples import example_of
from generator.markdown.pages import FieldRow, Page, parse_page
from generator.markdown.tree import PageFile, PageResolver, Tree
from generator.markdown.type_notation import CellType, Flavour, parse_type

WireCase = Literal["snake", "camel", "as-shown"]
WIRE_CASES: tuple[WireCase, ...] = ("snake", "camel", "as-shown")
# Rows that stand for "any other key" rather than a property: TypeScript shows
# additionalProperties, newer Python generators pydantic's extra dict.
_CATCH_ALL = frozenset({"additionalProperties", "__pydantic_extra__"})
_ENVELOPE = frozenset({"contenttype", "statuscode", "rawresponse"})


class DocField(msgspec.Struct, frozen=True):
    """A Fields row with its parsed type: what the drift report compares."""

    row: FieldRow
    cell: CellType
    nullable_known: bool
    """The flavour shows nullability for this row (Python, outside containers)."""
    note: str | None = None
    """Why the type is ``Any``: the cell could not be read."""


class DocModel(msgspec.Struct):
    key: str
    page: Page
    source: str
    python: bool
    fields: list[DocField] = field(default_factory=list)
    extra: CellType | None = None
    variants: list[CellType] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What could not be read on the page (the model's docstring says it)."""

    def envelope_bodies(self) -> list[DocField] | None:
        """The body rows of a response envelope; None when the page is no envelope.

        Speakeasy's envelope response format (the default of 2024 generators) wraps
        each operation's result in ``<Operation>Response``: ``content_type``,
        ``status_code``, ``raw_response`` and one row per response body.  Such a page
        describes the operation, not a schema.
        """
        shown = {f.row.name.lower().replace("_", ""): f for f in self.fields}
        if self.page.kind != "fields" or not _ENVELOPE <= set(shown):
            return None
        return [f for name, f in shown.items() if name not in _ENVELOPE]


class DocsModels(msgspec.Struct):
    """Everything read from the model pages, before and after identifiers."""

    tree: Tree
    pages: dict[str, DocModel] = field(default_factory=dict)
    missing: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    """Key of a linked page that is not there -> (label name, linking page, line)."""
    names: dict[str, str] = field(default_factory=dict)
    models: tuple[ir.Model, ...] = ()
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    unreadable: dict[str, str] = field(default_factory=dict)
    """Key of a model page that could not be read -> the diagnostic (it becomes ``Any``)."""
    flavours: dict[int, Flavour] = field(default_factory=dict)
    """Each ``--docs`` argument's flavour, decided from all its pages."""
    nullability_shown: set[int] = field(default_factory=set)
    """The ``--docs`` arguments whose pages show nullability (newer Python trees)."""

    def resolver(self, key: str, line: int) -> PageResolver:
        """Names on a page, noting the pages it links to that are not there."""

        def missing(target: str, name: str) -> None:
            if target not in self.missing:
                self.missing[target] = (name, key, line)

        return PageResolver(self.tree, key, missing)


def read_models(tree: Tree, wire_case: WireCase = "snake") -> DocsModels:
    docs = DocsModels(tree)
    for key, page_file in tree.models.items():
        _read_page(docs, key, page_file)
    _settle_flavour(docs)
    docs.models = _build(docs, wire_case)
    return docs


def _read_page(docs: DocsModels, key: str, page_file: PageFile) -> None:
    """One model page into ``docs.pages``, or into ``docs.unreadable`` with the reason."""
    try:
        text = page_file.path.read_text(encoding="utf-8")
        page = parse_page(text, page_file.source)
    except (OSError, UnicodeDecodeError) as exc:
        problem = SpecError(page_file.source, "", f"cannot read page: {exc}")
    except SpecError as exc:
        problem = exc
    else:
        for row_problem in page.problems:
            docs.diagnostics.error(row_problem)
        docs.pages[key] = _read_model(docs, key, page, page_file.source)
        return
    message = f"{problem.message}; the model is Any"
    found = docs.diagnostics.error(SpecError(problem.file, problem.location, message))
    docs.unreadable[key] = str(found)


def _read_model(docs: DocsModels, key: str, page: Page, source: str) -> DocModel:
    model = DocModel(key, page, source, python=False)
    for row in page.fields:
        cell, note = _read_type(docs, key, source, row.type_text, row.line)
        if row.name in _CATCH_ALL and isinstance(cell.type, ir.MapOf):
            model.extra = cell
            continue
        model.fields.append(DocField(row, cell, False, note))
    for variant in page.variants:
        cell, note = _read_type(docs, key, source, variant.text, variant.line)
        if note is not None:
            model.notes.append(note)
        model.variants.append(cell)
    return model


def _read_type(
    docs: DocsModels, key: str, source: str, text: str, line: int
) -> tuple[CellType, str | None]:
    """A type as the page writes it, or ``Any`` and the diagnostic's text."""
    try:
        cell = parse_type(text, docs.resolver(key, line), (source, line))
        for warning in cell.warnings:
            docs.diagnostics.add(source, warning, line=line)
        return cell, None
    except SpecError as exc:
        found = docs.diagnostics.add(source, f"{exc.message}; read as Any", line=line)
        return CellType(ir.AnyType()), str(found)


def _settle_flavour(docs: DocsModels) -> None:
    """A tree is one flavour: decide it from the notation of all its pages (and the
    languages of their code blocks), then mark which rows show nullability."""
    votes: dict[int, dict[str, int]] = {}
    wrapped: set[int] = set()
    for model in docs.pages.values():
        root = docs.tree.models[model.key].root
        count = votes.setdefault(root, {"python": 0, "typescript": 0})
        cells = [f.cell for f in model.fields] + list(model.variants)
        for flavour in [c.flavour for c in cells] + sorted(model.page.fences):
            if flavour in count:
                count[flavour] += 1
        if any(c.nullable for c in cells):
            wrapped.add(root)
    for root, count in votes.items():
        docs.flavours[root] = (
            "python" if count["python"] > count["typescript"] else "typescript"
        )
    # Speakeasy's first Python generator (2024 and before: requests, dataclasses)
    # wrote ``Optional[T]`` for optional and nullable alike; a Python tree that never
    # writes ``Nullable[...]`` does not show nullability.
    docs.nullability_shown = {
        root for root, f in docs.flavours.items() if f == "python" and root in wrapped
    }
    for model in docs.pages.values():
        root = docs.tree.models[model.key].root
        model.python = docs.flavours.get(root) == "python"
        if root in docs.nullability_shown:
            model.fields = [
                msgspec.structs.replace(f, nullable_known=_shows_nullability(f.cell))
                for f in model.fields
            ]


def _shows_nullability(cell: CellType) -> bool:
    """Python pages wrap scalars and model links; containers and dates are never wrapped."""
    return cell.nullable is not None or isinstance(cell.type, ir.Ref)


# ---------------------------------------------------------------------------
# IR
# ---------------------------------------------------------------------------


def wire_name(shown: str, case: WireCase) -> str:
    """The wire name guessed from a shown SDK name (docs never show wire names)."""
    base = shown[:-1] if shown.endswith("_") and len(shown) > 1 else shown
    if case == "as-shown":
        return base
    if case == "camel":
        return camel_case(base)
    return identifiers.snake_case(base) or base


def camel_case(text: str) -> str:
    parts = identifiers.words(text)
    if not parts:
        return text
    return parts[0].lower() + "".join(p[:1].upper() + p[1:].lower() for p in parts[1:])


def _build(docs: DocsModels, wire_case: WireCase) -> tuple[ir.Model, ...]:
    builders: dict[str, Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]]
    builders = {}
    candidates: dict[str, str] = {}
    for key, model in docs.pages.items():
        candidates[key] = identifiers.class_name(model.page.title)
        builders[key] = _builder(docs, model, wire_case)
    for key, (name, linking, line) in sorted(docs.missing.items()):
        candidates[key] = identifiers.class_name(name)
        source = docs.tree.source_of(key)
        missing = docs.diagnostics.add(
            docs.tree.source_of(linking),
            f"links to {source}, which is not among the docs; {name} is typed as Any",
            line=line,
        )
        builders[key] = _any_builder(source, str(missing))
    for key, note in docs.unreadable.items():
        page_file = docs.tree.models[key]
        candidates[key] = identifiers.class_name(page_file.path.stem)
        builders[key] = _any_builder(page_file.source, note)
    docs.names = identifiers.assign_unique(candidates, sort_key=docs.tree.source_of)

    def rename(ref: ir.TypeRef) -> ir.TypeRef:
        return ir.map_refs(ref, lambda key: docs.names[key])

    models = []
    for key in candidates:
        built = builders[key](rename, docs.names[key])
        if key in docs.pages:
            found = _page_examples(docs, docs.pages[key], wire_case)
            built = msgspec.structs.replace(built, examples=found)
        models.append(built)
    return tuple(sorted(models, key=lambda m: m.name))


def _page_examples(
    docs: DocsModels, model: DocModel, wire_case: WireCase
) -> tuple[ir.JsonValue, ...]:
    """The page's TypeScript example values, re-keyed on wire names."""
    blocks: list[tuple[str, ir.TypeRef]] = [
        (code, ir.Ref(model.key)) for code in model.page.examples
    ]
    for variant, cell in zip(model.page.variants, model.variants):
        if variant.example is not None:
            blocks.append((variant.example, cell.type))
    found = []
    for code, type_ in blocks:

        def rename(value: Any, type_: ir.TypeRef = type_) -> Any:
            return _wire_value(docs, type_, value, wire_case, 0)

        ok, value = example_of(code, rename)
        if ok:
            found.append(ir.freeze(value))
    return tuple(found)


def _wire_value(
    docs: DocsModels, type_: ir.TypeRef, value: Any, wire_case: WireCase, depth: int
) -> Any:
    """Rename SDK keys to wire keys wherever the type says which model a value is."""
    if depth > 100:
        return value
    if isinstance(type_, ir.ListOf) and isinstance(value, list):
        return [_wire_value(docs, type_.item, v, wire_case, depth + 1) for v in value]
    if isinstance(type_, ir.MapOf) and isinstance(value, dict):
        return {
            k: _wire_value(docs, type_.value, v, wire_case, depth + 1)
            for k, v in value.items()
        }
    model = docs.pages.get(type_.name) if isinstance(type_, ir.Ref) else None
    if model is None or model.page.kind != "fields" or not isinstance(value, dict):
        return value
    shown = {f.row.name: f for f in model.fields}
    renamed = {}
    for key, item in value.items():
        doc_field = shown.get(key)
        if doc_field is None:
            renamed[key] = item  # an extra key, already as the wire has it
        else:
            renamed[wire_name(key, wire_case)] = _wire_value(
                docs, doc_field.cell.type, item, wire_case, depth + 1
            )
    return renamed


def _any_builder(
    source: str, note: str
) -> Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]:
    """A page that is missing or unreadable: ``Any``, saying why."""

    def build(rename: Callable[[ir.TypeRef], ir.TypeRef], name: str) -> ir.Model:
        return ir.AliasModel(
            name=name,
            source=source,
            target=ir.AnyType(),
            notes=(note,),
        )

    return build


def _builder(
    docs: DocsModels, model: DocModel, wire_case: WireCase
) -> Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]:
    page = model.page
    notes = tuple(model.notes)
    if page.kind == "values":
        return _enum_builder(docs, model)
    if page.kind == "union":
        variants = [v.type for v in model.variants]

        def build_union(
            rename: Callable[[ir.TypeRef], ir.TypeRef], name: str
        ) -> ir.Model:
            unique: list[ir.TypeRef] = []
            for variant in variants:
                if rename(variant) not in unique:
                    unique.append(rename(variant))
            return ir.UnionModel(
                name=name,
                variants=tuple(unique),
                source=model.source,
                description=page.description,
                notes=notes,
            )

        return build_union
    kept: dict[str, DocField] = {}
    for doc_field in model.fields:
        wire = wire_name(doc_field.row.name, wire_case)
        if wire in kept:
            docs.diagnostics.add(
                model.source,
                f"field {doc_field.row.name!r} repeats wire name {wire!r} (of "
                f"{kept[wire].row.name!r} on line {kept[wire].row.line}); "
                "it is left out",
                line=doc_field.row.line,
            )
            continue
        kept[wire] = doc_field
    doc_fields = list(kept.values())
    wires = list(kept)
    extra = model.extra.type if model.extra is not None else ir.AnyType()
    assert isinstance(extra, ir.MapOf | ir.AnyType)
    extra_value = extra.value if isinstance(extra, ir.MapOf) else extra

    def build_object(rename: Callable[[ir.TypeRef], ir.TypeRef], name: str) -> ir.Model:
        fields = tuple(
            ir.Field(
                name=wire,
                type=rename(f.cell.type),
                required=f.row.required,
                nullable=bool(f.cell.nullable),
                description=f.row.description,
                deprecated=f.row.deprecated,
                examples=examples_of(f.row.example, f.cell.type),
                wire_name_inferred=True,
                notes=() if f.note is None else (f.note,),
            )
            for f, wire in zip(doc_fields, wires)
        )
        return ir.ObjectModel(
            name=name,
            fields=fields,
            extra_fields=rename(extra_value),
            source=model.source,
            description=page.description,
            notes=notes,
        )

    return build_object


def _enum_builder(
    docs: DocsModels, model: DocModel
) -> Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]:
    values: list[str | int] = []
    nullable = False
    for row in model.page.values:
        value = row.value
        if value is None:
            nullable = True  # ``null`` (``<nil>`` in older pages): the enum admits null
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            docs.diagnostics.add(
                model.source,
                f"enum value {value!r} is not a string or an integer; it is left out",
                line=row.line,
            )
            continue
        if value not in values:
            values.append(value)
    value_type: Literal["string", "integer"] = (
        "integer" if values and all(isinstance(v, int) for v in values) else "string"
    )
    if value_type == "string":
        values = [str(v) for v in values]
    if not values:
        found = docs.diagnostics.add(
            model.source,
            "the Values section lists no value that can be read; the model is Any",
            line=model.page.section_line,
        )
        return _any_builder(model.source, str(found))

    def build(rename: Callable[[ir.TypeRef], ir.TypeRef], name: str) -> ir.Model:
        return ir.EnumModel(
            name=name,
            value_type=value_type,
            values=tuple(values),
            source=model.source,
            description=model.page.description,
            nullable=nullable,
        )

    return build


def examples_of(text: str | None, type_: ir.TypeRef) -> tuple[ir.JsonValue, ...]:
    """An Example cell as JSON values: strings are shown raw, everything else as JSON."""
    if text is None:
        return ()
    parts = [text]
    if text.startswith("**Example 1:**"):
        parts = [p.split(":**", 1)[1] for p in text.split("**Example ")[1:]]
    found = []
    for part in parts:
        part = part.strip()
        if isinstance(type_, ir.Primitive) and type_.type == "string":
            found.append(part)
            continue
        try:
            found.append(ir.freeze(json.loads(part)))
        except ValueError:
            found.append(part)
    return tuple(found)
