"""Client features the Atoma spec lacks, from a small inline spec, against the local server.

Path and query parameters (arrays with and without explode, encoding of reserved
characters), header and cookie parameters, API keys in header, query and cookie,
HTTP basic auth, form and multipart bodies, non-object JSON bodies, error models.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.conftest import assert_mypy_strict  # noqa: E402
from tests.server import running_server  # noqa: E402
from tests.server.packages import spec_package  # noqa: E402

PACKAGE = "features_client_under_test"

ECHO = {
    "type": "object",
    "required": ["method", "raw_path", "query", "headers", "cookies", "body", "form"],
    "properties": {
        "method": {"type": "string"},
        "raw_path": {"type": "string"},
        "query": {"type": "string"},
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        "cookies": {"type": "object", "additionalProperties": {"type": "string"}},
        "body": {"type": "string"},
        "form": {"type": "object"},
    },
}


def _echo_response() -> dict[str, Any]:
    return {
        "200": {
            "description": "what the server saw",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Echo"}}
            },
        },
        "404": {
            "description": "not found",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"detail": {"type": "string"}},
                    }
                }
            },
        },
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Features", "version": "2.0"},
    "paths": {
        "/echo/items/{itemId}/{slug}": {
            "parameters": [
                {"name": "itemId", "in": "path", "schema": {"type": "integer"}},
                {"name": "slug", "in": "path", "schema": {"type": "string"}},
            ],
            "get": {
                "tags": ["Items"],
                "operationId": "getItem",
                "security": [{"headerKey": []}],
                "parameters": [
                    {
                        "name": "tags",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                    {
                        "name": "ids",
                        "in": "query",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                    {
                        "name": "q",
                        "in": "query",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "order",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["asc", "desc"]},
                    },
                    {"name": "flag", "in": "query", "schema": {"type": "boolean"}},
                    {
                        "name": "cursor",
                        "in": "query",
                        "schema": {"type": ["string", "null"]},
                    },
                    {
                        "name": "X-Trace",
                        "in": "header",
                        "schema": {"type": ["string", "null"]},
                    },
                    {
                        "name": "X-Request-Id",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": _echo_response(),
            },
        },
        "/echo/query-auth": {
            "delete": {
                "tags": ["Items"],
                "operationId": "deleteWithQueryKey",
                "security": [{"queryKey": []}],
                "responses": _echo_response(),
            }
        },
        "/echo/cookie-auth": {
            "get": {
                "tags": ["Items"],
                "operationId": "cookieAuth",
                "security": [{"cookieKey": []}, {"basic": []}],
                "responses": _echo_response(),
            }
        },
        "/echo/upload": {
            "post": {
                "tags": ["Files"],
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
                                    "title": {"type": "string"},
                                    "labels": {
                                        "type": "array",
                                        "items": {"type": "string"},
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": _echo_response(),
            }
        },
        "/echo/form": {
            "post": {
                "tags": ["Files"],
                "operationId": "sendForm",
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "name": {"type": "string"},
                                    "count": {"type": "integer"},
                                },
                            }
                        }
                    },
                },
                "responses": _echo_response(),
            }
        },
        "/echo/fields": {
            "post": {
                "operationId": "sendFields",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "note": {"type": "string"},
                                    "score": {"type": ["integer", "null"]},
                                    "item": {"$ref": "#/components/schemas/Item"},
                                },
                            }
                        }
                    },
                },
                "responses": _echo_response(),
            }
        },
        "/echo/list": {
            "put": {
                "operationId": "putList",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"type": "array", "items": {"type": "integer"}}
                        }
                    },
                },
                "responses": _echo_response(),
            }
        },
        "/sse": {
            "get": {
                "tags": ["Events"],
                "operationId": "plain",
                "responses": {
                    "200": {
                        "description": "events",
                        "content": {
                            "text/event-stream": {
                                "schema": {"$ref": "#/components/schemas/Item"},
                                "x-speakeasy-sse-sentinel": "[END]",
                            }
                        },
                    }
                },
            }
        },
        "/sse#envelope": {
            "get": {
                "tags": ["Events"],
                "operationId": "envelope",
                "responses": {
                    "200": {
                        "description": "events",
                        "content": {
                            "text/event-stream": {
                                "schema": {
                                    "type": "object",
                                    "required": ["data"],
                                    "properties": {
                                        "data": {"$ref": "#/components/schemas/Item"},
                                        "event": {"type": "string"},
                                        "id": {"type": "string"},
                                    },
                                },
                                "x-speakeasy-sse-sentinel": "[END]",
                            }
                        },
                    }
                },
            }
        },
        "/echo/default": {
            "get": {
                "operationId": "onlyDefault",
                "responses": {
                    "default": {
                        "description": "anything",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Echo"}
                            }
                        },
                    }
                },
            }
        },
        "/echo/text": {
            "get": {
                "operationId": "asText",
                "responses": {
                    "200": {
                        "description": "JSON",
                        "content": {"application/json": {"schema": {}}},
                    },
                    "203": {
                        "description": "text",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    },
                },
            }
        },
        "/echo/retry": {
            "post": {
                "operationId": "retried",
                "x-speakeasy-retries": {
                    "strategy": "backoff",
                    "backoff": {
                        "initialInterval": 1,
                        "maxInterval": 10,
                        "maxElapsedTime": 5000,
                        "exponent": 1.5,
                    },
                    "statusCodes": ["503"],
                },
                "responses": _echo_response(),
            }
        },
        "/missing": {
            "get": {
                "operationId": "missing",
                "responses": _echo_response(),
            }
        },
    },
    "components": {
        "schemas": {
            "Echo": ECHO,
            "Item": {
                "type": "object",
                "required": ["n"],
                "properties": {"n": {"type": "integer"}},
            },
        },
        "securitySchemes": {
            "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "token"},
            "basic": {"type": "http", "scheme": "basic"},
        },
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with spec_package(tmp_path_factory.mktemp("features"), SPEC, PACKAGE) as module:
        yield module


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


def test_path_query_header_and_cookie_parameters(
    pkg: ModuleType, base_url: str
) -> None:
    with pkg.Client(base_url, header_key="k1") as client:
        echo = client.items.get_item(
            item_id=42,
            slug="a/b c?d#e",
            tags=["x y", "z&w"],
            ids=[1, 2, 3],
            order=pkg.GetItemOrder.DESC,
            flag=True,
            x_request_id="rid-1",
            session="s1",
        )
    assert isinstance(echo, pkg.Echo)
    assert echo.method == "GET"
    # Reserved characters in a path parameter stay inside their segment.
    assert echo.raw_path == "/echo/items/42/a%2Fb%20c%3Fd%23e"
    assert echo.query == "tags=x+y&tags=z%26w&ids=1%2C2%2C3&order=desc&flag=true"
    assert echo.headers["x-request-id"] == "rid-1"
    assert echo.headers["x-api-key"] == "k1"
    assert echo.cookies == {"session": "s1"}


def test_absent_query_parameters_are_not_sent(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url, header_key="k") as client:
        echo = client.items.get_item(item_id=1, slug="s", x_request_id="r")
    assert echo.query == "" and echo.cookies == {}


def test_null_is_sent_empty_only_for_nullable_parameters(
    pkg: ModuleType, base_url: str
) -> None:
    """None is "no value" for a parameter that cannot be null (an untyped caller may
    pass it), and an empty value for one that can."""
    with pkg.Client(base_url, header_key="k") as client:
        echo = client.items.get_item(
            item_id=1,
            slug="s",
            x_request_id="r",
            q=None,
            session=None,
            cursor=None,
            x_trace=None,
        )
    assert echo.query == "cursor="
    assert echo.headers["x-trace"] == ""
    assert echo.cookies == {}


def test_api_key_in_query_and_cookie_and_basic_auth(
    pkg: ModuleType, base_url: str
) -> None:
    with pkg.Client(base_url, query_key="q k", cookie_key="c1") as client:
        deleted = client.items.delete_with_query_key()
        cookie = client.items.cookie_auth()
    assert deleted.method == "DELETE" and deleted.query == "api_key=q+k"
    assert cookie.cookies == {"token": "c1"}
    with pkg.Client(base_url, basic=("ann", "s3cret")) as client:
        basic = client.items.cookie_auth()
    expected = base64.b64encode(b"ann:s3cret").decode()
    assert basic.headers["authorization"] == f"Basic {expected}"


def test_multipart_and_form_bodies(pkg: ModuleType, base_url: str) -> None:
    pytest.importorskip("multipart")  # the server's form parser
    with pkg.Client(base_url) as client:
        uploaded = client.files.upload(
            file=("notes.txt", b"hello file"), title="T", labels=["a", "b"]
        )
        form = client.files.send_form(name="n", count=3)
    assert uploaded.form == {
        "file": {"filename": "notes.txt", "content": "hello file"},
        "title": ["T"],
        "labels": ["a", "b"],
    }
    assert form.form == {"name": ["n"], "count": ["3"]}


def test_optional_body_fields(pkg: ModuleType, base_url: str) -> None:
    """A field not given is left out, None is left out unless the field is nullable
    (then it is sent as null), and a model is encoded as its JSON object."""
    with pkg.Client(base_url) as client:
        bare = client.default.send_fields(name="n")
        given = client.default.send_fields(
            name="n", note="x", score=3, item=pkg.models.Item(n=2)
        )
        nones = client.default.send_fields(name="n", note=None, score=None, item=None)
    assert json.loads(bare.body) == {"name": "n"}
    assert json.loads(given.body) == {
        "name": "n",
        "note": "x",
        "score": 3,
        "item": {"n": 2},
    }
    assert json.loads(nones.body) == {"name": "n", "score": None}


def test_non_object_json_body(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url) as client:
        echo = client.default.put_list(body=[1, 2])
    assert json.loads(echo.body) == [1, 2]
    assert echo.headers["content-type"] == "application/json"


def test_sse_grammar_and_sentinel(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url) as client:
        with client.events.plain() as stream:
            items = list(stream)
        with client.events.envelope() as stream:
            envelopes = [(e.event, e.id, e.data.n) for e in stream]
    assert [item.n for item in items] == [1, 2, 3]
    assert all(isinstance(item, pkg.Item) for item in items)
    # The last event id persists until the stream sets another, as the SSE spec says.
    assert envelopes == [
        (pkg.UNSET, pkg.UNSET, 1),
        ("tick", "7", 2),
        (pkg.UNSET, "7", 3),
    ]


def test_async_sse(pkg: ModuleType, base_url: str) -> None:
    async def main() -> list[int]:
        async with pkg.AsyncClient(base_url) as client:
            async with await client.events.plain() as stream:
                return [item.n async for item in stream]

    assert asyncio.run(asyncio.wait_for(main(), 30)) == [1, 2, 3]


def test_async_methods_run_the_blocking_code(pkg: ModuleType, base_url: str) -> None:
    """An AsyncClient method is a coroutine function with its blocking twin's
    parameters and docstring, whose code it runs: the request is the same."""
    sync_method = pkg.client.ItemsOperations.get_item
    async_method = pkg.client.AsyncItemsOperations.get_item
    assert inspect.iscoroutinefunction(async_method)
    assert not inspect.iscoroutinefunction(sync_method)
    assert list(inspect.signature(async_method).parameters) == list(
        inspect.signature(sync_method).parameters
    )
    # An operation the spec does not describe is documented by its method and path.
    assert pkg.client.AsyncDefaultOperations.missing.__doc__ == "GET /missing"
    arguments: dict[str, Any] = {
        "item_id": 7,
        "slug": "a/b",
        "tags": ["x"],
        "x_request_id": "r",
        "session": "s",
    }

    async def main() -> Any:
        async with pkg.AsyncClient(base_url, header_key="k") as client:
            return await client.items.get_item(**arguments)

    with pkg.Client(base_url, header_key="k") as client:
        expected = client.items.get_item(**arguments)
    echo = asyncio.run(asyncio.wait_for(main(), 30))
    assert isinstance(echo, pkg.Echo)
    assert (echo.raw_path, echo.query, echo.cookies) == (
        expected.raw_path,
        expected.query,
        expected.cookies,
    )
    assert echo.headers["x-api-key"] == "k" and echo.headers["x-request-id"] == "r"


def test_error_model_is_decoded(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url, retries=None) as client:
        with pytest.raises(pkg.NotFoundError) as caught:
            client.default.missing()
    error = caught.value
    assert error.status_code == 404 and isinstance(error, pkg.ClientError)
    assert isinstance(error.body, pkg.Missing404Error)
    assert error.body.detail == "no such thing"


def test_features_client_is_mypy_strict_clean(pkg: ModuleType) -> None:
    folder = Path(pkg.__file__).resolve().parent
    assert_mypy_strict(folder.parent, folder.name)


def test_hostile_scheme_and_parameter_names(tmp_path: Path) -> None:
    """Names that are keywords or the client's own locals still give a working client."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Hostile", "version": "1"},
        "paths": {
            "/echo/{class}": {
                "get": {
                    "tags": ["close"],
                    "operationId": "with_options",
                    "parameters": [
                        {"name": "class", "in": "path", "schema": {"type": "string"}},
                        {"name": "self", "in": "query", "schema": {"type": "string"}},
                        {"name": "_query", "in": "query", "schema": {"type": "string"}},
                    ],
                    "security": [{"credentials": []}],
                    "responses": {"204": {"description": '""" + evil'}},
                }
            }
        },
        "components": {
            "securitySchemes": {
                "credentials": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }
        },
    }
    with spec_package(tmp_path, spec, "hostile_client_under_test") as module:
        seen: list[Any] = []
        with module.Client(
            "http://127.0.0.1:9",
            credentials_2="k",
            on_request=[seen.append],
            retries=None,
        ) as client:
            with pytest.raises(module.APIConnectionError):
                client.close_.with_options_(class_="a b", self_="s", query="q")
    request = seen[0]
    assert request.url.raw_path == b"/echo/a%20b?self=s&_query=q"
    assert request.headers["x-key"] == "k"


def test_retry_after_and_status_classes(pkg: ModuleType) -> None:
    import httpx

    policy = pkg.RetryConfig(initial_interval=0.1, max_interval=5.0, jitter=0.0)
    assert policy.retries_status(503) and policy.retries_status(429)
    assert not policy.retries_status(404)
    assert policy.delay(0, httpx.Response(503, headers={"Retry-After": "3"})) == 3.0
    assert policy.delay(0, httpx.Response(503, headers={"Retry-After": "100"})) == 5.0
    assert policy.delay(2, httpx.Response(503)) == pytest.approx(0.4)
    assert policy.delay(10, None) == 5.0


def test_a_given_http_client_is_used_and_left_open(
    pkg: ModuleType, base_url: str
) -> None:
    import httpx

    with httpx.Client(headers={"x-extra": "1"}) as http:
        with pkg.Client(base_url, http_client=http, header_key="k") as client:
            echo = client.items.get_item(item_id=1, slug="s", x_request_id="r")
        assert not http.is_closed
    assert echo.headers["x-extra"] == "1" and echo.headers["x-api-key"] == "k"


def test_a_default_response_is_the_success_when_no_2xx_is_declared(
    pkg: ModuleType, base_url: str
) -> None:
    with pkg.Client(base_url) as client:
        echo = client.default.only_default()
    assert isinstance(echo, pkg.Echo) and echo.raw_path == "/echo/default"


def test_with_options_shares_the_connection_and_overrides(
    pkg: ModuleType, base_url: str
) -> None:
    with pkg.Client(base_url, header_key="k", headers={"x-a": "1"}) as client:
        other = client.with_options(headers={"x-b": "2"}, timeout=5.0, retries=None)
        echo = other.items.get_item(item_id=1, slug="s", x_request_id="r")
        plain = client.items.get_item(item_id=1, slug="s", x_request_id="r")
        other.close()  # a copy never closes the shared connections
        again = client.items.get_item(item_id=2, slug="s", x_request_id="r")
    assert echo.headers["x-a"] == "1" and echo.headers["x-b"] == "2"
    assert "x-b" not in plain.headers and again.raw_path == "/echo/items/2/s"


def test_success_by_status_and_content_type(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url) as client:
        echo = client.default.as_text()
    # 200 is declared as any JSON: the decoded value is the parsed body.
    assert isinstance(echo, dict) and echo["raw_path"] == "/echo/text"


def test_an_operation_retry_policy_applies_unless_the_client_sets_one(
    pkg: ModuleType, base_url: str
) -> None:
    key = uuid.uuid4().hex
    headers = {"x-fail-times": "1", "x-test-id": key}
    with pkg.Client(base_url, headers=headers) as client:
        # A POST: the generator's default never retries it, the operation's policy does.
        assert client.default.retried().method == "POST"
    key = uuid.uuid4().hex
    headers = {"x-fail-times": "1", "x-test-id": key}
    with pkg.Client(base_url, headers=headers, retries=None) as client:
        with pytest.raises(pkg.ServerError):
            client.default.retried()
