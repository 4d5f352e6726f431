"""YAML loading: the quick construction gives exactly what PyYAML's constructor gives.

``generator.load.documents`` builds plain documents itself and hands everything else back to
PyYAML; these cases sit on both sides of that line, errors included.
"""

from __future__ import annotations

import gc

import pytest
import yaml

from generator import collector
from generator.errors import SpecError
from generator.load import documents as load
from generator.load import yaml_reader as yamlload

CASES = {
    "empty": "",
    "scalars": "a: 1\nb: -0x1F\nc: 1_000\nd: 1:30\ne: .inf\nf: -.nan\ng: 017\nh: 1e3\n"
    "i: ~\nj: null\nk: TRUE\nl: False\nm: !!float 1\nn: !!str 123\no: 'on'\n",
    "YAML 1.1 words stay strings": "on: yes\nno: off\ny: n\n",
    "dates stay strings": "d: 2001-12-14\nt: 2001-12-14t21:59:43.10-05:00\n",
    "lists and nesting": "- [1, [2, {a: [3]}]]\n- {}\n- []\n",
    "duplicate and equal keys": "a: 1\na: 2\n1: x\n1.0: y\ntrue: z\n",
    "null key": "~: 1\n",
    "merge key": "base: &b {a: 1, c: 0}\nd:\n  <<: *b\n  c: 2\n",
    "merge list": "x: &x {a: 1}\ny: &y {b: 2}\nz: {<<: [*x, *y], c: 3}\n",
    "value key": "=: 1\nb: {=: 2}\n",
    "explicit binary": "x: !!binary aGVsbG8=\n",
    "explicit timestamp": "x: !!timestamp 2001-01-01\n",
    "explicit set": "a: !!set {x, y}\n",
    "explicit omap": "a: !!omap [{a: 1}, {b: 2}]\n",
    "sequence key": "? [1, 2]\n: x\n",
    "mapping key": "? {a: 1}\n: x\n",
    "str tag on a mapping": "a: !!str {b: 1}\n",
    "null tag on a sequence": "a: !!null [1]\n",
    "int tag on a value mapping": "a: !!int {=: 5}\n",
    "seq tag on a mapping": "a: !!seq {a: 1}\n",
    "map tag on a sequence": "a: !!map [a, b]\n",
    "unknown tag": "a: !foo x\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [\n",
    "nesting deeper than the recursion limit": "x: " + "[" * 900 + "]" * 900 + "\n",
}


def _outcome(parse: object, text: str) -> str:
    try:
        return repr(parse(text))  # type: ignore[operator]
    except (yaml.YAMLError, SpecError) as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_quick_construction_matches_pyyaml(name: str) -> None:
    text = CASES[name]
    pyyaml = _outcome(lambda t: yaml.load(t, Loader=yamlload._SpecLoader), text)
    assert _outcome(yamlload._load_yaml, text) == pyyaml


_BY_EVENTS = {
    "YAML 1.1 words stay strings", "dates stay strings", "duplicate and equal keys",
    "empty", "lists and nesting", "nesting deeper than the recursion limit",
    "null key", "scalars",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_plain_documents_are_built_from_events(name: str) -> None:
    """Plain shapes never reach PyYAML's node graph (it weighs several times the
    document); the rest is refused, to be built from the nodes as PyYAML does."""
    text = CASES[name]
    loader = yamlload._SpecLoader(text)
    try:
        if name in _BY_EVENTS:
            pyyaml = yaml.load(text, Loader=yamlload._SpecLoader)
            assert repr(yamlload._from_events(loader)) == repr(pyyaml)
        else:
            with pytest.raises(Exception):  # noqa: B017 - any refusal will do
                yamlload._from_events(loader)
    finally:
        loader.dispose()


def test_aliases_stay_one_object() -> None:
    document = load.parse_text(
        "a: &x [1, {b: 2}]\nb: *x\nc: &r [*r]\nd: &m {e: *m}\n", "s.yaml"
    )
    assert document["a"] is document["b"]
    assert document["c"][0] is document["c"]
    assert document["d"]["e"] is document["d"]


def test_errors_keep_their_place() -> None:
    with pytest.raises(SpecError, match="line 2, column 1: invalid YAML"):
        load.parse_text("a: [\n", "s.yaml")
    with pytest.raises(SpecError, match="could not determine a constructor"):
        load.parse_text("a: !foo x\n", "s.yaml")


def test_a_parsed_document_needs_no_collector_to_be_freed() -> None:
    """Runs pause the cycle collector (generator.collector): a document that only
    the collector could free would stay in memory until the process exits."""
    text = "".join(f"k{i}:\n  a: [1, {{b: c}}]\n  d: {{e: [f]}}\n" for i in range(2000))
    gc.collect()
    with collector.paused():
        document = load.parse_text(text, "big.yaml")
        assert len(document) == 2000
        del document
        assert gc.collect() < 100  # the loader's own few cycles, not 8,000 containers


def test_collector_states_nest() -> None:
    enabled = gc.isenabled()
    try:
        gc.enable()
        with collector.paused():
            assert not gc.isenabled()
            with collector.running():
                assert gc.isenabled()
                with collector.paused():
                    assert not gc.isenabled()
                assert gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        (gc.enable if enabled else gc.disable)()
