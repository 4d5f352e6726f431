"""Shapes real documents use (found in the APIs.guru sample) that specgen once refused
or turned into code that did not import; each test is a small inline spec."""

from __future__ import annotations

import datetime
import importlib
import json
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import ir
from generator.ir.selection import Selection, select
from generator.openapi import build_api
from generator.python.ir_json import ir_json
from tests.conftest import GenerateFn, assert_mypy_strict


def _spec(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        **extra,
    }


def _write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def _import_all(package: ModuleType) -> dict[str, ModuleType]:
    """Every module of a generated package (its ``__init__`` imports them lazily)."""
    folder = Path(str(package.__file__)).parent
    return {
        path.stem: importlib.import_module(f"{package.__name__}.{path.stem}")
        for path in sorted(folder.glob("*.py"))
        if path.stem != "__init__"
    }


def _ok(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "ok"}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return {"200": response}


def test_extension_keys_of_paths_and_responses_are_ignored(
    generate: GenerateFn,
) -> None:
    """``x-`` keys may extend the Paths and Responses objects; they are not paths or statuses."""
    spec = _spec(
        {
            "x-codegen-contextRoot": "/apis",
            "x-other": {"get": "not an operation"},
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {
                        **_ok({"type": "array", "items": {"type": "string"}}),
                        "x-note": "an extension of the Responses object",
                    },
                }
            },
        }
    )
    package = generate(spec)
    client = _import_all(package)["client"]
    assert [name for name in dir(client.DefaultOperations) if name == "list_pets"]


def _send(client_class: Any, call: Any, reply: Any = None) -> list[Any]:
    """The requests a sync client sends for ``call(client)``, each answered with
    ``reply`` (``{}`` by default)."""
    import httpx

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={} if reply is None else reply)

    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        with client_class("http://test", http_client=http) as client:
            call(client)
    return seen


def test_a_hash_followed_by_path_variables_is_part_of_the_path(
    generate: GenerateFn,
) -> None:
    """``/send/#env/v1/{partnerId}`` (Mastercard) is no ``#fragment`` naming a variant:
    the path goes on, with a variable after it.  The path is called as written, its
    ``#`` percent-encoded (a bare one would end the URL), and the parameter is sent."""
    parameter = {"name": "partnerId", "in": "path", "required": True}
    spec = _spec(
        {
            "/send/#env/v1/partners/{partnerId}/transfer": {
                "post": {
                    "operationId": "transfer",
                    "parameters": [{**parameter, "schema": {"type": "string"}}],
                    "responses": _ok({"type": "object"}),
                }
            },
            "/send#variant": {
                "get": {"operationId": "variant", "responses": _ok({"type": "object"})}
            },
        }
    )
    package = generate(spec)
    _import_all(package)
    requests = _send(
        package.Client,
        lambda client: (
            client.default.transfer(partner_id="p 1"),
            client.default.variant(),
        ),
    )
    assert [r.url.raw_path for r in requests] == [
        b"/send/%23env/v1/partners/p%201/transfer",
        b"/send",
    ]


def test_a_required_enum_body_field_with_a_default_is_an_argument_with_that_default(
    generate: GenerateFn,
) -> None:
    """api2cart: the client spelt the default ``Kind.BASE`` without its module, a
    NameError when ``client.py`` was imported."""
    body = {
        "type": "object",
        "required": ["kind", "id"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["base", "small"], "default": "base"},
        },
    }
    spec = _spec(
        {
            "/images": {
                "post": {
                    "operationId": "addImage",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body}},
                    },
                    "responses": _ok({"type": "object"}),
                }
            }
        }
    )
    package = generate(spec)
    _import_all(package)
    requests = _send(package.Client, lambda client: client.default.add_image(id=1))
    assert [json.loads(r.content) for r in requests] == [{"id": 1, "kind": "base"}]


def test_webhook_payloads_become_models_named_after_the_webhook(
    generate: GenerateFn, tmp_path: Path
) -> None:
    """OpenAPI 3.1 ``webhooks``: requests the API sends.  Their inline payloads become
    models (so a receiver can decode them), the IR lists them, and no client method
    is made for them."""
    payload = {
        "type": "object",
        "required": ["id", "event"],
        "properties": {
            "id": {"type": "integer"},
            "event": {"type": "string", "enum": ["created", "deleted"]},
            "pet": {"$ref": "#/components/schemas/Pet"},
        },
    }
    pet = {"type": "object", "properties": {"name": {"type": "string"}}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "webhooks": {
            "x-note": "an extension",
            "petEvent": {
                "post": {
                    "operationId": "petEvent",
                    "requestBody": {
                        "content": {"application/json": {"schema": payload}}
                    },
                    "responses": {"200": {"description": "received"}},
                }
            },
        },
        "components": {"schemas": {"Pet": pet}},
    }
    api = build_api(_write(tmp_path / "hooks.json", spec))
    assert [(w.id, w.path, w.http_method) for w in api.webhooks] == [
        ("petEvent", "petEvent", "POST")
    ]
    assert api.operations == ()
    body = api.webhooks[0].request_body
    assert body is not None and body.type == ir.Ref("PetEventRequest")
    assert json.loads(ir_json(api))["webhooks"][0]["path"] == "petEvent"

    package = generate(spec)
    modules = _import_all(package)
    assert "client" not in modules
    wire = {"id": 7, "event": "created", "pet": {"name": "Rex"}, "extra": [1]}
    event = package.PetEventRequest.from_dict(wire)
    assert event.event is package.PetEventRequestEvent.CREATED
    assert event.pet == package.Pet(name="Rex")
    assert event.to_dict() == wire


def test_filters_keep_the_webhooks_they_select_and_their_models(
    tmp_path: Path,
) -> None:
    def hook(tag: str, model: str) -> dict[str, Any]:
        schema = {"$ref": f"#/components/schemas/{model}"}
        return {
            "post": {
                "tags": [tag],
                "requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"200": {"description": "ok"}},
            }
        }

    thing = {"type": "object", "properties": {"n": {"type": "integer"}}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "webhooks": {"a": hook("keep", "A"), "b": hook("drop", "B")},
        "components": {"schemas": {"A": thing, "B": thing}},
    }
    api = select(
        build_api(_write(tmp_path / "hooks.json", spec)),
        Selection(include_tags=("keep",)),
    )
    assert [w.path for w in api.webhooks] == ["a"]
    assert [m.name for m in api.models] == ["A"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


PETS: dict[str, Any] = {
    "Pet": {
        "type": "object",
        "required": ["petType", "name"],
        "properties": {
            "petType": {"type": "string"},
            "name": {"type": "string"},
            "toy": {"type": "object"},
        },
        "discriminator": {
            "propertyName": "petType",
            "mapping": {"dog": _ref("Dog")["$ref"]},
        },
    },
    "Dog": {
        "allOf": [
            _ref("Pet"),
            {
                "type": "object",
                "required": ["bark"],
                "properties": {
                    "bark": {"type": "boolean"},
                    "petType": {"type": "string", "enum": ["dog"]},
                    # Narrower than Pet's untyped object, but not in Python's
                    # types (a dataclass is no dict): Pet's toy may be either.
                    "toy": {
                        "type": "object",
                        "properties": {"squeaks": {"type": "boolean"}},
                    },
                },
            },
        ]
    },
    # No mapping entry: its tag is its component name.
    "Cat": {
        "allOf": [
            _ref("Pet"),
            {"type": "object", "properties": {"lives": {"type": "integer"}}},
        ]
    },
    # A grandchild: a Pet tagged "Puppy" is a Puppy, and so is such a Dog.
    "Puppy": {
        "allOf": [
            _ref("Dog"),
            {"type": "object", "properties": {"age": {"type": "integer"}}},
        ]
    },
    "Home": {
        "type": "object",
        "properties": {
            "pet": _ref("Pet"),
            "pets": {"type": "array", "items": _ref("Pet")},
            "byName": {"type": "object", "additionalProperties": _ref("Pet")},
            "maybe": {"oneOf": [_ref("Pet"), {"type": "null"}]},
        },
    },
}

DOG = {"petType": "dog", "name": "Rex", "bark": True, "toy": {"squeaks": True}}
CAT = {"petType": "Cat", "name": "Tom", "lives": 9}
PUPPY = {"petType": "Puppy", "name": "Bit", "bark": False, "age": 1}
PET = {"petType": "parrot", "name": "Polly", "words": 12, "toy": {"bell": 1}}


def test_a_discriminator_on_an_allof_base_decodes_the_subtype_it_names(
    generate: GenerateFn,
) -> None:
    """``Dog = allOf[Pet, ...]`` with the discriminator on Pet: a Pet payload tagged
    for Dog is a Dog (a subclass of Pet), wherever Pet is used, and encodes back to
    the same JSON."""
    package = generate({**_spec({}), "components": {"schemas": PETS}})
    Pet, Dog, Cat, Puppy = package.Pet, package.Dog, package.Cat, package.Puppy
    assert issubclass(Dog, Pet) and issubclass(Cat, Pet) and issubclass(Puppy, Dog)
    for payload, cls in [(DOG, Dog), (CAT, Cat), (PUPPY, Puppy), (PET, Pet)]:
        decoded = Pet.from_dict(payload)
        assert type(decoded) is cls
        assert decoded.to_dict() == payload
    assert Pet.from_dict(PET).additional_properties == {"words": 12}
    assert type(Dog.from_dict(PUPPY)) is Puppy
    # A tag outside the class's family leaves the payload to the class itself.
    assert type(Dog.from_dict({**CAT, "bark": True})) is Dog
    home = {"pet": DOG, "pets": [CAT, PUPPY, PET], "byName": {"d": DOG}, "maybe": CAT}
    decoded_home = package.Home.from_dict(home)
    assert type(decoded_home.pet) is Dog
    assert [type(p) for p in decoded_home.pets] == [Cat, Puppy, Pet]
    assert type(decoded_home.by_name["d"]) is Dog and type(decoded_home.maybe) is Cat
    assert decoded_home.to_dict() == home
    assert decoded_home.pet.bark is True
    assert decoded_home.pet.toy == package.DogToy(squeaks=True)
    assert Pet.from_dict(PET).toy == {"bell": 1}
    toy = typing.get_type_hints(Pet)["toy"]
    assert set(typing.get_args(toy)) == {dict[str, Any], package.DogToy, package.Unset}


USER_CODE = """
from typing import Any

from {package} import Cat, Dog, Home, Pet, Unset


def describe(payload: dict[str, Any]) -> str:
    pet = Pet.from_dict(payload)
    if isinstance(pet.toy, dict):
        return f"{{pet.name}} has a toy with {{len(pet.toy)}} keys"
    if isinstance(pet, Dog):
        squeaks = not isinstance(pet.toy, Unset) and pet.toy.squeaks is True
        return f"{{pet.name}} barks: {{pet.bark}}, squeaks: {{squeaks}}"
    if isinstance(pet, Cat) and not isinstance(pet.lives, Unset):
        return f"{{pet.name}} has {{pet.lives + 0}} lives"
    return pet.name


def barkers(home: Home) -> list[Dog]:
    pets: list[Pet] = [] if isinstance(home.pets, Unset) else home.pets
    return [pet for pet in pets if isinstance(pet, Dog)]


dog: Dog = Dog.from_dict({{}})
pet: Pet = dog
encoded: dict[str, Any] = pet.to_dict()
"""


def test_user_code_handling_subtypes_passes_mypy_strict(generate: GenerateFn) -> None:
    package = generate({**_spec({}), "components": {"schemas": PETS}})
    folder = Path(str(package.__file__)).parent.parent
    (folder / "usercode").mkdir()
    (folder / "usercode" / "__init__.py").write_text(
        USER_CODE.format(package=package.__name__), encoding="utf-8"
    )
    assert_mypy_strict(folder, "-p", package.__name__, "-p", "usercode")


def test_a_body_that_may_be_a_subtype_is_passed_whole(generate: GenerateFn) -> None:
    """A JSON body of type Pet may be a Dog: the method takes ``body=`` (a Pet or a
    dict), not Pet's fields as arguments, and answers decode to the subtype."""
    content = {"application/json": {"schema": _ref("Pet")}}
    operation = {
        "operationId": "replacePet",
        "requestBody": {"required": True, "content": content},
        "responses": {"200": {"description": "the pet", "content": content}},
    }
    spec = {**_spec({"/pet": {"put": operation}}), "components": {"schemas": PETS}}
    package = generate(spec)
    _import_all(package)
    returned: list[Any] = []
    requests = _send(
        package.Client,
        lambda client: returned.extend(
            [
                client.default.replace_pet(body=package.Dog.from_dict(DOG)),
                client.default.replace_pet(body=CAT),
            ]
        ),
        reply=PUPPY,
    )
    assert [json.loads(r.content) for r in requests] == [DOG, CAT]
    assert [type(p) for p in returned] == [package.Puppy, package.Puppy]


def test_a_subtype_that_lets_a_field_be_null_is_left_out_with_a_warning(
    generate: GenerateFn, tmp_path: Path
) -> None:
    """``Bird`` lets Pet's ``name`` be null: code that reads a Pet's name as a string
    would meet a None, so Bird is no subclass, and Pet payloads tagged for it stay
    Pets.  So do those the mapping sends to a schema that is no Pet at all."""
    mapping = {"dog": _ref("Dog")["$ref"], "fish": _ref("Fish")["$ref"]}
    pet = {
        **PETS["Pet"],
        "discriminator": {"propertyName": "petType", "mapping": mapping},
    }
    schemas = {
        **PETS,
        "Pet": pet,
        "Fish": {"type": "object", "properties": {"fins": {"type": "integer"}}},
        "Bird": {
            "allOf": [
                _ref("Pet"),
                {
                    "type": "object",
                    "properties": {"name": {"type": ["string", "null"]}},
                },
            ]
        },
    }
    spec = {**_spec({}), "components": {"schemas": schemas}}
    api = build_api(_write(tmp_path / "birds.json", spec))
    bird = api.model("Bird")
    assert isinstance(bird, ir.ObjectModel) and bird.parent is None
    assert [str(d) for d in api.diagnostics] == [
        "birds.json: #/components/schemas/Bird: Bird does not extend Pet: its field"
        " 'name' may be null, the parent's not; payloads tagged for Bird decode as Pet",
        "birds.json: #/components/schemas/Pet: the discriminator maps 'fish' to Fish,"
        " which does not extend Pet through allOf; payloads tagged 'fish' decode as Pet",
    ]
    package = generate(spec)
    assert not issubclass(package.Bird, package.Pet)
    for payload in [
        {"petType": "Bird", "name": "Tweety"},
        {"petType": "fish", "name": "F"},
    ]:
        assert type(package.Pet.from_dict(payload)) is package.Pet
        assert package.Pet.from_dict(payload).to_dict() == payload


def test_a_discriminator_mapping_to_nothing_is_ignored_with_a_warning(
    generate: GenerateFn, tmp_path: Path
) -> None:
    """Bundlers inline ``$ref``s but leave mapping values (``./dog.yaml``) behind;
    a mapping only says where decoding looks first, so such entries are skipped."""
    schemas = {
        "Cat": {"type": "object", "properties": {"kind": {"const": "cat"}}},
        "Animal": {
            "oneOf": [_ref("Cat"), {"type": "string"}],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"dog": "./dog.yaml", "cow": "Cow", "cat": "Cat"},
            },
        },
    }
    spec = {**_spec({}), "components": {"schemas": schemas}}
    api = build_api(_write(tmp_path / "animals.json", spec))
    animal = api.model("Animal")
    assert isinstance(animal, ir.UnionModel) and animal.discriminator is not None
    assert animal.discriminator.mapping == (("cat", "Cat"),)
    assert [(d.file, d.pointer) for d in api.diagnostics] == [
        ("animals.json", "#/components/schemas/Animal/discriminator/mapping/cow"),
        ("animals.json", "#/components/schemas/Animal/discriminator/mapping/dog"),
    ]
    package = generate(spec)
    assert package.models._decode_Animal({"kind": "cat"}) == package.Cat(kind="cat")
    # A mapping that is no mapping at all leaves the members' own tags (Cat's
    # const), as a discriminator without a mapping has them.
    schemas["Animal"]["discriminator"]["mapping"] = ["cat", "Cat"]
    api = build_api(_write(tmp_path / "animals.json", spec))
    animal = api.model("Animal")
    assert isinstance(animal, ir.UnionModel) and animal.discriminator is not None
    assert animal.discriminator.mapping == (("cat", "Cat"),)
    assert [d.message for d in api.diagnostics] == [
        "a discriminator's mapping must be a mapping; ignored"
    ]


def test_a_tag_that_is_not_a_string_falls_back_to_the_variants(
    generate: GenerateFn,
) -> None:
    """A payload whose tag is a list was looked up as a key: ``TypeError`` escaped
    where a ``DecodeError`` (or another variant) was due."""
    schemas = {
        "Cat": {"type": "object", "properties": {"kind": {"const": "cat"}}},
        "Box": {"type": "object", "properties": {"kind": {"type": "array"}}},
        "Thing": {
            "oneOf": [_ref("Cat"), _ref("Box")],
            "discriminator": {"propertyName": "kind"},
        },
    }
    package = generate({**_spec({}), "components": {"schemas": schemas}})
    decode = package.models._decode_Thing
    assert decode({"kind": ["x"]}) == package.Box(kind=["x"])
    with pytest.raises(package.DecodeError, match="no variant"):
        decode({"kind": {"a": 1}})


TUPLES: dict[str, Any] = {
    "Point": {
        "type": "object",
        "required": ["at", "line"],
        "properties": {
            # [lon, lat]: exactly two numbers.
            "at": {
                "type": "array",
                "prefixItems": [{"type": "number"}, {"type": "number"}],
                "minItems": 2,
                "maxItems": 2,
            },
            # A date, then any number of labelled readings.
            "line": {
                "type": "array",
                "prefixItems": [{"type": "string", "format": "date"}],
                "items": _ref("Reading"),
                "minItems": 1,
            },
            # Optional trailing positions, one of them nullable; nothing after them.
            "tag": {
                "type": "array",
                "prefixItems": [
                    {"type": "string", "enum": ["a", "b"]},
                    {"type": ["integer", "null"]},
                ],
                "items": False,
            },
        },
    },
    "Reading": {"type": "object", "properties": {"v": {"type": "integer"}}},
    "Pair": {"type": "array", "prefixItems": [_ref("Reading"), _ref("Pair")]},
    # The spelling before JSON Schema 2020-12: refused once ("must be an object").
    "Legacy": {
        "type": "array",
        "items": [{"type": "string"}, {"type": "integer"}],
        "additionalItems": False,
        "minItems": 2,
    },
}


def test_prefix_items_are_tuples_typed_by_position(generate: GenerateFn) -> None:
    """``prefixItems`` (3.1): a tuple, each item decoded by its own schema, the rest by
    ``items``; the lengths allowed are checked, and it encodes back to the array."""
    package = generate({**_spec({}), "components": {"schemas": TUPLES}})
    wire = {
        "at": [1.5, -2],
        "line": ["2024-01-31", {"v": 1}, {"v": 2}],
        "tag": ["a", None],
    }
    point = package.Point.from_dict(wire)
    assert point.at == (1.5, -2)
    assert point.line == (
        datetime.date(2024, 1, 31),
        package.Reading(v=1),
        package.Reading(v=2),
    )
    assert point.tag == (package.PointTagItem1.A, None)
    assert point.to_dict() == wire
    short = {"at": [0, 0], "line": ["2024-01-31"], "tag": []}
    assert package.Point.from_dict(short).to_dict() == short
    for bad, message in [
        ({**wire, "at": [1]}, r"at \$\.at: expected 2 items, got 1"),
        ({**wire, "line": []}, r"at \$\.line: expected at least 1 items, got 0"),
        ({**wire, "tag": ["a", 1, 2]}, r"at \$\.tag: expected 0 to 2 items, got 3"),
        ({**wire, "line": ["2024-01-31", {"v": "x"}]}, r"at \$\.line\[1\]\.v: "),
    ]:
        with pytest.raises(package.DecodeError, match=message):
            package.Point.from_dict(bad)
    pair = [{"v": 1}, [{"v": 2}, [{"v": 3}]], "more"]
    assert package.models._encode_Pair(package.models._decode_Pair(pair)) == pair
    assert package.models._decode_Legacy(["x", 1]) == ("x", 1)
    hints = typing.get_type_hints(package.Point)
    assert hints["at"] == tuple[float, float]
    folder = Path(str(package.__file__)).parent.parent
    assert_mypy_strict(folder, "-p", package.__name__)
