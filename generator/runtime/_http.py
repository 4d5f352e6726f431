"""The client's HTTP runtime, as ``client.py`` reads it: every name it uses, from
the modules that define them.

Everything here is independent of the API: the files are the same in every package,
and depend on httpx and the standard library only.

- ``_transport``: the client's options, one request (``Call``), sending it with
  credentials, hooks, retries and logging;
- ``_retries``: ``RetryConfig`` and the decisions of one call;
- ``_auth``: credentials, OAuth2 client credentials;
- ``_servers``: server URLs and their variables;
- ``_params``: path, query, header, cookie and form encoding;
- ``_responses``: JSON bodies, raw responses;
- ``_pagination``: pagers;
- ``_streams``: server-sent events and JSON lines;
- ``_exceptions``: the exceptions (``errors.py`` re-exports them).
"""

from __future__ import annotations

from ._auth import Credential, OAuth2ClientCredentials, api_key, basic, bearer, oauth2
from ._exceptions import raise_error
from ._pagination import AsyncPager, Pager, Pagination
from ._params import (
    FileInput,
    add_cookie,
    add_field,
    add_header,
    add_query,
    file_field,
    form_fields,
    path_value,
)
from ._responses import (
    AsyncRawCall,
    AsyncRawResponse,
    RawMethod,
    RawResponse,
    async_raw,
    async_raw_pager,
    decode_json,
    raw,
)
from ._retries import RetryConfig
from ._servers import Server, server_url, servers
from ._streams import (
    DEFAULT_STREAM_LIMITS,
    AsyncStream,
    ServerSentEvent,
    Stream,
    StreamLimits,
    event_decoder,
)
from ._transport import (
    LOGGER,
    AsyncTransport,
    Call,
    Options,
    RequestHook,
    ResponseHook,
    SyncTransport,
    awaitable,
)

__all__ = [
    "AsyncPager",
    "AsyncRawCall",
    "AsyncRawResponse",
    "AsyncStream",
    "AsyncTransport",
    "Call",
    "Credential",
    "DEFAULT_STREAM_LIMITS",
    "FileInput",
    "LOGGER",
    "OAuth2ClientCredentials",
    "Options",
    "Pager",
    "Pagination",
    "RawMethod",
    "RawResponse",
    "RequestHook",
    "ResponseHook",
    "RetryConfig",
    "Server",
    "ServerSentEvent",
    "Stream",
    "StreamLimits",
    "SyncTransport",
    "add_cookie",
    "add_field",
    "add_header",
    "add_query",
    "api_key",
    "async_raw",
    "async_raw_pager",
    "awaitable",
    "basic",
    "bearer",
    "decode_json",
    "event_decoder",
    "file_field",
    "form_fields",
    "oauth2",
    "path_value",
    "raise_error",
    "raw",
    "server_url",
    "servers",
]
