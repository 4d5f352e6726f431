"""CPU time of the stages before formatting (load, IR, render), for the big specs.

Run by hand from the repository root:

    PYTHONPATH=$PWD python benchmarks/bench_stages.py [--runs 3] [--spec PATH ...]

Each run is a fresh process (nothing cached, as in a cold ``specgen generate``) that
times the stages with ``time.process_time``, so that other work on a shared machine
shifts the figures less than wall time; the table shows the least of ``--runs`` runs.
"render" is all of ``render_package`` (building the templates' context, compiling and
rendering them); formatting (ruff, in a process of its own) is left out:
benchmarks/bench.py times whole runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "big"
DEFAULT_SPECS = (
    CORPUS / "github_api.github.com.json",
    CORPUS / "stripe_spec3_2023-09.yaml",
    CORPUS / "openai.yaml",
)
STAGES = ("load", "ir", "render")


def _child(spec: Path) -> None:
    from generator import timing
    from generator.ir.selection import Selection, select
    from generator.openapi import build_api
    from generator.render import package as render

    # The stages read time.perf_counter; CPU time instead, and no formatting.
    setattr(time, "perf_counter", time.process_time)
    api = select(build_api(spec), Selection())
    started = time.process_time()
    # All of it, whatever its own stage covers.
    render.render_package(api, "p")
    print(json.dumps({**timing.take(), "render": time.process_time() - started}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spec", type=Path, action="append")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    print("| spec | " + " | ".join(STAGES) + " |")
    print("|---|" + "---:|" * len(STAGES))
    for spec in args.spec or DEFAULT_SPECS:
        best = dict.fromkeys(STAGES, float("inf"))
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(spec)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for stage, seconds in json.loads(out).items():
                best[stage] = min(best.get(stage, float("inf")), seconds)
        cells = " | ".join(f"{best[s]:.2f}" for s in STAGES)
        print(f"| {spec.name} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
