"""Functional tests: generate from small inline specs, import the result and run it."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import importlib
import inspect
import typing
import uuid
from typing import Any

import pytest

from tests.conftest import GenerateFn, minimal_spec

PET = {
    "type": "object",
    "required": ["id", "name", "tag"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "name": {"type": "string"},
        "tag": {"type": ["string", "null"]},
        "nickname": {"type": "string"},
        "owner": {"type": ["string", "null"]},
    },
}


def test_absent_and_null_are_different_and_both_survive(generate: GenerateFn) -> None:
    pkg = generate(minimal_spec({"Pet": PET}))
    payload = {"id": 1, "name": "Rex", "tag": None, "owner": None}
    pet = pkg.Pet.from_dict(payload)
    assert pet.tag is None and pet.owner is None
    assert pet.nickname is pkg.UNSET and not pet.nickname
    assert pet.to_dict() == payload
    assert pkg.Pet(id=2, name="a", tag="t").to_dict() == {
        "id": 2,
        "name": "a",
        "tag": "t",
    }


def test_required_and_type_errors_name_the_path(generate: GenerateFn) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Pet": PET,
                "Shelter": {
                    "type": "object",
                    "properties": {
                        "pets": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Pet"},
                        }
                    },
                },
            }
        )
    )
    with pytest.raises(pkg.DecodeError, match="missing required field 'name'"):
        pkg.Pet.from_dict({"id": 1, "tag": None})
    with pytest.raises(pkg.DecodeError) as caught:
        pkg.Shelter.from_dict(
            {
                "pets": [
                    {"id": 1, "name": "a", "tag": None},
                    {"id": "x", "name": "b", "tag": None},
                ]
            }
        )
    assert str(caught.value) == "at $.pets[1].id: expected an integer, got string"
    with pytest.raises(pkg.DecodeError, match="null is not allowed"):
        pkg.Pet.from_dict({"id": 1, "name": "a", "tag": None, "nickname": None})


@pytest.mark.parametrize(
    "schema, openapi",
    [
        ({"type": "string", "nullable": True}, "3.0.3"),
        ({"type": ["string", "null"]}, "3.1.0"),
        ({"oneOf": [{"type": "string"}, {"type": "null"}]}, "3.1.0"),
        ({"anyOf": [{"type": "null"}, {"type": "string"}]}, "3.1.0"),
        ({"type": "string", "enum": ["a", "b", None]}, "3.1.0"),
        ({"allOf": [{"$ref": "#/components/schemas/Name"}], "nullable": True}, "3.0.3"),
    ],
)
def test_every_spelling_of_nullable(
    generate: GenerateFn, schema: dict[str, Any], openapi: str
) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Name": {"type": "string"},
                "Holder": {
                    "type": "object",
                    "required": ["value"],
                    "properties": {"value": schema},
                },
            },
            openapi=openapi,
        )
    )
    assert pkg.Holder.from_dict({"value": None}).to_dict() == {"value": None}
    decoded = pkg.Holder.from_dict({"value": "a"})
    assert decoded.value == "a" and decoded.to_dict() == {"value": "a"}
    hints = typing.get_type_hints(pkg.Holder, vars(pkg.models))
    assert type(None) in typing.get_args(hints["value"])


def test_a_reference_to_a_null_schema_is_nullability(generate: GenerateFn) -> None:
    """``oneOf: [{$ref: NullObject}, X]`` with ``NullObject: {type: 'null'}`` (as
    Wingspan's spec writes it) is a nullable X, like an inline ``{type: 'null'}``."""
    pkg = generate(
        minimal_spec(
            {
                "NullObject": {"type": "null"},
                "AlsoNull": {"$ref": "#/components/schemas/NullObject"},
                "Labels": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                },
                "Holder": {
                    "type": "object",
                    "required": ["labels", "flag"],
                    "properties": {
                        "labels": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/NullObject"},
                                {"$ref": "#/components/schemas/Labels"},
                            ]
                        },
                        "flag": {
                            "anyOf": [
                                {"$ref": "#/components/schemas/AlsoNull"},
                                {"type": "boolean"},
                            ]
                        },
                        "items": {
                            "type": "array",
                            "items": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/NullObject"},
                                    {"type": "integer"},
                                ]
                            },
                        },
                    },
                },
            }
        )
    )
    hints = typing.get_type_hints(pkg.Holder, vars(pkg.models))
    assert hints["labels"] == dict[str, str] | None
    assert hints["flag"] == bool | None
    assert hints["items"] == list[int | None] | pkg.Unset
    payload = {"labels": None, "flag": True, "items": [1, None]}
    assert pkg.Holder.from_dict(payload).to_dict() == payload
    with pytest.raises(pkg.DecodeError):
        pkg.Holder.from_dict({"labels": None, "flag": "yes"})


def test_all_of_is_flattened_with_base_properties_first(generate: GenerateFn) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Base": {
                    "type": "object",
                    "required": ["a"],
                    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                },
                "Derived": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Base"},
                        {
                            "type": "object",
                            "required": ["c"],
                            "properties": {"c": {"type": "boolean", "default": True}},
                        },
                    ]
                },
            }
        )
    )
    names = [f.name for f in dataclasses.fields(pkg.Derived)]
    assert names[:3] == ["a", "b", "c"]
    derived = pkg.Derived(a="x")
    assert derived.c is True  # a required field with a default needs no argument
    assert derived.to_dict() == {"a": "x", "c": True}


def test_discriminated_union_decodes_by_tag(generate: GenerateFn) -> None:
    def variant(kind: str, extra: str) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, extra: {"type": "string"}},
        }

    pkg = generate(
        minimal_spec(
            {
                "Cat": variant("cat", "purr"),
                "Dog": variant("dog", "bark"),
                "Bird": variant("bird", "song"),
                "Pet": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Cat"},
                        {"$ref": "#/components/schemas/Dog"},
                        {"$ref": "#/components/schemas/Bird"},
                    ],
                    "discriminator": {
                        "propertyName": "kind",
                        "mapping": {"cat": "#/components/schemas/Cat", "dog": "Dog"},
                    },
                },
                "Owner": {
                    "type": "object",
                    "properties": {
                        "pets": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Pet"},
                        }
                    },
                },
            }
        )
    )
    payload = {
        "pets": [
            {"kind": "dog", "purr": "x"},
            {"kind": "cat"},
            {"kind": "Bird", "song": "la"},
        ]
    }
    owner = pkg.Owner.from_dict(payload)
    # Every variant accepts every payload here: only the tag can tell them apart.
    assert [type(p).__name__ for p in owner.pets] == ["Dog", "Cat", "Bird"]
    assert owner.to_dict() == payload


def test_union_without_discriminator_tries_variants_in_order(
    generate: GenerateFn,
) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Point": {
                    "type": "object",
                    "required": ["x"],
                    "properties": {"x": {"type": "number"}},
                },
                "Input": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "items": {"type": "string"}},
                        {"$ref": "#/components/schemas/Point"},
                    ]
                },
                "Request": {
                    "type": "object",
                    "required": ["input"],
                    "properties": {"input": {"$ref": "#/components/schemas/Input"}},
                },
            }
        )
    )
    for value in ("a", ["a", "b"], {"x": 1.5}):
        request = pkg.Request.from_dict({"input": value})
        assert request.to_dict() == {"input": value}
    assert isinstance(pkg.Request.from_dict({"input": {"x": 2}}).input, pkg.Point)
    with pytest.raises(pkg.DecodeError, match="no variant of Input"):
        pkg.Request.from_dict({"input": 3})


def test_enums_are_open(generate: GenerateFn) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Color": {"type": "string", "enum": ["red", "dark-green", "2nd"]},
                "Level": {"type": "integer", "enum": [1, 2, -3]},
                "Paint": {
                    "type": "object",
                    "properties": {
                        "color": {"$ref": "#/components/schemas/Color"},
                        "level": {"$ref": "#/components/schemas/Level"},
                        "finish": {
                            "type": "string",
                            "enum": ["matte", "gloss"],
                            "default": "matte",
                        },
                    },
                },
            }
        )
    )
    assert [m.name for m in pkg.Color] == ["RED", "DARK_GREEN", "VALUE_2ND"]
    assert [m.name for m in pkg.Level] == ["VALUE_1", "VALUE_2", "VALUE_MINUS_3"]
    known = pkg.Paint.from_dict({"color": "red", "level": 2, "finish": "gloss"})
    assert known.color is pkg.Color.RED and known.level is pkg.Level.VALUE_2
    assert (
        known.finish is pkg.models.PaintFinish.GLOSS
    )  # inline enum named from parent and field
    unknown = {"color": "ultraviolet", "level": 99, "finish": "satin"}
    decoded = pkg.Paint.from_dict(unknown)
    assert decoded.color == "ultraviolet" and not isinstance(decoded.color, pkg.Color)
    assert decoded.to_dict() == unknown


def test_const_becomes_a_literal_with_its_value_as_default(
    generate: GenerateFn,
) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Event": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"const": "ping"}, "n": {"type": "integer"}},
                }
            }
        )
    )
    assert pkg.Event().to_dict() == {"type": "ping"}
    with pytest.raises(pkg.DecodeError, match="expected 'ping'"):
        pkg.Event.from_dict({"type": "pong"})
    hints = typing.get_type_hints(pkg.Event, vars(pkg.models))
    assert hints["type"] == typing.Literal["ping"]


def test_list_and_map_defaults_are_fresh_for_each_instance(
    generate: GenerateFn,
) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Box": {
                    "type": "object",
                    "required": ["empty", "tags", "labels"],
                    "properties": {
                        "empty": {
                            "type": "array",
                            "items": {"type": "string"},
                            "default": [],
                        },
                        "tags": {
                            "type": "array",
                            "items": {"type": "string"},
                            "default": ["a"],
                        },
                        "labels": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                            "default": {},
                        },
                    },
                }
            }
        )
    )
    first, second = pkg.Box(), pkg.Box()
    assert (first.empty, first.tags, first.labels) == ([], ["a"], {})
    first.empty.append("x")
    first.tags.append("b")
    first.labels["k"] = "v"
    assert (second.empty, second.tags, second.labels) == ([], ["a"], {})
    source = inspect.getsource(pkg.models.Box)
    assert "default_factory=list)" in source and "default_factory=dict)" in source
    assert pkg.Box().to_dict() == {"empty": [], "tags": ["a"], "labels": {}}


def test_formats_decode_to_python_types_and_back(generate: GenerateFn) -> None:
    properties = {
        "at": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "id": {"type": "string", "format": "uuid"},
        "blob": {"type": "string", "format": "byte"},
        "raw": {"type": "string", "format": "binary"},
        "big": {"type": "integer", "format": "int64"},
        "price": {"type": "string", "format": "decimal"},
        "amount": {"type": "number", "format": "decimal"},
        "anything": {},
    }
    pkg = generate(
        minimal_spec(
            {
                "Record": {
                    "type": "object",
                    "required": list(properties),
                    "properties": properties,
                }
            }
        )
    )
    payload = {
        "at": "2025-01-02T03:04:05Z",
        "day": "2025-01-02",
        "id": "12345678-1234-5678-1234-567812345678",
        "blob": "aGVsbG8=",
        "raw": "AAE=",
        "big": 2**62,
        "price": "10.25",
        "amount": 3.5,
        "anything": {"nested": [1, None]},
    }
    record = pkg.Record.from_dict(payload)
    assert record.at == datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert record.day == datetime.date(2025, 1, 2)
    assert record.id == uuid.UUID(payload["id"])
    assert record.blob == b"hello" and record.raw == b"\x00\x01"
    assert record.price == decimal.Decimal(
        "10.25"
    ) and record.amount == decimal.Decimal("3.5")
    assert record.anything == {"nested": [1, None]}
    assert record.to_dict() == payload


def test_maps_and_unknown_keys(generate: GenerateFn) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Open": {"type": "object", "properties": {"a": {"type": "string"}}},
                "Closed": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"a": {"type": "string"}},
                },
                "Typed": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}},
                    "additionalProperties": {"type": "string", "format": "date"},
                },
                "Scores": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                },
                "Holder": {
                    "type": "object",
                    "properties": {"scores": {"$ref": "#/components/schemas/Scores"}},
                },
            }
        )
    )
    assert pkg.Open.from_dict({"a": "x", "extra": [1]}).to_dict() == {
        "a": "x",
        "extra": [1],
    }
    assert pkg.Closed.from_dict({"a": "x", "extra": 1}).to_dict() == {"a": "x"}
    # "Typed" would give a twin named TypedDict, a name the package imports.
    typed = pkg.TypedModel.from_dict({"a": "x", "d": "2020-01-01"})
    assert typed.additional_properties == {"d": datetime.date(2020, 1, 1)}
    assert typed.to_dict() == {"a": "x", "d": "2020-01-01"}
    assert pkg.Holder.from_dict({"scores": {"x": 1}}).scores == {"x": 1}
    with pytest.raises(pkg.DecodeError, match=r"\$\.scores\.x: expected an integer"):
        pkg.Holder.from_dict({"scores": {"x": "1"}})


def test_recursive_and_mutually_recursive_schemas(generate: GenerateFn) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Node": {
                    "type": "object",
                    "required": ["children"],
                    "properties": {
                        "children": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Node"},
                        },
                        "partner": {"$ref": "#/components/schemas/Other"},
                    },
                },
                "Other": {
                    "type": "object",
                    "properties": {"back": {"$ref": "#/components/schemas/Node"}},
                },
                "Json": {
                    "anyOf": [
                        {"type": "string"},
                        {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Json"},
                        },
                    ]
                },
            }
        )
    )
    payload = {"children": [{"children": [], "partner": {"back": {"children": []}}}]}
    assert pkg.Node.from_dict(payload).to_dict() == payload
    assert pkg.models._decode_Json(["a", ["b", []]]) == ["a", ["b", []]]


def test_refs_across_files_with_pointer_escapes(
    generate: GenerateFn, tmp_path: Any
) -> None:
    spec = minimal_spec(
        {
            "Local": {
                "type": "object",
                "properties": {
                    "shared": {"$ref": "common.json#/components/schemas/Shared"},
                    "slashed": {"$ref": "#/components/schemas/a~1b"},
                    "tilde": {"$ref": "#/components/schemas/c~0d"},
                },
            },
            "a/b": {"type": "object", "properties": {"x": {"type": "string"}}},
            "c~d": {"type": "integer"},
        }
    )
    common = minimal_spec(
        {"Shared": {"type": "object", "properties": {"y": {"type": "integer"}}}}
    )
    (tmp_path / "case0").mkdir()
    (tmp_path / "case0" / "common.json").write_text(__import__("json").dumps(common))
    pkg = generate(spec)
    payload = {"shared": {"y": 1}, "slashed": {"x": "s"}, "tilde": 3}
    local = pkg.Local.from_dict(payload)
    assert (
        type(local.shared).__name__ == "Shared" and type(local.slashed).__name__ == "AB"
    )
    assert local.to_dict() == payload


def test_a_ref_to_a_whole_file_may_end_in_a_slash(
    generate: GenerateFn, tmp_path: Any
) -> None:
    # ``file#/`` names the member "" by RFC 6901; JSON Schema tools (and specs
    # written for them) mean the whole file.  A member "" is still found first.
    spec = minimal_spec(
        {
            "Local": {
                "type": "object",
                "properties": {
                    "whole": {"$ref": "shared.json#/"},
                    "empty_key": {"$ref": "keyed.json#/"},
                },
            },
        }
    )
    shared = {"type": "object", "properties": {"y": {"type": "integer"}}}
    keyed = {"": {"type": "string"}, "type": "object"}
    (tmp_path / "case0").mkdir()
    (tmp_path / "case0" / "shared.json").write_text(__import__("json").dumps(shared))
    (tmp_path / "case0" / "keyed.json").write_text(__import__("json").dumps(keyed))
    pkg = generate(spec)
    local = pkg.Local.from_dict({"whole": {"y": 1}, "empty_key": "text"})
    assert local.whole.y == 1 and local.empty_key == "text"
    assert local.to_dict() == {"whole": {"y": 1}, "empty_key": "text"}


def test_hostile_names_become_valid_distinct_identifiers(generate: GenerateFn) -> None:
    properties = {
        name: {"type": "string"}
        for name in [
            "class",
            "from",
            "list",
            "str",
            "2fa",
            "héllo",
            "a-b",
            "a_b",
            "aB",
            "",
            "self",
            "to_dict",
            "_",
        ]
    }
    schemas = {
        "class": {"type": "object", "properties": properties},
        "Client": {"type": "object", "properties": {"x": {"type": "string"}}},
        "UNSET": {"type": "string"},
        "Any": {"type": "object"},
        "2nd model": {"type": "object", "properties": {}},
        "ünïcode": {"type": "object", "properties": {}},
        "ClientDict": {"type": "integer"},
    }
    pkg = generate(minimal_spec(schemas))
    names = set(pkg.models.__all__)
    assert {
        "Class",
        "ClientModel",
        "UNSETModel",
        "AnyModel",
        "Model2ndModel",
        "Unicode",
        "ClientDict",
    } <= names
    fields = {f.name for f in dataclasses.fields(pkg.models.Class)}
    assert (
        all(name.isidentifier() for name in fields)
        and len(fields) == len(properties) + 1
    )
    assert {
        "class_",
        "from_",
        "list_",
        "str_",
        "field_2fa",
        "hello",
        "self_",
        "to_dict_",
    } <= fields
    payload = {key: key + "!" for key in properties}
    assert pkg.models.Class.from_dict(payload).to_dict() == payload


def test_collisions_are_resolved_the_same_whatever_the_input_order(
    generate: GenerateFn,
) -> None:
    schemas = {
        "foo-bar": {"type": "object", "properties": {"x": {"type": "string"}}},
        "foo_bar": {"type": "object", "properties": {"y": {"type": "string"}}},
        "FooBar": {"type": "object", "properties": {"z": {"type": "string"}}},
    }
    first = generate(minimal_spec(schemas))
    second = generate(minimal_spec(dict(reversed(list(schemas.items())))))
    for pkg in (first, second):
        assert [f.name for f in dataclasses.fields(pkg.models.FooBar)][0] == "z"
        assert [f.name for f in dataclasses.fields(pkg.models.FooBar2)][0] == "x"
        assert [f.name for f in dataclasses.fields(pkg.models.FooBar3)][0] == "y"


def test_hostile_text_stays_text(generate: GenerateFn) -> None:
    evil = 'x"""\nimport os; os.system("echo pwned")\n"""\\'
    pkg = generate(
        minimal_spec(
            {
                "Evil": {
                    "type": "object",
                    "description": evil + "\u2028\x00{{ x }}{% if %}#",
                    "required": ["v"],
                    "properties": {
                        "v": {
                            "type": "string",
                            "description": evil,
                            "default": evil,
                            "enum": [evil, "'''"],
                        },
                        evil: {"type": "string", "description": "'''"},
                    },
                }
            }
        )
    )
    doc = inspect.getdoc(pkg.Evil)
    # The text stays text; characters a terminal or editor would act on (a line
    # separator, NUL) are shown as their escapes (generator/text.py).
    assert doc is not None and doc.startswith(
        'x"""\nimport os; os.system("echo pwned")\n"""\\\\u2028\\x00{{ x }}'
    )
    evil_value = pkg.models.EvilV(evil)
    assert pkg.Evil().v == evil_value and pkg.Evil().to_dict() == {"v": evil}
    assert pkg.Evil.from_dict({"v": "'''", evil: "e"}).to_dict() == {
        "v": "'''",
        evil: "e",
    }


def test_typed_dicts_describe_the_wire(generate: GenerateFn) -> None:
    pkg = generate(
        minimal_spec(
            {
                "Pet": PET,
                "Weird": {
                    "type": "object",
                    "required": ["$ref"],
                    "properties": {
                        "$ref": {"type": "string"},
                        "class": {"type": "integer"},
                        "str": {"type": "string"},
                    },
                },
                "Kind": {"type": "string", "enum": ["a", "b"]},
            }
        )
    )
    td = importlib.import_module(pkg.__name__ + ".typeddicts")
    hints = typing.get_type_hints(td.PetDict, include_extras=True)
    assert hints["id"] is int
    assert typing.get_origin(hints["nickname"]) is typing.NotRequired
    assert hints["tag"] == str | None
    assert td.PetDict.__required_keys__ == frozenset({"id", "name", "tag"})
    assert td.WeirdDict.__required_keys__ == frozenset({"$ref"})
    assert td.WeirdDict.__optional_keys__ == frozenset({"class", "str"})
    assert typing.get_args(td.KindDict) == ("a", "b")


def test_models_record_their_source_pointer(generate: GenerateFn) -> None:
    import json
    import tempfile
    from pathlib import Path

    from generator.openapi import build_api

    spec = minimal_spec(
        {
            "Order": {
                "type": "object",
                "properties": {
                    "line": {
                        "type": "object",
                        "deprecated": True,
                        "properties": {"sku": {"type": "string", "readOnly": True}},
                    },
                    "items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"q": {"type": "integer", "minimum": 1}},
                        },
                    },
                },
            }
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        path.write_text(json.dumps(spec))
        api = build_api(path)
    sources = {m.name: m.source for m in api.models}
    assert sources == {
        "Order": "#/components/schemas/Order",
        "OrderLine": "#/components/schemas/Order/properties/line",
        "OrderItemsItem": "#/components/schemas/Order/properties/items/items",
    }
    line = api.model("OrderLine")
    assert line.deprecated and line.fields[0].read_only  # type: ignore[union-attr]
    assert api.model("OrderItemsItem").fields[0].constraints.minimum == 1  # type: ignore[union-attr]


def test_the_30_and_31_spellings_of_a_spec_generate_the_same_code(
    tmp_path: Any,
) -> None:
    """openapi-python-client's habit: one API written both ways gives one tree."""
    from pathlib import Path

    from generator.cli.config import Target
    from generator.cli.pipeline import render

    def spec(version: str) -> dict[str, Any]:
        def nullable(schema: dict[str, Any]) -> dict[str, Any]:
            if version.startswith("3.0"):
                return {**schema, "nullable": True}
            return {**schema, "type": [schema["type"], "null"]}

        return minimal_spec(
            {
                "Pet": {
                    "type": "object",
                    "required": ["name", "tag"],
                    "properties": {
                        "name": {"type": "string"},
                        "tag": nullable({"type": "string"}),
                        "age": nullable({"type": "integer", "minimum": 0}),
                        "ids": {
                            "type": "array",
                            "items": nullable({"type": "integer"}),
                        },
                    },
                }
            },
            openapi=version,
        )

    trees = []
    for version in ("3.0.3", "3.1.0"):
        path = Path(tmp_path) / f"{version}.json"
        path.write_text(__import__("json").dumps(spec(version)))
        _, files = render(
            Target(name="t", spec=path, docs=(), out=Path(tmp_path), package="p")
        )
        # The header names the document and its hash: everything after it must match.
        trees.append(
            {
                name: text.split("\n", 2)[2]
                for name, text in files.items()
                if text.startswith("# Generated by specgen from")
            }
        )
    assert trees[0] == trees[1]


def test_an_untyped_field_admits_null(generate: GenerateFn) -> None:
    """`{}` admits every JSON value, null included: null survives, absent stays absent."""
    pkg = generate(
        minimal_spec(
            {"Call": {"type": "object", "properties": {"anything": {}, "flag": True}}}
        )
    )
    for payload in ({"anything": None, "flag": None}, {"anything": {"a": [1]}}, {}):
        assert pkg.Call.from_dict(payload).to_dict() == payload


# -- issue 29: round trips that lost data ----------------------------------------


def _closed(props: dict[str, Any], required: list[str] = []) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
    }


def test_a_union_member_that_would_drop_keys_does_not_match(
    generate: GenerateFn,
) -> None:
    # {"v": {"b": 1}} decoded as A(a=UNSET) and came back as {"v": {}}.
    schemas = {
        "A": _closed({"a": {"type": "integer"}}),
        "B": _closed({"b": {"type": "integer"}}, ["b"]),
        "Holder": {
            "type": "object",
            "properties": {
                "v": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/A"},
                        {"$ref": "#/components/schemas/B"},
                    ]
                },
                "w": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/A"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
                        {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                    ]
                },
            },
        },
    }
    pkg = generate(minimal_spec(schemas))
    for payload in (
        {"v": {"b": 1}},
        {"v": {"a": 1}},
        {"v": {}},
        {"w": [{"b": 2}, {"b": 3}]},
        {"w": [{"a": 2}]},
        {"w": {"a": 2}},
    ):
        assert pkg.Holder.from_dict(payload).to_dict() == payload
    assert isinstance(pkg.Holder.from_dict({"v": {"b": 1}}).v, pkg.B)
    assert isinstance(pkg.Holder.from_dict({"v": {}}).v, pkg.A)  # both hold it: first
    # A payload no member holds still decodes as the first that reads it.
    assert isinstance(pkg.Holder.from_dict({"v": {"a": 1, "c": 2}}).v, pkg.A)


def test_a_discriminator_without_mapping_reads_the_members_tag_values(
    generate: GenerateFn,
) -> None:
    # OpenAI's ChunkingStrategyRequestParam: tags "auto" and "static" are the
    # members' enum/const values, not their component names.  Auto keeps extra keys,
    # so it would hold a static payload too: only the tag tells them apart.
    schemas = {
        "Auto": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"type": "string", "enum": ["auto"]}},
        },
        "Static": _closed(
            {
                "type": {"type": "string", "const": "static"},
                "static": _closed({"max": {"type": "integer"}}, ["max"]),
            },
            ["type", "static"],
        ),
        "Strategy": {
            "oneOf": [
                {"$ref": "#/components/schemas/Auto"},
                {"$ref": "#/components/schemas/Static"},
            ],
            "discriminator": {"propertyName": "type"},
        },
        "Holder": {
            "type": "object",
            "properties": {"s": {"$ref": "#/components/schemas/Strategy"}},
        },
    }
    pkg = generate(minimal_spec(schemas))
    payload = {"s": {"type": "static", "static": {"max": 800}}}
    holder = pkg.Holder.from_dict(payload)
    assert isinstance(holder.s, pkg.Static)
    assert holder.to_dict() == payload
    assert isinstance(pkg.Holder.from_dict({"s": {"type": "auto"}}).s, pkg.Auto)


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01T12:00:00.123456789Z",  # Go, Java, Kubernetes: nanoseconds
        "2024-05-01T12:00:00.1234567+02:00",
        "2024-05-01t12:00:00z",  # RFC 3339 allows lower case
        "2016-12-31T23:59:60Z",  # a leap second
        "2016-12-31T23:59:60.5-01:00",
        "2024-05-01T12:00:00+00:00",
        "2024-05-01T12:00:00.100Z",
    ],
)
def test_date_times_round_trip_as_written(generate: GenerateFn, text: str) -> None:
    schemas = {
        "Event": {
            "type": "object",
            "properties": {
                "at": {"type": "string", "format": "date-time"},
                "all": {
                    "type": "array",
                    "items": {"type": "string", "format": "date-time"},
                },
            },
        }
    }
    pkg = generate(minimal_spec(schemas))
    payload = {"at": text, "all": [text]}
    event = pkg.Event.from_dict(payload)
    assert isinstance(event.at, datetime.datetime)
    assert event.to_dict() == payload
