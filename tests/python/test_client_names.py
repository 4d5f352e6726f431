"""Names a spec or docs choose that the client itself uses: generated, imported, called.

Each input once broke the generated client (issue 14): a security scheme called
``stream_limits`` repeated a constructor argument (SyntaxError on import), a docs
method called ``class`` crashed the formatter (exit 3), a docs group called ``close``
replaced ``Client.close`` (``with Client()`` failed on exit).  Each client here is
constructed and called against the local server.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.server import running_server  # noqa: E402
from tests.server.packages import forget, generate_and_import  # noqa: E402

ECHO_SCHEMA = {
    "type": "object",
    "required": ["method", "raw_path", "query", "headers"],
    "properties": {
        "method": {"type": "string"},
        "raw_path": {"type": "string"},
        "query": {"type": "string"},
        "headers": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}

ECHO_PAGE = """# Echo

## Fields

| Field | Type | Required | Description |
| ----- | ---- | -------- | ----------- |
| `method` | *str* | :heavy_check_mark: | The method. |
| `raw_path` | *str* | :heavy_check_mark: | The path. |
| `query` | *str* | :heavy_check_mark: | The query. |
| `headers` | Dict[str, *str*] | :heavy_check_mark: | The headers. |
"""


def operations_page(group: str, methods: dict[str, tuple[str, str]]) -> str:
    """A Python-flavour operation page: ``methods`` maps a method to (HTTP method, path);
    each takes a required query parameter ``q`` and returns an ``Echo``."""
    listed = "".join(f"* [{name}](#{name}) - Call {name}\n" for name in methods)
    sections = "".join(f"""
## {name}

Call {name}.

### Example Usage

<!-- UsageSnippet language="python" operationID="{group}_{name}" method="{verb}" path="{path}" -->
```python
```

### Parameters

| Parameter | Type | Required | Description |
| --------- | ---- | -------- | ----------- |
| `q` | *str* | :heavy_check_mark: | A query parameter. |

### Response

**[models.Echo](../../models/echo.md)**
""" for name, (verb, path) in methods.items())
    return f"""# {group.title()}
(*{group}*)

## Overview

### Available Operations

{listed}{sections}"""


def write_docs(root: Path, pages: dict[str, str]) -> Path:
    for name, text in {"docs/models/echo.md": ECHO_PAGE, **pages}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "docs"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture
def package(tmp_path: Path) -> Iterator[list[tuple[str, Path]]]:
    made: list[tuple[str, Path]] = []
    yield made
    for name, out in made:
        forget(name, out)


def _generate(
    made: list[tuple[str, Path]],
    name: str,
    out: Path,
    spec: Path | None = None,
    docs: tuple[Path, ...] = (),
) -> ModuleType:
    module = generate_and_import(spec, name, out, docs)
    made.append((name, out))
    return module


def test_security_scheme_named_like_a_constructor_argument(
    tmp_path: Path, base_url: str, package: list[tuple[str, Path]]
) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Schemes", "version": "1"},
        "paths": {
            "/echo/secure": {
                "get": {
                    "operationId": "getSecure",
                    "security": [{"stream_limits": []}],
                    "responses": {
                        "200": {
                            "description": "what the server saw",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Echo"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {"Echo": ECHO_SCHEMA},
            "securitySchemes": {"stream_limits": {"type": "http", "scheme": "bearer"}},
        },
    }
    path = tmp_path / "schemes.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    pkg = _generate(package, "names_scheme_client", tmp_path / "out", spec=path)
    limits = pkg.StreamLimits(max_line_size=4096)
    # The scheme's argument is renamed; the client's own stream_limits still works.
    with pkg.Client(base_url, stream_limits_2="tok", stream_limits=limits) as client:
        echo = client.default.get_secure()
    assert echo.headers["authorization"] == "Bearer tok"
    assert echo.raw_path == "/echo/secure"

    async def call() -> str:
        async with pkg.AsyncClient(base_url, stream_limits_2="tok") as client:
            echo = await client.default.get_secure()
            return str(echo.headers["authorization"])

    assert asyncio.run(call()) == "Bearer tok"


def test_docs_method_named_like_a_keyword(
    tmp_path: Path, base_url: str, package: list[tuple[str, Path]]
) -> None:
    docs = write_docs(
        tmp_path,
        {
            "docs/sdks/things/README.md": operations_page(
                "things",
                {"class": ("get", "/echo/class"), "def": ("delete", "/echo/def")},
            )
        },
    )
    pkg = _generate(package, "names_keyword_client", tmp_path / "out", docs=(docs,))
    with pkg.Client(base_url) as client:
        got = client.things.class_(q="1")
        deleted = client.things.def_(q="2")
    assert (got.method, got.raw_path, got.query) == ("GET", "/echo/class", "q=1")
    assert (deleted.method, deleted.raw_path, deleted.query) == (
        "DELETE",
        "/echo/def",
        "q=2",
    )


def test_docs_group_named_like_a_client_method(
    tmp_path: Path, base_url: str, package: list[tuple[str, Path]]
) -> None:
    docs = write_docs(
        tmp_path,
        {
            "docs/sdks/close/README.md": operations_page(
                "close", {"get": ("get", "/echo/close")}
            ),
            "docs/sdks/withoptions/README.md": operations_page(
                "with_options", {"get": ("get", "/echo/with-options")}
            ),
        },
    )
    pkg = _generate(package, "names_group_client", tmp_path / "out", docs=(docs,))
    client = pkg.Client(base_url)
    with client:
        assert client.close_.get(q="x").raw_path == "/echo/close"
        other = client.with_options(headers={"x-extra": "1"})
        assert other.with_options_.get(q="y").raw_path == "/echo/with-options"
    # Leaving the block called Client.close: the connections are closed.
    assert client._t.http.is_closed

    async def call() -> bool:
        async with pkg.AsyncClient(base_url) as client:
            await client.close_.get(q="z")
        return bool(client._t.http.is_closed)

    assert asyncio.run(call())
