"""IR operations to what the client templates print: arguments, annotations, decoders.

The client module refers to the models as ``_models.X`` and to the TypedDicts as
``_td.XDict`` so that no model name can collide with a name of the client
(``Client``, a group class, a helper).  Builtins that a method of the same class
shadows (``client.models.list`` shadows ``list`` in its class body) are spelt
``builtins.list``.
"""

from __future__ import annotations

import http
import re
from dataclasses import dataclass
from typing import Literal

from generator import ir, naming
from generator.pyfilters import PythonTypes, docstring, py_literal

_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*)")
_BUILTIN_TYPES = frozenset(
    {"list", "dict", "str", "int", "float", "bool", "bytes", "tuple", "set", "object"}
)
_STDLIB_TYPES = {
    "datetime": "_dt.datetime",
    "date": "_dt.date",
    "UUID": "_uuid.UUID",
    "Decimal": "_decimal.Decimal",
}
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
# Names the generated method bodies define: arguments may not take them.
_METHOD_LOCALS = frozenset({"self"})
# Client constructor arguments other than the security schemes'.
CLIENT_ARGUMENTS = (
    "base_url",
    "headers",
    "timeout",
    "retries",
    "http_client",
    "on_request",
    "on_response",
)

ArgKind = Literal["path", "query", "header", "cookie", "field", "file", "body"]


@dataclass(frozen=True, slots=True)
class Arg:
    """One keyword argument of a generated method."""

    name: str
    wire: str
    kind: ArgKind
    annotation: str
    required: bool
    nullable: bool
    encode: str
    """An expression for the value to send, in terms of ``name``."""
    explode: bool = True
    description: str | None = None
    default: str | None = None
    """For a required value the spec gives a default: the literal, always sent."""

    @property
    def signature(self) -> str:
        if self.required and self.default is not None:
            return f"{self.name}: {self.annotation} = {self.default}"
        if self.required:
            return f"{self.name}: {self.annotation}"
        return f"{self.name}: {self.annotation} | _rt.Unset = _rt.UNSET"

    @property
    def condition(self) -> str:
        """When an optional argument is sent: given, and None only where null is allowed."""
        if self.nullable:
            return f"{self.name} is not _rt.UNSET"
        return f"{self.name} is not _rt.UNSET and {self.name} is not None"


@dataclass(frozen=True, slots=True)
class OperationView:
    op: ir.Operation
    name: str
    args: tuple[Arg, ...]
    path: str
    """A Python expression for the request path."""
    body: Literal["none", "json_fields", "json", "form", "multipart", "raw"]
    returns: str
    success: tuple[tuple[int | None, str], ...]
    """(status, expression returned for it); status None: any other 2XX."""
    errors: tuple[str, ...]
    """The entries of a dict literal: status key to error model decoder."""
    stream_item: str | None
    stream_decoder: str | None
    sentinel: str | None
    accept: str | None
    security: str
    retries: str | None
    doc: str

    def of(self, kind: str) -> tuple[Arg, ...]:
        return tuple(a for a in self.args if a.kind == kind)


@dataclass(frozen=True, slots=True)
class GroupView:
    attribute: str
    class_name: str
    async_class_name: str
    operations: tuple[OperationView, ...]
    doc: str


_CONST_TYPES: dict[type, Literal["string", "integer", "number", "boolean"]] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
}


def _without_consts(ref: ir.TypeRef) -> ir.TypeRef:
    """``ref`` with every const spelt as the JSON type of its value.

    The client module imports no ``typing.Literal`` (it once printed
    ``Literal["x"]`` for a const body field, a name it never defined), and a
    literal's text must not go through :meth:`ClientTypes.qualify`, which would
    rewrite a model's name inside it.  The wider type accepts the same values.
    """
    return ir.map_leaves(ref, _const_as_json_type)


def _const_as_json_type(ref: ir.TypeRef) -> ir.TypeRef:
    if not isinstance(ref, ir.Const):
        return ref
    kind = _CONST_TYPES.get(type(ref.value))
    return ir.AnyType() if kind is None else ir.Primitive(kind)


class ClientTypes:
    """Annotations and decoders for the client module, qualified as its imports demand."""

    def __init__(self, api: ir.Api, types: PythonTypes) -> None:
        self.api = api
        self.types = types
        self.models = {m.name: m for m in api.models}
        self.typed_dicts = {m.typed_dict_name for m in api.models}

    def qualify(self, text: str, shadowed: frozenset[str]) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in self.models or name.startswith(("_decode_", "_encode_")):
                return f"_models.{name}"
            if name in self.typed_dicts:
                return f"_td.{name}"
            if name in _STDLIB_TYPES:
                return _STDLIB_TYPES[name]
            if name in shadowed:
                return f"builtins.{name}"
            return name

        return _NAME.sub(replace, text)

    def output(self, ref: ir.TypeRef, shadowed: frozenset[str]) -> str:
        return self.qualify(self.types.annotation(_without_consts(ref)), shadowed)

    def decoder(self, ref: ir.TypeRef) -> str:
        return self.qualify(self.types.decoder(ref), frozenset())

    def input(self, ref: ir.TypeRef, shadowed: frozenset[str]) -> str:
        """What a caller may pass: a model, or a plain dict shaped like its TypedDict."""
        return self.qualify(self._input(_without_consts(ref)), shadowed)

    def _input(self, ref: ir.TypeRef) -> str:
        if isinstance(ref, ir.Ref):
            model = self.models[ref.name]
            if isinstance(model, ir.EnumModel):
                return self.types.annotation(ref)
            return f"{model.name} | {model.typed_dict_name}"
        if isinstance(ref, ir.ListOf):
            return f"Sequence[{self._input(ref.item)}]"
        if isinstance(ref, ir.MapOf):
            return f"Mapping[str, {self._input(ref.value)}]"
        if isinstance(ref, ir.NullOr):
            return f"{self._input(ref.inner)} | None"
        return self.types.annotation(ref)

    def needs_encoding(self, ref: ir.TypeRef) -> bool:
        if isinstance(ref, ir.Ref) and isinstance(self.models[ref.name], ir.EnumModel):
            return True
        return self.types.encoder(ref) is not None

    def object_model(self, ref: ir.TypeRef) -> ir.ObjectModel | None:
        """The object model a type names (through aliases), or None."""
        if isinstance(ref, ir.Ref):
            model = self.models[ref.name]
            if isinstance(model, ir.AliasModel):
                return self.object_model(model.target)
            if isinstance(model, ir.ObjectModel):
                return model
        return None


def build_groups(api: ir.Api, types: PythonTypes) -> list[GroupView]:
    client_types = ClientTypes(api, types)
    by_group: dict[str, list[ir.Operation]] = {}
    for op in api.operations:
        by_group.setdefault(op.group, []).append(op)
    class_names = naming.assign_unique(
        {g: naming.class_name(g) + "Operations" for g in by_group},
        sort_key={g: g for g in by_group},
        taken={"Client", "AsyncClient", "Any", "Sequence", "Mapping", "IO"},
        also_takes=("Async",),
    )
    groups = []
    for group in sorted(by_group):
        ops = by_group[group]
        shadowed = frozenset(o.method for o in ops) & _BUILTIN_TYPES
        views = tuple(_operation(api, client_types, op, shadowed) for op in ops)
        groups.append(
            GroupView(
                attribute=group,
                class_name=class_names[group],
                async_class_name="Async" + class_names[group],
                operations=views,
                doc=docstring(f"Operations of the {group} group."),
            )
        )
    return groups


def error_classes(api: ir.Api) -> list[tuple[int, str, str]]:
    """(status, class name, base class) for every error status an operation declares."""
    statuses = sorted(
        {
            int(r.status)
            for op in api.operations
            for r in op.responses
            if r.status.isdigit() and int(r.status) >= 400
        }
    )
    taken = {"APIError", "ClientError", "ServerError", "SDKError"}
    taken |= {"APIConnectionError", "APITimeoutError", "StreamError"}
    found = []
    for status in statuses:
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = f"Status {status}"
        name = naming.class_name(phrase)
        name = name if name.endswith("Error") else name + "Error"
        if name in taken:
            name = f"Status{status}Error"
        taken.add(name)
        base = "ClientError" if status < 500 else "ServerError"
        found.append((status, name, base))
    return found


def _operation(
    api: ir.Api, types: ClientTypes, op: ir.Operation, shadowed: frozenset[str]
) -> OperationView:
    args: list[Arg] = []
    for p in op.parameters:
        annotation = types.input(p.type, shadowed)
        if p.nullable and not annotation.endswith("| None"):
            annotation += " | None"
        explode = p.explode if p.explode is not None else (p.style in (None, "form"))
        args.append(
            Arg(
                name=p.python_name,
                wire=p.name,
                kind=p.location,
                annotation=annotation,
                required=p.required,
                nullable=p.nullable,
                encode=p.python_name,
                explode=explode,
                description=p.description,
            )
        )
    body: Literal["none", "json_fields", "json", "form", "multipart", "raw"] = "none"
    rb = op.request_body
    if rb is not None:
        content = rb.content_type.split(";")[0].strip().lower()
        model = types.object_model(rb.type)
        if (
            model is not None
            and types.types.is_extended(model.name)
            and _is_json(content)
        ):
            # A JSON body that may be a subclass (a Dog for a Pet) is passed whole:
            # its fields are not the parent's alone, so they cannot be arguments.
            model = None
        if content == "multipart/form-data" and model is not None:
            body = "multipart"
        elif content == "application/x-www-form-urlencoded" and model is not None:
            body = "form"
        elif (content == "application/json" or content.endswith("+json")) and (
            model is not None
        ):
            body = "json_fields"
        elif content == "application/json" or content.endswith("+json"):
            body = "json"
        else:
            body = "raw"
        if model is not None and body in ("json_fields", "form", "multipart"):
            for field in model.fields:
                if field.read_only:
                    continue
                is_file = body == "multipart" and (
                    field.type == ir.Primitive("string", "binary")
                    or field.type == ir.Primitive("string", "byte")
                )
                annotation = (
                    "_http.FileInput" if is_file else types.input(field.type, shadowed)
                )
                if field.nullable and not annotation.endswith("| None"):
                    annotation += " | None"
                encode = field.python_name
                if not is_file and types.needs_encoding(field.type):
                    encode = f"_rt.encode_any({field.python_name})"
                args.append(
                    Arg(
                        name=field.python_name,
                        wire=field.name,
                        kind="file" if is_file else "field",
                        annotation=annotation,
                        required=field.required and rb.required,
                        nullable=field.nullable,
                        encode=encode,
                        description=field.description,
                        default=_argument_default(types, field, is_file),
                    )
                )
        else:
            if body == "raw":
                annotation = "bytes | str"
                encode = "body"
            else:
                annotation = types.input(rb.type, shadowed)
                encode = (
                    "_rt.encode_any(body)" if types.needs_encoding(rb.type) else "body"
                )
            args.append(
                Arg(
                    name="body",
                    wire="",
                    kind="body",
                    annotation=annotation,
                    required=rb.required,
                    nullable=False,
                    encode=encode,
                    description=rb.description,
                )
            )
    args = _unique_names(args)
    args.sort(key=lambda a: not a.required or a.default is not None)

    successes = [r for r in op.responses if r.status.startswith("2")]
    if not successes:
        # With no 2XX response declared, ``default`` describes the success too.
        successes = [r for r in op.responses if r.status == "default"]
    stream = next((r for r in successes if r.streaming), None)
    stream_item = stream_decoder = None
    success: list[tuple[int | None, str]] = []
    accept: str | None = None
    if stream is not None:
        event_type = stream.type or ir.AnyType()
        stream_item = types.output(event_type, shadowed)
        envelope = types.object_model(event_type)
        decoder = types.decoder(event_type)
        if envelope is not None and any(f.name == "data" for f in envelope.fields):
            keys = sorted(f.name for f in envelope.fields)
            data_field = next(f for f in envelope.fields if f.name == "data")
            json_data = data_field.type != ir.Primitive("string")
            stream_decoder = (
                f"_http.event_decoder({decoder}, envelope=frozenset({{{', '.join(py_literal(k) for k in keys)}}}),"
                f" json_data={json_data})"
            )
        else:
            json_data = event_type != ir.Primitive("string")
            stream_decoder = f"_http.event_decoder({decoder}, json_data={json_data})"
        returns = f"_http.Stream[{stream_item}]"
        accept = "text/event-stream"
    else:
        annotations: list[str] = []
        for r in successes:
            expression, annotation = _success_value(types, r, shadowed)
            success.append((_status(r.status), expression))
            annotations.append(annotation)
        if not success:
            success.append((None, "None"))
            annotations.append("None")
        success.sort(key=lambda s: s[0] is None)
        returns = " | ".join(dict.fromkeys(annotations))
        if returns != "None" and "None" in annotations:
            returns = " | ".join(a for a in dict.fromkeys(annotations) if a != "None")
            returns += " | None"
        if any(r.content_type and _is_json(r.content_type) for r in successes):
            accept = "application/json"
    error_decoders = [
        f"{py_literal(r.status)}: {types.decoder(r.type)}"
        for r in op.responses
        if not r.status.startswith("2")
        and r.type is not None
        and r.content_type is not None
        and not r.streaming
    ]
    retries = None if op.retries is None else retry_config(op.retries)
    text = op.description or op.summary or ""
    if op.summary and op.description:
        text = f"{op.summary}\n\n{op.description}"
    if op.deprecated:
        text = "Deprecated." + ("\n\n" + text if text else "")
    described = [a for a in args if a.description]
    if described:
        text += "\n\nArguments:\n" + "\n".join(
            f"    {a.name}: {' '.join(str(a.description).split())}" for a in described
        )
    return OperationView(
        op=op,
        name=op.method,
        args=tuple(args),
        path=_path_expression(op.path, args),
        body=body,
        returns=returns,
        success=tuple(success),
        errors=tuple(error_decoders),
        stream_item=stream_item,
        stream_decoder=stream_decoder,
        sentinel=None if stream is None else stream.sse_sentinel,
        accept=accept,
        security=_security(api, op),
        retries=retries,
        doc=docstring(text.strip()) if text.strip() else "",
    )


def _is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _success_value(
    types: ClientTypes, response: ir.Response, shadowed: frozenset[str]
) -> tuple[str, str]:
    """What a success response returns: decoded JSON, text, bytes or None."""
    if response.content_type is None:
        return "None", "None"
    if _is_json(response.content_type):
        ref = response.type or ir.AnyType()
        decoded = f"_http.decode_json(_response, {types.decoder(ref)})"
        return decoded, types.output(ref, shadowed)
    if response.content_type.lower().startswith("text/"):
        return "_response.text", types.qualify("str", shadowed)
    return "_response.content", types.qualify("bytes", shadowed)


def retry_config(policy: ir.RetryPolicy, *, non_idempotent: bool = True) -> str:
    """A ``RetryConfig(...)`` expression for a policy the spec configured."""
    if not policy.status_codes and not policy.retry_connection_errors:
        return "None"
    return (
        "_http.RetryConfig("
        f"initial_interval={policy.initial_interval_ms / 1000!r}, "
        f"max_interval={policy.max_interval_ms / 1000!r}, "
        f"exponent={float(policy.exponent)!r}, "
        f"max_elapsed={policy.max_elapsed_ms / 1000!r}, "
        "max_retries=None, "
        f"status_codes=({''.join(py_literal(c) + ', ' for c in policy.status_codes)}), "
        f"connection_errors={policy.retry_connection_errors}, "
        f"non_idempotent={non_idempotent})"
    )


def _status(status: str) -> int | None:
    return int(status) if status.isdigit() else None


def _security(api: ir.Api, op: ir.Operation) -> str:
    known = {s.name for s in api.security_schemes}
    alternatives = [
        tuple(name for name in alternative if name in known)
        for alternative in op.security
    ]
    if not any(alternatives):
        return "()"
    parts = []
    for alternative in alternatives:
        inner = "".join(py_literal(name) + ", " for name in alternative)
        parts.append(f"({inner})")
    return "(" + "".join(p + ", " for p in parts) + ")"


def _unique_names(args: list[Arg]) -> list[Arg]:
    """Parameters keep their names; a body field that collides with one gets a suffix."""
    chosen = naming.assign_unique(
        {index: arg.name for index, arg in enumerate(args)},
        sort_key={
            index: f"{int(arg.kind in ('field', 'file', 'body'))}{arg.kind}{arg.wire}"
            for index, arg in enumerate(args)
        },
        taken=_METHOD_LOCALS,
        suffix="_",
    )
    result = []
    for index, arg in enumerate(args):
        name = chosen[index]
        if name != arg.name:
            arg = Arg(
                name=name,
                wire=arg.wire,
                kind=arg.kind,
                annotation=arg.annotation,
                required=arg.required,
                nullable=arg.nullable,
                encode=re.sub(rf"\b{re.escape(arg.name)}\b", name, arg.encode),
                explode=arg.explode,
                description=arg.description,
                default=arg.default,
            )
        result.append(arg)
    return result


def _path_expression(path: str, args: list[Arg]) -> str:
    """The path as concatenated literals and encoded arguments: spec text stays a literal."""
    by_wire = {a.wire: a for a in args if a.kind == "path"}
    parts: list[str] = []
    position = 0
    for match in re.finditer(r"\{([^{}]+)\}", path):
        arg = by_wire.get(match.group(1))
        if arg is None:
            continue
        if match.start() > position:
            parts.append(py_literal(path[position : match.start()]))
        parts.append(f"_http.path_value({arg.name})")
        position = match.end()
    if position < len(path) or not parts:
        parts.append(py_literal(path[position:]))
    return " + ".join(parts)


def client_context(api: ir.Api, types: PythonTypes, package: str) -> dict[str, object]:
    """What the client templates need beyond the ``Api``."""
    errors = error_classes(api)
    model_names = {m.name for m in api.models}
    if api.retries is not None:
        default_retries = retry_config(api.retries)
    else:
        default_retries = "_http.RetryConfig()"
    version = "".join(ch for ch in api.version if ch.isprintable() and ch != " ")
    return {
        "groups": build_groups(api, types),
        "errors": errors,
        "exported_errors": [e for e in errors if e[1] not in model_names],
        "default_retries": default_retries,
        "user_agent": f"{package}/{version or '0'} (specgen; python-httpx)",
    }


def _argument_default(types: ClientTypes, field: ir.Field, is_file: bool) -> str | None:
    """A required body field's default, when it is a plain literal (not a factory)."""
    if not field.required or not field.has_default or is_file:
        return None
    default = types.types.default(field, module="_models.")
    if default is None or default.startswith("field("):
        return None
    return default
