"""CPU time per model and per operation of each stage before formatting, as an API grows.

Run by hand from the repository root:

    PYTHONPATH=$PWD python benchmarks/bench_scale.py [--models 1000 4000 16000 32000]
        [--inline 1] [--fields 24] [--yaml] [--runs 1] [--profile STAGE]
        [--keep FOLDER] [--spec PATH ...]

Big real documents (Microsoft Graph's, Stripe's) have tens of thousands of models and
operations: component schemas that extend a base (``allOf``) under discriminators
that map every subtype, many inline models (a property's object, an array's items, an
enum, a union, a query parameter's enum of field names), collection responses, and
paths nested a few levels deep with path, query and shared (``components/parameters``)
parameters, request bodies and a shared error response, tagged over hundreds of
groups (and one big one).  This builds synthetic documents of that shape (see
:func:`document`), one per size of ``--models`` (about that many models and three
fifths as many operations, about 1.4 KB of document a model), and prints, for each,
the CPU time (``time.process_time``) per model and per operation of each stage:
loading the document (``--yaml``: YAML, as big public documents often are, else
JSON), building the IR, planning names, and rendering without formatting (the
templates' context and every Python module: ``render_unformatted``); and the
process's peak memory (Linux's ``VmHWM``) after loading and at the end.  Constant
figures per model mean linear scaling.  Each size is measured in a fresh process,
``--runs`` times (the least of each figure is shown), with the cycle collector
paused as the CLI pauses it.

``--inline`` sets the inline objects of each component schema (three models each),
``--fields`` its plain properties; ``--profile STAGE`` (load, ir, plan, render) prints
cProfile's slowest functions of that stage to stderr; ``--keep FOLDER`` writes the
documents there; ``--spec PATH`` measures the given documents instead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STAGES = ("load", "ir", "plan", "render")
_MODELS_PER_SCHEMA = 13  # with --inline 1; measured, see document()
_GROUP_SIZE = 12  # component schemas per tag group


def document(schemas: int, inline: int, fields: int) -> dict[str, Any]:
    """A document of *schemas* component schemas, each with its own paths.

    Per component schema ``S{i}``: the schema (*fields* plain properties beside the
    ones below, extending the base of its family, which
    extends ``Entity``: both declare a discriminator that maps every descendant, as
    Microsoft Graph's ``entity`` does), its collection response, ``3 * inline`` inline
    models (an object property, the object of its array items, the enum inside), an
    inline status enum, an inline union (a number, a string or a ``ReferenceNumeric``),
    the ``$select`` enums of two operations and the ``$orderby`` enum of one; and eight
    operations: list, count, create, get, update, delete, a navigation property and an
    action with an inline request body and response.  Operations are tagged by group of
    ``_GROUP_SIZE`` schemas, but every sixteenth schema's go to one big group
    (``directory``), which grows with the document.
    """
    families = max(1, schemas // 200)
    entity_mapping = {
        f"#graph.family{f}": f"#/components/schemas/Family{f}" for f in range(families)
    }
    entity_mapping.update(
        {f"#graph.s{i}": f"#/components/schemas/S{i}" for i in range(schemas)}
    )
    components: dict[str, Any] = {
        "Entity": {
            "type": "object",
            "required": ["@odata.type"],
            "properties": {
                "id": {"type": "string", "description": "The identifier."},
                "@odata.type": {"type": "string"},
            },
            "discriminator": {"propertyName": "@odata.type", "mapping": entity_mapping},
        },
        "ReferenceNumeric": {"type": "string", "enum": ["-INF", "INF", "NaN"]},
        "BaseCollection": {
            "type": "object",
            "properties": {
                "@odata.count": {
                    "type": "integer",
                    "format": "int64",
                    "nullable": True,
                },
                "@odata.nextLink": {"type": "string", "nullable": True},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "details": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/ErrorDetail"},
                        },
                    },
                },
            },
        },
        "ErrorDetail": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "target": {"type": "string"}},
        },
    }
    for f in range(families):
        members = range(f, schemas, families)
        components[f"Family{f}"] = {
            "allOf": [
                {"$ref": "#/components/schemas/Entity"},
                {
                    "type": "object",
                    "properties": {
                        "displayName": {"type": "string", "nullable": True},
                    },
                    "discriminator": {
                        "propertyName": "@odata.type",
                        "mapping": {
                            f"#graph.s{i}": f"#/components/schemas/S{i}"
                            for i in members
                        },
                    },
                },
            ]
        }
    selectable: dict[int, list[str]] = {}  # each schema's properties, for $select
    for i in range(schemas):
        ref = f"#/components/schemas/S{i}"
        # References stay within the schema's group (and its family): a chain through
        # the whole document would nest deeper than the CLI's recursion limit.
        first = i - i % _GROUP_SIZE
        last = min(first + _GROUP_SIZE, schemas) - 1
        after = i + 1 if i < last else first
        properties: dict[str, Any] = {
            "name": {"type": "string", "description": f"The name of S{i}."},
            "created": {"type": "string", "format": "date-time"},
            "key": {"type": "string", "format": "uuid", "nullable": True},
            "size": {"type": "integer", "format": "int32", "default": 0},
            "labels": {"type": "array", "items": {"type": "string"}},
            "status": {
                "type": "string",
                "enum": ["active", "disabled", f"state{i % 7}"],
            },
            "next": {
                "anyOf": [
                    {"$ref": f"#/components/schemas/S{after}"},
                    {"type": "object", "nullable": True},
                ]
            },
            "related": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/S{first}"},
            },
            "score": {
                "oneOf": [
                    {"type": "number", "format": "double"},
                    {"type": "string"},
                    {"$ref": "#/components/schemas/ReferenceNumeric"},
                ]
            },
        }
        for j in range(inline):
            item = {
                "type": "object",
                "properties": {"kind": {"type": "string", "enum": ["u", "v", f"w{j}"]}},
            }
            properties[f"p{j}"] = {
                "type": "object",
                "description": f"Part {j} of S{i}.",
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": "integer"},
                    "c": {"type": "array", "items": item},
                },
            }
        for k in range(fields):
            properties[f"field{k}"] = _PLAIN[k % len(_PLAIN)]
        for name, schema in properties.items():
            # Real documents describe most properties (and weigh 1.4 KB a model).
            properties[name] = {
                "description": f"The {name} of an S{i}, described at the length of"
                " a real API's documentation, which says what the value means.",
                **schema,
            }
        selectable[i] = ["id", "@odata.type", "displayName", *properties]
        components[f"S{i}"] = {
            "allOf": [
                {"$ref": f"#/components/schemas/Family{i % families}"},
                {
                    "type": "object",
                    "title": f"s{i}",
                    "description": f"Schema {i} of a synthetic API.",
                    "properties": properties,
                },
            ]
        }
        components[f"S{i}CollectionResponse"] = {
            "allOf": [
                {"$ref": "#/components/schemas/BaseCollection"},
                {
                    "type": "object",
                    "properties": {"value": {"type": "array", "items": {"$ref": ref}}},
                },
            ]
        }
    paths: dict[str, Any] = {}
    for i in range(schemas):
        names = selectable[i]
        group = "directory" if i % 16 == 5 else f"g{i // _GROUP_SIZE}"
        base = f"/{group}/s{i}"
        item = f"{base}/{{s{i}-id}}"
        ref = {"$ref": f"#/components/schemas/S{i}"}
        body = {"required": True, "content": {"application/json": {"schema": ref}}}
        id_parameter = {
            "name": f"s{i}-id",
            "in": "path",
            "required": True,
            "description": f"The key of S{i}.",
            "schema": {"type": "string"},
        }
        orderby = {
            "name": "$orderby",
            "in": "query",
            "style": "form",
            "explode": False,
            "schema": {
                "type": "array",
                "uniqueItems": True,
                "items": {
                    "type": "string",
                    "enum": [f"{n}{o}" for n in names for o in ("", " desc")],
                },
            },
        }
        select = {
            "name": "$select",
            "in": "query",
            "style": "form",
            "explode": False,
            "schema": {
                "type": "array",
                "uniqueItems": True,
                "items": {"type": "string", "enum": names},
            },
        }

        paths[base] = {
            "get": _operation(
                group,
                f"{group}.s{i}.ListS{i}",
                f"List the S{i}s.",
                _ok({"$ref": f"#/components/schemas/S{i}CollectionResponse"}),
                parameters=[
                    {"$ref": "#/components/parameters/top"},
                    {"$ref": "#/components/parameters/skip"},
                    {"$ref": "#/components/parameters/filter"},
                    {"$ref": "#/components/parameters/count"},
                    orderby,
                    select,
                ],
            ),
            "post": _operation(
                group,
                f"{group}.s{i}.CreateS{i}",
                f"Create an S{i}.",
                _ok(ref, "201"),
                requestBody=body,
            ),
        }
        paths[f"{base}/$count"] = {
            "get": _operation(
                group,
                f"{group}.s{i}.CountS{i}",
                f"The number of S{i}s.",
                {
                    "200": {
                        "description": "The count",
                        "content": {"text/plain": {"schema": {"type": "integer"}}},
                    }
                },
                parameters=[{"$ref": "#/components/parameters/filter"}],
            )
        }
        paths[item] = {
            "parameters": [id_parameter],
            "get": _operation(
                group,
                f"{group}.s{i}.GetS{i}",
                f"Get an S{i}.",
                _ok(ref),
                parameters=[select],
            ),
            "patch": _operation(
                group,
                f"{group}.s{i}.UpdateS{i}",
                f"Update an S{i}.",
                {"204": {"description": "Success"}},
                requestBody=body,
            ),
            "delete": _operation(
                group,
                f"{group}.s{i}.DeleteS{i}",
                f"Delete an S{i}.",
                {"204": {"description": "Success"}},
                parameters=[
                    {"name": "If-Match", "in": "header", "schema": {"type": "string"}}
                ],
            ),
        }
        paths[f"{item}/next"] = {
            "parameters": [id_parameter],
            "get": _operation(
                group,
                f"{group}.s{i}.GetNextS{i}",
                f"The next of an S{i}.",
                _ok({"$ref": f"#/components/schemas/S{(i + 1) % schemas}"}),
            ),
        }
        action_body = {
            "type": "object",
            "properties": {
                "comment": {"type": "string", "nullable": True},
                "force": {"type": "boolean", "default": False},
            },
        }
        action_result = {
            "type": "object",
            "properties": {"value": {"type": "array", "items": ref}},
        }
        paths[f"{item}/archive"] = {
            "parameters": [id_parameter],
            "post": _operation(
                group,
                f"{group}.s{i}.ArchiveS{i}",
                f"Archive an S{i}.",
                _ok(action_result),
                requestBody={"content": {"application/json": {"schema": action_body}}},
            ),
        }

    def query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "in": "query", "schema": schema}

    return {
        "openapi": "3.0.4",
        "info": {"title": "scale", "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "parameters": {
                "top": query("$top", {"type": "integer", "minimum": 0}),
                "skip": query("$skip", {"type": "integer", "minimum": 0}),
                "filter": query("$filter", {"type": "string"}),
                "count": query("$count", {"type": "boolean"}),
            },
            "responses": {
                "error": {
                    "description": "Error",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    },
                }
            },
        },
    }


def _operation(
    tag: str,
    operation_id: str,
    summary: str,
    responses: dict[str, Any],
    **more: Any,
) -> dict[str, Any]:
    """An operation, with the error responses every operation shares."""
    return {
        "tags": [tag],
        "summary": summary,
        "operationId": operation_id,
        "responses": {
            **responses,
            "4XX": {"$ref": "#/components/responses/error"},
            "5XX": {"$ref": "#/components/responses/error"},
        },
        **more,
    }


def _ok(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {
        status: {
            "description": "Success",
            "content": {"application/json": {"schema": schema}},
        }
    }


_PLAIN: list[dict[str, Any]] = [
    {"type": "string"},
    {"type": "string", "nullable": True},
    {"type": "integer", "format": "int32", "nullable": True},
    {"type": "boolean", "nullable": True},
    {"type": "string", "format": "date-time", "nullable": True},
    {"type": "array", "items": {"type": "string", "nullable": True}},
    {"type": "number", "format": "double", "nullable": True},
    {"type": "string", "maxLength": 255},
]
"""The plain properties of a component schema, in turn."""


def write_document(spec: Path, schemas: int, inline: int, fields: int) -> None:
    data = document(schemas, inline, fields)
    if spec.suffix == ".yaml":
        import yaml

        # Through JSON first: objects the document shares would become YAML aliases.
        plain = json.loads(json.dumps(data))
        text = yaml.dump(plain, Dumper=yaml.CSafeDumper, sort_keys=False)
    else:
        text = json.dumps(data, indent=1)
    spec.write_text(text, encoding="utf-8")


def measure(spec: Path, profile: str | None) -> dict[str, Any]:
    """Each stage's CPU seconds on *spec*, the counts, and the peak memory."""
    from generator import collector
    from generator.load.documents import Documents
    from generator.openapi import _build
    from generator.python.name_plan import plan_names
    from generator.render.package import render_unformatted

    steps: dict[str, Any] = {
        "load": lambda: Documents(spec),
        "ir": lambda docs: _build(spec, docs),
        "plan": lambda api: (api, plan_names(api)),
        "render": lambda planned: render_unformatted(*planned),
    }
    seconds: dict[str, float] = {}
    rss: dict[str, float] = {}
    value: Any = None
    api = None
    with collector.paused():  # as the CLI runs: see generator.collector
        for stage in STAGES:
            arguments = () if value is None else (value,)
            profiler = cProfile.Profile() if stage == profile else None
            started = time.process_time()
            if profiler is not None:
                profiler.enable()
            value = steps[stage](*arguments)
            if profiler is not None:
                profiler.disable()
            seconds[stage] = time.process_time() - started
            if profiler is not None:
                stats = pstats.Stats(profiler, stream=sys.stderr)
                stats.sort_stats("cumulative").print_stats(20)
                stats.sort_stats("tottime").print_stats(20)
            if stage == "ir":
                api = value
            rss[stage] = _peak_mib()
    assert api is not None
    return {
        "seconds": seconds,
        "models": len(api.models),
        "operations": len(api.operations),
        "bytes": spec.stat().st_size,
        "maxrss_mib": rss,
    }


def _peak_mib() -> float:
    """This process's peak resident memory since it started.

    ``ru_maxrss`` would count the parent's peak too (a forked child starts with a
    copy of it, which ``exec`` does not reset), and the parent holds the biggest
    document it wrote; Linux's ``VmHWM`` is the program's own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--models", type=int, nargs="+", default=[1000, 4000, 16000, 32000]
    )
    parser.add_argument("--inline", type=int, default=1)
    parser.add_argument("--fields", type=int, default=24)
    parser.add_argument("--yaml", action="store_true", help="write YAML, not JSON")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profile", choices=STAGES)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--spec", type=Path, nargs="+")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.setrecursionlimit(6000)  # the CLI's (generator.cli.main)
    if args.child:
        print(json.dumps(measure(args.child, args.profile)))
        return
    header = ["models", "operations", "MB"]
    header += [f"{s} µs/model" for s in STAGES] + [f"{s} µs/op" for s in STAGES]
    header += ["total s", "peak MiB after load", "peak MiB"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---:|" * len(header))
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        specs: list[Path] = list(args.spec or ())
        for target in () if args.spec else args.models:
            per_schema = _MODELS_PER_SCHEMA + 3 * (args.inline - 1)
            schemas = max(2, round(target / per_schema))
            specs.append(folder / f"scale{target}.{'yaml' if args.yaml else 'json'}")
            write_document(specs[-1], schemas, args.inline, args.fields)
        for spec in specs:
            command = [sys.executable, __file__, "--child", str(spec)]
            if args.profile:
                command += ["--profile", args.profile]
            runs = [
                json.loads(
                    subprocess.run(
                        command, check=True, stdout=subprocess.PIPE, text=True
                    ).stdout
                )
                for _ in range(args.runs)
            ]
            found = runs[0]
            seconds = {s: min(run["seconds"][s] for run in runs) for s in STAGES}
            rss = {s: min(run["maxrss_mib"][s] for run in runs) for s in STAGES}
            models, operations = found["models"], found["operations"]
            cells = [str(models), str(operations), f"{found['bytes'] / 1e6:.1f}"]
            cells += [f"{1e6 * seconds[s] / models:.0f}" for s in STAGES]
            cells += [
                f"{1e6 * seconds[s] / operations:.0f}" if operations else "-"
                for s in STAGES
            ]
            cells += [
                f"{sum(seconds.values()):.1f}",
                f"{rss['load']:.0f}",
                f"{rss['render']:.0f}",
            ]
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
