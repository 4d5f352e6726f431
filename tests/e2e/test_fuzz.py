"""Property-based tests: random hostile OpenAPI documents through the whole pipeline.

For every document specgen either produces a package or refuses it with one line
(exit 2); never a traceback.  A package it produces imports, keeps every name
distinct, runs no text from the spec, and decodes then re-encodes a value built
from each component schema without changing it.  A few packages also go through
``mypy --strict`` (about one in a hundred).

CI runs 500 seeded examples (the same ones every run).  The long run is
``SPECGEN_FUZZ_EXAMPLES=20000 pytest tests/e2e/test_fuzz.py`` (see README, "Fuzzing").
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from generator import ir
from generator.cli.config import Target
from generator.cli.main import main
from generator.cli.pipeline import render
from generator.errors import SpecError
from generator.python.name_plan import ModelNames, committed_reserved, plan_names
from tests.conftest import minimal_spec
from tests.strategies import CANARY, Impossible, Instances, documents, pointer_segment

EXAMPLES = int(os.environ.get("SPECGEN_FUZZ_EXAMPLES", "500"))
# A long run may be split into chunks that each explore different examples.
SEED = os.environ.get("SPECGEN_FUZZ_SEED")
FUZZ = settings(
    derandomize=SEED is None,
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def _seeded(test: Any) -> Any:
    return hypothesis_seed(int(SEED))(test) if SEED is not None else test


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder for the module; each example gets a fresh package name inside it."""
    CANARY.unlink(missing_ok=True)
    folder = tmp_path_factory.mktemp("fuzz")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    assert not CANARY.exists(), "text from a spec ran as code"


def _render(
    spec: dict[str, Any], folder: Path, package: str
) -> tuple[ir.Api, dict[str, str]] | None:
    """Render in memory; None when specgen refused the document with a one-line error."""
    spec_path = folder / f"{package}.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    target = Target(name="fuzz", spec=spec_path, docs=(), out=folder, package=package)
    try:
        return render(target)
    except SpecError as error:
        message = str(error)
        note(f"refused: {message}")
        event(f"refused: {message.split(': ')[-1][:40]}")
        assert "\n" not in message and "\r" not in message, message
        return None


def _check_cli_refuses(spec_path: Path) -> None:
    """The same document through the command line: exit 2 and exactly one line."""
    import contextlib
    import io

    err = io.StringIO()
    limit = sys.getrecursionlimit()
    try:
        with contextlib.redirect_stderr(err):
            code = main(["ir", "--spec", str(spec_path)])
    finally:
        sys.setrecursionlimit(limit)  # main() raises it for deep schemas
    assert code == 2, err.getvalue()
    assert (
        err.getvalue().startswith("specgen: error: ")
        and err.getvalue().count("\n") == 1
    )


def _import(folder: Path, package: str, files: dict[str, str]) -> ModuleType:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    importlib.invalidate_caches()
    module = importlib.import_module(package)
    for name in files:
        if name.endswith(".py") and not name.endswith("__init__.py"):
            importlib.import_module(f"{package}.{Path(name).stem}")
    return module


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == package]:
        del sys.modules[name]


def _mypy_strict(folder: Path, package: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            ".mypy_cache",
            "-p",
            package,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _check_names(api: ir.Api, models: ModuleType) -> None:
    """No two generated names collide, and none shadows what the package uses."""
    names = plan_names(api)
    own = [names.models[m.name] for m in api.models]
    top = [n.cls for n in own] + [n.typed_dict for n in own]
    assert len(top) == len(set(top)), top
    assert not set(top) & committed_reserved().models
    assert all(n.isidentifier() and n.isascii() for n in top)
    assert len(models.__all__) == len(api.models)
    methods = [
        (names.operations[op.id].group, names.operations[op.id].method)
        for op in api.operations
    ]
    assert len(methods) == len(set(methods)), methods
    for model in api.models:
        cls = getattr(models, names.models[model.name].cls)
        if isinstance(model, ir.ObjectModel):
            attributes = names.models[model.name].fields
            python = [attributes[f.name] for f in model.fields]
            wire = [f.name for f in model.fields]
            assert len(set(wire)) == len(wire)
            if model.extra_fields is not None:
                python.append(names.models[model.name].extras)
            assert len(python) == len(set(python)), python
            assert [f.name for f in dataclasses.fields(cls)] == python
        elif isinstance(model, ir.EnumModel):
            assert issubclass(cls, enum.Enum)
            assert [m.value for m in cls] == list(model.values)


def _round_trip(
    api: ir.Api, models: ModuleType, spec: dict[str, Any], seed: int
) -> None:
    """A value built from each component schema decodes and re-encodes unchanged."""
    by_source = {m.source: m for m in api.models}
    names = plan_names(api)
    for key, schema in spec["components"]["schemas"].items():
        model = by_source.get(
            "#/components/schemas/" + key.replace("~", "~0").replace("/", "~1")
        )
        if model is None:
            continue
        builder = Instances(spec, random.Random(seed))
        try:
            value = builder.value(schema)
        except Impossible:
            event("no finite instance")
            continue
        decode, encode = _codec(models, names.models[model.name], model)
        note(f"{model.name}: {value!r}")
        once = encode(decode(value))
        if builder.exact:
            assert once == value
        assert encode(decode(once)) == once


def _codec(models: ModuleType, names: ModelNames, model: ir.Model) -> tuple[Any, Any]:
    """Decode and encode for a component; a nullable one's references admit null."""
    decode: Any
    encode: Any
    if isinstance(model, ir.ObjectModel):
        cls = getattr(models, names.cls)
        decode, encode = cls.from_dict, lambda o: o.to_dict()
    elif isinstance(model, ir.EnumModel):
        decode, encode = getattr(models, names.cls), lambda o: o.value
    else:
        decode = getattr(models, names.decoder)
        encode = getattr(models, names.encoder)
    if not model.nullable:
        return decode, encode
    return (lambda v: None if v is None else decode(v)), (
        lambda o: None if o is None else encode(o)
    )


@FUZZ
@_seeded
@given(spec=documents(), seed=st.integers(0, 2**32 - 1))
def test_random_documents(workdir: Path, spec: dict[str, Any], seed: int) -> None:
    # Named after the example, so a replayed example fails at the same place.
    package = "fuzz_" + hashlib.sha256(f"{spec!r}{seed}".encode()).hexdigest()[:16]
    rendered = _render(spec, workdir, package)
    if rendered is None:
        _check_cli_refuses(workdir / f"{package}.json")
        return
    event("generated")
    api, files = rendered
    assert all(path.startswith(package + "/") for path in files)
    try:
        pkg = _import(workdir, package, files)
        assert not CANARY.exists(), "text from a spec ran as code"
        _check_names(api, pkg.models)
        _round_trip(api, pkg.models, spec, seed)
        if int(package[-4:], 16) % 100 == 0:  # about 1 in 100: mypy takes a second
            event("mypy --strict")
            _mypy_strict(workdir, package)
    finally:
        _forget(package)


def test_pointer_segments_round_trip() -> None:
    """The strategy's own $ref spelling names the component it means (else the fuzzing would miss)."""
    from urllib.parse import unquote

    for name in ["a/b", "~1", "名前", "a b", "%", "#"]:
        segment = unquote(pointer_segment(name)).replace("~1", "/").replace("~0", "~")
        assert segment == name


# -- regressions the fuzzing found ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    ['"""', 'a """ """', 'q""', '""""', '\\"', '\\\\"', "x\\", '\\\\"""', "'''\r\n"],
)
def test_docstrings_hold_any_text(text: str) -> None:
    """A text ending in an escaped quote once closed its docstring early (title '\"\"\" \"\"\"')."""
    import ast

    from generator.python.fragments import docstring

    literal = docstring(text)
    assert ast.literal_eval(literal) == text.strip().replace("\r\n", "\n")


def test_title_made_of_quotes(generate: Any) -> None:
    spec = minimal_spec({"A": {"type": "object", "properties": {}}})
    spec["info"] = {"title": '"""', "version": '"""'}
    pkg = generate(spec)
    assert pkg.models.__doc__.rstrip() == 'Dataclasses for """ """'


def test_aliases_that_reach_each_other(generate: Any) -> None:
    """Arrays of each other once sent the encoder into endless recursion."""
    pkg = generate(
        minimal_spec(
            {
                "A": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                "B": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
            }
        )
    )
    value = [[[], [[]]]]
    assert pkg.models._encode_A(pkg.models._decode_A(value)) == value


def test_union_that_names_itself_through_another_union(generate: Any) -> None:
    """``A = B | list``, ``B = A | enum | number``: decoding once recursed until RecursionError."""
    pkg = generate(
        minimal_spec(
            {
                "A": {
                    "anyOf": [
                        {
                            "anyOf": [
                                {"$ref": "#/components/schemas/A"},
                                {"type": "string", "enum": ["x"]},
                                {"type": "number"},
                            ]
                        },
                        {"type": "array", "items": {"type": "string"}},
                    ]
                }
            }
        )
    )
    for value in ["x", 1.5, ["a"]]:
        assert pkg.models._encode_A(pkg.models._decode_A(value)) == value
    with pytest.raises(pkg.DecodeError, match="matches no variant of A"):
        pkg.models._decode_A({"not": "matching"})


def test_a_nullable_branch_makes_the_union_admit_null(generate: Any) -> None:
    """``oneOf: [{allOf: [X], nullable: true}, Y]`` once refused null in a field of that type."""
    pkg = generate(
        minimal_spec(
            {
                "Holder": {
                    "type": "object",
                    "required": ["v"],
                    "properties": {
                        "v": {
                            "oneOf": [
                                {"allOf": [{"type": "string"}], "nullable": True},
                                {"type": "integer"},
                            ]
                        }
                    },
                }
            },
            openapi="3.0.3",
        )
    )
    for value in [None, "a", 3]:
        assert pkg.Holder.from_dict({"v": value}).to_dict() == {"v": value}


@pytest.mark.parametrize(
    "schema, openapi",
    [
        (  # the long run's seed 4: null | (anyOf: [oneOf: [A, bytes, str | null], {}])
            {
                "oneOf": [
                    {"type": "null"},
                    {
                        "anyOf": [
                            {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/A"},
                                    {"type": "string", "format": "byte"},
                                    {"oneOf": [{"type": "null"}, {"type": "string"}]},
                                ]
                            },
                            {"description": "says nothing"},
                        ]
                    },
                ]
            },
            "3.1.0",
        ),
        (  # OpenAPI 3.0's nullable spelling wraps the union in allOf
            {
                "allOf": [
                    {
                        "anyOf": [
                            {"$ref": "#/components/schemas/A"},
                            {"type": "string"},
                            {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/A"},
                            },
                        ]
                    }
                ],
                "nullable": True,
            },
            "3.0.3",
        ),
    ],
)
def test_wrapper_around_a_union_that_names_the_wrapper(
    generate: Any, schema: dict[str, Any], openapi: str
) -> None:
    """``A = oneOf[null, anyOf[A, X]]`` once became ``A = A2``, ``A2 = A | X``: mypy refused it."""
    holder = {
        "type": "object",
        "required": ["v"],
        "properties": {"v": {"$ref": "#/components/schemas/A"}},
    }
    pkg = generate(minimal_spec({"A": schema, "Holder": holder}, openapi=openapi))
    # The wrapper is the union itself, not an alias of a second, inline union.
    assert sorted(pkg.models.__all__) == ["A", "Holder"]
    _mypy_strict(Path(pkg.__file__).parent.parent, pkg.__name__)
    values = ["x", None] if openapi == "3.1.0" else ["x", None, ["y", None, ["z"]]]
    for value in values:
        assert pkg.Holder.from_dict({"v": value}).to_dict() == {"v": value}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.mark.parametrize(
    "schemas, values",
    [
        (  # the long run's seed 4: the map's values are K, and K admits null
            {
                "K": {
                    "oneOf": [
                        {"type": "object", "additionalProperties": _ref("K")},
                        {"type": ["string", "null"]},
                    ]
                }
            },
            [{"a": None}, {"a": {"b": None, "c": "x"}}, None],
        ),
        (  # seed 7: U admits null only through a nested union, and O is met first
            {
                "U": {
                    "oneOf": [
                        {
                            "oneOf": [
                                {"type": "object", "additionalProperties": _ref("O")},
                                {"type": "null"},
                            ]
                        },
                        {"type": "string"},
                    ]
                },
                "O": {"type": "object", "properties": {"u": _ref("U")}},
            },
            [{"k": {"u": None}}, None, "x"],
        ),
        (  # an alias of a nullable schema admits null wherever it is referenced
            {"K": _ref("B"), "B": {"type": ["string", "null"]}},
            [None, "x"],
        ),
    ],
)
def test_references_met_while_their_union_is_built_admit_its_null(
    generate: Any, schemas: dict[str, Any], values: list[Any]
) -> None:
    """A reference reached before its target's branches were read once refused null."""
    first = next(iter(schemas))
    holder = {"type": "object", "required": ["v"], "properties": {"v": _ref(first)}}
    pkg = generate(minimal_spec({**schemas, "Holder": holder}))
    for value in values:
        assert pkg.Holder.from_dict({"v": value}).to_dict() == {"v": value}


def test_a_const_body_field_is_an_argument_the_client_module_can_spell(
    generate: Any,
) -> None:
    """The long run's seed 9: a const field once became ``Literal["x"]``, never imported."""
    import httpx

    thing = {
        "type": "object",
        "properties": {"c": {"type": "string", "const": "x"}, "n": {"const": 3}},
    }
    content = {"application/json": {"schema": _ref("Thing")}}
    operation = {
        "operationId": "put_thing",
        "parameters": [
            {"name": "Literal", "in": "query", "schema": {"type": "string"}}
        ],
        "requestBody": {"content": content},
        "responses": {"200": {"description": "the thing", "content": content}},
    }
    spec = minimal_spec({"Thing": thing}, paths={"/thing": {"put": operation}})
    pkg = generate(spec)
    _mypy_strict(Path(pkg.__file__).parent.parent, pkg.__name__)

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=request.content)

    with httpx.Client(transport=httpx.MockTransport(echo)) as http:
        with pkg.Client("http://test", http_client=http) as client:
            thing_back = client.default.put_thing(c="x", n=3, literal="q")
    assert thing_back.to_dict() == {"c": "x", "n": 3}


def test_an_alias_that_is_only_a_forward_name_is_quoted_where_it_is_used(
    generate: Any,
) -> None:
    """The long run's seed 10: ``Item = "A"`` is a str at import, so ``A = list[Item | None]`` raised."""
    item = {"allOf": [_ref("A")], "nullable": True}
    spec = minimal_spec(
        {
            "A": {
                "type": "array",
                "items": {"allOf": [{"oneOf": [item, item]}], "nullable": True},
            }
        },
        openapi="3.0.3",
    )
    pkg = generate(spec)
    _mypy_strict(Path(pkg.__file__).parent.parent, pkg.__name__)
    for value in [[], [None, [[None]]]]:
        assert pkg.models._encode_A(pkg.models._decode_A(value)) == value


def test_a_union_of_nothing_but_itself_is_refused(tmp_path: Path) -> None:
    """CI's fuzzing on 2026-11-24: ``from = oneOf[from, from]`` became ``From: TypeAlias =``
    (a syntax error, which the formatter's fast path let through)."""
    spec = minimal_spec({"from": {"oneOf": [_ref("from"), _ref("from")]}})
    path = tmp_path / "self_union.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    target = Target(name="t", spec=path, docs=(), out=tmp_path, package="p")
    with pytest.raises(SpecError, match="#/components/schemas/from: schema is defined"):
        render(target)
