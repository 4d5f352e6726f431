"""OpenAPI / JSON Schema schemas to IR models.

Every model is keyed on the location of the schema it came from, and its name is a
function of that location (component key, then the path from the nearest named
root: ``Parent`` + ``Field``, ``Item``, ``Value``, ``Option2``...).  So a schema is
named the same way whichever reference reaches it first, and names are chosen only
once every model is known (:func:`generator.ir.identifiers.assign_unique`).

Which schemas become models: every component schema, every ``$ref`` target, and
every inline object, enum and union.  Arrays, maps and scalars stay structural types
unless they are one of the first two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import msgspec
from msgspec import field

from generator import ir
from generator.diagnostics import Diagnostics
from generator.errors import SpecError
from generator.ir import identifiers
from generator.ir.hierarchy import link_hierarchies
from generator.load.documents import Documents, Location

_JSON_TYPES = ("string", "integer", "number", "boolean", "null", "object", "array")
_STRUCTURE_KEYS = frozenset(
    {
        "$ref", "type", "properties", "additionalProperties", "items", "prefixItems",
        "allOf", "oneOf", "anyOf", "enum", "const", "format",
    }
)  # fmt: skip
_COMBINATORS = frozenset({"allOf", "oneOf", "anyOf"})
_SHAPE_KEYS = frozenset({"allOf", "oneOf", "anyOf", "properties", "enum", "const"})
"""Without these a schema is neither a wrapper of one member nor an object, union or enum."""
_CONSTRAINT_KEYS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "multipleOf": "multiple_of",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minItems": "min_items",
    "maxItems": "max_items",
    "uniqueItems": "unique_items",
}
_ANY_CONSTRAINT = frozenset(_CONSTRAINT_KEYS) | {"exclusiveMinimum", "exclusiveMaximum"}
_NO_CONSTRAINTS = ir.Constraints()


class _Draft(msgspec.Struct):
    """A model under construction; its references still point at locations."""

    location: Location
    candidate: str
    inline: bool
    nullable: bool
    build: Callable[[Callable[[ir.TypeRef], ir.TypeRef], str], ir.Model] | None = None
    pending: bool = True


class _ObjectParts(msgspec.Struct):
    properties: dict[str, tuple[Location, Any]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    sdk_names: dict[str, str] = field(default_factory=dict)
    """Wire name -> the property's ``x-speakeasy-name-override``."""
    additional: tuple[Location, Any] | None = None
    closed: bool = False


def _location_key(location: Location) -> str:
    return f"{location.file}{location.pointer}"


class SchemaConverter:
    """Turns the schemas of one document set into IR models."""

    def __init__(self, docs: Documents) -> None:
        self.docs = docs
        self.drafts: dict[str, _Draft] = {}
        self.diagnostics = Diagnostics()
        # x-speakeasy-name-override of schemas and of their properties, by location key.
        self._sdk_names: dict[str, str] = {}
        self._sdk_fields: dict[tuple[str, str], str] = {}
        self._chosen: dict[str, str] = {}
        self._roots: dict[str, str] = {}
        # Polymorphism by allOf, by location key: resolved once models have names.
        self._allof_parents: dict[str, list[str]] = {}
        self._declared: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        # A union's or allOf's members are asked for several times per schema
        # (is it a wrapper? a model? which kind?); the answer never changes.
        self._branch_memo: dict[tuple[Path, str, str], list[tuple[Location, Any]]] = {}
        # Schemas read as another one (see read_as), by location.
        self._read_as: dict[Location, tuple[Location, Any]] = {}

    # -- entry points -------------------------------------------------------

    def add_root(self, location: Location, base_name: str) -> None:
        """Name inline schemas under ``location`` after ``base_name``."""
        self._roots[_location_key(location)] = base_name

    def read_as(self, location: Location, instead: Location, node: Any) -> None:
        """Read the schema at ``location`` as the one at ``instead`` (``node``),
        wherever it is met; for a caller that decodes the value before the model
        does (an event's JSON ``data``: see ``generator.openapi.operations``)."""
        self._read_as[location] = (instead, node)

    def model_for(self, location: Location) -> ir.TypeRef:
        """Make the schema at ``location`` a model, and return a reference to it."""
        self._ensure_model(location, self.docs.node(location))
        return ir.Ref(_location_key(location))

    def type_of(self, location: Location, node: Any) -> tuple[ir.TypeRef, bool]:
        """The type of the schema at ``location``, and whether it admits null."""
        if self._read_as and location in self._read_as:
            location, node = self._read_as[location]
        if isinstance(node, bool):
            return ir.AnyType(), True  # `true` admits every value, null included
        if not isinstance(node, dict):
            raise self.docs.error(location, "a schema must be an object")
        if "$ref" in node:
            return self._ref_type(location, node)
        nullable = self._admits_null(node) or self._null_member(location, node)
        if _SHAPE_KEYS.isdisjoint(
            node
        ):  # most schemas: no wrapper, model only if multi-typed
            if len(_non_null_types(node)) > 1:
                draft = self._ensure_model(location, node)
                return ir.Ref(_location_key(location)), nullable or draft.nullable
            return self._structural(location, node), nullable
        trivial = self._single_member(location, node)
        if trivial is not None:
            member_location, member = trivial
            member_type, member_nullable = self.type_of(member_location, member)
            return member_type, nullable or member_nullable
        if self._needs_model(location, node):
            draft = self._ensure_model(location, node)
            return ir.Ref(_location_key(location)), nullable or draft.nullable
        return self._structural(location, node), nullable

    def finish(self) -> tuple[ir.Model, ...]:
        """Give every model its name (a key in the IR, not yet a Python name) and
        return the models sorted by name."""
        keys = list(self.drafts)
        candidates = {key: self.drafts[key].candidate for key in keys}
        sort_key = {key: f"{int(self.drafts[key].inline)}{key}" for key in keys}
        # Component schemas are served first, so an inline schema can never take the
        # name of a component, whatever their order in the document.
        chosen: dict[str, str] = {}
        for inline in (False, True):
            group = {
                k: c for k, c in candidates.items() if self.drafts[k].inline is inline
            }
            chosen.update(
                identifiers.assign_unique(
                    group, sort_key=sort_key.__getitem__, taken=set(chosen.values())
                )
            )

        def rename(ref: ir.TypeRef) -> ir.TypeRef:
            return ir.map_refs(ref, lambda key: chosen[key])

        models = []
        for key in keys:
            draft = self.drafts[key]
            assert draft.build is not None
            models.append(draft.build(rename, chosen[key]))
        self._chosen = chosen
        linked, problems = link_hierarchies(
            models,
            {
                chosen[k]: [chosen[p] for p in parents if p in chosen]
                for k, parents in self._allof_parents.items()
            },
            {
                chosen[k]: (prop, [(tag, chosen[t]) for tag, t in mapping])
                for k, (prop, mapping) in self._declared.items()
            },
            {
                chosen[k]: draft.location.segments()[2]
                for k, draft in self.drafts.items()
                if _is_component(draft.location)
            },
        )
        located = {chosen[k]: draft.location for k, draft in self.drafts.items()}
        for name, message in problems:
            where = located[name]
            self.diagnostics.add(
                self.docs.display(where.file), message, pointer=where.pointer
            )
        return tuple(sorted(linked, key=lambda m: m.name))

    def sdk_names(
        self,
    ) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        """The schemas' and properties' ``x-speakeasy-name-override``, by model name.

        Call after :meth:`finish`.
        """
        names = self._chosen
        models = {names[key]: name for key, name in self._sdk_names.items()}
        fields = {
            (names[key], wire): name for (key, wire), name in self._sdk_fields.items()
        }
        return models, fields

    # -- references -----------------------------------------------------------

    def _ref_type(
        self, location: Location, node: dict[str, Any]
    ) -> tuple[ir.TypeRef, bool]:
        """A reference: its target becomes a model (so recursion is safe), reached
        through any chain of bare ``$ref`` schemas that are not themselves components.
        """
        target = self.docs.resolve(node["$ref"], location.child("$ref"))
        target_node = self.docs.node(target)
        seen = {_location_key(location)}
        while _is_bare_ref(target_node) and not _is_component(target):
            if _location_key(target) in seen:
                raise self.docs.error(
                    location, "$ref cycle: the reference leads back to itself"
                )
            seen.add(_location_key(target))
            target = self.docs.resolve(target_node["$ref"], target.child("$ref"))
            target_node = self.docs.node(target)
        draft = self._ensure_model(target, target_node)
        return ir.Ref(_location_key(target)), draft.nullable or self._admits_null(node)

    def _follow(self, location: Location, node: Any) -> tuple[Location, Any]:
        """Follow a chain of ``$ref`` to the schema it ends at."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            key = _location_key(location)
            if key in seen:
                raise self.docs.error(
                    location, "$ref cycle: the reference leads back to itself"
                )
            seen.add(key)
            location = self.docs.resolve(node["$ref"], location.child("$ref"))
            node = self.docs.node(location)
        return location, node

    # -- classification ----------------------------------------------------------

    def _admits_null(self, node: dict[str, Any]) -> bool:
        if not _says_something(node):
            return True  # an untyped schema ({}) admits every value, null included
        if node.get("nullable") is True:
            return True
        types = node.get("type")
        if types == "null" or (isinstance(types, list) and "null" in types):
            return True
        if isinstance(node.get("enum"), list) and None in node["enum"]:
            return True
        if "const" in node and node["const"] is None:
            return True
        for keyword in ("oneOf", "anyOf"):
            branches = node.get(keyword)
            if isinstance(branches, list) and any(_is_null_schema(b) for b in branches):
                return True
        return False

    def _reaches_null(
        self, location: Location, node: Any, seen: frozenset[str] = frozenset()
    ) -> bool:
        """Whether the schema admits null through ``$ref``, wrappers or union branches.

        Decided before any model is built: a reference met while its target is still
        being built (``K = oneOf[map of K, string | null]``) must already know that
        K admits null, and so must a reference to an alias of a nullable schema.
        """
        if isinstance(node, bool):
            return True  # as in type_of: `true` admits every value
        if not isinstance(node, dict):
            return False
        if self._admits_null(node) or self._null_member(location, node):
            return True
        if "$ref" in node:
            key = _location_key(location)
            if key in seen:
                return False
            target = self.docs.resolve(node["$ref"], location.child("$ref"))
            return self._reaches_null(target, self.docs.node(target), seen | {key})
        trivial = self._single_member(location, node)
        if trivial is not None:
            return self._reaches_null(*trivial, seen)
        if "properties" in node or self._branches(location, node, "allOf"):
            return False
        return any(
            self._reaches_null(branch_location, branch, seen)
            for branch_location, branch in self._union_branches(location, node)
        )

    def _branches(
        self, location: Location, node: dict[str, Any], keyword: str
    ) -> list[tuple[Location, Any]]:
        """The members of ``allOf``/``oneOf``/``anyOf`` that say something about type."""
        members = node.get(keyword)
        if members is None:
            return []
        memo_key = (location.file, location.pointer, keyword)
        found = self._branch_memo.get(memo_key)
        if found is not None:
            return found
        if not isinstance(members, list):
            raise self.docs.error(location.child(keyword), f"{keyword} must be a list")
        found = self._branch_memo[memo_key] = [
            (location.child(keyword, index), member)
            for index, member in enumerate(members)
            if not _is_null_schema(member)
            and _says_something(member)
            and not self._null_reference(location.child(keyword, index), member)
        ]
        return found

    def _null_member(self, location: Location, node: dict[str, Any]) -> bool:
        """A ``oneOf``/``anyOf`` member is a reference to a null-only schema."""
        for keyword in ("oneOf", "anyOf"):
            members = node.get(keyword)
            if isinstance(members, list) and any(
                self._null_reference(location.child(keyword, index), member)
                for index, member in enumerate(members)
            ):
                return True
        return False

    def _null_reference(self, location: Location, node: Any, depth: int = 0) -> bool:
        """A ``$ref`` to a schema that admits only null (``NullObject: {type: 'null'}``):
        as a union member it says "or null", like an inline ``{type: 'null'}``."""
        if not isinstance(node, dict) or "$ref" not in node or depth > 50:
            return False
        target = self.docs.resolve(node["$ref"], location.child("$ref"))
        found = self.docs.node(target)
        return _is_null_schema(found) or self._null_reference(target, found, depth + 1)

    def _single_member(
        self, location: Location, node: dict[str, Any]
    ) -> tuple[Location, Any] | None:
        """A wrapper like ``allOf: [$ref]`` or ``anyOf: [X, null]`` that just names one schema."""
        if (
            "properties" in node
            or "enum" in node
            or "const" in node
            or _COMBINATORS.isdisjoint(node)
        ):
            return None
        members = [
            *self._branches(location, node, "allOf"),
            *self._branches(location, node, "oneOf"),
            *self._branches(location, node, "anyOf"),
        ]
        if len(members) != 1:
            return None
        own_types, member_types = _non_null_types(node), _non_null_types(members[0][1])
        if own_types and member_types and own_types != member_types:
            return None
        return members[0]

    def _needs_model(self, location: Location, node: dict[str, Any]) -> bool:
        if "properties" in node or self._branches(location, node, "allOf"):
            return True
        if self._union_branches(location, node):
            return True
        if isinstance(node.get("enum"), list) and any(
            v is not None for v in node["enum"]
        ):
            return True
        return len(_non_null_types(node)) > 1

    def _union_branches(
        self, location: Location, node: dict[str, Any]
    ) -> list[tuple[Location, Any]]:
        if "oneOf" not in node and "anyOf" not in node:
            return []
        return [
            *self._branches(location, node, "oneOf"),
            *self._branches(location, node, "anyOf"),
        ]

    # -- models ------------------------------------------------------------------

    def _ensure_model(self, location: Location, node: Any) -> _Draft:
        key = _location_key(location)
        draft = self.drafts.get(key)
        if draft is not None:
            return draft
        if isinstance(node, bool):
            node = {}
        if not isinstance(node, dict):
            raise self.docs.error(location, "a schema must be an object")
        candidate, inline = self._candidate_name(location)
        draft = _Draft(location, candidate, inline, self._reaches_null(location, node))
        self.drafts[key] = draft
        if isinstance(node.get("x-speakeasy-name-override"), str):
            self._sdk_names[key] = node["x-speakeasy-name-override"]
        source = self._source(location)
        common: dict[str, Any] = {
            "source": source,
            "description": _text(node.get("description")),
            "deprecated": node.get("deprecated") is True,
            "nullable": draft.nullable,
            "examples": _examples(node),
        }
        wrapped = None if "$ref" in node else self._wrapped_union(location, node)
        if wrapped is not None:
            union_location, union_node, wrapped_nullable = wrapped
            draft.nullable = common["nullable"] = draft.nullable or wrapped_nullable
            draft.build = self._union_builder(
                union_location, union_node, common, owner=location
            )
        elif "$ref" in node or self._single_member(location, node) is not None:
            draft.build = self._alias_builder(location, node, common)
        elif "properties" in node or self._branches(location, node, "allOf"):
            draft.build = self._object_builder(location, node, common)
        elif self._union_branches(location, node):
            draft.build = self._union_builder(location, node, common)
        elif isinstance(node.get("enum"), list) and any(
            v is not None for v in node["enum"]
        ):
            draft.build = self._enum_builder(location, node, common)
        elif len(_non_null_types(node)) > 1:
            draft.build = self._multi_type_builder(location, node, common)
        else:
            draft.build = self._alias_builder(location, node, common)
        return draft

    def _alias_builder(
        self, location: Location, node: dict[str, Any], common: dict[str, Any]
    ) -> Any:
        if "$ref" in node:
            self._follow(
                location, node
            )  # refuses A -> B -> A before it becomes two aliases
        target, nullable = (
            self.type_of(location, node) if "$ref" in node else (None, False)
        )
        if target is None:
            trivial = self._single_member(location, node)
            if trivial is not None:
                target, nullable = self.type_of(*trivial)
            else:
                target = self._structural(location, node)
        if isinstance(target, ir.Ref) and target.name == _location_key(location):
            raise self.docs.error(location, "schema is defined only as itself")
        common = {**common, "nullable": common["nullable"] or nullable}

        def build(rename: Any, name: str) -> ir.Model:
            return ir.AliasModel(name=name, target=rename(target), **common)

        return build

    def _object_builder(
        self, location: Location, node: dict[str, Any], common: dict[str, Any]
    ) -> Any:
        self._note_hierarchy(location, node)
        parts = _ObjectParts()
        self._collect_object(location, node, parts, [])
        key = _location_key(location)
        for wire, sdk_name in parts.sdk_names.items():
            self._sdk_fields[(key, wire)] = sdk_name
        drafts = []
        for wire, (prop_location, prop) in parts.properties.items():
            prop_type, prop_nullable = self.type_of(prop_location, prop)
            prop_dict = prop if isinstance(prop, dict) else {}
            default_present = "default" in prop_dict
            drafts.append(
                {
                    "name": wire,
                    "type": prop_type,
                    "required": wire in parts.required,
                    "nullable": prop_nullable,
                    "has_default": default_present,
                    "default": ir.freeze(prop_dict.get("default")),
                    "description": _text(prop_dict.get("description")),
                    "deprecated": prop_dict.get("deprecated") is True,
                    "read_only": prop_dict.get("readOnly") is True,
                    "write_only": prop_dict.get("writeOnly") is True,
                    "constraints": _constraints(prop_dict),
                    "examples": _examples(prop_dict),
                }
            )
        extra: ir.TypeRef | None = ir.AnyType()
        if parts.closed:
            extra = None
        elif parts.additional is not None:
            extra_type, extra_nullable = self.type_of(*parts.additional)
            extra = ir.NullOr(extra_type) if extra_nullable else extra_type

        def build(rename: Any, name: str) -> ir.Model:
            fields = tuple(ir.Field(**{**d, "type": rename(d["type"])}) for d in drafts)
            return ir.ObjectModel(
                name=name,
                fields=fields,
                extra_fields=None if extra is None else rename(extra),
                **common,
            )

        return build

    def _note_hierarchy(self, location: Location, node: dict[str, Any]) -> None:
        """What :func:`generator.ir.hierarchy.link_hierarchies` needs of an object: the
        schemas its ``allOf`` references, and the discriminator it declares."""
        key = _location_key(location)
        parents = []
        for member_location, member in self._branches(location, node, "allOf"):
            if isinstance(member, dict) and "$ref" in member:
                target = self.docs.resolve(
                    member["$ref"], member_location.child("$ref")
                )
                parents.append(_location_key(target))
        if parents:
            self._allof_parents[key] = parents
        spec = node.get("discriminator")
        if isinstance(spec, dict) and isinstance(spec.get("propertyName"), str):
            self._declared[key] = (
                spec["propertyName"],
                self._explicit_mapping(location.child("discriminator"), spec),
            )

    def _collect_object(
        self,
        location: Location,
        node: dict[str, Any],
        parts: _ObjectParts,
        stack: list[str],
    ) -> None:
        """Flatten ``allOf`` into one property list, base properties first."""
        key = _location_key(location)
        if key in stack:
            raise self.docs.error(location, "allOf cycle: a schema includes itself")
        stack.append(key)
        for member_location, member in self._branches(location, node, "allOf"):
            member_location, member = self._follow(member_location, member)
            if not isinstance(member, dict):
                raise self.docs.error(member_location, "a schema must be an object")
            self._collect_object(member_location, member, parts, stack)
        properties = node.get("properties", {})
        if not isinstance(properties, dict):
            raise self.docs.error(
                location.child("properties"), "properties must be a mapping"
            )
        for wire, prop in properties.items():
            parts.properties[str(wire)] = (
                location.child("properties", str(wire)),
                prop,
            )
            if isinstance(prop, dict) and isinstance(
                prop.get("x-speakeasy-name-override"), str
            ):
                parts.sdk_names[str(wire)] = prop["x-speakeasy-name-override"]
        required = node.get("required", [])
        if isinstance(required, list):
            parts.required.update(str(r) for r in required)
        additional = node.get("additionalProperties")
        if additional is False:
            parts.closed = True
        elif isinstance(additional, dict) and additional:
            parts.additional = (location.child("additionalProperties"), additional)
        stack.pop()

    def _wrapped_union(
        self, location: Location, node: dict[str, Any]
    ) -> tuple[Location, dict[str, Any], bool] | None:
        """The inline union that one-member wrappers around it stand for, if any.

        ``A: oneOf: [null, anyOf: [$ref A, X]]`` (or ``allOf: [anyOf: ...]``, the 3.0
        nullable spelling) is the union ``A | X | null`` itself.  Made an alias of a
        separate inline union, A would name itself through that union: a recursive
        alias type checkers refuse.  Also says whether a wrapper on the way admits null.
        """
        trivial = self._single_member(location, node)
        nullable = False
        while trivial is not None:
            location, node = trivial
            if not isinstance(node, dict) or "$ref" in node:
                return None
            nullable = nullable or self._admits_null(node)
            trivial = self._single_member(location, node)
        if (
            "properties" in node
            or self._branches(location, node, "allOf")
            or not self._union_branches(location, node)
        ):
            return None
        return location, node, nullable

    def _union_builder(
        self,
        location: Location,
        node: dict[str, Any],
        common: dict[str, Any],
        owner: Location | None = None,
    ) -> Any:
        """A union model for ``node``, keyed on ``owner`` when a wrapper stands for it."""
        key = _location_key(owner or location)
        variants: list[ir.TypeRef] = []
        # The models already among the variants: a union of thousands of references
        # would otherwise compare each with all those before it.
        referenced: set[str] = {key}  # a union that lists itself adds nothing
        nullable = False
        for branch_location, branch in self._flat_branches(location, node):
            if branch is None:  # a nested union that admits null
                nullable = True
                continue
            branch_type, branch_nullable = self.type_of(branch_location, branch)
            nullable = nullable or branch_nullable
            if isinstance(branch_type, ir.Ref):
                if branch_type.name not in referenced:
                    referenced.add(branch_type.name)
                    variants.append(branch_type)
            elif branch_type not in variants:
                variants.append(branch_type)
        if not variants:
            # Every branch is the union itself (oneOf: [A, A]): no value has a type.
            raise self.docs.error(location, "schema is defined only as itself")
        discriminator = self._discriminator(location, node, variants)
        common = {**common, "nullable": common["nullable"] or nullable}
        # A nullable branch (``oneOf: [{nullable: true, ...}, ...]``) makes every
        # reference to the union admit null, not just the union model itself.
        self.drafts[key].nullable = common["nullable"]

        def build(rename: Any, name: str) -> ir.Model:
            resolved = None
            if discriminator is not None:
                prop, mapping = discriminator
                resolved = ir.Discriminator(
                    prop,
                    tuple((tag, _ref_name(rename(ir.Ref(k)))) for tag, k in mapping),
                )
            return ir.UnionModel(
                name=name,
                variants=tuple(rename(v) for v in variants),
                discriminator=resolved,
                **common,
            )

        return build

    def _flat_branches(
        self, location: Location, node: dict[str, Any]
    ) -> Iterator[tuple[Location, Any]]:
        """The union's branches, with inline unions nested in it spliced in.

        ``anyOf: [anyOf: [A, B], C]`` is ``A | B | C``; keeping the inner union as a
        model of its own would make a union that names itself through it a recursive
        alias type checkers refuse.  A nested union that admits null yields ``None``.
        """
        for branch_location, branch in self._union_branches(location, node):
            nested = (
                isinstance(branch, dict)
                and not (
                    {"$ref", "properties", "type", "enum", "const", "allOf"}
                    & set(branch)
                )
                and "discriminator" not in branch
                and len(self._union_branches(branch_location, branch)) > 1
            )
            if not nested:
                yield branch_location, branch
                continue
            if self._admits_null(branch):
                yield branch_location, None
            yield from self._flat_branches(branch_location, branch)

    def _discriminator(
        self, location: Location, node: dict[str, Any], variants: list[ir.TypeRef]
    ) -> tuple[str, list[tuple[str, str]]] | None:
        spec = node.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        mapping = self._explicit_mapping(location.child("discriminator"), spec)
        mapped = {key for _, key in mapping}
        for variant in variants:
            if isinstance(variant, ir.Ref) and variant.name not in mapped:
                variant_location = self.drafts[variant.name].location
                if _is_component(variant_location):
                    mapping.append((variant_location.segments()[2], variant.name))
        return spec["propertyName"], mapping

    def _explicit_mapping(
        self, where: Location, spec: dict[str, Any]
    ) -> list[tuple[str, str]]:
        """A discriminator's ``mapping``: (tag, location key) pairs, targets made models.

        A target that names nothing (a bundler left ``./dog.yaml`` behind, or a
        misspelt name) is skipped with a warning rather than refusing the document:
        the mapping only tells decoding where to look first.
        """
        mapping: list[tuple[str, str]] = []
        explicit = spec.get("mapping") or {}
        if not isinstance(explicit, dict):
            self.diagnostics.add(
                self.docs.display(where.file),
                "a discriminator's mapping must be a mapping; ignored",
                pointer=where.child("mapping").pointer,
            )
            explicit = {}
        for tag, target in explicit.items():
            ref = (
                target
                if "#" in str(target) or "/" in str(target)
                else f"#/components/schemas/{target}"
            )
            site = where.child("mapping", str(tag))
            try:
                target_location = self.docs.resolve(ref, site)
            except SpecError as error:
                self.diagnostics.add(
                    error.file, f"{error.message}; ignored", pointer=error.location
                )
                continue
            self._ensure_model(target_location, self.docs.node(target_location))
            mapping.append((str(tag), _location_key(target_location)))
        return mapping

    def _enum_builder(
        self, location: Location, node: dict[str, Any], common: dict[str, Any]
    ) -> Any:
        values = [v for v in node["enum"] if v is not None]
        unique: list[Any] = []
        seen: set[tuple[type, Any]] = set()
        for value in values:
            # Typed keys: 1, 1.0 and True are different members; lists and
            # objects (unhashable, rare) are compared one by one.
            try:
                key = (type(value), value)
                if key in seen:
                    continue
                seen.add(key)
            except TypeError:
                if any(type(value) is type(u) and value == u for u in unique):
                    continue
            unique.append(value)
        if all(isinstance(v, str) for v in unique):
            value_type: Literal["string", "integer"] = "string"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in unique):
            value_type = "integer"
        else:
            variants = tuple(ir.Const(ir.freeze(v)) for v in unique)

            def build_consts(rename: Any, name: str) -> ir.Model:
                return ir.UnionModel(name=name, variants=variants, **common)

            return build_consts

        def build(rename: Any, name: str) -> ir.Model:
            return ir.EnumModel(
                name=name,
                value_type=value_type,
                values=tuple(unique),
                **common,
            )

        return build

    def _multi_type_builder(
        self, location: Location, node: dict[str, Any], common: dict[str, Any]
    ) -> Any:
        variants = tuple(
            self._structural(location, {**node, "type": t})
            for t in _non_null_types(node)
        )

        def build(rename: Any, name: str) -> ir.Model:
            return ir.UnionModel(
                name=name,
                variants=tuple(rename(v) for v in variants),
                **common,
            )

        return build

    # -- structural types -----------------------------------------------------

    def _structural(self, location: Location, node: dict[str, Any]) -> ir.TypeRef:
        if "const" in node:
            return ir.Const(ir.freeze(node["const"]))
        types = _non_null_types(node)
        for t in types:
            if t not in _JSON_TYPES:
                raise self.docs.error(location.child("type"), f"unknown type {t!r}")
        kind = types[0] if types else _implied_type(node)
        if kind == "array":
            if "prefixItems" in node or isinstance(node.get("items"), list):
                return self._tuple(location, node)
            items = node.get("items")
            if items is None or items is True or items == {}:
                return ir.ListOf(ir.AnyType())
            return ir.ListOf(self._member_type(location.child("items"), items))
        if kind == "object":
            additional = node.get("additionalProperties")
            if isinstance(additional, dict) and additional:
                value_type, value_nullable = self.type_of(
                    location.child("additionalProperties"), additional
                )
                return ir.MapOf(ir.NullOr(value_type) if value_nullable else value_type)
            return ir.MapOf(ir.AnyType())
        if kind in ("string", "integer", "number", "boolean"):
            fmt = node.get("format")
            return ir.Primitive(kind, fmt if isinstance(fmt, str) else None)  # type: ignore[arg-type]
        if kind == "null":
            return ir.Primitive("null")
        return ir.AnyType()

    def _member_type(self, location: Location, node: Any) -> ir.TypeRef:
        """The type of an item or value schema, wrapped in NullOr when it admits null."""
        member_type, nullable = self.type_of(location, node)
        return ir.NullOr(member_type) if nullable else member_type

    def _tuple(self, location: Location, node: dict[str, Any]) -> ir.TypeRef:
        """``prefixItems`` (and the older ``items: [...]`` with ``additionalItems``):
        types by position, then ``items`` for the rest unless it is ``false`` or
        ``maxItems`` leaves no room."""
        if "prefixItems" in node:
            key, rest_key = "prefixItems", "items"
        else:
            key, rest_key = "items", "additionalItems"
        prefix = node[key]
        if not isinstance(prefix, list):
            raise self.docs.error(location.child(key), f"{key} must be a list")
        most, least = node.get("maxItems"), node.get("minItems")
        if isinstance(most, int) and not isinstance(most, bool) and most >= 0:
            prefix = prefix[:most]
        items = tuple(
            self._member_type(location.child(key, index), item)
            for index, item in enumerate(prefix)
        )
        rest = node.get(rest_key)
        rest_type: ir.TypeRef | None
        if rest is False or (isinstance(most, int) and most <= len(items)):
            rest_type = None
        elif rest is None or rest is True or rest == {}:
            rest_type = ir.AnyType()
        else:
            rest_type = self._member_type(location.child(rest_key), rest)
        required = (
            least if isinstance(least, int) and not isinstance(least, bool) else 0
        )
        return ir.TupleOf(items, rest_type, max(0, min(required, len(items))))

    # -- names and sources -------------------------------------------------

    def _source(self, location: Location) -> str:
        if location.file == self.docs.root_file:
            return location.pointer
        return f"{self.docs.display(location.file)}{location.pointer}"

    def _candidate_name(self, location: Location) -> tuple[str, bool]:
        """The name a location asks for, and whether it is an inline schema."""
        segments = location.segments()
        pointers = ["#"]
        for segment in segments:
            pointers.append(pointers[-1] + "/" + _esc(segment))
        file = str(location.file)
        for cut in range(len(segments), -1, -1):
            base = self._roots.get(file + pointers[cut])  # _location_key of the prefix
            if base is None and cut == 3 and segments[:2] == ["components", "schemas"]:
                base = identifiers.class_name(segments[2])
            if base is None and cut == 0 and location.file != self.docs.root_file:
                base = identifiers.class_name(location.file.stem)
            if base is not None:
                suffix = self._suffix(location.file, pointers, segments, cut)
                return base + suffix, cut < len(segments)
        meaningful = [
            s for s in segments if not s.isdigit() and s not in ("properties", "allOf")
        ]
        return identifiers.class_name(meaningful[-1] if meaningful else "Model"), True

    def _suffix(
        self, file: Path, pointers: list[str], segments: list[str], start: int
    ) -> str:
        """The name parts for ``segments[start:]``; ``pointers[i]`` is the pointer
        of ``segments[:i]``, where a union's member may have a title to name it."""
        parts = []
        index = start
        while index < len(segments):
            segment = segments[index]
            following = segments[index + 1] if index + 1 < len(segments) else None
            if segment == "properties" and following is not None:
                parts.append(identifiers.pascal_case(following) or "Field")
                index += 2
                continue
            if (
                segment in ("oneOf", "anyOf", "allOf", "prefixItems")
                and following is not None
            ):
                if segment == "prefixItems":
                    parts.append(
                        f"Item{int(following) + 1}" if following.isdigit() else "Item"
                    )
                elif segment != "allOf":
                    number = int(following) + 1 if following.isdigit() else following
                    member = Location(file, pointers[index + 2])
                    parts.append(_title_at(self.docs, member) or f"Option{number}")
                index += 2
                continue
            parts.append(
                {"items": "Item", "additionalProperties": "Value"}.get(segment)
                or identifiers.pascal_case(segment)
            )
            index += 1
        return "".join(parts)


def _esc(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _title_at(docs: Documents, location: Location) -> str:
    try:
        node = docs.node(location)
    except SpecError:
        return ""
    title = node.get("title") if isinstance(node, dict) else None
    return identifiers.pascal_case(title) if isinstance(title, str) else ""


def _ref_name(ref: ir.TypeRef) -> str:
    assert isinstance(ref, ir.Ref)
    return ref.name


def _is_bare_ref(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and "$ref" in node
        and not (set(node) - {"$ref", "description", "summary"})
    )


def _is_component(location: Location) -> bool:
    segments = location.segments()
    return len(segments) == 3 and segments[:2] == ["components", "schemas"]


def _non_null_types(node: Any) -> list[str]:
    if not isinstance(node, dict):
        return []
    types = node.get("type")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return []
    return [str(t) for t in types if t != "null"]


def _implied_type(node: dict[str, Any]) -> str | None:
    if "items" in node or "prefixItems" in node:
        return "array"
    if "additionalProperties" in node or "properties" in node:
        return "object"
    return None


def _is_null_schema(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    if node.get("type") == "null" or node.get("type") == ["null"]:
        return True
    return node.get("enum") == [None] or ("const" in node and node["const"] is None)


def _says_something(node: Any) -> bool:
    """False for members such as ``{required: [a]}`` that only constrain, never type."""
    if isinstance(node, bool):
        return node
    return isinstance(node, dict) and not _STRUCTURE_KEYS.isdisjoint(node)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _examples(node: Any) -> tuple[ir.JsonValue, ...]:
    if not isinstance(node, dict):
        return ()
    found = []
    if "example" in node:
        found.append(ir.freeze(node["example"]))
    examples = node.get("examples")
    if isinstance(examples, list):
        found.extend(ir.freeze(e) for e in examples)
    return tuple(found)


def _constraints(node: dict[str, Any]) -> ir.Constraints:
    if _ANY_CONSTRAINT.isdisjoint(node):
        return _NO_CONSTRAINTS  # most properties: immutable, so one instance serves
    values: dict[str, Any] = {}
    for key, attr in _CONSTRAINT_KEYS.items():
        value = node.get(key)
        if value is not None and not isinstance(value, (dict, list)):
            values[attr] = value
    for key, attr in (
        ("exclusiveMinimum", "exclusive_minimum"),
        ("exclusiveMaximum", "exclusive_maximum"),
    ):
        value = node.get(key)
        if isinstance(value, bool):  # 3.0 spelling: a flag on minimum / maximum
            bound = values.get(attr.split("_")[1])
            if value and bound is not None:
                values[attr] = values.pop(attr.split("_")[1])
        elif isinstance(value, (int, float)):
            values[attr] = value
    try:
        return ir.Constraints(**values)
    except TypeError:  # pragma: no cover - defensive: odd values are data, not errors
        return ir.Constraints()
