"""The runtime of the generated packages: the support code that depends on no spec.

The modules of this folder are copied verbatim into every generated package that
emits them, with the static header lines put first (see :mod:`generator.render.package`):
``_runtime.py`` with the dataclasses, the others with the client.  So they are
ordinary Python, type-checked with specgen (``mypy --strict``) and tested directly
in ``tests/runtime/``, and each one must

- import only the standard library, httpx, and the other modules of this folder
  through relative imports (``from ._runtime import Unset``), which in a generated
  package are its own modules (``errors.py``, which holds what depends on the spec,
  imports from them, never the reverse);
- be formatted so that both ``black --check`` and ``ruff format --check`` accept it
  (runs copy it as it is: they do not format it);
- be listed below, under the output that ships it.

This ``__init__.py`` is specgen's own: it is not copied.
"""

from __future__ import annotations

import functools
from pathlib import Path

MODELS = ("_runtime.py",)
"""Shipped with the dataclasses: UNSET, DecodeError, the models' decoders and encoders."""

CLIENT = (
    "_auth.py",
    "_exceptions.py",
    "_http.py",
    "_pagination.py",
    "_params.py",
    "_responses.py",
    "_retries.py",
    "_servers.py",
    "_streams.py",
    "_transport.py",
)
"""Shipped with the client (which needs the dataclasses, so ``_runtime.py`` too)."""

EXCEPTIONS = (
    "SDKError",
    "APIError",
    "ClientError",
    "ServerError",
    "APIConnectionError",
    "APITimeoutError",
    "StreamError",
    "ResponseValidationError",
    "ClientClosedError",
    "MissingCredentialsError",
)
"""The exception classes of ``_exceptions.py`` every client's ``errors.py`` re-exports
(and the package exports), base classes first; a test checks them against the
module, which this file cannot import (it imports httpx)."""

FOLDER = Path(__file__).resolve().parent


@functools.cache
def source(name: str) -> str:
    """The text of runtime module ``name`` (``"_http.py"``), as it is copied."""
    return (FOLDER / name).read_text(encoding="utf-8")
