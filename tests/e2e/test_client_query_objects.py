"""Objects as query parameters: a dataclass or a dict, exploded in form style (a pair
a property) or in ``deepObject`` style (``name[key]=value``).

The requests go to an httpx mock transport that answers with the query it got.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import assert_mypy_strict
from tests.server.packages import spec_package

PACKAGE = "query_objects_client_under_test"

FILTER = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["open", "paid"]},
        "created": {
            "type": "object",
            "properties": {"gte": {"type": "integer"}, "lt": {"type": "integer"}},
        },
        "ids": {"type": "array", "items": {"type": "string"}},
        "lines": {
            "type": "array",
            "items": {"type": "object", "properties": {"sku": {"type": "string"}}},
        },
    },
}
PAGE = {
    "type": "object",
    "properties": {
        "size": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Query objects", "version": "1"},
    "paths": {
        "/invoices": {
            "get": {
                "operationId": "list",
                "parameters": [
                    {
                        "name": "filter",
                        "in": "query",
                        "style": "deepObject",
                        "explode": True,
                        "schema": {"$ref": "#/components/schemas/Filter"},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "schema": {"$ref": "#/components/schemas/Page"},
                    },
                    {
                        "name": "created",
                        "in": "query",
                        "style": "deepObject",
                        "explode": True,
                        "schema": {
                            "anyOf": [
                                {"$ref": "#/components/schemas/Range"},
                                {"type": "integer"},
                            ]
                        },
                    },
                ],
                "responses": {
                    "200": {
                        "description": "",
                        "content": {"application/json": {"schema": {"type": "string"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Filter": FILTER,
            "Page": PAGE,
            "Range": {
                "type": "object",
                "properties": {"gt": {"type": "integer"}, "lt": {"type": "integer"}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with spec_package(tmp_path_factory.mktemp("query"), SPEC, PACKAGE) as module:
        yield module


def _query(pkg: ModuleType, **arguments: Any) -> list[tuple[str, str]]:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=request.url.query.decode())

    http = httpx.Client(transport=httpx.MockTransport(echo))
    with pkg.Client("http://test", http_client=http) as client:
        sent = client.default.list(**arguments)
    return list(httpx.QueryParams(sent).multi_items())


def test_a_deep_object_sends_bracketed_keys(pkg: ModuleType) -> None:
    given = pkg.Filter(
        status=pkg.FilterStatus.PAID,
        created=pkg.FilterCreated(gte=10),
        ids=["a", "b"],
        lines=[pkg.FilterLinesItem(sku="x"), pkg.FilterLinesItem(sku="y")],
    )
    assert _query(pkg, filter=given) == [
        ("filter[status]", "paid"),
        ("filter[created][gte]", "10"),
        ("filter[ids][]", "a"),
        ("filter[ids][]", "b"),
        ("filter[lines][0][sku]", "x"),
        ("filter[lines][1][sku]", "y"),
    ]
    assert _query(pkg, filter={"created": {"lt": 5}}) == [("filter[created][lt]", "5")]


def test_a_form_object_sends_a_pair_a_property(pkg: ModuleType) -> None:
    assert _query(pkg, page=pkg.Page(size=20, tags=["a", "b"])) == [
        ("size", "20"),
        ("tags", "a"),
        ("tags", "b"),
    ]
    assert _query(pkg, page={"size": 5}) == [("size", "5")]


def test_a_union_that_may_be_an_object_is_encoded_too(pkg: ModuleType) -> None:
    # Stripe's ``created``: a range, or one timestamp.
    assert _query(pkg, created=pkg.Range(gt=1, lt=9)) == [
        ("created[gt]", "1"),
        ("created[lt]", "9"),
    ]
    assert _query(pkg, created=5) == [("created", "5")]


def test_objects_left_out_send_nothing(pkg: ModuleType) -> None:
    assert _query(pkg) == []


def test_query_objects_client_is_mypy_strict_clean(pkg: ModuleType) -> None:
    folder = Path(pkg.__file__).resolve().parent
    assert_mypy_strict(folder.parent, folder.name)
