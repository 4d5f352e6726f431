"""Model pages to IR models: the same shapes and names the OpenAPI front end produces.

Each page becomes one draft keyed on its page key; references between pages point at
keys until every model is known, then names (the IR's model keys, from the page
titles) are chosen once, in a stable order, with :func:`generator.naming.assign_unique`,
and references are renamed.  Python names are the name plan's (:mod:`generator.pynames`).  A link to a page that does not exist becomes an alias of
``Any`` with a warning, so docs-only generation still produces importable code.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from generator import ir, naming
from generator.errors import SpecError
from generator.markdown.examples import example_of
from generator.markdown.pages import FieldRow, Page, parse_page
from generator.markdown.tree import Tree, resolve_link, resolve_name
from generator.markdown.types import CellType, parse_cell, parse_variant

WireCase = Literal["snake", "camel", "as-shown"]
WIRE_CASES: tuple[WireCase, ...] = ("snake", "camel", "as-shown")
# Rows that stand for "any other key" rather than a property: TypeScript shows
# additionalProperties, newer Python generators pydantic's extra dict.
_CATCH_ALL = frozenset({"additionalProperties", "__pydantic_extra__"})


@dataclass(frozen=True, slots=True)
class DocField:
    """A Fields row with its parsed type: what the drift report compares."""

    row: FieldRow
    cell: CellType
    nullable_known: bool
    """The flavour shows nullability for this row (Python, outside containers)."""


@dataclass(slots=True)
class DocModel:
    key: str
    page: Page
    source: str
    python: bool
    fields: list[DocField] = field(default_factory=list)
    extra: CellType | None = None
    variants: list[CellType] = field(default_factory=list)


@dataclass(slots=True)
class DocsModels:
    """Everything read from the model pages, before and after naming."""

    tree: Tree
    pages: dict[str, DocModel] = field(default_factory=dict)
    missing: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    """Key of a linked page that is not there -> (label name, linking page, line)."""
    names: dict[str, str] = field(default_factory=dict)
    models: tuple[ir.Model, ...] = ()
    warnings: list[str] = field(default_factory=list)


class _PageResolver:
    def __init__(self, docs: DocsModels, page_key: str, line: int) -> None:
        self.docs = docs
        self.page_key = page_key
        self.line = line

    def _note(self, key: str, name: str) -> str:
        if key not in self.docs.tree.models and key not in self.docs.missing:
            self.docs.missing[key] = (name, self.page_key, self.line)
        return key

    def link(self, target: str, namespace: str, name: str) -> str:
        return self._note(resolve_link(self.docs.tree, self.page_key, target), name)

    def unlinked(self, namespace: str, name: str) -> str:
        return self._note(
            resolve_name(self.docs.tree, self.page_key, namespace, name), name
        )


def read_models(tree: Tree, wire_case: WireCase = "snake") -> DocsModels:
    docs = DocsModels(tree)
    for key, page_file in tree.models.items():
        try:
            text = page_file.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(page_file.source, "", f"cannot read page: {exc}") from None
        page = parse_page(text, page_file.source)
        docs.pages[key] = _read_model(docs, key, page, page_file.source)
    _settle_flavour(docs)
    docs.models = _build(docs, wire_case)
    return docs


def _read_model(docs: DocsModels, key: str, page: Page, source: str) -> DocModel:
    model = DocModel(key, page, source, python="python" in page.fences)
    for row in page.fields:
        where = (source, row.line)
        cell = parse_cell(row.type_text, _PageResolver(docs, key, row.line), where)
        model.python = model.python or cell.python
        if row.name in _CATCH_ALL and isinstance(cell.type, ir.MapOf):
            model.extra = cell
            continue
        model.fields.append(DocField(row, cell, False))
    for variant in page.variants:
        where = (source, variant.line)
        cell = parse_variant(
            variant.text, _PageResolver(docs, key, variant.line), where
        )
        model.python = model.python or cell.python
        model.variants.append(cell)
    if page.kind == "values" and any(v.name for v in page.values):
        model.python = model.python or "typescript" not in page.fences
    return model


def _settle_flavour(docs: DocsModels) -> None:
    """A tree is one flavour: decide it from all its pages, then mark what rows show."""
    python_roots = {
        docs.tree.models[m.key].root for m in docs.pages.values() if m.python
    }
    ts_roots = {
        docs.tree.models[m.key].root
        for m in docs.pages.values()
        if "typescript" in m.page.fences
    }
    for model in docs.pages.values():
        root = docs.tree.models[model.key].root
        model.python = root in python_roots and root not in ts_roots
        if model.python:
            model.fields = [
                DocField(f.row, f.cell, _shows_nullability(f.cell))
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
    return naming.snake_case(base) or base


def camel_case(text: str) -> str:
    parts = naming.words(text)
    if not parts:
        return text
    return parts[0].lower() + "".join(p[:1].upper() + p[1:].lower() for p in parts[1:])


def _build(docs: DocsModels, wire_case: WireCase) -> tuple[ir.Model, ...]:
    builders: dict[str, Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]]
    builders = {}
    candidates: dict[str, str] = {}
    for key, model in docs.pages.items():
        candidates[key] = naming.class_name(model.page.title)
        builders[key] = _builder(model, wire_case)
    for key, (name, linking, line) in sorted(docs.missing.items()):
        candidates[key] = naming.class_name(name)
        source = docs.tree.source_of(key)
        docs.warnings.append(
            f"{docs.tree.source_of(linking)}: line {line}: links to {source}, "
            f"which is not among the docs; {name} is typed as Any"
        )
        builders[key] = _missing_builder(source)
    docs.names = naming.assign_unique(candidates, sort_key=docs.tree.source_of)

    def rename(ref: ir.TypeRef) -> ir.TypeRef:
        return ir.map_refs(ref, lambda key: docs.names[key])

    models = []
    for key in candidates:
        built = builders[key](rename, docs.names[key])
        if key in docs.pages:
            found = _page_examples(docs, docs.pages[key], wire_case)
            built = dataclasses.replace(built, examples=found)
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


def _missing_builder(
    source: str,
) -> Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]:
    def build(rename: Callable[[ir.TypeRef], ir.TypeRef], name: str) -> ir.Model:
        return ir.AliasModel(
            name=name,
            source=source,
            target=ir.AnyType(),
            description=f"Page {source} was not among the docs.",
        )

    return build


def _builder(
    model: DocModel, wire_case: WireCase
) -> Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]:
    page = model.page
    if page.kind == "values":
        return _enum_builder(model)
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
            )

        return build_union
    shown = [f.row.name for f in model.fields]
    wires = [wire_name(n, wire_case) for n in shown]
    seen: set[str] = set()
    for doc_field, wire in zip(model.fields, wires):
        if wire in seen:
            raise SpecError(
                model.source,
                f"line {doc_field.row.line}",
                f"field {doc_field.row.name!r} repeats wire name {wire!r}",
            )
        seen.add(wire)
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
            )
            for f, wire in zip(model.fields, wires)
        )
        return ir.ObjectModel(
            name=name,
            fields=fields,
            extra_fields=rename(extra_value),
            source=model.source,
            description=page.description,
        )

    return build_object


def _enum_builder(
    model: DocModel,
) -> Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model]:
    values: list[str | int] = []
    for row in model.page.values:
        value = row.value
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise SpecError(
                model.source,
                f"line {row.line}",
                f"enum value {value!r} is not supported",
            )
        if value not in values:
            values.append(value)
    value_type: Literal["string", "integer"] = (
        "integer" if values and all(isinstance(v, int) for v in values) else "string"
    )
    if value_type == "string":
        values = [str(v) for v in values]

    def build(rename: Callable[[ir.TypeRef], ir.TypeRef], name: str) -> ir.Model:
        return ir.EnumModel(
            name=name,
            value_type=value_type,
            values=tuple(values),
            source=model.source,
            description=model.page.description,
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
