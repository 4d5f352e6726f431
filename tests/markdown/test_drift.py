"""Docs against the spec that generated them: agreement, ``specgen drift``, and the merge."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator import ir
from generator.cli.config import Target
from generator.cli.main import main
from generator.cli.pipeline import load_api
from generator.markdown import load_docs
from generator.markdown.merge import FieldPair, field_pairs
from generator.openapi import build_api

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
ATOMA_SPECS = "atoma/specs/atoma-proxy-openapi@"
MISTRAL_SPEC = "mistral/client-ts/.speakeasy/main.out.openapi.yaml"
# Each doc tree with the exact spec that produced it (corpus README).
PAIRS = [
    ("atoma/atoma-sdk-typescript", ATOMA_SPECS + "044f214-for-typescript-sdk.yml"),
    (
        "atoma/atoma-sdk-typescript@6c3f14d",
        ATOMA_SPECS + "0317fb2-for-atoma-network-python-sdk.yml",
    ),
    (
        "atoma/atoma-sdk-python",
        ATOMA_SPECS + "0317fb2-for-atoma-network-python-sdk.yml",
    ),
    (
        "atoma/maschad-atoma-sdk-python",
        ATOMA_SPECS + "bef4565-for-maschad-python-sdk.yml",
    ),
    ("mistral/client-ts", MISTRAL_SPEC),
    ("mistral/client-python", MISTRAL_SPEC),
    # 2024 generators: envelope responses, `shared.` names, no shown nullability.
    ("wingspan/python", "wingspan/python/openapi.yaml"),
    ("wingspan/typescript", "wingspan/typescript/openapi.yaml"),
]
IDS = [docs for docs, _ in PAIRS]


def _pair(docs: str, spec: str) -> tuple[Path, Path]:
    if not (CORPUS / docs).is_dir() or not (CORPUS / spec).is_file():
        pytest.skip("the shared corpus is not available")
    return CORPUS / docs, CORPUS / spec


def _is_upload(api: ir.Api, ref: ir.TypeRef) -> bool:
    while isinstance(ref, ir.NullOr | ir.Ref):
        if isinstance(ref, ir.NullOr):
            ref = ref.inner
        else:
            model = api.model(ref.name)
            if not isinstance(model, ir.AliasModel):
                return False
            ref = model.target
    return isinstance(ref, ir.Primitive) and ref.format == "binary"


def _disagreements(
    api: ir.Api, pair: FieldPair, python: bool
) -> list[tuple[str, str | None]]:
    """(what differs, the Speakeasy convention that explains it or None)."""
    spec, row = pair.spec, pair.row
    if spec is None:
        return [("no such property in the spec", None)]
    found: list[tuple[str, str | None]] = []
    if row.row.required != spec.required:
        if spec.required and spec.has_default:
            reason: str | None = "required with a default: the SDK fills it in"
        elif not spec.required:
            reason = "a constant or discriminator is shown required"
        else:
            reason = None
        found.append(("required", reason))
    if python and row.nullable_known and bool(row.cell.nullable) != spec.nullable:
        if _is_upload(api, spec.type):
            why: str | None = "file uploads are never shown nullable"
        elif isinstance(spec.type, ir.AnyType):
            why = "an untyped field is shown Optional[Any]; the schema {} admits null"
        else:
            why = None
        found.append(("nullable", why))
    spec_type = spec.type.inner if isinstance(spec.type, ir.NullOr) else spec.type
    numbers = {ir.Primitive("integer"), ir.Primitive("number")}
    if python and row.cell.type in numbers and spec_type in numbers:
        if row.cell.type != spec_type:
            found.append(("int vs float", None))
    return found


@pytest.mark.parametrize(("docs", "spec"), PAIRS, ids=IDS)
def test_fields_agree_with_the_generating_spec(docs: str, spec: str) -> None:
    """Names and required flags (and, for Python pages, nullability and int vs float).

    Every row that differs is printed with the convention that explains it; a
    difference no convention explains fails the test.
    """
    docs_path, spec_path = _pair(docs, spec)
    api = build_api(spec_path)
    tree = load_docs([docs_path])
    pairs = field_pairs(api, tree)
    python = all(p.doc.python for p in pairs)
    exact = explained = 0
    unexplained = []
    for pair in pairs:
        found = _disagreements(api, pair, python)
        where = f"{pair.doc.source}:{pair.row.row.line} {pair.row.row.name}"
        for what, reason in found:
            print(f"{where}: {what} differs: {reason or 'UNEXPLAINED'}")
            if reason is None:
                unexplained.append(f"{where}: {what}")
        if not found:
            exact += 1
        elif all(reason for _, reason in found):
            explained += 1
    compared = len(pairs)
    print(
        f"{docs}: {compared} fields, {exact} agree exactly, {explained} differ by a "
        f"Speakeasy convention, {len(unexplained)} unexplained"
    )
    assert compared > 100
    assert (exact + explained) / compared >= 0.995
    assert unexplained == []


@pytest.mark.parametrize(("docs", "spec"), PAIRS, ids=IDS)
def test_drift_reports_nothing_on_matched_pairs(
    docs: str, spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    docs_path, spec_path = _pair(docs, spec)
    code = main(["drift", "--spec", str(spec_path), "--docs", str(docs_path)])
    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "")


SEED_DOCS, SEED_SPEC = PAIRS[3]
PAGE = "docs/models/createchatcompletionstreamrequest.md"


def _seeded(tmp_path: Path) -> tuple[Path, Path]:
    docs_path, spec_path = _pair(SEED_DOCS, SEED_SPEC)
    docs_copy = tmp_path / "docs-tree"
    shutil.copytree(docs_path / "docs", docs_copy / "docs")
    spec_copy = tmp_path / spec_path.name
    shutil.copyfile(spec_path, spec_copy)
    return docs_copy, spec_copy


def _row(name: str) -> str:
    return f"| `{name}` "


def _drift_lines(
    docs: Path, spec: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    code = main(["drift", "--spec", str(spec), "--docs", str(docs)])
    return code, capsys.readouterr().out.splitlines()


def test_seeded_required_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, spec = _seeded(tmp_path)
    page = docs / PAGE
    text = page.read_text(encoding="utf-8")
    line = next(
        i + 1 for i, row in enumerate(text.split("\n")) if row.startswith(_row("model"))
    )
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1].replace(
        ":heavy_check_mark:", ":heavy_minus_sign:"
    )
    page.write_text("\n".join(lines), encoding="utf-8")
    assert _drift_lines(docs, spec, capsys) == (
        1,
        [
            f"{PAGE}:{line}: CreateChatCompletionStreamRequest.model: shown optional, "
            "the spec has it required"
        ],
    )


def test_seeded_nullability_and_number_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, spec = _seeded(tmp_path)
    page = docs / PAGE
    lines = page.read_text(encoding="utf-8").split("\n")
    line = next(i + 1 for i, row in enumerate(lines) if row.startswith(_row("seed")))
    lines[line - 1] = lines[line - 1].replace(
        "*OptionalNullable[int]*", "*Optional[float]*      "
    )
    page.write_text("\n".join(lines), encoding="utf-8")
    code, out = _drift_lines(docs, spec, capsys)
    assert code == 1
    prefix = f"{PAGE}:{line}: CreateChatCompletionStreamRequest.seed: "
    assert out == [
        prefix + "shown as number, the spec has integer",
        prefix + "shown not nullable, the spec has it nullable",
    ]


def test_seeded_property_missing_from_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A property the spec gains is reported at the page's Fields table."""
    docs, spec = _seeded(tmp_path)
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    schema = document["components"]["schemas"]["CreateChatCompletionStreamRequest"]
    schema["allOf"][1]["properties"]["priority"] = {"type": "integer"}
    seeded = tmp_path / "seeded.yaml"
    seeded.write_text(yaml.safe_dump(document), encoding="utf-8")
    lines = (docs / PAGE).read_text(encoding="utf-8").split("\n")
    section = next(i + 1 for i, row in enumerate(lines) if row == "## Fields")
    assert _drift_lines(docs, seeded, capsys) == (
        1,
        [
            f"{PAGE}:{section}: CreateChatCompletionStreamRequest.priority: "
            "property of the spec is missing from the page"
        ],
    )


def test_drift_needs_both_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "drift",
                "--docs",
                str(ROOT / "spec" / "createchatcompletionstreamrequest.md"),
            ]
        )
        == 2
    )
    assert "give both" in capsys.readouterr().err


def test_merge_keeps_spec_facts_and_adds_doc_text(tmp_path: Path) -> None:
    """The spec decides wire names, int vs float and nullability; the docs add descriptions."""
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "T", "version": "1"},
                "paths": {},
                "components": {
                    "schemas": {
                        "CreateChatCompletionStreamRequest": {
                            "type": "object",
                            "required": ["model", "messages"],
                            "properties": {
                                "model": {"type": "string"},
                                "messages": {"type": "array", "items": {}},
                                "maxTokens": {"type": ["integer", "null"]},
                                "top_p": {
                                    "type": "number",
                                    "description": "From the spec.",
                                },
                            },
                        }
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    seed = ROOT / "spec" / "createchatcompletionstreamrequest.md"
    api = load_api(Target(name="t", spec=spec, docs=(seed,), out=tmp_path, package="p"))
    model = api.model("CreateChatCompletionStreamRequest")
    assert isinstance(model, ir.ObjectModel)
    fields = {f.name: f for f in model.fields}
    assert set(fields) == {"model", "messages", "maxTokens", "top_p"}
    assert fields["maxTokens"].type == ir.Primitive("integer")
    assert fields["maxTokens"].nullable and not fields["maxTokens"].wire_name_inferred
    assert fields["model"].description == "ID of the model to use"
    assert fields["top_p"].description == "From the spec."


def test_seeded_enum_value_and_unknown_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A value the spec lacks, and a page (linked from a row) that no schema matches."""
    docs, spec = _seeded(tmp_path)
    enum_page = docs / "docs/models/toolchoiceliteral.md"
    enum_page.write_text(
        enum_page.read_text(encoding="utf-8").rstrip("\n") + "\n| `MAYBE` | maybe |\n",
        encoding="utf-8",
    )
    section = enum_page.read_text(encoding="utf-8").split("\n").index("## Values") + 1
    (docs / "docs/models/ghost.md").write_text(
        "# Ghost\n\n\n## Fields\n\n| Field | Type | Required | Description |\n"
        "| - | - | - | - |\n| `boo` | *str* | :heavy_check_mark: | N/A |\n",
        encoding="utf-8",
    )
    page = docs / PAGE
    lines = page.read_text(encoding="utf-8").split("\n")
    row = next(i for i, text in enumerate(lines) if text.startswith(_row("user")))
    lines.insert(
        row + 1,
        "| `ghost` | [Optional[models.Ghost]](../models/ghost.md) | :heavy_minus_sign: "
        "| N/A |",
    )
    page.write_text("\n".join(lines), encoding="utf-8")
    code, out = _drift_lines(docs, spec, capsys)
    assert code == 1
    assert out == [
        f"{PAGE}:{row + 2}: CreateChatCompletionStreamRequest.ghost: "
        "no such property in the spec",
        "docs/models/ghost.md:1: Ghost: no schema in the spec matches this page",
        f"docs/models/toolchoiceliteral.md:{section}: ToolChoiceLiteral: "
        "values not in the spec: maybe",
    ]


def test_merged_generation_warns_only_about_real_disagreements(tmp_path: Path) -> None:
    docs_path, spec_path = _pair(*PAIRS[3])
    target = Target(
        name="t", spec=spec_path, docs=(docs_path,), out=tmp_path, package="p"
    )
    api = load_api(target)
    assert not any("disagree" in str(d) for d in api.diagnostics), api.diagnostics
    spec_only = build_api(spec_path)
    assert [m.name for m in api.models] == [m.name for m in spec_only.models]
    # Docs fill in what the spec leaves out (the SSE event wrapper has no text).
    spec_event = spec_only.model("ChatCompletionsCreateStreamResponse")
    event = api.model("ChatCompletionsCreateStreamResponse")
    assert spec_event.description is None and event.description == "Chat completions"
    assert isinstance(event, ir.ObjectModel) and event.fields[0].description
    other_docs, _ = _pair(*PAIRS[2])
    mismatched = load_api(
        Target(name="t", spec=spec_path, docs=(other_docs,), out=tmp_path, package="p")
    )
    assert any("disagree" in str(d) for d in mismatched.diagnostics)


def test_seed_page_against_its_spec(capsys: pytest.CaptureFixture[str]) -> None:
    """The seed page alone agrees with spec 0317fb2 but for the page it links to."""
    _, spec_path = _pair(*PAIRS[1])
    seed = ROOT / "spec" / "createchatcompletionstreamrequest.md"
    code, out = _drift_lines(seed, spec_path, capsys)
    assert (code, out) == (
        1,
        [
            "createchatcompletionstreamrequest.md:28: ChatCompletionMessage: links to "
            "../../models/components/chatcompletionmessage.md, which is not among the docs"
        ],
    )


WINGSPAN_STYLE_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {
                        "in": "path",
                        "name": "id",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "A pet",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Pet"}
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "NullObject": {"type": "null"},
            "Untyped": {"type": None},  # wingspan's TypeScript spec: `type: ~`
            "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "Pet": {
                "type": "object",
                "properties": {
                    "2021": {"type": "string"},
                    "labels": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/NullObject"},
                            {"$ref": "#/components/schemas/Labels"},
                        ]
                    },
                    "mode": {"type": ["string", "null"], "enum": ["All", "None", None]},
                    "note": {
                        "anyOf": [
                            {"$ref": "#/components/schemas/Untyped"},
                            {"type": "boolean"},
                        ]
                    },
                },
            },
        }
    },
}
TABLE = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
WINGSPAN_STYLE_DOCS = {
    "models/operations/getpetrequest.md": "# GetPetRequest\n\n\n## Fields\n\n"
    + TABLE
    + "| `id` | *str* | :heavy_check_mark: | N/A |\n",
    "models/operations/getpetresponse.md": "# GetPetResponse\n\n\n## Fields\n\n"
    + TABLE
    + "| `content_type` | *str* | :heavy_check_mark: | N/A |\n"
    + "| `pet` | [Optional[shared.Pet]](../../models/shared/pet.md) | :heavy_minus_sign: | N/A |\n"
    + "| `status_code` | *int* | :heavy_check_mark: | N/A |\n"
    + "| `raw_response` | [requests.Response](https://requests.readthedocs.io/) | :heavy_minus_sign: | N/A |\n",
    "models/shared/pet.md": "# Pet\n\n\n## Fields\n\n"
    + TABLE
    + "| `two_thousand_and_twenty_one` | *Optional[str]* | :heavy_minus_sign: | N/A |\n"
    + "| `labels` | Dict[str, *str*] | :heavy_minus_sign: | N/A |\n"
    + "| `mode` | [Optional[Mode]](../../models/shared/mode.md) | :heavy_minus_sign: | N/A |\n"
    + "| `note` | *Optional[Any]* | :heavy_minus_sign: | N/A |\n",
    "models/shared/mode.md": "# Mode\n\n\n## Values\n\n| Name | Value |\n| --- | --- |\n"
    "| `ALL` | All |\n| `NONE` | None |\n| `LESS_THAN_NIL_GREATER_THAN_` | <nil> |\n",
    "models/shared/other.md": "# Other\n\n\n## Fields\n\n"
    + TABLE
    + "| `x` | *str* | :heavy_check_mark: | N/A |\n",
    "sdks/pets/README.md": "# Pets\n(*pets*)\n\n### Available Operations\n\n"
    "* [get](#get) - Get a pet\n\n## get\n\nGet a pet\n\n### Parameters\n\n"
    + TABLE.replace("Field", "Parameter")
    + "| `id` | *str* | :heavy_check_mark: | N/A |\n\n### Response\n\n"
    "**[operations.GetPetResponse](../../models/operations/getpetresponse.md)**\n",
}


def test_2024_conventions_are_not_drift_and_hide_no_real_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Envelope responses, ``<nil>`` enum values, numbers spelt out in names,
    ``oneOf [NullObject, X]`` shown as X, and a union with an untyped member shown
    as any: Speakeasy's 2024 conventions agree with the spec; a real change does not."""
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(WINGSPAN_STYLE_SPEC), encoding="utf-8")
    docs = tmp_path / "docs"
    for name, text in WINGSPAN_STYLE_DOCS.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    assert _drift_lines(docs, spec, capsys) == (0, [])
    envelope = docs / "models/operations/getpetresponse.md"
    envelope.write_text(
        envelope.read_text(encoding="utf-8").replace(
            "[Optional[shared.Pet]](../../models/shared/pet.md)",
            "[Optional[shared.Other]](../../models/shared/other.md)",
        ),
        encoding="utf-8",
    )
    mode = docs / "models/shared/mode.md"
    mode.write_text(
        mode.read_text(encoding="utf-8") + "| `SOME` | Some |\n", encoding="utf-8"
    )
    code, out = _drift_lines(docs, spec, capsys)
    assert code == 1
    # The envelope's body row now pairs Other with the spec's Pet.
    missing = "property of the spec is missing from the page"
    assert out == [
        "models/shared/mode.md:4: Mode: values not in the spec: Some",
        *(f"models/shared/other.md:4: Other.{p}: {missing}" for p in PET_PROPERTIES),
        "models/shared/other.md:8: Other.x: no such property in the spec",
    ]


PET_PROPERTIES = ("2021", "labels", "mode", "note")
