"""Docs and spec together: matching their models, merging them, and reporting drift.

Models are matched first by name (a component schema's key against a page's file
stem, both folded: lower case, no underscores, a Python keyword's trailing ``_`` and
a TypeScript reserved-name ``T`` suffix dropped), then by structure: when two matched
models have a field of the same folded name, the pages and schemas those fields refer
to are matched too.  That second step is what pairs inline schemas, whose names the
docs generator and this one synthesise differently (``StopReason1`` vs
``StopReasonOption1``).

The spec is authoritative for wire names, types, int vs float and nullability; the
docs add descriptions and examples the spec lacks.  :func:`drift` lists every
disagreement that is not a known Speakeasy convention (format reference, sections
3, 4 and 9): a required field with a default shown optional, a constant shown
required, TypeScript ``number`` for integers, the TypeScript-only
``additionalProperties`` row, ``Any`` for untyped schemas.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import cast
from dataclasses import dataclass
from pathlib import Path

from generator import ir, naming
from generator.config import Target
from generator.errors import ConfigError
from generator.openapi import build_api
from generator.load import Documents, Location
from generator.markdown import WireCase, api_from, load_docs
from generator.markdown.operations import linked_pages, read_doc_operations
from generator.markdown.models import DocField, DocModel, DocsModels, map_refs


@dataclass(frozen=True, slots=True, order=True)
class Drift:
    """One disagreement, located on the doc page (people fix the docs or the spec there)."""

    file: str
    line: int
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.subject}: {self.message}"


def fold(name: str) -> str:
    """The name both sides agree on: ``frequency_penalty``, ``frequencyPenalty`` -> ``frequencypenalty``."""
    if len(name) > 1 and name.endswith("_"):
        name = name[:-1]
    return name.lower().replace("_", "")


@dataclass(frozen=True, slots=True)
class SdkNames:
    """``x-speakeasy-name-override`` of schemas and properties: the names the docs show."""

    models: dict[str, str] = dataclasses.field(default_factory=dict)
    """Spec model name -> the SDK's name for it."""
    fields: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    """(spec model name, wire name) -> the SDK's name for the property."""


def sdk_names(spec_path: Path | None, api: ir.Api) -> SdkNames:
    """Read the name overrides the IR does not keep, from the spec document itself."""
    names = SdkNames()
    if spec_path is None:
        return names
    documents = Documents(spec_path)
    for model in api.models:
        if not model.source.startswith("#/"):
            continue
        location = Location(documents.root_file, model.source)
        node = documents.node(location)
        if isinstance(node, dict):
            override = node.get("x-speakeasy-name-override")
            if isinstance(override, str):
                names.models[model.name] = override
            for wire, sdk_name in _property_overrides(documents, location, node, 0):
                names.fields[(model.name, wire)] = sdk_name
    return names


def _property_overrides(
    documents: Documents, location: Location, node: object, depth: int
) -> list[tuple[str, str]]:
    if not isinstance(node, dict) or depth > 20:
        return []
    if "$ref" in node:
        target = documents.resolve(node["$ref"], location.child("$ref"))
        return _property_overrides(documents, target, documents.node(target), depth + 1)
    found = []
    properties = node.get("properties")
    if isinstance(properties, dict):
        for wire, prop in properties.items():
            if isinstance(prop, dict) and isinstance(
                prop.get("x-speakeasy-name-override"), str
            ):
                found.append((str(wire), prop["x-speakeasy-name-override"]))
    members = node.get("allOf")
    for index, member in enumerate(members if isinstance(members, list) else []):
        found.extend(
            _property_overrides(
                documents, location.child("allOf", index), member, depth + 1
            )
        )
    return found


class _Match:
    """Docs page keys paired with spec model names, by name and then by structure."""

    def __init__(self, spec: ir.Api, docs: DocsModels, names: SdkNames) -> None:
        self.spec = spec
        self.docs = docs
        self.names = names
        self.models = {m.name: m for m in spec.models}
        self.doc_to_spec: dict[str, str] = {}
        self.spec_to_doc: dict[str, str] = {}
        self.wrappers: dict[str, ir.Operation] = {}
        # Speakeasy writes no page for a schema nothing uses, so used schemas claim
        # pages by name first, and pages reached through them by structure; only
        # then may an unused schema claim a page still free (Atoma's unused ``Tool``
        # must not take ``tool.md``, a message variant).
        used = _used_models(spec)
        components = self._components(lambda name: name in used)
        operations = {fold(op.id): op for op in spec.operations}
        responses: list[tuple[str, str]] = []
        for key, doc in sorted(docs.pages.items()):
            for candidate in _stem_candidates(doc):
                if candidate in components:
                    self.pair(key, self._named(components[candidate], doc))
                    break
                for suffix in ("request", "responsebody", "response"):
                    operation = operations.get(candidate.removesuffix(suffix))
                    if candidate.endswith(suffix) and operation is not None:
                        self.wrappers[key] = operation
                        body = _success_body(operation)
                        if suffix != "request" and body is not None:
                            responses.append((key, body))
                        break
        for key, name in responses:
            if self.pair(key, name):
                del self.wrappers[key]
        self._propagate()
        unused = self._components(lambda name: name not in used)
        for key, doc in sorted(docs.pages.items()):
            if key in self.doc_to_spec or key in self.wrappers:
                continue
            for candidate in _stem_candidates(doc):
                if candidate in unused:
                    self.pair(key, self._named(unused[candidate], doc))
                    break
        self._propagate()

    def _components(self, keep: Callable[[str], bool]) -> dict[str, str]:
        """Folded component names (and SDK name overrides) -> model names."""
        components: dict[str, str] = {}
        for model in self.spec.models:
            parts = model.source.split("/")
            if (
                len(parts) == 4
                and parts[:3] == ["#", "components", "schemas"]
                and keep(model.name)
            ):
                components.setdefault(fold(parts[3]), model.name)
                if model.name in self.names.models:
                    override = self.names.models[model.name]
                    components.setdefault(fold(override), model.name)
        return components

    def _named(self, name: str, doc: DocModel) -> str:
        """A page named like an alias of a list describes the list's item, not the list."""
        model = self.models[name]
        if doc.page.kind == "fields" or not isinstance(model, ir.AliasModel):
            return name
        target = model.target
        while isinstance(target, ir.ListOf | ir.NullOr):
            target = target.item if isinstance(target, ir.ListOf) else target.inner
        return target.name if isinstance(target, ir.Ref) else name

    def fields(self, model: ir.Model) -> dict[str, ir.Field]:
        """A spec model's fields keyed on the folded name the docs show for them."""
        if not isinstance(model, ir.ObjectModel):
            return {}
        return {
            fold(self.names.fields.get((model.name, f.name), f.name)): f
            for f in model.fields
        }

    def same_model(self, key: str, name: str) -> bool:
        """Is the page paired with this schema, or with one the SDK names the same?

        Two schemas may share one SDK name (Mistral's ``ClassifierTrainingParametersIn``
        is overridden to ``ClassifierTrainingParameters``); the docs have one page.
        """
        paired = self.doc_to_spec.get(key)
        if paired is None:
            return False
        if paired == name or self.sdk_fold(paired) == self.sdk_fold(name):
            return True
        # An inline enum titled like a component is written as that component.
        ours, theirs = self.models[paired], self.models.get(name)
        return (
            isinstance(ours, ir.EnumModel)
            and isinstance(theirs, ir.EnumModel)
            and {m.value for m in ours.members} == {m.value for m in theirs.members}
        )

    def sdk_fold(self, name: str) -> str:
        return fold(self.names.models.get(name, name))

    def pair(self, key: str, name: str) -> bool:
        """Pair a page with a schema.  Several pages may share one schema: the docs
        give each use of a shared inline schema its own page
        (``AgentsCompletionStreamRequestStop`` and ``AgentsCompletionRequestStop``)."""
        if key in self.doc_to_spec:
            return False
        self.doc_to_spec[key] = name
        self.spec_to_doc.setdefault(name, key)
        return True

    def _propagate(self) -> None:
        queue = deque(self.doc_to_spec.items())
        for doc_type, spec_type in self._operation_pairs():
            queue.extend(self._align(doc_type, spec_type))
        while queue:
            key, name = queue.popleft()
            doc, model = self.docs.pages[key], self.models[name]
            for doc_type, spec_type in _aligned(self, doc, model):
                for found in self._align(doc_type, spec_type):
                    queue.append(found)

    def _operation_pairs(self) -> list[tuple[ir.TypeRef, ir.TypeRef]]:
        """Types side by side in the docs' and the spec's operations.

        Schemas written inline in an operation (a query parameter's enum, a
        response's oneOf) have pages named after the operation; they are reached
        through the operation page and the request wrapper pages.
        """
        by_id = {fold(op.id): op for op in self.spec.operations}
        by_name = {(op.group, op.method): op for op in self.spec.operations}
        pairs: list[tuple[ir.TypeRef, ir.TypeRef]] = []
        for doc_op in read_doc_operations(self.docs):
            spec_op = by_id.get(fold(doc_op.operation_id or "")) or by_name.get(
                (
                    naming.snake_case(doc_op.group.split(".")[-1]),
                    naming.snake_case(doc_op.method),
                )
            )
            if spec_op is None:
                continue
            body = _success_body(spec_op)
            if doc_op.response is not None and body is not None:
                pairs.append((doc_op.response, ir.Ref(body)))
            rows = [(p.name, p.type) for p in doc_op.parameters]
            pairs.extend(self._request_pairs(rows, spec_op))
        for key, spec_op in self.wrappers.items():
            rows = [(f.row.name, f.cell.type) for f in self.docs.pages[key].fields]
            pairs.extend(self._request_pairs(rows, spec_op))
        return pairs

    def _request_pairs(
        self, rows: list[tuple[str, ir.TypeRef]], spec_op: ir.Operation
    ) -> list[tuple[ir.TypeRef, ir.TypeRef]]:
        parameters = {fold(p.name): p.type for p in spec_op.parameters}
        body = spec_op.request_body.type if spec_op.request_body else None
        body_model = self.models.get(body.name) if isinstance(body, ir.Ref) else None
        body_fields = self.fields(body_model) if body_model is not None else {}
        pairs: list[tuple[ir.TypeRef, ir.TypeRef]] = []
        for name, doc_type in rows:
            folded = fold(name)
            if folded in parameters:
                pairs.append((doc_type, parameters[folded]))
            elif isinstance(doc_type, ir.Ref) and doc_type.name in self.wrappers:
                wrapper = self.docs.pages[doc_type.name]
                inner = [(f.row.name, f.cell.type) for f in wrapper.fields]
                pairs.extend(self._request_pairs(inner, spec_op))
            elif folded in ("request", "requestbody") and body is not None:
                pairs.append((doc_type, body))
            elif folded in body_fields:
                pairs.append((doc_type, body_fields[folded].type))
        return pairs

    def _align(self, doc: ir.TypeRef, spec: ir.TypeRef) -> list[tuple[str, str]]:
        spec = self.unwrap(spec, doc)
        if isinstance(doc, ir.Ref) and isinstance(spec, ir.Ref):
            if doc.name in self.docs.pages and self.pair(doc.name, spec.name):
                return [(doc.name, spec.name)]
            return []
        if isinstance(doc, ir.ListOf) and isinstance(spec, ir.ListOf):
            return self._align(doc.item, spec.item)
        if isinstance(doc, ir.MapOf) and isinstance(spec, ir.MapOf):
            return self._align(doc.value, spec.value)
        return []

    def unwrap(self, spec: ir.TypeRef, doc: ir.TypeRef | None = None) -> ir.TypeRef:
        """Drop ``NullOr`` and see through aliases the docs inline."""
        seen: set[str] = set()
        while True:
            if isinstance(spec, ir.NullOr):
                spec = spec.inner
                continue
            if isinstance(spec, ir.Ref) and spec.name not in seen:
                model = self.models.get(spec.name)
                paired = self.spec_to_doc.get(spec.name)
                doc_names_it = isinstance(doc, ir.Ref) and (
                    paired == doc.name
                    or (
                        paired is None
                        and isinstance(model, ir.AliasModel)
                        and isinstance(self.docs.pages.get(doc.name), DocModel)
                    )
                )
                if isinstance(model, ir.AliasModel) and not doc_names_it:
                    seen.add(spec.name)
                    spec = model.target
                    continue
            return spec


def _used_models(api: ir.Api) -> set[str]:
    """Models some other model or some operation refers to."""
    used: set[str] = set()

    def visit(ref: ir.TypeRef | None) -> None:
        if isinstance(ref, ir.Ref):
            used.add(ref.name)
        elif isinstance(ref, ir.ListOf):
            visit(ref.item)
        elif isinstance(ref, ir.MapOf | ir.NullOr):
            visit(ref.value if isinstance(ref, ir.MapOf) else ref.inner)

    for model in api.models:
        if isinstance(model, ir.ObjectModel):
            for model_field in model.fields:
                visit(model_field.type)
            visit(model.extra_fields)
        elif isinstance(model, ir.UnionModel):
            for variant in model.variants:
                visit(variant)
        elif isinstance(model, ir.AliasModel):
            visit(model.target)
    for operation in api.operations:
        for parameter in operation.parameters:
            visit(parameter.type)
        if operation.request_body is not None:
            visit(operation.request_body.type)
        for response in operation.responses:
            visit(response.type)
    return used


def _success_body(operation: ir.Operation) -> str | None:
    for response in operation.responses:
        if response.status.startswith("2") and isinstance(response.type, ir.Ref):
            return response.type.name
    return None


def _stem_candidates(doc: DocModel) -> list[str]:
    stem = Path(doc.source).stem
    found = [fold(stem), fold(doc.page.title)]
    if doc.page.title.endswith("T") and stem.endswith("t"):
        found.append(fold(stem[:-1]))  # TypeScript renames File to FileT
    return list(dict.fromkeys(found))


def _variant_pairs(
    doc: DocModel, model: ir.UnionModel
) -> list[tuple[ir.TypeRef, ir.TypeRef]]:
    """Variants side by side: by name where both name a model, else in order.

    The docs list a discriminated union's variants in their own order (Mistral's
    messages: Assistant, System, Tool, User), so order alone cannot pair them.
    """
    docs_left = [v.type for v in doc.variants]
    spec_left = list(model.variants)
    pairs = []
    for doc_type in list(docs_left):
        name = _ref_title(doc_type, doc)
        for spec_type in spec_left:
            if name and isinstance(spec_type, ir.Ref) and fold(spec_type.name) == name:
                pairs.append((doc_type, spec_type))
                docs_left.remove(doc_type)
                spec_left.remove(spec_type)
                break
    return pairs + list(zip(docs_left, spec_left))


def _ref_title(ref: ir.TypeRef, doc: DocModel) -> str:
    return fold(Path(ref.name).stem) if isinstance(ref, ir.Ref) else ""


def _aligned(
    match: _Match, doc: DocModel, model: ir.Model
) -> list[tuple[ir.TypeRef, ir.TypeRef]]:
    if isinstance(model, ir.UnionModel) and doc.page.kind == "union":
        return _variant_pairs(doc, model)
    fields = match.fields(model)
    return [
        (f.cell.type, fields[fold(f.row.name)].type)
        for f in doc.fields
        if fold(f.row.name) in fields
    ]


# ---------------------------------------------------------------------------
# Drift
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldPair:
    """A Fields row and the spec property it describes (None: the spec has none)."""

    doc: DocModel
    row: DocField
    spec_model: ir.ObjectModel
    spec: ir.Field | None


def field_pairs(spec: ir.Api, docs: DocsModels, names: SdkNames) -> list[FieldPair]:
    """Every Fields row of every page matched to an object schema, for statistics."""
    match = _Match(spec, docs, names)
    pairs = []
    for key, doc in sorted(docs.pages.items()):
        model = match.models.get(match.doc_to_spec.get(key, ""))
        if isinstance(model, ir.ObjectModel) and doc.page.kind == "fields":
            fields = match.fields(model)
            for row in doc.fields:
                pairs.append(FieldPair(doc, row, model, fields.get(fold(row.row.name))))
    return pairs


def drift_report(target: Target) -> list[Drift]:
    """``specgen drift``: the target must name both a spec and docs."""
    if target.spec is None or not target.docs:
        raise ConfigError(
            "specgen", "--spec/--docs", "drift compares a spec with docs: give both"
        )
    spec = build_api(target.spec)
    docs = load_docs(target.docs, cast(WireCase, target.docs_wire_case))
    return drift(spec, docs, sdk_names(target.spec, spec))


def drift(spec: ir.Api, docs: DocsModels, names: SdkNames | None = None) -> list[Drift]:
    """Every disagreement between the docs and the spec, sorted by page and line."""
    match = _Match(spec, docs, names or SdkNames())
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
    return sorted(found)


def _is_upload(match: _Match, ref: ir.TypeRef) -> bool:
    """A file upload: the Python SDK never shows it nullable."""
    ref = match.unwrap(ref)
    if isinstance(ref, ir.Primitive):
        return ref.format == "binary"
    model = match.models.get(ref.name) if isinstance(ref, ir.Ref) else None
    return model is not None and _is_binary(match, model)


def _empty(doc: DocModel) -> bool:
    """An object without properties: the spec types it as a map, not as a schema."""
    return doc.page.kind == "fields" and not doc.fields


def _is_binary(match: _Match, model: ir.Model) -> bool:
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


def _model_drift(match: _Match, doc: DocModel, model: ir.Model) -> list[Drift]:
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
    shown = {str(v.value) for v in doc.page.values}
    wanted = {str(m.value) for m in model.members}
    messages = []
    if shown - wanted:
        messages.append(f"values not in the spec: {', '.join(sorted(shown - wanted))}")
    if wanted - shown:
        messages.append(f"values missing: {', '.join(sorted(wanted - shown))}")
    line = doc.page.section_line
    return [Drift(doc.source, line, doc.page.title, m) for m in messages]


def _union_drift(match: _Match, doc: DocModel, model: ir.UnionModel) -> list[Drift]:
    page = doc.page
    out = []
    if len(doc.variants) != len(model.variants):
        message = f"{len(doc.variants)} variants, the spec has {len(model.variants)}"
        out.append(Drift(doc.source, page.section_line, page.title, message))
    paired = {id(d): s for d, s in _variant_pairs(doc, model)}
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


def _object_drift(match: _Match, doc: DocModel, model: ir.ObjectModel) -> list[Drift]:
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


def _field_problems(match: _Match, doc: DocField, spec: ir.Field) -> list[str]:
    problems = []
    if doc.row.required != spec.required and not _required_convention(match, doc, spec):
        problems.append(
            f"shown {'required' if doc.row.required else 'optional'}, the spec has it "
            f"{'required' if spec.required else 'optional'}"
        )
    upload = _is_upload(match, spec.type)
    if doc.nullable_known and bool(doc.cell.nullable) != spec.nullable and not upload:
        problems.append(
            f"shown {'nullable' if doc.cell.nullable else 'not nullable'}, the spec has "
            f"it {'nullable' if spec.nullable else 'not nullable'}"
        )
    problem = _type_problem(match, doc.cell.type, spec.type, doc.cell.exact_number)
    if problem:
        problems.append(problem)
    return problems


def _required_convention(match: _Match, doc: DocField, spec: ir.Field) -> bool:
    """Speakeasy shows required-with-default as optional, and constants as required."""
    if spec.required and spec.has_default:
        return True
    return not spec.required and _constant(match, spec.type)


def _constant(match: _Match, ref: ir.TypeRef) -> bool:
    ref = match.unwrap(ref)
    if isinstance(ref, ir.Const):
        return True
    if isinstance(ref, ir.Ref):
        model = match.models.get(ref.name)
        return isinstance(model, ir.EnumModel) and len(model.members) == 1
    return False


def _type_problem(
    match: _Match, doc: ir.TypeRef, spec: ir.TypeRef, exact: bool
) -> str | None:
    if _same_type(match, doc, spec, exact):
        return None
    return f"shown as {_describe(doc, match)}, the spec has {_describe(spec, match)}"


def _same_type(match: _Match, doc: ir.TypeRef, spec: ir.TypeRef, exact: bool) -> bool:
    spec = match.unwrap(spec, doc)
    if isinstance(doc, ir.AnyType):
        return isinstance(spec, ir.AnyType)
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
            return isinstance(model, ir.EnumModel) and [
                m.value for m in model.members
            ] == [doc.value]
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


def _collapsed(match: _Match, doc: ir.TypeRef, spec: ir.TypeRef, exact: bool) -> bool:
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


def _describe(ref: ir.TypeRef, match: _Match) -> str:
    if isinstance(ref, ir.Primitive):
        return ref.type
    if isinstance(ref, ir.ListOf):
        return f"list of {_describe(ref.item, match)}"
    if isinstance(ref, ir.MapOf):
        return f"map of {_describe(ref.value, match)}"
    if isinstance(ref, ir.NullOr):
        return f"nullable {_describe(ref.inner, match)}"
    if isinstance(ref, ir.Const):
        return f"constant {ir.thaw(ref.value)!r}"
    if isinstance(ref, ir.Ref):
        doc = match.docs.pages.get(ref.name)
        return doc.page.title if doc is not None else ref.name
    return "any"


# ---------------------------------------------------------------------------
# Merge
# ---------------------------------------------------------------------------


def merge_api(
    spec: ir.Api,
    paths: Sequence[Path],
    wire_case: WireCase,
    names: SdkNames | None = None,
) -> ir.Api:
    """The spec's models, with descriptions and examples from the docs where it has none."""
    docs = load_docs(paths, wire_case)
    match = _Match(spec, docs, names or SdkNames())
    by_name = {m.name: m for m in docs.models}
    doc_models = {key: by_name[docs.names[key]] for key in docs.pages}
    models = []
    for model in spec.models:
        key = match.spec_to_doc.get(model.name)
        models.append(
            model
            if key is None
            else _merge_model(match, model, docs.pages[key], doc_models[key])
        )
    unmatched = [
        d.source
        for k, d in docs.pages.items()
        if k not in match.doc_to_spec and k not in match.wrappers
    ]
    warnings = [*spec.warnings, *api_from(docs).warnings]
    if unmatched:
        warnings.append(
            f"{len(unmatched)} doc pages match no schema of the spec "
            f"(see specgen drift), e.g. {', '.join(sorted(unmatched)[:3])}"
        )
    return dataclasses.replace(spec, models=tuple(models), warnings=tuple(warnings))


def _keys_fit(model: ir.Model, examples: tuple[ir.JsonValue, ...]) -> bool:
    """Doc examples carry guessed wire names: use them only if the spec agrees."""
    if not examples:
        return False
    if not isinstance(model, ir.ObjectModel):
        return True
    wire = {f.name for f in model.fields}
    return all(isinstance(e, Mapping) and set(e) <= wire for e in examples)


def _merge_model(
    match: _Match, model: ir.Model, doc: DocModel, doc_model: ir.Model
) -> ir.Model:
    changes: dict[str, object] = {}
    if model.description is None and doc.page.description:
        changes["description"] = doc.page.description
    if not model.examples and _keys_fit(model, doc_model.examples):
        changes["examples"] = doc_model.examples
    if isinstance(model, ir.ObjectModel):
        rows = {fold(f.row.name): f.row for f in doc.fields}
        shown = {id(f): k for k, f in match.fields(model).items()}
        fields = []
        for spec_field in model.fields:
            row = rows.get(shown[id(spec_field)])
            if row is not None:
                update: dict[str, object] = {}
                if spec_field.description is None and row.description:
                    update["description"] = row.description
                if not spec_field.examples and row.example is not None:
                    from generator.markdown.models import examples_of

                    update["examples"] = examples_of(row.example, spec_field.type)
                spec_field = dataclasses.replace(spec_field, **update)  # type: ignore[arg-type]
            fields.append(spec_field)
        changes["fields"] = tuple(fields)
    return dataclasses.replace(model, **changes)  # type: ignore[arg-type]


__all__ = [
    "Drift",
    "SdkNames",
    "drift",
    "drift_report",
    "fold",
    "merge_api",
    "sdk_names",
]
