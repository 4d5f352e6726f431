"""Checks on specgen's own code and on the committed output's formatting."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_generator_package_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir=/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_code_is_ruff_formatted() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "format",
            "--check",
            "--isolated",
            "--target-version",
            "py311",
            "generated",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_templates_ship_inside_the_package_build() -> None:
    """The wheel maps the top-level templates/ into generator/templates/."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    force_include = config["tool"]["hatch"]["build"]["targets"]["wheel"][
        "force-include"
    ]
    assert force_include == {"templates": "generator/templates"}
    assert (ROOT / "templates" / "package" / "models.py.jinja").is_file()


def test_specgen_itself_is_black_formatted() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "generator", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
