"""What the runtime tests share: a client's options, transports over
``httpx.MockTransport``, and a clock that does not wait."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from generator.runtime import _auth, _retries, _transport
from generator.runtime._auth import Credential
from generator.runtime._retries import RetryConfig
from generator.runtime._streams import DEFAULT_STREAM_LIMITS, StreamLimits
from generator.runtime._transport import AsyncTransport, Options, SyncTransport

BASE = "https://api.example.test/v1"

Handler = Callable[[httpx.Request], httpx.Response]


def options(
    *,
    base_url: str = BASE,
    headers: Mapping[str, str] | None = None,
    credentials: Mapping[str, Credential] | None = None,
    timeout: float | httpx.Timeout | None = 5.0,
    retries: RetryConfig | None = None,
    retries_given: bool = False,
    on_request: tuple[Callable[[httpx.Request], None], ...] = (),
    on_response: tuple[Callable[[httpx.Response], None], ...] = (),
    stream_limits: StreamLimits = DEFAULT_STREAM_LIMITS,
    server_variables: Mapping[str, str] | None = None,
) -> Options:
    return Options(
        base_url=base_url,
        headers=headers,
        user_agent="runtime-tests/1",
        credentials=credentials or {},
        timeout=timeout,
        retries=retries,
        retries_given=retries_given,
        on_request=on_request,
        on_response=on_response,
        stream_limits=stream_limits,
        server_variables=server_variables,
    )


def sync_transport(handler: Handler, **kwargs: Any) -> SyncTransport:
    return SyncTransport(
        httpx.Client(transport=httpx.MockTransport(handler)), options(**kwargs)
    )


def async_transport(handler: Handler, **kwargs: Any) -> AsyncTransport:
    return AsyncTransport(
        httpx.AsyncClient(transport=httpx.MockTransport(handler)), options(**kwargs)
    )


def no_wait(**kwargs: Any) -> RetryConfig:
    """A retry policy without waits (but for a Retry-After header) or jitter."""
    settings: dict[str, Any] = {"initial_interval": 0.0, "jitter": 0.0}
    settings.update(kwargs)
    return RetryConfig(**settings)


class FakeClock:
    """``time`` for the runtime's modules: ``sleep`` records the wait and moves
    ``monotonic`` on instead of waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def install(self, monkeypatch: Any) -> FakeClock:
        for module in (_transport, _retries, _auth):
            monkeypatch.setattr(module, "time", self)
        return self
