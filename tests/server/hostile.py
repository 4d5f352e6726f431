"""Event-stream endpoints that misbehave on purpose, for the streaming client tests.

A bare ASGI app rather than Starlette routes: the tests need to control exactly which
bytes go out in which write, and to end a response in ways a framework prevents (the
connection dropped mid-body, a body that never ends).  Serve it with
``running_server(application=app)``.  Every endpoint is a GET whose behaviour is
chosen by its query string, so tests share no state except the ``disconnected`` keys.

- ``/sse/replay?body=<base64url>&cuts=3,7&then=end|close|hang``: sends ``body`` in
  pieces cut at those offsets, then ends the body, drops the connection without
  ending it, or sends nothing more until the client leaves.
- ``/sse/long-line?size=N``: one ``data:`` line of N bytes, written 64 KiB at a time,
  then a normal event.
- ``/sse/keepalive?interval=S&count=N``: N comment lines S seconds apart, then one event.
- ``/sse/forever?interval=S``: an event every S seconds until the client leaves.

With ``key=K`` in the query, K is added to :data:`DISCONNECTED` when the client left
before the response ended: proof that closing a stream released its connection.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

PIECE = b"x" * 65536
"""What a long line is made of; allocated once, so the server adds no memory per write."""
SAFETY_LIMIT = 30.0
"""No endpoint runs longer than this, whatever a test does."""

DISCONNECTED: set[str] = set()
"""The ``key`` of each response whose client went away before it ended."""

HEADERS = [
    (b"content-type", b"text/event-stream"),
    (b"cache-control", b"no-cache"),
]


class _Client:
    """Watches for the client leaving while the response is being written."""

    def __init__(self, receive: Receive) -> None:
        self.gone = asyncio.Event()
        self._task = asyncio.ensure_future(self._watch(receive))

    async def _watch(self, receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        self.gone.set()

    async def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; true when the client left meanwhile."""
        try:
            await asyncio.wait_for(self.gone.wait(), seconds)
        except asyncio.TimeoutError:
            return False
        return True

    def stop(self) -> None:
        self._task.cancel()


async def _start(send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})


async def _write(send: Send, data: bytes) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": True})


async def _end(send: Send) -> None:
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def replay(query: dict[str, str], send: Send, client: _Client) -> None:
    body = base64.urlsafe_b64decode(query.get("body", ""))
    cuts = sorted(int(c) for c in query.get("cuts", "").split(",") if c)
    await _start(send)
    start = 0
    for cut in [*cuts, len(body)]:
        if body[start:cut]:
            await _write(send, body[start:cut])
            # A pause, so that each piece reaches the client as a read of its own.
            await asyncio.sleep(0.02)
        start = max(start, cut)
    then = query.get("then", "end")
    if then == "end":
        await _end(send)
    elif then == "hang":
        await client.wait(SAFETY_LIMIT)
    # "close": return without ending the body; the server drops the connection.


async def long_line(query: dict[str, str], send: Send, client: _Client) -> None:
    size = int(query["size"])
    await _start(send)
    await _write(send, b"data: ")
    while size > 0 and not client.gone.is_set():
        await _write(send, PIECE[: min(size, len(PIECE))])
        size -= len(PIECE)
    await _write(send, b"\n\ndata: after\n\n")
    await _end(send)


async def keepalive(query: dict[str, str], send: Send, client: _Client) -> None:
    interval = float(query["interval"])
    await _start(send)
    for _ in range(int(query["count"])):
        await _write(send, b": keep-alive\n\n")
        if await client.wait(interval):
            return
    await _write(send, b"data: done\n\n")
    await _end(send)


async def forever(query: dict[str, str], send: Send, client: _Client) -> None:
    interval = float(query["interval"])
    await _start(send)
    index = 0
    while not await client.wait(interval if index else 0):
        await _write(send, f"data: {index}\n\n".encode())
        index += 1


ROUTES = {
    "/sse/replay": replay,
    "/sse/long-line": long_line,
    "/sse/keepalive": keepalive,
    "/sse/forever": forever,
}


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """The ASGI entry point: dispatch on the path, 404 for anything else."""
    if scope["type"] != "http":
        return
    handler = ROUTES.get(scope["path"])
    if handler is None:
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    raw = parse_qs(scope["query_string"].decode(), keep_blank_values=True)
    query = {name: values[-1] for name, values in raw.items()}
    client = _Client(receive)
    try:
        await asyncio.wait_for(handler(query, send, client), SAFETY_LIMIT)
    finally:
        if client.gone.is_set() and "key" in query:
            DISCONNECTED.add(query["key"])
        client.stop()
