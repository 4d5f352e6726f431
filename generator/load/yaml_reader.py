"""YAML documents: PyYAML's parser, with the plain-JSON shapes built quickly.

A module of its own so that a JSON document never imports PyYAML.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.errors import SpecError
from generator.load.documents import line_column

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2-like scalars: no timestamps, and only true/false are booleans.

    YAML 1.1 would turn a property named ``on`` or ``no`` into a boolean key and an
    example date into a ``datetime``; neither is JSON, and both corrupt schemas.
    """


_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_SpecLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = frozenset(
    {
        _BOOL_TAG,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:null",
    }
)


class _Unusual(Exception):
    """A node the quick construction leaves to PyYAML's own constructor."""


def _load_yaml(text: str) -> Any:
    """``yaml.load(text, Loader=_SpecLoader)``, with the plain-JSON shapes built quickly.

    PyYAML's constructor spends more time than its C parser: it goes through
    generators and bookkeeping for every node.  Documents made only of strings,
    numbers, booleans, nulls, lists and mappings (every specification in practice)
    are built here in one walk over the parsed nodes; anything else (other tags,
    merge keys, keys that are not hashable, an error) is built again by PyYAML from
    the same nodes, so results and error messages are exactly PyYAML's.
    """
    loader = _SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct(loader, node)
        except Exception:  # noqa: BLE001 - PyYAML decides, and reports, the hard cases
            return loader.construct_document(node)
    finally:
        loader.dispose()


def _construct(loader: Any, root: Any) -> Any:
    scalar_tags = _SCALAR_TAGS
    constructors = loader.yaml_constructors
    shared: dict[int, Any] = {}  # aliased containers stay one object, as in PyYAML

    def build(node: Any) -> Any:
        tag = node.tag
        if tag == _STR_TAG:
            if type(node.value) is not str:
                raise _Unusual
            return node.value
        if tag == _MAP_TAG:
            data = shared.get(id(node))
            if data is None:
                data = shared[id(node)] = {}
                for key_node, value_node in node.value:
                    key = build(key_node)
                    if type(key) not in (str, int, float, bool, type(None)):
                        raise _Unusual
                    data[key] = build(value_node)
            return data
        if tag == _SEQ_TAG:
            items = shared.get(id(node))
            if items is None:
                items = shared[id(node)] = []
                items.extend([build(child) for child in node.value])
            return items
        if tag in scalar_tags:
            return constructors[tag](loader, node)
        raise _Unusual

    try:
        return build(root)
    finally:
        # ``build`` refers to itself (a cycle only the collector breaks, and it is
        # paused: see generator.collector); without its containers it holds
        # nothing big, and the document goes as soon as its last user lets go.
        shared.clear()


def parse_yaml(text: str, name: str) -> Any:
    """The document, or a SpecError naming the line and column of a syntax error."""
    try:
        return _load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "cannot parse"
        raise SpecError(name, where, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        raise SpecError(
            name,
            line_column(text, exc.position),
            f"invalid YAML: character U+{_code_point(exc.character):04X} is not allowed",
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(name, "", f"invalid YAML: {exc}") from None


def _code_point(character: int | str | bytes) -> int:
    return character if isinstance(character, int) else ord(character[:1] or "\0")
