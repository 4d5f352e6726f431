"""The Type-cell notation of Speakeasy model pages, in both flavours, as a small grammar.

A Type cell is inline markdown (``*string*``, ``[components.X](x.md)[]``,
``[Optional[models.X]](x.md)``, ``List[*str*]``, ``Record<string, *any*>``...).  The
grammar here is a hand-written recursive-descent parser over the cell text: every
notation the format reference lists is accepted, and anything else is an error that
names the page and line, never a silent ``Any``.

Model references come out as :class:`ir.Ref` whose name is a *page key* chosen by the
:class:`Resolver` the caller passes in; the caller renames them once every model has
its final class name.  Union-variant headings (``### `components.X[]` ``) use the same
machinery through :func:`parse_variant`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from generator import ir
from generator.errors import SpecError

_TS_SCALARS: dict[str, ir.TypeRef] = {
    "string": ir.Primitive("string"),
    "number": ir.Primitive("number"),
    "boolean": ir.Primitive("boolean"),
    "any": ir.AnyType(),
    "ReadableStream<Uint8Array>": ir.Primitive("string", "binary"),
    "Date": ir.Primitive("string", "date-time"),
}
_PY_SCALARS: dict[str, ir.TypeRef] = {
    "str": ir.Primitive("string"),
    "int": ir.Primitive("integer"),
    "float": ir.Primitive("number"),
    "bool": ir.Primitive("boolean"),
    "Any": ir.AnyType(),
    "bytes": ir.Primitive("string", "binary"),
    "Union[bytes, IO[bytes], io.BufferedReader]": ir.Primitive("string", "binary"),
    # The Python docs swap the two date labels (format reference, section 4.2):
    # ``date`` is printed for ``format: date-time`` and ``datetime`` for ``format: date``.
    "date": ir.Primitive("string", "date-time"),
    "datetime": ir.Primitive("string", "date"),
}
# Link labels that name a platform type rather than a model page.
_LINKED_BUILTINS: dict[str, ir.TypeRef] = {
    "Date": ir.Primitive("string", "date-time"),
    "RFCDate": ir.Primitive("string", "date"),
    "date": ir.Primitive("string", "date-time"),
    "datetime": ir.Primitive("string", "date"),
    "httpx.Response": ir.AnyType(),
    "File": ir.Primitive("string", "binary"),
    "Blob": ir.Primitive("string", "binary"),
}
_NAMESPACES = ("components", "operations", "errors", "shared", "models")
_WRAPPERS = (
    ("OptionalNullable[", True, True),
    ("Optional[", True, False),
    ("Nullable[", False, True),
)


class Resolver(Protocol):
    """Turns what a cell names into the key of a model page."""

    def link(self, target: str, namespace: str, name: str) -> str:
        """The page a ``[ns.Name](target)`` link points at."""

    def unlinked(self, namespace: str, name: str) -> str:
        """The page an unlinked ``*ns.Name*`` or variant heading names."""


@dataclass(frozen=True, slots=True)
class CellType:
    """What a Type cell says.

    ``optional`` and ``nullable`` are None when the notation does not say (TypeScript
    never does; Python says it only on the outermost scalar or link).  ``exact_number``
    is False for TypeScript ``number``, which stands for both integer and float.
    """

    type: ir.TypeRef
    optional: bool | None = None
    nullable: bool | None = None
    exact_number: bool = True
    python: bool = False
    """The notation is unmistakably the Python flavour."""


class _Cursor:
    def __init__(self, text: str, where: tuple[str, int]) -> None:
        self.text = text
        self.pos = 0
        self.where = where

    def error(self, message: str) -> SpecError:
        file, line = self.where
        return SpecError(file, f"line {line}", f"{message} in type {self.text!r}")

    def take(self, prefix: str) -> bool:
        if self.text.startswith(prefix, self.pos):
            self.pos += len(prefix)
            return True
        return False

    def expect(self, prefix: str) -> None:
        if not self.take(prefix):
            raise self.error(f"expected {prefix!r} at column {self.pos + 1}")

    def until(self, closing: str) -> str:
        """Text up to the ``closing`` that balances the brackets opened meanwhile."""
        depth = 0
        start = self.pos
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if depth == 0 and self.text.startswith(closing, self.pos):
                found = self.text[start : self.pos]
                self.pos += len(closing)
                return found
            if ch in "[(<":
                depth += 1
            elif ch in "])>":
                depth -= 1
            self.pos += 1
        raise self.error(f"unclosed, expected {closing!r}")

    @property
    def done(self) -> bool:
        return self.pos >= len(self.text)


class _Parser:
    def __init__(self, cursor: _Cursor, resolver: Resolver) -> None:
        self.c = cursor
        self.resolver = resolver
        self.python = False
        self.exact = True

    def cell(self) -> CellType:
        optional: bool | None = None
        nullable: bool | None = None
        ref, flags = self.alternatives()
        if flags is not None:
            optional, nullable = flags
        if not self.c.done:
            raise self.c.error(f"unexpected text at column {self.c.pos + 1}")
        return CellType(ref, optional, nullable, self.exact, self.python)

    def alternatives(self) -> tuple[ir.TypeRef, tuple[bool, bool] | None]:
        """``A | B | C``: only the TypeScript upload field (File | Blob | FileT) uses it."""
        options = [self.suffixed()]
        while self.c.take(" | "):
            options.append(self.suffixed())
        if len(options) == 1:
            return options[0]
        models = [o for o in options if not _is_builtin_file(o[0])]
        if len(models) > 1:
            raise self.c.error("a union of several models cannot be written inline")
        return models[0] if models else options[0]

    def suffixed(self) -> tuple[ir.TypeRef, tuple[bool, bool] | None]:
        ref, flags = self.primary()
        while self.c.take("[]"):
            ref, flags = ir.ListOf(ref), None
        return ref, flags

    def primary(self) -> tuple[ir.TypeRef, tuple[bool, bool] | None]:
        c = self.c
        if c.take("Record<string, "):
            value, _ = self.alternatives()
            c.expect(">")
            return ir.MapOf(value), None
        if c.take("List["):
            self.python = True
            item, _ = self.alternatives()
            c.expect("]")
            return ir.ListOf(item), None
        if c.take("Dict[str, "):
            self.python = True
            value, _ = self.alternatives()
            c.expect("]")
            return ir.MapOf(value), None
        if c.take("Any"):
            self.python = True
            return ir.AnyType(), None
        if c.take("*"):
            return self.italic(c.until("*"))
        if c.take("["):
            label = c.until("](")
            target = c.until(")")
            return self.link(label, target)
        raise c.error(f"unknown type notation at column {c.pos + 1}")

    def italic(self, text: str) -> tuple[ir.TypeRef, tuple[bool, bool] | None]:
        inner, flags = _unwrap(text)
        if flags is not None:
            self.python = True
        if inner in _TS_SCALARS and flags is None:
            if inner == "number":
                self.exact = False
            return _TS_SCALARS[inner], None
        if inner in _PY_SCALARS:
            self.python = True
            return _PY_SCALARS[inner], flags or (False, False)
        literal = self.literal(inner)
        if literal is not None:
            if inner.startswith("Literal["):
                flags = flags or (False, False)
            return literal, flags
        namespace, name = _qualified(inner)
        if namespace:
            return ir.Ref(self.resolver.unlinked(namespace, name)), flags
        raise self.c.error(f"unknown type notation *{text}*")

    def literal(self, text: str) -> ir.TypeRef | None:
        if text.startswith("Literal[") and text.endswith("]"):
            self.python = True
            body = text[len("Literal[") : -1]
            value = {"True": "true", "False": "false", "None": "null"}.get(body, body)
        elif text in ("true", "false") or text.startswith('"'):
            value = text
        else:
            return None
        try:
            return ir.Const(json.loads(value))
        except ValueError:
            raise self.c.error(f"unreadable literal {text!r}") from None

    def link(
        self, label: str, target: str
    ) -> tuple[ir.TypeRef, tuple[bool, bool] | None]:
        inner, flags = _unwrap(label)
        if flags is not None:
            self.python = True
        if inner in _LINKED_BUILTINS:
            # Python never wraps these links, so they say nothing of nullability.
            self.python = self.python or inner in ("date", "datetime", "httpx.Response")
            return _LINKED_BUILTINS[inner], flags
        suffix = 0
        while inner.endswith("[]"):  # TS response notation: [components.X[]](x.md)
            inner, suffix = inner[:-2], suffix + 1
        namespace, name = _qualified(inner)
        if not namespace:
            raise self.c.error(f"unknown link label [{label}]")
        ref: ir.TypeRef = ir.Ref(self.resolver.link(target, namespace, name))
        for _ in range(suffix):
            ref = ir.ListOf(ref)
        return ref, flags


def _unwrap(text: str) -> tuple[str, tuple[bool, bool] | None]:
    """``Optional[X]`` etc. to (``X``, (optional, nullable)); plain text to (text, None)."""
    for prefix, optional, nullable in _WRAPPERS:
        if text.startswith(prefix) and text.endswith("]"):
            return text[len(prefix) : -1], (optional, nullable)
    return text, None


def _qualified(text: str) -> tuple[str, str]:
    namespace, dot, name = text.partition(".")
    if dot and namespace in _NAMESPACES and name.isidentifier():
        return namespace, name
    return "", text


def _is_builtin_file(ref: ir.TypeRef) -> bool:
    return ref == ir.Primitive("string", "binary")


def parse_cell(text: str, resolver: Resolver, where: tuple[str, int]) -> CellType:
    """Parse one Type cell; ``where`` is (page, line) for error messages.

    A long cell may be broken with ``<br/>``: a line break, not part of the type.
    """
    return _Parser(_Cursor(text.replace("<br/>", "").strip(), where), resolver).cell()


# ---------------------------------------------------------------------------
# Union-variant headings: ``### `components.X[]` `` or ``### `List[models.X]` ``
# ---------------------------------------------------------------------------


def parse_variant(text: str, resolver: Resolver, where: tuple[str, int]) -> CellType:
    """Parse the code in a ``## Supported Types`` variant heading."""
    cursor = _Cursor(text.strip(), where)
    parser = _VariantParser(cursor, resolver)
    ref = parser.type_()
    if not cursor.done:
        raise cursor.error(f"unexpected text at column {cursor.pos + 1}")
    return CellType(ref, exact_number=parser.exact, python=parser.python)


class _VariantParser:
    def __init__(self, cursor: _Cursor, resolver: Resolver) -> None:
        self.c = cursor
        self.resolver = resolver
        self.exact = True
        self.python = False

    def type_(self) -> ir.TypeRef:
        c = self.c
        ref: ir.TypeRef
        if c.take("List["):
            self.python = True
            ref = ir.ListOf(self.type_())
            c.expect("]")
        elif c.take("Dict[str, "):
            self.python = True
            ref = ir.MapOf(self.type_())
            c.expect("]")
        elif c.take("{ [k: string]: "):
            ref = ir.MapOf(self.type_())
            c.expect(" }")
        else:
            ref = self.name(self._word())
        while c.take("[]"):
            ref = ir.ListOf(ref)
        return ref

    def _word(self) -> str:
        start = self.c.pos
        text = self.c.text
        while self.c.pos < len(text) and (
            text[self.c.pos].isalnum() or text[self.c.pos] in "._"
        ):
            self.c.pos += 1
        return text[start : self.c.pos]

    def name(self, word: str) -> ir.TypeRef:
        if word in _TS_SCALARS:
            if word == "number":
                self.exact = False
            return _TS_SCALARS[word]
        if word in _PY_SCALARS:
            self.python = True
            return _PY_SCALARS[word]
        namespace, name = _qualified(word)
        if namespace:
            return ir.Ref(self.resolver.unlinked(namespace, name))
        raise self.c.error("unknown variant type")
