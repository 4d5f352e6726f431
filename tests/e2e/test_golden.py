"""Golden snapshot: regenerating every configured target reproduces generated/ byte for byte.

To update after an intended change: run `specgen generate` at the repository root,
then review `git diff generated/` like any other code change before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli.config import Overrides, Target, resolve_targets
from generator.cli.pipeline import render
from generator.write.tree import MANIFEST
from tests.conftest import ROOT

TARGETS = resolve_targets(Overrides(), ROOT)


def _files_on_disk(package_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(package_dir.parent).as_posix(): path.read_bytes()
        for path in sorted(package_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.name != MANIFEST
    }


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_generated_tree_matches_a_fresh_generation(target: Target) -> None:
    _, files = render(target)
    expected = {name: text.encode("utf-8") for name, text in files.items()}
    actual = _files_on_disk(target.out / target.package)
    assert sorted(actual) == sorted(
        expected
    ), "files differ: run `specgen generate` and review the diff"
    for name in expected:
        assert (
            actual[name] == expected[name]
        ), f"{name} is stale: run `specgen generate` and review the diff"
    manifest = json.loads((target.out / target.package / MANIFEST).read_text())
    assert manifest == sorted(expected)


def test_the_atoma_models_carry_every_property_of_every_schema() -> None:
    import yaml

    spec = yaml.safe_load((ROOT / "spec" / "atoma-openapi.yaml").read_text())
    schemas = spec["components"]["schemas"]
    atoma = next(t for t in TARGETS if t.name == "atoma")
    from generator import ir
    from generator.cli.pipeline import load_api

    api = load_api(atoma)

    def flattened(schema: dict) -> tuple[dict, set]:  # type: ignore[type-arg]
        properties: dict = {}  # type: ignore[type-arg]
        required: set = set()  # type: ignore[type-arg]
        for member in schema.get("allOf", []):
            if "$ref" in member:
                member = schemas[member["$ref"].rsplit("/", 1)[1]]
            member_properties, member_required = flattened(member)
            properties.update(member_properties)
            required |= member_required
        properties.update(schema.get("properties", {}))
        required |= set(schema.get("required", []))
        return properties, required

    for key, schema in schemas.items():
        model = api.model(key)
        properties, required = flattened(schema)
        if not properties:
            continue
        assert isinstance(model, ir.ObjectModel)
        assert [f.name for f in model.fields] == list(properties), key
        for field in model.fields:
            prop = properties[field.name]
            assert field.required == (field.name in required), (key, field.name)
            types = (
                prop["type"]
                if isinstance(prop.get("type"), list)
                else [prop.get("type")]
            )
            branches = prop.get("oneOf", []) + prop.get("anyOf", [])
            untyped = not (
                set(prop)
                & {
                    "type",
                    "$ref",
                    "allOf",
                    "oneOf",
                    "anyOf",
                    "enum",
                    "const",
                    "items",
                    "properties",
                }
            )
            spelled_nullable = (
                untyped
                or prop.get("nullable") is True
                or "null" in types
                or any(b.get("type") == "null" for b in branches)
            )
            assert field.nullable == spelled_nullable, (key, field.name)
    stream = api.model("CreateChatCompletionStreamRequest")
    assert isinstance(stream, ir.ObjectModel) and len(stream.fields) == 18
    assert {f.name for f in stream.fields if f.required} == {
        "messages",
        "model",
        "stream",
    }
