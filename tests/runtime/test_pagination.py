"""generator/runtime/_pagination.py: following pages, against ``httpx.MockTransport``."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
from typing import Any

import httpx
import pytest

from generator.runtime._pagination import AsyncPager, Pager, Pagination, follow
from generator.runtime._responses import RawResponse
from generator.runtime._runtime import UNSET
from generator.runtime._transport import Call
from tests.runtime.support import BASE, async_transport, sync_transport


@dataclasses.dataclass
class Page:
    data: list[Any]
    meta: Any = UNSET


def test_follow_walks_attributes_keys_and_indexes() -> None:
    page = Page([{"id": "a"}, {"id": "b"}], {"next": {"cursor": "c2"}})
    assert follow(page, ("data", 1, "id")) == "b"
    assert follow(page, ("data", -1, "id")) == "b"
    assert follow(page, ("meta", "next", "cursor")) == "c2"
    assert follow(page, ()) is page


def test_follow_gives_none_where_the_path_leads_nowhere() -> None:
    page = Page([{"id": "a"}])
    assert follow(page, ("meta", "next")) is None  # UNSET on the way
    assert follow(page, ("meta",)) is None  # UNSET at the end
    assert follow(page, ("data", 5)) is None
    assert follow(page, ("data", -2)) is None
    assert follow(page, ("missing",)) is None
    assert follow({"a": None}, ("a", "b")) is None
    assert follow({"a": "text"}, ("a", 0)) is None


def test_items_of_a_page() -> None:
    assert Pagination("offset", results=("data",)).items(Page([1, 2])) == [1, 2]
    assert Pagination("offset", results=("data",)).items({"data": None}) == []
    assert Pagination("url").items("the page") == ["the page"]


def test_the_first_value_and_the_limit() -> None:
    assert Pagination("offset", ("query", "offset"), UNSET, 0).value == 0
    assert Pagination("offset", ("query", "offset"), None, 0).value == 0
    assert Pagination("offset", ("query", "offset"), 20, 0).value == 20
    assert Pagination("page", limit=UNSET, limit_default=50).limit == 50
    assert Pagination("page", limit=10, limit_default=50).limit == 10
    assert Pagination("page").limit is None


class Server:
    """An API of 7 items: pages by offset, number, cursor or next URL."""

    ITEMS = [f"item-{n}" for n in range(7)]

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        params = request.url.params
        size = int(params.get("limit", "3"))
        if "offset" in params:
            start = int(params["offset"])
        elif "page" in params:
            start = (int(params["page"]) - 1) * size
        else:
            start = int(params.get("cursor") or params.get("from") or 0)
        items = self.ITEMS[start : start + size]
        after = start + size
        more = after < len(self.ITEMS)
        return httpx.Response(
            200,
            json={
                "data": items,
                "total_pages": -(-len(self.ITEMS) // size),
                "next_cursor": str(after) if more else None,
                "next": f"/v1/items?from={after}&limit={size}" if more else None,
            },
        )


def _parse(response: httpx.Response) -> Any:
    return response.json()


def _pager(server: Server, call: Call, pagination: Pagination) -> Pager[Any, Any]:
    return sync_transport(server).paginate(call, _parse, pagination)


def test_offset_pages_end_at_a_short_page() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("offset", "0"), ("limit", "3")])
    pagination = Pagination(
        "offset", ("query", "offset"), UNSET, 0, limit=3, results=("data",)
    )
    assert list(_pager(server, call, pagination)) == Server.ITEMS
    assert [r.url.params["offset"] for r in server.requests] == ["0", "3", "6"]


def test_offset_pages_end_at_an_empty_page_without_a_limit() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("offset", "0"), ("limit", "7")])
    pagination = Pagination("offset", ("query", "offset"), 0, 0, results=("data",))
    assert list(_pager(server, call, pagination)) == Server.ITEMS
    assert [r.url.params["offset"] for r in server.requests] == ["0", "7"]


def test_page_numbers_end_at_the_page_count() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("page", "1"), ("limit", "2")])
    pagination = Pagination(
        "page", ("query", "page"), UNSET, 1, results=("data",), pages=("total_pages",)
    )
    pages = list(_pager(server, call, pagination).pages())
    assert [page["data"] for page in pages] == [
        ["item-0", "item-1"],
        ["item-2", "item-3"],
        ["item-4", "item-5"],
        ["item-6"],
    ]
    assert len(server.requests) == 4


def test_a_cursor_in_the_body() -> None:
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        start = int(json.loads(request.content).get("cursor", "0"))
        more = start + 3 < len(Server.ITEMS)
        return httpx.Response(
            200,
            json={
                "data": Server.ITEMS[start : start + 3],
                "next_cursor": str(start + 3) if more else None,
            },
        )

    call = Call("POST", "/items", json_body={"limit": 3})
    pagination = Pagination(
        "cursor",
        ("body", "cursor"),
        UNSET,
        None,
        results=("data",),
        next=("next_cursor",),
    )
    items = list(sync_transport(handler).paginate(call, _parse, pagination))
    assert items == Server.ITEMS
    assert bodies == [
        b'{"limit":3}',
        b'{"limit":3,"cursor":"3"}',
        b'{"limit":3,"cursor":"6"}',
    ]


def test_the_same_cursor_again_ends_the_pages() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"data": [1], "next_cursor": "stuck"})

    call = Call("GET", "/items")
    pagination = Pagination(
        "cursor",
        ("query", "cursor"),
        UNSET,
        None,
        results=("data",),
        next=("next_cursor",),
    )
    pager = sync_transport(handler).paginate(call, _parse, pagination)
    assert list(itertools.islice(pager, 5)) == [1, 1]
    assert len(requests) == 2


def test_a_next_url_is_read_against_the_last_response() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("limit", "3")])
    pagination = Pagination("url", results=("data",), next=("next",))
    assert list(_pager(server, call, pagination)) == Server.ITEMS
    assert [str(r.url) for r in server.requests] == [
        f"{BASE}/items?limit=3",
        f"{BASE}/items?from=3&limit=3",
        f"{BASE}/items?from=6&limit=3",
    ]


def test_nothing_is_sent_before_iteration_and_each_iteration_starts_again() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("offset", "0")])
    pagination = Pagination(
        "offset", ("query", "offset"), UNSET, 0, limit=3, results=("data",)
    )
    pager = _pager(server, call, pagination)
    assert server.requests == []
    iterator = iter(pager)
    assert next(iterator) == "item-0" and len(server.requests) == 1
    assert list(pager) == Server.ITEMS
    assert len(server.requests) == 4


def test_a_raw_first_page_parses_into_the_pager() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("offset", "0")])
    pagination = Pagination(
        "offset", ("query", "offset"), UNSET, 0, limit=3, results=("data",)
    )
    raw = sync_transport(server).with_mode("raw").paginate(call, _parse, pagination)
    assert isinstance(raw, RawResponse) and raw.status_code == 200
    pager = raw.parse()
    assert isinstance(pager, Pager)
    assert list(pager) == Server.ITEMS
    # The first page came with the raw response: it is not fetched again.
    assert [r.url.params["offset"] for r in server.requests] == ["0", "3", "6"]


def test_async_pages() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("limit", "3")])
    pagination = Pagination("url", results=("data",), next=("next",))

    async def main() -> tuple[list[Any], int]:
        pager = async_transport(server).paginate(call, _parse, pagination)
        assert isinstance(pager, AsyncPager)
        items = [item async for item in pager]
        pages = [page async for page in pager.pages()]
        return items, len(pages)

    assert asyncio.run(main()) == (Server.ITEMS, 3)


def test_async_raw_first_page() -> None:
    server = Server()
    call = Call("GET", "/items", params=[("limit", "3")])
    pagination = Pagination("url", results=("data",), next=("next",))

    async def main() -> list[Any]:
        transport = async_transport(server).with_mode("raw")
        async with transport.paginate(call, _parse, pagination) as raw:
            pager = await raw.parse()
        return [item async for item in pager]

    assert asyncio.run(main()) == Server.ITEMS
    assert len(server.requests) == 3


@pytest.mark.parametrize("kind", ["offset", "page", "cursor"])
def test_without_an_input_there_is_one_page(kind: str) -> None:
    server = Server()
    pagination = Pagination(kind, results=("data",), next=("next_cursor",))
    assert list(_pager(server, Call("GET", "/items"), pagination)) == Server.ITEMS[:3]
