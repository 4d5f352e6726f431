"""Pagination from ``x-speakeasy-pagination``: offset, page, cursor (in the body) and
URL, sync and async, lazily, against a server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from generator.cli.config import Target  # noqa: E402
from generator.cli.pipeline import load_api  # noqa: E402
from generator.python.ir_json import ir_json  # noqa: E402
from tests.server.feature_spec import SPEC  # noqa: E402
from tests.server.features import ITEMS, STATE  # noqa: E402
from tests.server.fixtures import feature_pkg, feature_url, port  # noqa: E402,F401

ALL = [item["id"] for item in ITEMS]


def _client(pkg: ModuleType, port: str, key: str) -> Any:
    return pkg.Client(
        api_key="k", server_variables={"port": port}, headers={"x-test-id": key}
    )


def test_offset_pages(feature_pkg: ModuleType, port: str) -> None:
    key = uuid.uuid4().hex
    with _client(feature_pkg, port, key) as client:
        pager = client.pages.by_offset()
        assert STATE.page_requests[key] == 0  # nothing is sent before iteration
        items = list(pager)
        # Pages of 3 (the limit's spec default): 3, 3, 1; the short page is the last.
        assert STATE.page_requests[key] == 3
        assert all(isinstance(item, feature_pkg.Item) for item in items)
        assert [item.id for item in items] == ALL
        assert [item.id for item in client.pages.by_offset(offset=2, limit=4)] == ALL[
            2:
        ]
        pages = list(client.pages.by_offset(limit=7).pages())
    # A full last page needs one more request, which comes back empty.
    assert [len(page.data.items) for page in pages] == [7, 0]


def test_iteration_is_lazy(feature_pkg: ModuleType, port: str) -> None:
    key = uuid.uuid4().hex
    with _client(feature_pkg, port, key) as client:
        first = next(iter(client.pages.by_offset(limit=2)))
    assert first.id == 0 and STATE.page_requests[key] == 1


def test_page_numbers_end_at_the_page_count(feature_pkg: ModuleType, port: str) -> None:
    key = uuid.uuid4().hex
    with _client(feature_pkg, port, key) as client:
        items = [item.id for item in client.pages.by_page(x_page_size=3)]
        pages = [p.pages for p in client.pages.by_page(x_page_size=3, page=2).pages()]
    assert items == ALL and STATE.page_requests[key] == 3 + 2
    assert pages == [3, 3]


def test_cursor_in_the_request_body(feature_pkg: ModuleType, port: str) -> None:
    key = uuid.uuid4().hex
    with _client(feature_pkg, port, key) as client:
        pages = list(client.pages.by_cursor(limit=2).pages())
        items = [item.id for item in client.pages.by_cursor()]
    assert [[i.id for i in p.items] for p in pages] == [[0, 1], [2, 3], [4, 5], [6]]
    # The first request sends what the caller gave; then the cursor joins the body.
    assert [p.seen for p in pages] == [
        {"limit": 2},
        {"limit": 2, "after": 1},
        {"limit": 2, "after": 3},
        {"limit": 2, "after": 5},
    ]
    assert items == ALL


def test_next_url(feature_pkg: ModuleType, port: str) -> None:
    key = uuid.uuid4().hex
    with _client(feature_pkg, port, key) as client:
        items = [item.id for item in client.pages.by_link()]
    assert items == ALL and STATE.page_requests[key] == 3


def test_async_pages(feature_pkg: ModuleType, port: str) -> None:
    key = uuid.uuid4().hex

    async def main() -> None:
        async with feature_pkg.AsyncClient(
            api_key="k", server_variables={"port": port}, headers={"x-test-id": key}
        ) as client:
            assert [i.id async for i in client.pages.by_offset()] == ALL
            assert [i.id async for i in client.pages.by_page(x_page_size=2)] == ALL
            assert [i.id async for i in client.pages.by_cursor(limit=5)] == ALL
            assert [i.id async for i in client.pages.by_link()] == ALL
            pages = [p async for p in client.pages.by_offset(limit=4).pages()]
            assert [len(p.data.items) for p in pages] == [4, 3]
            first = await anext(aiter(client.pages.by_link()))
            assert first.id == 0

    asyncio.run(asyncio.wait_for(main(), 30))


def test_raw_response_of_a_paginated_operation(
    feature_pkg: ModuleType, port: str
) -> None:
    key = uuid.uuid4().hex
    with _client(feature_pkg, port, key) as client:
        raw = client.with_raw_response.pages.by_offset(limit=5)
        assert raw.status_code == 200 and STATE.page_requests[key] == 1
        assert [item.id for item in raw.parse()] == ALL
    assert STATE.page_requests[key] == 2  # the first page was not fetched again

    async def main() -> list[int]:
        async with feature_pkg.AsyncClient(
            api_key="k", server_variables={"port": port}
        ) as client:
            raw = await client.with_raw_response.pages.by_offset(limit=5)
            assert raw.status_code == 200
            return [item.id async for item in await raw.parse()]

    assert asyncio.run(main()) == ALL


def test_a_path_that_cannot_be_followed_is_a_diagnostic(
    feature_pkg: ModuleType, port: str, tmp_path: Path
) -> None:
    """``$.items[*].id`` is not a plain path: the operation is generated without
    pagination, with a warning naming the place."""
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    api = load_api(Target(name="t", spec=path, docs=(), out=tmp_path, package="p"))
    found = [d for d in api.diagnostics if "pagination" in d.pointer]
    assert [(d.pointer, d.message) for d in found] == [
        (
            "#/paths/~1pages~1unsupported/get/x-speakeasy-pagination",
            "outputs.results: '$.items[*].id': only '.name', ['name'] and [index]"
            " steps are supported (at '[*].id'); the operation is generated without"
            " pagination",
        )
    ]
    operations = json.loads(ir_json(api))["operations"]
    by_method = {o["method"]: o["pagination"] for o in operations}
    assert by_method["unsupported"] is None
    assert by_method["by_cursor"] == {
        "kind": "cursor",
        "input": {"in": "body", "name": "after"},
        "limit": {"in": "body", "name": "limit"},
        "results": "$.items",
        "next": "$.next",
        "pages": None,
    }
    with feature_pkg.Client(api_key="k", server_variables={"port": port}) as client:
        page = client.pages.unsupported(offset=6)
    assert [item.id for item in page.items] == [6]


@pytest.mark.parametrize(
    ("pagination", "message"),
    [
        (
            {"type": "keyset"},
            "pagination type 'keyset' is not supported (offsetLimit, cursor or url)",
        ),
        (
            {"type": "cursor", "inputs": [], "outputs": {"nextCursor": "$.total"}},
            "cursor pagination needs a cursor input and outputs.nextCursor",
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [{"name": "nope", "in": "parameters", "type": "offset"}],
                "outputs": {"results": "$.items"},
            },
            "pagination input 'nope' is not a parameter",
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [{"name": "offset", "in": "parameters", "type": "offset"}],
                "outputs": {"results": "$.total"},
            },
            "outputs.results ($.total) is not an array",
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [{"name": "offset", "in": "parameters", "type": "offset"}],
                "outputs": {"results": "$.total.items"},
            },
            "outputs.results ($.total.items): 'items' is looked up in a value"
            " that is not an object",
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [{"name": "offset", "in": "parameters", "type": "offset"}],
                "outputs": {"results": "$.data"},
            },
            "outputs.results ($.data): ListResponse has no property 'data'",
        ),
    ],
)
def test_unsupported_shapes_are_diagnostics(
    tmp_path: Path, pagination: dict[str, Any], message: str
) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": "list",
                    "parameters": [
                        {"name": "offset", "in": "query", "schema": {"type": "integer"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "items": {"type": "array"},
                                            "total": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        }
                    },
                    "x-speakeasy-pagination": pagination,
                }
            }
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = load_api(Target(name="t", spec=path, docs=(), out=tmp_path, package="p"))
    assert [d.message for d in api.diagnostics] == [
        f"{message}; the operation is generated without pagination"
    ]
    assert api.operations[0].pagination is None
