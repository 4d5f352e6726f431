"""Operations in the IR: groups, method names, fragments, parameters, bodies, security, retries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.errors import SpecError
from generator.openapi import build_api
from generator.python.auth import auth_diagnostics, client_auth
from generator.python.ir_json import ir_json
from generator.python.name_plan import plan_names

ROOT = Path(__file__).resolve().parents[2]
SPEAKEASY_SPEC = ROOT / "spec" / "atoma-speakeasy-openapi.yaml"


def _api(tmp_path: Path, spec: dict[str, Any]) -> ir.Api:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return build_api(path)


def _spec(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        **extra,
    }


def test_atoma_speakeasy_surface() -> None:
    api = build_api(SPEAKEASY_SPEC)
    names = plan_names(api)
    surface = {
        (names.operations[o.id].group, names.operations[o.id].method)
        for o in api.operations
    }
    assert {
        ("chat", "create"),
        ("chat", "stream"),
        ("models", "list"),
        ("nodes", "create_lock"),
        ("confidential_chat", "stream"),
        ("health", "check"),
    } <= surface
    stream = next(o for o in api.operations if o.id == "chat_completions_create_stream")
    assert stream.path == "/v1/chat/completions" and stream.streaming
    assert stream.responses[0].sse_sentinel == "[DONE]"
    assert stream.security == (("bearerAuth",),)
    assert [s.default_url for s in api.servers] == ["https://api.atoma.network"]
    assert [names.schemes[s.name] for s in api.security_schemes] == ["bearer_auth"]
    assert api.retries is not None and "503" in api.retries.status_codes
    data = json.loads(ir_json(api))
    first = data["operations"][0]
    assert {"id", "group", "method", "http_method", "path", "streaming"} <= set(first)


def test_groups_names_parameters_and_inline_models(tmp_path: Path) -> None:
    api = _spec(
        {
            "/pets/{petId}": {
                "parameters": [
                    {"name": "petId", "in": "path", "schema": {"type": "integer"}}
                ],
                "get": {
                    "operationId": "getPet",
                    "parameters": [
                        {
                            "name": "fields",
                            "in": "query",
                            "explode": False,
                            "schema": {"type": "array", "items": {"type": "string"}},
                        },
                        {
                            "name": "order",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["asc", "desc"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"id": {"type": "integer"}},
                                    }
                                }
                            },
                        }
                    },
                },
            },
            "/pets": {
                "post": {
                    "tags": ["Pet Store"],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"name": {"type": "string"}},
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "none"}},
                }
            },
        }
    )
    built = _api(tmp_path, api)
    names = plan_names(built)
    get = next(o for o in built.operations if o.id == "getPet")
    get_names = names.operations[get.id]
    assert (get_names.group, get_names.method, get.http_method) == (
        "default",
        "get_pet",
        "GET",
    )
    params = {p.name: p for p in get.parameters}
    assert params["petId"].location == "path" and params["petId"].required
    assert get_names.arguments[0] == "pet_id"
    assert params["fields"].explode is False
    assert params["fields"].type == ir.ListOf(ir.Primitive("string"))
    assert params["order"].type == ir.Ref("GetPetOrder")
    assert get.responses[0].type == ir.Ref("GetPetResponse")
    post = next(o for o in built.operations if o.http_method == "POST")
    post_names = names.operations[post.id]
    assert post_names.group == "pet_store" and post_names.method == "post_pets"
    assert post.request_body is not None
    assert post.request_body.type == ir.Ref("PostPetsRequest")
    assert {m.name for m in built.models} >= {"GetPetOrder", "GetPetResponse"}


def test_duplicate_method_names_are_made_unique(tmp_path: Path) -> None:
    op = {"operationId": "x", "x-speakeasy-name-override": "list", "responses": {}}
    built = _api(
        tmp_path, _spec({"/a": {"get": op}, "/b": {"get": {**op, "operationId": "y"}}})
    )
    names = plan_names(built)
    methods = sorted(names.operations[o.id].method for o in built.operations)
    assert methods == ["list", "list_2"]


def test_bad_parameter_is_a_spec_error(tmp_path: Path) -> None:
    spec = _spec({"/a": {"get": {"parameters": [{"in": "query"}], "responses": {}}}})
    with pytest.raises(SpecError, match="parameters/0"):
        _api(tmp_path, spec)


def test_security_schemes_and_retries(tmp_path: Path) -> None:
    spec = _spec(
        {"/a": {"get": {"responses": {}, "security": [{"key": []}, {}]}}},
        components={
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "query", "name": "api_key"},
                "basic": {"type": "http", "scheme": "basic"},
            }
        },
        security=[{"basic": []}],
        **{"x-speakeasy-retries": {"strategy": "backoff", "statusCodes": ["5XX"]}},
    )
    built = _api(tmp_path, spec)
    kinds = {
        s.name: (s.type, s.location, s.parameter_name) for s in built.security_schemes
    }
    assert kinds["key"] == ("apiKey", "query", "api_key")
    assert kinds["basic"][0] == "http"
    assert {s.name: client_auth(s) for s in built.security_schemes} == {
        "key": "api_key",
        "basic": "http_basic",
    }
    assert built.operations[0].security == (("key",), ())
    assert built.retries is not None and built.retries.status_codes == ("5XX",)


def test_schemes_are_kept_as_written_and_the_client_decides(tmp_path: Path) -> None:
    """Digest, OpenID Connect and browser OAuth2 flows reach the IR as the spec
    writes them; the Python side sends a bearer token for each, with a warning
    where that is a stand-in for what the spec asks (HTTP digest)."""
    spec = _spec(
        {"/a": {"get": {"responses": {}}}},
        components={
            "securitySchemes": {
                "digest": {"type": "http", "scheme": "Digest"},
                "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x/"},
                "code": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "https://x/a",
                            "tokenUrl": "https://x/t",
                            "scopes": {},
                        }
                    },
                },
            }
        },
    )
    built = _api(tmp_path, spec)
    by_name = {s.name: s for s in built.security_schemes}
    assert (by_name["digest"].type, by_name["digest"].http_scheme) == ("http", "Digest")
    assert by_name["oidc"].type == "openIdConnect"
    assert (by_name["code"].type, by_name["code"].flows) == (
        "oauth2",
        ("authorizationCode",),
    )
    assert {n: client_auth(s) for n, s in by_name.items()} == dict.fromkeys(
        by_name, "http_bearer"
    )
    assert not built.diagnostics  # the front end records; it does not decide
    (warning,) = auth_diagnostics(built)
    assert warning.pointer == "#/components/securitySchemes/digest"
    assert warning.message == "HTTP scheme 'digest' is sent as a bearer token"


def _security_views(tmp_path: Path, security: list[dict[str, list[str]]]) -> str:
    from generator.python.clientview import build_groups
    from generator.python.fragments import PythonTypes

    schemes = {
        name: {"type": "apiKey", "in": "header", "name": f"X-{name}"}
        for alternative in security
        for name in alternative
    }
    spec = _spec(
        {"/a": {"get": {"operationId": "a", "responses": {}, "security": security}}},
        components={"securitySchemes": schemes},
    )
    built = _api(tmp_path, spec)
    names = plan_names(built)
    (group,) = build_groups(built, PythonTypes(built, names), names)
    (view,) = group.operations
    return view.security


def test_security_alternatives_are_one_tuple_display(tmp_path: Path) -> None:
    """Alternatives that differ only in scopes are one; the display is written on
    one row, without a trailing comma (a long one is the formatter's to split)."""
    assert (
        _security_views(
            tmp_path, [{"oauth": ["a"], "key": []}, {"oauth": ["b"], "key": []}]
        )
        == '(("key", "oauth"),)'
    )
    assert _security_views(tmp_path, [{"a": []}, {"b": []}]) == '(("a",), ("b",))'
    many = [{f"scheme_with_a_long_name_{i}": []} for i in range(4)]
    assert _security_views(tmp_path, many) == (
        "(" + ", ".join(f'("scheme_with_a_long_name_{i}",)' for i in range(4)) + ")"
    )
