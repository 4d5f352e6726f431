"""Build-pipeline behaviour of the output: check mode, only-changed writes, atomicity."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.write.tree import MANIFEST


def _write_spec(path: Path, schemas: dict[str, Any]) -> str:
    path.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "components": {"schemas": schemas},
            }
        )
    )
    return str(path)


def _tree(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _hashes(folder: Path) -> dict[str, str]:
    return {name: digest for name, (digest, _) in _tree(folder).items()}


SCHEMAS = {
    "A": {"type": "object", "properties": {"a": {"type": "string"}}},
    "B": {"type": "object", "properties": {"b": {"type": "integer"}}},
}


def test_check_is_exit_0_when_clean_and_1_with_a_diff_when_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write_spec(tmp_path / "s.json", SCHEMAS)
    common = ["--spec", spec, "--out", str(tmp_path / "o"), "--package", "p"]
    assert main(["check", *common]) == 1  # nothing generated yet
    assert "+++ b/p/models.py" in capsys.readouterr().out
    assert not (tmp_path / "o").exists(), "check never writes"

    assert main(["generate", "-q", *common]) == 0
    assert main(["check", *common]) == 0
    assert capsys.readouterr().out == ""

    models = tmp_path / "o" / "p" / "models.py"
    models.write_text(models.read_text().replace("class A:", "class A:  # edited"))
    before = _tree(tmp_path / "o")
    assert main(["check", *common]) == 1
    captured = capsys.readouterr()
    assert "-class A:  # edited\n+class A:\n" in captured.out
    assert "is out of date; run specgen generate" in captured.err
    assert main(["check", "--stat", *common]) == 1
    assert capsys.readouterr().out == f"changed: {models}\n"
    assert _tree(tmp_path / "o") == before, "check never writes"


def test_a_no_op_run_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write_spec(tmp_path / "s.json", SCHEMAS)
    common = [
        "generate",
        "--spec",
        spec,
        "--out",
        str(tmp_path / "o"),
        "--package",
        "p",
    ]
    assert main(common) == 0
    before = _tree(tmp_path / "o")
    directory_mtime = (tmp_path / "o" / "p").stat().st_mtime_ns
    time.sleep(0.01)
    assert main(common) == 0  # decided from the hashes recorded by the first run
    assert "up to date, nothing written" in capsys.readouterr().out
    assert (
        main([*common, "--force"]) == 0
    )  # a full render that finds every file unchanged
    assert "0 written, 6 unchanged, 0 removed" in capsys.readouterr().out
    assert _tree(tmp_path / "o") == before
    assert (tmp_path / "o" / "p").stat().st_mtime_ns == directory_mtime


def test_only_changed_files_are_rewritten_and_a_removed_schema_disappears(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path = tmp_path / "s.json"
    common = [
        "generate",
        "--spec",
        str(spec_path),
        "--out",
        str(tmp_path / "o"),
        "--package",
        "p",
    ]
    _write_spec(spec_path, SCHEMAS)
    assert main(common) == 0
    package = tmp_path / "o" / "p"
    (package / "handwritten.py").write_text("KEEP = True\n")
    before = _tree(tmp_path / "o")
    _write_spec(spec_path, {"A": SCHEMAS["A"]})
    assert main(common) == 0
    after = _tree(tmp_path / "o")
    assert "class B" not in (package / "models.py").read_text()
    assert after["p/models.py"] != before["p/models.py"]
    for unchanged in ("p/_runtime.py", "p/py.typed", "p/handwritten.py"):
        assert (
            after[unchanged] == before[unchanged]
        ), unchanged  # same bytes and same mtime
    assert (package / "handwritten.py").read_text() == "KEEP = True\n"
    assert json.loads((package / MANIFEST).read_text()) == sorted(
        f"p/{n}"
        for n in (
            "README.md",
            "__init__.py",
            "_runtime.py",
            "models.py",
            "py.typed",
            "typeddicts.py",
        )
    )
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "p"
    ], "nothing left beside the package"


def _big_schemas(count: int, variant: str) -> dict[str, Any]:
    return {
        f"Model{i}": {
            "type": "object",
            "description": f"Model {i} of variant {variant}",
            "required": ["id"],
            "properties": {
                "id": {"type": "integer"},
                f"field_{variant}": {"type": "string", "format": "date-time"},
                "children": {
                    "type": "array",
                    "items": {"$ref": f"#/components/schemas/Model{(i + 1) % count}"},
                },
                "kind": {"type": "string", "enum": ["a", "b", variant]},
            },
        }
        for i in range(count)
    }


def test_sigkill_at_any_moment_leaves_the_old_tree_or_the_new_one(
    tmp_path: Path,
) -> None:
    old_spec = _write_spec(tmp_path / "old.json", _big_schemas(80, "old"))
    new_spec = _write_spec(tmp_path / "new.json", _big_schemas(80, "new"))
    out = tmp_path / "o"

    def command(spec: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "-q",
            "--spec",
            spec,
            "--out",
            str(out),
            "--package",
            "p",
        ]

    subprocess.run(command(new_spec), check=True, timeout=300)
    new_tree = _hashes(out / "p")
    started = time.perf_counter()
    subprocess.run(command(old_spec), check=True, timeout=300)
    duration = time.perf_counter() - started
    old_tree = _hashes(out / "p")
    assert old_tree != new_tree

    outcomes = set()
    for fraction in (0.5, 0.85, 0.95, 1.0, 1.1):
        process = subprocess.Popen(command(new_spec))
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        tree = _hashes(out / "p")
        assert tree in (
            old_tree,
            new_tree,
        ), f"a mixed tree after SIGKILL at {fraction:.0%}"
        outcomes.add("new" if tree == new_tree else "old")
        # The next run recovers without help, whatever the kill left beside the package.
        subprocess.run(command(old_spec), check=True, timeout=300)
        assert _hashes(out / "p") == old_tree
        assert sorted(os.listdir(out)) == ["p"]
    assert "old" in outcomes
