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
    are built here straight from the parser's events (:func:`_from_events`), never
    holding PyYAML's node graph, which weighs about twenty times the document (a
    43 MB document took 1,166 MiB to load with it, 358 MiB without).  Anything else
    (other tags, merge keys, keys that are not hashable, anchors used twice, an
    error) is parsed again and built by :func:`_from_nodes`, so results and error
    messages are exactly PyYAML's; such a document costs a second parse.
    """
    loader = _SpecLoader(text)
    try:
        return _from_events(loader)
    # The node path decides, and reports, the hard cases.
    except Exception:  # noqa: BLE001, S110
        pass
    finally:
        loader.dispose()
    return _from_nodes(text)


def _from_nodes(text: str) -> Any:
    """The document built from PyYAML's node graph: quickly for plain shapes, else
    by PyYAML's own constructor from the same nodes."""
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


_NO_KEY = object()
"""In a mapping being read: the next scalar is a key."""


def _from_events(loader: Any) -> Any:
    """The document of plain JSON shapes, built from the parser's events in one pass
    without recursion; raises on anything else (see :func:`_load_yaml`).

    A scalar's tag is resolved as PyYAML's resolver does (``BaseResolver.resolve``
    with no path resolvers), inlined: one call less for each of millions of scalars.
    A container is placed in its parent when it opens, as PyYAML's constructor does,
    and an anchored one is shared by its aliases.
    """
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers or loader.yaml_path_resolvers:
        raise _Unusual  # resolvers this loader does not have: the general path
    constructors = loader.yaml_constructors
    scalar_tags = _SCALAR_TAGS
    get_event = loader.get_event
    anchors: dict[str, Any] = {}
    # Open containers, innermost last: [mapping, its pending key or _NO_KEY], or
    # [sequence, _NO_KEY].
    stack: list[list[Any]] = []
    if type(get_event()) is not yaml.StreamStartEvent:
        raise _Unusual
    event = get_event()
    if type(event) is yaml.StreamEndEvent:
        return None
    if type(event) is not yaml.DocumentStartEvent:
        raise _Unusual
    root: Any = None
    while True:
        event = get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = event.value
            tag = event.tag
            if tag is None or tag == "!":
                tag = _STR_TAG
                if event.implicit[0]:
                    for candidate, pattern in resolvers.get(value[:1], ()):
                        if pattern.match(value):
                            tag = candidate
                            break
            if tag == _STR_TAG:
                item = value
            elif tag in scalar_tags:
                item = constructors[tag](loader, yaml.ScalarNode(tag, value))
            else:
                raise _Unusual
            opens = False
        elif kind is yaml.MappingStartEvent:
            if event.tag not in (None, "!", _MAP_TAG):
                raise _Unusual
            item, opens = {}, True
        elif kind is yaml.SequenceStartEvent:
            if event.tag not in (None, "!", _SEQ_TAG):
                raise _Unusual
            item, opens = [], True
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            if stack:
                continue
            break
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise _Unusual
            item, opens = anchors[event.anchor], False
        else:
            raise _Unusual
        if kind is not yaml.AliasEvent and event.anchor is not None:
            if event.anchor in anchors:
                raise _Unusual
            anchors[event.anchor] = item
        if stack:
            top = stack[-1]
            parent, key = top
            if type(parent) is list:
                parent.append(item)
            elif key is _NO_KEY:
                if type(item) not in (str, int, float, bool, type(None)) or opens:
                    raise _Unusual
                top[1] = item
            else:
                parent[key] = item
                top[1] = _NO_KEY
        else:
            root = item
        if opens:
            stack.append([item, _NO_KEY])
        elif not stack:
            break
    if type(get_event()) is not yaml.DocumentEndEvent:
        raise _Unusual
    if type(get_event()) is not yaml.StreamEndEvent:
        raise _Unusual  # another document: PyYAML's message says so
    return root


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
