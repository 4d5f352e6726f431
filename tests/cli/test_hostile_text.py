"""Spec text that no UTF-8 stream can hold (lone surrogates) or that a terminal would
act on (escape sequences) reaches messages, the README, ``specgen ir`` and generated
code only escaped, through :mod:`generator.text` (issue 29)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main

LONE = "\ud800"
ESC = "\x1b[31m"

HOSTILE = {
    "openapi": "3.1.0",
    "info": {"title": LONE, "version": LONE + ESC},
    "servers": [
        {"url": "https://x" + LONE + ".example/{v" + ESC + "}", "description": LONE}
    ],
    "paths": {
        "/a": {
            "get": {
                "operationId": "getA",
                "summary": LONE + ESC,
                "description": LONE + " d",
                "security": [{"k": []}],
                "responses": {"200": {"description": LONE}},
            }
        }
    },
    "components": {
        "securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "X" + LONE}}
    },
}


def _run_strict(folder: Path, *args: str) -> tuple[int, str, str]:
    """``main`` with stdout and stderr that refuse what UTF-8 cannot hold, as a
    pipe does (stdout is strict; stderr is made strict too: nothing needs escaping
    after specgen's own)."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="strict")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(args))
    finally:
        sys.stdout, sys.stderr = saved
        out.flush()
        err.flush()
    return code, out_bytes.getvalue().decode(), err_bytes.getvalue().decode()


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(HOSTILE), encoding="ascii")  # JSON's \ud800 escape
    return path


def test_ir_of_lone_surrogates_is_valid_json(spec: Path) -> None:
    code, out, err = _run_strict(spec.parent, "ir", "--spec", str(spec))
    assert code == 0, err
    assert json.loads(out)["title"] == LONE  # the same string, as a JSON escape
    assert "\x1b" not in err and "\\x1b[31m" in err  # the server-variable warning


def test_generate_with_lone_surrogates_and_escapes(spec: Path) -> None:
    out_dir = spec.parent / "out"
    code, _, err = _run_strict(
        spec.parent, "generate", "--spec", str(spec), "--out", str(out_dir), "-q"
    )
    assert code == 0, err
    package = out_dir / "s"
    for path in package.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "\x1b" not in text, path.name
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert "\\\\ud800" in readme  # shown as the escape, markdown-escaped
    # The package imports, and the header name is the spec's string itself.
    probe = (
        "import s, s.client, s.models, s.typeddicts, inspect;"
        "src = inspect.getsource(s.client);"
        "assert '\"X\\\\ud800\"' in src, 'header name'"
    )
    subprocess.run([sys.executable, "-c", probe], cwd=out_dir, check=True)


def test_error_messages_escape_spec_text(spec: Path) -> None:
    spec.write_text(
        json.dumps(
            {**HOSTILE, "components": {"schemas": {ESC + LONE: {"$ref": "#/nowhere"}}}}
        ),
        encoding="ascii",
    )
    code, _, err = _run_strict(spec.parent, "ir", "--spec", str(spec))
    assert code == 2
    assert err.startswith(
        "specgen: error: s.json: #/components/schemas/\\x1b[31m\\ud800"
    )
    assert "\x1b" not in err and LONE not in err
