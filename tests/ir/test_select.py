"""Choosing outputs (--emit) and operations (tag and path filters) prunes what is generated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.cli.main import main
from generator.cli.pipeline import package_files
from generator.ir.selection import Selection, select
from generator.openapi import build_api


def _op(op_id: str, tag: str, body: str | None, response: str) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": op_id,
        "tags": [tag],
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{response}"}
                    }
                },
            }
        },
    }
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}
            },
        }
    return operation


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/pets": {
            "get": _op("listPets", "pets", None, "PetList"),
            "post": _op("addPet", "pets", "NewPet", "Pet"),
        },
        "/orders/{id}": {
            "get": {
                **_op("getOrder", "store", None, "Order"),
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
            }
        },
        "/admin/stats": {"get": _op("stats", "admin", None, "Stats")},
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                },
            },
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "NewPet": {"type": "object", "properties": {"name": {"type": "string"}}},
            "PetList": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
            "Order": {
                "type": "object",
                "properties": {
                    "pet": {"$ref": "#/components/schemas/Pet"},
                    "n": {"type": "integer"},
                },
            },
            "Stats": {"type": "object", "properties": {"count": {"type": "integer"}}},
            "Unused": {"type": "object", "properties": {"x": {"type": "string"}}},
        }
    },
}


def _api(tmp_path: Path) -> Any:
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(SPEC))
    return build_api(path)


def _component_models(api: Any) -> set[str]:
    return {m.name for m in api.models if m.source.count("/") == 3}


def test_no_filter_keeps_everything(tmp_path: Path) -> None:
    api = _api(tmp_path)
    assert select(api, Selection()) is api
    assert "Unused" in _component_models(api)


def test_tag_filters_keep_the_operations_and_the_models_they_reach(
    tmp_path: Path,
) -> None:
    api = _api(tmp_path)
    pets = select(api, Selection(include_tags=("pets",)))
    assert sorted(op.id for op in pets.operations) == ["addPet", "listPets"]
    assert _component_models(pets) == {"Pet", "Kind", "NewPet", "PetList"}

    not_admin = select(api, Selection(exclude_tags=("admin",)))
    assert sorted(op.id for op in not_admin.operations) == [
        "addPet",
        "getOrder",
        "listPets",
    ]
    assert _component_models(not_admin) == {"Pet", "Kind", "NewPet", "PetList", "Order"}


def test_path_filters_are_globs(tmp_path: Path) -> None:
    api = _api(tmp_path)
    orders = select(api, Selection(include_paths=("/orders/*",)))
    assert [op.id for op in orders.operations] == ["getOrder"]
    assert _component_models(orders) == {"Order", "Pet", "Kind"}


def test_emit_chooses_files(tmp_path: Path) -> None:
    api = _api(tmp_path)
    names = lambda emit: sorted(
        package_files(api, "shop", frozenset(emit))
    )  # noqa: E731
    assert names({"typeddicts"}) == [
        "shop/README.md",
        "shop/__init__.py",
        "shop/py.typed",
        "shop/typeddicts.py",
    ]
    assert names({"dataclasses"}) == [
        "shop/README.md",
        "shop/__init__.py",
        "shop/_runtime.py",
        "shop/models.py",
        "shop/py.typed",
    ]
    assert "shop/client.py" in names({"dataclasses", "typeddicts", "client"})
    only_dicts = package_files(api, "shop", frozenset({"typeddicts"}))[
        "shop/__init__.py"
    ]
    assert "from .models" not in only_dicts and "from ._runtime" not in only_dicts


def test_cli_filters_and_emit(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(SPEC))
    out = tmp_path / "o"
    code = main(
        ["generate", "-q", "--spec", str(path), "--out", str(out), "--package", "shop",
         "--include-tags", "store", "--emit", "dataclasses,client"]
    )  # fmt: skip
    assert code == 0
    assert sorted(p.name for p in (out / "shop").iterdir()) == [
        ".specgen-manifest.json", "README.md", "__init__.py", "_auth.py", "_exceptions.py", "_http.py", "_pagination.py", "_params.py",
        "_responses.py", "_retries.py", "_runtime.py", "_servers.py", "_streams.py", "_transport.py", "client.py", "errors.py",
        "models.py", "py.typed",
    ]  # fmt: skip
    models = (out / "shop" / "models.py").read_text()
    assert (
        "class Order" in models
        and "class Stats" not in models
        and "class Unused" not in models
    )
    assert "get_order" in (out / "shop" / "client.py").read_text()
