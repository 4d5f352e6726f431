"""The package's README.md, prepared from the IR: what the template lays out.

Spec text reaches the README two ways only, so that no description can pass for
code or markup: prose goes through :func:`md_text` (one line, every character that
could open a link, an emphasis, an HTML tag or a code span escaped), names and URLs
shown as code through :func:`md_code`; code blocks hold generated identifiers and
Python literals (:func:`generator.python.fragments.py_literal`, one line each), fenced with
more backticks than they contain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

import msgspec

from generator import ir
from generator.python.auth import client_auth
from generator.python.clientview import GroupView, OperationView
from generator.python.fragments import py_literal
from generator.python.name_plan import NamePlan
from generator.text import printable

_MARKUP = re.compile(r"([\\`*_\[\]<>!|~&#])")
_LONGEST = 160
"""Characters of spec prose kept per line (a summary, not the whole description)."""


def md_text(text: str | None, limit: int = _LONGEST) -> str:
    """Spec prose as one line of plain markdown text: nothing in it is markup."""
    line = " ".join((text or "").split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    line = printable(line)  # before the markup escapes: they must escape its "\\"
    return _MARKUP.sub(r"\\\1", line)


def md_code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds (one line)."""
    line = printable(" ".join(text.split()))
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if line.startswith("`") or line.endswith("`") or not line else ""
    return f"{fence}{pad}{line}{pad}{fence}"


def md_cell_code(text: str) -> str:
    """:func:`md_code` for a table cell: a ``|`` would end the cell even in code."""
    return md_code(text).replace("|", "\\|")


def fence(code: str) -> str:
    """A backtick fence longer than any run of backticks in ``code``."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


class Call(msgspec.Struct, frozen=True):
    """One call written out: ``group.method`` and its ``name=value`` arguments."""

    target: str
    arguments: tuple[str, ...]

    def __str__(self) -> str:
        return self.target + "(...)" if self.arguments else self.target + "()"

    def code(self, before: str, indent: int = 0) -> str:
        """``before`` + the call, one argument a line with a trailing comma (a
        formatter keeps that layout)."""
        if not self.arguments:
            return f"{before}{self.target}()"
        pad = " " * (indent + 4)
        rows = "".join(f"{pad}{argument},\n" for argument in self.arguments)
        return f"{before}{self.target}(\n{rows}{' ' * indent})"


class _Examples:
    """Example values for arguments, from the spec's examples, else by type."""

    def __init__(self, api: ir.Api, names: NamePlan) -> None:
        self.models = {m.name: m for m in api.models}
        self.names = names
        self.imports: set[str] = set()

    def value(
        self, ref: ir.TypeRef, examples: Iterable[object] = (), depth: int = 0
    ) -> str:
        """The spec's first example when it is short plain JSON, else one by type."""
        for example in examples:
            if _plain_json(example):
                literal = py_literal(example)
                if len(literal) <= 80:
                    return literal
        return self._typed(ref, depth)

    def _typed(self, ref: ir.TypeRef, depth: int) -> str:
        if isinstance(ref, ir.NullOr):
            return self._typed(ref.inner, depth)
        if isinstance(ref, ir.Primitive):
            return self._primitive(ref)
        if isinstance(ref, ir.Const):
            return py_literal(ref.value) if _plain_json(ref.value) else "None"
        if isinstance(ref, ir.ListOf):
            return f"[{self._typed(ref.item, depth + 1)}]" if depth < 3 else "[]"
        if isinstance(ref, ir.TupleOf):
            return (
                "(" + "".join(self._typed(i, depth + 1) + ", " for i in ref.items) + ")"
            )
        if isinstance(ref, ir.Ref):
            return self._model(self.models[ref.name], depth)
        if isinstance(ref, ir.MapOf):
            return "{}"
        return "None"

    def _primitive(self, ref: ir.Primitive) -> str:
        if ref.type == "string":
            if ref.format == "date-time":
                self.imports.add("datetime")
                return "datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)"
            if ref.format == "date":
                self.imports.add("datetime")
                return "datetime.date(2025, 1, 1)"
            if ref.format in ("binary", "byte"):
                return 'b"..."'
            return '"..."'
        return {"integer": "1", "number": "1.0", "boolean": "True"}.get(
            ref.type, "None"
        )

    def _model(self, model: ir.Model, depth: int) -> str:
        if isinstance(model, ir.EnumModel):
            return py_literal(model.values[0]) if model.values else '"..."'
        if isinstance(model, ir.AliasModel):
            return self._typed(model.target, depth)
        if isinstance(model, ir.UnionModel):
            return self._typed(model.variants[0], depth) if model.variants else "None"
        if depth >= 3:
            return "{}"
        fields = [f for f in model.fields if f.required and not f.read_only]
        inner = ", ".join(
            f"{py_literal(f.name)}: {self.value(f.type, f.examples, depth + 1)}"
            for f in fields
        )
        return "{" + inner + "}"


def _plain_json(value: object) -> bool:
    """A value a README may show as a literal: JSON, not too big, no odd floats."""
    if value is None or isinstance(value, (bool, int, str)):
        return not isinstance(value, str) or len(value) <= 200
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    if isinstance(value, Mapping):
        return len(value) <= 8 and all(_plain_json(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return len(value) <= 4 and all(_plain_json(v) for v in value)
    return False


def example_call(view: OperationView, group: str, examples: _Examples) -> Call:
    """``group.method(required=...)``: the arguments a call cannot leave out."""
    arguments = []
    body = view.op.request_body
    for arg in view.args:
        if not arg.required or arg.default is not None:
            continue
        if arg.kind == "file":
            value = '("notes.txt", b"...")'
        elif arg.kind == "field" and body is not None:
            field = _field(examples.models, body.type, arg.wire)
            if field is None:
                value = examples.value(ir.AnyType())
            else:
                value = examples.value(field.type, field.examples)
        elif arg.kind == "body" and body is not None:
            value = examples.value(body.type)
        else:
            parameter = next(
                p
                for p in view.op.parameters
                if p.name == arg.wire and p.location == arg.kind
            )
            value = examples.value(parameter.type)
        arguments.append(f"{arg.name}={value}")
    return Call(f"{group}.{view.name}", tuple(arguments))


def _field(
    models: Mapping[str, ir.Model], ref: ir.TypeRef, wire: str
) -> ir.Field | None:
    seen: set[str] = set()
    while isinstance(ref, ir.Ref) and ref.name not in seen:
        seen.add(ref.name)
        model = models[ref.name]
        if isinstance(model, ir.ObjectModel):
            return next((f for f in model.fields if f.name == wire), None)
        if not isinstance(model, ir.AliasModel):
            return None
        ref = model.target
    return None


class GroupExample(msgspec.Struct, frozen=True):
    attribute: str
    methods: tuple[tuple[str, str], ...]
    """(method, its summary as markdown text)."""
    example: Call


def readme_context(
    api: ir.Api, names: NamePlan, groups: list[GroupView] | None, package: str
) -> dict[str, object]:
    """What ``README.md.jinja`` needs beyond the ``Api``."""
    examples = _Examples(api, names)
    found: list[GroupExample] = []
    views: list[tuple[str, OperationView]] = []
    for group in groups or ():
        ops = list(group.operations)
        chosen = next((v for v in ops if not v.op.deprecated), ops[0])
        found.append(
            GroupExample(
                attribute=group.attribute,
                methods=tuple(
                    (v.name, md_text(v.op.summary or _first_line(v.op.description)))
                    for v in ops
                ),
                example=example_call(chosen, group.attribute, examples),
            )
        )
        views.extend((group.attribute, v) for v in ops)

    def first(test: Callable[[OperationView], bool]) -> Call | None:
        for attribute, view in views:
            if test(view):
                return example_call(view, attribute, examples)
        return None

    def binary(view: OperationView) -> bool:
        return view.stream_item is None and any(
            value == "_response.content" for _, value in view.success
        )

    auth = [(names.schemes[s.name], s) for s in api.security_schemes]
    return {
        "package": package,
        "env_variable": package.upper() + "_LOG",
        "readme_groups": found,
        "auth": auth,
        "quick_auth": ", ".join(
            f"{argument}={_credential_example(scheme)}" for argument, scheme in auth[:1]
        ),
        "stream_example": first(lambda v: v.stream_item is not None),
        "page_example": first(lambda v: v.pagination is not None),
        "binary_example": first(binary),
        "readme_imports": sorted(examples.imports),
        "server_variables": _server_variables(api.servers),
        "model_example": _model_example(api, names, examples),
        "operation_servers": any(op.servers for op in api.operations),
        "md_text": md_text,
        "md_code": md_code,
        "md_cell_code": md_cell_code,
        "fence": fence,
        "py_literal": py_literal,
    }


def _server_variables(servers: Iterable[ir.Server]) -> list[ir.ServerVariable]:
    """Each variable of the servers once, as the first server to have it declares it."""
    found: dict[str, ir.ServerVariable] = {}
    for server in servers:
        for variable in server.variables:
            found.setdefault(variable.name, variable)
    return list(found.values())


def _model_example(
    api: ir.Api, names: NamePlan, examples: _Examples
) -> tuple[str, str] | None:
    """(class, a dict literal) for the first object model, in class name order."""
    objects = sorted(
        (m for m in api.models if isinstance(m, ir.ObjectModel)),
        key=lambda m: names.models[m.name].cls,
    )
    if not objects:
        return None
    model = objects[0]
    return names.models[model.name].cls, examples.value(ir.Ref(model.name))


def _credential_example(scheme: ir.SecurityScheme) -> str:
    kind = client_auth(scheme)
    if kind == "http_basic":
        return '("user", "password")'
    if kind == "oauth2_client_credentials":
        return '("client-id", "client-secret")'
    return '"..."'


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n", 1)[0]
