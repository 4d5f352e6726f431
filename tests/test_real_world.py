"""Shapes real documents use (found in the APIs.guru sample) that specgen once refused
or turned into code that did not import; each test is a small inline spec."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import ir
from generator.openapi import build_api
from generator.pipeline import ir_json
from generator.select import Selection, select
from tests.conftest import GenerateFn


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


def _send(client_class: Any, call: Any) -> list[Any]:
    """The requests a sync client sends for ``call(client)``, answered with ``{}``."""
    import httpx

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

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
