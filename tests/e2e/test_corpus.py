"""Every real spec of the shared corpus generates, and every generated module imports.

Skipped when ../shared is absent.  The big specs take a while.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.config import Target
from generator.cli.pipeline import render
from generator.write.tree import write_tree
from tests.conftest import SHARED, assert_modules_import, module_names

CORPUS_SPECS = sorted(
    [
        *(SHARED / "corpus" / "big").glob("*.*"),
        *(SHARED / "corpus" / "atoma" / "specs").glob("*.*"),
    ]
)

pytestmark = pytest.mark.skipif(
    not CORPUS_SPECS, reason="../shared/corpus is not present"
)


@pytest.mark.parametrize("spec", CORPUS_SPECS, ids=[p.name for p in CORPUS_SPECS])
def test_corpus_spec_generates_and_every_module_imports(
    spec: Path, tmp_path: Path
) -> None:
    target = Target(
        name="corpus", spec=spec, docs=(), out=tmp_path, package="corpus_pkg"
    )
    api, files = render(target)
    assert api.models, "every corpus spec has schemas"
    write_tree(tmp_path, "corpus_pkg", files)
    assert_modules_import(tmp_path, module_names("corpus_pkg", files))
    # The output is ruff's (the default formatter), whole.
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--isolated"]
        + ["--target-version", "py311", "corpus_pkg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert check.returncode == 0, (check.stdout + check.stderr)[-3000:]
