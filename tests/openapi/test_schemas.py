"""``generator.openapi.schemas``: JSON Schema to IR models, read on small documents.

Each test reads a few component schemas and checks the exact IR the converter made
of them: which schemas become models and under which names, each field's type,
required and nullable, and where a broken schema is reported.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import pytest

from generator import ir
from generator.openapi import build_api
from tests.conftest import minimal_spec
from tests.inline import (
    api_from,
    converter_for,
    fields_by_name,
    models_by_name,
    spec_error,
)

STRING = ir.Primitive("string")
INTEGER = ir.Primitive("integer")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


OTHERS = {
    "Other": {"type": "object", "properties": {}},
    "Nothing": {"type": "null"},
}
"""Schemas the tests' references may point at, in every document ``_models`` reads."""


def _models(
    tmp_path: Path, schemas: dict[str, Any], **extra: Any
) -> dict[str, ir.Model]:
    """The models of a document with these component schemas (and ``OTHERS``)."""
    spec = minimal_spec({**OTHERS, **schemas}, **extra)
    models = models_by_name(api_from(tmp_path, spec))
    return {n: m for n, m in models.items() if n not in OTHERS}


def _fields(
    tmp_path: Path,
    properties: dict[str, Any],
    required: list[str] | None = None,
    **extra: Any,
) -> dict[str, ir.Field]:
    """The fields of one object schema ``Thing`` with these properties."""
    schema = {"type": "object", "properties": properties, "required": required or []}
    return fields_by_name(_models(tmp_path, {"Thing": schema}, **extra)["Thing"])


# -- the converter itself -------------------------------------------------------


def test_type_of_an_inline_schema_makes_no_model(tmp_path: Path) -> None:
    converter, top = converter_for(tmp_path, minimal_spec({"Y": {"type": "object"}}))
    where = top.child("x")
    assert converter.type_of(
        where, {"type": "array", "items": {"type": "integer", "nullable": True}}
    ) == (ir.ListOf(ir.NullOr(INTEGER)), False)
    assert converter.type_of(where, {"type": ["integer", "null"]}) == (INTEGER, True)
    # An untyped schema, and `true`, admit every value, null included.
    assert converter.type_of(where, {}) == (ir.AnyType(), True)
    assert converter.type_of(where, True) == (ir.AnyType(), True)
    assert converter.drafts == {}


def test_a_reference_is_keyed_on_its_target_until_finish_names_it(
    tmp_path: Path,
) -> None:
    converter, top = converter_for(
        tmp_path, minimal_spec({"Y": {"type": "object", "properties": {}}})
    )
    key = f"{tmp_path.resolve() / 'spec.json'}#/components/schemas/Y"
    assert converter.type_of(top.child("x"), _ref("Y")) == (ir.Ref(key), False)
    assert converter.model_for(top.child("components", "schemas", "Y")) == ir.Ref(key)
    assert list(converter.drafts) == [key]
    (model,) = converter.finish()
    assert model == ir.ObjectModel(
        name="Y", source="#/components/schemas/Y", fields=(), extra_fields=ir.AnyType()
    )


# -- required and nullable ----------------------------------------------------------


def test_required_and_nullable_are_independent_in_openapi_3_0(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path,
        {
            "id": {"type": "integer", "format": "int64"},
            "name": {"type": "string", "nullable": True},
            "tag": {"type": "string", "nullable": True},
            "note": {"type": "string"},
        },
        required=["id", "name"],
        openapi="3.0.3",
    )
    facts = {n: (f.type, f.required, f.nullable) for n, f in fields.items()}
    assert facts == {
        "id": (ir.Primitive("integer", "int64"), True, False),
        "name": (STRING, True, True),
        "tag": (STRING, False, True),
        "note": (STRING, False, False),
    }


def test_every_openapi_3_1_spelling_of_null(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path,
        {
            "list": {"type": ["string", "null"]},
            "one_of": {"oneOf": [_ref("Other"), {"type": "null"}]},
            "any_of": {"anyOf": [{"type": "null"}, {"type": "integer"}]},
            "null_ref": {"oneOf": [_ref("Nothing"), {"type": "string"}]},
            "enum": {"type": ["string", "null"], "enum": ["a", None]},
            "plain": {"type": "string"},
        },
    )
    assert {n: (f.type, f.nullable) for n, f in fields.items() if n != "enum"} == {
        "list": (STRING, True),
        "one_of": (ir.Ref("Other"), True),
        "any_of": (INTEGER, True),
        "null_ref": (STRING, True),
        "plain": (STRING, False),
    }
    assert fields["enum"].type == ir.Ref("ThingEnum")
    assert fields["enum"].nullable is True


def test_a_nullable_reference_admits_null_where_it_is_used(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Maybe": {"type": ["string", "null"]},
            "Holder": {"type": "object", "properties": {"m": _ref("Maybe")}},
        },
    )
    assert models["Maybe"] == ir.AliasModel(
        name="Maybe", source="#/components/schemas/Maybe", nullable=True, target=STRING
    )
    (field,) = fields_by_name(models["Holder"]).values()
    assert (field.type, field.nullable) == (ir.Ref("Maybe"), True)


# -- enums and const ------------------------------------------------------------------


def test_string_and_integer_enums_keep_each_value_once_in_order(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Color": {"type": "string", "enum": ["red", "green", "red", "dark blue"]},
            "Level": {"type": "integer", "enum": [3, 1, 2, 1]},
        },
    )
    assert models["Color"] == ir.EnumModel(
        name="Color",
        source="#/components/schemas/Color",
        value_type="string",
        values=("red", "green", "dark blue"),
    )
    assert models["Level"] == ir.EnumModel(
        name="Level",
        source="#/components/schemas/Level",
        value_type="integer",
        values=(3, 1, 2),
    )


def test_null_in_an_enum_makes_it_nullable_not_a_value(tmp_path: Path) -> None:
    models = _models(tmp_path, {"Size": {"enum": ["s", None, "m"]}})
    size = models["Size"]
    assert isinstance(size, ir.EnumModel)
    assert (size.values, size.nullable) == (("s", "m"), True)


def test_an_enum_of_mixed_types_is_a_union_of_constants(tmp_path: Path) -> None:
    models = _models(
        tmp_path, {"Mixed": {"enum": ["a", 1, None]}, "Flag": {"enum": [True, False]}}
    )
    assert models["Mixed"] == ir.UnionModel(
        name="Mixed",
        source="#/components/schemas/Mixed",
        nullable=True,
        variants=(ir.Const("a"), ir.Const(1)),
    )
    flag = models["Flag"]
    assert isinstance(flag, ir.UnionModel)
    assert flag.variants == (ir.Const(True), ir.Const(False))


def test_const_is_a_constant_type(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path, {"kind": {"const": "pet"}, "nothing": {"const": None}}, ["kind"]
    )
    assert (fields["kind"].type, fields["kind"].nullable) == (ir.Const("pet"), False)
    assert (fields["nothing"].type, fields["nothing"].nullable) == (
        ir.Const(None),
        True,
    )
    models = _models(tmp_path, {"Three": {"const": 3}})
    assert models["Three"] == ir.AliasModel(
        name="Three", source="#/components/schemas/Three", target=ir.Const(3)
    )


def test_an_inline_enum_becomes_a_model_named_after_its_field(tmp_path: Path) -> None:
    fields = _fields(tmp_path, {"status": {"type": "string", "enum": ["open"]}})
    assert fields["status"].type == ir.Ref("ThingStatus")


# -- allOf ------------------------------------------------------------------------------


def test_all_of_is_flattened_base_first_and_without_a_parent(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "kind": {"type": "string"}},
            },
            "Child": {
                "allOf": [
                    _ref("Base"),
                    {
                        "type": "object",
                        "required": ["extra"],
                        "properties": {
                            "extra": {"type": "boolean"},
                            "kind": {"const": "child"},
                        },
                    },
                ]
            },
        },
    )
    child = models["Child"]
    assert isinstance(child, ir.ObjectModel)
    assert [(f.name, f.type, f.required) for f in child.fields] == [
        ("id", STRING, True),
        ("kind", ir.Const("child"), False),
        ("extra", ir.Primitive("boolean"), True),
    ]
    # Without a discriminator anywhere, allOf only merges: no hierarchy.
    assert (child.parent, child.discriminator) == (None, None)


def test_all_of_members_may_require_each_others_properties(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Mix": {
                "allOf": [
                    {"type": "object", "properties": {"a": {"type": "string"}}},
                    {"type": "object", "required": ["a"], "properties": {"b": {}}},
                ]
            }
        },
    )
    fields = fields_by_name(models["Mix"])
    assert [(n, f.required) for n, f in fields.items()] == [("a", True), ("b", False)]


def test_all_of_with_a_discriminator_is_inheritance(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Pet": {
                "type": "object",
                "required": ["petType"],
                "properties": {"petType": {"type": "string"}},
                "discriminator": {"propertyName": "petType", "mapping": {"dog": "Dog"}},
            },
            "Dog": {
                "allOf": [_ref("Pet"), {"properties": {"bark": {"type": "boolean"}}}]
            },
            "Cat": {"allOf": [_ref("Pet")]},
        },
    )
    pet, dog, cat = models["Pet"], models["Dog"], models["Cat"]
    assert isinstance(pet, ir.ObjectModel) and isinstance(dog, ir.ObjectModel)
    assert isinstance(cat, ir.AliasModel)  # allOf of one reference is that reference
    assert dog.parent == "Pet"
    assert pet.discriminator == ir.Discriminator(
        "petType", (("dog", "Dog"), ("Pet", "Pet"))
    )


# -- unions -------------------------------------------------------------------------------


def _pets(discriminator: dict[str, Any] | None, tagged: bool = True) -> dict[str, Any]:
    """Cat and Dog in a oneOf; with *tagged*, each member's ``kind`` is a const."""
    union: dict[str, Any] = {"oneOf": [_ref("Cat"), _ref("Dog")]}
    if discriminator is not None:
        union["discriminator"] = discriminator

    def kind(value: str) -> dict[str, Any]:
        return {"const": value} if tagged else {"type": "string"}

    return {
        "Cat": {"type": "object", "properties": {"kind": kind("cat")}},
        "Dog": {"type": "object", "properties": {"kind": kind("dog")}},
        "Pet": union,
    }


def test_one_of_without_a_discriminator(tmp_path: Path) -> None:
    pet = _models(tmp_path, _pets(None))["Pet"]
    assert pet == ir.UnionModel(
        name="Pet",
        source="#/components/schemas/Pet",
        variants=(ir.Ref("Cat"), ir.Ref("Dog")),
    )


def test_a_discriminator_without_mapping_tags_by_component_name(tmp_path: Path) -> None:
    pet = _models(tmp_path, _pets({"propertyName": "kind"}, tagged=False))["Pet"]
    assert isinstance(pet, ir.UnionModel)
    assert pet.discriminator == ir.Discriminator(
        "kind", (("Cat", "Cat"), ("Dog", "Dog"))
    )


def test_a_discriminator_without_mapping_reads_each_members_const_tag(
    tmp_path: Path,
) -> None:
    pet = _models(tmp_path, _pets({"propertyName": "kind"}))["Pet"]
    assert isinstance(pet, ir.UnionModel)
    assert pet.discriminator == ir.Discriminator(
        "kind", (("cat", "Cat"), ("dog", "Dog"))
    )


def test_an_explicit_mapping_comes_first_then_the_implicit_names(
    tmp_path: Path,
) -> None:
    pet = _models(
        tmp_path,
        _pets(
            {"propertyName": "kind", "mapping": {"kitty": "#/components/schemas/Cat"}},
            tagged=False,
        ),
    )["Pet"]
    assert isinstance(pet, ir.UnionModel)
    assert pet.discriminator == ir.Discriminator(
        "kind", (("kitty", "Cat"), ("Dog", "Dog"))
    )


def test_any_of_with_null_is_a_nullable_union(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Cat": {"type": "object", "properties": {}},
            "Either": {"anyOf": [_ref("Cat"), {"type": "string"}, {"type": "null"}]},
        },
    )
    assert models["Either"] == ir.UnionModel(
        name="Either",
        source="#/components/schemas/Either",
        nullable=True,
        variants=(ir.Ref("Cat"), STRING),
    )


def test_nested_inline_unions_are_spliced_into_one(tmp_path: Path) -> None:
    inner = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    models = _models(
        tmp_path,
        {
            "Thing": {
                "type": "object",
                "properties": {"v": {"anyOf": [inner, {"type": "boolean"}]}},
            }
        },
    )
    assert fields_by_name(models["Thing"])["v"].type == ir.Ref("ThingV")
    assert models["ThingV"] == ir.UnionModel(
        name="ThingV",
        source="#/components/schemas/Thing/properties/v",
        variants=(STRING, INTEGER, ir.Primitive("boolean")),
    )
    assert set(models) == {"Thing", "ThingV"}


def test_a_multi_typed_schema_is_a_union_of_its_types(tmp_path: Path) -> None:
    models = _models(tmp_path, {"Id": {"type": ["string", "integer", "null"]}})
    assert models["Id"] == ir.UnionModel(
        name="Id",
        source="#/components/schemas/Id",
        nullable=True,
        variants=(STRING, INTEGER),
    )


def test_a_one_member_wrapper_is_its_member(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path,
        {
            "wrapped": {"allOf": [_ref("Other")], "description": "Just Other."},
            "maybe": {"anyOf": [_ref("Other"), {"type": "null"}]},
        },
    )
    assert (fields["wrapped"].type, fields["wrapped"].nullable) == (
        ir.Ref("Other"),
        False,
    )
    assert fields["wrapped"].description == "Just Other."
    assert (fields["maybe"].type, fields["maybe"].nullable) == (ir.Ref("Other"), True)


# -- maps and extra keys ------------------------------------------------------------------


def test_additional_properties(tmp_path: Path) -> None:
    props = {"a": {"type": "string"}}
    models = _models(
        tmp_path,
        {
            "Default": {"type": "object", "properties": props},
            "Open": {
                "type": "object",
                "properties": props,
                "additionalProperties": True,
            },
            "Closed": {
                "type": "object",
                "properties": props,
                "additionalProperties": False,
            },
            "Typed": {
                "type": "object",
                "properties": props,
                "additionalProperties": {"type": "integer", "nullable": True},
            },
        },
    )
    extras = {
        name: model.extra_fields
        for name, model in models.items()
        if isinstance(model, ir.ObjectModel) and name != "Other"
    }
    assert extras == {
        "Default": ir.AnyType(),
        "Open": ir.AnyType(),
        "Closed": None,
        "Typed": ir.NullOr(INTEGER),
    }


def test_an_object_without_properties_is_a_map(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Names": {"type": "object", "additionalProperties": {"type": "string"}},
            "Nested": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {"v": {"type": "string"}},
                },
            },
        },
    )
    assert models["Names"] == ir.AliasModel(
        name="Names", source="#/components/schemas/Names", target=ir.MapOf(STRING)
    )
    nested = models["Nested"]
    assert isinstance(nested, ir.AliasModel)
    assert nested.target == ir.MapOf(ir.Ref("NestedValue"))
    assert models["NestedValue"].source == (
        "#/components/schemas/Nested/additionalProperties"
    )
    fields = _fields(
        tmp_path,
        {
            "counts": {"additionalProperties": {"type": ["integer", "null"]}},
            "free": {"type": "object"},
        },
    )
    assert fields["counts"].type == ir.MapOf(ir.NullOr(INTEGER))
    assert fields["free"].type == ir.MapOf(ir.AnyType())


# -- arrays and tuples --------------------------------------------------------------------


def test_arrays(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path,
        {
            "ids": {"type": "array", "items": {"type": "string", "format": "uuid"}},
            "anything": {"type": "array"},
            "maybe": {"type": "array", "items": {"type": ["string", "null"]}},
            "objects": {
                "type": "array",
                "items": {"type": "object", "properties": {"q": {}}},
            },
        },
    )
    assert {n: f.type for n, f in fields.items()} == {
        "ids": ir.ListOf(ir.Primitive("string", "uuid")),
        "anything": ir.ListOf(ir.AnyType()),
        "maybe": ir.ListOf(ir.NullOr(STRING)),
        "objects": ir.ListOf(ir.Ref("ThingObjectsItem")),
    }


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (
            {"prefixItems": [{"type": "number"}, {"type": "string"}], "minItems": 1},
            ir.TupleOf((ir.Primitive("number"), STRING), ir.AnyType(), 1),
        ),
        (
            {"prefixItems": [{"type": "number"}, {"type": "string"}], "items": False},
            ir.TupleOf((ir.Primitive("number"), STRING), None, 0),
        ),
        (
            {
                "prefixItems": [{"type": "number"}, {"type": ["string", "null"]}],
                "items": {"type": "boolean"},
                "minItems": 5,  # at most the number of positional items
            },
            ir.TupleOf(
                (ir.Primitive("number"), ir.NullOr(STRING)), ir.Primitive("boolean"), 2
            ),
        ),
        (
            {"prefixItems": [{"type": "number"}, {"type": "string"}], "maxItems": 1},
            ir.TupleOf((ir.Primitive("number"),), None, 0),
        ),
        (  # draft 2019 and earlier: items as a list, additionalItems for the rest
            {"items": [{"type": "integer"}], "additionalItems": False},
            ir.TupleOf((INTEGER,), None, 0),
        ),
    ],
)
def test_prefix_items_are_tuples(
    tmp_path: Path, schema: dict[str, Any], expected: ir.TypeRef
) -> None:
    model = _models(tmp_path, {"Row": {"type": "array", **schema}})["Row"]
    assert isinstance(model, ir.AliasModel)
    assert model.target == expected


# -- formats, defaults, examples, flags, constraints -----------------------------------------


def test_formats_are_kept_as_written(tmp_path: Path) -> None:
    formats: dict[str, tuple[Literal["string", "integer", "number"], str]] = {
        "at": ("string", "date-time"),
        "day": ("string", "date"),
        "id": ("string", "uuid"),
        "price": ("string", "decimal"),
        "amount": ("number", "decimal"),
        "blob": ("string", "binary"),
        "b64": ("string", "byte"),
        "small": ("integer", "int32"),
        "odd": ("string", "no-such-format"),
    }
    fields = _fields(
        tmp_path, {k: {"type": t, "format": f} for k, (t, f) in formats.items()}
    )
    assert {n: f.type for n, f in fields.items()} == {
        k: ir.Primitive(t, f) for k, (t, f) in formats.items()
    }


def test_defaults_and_examples(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path,
        {
            "when": {
                "type": "string",
                "format": "date-time",
                "default": "2020-01-01T00:00:00Z",
                "example": "2021-02-03T04:05:06Z",
            },
            "none": {"type": ["string", "null"], "default": None},
            "obj": {
                "type": "object",
                "default": {"a": [1, 2]},
                "examples": [{}, {"b": 1}],
            },
            "plain": {"type": "string"},
        },
    )
    when, none, obj, plain = (fields[n] for n in ("when", "none", "obj", "plain"))
    assert (when.has_default, when.default) == (True, "2020-01-01T00:00:00Z")
    assert when.examples == ("2021-02-03T04:05:06Z",)
    # A default of null is a default, told apart from none by has_default.
    assert (none.has_default, none.default) == (True, None)
    assert (plain.has_default, plain.default, plain.examples) == (False, None, ())
    # JSON values are stored frozen.
    assert obj.default == MappingProxyType({"a": (1, 2)})
    assert isinstance(obj.default, MappingProxyType)
    assert obj.examples == (MappingProxyType({}), MappingProxyType({"b": 1}))


def test_descriptions_flags_and_model_level_facts(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Thing": {
                "type": "object",
                "description": "A thing.",
                "deprecated": True,
                "example": {"ro": "x"},
                "properties": {
                    "ro": {"type": "string", "readOnly": True, "description": "Read."},
                    "wo": {"type": "string", "writeOnly": True, "deprecated": True},
                    "blank": {"type": "string", "description": "   "},
                },
            }
        },
    )
    thing = models["Thing"]
    assert (thing.description, thing.deprecated) == ("A thing.", True)
    assert thing.examples == (MappingProxyType({"ro": "x"}),)
    fields = fields_by_name(thing)
    flags = {
        n: (f.read_only, f.write_only, f.deprecated, f.description)
        for n, f in fields.items()
    }
    assert flags == {
        "ro": (True, False, False, "Read."),
        "wo": (False, True, True, None),
        "blank": (False, False, False, None),
    }


def test_constraints(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path,
        {
            "text": {"type": "string", "minLength": 1, "maxLength": 5, "pattern": "^a"},
            "number": {
                "type": "number",
                "minimum": 0,
                "exclusiveMaximum": 10,
                "multipleOf": 0.5,
            },
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "uniqueItems": True,
            },
            "plain": {"type": "string"},
        },
    )
    assert fields["text"].constraints == ir.Constraints(
        min_length=1, max_length=5, pattern="^a"
    )
    assert fields["number"].constraints == ir.Constraints(
        minimum=0, exclusive_maximum=10, multiple_of=0.5
    )
    assert fields["items"].constraints == ir.Constraints(
        min_items=1, max_items=3, unique_items=True
    )
    assert fields["plain"].constraints.is_empty()


def test_openapi_3_0_exclusive_bounds_are_flags_on_the_bound(tmp_path: Path) -> None:
    fields = _fields(
        tmp_path,
        {
            "n": {
                "type": "number",
                "minimum": 1,
                "exclusiveMinimum": True,
                "maximum": 9,
                "exclusiveMaximum": False,
            }
        },
        openapi="3.0.3",
    )
    assert fields["n"].constraints == ir.Constraints(exclusive_minimum=1, maximum=9)


def test_name_overrides_are_hints_not_names(tmp_path: Path) -> None:
    api = api_from(
        tmp_path,
        minimal_spec(
            {
                "Thing": {
                    "type": "object",
                    "x-speakeasy-name-override": "Gadget",
                    "properties": {
                        "n": {"type": "string", "x-speakeasy-name-override": "label"}
                    },
                }
            }
        ),
    )
    assert "Thing" in models_by_name(api)
    assert dict(api.hints.models) == {"Thing": "Gadget"}
    assert dict(api.hints.fields) == {("Thing", "n"): "label"}


# -- references ------------------------------------------------------------------------------


def test_recursive_and_mutually_recursive_references(tmp_path: Path) -> None:
    models = _models(
        tmp_path,
        {
            "Node": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": _ref("Node")},
                    "parent": _ref("Node"),
                },
            },
            "A": {"type": "object", "properties": {"b": _ref("B")}},
            "B": {"type": "object", "properties": {"a": _ref("A")}},
        },
    )
    node = fields_by_name(models["Node"])
    assert node["children"].type == ir.ListOf(ir.Ref("Node"))
    assert node["parent"].type == ir.Ref("Node")
    assert fields_by_name(models["A"])["b"].type == ir.Ref("B")
    assert fields_by_name(models["B"])["a"].type == ir.Ref("A")


def test_a_reference_to_another_file(tmp_path: Path) -> None:
    other = {
        "Thing": {
            "type": "object",
            "properties": {
                "x": {"type": "string"},
                "inner": {"type": "object", "properties": {"y": {"type": "integer"}}},
            },
        }
    }
    whole = {"type": "object", "properties": {"w": {"type": "string"}}}
    spec = minimal_spec(
        {"Ext": {"$ref": "defs/other.json#/Thing"}, "Whole": {"$ref": "whole.json"}}
    )
    api = api_from(tmp_path, spec, {"defs/other.json": other, "whole.json": whole})
    models = models_by_name(api)
    assert models["Ext"] == ir.AliasModel(
        name="Ext", source="#/components/schemas/Ext", target=ir.Ref("OtherThing")
    )
    thing = models["OtherThing"]
    assert thing.source == "defs/other.json#/Thing"
    assert fields_by_name(thing)["inner"].type == ir.Ref("OtherThingInner")
    assert models["OtherThingInner"].source == "defs/other.json#/Thing/properties/inner"
    # A whole file is named after its stem, after the component that took the name.
    whole_alias = models["Whole"]
    assert isinstance(whole_alias, ir.AliasModel)
    assert whole_alias.target == ir.Ref("Whole2")
    assert models["Whole2"].source == "whole.json#"


# -- names of inline schemas -------------------------------------------------------------------


def test_inline_schemas_are_named_after_their_place(tmp_path: Path) -> None:
    obj = {"type": "object", "properties": {"x": {"type": "string"}}}
    models = _models(
        tmp_path,
        {
            "Order": {
                "type": "object",
                "properties": {
                    "item": obj,
                    "lines": {"type": "array", "items": obj},
                    "extra": {"additionalProperties": obj},
                    "pair": {"type": "array", "prefixItems": [{"type": "string"}, obj]},
                    "pay": {
                        "oneOf": [
                            {"title": "by card", **obj},
                            {"type": "object", "properties": {"iban": {}}},
                        ]
                    },
                },
            },
            "OrderItem": obj,  # a component keeps its name; the inline one moves
        },
    )
    sources = {
        name: model.source
        for name, model in models.items()
        if name.startswith("Order") and name != "Order"
    }
    base = "#/components/schemas/Order/properties"
    assert sources == {
        "OrderItem": "#/components/schemas/OrderItem",
        "OrderItem2": f"{base}/item",
        "OrderLinesItem": f"{base}/lines/items",
        "OrderExtraValue": f"{base}/extra/additionalProperties",
        "OrderPairItem2": f"{base}/pair/prefixItems/1",
        "OrderPay": f"{base}/pay",
        "OrderPayByCard": f"{base}/pay/oneOf/0",
        "OrderPayOption2": f"{base}/pay/oneOf/1",
    }
    pay = models["OrderPay"]
    assert isinstance(pay, ir.UnionModel)
    assert pay.variants == (ir.Ref("OrderPayByCard"), ir.Ref("OrderPayOption2"))


# -- diagnostics and errors ---------------------------------------------------------------------


def test_a_mapping_to_nothing_is_skipped_with_a_located_warning(tmp_path: Path) -> None:
    spec = minimal_spec(
        _pets(
            {"propertyName": "kind", "mapping": {"x": "#/components/schemas/Nope"}},
            tagged=False,
        )
    )
    api = api_from(tmp_path, spec)
    pet = models_by_name(api)["Pet"]
    assert isinstance(pet, ir.UnionModel)
    assert pet.discriminator == ir.Discriminator(
        "kind", (("Cat", "Cat"), ("Dog", "Dog"))
    )
    assert [(d.file, d.pointer, d.message) for d in api.diagnostics] == [
        (
            "spec.json",
            "#/components/schemas/Pet/discriminator/mapping/x",
            (
                "$ref '#/components/schemas/Nope' names a location that does not"
                " exist; ignored"
            ),
        )
    ]


def test_a_mapping_that_is_not_a_mapping_is_ignored_with_a_warning(
    tmp_path: Path,
) -> None:
    api = api_from(
        tmp_path, minimal_spec(_pets({"propertyName": "kind", "mapping": ["Cat"]}))
    )
    assert [(d.pointer, d.message) for d in api.diagnostics] == [
        (
            "#/components/schemas/Pet/discriminator/mapping",
            "a discriminator's mapping must be a mapping; ignored",
        )
    ]


def test_a_model_that_cannot_extend_its_parent_is_reported_at_the_model(
    tmp_path: Path,
) -> None:
    api = api_from(
        tmp_path,
        minimal_spec(
            {
                "Pet": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                    "discriminator": {"propertyName": "id"},
                },
                "Odd": {
                    "allOf": [_ref("Pet")],
                    "properties": {"id": {"type": ["string", "null"]}},
                },
            }
        ),
    )
    odd = models_by_name(api)["Odd"]
    assert isinstance(odd, ir.ObjectModel) and odd.parent is None
    assert [(d.pointer, d.message) for d in api.diagnostics] == [
        (
            "#/components/schemas/Odd",
            (
                "Odd does not extend Pet: its field 'id' may be null, the parent's"
                " not; payloads tagged for Odd decode as Pet"
            ),
        )
    ]


@pytest.mark.parametrize(
    ("schemas", "pointer", "message"),
    [
        (
            {"X": {"type": "strin"}},
            "#/components/schemas/X/type",
            "unknown type 'strin'",
        ),
        (
            {"X": {"type": "object", "properties": {"p": _ref("Nope")}}},
            "#/components/schemas/X/properties/p/$ref",
            "$ref '#/components/schemas/Nope' names a location that does not exist",
        ),
        (
            {"X": _ref("Y"), "Y": _ref("X")},
            "#/components/schemas/X",
            "$ref cycle: the reference leads back to itself",
        ),
        (
            {
                "X": {"allOf": [_ref("Y"), {"properties": {"a": {}}}]},
                "Y": {"allOf": [_ref("X"), {"properties": {"b": {}}}]},
            },
            "#/components/schemas/X",
            "allOf cycle: a schema includes itself",
        ),
        (
            {"X": {"oneOf": [_ref("X"), _ref("X")]}},
            "#/components/schemas/X",
            "schema is defined only as itself",
        ),
        (
            {"X": {"type": "object", "properties": [1]}},
            "#/components/schemas/X/properties",
            "properties must be a mapping",
        ),
        (
            {"X": {"allOf": {"type": "object"}}},
            "#/components/schemas/X/allOf",
            "allOf must be a list",
        ),
        (
            {"X": {"type": "object", "properties": {"p": 5}}},
            "#/components/schemas/X/properties/p",
            "a schema must be an object",
        ),
        (
            {"X": {"prefixItems": {"type": "string"}}},
            "#/components/schemas/X/prefixItems",
            "prefixItems must be a list",
        ),
        (
            {"X": {"$ref": "https://example.com/x.json"}},
            "#/components/schemas/X/$ref",
            "$ref 'https://example.com/x.json' names a URL; only local files are allowed",
        ),
        (
            {"X": {"$ref": "../outside.json"}},
            "#/components/schemas/X/$ref",
            "$ref '../outside.json' leaves the specification's folder; refused",
        ),
        (
            {"X": {"$ref": "missing.json"}},
            "#/components/schemas/X/$ref",
            "$ref names missing.json, which does not exist",
        ),
    ],
)
def test_a_broken_schema_is_refused_at_its_pointer(
    tmp_path: Path, schemas: dict[str, Any], pointer: str, message: str
) -> None:
    error = spec_error(tmp_path, minimal_spec(schemas))
    assert (error.file, error.location, error.message) == (
        "spec.json",
        pointer,
        message,
    )


def test_yaml_property_keys_are_json_wire_names(tmp_path: Path) -> None:
    """``true:`` and ``~:`` are the properties JSON spells "true" and "null", never
    Python's "True" and "None"; a YAML date enum value is its text (issue 29)."""
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Flags:\n"
        "      type: object\n"
        "      properties:\n"
        "        true: {type: string}\n"
        "        ~: {type: string}\n"
        "        404: {type: string}\n"
        "        day: {type: string, enum: [!!timestamp 2024-01-01],"
        " default: !!timestamp 2024-01-01}\n",
        encoding="utf-8",
    )
    api = build_api(spec)
    fields = fields_by_name(models_by_name(api)["Flags"])
    assert sorted(fields) == ["404", "day", "null", "true"]
    assert ir.thaw(fields["day"].default) == "2024-01-01"
