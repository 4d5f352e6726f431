"""Credentials: how each security scheme's value goes on a request (a header, a
query parameter or a cookie), and OAuth2 access tokens fetched with the client
credentials grant.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Final
from urllib.parse import quote_plus

import httpx

from ._exceptions import MissingCredentialsError, connection_error, error_class
from ._runtime import DecodeError

__all__ = [
    "Credential",
    "OAuth2ClientCredentials",
    "bearer",
    "basic",
    "api_key",
    "oauth2",
    "apply_security",
]

# The package's logger, the same object as ``_transport.LOGGER`` (loggers are
# shared by name).
_LOGGER: Final = logging.getLogger(__name__.rpartition(".")[0] or __name__)


class Credential:
    """One security scheme's value, ready to put on a request (or, for OAuth2 client
    credentials, the ``token`` source that gives the value when it is sent)."""

    __slots__ = ("location", "name", "value", "token")

    def __init__(
        self,
        location: str,
        name: str,
        value: str,
        token: OAuth2ClientCredentials | None = None,
    ) -> None:
        self.location = location
        self.name = name
        self.value = value
        self.token = token


def bearer(value: str) -> Credential:
    token = value if value[:7].lower() == "bearer " else f"Bearer {value}"
    return Credential("header", "Authorization", token)


def basic(value: tuple[str, str]) -> Credential:
    user, password = value
    encoded = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return Credential("header", "Authorization", f"Basic {encoded}")


def api_key(location: str, name: str, value: str) -> Credential:
    return Credential(location, name, value)


def oauth2(
    value: str | tuple[str, str], token_url: str, scopes: Sequence[str] = ()
) -> Credential:
    """An access token (a string), or ``(client_id, client_secret)`` to fetch tokens."""
    if isinstance(value, str):
        return bearer(value)
    client_id, client_secret = value
    source = OAuth2ClientCredentials(token_url, client_id, client_secret, scopes)
    return Credential("header", "Authorization", "", source)


class OAuth2ClientCredentials:
    """Fetches, keeps and renews an access token with the client credentials grant.

    The token is fetched when a request first needs it: a POST of
    ``grant_type=client_credentials`` (and the scopes the API asks for) to the token
    URL, with the client's id and secret in an HTTP Basic header, which RFC 6749
    (2.3.1) requires every authorization server to accept; a server that still
    answers ``invalid_client`` is asked once more with them in the form body, and
    then always so.  The token is kept until shortly before its ``expires_in`` ends,
    then fetched again; a request answered 401 fetches a new one and is sent once
    more.  Threads (Client) and tasks (AsyncClient) share one fetch.
    """

    __slots__ = (
        "token_url",
        "client_id",
        "client_secret",
        "scopes",
        "_token",
        "_expires",
        "_in_body",
        "_lock",
        "_async_lock",
    )

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: Sequence[str] = (),
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = tuple(scopes)
        self._token: str | None = None
        self._expires = 0.0
        self._in_body = False
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    def _current(self) -> str | None:
        if self._token is not None and time.monotonic() < self._expires:
            return self._token
        return None

    def get(self, http: httpx.Client, base_url: str) -> str:
        """A valid token, fetched if there is none (one thread fetches, others wait)."""
        token = self._current()
        if token is None:
            with self._lock:
                token = self._current()
                if token is None:
                    response = _fetch(http, self._request(http, base_url))
                    if self._refused(response):
                        response = _fetch(http, self._request(http, base_url))
                    token = self._keep(response)
        return token

    async def aget(self, http: httpx.AsyncClient, base_url: str) -> str:
        """:meth:`get` for an AsyncClient (one task fetches, others wait)."""
        token = self._current()
        if token is None:
            if self._async_lock is None:
                self._async_lock = asyncio.Lock()
            async with self._async_lock:
                token = self._current()
                if token is None:
                    response = await _afetch(http, self._request(http, base_url))
                    if self._refused(response):
                        response = await _afetch(http, self._request(http, base_url))
                    token = self._keep(response)
        return token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (a request was refused with it), unless it was renewed."""
        if self._token == token:
            self._token = None

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, base_url: str
    ) -> httpx.Request:
        url = httpx.URL(base_url + "/").join(self.token_url)
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        headers = {"Accept": "application/json"}
        if self._in_body:
            form["client_id"] = self.client_id
            form["client_secret"] = self.client_secret
        else:
            # RFC 6749 2.3.1: both form-encoded, then joined as Basic's user:password.
            pair = f"{quote_plus(self.client_id)}:{quote_plus(self.client_secret)}"
            encoded = base64.b64encode(pair.encode()).decode("ascii")
            headers["Authorization"] = f"Basic {encoded}"
        if _LOGGER.isEnabledFor(logging.DEBUG):
            _LOGGER.debug(
                "fetching an OAuth2 token from %s (credentials in the %s)",
                url,
                "body" if self._in_body else "Authorization header",
            )
        return http.build_request("POST", url, data=form, headers=headers)

    def _refused(self, response: httpx.Response) -> bool:
        """Whether the server refused Basic credentials and the body is worth a try."""
        if self._in_body or response.status_code not in (400, 401):
            return False
        try:
            error = json.loads(response.content).get("error")
        except (ValueError, AttributeError):
            return False
        self._in_body = error == "invalid_client"
        return self._in_body

    def _keep(self, response: httpx.Response) -> str:
        if not response.is_success:
            raise error_class(response.status_code)(response)
        try:
            answer = json.loads(response.content)
            token = answer["access_token"]
            lifetime = float(answer.get("expires_in") or 0)
        except (ValueError, KeyError, TypeError, AttributeError):
            raise DecodeError(
                f"the token endpoint {response.request.url} did not answer"
                f" with an access_token: {response.text[:200]!r}"
            ) from None
        if not isinstance(token, str):
            raise DecodeError("the token endpoint's access_token is not a string")
        now = time.monotonic()
        # Renew a little before the end (at most half the lifetime early), so that
        # a token never expires on its way to the server; no lifetime: keep it
        # until a request is refused.
        self._expires = (
            now + lifetime - min(30.0, lifetime / 2) if lifetime > 0 else float("inf")
        )
        self._token = token
        return token


def _fetch(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """A token request's response; a network failure is the package's exception."""
    try:
        return http.send(request)
    except httpx.TransportError as error:
        raise connection_error(error, request) from error


async def _afetch(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    try:
        return await http.send(request)
    except httpx.TransportError as error:
        raise connection_error(error, request) from error


def apply_security(
    credentials: Mapping[str, Credential],
    security: tuple[tuple[str, ...], ...],
    headers: dict[str, str],
    params: list[tuple[str, str]],
    cookies: dict[str, str],
) -> OAuth2ClientCredentials | None:
    """Use the first alternative whose schemes all have credentials; the token
    source, when one of them fetches its value as the request is sent.

    An empty alternative (``security: [{}, ...]``, optional auth) is always met;
    when none is, :class:`MissingCredentialsError`.
    """
    found = credentials
    source = None
    for alternative in security:
        if all(name in found for name in alternative):
            for name in alternative:
                credential = found[name]
                if credential.token is not None:
                    source = credential.token
                elif credential.location == "header":
                    headers[credential.name] = credential.value
                elif credential.location == "query":
                    params.append((credential.name, credential.value))
                else:
                    cookies[credential.name] = credential.value
            return source
    wanted = " or ".join(" and ".join(a) for a in security)
    raise MissingCredentialsError(
        f"requires credentials the client was not given: {wanted}", security
    )
