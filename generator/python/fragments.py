"""IR types and values to Python source fragments: the filters the templates use.

This is the one place that knows how an IR type is spelt in Python and how it is
decoded from and encoded to JSON.  Every fragment built from spec text goes through
:func:`py_literal` or :func:`docstring`, which can only ever produce a string
literal, so a description or default can never become code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Mapping
from typing import Any, Literal, NamedTuple

import msgspec

from generator import ir
from generator.python.name_plan import NamePlan
from generator.text import printable


class _Format(NamedTuple):
    annotation: str
    wire: str
    decoder: str
    encoder: str | None
    """None: the decoded value is JSON already."""


# (type, format) -> how the decoded value is typed, typed on the wire, decoded, encoded.
_FORMATS: dict[tuple[str, str | None], _Format] = {
    ("string", "date-time"): _Format(
        "datetime", "str", "_rt.decode_datetime", "_rt.encode_datetime"
    ),
    ("string", "date"): _Format("date", "str", "_rt.decode_date", "_rt.encode_date"),
    ("string", "uuid"): _Format("UUID", "str", "_rt.decode_uuid", "str"),
    ("string", "byte"): _Format(
        "bytes", "str", "_rt.decode_base64", "_rt.encode_base64"
    ),
    ("string", "binary"): _Format(
        "bytes", "str", "_rt.decode_base64", "_rt.encode_base64"
    ),
    ("string", "decimal"): _Format("Decimal", "str", "_rt.decode_decimal", "str"),
    ("number", "decimal"): _Format(
        "Decimal", "float", "_rt.decode_decimal", "_rt.encode_decimal_number"
    ),
}
_SCALARS: dict[str, _Format] = {
    "string": _Format("str", "str", "_rt.decode_str", None),
    "integer": _Format("int", "int", "_rt.decode_int", None),
    "number": _Format("float", "float", "_rt.decode_float", None),
    "boolean": _Format("bool", "bool", "_rt.decode_bool", None),
    "null": _Format("None", "None", "_rt.decode_null", None),
}


def _format(ref: ir.Primitive) -> _Format:
    return _FORMATS.get((ref.type, ref.format)) or _SCALARS[ref.type]


STDLIB_TYPES: dict[str, tuple[str, str]] = {
    "datetime": ("datetime", "datetime"),
    "date": ("datetime", "date"),
    "Decimal": ("decimal", "Decimal"),
    "UUID": ("uuid", "UUID"),
}
"""Standard-library types an annotation may name: name -> (module, attribute)."""


class Spelling(msgspec.Struct, frozen=True):
    """How one generated module writes the names it does not define itself.

    ``models.py`` and ``typeddicts.py`` name the models bare and import the standard
    library's types by name; ``client.py`` writes ``_models.Pet``, ``_td.PetDict`` and
    ``_dt.datetime``, so that no model can collide with a name of the client, and
    ``builtins.list`` where a method of the class being written is called ``list``.
    """

    models: str = ""
    """Prefix of the models and their helpers."""
    typed_dicts: str = ""
    """Prefix of the TypedDicts."""
    stdlib: tuple[tuple[str, str], ...] = tuple((n, n) for n in STDLIB_TYPES)
    """How each of :data:`STDLIB_TYPES` is written: (name, spelling) pairs."""
    shadowed: frozenset[str] = frozenset()
    """Builtins a member of the class being written shadows: written ``builtins.X``."""

    def name(self, name: str) -> Code:
        """A builtin, a standard-library type or a name the module imports."""
        for stdlib, spelt in self.stdlib:
            if stdlib == name:
                return Code(spelt, frozenset({spelt.split(".")[0]}))
        if name in self.shadowed:
            return Code(f"builtins.{name}", _BUILTINS_MODULE)
        return Code(name, frozenset({name}))

    def shadowing(self, names: frozenset[str]) -> Spelling:
        """This spelling inside a class whose members are ``names``."""
        return msgspec.structs.replace(self, shadowed=names)


_BUILTINS_MODULE = frozenset({"builtins"})

MODULE = Spelling()
"""``models.py`` and ``typeddicts.py``."""
CLIENT = Spelling(
    models="_models.",
    typed_dicts="_td.",
    stdlib=(
        ("datetime", "_dt.datetime"),
        ("date", "_dt.date"),
        ("Decimal", "_decimal.Decimal"),
        ("UUID", "_uuid.UUID"),
    ),
)
"""``client.py``: it imports ``datetime as _dt``, ``decimal as _decimal``, ``uuid as _uuid``."""


class Code(msgspec.Struct, frozen=True):
    """A fragment of Python and the names it reads from its module."""

    text: str
    names: frozenset[str]

    def __or__(self, other: Code) -> Code:
        return Code(f"{self.text} | {other.text}", self.names | other.names)


class Encoder(msgspec.Struct, frozen=True):
    """An expression for a callable that turns a decoded value into JSON."""

    text: str
    shape: Literal["method", "function", "composed"]
    """``method``: ``Model.to_dict``, called on the value; ``function``: a plain
    function such as ``str``; ``composed``: built by a call (``_rt.list_encoder(f)``)."""


class Default(msgspec.Struct, frozen=True):
    """A field's default: a literal, or a factory called for each instance."""

    value: str
    factory: bool = False

    @property
    def declaration(self) -> str:
        """The right-hand side of the dataclass field."""
        return f"field(default_factory={self.value})" if self.factory else self.value


class AliasValue(msgspec.Struct, frozen=True):
    text: str
    union: bool
    """Whether ``typing.Union`` is used (a union holding a quoted, forward name)."""


class PythonTypes:
    """Spells IR types of one ``Api`` in Python; needs the models to tell their kinds apart."""

    def __init__(self, api: ir.Api, names: NamePlan) -> None:
        self.models = {model.name: model for model in api.models}
        self.names = names
        self._extended = {
            m.parent for m in api.models if isinstance(m, ir.ObjectModel) and m.parent
        }
        self._decoders = {MODULE: _Decoder(self, MODULE)}
        self._encoders = {MODULE: _EncoderFold(self, MODULE)}
        self._annotations = {
            (MODULE, False): _Annotation(self, MODULE, wire=False),
            (MODULE, True): _Annotation(self, MODULE, wire=True),
        }

    def is_extended(self, name: str) -> bool:
        """Whether another model extends this one: a value may be of a subclass."""
        return name in self._extended

    # -- annotations -------------------------------------------------------

    def annotation(self, ref: ir.TypeRef, spelling: Spelling = MODULE) -> str:
        """The dataclass-side type: decoded values (``datetime``, enums, models)."""
        return self.annotation_code(ref, spelling).text

    def annotation_code(self, ref: ir.TypeRef, spelling: Spelling = MODULE) -> Code:
        return self._annotation(spelling, wire=False)(ref)

    def wire_annotation(self, ref: ir.TypeRef, spelling: Spelling = MODULE) -> Code:
        """The TypedDict-side type: JSON as it travels (strings for dates, literals for enums)."""
        return self._annotation(spelling, wire=True)(ref)

    def _annotation(self, spelling: Spelling, wire: bool) -> _Annotation:
        fold = self._annotations.get((spelling, wire))
        if fold is None:
            fold = self._annotations[spelling, wire] = _Annotation(self, spelling, wire)
        return fold

    def alias_value(
        self, model: ir.UnionModel | ir.AliasModel, forward: Container[str], wire: bool
    ) -> AliasValue:
        """The right-hand side of a type alias, evaluable at import time.

        Aliases are defined after every class, in dependency order; a name in ``forward``
        (a later alias, or this one: recursion) is quoted, and a union holding a quoted
        name is spelt ``Union[...]`` because ``"A" | None`` fails at runtime.
        """
        refs = model.variants if isinstance(model, ir.UnionModel) else (model.target,)
        fold = _RuntimeMembers(self, forward, wire)
        return _join_union([m for ref in refs for m in fold(ref)])

    def field_annotation(self, field: ir.Field) -> str:
        text = self.annotation(field.type)
        if field.subtype_types:  # a subclass's value may be of these types too
            # Null is the field's own affair (a subclass's may be null only where
            # this one's may), so each other type is spelt without it.
            others = (
                t.inner if isinstance(t, ir.NullOr) else t for t in field.subtype_types
            )
            members = [text, *map(self.annotation, others)]
            text = " | ".join(dict.fromkeys(members))
        if field.nullable and not _admits_none(field.type):
            text += " | None"
        if not field.required:
            text += " | Unset"
        return text

    def wire_field_annotation(self, field: ir.Field) -> Code:
        """The TypedDict entry's type; quoted when it names a model.

        TypedDicts are built at import time without ``from __future__ import
        annotations`` (which would hide ``NotRequired`` from them), so a name defined
        later in the module must be a string.
        """
        code = self.wire_annotation(field.type)
        if field.nullable and not _admits_none(field.type):
            code = code | _NONE
        if any(ir.refs(field.type)):
            code = Code(py_literal(code.text), code.names)
        if field.required:
            return code
        return Code(f"NotRequired[{code.text}]", code.names | _NOT_REQUIRED)

    # -- decoding and encoding ---------------------------------------------------

    def decoder(self, ref: ir.TypeRef, spelling: Spelling = MODULE) -> str:
        """An expression for a callable that turns a JSON value into the annotated type."""
        fold = self._decoders.get(spelling)
        if fold is None:
            fold = self._decoders[spelling] = _Decoder(self, spelling)
        return fold(ref)

    def encoder(self, ref: ir.TypeRef, spelling: Spelling = MODULE) -> Encoder | None:
        """A callable that turns a value back into JSON; None when it is JSON already."""
        fold = self._encoders.get(spelling)
        if fold is None:
            fold = self._encoders[spelling] = _EncoderFold(self, spelling)
        return fold(ref)

    def encode_expr(
        self, ref: ir.TypeRef, expression: str, nullable: bool = False
    ) -> str:
        """``expression`` encoded as JSON-ready data (a null stays null if *nullable*).

        A composed encoder is applied through ``_rt.encode(value, encoder)`` rather
        than called in place (``_rt.list_encoder(f)(value)``): a long line of the
        first shape splits like any call, the second only in a formatter's rarer ways.
        """
        encoder = self.encoder(ref)
        if encoder is None:
            return expression
        if encoder.shape == "method":
            call = f"{expression}.to_dict()"
            return f"None if {expression} is None else {call}" if nullable else call
        text = encoder.text
        if nullable:
            text = f"_rt.null_or({text})"
        if nullable or encoder.shape == "composed":
            return f"_rt.encode({expression}, {text})"
        return f"{text}({expression})"

    # -- defaults ---------------------------------------------------------------

    def default(self, field: ir.Field, spelling: Spelling = MODULE) -> Default | None:
        """The field's default, or None when it must be passed."""
        if not field.required:
            return Default("UNSET")
        if isinstance(field.type, ir.Const) and not field.has_default:
            value = field.type.value
            return Default(py_literal(value)) if _literal_ok(value) else None
        if not field.has_default:
            return None
        value = field.default
        if value is None:
            admits = field.nullable or _admits_none(field.type)
            return Default("None") if admits else None
        if not _Fits(self)(field.type)(value):
            return None
        text = self._default_literal(field.type, value, spelling)
        if isinstance(value, (tuple, Mapping)):
            if not value:  # the idiom
                return Default("list" if isinstance(value, tuple) else "dict", True)
            return Default(f"lambda: {text}", True)
        return Default(text)

    def _default_literal(self, ref: ir.TypeRef, value: Any, spelling: Spelling) -> str:
        if isinstance(ref, ir.Ref):
            model = self.models[ref.name]
            members = self.names.models[model.name].members
            if isinstance(model, ir.EnumModel) and value in members:
                cls = spelling.models + self.names.cls(model.name)
                return f"{cls}.{self.names.member(model.name, value)}"
        return py_literal(value)


_NONE = Code("None", frozenset())
_NOT_REQUIRED = frozenset({"NotRequired"})


class _Annotation(ir.TypeFold[Code]):
    """A type as an annotation, on the decoded side or the wire side."""

    __slots__ = ("_types", "_spelling", "_wire")

    def __init__(self, types: PythonTypes, spelling: Spelling, wire: bool) -> None:
        self._types = types
        self._spelling = spelling
        self._wire = wire

    def primitive(self, ref: ir.Primitive) -> Code:
        form = _format(ref)
        return self._spelling.name(form.wire if self._wire else form.annotation)

    def list_of(self, ref: ir.ListOf, item: Code) -> Code:
        outer = self._spelling.name("list")
        return Code(f"{outer.text}[{item.text}]", outer.names | item.names)

    def tuple_of(
        self, ref: ir.TupleOf, items: tuple[Code, ...], rest: Code | None
    ) -> Code:
        members = [*items] if rest is None else [*items, rest]
        names = frozenset().union(*(m.names for m in members))
        if self._wire:  # JSON carries a tuple as an array of any of its item types
            outer = self._spelling.name("list")
            if not members:
                return Code(f"{outer.text}[Any]", outer.names | {"Any"})
            inner = " | ".join(dict.fromkeys(m.text for m in members))
            return Code(f"{outer.text}[{inner}]", names | outer.names)
        outer = self._spelling.name("tuple")
        forms = _tuple_forms(
            outer.text,
            [i.text for i in items],
            None if rest is None else rest.text,
            ref.min_items,
        )
        return Code(" | ".join(forms), names | outer.names)

    def map_of(self, ref: ir.MapOf, value: Code) -> Code:
        outer, key = self._spelling.name("dict"), self._spelling.name("str")
        return Code(
            f"{outer.text}[{key.text}, {value.text}]",
            outer.names | key.names | value.names,
        )

    def null_or(self, ref: ir.NullOr, inner: Code) -> Code:
        return inner | _NONE

    def ref(self, ref: ir.Ref) -> Code:
        names, spelling = self._types.names, self._spelling
        if self._wire:
            name = spelling.typed_dicts + names.typed_dict(ref.name)
            return Code(name, frozenset({name.split(".")[0]}))
        name = spelling.models + names.cls(ref.name)
        code = Code(name, frozenset({name.split(".")[0]}))
        model = self._types.models[ref.name]
        if isinstance(model, ir.EnumModel):
            return code | spelling.name(_ENUM_BASES[model.value_type])
        return code

    def const(self, ref: ir.Const) -> Code:
        if _literal_ok(ref.value):
            return Code(f"Literal[{py_literal(ref.value)}]", _LITERAL)
        return self.any(ir.AnyType())

    def any(self, ref: ir.AnyType) -> Code:
        return self._spelling.name("Any")


_LITERAL = frozenset({"Literal"})
_ENUM_BASES = {"string": "str", "integer": "int"}


class _Member(msgspec.Struct, frozen=True):
    """One member of a union as an alias spells it at import time."""

    text: str
    quoted: bool = False
    union: bool = False


class _RuntimeMembers(ir.TypeFold[list[_Member]]):
    """A type as the members of a union evaluable at import time (forward names quoted)."""

    __slots__ = ("_types", "_forward", "_wire")

    def __init__(self, types: PythonTypes, forward: Container[str], wire: bool) -> None:
        self._types = types
        self._forward = forward
        self._wire = wire

    def _plain(self, ref: ir.TypeRef) -> list[_Member]:
        annotation = self._types._annotation(MODULE, self._wire)
        return [_Member(annotation(ref).text)]

    def primitive(self, ref: ir.Primitive) -> list[_Member]:
        return self._plain(ref)

    def list_of(self, ref: ir.ListOf, item: list[_Member]) -> list[_Member]:
        inner = _join_union(item)
        return [_Member(f"list[{inner.text}]", union=inner.union)]

    def tuple_of(
        self,
        ref: ir.TupleOf,
        items: tuple[list[_Member], ...],
        rest: list[_Member] | None,
    ) -> list[_Member]:
        members = [*items] if rest is None else [*items, rest]
        if self._wire:
            inner = _join_union([m for member in members for m in member])
            text = inner.text if members else "Any"
            return [_Member(f"list[{text}]", union=inner.union)]
        joined = [_join_union(item) for item in items]
        tail = None if rest is None else _join_union(rest)
        forms = _tuple_forms(
            "tuple",
            [j.text for j in joined],
            None if tail is None else tail.text,
            ref.min_items,
        )
        union = any(j.union for j in joined) or bool(tail and tail.union)
        return [_Member(form, union=union) for form in forms]

    def map_of(self, ref: ir.MapOf, value: list[_Member]) -> list[_Member]:
        inner = _join_union(value)
        return [_Member(f"dict[str, {inner.text}]", union=inner.union)]

    def null_or(self, ref: ir.NullOr, inner: list[_Member]) -> list[_Member]:
        return [*inner, _Member("None")]

    def ref(self, ref: ir.Ref) -> list[_Member]:
        names = self._types.names
        name = names.typed_dict(ref.name) if self._wire else names.cls(ref.name)
        if name in self._forward:
            return [_Member(py_literal(name), quoted=True)]
        model = self._types.models[ref.name]
        if isinstance(model, ir.EnumModel) and not self._wire:
            return [_Member(name), _Member(_ENUM_BASES[model.value_type])]
        return [_Member(name)]

    def const(self, ref: ir.Const) -> list[_Member]:
        return self._plain(ref)

    def any(self, ref: ir.AnyType) -> list[_Member]:
        return self._plain(ref)


def _join_union(members: list[_Member]) -> AliasValue:
    unique = list({m.text: m for m in members}.values())
    nested = any(m.union for m in unique)
    if len(unique) == 1:
        return AliasValue(unique[0].text, nested)
    texts = [m.text for m in unique]
    if any(m.quoted for m in unique):
        return AliasValue(f"Union[{', '.join(texts)}]", True)
    return AliasValue(" | ".join(texts), nested)


class _Decoder(ir.TypeFold[str]):
    """A type as an expression for the callable that decodes it from JSON."""

    __slots__ = ("_types", "_spelling")

    def __init__(self, types: PythonTypes, spelling: Spelling) -> None:
        self._types = types
        self._spelling = spelling

    def primitive(self, ref: ir.Primitive) -> str:
        return _format(ref).decoder

    def list_of(self, ref: ir.ListOf, item: str) -> str:
        return f"_rt.list_of({item})"

    def tuple_of(
        self, ref: ir.TupleOf, items: tuple[str, ...], rest: str | None
    ) -> str:
        display = _tuple_display(list(items))
        return f"_rt.tuple_of({display}, {rest or 'None'}, {ref.min_items})"

    def map_of(self, ref: ir.MapOf, value: str) -> str:
        return f"_rt.map_of({value})"

    def null_or(self, ref: ir.NullOr, inner: str) -> str:
        return f"_rt.null_or({inner})"

    def ref(self, ref: ir.Ref) -> str:
        names, prefix = self._types.names, self._spelling.models
        model = self._types.models[ref.name]
        if isinstance(model, ir.ObjectModel):
            return f"{prefix}{names.cls(model.name)}.from_dict"
        if isinstance(model, ir.EnumModel):
            helper = "str_enum" if model.value_type == "string" else "int_enum"
            return f"_rt.{helper}({prefix}{names.cls(model.name)})"
        return prefix + names.decode_helper(model.name)

    def const(self, ref: ir.Const) -> str:
        return f"_rt.const({py_literal(ref.value)})"

    def any(self, ref: ir.AnyType) -> str:
        return "_rt.decode_any"


class _EncoderFold(ir.TypeFold[Encoder | None]):
    """A type as the callable that encodes it as JSON, None when it is JSON already."""

    __slots__ = ("_types", "_spelling", "_visiting")

    def __init__(self, types: PythonTypes, spelling: Spelling) -> None:
        self._types = types
        self._spelling = spelling
        self._visiting: set[str] = set()

    def primitive(self, ref: ir.Primitive) -> Encoder | None:
        encoder = _format(ref).encoder
        return None if encoder is None else Encoder(encoder, "function")

    def _composed(self, helper: str, inner: Encoder | None) -> Encoder | None:
        return (
            None
            if inner is None
            else Encoder(f"_rt.{helper}({inner.text})", "composed")
        )

    def list_of(self, ref: ir.ListOf, item: Encoder | None) -> Encoder | None:
        return self._composed("list_encoder", item)

    def tuple_of(
        self,
        ref: ir.TupleOf,
        items: tuple[Encoder | None, ...],
        rest: Encoder | None,
    ) -> Encoder | None:
        # Always encoded: a tuple becomes a list, as the JSON it came from.
        display = _tuple_display(["None" if i is None else i.text for i in items])
        tail = "None" if rest is None else rest.text
        return Encoder(f"_rt.tuple_encoder({display}, {tail})", "composed")

    def map_of(self, ref: ir.MapOf, value: Encoder | None) -> Encoder | None:
        return self._composed("map_encoder", value)

    def null_or(self, ref: ir.NullOr, inner: Encoder | None) -> Encoder | None:
        return self._composed("null_or", inner)

    def ref(self, ref: ir.Ref) -> Encoder | None:
        names, prefix = self._types.names, self._spelling.models
        model = self._types.models[ref.name]
        if isinstance(model, ir.ObjectModel):
            if self._types.is_extended(model.name):
                # ``Pet.to_dict`` passed as a function is Pet's, even for a Dog.
                return Encoder("_rt.encode_object", "method")
            return Encoder(f"{prefix}{names.cls(model.name)}.to_dict", "method")
        if isinstance(model, ir.EnumModel):
            return Encoder("_rt.encode_enum", "function")
        if isinstance(model, ir.AliasModel) and model.name not in self._visiting:
            # An alias cycle (``A = list[B]``, ``B = list[A]``) reaches itself:
            # inside the cycle, assume an encoder is needed, which every
            # member then gets, whichever one is asked first.
            self._visiting.add(model.name)
            try:
                if self(model.target) is None:
                    return None
            finally:
                self._visiting.discard(model.name)
        return Encoder(prefix + names.encode_helper(model.name), "function")

    def const(self, ref: ir.Const) -> Encoder | None:
        return None

    def any(self, ref: ir.AnyType) -> Encoder | None:
        return Encoder("_rt.encode_any", "function")


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


class _Fits(ir.TypeFold[Callable[[Any], bool]]):
    """A type as a test: can this JSON default stand for the decoded value as it is?"""

    __slots__ = ("_types",)

    def __init__(self, types: PythonTypes) -> None:
        self._types = types

    def primitive(self, ref: ir.Primitive) -> Callable[[Any], bool]:
        if (ref.type, ref.format) in _FORMATS:
            return _never
        expected = _JSON_TYPES[ref.type]
        boolean = ref.type == "boolean"
        return lambda v: isinstance(v, expected) and boolean == isinstance(v, bool)

    def list_of(
        self, ref: ir.ListOf, item: Callable[[Any], bool]
    ) -> Callable[[Any], bool]:
        return lambda v: isinstance(v, tuple) and all(map(item, v))

    def tuple_of(
        self,
        ref: ir.TupleOf,
        items: tuple[Callable[[Any], bool], ...],
        rest: Callable[[Any], bool] | None,
    ) -> Callable[[Any], bool]:
        return _never  # a tuple is decoded from a list: no JSON value stands for it

    def map_of(
        self, ref: ir.MapOf, value: Callable[[Any], bool]
    ) -> Callable[[Any], bool]:
        return lambda v: isinstance(v, Mapping) and all(map(value, v.values()))

    def null_or(
        self, ref: ir.NullOr, inner: Callable[[Any], bool]
    ) -> Callable[[Any], bool]:
        return lambda v: v is None or inner(v)

    def ref(self, ref: ir.Ref) -> Callable[[Any], bool]:
        model = self._types.models[ref.name]
        if isinstance(model, ir.EnumModel):
            kind = str if model.value_type == "string" else int
            return lambda v: isinstance(v, kind) and not isinstance(v, bool)
        if isinstance(model, ir.AliasModel):
            return lambda v: self(model.target)(v)
        return _never

    def const(self, ref: ir.Const) -> Callable[[Any], bool]:
        return lambda v: bool(v == ref.value)

    def any(self, ref: ir.AnyType) -> Callable[[Any], bool]:
        return _literal_ok


def _never(value: Any) -> bool:
    return False


def _tuple_forms(
    outer: str, items: list[str], rest: str | None, min_items: int
) -> list[str]:
    """The tuple types a ``TupleOf`` value may have: every item (then the rest, if
    there may be more), then each shorter prefix down to ``min_items`` items."""
    if rest is None:
        forms = [_tuple_type(outer, items)]
    elif items:
        forms = [_tuple_type(outer, [*items, f"*{outer}[{rest}, ...]"])]
    else:
        forms = [f"{outer}[{rest}, ...]"]
    for length in range(len(items) - 1, min_items - 1, -1):
        forms.append(_tuple_type(outer, items[:length]))
    return forms


def _tuple_type(outer: str, items: list[str]) -> str:
    return f"{outer}[{', '.join(items) or '()'}]"


def _tuple_display(parts: list[str]) -> str:
    if len(parts) == 1:
        return f"({parts[0]},)"
    return f"({', '.join(parts)})"


def _admits_none(ref: ir.TypeRef) -> bool:
    return isinstance(ref, (ir.NullOr, ir.AnyType)) or (
        isinstance(ref, ir.Primitive) and ref.type == "null"
    )


def _literal_ok(value: Any) -> bool:
    """Values that ``typing.Literal`` accepts."""
    return value is None or isinstance(value, (str, int, bool))


def py_literal(value: Any) -> str:
    """Python source for a JSON value; strings are always escaped literals."""
    if isinstance(value, str):
        return _string_literal(value)
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if isinstance(value, Mapping):
        items = ", ".join(
            f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items()
        )
        return "{" + items + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _string_literal(text: str) -> str:
    """An escaped literal in double quotes, as ruff and black write it, unless the
    text holds one (then ``repr``'s choice is theirs too): the formatter then has
    nothing to change in the line."""
    literal = repr(text)
    if literal[0] == "'" and '"' not in text:
        return '"' + literal[1:-1] + '"'
    return literal


def docstring(text: str | None) -> str:
    """A triple-quoted literal holding ``text``, whatever characters it contains."""
    if not text:
        return '""""""'
    lines = [line.rstrip() for line in text.strip().replace("\r\n", "\n").split("\n")]
    escaped = "\n".join(map(_escape_line, lines)).replace('"""', '\\"\\"\\"')
    # A closing quote right before the terminator would end the string early, unless
    # it is already escaped (an odd run of backslashes before it, as in ``\\"``).
    trailing_backslashes = len(escaped[:-1]) - len(escaped[:-1].rstrip("\\"))
    if escaped.endswith('"') and trailing_backslashes % 2 == 0:
        escaped = escaped[:-1] + '\\"'
    return f'"""{escaped}"""'


def _escape_line(line: str) -> str:
    """The line as :func:`generator.text.printable` shows it (tabs, escape sequences
    and lone surrogates spelt as escapes), as a literal's body: backslashes doubled.

    A docstring holds the escapes as text, as a message would: ``help()`` then never
    writes a terminal escape sequence, and no class docstring holds a lone surrogate
    (CPython fails to create such a class: UnicodeEncodeError).
    """
    return printable(line).replace("\\", "\\\\")


def comment_text(text: str) -> str:
    """Text safe to put after ``#``: one line, printable."""
    return printable(text)
