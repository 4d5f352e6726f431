"""Instructions, not seconds: a cold run counted by valgrind's callgrind.

Run by hand, never in CI:

    python benchmarks/bench_instructions.py                # the default small documents
    python benchmarks/bench_instructions.py --spec ../shared/corpus/big/petstore.yaml

Wall times on a shared or virtual machine move by a tenth or more from one minute
to the next, which hides the changes a start-up or a small document is made of
(ten milliseconds, a few percent).  Callgrind counts the instructions a process
executes: with the hash seed fixed the count is the same on every run (checked
below), whatever else the machine is doing, so two versions of specgen can be
told apart by a fraction of a percent.  Under callgrind a process runs some
seventy times slower, so the default set is the smallest documents of issue 15's
set, where the start-up is most of the run.

For each document it counts, each a whole process with PYTHONHASHSEED=0:

- ``interpreter``: ``python -c pass``;
- ``parse only``: what bench.py calls the floor (import PyYAML, read and parse);
- ``imports``: ``import generator.cli.main, generator.cli.pipeline`` (and PyYAML for a YAML
  document), specgen's start-up before it reads anything;
- ``cold``: ``specgen generate`` with a fresh cache and output folder, on one
  core (``taskset -c 0``).  Ruff formats in a process of its own, which callgrind
  does not follow: its work is not counted here (bench.py's CPU seconds include it).

Millions of instructions; ``work`` is cold minus imports.  A change to specgen is
compared by running this before and after it (``git stash``) on the same machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import (  # the same set, floor and bytecode as bench.py
    CORPUS,
    PARSE_ONLY,
    default_specs,
    installed_as_a_package,
)

SMALLEST = 5
"""How many of issue 15's set the default measures: its smallest files."""

_REFS = re.compile(r"^==\d+== I\s+refs:\s+([\d,]+)", re.MULTILINE)


def instructions(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> int:
    """The instructions executed by *command*, run on one core (see the module docstring)."""
    env = {**os.environ, **(env or {}), "PYTHONHASHSEED": "0"}
    # One core: counts that do not depend on how the work is spread.
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    done = subprocess.run(
        [
            *one_core,
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            *command,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    counts = [int(found.replace(",", "")) for found in _REFS.findall(done.stderr)]
    if done.returncode != 0 or not counts:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-1000:]}")
    if len(counts) > 1:
        raise SystemExit(f"{' '.join(command)} forked: its count would not be exact")
    return counts[0]


def cold(spec: Path) -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        command = [sys.executable, "-m", "generator", "generate", "-q"]
        command += ["--spec", str(spec), "--out", str(work / "out"), "--package", "b"]
        # In a folder of its own, as bench.py runs it: no pyproject.toml to read.
        return instructions(command, work, {"SPECGEN_CACHE_DIR": str(work / "cache")})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, action="append")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)")
        return 1
    specs = [spec.resolve() for spec in args.spec or []]
    if not specs and CORPUS.is_dir():
        specs = sorted(default_specs(), key=lambda p: p.stat().st_size)[:SMALLEST]
    if not specs:
        print(f"no document to measure (is {CORPUS} there?)")
        return 1
    python = sys.executable
    installed_as_a_package()
    with tempfile.TemporaryDirectory() as folder:
        return _table(python, specs, Path(folder))


def _table(python: str, specs: list[Path], here: Path) -> int:
    interpreter = instructions([python, "-c", "pass"], here)
    imports = "import generator.cli.main, generator.cli.pipeline"
    floor = {
        False: instructions([python, "-c", imports], here),
        True: instructions(
            [python, "-c", imports + ", generator.load.yaml_reader"], here
        ),
    }
    print(
        f"Millions of instructions (callgrind, PYTHONHASHSEED=0), Python"
        f" {sys.version.split()[0]}; interpreter alone: {interpreter / 1e6:.0f}\n"
    )
    print(
        "| spec | parse only | imports | cold | work (cold - imports) | cold / parse |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for spec in specs:
        parse = instructions([python, "-c", PARSE_ONLY, str(spec)], here)
        start = floor[spec.suffix in (".yaml", ".yml")]
        first, second = cold(spec), cold(spec)
        if abs(first - second) > first / 1000:
            # Only the temporary folders' names differ between the two runs.
            print(f"(counts differ between two runs of {spec.name}: {first}, {second})")
        print(
            f"| {spec.name} | {parse / 1e6:.0f} | {start / 1e6:.0f} | {first / 1e6:.0f}"
            f" | {(first - start) / 1e6:.0f} | {first / parse:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
