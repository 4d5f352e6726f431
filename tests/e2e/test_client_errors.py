"""Errors a caller can handle (issue 31), on a generated client over httpx.MockTransport:
a body off the spec, an undeclared error status, a status named like a builtin, a
closed client, credentials the client was not given."""

from __future__ import annotations

import asyncio
import builtins
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import GenerateFn, assert_mypy_strict, minimal_spec

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def _json(description: str, ref: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"}
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


SPEC = minimal_spec(
    {
        "Pet": PET,
        "Problem": {"type": "object", "properties": {"detail": {"type": "string"}}},
    },
    paths={
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "security": [{"bearer": []}],
                "responses": {
                    "200": _json("a pet", "Pet"),
                    "404": _json("no such pet", "Problem"),
                    "501": {"description": "not implemented"},
                    "504": {"description": "gateway timeout"},
                },
            }
        },
        "/public": {
            "get": {
                "operationId": "getPublic",
                "security": [{"bearer": []}, {}],
                "responses": {"200": _json("a pet", "Pet")},
            }
        },
    },
    components={"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
)


class Server:
    """Answers every request with the next of ``answers`` (status, body), and keeps
    the requests."""

    def __init__(self, *answers: tuple[int, Any]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, body = self.answers.pop(0)
        headers = {"X-Request-Id": "r1"}
        if isinstance(body, str):
            return httpx.Response(status, text=body, headers=headers)
        return httpx.Response(status, json=body, headers=headers)


@pytest.fixture
def pkg(generate: GenerateFn) -> Any:
    return generate(SPEC)


def _client(pkg: Any, server: Server, **kwargs: Any) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(server))
    return pkg.Client("https://api.test", http_client=http, retries=None, **kwargs)


def test_a_body_off_the_spec_is_an_api_error_with_status_body_and_path(
    pkg: Any,
) -> None:
    off = {"id": 1, "name": "Rex", "tags": ["a", 2]}
    server = Server((200, off), (200, "<html>"))
    client = _client(pkg, server, bearer="t")
    with pytest.raises(pkg.APIError) as caught:
        client.default.get_pet(id=1)
    error = caught.value
    assert type(error) is pkg.ResponseValidationError
    assert error.status_code == 200 and error.headers["x-request-id"] == "r1"
    assert error.body == off and json.loads(error.content) == off
    assert error.json_path == "$.tags[1]" and error.path == ("tags", 1)
    assert "expected a string, got number" in str(error)
    assert isinstance(error, pkg.DecodeError)  # what it was before
    with pytest.raises(pkg.ResponseValidationError, match="the body is not JSON"):
        client.default.get_pet(id=1)


def test_an_error_status_gives_its_body(pkg: Any) -> None:
    server = Server(
        (404, {"detail": "gone"}),
        (422, {"detail": [{"loc": ["id"]}]}),
        (500, "upstream died"),
    )
    client = _client(pkg, server, bearer="t")
    with pytest.raises(pkg.NotFoundError) as found:
        client.default.get_pet(id=1)
    assert found.value.body == pkg.Problem(detail="gone")
    with pytest.raises(pkg.ClientError) as caught:
        client.default.get_pet(id=1)
    assert caught.value.body == {"detail": [{"loc": ["id"]}]}
    with pytest.raises(pkg.ServerError) as caught:
        client.default.get_pet(id=1)
    assert caught.value.body == "upstream died"


def test_no_error_class_shadows_a_builtin(pkg: Any) -> None:
    names = set(pkg.errors.__all__)
    assert not names & set(dir(builtins))
    assert "HTTPNotImplementedError" in names and "GatewayTimeoutError" in names
    server = Server((501, ""))
    with pytest.raises(pkg.HTTPNotImplementedError) as caught:
        _client(pkg, server, bearer="t").default.get_pet(id=1)
    assert isinstance(caught.value, pkg.ServerError)
    assert not isinstance(caught.value, builtins.NotImplementedError)


def test_a_closed_client_raises_the_packages_error(pkg: Any) -> None:
    server = Server((200, {"id": 1, "name": "a"}))
    http = httpx.Client(transport=httpx.MockTransport(server))
    client = pkg.Client("https://api.test", http_client=http, bearer="t")
    assert client.default.get_pet(id=1).name == "a"
    http.close()  # the caller's own httpx client (Client.close() leaves it open)
    with pytest.raises(pkg.ClientClosedError):
        client.default.get_pet(id=1)
    client = pkg.Client("https://api.test", bearer="t")
    client.close()
    with pytest.raises(pkg.SDKError):
        client.default.get_pet(id=1)

    async def main() -> None:
        async with pkg.AsyncClient("https://api.test", bearer="t") as client:
            pass
        with pytest.raises(pkg.ClientClosedError):
            await client.default.get_pet(id=1)

    asyncio.run(main())


def test_missing_credentials_raise_before_anything_is_sent(pkg: Any) -> None:
    server = Server((200, {"id": 1, "name": "a"}))
    client = _client(pkg, server)
    with pytest.raises(pkg.MissingCredentialsError) as caught:
        client.default.get_pet(id=1)
    assert str(caught.value) == (
        "GET /pets/1 requires credentials the client was not given: bearer"
    )
    assert server.requests == []
    # Optional auth (an empty security alternative): sent without.
    assert client.default.get_public().id == 1
    assert "authorization" not in server.requests[0].headers

    async def main() -> None:
        async with pkg.AsyncClient("https://api.test") as client:
            with pytest.raises(pkg.MissingCredentialsError):
                await client.default.get_pet(id=1)

    asyncio.run(main())


def test_the_errors_type_check(pkg: Any) -> None:
    folder = Path(pkg.__file__).parent.parent
    name = pkg.__name__
    (folder / "handles.py").write_text(
        f"from {name} import APIError, Client, ResponseValidationError, SDKError\n\n"
        "def pet_name(client: Client) -> str:\n"
        "    try:\n"
        "        return client.default.get_pet(id=1).name\n"
        "    except ResponseValidationError as error:\n"
        "        return f'{error.status_code} {error.json_path} {error.body!r}'\n"
        "    except APIError as error:\n"
        "        return f'{error.status_code} {error.body!r}'\n"
        "    except SDKError as error:\n"
        "        return str(error)\n",
        encoding="utf-8",
    )
    assert_mypy_strict(folder, name, "handles.py")
