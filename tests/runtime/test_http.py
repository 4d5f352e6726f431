"""generator/runtime/_http.py: every name the generated client reads from ``_http``
is there, and is the object its own module defines."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from generator.python import probe
from generator.python.name_plan import plan_names
from generator.render.package import _package_exports, render_unformatted
from generator.runtime import _exceptions, _http

ROOT = Path(__file__).resolve().parents[2]


def _http_names(text: str) -> set[str]:
    """The attributes a module reads from ``_http``."""
    return {
        node.attr
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "_http"
    }


def test_every_name_the_probe_client_uses_is_there() -> None:
    """The probe API takes every path through the templates."""
    client = render_unformatted(probe.API, plan_names(probe.API))["client.py"]
    used = _http_names(client)
    assert {"Call", "SyncTransport", "raise_error", "Pagination", "Stream"} <= used
    assert used <= set(_http.__all__)


def test_every_name_the_committed_clients_use_is_there() -> None:
    for client in sorted(ROOT.glob("generated/*/client.py")):
        assert _http_names(client.read_text(encoding="utf-8")) <= set(_http.__all__)


def test_all_lists_exactly_what_is_imported() -> None:
    tree = ast.parse(Path(_http.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
        for alias in node.names
    }
    assert imported == set(_http.__all__)
    assert len(_http.__all__) == len(set(_http.__all__))


def test_re_exports_are_the_defining_modules_objects() -> None:
    tree = ast.parse(Path(_http.__file__).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            module = importlib.import_module(f"generator.runtime.{node.module}")
            for alias in node.names:
                assert getattr(_http, alias.name) is getattr(module, alias.name)


def test_the_package_exports_exist() -> None:
    """What a generated ``__init__`` re-exports from ``_http`` and ``errors``."""
    exports = dict(
        _package_exports(
            probe.API,
            plan_names(probe.API),
            frozenset({"dataclasses", "client"}),
            {"exported_errors": [], "models": []},
        )
    )
    assert set(exports["_http"]) <= set(_http.__all__)
    assert set(exports["errors"]) <= set(_exceptions.__all__)
