"""Docs-only generation: the committed golden package, and generated code that really works."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator import ir
from generator.cli.config import Target
from generator.cli.main import main
from generator.cli.pipeline import load_api, render
from generator.write.tree import write_tree

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "spec" / "createchatcompletionstreamrequest.md"
GOLDEN = ROOT / "generated" / "atoma_docs"


def _target(docs: tuple[Path, ...], out: Path, package: str) -> Target:
    return Target(name="t", spec=None, docs=docs, out=out, package=package)


def test_seed_page_alone_gives_the_request_model() -> None:
    api = load_api(_target((SEED,), ROOT / "unused", "p"))
    request = api.model("CreateChatCompletionStreamRequest")
    assert isinstance(request, ir.ObjectModel)
    assert request.source == "createchatcompletionstreamrequest.md"
    names = [f.name for f in request.fields]
    assert len(names) == 18 and names[0] == "frequency_penalty" and names[-1] == "user"
    assert {f.name for f in request.fields if f.required} == {"messages", "model"}
    message = api.model("ChatCompletionMessage")
    assert isinstance(message, ir.AliasModel) and message.target == ir.AnyType()
    assert [str(d) for d in api.diagnostics] == [
        "createchatcompletionstreamrequest.md: line 28: links to "
        "../../models/components/chatcompletionmessage.md, which is not among the "
        "docs; ChatCompletionMessage is typed as Any"
    ]
    # The seed verbatim: 4 columns (no Example column) and placeholder values.
    assert all(f.examples == () for f in request.fields)
    assert [ir.thaw(e) for e in request.examples] == [
        {"messages": [{"content": "<value>", "role": "<value>"}], "model": "ATS"}
    ]


def test_golden_snapshot_of_docs_only_output() -> None:
    """``generated/atoma_docs`` is exactly what the docs-only target renders today."""
    _, files = render(_target((SEED,), ROOT / "generated", "atoma_docs"))
    on_disk = {
        p.relative_to(GOLDEN.parent).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".json"
    }
    assert sorted(files) == sorted(on_disk)
    for name, text in files.items():
        assert (
            text == on_disk[name]
        ), f"{name} differs: run specgen generate --target atoma_docs"


@pytest.fixture
def docs_package(tmp_path: Path) -> Iterator[ModuleType]:
    out = tmp_path / "out"
    package = "docs_only_pkg"
    _, files = render(_target((SEED,), out, package))
    write_tree(out, package, files)
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == package]:
            del sys.modules[name]


def test_docs_only_package_round_trips_a_payload(docs_package: ModuleType) -> None:
    payload = {
        "model": "meta-llama/Llama-3.3-70B-Instruct",
        "messages": [{"role": "user", "content": "Hello"}],
        "frequency_penalty": 0.5,
        "stop": ["halt"],
        "logit_bias": {"42": -1.0},
        "stream": True,
        "vendor_extra": {"kept": 1},
    }
    request = docs_package.CreateChatCompletionStreamRequest.from_dict(payload)
    assert request.model == payload["model"]
    assert request.messages == payload["messages"]
    assert request.stop == ["halt"]
    assert isinstance(request.top_p, docs_package.Unset)
    assert request.to_dict() == payload
    with pytest.raises(docs_package.DecodeError) as caught:
        docs_package.CreateChatCompletionStreamRequest.from_dict({"model": "m"})
    assert "messages" in str(caught.value)


def test_docs_only_package_passes_mypy_strict(
    docs_package: ModuleType, tmp_path: Path
) -> None:
    usage = tmp_path / "out" / "use_it.py"
    usage.write_text(
        "from docs_only_pkg import CreateChatCompletionStreamRequest\n"
        "r = CreateChatCompletionStreamRequest(model='m', messages=[{'role': 'user'}])\n"
        "n: str = r.model\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "docs_only_pkg", "use_it.py"],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_generates_from_docs_and_prints_the_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "generate",
            "--docs",
            str(SEED),
            "--out",
            str(tmp_path),
            "--package",
            "seed",
            "--docs-wire-case",
            "camel",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "warning" in captured.err and "chatcompletionmessage.md" in captured.err
    text = (tmp_path / "seed" / "models.py").read_text(encoding="utf-8")
    assert '"frequencyPenalty"' in text


def test_cli_ir_from_docs_prints_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ir", "--docs", str(SEED)]) == 0
    captured = capsys.readouterr()
    assert (
        "specgen: warning: " in captured.err
        and "chatcompletionmessage.md" in captured.err
    )
    assert '"wire_name_inferred": true' in captured.out


def test_cli_bad_docs_warn_and_strict_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown notation is a warning naming page and line; ``--strict`` makes it
    exit 2 and write nothing; inputs that are not docs at all are still exit 2."""
    bad = tmp_path / "bad.md"
    bad.write_text(
        "# Bad\n\n## Fields\n\n| Field | Type | Required | Description |\n"
        "| - | - | - | - |\n| `a` | *wat* | :heavy_check_mark: | N/A |\n",
        encoding="utf-8",
    )
    message = "bad.md: line 7: no model page is named wat in type '*wat*'; read as Any"
    assert main(["ir", "--docs", str(bad)]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"specgen: warning: {message}\n"
    assert json.loads(captured.out)["diagnostics"] == [
        {
            "file": "bad.md",
            "line": 7,
            "message": "no model page is named wat in type '*wat*'; read as Any",
        }
    ]
    out = tmp_path / "out"
    for command in (
        ["ir"],
        ["generate", "--out", str(out)],
        ["check", "--out", str(out)],
    ):
        assert main([*command, "--strict", "--docs", str(bad)]) == 2
        err = capsys.readouterr().err.splitlines()
        assert err[0] == f"specgen: error: {message}", err
        assert len(err) == 2 and "--strict" in err[1]
    assert not out.exists()
    assert main(["generate", "--out", str(out), "--docs", str(bad)]) == 0
    text = (out / "bad" / "models.py").read_text(encoding="utf-8")
    assert f"Note: {message}" in text  # the diagnostic reaches the field's docstring
    assert main(["ir", "--docs", str(tmp_path / "nope")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["ir", "--docs", str(empty)]) == 2
    capsys.readouterr()
    undecodable = tmp_path / "latin1.md"
    undecodable.write_bytes(b"# Caf\xe9\n\n## Fields\n")
    assert main(["ir", "--docs", str(undecodable)]) == 0
    assert capsys.readouterr().err.startswith(
        "specgen: warning: latin1.md: cannot read page: 'utf-8' codec"
    )
    assert main(["ir", "--strict", "--docs", str(undecodable)]) == 2


HOSTILE = (
    """# class

Ends a docstring: \"\"\" and a backslash \\\\ and """
    + "'''"
    + """.

## Fields

| Field | Type | Required | Description |
| ----- | ---- | -------- | ----------- |
| `import` | *str* | :heavy_check_mark: | \"\"\"); import os; os.system("x") # |
| `from_dict` | *OptionalNullable[int]* | :heavy_minus_sign: | N/A |
| `a"b\\\\c` | *Optional[bool]* | :heavy_minus_sign: | N/A |
| `self` | [Optional[models.Lambda]](../models/lambda.md) | :heavy_minus_sign: | N/A |
"""
)
LAMBDA = """# lambda

## Values

| Name | Value |
| ---- | ----- |
| `QUOTE` | it's "quoted" |
| `EMPTY` | x\\y |
"""


def test_hostile_names_and_text_in_pages_stay_text(tmp_path: Path) -> None:
    """Keywords, quotes and docstring terminators in pages never become code."""
    docs = tmp_path / "docs" / "models"
    docs.mkdir(parents=True)
    (docs / "class.md").write_text(HOSTILE, encoding="utf-8")
    (docs / "lambda.md").write_text(LAMBDA, encoding="utf-8")
    out = tmp_path / "out"
    _, files = render(_target((tmp_path / "docs",), out, "hostile_pkg"))
    write_tree(out, "hostile_pkg", files)
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module("hostile_pkg")
        names = [n for n in dir(module) if not n.startswith("_")]
        model = next(getattr(module, n) for n in names if n.startswith("Class"))
        enum = next(getattr(module, n) for n in names if n.startswith("Lambda"))
        payload = {
            "import": "x",
            "from_dict": None,
            'a"b\\c': True,
            "self": 'it\'s "quoted"',
        }
        decoded = model.from_dict(payload)
        assert decoded.to_dict() == payload
        assert {m.value for m in enum} == {'it\'s "quoted"', "x\\y"}
        # The description arrived as text: the module imported without running it.
        assert 'os.system("x")' in files["hostile_pkg/models.py"]
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == "hostile_pkg"]:
            del sys.modules[name]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "hostile_pkg"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
