"""IR types and values to Python source fragments: the filters the templates use.

This is the one place that knows how an IR type is spelt in Python and how it is
decoded from and encoded to JSON.  Every fragment built from spec text goes through
:func:`py_literal` or :func:`docstring`, which can only ever produce a string
literal, so a description or default can never become code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Mapping
from typing import Any

from generator import ir

# (type, format) -> (annotation, wire annotation, decoder, encoder); None = as is.
_FORMATS: dict[tuple[str, str | None], tuple[str, str, str, str | None]] = {
    ("string", "date-time"): (
        "datetime",
        "str",
        "_rt.decode_datetime",
        "_rt.encode_datetime",
    ),
    ("string", "date"): ("date", "str", "_rt.decode_date", "_rt.encode_date"),
    ("string", "uuid"): ("UUID", "str", "_rt.decode_uuid", "str"),
    ("string", "byte"): ("bytes", "str", "_rt.decode_base64", "_rt.encode_base64"),
    ("string", "binary"): ("bytes", "str", "_rt.decode_base64", "_rt.encode_base64"),
    ("string", "decimal"): ("Decimal", "str", "_rt.decode_decimal", "str"),
    ("number", "decimal"): (
        "Decimal",
        "float",
        "_rt.decode_decimal",
        "_rt.encode_decimal_number",
    ),
}
_SCALARS: dict[str, tuple[str, str]] = {
    "string": ("str", "_rt.decode_str"),
    "integer": ("int", "_rt.decode_int"),
    "number": ("float", "_rt.decode_float"),
    "boolean": ("bool", "_rt.decode_bool"),
    "null": ("None", "_rt.decode_null"),
}


_ENCODE_OBJECT = "_rt.encode_object"
"""The encoder of a model that others extend: its value's own ``to_dict``."""


class PythonTypes:
    """Spells IR types of one ``Api`` in Python; needs the models to tell their kinds apart."""

    def __init__(self, api: ir.Api) -> None:
        self._models = {model.name: model for model in api.models}
        self._visiting: set[str] = set()
        self._extended = {
            m.parent for m in api.models if isinstance(m, ir.ObjectModel) and m.parent
        }

    def is_extended(self, name: str) -> bool:
        """Whether another model extends this one: a value may be of a subclass."""
        return name in self._extended

    # -- annotations -------------------------------------------------------

    def annotation(self, ref: ir.TypeRef) -> str:
        """The dataclass-side type: decoded values (``datetime``, enums, models)."""
        return self._spell(ref, wire=False)

    def wire_annotation(self, ref: ir.TypeRef) -> str:
        """The TypedDict-side type: JSON as it travels (strings for dates, literals for enums)."""
        return self._spell(ref, wire=True)

    def _spell(self, ref: ir.TypeRef, wire: bool) -> str:
        if isinstance(ref, ir.Primitive):
            special = _FORMATS.get((ref.type, ref.format))
            if special:
                return special[1] if wire else special[0]
            return _SCALARS[ref.type][0]
        if isinstance(ref, ir.ListOf):
            return f"list[{self._spell(ref.item, wire)}]"
        if isinstance(ref, ir.TupleOf):
            if wire:
                return _wire_tuple(
                    [self._spell(t, wire) for t in ir.tuple_members(ref)]
                )
            return " | ".join(_tuple_forms(ref, lambda t: self._spell(t, wire)))
        if isinstance(ref, ir.MapOf):
            return f"dict[str, {self._spell(ref.value, wire)}]"
        if isinstance(ref, ir.NullOr):
            return f"{self._spell(ref.inner, wire)} | None"
        if isinstance(ref, ir.Const):
            return (
                f"Literal[{py_literal(ref.value)}]" if _literal_ok(ref.value) else "Any"
            )
        if isinstance(ref, ir.Ref):
            model = self._models[ref.name]
            if wire:
                return model.typed_dict_name
            if isinstance(model, ir.EnumModel):
                return (
                    f"{model.name} | {'str' if model.value_type == 'string' else 'int'}"
                )
            return model.name
        return "Any"

    def alias_value(
        self, model: ir.UnionModel | ir.AliasModel, forward: Container[str], wire: bool
    ) -> str:
        """The right-hand side of a type alias, evaluable at import time.

        Aliases are defined after every class, in dependency order; a name in ``forward``
        (a later alias, or this one: recursion) is quoted, and a union holding a quoted
        name is spelt ``Union[...]`` because ``"A" | None`` fails at runtime.
        """
        refs = model.variants if isinstance(model, ir.UnionModel) else (model.target,)
        members = [m for ref in refs for m in self._runtime_members(ref, forward, wire)]
        return _join_union(members)

    def _runtime_members(
        self, ref: ir.TypeRef, forward: Container[str], wire: bool
    ) -> list[str]:
        if isinstance(ref, ir.Ref):
            model = self._models[ref.name]
            name = model.typed_dict_name if wire else model.name
            if name in forward:
                return [py_literal(name)]
            if isinstance(model, ir.EnumModel) and not wire:
                return [name, "str" if model.value_type == "string" else "int"]
            return [name]
        if isinstance(ref, ir.ListOf):
            return [
                f"list[{_join_union(self._runtime_members(ref.item, forward, wire))}]"
            ]
        if isinstance(ref, ir.MapOf):
            return [
                f"dict[str, {_join_union(self._runtime_members(ref.value, forward, wire))}]"
            ]
        if isinstance(ref, ir.TupleOf):
            if wire:
                members = ir.tuple_members(ref)
                return [
                    _wire_tuple(
                        [
                            m
                            for t in members
                            for m in self._runtime_members(t, forward, wire)
                        ]
                    )
                ]
            return _tuple_forms(
                ref, lambda t: _join_union(self._runtime_members(t, forward, wire))
            )
        if isinstance(ref, ir.NullOr):
            return [*self._runtime_members(ref.inner, forward, wire), "None"]
        return [self.wire_annotation(ref) if wire else self.annotation(ref)]

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

    def wire_field_annotation(self, field: ir.Field) -> str:
        """The TypedDict entry's type; quoted when it names a model.

        TypedDicts are built at import time without ``from __future__ import
        annotations`` (which would hide ``NotRequired`` from them), so a name defined
        later in the module must be a string.
        """
        text = self.wire_annotation(field.type)
        if field.nullable and not _admits_none(field.type):
            text += " | None"
        if _names_a_model(field.type):
            text = py_literal(text)
        return text if field.required else f"NotRequired[{text}]"

    # -- decoding and encoding ---------------------------------------------------

    def decoder(self, ref: ir.TypeRef) -> str:
        """An expression for a callable that turns a JSON value into the annotated type."""
        if isinstance(ref, ir.Primitive):
            special = _FORMATS.get((ref.type, ref.format))
            return special[2] if special else _SCALARS[ref.type][1]
        if isinstance(ref, ir.ListOf):
            return f"_rt.list_of({self.decoder(ref.item)})"
        if isinstance(ref, ir.TupleOf):
            rest = "None" if ref.rest is None else self.decoder(ref.rest)
            items = _tuple_display([self.decoder(t) for t in ref.items])
            return f"_rt.tuple_of({items}, {rest}, {ref.min_items})"
        if isinstance(ref, ir.MapOf):
            return f"_rt.map_of({self.decoder(ref.value)})"
        if isinstance(ref, ir.NullOr):
            return f"_rt.null_or({self.decoder(ref.inner)})"
        if isinstance(ref, ir.Const):
            return f"_rt.const({py_literal(ref.value)})"
        if isinstance(ref, ir.Ref):
            model = self._models[ref.name]
            if isinstance(model, ir.ObjectModel):
                return f"{model.name}.from_dict"
            if isinstance(model, ir.EnumModel):
                helper = "str_enum" if model.value_type == "string" else "int_enum"
                return f"_rt.{helper}({model.name})"
            return f"_decode_{model.name}"
        return "_rt.decode_any"

    def encoder(self, ref: ir.TypeRef) -> str | None:
        """An expression for a callable that turns a value back into JSON; None when it is JSON already."""
        if isinstance(ref, ir.Primitive):
            special = _FORMATS.get((ref.type, ref.format))
            return special[3] if special else None
        if isinstance(ref, ir.TupleOf):
            # Always encoded: a tuple becomes a list, as the JSON it came from.
            items = _tuple_display([self.encoder(t) or "None" for t in ref.items])
            rest = None if ref.rest is None else self.encoder(ref.rest)
            return f"_rt.tuple_encoder({items}, {rest or 'None'})"
        if isinstance(ref, (ir.ListOf, ir.MapOf, ir.NullOr)):
            inner = self.encoder(_inner(ref))
            if inner is None:
                return None
            helper = {
                ir.ListOf: "list_encoder",
                ir.MapOf: "map_encoder",
                ir.NullOr: "null_or",
            }[type(ref)]
            return f"_rt.{helper}({inner})"
        if isinstance(ref, ir.Ref):
            model = self._models[ref.name]
            if isinstance(model, ir.ObjectModel):
                # ``Pet.to_dict`` passed as a function is Pet's, even for a Dog.
                if model.name in self._extended:
                    return _ENCODE_OBJECT
                return f"{model.name}.to_dict"
            if isinstance(model, ir.EnumModel):
                return "_rt.encode_enum"
            if isinstance(model, ir.AliasModel) and model.name not in self._visiting:
                # An alias cycle (``A = list[B]``, ``B = list[A]``) reaches itself:
                # inside the cycle, assume an encoder is needed, which every
                # member then gets, whichever one is asked first.
                self._visiting.add(model.name)
                try:
                    if self.encoder(model.target) is None:
                        return None
                finally:
                    self._visiting.discard(model.name)
            return f"_encode_{model.name}"
        if isinstance(ref, ir.AnyType):
            return "_rt.encode_any"
        return None

    def encode_expr(
        self, ref: ir.TypeRef, expression: str, nullable: bool = False
    ) -> str:
        """``expression`` encoded as JSON-ready data (a null stays null if *nullable*).

        A composed encoder is applied through ``_rt.encode(value, encoder)`` rather
        than called in place (``_rt.list_encoder(f)(value)``): a long line of the
        first shape splits like any call, the second only in black's rarer ways.
        """
        encoder = self.encoder(ref)
        if encoder is None:
            return expression
        if encoder.endswith(".to_dict") or encoder == _ENCODE_OBJECT:
            call = f"{expression}.to_dict()"
            return f"None if {expression} is None else {call}" if nullable else call
        if nullable:
            encoder = f"_rt.null_or({encoder})"
        if "(" in encoder:
            return f"_rt.encode({expression}, {encoder})"
        return f"{encoder}({expression})"

    # -- defaults ---------------------------------------------------------------

    def default(self, field: ir.Field, module: str = "") -> str | None:
        """The right-hand side of the field's declaration, or None when it must be passed.

        An enum member is spelt ``module`` + ``Model.MEMBER``: the client module
        reaches the models as ``_models.`` (it once printed the bare name, a
        NameError when it was imported).
        """
        if not field.required:
            return "UNSET"
        if isinstance(field.type, ir.Const) and not field.has_default:
            return (
                py_literal(field.type.value) if _literal_ok(field.type.value) else None
            )
        if not field.has_default:
            return None
        value = field.default
        if value is None:
            return "None" if field.nullable or _admits_none(field.type) else None
        if not self._fits(field.type, value):
            return None
        text = self._default_literal(field.type, value, module)
        if isinstance(value, (tuple, Mapping)):
            if not value:  # the idiom (and a line the formatter's fast path takes)
                factory = "list" if isinstance(value, tuple) else "dict"
                return f"field(default_factory={factory})"
            return f"field(default_factory=lambda: {text})"
        return text

    def _fits(self, ref: ir.TypeRef, value: Any) -> bool:
        """Whether a JSON default can stand for the decoded type without decoding."""
        if isinstance(ref, ir.NullOr):
            return value is None or self._fits(ref.inner, value)
        if isinstance(ref, ir.Primitive):
            if (ref.type, ref.format) in _FORMATS:
                return False
            expected = {
                "string": (str,),
                "integer": (int,),
                "number": (int, float),
                "boolean": (bool,),
                "null": (type(None),),
            }[ref.type]
            return isinstance(value, expected) and (
                ref.type == "boolean"
            ) == isinstance(value, bool)
        if isinstance(ref, ir.ListOf):
            return isinstance(value, tuple) and all(
                self._fits(ref.item, v) for v in value
            )
        if isinstance(ref, ir.MapOf):
            return isinstance(value, Mapping) and all(
                self._fits(ref.value, v) for v in value.values()
            )
        if isinstance(ref, ir.Const):
            return bool(value == ref.value)
        if isinstance(ref, ir.Ref):
            model = self._models[ref.name]
            if isinstance(model, ir.EnumModel):
                kind = str if model.value_type == "string" else int
                return isinstance(value, kind) and not isinstance(value, bool)
            if isinstance(model, ir.AliasModel):
                return self._fits(model.target, value)
            return False
        return isinstance(ref, ir.AnyType) and _literal_ok(value)

    def _default_literal(self, ref: ir.TypeRef, value: Any, module: str) -> str:
        if isinstance(ref, ir.Ref):
            model = self._models[ref.name]
            if isinstance(model, ir.EnumModel):
                for member in model.members:
                    if member.value == value:
                        return f"{module}{model.name}.{member.name}"
        return py_literal(value)


def _join_union(members: list[str]) -> str:
    unique = list(dict.fromkeys(members))
    if len(unique) == 1:
        return unique[0]
    if any(m.startswith(("'", '"')) for m in unique):
        return f"Union[{', '.join(unique)}]"
    return " | ".join(unique)


def _tuple_forms(ref: ir.TupleOf, spell: Callable[[ir.TypeRef], str]) -> list[str]:
    """The tuple types a ``TupleOf`` value may have: every item (then the rest, if
    there may be more), then each shorter prefix down to ``min_items`` items."""
    items = [spell(t) for t in ref.items]
    if ref.rest is None:
        forms = [_tuple_type(items)]
    elif items:
        forms = [_tuple_type([*items, f"*tuple[{spell(ref.rest)}, ...]"])]
    else:
        forms = [f"tuple[{spell(ref.rest)}, ...]"]
    for length in range(len(items) - 1, ref.min_items - 1, -1):
        forms.append(_tuple_type(items[:length]))
    return forms


def _tuple_type(items: list[str]) -> str:
    return f"tuple[{', '.join(items) or '()'}]"


def _wire_tuple(members: list[str]) -> str:
    """A tuple as JSON carries it: an array of any of its item types."""
    return f"list[{_join_union(members) if members else 'Any'}]"


def _tuple_display(parts: list[str]) -> str:
    if len(parts) == 1:
        return f"({parts[0]},)"
    return f"({', '.join(parts)})"


def _inner(ref: ir.ListOf | ir.MapOf | ir.NullOr) -> ir.TypeRef:
    if isinstance(ref, ir.ListOf):
        return ref.item
    if isinstance(ref, ir.MapOf):
        return ref.value
    return ref.inner


def _names_a_model(ref: ir.TypeRef) -> bool:
    if isinstance(ref, ir.Ref):
        return True
    if isinstance(ref, ir.TupleOf):
        return any(map(_names_a_model, ir.tuple_members(ref)))
    if isinstance(ref, (ir.ListOf, ir.MapOf, ir.NullOr)):
        return _names_a_model(_inner(ref))
    return False


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
    """An escaped literal in double quotes, as black writes it, unless the text
    holds one (then ``repr``'s choice is black's too): the formatter then has
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
    """Backslashes doubled and unprintable characters (tabs too) spelt as escapes."""
    if line.isprintable():  # nearly every line: no character needs an escape
        return line.replace("\\", "\\\\")
    out = []
    for ch in line:
        if ch == "\\":
            out.append("\\\\")
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
    return "".join(out)


def comment_text(text: str) -> str:
    """Text safe to put after ``#``: one line, printable."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)
