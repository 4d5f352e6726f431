"""``generator.python.clientview.client_context``: what the client templates print.

One small API is read by the OpenAPI front end and named by the real name plan;
the tests read the exact arguments, paths, return types, decoders and settings of
each method's view.  Expressions the views lay out over several lines (servers,
security) are compared with their whitespace taken out: what they say is the
contract here, not where their lines break.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.python.clientview import (
    GroupView,
    OperationView,
    client_context,
    retry_config,
)
from generator.python.fragments import PythonTypes
from generator.python.name_plan import plan_names
from tests.inline import api_from


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "tag": {"type": ["string", "null"]},
    },
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "2.0 beta"},
    "servers": [
        {
            "url": "https://{region}.example.com",
            "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}},
        }
    ],
    "x-speakeasy-retries": {
        "strategy": "backoff",
        "backoff": {
            "initialInterval": 250,
            "maxInterval": 1000,
            "exponent": 2,
            "maxElapsedTime": 10000,
        },
        "statusCodes": ["429"],
        "retryConnectionErrors": True,
    },
    "security": [{"key": []}],
    "components": {
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "token": {"type": "http", "scheme": "bearer"},
        },
        "schemas": {
            "Pet": PET,
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        },
    },
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "summary": "List pets.",
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "description": "How many.",
                        "schema": {"type": "integer"},
                    },
                    {
                        "name": "kind",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "enum": ["dog", "cat"]},
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    {
                        "name": "ids",
                        "in": "query",
                        "style": "form",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                    {
                        "name": "filter",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"type": "object", "properties": {"q": {}}},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": _json({"type": "array", "items": _ref("Pet")}),
                    },
                    "404": {"description": "no", "content": _json(_ref("Error"))},
                    "500": {"description": "oops"},
                },
            },
            "post": {
                "operationId": "createPet",
                "tags": ["pets"],
                "deprecated": True,
                "security": [{"token": []}, {"key": []}],
                "x-speakeasy-retries": {"strategy": "none"},
                "requestBody": {"required": True, "content": _json(_ref("Pet"))},
                "responses": {
                    "201": {"description": "made", "content": _json(_ref("Pet"))}
                },
            },
        },
        "/pets/{petId}": {
            "parameters": [
                {"name": "petId", "in": "path", "schema": {"type": "integer"}}
            ],
            "get": {
                "operationId": "getPet",
                "tags": ["pets"],
                "servers": [
                    {
                        "url": "https://{zone}.pets.example.com",
                        "variables": {"zone": {"default": "a"}},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    },
                    "204": {"description": "none"},
                },
            },
            "put": {
                "operationId": "replacePet",
                "tags": ["pets"],
                "responses": {
                    "200": {"description": "same", "content": _json(_ref("Pet"))},
                    "201": {"description": "new", "content": _json(_ref("Pet"))},
                    "202": {"description": "later"},
                },
            },
            "patch": {
                "operationId": "touchPet",
                "tags": ["pets"],
                "responses": {
                    "200": {"description": "same", "content": _json(_ref("Pet"))},
                    "201": {"description": "new", "content": _json(_ref("Pet"))},
                },
            },
            "delete": {
                "operationId": "deletePet",
                "security": [],
                "responses": {"204": {"description": "gone"}},
            },
        },
        "/chat": {
            "post": {
                "operationId": "chat",
                "requestBody": {
                    "content": _json(
                        {
                            "type": "object",
                            "required": ["prompt"],
                            "properties": {
                                "prompt": {"type": "string"},
                                "n": {"type": "integer", "default": 1},
                            },
                        }
                    )
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "text/event-stream": {
                                "x-speakeasy-sse-sentinel": "[DONE]",
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "data": _ref("Pet"),
                                        "event": {"type": "string"},
                                    },
                                },
                            }
                        },
                    }
                },
            }
        },
        "/upload": {
            "post": {
                "operationId": "upload",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "note": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/octet-stream": {}},
                    }
                },
            }
        },
        "/raw": {
            "put": {
                "operationId": "putRaw",
                "requestBody": {
                    "required": True,
                    "content": {"application/octet-stream": {}},
                },
                "responses": {"204": {"description": "ok"}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    api = api_from(tmp_path_factory.mktemp("clientview"), SPEC)
    names = plan_names(api)
    return client_context(api, PythonTypes(api, names), names, "petstore")


def _compact(text: str | None) -> str | None:
    return None if text is None else "".join(text.split())


def _groups(context: dict[str, object]) -> dict[str, GroupView]:
    groups = context["groups"]
    assert isinstance(groups, list)
    return {group.attribute: group for group in groups}


def _method(context: dict[str, object], name: str) -> OperationView:
    for group in _groups(context).values():
        for view in group.operations:
            if view.name == name:
                return view
    raise KeyError(name)


def _signatures(view: OperationView) -> list[str]:
    return [arg.signature for arg in view.args]


# -- the client ----------------------------------------------------------------------


def test_the_client_settings(context: dict[str, object]) -> None:
    assert context["user_agent"] == "petstore/2.0beta (specgen; python-httpx)"
    assert context["default_retries"] == (
        "_http.RetryConfig(initial_interval=0.25, max_interval=1.0, exponent=2.0,"
        ' max_elapsed=10.0, max_retries=None, status_codes=("429", ),'
        " connection_errors=True, non_idempotent=True)"
    )
    servers = context["servers"]
    assert isinstance(servers, list)
    assert [_compact(s) for s in servers] == [
        '_http.Server("https://{region}.example.com",(("region","eu",("eu","us",),),),)'
    ]
    # Variables only an operation's servers have, for the client to accept.
    assert context["operation_variables"] == '("zone", )'
    assert context["scheme_types"] == {
        "http_bearer": "str",
        "http_basic": "tuple[str, str]",
        "api_key": "str",
        "oauth2_client_credentials": "str | tuple[str, str]",
    }


def test_error_classes_for_every_error_status_declared(
    context: dict[str, object],
) -> None:
    assert context["errors"] == [
        (404, "NotFoundError", "ClientError"),
        (500, "InternalServerError", "ServerError"),
    ]
    assert context["exported_errors"] == context["errors"]


def test_groups_by_tag_and_methods_by_name(context: dict[str, object]) -> None:
    groups = _groups(context)
    assert {
        attribute: [view.name for view in group.operations]
        for attribute, group in groups.items()
    } == {
        # deletePet has no tag: the default group.
        "default": ["chat", "delete_pet", "put_raw", "upload"],
        "pets": ["create_pet", "get_pet", "list_pets", "replace_pet", "touch_pet"],
    }
    pets = groups["pets"]
    assert (
        pets.class_name,
        pets.async_class_name,
        pets.raw_class_name,
        pets.async_raw_class_name,
        pets.doc,
    ) == (
        "PetsOperations",
        "AsyncPetsOperations",
        "PetsOperationsRaw",
        "AsyncPetsOperationsRaw",
        '"""Operations of the pets group."""',
    )


# -- methods ----------------------------------------------------------------------------


def test_query_and_header_arguments(context: dict[str, object]) -> None:
    view = _method(context, "list_pets")
    # Required arguments first.
    assert _signatures(view) == [
        "kind: _models.ListPetsKind | str",
        "limit: int | _rt.Unset = _rt.UNSET",
        "x_trace: str | _rt.Unset = _rt.UNSET",
        "ids: Sequence[int] | _rt.Unset = _rt.UNSET",
        "filter: _models.ListPetsFilter | _td.ListPetsFilterDict | _rt.Unset = _rt.UNSET",
    ]
    args = {arg.name: arg for arg in view.args}
    assert [(a.kind, a.wire) for a in args.values()] == [
        ("query", "kind"),
        ("query", "limit"),
        ("header", "X-Trace"),
        ("query", "ids"),
        ("query", "filter"),
    ]
    assert (args["ids"].explode, args["ids"].deep) == (False, False)
    # OpenAPI explodes by default in form style only.
    assert (args["filter"].explode, args["filter"].deep) == (False, True)
    assert (args["limit"].explode, args["limit"].deep) == (True, False)
    # An object is sent as its dict; scalars as they are.
    assert args["filter"].encode == "_rt.encode_any(filter)"
    assert args["limit"].encode == "limit"
    assert (
        args["limit"].condition
        == "not isinstance(limit, _rt.Unset) and limit is not None"
    )


def test_a_json_response_and_the_error_decoders(context: dict[str, object]) -> None:
    view = _method(context, "list_pets")
    assert view.returns == "list[_models.Pet]"
    assert view.success == (
        (None, "_http.decode_json(_response, _rt.list_of(_models.Pet.from_dict))"),
    )
    assert view.errors == ('"404": _models.Error.from_dict',)
    assert view.accept == "application/json"
    assert view.doc == '"""List pets.\n\nArguments:\n    limit: How many."""'
    assert (view.path, view.body, view.stream_item) == ('"/pets"', "none", None)
    assert _compact(view.security) == '(("key",),)'
    assert view.retries is None and view.servers is None


def test_a_json_body_is_spread_into_its_fields(context: dict[str, object]) -> None:
    view = _method(context, "create_pet")
    assert view.body == "json_fields"
    assert _signatures(view) == [
        "id: int",
        "name: str",
        "tag: str | None | _rt.Unset = _rt.UNSET",
    ]
    tag = view.args[2]
    # A nullable field may be sent as null: only UNSET leaves it out.
    assert (tag.kind, tag.condition) == ("field", "not isinstance(tag, _rt.Unset)")
    assert (view.optional_json, view.extra_body) == (False, True)
    assert view.returns == "_models.Pet"
    assert view.doc == '"""Deprecated."""'
    assert _compact(view.security) == '(("token",),("key",))'
    assert view.retries == "None"  # the operation turns retries off


def test_a_body_that_is_not_required_is_sent_only_when_given(
    context: dict[str, object],
) -> None:
    view = _method(context, "chat")
    # ``prompt`` is required in the body, but the body is optional.
    assert _signatures(view) == [
        "prompt: str | _rt.Unset = _rt.UNSET",
        "n: int | _rt.Unset = _rt.UNSET",
    ]
    assert view.optional_json is True


def test_an_event_stream(context: dict[str, object]) -> None:
    view = _method(context, "chat")
    assert view.stream_item == "_models.ChatResponse"
    assert view.returns == "_http.Stream[_models.ChatResponse]"
    assert view.value(is_async=True) == "_http.AsyncStream[_models.ChatResponse]"
    assert view.stream_decoder == (
        "_http.event_decoder(_models.ChatResponse.from_dict,"
        ' envelope=frozenset({"data", "event"}), json_data=True)'
    )
    assert (view.sentinel, view.accept, view.lines) == (
        "[DONE]",
        "text/event-stream",
        False,
    )
    assert view.success == ()


def test_path_arguments_and_several_success_statuses(
    context: dict[str, object],
) -> None:
    view = _method(context, "get_pet")
    assert _signatures(view) == ["pet_id: int"]
    assert view.path == '"/pets/" + _http.path_value(pet_id)'
    assert view.returns == "str | None"
    assert view.success == (
        ("_response.status_code == 200", "_response.text"),
        (None, "None"),
    )
    assert view.accept is None
    assert _compact(view.servers) == (
        '(_http.Server("https://{zone}.pets.example.com",(("zone","a",(),),),),)'
    )
    assert view.doc == '"""GET /pets/{petId}"""'


def test_statuses_that_return_the_same_share_a_branch(
    context: dict[str, object],
) -> None:
    decoded = "_http.decode_json(_response, _models.Pet.from_dict)"
    replace = _method(context, "replace_pet")
    assert replace.success == (
        ("_response.status_code in (200, 201)", decoded),
        (None, "None"),
    )
    assert replace.returns == "_models.Pet | None"
    # What the last status returns needs no branch of its own.
    assert _method(context, "touch_pet").success == ((None, decoded),)


def test_an_operation_without_security_or_content(context: dict[str, object]) -> None:
    view = _method(context, "delete_pet")
    assert view.security == "()"
    assert (view.returns, view.success) == ("None", ((None, "None"),))


def test_multipart_and_raw_bodies(context: dict[str, object]) -> None:
    upload = _method(context, "upload")
    assert upload.body == "multipart"
    assert _signatures(upload) == [
        "file: _http.FileInput",
        "note: str | _rt.Unset = _rt.UNSET",
    ]
    assert [a.kind for a in upload.args] == ["file", "field"]
    assert (upload.returns, upload.success) == (
        "bytes",
        ((None, "_response.content"),),
    )
    raw = _method(context, "put_raw")
    assert raw.body == "raw"
    assert _signatures(raw) == ["body: bytes | str"]
    assert (raw.args[0].kind, raw.args[0].wire) == ("body", "")


# -- the retry policy ----------------------------------------------------------------------


def test_retry_config() -> None:
    assert retry_config(ir.RetryPolicy()) == (
        "_http.RetryConfig(initial_interval=0.5, max_interval=60.0, exponent=1.5,"
        ' max_elapsed=3600.0, max_retries=None, status_codes=("408", "429", "5XX", ),'
        " connection_errors=True, non_idempotent=True)"
    )
    off = ir.RetryPolicy(status_codes=(), retry_connection_errors=False)
    assert retry_config(off) == "None"
    assert retry_config(ir.RetryPolicy(status_codes=()), non_idempotent=False).endswith(
        "status_codes=(), connection_errors=True, non_idempotent=False)"
    )


def test_an_error_class_named_like_a_model_is_not_exported_twice(
    tmp_path: Path,
) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "components": {
            "schemas": {"NotFoundError": {"type": "object", "properties": {}}}
        },
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "200": {"description": "ok"},
                        "404": {
                            "description": "no",
                            "content": _json(_ref("NotFoundError")),
                        },
                    }
                }
            }
        },
    }
    api = api_from(tmp_path, spec)
    names = plan_names(api)
    context = client_context(api, PythonTypes(api, names), names, "pkg")
    # The package exports the model; the error class of that name is errors.py's.
    assert names.models["NotFoundError"].cls == "NotFoundError"
    assert context["errors"] == [(404, "NotFoundError", "ClientError")]
    assert context["exported_errors"] == []
