"""When and how often a request is retried: the policy a caller chooses
(:class:`RetryConfig`) and the decisions it makes during one call.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import email.utils
import random
import time
from typing import Final

import httpx

__all__ = ["RetryConfig", "Attempts", "IDEMPOTENT_METHODS"]

# QUERY (OpenAPI 3.2) is safe like GET, so idempotent.
IDEMPOTENT_METHODS: Final = frozenset(
    {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "QUERY"}
)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RetryConfig:
    """When and how often to retry a request; times are in seconds.

    The wait before retry ``n`` (from 0) is ``initial_interval * exponent ** n``, capped
    at ``max_interval``, spread by ``jitter`` (0.5: anywhere from half to one and a half
    times that); a ``Retry-After`` header, when present, is used instead.  Retrying stops
    after ``max_retries`` retries or once ``max_elapsed`` seconds have passed.
    ``status_codes`` may hold exact codes (``"503"``) or classes (``"5XX"``).
    Requests that are not idempotent (POST, PATCH) are retried only when
    ``non_idempotent`` is true: resending one may repeat its effect.
    """

    initial_interval: float = 0.5
    max_interval: float = 8.0
    exponent: float = 2.0
    max_elapsed: float = 60.0
    max_retries: int | None = 2
    jitter: float = 0.5
    status_codes: tuple[str, ...] = ("408", "429", "5XX")
    connection_errors: bool = True
    non_idempotent: bool = False

    def retries_status(self, status: int) -> bool:
        code = str(status)
        return code in self.status_codes or f"{code[0]}XX" in self.status_codes

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            after = _retry_after(response.headers.get("retry-after"))
            if after is not None:
                return min(after, self.max_interval)
        base = min(self.initial_interval * self.exponent**attempt, self.max_interval)
        return max(0.0, base * (1 + self.jitter * (2 * random.random() - 1)))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())


class Attempts:
    """The retry decisions of one call."""

    __slots__ = ("policy", "idempotent", "started", "count")

    def __init__(self, policy: RetryConfig | None, idempotent: bool) -> None:
        self.policy = policy
        self.idempotent = idempotent
        self.started = time.monotonic()
        self.count = 0

    def _next_delay(self, response: httpx.Response | None) -> float | None:
        policy = self.policy
        assert policy is not None
        if policy.max_retries is not None and self.count >= policy.max_retries:
            return None
        wait = policy.delay(self.count, response)
        if time.monotonic() - self.started + wait > policy.max_elapsed:
            return None
        self.count += 1
        return wait

    def after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying, or None to keep this response."""
        policy = self.policy
        if policy is None or not policy.retries_status(response.status_code):
            return None
        if not (self.idempotent or policy.non_idempotent):
            return None
        return self._next_delay(response)

    def after_error(self, error: httpx.TransportError) -> float | None:
        """Seconds to wait before retrying, or None to give up.

        A failure to connect never reached the server, so it is retried for any method;
        a connection that broke later is retried only where resending is safe.  Read
        and write timeouts are not retried: the next attempt would likely wait as long.
        """
        policy = self.policy
        if policy is None or not policy.connection_errors:
            return None
        if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout)):
            return self._next_delay(None)
        if isinstance(error, httpx.TimeoutException):
            return None
        if self.idempotent or policy.non_idempotent:
            return self._next_delay(None)
        return None
