"""The type notation of Speakeasy docs, every generation and both flavours, as one grammar.

Type cells (``*string*``, ``[components.X](x.md)[]``, ``[Optional[models.X]](x.md)``,
``List[*str*]``, ``Record<string, *any*>``), union-variant headings (``components.X[]``,
``{ [k: string]: any }``) and operation responses (``**Promise\\<[EventStream<X>](x.md)\\>**``,
``**[float](../../models/.md)**``) are all compositions of the same few pieces, so one
recursive-descent parser reads them all:

- markup around any type: ``*T*`` (italics: names in it are unlinked), ``**T**`` (bold),
  ```T``` (code) and ``[T](target)`` (a link: its target names the page of the model in
  ``T``);
- generic forms in either spelling: ``List[T]``, ``Dict[str, T]``, ``Optional[T]``,
  ``Union[A, B]``, ``Literal["v"]``, ``Record<string, T>``, ``Promise<T>``,
  ``EventStream<T>``, ``{ [k: string]: T }``, inline object literals, ``T[]``, ``A | B``;
- names: scalars of either language, model names with or without a namespace
  (``components.``, ``shared.``, ``operations.``, ``models.``...), and types of the SDK's
  platform (``Date``, ``File``, ``requests.Response``, ``AxiosResponse``...).

A link's target decides what a name is: a web page is the SDK platform's type, a page
of the docs' models is a model, and a target that names no page (``../../models/.md``,
which Speakeasy writes for scalars and inline types) leaves the label to speak.
Anything else raises a :class:`SpecError` naming the page and line; the caller turns it
into a diagnostic and reads the cell as ``Any``.
"""

from __future__ import annotations

import json
import re
from typing import Literal, Protocol

import msgspec

from generator import ir
from generator.errors import SpecError
from generator.markdown.examples import json_string_at

Flavour = Literal["python", "typescript"]

_BINARY = ir.Primitive("string", "binary")
_DATE_TIME = ir.Primitive("string", "date-time")
_DATE = ir.Primitive("string", "date")
_NULL = ir.Primitive("null")

# Scalar names, as each flavour writes them outside links.  ``number`` stands for
# integers too, so it is marked inexact.  ``void``/``None``: nothing comes back.
_SCALARS: dict[str, tuple[ir.TypeRef, Flavour | None]] = {
    "string": (ir.Primitive("string"), "typescript"),
    "number": (ir.Primitive("number"), "typescript"),
    "boolean": (ir.Primitive("boolean"), "typescript"),
    "any": (ir.AnyType(), "typescript"),
    "unknown": (ir.AnyType(), "typescript"),
    "bigint": (ir.Primitive("integer"), "typescript"),
    "Uint8Array": (_BINARY, "typescript"),
    "void": (_NULL, "typescript"),
    "str": (ir.Primitive("string"), "python"),
    "int": (ir.Primitive("integer"), "python"),
    "float": (ir.Primitive("number"), "python"),
    "bool": (ir.Primitive("boolean"), "python"),
    "Any": (ir.AnyType(), "python"),
    "bytes": (_BINARY, "python"),
    "io.BufferedReader": (_BINARY, "python"),
    "Decimal": (ir.Primitive("number", "decimal"), "python"),
    "decimal.Decimal": (ir.Primitive("number", "decimal"), "python"),
    "None": (_NULL, "python"),
    # In variant headings the Python docs write the date types by their own names.
    "datetime": (_DATE_TIME, "python"),
    "date": (_DATE, "python"),
    "Date": (_DATE_TIME, "typescript"),
}

# Types of the SDK's platform: what a link to a web page (or to a docs page outside
# the models) names.  The Python docs swap the two date labels in links (format
# reference, section 4.2): ``[date](…#date-objects)`` is printed for ``format:
# date-time`` and ``[datetime](…#datetime-objects)`` for ``format: date``.
_PLATFORM: dict[str, tuple[ir.TypeRef, Flavour | None]] = {
    "Date": (_DATE_TIME, "typescript"),
    "RFCDate": (_DATE, "typescript"),
    "date": (_DATE_TIME, "python"),
    "datetime": (_DATE, "python"),
    "File": (_BINARY, "typescript"),
    "Blob": (_BINARY, "typescript"),
    # The raw HTTP response an SDK hands back beside the decoded body.
    "requests.Response": (ir.AnyType(), "python"),
    "httpx.Response": (ir.AnyType(), "python"),
    "AxiosResponse": (ir.AnyType(), "typescript"),
    "Response": (ir.AnyType(), "typescript"),
    "RawResponse": (ir.AnyType(), None),
}
# Platform types that configure the SDK call (Parameters rows): no part of the API.
_SDK_OPTIONS = frozenset(
    {
        "AxiosRequestConfig",
        "RequestInit",
        "RequestOptions",
        "RetryConfig",
        "utils.RetryConfig",
        "utils.BackoffStrategy",
        "BackoffStrategy",
    }
)
# Generic names and what they make of their arguments.
_STREAMS = frozenset(
    {
        "EventStream",
        "EventStreamAsync",
        "eventstreaming.EventStream",
        "eventstreaming.EventStreamAsync",
        "AsyncIterable",
        "AsyncIterator",
        "Iterator",
        "Generator",
    }
)
_BINARY_GENERICS: dict[str, Flavour] = {
    "ReadableStream": "typescript",
    "IO": "python",
    "typing.IO": "python",
}
_WRAPPERS: dict[str, tuple[bool, bool]] = {
    "OptionalNullable": (True, True),
    "Optional": (True, False),
    "Nullable": (False, True),
}
NAMESPACES = frozenset({"components", "operations", "errors", "shared", "models"})
_TS_WORDS: dict[str, bool | None] = {"true": True, "false": False, "null": None}
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_ESCAPES = re.compile(r"\\([<>|])")


class Resolver(Protocol):
    """Turns a model name (and the link around it, if any) into the key of a page."""

    def is_model_target(self, target: str) -> bool:
        """Whether a link target names a page among the docs' models (it may be missing)."""

    def exists(self, target: str) -> bool:
        """Whether the page a link target names is among the docs."""

    def model(self, namespace: str, name: str, target: str | None) -> str | None:
        """The page a name means; None when no page can be meant."""


class CellType(msgspec.Struct, frozen=True):
    """What a piece of type notation says.

    ``optional`` and ``nullable`` are None when the notation does not say (TypeScript
    never does; Python says it only on the outermost scalar or link).  ``exact_number``
    is False for TypeScript ``number``, which stands for both integer and float.
    """

    type: ir.TypeRef
    optional: bool | None = None
    nullable: bool | None = None
    exact_number: bool = True
    flavour: Flavour | None = None
    """The flavour the notation unmistakably belongs to, if any."""
    streaming: bool = False
    """An event stream of ``type`` (operation responses)."""
    sdk_option: bool = False
    """The SDK's own call options (``RequestOptions``, ``AxiosRequestConfig``)."""
    warnings: tuple[str, ...] = ()
    """Oddities read around (a broken link beside a label that names the type)."""


_Flags = tuple[bool, bool] | None
"""(optional, nullable) as an outermost ``Optional[...]``-like wrapper says; None: unsaid."""


class _Parser:
    def __init__(
        self, text: str, resolver: Resolver, where: tuple[str, int], whole: str
    ) -> None:
        self.text = text
        self.pos = 0
        self.resolver = resolver
        self.where = where
        self.whole = whole
        self.flavours: set[Flavour] = set()
        self.exact = True
        self.streaming = False
        self.sdk_option = False
        self.warnings: list[str] = []

    # -- reading ------------------------------------------------------------

    def error(self, message: str) -> SpecError:
        file, line = self.where
        return SpecError(file, f"line {line}", f"{message} in type {self.whole!r}")

    def space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n":
            self.pos += 1

    def take(self, token: str) -> bool:
        self.space()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.take(token):
            found = self.text[self.pos : self.pos + 12] or "the end"
            raise self.error(f"expected {token!r} at {found!r}")

    def peek(self, token: str) -> bool:
        self.space()
        return self.text.startswith(token, self.pos)

    @property
    def done(self) -> bool:
        self.space()
        return self.pos >= len(self.text)

    def _balanced(self, closing: str) -> str:
        """Text up to the ``closing`` bracket that balances the ``[``/``(`` opened since."""
        start = self.pos
        depth = 0
        quoted = False
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if quoted:
                if ch == "\\":
                    self.pos += 1
                elif ch == '"':
                    quoted = False
            elif ch == '"':
                quoted = True
            elif ch == closing and depth == 0:
                found = self.text[start : self.pos]
                self.pos += 1
                return found
            elif ch in "[(":
                depth += 1
            elif ch in "])":
                depth -= 1
            self.pos += 1
        raise self.error(f"unclosed, expected {closing!r}")

    # -- grammar ------------------------------------------------------------

    def union(self, target: str | None) -> tuple[ir.TypeRef, _Flags]:
        """``A | B``: TypeScript's upload field (``File | Blob | FileT``) and variants."""
        options = [self.postfix(target)]
        while self.peek("|") and not self.peek("||"):
            self.pos += 1
            options.append(self.postfix(target))
        if len(options) == 1:
            return options[0]
        return self.one_of([ref for ref, _ in options]), None

    def one_of(self, options: list[ir.TypeRef]) -> ir.TypeRef:
        """Alternatives written inline name one type: the same type in several
        spellings, or a model beside the platform's file objects (an upload)."""
        distinct: list[ir.TypeRef] = []
        for option in options:
            if option not in distinct:
                distinct.append(option)
        if len(distinct) == 1:
            return distinct[0]
        others = [o for o in distinct if o != _BINARY]
        if len(others) == 1:
            return others[0]
        raise self.error(
            "an inline union of several types (the docs give it no model page)"
        )

    def postfix(self, target: str | None) -> tuple[ir.TypeRef, _Flags]:
        ref, flags = self.primary(target)
        while self.peek("[]"):
            self.pos += 2
            self.flavours.add("typescript")
            ref, flags = ir.ListOf(ref), None
        return ref, flags

    def primary(self, target: str | None) -> tuple[ir.TypeRef, _Flags]:
        self.space()
        for markup in ("**", "*", "`"):
            if self.take(markup):
                # Names in italics are unlinked; bold and code keep the link around.
                typed = self.union(None if markup == "*" else target)
                self.expect(markup)
                return typed
        if self.take("["):
            return self.link()
        if self.take("{"):
            return self.object_type(target), None
        if self.peek('"'):
            self.flavours.add("typescript")
            return ir.Const(self.string()), None
        number = _NUMBER.match(self.text, self.pos)
        if number:
            self.pos = number.end()
            return ir.Const(json.loads(number.group())), None
        word = _NAME.match(self.text, self.pos)
        if not word:
            found = self.text[self.pos : self.pos + 12] or "the end"
            raise self.error(f"unknown type notation at {found!r}")
        self.pos = word.end()
        return self.named(word.group(), target)

    def link(self) -> tuple[ir.TypeRef, _Flags]:
        """``[label](target)``: the label is a type; the target says what its name is."""
        label = self._balanced("]")
        if not self.text.startswith("(", self.pos):
            raise self.error(f"expected '(' after [{label}]")
        self.pos += 1
        target = self._balanced(")").strip()
        while _is_external(target) and label.count(">") > label.count("<"):
            # 2023 TypeScript pages write ``[AxiosResponse>](…)``: the platform type
            # with the close of the ``<…>`` it once had.
            label = label[: label.rindex(">")] + label[label.rindex(">") + 1 :]
        inner = _Parser(label, self.resolver, self.where, self.whole)
        found = inner.union(target)
        if not inner.done:
            raise self.error(f"unexpected {inner.text[inner.pos:]!r} in [{label}]")
        self.flavours |= inner.flavours
        self.exact = self.exact and inner.exact
        self.streaming = self.streaming or inner.streaming
        self.sdk_option = self.sdk_option or inner.sdk_option
        self.warnings += inner.warnings
        return found

    def object_type(self, target: str | None) -> ir.TypeRef:
        """``{ [k: string]: T }`` (a map) or ``{ a: T; b?: U }`` (an inline object,
        which has no page: read as an object of any keys)."""
        self.flavours.add("typescript")
        if self.take("}"):
            return ir.MapOf(ir.AnyType())
        if self.take("["):
            key = _NAME.match(self.text, self.pos)
            if key is None:
                raise self.error("expected an index signature such as [k: string]")
            self.pos = key.end()
            self.expect(":")
            self.expect("string")
            self.expect("]")
            self.expect(":")
            value = self.element(self.union(target))
            self.take(";")
            self.expect("}")
            return ir.MapOf(value)
        while not self.take("}"):
            member = _NAME.match(self.text, self.pos)
            if member is None and self.peek('"'):
                self.string()
            elif member is None:
                raise self.error("expected a member name in an object type")
            else:
                self.pos = member.end()
            self.take("?")
            self.expect(":")
            self.union(target)
            if not (self.take(";") or self.take(",") or self.peek("}")):
                raise self.error("expected ';' between the members of an object type")
        return ir.MapOf(ir.AnyType())

    def arguments(
        self, closing: str, target: str | None
    ) -> list[tuple[ir.TypeRef, _Flags]]:
        found = [self.union(target)]
        while self.take(","):
            found.append(self.union(target))
        self.expect(closing)
        return found

    def element(self, typed: tuple[ir.TypeRef, _Flags]) -> ir.TypeRef:
        """An item of a container: a ``Nullable[...]`` one may be null."""
        ref, flags = typed
        if flags is not None and flags[1] and not isinstance(ref, ir.AnyType):
            return ir.NullOr(ref)
        return ref

    def named(self, name: str, target: str | None) -> tuple[ir.TypeRef, _Flags]:
        if name == "Literal" and self.peek("["):
            self.pos += 1
            return self.literal(), (False, False)
        if self.peek("<") or (self.peek("[") and not self.peek("[]")):
            closing = ">" if self.text[self.pos] == "<" else "]"
            self.pos += 1
            return self.generic(name, closing, self.arguments(closing, target))
        return self.simple(name, target), self.default_flags(name, target)

    def default_flags(self, name: str, target: str | None) -> _Flags:
        """A bare Python scalar says it is required and not null (it has no wrapper)."""
        if target is None and _SCALARS.get(name, (None, None))[1] == "python":
            return (False, False)
        return None

    def generic(
        self, name: str, closing: str, args: list[tuple[ir.TypeRef, _Flags]]
    ) -> tuple[ir.TypeRef, _Flags]:
        flavour: Flavour = "python" if closing == "]" else "typescript"
        if name in _WRAPPERS and len(args) == 1 and closing == "]":
            self.flavours.add("python")
            return args[0][0], _WRAPPERS[name]
        if name in ("List", "list", "Sequence") and len(args) == 1:
            self.flavours.add("python")
            return ir.ListOf(self.element(args[0])), None
        if name == "Array" and len(args) == 1:
            self.flavours.add("typescript")
            return ir.ListOf(self.element(args[0])), None
        if name in ("Dict", "dict", "Mapping", "Record") and len(args) == 2:
            if args[0][0] != ir.Primitive("string"):
                raise self.error("a map whose keys are not strings (JSON has none)")
            self.flavours.add(flavour)
            return ir.MapOf(self.element(args[1])), None
        if name in ("Union", "typing.Union"):
            self.flavours.add("python")
            return self.one_of([ref for ref, _ in args]), (False, False)
        if name == "Promise" and len(args) == 1:
            self.flavours.add("typescript")
            return args[0]
        if name in _STREAMS and len(args) == 1:
            self.streaming = True
            return args[0][0], None
        if name in _BINARY_GENERICS:
            self.flavours.add(_BINARY_GENERICS[name])
            return _BINARY, None
        raise self.error(f"unknown generic type {name}")

    def simple(self, name: str, target: str | None) -> ir.TypeRef:
        namespace, _, short = name.rpartition(".")
        external = target is not None and _is_external(target)
        if name in _TS_WORDS:
            self.flavours.add("typescript")
            return ir.Const(_TS_WORDS[name])
        if name in _SCALARS and not (target is not None and name in _PLATFORM):
            ref, flavour = _SCALARS[name]
            if (
                target is not None
                and not external
                and self.resolver.is_model_target(target)
                and not self.resolver.exists(target)
            ):
                # ``[string](../../models/gone.md)``: the label says it all, but
                # the link is broken (``../../models/.md`` is no link at all).
                self.warnings.append(
                    f"the link of {name} goes to {target}, which is not among the "
                    f"docs; read as {name}"
                )
            return self.note(ref, flavour, name)
        model_target = (
            target is not None
            and not external
            and self.resolver.is_model_target(target)
        )
        if not model_target and (name in _PLATFORM or name in _SDK_OPTIONS):
            if name in _SDK_OPTIONS:
                self.sdk_option = True
                return ir.AnyType()
            ref, flavour = _PLATFORM[name]
            return self.note(ref, flavour, name)
        if external:
            raise self.error(
                f"unknown type {name} of the SDK's platform (a link to {target})"
            )
        if namespace and namespace not in NAMESPACES:
            raise self.error(f"unknown type name {name}")
        key = self.resolver.model(namespace, short, target if model_target else None)
        if key is None:
            raise self.error(f"no model page is named {name}")
        return ir.Ref(key)

    def note(self, ref: ir.TypeRef, flavour: Flavour | None, name: str) -> ir.TypeRef:
        if flavour is not None:
            self.flavours.add(flavour)
        if name == "number":
            self.exact = False
        return ref

    def string(self) -> str:
        found = json_string_at(self.text, self.pos)
        if found is None:
            raise self.error("unreadable string literal")
        value, self.pos = found
        return value

    def literal(self) -> ir.TypeRef:
        """``Literal["v"]``, ``Literal[True]``, ``Literal[3]``: one constant (Python)."""
        self.flavours.add("python")
        self.space()
        words: dict[str, bool | None] = {"True": True, "False": False, "None": None}
        value: object
        if self.peek('"'):
            value = self.string()
        else:
            match = _NUMBER.match(self.text, self.pos) or _NAME.match(
                self.text, self.pos
            )
            word = match.group() if match else ""
            if word in words:
                value = words[word]
            elif _NUMBER.fullmatch(word):
                value = json.loads(word)
            else:
                raise self.error("unreadable literal")
            self.pos += len(word)
        if self.peek(","):
            raise self.error(
                "a literal of several values (the docs give it no model page)"
            )
        self.expect("]")
        return ir.Const(value)

    def result(self, typed: tuple[ir.TypeRef, _Flags]) -> CellType:
        ref, flags = typed
        optional, nullable = flags if flags is not None else (None, None)
        flavour: Flavour | None = None
        if len(self.flavours) == 1:
            flavour = next(iter(self.flavours))
        return CellType(
            ref,
            optional,
            nullable,
            self.exact,
            flavour,
            self.streaming,
            self.sdk_option,
            tuple(self.warnings),
        )


def _is_external(target: str) -> bool:
    """A link to a web page rather than to a page of the docs."""
    return "://" in target or target.startswith(("mailto:", "//"))


def parse_type(text: str, resolver: Resolver, where: tuple[str, int]) -> CellType:
    """Parse type notation; ``where`` is (page, line) for error messages.

    A long cell may be broken with ``<br/>``: a line break, not part of the type.
    Markdown escapes (``\\<``, ``\\|``) are read as the characters they escape.
    """
    whole = text.strip()
    clean = _ESCAPES.sub(r"\1", whole.replace("<br/>", " "))
    parser = _Parser(clean, resolver, where, whole)
    if parser.done:
        raise parser.error("no type")
    found = parser.union(None)
    if not parser.done:
        rest = parser.text[parser.pos : parser.pos + 12]
        raise parser.error(f"unexpected {rest!r} at column {parser.pos + 1}")
    return parser.result(found)


def parse_cell(text: str, resolver: Resolver, where: tuple[str, int]) -> CellType:
    """A Type cell of a Fields or Parameters table."""
    return parse_type(text, resolver, where)


def parse_variant(text: str, resolver: Resolver, where: tuple[str, int]) -> CellType:
    """The code of a ``## Supported Types`` variant heading (``components.X[]``)."""
    return parse_type(text, resolver, where)
