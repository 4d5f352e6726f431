"""Operation pages (``docs/sdks/<group>/README.md``) into IR operations."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.markdown import build_api_from_docs, load_docs
from generator.markdown.operations import read_doc_operations
from generator.python.name_plan import plan_names

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

MODEL = """# Pet

## Fields

| Field | Type | Required | Description |
| ----- | ---- | -------- | ----------- |
| `id` | *int* | :heavy_check_mark: | N/A |
"""
ERROR = """# NotFound

## Fields

| Field | Type | Required | Description |
| ----- | ---- | -------- | ----------- |
| `detail` | *str* | :heavy_check_mark: | N/A |
"""
README = """# Beta.Pets
(*beta.pets*)

## Overview

Pets.

### Available Operations

* [get_pet](#get_pet) - Get a pet
* [watch](#watch)
* [~~old~~](#old) - Old :warning: **Deprecated**

## get_pet

Fetch one pet.

## Returns

A pet, in its own heading that is not an operation.

### Example Usage

<!-- UsageSnippet language="python" operationID="pets_get" method="get" path="/pets/{pet_id}" -->
```python
res = client.beta.pets.get_pet(pet_id=1)
```

### Parameters

| Parameter | Type | Required | Description |
| --------- | ---- | -------- | ----------- |
| `pet_id` | *int* | :heavy_check_mark: | The pet. |
| `verbose` | *Optional[bool]* | :heavy_minus_sign: | N/A |
| `retries` | [Optional[utils.RetryConfig]](../../models/utils/retryconfig.md) | :heavy_minus_sign: | Retries. |

### Response

**[models.Pet](../../models/pet.md)**

### Errors

| Error Type | Status Code | Content Type |
| ---------- | ----------- | ------------ |
| errors.NotFound | 404 | application/json |
| errors.SDKError | 4XX, 5XX | \\*/\\* |

## watch

### Example Usage

<!-- UsageSnippet language="python" operationID="pets_watch" method="post" path="/pets/watch#sse" -->
```python
```

### Parameters

| Parameter | Type | Required | Description |
| --------- | ---- | -------- | ----------- |
| `filter_` | [models.Pet](../../models/pet.md) | :heavy_check_mark: | N/A |

### Response

**[Union[eventstreaming.EventStream[models.Pet], eventstreaming.EventStreamAsync[models.Pet]]](../../models/.md)**

## ~~old~~

> :warning: **DEPRECATED**: This will be removed in a future release.

### Parameters

| Parameter | Type | Required | Description |
| --------- | ---- | -------- | ----------- |

### Response

**[List[models.Pet]](../../models/.md)**
"""


def _tree(tmp_path: Path) -> Path:
    files = {
        "docs/models/pet.md": MODEL,
        "docs/errors/notfound.md": ERROR,
        "docs/sdks/pets/README.md": README,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_operation_page_to_ir(tmp_path: Path) -> None:
    api = build_api_from_docs([_tree(tmp_path)])
    names = plan_names(api).operations
    by_method = {names[op.id].method: op for op in api.operations}
    assert set(by_method) == {"get_pet", "watch"}  # `old` names no HTTP method
    assert any("old is left out" in w for w in map(str, api.diagnostics))
    get = by_method["get_pet"]
    assert (get.id, names[get.id].group, get.http_method, get.path) == (
        "pets_get",
        "beta_pets",
        "GET",
        "/pets/{pet_id}",
    )
    assert get.summary == "Get a pet"
    assert get.description is not None and "## Returns" in get.description
    assert [(p.name, p.location, p.required) for p in get.parameters] == [
        ("pet_id", "path", True),
        ("verbose", "query", False),
    ]
    assert get.parameters[0].description == "The pet."
    assert [(r.status, r.type) for r in get.responses] == [
        ("200", ir.Ref("Pet")),
        ("404", ir.Ref("NotFound")),
        ("4XX", None),
        ("5XX", None),
    ]
    assert get.responses[3].content_type == "*/*"
    watch = by_method["watch"]
    assert watch.streaming and watch.responses[0].streaming
    assert watch.path == "/pets/watch"
    assert watch.request_body is not None and watch.request_body.type == ir.Ref("Pet")


def test_deprecated_operation_is_read(tmp_path: Path) -> None:
    docs = load_docs([_tree(tmp_path)])
    operations = {op.method: op for op in read_doc_operations(docs)}
    old = operations["old"]
    assert old.deprecated and old.summary == "Old"
    assert old.response == ir.ListOf(ir.Ref(str((tmp_path / "docs/models/pet.md"))))


@pytest.mark.parametrize(
    ("tree", "operations", "streaming"),
    [
        ("atoma/atoma-sdk-typescript", 17, 4),
        ("atoma/atoma-sdk-python", 12, 2),
        ("mistral/client-ts", 121, 7),
        ("mistral/client-python", 121, 7),
    ],
)
def test_corpus_operation_pages(tree: str, operations: int, streaming: int) -> None:
    folder = CORPUS / tree
    if not folder.is_dir():
        pytest.skip(f"{folder} is not available")
    docs = load_docs([folder])
    found = read_doc_operations(docs)
    assert len(found) == operations
    assert sum(op.streaming for op in found) == streaming
    assert all(op.response is not None or not op.streaming for op in found)
    if tree == "atoma/atoma-sdk-typescript":
        # The description of `create` holds its own ## Returns and ## Errors.
        create = next(
            op for op in found if op.group == "chat" and op.method == "create"
        )
        assert create.description is not None
        assert "## Returns" in create.description and "## Errors" in create.description
    api = build_api_from_docs([folder])
    with_snippets = sum(bool(op.http_method) for op in found)
    assert len(api.operations) == with_snippets


WRAPPER = """# UpdatePetRequest

## Fields

| Field | Type | Required | Description |
| ----- | ---- | -------- | ----------- |
| `petId` | *number* | :heavy_check_mark: | N/A |
| `dryRun` | *boolean* | :heavy_minus_sign: | N/A |
| `requestBody` | [components.Pet](../../models/components/pet.md) | :heavy_check_mark: | N/A |
"""
TS_README = """# Pets
(*pets*)

### Available Operations

* [update](#update)
* [create](#create)

## update

<!-- UsageSnippet language="typescript" operationID="pets_update" method="put" path="/pets/{pet_id}" -->

### Parameters

| Parameter | Type | Required | Description |
| --------- | ---- | -------- | ----------- |
| `request` | [operations.UpdatePetRequest](../../models/operations/updatepetrequest.md) | :heavy_check_mark: | The request object to use for the request. |
| `options` | RequestOptions | :heavy_minus_sign: | Used to set various options for making HTTP requests. |

### Response

**Promise\\<void\\>**

## create

<!-- UsageSnippet language="typescript" operationID="pets_create" method="post" path="/pets" -->

### Parameters

| Parameter | Type | Required | Description |
| --------- | ---- | -------- | ----------- |
| `id` | *number* | :heavy_check_mark: | N/A |

### Response

**Promise\\<[components.Pet](../../models/components/pet.md)\\>**
"""


def test_request_wrappers_and_flattened_bodies(tmp_path: Path) -> None:
    files = {
        "docs/models/components/pet.md": MODEL.replace("*int*", "*number*"),
        "docs/models/operations/updatepetrequest.md": WRAPPER,
        "docs/sdks/pets/README.md": TS_README,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    api = build_api_from_docs([tmp_path])
    by_id = {op.id: op for op in api.operations}
    update = by_id["pets_update"]
    # The TypeScript ``request`` row stands for the wrapper page's fields.
    assert [(p.name, p.location, p.required) for p in update.parameters] == [
        ("pet_id", "path", True),
        ("dry_run", "query", False),
    ]
    assert update.request_body is not None
    assert update.request_body.type == ir.Ref("Pet")
    assert [r.type for r in update.responses] == [None]
    # Flattened body rows are matched to the page with exactly those fields.
    create = by_id["pets_create"]
    assert create.parameters == ()
    assert create.request_body is not None and create.request_body.type == ir.Ref("Pet")
