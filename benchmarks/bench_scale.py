"""CPU time per model of the IR, the name plan and rendering, as inline models grow.

Run by hand from the repository root:

    PYTHONPATH=$PWD python benchmarks/bench_scale.py [--schemas 50 200 800] [--inline 4]

Specs like Stripe's of 2024 have many more models than schemas: most are inline
objects (a property's object, an array's items, an enum).  This builds synthetic
documents of that shape (each component schema holding ``--inline`` object
properties, each with an array of objects holding an enum, and a reference to the
next schema) and prints, for each size, the CPU time (``time.process_time``) of
building the IR, planning names and rendering (formatting left out), per model:
constant figures mean linear scaling.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from generator.cli.config import Target
from generator.cli.pipeline import load_api
from generator.ir.selection import OUTPUTS
from generator.python.names import plan_names
from generator.render import package as render


def document(schemas: int, inline: int) -> dict[str, Any]:
    components = {}
    for i in range(schemas):
        properties: dict[str, Any] = {
            "id": {"type": "string"},
            "next": {"$ref": f"#/components/schemas/S{(i + 1) % schemas}"},
        }
        for j in range(inline):
            item = {
                "type": "object",
                "properties": {"kind": {"type": "string", "enum": ["u", "v"]}},
            }
            properties[f"p{j}"] = {
                "type": "object",
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": "integer"},
                    "c": {"type": "array", "items": item},
                },
            }
        components[f"S{i}"] = {"type": "object", "properties": properties}
    paths = {}
    for i in range(schemas):
        schema = {"$ref": f"#/components/schemas/S{i}"}
        ok = {"description": "ok", "content": {"application/json": {"schema": schema}}}
        paths[f"/s{i}"] = {"get": {"operationId": f"get{i}", "responses": {"200": ok}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "scale", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--inline", type=int, default=4)
    args = parser.parse_args()
    sys.setrecursionlimit(20_000)  # references chain every schema to the next
    print("| schemas | models | IR µs/model | plan µs/model | render µs/model |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.schemas:
            spec = Path(folder) / f"scale{count}.json"
            spec.write_text(json.dumps(document(count, args.inline)), encoding="utf-8")
            target = Target(name="s", spec=spec, docs=(), out=Path(folder), package="p")
            started = time.process_time()
            api = load_api(target)
            built = time.process_time()
            names = plan_names(api)
            planned = time.process_time()
            files: dict[str, str] = {}
            for _ in render._render(api, names, "p", frozenset(OUTPUTS), files):
                pass
            rendered = time.process_time()
            models = len(api.models)
            per = [
                1e6 * t / models
                for t in (built - started, planned - built, rendered - planned)
            ]
            print(
                f"| {count} | {models} | {per[0]:.0f} | {per[1]:.0f} | {per[2]:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
