"""The markdown front end on small pages written here: grammar, page kinds, names, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.errors import SpecError
from generator.markdown import build_api_from_docs
from generator.markdown.models import wire_name
from generator.markdown.type_notation import parse_type
from generator.python.name_plan import plan_names


class _Keys:
    """A resolver that names pages by what the cell says, so tests can see it."""

    def is_model_target(self, target: str) -> bool:
        return target.endswith(".md") and not target.endswith("/.md")

    def model(self, namespace: str, name: str, target: str | None) -> str | None:
        if target is not None:
            return f"link:{target}"
        return f"name:{namespace}.{name}" if namespace else None


def _cell(text: str) -> tuple[ir.TypeRef, bool | None, bool | None, bool]:
    cell = parse_type(text, _Keys(), ("page.md", 7))
    return cell.type, cell.optional, cell.nullable, cell.exact_number


S, I, N, B = (
    ir.Primitive("string"),
    ir.Primitive("integer"),
    ir.Primitive("number"),
    ir.Primitive("boolean"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*string*", (S, None, None, True)),
        ("*number*", (N, None, None, False)),
        ("*boolean*[]", (ir.ListOf(B), None, None, True)),
        ("*any*[]", (ir.ListOf(ir.AnyType()), None, None, True)),
        ('*"entry"*', (ir.Const("entry"), None, None, True)),
        ("*false*", (ir.Const(False), None, None, True)),
        ("Record<string, *number*>", (ir.MapOf(N), None, None, False)),
        (
            "Record<string, [components.X](../x.md)[]>[]",
            (ir.ListOf(ir.MapOf(ir.ListOf(ir.Ref("link:../x.md")))), None, None, True),
        ),
        (
            "*components.U*[]",
            (ir.ListOf(ir.Ref("name:components.U")), None, None, True),
        ),
        (
            "[Date](https://developer.mozilla.org/Date)",
            (ir.Primitive("string", "date-time"), None, None, True),
        ),
        (
            "*ReadableStream<Uint8Array>*",
            (ir.Primitive("string", "binary"), None, None, True),
        ),
        (
            "[File](https://mdn/File) | [Blob](https://mdn/Blob) | [components.FileT](f.md)",
            (ir.Ref("link:f.md"), None, None, True),
        ),
        ("*str*", (S, False, False, True)),
        ("*Optional[int]*", (I, True, False, True)),
        ("*OptionalNullable[float]*", (N, True, True, True)),
        ("*Nullable[bool]*", (B, False, True, True)),
        ('*Optional[Literal["base"]]*', (ir.Const("base"), True, False, True)),
        ("*Literal[True]*", (ir.Const(True), False, False, True)),
        ("[Optional[models.X]](../x.md)", (ir.Ref("link:../x.md"), True, False, True)),
        ("[OptionalNullable[models.X]](x.md)", (ir.Ref("link:x.md"), True, True, True)),
        ("List[[models.X](x.md)]", (ir.ListOf(ir.Ref("link:x.md")), None, None, True)),
        ("Dict[str, List[*int*]]", (ir.MapOf(ir.ListOf(I)), None, None, True)),
        ("Dict[str, Any]", (ir.MapOf(ir.AnyType()), None, None, True)),
        ("Dict[str, <br/>List[*int*]]", (ir.MapOf(ir.ListOf(I)), None, None, True)),
        (
            "[date](https://docs.python.org/3/library/datetime.html#date-objects)",
            (ir.Primitive("string", "date-time"), None, None, True),
        ),
        (
            "*Union[bytes, IO[bytes], io.BufferedReader]*",
            (ir.Primitive("string", "binary"), False, False, True),
        ),
    ],
)
def test_type_cell_grammar(
    text: str, expected: tuple[ir.TypeRef, bool | None, bool | None, bool]
) -> None:
    assert _cell(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "*strng*",
        "Map<string, *any*>",
        "[Thing](https://example.com/thing)",
        "*string*[",
        "List[*str*",
        "Dict[int, *str*]",
        '*Literal["a", "b"]*',
        "*string* | *number*",
        "",
    ],
)
def test_unknown_type_notation_names_page_and_line(text: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_type(text, _Keys(), ("models/x.md", 12))
    assert str(caught.value).startswith("models/x.md: line 12: ")


def test_variant_headings() -> None:
    def variant(text: str) -> ir.TypeRef:
        return parse_type(text, _Keys(), ("p.md", 1)).type

    assert variant("components.X[][]") == ir.ListOf(
        ir.ListOf(ir.Ref("name:components.X"))
    )
    assert variant("List[List[int]]") == ir.ListOf(ir.ListOf(I))
    assert variant("{ [k: string]: any }[]") == ir.ListOf(ir.MapOf(ir.AnyType()))
    assert variant("Dict[str, Any]") == ir.MapOf(ir.AnyType())
    # In headings the Python docs write the date types by their own names.
    assert variant("datetime") == ir.Primitive("string", "date-time")
    assert variant("Date") == ir.Primitive("string", "date-time")
    with pytest.raises(SpecError):
        variant("Thing")


def test_wire_names_are_inferred_in_the_chosen_case() -> None:
    assert wire_name("frequencyPenalty", "snake") == "frequency_penalty"
    assert wire_name("schema_", "snake") == "schema"
    assert wire_name("canonicalizingURLRegex", "snake") == "canonicalizing_url_regex"
    assert wire_name("top_p", "camel") == "topP"
    assert wire_name("topP", "as-shown") == "topP"


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


TS_PAGES = {
    "docs/models/components/pet.md": """# Pet

A pet.
Two lines.

## Example Usage

```typescript
import { Pet } from "pets/models/components";

let value: Pet = {
  petId: 7,
  kind: "cat",
  // a comment
  shape: [ "dog | wolf", ],
  "x-extra": { "keepMe": true },
};
```

## Fields

| Field | Type | Required | Description | Example |
| ----- | ---- | -------- | ----------- | ------- |
| `petId` | *number* | :heavy_check_mark: | The id<br/>of it | 7 |
| ~~`oldName`~~ | *string* | :heavy_minus_sign: | : warning: ** DEPRECATED **: This will be removed in a future release, please migrate away from it as soon as possible.<br/><br/>Old. | rex |
| `kind` | [components.Kind](../../models/components/kind.md) | :heavy_minus_sign: | N/A | |
| `shape` | *components.Shape* | :heavy_minus_sign: | N/A | |
| `additionalProperties` | Record<string, *string*> | :heavy_minus_sign: | N/A | |
""",
    "docs/models/components/kind.md": """# Kind

## Values

```typescript
"cat" | "dog | wolf" | Unrecognized<string>
```
""",
    "docs/models/components/shape.md": """# Shape

## Supported Types

### `string`

```typescript
const value: string = "x";
```

### `components.Kind[]`

```typescript
const value: components.Kind[] = [
  "cat",
];
```
""",
}


def test_typescript_tree_to_ir(tmp_path: Path) -> None:
    api = build_api_from_docs([_write(tmp_path, TS_PAGES)])
    assert api.diagnostics == ()
    pet = api.model("Pet")
    assert isinstance(pet, ir.ObjectModel)
    assert pet.source == "docs/models/components/pet.md"
    assert pet.description == "A pet.\nTwo lines."
    attributes = plan_names(api).models["Pet"].fields
    assert [(f.name, attributes[f.name], f.required) for f in pet.fields] == [
        ("pet_id", "pet_id", True),
        ("old_name", "old_name", False),
        ("kind", "kind", False),
        ("shape", "shape", False),
    ]
    assert all(f.wire_name_inferred for f in pet.fields)
    assert pet.fields[0].description == "The id\nof it"
    assert pet.fields[0].examples == (7,)
    assert pet.fields[1].deprecated and pet.fields[1].description == "Old."
    assert pet.fields[1].examples == ("rex",)
    assert pet.fields[2].type == ir.Ref("Kind")
    assert pet.extra_fields == S
    kind = api.model("Kind")
    assert isinstance(kind, ir.EnumModel)
    assert kind.values == ("cat", "dog | wolf")
    shape = api.model("Shape")
    assert isinstance(shape, ir.UnionModel)
    assert shape.variants == (S, ir.ListOf(ir.Ref("Kind")))
    # Example Usage blocks are kept as examples, keyed on (inferred) wire names.
    assert [ir.thaw(e) for e in pet.examples] == [
        {
            "pet_id": 7,
            "kind": "cat",
            "shape": ["dog | wolf"],
            "x-extra": {"keepMe": True},
        }
    ]
    assert [ir.thaw(e) for e in shape.examples] == ["x", ["cat"]]
    # A docs folder deeper in the tree works too; sources are relative to it.
    nested = build_api_from_docs([tmp_path / "docs" / "models" / "components"])
    assert nested.model("Pet").source == "pet.md"
    assert [m.name for m in nested.models] == [m.name for m in api.models]


def test_python_values_table_and_keyword_file_names(tmp_path: Path) -> None:
    docs = _write(
        tmp_path,
        {
            "docs/models/and_.md": "# And\n\n\n## Values\n\n| Name | Value |\n| -- | -- |\n"
            "| `EVERY_HOUR` | every hour |\n| `HI_RES` | hi_res |\n",
            "docs/models/holder.md": "# Holder\n\n\n## Fields\n\n"
            "| Field | Type | Required | Description |\n| - | - | - | - |\n"
            "| `schema_` | *OptionalNullable[int]* | :heavy_minus_sign: | N/A |\n"
            "| `op` | *models.And* | :heavy_check_mark: | N/A |\n",
        },
    )
    api = build_api_from_docs([docs])
    enum = api.model("And")
    assert isinstance(enum, ir.EnumModel)
    assert enum.values == ("every hour", "hi_res")
    holder = api.model("Holder")
    assert isinstance(holder, ir.ObjectModel)
    schema, op = holder.fields
    attribute = plan_names(api).models["Holder"].fields[schema.name]
    assert (schema.name, attribute, schema.nullable) == (
        "schema",
        "schema",
        True,
    )
    assert schema.type == I
    assert op.type == ir.Ref("And")


def test_missing_page_becomes_any_with_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "lonely.md"
    page.write_text(
        "# Lonely\n\n## Fields\n\n| Field | Type | Required | Description |\n"
        "| - | - | - | - |\n| `friend` | [components.Friend](../friend.md) | "
        ":heavy_check_mark: | N/A |\n",
        encoding="utf-8",
    )
    api = build_api_from_docs([page])
    friend = api.model("Friend")
    assert isinstance(friend, ir.AliasModel) and friend.target == ir.AnyType()
    (diagnostic,) = api.diagnostics
    assert (diagnostic.file, diagnostic.line) == ("lonely.md", 7)
    assert "friend.md" in diagnostic.message
    assert friend.notes == (str(diagnostic),)


def _page_api(tmp_path: Path, text: str) -> ir.Api:
    """The IR of one page, ``x.md``, given alone."""
    page = tmp_path / "x.md"
    page.write_text(text, encoding="utf-8")
    return build_api_from_docs([page])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# X\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n"
            "| `a` | *string* | yes | N/A |\n| `b` | *string* | :heavy_check_mark: | N/A |\n",
            "line 7: unknown Required value 'yes'; the row is left out",
        ),
        (
            "# X\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n"
            "| a | *string* | :heavy_minus_sign: | N/A |\n"
            "| `b` | *string* | :heavy_check_mark: | N/A |\n",
            "line 7: unreadable field name 'a'; the row is left out",
        ),
        (
            "# X\n\n## Fields\n\n| Field | Type | Description |\n| - | - | - |\n"
            "| `a` | *string* | N/A |\n\nand then\n\n"
            "| Field | Type | Required | Description |\n| - | - | - | - |\n"
            "| `b` | *string* | :heavy_check_mark: | N/A |\n",
            "line 5: Fields table lacks Required",
        ),
        (
            "# X\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n"
            "| `b` | *string* | :heavy_check_mark: | N/A |\n\n## Values\n\n| Name | Value |\n"
            "| - | - |\n| `A` | a |\n",
            "line 9: a second model section '## Values' (after '## Fields' on line 3); "
            "it is left out",
        ),
        (
            "## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n"
            "| `b` | *string* | :heavy_check_mark: | N/A |\n",
            "line 1: no '# Title' heading; the model is named 'x' after the file",
        ),
    ],
)
def test_a_bad_row_or_section_is_a_diagnostic_and_the_rest_is_read(
    tmp_path: Path, text: str, message: str
) -> None:
    """What cannot be read is left out with a diagnostic; the model keeps the rest."""
    api = _page_api(tmp_path, text)
    assert [str(d) for d in api.diagnostics] == [f"x.md: {message}"]
    (model,) = api.models
    assert isinstance(model, ir.ObjectModel)
    assert [(f.name, f.required) for f in model.fields] == [("b", True)]


def test_an_unreadable_type_cell_is_any_with_a_note(tmp_path: Path) -> None:
    api = _page_api(
        tmp_path,
        "# X\n\n## Fields\n\n| Field | Type | Required | Description |\n"
        "| - | - | - | - |\n| `a` | *strin* | :heavy_check_mark: | The a. |\n"
        "| `b` | *string* | :heavy_check_mark: | N/A |\n",
    )
    (diagnostic,) = api.diagnostics
    assert str(diagnostic) == (
        "x.md: line 7: no model page is named strin in type '*strin*'; read as Any"
    )
    model = api.model("X")
    assert isinstance(model, ir.ObjectModel)
    a, b = model.fields
    assert (a.type, a.required, a.description) == (ir.AnyType(), True, "The a.")
    assert a.notes == (str(diagnostic),) and b.notes == () and b.type == S


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# X\n\nno sections\n", "x.md: line 1: no '## Fields', '## Values' or "),
        ('# X\n\n## Values\n\n```typescript\n"a" | b\n```\n', "x.md: line 6: 'b' in a"),
    ],
)
def test_a_page_without_a_model_is_any_with_a_note(
    tmp_path: Path, text: str, message: str
) -> None:
    api = _page_api(tmp_path, text)
    assert api.diagnostics and str(api.diagnostics[0]).startswith(message)
    model = api.model("X")
    assert isinstance(model, ir.AliasModel | ir.EnumModel)
    assert model.source == "x.md"


def test_typescript_enum_table_with_open_marker(tmp_path: Path) -> None:
    """``enumFormat: enum``: PascalCase names, and a ``-`` row for unknown values."""
    page = tmp_path / "strategy.md"
    page.write_text(
        "# Strategy\n\n## Example Usage\n\n```typescript\n"
        "let value: Strategy = Strategy.Auto;\n```\n\n## Values\n\n"
        "This is an open enum. Unrecognized values will be captured as the "
        "`Unrecognized<string>` branded type.\n\n| Name | Value |\n| --- | --- |\n"
        "| `Fast` | fast |\n| `HiRes` | hi_res |\n| - | `Unrecognized<string>` |\n",
        encoding="utf-8",
    )
    api = build_api_from_docs([page])
    strategy = api.model("Strategy")
    assert isinstance(strategy, ir.EnumModel)
    members = plan_names(api).models["Strategy"].members
    assert [(members[v], v) for v in strategy.values] == [
        ("FAST", "fast"),
        ("HI_RES", "hi_res"),
    ]
    assert strategy.examples == ()  # ``Strategy.Auto`` is code, not a JSON value


def test_python_enum_page_with_example_usage_after_values(tmp_path: Path) -> None:
    """Newer Python pages add a ``## Example Usage`` block; it is not a value list."""
    page = tmp_path / "accesslevel.md"
    page.write_text(
        "# AccessLevel\n\n\n## Values\n\n| Name | Value |\n| --- | --- |\n"
        "| `WRITE` | write |\n| `READ` | read |\n\n## Example Usage\n\n```python\n"
        "from dub.models.components import AccessLevel\n\nvalue = AccessLevel.WRITE\n```\n",
        encoding="utf-8",
    )
    enum = build_api_from_docs([page]).model("AccessLevel")
    assert isinstance(enum, ir.EnumModel)
    assert enum.values == ("write", "read")
    assert enum.examples == ()


@pytest.mark.parametrize("keeper", ["utils", "types", "lib", "models"])
def test_the_folders_a_docs_tree_is_kept_in_do_not_matter(
    tmp_path: Path, keeper: str
) -> None:
    """Only folders inside the docs tree decide what a page is (issue 29): a tree
    kept under ``utils/`` is read, and one kept under ``models/`` has no model
    pages outside its own ``models`` folder."""
    root = _write(
        tmp_path / keeper / "project",
        {**TS_PAGES, "docs/intro/readme.md": "# Intro\n\nNot a model.\n"},
    )
    api = build_api_from_docs([root / "docs"])
    assert {m.name for m in api.models} == {
        m.name
        for m in build_api_from_docs(
            [_write(tmp_path / "plain", TS_PAGES) / "docs"]
        ).models
    }
    # Pointing inside the models folder still works.
    assert api.model("Pet") is not None
    assert build_api_from_docs([root / "docs" / "models" / "components"]).model("Pet")
