"""OpenAPI 3.2 documents: read as 3.1 is, with the operations and streams 3.2 adds.

The client is driven through an httpx mock transport that answers what each
request asks for, so the method and body a generated call sends are checked on
the request itself.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator import ir
from generator.cli.config import Target
from generator.cli.pipeline import load_api
from generator.diagnostics import StrictError
from generator.errors import SpecError
from generator.openapi import build_api
from tests.conftest import assert_mypy_strict
from tests.server.packages import spec_package

PACKAGE = "openapi32_client_under_test"

FILTER = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}},
}
PETS = {"type": "array", "items": {"type": "string"}}
PAGE = {
    "type": "object",
    "properties": {
        "tag": {"type": "array", "items": {"type": "string"}},
        "limit": {"type": "integer"},
    },
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "", "content": {"application/json": {"schema": schema}}}


SPEC: dict[str, Any] = {
    "openapi": "3.2.0",
    "info": {"title": "Three two", "version": "1"},
    "paths": {
        "/pets": {
            "query": {
                "operationId": "searchPets",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": FILTER}},
                },
                "parameters": [
                    {
                        "name": "page",
                        "in": "querystring",
                        "content": {
                            "application/x-www-form-urlencoded": {"schema": PAGE}
                        },
                    }
                ],
                "responses": {"200": _json(PETS)},
            },
            "additionalOperations": {
                "LINK": {
                    "operationId": "linkPets",
                    "parameters": [
                        {
                            "name": "raw",
                            "in": "querystring",
                            "content": {"application/json": {"schema": PAGE}},
                        }
                    ],
                    "responses": {"204": {"description": "linked"}},
                },
                "bad method": {
                    "operationId": "notAMethod",
                    "responses": {"204": {"description": ""}},
                },
                "POST": {
                    "operationId": "postAgain",
                    "responses": {"204": {"description": ""}},
                },
            },
        },
        "/typed-events": {
            "get": {
                "operationId": "typedEvents",
                "responses": {
                    "200": {
                        "description": "a stream of JSON data",
                        "content": {
                            "text/event-stream": {
                                "itemSchema": {"$ref": "#/components/schemas/Found"}
                            }
                        },
                    }
                },
            }
        },
        "/inline-events": {
            "get": {
                "operationId": "inlineEvents",
                "responses": {
                    "200": {
                        "description": "the same, the event schema written in place",
                        "content": {
                            "text/event-stream": {
                                "itemSchema": {
                                    "type": "object",
                                    "required": ["data"],
                                    "properties": {
                                        "data": {
                                            "type": "string",
                                            "contentSchema": {
                                                "$ref": "#/components/schemas/Filter"
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/lines": {
            "get": {
                "operationId": "lines",
                "responses": {
                    "200": {
                        "description": "one JSON value a line",
                        "content": {
                            "application/x-ndjson": {
                                "itemSchema": {"$ref": "#/components/schemas/Filter"}
                            }
                        },
                    }
                },
            }
        },
        "/events": {
            "get": {
                "operationId": "events",
                "responses": {
                    "200": {
                        "description": "a stream",
                        "content": {
                            "text/event-stream": {
                                "itemSchema": {
                                    "type": "object",
                                    "required": ["data"],
                                    "properties": {
                                        "data": {
                                            "type": "string",
                                            "contentMediaType": "application/json",
                                        },
                                        "event": {"type": "string"},
                                        "id": {"type": "string"},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Found": {
                "type": "object",
                "required": ["data"],
                "properties": {
                    "data": {
                        "type": "string",
                        "contentMediaType": "application/json",
                        "contentSchema": {"$ref": "#/components/schemas/Filter"},
                    },
                    "event": {"type": "string"},
                },
            },
            "Filter": FILTER,
        }
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with spec_package(tmp_path_factory.mktemp("openapi32"), SPEC, PACKAGE) as module:
        yield module


def _answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/lines":
        accepted = request.headers["accept"]
        body = '{"name": "Rex"}\n\n{"name": "Tom"}\r\n{"name": "' + accepted + '"}'
        return httpx.Response(
            200, text=body, headers={"content-type": "application/x-ndjson"}
        )
    if request.url.path in ("/typed-events", "/inline-events"):
        body = 'event: found\ndata: {"name": "Rex"}\n\ndata: {"name": "Tom"}\n\n'
        return httpx.Response(
            200, text=body, headers={"content-type": "text/event-stream"}
        )
    if request.url.path == "/events":
        body = 'event: found\nid: 1\ndata: {"name": "Rex"}\n\ndata: plain\n\n'
        return httpx.Response(
            200, text=body, headers={"content-type": "text/event-stream"}
        )
    if request.method == "QUERY":
        wanted = json.loads(request.content)["name"]
        found = [wanted, wanted + " junior"]
        query = request.url.query.decode()
        return httpx.Response(200, json=found + ([query] if query else []))
    if request.method == "LINK":
        return httpx.Response(204)
    return httpx.Response(405)


def _client(pkg: ModuleType, answer: Any = _answer) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(answer))
    return pkg.Client("http://test", http_client=http)


def test_a_query_operation_sends_query_with_its_body(pkg: ModuleType) -> None:
    with _client(pkg) as client:
        assert client.default.search_pets(name="Rex") == ["Rex", "Rex junior"]


def test_a_querystring_object_is_sent_as_the_query(pkg: ModuleType) -> None:
    page = pkg.SearchPetsPage(tag=["a", "b c"], limit=2)
    with _client(pkg) as client:
        found = client.default.search_pets(name="Rex", page=page)
        from_dict = client.default.search_pets(name="Rex", page={"limit": 1})
    assert found == ["Rex", "Rex junior", "tag=a&tag=b+c&limit=2"]
    assert from_dict == ["Rex", "Rex junior", "limit=1"]


def test_additional_operations_send_their_own_method(pkg: ModuleType) -> None:
    with _client(pkg) as client:
        assert client.default.link_pets() is None


def test_what_3_2_adds_and_cannot_be_sent_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    api = build_api(path)
    assert sorted(op.id for op in api.operations) == [
        "events",
        "inlineEvents",
        "lines",
        "linkPets",
        "searchPets",
        "typedEvents",
    ]
    assert {op.id: op.http_method for op in api.operations}["linkPets"] == "LINK"
    messages = [str(d) for d in api.diagnostics]
    assert any(
        "#/paths/~1pets/additionalOperations/bad method" in m
        and "'bad method' is not an HTTP method name" in m
        for m in messages
    ), messages
    assert any(
        "additionalOperations/POST" in m and "may not repeat" in m for m in messages
    ), messages
    link = next(op for op in api.operations if op.id == "linkPets")
    assert link.parameters == ()
    assert any(
        "#/paths/~1pets/additionalOperations/LINK/parameters/0" in m
        and "'in: querystring'" in m
        for m in messages
    ), messages
    target = Target(
        name="t", spec=path, docs=(), out=tmp_path, package="p", strict=True
    )
    with pytest.raises(StrictError):
        load_api(target)


def test_query_is_retried_as_a_safe_method(pkg: ModuleType) -> None:
    attempts: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        if len(attempts) == 1:
            return httpx.Response(503)
        return _answer(request)

    retries = pkg.RetryConfig(initial_interval=0.0, jitter=0.0)
    with _client(pkg, flaky) as client:
        found = client.default.search_pets(name="Rex", retries=retries)
    assert found == ["Rex", "Rex junior"] and attempts == ["QUERY", "QUERY"]


def test_an_event_stream_is_typed_by_its_item_schema(pkg: ModuleType) -> None:
    with _client(pkg) as client:
        with client.default.events() as stream:
            events = list(stream)
    assert [type(e).__name__ for e in events] == ["EventsResponse"] * 2
    assert (events[0].event, events[0].id, events[0].data) == (
        "found",
        "1",
        '{"name": "Rex"}',
    )
    assert events[1].data == "plain"


def test_an_event_s_json_data_is_typed_by_its_content_schema(
    pkg: ModuleType,
) -> None:
    with _client(pkg) as client:
        with client.default.typed_events() as stream:
            events = list(stream)
    assert [type(e).__name__ for e in events] == ["Found", "Found"]
    assert [type(e.data).__name__ for e in events] == ["Filter", "Filter"]
    assert [(e.event, e.data.name) for e in events] == [
        ("found", "Rex"),
        (pkg.UNSET, "Tom"),
    ]


def test_an_event_schema_written_in_place_types_its_data_too(
    pkg: ModuleType,
) -> None:
    with _client(pkg) as client:
        with client.default.inline_events() as stream:
            names = [event.data.name for event in stream]
    assert names == ["Rex", "Tom"]


def test_an_event_schema_in_another_file_types_its_data_too(tmp_path: Path) -> None:
    # The root document never says contentSchema: the event schema, in events.json,
    # is read with its response.
    data = {"type": "string", "contentSchema": {"$ref": "#/Filter"}}
    events = {
        "Found": {
            "type": "object",
            "required": ["data"],
            "properties": {"data": data, "event": {"type": "string"}},
        },
        "Filter": FILTER,
    }
    stream = {"text/event-stream": {"itemSchema": {"$ref": "events.json#/Found"}}}
    spec = {
        "openapi": "3.2.0",
        "info": {"title": "Split", "version": "1"},
        "paths": {
            "/typed-events": {
                "get": {
                    "operationId": "typedEvents",
                    "responses": {"200": {"description": "", "content": stream}},
                }
            }
        },
    }
    text = json.dumps(spec)
    assert "contentSchema" not in text
    (tmp_path / "spec.json").write_text(text, encoding="utf-8")
    (tmp_path / "events.json").write_text(json.dumps(events), encoding="utf-8")
    api = build_api(tmp_path / "spec.json")
    found = [m for m in api.models if isinstance(m, ir.ObjectModel) and m.fields]
    assert [[(f.name, f.type) for f in m.fields] for m in found] == [
        [("name", ir.Primitive("string"))],
        [("data", ir.Ref(found[0].name)), ("event", ir.Primitive("string"))],
    ]


def test_a_json_lines_body_is_streamed_a_line_at_a_time(pkg: ModuleType) -> None:
    # Blank lines are skipped, CRLF ends a line, and the last needs no line end.
    with _client(pkg) as client:
        with client.default.lines() as stream:
            items = list(stream)
    assert [type(item).__name__ for item in items] == ["Filter"] * 3
    assert [item.name for item in items] == ["Rex", "Tom", "application/x-ndjson"]


def test_a_json_lines_body_streams_asynchronously_too(pkg: ModuleType) -> None:
    async def read() -> list[str]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(_answer))
        async with pkg.AsyncClient("http://test", http_client=http) as client:
            async with await client.default.lines() as stream:
                return [item.name async for item in stream]

    assert asyncio.run(read()) == ["Rex", "Tom", "application/x-ndjson"]


def test_a_line_that_is_not_json_is_a_decode_error(pkg: ModuleType) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        body = '{"name": "Rex"}\nnot json\n'
        return httpx.Response(
            200, text=body, headers={"content-type": "application/x-ndjson"}
        )

    with _client(pkg, broken) as client:
        with client.default.lines() as stream:
            assert next(stream).name == "Rex"
            with pytest.raises(pkg.DecodeError, match="not JSON"):
                next(stream)


@pytest.mark.parametrize("version", ["3.2.0", "3.2.1", "3.2"])
def test_3_2_versions_are_read(tmp_path: Path, version: str) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({**SPEC, "openapi": version}), encoding="utf-8")
    assert len(build_api(path).operations) == 6


def test_a_query_field_that_is_no_operation_is_ignored(tmp_path: Path) -> None:
    # Before 3.2 a path item's ``query`` meant nothing; a document that used the
    # name for something else is read as it was.
    get = {"operationId": "list", "responses": {"204": {"description": ""}}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Old", "version": "1"},
        "paths": {"/pets": {"get": get, "query": "name=Rex"}},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = build_api(path)
    assert [(op.id, op.http_method) for op in api.operations] == [("list", "GET")]
    assert not api.diagnostics


@pytest.mark.parametrize("version", ["3.3.0", "3.10.0", "4.0.0"])
def test_other_versions_are_refused(tmp_path: Path, version: str) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({**SPEC, "openapi": version}), encoding="utf-8")
    with pytest.raises(SpecError, match=r"3\.0\.x, 3\.1\.x or 3\.2\.x"):
        build_api(path)


def test_openapi32_client_is_mypy_strict_clean(pkg: ModuleType) -> None:
    folder = Path(pkg.__file__).resolve().parent
    assert_mypy_strict(folder.parent, folder.name)
