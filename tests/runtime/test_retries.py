"""generator/runtime/_retries.py: the retry policy and the decisions of one call."""

from __future__ import annotations

import datetime as dt
import email.utils

import httpx
import pytest

from generator.runtime import _retries
from generator.runtime._retries import IDEMPOTENT_METHODS, Attempts, RetryConfig
from tests.runtime.support import FakeClock

REQUEST = httpx.Request("GET", "https://api.example.test/")


def _response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=REQUEST)


@pytest.mark.parametrize(
    ("status", "retried"),
    [(408, True), (429, True), (500, True), (503, True), (599, True)]
    + [(400, False), (404, False), (409, False), (200, False)],
)
def test_the_default_statuses(status: int, retried: bool) -> None:
    assert RetryConfig().retries_status(status) is retried


def test_exact_codes_and_classes() -> None:
    policy = RetryConfig(status_codes=("503", "4XX"))
    assert policy.retries_status(503) and policy.retries_status(418)
    assert not policy.retries_status(500)


def test_exponential_backoff_is_capped() -> None:
    policy = RetryConfig(initial_interval=0.5, exponent=2.0, max_interval=8.0, jitter=0)
    assert [policy.delay(n, None) for n in range(6)] == [0.5, 1, 2, 4, 8, 8]


def test_jitter_spreads_the_wait_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = RetryConfig(initial_interval=1.0, jitter=0.5)
    monkeypatch.setattr(_retries.random, "random", lambda: 0.0)
    assert policy.delay(0, None) == pytest.approx(0.5)
    monkeypatch.setattr(_retries.random, "random", lambda: 1.0)
    assert policy.delay(0, None) == pytest.approx(1.5)
    monkeypatch.setattr(_retries.random, "random", lambda: 0.5)
    assert policy.delay(2, None) == pytest.approx(4.0)


@pytest.mark.parametrize(
    ("header", "wait"),
    [("3", 3.0), ("0.25", 0.25), ("-4", 0.0), ("120", 8.0)],
)
def test_retry_after_in_seconds_wins_but_is_capped(header: str, wait: float) -> None:
    policy = RetryConfig(initial_interval=5.0, max_interval=8.0, jitter=0)
    assert policy.delay(0, _response(503, **{"Retry-After": header})) == wait


def test_retry_after_as_an_http_date() -> None:
    policy = RetryConfig(max_interval=60.0)
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=20)
    header = email.utils.format_datetime(soon, usegmt=True)
    wait = policy.delay(0, _response(429, **{"Retry-After": header}))
    assert 17.0 < wait <= 20.0
    past = email.utils.format_datetime(dt.datetime(2001, 1, 1, tzinfo=dt.UTC))
    assert policy.delay(0, _response(429, **{"Retry-After": past})) == 0.0


def test_an_unreadable_retry_after_falls_back_to_backoff() -> None:
    policy = RetryConfig(initial_interval=0.5, jitter=0)
    assert policy.delay(1, _response(503, **{"Retry-After": "soon"})) == 1.0
    assert policy.delay(1, _response(503)) == 1.0


def test_query_is_idempotent_and_post_is_not() -> None:
    assert {"GET", "PUT", "DELETE", "QUERY"} <= IDEMPOTENT_METHODS
    assert not {"POST", "PATCH"} & IDEMPOTENT_METHODS


def test_max_retries_counts_the_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeClock().install(monkeypatch)
    attempts = Attempts(RetryConfig(max_retries=2, jitter=0), idempotent=True)
    waits = [attempts.after_response(_response(503)) for _ in range(3)]
    assert waits == [0.5, 1.0, None]
    assert attempts.count == 2


def test_max_elapsed_stops_retrying(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock().install(monkeypatch)
    policy = RetryConfig(max_retries=None, max_elapsed=10.0, jitter=0)
    attempts = Attempts(policy, idempotent=True)
    assert attempts.after_response(_response(500)) == 0.5
    clock.now += 9.5
    # 9.5 s gone, and the next wait (1 s) would end past 10 s: give up.
    assert attempts.after_response(_response(500)) is None
    clock.now -= 1.0
    assert attempts.after_response(_response(500)) == 1.0


def test_a_status_not_retried_keeps_the_response() -> None:
    attempts = Attempts(RetryConfig(), idempotent=True)
    assert attempts.after_response(_response(404)) is None
    assert Attempts(None, idempotent=True).after_response(_response(503)) is None


def test_non_idempotent_requests_are_retried_only_when_allowed() -> None:
    assert (
        Attempts(RetryConfig(), idempotent=False).after_response(_response(503)) is None
    )
    allowed = RetryConfig(non_idempotent=True, jitter=0)
    assert Attempts(allowed, idempotent=False).after_response(_response(503)) == 0.5


def test_a_failure_to_connect_is_retried_for_any_method() -> None:
    error = httpx.ConnectError("refused", request=REQUEST)
    assert Attempts(RetryConfig(jitter=0), idempotent=False).after_error(error) == 0.5
    timeout = httpx.ConnectTimeout("slow", request=REQUEST)
    assert Attempts(RetryConfig(jitter=0), idempotent=False).after_error(timeout) == 0.5


def test_read_and_write_timeouts_are_not_retried() -> None:
    for error in (
        httpx.ReadTimeout("slow", request=REQUEST),
        httpx.WriteTimeout("slow", request=REQUEST),
        httpx.PoolTimeout("busy", request=REQUEST),
    ):
        assert Attempts(RetryConfig(), idempotent=True).after_error(error) is None


def test_a_broken_connection_is_retried_only_where_resending_is_safe() -> None:
    error = httpx.RemoteProtocolError("closed", request=REQUEST)
    assert Attempts(RetryConfig(jitter=0), idempotent=True).after_error(error) == 0.5
    assert Attempts(RetryConfig(), idempotent=False).after_error(error) is None
    lenient = RetryConfig(non_idempotent=True, jitter=0)
    assert Attempts(lenient, idempotent=False).after_error(error) == 0.5


def test_connection_errors_can_be_left_alone() -> None:
    error = httpx.ConnectError("refused", request=REQUEST)
    policy = RetryConfig(connection_errors=False)
    assert Attempts(policy, idempotent=True).after_error(error) is None
    assert Attempts(None, idempotent=True).after_error(error) is None
