"""Which doc page describes which spec schema.

Pages are matched first by name (a component schema's key, or its
``x-speakeasy-name-override``, against a page's file stem, both folded: lower case,
no underscores, a Python keyword's trailing ``_`` and a TypeScript reserved-name
``T`` suffix dropped), then by structure: when a matched page and schema have a
field of the same folded name, the pages and schemas those fields refer to are
matched too, and so are the types of an operation page and the spec's operation.
That second step pairs inline schemas, whose names the docs generator and this one
synthesise differently (``StopReason1`` vs ``StopReasonOption1``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path

from generator import ir
from generator.ir import identifiers
from generator.ir.selection import operation_types, reachable_models
from generator.markdown.models import DocModel, DocsModels
from generator.markdown.operations import read_doc_operations


def fold(name: str) -> str:
    """The name both sides agree on: ``frequency_penalty``, ``frequencyPenalty`` -> ``frequencypenalty``.

    A name that starts with a number has it spelt out by Speakeasy, which must make an
    identifier of it: property ``2021`` is ``two_thousand_and_twenty_one`` and schema
    ``757f49…`` is ``SevenHundredAndFiftySevenf49…``; both fold the same.
    """
    if len(name) > 1 and name.endswith("_"):
        name = name[:-1]
    digits = len(name) - len(name.lstrip("0123456789"))
    if 0 < digits <= 18:
        name = spell_number(int(name[:digits])) + name[digits:]
    return name.lower().replace("_", "")


_ONES = (
    "Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen "
    "Fourteen Fifteen Sixteen Seventeen Eighteen Nineteen"
).split()
_TENS = "_ _ Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety".split()
_SCALES = ("", "Thousand", "Million", "Billion", "Trillion", "Quadrillion")


def spell_number(number: int) -> str:
    """``4091`` -> ``FourThousandAndNinetyOne``: English words as Speakeasy joins them."""
    if number == 0:
        return _ONES[0]
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    for scale in range(len(groups) - 1, -1, -1):
        hundreds, rest = divmod(groups[scale], 100)
        if hundreds:
            words += [_ONES[hundreds], "Hundred"]
        if rest and (hundreds or (scale == 0 and len(groups) > 1)):
            words.append("And")
        if rest >= 20:
            words.append(_TENS[rest // 10])
            if rest % 10:
                words.append(_ONES[rest % 10])
        elif rest:
            words.append(_ONES[rest])
        if groups[scale] and scale:
            words.append(_SCALES[scale])
    return "".join(words)


class Match:
    """Docs page keys paired with spec model names, by name and then by structure."""

    def __init__(self, spec: ir.Api, docs: DocsModels) -> None:
        self.spec = spec
        self.docs = docs
        self.names = spec.hints
        """The SDK names the spec asks for (``x-speakeasy-name-override``)."""
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
                if candidate in components and doc.envelope_bodies() is None:
                    self.pair(key, self._named(components[candidate], doc))
                    break
                for suffix in ("request", "responsebody", "response"):
                    operation = operations.get(candidate.removesuffix(suffix))
                    if candidate.endswith(suffix) and operation is not None:
                        self.wrappers[key] = operation
                        body = _success_body(operation)
                        if doc.envelope_bodies() is not None:
                            pass  # its body rows are aligned with the operation's
                        elif suffix != "request" and body is not None:
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
            and set(ours.values) == set(theirs.values)
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
        hints = self.spec.hints

        def sdk_name(op: ir.Operation) -> tuple[str, str]:
            """The group and method as the SDK docs write them, in snake_case."""
            return (
                identifiers.snake_case(hints.groups.get(op.id, ir.DEFAULT_GROUP)),
                identifiers.snake_case(hints.methods.get(op.id, op.id)),
            )

        operations = sorted(self.spec.operations, key=sdk_name)
        by_id = {fold(op.id): op for op in operations}
        by_name = {sdk_name(op): op for op in operations}
        pairs: list[tuple[ir.TypeRef, ir.TypeRef]] = []
        for doc_op in read_doc_operations(self.docs):
            spec_op = by_id.get(fold(doc_op.operation_id or "")) or by_name.get(
                (
                    identifiers.snake_case(doc_op.group.split(".")[-1]),
                    identifiers.snake_case(doc_op.method),
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
            bodies = self.docs.pages[key].envelope_bodies()
            body = _success_body(spec_op)
            if bodies is None:
                rows = [(f.row.name, f.cell.type) for f in self.docs.pages[key].fields]
                pairs.extend(self._request_pairs(rows, spec_op))
            elif len(bodies) == 1 and body is not None:
                pairs.append((bodies[0].cell.type, ir.Ref(body)))
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
        if isinstance(doc, ir.NullOr):
            doc = doc.inner
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
    """Models reachable from the operations (every model, when there are none).

    A schema that only an unused schema refers to is unused too (Atoma's
    ``ToolFunction``, reached only from the unused ``Tool``).
    """
    if not api.operations:
        return {m.name for m in api.models}
    roots = (t for op in api.operations for t in operation_types(op))
    return reachable_models(api, roots)


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


def variant_pairs(
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
        name = _page_stem(doc_type)
        for spec_type in spec_left:
            if name and isinstance(spec_type, ir.Ref) and fold(spec_type.name) == name:
                pairs.append((doc_type, spec_type))
                docs_left.remove(doc_type)
                spec_left.remove(spec_type)
                break
    return pairs + list(zip(docs_left, spec_left))


def _page_stem(ref: ir.TypeRef) -> str:
    return fold(Path(ref.name).stem) if isinstance(ref, ir.Ref) else ""


def _aligned(
    match: Match, doc: DocModel, model: ir.Model
) -> list[tuple[ir.TypeRef, ir.TypeRef]]:
    if isinstance(model, ir.UnionModel) and doc.page.kind == "union":
        return variant_pairs(doc, model)
    fields = match.fields(model)
    return [
        (f.cell.type, fields[fold(f.row.name)].type)
        for f in doc.fields
        if fold(f.row.name) in fields
    ]
