"""The APIs.guru sample: 264 real documents from hundreds of vendors generate, import
and type-check.

Skipped without ``../shared/corpus/apisguru-sample``.  Documents are generated in
worker processes (one per core), imported in fresh interpreters (a few packages
each, in parallel), and every one goes through ``mypy --strict``, a dozen packages
per run so that mypy loads the standard library's stubs once per chunk (about a
minute on 2 cores).  ``SPECGEN_APISGURU_MYPY_EVERY=N`` checks every N-th document
only, for a quicker run by hand.
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
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli.config import Target
from generator.cli.pipeline import render
from generator.errors import SpecError
from generator.write.tree import write_tree
from tests.conftest import SHARED

SAMPLE = SHARED / "corpus" / "apisguru-sample" / "api"
DOCUMENTS = sorted(SAMPLE.rglob("*.json")) if SAMPLE.is_dir() else []
MYPY_EVERY = int(os.environ.get("SPECGEN_APISGURU_MYPY_EVERY", "1"))
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


@dataclass(frozen=True)
class Sample:
    """The sample generated under ``out``, document ``i`` as package ``api_NNN``."""

    out: Path
    problems: dict[str, str | None]
    """Document name -> why it did not generate, or None."""

    def packages(self) -> list[tuple[str, str]]:
        """(document name, package) for every document that generated."""
        return [
            (_name(document), _package(index))
            for index, document in enumerate(DOCUMENTS)
            if self.problems[_name(document)] is None
        ]


def _package(index: int) -> str:
    return f"api_{index:03d}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    out = tmp_path_factory.mktemp("apisguru")
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(_cores(), mp_context=context) as pool:
        futures = {
            _name(document): pool.submit(_generate_one, document, out, _package(index))
            for index, document in enumerate(DOCUMENTS)
        }
        return Sample(out, {name: f.result() for name, f in futures.items()})


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


def test_every_sample_document_generates(sample: Sample) -> None:
    problems = {n: p for n, p in sample.problems.items() if p is not None}
    unexpected = {
        name: problem
        for name, problem in problems.items()
        if not (problem.startswith("refused:") and name in EXPECTED_REFUSALS)
    }
    assert not unexpected, "\n".join(f"{n}: {p}" for n, p in sorted(unexpected.items()))
    assert sorted(problems) == sorted(EXPECTED_REFUSALS)


def test_every_generated_module_imports(sample: Sample) -> None:
    packages = sample.packages()
    document_of = {package: name for name, package in packages}
    failures: dict[str, str] = {}
    with concurrent.futures.ThreadPoolExecutor(_cores()) as pool:
        chunks = _chunks(packages)
        for found in pool.map(lambda c: _import_chunk(sample.out, c), chunks):
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


def test_every_generated_package_passes_mypy_strict(sample: Sample) -> None:
    checked = sample.packages()[::MYPY_EVERY]
    with concurrent.futures.ThreadPoolExecutor(_cores()) as pool:
        chunks = _chunks(checked)
        reports = list(pool.map(lambda c: _mypy_chunk(sample.out, c), chunks))
    document_of = dict((package, name) for name, package in checked)
    errors = [
        re.sub(r"^(api_\d+)", lambda m: document_of.get(m.group(1), m.group(1)), line)
        for report in reports
        for line in report.splitlines()
    ]
    assert not errors, "\n".join(errors[:60])
