"""Where docs and spec disagree, as one located line each.

The spec is authoritative; a disagreement is reported on the doc page (``file:line``)
because that is where people look.  Known Speakeasy conventions are not drift
(format reference, sections 3, 4 and 9): a required field with a default shown
optional, a constant or discriminator shown required, TypeScript ``number`` for
integers, the ``additionalProperties``/``__pydantic_extra__`` rows, a union of one
scalar's spellings shown as that scalar, an untyped field shown not nullable, an
upload shown as the SDK's File object and never nullable, a property-less object
given an empty page, stale pages nothing links to, and the ``Security`` page built
from the security schemes.

The 2024 generators (the wingspan trees) add these:

- **Envelope responses**: ``<Operation>Response`` pages with ``content_type``,
  ``status_code``, ``raw_response`` and a row per body describe the operation, not a
  schema (even one of the same name); the body row is matched with the operation's
  success response (:meth:`DocModel.envelope_bodies`).
- **No nullability in Python**: the first Python generator wrote ``Optional[T]`` for
  optional and nullable alike, so a Python tree that never writes ``Nullable[...]``
  is not judged on nullability.
- **``<nil>``** in a Values table is the enum's ``null`` (Go's nil, printed so).
- **Numbers spelt out**: a name that starts with a number has it in English words
  (property ``2021`` is ``two_thousand_and_twenty_one``, schema ``757f49…`` is
  ``SevenHundredAndFiftySevenf49…``); :func:`fold` spells it out on both sides.

And one reading that is no convention but what the spec means: a union with an
untyped member (``anyOf: [{$ref: Untyped}, boolean]``) is any value, as the page says.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from generator import ir
from generator.markdown.matching import (
    Match,
    fold,
    variant_pairs,
)
from generator.markdown.models import DocField, DocModel, DocsModels
from generator.markdown.operations import linked_pages
from generator.text import shown


class Drift(msgspec.Struct, frozen=True, order=True):
    """One disagreement, located on the doc page (people fix the docs or the spec there)."""

    file: str
    line: int
    subject: str
    message: str

    def __str__(self) -> str:
        return shown(f"{self.file}:{self.line}: {self.subject}: {self.message}")


class FieldPair(msgspec.Struct, frozen=True):
    """A Fields row and the spec property it describes (None: the spec has none)."""

    doc: DocModel
    row: DocField
    spec_model: ir.ObjectModel
    spec: ir.Field | None


def field_pairs(spec: ir.Api, docs: DocsModels) -> list[FieldPair]:
    """Every Fields row of every page matched to an object schema, for statistics."""
    match = Match(spec, docs)
    pairs = []
    for key, doc in sorted(docs.pages.items()):
        model = match.models.get(match.doc_to_spec.get(key, ""))
        if isinstance(model, ir.ObjectModel) and doc.page.kind == "fields":
            fields = match.fields(model)
            for row in doc.fields:
                pairs.append(FieldPair(doc, row, model, fields.get(fold(row.row.name))))
    return pairs


def drift(spec: ir.Api, docs: DocsModels) -> list[Drift]:
    """Every disagreement between the docs and the spec, sorted by page and line."""
    match = Match(spec, docs)
    linked = linked_pages(docs)
    schemes = {fold(s.name) for s in spec.security_schemes}
    found: list[Drift] = []
    for key, doc in docs.pages.items():
        title = doc.page.title
        name = match.doc_to_spec.get(key)
        if name is None:
            if fold(Path(doc.source).stem) == "security" and schemes:
                found.extend(_security_drift(doc, schemes))
            elif key not in match.wrappers and key in linked and not _empty(doc):
                found.append(
                    Drift(
                        doc.source, 1, title, "no schema in the spec matches this page"
                    )
                )
            continue
        found.extend(_model_drift(match, doc, match.models[name]))
    for key, (name, linking, line) in docs.missing.items():
        found.append(
            Drift(
                docs.tree.source_of(linking),
                line,
                name,
                f"links to {docs.tree.source_of(key)}, which is not among the docs",
            )
        )
    return sorted(found)


def _is_upload(match: Match, ref: ir.TypeRef) -> bool:
    """A file upload: the Python SDK never shows it nullable."""
    ref = match.unwrap(ref)
    if isinstance(ref, ir.Primitive):
        return ref.format == "binary"
    model = match.models.get(ref.name) if isinstance(ref, ir.Ref) else None
    return model is not None and _is_binary(match, model)


def _empty(doc: DocModel) -> bool:
    """An object without properties: the spec types it as a map, not as a schema."""
    return doc.page.kind == "fields" and not doc.fields


def _is_binary(match: Match, model: ir.Model) -> bool:
    if not isinstance(model, ir.AliasModel):
        return False
    target = match.unwrap(model.target)
    return isinstance(target, ir.Primitive) and target.format == "binary"


def _security_drift(doc: DocModel, schemes: set[str]) -> list[Drift]:
    """Speakeasy's ``Security`` page has one field per security scheme."""
    found = []
    shown = set()
    for row in (f.row for f in doc.fields):
        shown.add(fold(row.name))
        if fold(row.name) not in schemes:
            found.append(
                Drift(
                    doc.source,
                    row.line,
                    f"Security.{row.name}",
                    "no such security scheme",
                )
            )
    for scheme in sorted(schemes - shown):
        found.append(
            Drift(
                doc.source,
                doc.page.section_line,
                f"Security.{scheme}",
                "security scheme of the spec is missing from the page",
            )
        )
    return found


def _model_drift(match: Match, doc: DocModel, model: ir.Model) -> list[Drift]:
    page = doc.page
    subject = page.title
    kinds = {"fields": "object", "values": "enum", "union": "union"}
    if kinds[page.kind] != model.kind:
        if page.kind == "union" and len(doc.variants) == 1:
            # A one-variant oneOf keeps its union page; this generator reads it as
            # the variant itself.
            variant = doc.variants[0]
            problem = _type_problem(
                match, variant.type, ir.Ref(model.name), variant.exact_number
            )
            line = page.variants[0].line
            return (
                [] if problem is None else [Drift(doc.source, line, subject, problem)]
            )
        if page.kind == "fields" and _is_binary(match, model):
            return []  # an upload: the SDK's File object (fileName, content) for bytes
        if not (page.kind == "union" and model.kind == "enum"):
            return [
                Drift(
                    doc.source,
                    page.section_line,
                    subject,
                    f"the page is a {page.kind} page but the spec's {model.name} is "
                    f"a {model.kind}",
                )
            ]
    if isinstance(model, ir.EnumModel):
        return _enum_drift(doc, model)
    if isinstance(model, ir.UnionModel):
        return _union_drift(match, doc, model)
    assert isinstance(model, ir.ObjectModel)
    return _object_drift(match, doc, model)


def _enum_drift(doc: DocModel, model: ir.EnumModel) -> list[Drift]:
    shown = {str(v.value) for v in doc.page.values if v.value is not None}
    wanted = {str(value) for value in model.values}
    messages = []
    if shown - wanted:
        messages.append(f"values not in the spec: {', '.join(sorted(shown - wanted))}")
    if wanted - shown:
        messages.append(f"values missing: {', '.join(sorted(wanted - shown))}")
    line = doc.page.section_line
    return [Drift(doc.source, line, doc.page.title, m) for m in messages]


def _union_drift(match: Match, doc: DocModel, model: ir.UnionModel) -> list[Drift]:
    page = doc.page
    out = []
    if len(doc.variants) != len(model.variants):
        message = f"{len(doc.variants)} variants, the spec has {len(model.variants)}"
        out.append(Drift(doc.source, page.section_line, page.title, message))
    paired = {id(d): s for d, s in variant_pairs(doc, model)}
    for variant, cell in zip(page.variants, doc.variants):
        candidates = [paired[id(cell.type)]] if id(cell.type) in paired else []
        candidates += list(model.variants)
        if not any(
            _same_type(match, cell.type, s, cell.exact_number) for s in candidates
        ):
            problem = _type_problem(match, cell.type, candidates[0], cell.exact_number)
            out.append(
                Drift(doc.source, variant.line, page.title, f"variant {problem}")
            )
    return out


def _object_drift(match: Match, doc: DocModel, model: ir.ObjectModel) -> list[Drift]:
    spec_fields = match.fields(model)
    out = []
    seen: set[str] = set()
    for doc_field in doc.fields:
        folded = fold(doc_field.row.name)
        where = f"{doc.page.title}.{doc_field.row.name}"
        line = doc_field.row.line
        spec_field = spec_fields.get(folded)
        if spec_field is None:
            out.append(Drift(doc.source, line, where, "no such property in the spec"))
            continue
        seen.add(folded)
        out.extend(
            Drift(doc.source, line, where, problem)
            for problem in _field_problems(match, doc_field, spec_field)
        )
    for folded, spec_field in spec_fields.items():
        if folded not in seen:
            out.append(
                Drift(
                    doc.source,
                    doc.page.section_line,
                    f"{doc.page.title}.{spec_field.name}",
                    "property of the spec is missing from the page",
                )
            )
    return out


def _field_problems(match: Match, doc: DocField, spec: ir.Field) -> list[str]:
    problems = []
    if doc.row.required != spec.required and not _required_convention(match, doc, spec):
        problems.append(
            f"shown {'required' if doc.row.required else 'optional'}, the spec has it "
            f"{'required' if spec.required else 'optional'}"
        )
    upload = _is_upload(match, spec.type)
    # `Any` covers null whatever the page says: Speakeasy shows an untyped field as
    # `Optional[Any]`, though the schema ({}) admits null.
    untyped = isinstance(spec.type, ir.AnyType)
    if (
        doc.nullable_known
        and bool(doc.cell.nullable) != spec.nullable
        and not (upload or untyped)
    ):
        problems.append(
            f"shown {'nullable' if doc.cell.nullable else 'not nullable'}, the spec has "
            f"it {'nullable' if spec.nullable else 'not nullable'}"
        )
    problem = _type_problem(match, doc.cell.type, spec.type, doc.cell.exact_number)
    if problem:
        problems.append(problem)
    return problems


def _required_convention(match: Match, doc: DocField, spec: ir.Field) -> bool:
    """Speakeasy shows required-with-default as optional, and constants as required."""
    if spec.required and spec.has_default:
        return True
    return not spec.required and _constant(match, spec.type)


def _constant(match: Match, ref: ir.TypeRef) -> bool:
    ref = match.unwrap(ref)
    if isinstance(ref, ir.Const):
        return True
    if isinstance(ref, ir.Ref):
        model = match.models.get(ref.name)
        return isinstance(model, ir.EnumModel) and len(model.values) == 1
    return False


def _type_problem(
    match: Match, doc: ir.TypeRef, spec: ir.TypeRef, exact: bool
) -> str | None:
    if _same_type(match, doc, spec, exact):
        return None
    return f"shown as {_describe(doc, match)}, the spec has {_describe(spec, match)}"


def _same_type(match: Match, doc: ir.TypeRef, spec: ir.TypeRef, exact: bool) -> bool:
    if isinstance(doc, ir.NullOr):
        # An item shown nullable (``Dict[str, [Nullable[X]](…)]``): the spec's too.
        return _nullable(match, spec) and _same_type(match, doc.inner, spec, exact)
    spec = match.unwrap(spec, doc)
    if isinstance(doc, ir.AnyType):
        return isinstance(spec, ir.AnyType) or _admits_anything(match, spec)
    if isinstance(doc, ir.Primitive):
        if isinstance(spec, ir.Const):
            spec = _const_type(spec)
        if not isinstance(spec, ir.Primitive):
            return _collapsed(match, doc, spec, exact)
        if doc.type == "number" and not exact:
            return spec.type in ("integer", "number")
        return doc.type == spec.type
    if isinstance(doc, ir.Const):
        if isinstance(spec, ir.Const):
            return bool(doc.value == spec.value)
        if isinstance(spec, ir.Ref):
            model = match.models.get(spec.name)
            return isinstance(model, ir.EnumModel) and list(model.values) == [doc.value]
        return False
    if isinstance(doc, ir.ListOf):
        return isinstance(spec, ir.ListOf) and _same_type(
            match, doc.item, spec.item, exact
        )
    if isinstance(doc, ir.MapOf):
        return isinstance(spec, ir.MapOf) and _same_type(
            match, doc.value, spec.value, exact
        )
    if isinstance(doc, ir.Ref):
        if doc.name in match.docs.missing:
            return True  # the missing page is reported once, where it is linked
        if isinstance(spec, ir.Ref):
            return match.same_model(doc.name, spec.name)
        # An object with no properties: the docs give it a page with an empty
        # Fields table (Mistral ``Context``), the spec leaves it a map of anything.
        page = match.docs.pages.get(doc.name)
        return (
            isinstance(spec, ir.MapOf)
            and isinstance(spec.value, ir.AnyType)
            and page is not None
            and page.page.kind == "fields"
            and not page.fields
        )
    return False


def _nullable(match: Match, spec: ir.TypeRef) -> bool:
    if isinstance(spec, ir.NullOr | ir.AnyType):
        return True
    model = match.models.get(spec.name) if isinstance(spec, ir.Ref) else None
    return model is not None and model.nullable


def _admits_anything(match: Match, spec: ir.TypeRef) -> bool:
    """A union with an untyped variant (``anyOf: [{}, boolean]``) is any value."""
    model = match.models.get(spec.name) if isinstance(spec, ir.Ref) else None
    return isinstance(model, ir.UnionModel) and any(
        isinstance(match.unwrap(v), ir.AnyType) for v in model.variants
    )


def _collapsed(match: Match, doc: ir.TypeRef, spec: ir.TypeRef, exact: bool) -> bool:
    """The docs show a scalar for a union of that scalar's spellings.

    ``anyOf: [string, {string, format: binary}]`` and ``oneOf: [{const: false}]``
    are written ``string`` and ``boolean`` by the docs generator.
    """
    model = match.models.get(spec.name) if isinstance(spec, ir.Ref) else None
    if not isinstance(model, ir.UnionModel) or not isinstance(doc, ir.Primitive):
        return False
    for variant in model.variants:
        variant = match.unwrap(variant)
        if isinstance(variant, ir.Const):
            variant = _const_type(variant)
        if not _same_type(match, doc, variant, exact):
            return False
    return True


def _const_type(const: ir.Const) -> ir.TypeRef:
    value = const.value
    if isinstance(value, bool):
        return ir.Primitive("boolean")
    if isinstance(value, int):
        return ir.Primitive("integer")
    if isinstance(value, float):
        return ir.Primitive("number")
    if isinstance(value, str):
        return ir.Primitive("string")
    return const


def _describe(ref: ir.TypeRef, match: Match) -> str:
    return _Describe(match)(ref)


class _Describe(ir.TypeFold[str]):
    """A type in words, for a drift line; pages by their titles."""

    __slots__ = ("_match",)

    def __init__(self, match: Match) -> None:
        self._match = match

    def primitive(self, ref: ir.Primitive) -> str:
        return ref.type

    def list_of(self, ref: ir.ListOf, item: str) -> str:
        return f"list of {item}"

    def tuple_of(
        self, ref: ir.TupleOf, items: tuple[str, ...], rest: str | None
    ) -> str:
        return "any"  # the docs never show a tuple, and no rule compares one

    def map_of(self, ref: ir.MapOf, value: str) -> str:
        return f"map of {value}"

    def null_or(self, ref: ir.NullOr, inner: str) -> str:
        return f"nullable {inner}"

    def ref(self, ref: ir.Ref) -> str:
        doc = self._match.docs.pages.get(ref.name)
        if doc is not None:
            return doc.page.title
        missing = self._match.docs.missing.get(ref.name)
        return missing[0] if missing is not None else ref.name

    def const(self, ref: ir.Const) -> str:
        return f"constant {ir.thaw(ref.value)!r}"

    def any(self, ref: ir.AnyType) -> str:
        return "any"
