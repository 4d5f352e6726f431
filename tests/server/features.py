"""Endpoints for the client's newer features: pagination of every kind, an OAuth2
token endpoint and a resource it guards, a binary download, and an echo.

A Starlette app of its own (serve it with ``running_server(application=app)``).
What tests need to look at (token fetches, page requests, downloads that ended)
is kept in :data:`STATE`, by keys the tests choose.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections import Counter
from collections.abc import AsyncIterator
from urllib.parse import unquote_plus

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.server import _failure

ITEMS = [{"id": i, "name": f"item{i}"} for i in range(7)]
CLIENTS = {"app": "s3cret", "short": "s3cret", "body-only": "s3cret", "slow": "s3cret"}
"""OAuth2 clients: ``short`` gets tokens that live 1 s, ``body-only`` must send its
credentials in the form body, ``slow`` waits 0.2 s for each token."""


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.page_requests: Counter[str] = Counter()
        self.token_fetches: Counter[str] = Counter()
        self.token_forms: list[dict[str, str]] = []
        self.tokens: dict[str, str] = {}
        """Valid token -> the client it was issued to."""
        self.finished_downloads: set[str] = set()


STATE = State()


def _count(request: Request) -> None:
    key = request.headers.get("x-test-id", "")
    with STATE.lock:
        STATE.page_requests[key] += 1


async def offset_pages(request: Request) -> Response:
    _count(request)
    offset = int(request.query_params.get("offset", "0"))
    limit = int(request.query_params.get("limit", "3"))
    return JSONResponse({"data": {"items": ITEMS[offset : offset + limit]}})


async def plain_page(request: Request) -> Response:
    offset = int(request.query_params.get("offset", "0"))
    return JSONResponse({"items": ITEMS[offset : offset + 3]})


async def numbered_pages(request: Request) -> Response:
    _count(request)
    page = int(request.query_params.get("page", "1"))
    size = int(request.headers.get("x-page-size", "2"))
    pages = -(-len(ITEMS) // size)
    start = (page - 1) * size
    # Every page is full-size here, so only the page count can end the iteration.
    return JSONResponse(
        {"items": ITEMS[start : start + size] or ITEMS[:1], "pages": pages}
    )


async def cursor_pages(request: Request) -> Response:
    _count(request)
    body = await request.json() if await request.body() else {}
    after = body.get("after")
    limit = int(body.get("limit") or 3)
    start = 0 if after is None else after + 1
    items = ITEMS[start : start + limit]
    following = items[-1]["id"] if start + limit < len(ITEMS) else None
    return JSONResponse({"items": items, "next": following, "seen": body})


async def link_pages(request: Request) -> Response:
    _count(request)
    start = int(request.query_params.get("start", "0"))
    items = ITEMS[start : start + 3]
    following = (
        f"/api/pages/links?start={start + 3}" if start + 3 < len(ITEMS) else None
    )
    return JSONResponse({"items": items, "links": {"next": following}})


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.startswith("Basic "):
        return None
    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    return unquote_plus(user), unquote_plus(password)


async def token(request: Request) -> Response:
    async with request.form() as data:
        form = {k: str(v) for k, v in data.items()}
    pair = _basic(request)
    if pair is None and "client_id" in form:
        pair = (form["client_id"], form.get("client_secret", ""))
    if (
        pair is None
        or CLIENTS.get(pair[0]) != pair[1]
        or (pair[0] == "body-only" and "client_id" not in form)
    ):
        return JSONResponse({"error": "invalid_client"}, status_code=401)
    if form.get("grant_type") != "client_credentials":
        return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
    if pair[0] == "slow":
        await asyncio.sleep(0.2)
    with STATE.lock:
        STATE.token_fetches[pair[0]] += 1
        STATE.token_forms.append({k: v for k, v in form.items() if "secret" not in k})
        issued = f"{pair[0]}-token-{STATE.token_fetches[pair[0]]}"
        STATE.tokens[issued] = pair[0]
    lifetime = 1 if pair[0] == "short" else 3600
    return JSONResponse(
        {"access_token": issued, "token_type": "bearer", "expires_in": lifetime}
    )


async def guarded(request: Request) -> Response:
    header = request.headers.get("authorization", "")
    issued = header.removeprefix("Bearer ")
    if issued not in STATE.tokens:
        return JSONResponse({"error": "invalid_token"}, status_code=401)
    return JSONResponse({"client": STATE.tokens[issued], "token": issued})


async def revoke(request: Request) -> Response:
    """Forget every token: the next request with one is refused."""
    with STATE.lock:
        STATE.tokens.clear()
    return Response(status_code=204)


async def download(request: Request) -> Response:
    size = int(request.query_params.get("size", "1024"))
    key = request.query_params.get("key", "")
    delay = float(request.query_params.get("delay", "0"))

    async def body() -> AsyncIterator[bytes]:
        sent = 0
        while sent < size:
            piece = bytes((sent + i) % 251 for i in range(min(65536, size - sent)))
            yield piece
            sent += len(piece)
            if delay:
                await asyncio.sleep(delay)
        STATE.finished_downloads.add(key)

    return StreamingResponse(body(), media_type="application/octet-stream")


async def events(request: Request) -> Response:
    body = "".join(f"data: {json.dumps(item)}\n\n" for item in ITEMS[:3])
    return Response(body + "data: [DONE]\n\n", media_type="text/event-stream")


async def echo(request: Request) -> Response:
    refused = _failure(request)
    if refused is not None:
        return refused
    delay = float(request.headers.get("x-delay", "0"))
    if delay:
        await asyncio.sleep(delay)
    raw = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "url": str(request.url),
            "query": request.scope["query_string"].decode(),
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "body": raw.decode(),
        }
    )


def content(size: int) -> bytes:
    """The bytes :func:`download` sends for ``size``."""
    return bytes(i % 251 for i in range(size))


async def missing(request: Request) -> Response:
    return JSONResponse({"detail": "no such thing"}, status_code=404)


_ANY = ["GET", "POST", "PUT", "PATCH", "DELETE"]

app = Starlette(
    routes=[
        Route("/api/pages/offset", offset_pages, methods=["GET"]),
        Route("/api/pages/numbered", numbered_pages, methods=["GET"]),
        Route("/api/pages/cursor", cursor_pages, methods=["POST"]),
        Route("/api/pages/links", link_pages, methods=["GET"]),
        Route("/api/pages/unsupported", plain_page, methods=["GET"]),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/oauth/revoke", revoke, methods=["POST"]),
        Route("/api/oauth/guarded", guarded, methods=["GET"]),
        Route("/api/files/download", download, methods=["GET"]),
        Route("/api/missing", missing, methods=["GET"]),
        Route("/api/events", events, methods=["GET"]),
        Route("/api/{rest:path}", echo, methods=_ANY),
        Route("/other/{rest:path}", echo, methods=_ANY),
    ]
)
