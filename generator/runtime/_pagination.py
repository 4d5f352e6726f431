"""Pagination: an operation's ``x-speakeasy-pagination`` (:class:`Pagination`), and
the pagers that fetch its pages as iteration reaches them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import httpx

from ._runtime import UNSET, Unset

if TYPE_CHECKING:
    from ._transport import AsyncTransport, Call, SyncTransport

__all__ = ["Pagination", "Pager", "AsyncPager", "follow"]

P = TypeVar("P")
I = TypeVar("I")

_NOT_FETCHED: Final = object()
"""A pager's first page while it is not fetched yet."""


def follow(value: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path``: attributes of models, keys of dicts, list indexes;
    None where the path leads nowhere (a value absent, null or out of range)."""
    for step in path:
        if value is None or isinstance(value, Unset):
            return None
        if isinstance(step, int):
            size = len(value) if isinstance(value, (list, tuple)) else 0
            if not -size <= step < size:
                return None
            value = value[step]
        elif isinstance(value, Mapping):
            value = value.get(step)
        else:
            value = getattr(value, step, None)
    return None if isinstance(value, Unset) else value


class Pagination:
    """How one call pages: an operation's ``x-speakeasy-pagination``.

    ``kind`` is ``offset`` (the ``input`` is an item offset, advanced by the items a
    page had), ``page`` (a page number, advanced by one), ``cursor`` (the input
    takes the value at ``next`` in the last page) or ``url`` (the next page is the
    URL at ``next``).  ``value`` is the input's value in the first request.
    Pages end at a page without items (at ``results``), at a page shorter than
    ``limit``, past ``pages`` (the number of pages), and where there is no next
    cursor or URL (or the same cursor again).
    """

    __slots__ = ("kind", "input", "value", "limit", "results", "next", "pages")

    def __init__(
        self,
        kind: str,
        input: tuple[str, str] | None = None,
        value: Any = UNSET,
        default: Any = None,
        *,
        limit: Any = UNSET,
        limit_default: int | None = None,
        results: tuple[str | int, ...] | None = None,
        next: tuple[str | int, ...] | None = None,
        pages: tuple[str | int, ...] | None = None,
    ) -> None:
        self.kind = kind
        self.input = input
        self.value = default if isinstance(value, Unset) or value is None else value
        self.limit: int | None = (
            limit_default if isinstance(limit, Unset) or limit is None else limit
        )
        self.results = results
        self.next = next
        self.pages = pages

    def items(self, page: Any) -> list[Any]:
        """A page's items (the page itself when the spec names no results)."""
        if self.results is None:
            return [page]
        found = follow(page, self.results)
        return list(found) if isinstance(found, (list, tuple)) else []

    def after(
        self, call: Call, page: Any, current: Any, where: httpx.URL | None
    ) -> tuple[Call, Any] | None:
        """The call for the page after ``page`` (fetched with ``current`` from
        ``where``), with its input's value; None when ``page`` is the last."""
        items = None if self.results is None else self.items(page)
        if items is not None and not items:
            return None
        kind = self.kind
        if kind in ("offset", "page"):
            if items is not None and self.limit is not None and len(items) < self.limit:
                return None
            following = (
                (current or 0) + (len(items) if items is not None else 0)
                if kind == "offset"
                else (current if isinstance(current, int) else 1) + 1
            )
            if self.pages is not None:
                total = follow(page, self.pages)
                if not isinstance(total, int) or following > total:
                    return None
        else:
            following = None if self.next is None else follow(page, self.next)
            if following is None or following == "" or following == current:
                return None
            if kind == "url":
                url = str(following) if where is None else str(where.join(following))
                return call.with_url(url), following
        if self.input is None:
            return None
        location, name = self.input
        return call.with_input(location, name, following), following


class _Located(Generic[P]):
    """A page's parse that keeps the URL of the response it parsed: a next URL is
    read against it."""

    __slots__ = ("_parse", "url")

    def __init__(self, parse: Callable[[httpx.Response], P]) -> None:
        self._parse = parse
        self.url: httpx.URL | None = None

    def __call__(self, response: httpx.Response) -> P:
        self.url = response.url
        return self._parse(response)


class _Pages(Generic[P]):
    """What a pager of either client holds: how to fetch a page (its client's
    transport, whose type each pager declares), parse it and find the next, and
    the first page when it was fetched already."""

    __slots__ = ("_transport", "_call", "_parse", "_pagination", "_first", "_first_url")

    def __init__(
        self,
        transport: Any,
        call: Call,
        parse: Callable[[httpx.Response], P],
        pagination: Pagination,
    ) -> None:
        self._transport = transport
        self._call = call
        self._parse = parse
        self._pagination = pagination
        self._first: Any = _NOT_FETCHED
        self._first_url: httpx.URL | None = None

    def starting_with(self, page: P, where: httpx.URL) -> Any:
        """This pager, with its first page (fetched from ``where``) already in hand."""
        copy = type(self)(self._transport, self._call, self._parse, self._pagination)
        copy._first = page
        copy._first_url = where
        return copy


class Pager(_Pages[P], Generic[I, P]):
    """The items of a paginated operation, across its pages, fetched a page at a
    time as iteration reaches them (nothing is sent before).

    ``for item in pager`` gives every item; :meth:`pages` gives the decoded pages.
    Each iteration starts again from the first page.
    """

    __slots__ = ()
    _transport: SyncTransport

    def pages(self) -> Iterator[P]:
        pagination = self._pagination
        call, current = self._call, pagination.value
        located = _Located(self._parse)
        page, where = self._first, self._first_url
        if page is _NOT_FETCHED:
            page, where = self._transport.call(call, located), located.url
        while True:
            yield page
            following = pagination.after(call, page, current, where)
            if following is None:
                return
            call, current = following
            page, where = self._transport.call(call, located), located.url

    def __iter__(self) -> Iterator[I]:
        items = self._pagination.items
        for page in self.pages():
            yield from items(page)


class AsyncPager(_Pages[P], Generic[I, P]):
    """:class:`Pager` of an AsyncClient: ``async for item in pager``, and
    ``async for page in pager.pages()``."""

    __slots__ = ()
    _transport: AsyncTransport

    async def pages(self) -> AsyncIterator[P]:
        pagination = self._pagination
        call, current = self._call, pagination.value
        located = _Located(self._parse)
        page, where = self._first, self._first_url
        if page is _NOT_FETCHED:
            page, where = await self._transport.call(call, located), located.url
        while True:
            yield page
            following = pagination.after(call, page, current, where)
            if following is None:
                return
            call, current = following
            page, where = await self._transport.call(call, located), located.url

    async def __aiter__(self) -> AsyncIterator[I]:
        items = self._pagination.items
        async for page in self.pages():
            for item in items(page):
                yield item
