"""Every kind of name drawn from the names the package and Python use, then called.

Schema keys, property names, parameter names, security schemes, tags and
``x-speakeasy-group``, operationIds and ``x-speakeasy-name-override``, and the groups
and methods of SDK docs are drawn from Python's keywords and builtins and from every
identifier of the committed ``generated/atoma_speakeasy`` package: the runtime
modules' names, the clients' members and constructor arguments, what the group
classes and the dataclasses use.  Each kind of name is drawn half the time from the
names used where it goes (a group from the clients' members...).  Whatever is drawn, the package must import, every model must
decode and encode, and every operation must be reachable as ``client.group.method``
and answer a call on 127.0.0.1 with the request the spec describes; ``with Client()``
must still close the client.

Seeded and derandomized, so CI runs the same examples every time
(``SPECGEN_NAMES_EXAMPLES`` sets how many; about a minute at the default).
"""

from __future__ import annotations

import ast
import builtins
import importlib
import itertools
import json
import keyword
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from generator import ir  # noqa: E402
from generator.cli.config import Target  # noqa: E402
from generator.cli.pipeline import render  # noqa: E402
from generator.ir.callshape import CallShapes  # noqa: E402
from generator.python.name_plan import NamePlan, plan_names  # noqa: E402
from generator.write.tree import write_tree  # noqa: E402
from tests.python.test_client_names import ECHO_SCHEMA, write_docs  # noqa: E402
from tests.server import running_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("SPECGEN_NAMES_EXAMPLES", "60"))


PACKAGE = ROOT / "generated" / "atoma_speakeasy"


def _identifiers(node: ast.AST) -> set[str]:
    """Every identifier in a piece of code: names, definitions, arguments, attributes."""
    found: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            found.add(child.id)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(child.name)
        elif isinstance(child, ast.arg):
            found.add(child.arg)
        elif isinstance(child, ast.Attribute):
            found.add(child.attr)
        elif isinstance(child, ast.alias):
            found.add((child.asname or child.name).split(".")[0])
    return found


def _module(name: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))


def _classes(module: ast.Module, *names: str) -> list[ast.ClassDef]:
    return [
        node
        for node in module.body
        if isinstance(node, ast.ClassDef) and (not names or node.name in names)
    ]


# Read from the committed package, not from specgen's own list of reserved names, so
# that a name specgen forgets to reserve is still drawn.
_CLIENT = _module("client")
_CLIENTS = _classes(_CLIENT, "Client", "AsyncClient")
CLIENT_MEMBERS = {
    node.name
    for cls in _CLIENTS
    for node in cls.body
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
} | {
    node.attr
    for cls in _CLIENTS
    for node in ast.walk(cls)
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
}
CONSTRUCTOR = {
    n
    for cls in _CLIENTS
    for node in cls.body
    if isinstance(node, ast.FunctionDef) and node.name == "__init__"
    for n in _identifiers(node)
}
GROUP_BODIES = {
    n
    for cls in _classes(_CLIENT)
    if cls.name.endswith("Operations")
    for n in _identifiers(cls)
}
MODEL_BODIES = {n for cls in _classes(_module("models")) for n in _identifiers(cls)}
MODULE_NAMES = set().union(
    *(
        _identifiers(node)
        for module in ("__init__", "models", "typeddicts", "client", "errors")
        for node in _module(module).body
        if not isinstance(node, (ast.ClassDef, ast.FunctionDef))
    )
)
RUNTIME_NAMES = set().union(
    *(_identifiers(_module(path.stem)) for path in sorted(PACKAGE.glob("_[!_]*.py")))
)
POOL = sorted(
    n
    for n in set(keyword.kwlist)
    | set(dir(builtins))
    | RUNTIME_NAMES
    | CLIENT_MEMBERS
    | CONSTRUCTOR
    | GROUP_BODIES
    | MODEL_BODIES
    | MODULE_NAMES
    if n.isidentifier() and n != "annotations"
)


def names_for(*kinds: set[str], docs: bool = False) -> st.SearchStrategy[str]:
    """A third of the time a name the package uses where this kind of name goes, a
    third a keyword, else any name of the pool.  Docs never show ``__init__``
    (markdown would read it as emphasis), so names for docs have no leading or
    trailing underscore."""
    pools = [sorted(set().union(*kinds)), sorted(keyword.kwlist), POOL]
    if docs:
        pools = [[n for n in pool if n.strip("_") == n] for pool in pools]
    return st.one_of(*(st.sampled_from(pool) for pool in pools))


SCHEMAS = names_for(MODULE_NAMES)
PROPERTIES = names_for(MODEL_BODIES)
PARAMETERS = names_for(GROUP_BODIES, MODEL_BODIES)
SCHEMES = names_for(CONSTRUCTOR)
GROUPS = names_for(CLIENT_MEMBERS)
METHODS = names_for(GROUP_BODIES, MODULE_NAMES)
VALUES = names_for(MODEL_BODIES)
DOC_GROUPS = names_for(CLIENT_MEMBERS, docs=True)
DOC_METHODS = names_for(GROUP_BODIES, MODULE_NAMES, docs=True)
DOC_PARAMETERS = names_for(GROUP_BODIES, MODEL_BODIES, docs=True)


def _echo_response() -> dict[str, Any]:
    return {
        "200": {
            "description": "what the server saw",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Echo"}}
            },
        }
    }


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """An OpenAPI document whose every name is drawn from the pool."""
    schemas: dict[str, Any] = {"Echo": {**ECHO_SCHEMA}}
    schemas["Echo"]["properties"] = {
        **ECHO_SCHEMA["properties"],
        "body": {"type": "string"},
    }
    keys = draw(st.lists(SCHEMAS, min_size=1, max_size=3, unique=True))
    for key in keys:
        properties = draw(st.lists(PROPERTIES, min_size=1, max_size=3, unique=True))
        schemas[key] = {
            "type": "object",
            "required": properties[:1],
            "properties": {p: {"type": "string"} for p in properties},
        }
    enum_key = draw(SCHEMAS)
    if enum_key not in schemas:
        values = draw(st.lists(VALUES, min_size=1, max_size=3, unique=True))
        schemas[enum_key] = {"type": "string", "enum": values}
    schemes = draw(st.lists(SCHEMES, max_size=2, unique=True))
    security = {
        name: (
            {"type": "http", "scheme": "bearer"}
            if index == 0
            else {"type": "apiKey", "in": "header", "name": f"x-key-{index}"}
        )
        for index, name in enumerate(schemes)
    }
    ids = draw(st.lists(METHODS, min_size=1, max_size=3, unique=True))
    paths: dict[str, Any] = {}
    for index, operation_id in enumerate(ids):
        operation: dict[str, Any] = {
            "operationId": operation_id,
            "responses": _echo_response(),
        }
        grouping = draw(st.sampled_from(["tags", "x-speakeasy-group", None]))
        if grouping == "tags":
            operation["tags"] = [draw(GROUPS)]
        elif grouping is not None:
            operation["x-speakeasy-group"] = draw(GROUPS)
        if draw(st.booleans()):
            operation["x-speakeasy-name-override"] = draw(METHODS)
        parameters = draw(st.lists(PARAMETERS, max_size=3, unique=True))
        operation["parameters"] = [
            {"name": p, "in": "query", "required": True, "schema": {"type": "string"}}
            for p in parameters
        ]
        if schemes:
            operation["security"] = [{name: [] for name in schemes}]
        verb = draw(st.sampled_from(["get", "post"]))
        if verb == "post":
            body = draw(st.sampled_from(keys))
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{body}"}
                    }
                },
            }
        paths[f"/echo/p{index}"] = {verb: operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": security},
    }


@st.composite
def doc_trees(draw: st.DrawFn) -> dict[str, str]:
    """Operation pages whose groups, methods and parameters are drawn from the pool."""
    from tests.python.test_client_names import operations_page

    pages: dict[str, str] = {}
    groups = draw(st.lists(DOC_GROUPS, min_size=1, max_size=2, unique=True))
    counter = itertools.count()
    for index, group in enumerate(groups):
        methods = draw(st.lists(DOC_METHODS, min_size=1, max_size=3, unique=True))
        page = operations_page(
            group,
            {method: ("get", f"/echo/d{next(counter)}") for method in methods},
        )
        parameter = draw(DOC_PARAMETERS)
        pages[f"docs/sdks/g{index}/README.md"] = page.replace(
            "| `q` | *str*", f"| `{parameter}` | *str*"
        )
    return pages


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("names")


_packages = itertools.count()


def _generate(
    workdir: Path, spec: Path | None, docs: tuple[Path, ...]
) -> tuple[ModuleType, ir.Api, NamePlan]:
    package = f"names_pkg_{next(_packages)}"
    out = workdir / "out"
    target = Target(name="names", spec=spec, docs=docs, out=out, package=package)
    api, files = render(target)
    write_tree(out, package, files)
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package), api, plan_names(api)


def _mypy_strict(folder: Path, package: str) -> None:
    """Annotations are strings at run time: a name that shadows one they read shows
    only to a type checker."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", ".mypy_cache"]
        + ["-p", package],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _forget(module: ModuleType) -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == module.__name__]:
        del sys.modules[name]


def _call_every_operation(
    pkg: ModuleType, api: ir.Api, names: NamePlan, base_url: str
) -> None:
    credentials = {
        names.schemes[s.name]: f"secret-{i}" for i, s in enumerate(api.security_schemes)
    }
    shapes = CallShapes(api.models)
    client = pkg.Client(base_url, **credentials)
    with client:
        for op in api.operations:
            own = names.operations[op.id]
            method = getattr(getattr(client, own.group), own.method)
            assert callable(method), (own.group, own.method)
            shape = shapes.of(op)
            arguments = {
                argument: f"v{index}"
                for index, (slot, argument) in enumerate(
                    zip(shape.slots, own.arguments, strict=True)
                )
            }
            # The client's own per-call options stay the client's, whatever the
            # spec's names: a header and a query parameter only they send.
            echo = method(
                **arguments,
                headers={"x-per-call": "h"},
                extra_query={"per_call": "q"},
                timeout=30.0,
            )
            assert (echo.method, echo.raw_path) == (op.http_method, op.path)
            assert echo.headers["x-per-call"] == "h"
            assert parse_qs(echo.query)["per_call"] == ["q"]
            sent = parse_qs(echo.query)
            for slot, argument in zip(shape.slots, own.arguments):
                if slot.kind == "query":
                    assert sent[slot.wire] == [arguments[argument]]
            if shape.model is not None:
                fields = {
                    s.wire: arguments[a]
                    for s, a in zip(shape.slots, own.arguments)
                    if s.kind == "field"
                }
                assert json.loads(echo.body) == fields
            for index, scheme in enumerate(api.security_schemes):
                if scheme.type == "apiKey":
                    assert echo.headers[scheme.parameter_name] == f"secret-{index}"
    # Leaving the block called the client's own close().
    assert client._t.http.is_closed


def _round_trip_models(pkg: ModuleType, api: ir.Api, names: NamePlan) -> None:
    for model in api.models:
        own = names.models[model.name]
        cls = getattr(pkg, own.cls)
        if isinstance(model, ir.ObjectModel) and model.name != "Echo":
            payload = {f.name: f"x{i}" for i, f in enumerate(model.fields)}
            assert cls.from_dict(payload).to_dict() == payload
        elif isinstance(model, ir.EnumModel):
            assert [m.value for m in cls] == list(model.values)


NAMES_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@NAMES_SETTINGS
@given(spec=specs())
def test_spec_names_from_the_package_and_python(
    spec: dict[str, Any], workdir: Path, base_url: str
) -> None:
    path = workdir / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    pkg, api, names = _generate(workdir, path, ())
    try:
        _round_trip_models(pkg, api, names)
        _call_every_operation(pkg, api, names, base_url)
        if int(pkg.__name__.rsplit("_", 1)[1]) % 8 == 0:
            _mypy_strict(workdir / "out", pkg.__name__)
    finally:
        _forget(pkg)


@NAMES_SETTINGS
@given(pages=doc_trees())
def test_docs_names_from_the_package_and_python(
    pages: dict[str, str], workdir: Path, base_url: str
) -> None:
    root = workdir / f"docs_{next(_packages)}"
    docs = write_docs(root, pages)
    pkg, api, names = _generate(workdir, None, (docs,))
    try:
        assert len(api.operations) == sum(
            p.count("UsageSnippet") for p in pages.values()
        )
        _call_every_operation(pkg, api, names, base_url)
        if int(pkg.__name__.rsplit("_", 1)[1]) % 8 == 0:
            _mypy_strict(workdir / "out", pkg.__name__)
    finally:
        _forget(pkg)
