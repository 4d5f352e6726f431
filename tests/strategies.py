"""Hypothesis strategies for random, hostile OpenAPI documents, and instances of their schemas.

A document holds a few component schemas whose bodies are random schema trees
(objects, arrays, maps, unions, ``allOf``, enums, consts, ``$ref`` including cycles,
nullable in every spelling), named with the names that break generators (keywords,
builtins, dunders, leading digits, non-ASCII, empty, names equal after case folding or
punctuation removal, names the runtime needs) and decorated with hostile text
(quotes that close strings, backslashes, ``\\r``, NUL, U+2028, Jinja delimiters,
``#``, very long strings) in descriptions, defaults, examples and enum values.  Some
documents also carry operations with hostile operationIds, tags and parameter names.

:class:`Instances` is an independent, deliberately small interpreter of the same
schemas: it builds a JSON value a schema accepts, so the tests can check that the
generated code decodes and re-encodes it unchanged.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

# A file that only spec text turned into code could create.  Its path is fixed per
# machine so the same injection strings are drawn on every run.
CANARY = Path(tempfile.gettempdir()) / "specgen-fuzz-canary"
_CANARY_CODE = f"__import__('pathlib').Path({str(CANARY)!r}).touch()"

INJECTIONS: tuple[str, ...] = (
    f'"""\nimport os; os.system("touch {CANARY}"); {_CANARY_CODE}\n"""',
    f"'''\n{_CANARY_CODE}\n'''",
    f'"\n{_CANARY_CODE}\n#',
    f"'); {_CANARY_CODE}; ('",
    f'\\"""\\\n{_CANARY_CODE}\n',
    f"\r{_CANARY_CODE}\r",
    f"\u2028{_CANARY_CODE}\u2029",
    f"{{{{ cycler.__init__.__globals__.os.system('touch {CANARY}') }}}}",
    f"{{% set x = cycler.__init__.__globals__.os.system('touch {CANARY}') %}}",
    f"*/ {_CANARY_CODE} /*",
    f"x\x00\n{_CANARY_CODE}",
)

HOSTILE_TEXT: tuple[str, ...] = (
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\\\\",
    'ends with a quote"',
    "ends with a backslash\\",
    "\r",
    "\r\n",
    "line\rbreak",
    "\x00",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b\x0c",
    "\t",
    "\x1b[31m",
    "{{ x }}",
    "{% if x %}",
    "{# x #}",
    "{{",
    "%}",
    "#",
    "# type: ignore",
    "\ufeff",
    "\U0001f600",
    "é\u0301",
    " ",
    "",
    "x" * 5000,
    ('"""' + "\\" + "\n") * 200,
    *INJECTIONS,
)

HOSTILE_NAMES: tuple[str, ...] = (
    "class", "from", "import", "None", "True", "False", "async", "await", "match", "type",
    "list", "str", "int", "dict", "print", "object", "id", "len", "property", "field",
    "dataclass", "datetime", "date", "self", "cls", "data", "value", "key", "_rt",
    "to_dict", "from_dict", "additional_properties", "additional_properties_",
    "_wire_keys", "__init__", "__class__", "__dict__", "__slots__", "__", "_", "__x",
    "0", "2fa", "1st", "007",
    "héllo", "ünïcode", "名前", "\U0001f600", "Ω", "ß", "SS",
    "", " ", "-", "$ref", "a/b", "~1", "a.b", "a b", "#", "{{x}}",
    "fooBar", "foo_bar", "FooBar", "foo-bar", "FOO BAR", "foobar", "FOOBAR", "foo__bar",
    "Client", "AsyncClient", "UNSET", "Unset", "Any", "TypedDict", "NotRequired",
    "DecodeError", "Model", "ModelDict", "FooBarDict", "ClientModel", "Self",
    "ClassVar", "Literal", "Enum", "StrEnum", "UUID", "Decimal", "Mapping",
    "Stream", "Response", "APIError", "SDKError",
    "../../x", "/etc/x", "con", "nul", "os", "sys",
)  # fmt: skip

_FORMATS = {
    "string": (None, "date-time", "date", "uuid", "byte", "decimal", "email", "evil\n"),
    "integer": (None, "int32", "int64"),
    "number": (None, "float", "double"),
    "boolean": (None,),
}
KINDS = ("object", "object", "enum", "array", "map", "union", "allof", "primitive")


def names() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE_NAMES),
        st.sampled_from(HOSTILE_NAMES).map(lambda s: s.upper()),
        st.text(min_size=0, max_size=8),
    )


def texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.lists(st.sampled_from(HOSTILE_TEXT), min_size=2, max_size=4).map("".join),
        st.text(max_size=20),
    )


@dataclass
class _Context:
    openapi: str
    names: list[str]
    kinds: list[str]

    def ref(self, index: int) -> dict[str, Any]:
        return {"$ref": "#/components/schemas/" + pointer_segment(self.names[index])}


def pointer_segment(name: str) -> str:
    """A JSON pointer segment, percent-encoded the way a URI fragment must be."""
    escaped = name.replace("~", "~0").replace("/", "~1")
    return "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "-._~!$&'()*+,;=:@") else _pct(ch)
        for ch in escaped
    )


def _pct(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


@st.composite
def _decorate(draw: st.DrawFn, schema: dict[str, Any]) -> dict[str, Any]:
    """Hostile text where a spec may put free text."""
    if draw(st.booleans()):
        schema["description"] = draw(texts())
    if draw(st.integers(0, 3)) == 0:
        schema["title"] = draw(texts())
    if draw(st.integers(0, 3)) == 0:
        schema["example"] = draw(texts())
    if draw(st.integers(0, 5)) == 0:
        schema["deprecated"] = True
    return schema


@st.composite
def _nullable(draw: st.DrawFn, ctx: _Context, schema: dict[str, Any]) -> dict[str, Any]:
    """The schema made nullable, in one of the spellings the document's version allows."""
    spellings = (
        ["oneOf", "anyOf", "allOf30"] if "$ref" in schema else ["oneOf", "anyOf"]
    )
    if "$ref" not in schema:
        spellings.append("keyword")
    spelling = draw(st.sampled_from(spellings))
    if ctx.openapi.startswith("3.0"):
        if spelling == "keyword":
            return {**schema, "nullable": True}
        return {"allOf": [schema], "nullable": True}
    if spelling == "keyword":
        t = schema.get("type")
        if isinstance(t, str) and "enum" not in schema:
            return {**schema, "type": [t, "null"]}
        spelling = "anyOf"
    null = {"type": "null"}
    if spelling == "allOf30":
        spelling = "oneOf"
    branches = [schema, null] if draw(st.booleans()) else [null, schema]
    return {spelling: branches}


@st.composite
def _primitive(draw: st.DrawFn) -> dict[str, Any]:
    t = draw(st.sampled_from(("string", "string", "integer", "number", "boolean")))
    schema: dict[str, Any] = {"type": t}
    fmt = draw(st.sampled_from(_FORMATS[t]))
    if fmt is not None:
        schema["format"] = fmt
    if draw(st.integers(0, 3)) == 0:
        schema["default"] = _sample_value(t, fmt, draw(st.integers(0, 2**31)))
    return schema


def _sample_value(t: str, fmt: str | None, seed: int) -> Any:
    rng = random.Random(seed)
    if t == "integer":
        return rng.choice([0, -1, 7, 2**40])
    if t == "number":
        return rng.choice([0.5, -2.25, 1e10])
    if t == "boolean":
        return rng.random() < 0.5
    return _string_value(fmt, rng)


def _string_value(fmt: str | None, rng: random.Random) -> str:
    if fmt == "date-time":
        return rng.choice(["2024-01-02T03:04:05Z", "1999-12-31T23:59:59.500000Z"])
    if fmt == "date":
        return rng.choice(["2024-02-29", "1970-01-01"])
    if fmt == "uuid":
        return rng.choice(
            [
                "12345678-1234-5678-1234-567812345678",
                "00000000-0000-0000-0000-000000000000",
            ]
        )
    if fmt == "byte":
        return rng.choice(["aGVsbG8=", ""])
    if fmt == "decimal":
        return rng.choice(["1.5", "-0.001", "100"])
    return rng.choice(HOSTILE_TEXT)


@st.composite
def _enum(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.integers(0, 3)) == 0:
        values: list[Any] = draw(
            st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=5, unique=True)
        )
        schema: dict[str, Any] = {"type": "integer", "enum": values}
    else:
        values = draw(
            st.lists(
                st.one_of(st.sampled_from(HOSTILE_NAMES), texts()),
                min_size=1,
                max_size=6,
                unique=True,
            )
        )
        schema = {"type": "string", "enum": values}
    if draw(st.integers(0, 3)) == 0:
        schema["default"] = draw(st.sampled_from(values))
    return schema


@st.composite
def schema_tree(draw: st.DrawFn, ctx: _Context, depth: int) -> dict[str, Any]:
    """A random schema; ``depth`` bounds how many containers may still nest."""
    choices = ["primitive", "primitive", "enum", "ref", "any", "const"]
    if depth > 0:
        choices += ["object", "object", "array", "map", "union", "tuple"]
    kind = draw(st.sampled_from(choices))
    if kind == "primitive":
        schema = draw(_primitive())
    elif kind == "enum":
        schema = draw(_enum())
    elif kind == "ref":
        schema = ctx.ref(draw(st.integers(0, len(ctx.names) - 1)))
    elif kind == "any":
        schema = {}
    elif kind == "const":
        value = draw(st.one_of(texts(), st.integers(-5, 5)))
        schema = {"const": value}
        if isinstance(value, str) and draw(st.booleans()):
            schema["type"] = "string"
    elif kind == "object":
        schema = draw(_object(ctx, depth - 1))
    elif kind == "array":
        schema = {"type": "array", "items": draw(schema_tree(ctx, depth - 1))}
    elif kind == "map":
        schema = {
            "type": "object",
            "additionalProperties": draw(schema_tree(ctx, depth - 1)),
        }
    elif kind == "tuple":
        schema = draw(_tuple(ctx, depth - 1))
    else:
        schema = draw(_union(ctx, depth - 1))
    if "$ref" not in schema:
        schema = draw(_decorate(schema))
    if draw(st.integers(0, 4)) == 0:
        schema = draw(_nullable(ctx, schema))
    return schema


@st.composite
def _tuple(draw: st.DrawFn, ctx: _Context, depth: int) -> dict[str, Any]:
    """``prefixItems``, with or without more items (``items``), some of them required."""
    prefix = draw(st.lists(schema_tree(ctx, depth), min_size=1, max_size=3))
    schema: dict[str, Any] = {"type": "array", "prefixItems": prefix}
    rest = draw(st.sampled_from(["absent", "false", "schema"]))
    if rest == "false":
        schema["items"] = False
    elif rest == "schema":
        schema["items"] = draw(schema_tree(ctx, depth))
    least = draw(st.integers(0, len(prefix)))
    if least:
        schema["minItems"] = least
    return schema


@st.composite
def _object(draw: st.DrawFn, ctx: _Context, depth: int) -> dict[str, Any]:
    props = draw(st.lists(names(), max_size=6, unique=True))
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {p: draw(schema_tree(ctx, depth)) for p in props},
    }
    required = [p for p in props if draw(st.booleans())]
    if required:
        schema["required"] = required
    extra = draw(st.sampled_from(["absent", "absent", "true", "false", "schema"]))
    if extra == "true":
        schema["additionalProperties"] = True
    elif extra == "false":
        schema["additionalProperties"] = False
    elif extra == "schema":
        schema["additionalProperties"] = draw(schema_tree(ctx, 0))
    return schema


@st.composite
def _union(draw: st.DrawFn, ctx: _Context, depth: int) -> dict[str, Any]:
    keyword = draw(st.sampled_from(["oneOf", "anyOf"]))
    branches = draw(st.lists(schema_tree(ctx, depth), min_size=2, max_size=4))
    return {keyword: branches}


@st.composite
def _component(draw: st.DrawFn, ctx: _Context, index: int) -> dict[str, Any]:
    kind = ctx.kinds[index]
    if kind == "object":
        schema = draw(_object(ctx, 2))
    elif kind == "enum":
        schema = draw(_enum())
    elif kind == "array":
        schema = {"type": "array", "items": draw(schema_tree(ctx, 2))}
    elif kind == "map":
        schema = {"type": "object", "additionalProperties": draw(schema_tree(ctx, 1))}
    elif kind == "union":
        schema = draw(_union(ctx, 1))
    elif kind == "allof":
        # Bases are earlier object components: allOf through refs stays acyclic.
        bases = [i for i in range(index) if ctx.kinds[i] == "object"]
        members: list[dict[str, Any]] = [ctx.ref(i) for i in bases[:2]]
        own = draw(st.lists(names(), max_size=4, unique=True))
        members.append(
            {
                "type": "object",
                "properties": {p: draw(schema_tree(ctx, 1)) for p in own},
                "required": [p for p in own if draw(st.booleans())] or own[:1],
            }
        )
        if not own:
            members[-1] = {"type": "object", "properties": {}}
        schema = {"allOf": members}
    else:
        schema = draw(_primitive())
    schema = draw(_decorate(schema))
    if draw(st.integers(0, 6)) == 0:
        schema = draw(_nullable(ctx, schema))
    return schema


@st.composite
def _operations(draw: st.DrawFn, ctx: _Context) -> dict[str, Any]:
    """A few operations with hostile operationIds, tags and parameter names."""
    paths: dict[str, Any] = {}
    used_ids: set[str] = set()
    for number in range(draw(st.integers(1, 3))):
        param = draw(names())
        path = f"/things{number}/{{p}}" if draw(st.booleans()) else f"/things{number}"
        operation_id = draw(names())
        if operation_id in used_ids:
            operation_id += f" {number}"
        used_ids.add(operation_id)
        parameters: list[dict[str, Any]] = [
            {"name": param or "q", "in": "query", "schema": {"type": "string"}}
        ]
        if "{p}" in path:
            parameters.append(
                {
                    "name": "p",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                }
            )
        operation: dict[str, Any] = {
            "operationId": operation_id,
            "tags": [draw(names())],
            "summary": draw(texts()),
            "description": draw(texts()),
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": draw(texts()),
                    "content": {
                        "application/json": {
                            "schema": ctx.ref(draw(st.integers(0, len(ctx.names) - 1)))
                        }
                    },
                }
            },
        }
        if draw(st.booleans()):
            operation["requestBody"] = {
                "content": {
                    "application/json": {
                        "schema": ctx.ref(draw(st.integers(0, len(ctx.names) - 1)))
                    }
                }
            }
        paths[path] = {
            draw(st.sampled_from(["get", "post", "put", "delete"])): operation
        }
    return paths


@st.composite
def documents(draw: st.DrawFn, operations: bool = True) -> dict[str, Any]:
    """A whole OpenAPI 3.0 or 3.1 document."""
    openapi = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    keys = draw(st.lists(names(), min_size=1, max_size=5, unique=True))
    kinds = [draw(st.sampled_from(KINDS)) for _ in keys]
    ctx = _Context(openapi, keys, kinds)
    schemas = {key: draw(_component(ctx, i)) for i, key in enumerate(keys)}
    document: dict[str, Any] = {
        "openapi": openapi,
        "info": {
            "title": draw(texts()),
            "version": draw(texts()),
            "description": draw(texts()),
        },
        "paths": (
            draw(_operations(ctx))
            if operations and draw(st.integers(0, 3)) == 0
            else {}
        ),
        "components": {"schemas": schemas},
    }
    return document


# -- instances ------------------------------------------------------------------


class Impossible(Exception):
    """No finite value satisfies the schema (a required, non-nullable cycle)."""


@dataclass
class Instances:
    """Build a JSON value a schema accepts.

    ``exact`` turns False when a value took a union branch other than the first:
    a union decodes to its first variant that accepts the value, which may encode
    it differently, so such values are only checked for a stable round trip.
    """

    document: dict[str, Any]
    rng: random.Random
    exact: bool = True
    budget: int = 400
    _seen: list[str] = field(default_factory=list)

    def resolve(self, schema: Any) -> Any:
        while isinstance(schema, dict) and "$ref" in schema:
            node: Any = self.document
            for raw in schema["$ref"].lstrip("#/").split("/"):
                segment = _unpct(raw).replace("~1", "/").replace("~0", "~")
                node = node[segment]
            schema = node
        return schema

    def value(self, schema: Any, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0 or depth > 12:
            raise Impossible()
        schema = self.resolve(schema)
        if self._nullable(schema) and self.rng.random() < 0.3:
            return None
        if not isinstance(schema, dict) or not _says_something(schema):
            # specgen reads a schema that says nothing as "any value but null".
            return self.rng.choice([1, "x", [1, None, {"k": "v"}], {"a": [True]}])
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return self.rng.choice([v for v in schema["enum"] if v is not None])
        for keyword in ("oneOf", "anyOf"):
            if keyword in schema:
                branches = [
                    b
                    for b in schema[keyword]
                    if not _is_null(b) and _says_something(self.resolve(b))
                ]
                if branches:
                    return self._union(branches, depth)
        if "allOf" in schema:
            if "properties" not in schema and len(schema["allOf"]) == 1:
                return self.value(schema["allOf"][0], depth)
            return self._object(self._merged(schema), depth, extras=False)
        types = schema.get("type")
        t = [x for x in types if x != "null"][0] if isinstance(types, list) else types
        if t == "array" and "prefixItems" in schema:
            return self._tuple(schema, depth)
        if t == "array":
            return self._items(schema["items"], depth)
        if t == "object":
            if "properties" in schema:
                return self._object(schema, depth, extras=True)
            return self._map(schema.get("additionalProperties", {}), depth)
        return self._primitive(t, schema.get("format"))

    def _nullable(self, schema: Any) -> bool:
        if not isinstance(schema, dict):
            return False
        if schema.get("nullable") is True:
            return True
        types = schema.get("type")
        if isinstance(types, list) and "null" in types:
            return True
        return any(_is_null(b) for k in ("oneOf", "anyOf") for b in schema.get(k, []))

    def _union(self, branches: list[Any], depth: int) -> Any:
        order = list(range(len(branches)))
        if self.rng.random() < 0.5:
            self.rng.shuffle(order)
        for index in order:
            try:
                result = self.value(branches[index], depth + 1)
            except Impossible:
                continue
            if index != 0 and len(branches) > 1:
                self.exact = False
            return result
        raise Impossible()

    def _merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {"properties": {}, "required": []}
        for member in schema["allOf"]:
            member = self.resolve(member)
            if "allOf" in member:
                member = {**member, **self._merged(member)}
            merged["properties"].update(member.get("properties", {}))
            merged["required"] += member.get("required", [])
        merged["properties"].update(schema.get("properties", {}))
        merged["required"] += schema.get("required", [])
        return merged

    def _object(self, schema: dict[str, Any], depth: int, *, extras: bool) -> Any:
        result: dict[str, Any] = {}
        required = set(schema.get("required", []))
        for name, prop in schema["properties"].items():
            if name in required or self.rng.random() < 0.5:
                try:
                    result[name] = self.value(prop, depth + 1)
                except Impossible:
                    if name in required:
                        raise
        additional = schema.get("additionalProperties")
        if extras and additional is not False and self.rng.random() < 0.3:
            key = "extra key \u2028\"'"
            if key not in schema["properties"]:
                try:
                    result[key] = self.value(additional or {}, depth + 1)
                except Impossible:
                    pass
        return result

    def _tuple(self, schema: dict[str, Any], depth: int) -> list[Any]:
        prefix = schema["prefixItems"]
        count = self.rng.randint(schema.get("minItems", 0), len(prefix))
        out = [self.value(item, depth + 1) for item in prefix[:count]]
        if count == len(prefix) and schema.get("items") is not False:
            out += self._items(schema.get("items", {}), depth)
        return out

    def _items(self, items: Any, depth: int) -> list[Any]:
        out = []
        for _ in range(self.rng.randint(0, 2)):
            try:
                out.append(self.value(items, depth + 1))
            except Impossible:
                break
        return out

    def _map(self, values: Any, depth: int) -> dict[str, Any]:
        out = {}
        for key in self.rng.sample(["", "a", '"""', "\x00"], self.rng.randint(0, 2)):
            try:
                out[key] = self.value(values if values is not True else {}, depth + 1)
            except Impossible:
                break
        return out

    def _primitive(self, t: Any, fmt: Any) -> Any:
        if t in ("integer", "number", "boolean"):
            return _sample_value(t, None, self.rng.randint(0, 2**31))
        if t == "string":
            return _string_value(fmt, self.rng)
        return self.rng.choice([1, "x", {"k": [1, None]}])


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or set(schema) == {"nullable"}
    )


_STRUCTURE = {"$ref", "type", "properties", "additionalProperties", "items"}
_STRUCTURE |= {"allOf", "oneOf", "anyOf", "enum", "const", "format"}


def _says_something(schema: Any) -> bool:
    """A union branch with no structural keyword (only a description) is ignored."""
    return isinstance(schema, dict) and bool(_STRUCTURE & set(schema))


def _unpct(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)
