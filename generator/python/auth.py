"""What the generated client can do with each security scheme, decided in one place.

The IR keeps a scheme as the spec writes it (``type``, the HTTP ``scheme``, the
OAuth2 flows).  The client knows four ways to authenticate; this module maps every
scheme to one of them, and says so in a diagnostic where the mapping is a
stand-in (an HTTP ``digest`` scheme gets a bearer token, which the caller must
bring) rather than what the spec asks for.
"""

from __future__ import annotations

from typing import Literal

from generator import ir
from generator.diagnostics import Diagnostic

ClientAuth = Literal[
    "http_bearer", "http_basic", "api_key", "oauth2_client_credentials"
]
"""``oauth2_client_credentials``: the client fetches its own tokens; ``http_bearer``:
the caller brings a token (also for other OAuth2 flows and OpenID Connect, which
need a person at a browser)."""


def client_auth(scheme: ir.SecurityScheme) -> ClientAuth:
    """How the generated client sends credentials for *scheme*."""
    if scheme.type == "apiKey":
        return "api_key"
    if scheme.type == "http" and _http_scheme(scheme) == "basic":
        return "http_basic"
    if scheme.type == "oauth2" and scheme.token_url is not None:
        return "oauth2_client_credentials"
    return "http_bearer"


def auth_diagnostics(api: ir.Api) -> tuple[Diagnostic, ...]:
    """A warning for each scheme the client sends in a way the spec did not ask for."""
    found = []
    for scheme in api.security_schemes:
        http = _http_scheme(scheme)
        if scheme.type == "http" and http not in ("basic", "bearer"):
            found.append(
                Diagnostic(
                    scheme.file,
                    None,
                    scheme.source,
                    f"HTTP scheme {http!r} is sent as a bearer token",
                )
            )
    return tuple(found)


def _http_scheme(scheme: ir.SecurityScheme) -> str:
    """The HTTP authentication scheme, case-insensitive as RFC 9110 has it."""
    return (scheme.http_scheme or "").lower()
