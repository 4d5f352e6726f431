"""The formatting step: ruff (the default), black, or none (generator/format.py)."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import msgspec
import pytest

import generator.render.package as render_module
from generator import runtime
from generator.cli import fingerprint
from generator.cli.config import Overrides, Target, resolve_targets
from generator.cli.main import main
from generator.cli.pipeline import package_files
from generator.errors import ConfigError
import generator.format as format_module
from generator.format import FormatError, format_modules, version
from generator.openapi import build_api
from generator.python.name_plan import plan_names
from generator.render import environment as templating
from generator.write.tree import write_tree

ROOT = Path(__file__).resolve().parents[1]
ATOMA = ROOT / "spec" / "atoma-speakeasy-openapi.yaml"
RUFF_CHECK = [sys.executable, "-m", "ruff", "format", "--check", "--isolated"]
BLACK_CHECK = [sys.executable, "-m", "black", "--check", "--target-version", "py311"]


def _code(text: str) -> str:
    """The module's syntax tree, its docstrings compared as black compares them
    (formatters move a docstring's closing quotes, and strip its lines' ends)."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            if isinstance(node.value.value, str):
                lines = node.value.value.strip().splitlines()
                node.value.value = "\n".join(line.strip() for line in lines)
    return ast.dump(tree)


def _write(tmp_path: Path, formatter: str) -> tuple[Path, dict[str, str]]:
    files = package_files(
        build_api(ATOMA), "pkg", formatter=formatter  # type: ignore[arg-type]
    )
    write_tree(tmp_path, "pkg", files)
    return tmp_path / "pkg", files


def _check(command: list[str], folder: Path) -> None:
    result = subprocess.run(
        [*command, str(folder)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_output_passes_ruff_format_check(tmp_path: Path) -> None:
    folder, _ = _write(tmp_path, "ruff")
    _check([*RUFF_CHECK, "--target-version", "py311"], folder)


def test_ruff_output_is_deterministic(tmp_path: Path) -> None:
    _, first = _write(tmp_path / "a", "ruff")
    _, second = _write(tmp_path / "b", "ruff")
    assert first == second


def test_the_users_ruff_configuration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither a ruff.toml (project or user) nor RUFF_* variables reach our ruff."""
    _, expected = _write(tmp_path / "a", "ruff")
    settings = 'line-length = 40\n[format]\nquote-style = "single"\n'
    (tmp_path / "config" / "ruff").mkdir(parents=True)
    (tmp_path / "config" / "ruff" / "ruff.toml").write_text(settings)
    (tmp_path / "ruff.toml").write_text(settings)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RUFF_OUTPUT_FORMAT", "json")
    monkeypatch.chdir(tmp_path)
    _, files = _write(tmp_path / "b", "ruff")
    assert files == expected


def test_black_output_passes_black_check(tmp_path: Path) -> None:
    pytest.importorskip("black")
    folder, files = _write(tmp_path, "black")
    _check(BLACK_CHECK, folder)
    # The same code as ruff's, laid out by another formatter.
    _, ruffs = _write(tmp_path / "r", "ruff")
    for name, text in files.items():
        if name.endswith(".py"):
            assert _code(text) == _code(ruffs[name])


def test_none_writes_the_templates_text(tmp_path: Path) -> None:
    api = build_api(ATOMA)
    files = package_files(api, "pkg", formatter="none")
    unformatted = render_module.render_unformatted(api, plan_names(api), "pkg")
    assert "models.py" in unformatted and "README.md" in unformatted
    for name, text in unformatted.items():
        assert files[f"pkg/{name}"] == text
        if name.endswith(".py"):
            ast.parse(text)


def test_runtime_modules_need_no_formatter() -> None:
    """The runtime modules are copied as they are: ruff and black agree with them."""
    files = package_files(build_api(ATOMA), "pkg", formatter="none")
    names = runtime.MODELS + runtime.CLIENT
    modules = {name: files[f"pkg/{name}"] for name in names}
    assert format_modules(modules, "ruff") == modules
    if importlib.util.find_spec("black") is not None:
        assert format_modules(modules, "black") == modules


def test_formatting_nothing_runs_nothing() -> None:
    assert format_modules({}, "ruff") == {}


def test_ruff_formats_the_readmes_examples_and_black_leaves_them() -> None:
    readme = "# p\n\n```python\nvalue = f( 1 )\n```\n"
    modules = {"README.md": readme, "m.py": "x = f( 1 )\n"}
    assert format_modules(modules, "ruff") == {
        "README.md": readme.replace("f( 1 )", "f(1)"),
        "m.py": "x = f(1)\n",
    }
    if importlib.util.find_spec("black") is not None:
        assert format_modules(modules, "black") == {
            "README.md": readme,
            "m.py": "x = f(1)\n",
        }


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_invalid_python_is_a_clear_error(formatter: str) -> None:
    if formatter == "black":
        pytest.importorskip("black")
    modules = {"good.py": "x = 1\n", "bad.py": "x = 1\ndef f(:\n    pass\n"}
    with pytest.raises(FormatError) as raised:
        format_modules(modules, formatter)  # type: ignore[arg-type]
    message = str(raised.value)
    assert "the generated module bad.py is not valid Python" in message
    assert "line 2" in message and "def f(:" in message


def _break_template(monkeypatch: pytest.MonkeyPatch, name: str, appended: str) -> None:
    """Make a template write *appended* at its end (compiled afresh)."""
    read = templating._Loader.get_source

    def get_source(
        self: templating._Loader, env: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = read(self, env, template)
        if template == name:
            source += appended
        return source, filename, uptodate

    monkeypatch.setattr(templating._Loader, "get_source", get_source)


def test_a_template_writing_invalid_python_fails_without_a_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _break_template(monkeypatch, "package/models.py.jinja", "\ndef broken(:\n")
    out = tmp_path / "out"
    code = main(["generate", "--spec", str(ATOMA), "--out", str(out), "--package", "p"])
    err = capsys.readouterr().err
    assert code == 3
    assert "specgen: error: the generated module models.py is not valid Python" in err
    assert "def broken(:" in err and "Traceback" not in err
    assert not out.exists()


def test_none_writes_even_what_a_formatter_would_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_template(monkeypatch, "package/models.py.jinja", "\n# kept as written\n")
    files = package_files(build_api(ATOMA), "pkg", formatter="none")
    assert files["pkg/models.py"].endswith("\n# kept as written\n")


def test_black_not_installed_is_exit_2_with_how_to_install(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    find_spec = importlib.util.find_spec

    def without_black(name: str, *args: object) -> object:
        return None if name == "black" else find_spec(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_black)
    monkeypatch.setitem(sys.modules, "black", None)  # an import fails too
    argv = ["generate", "--spec", str(ATOMA), "--out", str(tmp_path / "o")]
    assert main([*argv, "--formatter", "black"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'specgen[black]'" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
    with pytest.raises(ConfigError, match="specgen\\[black\\]"):
        format_modules({"m.py": "x = 1\n"}, "black")


def test_the_cli_flag_chooses_the_formatter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["generate", "-q", "--spec", str(ATOMA), "--package", "p"]
    assert main([*argv, "--out", str(tmp_path / "n"), "--formatter", "none"]) == 0
    assert main([*argv, "--out", str(tmp_path / "r")]) == 0
    none = (tmp_path / "n" / "p" / "client.py").read_text()
    ruff = (tmp_path / "r" / "p" / "client.py").read_text()
    assert none != ruff
    assert _code(none) == _code(ruff)
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--out", str(tmp_path / "x"), "--formatter", "yapf"])
    assert exited.value.code == 2
    assert "--formatter" in capsys.readouterr().err


def test_the_configuration_key_chooses_the_formatter(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen]\nspec = "a.json"\nformatter = "none"\n\n'
        '[[tool.specgen.targets]]\nname = "one"\n\n'
        '[[tool.specgen.targets]]\nname = "two"\nformatter = "black"\n'
    )
    one, two = resolve_targets(Overrides(), tmp_path)
    assert (one.formatter, two.formatter) == ("none", "black")
    (flagged,) = resolve_targets(Overrides(target="two", formatter="ruff"), tmp_path)
    assert flagged.formatter == "ruff"
    # Inputs named on the command line still take the file's formatter.
    (given,) = resolve_targets(Overrides(spec=str(ATOMA)), tmp_path)
    assert given.formatter == "none"


def test_the_default_formatter_is_ruff(tmp_path: Path) -> None:
    (target,) = resolve_targets(Overrides(spec=str(ATOMA)), tmp_path)
    assert target.formatter == "ruff"


def test_an_unknown_formatter_in_the_configuration_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.specgen]\nspec = "{ATOMA}"\nformatter = "yapf"\n'
    )
    with pytest.raises(ConfigError, match="formatter: must be one of ruff, black"):
        resolve_targets(Overrides(), tmp_path)


def test_the_fingerprint_names_the_formatter_and_its_version() -> None:
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "--version"], capture_output=True, text=True
    )
    assert version("ruff") == ruff.stdout.strip()  # "ruff 0.17.6"
    assert version("none") == "none"
    target = Target(name="t", spec=ATOMA, docs=(), out=Path("o"), package="p")
    prints = {
        fingerprint._fingerprint(msgspec.structs.replace(target, formatter=formatter))
        for formatter in ("ruff", "black", "none")
    }
    assert len(prints) == 3


def test_a_formatter_upgrade_changes_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = Target(name="t", spec=ATOMA, docs=(), out=Path("o"), package="p")
    before = fingerprint._fingerprint(target)
    monkeypatch.setattr(
        fingerprint, "formatter_version", lambda formatter: f"{formatter} 99.0.0"
    )
    assert fingerprint._fingerprint(target) != before


def _module_of_classes(count: int, docstring: str = "A module.") -> str:
    classes = "".join(
        f"\n\n\nclass C{i}:\n    value: int | str | None | list[dict[str, int]] |"
        f" tuple[int, ...] = {i}\n    def f(self, a,b) -> dict[str,int]: return {{'k{i}':a}}\n"
        for i in range(count)
    )
    return f'"""{docstring}"""\n\nfrom __future__ import annotations\n{classes}'


def test_a_big_module_is_cut_at_top_level_statements() -> None:
    text = _module_of_classes(40)
    cut = format_module.pieces(text, size=300)
    assert len(cut) > 5
    assert all(p.startswith(("class ", '"""')) for p in cut)
    assert "\n\n".join(cut) == text
    assert format_module.pieces(text, size=len(text)) == [text]


def test_ruff_formats_a_cut_module_as_it_formats_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _module_of_classes(60)
    whole = format_module._ruff({"m.py": text})["m.py"]  # small: formatted whole
    monkeypatch.setattr(format_module, "PIECE_CHARACTERS", 400)
    assert len(format_module.pieces(text)) > 10  # the setting is read at each call
    assert format_module._ruff({"m.py": text}) == {"m.py": whole}


def test_a_cut_inside_a_string_falls_back_to_the_whole_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Spec text can look like a cut (two blank lines, then a word at column 0)
    inside a module docstring: the piece before it cannot parse, and the module is
    formatted whole, as it would be without cutting."""
    text = _module_of_classes(
        30, docstring="Intro, " + "long " * 10 + "\n\n\nclass Fake: not code\n"
    )
    whole = format_module._ruff({"m.py": text})["m.py"]  # small: formatted whole
    monkeypatch.setattr(format_module, "PIECE_CHARACTERS", 20)
    first = format_module.pieces(text)[0]
    assert first.startswith('"""Intro,') and "class Fake" not in first  # a bad cut
    assert format_module._ruff({"m.py": text}) == {"m.py": whole}


def test_consume_takes_the_texts_out_of_the_mapping() -> None:
    modules = {"m.py": "x = f( 1 )\n"}
    assert format_modules(dict(modules), "ruff") == {"m.py": "x = f(1)\n"}
    assert format_modules(modules, "ruff", consume=True) == {"m.py": "x = f(1)\n"}
    assert modules == {}


def test_a_module_that_does_not_parse_still_stops_a_run_that_cut_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fallback after a bad cut formats every module again, so an invalid
    module that was never cut is not returned unformatted."""
    cut = _module_of_classes(
        30, docstring="Intro, " + "long " * 10 + "\n\n\nclass Fake: not code\n"
    )
    monkeypatch.setattr(format_module, "PIECE_CHARACTERS", 20)
    assert len(format_module.pieces(cut)) > 1
    with pytest.raises(FormatError, match="bad.py"):
        format_module._ruff({"m.py": cut, "bad.py": "def (:\n"})
