"""Which value a success response returns, by its status, with several declared.

The responses are served by an httpx mock transport that answers with the status
the test asks for, so each branch of the generated ``_parse`` is taken for real.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import assert_mypy_strict
from tests.server.packages import spec_package

PACKAGE = "success_client_under_test"

PET = {"$ref": "#/components/schemas/Pet"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "", "content": {"application/json": {"schema": schema}}}


def _text() -> dict[str, Any]:
    return {
        "description": "",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Success", "version": "1"},
    "paths": {
        "/same": {
            "get": {
                "operationId": "same",
                "responses": {"200": _json(PET), "201": _json(PET), "202": _json(PET)},
            }
        },
        "/grouped": {
            "get": {
                "operationId": "grouped",
                "responses": {
                    "200": _json(PET),
                    "201": _json(PET),
                    "204": {"description": "no content"},
                },
            }
        },
        "/ranged": {
            "get": {
                "operationId": "ranged",
                "responses": {"200": _json(PET), "202": _text(), "2XX": _json(PET)},
            }
        },
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}},
            }
        }
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with spec_package(tmp_path_factory.mktemp("success"), SPEC, PACKAGE) as module:
        yield module


def _answer(request: httpx.Request) -> httpx.Response:
    status = int(request.headers["x-status"])
    if status == 204:
        return httpx.Response(204)
    if request.url.path == "/ranged" and status == 202:
        return httpx.Response(202, text="queued")
    return httpx.Response(status, json={"name": f"pet {status}"})


def _call(pkg: ModuleType, operation: str, status: int) -> Any:
    with httpx.Client(transport=httpx.MockTransport(_answer)) as http:
        with pkg.Client("http://test", http_client=http) as client:
            method = getattr(client.default, operation)
            return method(headers={"x-status": str(status)})


def _branches(pkg: ModuleType, operation: str) -> int:
    source = inspect.getsource(getattr(pkg.client.DefaultOperations, operation))
    return source.count("if _response.status_code")


def test_statuses_returning_the_same_value_need_no_branch(pkg: ModuleType) -> None:
    assert _branches(pkg, "same") == 0
    for status in (200, 201, 202, 203):
        pet = _call(pkg, "same", status)
        assert isinstance(pet, pkg.Pet) and pet.name == f"pet {status}"


def test_statuses_returning_the_same_value_share_a_branch(pkg: ModuleType) -> None:
    assert _branches(pkg, "grouped") == 1
    for status in (200, 201):
        pet = _call(pkg, "grouped", status)
        assert isinstance(pet, pkg.Pet) and pet.name == f"pet {status}"
    # 204, the last declared, is also what an undeclared success status returns.
    assert _call(pkg, "grouped", 204) is None
    assert _call(pkg, "grouped", 206) is None


def test_a_range_is_the_fallback_and_other_values_keep_their_branch(
    pkg: ModuleType,
) -> None:
    assert _branches(pkg, "ranged") == 1
    assert _call(pkg, "ranged", 202) == "queued"
    for status in (200, 203):
        pet = _call(pkg, "ranged", status)
        assert isinstance(pet, pkg.Pet) and pet.name == f"pet {status}"


def test_success_client_is_mypy_strict_clean(pkg: ModuleType) -> None:
    folder = Path(pkg.__file__).resolve().parent
    assert_mypy_strict(folder.parent, folder.name)
