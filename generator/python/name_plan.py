"""Every Python name of a generated package, chosen once: the name plan.

The IR names things as the API does (wire names, operation ids, spec-derived model
keys) and carries the SDK's requests beside them (``Api.hints``); this module decides
what each thing is called in Python: model classes and their TypedDicts, the
module-level helpers that decode and encode aliases, field attributes, enum members,
operation groups (client attributes and classes), methods and their arguments, the
client constructor's security-scheme arguments and the error classes.  Both front
ends' IR goes through the same rules, and the templates only lay out what the plan
holds.

A name must not take one the package around it defines or reads.  Those are not
listed here: :mod:`generator.python.reserved` finds them by generating a probe package and
reading it with ``ast`` (at development time: the answer is committed), so a helper,
an import or a constructor argument added to a template is reserved by being there.
Collisions are settled by :func:`generator.ir.identifiers.assign_unique`, in an order given
by the spec's strings.
"""

from __future__ import annotations

import builtins
import functools
import keyword
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import msgspec

from generator import ir
from generator.ir import identifiers
from generator.ir.callshape import BODY_SLOTS, CallShapes

KEYWORDS = frozenset(keyword.kwlist)
BUILTINS = frozenset(dir(builtins))

# Names earlier versions reserved by hand although the package does not need them
# all; kept, so that regenerating with this version renames nothing users import.
_EARLIER_MODELS = frozenset(
    {
        "Any", "Callable", "ClassVar", "Decimal", "Enum", "Final", "IntEnum",
        "Literal", "Mapping", "NotRequired", "Required", "Self", "StrEnum",
        "TypeAlias", "TypedDict", "UUID", "UNSET", "Unset", "DecodeError",
        "Client", "AsyncClient", "APIError", "Response", "Stream", "AsyncStream",
        "RetryConfig", "ServerSentEvent", "SDKError", "ClientError", "ServerError",
        "APIConnectionError", "APITimeoutError", "StreamError", "StreamLimits",
    }
)  # fmt: skip
_EARLIER_ATTRIBUTES = frozenset(
    {
        "str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple",
        "object", "datetime", "date", "field", "dataclass", "classmethod",
        "from_dict", "to_dict", "self", "cls",
    }
)  # fmt: skip
_EARLIER_METHODS = frozenset({"with_options", "date", "datetime"})


class Reserved(msgspec.Struct, frozen=True):
    """What each kind of name must not be, because the package around it uses it."""

    models: frozenset[str] = frozenset()
    """Module-level names of ``models.py`` and ``typeddicts.py``, and the names the
    package's ``__init__`` exports beside the models."""
    fields: frozenset[str] = frozenset()
    """What a dataclass body defines or reads (``from_dict``, ``field``, ``str``...)."""
    members: frozenset[str] = frozenset()
    """What an enum body defines or reads."""
    groups: frozenset[str] = frozenset()
    """The clients' own members (``close``, ``with_options``, ``_t``...)."""
    group_classes: frozenset[str] = frozenset()
    """Module-level names of ``client.py``."""
    methods: frozenset[str] = frozenset()
    """What a group class defines, and the non-builtin names its body reads
    (builtins a method shadows are written ``builtins.X`` instead)."""
    arguments: frozenset[str] = frozenset()
    """What a generated method's body reads or assigns (``self``, ``_query``...)."""
    schemes: frozenset[str] = frozenset()
    """The client constructor's own arguments and what its body reads or assigns."""
    errors: frozenset[str] = frozenset()
    """Module-level names of ``errors.py``."""


class ModelNames(msgspec.Struct, frozen=True):
    cls: str
    """The dataclass, enum or type alias in ``models.py``."""
    typed_dict: str
    """Its wire-shaped twin in ``typeddicts.py``."""
    decoder: str
    """The module-level function that decodes an alias or a union."""
    encoder: str
    """The module-level function that encodes an alias or a union."""
    subtypes: str
    """The module-level table of the classes a discriminator of this model names."""
    fields: Mapping[str, str]
    """Wire name -> attribute (object models)."""
    extras: str
    """The attribute that keeps keys beyond the fields (object models)."""
    members: Mapping[str | int, str]
    """Value -> member (enums)."""


class GroupNames(msgspec.Struct, frozen=True):
    attribute: str
    """The client's attribute: ``client.chat``."""
    cls: str
    async_cls: str

    @property
    def raw_cls(self) -> str:
        """The class of ``client.with_raw_response.chat``: the group class's name and
        ``Raw``, which no group class (ending in ``Operations`` or a number) can be."""
        return self.cls + "Raw"

    @property
    def async_raw_cls(self) -> str:
        return self.async_cls + "Raw"


class OperationNames(msgspec.Struct, frozen=True):
    group: str
    """The attribute of the operation's group."""
    method: str
    arguments: tuple[str, ...]
    """One per argument of the operation's call shape (:mod:`generator.ir.callshape`),
    in its order."""


class NamePlan(msgspec.Struct, frozen=True):
    """The final Python names of one ``Api``'s package."""

    models: Mapping[str, ModelNames]
    """By model name (``ModelBase.name``)."""
    groups: Mapping[str, GroupNames]
    """By group attribute."""
    operations: Mapping[str, OperationNames]
    """By operation id."""
    webhooks: Mapping[str, OperationNames]
    """By webhook id: named by the same rules, apart (the client has no method for
    a webhook; the IR JSON shows the names a method would have)."""
    schemes: Mapping[str, str]
    """Security scheme key -> the client constructor's argument."""
    errors: Mapping[int, str]
    """HTTP status -> its error class, for every error status an operation declares."""

    # The questions generator.python.fragments asks while it spells types.

    def cls(self, model: str) -> str:
        return self.models[model].cls

    def typed_dict(self, model: str) -> str:
        return self.models[model].typed_dict

    def member(self, model: str, value: str | int) -> str:
        return self.models[model].members[value]

    def decode_helper(self, model: str) -> str:
        return self.models[model].decoder

    def encode_helper(self, model: str) -> str:
        return self.models[model].encoder

    @staticmethod
    def in_order(
        operations: Iterable[ir.Operation], names: Mapping[str, OperationNames]
    ) -> list[ir.Operation]:
        """The operations by group attribute, then method name: the client's order."""
        return sorted(
            operations, key=lambda op: (names[op.id].group, names[op.id].method)
        )


def plan_names(api: ir.Api, reserved: Reserved | None = None) -> NamePlan:
    """Every Python name of ``api``'s package (``reserved``: derived from the templates)."""
    if reserved is None:
        reserved = committed_reserved()
    return _Planner(api, reserved).plan()


@functools.cache
def committed_reserved() -> Reserved:
    """The reserved names :mod:`generator.python.reserved` found in the probe package, as
    ``python -m generator.render.prebuilt`` committed them."""
    from generator.python._reserved_names import RESERVED

    return Reserved(**{kind: frozenset(names) for kind, names in RESERVED.items()})


def _frozen(mapping: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(mapping)


class _Planner:
    def __init__(self, api: ir.Api, reserved: Reserved) -> None:
        self.api = api
        self.shapes = CallShapes(api.models)
        self.reserved = reserved
        self._attribute_taken = reserved.fields | KEYWORDS | _EARLIER_ATTRIBUTES
        self._argument_taken = reserved.arguments | KEYWORDS
        self._attributes: dict[str, str] = {}

    def plan(self) -> NamePlan:
        models = self._models()
        groups, operations = self._operations(self.api.operations, models)
        _, webhooks = self._operations(self.api.webhooks, models)
        return NamePlan(
            models=MappingProxyType(models),
            groups=MappingProxyType(groups),
            operations=MappingProxyType(operations),
            webhooks=MappingProxyType(webhooks),
            schemes=self._schemes(),
            errors=self._errors(),
        )

    def _attribute(self, text: str) -> str:
        """A snake_case attribute or argument that shadows nothing a class body reads."""
        name = self._attributes.get(text)
        if name is None:
            name = identifiers.snake_identifier(text, "field")
            if name in self._attribute_taken:
                name += "_"
            self._attributes[text] = name
        return name

    # -- models ---------------------------------------------------------------

    def _models(self) -> dict[str, ModelNames]:
        taken = self.reserved.models | KEYWORDS | BUILTINS | _EARLIER_MODELS
        candidates = {}
        for model in self.api.models:
            base = identifiers.class_name(model.name)
            if base in taken or base + "Dict" in taken:
                base += "Model"
            candidates[model.name] = base
        classes = identifiers.assign_unique(
            candidates,
            sort_key=str,
            taken=taken,
            twins=lambda name: (name + "Dict",),
        )
        # A class that extends another inherits its attributes: parents first.
        fields: dict[str, tuple[Mapping[str, str], str]] = {}
        objects = {m.name: m for m in self.api.models if isinstance(m, ir.ObjectModel)}

        def attributes(model: ir.ObjectModel) -> tuple[Mapping[str, str], str]:
            if model.name not in fields:
                parent = None if model.parent is None else objects.get(model.parent)
                inherited = None if parent is None else attributes(parent)
                fields[model.name] = self._fields(model, inherited)
            return fields[model.name]

        found = {}
        for model in self.api.models:
            cls = classes[model.name]
            own: tuple[Mapping[str, str], str] = (_NONE, "")
            members: Mapping[str | int, str] = MappingProxyType({})
            if isinstance(model, ir.ObjectModel):
                own = attributes(model)
            elif isinstance(model, ir.EnumModel):
                members = self._members(model)
            found[model.name] = ModelNames(
                cls=cls,
                typed_dict=cls + "Dict",
                decoder=f"_decode_{cls}",
                encoder=f"_encode_{cls}",
                subtypes=f"_subtypes_{cls}",
                fields=own[0],
                extras=own[1],
                members=members,
            )
        return found

    def _fields(
        self,
        model: ir.ObjectModel,
        inherited: tuple[Mapping[str, str], str] | None,
    ) -> tuple[Mapping[str, str], str]:
        """Attributes by wire name, and the extra keys' attribute; a subclass keeps
        its parent's and names only the fields it adds, around them."""
        parent, parent_extras = inherited or (_NONE, "")
        kept = {f.name: parent[f.name] for f in model.fields if f.name in parent}
        wires = [f.name for f in model.fields if f.name not in parent]
        taken = self._attribute_taken
        if inherited is not None:
            taken = taken | set(kept.values()) | {parent_extras}
        names = identifiers.assign_unique(
            {wire: self._attribute(wire) for wire in wires},
            sort_key=lambda w: f"{int(identifiers.snake_case(w) != w)}{w}",
            taken=taken,
        )
        every = {
            wire: kept.get(wire) or names[wire]
            for wire in (f.name for f in model.fields)
        }
        extras = (
            parent_extras
            or identifiers.assign_unique(
                {"": "additional_properties"},
                sort_key=str,
                taken=set(every.values()),
                suffix="_",
            )[""]
        )
        return _frozen(every), extras

    def _members(self, model: ir.EnumModel) -> Mapping[str | int, str]:
        names = identifiers.assign_unique(
            {repr(v): identifiers.enum_member_name(v) for v in model.values},
            sort_key=str,
            taken=self.reserved.members | KEYWORDS,
            suffix="_",
        )
        return MappingProxyType({v: names[repr(v)] for v in model.values})

    # -- operations -------------------------------------------------------------

    def _operations(
        self, every: Iterable[ir.Operation], models: Mapping[str, ModelNames]
    ) -> tuple[dict[str, GroupNames], dict[str, OperationNames]]:
        hints = self.api.hints
        group_taken = self.reserved.groups | KEYWORDS
        by_group: dict[str, list[ir.Operation]] = {}
        for op in every:
            attribute = identifiers.snake_identifier(
                hints.groups.get(op.id) or ir.DEFAULT_GROUP, ir.DEFAULT_GROUP
            )
            if attribute in group_taken:
                attribute += "_"
            by_group.setdefault(attribute, []).append(op)
        classes = identifiers.assign_unique(
            {g: identifiers.class_name(g) + "Operations" for g in by_group},
            sort_key=str,
            taken=self.reserved.group_classes,
            twins=lambda name: ("Async" + name,),
        )
        groups = {
            g: GroupNames(g, classes[g], "Async" + classes[g]) for g in sorted(by_group)
        }
        method_taken = self.reserved.methods | KEYWORDS | _EARLIER_METHODS
        by_id = {op.id: op for ops in by_group.values() for op in ops}

        def place(op_id: str) -> str:
            """Where the operation is: its path, HTTP method and id."""
            op = by_id[op_id]
            return f"{op.path} {op.http_method} {op_id}"

        operations = {}
        for attribute, ops in by_group.items():
            candidates = {}
            for op in ops:
                method = identifiers.snake_identifier(
                    hints.methods.get(op.id) or op.id, "call"
                )
                candidates[op.id] = method + "_" if method in method_taken else method
            methods = identifiers.assign_unique(
                candidates,
                sort_key=place,
                taken=method_taken,
                suffix="_",
            )
            for op in ops:
                operations[op.id] = OperationNames(
                    attribute, methods[op.id], self._arguments(op, models)
                )
        return groups, operations

    def _arguments(
        self, op: ir.Operation, models: Mapping[str, ModelNames]
    ) -> tuple[str, ...]:
        """Parameters keep their names; a body field that collides with one gets a suffix."""
        shape = self.shapes.of(op)
        slots = shape.slots

        def order(index: int) -> str:
            """Parameters before the body's arguments, then by kind and wire name."""
            slot = slots[index]
            return f"{int(slot.kind in BODY_SLOTS)}{slot.kind}{slot.wire}"

        preferred = {}
        for index, slot in enumerate(slots):
            if slot.parameter is not None:
                preferred[index] = self._attribute(slot.parameter.name)
            elif shape.model is not None and slot.kind != "body":
                preferred[index] = models[shape.model.name].fields[slot.wire]
            else:
                preferred[index] = "body"
        chosen = identifiers.assign_unique(
            preferred,
            sort_key=order,
            taken=self._argument_taken,
            suffix="_",
        )
        return tuple(chosen[index] for index in range(len(slots)))

    # -- the client -------------------------------------------------------------

    def _schemes(self) -> Mapping[str, str]:
        schemes = [s.name for s in self.api.security_schemes]
        return _frozen(
            identifiers.assign_unique(
                {key: self._attribute(key) for key in schemes},
                sort_key=str,
                taken=self.reserved.schemes | KEYWORDS,
                suffix="_",
            )
        )

    def _errors(self) -> Mapping[int, str]:
        statuses = sorted(
            {
                int(r.status)
                for op in self.api.operations
                for r in op.responses
                if r.status.isdigit() and int(r.status) >= 400
            }
        )
        # A builtin is never shadowed: 501's class is HTTPNotImplementedError, not
        # NotImplementedError (which the package's own code, and its users', raise).
        taken = set(self.reserved.errors) | BUILTINS
        found = {}
        for status in statuses:
            try:
                from http import HTTPStatus  # an enum of 60 members: only when needed

                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = f"Status {status}"
            name = identifiers.class_name(phrase)
            name = name if name.endswith("Error") else name + "Error"
            if name in BUILTINS:
                name = "HTTP" + name
            if name in taken:
                name = f"Status{status}Error"
            taken.add(name)
            found[status] = name
        return MappingProxyType(found)


_NONE: Mapping[str, str] = MappingProxyType({})
