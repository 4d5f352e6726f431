"""Broken input: every case exits 2 with one line naming the file, the place and the reason.

The exact lines are kept in ``tests/snapshots/broken_input.txt`` so that a change to
any message shows up in review.  After an intended change, update the snapshot with::

    SPECGEN_UPDATE_SNAPSHOTS=1 pytest tests/cli/test_broken_input.py

and review ``git diff tests/snapshots``.  The cases of ``tests/cli/test_cli.py``
(``BAD_INPUTS``) are snapshotted here too; this file adds the rest of issue 7's list.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.cli.test_cli import BAD_INPUTS

SNAPSHOT = Path(__file__).parents[1] / "snapshots" / "broken_input.txt"
UPDATE = os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1"


@dataclass(frozen=True)
class Case:
    """A spec file (or none), extra files, and the command to run in its folder."""

    spec: tuple[str, str | bytes] | None = None
    args: tuple[str, ...] = ("generate", "--out", "out", "--package", "p")
    files: dict[str, str | bytes] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None


def _doc(paths: object = None, **components: object) -> str:
    return json.dumps(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": paths or {},
            "components": components,
        }
    )


def _schema_ref(ref: str) -> str:
    return _doc(schemas={"A": {"type": "object", "properties": {"b": {"$ref": ref}}}})


def _operation(operation_id: str, parameters: list[object] | None = None) -> object:
    return {
        "operationId": operation_id,
        "parameters": parameters or [],
        "responses": {"200": {"description": "ok"}},
    }


def _deep_schema(depth: int) -> str:
    inner = '{"type": "string"}'
    deep = '{"type": "object", "properties": {"a": ' * depth + inner + "}}" * depth
    return _doc(schemas={"X": {}}).replace('"X": {}', '"Deep": ' + deep)


def _fifty_megabytes() -> str:
    """A 50 MB document whose one mistake is at its very end."""
    head = '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "x-padding": "'
    return head + "a" * (50 * 1024 * 1024) + '",\n}'


def _sparse_document(folder: Path) -> None:
    """A document bigger than specgen reads, without writing its bytes."""
    with (folder / "big.json").open("wb") as file:
        file.truncate(300 * 1024 * 1024)


def _symlink_loop(folder: Path) -> None:
    (folder / "loop.json").symlink_to("loop.json")


def _laughs(levels: int) -> str:
    lines = ["openapi: 3.1.0", "a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / f"{folder.name}-outside.json"
    outside.write_text('{"A": {"type": "string"}}')
    (folder / "inside.json").symlink_to(outside)


ID_PARAMETER = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}

CASES: dict[str, Case] = {
    **{
        f"test_cli: {name}": Case(spec=(file_name, content))
        for name, (file_name, content, _) in BAD_INPUTS.items()
    },
    "duplicate operationId": Case(
        spec=(
            "s.json",
            _doc(
                {"/a": {"get": _operation("list")}, "/b": {"post": _operation("list")}}
            ),
        )
    ),
    "path parameter not in the path": Case(
        spec=("s.json", _doc({"/things": {"get": _operation("get", [ID_PARAMETER])}}))
    ),
    "path parameter by $ref not in the path": Case(
        spec=(
            "s.json",
            _doc(
                {
                    "/things/{thing}": {
                        "parameters": [{"$ref": "#/components/parameters/Id"}],
                        "get": _operation("g"),
                    }
                },
                parameters={"Id": ID_PARAMETER},
            ),
        )
    ),
    "$ref to an absolute path": Case(spec=("s.json", _schema_ref("/etc/passwd#/x"))),
    "$ref to a file URL": Case(spec=("s.json", _schema_ref("file:///etc/passwd#/x"))),
    "$ref to a protocol-relative URL": Case(
        spec=("s.json", _schema_ref("//example.com/x.json#/A"))
    ),
    "$ref through a symlink out of the folder": Case(
        spec=("s.json", _schema_ref("inside.json#/A")), setup=_symlink_out
    ),
    "$ref to a missing file": Case(spec=("s.json", _schema_ref("other.json#/A"))),
    "$ref into a file with a syntax error": Case(
        spec=("s.json", _schema_ref("other.yaml#/A")), files={"other.yaml": "A: [\n"}
    ),
    "$ref fragment that is not a pointer": Case(spec=("s.json", _schema_ref("#A"))),
    "$ref to a file name holding a NUL": Case(
        spec=("s.json", _schema_ref("x\u0000.json#/A"))
    ),
    "$ref to a file name of 300 characters": Case(
        spec=("s.json", _schema_ref("y" * 300 + ".json#/A"))
    ),
    "$ref to a loop of symbolic links": Case(
        spec=("s.json", _schema_ref("loop.json#/A")), setup=_symlink_loop
    ),
    "document bigger than 256 MiB": Case(
        args=("ir", "--spec", "big.json"), setup=_sparse_document
    ),
    "YAML aliases expanding 9-fold over 7 levels": Case(spec=("s.yaml", _laughs(7))),
    "YAML alias inside what it names": Case(
        spec=("s.yaml", "openapi: 3.1.0\nx: &x {a: *x}\n")
    ),
    "YAML mapping key that is a sequence": Case(
        spec=("s.yaml", "openapi: 3.1.0\n? [a]\n: b\n")
    ),
    "YAML !!int tag on a word": Case(spec=("s.yaml", "openapi: 3.1.0\nx: !!int ten\n")),
    "$ref that is not a string": Case(
        spec=("s.json", _doc(schemas={"A": {"$ref": 3}}))
    ),
    "invalid JSON: trailing comma": Case(spec=("s.json", '{"openapi": "3.1.0",}')),
    "invalid YAML: bad indentation": Case(
        spec=("s.yaml", "openapi: 3.1.0\ninfo:\n  title: t\n version: 1\n")
    ),
    "invalid YAML: NUL bytes": Case(spec=("s.yaml", "openapi: 3.1.0\n\x00\x00\n")),
    "binary garbage: PNG header": Case(
        spec=("s.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    ),
    "binary garbage: gzip": Case(
        spec=("s.json", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")
    ),
    "empty document": Case(spec=("s.yaml", "")),
    "50 MB document": Case(spec=("s.json", _fifty_megabytes())),
    "nesting 10,000 levels deep (YAML)": Case(
        spec=("s.yaml", "openapi: 3.1.0\nx: " + "[" * 10000 + "]" * 10000 + "\n")
    ),
    "schemas nesting 10,000 levels deep": Case(spec=("s.json", _deep_schema(10000))),
    "openapi version is a number": Case(
        spec=("s.yaml", "openapi: 3.1\ninfo: {title: t, version: '1'}\n")
    ),
    "components.schemas is a list": Case(
        spec=("s.yaml", "openapi: 3.1.0\ncomponents:\n  schemas: [1]\n")
    ),
    "option: --docs-wire-case loud": Case(
        args=("ir", "--spec", "x.json", "--docs-wire-case", "loud")
    ),
    "option: --package with a space": Case(
        spec=("s.json", _doc()), args=("generate", "--out", "out", "--package", "a b")
    ),
    "option: unknown command": Case(args=("build",)),
    "option: --target that does not exist": Case(
        args=("generate", "--target", "nope"),
        files={
            "pyproject.toml": '[tool.specgen]\nout = "gen"\n\n[[tool.specgen.targets]]\nname = "one"\nspec = "s.json"\n'
        },
    ),
    "option: no input at all": Case(args=("generate",)),
    "config: invalid TOML": Case(
        args=("generate",), files={"pyproject.toml": "[tool.specgen\n"}
    ),
    "config: package is a number": Case(
        args=("generate",),
        files={"pyproject.toml": '[tool.specgen]\nspec = "s.json"\npackage = 3\n'},
    ),
    "config: package is a path": Case(
        args=("generate",),
        files={"pyproject.toml": '[tool.specgen]\nspec = "s.json"\npackage = "../x"\n'},
    ),
    "config: docs_wire_case out of range": Case(
        args=("generate",),
        files={
            "pyproject.toml": '[tool.specgen]\ndocs = "docs"\ndocs_wire_case = "loud"\n'
        },
    ),
    "config: targets is not an array of tables": Case(
        args=("generate",),
        files={"pyproject.toml": '[tool.specgen]\ntargets = "all"\n'},
    ),
    "config: unknown key in a target": Case(
        args=("generate",),
        files={
            "pyproject.toml": '[[tool.specgen.targets]]\nname = "a"\nspec = "s.json"\nouput = "x"\n'
        },
    ),
    "config: tool.specgen is not a table": Case(
        args=("generate",), files={"pyproject.toml": "[tool]\nspecgen = 3\n"}
    ),
    "config: a target names no input": Case(
        args=("generate",),
        files={"pyproject.toml": '[[tool.specgen.targets]]\nname = "a"\n'},
    ),
}


def _run(case: Case, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    folder.mkdir()
    for name, content in case.files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    args = list(case.args)
    if case.spec is not None:
        name, content = case.spec
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
        if "--spec" not in args:
            args[1:1] = ["--spec", name]
    if case.setup is not None:
        case.setup(folder)
    monkeypatch.chdir(folder)
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        try:
            code = main(args)
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
    return code, err.getvalue().replace(str(folder), "<tmp>")


def test_broken_input_messages_match_the_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[str] = []
    for index, (name, case) in enumerate(sorted(CASES.items())):
        folder = tmp_path / f"case{index}"
        code, err = _run(case, folder, monkeypatch)
        assert code == 2, f"{name}: exit {code}: {err}"
        assert (
            err.startswith("specgen: error: ") and err.count("\n") == 1
        ), f"{name}: {err!r}"
        assert "Traceback" not in err and "internal error" not in err, f"{name}: {err}"
        assert not (folder / "out").exists(), f"{name}: wrote output for bad input"
        lines.append(f"== {name}\n{err}")
    text = (
        "# The one-line error for each broken input (tests/cli/test_broken_input.py).\n"
        "# Update: SPECGEN_UPDATE_SNAPSHOTS=1 pytest tests/cli/test_broken_input.py\n\n"
        + "\n".join(lines)
    )
    if UPDATE:
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    assert (
        text == expected
    ), "error messages changed; review, then update the snapshot (see module docstring)"


def test_a_valid_document_with_the_same_shapes_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks refuse only what is wrong: the same operations, correctly written, pass."""
    paths = {
        "/a/{id}": {"get": _operation("list", [ID_PARAMETER])},
        "/b": {"post": _operation("create")},
    }
    case = Case(spec=("s.json", _doc(paths)), args=("ir",))
    code, err = _run(case, tmp_path / "ok", monkeypatch)
    assert code == 0, err
