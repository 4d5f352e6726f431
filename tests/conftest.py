"""Shared fixtures: generate a package from an inline spec into a temporary folder and import it."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.cli.config import Target
from generator.cli.pipeline import render
from generator.write.tree import write_tree

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

GenerateFn = Callable[..., ModuleType]


def module_names(package: str, files: Iterable[str]) -> list[str]:
    """The importable modules of a rendered package (``files``: its relative paths)."""
    return sorted(
        package + ("" if name == "__init__" else "." + name)
        for name in (Path(f).stem for f in files if f.endswith(".py"))
    )


def assert_modules_import(folder: Path, modules: Iterable[str]) -> None:
    """Import every module in a fresh interpreter run in ``folder``: the imports are
    real, and megabytes of generated classes leave with it."""
    script = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    result = subprocess.run(
        [sys.executable, "-c", script, *modules],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def mypy_strict(folder: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """Run ``mypy --strict`` over ``targets`` (packages, modules or files, as mypy's
    command line takes them) in ``folder``, which is also where imports are found;
    no cache is read or written, so every run checks from scratch."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            *targets,
        ],
        cwd=folder,
        env={**os.environ, "MYPYPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_mypy_strict(folder: Path, *targets: str) -> None:
    """:func:`mypy_strict` over ``targets`` passes."""
    result = mypy_strict(folder, *targets)
    assert result.returncode == 0, result.stdout + result.stderr


def minimal_spec(schemas: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An OpenAPI 3.1 document holding just these component schemas."""
    return {
        "openapi": extra.pop("openapi", "3.1.0"),
        "info": {"title": "Test", "version": "1"},
        "paths": extra.pop("paths", {}),
        "components": {"schemas": schemas, **extra.pop("components", {})},
        **extra,
    }


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep specgen's no-op cache out of the user's home and apart between tests."""
    monkeypatch.setenv(
        "SPECGEN_CACHE_DIR", str(tmp_path_factory.mktemp("specgen-cache"))
    )


@pytest.fixture
def generate(tmp_path: Path) -> Iterator[GenerateFn]:
    """Generate from a spec (a dict, or text with a file name) and import the package.

    Each call gets its own package name, and the import machinery is cleaned up
    afterwards, so tests never see each other's modules.
    """
    added_paths: list[str] = []
    packages: list[str] = []
    counter = iter(range(1000))

    def run(
        spec: dict[str, Any] | str,
        *,
        name: str = "spec.json",
        package: str | None = None,
    ) -> ModuleType:
        index = next(counter)
        folder = tmp_path / f"case{index}"
        folder.mkdir(exist_ok=True)
        spec_path = folder / name
        spec_path.write_text(
            spec if isinstance(spec, str) else json.dumps(spec), encoding="utf-8"
        )
        package = package or f"pkg_{tmp_path.name.replace('-', '_')}_{index}"
        out = folder / "out"
        target = Target(name="test", spec=spec_path, docs=(), out=out, package=package)
        _, files = render(target)
        write_tree(out, package, files)
        sys.path.insert(0, str(out))
        added_paths.append(str(out))
        packages.append(package)
        importlib.invalidate_caches()
        return importlib.import_module(package)

    yield run
    for path in added_paths:
        sys.path.remove(path)
    for module in [m for m in sys.modules if m.split(".")[0] in packages]:
        del sys.modules[module]
