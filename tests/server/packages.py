"""Generate a client package into a folder and import it, for tests and the benchmark."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.cli.config import Target
from generator.cli.pipeline import render
from generator.write.tree import write_tree


def generate_and_import(
    spec: Path | None, package: str, out: Path, docs: tuple[Path, ...] = ()
) -> ModuleType:
    """Render ``spec`` (and/or ``docs``) as ``package`` under ``out`` and import it
    (``out`` joins sys.path)."""
    target = Target(name="test", spec=spec, docs=docs, out=out, package=package)
    _, files = render(target)
    write_tree(out, package, files)
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package)


def forget(package: str, out: Path) -> None:
    """Undo :func:`generate_and_import`."""
    for name in [m for m in sys.modules if m.split(".")[0] == package]:
        del sys.modules[name]
    if str(out) in sys.path:
        sys.path.remove(str(out))


@contextmanager
def spec_package(
    folder: Path, spec: dict[str, Any], package: str
) -> Iterator[ModuleType]:
    """``spec`` written as JSON into ``folder``, generated there as ``package`` and
    imported; forgotten on leaving."""
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    out = folder / "out"
    module = generate_and_import(path, package, out)
    try:
        yield module
    finally:
        forget(package, out)
