"""The package's README.md: written from the IR, its code valid Python, and spec text
unable to become markup or code; and headers that keep spec edits to the files
they change."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from generator.cli.config import Target
from generator.cli.pipeline import generate, render
from tests.conftest import ROOT, assert_mypy_strict

EVIL = "```\n# Pwned <script>alert(1)</script> [x](javascript:alert(1)) **b** `c` |"

HOSTILE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": EVIL, "version": "1\n```python\nimport os\n```"},
    "servers": [
        {
            "url": "https://{h`ost}.example/```|x",
            "description": EVIL,
            "variables": {"h`ost": {"default": "a`b|c", "enum": ["a`b|c", "<img>"]}},
        }
    ],
    "paths": {
        "/things": {
            "post": {
                "tags": [EVIL],
                "summary": EVIL,
                "description": "```python\nimport os; os.system('x')\n```",
                "operationId": "make",
                "security": [{"key": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {
                                        "type": "string",
                                        "example": "\n```\nimport os\n```\n",
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/octet-stream": {
                                "schema": {"type": "string", "format": "binary"}
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-`Key` ```"},
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {"tokenUrl": "/t```\n# x", "scopes": {}}
                },
            },
        }
    },
}


def _readme(tmp_path: Path, spec: dict[str, Any] | None, package: str) -> str:
    if spec is None:
        target = Target(
            name="t",
            spec=ROOT / "spec" / "atoma-speakeasy-openapi.yaml",
            docs=(),
            out=tmp_path,
            package=package,
        )
    else:
        path = tmp_path / "spec.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        target = Target(name="t", spec=path, docs=(), out=tmp_path, package=package)
    _, files = render(target)
    return files[f"{package}/README.md"]


def _check(text: str, package: str) -> list[str]:
    """What a reader sees: only our markup, only Python we wrote. The headings."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    headings = []
    cells: list[int] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            cells.append(0)
        if token.type in ("th_open", "td_open"):
            cells[-1] += 1
        if token.type == "table_close":
            assert len(set(cells)) == 1, cells  # no cell was split by spec text
            cells = []
        assert token.type not in ("html_block", "html_inline"), token
        if token.type == "fence":
            assert token.info in ("python", "sh"), token.info
            if token.info == "python":
                _check_python(token.content, package)
        if token.type == "heading_open":
            headings.append(tokens[index + 1].content)
        for child in token.children or ():
            assert child.type not in ("html_inline", "image"), child
            if child.type == "link_open":
                assert child.attrs["href"] == "https://www.python-httpx.org/", child
    return headings


def _check_python(code: str, package: str) -> None:
    """Valid Python importing nothing but the package (and datetime)."""
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert [a.name for a in node.names] == ["datetime"], ast.dump(node)
        if isinstance(node, ast.ImportFrom):
            assert node.module == package, ast.dump(node)


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    text = _readme(tmp_path, HOSTILE, "hostile_readme")
    headings = _check(text, "hostile_readme")
    assert headings == [
        "hostile_readme",
        "Install",
        "Quick start",
        "Authentication",
        "Servers",
        "Operations",
        "`client.pwned_script_alert_1_script_x_javascript_alert_1_b_c`",
        "Per-call options",
        "Raw responses",
        "Errors",
        "Retries",
        "Logging",
        "Models",
    ]
    # The spec's text is there, as text.
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "X-`Key` ```" in rendered
    # A | in a table cell stays in the cell, in its code.
    assert "<td><code>https://{h`ost}.example/```|x</code></td>" in rendered
    assert "<td><code>a`b|c</code>, <code>&lt;img&gt;</code></td>" in rendered


def test_the_atoma_readme(tmp_path: Path) -> None:
    text = _readme(tmp_path, None, "atoma_readme")
    headings = _check(text, "atoma_readme")
    assert "`client.chat`" in headings and "Streaming" in headings
    assert "Pagination" not in headings  # the Atoma spec has none
    assert "bearer_auth=" in text and "ATOMA_README_LOG=debug" in text
    assert 'model="meta-llama/Llama-3.3-70B-Instruct"' in text  # the spec's example


def test_the_feature_readme(tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    from tests.server.feature_spec import SPEC

    text = _readme(tmp_path, SPEC, "feature_readme")
    headings = _check(text, "feature_readme")
    assert {"Pagination", "Streaming", "Servers", "Authentication"} <= set(headings)
    assert "with client.with_streaming_response.files.download() as response:" in text
    assert "| `area` | `api` | `api`, `other` |" in text
    assert "`(client_id, client_secret)`" in text


def test_the_hash_is_in_one_file_and_edits_change_only_their_files(
    tmp_path: Path,
) -> None:
    """Edit one description: only the files whose text really changes are written."""
    spec = (ROOT / "spec" / "atoma-speakeasy-openapi.yaml").read_text(encoding="utf-8")
    path = tmp_path / "atoma.yaml"
    path.write_text(spec, encoding="utf-8")
    target = Target(name="t", spec=path, docs=(), out=tmp_path / "out", package="p")
    api, first = generate(target)
    files = sorted((tmp_path / "out" / "p").iterdir())
    holding = [f.name for f in files if api.source_sha256 in f.read_text()]
    assert holding == ["__init__.py"]
    old = "description: A list of chat completion choices."
    assert spec.count(old) == 1
    path.write_text(spec.replace(old, old + " Edited."), encoding="utf-8")
    _, second = generate(target)
    assert sorted(second.written) == ["p/__init__.py", "p/models.py"]


def _examples_module(text: str, package: str) -> str:
    """The README's Python examples as one module: each example the body of a
    function given the ``client`` the README's sections assume."""
    tokens = MarkdownIt("commonmark").parse(text)
    examples = [t.content for t in tokens if t.type == "fence" and t.info == "python"]
    assert examples
    lines = [f"from {package} import Client", ""]
    for index, example in enumerate(examples):
        lines.append(f"def example_{index}(client: Client) -> None:")
        lines += [f"    {line}" if line else "" for line in example.splitlines()]
        lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("package", ["atoma", "atoma_speakeasy"])
def test_the_committed_readmes_examples_type_check(
    tmp_path: Path, package: str
) -> None:
    """A reader copies these: each example must call what the package defines, with
    arguments of the right types (``mypy --strict``), not only parse."""
    text = (ROOT / "generated" / package / "README.md").read_text(encoding="utf-8")
    module = tmp_path / f"examples_{package}.py"
    module.write_text(_examples_module(text, package), encoding="utf-8")
    assert_mypy_strict(ROOT / "generated", str(module))


def test_the_feature_readmes_examples_type_check(tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    from tests.server.feature_spec import SPEC

    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    out = tmp_path / "out"
    generate(Target(name="t", spec=path, docs=(), out=out, package="feature_readme"))
    text = (out / "feature_readme" / "README.md").read_text(encoding="utf-8")
    module = tmp_path / "examples_feature.py"
    module.write_text(_examples_module(text, "feature_readme"), encoding="utf-8")
    assert_mypy_strict(out, str(module))
