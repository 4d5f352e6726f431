"""`mypy --strict` over generated code: the committed tree and a package using every feature."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import (
    ROOT,
    GenerateFn,
    assert_mypy_strict,
    minimal_spec,
    mypy_strict,
)
from tests.e2e.test_models import PET


def test_committed_generated_tree_passes_mypy_strict() -> None:
    folder = ROOT / "generated"
    packages = sorted(p.name for p in folder.iterdir() if (p / "__init__.py").is_file())
    assert packages
    assert_mypy_strict(folder, *(arg for p in packages for arg in ("-p", p)))


def test_every_feature_passes_mypy_strict(generate: GenerateFn) -> None:
    schemas = {
        "Pet": PET,
        "Kind": {"type": "string", "enum": ["a", "b"]},
        "Level": {"type": "integer", "enum": [1, 2]},
        "Cat": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"const": "cat"}},
        },
        "Dog": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"const": "dog"}},
        },
        "Animal": {
            "oneOf": [
                {"$ref": "#/components/schemas/Cat"},
                {"$ref": "#/components/schemas/Dog"},
            ],
            "discriminator": {"propertyName": "kind"},
        },
        "Json": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"$ref": "#/components/schemas/Json"}},
            ]
        },
        # A union naming itself through a nested inline union (found by fuzzing):
        # flattened, so type checkers see no recursive alias.
        "Nested": {
            "anyOf": [
                {
                    "anyOf": [
                        {"$ref": "#/components/schemas/Nested"},
                        {"type": "string", "enum": ["x"]},
                        {"type": "number"},
                    ]
                },
                {"type": "array", "items": {"type": "string"}},
            ]
        },
        "Everything": {
            "type": "object",
            "required": ["kind", "when", "tags", "no_tags", "no_labels"],
            "additionalProperties": {"type": "integer"},
            "properties": {
                "kind": {"$ref": "#/components/schemas/Kind"},
                "level": {"$ref": "#/components/schemas/Level", "default": 1},
                "when": {"type": "string", "format": "date-time"},
                "day": {"type": ["string", "null"], "format": "date"},
                "id": {"type": "string", "format": "uuid"},
                "blob": {"type": "string", "format": "byte"},
                "price": {"type": "number", "format": "decimal"},
                "animals": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Animal"},
                },
                "by_name": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/components/schemas/Pet"},
                },
                "json": {"$ref": "#/components/schemas/Json"},
                "anything": {},
                "maybe_list": {
                    "type": ["array", "null"],
                    "items": {"type": ["integer", "null"]},
                },
                "inline": {
                    "type": "object",
                    "properties": {"x": {"type": "integer", "default": 3}},
                },
                "mixed": {"type": ["string", "integer"]},
                "tags": {
                    "type": "array",
                    "items": {"type": "string"},
                    "default": ["a"],
                },
                "no_tags": {
                    "type": "array",
                    "items": {"type": "string"},
                    "default": [],
                },
                "no_labels": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "default": {},
                },
                "$weird key": {"type": "string"},
            },
        },
    }
    package = generate(minimal_spec(schemas))
    folder = Path(package.__file__).parent.parent
    assert_mypy_strict(folder, "-p", package.__name__)


def test_a_field_that_may_be_unset_cannot_be_read_through(generate: GenerateFn) -> None:
    # UNSET was an enum member, with .name and .value: mypy accepted
    # "task.data.name" on a "Pet | Unset" field, which read "UNSET" at run time.
    task = {
        "type": "object",
        "properties": {"data": {"$ref": "#/components/schemas/Pet"}},
    }
    package = generate(minimal_spec({"Pet": PET, "Task": task}))
    folder = Path(package.__file__).parent.parent
    name = package.__name__
    (folder / "reads_through.py").write_text(
        f"from {name} import Task\n\n"
        "def pet_name(task: Task) -> str:\n"
        "    return task.data.name\n",
        encoding="utf-8",
    )
    (folder / "narrows.py").write_text(
        f"from {name} import UNSET, Task, Unset\n\n"
        "def pet_name(task: Task) -> str:\n"
        "    if isinstance(task.data, Unset):\n"
        "        return 'none'\n"
        "    return task.data.name\n\n"
        "def pet_id(task: Task) -> int | None:\n"
        "    data = task.data\n"
        "    return None if isinstance(data, Unset) else data.id\n\n"
        "def has_pet(task: Task) -> bool:\n"
        "    return task.data is not UNSET\n",
        encoding="utf-8",
    )
    rejected = mypy_strict(folder, "reads_through.py")
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr
    assert 'Item "Unset" of "Pet | Unset" has no attribute "name"' in rejected.stdout
    assert_mypy_strict(folder, "narrows.py")
    with pytest.raises(AttributeError):
        package.Task.from_dict({}).data.name


def _builtins_group_signatures_read() -> list[str]:
    """The builtins the group classes' bodies read in the probe package (issue 29):
    found, not listed, so that one a template adds is covered here too."""
    import ast

    from generator.python import probe
    from generator.python.name_plan import BUILTINS, plan_names
    from generator.python.reserved import Reserved, _class_reads
    from generator.render.package import render_unformatted

    plan = plan_names(probe.API, Reserved())
    tree = ast.parse(render_unformatted(probe.API, plan)["client.py"])
    groups = {n for g in plan.groups.values() for n in (g.cls, g.async_cls)}
    classes = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name in groups
    ]
    return sorted(_class_reads(classes) & BUILTINS)


def test_methods_named_after_builtins_the_signatures_read(
    generate: GenerateFn,
) -> None:
    # operationIds "float" and "str" named methods that the per-call options'
    # annotations (timeout: float, headers: Mapping[str, str]) then read: 130 mypy
    # errors.  Each builtin the group classes read, as a method with every option.
    names = _builtins_group_signatures_read()
    assert {"float", "str"} <= set(names)
    body = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"a": {"type": "string"}}}
            }
        },
    }
    paths = {
        f"/{name}": {
            "post": {
                "operationId": name,
                "tags": ["things"],
                "servers": [{"url": "https://other.example"}],
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}}
                ],
                "requestBody": body,
                "responses": {"204": {"description": "done"}},
            }
        }
        for name in names
    }
    package = generate(minimal_spec({}, paths=paths))
    operations = vars(package.client.ThingsOperations)
    assert set(names) <= set(operations)
    folder = Path(package.__file__).parent.parent
    assert_mypy_strict(folder, "-p", package.__name__)
