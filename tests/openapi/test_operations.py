"""``generator.openapi.operations``: paths, servers, security and extensions to IR operations.

Each test reads a small document and checks the exact operations, servers,
security schemes and retry policies made of it, and where a problem is reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.load.documents import Documents
from generator.openapi.operations import OperationReader
from generator.openapi.schemas import SchemaConverter
from generator.python.auth import client_auth
from tests.inline import api_from, spec_error, write_document

OK = {"200": {"description": "ok"}}
STRING = ir.Primitive("string")
INTEGER = ir.Primitive("integer")


def _document(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "openapi": extra.pop("openapi", "3.1.0"),
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        **extra,
    }


def _operation(tmp_path: Path, operation: dict[str, Any], **extra: Any) -> ir.Operation:
    """The one operation of a document holding ``post /things/{id}``, whose path
    item declares ``id``."""
    item = {"parameters": [{"name": "id", "in": "path"}], "post": operation}
    api = api_from(tmp_path, _document({"/things/{id}": item}, **extra))
    (found,) = api.operations
    return found


def _reader(tmp_path: Path, spec: dict[str, Any]) -> OperationReader:
    """An operation reader over ``spec``, as ``build_api`` makes one (nothing read yet)."""
    docs = Documents(write_document(tmp_path, spec))
    return OperationReader(docs, SchemaConverter(docs))


def _diagnostics(api: ir.Api) -> list[tuple[str | None, str]]:
    return [(d.pointer, d.message) for d in api.diagnostics]


# -- the reader itself ------------------------------------------------------------


def test_the_reader_renames_references_once_the_models_have_names(
    tmp_path: Path,
) -> None:
    body = {"type": "object", "properties": {"a": {"type": "string"}}}
    reader = _reader(
        tmp_path,
        _document(
            {
                "/a": {
                    "post": {
                        "operationId": "make",
                        "requestBody": {
                            "content": {"application/json": {"schema": body}}
                        },
                        "responses": OK,
                    }
                }
            }
        ),
    )
    reader.read()
    models = reader.converter.finish()
    assert [m.name for m in models] == ["MakeRequest"]
    operations, webhooks = reader.finish(models)
    assert webhooks == ()
    (op,) = operations
    assert op.request_body == ir.RequestBody(
        content_type="application/json",
        media="json",
        type=ir.Ref("MakeRequest"),
        required=False,
    )
    assert op.source == "#/paths/~1a/post"


# -- parameters ---------------------------------------------------------------------


def test_parameters_in_every_location(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        {
            "parameters": [
                {
                    "name": "tags",
                    "in": "query",
                    "style": "form",
                    "explode": False,
                    "description": "Tags.",
                    "schema": {"type": "array", "items": {"type": "string"}},
                },
                {
                    "name": "X-Trace",
                    "in": "header",
                    "required": True,
                    "deprecated": True,
                    "schema": {"type": "string"},
                },
                {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                {
                    "name": "filter",
                    "in": "query",
                    "style": "deepObject",
                    "schema": {"type": "object", "properties": {"a": {}}},
                },
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "default": 10},
                },
                {
                    "name": "maybe",
                    "in": "query",
                    "schema": {"type": ["string", "null"]},
                },
                {"name": "untyped", "in": "query"},
            ],
            "responses": OK,
        },
    )
    assert op.parameters == (
        # The path item's parameter is read although the operation does not list it.
        ir.Parameter(name="id", location="path", type=STRING, required=True),
        ir.Parameter(
            name="tags",
            location="query",
            type=ir.ListOf(STRING),
            required=False,
            description="Tags.",
            style="form",
            explode=False,
        ),
        ir.Parameter(
            name="X-Trace",
            location="header",
            type=STRING,
            required=True,
            deprecated=True,
        ),
        ir.Parameter(name="session", location="cookie", type=STRING, required=False),
        ir.Parameter(
            name="filter",
            location="query",
            type=ir.Ref("PostThingsIdFilter"),
            required=False,
            style="deepObject",
        ),
        ir.Parameter(
            name="limit",
            location="query",
            type=INTEGER,
            required=False,
            has_default=True,
            default=10,
        ),
        ir.Parameter(
            name="maybe", location="query", type=STRING, required=False, nullable=True
        ),
        ir.Parameter(name="untyped", location="query", type=STRING, required=False),
    )


def test_operation_parameters_override_the_path_items_and_refs_are_followed(
    tmp_path: Path,
) -> None:
    spec = _document(
        {
            "/a/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "schema": {"type": "string"}},
                    {"$ref": "#/components/parameters/Page"},
                ],
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "schema": {"type": "integer"}},
                        {
                            "name": "Accept",
                            "in": "header",
                            "schema": {"type": "string"},
                        },
                        {"name": "Content-Type", "in": "header"},
                        {"name": "authorization", "in": "header"},
                    ],
                    "responses": OK,
                },
            }
        },
        components={
            "parameters": {"Page": {"name": "page", "in": "query", "required": True}}
        },
    )
    (op,) = api_from(tmp_path, spec).operations
    # Accept, Content-Type and Authorization are the client's to set: left out.
    assert op.parameters == (
        ir.Parameter(name="id", location="path", type=INTEGER, required=True),
        ir.Parameter(name="page", location="query", type=STRING, required=True),
    )


def test_a_parameter_typed_by_content(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        {
            "parameters": [
                {
                    "name": "where",
                    "in": "query",
                    "content": {"application/json": {"schema": {"type": "integer"}}},
                }
            ],
            "responses": OK,
        },
    )
    assert op.parameters[1] == ir.Parameter(
        name="where", location="query", type=INTEGER, required=False
    )


def test_a_querystring_parameter_sent_as_a_form_is_an_exploded_query_object(
    tmp_path: Path,
) -> None:
    form = {"type": "object", "properties": {"a": {"type": "string"}}}
    content = {"application/x-www-form-urlencoded": {"schema": form}}
    op = _operation(
        tmp_path,
        {
            "parameters": [{"name": "q", "in": "querystring", "content": content}],
            "responses": OK,
        },
        openapi="3.2.0",
    )
    assert op.parameters[1] == ir.Parameter(
        name="q",
        location="query",
        type=ir.Ref("PostThingsIdQ"),
        required=False,
        style="form",
        explode=True,
    )


def test_any_other_querystring_parameter_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    content = {"application/json": {"schema": {"type": "object"}}}
    api = api_from(
        tmp_path,
        _document(
            {
                "/a": {
                    "get": {
                        "parameters": [
                            {"name": "q", "in": "querystring", "content": content}
                        ],
                        "responses": OK,
                    }
                }
            }
        ),
    )
    assert api.operations[0].parameters == ()
    assert _diagnostics(api) == [
        (
            "#/paths/~1a/get/parameters/0",
            (
                "a parameter 'in: querystring' (OpenAPI 3.2: the whole query string from"
                " one value) is supported for an object sent as"
                " application/x-www-form-urlencoded only; it is left out (pass it as"
                " extra_query=)"
            ),
        )
    ]


# -- request bodies ------------------------------------------------------------------


def _body(
    tmp_path: Path, content: dict[str, Any], **extra: Any
) -> ir.RequestBody | None:
    return _operation(
        tmp_path, {"requestBody": {"content": content, **extra}, "responses": OK}
    ).request_body


def test_json_is_preferred_among_a_bodys_media_types(tmp_path: Path) -> None:
    form = {"type": "object", "properties": {"a": {"type": "string"}}}
    body = _body(
        tmp_path,
        {
            "text/plain": {"schema": {"type": "string"}},
            "application/x-www-form-urlencoded": {"schema": form},
            "application/json; charset=utf-8": {"schema": form},
        },
        required=True,
        description="The thing.",
    )
    assert body == ir.RequestBody(
        content_type="application/json; charset=utf-8",
        media="json",
        type=ir.Ref("PostThingsIdRequest"),
        required=True,
        description="The thing.",
    )


def test_form_and_multipart_bodies(tmp_path: Path) -> None:
    upload = {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}},
    }
    assert _body(
        tmp_path,
        {
            "multipart/form-data": {"schema": upload},
            "application/x-www-form-urlencoded": {"schema": upload},
        },
    ) == ir.RequestBody(
        content_type="multipart/form-data",
        media="multipart",
        type=ir.Ref("PostThingsIdRequest"),
        required=False,
    )
    assert _body(
        tmp_path, {"application/x-www-form-urlencoded": {"schema": upload}}
    ) == ir.RequestBody(
        content_type="application/x-www-form-urlencoded",
        media="form",
        type=ir.Ref("PostThingsIdRequest"),
        required=False,
    )


def test_bodies_without_a_schema(tmp_path: Path) -> None:
    # Bytes unless it is JSON, which may be anything.
    assert _body(tmp_path, {"application/octet-stream": {}}) == ir.RequestBody(
        content_type="application/octet-stream",
        media="binary",
        type=ir.Primitive("string", "binary"),
        required=False,
    )
    assert _body(tmp_path, {"application/json": {}}) == ir.RequestBody(
        content_type="application/json", media="json", type=ir.AnyType(), required=False
    )
    assert _body(tmp_path, {}) is None


def test_a_nullable_body_is_null_or_its_type(tmp_path: Path) -> None:
    body = _body(
        tmp_path, {"application/json": {"schema": {"type": ["string", "null"]}}}
    )
    assert body is not None and body.type == ir.NullOr(STRING)


def test_a_body_by_reference(tmp_path: Path) -> None:
    spec = _document(
        {
            "/a": {
                "put": {
                    "requestBody": {"$ref": "#/components/requestBodies/Blob"},
                    "responses": OK,
                }
            }
        },
        components={
            "requestBodies": {
                "Blob": {
                    "required": True,
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                }
            }
        },
    )
    (op,) = api_from(tmp_path, spec).operations
    assert op.request_body == ir.RequestBody(
        content_type="text/plain", media="text", type=STRING, required=True
    )


# -- responses -------------------------------------------------------------------------


def test_responses_by_status_range_and_default(tmp_path: Path) -> None:
    obj = {"type": "object", "properties": {"id": {"type": "string"}}}
    op = _operation(
        tmp_path,
        {
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": obj}},
                },
                "201": {
                    "description": "made",
                    "content": {"application/json": {"schema": obj}},
                },
                "204": {"description": "none"},
                "4xx": {"description": "bad"},
                "404": {
                    "description": "gone",
                    "content": {"application/problem+json": {"schema": obj}},
                },
                "default": {
                    "description": "error",
                    "content": {"application/json": {"schema": obj}},
                },
                "x-extension": {"ignored": True},
            }
        },
    )
    assert op.responses == (
        ir.Response(
            status="200",
            content_type="application/json",
            media="json",
            type=ir.Ref("PostThingsIdResponse200"),
            description="ok",
        ),
        ir.Response(
            status="201",
            content_type="application/json",
            media="json",
            type=ir.Ref("PostThingsIdResponse201"),
            description="made",
        ),
        ir.Response(
            status="204", content_type=None, media=None, type=None, description="none"
        ),
        ir.Response(
            status="4XX", content_type=None, media=None, type=None, description="bad"
        ),
        ir.Response(
            status="404",
            content_type="application/problem+json",
            media="json",
            type=ir.Ref("PostThingsId404Error"),
            description="gone",
        ),
        ir.Response(
            status="default",
            content_type="application/json",
            media="json",
            type=ir.Ref("PostThingsIdError"),
            description="error",
        ),
    )
    assert op.streaming is False


def test_one_success_response_is_named_without_its_status(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"id": {"type": "string"}}}
    op = _operation(
        tmp_path,
        {
            "operationId": "getThing",
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": schema}},
                }
            },
        },
    )
    assert op.responses[0].type == ir.Ref("GetThingResponse")


def test_an_event_stream_is_streamed_with_its_sentinel(tmp_path: Path) -> None:
    event = {
        "type": "object",
        "properties": {"data": {"type": "string"}, "event": {"type": "string"}},
    }
    op = _operation(
        tmp_path,
        {
            "operationId": "chat",
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"type": "string"}},
                        "text/event-stream": {
                            "x-speakeasy-sse-sentinel": "[DONE]",
                            "schema": event,
                        },
                    },
                }
            },
        },
    )
    assert op.streaming is True
    assert op.responses == (
        ir.Response(
            status="200",
            content_type="text/event-stream",
            media="event_stream",
            type=ir.Ref("ChatResponse"),
            description="ok",
            streaming=True,
            sse_sentinel="[DONE]",
        ),
    )


def test_json_lines_are_streamed(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        {
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/x-ndjson": {"schema": {"type": "integer"}}
                    },
                }
            }
        },
    )
    assert op.streaming is True
    assert op.responses[0] == ir.Response(
        status="200",
        content_type="application/x-ndjson",
        media="json_lines",
        type=INTEGER,
        description="ok",
        streaming=True,
    )


def test_an_error_stream_does_not_make_the_operation_streaming(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        {
            "responses": {
                "200": {"description": "ok"},
                "500": {
                    "description": "oops",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}},
                },
            }
        },
    )
    assert op.responses[1].streaming is True
    assert op.streaming is False


def test_event_data_is_read_as_its_content_schema(tmp_path: Path) -> None:
    event = {
        "type": "object",
        "properties": {
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": {"$ref": "#/components/schemas/Delta"},
            }
        },
    }
    spec = _document(
        {
            "/chat": {
                "post": {
                    "operationId": "chat",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "text/event-stream": {"itemSchema": _ref_event()}
                            },
                        }
                    },
                }
            }
        },
        components={
            "schemas": {
                "Event": event,
                "Delta": {"type": "object", "properties": {"t": {"type": "string"}}},
            }
        },
        openapi="3.2.0",
    )
    api = api_from(tmp_path, spec)
    event_model = next(m for m in api.models if m.name == "Event")
    assert isinstance(event_model, ir.ObjectModel)
    assert event_model.fields[0].name == "data"
    assert event_model.fields[0].type == ir.Ref("Delta")
    assert api.operations[0].responses[0].type == ir.Ref("Event")


def _ref_event() -> dict[str, str]:
    return {"$ref": "#/components/schemas/Event"}


# -- identity, flags, names -------------------------------------------------------------


def test_an_operation_without_an_operation_id_is_called_by_method_and_path(
    tmp_path: Path,
) -> None:
    api = api_from(
        tmp_path,
        _document(
            {
                "/a": {
                    "get": {"responses": OK},
                    "post": {"operationId": "get /a", "responses": OK},
                },
                "/a#other": {"get": {"responses": OK}},
            }
        ),
    )
    # ``get /a`` is another operation's explicit id: the ids stay unique.
    assert [(op.id, op.http_method, op.path) for op in api.operations] == [
        ("get /a 2", "GET", "/a"),
        ("get /a", "POST", "/a"),
        ("get /a#other", "GET", "/a"),
    ]


def test_summary_description_deprecated_and_tags(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        {
            "operationId": "old",
            "summary": "Old.",
            "description": "  ",
            "deprecated": True,
            "tags": ["things", 3, "more"],
            "responses": OK,
        },
    )
    assert (op.summary, op.description, op.deprecated) == ("Old.", None, True)
    assert op.tags == ("things", "more")


def test_groups_and_method_names_are_hints(tmp_path: Path) -> None:
    api = api_from(
        tmp_path,
        _document(
            {
                "/a": {
                    "get": {
                        "operationId": "listA",
                        "tags": ["letters"],
                        "x-speakeasy-group": "alpha",
                        "x-speakeasy-name-override": "all",
                        "responses": OK,
                    },
                    "post": {
                        "operationId": "makeA",
                        "tags": ["letters"],
                        "responses": OK,
                    },
                    "put": {"operationId": "putA", "responses": OK},
                }
            },
            **{
                "x-speakeasy-name-override": [
                    {"operationId": "makeA", "methodNameOverride": "create"}
                ]
            },
        ),
    )
    assert dict(api.hints.groups) == {"listA": "alpha", "makeA": "letters"}
    assert dict(api.hints.methods) == {"listA": "all", "makeA": "create"}


def test_openapi_3_2_methods_and_additional_operations(tmp_path: Path) -> None:
    api = api_from(
        tmp_path,
        _document(
            {
                "/a": {
                    "query": {"operationId": "search", "responses": OK},
                    "additionalOperations": {
                        "LINK": {"responses": OK},
                        "GET": {"responses": OK},
                        "bad method": {"responses": OK},
                    },
                }
            },
            openapi="3.2.0",
        ),
    )
    assert [(op.id, op.http_method) for op in api.operations] == [
        ("search", "QUERY"),
        ("link /a", "LINK"),
    ]
    assert _diagnostics(api) == [
        (
            "#/paths/~1a/additionalOperations/GET",
            (
                "GET has a field of its own (get), which additionalOperations may not"
                " repeat; the operation is left out"
            ),
        ),
        (
            "#/paths/~1a/additionalOperations/bad method",
            "'bad method' is not an HTTP method name; the operation is left out",
        ),
    ]


def test_a_hash_followed_by_a_variable_is_part_of_the_path(tmp_path: Path) -> None:
    api = api_from(
        tmp_path,
        _document(
            {
                "/send/#env/{id}": {
                    "get": {
                        "parameters": [{"name": "id", "in": "path"}],
                        "responses": OK,
                    }
                }
            }
        ),
    )
    assert api.operations[0].path == "/send/%23env/{id}"
    assert _diagnostics(api) == [
        (
            "#/paths/~1send~1#env~1{id}/get",
            (
                "the path goes on after its '#' (a template variable follows it), so '#'"
                " is part of the path, sent as %23"
            ),
        )
    ]


def test_webhooks_are_read_apart_from_operations(tmp_path: Path) -> None:
    payload = {"type": "object", "properties": {"id": {"type": "string"}}}
    api = api_from(
        tmp_path,
        _document(
            {},
            webhooks={
                "petAdded": {
                    "post": {
                        "requestBody": {
                            "content": {"application/json": {"schema": payload}}
                        },
                        "responses": OK,
                    }
                }
            },
        ),
    )
    assert api.operations == ()
    (hook,) = api.webhooks
    assert (hook.id, hook.http_method, hook.path, hook.source) == (
        "post petAdded",
        "POST",
        "petAdded",
        "#/webhooks/petAdded/post",
    )
    assert hook.request_body is not None
    assert hook.request_body.type == ir.Ref("PostPetAddedRequest")


# -- servers ---------------------------------------------------------------------------------


def test_servers_and_their_variables(tmp_path: Path) -> None:
    reader = _reader(
        tmp_path,
        _document(
            {},
            servers=[
                {
                    "url": "https://{region}.example.com/{version}",
                    "description": "Production",
                    "variables": {
                        "region": {
                            "default": "eu",
                            "enum": ["eu", "us"],
                            "description": "Where.",
                        },
                        "version": {"default": "v1"},
                    },
                },
                {"url": "http://localhost"},
            ],
        ),
    )
    assert reader.servers() == (
        ir.Server(
            url="https://{region}.example.com/{version}",
            description="Production",
            variables=(
                ir.ServerVariable(
                    name="region", default="eu", enum=("eu", "us"), description="Where."
                ),
                ir.ServerVariable(name="version", default="v1"),
            ),
        ),
        ir.Server(url="http://localhost"),
    )
    assert reader.servers()[0].default_url == "https://eu.example.com/v1"
    assert len(reader.diagnostics) == 0


def test_server_variable_problems_are_warnings(tmp_path: Path) -> None:
    api = api_from(
        tmp_path,
        _document(
            {},
            servers=[
                {
                    "url": "https://{host}/{undeclared}/{bare}",
                    "variables": {"host": {"enum": ["a", "b"]}, "bare": {}},
                }
            ],
        ),
    )
    assert api.servers == (
        ir.Server(
            url="https://{host}/{undeclared}/{bare}",
            variables=(
                ir.ServerVariable(name="host", default="a", enum=("a", "b")),
                ir.ServerVariable(name="bare", default="{bare}"),
            ),
        ),
    )
    assert _diagnostics(api) == [
        (
            "#/servers/0/url",
            (
                "the server URL has {undeclared}, which is not among its variables;"
                " it is sent as written"
            ),
        ),
        ("#/servers/0/variables/bare", "server variable 'bare' has no default"),
        (
            "#/servers/0/variables/host",
            "server variable 'host' has no default; 'a' is used",
        ),
    ]


def test_an_operations_servers_inherit_the_apis_variables(tmp_path: Path) -> None:
    api_server = {
        "url": "https://{region}.example.com",
        "variables": {"region": {"default": "eu"}},
    }
    spec = _document(
        {
            "/a": {
                "servers": [{"url": "https://{region}.files.example.com"}],
                "get": {"responses": OK},
                "put": {
                    "servers": [{"url": "https://upload.example.com"}],
                    "responses": OK,
                },
                "post": {"responses": OK},
            }
        },
        servers=[api_server],
    )
    api = api_from(tmp_path, spec)
    region = ir.ServerVariable(name="region", default="eu")
    assert {op.http_method: op.servers for op in api.operations} == {
        "GET": (
            ir.Server(url="https://{region}.files.example.com", variables=(region,)),
        ),
        "PUT": (ir.Server(url="https://upload.example.com"),),
        "POST": (
            ir.Server(url="https://{region}.files.example.com", variables=(region,)),
        ),
    }


# -- security ----------------------------------------------------------------------------------


def test_security_schemes(tmp_path: Path) -> None:
    schemes = {
        "key": {
            "type": "apiKey",
            "in": "query",
            "name": "api_key",
            "description": "K.",
        },
        "bearer": {"type": "http", "scheme": "Bearer"},
        "basic": {"type": "http", "scheme": "basic"},
        "oauth": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/token", "scopes": {}}},
        },
        "mtls": {"type": "mutualTLS"},
        "shared": {"$ref": "#/components/x-shared"},
    }
    spec = _document(
        {
            "/a": {
                "get": {"security": [{"oauth": ["write", "read"]}], "responses": OK},
                "put": {"security": [{"oauth": ["admin"]}, {}], "responses": OK},
            }
        },
        components={
            "securitySchemes": schemes,
            "x-shared": {"type": "apiKey", "in": "cookie", "name": "sid"},
        },
    )
    api = api_from(tmp_path, spec)
    pointer = "#/components/securitySchemes/"
    assert api.security_schemes == (
        ir.SecurityScheme(
            name="basic",
            type="http",
            http_scheme="basic",
            file="spec.json",
            source=pointer + "basic",
        ),
        ir.SecurityScheme(
            name="bearer",
            type="http",
            http_scheme="Bearer",
            file="spec.json",
            source=pointer + "bearer",
        ),
        ir.SecurityScheme(
            name="key",
            type="apiKey",
            location="query",
            parameter_name="api_key",
            description="K.",
            file="spec.json",
            source=pointer + "key",
        ),
        ir.SecurityScheme(
            name="oauth",
            type="oauth2",
            flows=("clientCredentials",),
            token_url="/token",
            scopes=("admin", "read", "write"),
            file="spec.json",
            source=pointer + "oauth",
        ),
        ir.SecurityScheme(
            name="shared",
            type="apiKey",
            location="cookie",
            parameter_name="sid",
            file="spec.json",
            source="#/components/x-shared",
        ),
    )
    assert [client_auth(s) for s in api.security_schemes] == [
        "http_basic",
        "http_bearer",
        "api_key",
        "oauth2_client_credentials",
        "api_key",
    ]
    assert _diagnostics(api) == [
        (
            "#/components/securitySchemes/mtls",
            "security scheme type 'mutualTLS' is not supported; skipped",
        )
    ]


def test_security_requirements_are_alternatives_of_schemes_used_together(
    tmp_path: Path,
) -> None:
    schemes = {
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "token": {"type": "http", "scheme": "bearer"},
    }
    spec = _document(
        {
            "/a": {
                "get": {"responses": OK},
                "put": {
                    "security": [{"token": [], "key": []}, {"key": []}],
                    "responses": OK,
                },
                "post": {"security": [], "responses": OK},
            }
        },
        security=[{"key": []}],
        components={"securitySchemes": schemes},
    )
    api = api_from(tmp_path, spec)
    assert {op.http_method: op.security for op in api.operations} == {
        "GET": (("key",),),  # the document's requirement
        "PUT": (("key", "token"), ("key",)),
        "POST": (),  # an empty list: no authentication
    }


# -- retries -----------------------------------------------------------------------------------


def test_retries_on_an_operation(tmp_path: Path) -> None:
    op = _operation(
        tmp_path,
        {
            "x-speakeasy-retries": {
                "strategy": "backoff",
                "backoff": {
                    "initialInterval": 100,
                    "maxInterval": 2000,
                    "exponent": 2,
                    "maxElapsedTime": 5000,
                },
                "statusCodes": [503, "5xx"],
                "retryConnectionErrors": False,
            },
            "responses": OK,
        },
    )
    assert op.retries == ir.RetryPolicy(
        initial_interval_ms=100,
        max_interval_ms=2000,
        exponent=2.0,
        max_elapsed_ms=5000,
        status_codes=("503", "5XX"),
        retry_connection_errors=False,
    )


def test_document_retries_at_the_top_else_on_the_first_server(tmp_path: Path) -> None:
    top = api_from(
        tmp_path,
        _document({}, **{"x-speakeasy-retries": {"backoff": {"initialInterval": 1}}}),
    )
    assert top.retries == ir.RetryPolicy(initial_interval_ms=1)
    on_server = api_from(
        tmp_path,
        _document(
            {},
            servers=[
                {"url": "https://a"},
                {"url": "https://b", "x-speakeasy-retries": {"strategy": "none"}},
            ],
        ),
    )
    # Another strategy than backoff: no retries at all.
    assert on_server.retries == ir.RetryPolicy(
        status_codes=(), retry_connection_errors=False
    )
    assert api_from(tmp_path, _document({})).retries is None


# -- pagination ------------------------------------------------------------------------------------

_PAGE = {
    "type": "object",
    "properties": {
        "data": {"type": "array", "items": {"type": "string"}},
        "next": {"type": ["string", "null"]},
        "meta": {"type": "object", "properties": {"pages": {"type": "integer"}}},
    },
}
_PARAMETERS = [
    {"name": "offset", "in": "query", "schema": {"type": "integer", "default": 5}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}},
    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
    {"name": "page", "in": "header", "schema": {"type": "integer"}},
]


def _paginated(
    tmp_path: Path, pagination: dict[str, Any], body: dict[str, Any] | None = None
) -> ir.Api:
    operation: dict[str, Any] = {
        "operationId": "list",
        "parameters": _PARAMETERS,
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": _PAGE}},
            }
        },
        "x-speakeasy-pagination": pagination,
    }
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return api_from(
        tmp_path,
        _document(
            {
                "/items/{id}": {
                    "parameters": [{"name": "id", "in": "path"}],
                    "post": operation,
                }
            }
        ),
    )


def _offset(name: str, kind: str = "offset") -> dict[str, str]:
    return {"name": name, "in": "parameters", "type": kind}


@pytest.mark.parametrize(
    ("pagination", "expected"),
    [
        (
            {
                "type": "offsetLimit",
                "inputs": [_offset("offset"), _offset("limit", "limit")],
                "outputs": {"results": "$.data"},
            },
            ir.Pagination(
                kind="offset",
                input=ir.PageInput(location="query", name="offset", default=5),
                limit=ir.PageInput(location="query", name="limit", default=20),
                results=("data",),
            ),
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [_offset("page", "page")],
                "outputs": {"numPages": "$.meta.pages"},
            },
            ir.Pagination(
                kind="page",
                input=ir.PageInput(location="header", name="page"),
                pages=("meta", "pages"),
            ),
        ),
        (
            {
                "type": "cursor",
                "inputs": [_offset("cursor", "cursor")],
                "outputs": {"nextCursor": "$.next", "results": "$.data"},
            },
            ir.Pagination(
                kind="cursor",
                input=ir.PageInput(location="query", name="cursor"),
                results=("data",),
                next=("next",),
            ),
        ),
        (
            {"type": "url", "outputs": {"nextUrl": "$.next"}},
            ir.Pagination(kind="url", next=("next",)),
        ),
    ],
)
def test_pagination(
    tmp_path: Path, pagination: dict[str, Any], expected: ir.Pagination
) -> None:
    api = _paginated(tmp_path, pagination)
    assert api.operations[0].pagination == expected
    assert api.diagnostics == ()


def test_a_pagination_input_in_the_body_takes_its_default(tmp_path: Path) -> None:
    body = {
        "type": "object",
        "properties": {"after": {"type": "string", "default": "0"}},
    }
    api = _paginated(
        tmp_path,
        {
            "type": "cursor",
            "inputs": [{"name": "after", "in": "requestBody", "type": "cursor"}],
            "outputs": {"nextCursor": "$.next"},
        },
        body,
    )
    assert api.operations[0].pagination == ir.Pagination(
        kind="cursor",
        input=ir.PageInput(location="body", name="after", default="0"),
        next=("next",),
    )


@pytest.mark.parametrize(
    ("pagination", "message"),
    [
        (
            {"type": "pages", "outputs": {}},
            "pagination type 'pages' is not supported (offsetLimit, cursor or url)",
        ),
        (
            {"type": "offsetLimit", "inputs": [_offset("id")], "outputs": {}},
            (
                "pagination input 'id' is a path parameter; only query and header"
                " parameters can change between pages"
            ),
        ),
        (
            {"type": "offsetLimit", "inputs": [_offset("nope")], "outputs": {}},
            "pagination input 'nope' is not a parameter",
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [_offset("offset")],
                "outputs": {"results": "$.next"},
            },
            "outputs.results ($.next) is not an array",
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [_offset("offset")],
                "outputs": {"results": "$.missing"},
            },
            "outputs.results ($.missing): ListResponse has no property 'missing'",
        ),
        (
            {"type": "url", "outputs": {}},
            "url pagination needs outputs.nextUrl",
        ),
        (
            {"type": "offsetLimit", "inputs": [_offset("offset")], "outputs": {}},
            "offsetLimit pagination needs outputs.results to know where the pages end",
        ),
    ],
)
def test_pagination_that_cannot_be_followed_is_dropped_with_a_warning(
    tmp_path: Path, pagination: dict[str, Any], message: str
) -> None:
    api = _paginated(tmp_path, pagination)
    assert api.operations[0].pagination is None
    assert _diagnostics(api) == [
        (
            "#/paths/~1items~1{id}/post/x-speakeasy-pagination",
            f"{message}; the operation is generated without pagination",
        )
    ]


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "pointer", "message"),
    [
        (
            _document(
                {
                    "/a": {"get": {"operationId": "x", "responses": OK}},
                    "/b": {"get": {"operationId": "x", "responses": OK}},
                }
            ),
            "#/paths/~1b/get/operationId",
            "operationId 'x' is already used by #/paths/~1a/get",
        ),
        (
            _document(
                {
                    "/a": {
                        "get": {
                            "parameters": [{"name": "id", "in": "path"}],
                            "responses": OK,
                        }
                    }
                }
            ),
            "#/paths/~1a/get/parameters/0",
            "path parameter 'id' does not appear in the path '/a'",
        ),
        (
            _document({"/a": {"get": {"parameters": [{"name": "b", "in": "body"}]}}}),
            "#/paths/~1a/get/parameters/0",
            "a parameter needs a 'name' and 'in' (path, query, header or cookie)",
        ),
        (
            _document({"/a": {"get": "nothing"}}),
            "#/paths/~1a/get",
            "an operation must be a mapping",
        ),
        (
            _document({"/a": {"get": {"responses": ["200"]}}}),
            "#/paths/~1a/get/responses",
            "responses must be a mapping",
        ),
        (
            _document({"/a": {"get": {"operationId": 5, "responses": OK}}}),
            "#/paths/~1a/get/operationId",
            "must be a string",
        ),
        (
            _document({"/a": {"get": {"security": {"key": []}, "responses": OK}}}),
            "#/paths/~1a/get/security",
            "security must be a list",
        ),
        (
            _document({"/a": {"get": {"x-speakeasy-retries": [1], "responses": OK}}}),
            "#/paths/~1a/get/x-speakeasy-retries",
            "x-speakeasy-retries must be a mapping",
        ),
        (
            _document(
                {
                    "/a": {
                        "get": {
                            "x-speakeasy-retries": {"backoff": {"maxInterval": "1m"}},
                            "responses": OK,
                        }
                    }
                }
            ),
            "#/paths/~1a/get/x-speakeasy-retries/backoff/maxInterval",
            "must be a number",
        ),
        (
            _document(
                {},
                components={
                    "securitySchemes": {
                        "k": {"type": "apiKey", "in": "body", "name": "k"}
                    }
                },
            ),
            "#/components/securitySchemes/k",
            "an apiKey scheme needs 'in' (header, query or cookie) and a 'name'",
        ),
        (
            _document({}, servers=[{"description": "no url"}]),
            "#/servers/0",
            "a server needs a url string",
        ),
    ],
)
def test_a_broken_document_is_refused_at_its_pointer(
    tmp_path: Path, spec: dict[str, Any], pointer: str, message: str
) -> None:
    error = spec_error(tmp_path, spec)
    assert (error.file, error.location, error.message) == (
        "spec.json",
        pointer,
        message,
    )
