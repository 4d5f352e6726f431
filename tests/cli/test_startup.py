"""A run imports what it needs, when it needs it.

Start-up is most of a small spec's run: a cold run on a JSON spec needs no YAML
parser, no pool of workers, no black (ruff formats, in a process of its own), no
probe of the templates (its answer is committed), no TOML reader without a
pyproject.toml; a no-op run needs neither the front end nor the templates.  These tests run the
command in a fresh interpreter and look at what it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, minimal_spec

_SCRIPT = """
import json, sys
from generator.cli.main import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(sys.modules)]))
"""

_PETS = minimal_spec(
    {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
    paths={
        "/pets": {
            "get": {
                "operationId": "listPets",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Pet"}
                            }
                        },
                    }
                },
            }
        }
    },
)


def _imported(tmp_path: Path, spec: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "generate", "-q", "--spec", str(spec)]
        + ["--out", str(tmp_path / "out"), "--package", "pets"],
        cwd=tmp_path,
        # This checkout's generator, whatever the environment has installed.
        env={
            "SPECGEN_CACHE_DIR": str(tmp_path / "cache"),
            "PATH": "",
            "PYTHONPATH": str(ROOT),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    code, modules = json.loads(result.stdout.splitlines()[-1])
    assert code == 0
    return set(modules)


def test_a_cold_run_imports_only_what_it_needs(tmp_path: Path) -> None:
    spec = tmp_path / "pets.json"
    spec.write_text(json.dumps(_PETS), encoding="utf-8")
    cold = _imported(tmp_path, spec)
    assert (tmp_path / "out" / "pets" / "client.py").is_file()
    assert {
        "generator.render.package",
        "jinja2",
        "generator.python._reserved_names",
    } <= cold
    unneeded = {
        "yaml",  # a JSON spec
        "black",  # ruff formats, in its own process
        "multiprocessing",
        "concurrent.futures",
        "generator.python.reserved",  # the reserved names are committed, not probed
        "generator.python.probe",
        "tomllib",  # no pyproject.toml here
        "ctypes",  # nothing to swap: the package is new
        "difflib",  # only `specgen check` diffs
        "markdown_it",  # no docs
    }
    assert not cold & unneeded, sorted(cold & unneeded)

    noop = _imported(tmp_path, spec)
    assert not noop & {
        "jinja2",
        "generator.render.package",
        "generator.openapi",
    }, sorted(noop & {"jinja2", "generator.render.package", "generator.openapi"})


def test_a_yaml_spec_brings_pyyaml(tmp_path: Path) -> None:
    spec = tmp_path / "pets.yaml"
    # Block-style YAML whose values are JSON (JSON is YAML).
    spec.write_text(
        "".join(f"{key}: {json.dumps(value)}\n" for key, value in _PETS.items()),
        encoding="utf-8",
    )
    assert "yaml" in _imported(tmp_path, spec)
