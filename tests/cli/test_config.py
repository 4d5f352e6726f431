"""[tool.specgen] targets, defaults and command-line overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli.config import Overrides, resolve_targets
from generator.cli.main import main
from generator.errors import ConfigError
from generator.ir.selection import Selection

DOC = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "components": {"schemas": {"A": {"type": "object", "properties": {}}}},
}


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "a.json").write_text(json.dumps(DOC))
    (tmp_path / "b.json").write_text(json.dumps(DOC))
    (tmp_path / "pyproject.toml").write_text(table)
    return tmp_path


TWO_TARGETS = """
[tool.specgen]
out = "gen"
emit = ["dataclasses", "typeddicts"]

[[tool.specgen.targets]]
name = "first"
spec = "a.json"
package = "first_pkg"

[[tool.specgen.targets]]
name = "second"
spec = "b.json"
package = "second_pkg"
out = "elsewhere"
emit = "typeddicts"
include_tags = ["pets"]
"""


def test_targets_inherit_top_level_defaults(tmp_path: Path) -> None:
    project = _project(tmp_path, TWO_TARGETS)
    first, second = resolve_targets(Overrides(), project)
    assert (first.name, first.spec, first.out, first.package) == (
        "first",
        project / "a.json",
        project / "gen",
        "first_pkg",
    )
    assert (
        first.emit == frozenset({"dataclasses", "typeddicts"})
        and first.selection == Selection()
    )
    assert (second.out, second.emit) == (
        project / "elsewhere",
        frozenset({"typeddicts"}),
    )
    assert second.selection == Selection(include_tags=("pets",))


def test_target_flag_picks_one_and_flags_override_the_file(tmp_path: Path) -> None:
    project = _project(tmp_path, TWO_TARGETS)
    (chosen,) = resolve_targets(
        Overrides(target="second", out="o", emit="dataclasses", exclude_tags=("x",)),
        project,
    )
    assert (
        chosen.name == "second"
        and chosen.out == Path("o")
        and chosen.emit == frozenset({"dataclasses"})
    )
    assert chosen.selection == Selection(include_tags=("pets",), exclude_tags=("x",))
    with pytest.raises(
        ConfigError, match="no target named 'third' \\(known: first, second\\)"
    ):
        resolve_targets(Overrides(target="third"), project)


def test_generate_runs_every_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, TWO_TARGETS)
    monkeypatch.chdir(project)
    assert main(["generate"]) == 0
    out = capsys.readouterr().out
    assert "specgen: first: 1 models" in out and "specgen: second: " in out
    assert (project / "gen" / "first_pkg" / "models.py").is_file()
    assert sorted(p.name for p in (project / "elsewhere" / "second_pkg").iterdir() if not p.name.startswith(".")) == [
        "README.md", "__init__.py", "py.typed", "typeddicts.py"
    ]  # fmt: skip
    assert main(["check"]) == 0


@pytest.mark.parametrize(
    "table, message",
    [
        ('[tool.specgen]\nsepc = "a.json"\n', "[tool.specgen] sepc: unknown key"),
        (
            '[[tool.specgen.targets]]\nname = "x"\nspec = "a.json"\npakage = "p"\n',
            "[[tool.specgen.targets]] #1 pakage: unknown key",
        ),
        ("[tool.specgen]\nspec = 3\n", "spec: must be a string"),
        (
            '[tool.specgen]\nspec = "a.json"\nemit = ["models"]\n',
            "emit: must name some of dataclasses, typeddicts, client (got models)",
        ),
        (
            '[tool.specgen]\nspec = "a.json"\nemit = ["client"]\n',
            "emit: client needs dataclasses",
        ),
        (
            '[tool.specgen]\nspec = "a.json"\ninclude_tags = [1]\n',
            "include_tags: must be a string or an array of strings",
        ),
        (
            '[tool.specgen]\nspec = "a.json"\npackage = "../x"\n',
            "'../x' is not a valid Python package name",
        ),
        ("[tool.specgen\n", "invalid TOML"),
        (
            '[tool.specgen]\nspec = "a.json"\nstrict = "yes"\n',
            "strict: must be true or false",
        ),
    ],
)
def test_bad_configuration_is_exit_2_naming_the_key(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    table: str,
    message: str,
) -> None:
    monkeypatch.chdir(_project(tmp_path, table))
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


def test_bad_emit_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text(json.dumps(DOC))
    assert (
        main(
            [
                "generate",
                "--spec",
                str(tmp_path / "a.json"),
                "--out",
                str(tmp_path / "o"),
                "--emit",
                "dataclasses,cli",
            ]
        )
        == 2
    )
    assert (
        "emit: must name some of dataclasses, typeddicts, client (got cli)"
        in capsys.readouterr().err
    )


WARNED = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "components": {
        "schemas": {"A": {"type": "object", "properties": {}}},
        "securitySchemes": {"digest": {"type": "http", "scheme": "digest"}},
    },
}


@pytest.mark.parametrize(
    ("table", "flags", "strict"),
    [
        ('[tool.specgen]\nout = "gen"\nspec = "w.json"\npackage = "w"\n', [], False),
        (
            '[tool.specgen]\nout = "gen"\nspec = "w.json"\npackage = "w"\n',
            ["--strict"],
            True,
        ),
        (
            '[tool.specgen]\nout = "gen"\nstrict = true\nspec = "w.json"\npackage = "w"\n',
            [],
            True,
        ),
        (
            '[tool.specgen]\nout = "gen"\n\n[[tool.specgen.targets]]\nname = "w"\n'
            'spec = "w.json"\npackage = "w"\nstrict = true\n',
            [],
            True,
        ),
    ],
)
def test_strict_from_the_flag_or_the_configuration(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    table: str,
    flags: list[str],
    strict: bool,
) -> None:
    """A warning (here the OpenAPI front end's) is fatal under ``strict``: exit 2,
    the warning as an error, and nothing written."""
    (tmp_path / "w.json").write_text(json.dumps(WARNED))
    (tmp_path / "pyproject.toml").write_text(table)
    monkeypatch.chdir(tmp_path)
    message = (
        "w.json: #/components/securitySchemes/digest: HTTP scheme 'digest' is sent as "
        "a bearer token"
    )
    for command in (["generate"], ["check"], ["ir"]):
        code = main([*command, *flags])
        captured = capsys.readouterr()
        err = captured.err.splitlines()
        if strict:
            assert code == 2 and err[0] == f"specgen: error: {message}", err
            assert captured.out == ""
        else:
            assert code == 0 and f"specgen: warning: {message}" in err, err
    if not strict:
        # The no-op check knows strict: a strict run after this one is refused.
        assert main(["generate", "--strict"]) == 2
        assert capsys.readouterr().err.startswith(f"specgen: error: {message}")
    if not strict:  # `specgen ir` lists it, with its JSON pointer
        assert json.loads(captured.out)["diagnostics"] == [
            {
                "file": "w.json",
                "line": None,
                "pointer": "#/components/securitySchemes/digest",
                "message": "HTTP scheme 'digest' is sent as a bearer token",
            }
        ]
    assert (tmp_path / "gen" / "w").exists() is not strict
    assert (
        resolve_targets(Overrides(strict=None), tmp_path)[0].strict is strict or flags
    )


@pytest.mark.parametrize(
    "name",
    [
        "httpx",
        "typing",
        "dataclasses",
        "datetime",
        "json",
        "enum",
        "builtins",
        "os",
        "anyio",
    ],
)
def test_package_names_that_shadow_an_import_are_refused(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A package named like a module it imports cannot be imported (issue 29)."""
    spec = tmp_path / "s.json"
    spec.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}')
    code = main(
        [
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(tmp_path / "o"),
            "--package",
            name,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"specgen: error: --package: {name!r} would shadow the module of that name,"
        " which the generated package imports (or could); choose another package name\n"
    )
    assert not (tmp_path / "o").exists()


def test_a_package_named_after_a_spec_called_like_a_module_is_renamed(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "types.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n")
    (target,) = resolve_targets(Overrides(spec=str(spec)), tmp_path)
    assert target.package == "types_api"
