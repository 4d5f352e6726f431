"""An API that takes every path through the templates, for :mod:`generator.python.reserved`.

Rendering it shows what the package defines and reads around the names a spec
decides (imports that only some types need, method bodies of every body kind, the
constructor with every kind of security scheme...); the names the plan gives the
probe itself are taken away.  A template branch this API does not take is a branch
whose names go unreserved: the tests check the names of generated packages against
what this probe finds.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

from generator import ir
from generator.ir import path_template
from generator.ir.media import media_kind

_S = ir.Primitive("string")
_I = ir.Primitive("integer")


def _ref(name: str) -> ir.Ref:
    return ir.Ref(name)


def _field(
    name: str,
    type_: ir.TypeRef,
    *,
    required: bool = True,
    nullable: bool = False,
    default: ir.JsonValue = None,
    has_default: bool = False,
    description: str | None = None,
    deprecated: bool = False,
) -> ir.Field:
    return ir.Field(
        name=name,
        type=type_,
        required=required,
        nullable=nullable,
        has_default=has_default,
        default=default,
        description=description,
        deprecated=deprecated,
    )


_FORMATS = ("date-time", "date", "uuid", "byte", "binary", "decimal")

MODELS: tuple[ir.Model, ...] = (
    ir.EnumModel(
        name="ProbeText", source="#/probe", value_type="string", values=("probe",)
    ),
    ir.EnumModel(
        name="ProbeNumber", source="#/probe", value_type="integer", values=(1,)
    ),
    ir.ObjectModel(
        name="ProbeObject",
        source="#/probe",
        description="Probe.",
        deprecated=True,
        fields=(
            *(
                _field(f"probe_{fmt.replace('-', '_')}", ir.Primitive("string", fmt))
                for fmt in _FORMATS
            ),
            _field("probe_number", ir.Primitive("number", "decimal"), required=False),
            _field("probe_float", ir.Primitive("number"), nullable=True),
            _field("probe_bool", ir.Primitive("boolean"), description="Probe."),
            _field("probe_null", ir.Primitive("null")),
            _field("probe_const", ir.Const("probe")),
            _field("probe_object_const", ir.Const(MappingProxyType({"a": 1}))),
            _field("probe_any", ir.AnyType(), required=False, nullable=True),
            _field("probe_enum", _ref("ProbeText"), has_default=True, default="probe"),
            _field("probe_number_enum", _ref("ProbeNumber")),
            _field("probe_list", ir.ListOf(_S), has_default=True, default=("a",)),
            _field("probe_empty", ir.ListOf(_I), has_default=True, default=()),
            _field(
                "probe_map",
                ir.MapOf(_ref("ProbeSmall")),
                has_default=True,
                default=MappingProxyType({}),
            ),
            _field("probe_union", ir.NullOr(_ref("ProbeUnion")), required=False),
            _field("probe-key", _ref("ProbeAlias"), deprecated=True),
        ),
        extra_fields=ir.MapOf(ir.Primitive("string", "date-time")),
    ),
    ir.ObjectModel(
        name="ProbeSmall",
        source="#/probe",
        fields=(_field("probe_small", _S, required=False),),
        extra_fields=None,
    ),
    # Polymorphism by allOf: a parent whose discriminator names its subclass, whose
    # field is wider in the subclass.
    ir.ObjectModel(
        name="ProbeParent",
        source="#/probe",
        fields=(
            _field("kind", _S),
            ir.Field(
                name="shape",
                type=_S,
                required=False,
                nullable=False,
                subtype_types=(_I,),
            ),
        ),
        discriminator=ir.Discriminator(
            "kind", (("parent", "ProbeParent"), ("child", "ProbeChild"))
        ),
    ),
    ir.ObjectModel(
        name="ProbeChild",
        source="#/probe",
        parent="ProbeParent",
        fields=(
            _field("kind", _S),
            _field("shape", _I, required=False),
            _field("probe_pair", ir.TupleOf((_S, _I), rest=_S, min_items=1)),
            _field("probe_rest", ir.TupleOf((), rest=_ref("ProbeText"))),
        ),
        extra_fields=None,
    ),
    ir.ObjectModel(
        name="ProbePage",
        source="#/probe",
        fields=(_field("probe_items", ir.ListOf(_ref("ProbeSmall"))),),
    ),
    ir.ObjectModel(
        name="ProbeEvent",
        source="#/probe",
        fields=(_field("data", _ref("ProbeSmall")), _field("event", _S)),
    ),
    ir.UnionModel(
        name="ProbeUnion",
        source="#/probe",
        description="Probe.",
        variants=(_ref("ProbeObject"), _ref("ProbeSmall")),
        discriminator=ir.Discriminator("probe_text", (("a", "ProbeObject"),)),
    ),
    ir.UnionModel(
        name="ProbeChoice",
        source="#/probe",
        variants=(_S, ir.ListOf(_ref("ProbeText"))),
    ),
    ir.AliasModel(
        name="ProbeAlias", source="#/probe", target=ir.NullOr(_ref("ProbeAlias"))
    ),
    ir.AliasModel(
        name="ProbeList", source="#/probe", target=ir.ListOf(_ref("ProbeText"))
    ),
    ir.AliasModel(
        name="ProbeTuple",
        source="#/probe",
        target=ir.TupleOf((_ref("ProbeAlias"), ir.NullOr(_ref("ProbeTuple")))),
    ),
)


def _parameter(
    name: str,
    location: Literal["path", "query", "header", "cookie"],
    type_: ir.TypeRef,
    *,
    required: bool = False,
    nullable: bool = False,
    explode: bool | None = None,
    description: str | None = None,
) -> ir.Parameter:
    return ir.Parameter(
        name=name,
        location=location,
        type=type_,
        required=required,
        nullable=nullable,
        explode=explode,
        description=description,
    )


def _body(
    content_type: str, type_: ir.TypeRef, required: bool = True
) -> ir.RequestBody:
    return ir.RequestBody(
        content_type=content_type,
        media=media_kind(content_type),
        type=type_,
        required=required,
    )


def _response(
    status: str,
    content_type: str | None,
    type_: ir.TypeRef | None,
    *,
    streaming: bool = False,
    sse_sentinel: str | None = None,
) -> ir.Response:
    return ir.Response(
        status=status,
        content_type=content_type,
        media=None if content_type is None else media_kind(content_type),
        type=type_,
        streaming=streaming,
        sse_sentinel=sse_sentinel,
    )


_JSON = "application/json"
_OK = (_response("200", _JSON, _ref("ProbeSmall")),)

OPERATIONS: tuple[ir.Operation, ...] = (
    ir.Operation(
        id="probe_parameters",
        http_method="GET",
        path="/probe/{probe_path}",
        path_parts=path_template.parse("/probe/{probe_path}"),
        summary="Probe.",
        description="Probe.",
        deprecated=True,
        parameters=(
            _parameter("probe_path", "path", _I, required=True),
            _parameter(
                "probe_query", "query", ir.ListOf(_S), required=True, explode=False
            ),
            _parameter("probe_enum", "query", _ref("ProbeText"), description="Probe."),
            _parameter("probe_header", "header", _S, required=True),
            _parameter("probe_optional_header", "header", _S, nullable=True),
            _parameter("probe_cookie", "cookie", _S),
            _parameter("probe_required_cookie", "cookie", _S, required=True),
        ),
        responses=(
            _response("200", _JSON, _ref("ProbeObject")),
            _response("201", "text/plain", _S),
            _response("202", "application/octet-stream", None),
            _response("204", None, None),
            _response("404", _JSON, _ref("ProbeSmall")),
            _response("418", _JSON, _ref("ProbeSmall")),
            _response("500", _JSON, _ref("ProbeSmall")),
        ),
        security=(("probe_bearer",), ("probe_key", "probe_basic")),
        retries=ir.RetryPolicy(),
    ),
    ir.Operation(
        id="probe_json_fields",
        http_method="POST",
        path="/probe/json",
        path_parts=path_template.parse("/probe/json"),
        request_body=_body(_JSON, _ref("ProbeObject")),
        responses=(_response("200", _JSON, ir.ListOf(_ref("ProbeUnion"))),),
    ),
    ir.Operation(
        id="probe_multipart",
        http_method="POST",
        path="/probe/multipart",
        path_parts=path_template.parse("/probe/multipart"),
        request_body=_body("multipart/form-data", _ref("ProbeObject"), required=False),
        responses=_OK,
    ),
    ir.Operation(
        id="probe_parent",
        http_method="POST",
        path="/probe/parent",
        path_parts=path_template.parse("/probe/parent"),
        request_body=_body(_JSON, _ref("ProbeParent")),
        responses=(_response("200", _JSON, _ref("ProbeParent")),),
    ),
    ir.Operation(
        id="probe_form",
        http_method="POST",
        path="/probe/form",
        path_parts=path_template.parse("/probe/form"),
        request_body=_body("application/x-www-form-urlencoded", _ref("ProbeSmall")),
        responses=_OK,
    ),
    ir.Operation(
        id="probe_json",
        http_method="PUT",
        path="/probe/json",
        path_parts=path_template.parse("/probe/json"),
        request_body=_body(_JSON, ir.ListOf(_ref("ProbeText"))),
        responses=_OK,
    ),
    ir.Operation(
        id="probe_optional_json",
        http_method="PATCH",
        path="/probe/json",
        path_parts=path_template.parse("/probe/json"),
        request_body=_body(_JSON, ir.MapOf(_I), required=False),
        responses=_OK,
    ),
    ir.Operation(
        id="probe_raw",
        http_method="PUT",
        path="/probe/raw",
        path_parts=path_template.parse("/probe/raw"),
        request_body=_body(
            "application/octet-stream", ir.Primitive("string", "binary")
        ),
        responses=_OK,
    ),
    ir.Operation(
        id="probe_optional_raw",
        http_method="PATCH",
        path="/probe/raw",
        path_parts=path_template.parse("/probe/raw"),
        request_body=_body("text/plain", _S, required=False),
        responses=_OK,
    ),
    ir.Operation(
        id="probe_stream",
        http_method="POST",
        path="/probe/stream",
        path_parts=path_template.parse("/probe/stream"),
        streaming=True,
        responses=(
            _response(
                "200",
                "text/event-stream",
                _ref("ProbeEvent"),
                streaming=True,
                sse_sentinel="[DONE]",
            ),
            _response("4XX", _JSON, _ref("ProbeSmall")),
            _response("500", _JSON, _ref("ProbeSmall")),
        ),
        retries=ir.RetryPolicy(status_codes=(), retry_connection_errors=False),
    ),
    ir.Operation(
        id="probe_text_stream",
        http_method="GET",
        path="/probe/stream",
        path_parts=path_template.parse("/probe/stream"),
        streaming=True,
        responses=(_response("200", "text/event-stream", _S, streaming=True),),
    ),
    # A paginated operation with its own servers.
    ir.Operation(
        id="probe_pages",
        http_method="GET",
        path="/probe/pages",
        path_parts=path_template.parse("/probe/pages"),
        parameters=(
            _parameter("probe_offset", "query", _I),
            _parameter("probe_limit", "query", _I),
        ),
        responses=(_response("200", _JSON, _ref("ProbePage")),),
        servers=(
            ir.Server(
                url="https://{probe_region}.probe.invalid",
                variables=(
                    ir.ServerVariable(
                        name="probe_region", default="a", enum=("a", "b")
                    ),
                ),
            ),
        ),
        pagination=ir.Pagination(
            kind="offset",
            input=ir.PageInput(location="query", name="probe_offset"),
            limit=ir.PageInput(location="query", name="probe_limit", default=10),
            results=("probe_items",),
        ),
    ),
    # A method named like a builtin: the class body then writes builtins.list.
    ir.Operation(
        id="list",
        http_method="GET",
        path="/probe/list",
        path_parts=path_template.parse("/probe/list"),
        responses=(_response("default", _JSON, ir.MapOf(ir.ListOf(_S))),),
    ),
)

API = ir.Api(
    title="probe",
    version="1",
    source_name="probe",
    source_sha256="",
    models=MODELS,
    operations=OPERATIONS,
    webhooks=(
        ir.Operation(
            id="probe_webhook",
            http_method="POST",
            path="probe_event",
            path_parts=path_template.parse("probe_event"),
            request_body=_body(_JSON, _ref("ProbeEvent")),
        ),
    ),
    servers=(
        ir.Server(
            url="https://{probe_host}.invalid",
            variables=(ir.ServerVariable(name="probe_host", default="probe"),),
        ),
    ),
    security_schemes=(
        ir.SecurityScheme(name="probe_bearer", type="http", http_scheme="bearer"),
        ir.SecurityScheme(name="probe_basic", type="http", http_scheme="basic"),
        ir.SecurityScheme(
            name="probe_key", type="apiKey", location="query", parameter_name="k"
        ),
        ir.SecurityScheme(
            name="probe_oauth",
            type="oauth2",
            flows=("clientCredentials",),
            token_url="/probe/token",
            scopes=("probe",),
        ),
    ),
    retries=ir.RetryPolicy(),
    hints=ir.NameHints(
        groups=MappingProxyType(
            {op.id: "probe_group" for op in OPERATIONS[:-1]} | {"list": "probe_other"}
        )
    ),
)
