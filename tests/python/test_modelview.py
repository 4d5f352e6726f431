"""``generator.python.modelview``: what ``models.py`` and ``typeddicts.py`` print per field.

The views are built on IR made here, named by the real name plan, and each test
reads the exact Python a field's view holds: its dataclass line, its ``from_dict``
argument, its ``to_dict`` value and its TypedDict entry.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from generator import ir
from generator.python.fragments import PythonTypes
from generator.python.modelview import (
    FieldView,
    ObjectView,
    field_doc,
    object_views,
    subtype_tables,
    with_notes,
)
from generator.python.name_plan import plan_names
from tests.inline import ir_field

STRING = ir.Primitive("string")
INTEGER = ir.Primitive("integer")


def _object(name: str, *fields: ir.Field, **facts: Any) -> ir.ObjectModel:
    return ir.ObjectModel(name=name, source=f"#/{name}", fields=fields, **facts)


COLOR = ir.EnumModel(
    name="Color", source="#/Color", value_type="string", values=("red", "dark blue")
)
OWNER = _object("Owner", ir_field("id"))


def _views(*models: ir.Model) -> dict[str, ObjectView]:
    api = ir.Api(
        title="T",
        version="1",
        source_name="spec.json",
        source_sha256="0" * 64,
        models=(COLOR, OWNER, *models),
    )
    names = plan_names(api)
    return object_views(api, PythonTypes(api, names), names)


def _view(field: ir.Field) -> FieldView:
    """The view of ``field``, alone in a model ``Thing``."""
    (view,) = _views(_object("Thing", field))["Thing"].fields
    return view


def _spelt(view: FieldView) -> tuple[str, str, str, str]:
    return (view.declaration, view.decode, view.encoded, view.wire)


# -- one field at a time ---------------------------------------------------------------

_CASES: list[tuple[ir.Field, tuple[str, str, str, str]]] = [
    (
        ir_field("id", INTEGER),
        ("id: int", 'id=_rt.required(data, "id", _rt.decode_int)', "self.id", "int"),
    ),
    (
        ir_field("name", nullable=True),
        (
            "name: str | None",
            'name=_rt.required_nullable(data, "name", _rt.decode_str)',
            "self.name",
            "str | None",
        ),
    ),
    (
        ir_field("nick", required=False),
        (
            "nick: str | Unset = UNSET",
            'nick=_rt.optional(data, "nick", _rt.decode_str)',
            "self.nick",
            "NotRequired[str]",
        ),
    ),
    (
        ir_field("nick", required=False, nullable=True),
        (
            "nick: str | None | Unset = UNSET",
            'nick=_rt.optional_nullable(data, "nick", _rt.decode_str)',
            "self.nick",
            "NotRequired[str | None]",
        ),
    ),
    (
        ir_field("at", ir.Primitive("string", "date-time"), required=False),
        (
            "at: datetime | Unset = UNSET",
            'at=_rt.optional(data, "at", _rt.decode_datetime)',
            "_rt.encode_datetime(self.at)",
            "NotRequired[str]",
        ),
    ),
    (
        ir_field("day", ir.Primitive("string", "date"), nullable=True),
        (
            "day: date | None",
            'day=_rt.required_nullable(data, "day", _rt.decode_date)',
            "_rt.encode(self.day, _rt.null_or(_rt.encode_date))",
            "str | None",
        ),
    ),
    (
        ir_field("id", ir.Primitive("string", "uuid")),
        (
            "id: UUID",
            'id=_rt.required(data, "id", _rt.decode_uuid)',
            "str(self.id)",
            "str",
        ),
    ),
    (
        ir_field("price", ir.Primitive("number", "decimal")),
        (
            "price: Decimal",
            'price=_rt.required(data, "price", _rt.decode_decimal)',
            "_rt.encode_decimal_number(self.price)",
            "float",
        ),
    ),
    (
        ir_field("blob", ir.Primitive("string", "binary")),
        (
            "blob: bytes",
            'blob=_rt.required(data, "blob", _rt.decode_base64)',
            "_rt.encode_base64(self.blob)",
            "str",
        ),
    ),
    (
        ir_field("color", ir.Ref("Color"), has_default=True, default="dark blue"),
        (
            "color: Color | str = Color.DARK_BLUE",
            'color=_rt.required(data, "color", _rt.str_enum(Color))',
            "_rt.encode_enum(self.color)",
            '"ColorDict"',
        ),
    ),
    (
        ir_field("tags", ir.ListOf(STRING), has_default=True, default=()),
        (
            "tags: list[str] = field(default_factory=list)",
            'tags=_rt.required(data, "tags", _rt.list_of(_rt.decode_str))',
            "self.tags",
            "list[str]",
        ),
    ),
    (
        ir_field(
            "meta",
            ir.MapOf(ir.AnyType()),
            has_default=True,
            default=MappingProxyType({"a": 1}),
        ),
        (
            'meta: dict[str, Any] = field(default_factory=lambda: {"a": 1})',
            'meta=_rt.required(data, "meta", _rt.map_of(_rt.decode_any))',
            "_rt.encode(self.meta, _rt.map_encoder(_rt.encode_any))",
            "dict[str, Any]",
        ),
    ),
    (
        ir_field("kind", ir.Const("pet")),
        (
            'kind: Literal["pet"] = "pet"',
            'kind=_rt.required(data, "kind", _rt.const("pet"))',
            "self.kind",
            'Literal["pet"]',
        ),
    ),
    (
        ir_field("owner", ir.Ref("Owner"), required=False),
        (
            "owner: Owner | Unset = UNSET",
            'owner=_rt.optional(data, "owner", Owner.from_dict)',
            "self.owner.to_dict()",
            'NotRequired["OwnerDict"]',
        ),
    ),
    (
        ir_field("owner", ir.Ref("Owner"), nullable=True),
        (
            "owner: Owner | None",
            'owner=_rt.required_nullable(data, "owner", Owner.from_dict)',
            "None if self.owner is None else self.owner.to_dict()",
            '"OwnerDict | None"',
        ),
    ),
    (
        ir_field("owners", ir.ListOf(ir.NullOr(ir.Ref("Owner")))),
        (
            "owners: list[Owner | None]",
            'owners=_rt.required(data, "owners", _rt.list_of(_rt.null_or(Owner.from_dict)))',
            "_rt.encode(self.owners, _rt.list_encoder(_rt.null_or(Owner.to_dict)))",
            '"list[OwnerDict | None]"',
        ),
    ),
    (
        ir_field("pair", ir.TupleOf((INTEGER, STRING), None, 2)),
        (
            "pair: tuple[int, str]",
            'pair=_rt.required(data, "pair", _rt.tuple_of((_rt.decode_int, _rt.decode_str), None, 2))',
            "_rt.encode(self.pair, _rt.tuple_encoder((None, None), None))",
            "list[int | str]",
        ),
    ),
    (
        ir_field("free", ir.AnyType()),
        (
            "free: Any",
            'free=_rt.required(data, "free", _rt.decode_any)',
            "_rt.encode_any(self.free)",
            "Any",
        ),
    ),
    (
        ir_field("weird-key", ir.Primitive("number"), has_default=True, default=1.5),
        (
            "weird_key: float = 1.5",
            'weird_key=_rt.required(data, "weird-key", _rt.decode_float)',
            "self.weird_key",
            "float",
        ),
    ),
    (
        ir_field("class"),
        (
            "class_: str",
            'class_=_rt.required(data, "class", _rt.decode_str)',
            "self.class_",
            "str",
        ),
    ),
]


@pytest.mark.parametrize(
    ("field", "spelt"), _CASES, ids=[f"{i}-{c[0].name}" for i, c in enumerate(_CASES)]
)
def test_what_a_field_prints(field: ir.Field, spelt: tuple[str, str, str, str]) -> None:
    view = _view(field)
    assert _spelt(view) == spelt
    assert (view.name, view.required) == (field.name, field.required)


def test_the_key_is_a_literal_and_the_value_the_attribute() -> None:
    view = _view(ir_field("it's\n"))
    assert view.key == '"it\'s\\n"'
    assert view.value == "self.it_s"
    assert view.decode == 'it_s=_rt.required(data, "it\'s\\n", _rt.decode_str)'
    # With a double quote inside, the literal is repr's.
    assert _view(ir_field('say "hi"')).key == "'say \"hi\"'"


@pytest.mark.parametrize(
    ("field", "declaration"),
    [
        # A default null where null is allowed.
        (
            ir_field("n", nullable=True, has_default=True, default=None),
            "n: str | None = None",
        ),
        # A default null where it is not: the value must be passed.
        (ir_field("n", has_default=True, default=None), "n: str"),
        # A default of the wrong type is no default.
        (ir_field("n", INTEGER, has_default=True, default="x"), "n: int"),
        # An enum default that is no member stays a literal of the value type.
        (
            ir_field("c", ir.Ref("Color"), has_default=True, default="green"),
            'c: Color | str = "green"',
        ),
        # A const with a default of its own keeps that default.
        (
            ir_field("k", ir.Const("a"), has_default=True, default="a"),
            'k: Literal["a"] = "a"',
        ),
        # A const whose value Literal cannot hold has no default.
        (ir_field("k", ir.Const(1.5)), "k: Any"),
        # An optional field's default is UNSET, whatever the spec says.
        (
            ir_field("n", required=False, has_default=True, default="x"),
            "n: str | Unset = UNSET",
        ),
    ],
)
def test_defaults(field: ir.Field, declaration: str) -> None:
    assert _view(field).declaration == declaration


def test_a_field_with_types_from_subclasses_is_encoded_whatever_it_holds() -> None:
    view = _view(
        ir_field("v", ir.Const("a"), subtype_types=(ir.NullOr(INTEGER), ir.Const("b")))
    )
    assert view.declaration == 'v: Literal["a"] | int | Literal["b"] = "a"'
    assert view.encoded == "_rt.encode_any(self.v)"


def test_the_same_spelling_of_different_defaults_is_not_shared() -> None:
    # As values, True == 1: the views must still tell them apart.
    views = _views(
        _object("A", ir_field("v", ir.AnyType(), has_default=True, default=True)),
        _object("B", ir_field("v", ir.AnyType(), has_default=True, default=1)),
    )
    assert views["A"].fields[0].declaration == "v: Any = True"
    assert views["B"].fields[0].declaration == "v: Any = 1"


# -- docstrings -------------------------------------------------------------------------


def test_a_fields_docstring() -> None:
    assert _view(ir_field("n")).doc == ""
    assert _view(ir_field("n", description="The name.")).doc == '"""The name."""'
    assert _view(ir_field("n", deprecated=True)).doc == '"""Deprecated."""'
    # Indented for the class body: every line after the first.
    doc = _view(
        ir_field("n", description="One.\nTwo.", deprecated=True, notes=("unread",))
    ).doc
    assert doc == '"""Deprecated. One.\n    Two.\n\n    Note: unread"""'


def test_with_notes_and_field_doc() -> None:
    assert with_notes("", ()) == ""
    assert with_notes("Text.", ("a", "b")) == "Text.\n\nNote: a\n\nNote: b"
    assert with_notes("", ("a",)) == "Note: a"
    assert field_doc(ir_field("n", description='say "hi"')) == '"""say "hi\\""""'


# -- the object view -------------------------------------------------------------------------


def test_an_object_view() -> None:
    views = _views(
        _object(
            "Thing", ir_field("id"), ir_field("tag", required=False), extra_fields=None
        )
    )
    view = views["Thing"]
    assert view.wire_keys == '"id", "tag"'
    assert view.functional is False
    assert view.base is None
    assert view.declared == view.fields
    assert view.declares_extras is False
    assert view.dispatch is None
    assert views["Owner"].declares_extras is True  # extra keys allowed by default


@pytest.mark.parametrize(
    ("name", "functional"),
    [
        ("plain", False),
        ("weird-key", True),  # not an identifier
        ("class", True),  # a keyword
        ("__dunder", True),  # mangled in a class body
        ("str", True),  # shadows the type another key is spelt with
        ("NotRequired", True),
        ("TypedDict", True),
        ("int", False),  # no field's type reads int
    ],
)
def test_which_typed_dicts_need_the_functional_syntax(
    name: str, functional: bool
) -> None:
    views = _views(
        _object("Thing", ir_field("text"), ir_field(name, ir.Primitive("boolean")))
    )
    assert views["Thing"].functional is functional


# -- inheritance -------------------------------------------------------------------------------

TAG = ir_field("kind")
PET = _object(
    "Pet",
    TAG,
    ir_field("name"),
    discriminator=ir.Discriminator(
        "kind", (("pet", "Pet"), ("dog", "Dog"), ("pup", "Puppy"))
    ),
    extra_fields=None,
)
DOG = _object(
    "Dog",
    ir_field("kind", ir.Const("dog")),
    ir_field("name"),
    ir_field("bark"),
    parent="Pet",
)
PUPPY = _object("Puppy", *DOG.fields, ir_field("age", INTEGER), parent="Dog")


def test_a_subclass_declares_only_what_it_changes() -> None:
    views = _views(PET, DOG, PUPPY)
    pet, dog, puppy = views["Pet"], views["Dog"], views["Puppy"]
    assert (pet.base, dog.base, puppy.base) == (None, "Pet", "Dog")
    assert [f.name for f in pet.declared] == ["kind", "name"]
    # Dog narrows kind to a const: declared again; name is inherited as it is.
    assert [f.name for f in dog.declared] == ["kind", "bark"]
    assert [f.name for f in puppy.declared] == ["age"]
    # Every field is still in the view, for from_dict and to_dict.
    assert [f.name for f in puppy.fields] == ["kind", "name", "bark", "age"]
    # Pet forbids extra keys; its subclasses allow them, so the first declares them.
    assert (pet.declares_extras, dog.declares_extras, puppy.declares_extras) == (
        False,
        True,
        False,
    )


def test_from_dict_dispatches_where_a_subclass_may_be_meant() -> None:
    views = _views(PET, DOG, PUPPY)
    # Pet and Dog have subclasses the tag may name; Puppy has none.
    assert views["Pet"].dispatch == ('"kind"', "_subtypes_Pet")
    assert views["Dog"].dispatch == ('"kind"', "_subtypes_Pet")
    assert views["Puppy"].dispatch is None


def test_the_subtype_tables() -> None:
    api = ir.Api(
        title="T",
        version="1",
        source_name="spec.json",
        source_sha256="0" * 64,
        models=(
            PET,
            DOG,
            PUPPY,
            _object(
                "Solo", TAG, discriminator=ir.Discriminator("kind", (("solo", "Solo"),))
            ),
        ),
    )
    # Solo's table would name only Solo itself: there is none.
    assert subtype_tables(api, plan_names(api)) == [
        (
            "_subtypes_Pet",
            "Pet",
            [('"pet"', "Pet"), ('"dog"', "Dog"), ('"pup"', "Puppy")],
        )
    ]


def test_a_model_named_like_a_reserved_name_is_spelt_by_its_class() -> None:
    # ``Client`` is taken in the package: the class is ClientModel, and every
    # place a view names the model says so.
    client = _object("Client", ir_field("id"))
    user = _object(
        "User",
        ir_field("client", ir.Ref("Client")),
        ir_field("clients", ir.ListOf(ir.Ref("Client")), required=False),
    )
    views = _views(client, user)
    assert [_spelt(f) for f in views["User"].fields] == [
        (
            "client: ClientModel",
            'client=_rt.required(data, "client", ClientModel.from_dict)',
            "self.client.to_dict()",
            '"ClientModelDict"',
        ),
        (
            "clients: list[ClientModel] | Unset = UNSET",
            'clients=_rt.optional(data, "clients", _rt.list_of(ClientModel.from_dict))',
            "_rt.encode(self.clients, _rt.list_encoder(ClientModel.to_dict))",
            'NotRequired["list[ClientModelDict]"]',
        ),
    ]
