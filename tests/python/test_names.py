"""The name plan and the names it reserves, found by generating a probe package.

``generator.python.reserved`` reads what the package defines and reads around the planned
names from a probe API's package.  These tests check that the probe sees what real
packages use (a template branch the probe misses would leave its names unreserved),
and that the plan keeps every name out of its way.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator import ir
from generator.cli.config import Target
from generator.cli.pipeline import load_api, render
from generator.ir import identifiers
from generator.ir.selection import Selection
from generator.python.name_plan import (
    NamePlan,
    Reserved,
    committed_reserved,
    plan_names,
)
from generator.python.reserved import read_package
from generator.render.package import render_unformatted
from tests.conftest import ROOT, SHARED

GOLDEN = [
    Target(
        name="atoma",
        spec=ROOT / "spec" / "atoma-openapi.yaml",
        docs=(),
        out=ROOT,
        package="p",
    ),
    Target(
        name="speakeasy",
        spec=ROOT / "spec" / "atoma-speakeasy-openapi.yaml",
        docs=(),
        out=ROOT,
        package="p",
    ),
    Target(
        name="docs",
        spec=None,
        docs=(ROOT / "spec" / "createchatcompletionstreamrequest.md",),
        out=ROOT,
        package="p",
    ),
]
CORPUS = [
    p
    for p in [
        SHARED / "corpus" / "big" / "petstore-expanded.yaml",
        SHARED
        / "corpus"
        / "atoma"
        / "specs"
        / "atoma-proxy-openapi@bef4565-for-maschad-python-sdk.yml",
    ]
    if p.is_file()
]


def _uses(api: ir.Api, names: NamePlan) -> Reserved:
    """What ``api``'s package uses beside its planned names, read as the probe's is."""
    trees = {
        name.removesuffix(".py"): ast.parse(text)
        for name, text in render_unformatted(api, names).items()
        if name.endswith(".py")
    }
    for module in ("client", "errors"):
        trees.setdefault(module, ast.parse(""))
    return read_package(trees, names)


def test_the_probe_finds_what_the_issue_named() -> None:
    """The names behind issue 14's three broken clients, and their kin."""
    reserved = committed_reserved()
    assert {"close", "aclose", "with_options", "_t", "_bind"} <= reserved.groups
    assert {"stream_limits", "base_url", "http_client", "url", "isinstance"} <= (
        reserved.schemes
    )
    assert {"from_dict", "to_dict", "frozenset", "field", "classmethod"} <= (
        reserved.fields
    )
    assert {"builtins", "Sequence", "Mapping"} <= reserved.methods
    assert "list" not in reserved.methods  # a builtin a method shadows is qualified
    assert {"self", "frozenset"} <= reserved.arguments
    # Issue 16: the per-call options, the raw clients and the server choice.
    assert {"timeout", "retries", "headers", "extra_query", "extra_body"} <= (
        reserved.arguments
    )
    assert {"server_url", "_call", "_parse", "_response"} <= reserved.arguments
    assert {"with_raw_response", "with_streaming_response"} <= reserved.groups
    assert {"server_index", "server_variables"} <= reserved.schemes
    assert {"RawResponse", "Pager", "AsyncPager", "AsyncRawResponse"} <= (
        reserved.models
    )
    assert {"Client", "UNSET", "DecodeError", "StreamLimits", "TypedDict"} <= (
        reserved.models
    )
    assert {"SDKError", "APIError", "error_class"} <= reserved.errors


@pytest.mark.parametrize(
    "target",
    GOLDEN
    + [Target(name=p.stem, spec=p, docs=(), out=ROOT, package="p") for p in CORPUS],
    ids=lambda t: t.name,
)
def test_the_probe_sees_everything_a_real_package_uses(target: Target) -> None:
    """A name a real package uses around its planned names, and the probe does not,
    is a template branch the probe misses: add it to generator/python/probe.py."""
    api = load_api(target)
    used = _uses(api, plan_names(api))
    reserved = committed_reserved()
    for kind in Reserved.__struct_fields__:
        missing = getattr(used, kind) - getattr(reserved, kind)
        assert not missing, (kind, sorted(missing))


def test_the_probe_sees_what_the_feature_spec_uses(tmp_path: Path) -> None:
    """The client features spec: every parameter place, body kind and scheme kind."""
    pytest.importorskip("starlette")
    from tests.e2e.test_client_features import SPEC

    path = tmp_path / "features.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    api = load_api(Target(name="f", spec=path, docs=(), out=tmp_path, package="p"))
    used = _uses(api, plan_names(api))
    reserved = committed_reserved()
    for kind in Reserved.__struct_fields__:
        missing = getattr(used, kind) - getattr(reserved, kind)
        assert not missing, (kind, sorted(missing))


def test_a_filter_renames_nothing(tmp_path: Path) -> None:
    """Names are planned on the whole API, so a client for part of it names alike."""
    response = {"200": {"description": "ok"}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            path: {
                "get": {
                    "tags": ["pets"],
                    "x-speakeasy-name-override": "list",
                    "responses": response,
                }
            }
            for path in ("/a", "/b")
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    target = Target(
        name="t",
        spec=path,
        docs=(),
        out=tmp_path,
        package="filtered",
        selection=Selection(include_paths=("/b",)),
    )
    api, files = render(target)
    assert [op.path for op in api.operations] == ["/b"]
    client = files["filtered/client.py"]
    assert "def list_2(" in client and "def list(" not in client
    # Planned alone, the operation would have taken the plain name.
    assert plan_names(api).operations[api.operations[0].id].method == "list"


def _numbered_one_by_one(
    candidates: dict[str, str], taken: set[str], suffix: str, twins: bool
) -> dict[str, str]:
    """assign_unique as it was first written: each key tries 2, 3... afresh."""
    used: set[str] = set()

    def free(name: str) -> bool:
        names = (name, name + "Dict") if twins else (name,)
        return not any(n in used or n in taken for n in names)

    chosen = {}
    for key in sorted(candidates, key=lambda k: (candidates[k], k)):
        base, number = candidates[key], 1
        name = base
        while not free(name):
            number += 1
            name = f"{base}{suffix}{number}"
        used.update((name, name + "Dict") if twins else (name,))
        chosen[key] = name
    return chosen


@pytest.mark.parametrize("suffix", ["", "_"])
@pytest.mark.parametrize("twins", [False, True])
def test_numbering_resumes_where_it_stopped(suffix: str, twins: bool) -> None:
    """Numbers are searched from where the last key of the same name stopped, with
    the names of the first way: bases that are each other's numbered names (A, A1,
    A12), names taken beforehand, twins."""
    bases = ["A", "A1", "A12", "B", "B_2", "BDict", "C"]
    candidates = {f"k{i:03}": bases[(i * 7) % len(bases)] for i in range(300)}
    taken = {"A3", "A1_2", "B2", "B_3", "CDict", "C5"}
    expected = _numbered_one_by_one(candidates, taken, suffix, twins)
    found = identifiers.assign_unique(
        candidates,
        sort_key=str,
        taken=taken,
        suffix=suffix,
        twins=(lambda name: (name + "Dict",)) if twins else None,
    )
    assert found == expected
    assert len(set(found.values())) == len(candidates)
