"""A real HTTP server for the client tests and the benchmark: a few Atoma endpoints.

Starlette on uvicorn, bound to 127.0.0.1 on a port the OS picks, in a background
thread.  Nothing here talks to anything but loopback.  Behaviour that tests need to
steer (failures, delays, stream length) is chosen per request by headers and body
fields, so tests never share state through the server except by an explicit key.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

API_KEY = "test-key"


class State:
    """What the server saw, for tests to inspect."""

    def __init__(self) -> None:
        self.attempts: Counter[str] = Counter()
        self.closed_streams: set[str] = set()
        self.finished_streams: set[str] = set()
        self.lock = threading.Lock()


STATE = State()


def _unauthorized(request: Request) -> Response | None:
    if request.headers.get("authorization") != f"Bearer {API_KEY}":
        return JSONResponse({"error": "invalid or missing API key"}, status_code=401)
    return None


def _failure(request: Request) -> Response | None:
    """``x-fail-times: N`` with ``x-test-id``: the first N attempts get ``x-fail-status``."""
    times = int(request.headers.get("x-fail-times", "0"))
    if not times:
        return None
    key = request.headers.get("x-test-id", "")
    with STATE.lock:
        STATE.attempts[key] += 1
        attempt = STATE.attempts[key]
    if attempt <= times:
        status = int(request.headers.get("x-fail-status", "503"))
        return JSONResponse(
            {"error": "try again"}, status_code=status, headers={"Retry-After": "0"}
        )
    return None


def _chunk(index: int, model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chunk",
        "object": "chat.completion.chunk",
        "created": 1700000000 + index,
        "model": model,
        "choices": [{"index": 0, "delta": {"content": content}}],
    }


async def chat_completions(request: Request) -> Response:
    refused = _unauthorized(request) or _failure(request)
    if refused is not None:
        return refused
    delay = float(request.headers.get("x-delay", "0"))
    if delay:
        await asyncio.sleep(delay)
    body = await request.json()
    model = body.get("model", "")
    if body.get("stream"):
        count = int(body.get("max_tokens") or 3)
        key = request.headers.get("x-test-id", "")
        return StreamingResponse(
            _stream(
                key, model, count, float(request.headers.get("x-chunk-delay", "0"))
            ),
            media_type="text/event-stream",
        )
    last = body["messages"][-1]["content"] if body.get("messages") else ""
    return JSONResponse(
        {
            "id": "cmpl-1",
            "object": "chat.completion",
            "created": 1700000000,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": f"echo: {last}"},
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
            "received": body,
        }
    )


async def _stream(
    key: str, model: str, count: int, delay: float
) -> AsyncIterator[bytes]:
    try:
        yield b": a comment the client must skip\n\n"
        for index in range(count):
            payload = json.dumps(_chunk(index, model, f"t{index}"))
            yield f"id: {index}\nevent: chunk\ndata: {payload}\n\n".encode()
            if delay:
                await asyncio.sleep(delay)
        yield b"data: [DONE]\n\n"
        STATE.finished_streams.add(key)
    finally:
        if key not in STATE.finished_streams:
            STATE.closed_streams.add(key)


async def models_list(request: Request) -> Response:
    refused = _unauthorized(request) or _failure(request)
    if refused is not None:
        return refused
    return JSONResponse(
        {
            "object": "list",
            "data": [
                {"id": "m1", "object": "model", "created": 1, "owned_by": "atoma"},
                {"id": "m2", "object": "model", "created": 2, "owned_by": "atoma"},
            ],
        }
    )


async def health(request: Request) -> Response:
    delay = float(request.headers.get("x-delay", "0"))
    if delay:
        await asyncio.sleep(delay)
    return JSONResponse({"message": "ok"})


async def echo(request: Request) -> Response:
    """Everything about the request, as the server received it."""
    refused = _failure(request)
    if refused is not None:
        return refused
    form: dict[str, Any] = {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(
        ("multipart/form-data", "application/x-www-form-urlencoded")
    ):
        async with request.form() as data:
            for key, value in data.multi_items():
                if hasattr(value, "read"):
                    form[key] = {
                        "filename": value.filename,
                        "content": (await value.read()).decode(),
                    }
                else:
                    form.setdefault(key, []).append(value)
        raw = ""
    else:
        raw = (await request.body()).decode()
    return JSONResponse(
        {
            "method": request.method,
            "raw_path": request.scope["raw_path"].decode(),
            "query": request.scope["query_string"].decode(),
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "cookies": dict(request.cookies),
            "body": raw,
            "form": form,
        }
    )


SSE_BODY = (
    b": a comment\r\n"
    b"retry: 1000\r\n"
    b'data: {"n":\r\n'
    b"data: 1}\r\n"
    b"\r\n"
    b"event: tick\n"
    b"id: 7\n"
    b'data: {"n": 2}\n'
    b"\n"
    b'data:{"n":3}\n\n'
    b"event: ping\n\n"
    b"data: [END]\n\n"
    b'data: {"n": 99}\n\n'
)
"""Multi-line data, CRLF and LF line ends, comments, retry, event and id fields, an
event without data (not dispatched), a sentinel, and an event after it (never read)."""


async def sse(request: Request) -> Response:
    return Response(SSE_BODY, media_type="text/event-stream")


async def missing(request: Request) -> Response:
    return JSONResponse({"detail": "no such thing"}, status_code=404)


app = Starlette(
    routes=[
        Route("/missing", missing, methods=["GET"]),
        Route("/sse", sse, methods=["GET"]),
        Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/v1/models", models_list, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/echo/{rest:path}", echo, methods=["GET", "POST", "PUT", "DELETE"]),
    ]
)


def wait_for(condition: Any, seconds: float = 10.0) -> bool:
    """Whether ``condition()`` came true within ``seconds`` (polled)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


@contextmanager
def running_server(timeout: float = 10.0, application: Any = None) -> Iterator[str]:
    """Serve ``app`` (or another ASGI ``application``) on 127.0.0.1 in a thread; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app if application is None else application,
        log_level="warning",
        lifespan="off",
        access_log=False,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
