"""``generator.ir.hierarchy.link_hierarchies``: which models extend which, on the IR alone.

Most tests hand it object models built here, with the ``allOf`` references,
discriminators and implicit tags a front end would report; the last ones read a
small document to check that the OpenAPI front end reports them so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.ir.hierarchy import link_hierarchies
from tests.conftest import minimal_spec
from tests.inline import api_from, ir_field, models_by_name

STRING = ir.Primitive("string")


def _object(name: str, *fields: ir.Field, **facts: Any) -> ir.ObjectModel:
    return ir.ObjectModel(
        name=name, source=f"#/components/schemas/{name}", fields=fields, **facts
    )


def _link(
    models: Sequence[ir.Model],
    parents: Mapping[str, Sequence[str]],
    declared: Mapping[str, tuple[str, Sequence[tuple[str, str]]]],
    tags: Mapping[str, str] | None = None,
) -> tuple[dict[str, ir.Model], list[tuple[str, str]]]:
    """The linked models by name, and the problems; every model is tagged by its
    name unless ``tags`` says otherwise."""
    if tags is None:
        tags = {m.name: m.name for m in models}
    linked, problems = link_hierarchies(models, parents, declared, tags)
    assert [m.name for m in linked] == [m.name for m in models]  # order kept
    return {m.name: m for m in linked}, problems


def _parent(model: ir.Model) -> str | None:
    assert isinstance(model, ir.ObjectModel)
    return model.parent


def _table(model: ir.Model) -> ir.Discriminator | None:
    assert isinstance(model, ir.ObjectModel)
    return model.discriminator


TAG = ir_field("petType")
PET = _object("Pet", TAG)
DOG = _object("Dog", TAG, ir_field("bark", ir.Primitive("boolean")))
CAT = _object("Cat", TAG, ir_field("purr", ir.Primitive("boolean")))


def test_a_model_extends_a_parent_that_declares_a_discriminator() -> None:
    linked, problems = _link([PET, DOG], {"Dog": ["Pet"]}, {"Pet": ("petType", [])})
    assert problems == []
    assert _parent(linked["Dog"]) == "Pet"
    assert _parent(linked["Pet"]) is None
    assert _table(linked["Pet"]) == ir.Discriminator(
        "petType", (("Pet", "Pet"), ("Dog", "Dog"))
    )
    assert _table(linked["Dog"]) is None  # only the declaring model has a table
    # Apart from parent and discriminator, the models are as they were.
    assert linked["Dog"] == ir.ObjectModel(
        name="Dog", source=DOG.source, fields=DOG.fields, parent="Pet"
    )


def test_all_of_without_a_discriminator_makes_no_hierarchy() -> None:
    linked, problems = _link([PET, DOG], {"Dog": ["Pet"]}, {})
    assert problems == []
    assert linked["Dog"] is DOG and linked["Pet"] is PET


def test_models_outside_any_hierarchy_are_returned_as_they_are() -> None:
    color = ir.EnumModel(name="Color", source="#", value_type="string", values=("r",))
    alone = _object("Alone", ir_field("x"))
    linked, _ = _link(
        [color, PET, alone, DOG], {"Dog": ["Pet"]}, {"Pet": ("petType", [])}
    )
    assert linked["Color"] is color and linked["Alone"] is alone


def test_explicit_tags_first_then_the_owner_then_the_others_by_name() -> None:
    linked, problems = _link(
        [PET, DOG, CAT],
        {"Dog": ["Pet"], "Cat": ["Pet"]},
        {"Pet": ("petType", [("dog", "Dog")])},
    )
    assert problems == []
    assert _table(linked["Pet"]) == ir.Discriminator(
        "petType", (("dog", "Dog"), ("Pet", "Pet"), ("Cat", "Cat"))
    )


def test_an_implicit_tag_an_explicit_one_took_is_not_added() -> None:
    linked, _ = _link(
        [PET, DOG, CAT],
        {"Dog": ["Pet"], "Cat": ["Pet"]},
        {"Pet": ("petType", [("Cat", "Dog")])},
    )
    # "Cat" already names Dog: Cat keeps no tag of its own.
    assert _table(linked["Pet"]) == ir.Discriminator(
        "petType", (("Cat", "Dog"), ("Pet", "Pet"))
    )


def test_a_model_without_an_implicit_tag_is_tagged_only_explicitly() -> None:
    # Inline schemas have no component name to be tagged by.
    linked, _ = _link(
        [PET, DOG], {"Dog": ["Pet"]}, {"Pet": ("petType", [])}, tags={"Pet": "pet"}
    )
    assert _table(linked["Pet"]) == ir.Discriminator("petType", (("pet", "Pet"),))
    assert _parent(linked["Dog"]) == "Pet"


def test_several_levels() -> None:
    puppy = _object("Puppy", *DOG.fields, ir_field("age", ir.Primitive("integer")))
    linked, problems = _link(
        [PET, DOG, puppy],
        {"Dog": ["Pet"], "Puppy": ["Dog"]},
        {"Pet": ("petType", [])},
    )
    assert problems == []
    assert (_parent(linked["Dog"]), _parent(linked["Puppy"])) == ("Pet", "Dog")
    assert _table(linked["Pet"]) == ir.Discriminator(
        "petType", (("Pet", "Pet"), ("Dog", "Dog"), ("Puppy", "Puppy"))
    )


def test_a_lower_discriminator_has_its_own_table_of_its_descendants() -> None:
    puppy = _object("Puppy", *DOG.fields)
    linked, _ = _link(
        [PET, DOG, puppy, CAT],
        {"Dog": ["Pet"], "Puppy": ["Dog"], "Cat": ["Pet"]},
        {"Pet": ("petType", []), "Dog": ("petType", [("pup", "Puppy")])},
    )
    assert _table(linked["Dog"]) == ir.Discriminator(
        "petType", (("pup", "Puppy"), ("Dog", "Dog"))
    )
    assert _table(linked["Pet"]) == ir.Discriminator(
        "petType",
        (("Pet", "Pet"), ("Cat", "Cat"), ("Dog", "Dog"), ("Puppy", "Puppy")),
    )


def test_a_mapping_to_a_model_outside_the_family_is_a_problem() -> None:
    stranger = _object("Stranger", TAG)
    linked, problems = _link(
        [PET, DOG, stranger],
        {"Dog": ["Pet"]},
        {"Pet": ("petType", [("s", "Stranger"), ("d", "Dog")])},
    )
    assert _table(linked["Pet"]) == ir.Discriminator(
        "petType", (("d", "Dog"), ("Pet", "Pet"))
    )
    assert problems == [
        (
            "Pet",
            (
                "the discriminator maps 's' to Stranger, which does not extend Pet"
                " through allOf; payloads tagged 's' decode as Pet"
            ),
        )
    ]


_REQUIRED_ID = _object("Base", ir_field("id"), ir_field("kind"))


@pytest.mark.parametrize(
    ("child", "reason"),
    [
        (_object("Child", ir_field("kind")), "it has no field 'id'"),
        (
            _object("Child", ir_field("id", required=False), ir_field("kind")),
            "its field 'id' is optional, the parent's required",
        ),
        (
            _object("Child", ir_field("id", nullable=True), ir_field("kind")),
            "its field 'id' may be null, the parent's not",
        ),
        (
            _object("Child", ir_field("id", ir.NullOr(STRING)), ir_field("kind")),
            "its field 'id' may be null, the parent's not",
        ),
        (
            _object(
                "Child",
                ir_field("id"),
                ir_field("kind"),
                extra_fields=ir.MapOf(STRING),
            ),
            "its additionalProperties differ",
        ),
    ],
)
def test_a_model_that_breaks_its_parents_rules_does_not_extend_it(
    child: ir.ObjectModel, reason: str
) -> None:
    linked, problems = _link(
        [_REQUIRED_ID, child], {"Child": ["Base"]}, {"Base": ("kind", [])}
    )
    assert _parent(linked["Child"]) is None
    assert _table(linked["Base"]) == ir.Discriminator("kind", (("Base", "Base"),))
    assert problems == [
        (
            "Child",
            (
                f"Child does not extend Base: {reason}; payloads tagged for Child"
                " decode as Base"
            ),
        )
    ]


def test_what_a_child_may_change() -> None:
    parent = _object(
        "Base",
        ir_field("id", required=False, nullable=True),
        ir_field("kind"),
        extra_fields=None,
    )
    # Required where the parent's is optional, never null where it may be, new
    # keys where the parent forbids them: all narrower, all allowed.
    child = _object(
        "Child",
        ir_field("id"),
        ir_field("kind"),
        ir_field("more"),
        extra_fields=ir.AnyType(),
    )
    linked, problems = _link(
        [parent, child], {"Child": ["Base"]}, {"Base": ("kind", [])}
    )
    assert (problems, _parent(linked["Child"])) == ([], "Base")


def test_the_first_parent_that_fits_is_chosen() -> None:
    strict = _object("Strict", ir_field("must"), ir_field("kind"))
    loose = _object("Loose", ir_field("kind"))
    child = _object("Child", ir_field("kind"))
    linked, problems = _link(
        [strict, loose, child],
        {"Child": ["Strict", "Loose"]},
        {"Strict": ("kind", []), "Loose": ("kind", [])},
    )
    assert _parent(linked["Child"]) == "Loose"
    assert problems == [
        (
            "Child",
            (
                "Child does not extend Strict: it has no field 'must'; payloads tagged"
                " for Child decode as Strict"
            ),
        )
    ]
    assert _table(linked["Loose"]) == ir.Discriminator(
        "kind", (("Loose", "Loose"), ("Child", "Child"))
    )


def test_references_that_are_not_object_models_or_itself_are_passed_over() -> None:
    color = ir.EnumModel(name="Color", source="#", value_type="string", values=("r",))
    linked, problems = _link(
        [PET, DOG, color],
        {"Dog": ["Dog", "Color", "Missing", "Pet"]},
        {"Pet": ("petType", []), "Color": ("petType", [])},
    )
    assert problems == []
    assert _parent(linked["Dog"]) == "Pet"
    assert linked["Color"] is color  # a discriminator on a non-object is ignored


@pytest.mark.parametrize("owner", ["A", "B"])
def test_an_all_of_cycle_ends_without_a_loop_of_parents(owner: str) -> None:
    a, b = _object("A", TAG), _object("B", TAG)
    linked, problems = _link([a, b], {"A": ["B"], "B": ["A"]}, {owner: ("petType", [])})
    assert problems == []
    assert _parent(linked[owner]) is None
    for name in ("A", "B"):
        seen = {name}
        parent = _parent(linked[name])
        while parent is not None:
            assert parent not in seen
            seen.add(parent)
            parent = _parent(linked[parent])


# -- the types a field may have in a subclass ----------------------------------------


def _subtypes(
    parent_type: ir.TypeRef, *child_types: ir.TypeRef, models: Sequence[ir.Model] = ()
) -> tuple[ir.TypeRef, ...]:
    """The parent field's ``subtype_types`` when each child narrows its type so."""
    parent = _object("Base", ir_field("v", parent_type), ir_field("kind"))
    children = [
        _object(f"Child{i}", ir_field("v", t), ir_field("kind"))
        for i, t in enumerate(child_types)
    ]
    linked, problems = _link(
        [parent, *children, *models],
        {c.name: ["Base"] for c in children},
        {"Base": ("kind", [])},
    )
    assert problems == []
    base = linked["Base"]
    assert isinstance(base, ir.ObjectModel)
    assert base.fields[1].subtype_types == ()
    return base.fields[0].subtype_types


LETTERS = ir.EnumModel(
    name="Letters", source="#", value_type="string", values=("a", "b", "c")
)
SOME = ir.EnumModel(name="Some", source="#", value_type="string", values=("a",))


@pytest.mark.parametrize(
    ("parent_type", "child_type"),
    [
        (STRING, STRING),
        (STRING, ir.Const("dog")),
        (ir.Primitive("number"), ir.Primitive("integer")),
        (ir.Primitive("number"), ir.Const(2)),
        (ir.AnyType(), ir.Ref("Letters")),
        (ir.NullOr(STRING), ir.Const("x")),
        (ir.Ref("Letters"), ir.Ref("Some")),
        (ir.Ref("Letters"), ir.Const("b")),
    ],
)
def test_a_narrower_type_in_a_subclass_is_no_subtype(
    parent_type: ir.TypeRef, child_type: ir.TypeRef
) -> None:
    assert _subtypes(parent_type, child_type, models=[LETTERS, SOME]) == ()


@pytest.mark.parametrize(
    ("parent_type", "child_type"),
    [
        (ir.Primitive("integer"), ir.Primitive("number")),
        (ir.Primitive("string", "date-time"), STRING),
        (STRING, ir.Const(1)),
        (ir.Ref("Some"), ir.Ref("Letters")),
        (ir.Ref("Letters"), ir.Const("z")),
        (ir.Const("a"), ir.Const("b")),
    ],
)
def test_a_type_that_is_not_narrower_is_listed_on_the_parents_field(
    parent_type: ir.TypeRef, child_type: ir.TypeRef
) -> None:
    assert _subtypes(parent_type, child_type, models=[LETTERS, SOME]) == (child_type,)


def test_subtypes_are_gathered_once_each_from_every_level() -> None:
    base = _object("Base", ir_field("v", ir.Const("a")), ir_field("kind"))
    mid = _object("Mid", ir_field("v", ir.Const("b")), ir_field("kind"))
    low = _object("Low", ir_field("v", ir.Const("c")), ir_field("kind"))
    other = _object("Other", ir_field("v", ir.Const("b")), ir_field("kind"))
    linked, _ = _link(
        [base, mid, low, other],
        {"Mid": ["Base"], "Low": ["Mid"], "Other": ["Base"]},
        {"Base": ("kind", [])},
    )
    fields = {
        name: model.fields[0].subtype_types
        for name, model in linked.items()
        if isinstance(model, ir.ObjectModel)
    }
    assert fields == {
        "Base": (ir.Const("b"), ir.Const("c")),
        "Mid": (ir.Const("c"),),
        "Low": (),
        "Other": (),
    }


# -- as the OpenAPI front end reports a document --------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_a_document_with_two_levels_and_a_mapping(tmp_path: Path) -> None:
    schemas = {
        "Pet": {
            "type": "object",
            "required": ["petType"],
            "properties": {"petType": {"type": "string"}},
            "discriminator": {
                "propertyName": "petType",
                "mapping": {"pup": "#/components/schemas/Puppy"},
            },
        },
        "Dog": {"allOf": [_ref("Pet"), {"properties": {"bark": {}}}]},
        "Puppy": {
            "allOf": [
                _ref("Dog"),
                {"properties": {"petType": {"const": "pup"}, "age": {}}},
            ]
        },
        "Cat": {
            "allOf": [_ref("Pet"), {"properties": {"petType": {"type": "integer"}}}]
        },
    }
    api = api_from(tmp_path, minimal_spec(schemas))
    models = models_by_name(api)
    assert {n: _parent(m) for n, m in models.items()} == {
        "Cat": "Pet",
        "Dog": "Pet",
        "Pet": None,
        "Puppy": "Dog",
    }
    assert _table(models["Pet"]) == ir.Discriminator(
        "petType",
        (("pup", "Puppy"), ("Pet", "Pet"), ("Cat", "Cat"), ("Dog", "Dog")),
    )
    # Cat's integer tag is not narrower than Pet's string: Pet's field says so.
    pet = models["Pet"]
    assert isinstance(pet, ir.ObjectModel)
    assert pet.fields[0].subtype_types == (ir.Primitive("integer"),)
    assert api.diagnostics == ()
