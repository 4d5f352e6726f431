"""The OpenAPI front end on shapes big documents have many of: operations without
an operationId, ids used twice, unions that list a model more than once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import ir
from generator.openapi import build_api


def _build(tmp_path: Path, spec: dict[str, Any]) -> ir.Api:
    path = tmp_path / "spec.json"
    path.write_text(
        json.dumps(
            {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, **spec}
        ),
        encoding="utf-8",
    )
    return build_api(path)


def test_operation_ids_stay_unique(tmp_path: Path) -> None:
    """An operation without an operationId is called ``get /path``, then by its path
    with the fragment, then numbered; a webhook whose operationId an operation has
    is numbered too.  No id is one an operationId already says."""
    ok = {"200": {"description": "ok"}}
    api = _build(
        tmp_path,
        {
            "paths": {
                "/a": {"get": {"responses": ok}},
                "/a#x": {"get": {"responses": ok}},
                "/a#y": {"get": {"responses": ok}},
                "/b": {"get": {"operationId": "get /a#x", "responses": ok}},
                "/c": {"get": {"operationId": "get /a#x 2", "responses": ok}},
                "/d": {"get": {"operationId": "hook", "responses": ok}},
                "/e": {"get": {"operationId": "hook 2", "responses": ok}},
            },
            "webhooks": {"h": {"post": {"operationId": "hook", "responses": ok}}},
        },
    )
    assert [op.id for op in api.operations] == [
        "get /a",
        "get /a#x 3",
        "get /a#y",
        "get /a#x",
        "get /a#x 2",
        "hook",
        "hook 2",
    ]
    assert [w.id for w in api.webhooks] == ["hook 3"]


def test_a_union_lists_each_variant_once_in_its_order(tmp_path: Path) -> None:
    """References and inline types alike, the union itself left out."""
    ref = {"$ref": "#/components/schemas/A"}
    union = {
        "oneOf": [
            ref,
            {"type": "string"},
            {"$ref": "#/components/schemas/U"},
            {"$ref": "#/components/schemas/B"},
            ref,
            {"type": "string"},
            {"const": {"k": [1]}},
            {"const": {"k": [1]}},
        ]
    }
    schemas = {
        "A": {"type": "object", "properties": {"a": {"type": "string"}}},
        "B": {"type": "object", "properties": {"b": {"type": "string"}}},
        "U": union,
    }
    api = _build(tmp_path, {"paths": {}, "components": {"schemas": schemas}})
    (model,) = [m for m in api.models if m.name == "U"]
    assert isinstance(model, ir.UnionModel)
    assert model.variants == (
        ir.Ref("A"),
        ir.Primitive("string"),
        ir.Ref("B"),
        ir.Const(ir.freeze({"k": [1]})),
    )
