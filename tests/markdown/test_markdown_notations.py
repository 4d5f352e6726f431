"""Each notation of every Speakeasy generation, on a small page of its own.

The 2025 trees (Atoma, Mistral) are covered by tests/markdown/test_markdown_pages.py; these
are the notations older and other generations write, as the wingspan trees (2024)
and other public Speakeasy docs show them: raw HTTP response rows, ``shared.`` and
bare link labels, TypeScript index signatures and object literals, scalar responses
linked to no page, ``<nil>`` enum values, envelope responses, older error tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import ir
from generator.cli.main import main
from generator.markdown import build_api_from_docs
from generator.markdown.matching import fold, spell_number
from generator.python.name_plan import plan_names

S, I, N, B = (
    ir.Primitive("string"),
    ir.Primitive("integer"),
    ir.Primitive("number"),
    ir.Primitive("boolean"),
)
TABLE = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
OWNER = (
    "# Owner\n\n\n## Fields\n\n"
    + TABLE
    + "| `name` | *str* | :heavy_check_mark: | N/A |\n"
)


def _api(tmp_path: Path, pages: dict[str, str]) -> ir.Api:
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_api_from_docs([tmp_path / "docs"])


def _fields(api: ir.Api, model: str) -> dict[str, ir.Field]:
    found = api.model(model)
    assert isinstance(found, ir.ObjectModel)
    attributes = plan_names(api).models[model].fields
    return {attributes[f.name]: f for f in found.fields}


@pytest.mark.parametrize(
    ("row", "flavour"),
    [
        (
            "| `raw_response` | [requests.Response](https://requests.readthedocs.io/en/"
            "latest/api/#requests.Response) | :heavy_minus_sign: | Raw HTTP response |",
            "python 2024",
        ),
        (
            "| `raw_response` | [httpx.Response](https://www.python-httpx.org/api/#response)"
            " | :heavy_check_mark: | Raw HTTP response |",
            "python 2025",
        ),
        (
            "| `rawResponse` | [AxiosResponse](https://axios-http.com/docs/res_schema) | "
            ":heavy_minus_sign: | Raw HTTP response |",
            "typescript 2024",
        ),
        (
            "| `rawResponse` | [AxiosResponse>](https://axios-http.com/docs/res_schema) | "
            ":heavy_minus_sign: | N/A |",
            "typescript 2023",
        ),
        (
            "| `rawResponse` | [Response](https://developer.mozilla.org/en-US/docs/Web/API/"
            "Response) | :heavy_check_mark: | Raw HTTP response |",
            "typescript 2023",
        ),
        (
            "| `rawResponse` | [RawResponse](https://example.com/raw) | :heavy_check_mark: "
            "| Raw HTTP response |",
            "any",
        ),
    ],
)
def test_raw_http_response_rows_are_any(tmp_path: Path, row: str, flavour: str) -> None:
    """The SDK's raw HTTP response (an envelope's row) is the platform's object."""
    api = _api(
        tmp_path,
        {
            "models/operations/getresponse.md": "# GetResponse\n\n\n## Fields\n\n"
            + TABLE
            + row
            + "\n"
        },
    )
    assert api.diagnostics == ()
    (field,) = _fields(api, "GetResponse").values()
    assert field.type == ir.AnyType() and field.notes == ()


@pytest.mark.parametrize(
    "namespace", ["components", "operations", "errors", "shared", "models"]
)
def test_every_namespace_links_and_names_pages(tmp_path: Path, namespace: str) -> None:
    page = (
        "# Holder\n\n## Fields\n\n"
        + TABLE
        + f"| `owner` | [{namespace}.Owner](../{namespace}/owner.md) | :heavy_check_mark: | N/A |\n"
        + f"| `owners` | *{namespace}.Owner*[] | :heavy_minus_sign: | N/A |\n"
    )
    api = _api(
        tmp_path,
        {
            f"models/{namespace}/holder.md": page,
            f"models/{namespace}/owner.md": OWNER,
            # The same stem elsewhere: the namespace's own folder wins.
            "models/other/owner.md": OWNER.replace("`name`", "`other`"),
        },
    )
    assert api.diagnostics == ()
    fields = _fields(api, "Holder")
    owner = fields["owner"].type
    assert isinstance(owner, ir.Ref) and fields["owners"].type == ir.ListOf(owner)
    assert api.model(owner.name).source == f"models/{namespace}/owner.md"


def test_python_2024_bare_and_optional_wrapped_links(tmp_path: Path) -> None:
    """2024 Python pages link models by bare name, wrapped or not, in the same
    namespace (``[Optional[Address]](…)``); they write no ``Nullable``."""
    api = _api(
        tmp_path,
        {
            "models/shared/card.md": "# Card\n\n\n## Fields\n\n"
            + TABLE
            + "| `address` | [Address](../../models/shared/address.md) | :heavy_check_mark: | N/A |\n"
            + "| `billing` | [Optional[Address]](../../models/shared/address.md) | :heavy_minus_sign: | N/A |\n"
            + "| `history` | List[[Address](../../models/shared/address.md)] | :heavy_minus_sign: | N/A |\n"
            + "| `by_id` | Dict[str, [Address](../../models/shared/address.md)] | :heavy_minus_sign: | N/A |\n"
            + "| `owner` | [Optional[shared.Owner]](../../models/shared/owner.md) | :heavy_minus_sign: | N/A |\n"
            + "| `raw_response` | [requests.Response](https://requests.readthedocs.io/) | :heavy_minus_sign: | N/A |\n",
            "models/shared/address.md": "# Address\n\n\n## Fields\n\n"
            + TABLE
            + "| `line1` | *Optional[str]* | :heavy_minus_sign: | N/A |\n",
            "models/shared/owner.md": OWNER,
        },
    )
    assert api.diagnostics == ()
    fields = _fields(api, "Card")
    address = ir.Ref("Address")
    assert fields["address"].type == address and fields["address"].required
    assert fields["billing"].type == address and not fields["billing"].required
    assert fields["history"].type == ir.ListOf(address)
    assert fields["by_id"].type == ir.MapOf(address)
    assert fields["owner"].type == ir.Ref("Owner")


def test_python_2025_wrapped_items_are_nullable(tmp_path: Path) -> None:
    api = _api(
        tmp_path,
        {
            "models/holder.md": "# Holder\n\n\n## Fields\n\n"
            + TABLE
            + "| `extra` | Dict[str, [Nullable[models.Owner]](../models/owner.md)] | :heavy_check_mark: | N/A |\n"
            + "| `options` | List[[Nullable[models.Owner]](../models/owner.md)] | :heavy_check_mark: | N/A |\n"
            + "| `owner` | [OptionalNullable[models.Owner]](../models/owner.md) | :heavy_minus_sign: | N/A |\n",
            "models/owner.md": OWNER,
        },
    )
    fields = _fields(api, "Holder")
    owner = ir.Ref("Owner")
    assert fields["extra"].type == ir.MapOf(ir.NullOr(owner))
    assert fields["options"].type == ir.ListOf(ir.NullOr(owner))
    assert fields["owner"].type == owner and fields["owner"].nullable


def test_typescript_index_signatures_and_object_literals(tmp_path: Path) -> None:
    api = _api(
        tmp_path,
        {
            "models/components/value.md": "# Value\n\n## Supported Types\n\n"
            "### `{ [k: string]: components.Owner }`\n\n"
            "```typescript\nconst value: { [k: string]: components.Owner } = {};\n```\n\n"
            "### `{ [k: string]: any }[]`\n\n"
            "### `{ id: string; count?: number }`\n\n"
            "### `{}`\n",
            "models/components/owner.md": "# Owner\n\n## Fields\n\n"
            + TABLE
            + "| `name` | *string* | :heavy_check_mark: | N/A |\n"
            + "| `tags` | { [k: string]: *string* } | :heavy_minus_sign: | N/A |\n",
        },
    )
    assert api.diagnostics == ()
    value = api.model("Value")
    assert isinstance(value, ir.UnionModel)
    assert value.variants == (
        ir.MapOf(ir.Ref("Owner")),
        ir.ListOf(ir.MapOf(ir.AnyType())),
        ir.MapOf(ir.AnyType()),  # an inline object: an object of any keys
    )
    assert value.examples == ({},)
    assert _fields(api, "Owner")["tags"].type == ir.MapOf(S)


OPERATION = """# Pets
(*pets*)

### Available Operations

* [get](#get) - Get a pet

## get

<!-- UsageSnippet language="typescript" operationID="getPet" method="get" path="/pets/{{id}}" -->
### Parameters

{parameters}

### Response

{response}

### Errors

{errors}
"""


def _operation(
    tmp_path: Path,
    response: str,
    parameters: str = TABLE.replace("Field", "Parameter")
    + "| `id` | *string* | :heavy_check_mark: | N/A |\n",
    errors: str = "",
    pages: dict[str, str] | None = None,
) -> ir.Api:
    page = OPERATION.format(parameters=parameters, response=response, errors=errors)
    return _api(
        tmp_path,
        {
            "sdks/pets/README.md": page,
            "models/components/owner.md": OWNER,
            **(pages or {}),
        },
    )


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        # Scalars: Speakeasy links them to ``models/.md``, a page with no name.
        ("**[float](../../models/.md)**", N),
        ("**[Any](../../models/.md)**", ir.AnyType()),
        ("**Promise\\<[any](../../models/.md)\\>**", ir.AnyType()),
        (
            "**Promise\\<[ReadableStream<Uint8Array>](../../models/.md)\\>**",
            ir.Primitive("string", "binary"),
        ),
        ("**[httpx.Response](../../models/.md)**", ir.AnyType()),
        # Index signatures and lists of them, with names resolved by page stem.
        (
            "**Promise\\<[{ [k: string]: any }](../../models/.md)\\>**",
            ir.MapOf(ir.AnyType()),
        ),
        ("**Promise\\<[{ [k: string]: number }](../../models/.md)\\>**", ir.MapOf(N)),
        (
            "**Promise\\<[{ [k: string]: any }[]](../../models/.md)\\>**",
            ir.ListOf(ir.MapOf(ir.AnyType())),
        ),
        (
            "**Promise\\<[{ [k: string]: components.Owner }](../../models/.md)\\>**",
            ir.MapOf(ir.Ref("Owner")),
        ),
        # 2024 TypeScript writes ``<`` unescaped; newer trees escape it.
        (
            "**Promise<[components.Owner](../../models/components/owner.md)>**",
            ir.Ref("Owner"),
        ),
        (
            "**Promise\\<[components.Owner[]](../../models/components/owner.md)\\>**",
            ir.ListOf(ir.Ref("Owner")),
        ),
        (
            "**[List[models.Owner]](../../models/components/owner.md)**",
            ir.ListOf(ir.Ref("Owner")),
        ),
    ],
)
def test_response_notations(
    tmp_path: Path, response: str, expected: ir.TypeRef
) -> None:
    api = _operation(tmp_path, response)
    assert api.diagnostics == ()
    (operation,) = api.operations
    assert (operation.http_method, operation.path) == ("GET", "/pets/{id}")
    assert operation.responses[0].type == expected


def test_streaming_and_void_responses(tmp_path: Path) -> None:
    python = "**[Union[eventstreaming.EventStream[models.Owner], eventstreaming.EventStreamAsync[models.Owner]]](../../models/components/owner.md)**"
    typescript = "**Promise\\<[EventStream<components.Owner>](../../models/components/owner.md)\\>**"
    for response in (python, typescript):
        (operation,) = _operation(tmp_path, response).operations
        assert operation.streaming and operation.responses[0].type == ir.Ref("Owner")
    (operation,) = _operation(tmp_path, "**Promise\\<void\\>**").operations
    assert operation.responses[0].type is None and not operation.streaming


def test_a_scalar_linked_to_a_missing_page_is_that_scalar_and_a_diagnostic(
    tmp_path: Path,
) -> None:
    api = _operation(tmp_path, "**[str](../../models/signedurl.md)**")
    assert api.operations[0].responses[0].type == S
    assert [str(d) for d in api.diagnostics] == [
        "sdks/pets/README.md: line 20: the link of str goes to "
        "../../models/signedurl.md, which is not among the docs; read as str"
    ]


def test_envelope_response_gives_its_body(tmp_path: Path) -> None:
    """2024's envelope (``content_type``, ``status_code``, ``raw_response`` and the
    body): the operation returns the body; the envelope page is still a model."""
    envelope = (
        "# GetPetResponse\n\n\n## Fields\n\n"
        + TABLE
        + "| `owner` | [Optional[components.Owner]](../../models/components/owner.md) | :heavy_minus_sign: | N/A |\n"
        + "| `content_type` | *str* | :heavy_check_mark: | HTTP response content type |\n"
        + "| `status_code` | *int* | :heavy_check_mark: | HTTP response status code |\n"
        + "| `raw_response` | [requests.Response](https://requests.readthedocs.io/) | :heavy_minus_sign: | N/A |\n"
    )
    api = _operation(
        tmp_path,
        "**[operations.GetPetResponse](../../models/operations/getpetresponse.md)**",
        pages={"models/operations/getpetresponse.md": envelope},
    )
    assert api.diagnostics == ()
    assert api.operations[0].responses[0].type == ir.Ref("Owner")
    assert api.model("GetPetResponse").source == "models/operations/getpetresponse.md"
    # 2023 envelopes list error bodies beside the success one, not saying which is
    # for which status: the response is Any, and the diagnostic says why.
    twice = envelope + "| `problem` | *string* | :heavy_minus_sign: | A problem |\n"
    api = _operation(
        tmp_path,
        "**[operations.GetPetResponse](../../models/operations/getpetresponse.md)**",
        pages={"models/operations/getpetresponse.md": twice},
    )
    assert api.operations[0].responses[0].type == ir.AnyType()
    assert [str(d) for d in api.diagnostics] == [
        "sdks/pets/README.md: line 20: the response GetPetResponse has several bodies "
        "(owner, problem) and does not say which status each is for; read as Any"
    ]


def test_sdk_options_are_no_parameters(tmp_path: Path) -> None:
    """``config`` (AxiosRequestConfig, 2024), ``options`` and ``retries`` configure
    the SDK call, whatever their name; they are not sent."""
    parameters = (
        TABLE.replace("Field", "Parameter")
        + "| `id` | *string* | :heavy_check_mark: | N/A |\n"
        + "| `settings` | [AxiosRequestConfig](https://axios-http.com/docs/req_config) | :heavy_minus_sign: | N/A |\n"
        + "| `fetch` | [RequestInit](https://developer.mozilla.org/en-US/docs/Web/API/Request/Request#options) | :heavy_minus_sign: | N/A |\n"
        + "| `again` | [Optional[utils.RetryConfig]](../../models/utils/retryconfig.md) | :heavy_minus_sign: | N/A |\n"
    )
    api = _operation(tmp_path, "**Promise\\<void\\>**", parameters=parameters)
    assert api.diagnostics == ()
    assert [p.name for p in api.operations[0].parameters] == ["id"]


def test_older_error_tables(tmp_path: Path) -> None:
    """``Error Object`` headers and ``4xx-5xx`` ranges (older TypeScript pages)."""
    errors = (
        "| Error Object | Status Code | Content Type |\n| --- | --- | --- |\n"
        "| errors.NotFound | 404 | application/json |\n"
        "| errors.SDKError | 4xx-5xx | */* |\n"
    )
    api = _operation(
        tmp_path,
        "**Promise\\<void\\>**",
        errors=errors,
        pages={"models/errors/notfound.md": OWNER.replace("# Owner", "# NotFound")},
    )
    assert api.diagnostics == ()
    statuses = [(r.status, r.type) for r in api.operations[0].responses[1:]]
    assert statuses == [("404", ir.Ref("NotFound")), ("4XX", None), ("5XX", None)]


@pytest.mark.parametrize(
    ("page", "names"),
    [
        (
            "| Name | Value |\n| --- | --- |\n| `ALL` | All |\n| `NONE` | None |\n"
            "| `LESS_THAN_NIL_GREATER_THAN_` | <nil> |\n",
            ["ALL", "NONE"],
        ),
        (
            "| Name | Value |\n| --- | --- |\n| `All` | All |\n| `None` | None |\n"
            "| `LessThanNilGreaterThan` | <nil> |\n",
            ["ALL", "NONE"],
        ),
        ('```typescript\n"All" | "None" | null\n```\n', ["ALL", "NONE"]),
    ],
)
def test_a_null_enum_value_makes_the_enum_nullable(
    tmp_path: Path, page: str, names: list[str]
) -> None:
    """2024 generators print an enum's null as Go's ``<nil>``."""
    api = _api(tmp_path, {"models/shared/mode.md": "# Mode\n\n\n## Values\n\n" + page})
    assert api.diagnostics == ()
    mode = api.model("Mode")
    assert isinstance(mode, ir.EnumModel) and mode.nullable
    members = plan_names(api).models["Mode"].members
    assert [members[v] for v in mode.values] == names
    assert list(mode.values) == ["All", "None"]


def test_flavour_is_read_from_the_notation(tmp_path: Path) -> None:
    """A TypeScript tree with ``enumFormat: enum`` tables and no code blocks (2024)
    is TypeScript: its Values tables name members, its cells say ``*string*``."""
    from generator.markdown import load_docs

    for name, text in {
        "models/shared/mode.md": "# Mode\n\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `All` | all |\n",
        "models/shared/holder.md": "# Holder\n\n\n## Fields\n\n"
        + TABLE
        + "| `mode` | [Mode](../../models/shared/mode.md) | :heavy_check_mark: | N/A |\n"
        + "| `name` | *string* | :heavy_minus_sign: | N/A |\n",
    }.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    docs = load_docs([tmp_path / "docs"])
    assert docs.flavours == {0: "typescript"}
    assert not any(m.python for m in docs.pages.values())


def test_numbers_spelt_out_in_names_fold_like_the_numbers() -> None:
    """Speakeasy spells a leading number out (``2021`` -> ``two_thousand_and_twenty_one``,
    ``757f49…`` -> ``SevenHundredAndFiftySevenf49…``)."""
    assert spell_number(4091) == "FourThousandAndNinetyOne"
    assert spell_number(3190685832) == (
        "ThreeBillionOneHundredAndNinetyMillionSixHundredAndEightyFiveThousand"
        "EightHundredAndThirtyTwo"
    )
    assert spell_number(110) == "OneHundredAndTen" and spell_number(0) == "Zero"
    assert (
        fold("2021")
        == fold("two_thousand_and_twenty_one")
        == fold("twoThousandAndTwentyOne")
    )
    assert fold("757f4961b") == fold("SevenHundredAndFiftySevenf4961b")
    assert fold("frequency_penalty") == fold("frequencyPenalty")


def test_unknown_notation_is_a_warning_and_strict_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "docs" / "models" / "holder.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "# Holder\n\n## Fields\n\n"
        + TABLE
        + "| `when` | [Instant](https://example.com/Instant) | :heavy_check_mark: | N/A |\n",
        encoding="utf-8",
    )
    message = (
        "models/holder.md: line 7: unknown type Instant of the SDK's platform (a link "
        "to https://example.com/Instant) in type '[Instant](https://example.com/Instant)'"
        "; read as Any"
    )
    assert main(["ir", "--docs", str(tmp_path / "docs")]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"specgen: warning: {message}\n"
    (holder,) = json.loads(captured.out)["models"]
    assert holder["source"] == "models/holder.md"
    assert holder["fields"][0]["type"] == {"kind": "any"}
    assert holder["fields"][0]["notes"] == [message]
    assert main(["ir", "--strict", "--docs", str(tmp_path / "docs")]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"specgen: error: {message}"
