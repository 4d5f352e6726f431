"""YAML loading: JSON's data model, within bounds, the same by either construction.

``generator.load.yaml_reader`` builds documents from the parser's events and hands the
hard cases (merge keys, errors) to a construction from PyYAML's nodes; these cases
sit on both sides of that line, errors included.
"""

from __future__ import annotations

import gc
import json
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

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
    except (yaml.YAMLError, SpecError, yamlload.Refused) as exc:
        return f"{type(exc).__name__}: {exc}"


_PLAIN = {
    "empty", "scalars", "YAML 1.1 words stay strings", "dates stay strings",
    "lists and nesting", "merge key", "merge list", "two documents", "syntax error",
    "nesting deeper than the recursion limit",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(_PLAIN))
def test_plain_documents_are_what_pyyaml_gives(name: str) -> None:
    text = CASES[name]
    pyyaml = _outcome(lambda t: yaml.load(t, Loader=yamlload._SpecLoader), text)
    assert _outcome(yamlload._load_yaml, text) == pyyaml


def _from_nodes(text: str) -> object:
    return yamlload._from_nodes(text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_constructions_agree(name: str) -> None:
    text = CASES[name]
    assert _outcome(yamlload._load_yaml, text) == _outcome(_from_nodes, text)


_BY_EVENTS = {
    "YAML 1.1 words stay strings", "dates stay strings", "duplicate and equal keys",
    "empty", "lists and nesting", "nesting deeper than the recursion limit",
    "null key", "scalars", "value key", "explicit binary", "explicit timestamp",
    "explicit set", "explicit omap", "str tag on a mapping", "null tag on a sequence",
    "int tag on a value mapping", "seq tag on a mapping", "map tag on a sequence",
    "unknown tag",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_plain_documents_are_built_from_events(name: str) -> None:
    """Documents as specs are written never reach PyYAML's node graph (it weighs
    several times the document); the rest is refused, to be built from the nodes."""
    text = CASES[name]
    loader = yamlload._SpecLoader(text)
    try:
        if name in _BY_EVENTS:
            assert repr(yamlload._from_events(loader)) == repr(_from_nodes(text))
        else:
            with pytest.raises(Exception):  # noqa: B017 - any refusal will do
                yamlload._from_events(loader)
    finally:
        loader.dispose()


JSON_MODEL = {
    # A tag outside JSON's is read as the text written (issue 29): no date, bytes
    # or set reaches the generator.
    "t: !!timestamp 2024-05-01T12:00:00.123456789Z\n": {
        "t": "2024-05-01T12:00:00.123456789Z"
    },
    "d: !!timestamp 2024-01-01\n": {"d": "2024-01-01"},
    "b: !!binary aGVsbG8=\n": {"b": "aGVsbG8="},
    "s: !!set {x, y}\n": {"s": {"x": None, "y": None}},
    "o: !!omap [{a: 1}, {b: 2}]\n": {"o": [{"a": 1}, {"b": 2}]},
    "l: !local 3\n": {"l": "3"},
    "p: !!python/tuple [1]\n": {"p": [1]},
    "enum: [!!timestamp 2024-01-01, !!binary AA==]\n": {
        "enum": ["2024-01-01", "AA=="]
    },
    # Keys are strings, spelt as JSON spells the scalar.
    "true: 1\nfalse: 2\n~: 3\nnull: 4\n3: 5\n1.5: 6\n0x1F: 7\n": {
        "true": 1, "false": 2, "null": 4, "3": 5, "1.5": 6, "31": 7
    },
    "x: &k true\ny: {*k : 1}\n": {"x": True, "y": {"true": 1}},
    "m: &m {a: 1}\nn: {<<: *m, true: !!timestamp 2001-01-01}\n": {
        "m": {"a": 1}, "n": {"a": 1, "true": "2001-01-01"}
    },
}  # fmt: skip


@pytest.mark.parametrize("text", sorted(JSON_MODEL))
def test_yaml_is_read_in_jsons_data_model(text: str) -> None:
    document = load.parse_text(text, "s.yaml")
    assert document == JSON_MODEL[text]
    json.dumps(document)  # every value is JSON
    assert _outcome(_from_nodes, text) == repr(document)


def _laughs(levels: int, fan: int = 9) -> str:
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        aliases = ", ".join([f"*a{i - 1}"] * fan)
        lines.append(f"a{i}: &a{i} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_alias_expansion_is_bounded() -> None:
    """A billion-laughs document (600 bytes, 9-fold over 7 levels: 4.8 million
    strings) is refused at once, with the line of the alias that goes too far."""
    text = _laughs(7)
    assert len(text) < 700
    started = time.perf_counter()
    with pytest.raises(SpecError, match=r"s\.yaml: line 6, column \d+: aliases expand"):
        load.parse_text(text, "s.yaml")
    # The node path (a merge key sends the document there) refuses it too.
    with pytest.raises(SpecError, match="aliases expand"):
        load.parse_text("m: &m {a: 1}\nn: {<<: *m}\n" + text, "s.yaml")
    assert time.perf_counter() - started < 5
    # A few levels of sharing are what real documents do: accepted.
    assert len(load.parse_text(_laughs(4), "s.yaml")["a4"]) == 9


def test_a_document_that_contains_itself_is_refused() -> None:
    for text in (
        "c: &r [*r]\n",
        "d: &m {e: *m}\n",
        "m: &m {a: 1}\nn: &n {<<: *m, b: *n}\n",
    ):
        with pytest.raises(SpecError, match="inside what it names"):
            load.parse_text(text, "s.yaml")


def test_nesting_is_bounded() -> None:
    deep = "x: " + "[" * 1200 + "]" * 1200 + "\n"
    with pytest.raises(SpecError, match="s.yaml: line 1"):
        load.parse_text(deep, "s.yaml")


def test_a_core_tag_that_cannot_read_its_scalar_is_located() -> None:
    for text in ("a: !!int x\n", "a: !!bool maybe\n"):
        with pytest.raises(
            SpecError, match="line 1, column 4: invalid YAML: .* cannot be read"
        ):
            load.parse_text(text, "s.yaml")


def test_aliases_stay_one_object() -> None:
    document = load.parse_text(
        "a: &x [1, {b: 2}]\nb: *x\nc: &m {e: 1}\nd: *m\n", "s.yaml"
    )
    assert document["a"] is document["b"]
    assert document["c"] is document["d"]


def test_errors_keep_their_place() -> None:
    with pytest.raises(SpecError, match="line 2, column 1: invalid YAML"):
        load.parse_text("a: [\n", "s.yaml")
    with pytest.raises(SpecError, match="line 1, column 4: invalid YAML: .*!!int"):
        load.parse_text("a: !!int foo\n", "s.yaml")


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


_TAGS = st.sampled_from(
    ["", "!!timestamp ", "!!binary ", "!!str ", "!!int ", "!!float ", "!!bool ",
     "!!null ", "!local ", "!!set ", "!!omap ", "!!python/tuple "]
)  # fmt: skip
_SCALARS_TEXT = st.sampled_from(
    ["2024-01-01", "2024-05-01T12:00:00.123456789Z", "aGVsbG8=", "true", "~", "3",
     "1.5", "x", "'q'", "{a: 1}", "[1, 2]", "{x, y}", "\"\\ud800\"", "<<", "="]
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(
    entries=st.lists(st.tuples(_TAGS, _SCALARS_TEXT, _TAGS, _SCALARS_TEXT), max_size=8),
    aliases=st.integers(0, 3),
)
def test_random_tagged_yaml_is_json_or_a_located_error(
    entries: list[tuple[str, str, str, str]], aliases: int
) -> None:
    """Whatever tags, keys and aliases a YAML document holds: a JSON value, or one
    located SpecError; never another exception."""
    lines = ["base: &b {a: 1}"]
    for index, (key_tag, key, tag, value) in enumerate(entries):
        lines.append(f"k{index}: {{{key_tag}{key}: {tag}{value}}}")
    lines += [f"alias{i}: *b" for i in range(aliases)]
    text = "\n".join(lines) + "\n"
    try:
        document = load.parse_text(text, "s.yaml")
    except SpecError as exc:
        assert str(exc).startswith("s.yaml"), exc
        return
    json.dumps(document)  # JSON values and string keys only
    assert all(type(k) is str for k in document)
