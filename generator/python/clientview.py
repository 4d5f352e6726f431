"""IR operations to what the client templates print: arguments, annotations, decoders.

The client module refers to the models as ``_models.X`` and to the TypedDicts as
``_td.XDict`` so that no model name can collide with a name of the client
(``Client``, a group class, a helper).  Builtins that a method of the same class
shadows (``client.models.list`` shadows ``list`` in its class body) are spelt
``builtins.list``: see :class:`generator.python.fragments.Spelling`.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from generator import ir
from generator.ir.callshape import BodyKind, CallShapes, Slot, SlotKind
from generator.ir.media import essence
from generator.ir.pagination_path import follow, list_item
from generator.python.fragments import (
    CLIENT,
    Code,
    PythonTypes,
    Spelling,
    docstring,
    py_literal,
)
from generator.python.name_plan import BUILTINS, NamePlan, OperationNames


class Arg(msgspec.Struct, frozen=True):
    """One keyword argument of a generated method."""

    name: str
    wire: str
    kind: SlotKind
    annotation: str
    required: bool
    nullable: bool
    explode: bool = True
    deep: bool = False
    """A query object in ``deepObject`` style: ``name[key]=value``."""
    description: str | None = None
    default: str | None = None
    """For a required value the spec gives a default: the literal, always sent."""
    encoder: str | None = None
    """The function that turns the value into JSON, if it needs one (an optional
    body field hands it to ``_http.add_field``)."""

    @property
    def encode(self) -> str:
        """An expression for the value to send, in terms of ``name``."""
        return self.name if self.encoder is None else f"{self.encoder}({self.name})"

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
            return f"not isinstance({self.name}, _rt.Unset)"
        return f"not isinstance({self.name}, _rt.Unset) and {self.name} is not None"


class OperationView(msgspec.Struct, frozen=True):
    op: ir.Operation
    name: str
    args: tuple[Arg, ...]
    path: str
    """A Python expression for the request path."""
    body: BodyKind
    returns: str
    success: tuple[tuple[str | None, str], ...]
    """(condition on ``_response``, expression returned when it holds); the last
    case, with no condition, is taken by every other success status."""
    errors: tuple[str, ...]
    """The entries of a dict literal: status key to error model decoder."""
    stream_item: str | None
    stream_decoder: str | None
    sentinel: str | None
    accept: str | None
    security: str
    retries: str | None
    doc: str
    optional_json: bool = False
    """The JSON body is optional: sent only when some property is given."""
    extra_body: bool = False
    """The body is an object: the caller's ``extra_body`` adds properties to it."""
    servers: str | None = None
    """A tuple of ``_http.Server`` for an operation with its own servers."""
    lines: bool = False
    """The stream is JSON lines (``application/x-ndjson``...), not an event stream."""
    pagination: str | None = None
    """The ``_http.Pagination(...)`` of a paginated operation."""
    page_item: str | None = None
    """The annotation of one item of a paginated operation's pages."""
    spelling: Spelling = CLIENT
    """How the group's class writes builtins: ``builtins.float`` where a method of the
    group is called ``float`` (the per-call options' annotations read them too)."""

    def spell(self, name: str) -> str:
        """A builtin the template writes itself (``float``), as the class must."""
        return self.spelling.name(name).text

    def of(self, kind: str) -> tuple[Arg, ...]:
        return tuple(a for a in self.args if a.kind == kind)

    def value(self, is_async: bool) -> str:
        """What one response gives: the operation's value, or its stream of events."""
        if self.stream_item is not None:
            stream = "AsyncStream" if is_async else "Stream"
            return f"_http.{stream}[{self.stream_item}]"
        return self.returns

    def result(self, is_async: bool) -> str:
        """What the method returns: the value, or a pager over the pages."""
        if self.pagination is not None:
            pager = "AsyncPager" if is_async else "Pager"
            return f"_http.{pager}[{self.page_item}, {self.returns}]"
        return self.value(is_async)

    def raw_wrapper(self, is_async: bool) -> str:
        """The ``_http`` function that types this method in a raw client."""
        if not is_async:
            return "raw"
        return "async_raw_pager" if self.pagination is not None else "async_raw"


class GroupView(msgspec.Struct, frozen=True):
    attribute: str
    class_name: str
    async_class_name: str
    raw_class_name: str
    async_raw_class_name: str
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
    ``Literal["x"]`` for a const body field, a name it never defined); the wider
    type accepts the same values.
    """
    return ir.map_leaves(ref, _const_as_json_type)


def _const_as_json_type(ref: ir.TypeRef) -> ir.TypeRef:
    if not isinstance(ref, ir.Const):
        return ref
    kind = _CONST_TYPES.get(type(ref.value))
    return ir.AnyType() if kind is None else ir.Primitive(kind)


class ClientTypes:
    """Annotations and decoders as the client module spells them."""

    def __init__(self, api: ir.Api, types: PythonTypes) -> None:
        self.api = api
        self.types = types
        self.models = {m.name: m for m in api.models}
        self.shapes = CallShapes(api.models)

    def output(self, ref: ir.TypeRef, spelling: Spelling) -> str:
        return self.types.annotation(_without_consts(ref), spelling)

    def decoder(self, ref: ir.TypeRef) -> str:
        return self.types.decoder(ref, CLIENT)

    def input(self, ref: ir.TypeRef, spelling: Spelling) -> str:
        """What a caller may pass: a model, or a plain dict shaped like its TypedDict."""
        return _Input(self, spelling)(_without_consts(ref)).text

    def needs_encoding(self, ref: ir.TypeRef) -> bool:
        if isinstance(ref, ir.Ref) and isinstance(self.models[ref.name], ir.EnumModel):
            return True
        return self.types.encoder(ref) is not None

    def object_model(self, ref: ir.TypeRef) -> ir.ObjectModel | None:
        """The object model a type names (through aliases), or None."""
        return self.shapes.object_model(ref)

    def holds_object(self, ref: ir.TypeRef) -> bool:
        """Whether a value of the type may be an object: an object model, a map, or
        a union or alias that may be one (Stripe's ``created``: an object or an
        integer).  A query parameter's such value is encoded to a dict."""
        seen: set[str] = set()
        pending = [ref]
        while pending:
            for part in ir.walk(pending.pop()):
                if isinstance(part, ir.MapOf):
                    return True
                if isinstance(part, ir.Ref) and part.name not in seen:
                    seen.add(part.name)
                    model = self.models[part.name]
                    if isinstance(model, ir.ObjectModel):
                        return True
                    if isinstance(model, ir.UnionModel):
                        pending.extend(model.variants)
                    elif isinstance(model, ir.AliasModel):
                        pending.append(model.target)
        return False


class _Input(ir.TypeFold[Code]):
    """A type as a method argument accepts it: models also as dicts, lists as sequences."""

    __slots__ = ("_client", "_spelling")

    def __init__(self, client: ClientTypes, spelling: Spelling) -> None:
        self._client = client
        self._spelling = spelling

    def _annotation(self, ref: ir.TypeRef) -> Code:
        return self._client.types.annotation_code(ref, self._spelling)

    def primitive(self, ref: ir.Primitive) -> Code:
        return self._annotation(ref)

    def list_of(self, ref: ir.ListOf, item: Code) -> Code:
        return Code(f"Sequence[{item.text}]", item.names | {"Sequence"})

    def tuple_of(
        self, ref: ir.TupleOf, items: tuple[Code, ...], rest: Code | None
    ) -> Code:
        return self._annotation(ref)  # a tuple is passed as the tuple it decodes to

    def map_of(self, ref: ir.MapOf, value: Code) -> Code:
        key = self._spelling.name("str")
        return Code(
            f"Mapping[{key.text}, {value.text}]", value.names | key.names | {"Mapping"}
        )

    def null_or(self, ref: ir.NullOr, inner: Code) -> Code:
        return inner | Code("None", frozenset())

    def ref(self, ref: ir.Ref) -> Code:
        if isinstance(self._client.models[ref.name], ir.EnumModel):
            return self._annotation(ref)
        return self._annotation(ref) | self._client.types.wire_annotation(
            ref, self._spelling
        )

    def const(self, ref: ir.Const) -> Code:
        return self._annotation(ref)

    def any(self, ref: ir.AnyType) -> Code:
        return self._annotation(ref)


def build_groups(api: ir.Api, types: PythonTypes, names: NamePlan) -> list[GroupView]:
    client_types = ClientTypes(api, types)
    by_group: dict[str, list[ir.Operation]] = {}
    for op in names.in_order(api.operations, names.operations):
        by_group.setdefault(names.operations[op.id].group, []).append(op)
    groups = []
    for attribute in sorted(by_group):
        ops = by_group[attribute]
        group = names.groups[attribute]
        methods = frozenset(names.operations[op.id].method for op in ops)
        spelling = CLIENT.shadowing(methods & BUILTINS)
        views = tuple(
            _operation(api, client_types, names.operations[op.id], op, spelling)
            for op in ops
        )
        groups.append(
            GroupView(
                attribute=attribute,
                class_name=group.cls,
                async_class_name=group.async_cls,
                raw_class_name=group.raw_cls,
                async_raw_class_name=group.async_raw_cls,
                operations=views,
                doc=docstring(f"Operations of the {attribute} group."),
            )
        )
    return groups


def error_classes(api: ir.Api, names: NamePlan) -> list[tuple[int, str, str]]:
    """(status, class name, base class) for every error status an operation declares."""
    statuses = sorted(
        {
            int(r.status)
            for op in api.operations
            for r in op.responses
            if r.status.isdigit() and int(r.status) >= 400
        }
    )
    return [
        (status, names.errors[status], "ClientError" if status < 500 else "ServerError")
        for status in statuses
    ]


def _operation(
    api: ir.Api,
    types: ClientTypes,
    names: OperationNames,
    op: ir.Operation,
    spelling: Spelling,
) -> OperationView:
    shape = types.shapes.of(op)
    args = [
        _argument(types, op, shape.body, slot, name, spelling)
        for slot, name in zip(shape.slots, names.arguments, strict=True)
    ]
    args.sort(key=lambda a: not a.required or a.default is not None)
    body = shape.body

    successes = [r for r in op.responses if r.status.startswith("2")]
    if not successes:
        # With no 2XX response declared, ``default`` describes the success too.
        successes = [r for r in op.responses if r.status == "default"]
    stream = next((r for r in successes if r.streaming), None)
    stream_item = stream_decoder = None
    lines = False
    success: list[tuple[int | None, str]] = []
    accept: str | None = None
    if stream is not None:
        event_type = stream.type or ir.AnyType()
        stream_item = types.output(event_type, spelling)
        envelope = types.object_model(event_type)
        decoder = types.decoder(event_type)
        lines = stream.media == "json_lines"
        if lines:
            # JSON lines: each line is one JSON value of the item type.
            stream_decoder = f"_http.event_decoder({decoder})"
        elif envelope is not None and any(f.name == "data" for f in envelope.fields):
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
        accept = essence(stream.content_type or "") or "text/event-stream"
    else:
        annotations: list[str] = []
        for r in successes:
            expression, annotation = _success_value(types, r, spelling)
            success.append((_status(r.status), expression))
            annotations.append(annotation)
        if not success:
            success.append((None, "None"))
            annotations.append("None")
        returns = " | ".join(dict.fromkeys(annotations))
        if returns != "None" and "None" in annotations:
            returns = " | ".join(a for a in dict.fromkeys(annotations) if a != "None")
            returns += " | None"
        if any(r.media == "json" for r in successes):
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
    pagination = page_item = None
    if op.pagination is not None and successes:
        pagination, page_item = _pagination(
            types, op.pagination, successes[0], args, spelling
        )
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
        name=names.method,
        args=tuple(args),
        path=_path_expression(op.path_parts, args),
        body=body,
        returns=returns,
        success=_success_cases(success),
        errors=tuple(error_decoders),
        stream_item=stream_item,
        stream_decoder=stream_decoder,
        sentinel=None if stream is None else stream.sse_sentinel,
        accept=accept,
        lines=lines,
        security=_security(api, op),
        retries=retries,
        # Every operation has a docstring: the async class declares its methods
        # under ``if TYPE_CHECKING:``, where a def needs a body.
        doc=docstring(text.strip() or f"{op.http_method.upper()} {op.path}"),
        optional_json=body == "json_fields"
        and op.request_body is not None
        and not op.request_body.required,
        extra_body=_object_body(types, op, body),
        servers=_servers(op.servers) if op.servers else None,
        pagination=pagination,
        page_item=page_item,
        spelling=spelling,
    )


def _object_body(types: ClientTypes, op: ir.Operation, body: BodyKind) -> bool:
    """Whether the request body is an object, which ``extra_body`` can add to."""
    if body in ("json_fields", "form", "multipart"):
        return True
    if body != "json" or op.request_body is None:
        return False
    ref = op.request_body.type
    while isinstance(ref, ir.NullOr):
        ref = ref.inner
    if isinstance(ref, (ir.MapOf, ir.AnyType)):
        return True
    return types.object_model(ref) is not None


def _servers(servers: tuple[ir.Server, ...]) -> str:
    """A tuple display of ``_http.Server`` for ``servers`` (an operation's)."""
    return _display([_server(s) for s in servers], magic=True)


def _server(server: ir.Server) -> str:
    """``_http.Server(url, ((name, default, (allowed, ...)), ...))``, spec text as
    literals, on one line.

    A server with variables ends its displays with a trailing comma: the formatter
    then keeps them one item a line however short (the comma is magic), so that
    the long lists of allowed values of many specs read one a line.
    """
    url = py_literal(server.url)
    if not server.variables:
        return f"_http.Server({url})"
    variables = [
        _display(
            [
                py_literal(v.name),
                py_literal(v.default),
                _display([py_literal(e) for e in v.enum], magic=True),
            ],
            magic=True,
        )
        for v in server.variables
    ]
    return f"_http.Server({url}, {_display(variables, magic=True)},)"


def _display(items: list[str], magic: bool = False) -> str:
    """A tuple display of *items*; with *magic*, a trailing comma after the last
    (a one-tuple has its comma anyway)."""
    if not items:
        return "()"
    if len(items) == 1 or magic:
        return "(" + "".join(f"{item}, " for item in items)[:-1] + ")"
    return "(" + ", ".join(items) + ")"


_SCHEME_TYPES = {
    "http_bearer": "str",
    "http_basic": "tuple[str, str]",
    "api_key": "str",
    "oauth2_client_credentials": "str | tuple[str, str]",
}
"""What the client's constructor takes for each kind of security scheme."""

_FIRST_PAGE = {"offset": 0, "page": 1, "cursor": None, "url": None}
"""The input's value when the caller and the spec give none: the first page."""


def _pagination(
    types: ClientTypes,
    pagination: ir.Pagination,
    response: ir.Response,
    args: list[Arg],
    spelling: Spelling,
) -> tuple[str, str]:
    """The ``_http.Pagination(...)`` of an operation, and its items' annotation."""
    page = response.type or ir.AnyType()
    models = types.models

    def path(steps: tuple[ir.PathSegment, ...]) -> str:
        walked, _ = follow(models, page, steps)
        parts = []
        for step in walked:
            if step.how == "field" and step.model is not None:
                attribute = types.types.names.models[step.model].fields[
                    str(step.segment)
                ]
                parts.append(py_literal(attribute))
            else:
                parts.append(py_literal(step.segment))
        return "(" + "".join(p + ", " for p in parts) + ")"

    def argument(found: ir.PageInput) -> str:
        kinds = ("field",) if found.location == "body" else (found.location,)
        arg = next((a for a in args if a.kind in kinds and a.wire == found.name), None)
        return "_rt.UNSET" if arg is None else arg.name

    parts = [py_literal(pagination.kind)]
    if pagination.input is not None:
        where = pagination.input
        start = (
            where.default if where.default is not None else _FIRST_PAGE[pagination.kind]
        )
        parts.append(f"({py_literal(where.location)}, {py_literal(where.name)})")
        parts.append(argument(where))
        parts.append(py_literal(start))
    if pagination.limit is not None:
        parts.append(f"limit={argument(pagination.limit)}")
        if isinstance(pagination.limit.default, int):
            parts.append(f"limit_default={pagination.limit.default!r}")
    for key in ("results", "next", "pages"):
        steps = getattr(pagination, key)
        if steps is not None:
            parts.append(f"{key}={path(steps)}")
    if pagination.results is None:
        item = types.output(page, spelling)
    else:
        reached = follow(models, page, pagination.results)[1]
        item = types.output(list_item(models, reached) or ir.AnyType(), spelling)
    return f"_http.Pagination({', '.join(parts)})", item


def _success_value(
    types: ClientTypes, response: ir.Response, spelling: Spelling
) -> tuple[str, str]:
    """What a success response returns: decoded JSON, text, bytes or None."""
    if response.content_type is None:
        return "None", "None"
    if response.media == "json":
        ref = response.type or ir.AnyType()
        decoded = f"_http.decode_json(_response, {types.decoder(ref)})"
        return decoded, types.output(ref, spelling)
    if response.media in ("text", "event_stream"):
        return "_response.text", spelling.name("str").text
    return "_response.content", spelling.name("bytes").text


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


def _success_cases(
    success: list[tuple[int | None, str]],
) -> tuple[tuple[str | None, str], ...]:
    """The branches of a success response, from each declared status and its value.

    The fallback, taken by any status not checked before it, is the first range or
    ``default`` (status None) or else the last status declared.  Statuses that
    return what the fallback returns need no branch of their own (kubernetes's 200,
    201 and 202 decode the same model in 402 operations), and statuses that return
    the same value share one branch.
    """
    if not success:  # a stream: its response is not decoded here
        return ()
    codes = [(status, value) for status, value in success if status is not None]
    ranges = [value for status, value in success if status is None]
    fallback = ranges[0] if ranges else codes.pop()[1]
    statuses_by_value: dict[str, list[int]] = {}
    for status, value in codes:
        if value != fallback:
            statuses_by_value.setdefault(value, []).append(status)
    cases: list[tuple[str | None, str]] = []
    for value, statuses in statuses_by_value.items():
        if len(statuses) == 1:
            condition = f"_response.status_code == {statuses[0]}"
        else:
            condition = f"_response.status_code in ({', '.join(map(str, statuses))})"
        cases.append((condition, value))
    cases.append((None, fallback))
    return tuple(cases)


def _security(api: ir.Api, op: ir.Operation) -> str:
    known = {s.name for s in api.security_schemes}
    # Alternatives that differ only in their scopes are one alternative here.
    alternatives = list(
        dict.fromkeys(
            tuple(name for name in alternative if name in known)
            for alternative in op.security
        )
    )
    if not any(alternatives):
        return "()"
    return _display([_display([py_literal(n) for n in a]) for a in alternatives])


def _argument(
    types: ClientTypes,
    op: ir.Operation,
    body: BodyKind,
    slot: Slot,
    name: str,
    spelling: Spelling,
) -> Arg:
    """One argument, spelt: its annotation, when it is sent and how it is encoded."""
    if slot.parameter is not None:
        p = slot.parameter
        annotation = types.input(p.type, spelling)
        if p.nullable and not isinstance(p.type, ir.NullOr):
            annotation += " | None"
        explode = p.explode if p.explode is not None else (p.style in (None, "form"))
        # An object arrives as a dataclass or a dict: the wire wants the dict (the
        # runtime writes scalars, enums and dates itself).
        is_object = types.holds_object(p.type)
        return Arg(
            name=name,
            wire=p.name,
            kind=slot.kind,
            annotation=annotation,
            required=p.required,
            nullable=p.nullable,
            explode=explode,
            deep=p.style == "deepObject",
            encoder=_ENCODE_ANY if is_object else None,
            description=p.description,
        )
    rb = op.request_body
    assert rb is not None
    field = slot.field
    if field is not None:
        is_file = slot.kind == "file"
        if is_file:
            annotation = "_http.FileInput"
        else:
            annotation = types.input(field.type, spelling)
        if field.nullable and (is_file or not isinstance(field.type, ir.NullOr)):
            annotation += " | None"
        encoder = None
        if not is_file and types.needs_encoding(field.type):
            encoder = _ENCODE_ANY
        return Arg(
            name=name,
            wire=field.name,
            kind=slot.kind,
            annotation=annotation,
            required=field.required and rb.required,
            nullable=field.nullable,
            encoder=encoder,
            description=field.description,
            default=_argument_default(types, field, is_file),
        )
    encoder = None
    if body == "raw":
        annotation = "bytes | str"
    else:
        annotation = types.input(rb.type, spelling)
        if types.needs_encoding(rb.type):
            encoder = _ENCODE_ANY
    return Arg(
        name=name,
        wire="",
        kind="body",
        annotation=annotation,
        required=rb.required,
        nullable=False,
        encoder=encoder,
        description=rb.description,
    )


_ENCODE_ANY = "_rt.encode_any"
"""The encoder of a body or field value that is not JSON as it is (models, enums,
dates): it encodes whatever it is given."""


def _path_expression(path: tuple[ir.PathPart, ...], args: list[Arg]) -> str:
    """The path as concatenated literals and encoded arguments: spec text stays a
    literal, and so does a variable no parameter fills."""
    by_wire = {a.wire: a for a in args if a.kind == "path"}
    parts: list[str] = []
    literal = ""
    for part in path:
        arg = by_wire.get(part.text) if part.variable else None
        if arg is None:
            literal += "{" + part.text + "}" if part.variable else part.text
            continue
        if literal:
            parts.append(py_literal(literal))
            literal = ""
        parts.append(f"_http.path_value({arg.name})")
    if literal or not parts:
        parts.append(py_literal(literal))
    return " + ".join(parts)


def client_context(
    api: ir.Api, types: PythonTypes, names: NamePlan, package: str
) -> dict[str, object]:
    """What the client templates need beyond the ``Api``."""
    errors = error_classes(api, names)
    model_names = {names.models[m.name].cls for m in api.models}
    if api.retries is not None:
        default_retries = retry_config(api.retries)
    else:
        default_retries = "_http.RetryConfig()"
    version = "".join(ch for ch in api.version if ch.isprintable() and ch != " ")
    operation_variables = sorted(
        {v.name for op in api.operations for s in op.servers for v in s.variables}
        - {v.name for s in api.servers for v in s.variables}
    )
    return {
        "servers": [_server(s) for s in api.servers],
        "scheme_types": _SCHEME_TYPES,
        "operation_variables": (
            "(" + "".join(py_literal(n) + ", " for n in operation_variables) + ")"
            if operation_variables
            else None
        ),
        "groups": build_groups(api, types, names),
        "errors": errors,
        "exported_errors": [e for e in errors if e[1] not in model_names],
        "default_retries": default_retries,
        "user_agent": f"{package}/{version or '0'} (specgen; python-httpx)",
    }


def _argument_default(types: ClientTypes, field: ir.Field, is_file: bool) -> str | None:
    """A required body field's default, when it is a plain literal (not a factory)."""
    if not field.required or not field.has_default or is_file:
        return None
    default = types.types.default(field, CLIENT)
    if default is None or default.factory:
        return None
    return default.value
