"""The APIs.guru sample: 264 real documents from hundreds of vendors generate, import
and type-check.

Skipped without ``../shared/corpus/apisguru-sample``.  Documents are generated in
worker processes (one per core), imported in fresh interpreters (a few packages
each, in parallel), and a fixed subset (every ``SPECGEN_APISGURU_MYPY_EVERY``-th
document, 4 by default; 1 checks them all) goes through ``mypy --strict``, a few
packages per run so that mypy loads the standard library's stubs once per chunk.
"""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
import os
import re
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import Target
from generator.errors import SpecError
from generator.output import write_tree
from generator.pipeline import render
from tests.conftest import SHARED

SAMPLE = SHARED / "corpus" / "apisguru-sample" / "api"
DOCUMENTS = sorted(SAMPLE.rglob("*.json")) if SAMPLE.is_dir() else []
MYPY_EVERY = int(os.environ.get("SPECGEN_APISGURU_MYPY_EVERY", "4"))
CHUNK = 12
"""Packages per import or mypy run: small enough to spread over the cores."""

# Documents of the sample that are refused on purpose, with the reason: none today.
EXPECTED_REFUSALS: dict[str, str] = {}

pytestmark = pytest.mark.skipif(
    not DOCUMENTS, reason="../shared/corpus/apisguru-sample is not present"
)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _name(document: Path) -> str:
    return document.relative_to(SAMPLE).as_posix()


def _generate_one(document: Path, out: Path, package: str) -> str | None:
    """Generate one document (in a worker process); the problem, or None."""
    target = Target(name="sample", spec=document, docs=(), out=out, package=package)
    try:
        _, files = render(target)
    except SpecError as error:
        return f"refused: {error}"
    except Exception:  # an internal error: the test reports it with the others
        return "internal error: " + traceback.format_exc(limit=-3)
    write_tree(out, package, files)
    return None


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | None]:
    """Every document generated as ``api_NNN`` under one folder: name -> problem."""
    out = tmp_path_factory.mktemp("apisguru")
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(_cores(), mp_context=context) as pool:
        futures = {
            _name(document): pool.submit(
                _generate_one, document, out, f"api_{index:03d}"
            )
            for index, document in enumerate(DOCUMENTS)
        }
        problems = {name: future.result() for name, future in futures.items()}
    problems["__out__"] = str(out)
    return problems


def _packages(generated: dict[str, str | None]) -> Iterator[tuple[str, str]]:
    """(document name, package) for every document that generated."""
    for index, document in enumerate(DOCUMENTS):
        name = _name(document)
        if generated[name] is None:
            yield name, f"api_{index:03d}"


def _chunks(items: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


_IMPORT_SCRIPT = """
import importlib, json, pathlib, sys, traceback
failures = {}
for package in sys.argv[1:]:
    for module in sorted(pathlib.Path(package).glob("*.py")):
        name = package + ("" if module.stem == "__init__" else "." + module.stem)
        try:
            importlib.import_module(name)
        except Exception:
            failures[package] = traceback.format_exc(limit=-2)
            break
print(json.dumps(failures))
"""


def _import_chunk(out: Path, chunk: list[tuple[str, str]]) -> dict[str, str]:
    """Import every module of these packages in a fresh interpreter: package -> error."""
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_SCRIPT, *(package for _, package in chunk)],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        return {package: result.stderr[-2000:] for _, package in chunk}
    failures: dict[str, str] = json.loads(result.stdout)
    return failures


def test_every_sample_document_generates(generated: dict[str, str | None]) -> None:
    problems = {
        name: problem
        for name, problem in generated.items()
        if name != "__out__" and problem is not None
    }
    unexpected = {
        name: problem
        for name, problem in problems.items()
        if not (problem.startswith("refused:") and name in EXPECTED_REFUSALS)
    }
    assert not unexpected, "\n".join(f"{n}: {p}" for n, p in sorted(unexpected.items()))
    assert sorted(problems) == sorted(EXPECTED_REFUSALS)


def test_every_generated_module_imports(generated: dict[str, str | None]) -> None:
    out = Path(str(generated["__out__"]))
    packages = list(_packages(generated))
    document_of = {package: name for name, package in packages}
    failures: dict[str, str] = {}
    with concurrent.futures.ThreadPoolExecutor(_cores()) as pool:
        for found in pool.map(lambda c: _import_chunk(out, c), _chunks(packages)):
            failures.update(found)
    assert not failures, "\n".join(
        f"{document_of[p]}:\n{error}" for p, error in sorted(failures.items())
    )


def _mypy_chunk(out: Path, chunk: list[tuple[str, str]]) -> str:
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    args += ["--cache-dir=/dev/null", "--no-error-summary"]
    for _, package in chunk:
        args += ["-p", package]
    result = subprocess.run(args, cwd=out, capture_output=True, text=True, timeout=900)
    return "" if result.returncode == 0 else result.stdout + result.stderr


def test_a_fixed_subset_passes_mypy_strict(generated: dict[str, str | None]) -> None:
    out = Path(str(generated["__out__"]))
    checked = [
        (name, package)
        for index, (name, package) in enumerate(_packages(generated))
        if index % MYPY_EVERY == 0
    ]
    with concurrent.futures.ThreadPoolExecutor(_cores()) as pool:
        reports = list(pool.map(lambda c: _mypy_chunk(out, c), _chunks(checked)))
    document_of = dict((package, name) for name, package in checked)
    errors = [
        re.sub(r"^(api_\d+)", lambda m: document_of.get(m.group(1), m.group(1)), line)
        for report in reports
        for line in report.splitlines()
    ]
    assert not errors, "\n".join(errors[:60])
