"""Nothing a spec or a flag says can make specgen write outside ``--out/PACKAGE``.

A package name is a folder name, so one that is a path (``../../x``, ``/etc/x``) or a
device name on Windows (``con``) is refused.  Schema names, tags and operationIds
only ever become identifiers inside fixed file names, whatever they hold.  The
manifest and symlinks left in the output folder cannot redirect writes or removals.
"""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from generator import runtime
from generator.cli.main import main
from generator.errors import SpecError
from generator.write.tree import write_tree

HOSTILE = [
    "../../x",
    "/etc/x",
    "con",
    "CON",
    "nul",
    "aux.txt",
    "a/b",
    "..",
    ".",
    "\\x",
    "x\x00y",
]


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            code = main(list(args))
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder``, with file contents (None for folders)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def _spec(names: list[str]) -> dict[str, object]:
    """Hostile strings as schema names, property names, tags, groups and operationIds."""
    paths = {}
    for index, name in enumerate(names):
        paths[f"/p{index}"] = {
            "get": {
                "operationId": name,
                "tags": [name],
                "x-speakeasy-group": name,
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/S{index}"}
                            }
                        },
                    }
                },
            }
        }
    schemas = {
        f"S{index}": {
            "type": "object",
            "title": name,
            "properties": {name: {"type": "string"}},
        }
        for index in range(len(names))
    }
    schemas.update({name: {"type": "string"} for name in names})
    return {
        "openapi": "3.1.0",
        "info": {"title": "../../x", "version": "/etc/x"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


@pytest.mark.parametrize("package", [*HOSTILE, "com1", "LPT9", "ｐｋｇ", "pkg\n"])
def test_package_names_that_are_paths_or_devices_are_refused(
    tmp_path: Path, package: str
) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_spec(["A"])))
    before = _tree(tmp_path)
    code, err = _run(
        tmp_path, "generate", "--spec", "s.json", "--out", "out", "--package", package
    )
    assert (
        code == 2 and err.startswith("specgen: error: ") and err.count("\n") == 1
    ), err
    assert "--package" in err
    assert _tree(tmp_path) == before


def test_write_tree_refuses_a_device_name_or_a_path_itself(tmp_path: Path) -> None:
    """The writer checks too, whoever calls it (the CLI validates earlier)."""
    for package, files in [
        ("con", {"con/models.py": "x = 1\n"}),
        ("pkg", {"pkg/../../escape.py": "x = 1\n"}),
        ("pkg", {"/etc/x.py": "x = 1\n"}),
        ("pkg", {"other/models.py": "x = 1\n"}),
    ]:
        with pytest.raises(SpecError):
            write_tree(tmp_path / "out", package, files)
    assert _tree(tmp_path) == {}


def test_hostile_schema_names_tags_and_operation_ids_stay_inside_the_package(
    tmp_path: Path,
) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_spec(HOSTILE)))
    before = _tree(tmp_path)
    code, err = _run(
        tmp_path, "generate", "--spec", "s.json", "--out", "out", "--package", "pkg"
    )
    assert code == 0, err
    after = _tree(tmp_path)
    created = sorted(set(after) - set(before))
    assert all(path == "out" or path.startswith("out/pkg") for path in created), created
    assert {path for path in created if path.endswith(".py")} == {
        f"out/pkg/{name}"
        for name in (
            "__init__.py",
            "models.py",
            "typeddicts.py",
            "errors.py",
            "client.py",
            *runtime.MODELS,
            *runtime.CLIENT,
        )
    }
    assert all(after[path] == before[path] for path in before)


def test_a_manifest_cannot_make_specgen_remove_files_outside_the_package(
    tmp_path: Path,
) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_spec(["A"])))
    args = ("generate", "--spec", "s.json", "--out", "out", "--package", "pkg")
    assert _run(tmp_path, *args)[0] == 0
    victims = [
        tmp_path / "victim.txt",
        tmp_path / "out" / "victim.txt",
        tmp_path / "out" / "other" / "v.py",
    ]
    for victim in victims:
        victim.parent.mkdir(parents=True, exist_ok=True)
        victim.write_text("keep me")
    manifest = tmp_path / "out" / "pkg" / ".specgen-manifest.json"
    entries = json.loads(manifest.read_text())
    entries += [
        "../victim.txt",
        "pkg/../victim.txt",
        "pkg/../../victim.txt",
        str(victims[0]),
        "other/v.py",
    ]
    manifest.write_text(json.dumps(entries))
    code, err = _run(tmp_path, *args)
    assert code == 0, err
    assert all(victim.read_text() == "keep me" for victim in victims)


def test_symlinks_in_the_output_cannot_redirect_writes(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_spec(["A"])))
    args = ("generate", "--spec", "s.json", "--out", "out", "--package", "pkg")
    assert _run(tmp_path, *args)[0] == 0
    outside = tmp_path / "outside.py"
    outside.write_text("precious = 1\n")
    models = tmp_path / "out" / "pkg" / "models.py"
    models.unlink()
    models.symlink_to(outside)
    (tmp_path / "s.json").write_text(json.dumps(_spec(["A", "B"])))  # models.py changes
    code, err = _run(tmp_path, *args, "--force")
    assert code == 0, err
    assert outside.read_text() == "precious = 1\n"
    assert not models.is_symlink() and "class S1" in models.read_text()


def test_a_package_folder_that_is_a_symlink_is_not_written_through(
    tmp_path: Path,
) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_spec(["A"])))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mine.txt").write_text("mine")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "pkg").symlink_to(elsewhere, target_is_directory=True)
    before = _tree(elsewhere)
    code, err = _run(
        tmp_path, "generate", "--spec", "s.json", "--out", "out", "--package", "pkg"
    )
    assert _tree(elsewhere) == before
    assert code in (0, 2), err
    assert err.count("\n") <= 1 and "Traceback" not in err


def test_a_device_name_in_one_target_stops_every_target_before_writing(
    tmp_path: Path,
) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_spec(["A"])))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen]\nout = "out"\n\n'
        '[[tool.specgen.targets]]\nname = "one"\nspec = "s.json"\npackage = "fine"\n\n'
        '[[tool.specgen.targets]]\nname = "two"\nspec = "s.json"\npackage = "con"\n'
    )
    code, err = _run(tmp_path, "generate")
    assert code == 2 and "'con' is a device name on Windows" in err, err
    assert not (tmp_path / "out").exists()
