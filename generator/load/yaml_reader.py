"""YAML documents: PyYAML's parser, building only what JSON can hold, within bounds.

A module of its own so that a JSON document never imports PyYAML.

An OpenAPI document is JSON written as YAML, so a YAML document is read in JSON's
data model (issue 29):

- A scalar with an explicit tag outside JSON's (``!!timestamp``, ``!!binary``, a
  local ``!tag``) is its text as written: a ``date`` or ``bytes`` has no JSON
  spelling, and the text is what a JSON author writes for the same value (a
  date-time keeps its nanoseconds, base64 stays base64).  Core tags (``!!str``,
  ``!!int``, ``!!float``, ``!!bool``, ``!!null``) keep their meaning.
- A mapping or sequence with any tag (``!!set``, ``!!omap``, ``!!pairs``) is the
  mapping or sequence it is written as (a set: a mapping to nulls).
- A mapping key is a string: a key that is a number, a boolean or null is its JSON
  text (``true:`` is ``"true"``, ``~:`` is ``"null"``); a key that is a mapping or a
  sequence is refused with its line.
- Aliases may not make a document much bigger than it is written (a "billion
  laughs" document of 600 bytes would expand to millions of nodes that every stage
  then walks), nor contain themselves (JSON has no cycles): both are refused with
  the line of the alias.  Nesting is bounded too (:data:`MAX_DEPTH`).
"""

from __future__ import annotations

import json
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
_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"

MAX_DEPTH = 1000
"""Containers nested deeper than this are refused (libyaml's own bound, kept when
PyYAML has no libyaml)."""
ALIAS_FLOOR = 100_000
ALIAS_RATIO = 10
"""Aliases may add at most ``max(ALIAS_FLOOR, ALIAS_RATIO * nodes written)`` nodes to
a document, counted as if every alias were replaced by a copy of what it names.
Every stage walks the expanded document: a 600-byte document of aliases nine deep,
nine levels over, is 4.8 million strings, minutes and gigabytes of work.  Real
documents use aliases for a shared fragment or two, far inside this bound."""
_HUGE = 10**15  # expanded sizes are capped here: no need for big-number arithmetic


class Refused(Exception):
    """A document outside the bounds or outside JSON's data model; never handed to
    PyYAML's constructor, reported with its place as is."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def json_key(key: Any) -> str:
    """A scalar mapping key as JSON spells it: ``True`` is ``"true"``, ``None`` is
    ``"null"``, ``1.5`` is ``"1.5"``."""
    return key if type(key) is str else json.dumps(key)


def _alias_bound(written: int) -> int:
    return max(ALIAS_FLOOR, ALIAS_RATIO * written)


_SCALAR_TAGS = frozenset(
    {
        _BOOL_TAG,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:null",
    }
)


class _Unusual(Exception):
    """A node the quick construction leaves to the construction from nodes."""


def _load_yaml(text: str) -> Any:
    """The document in JSON's data model (see the module docstring), quickly.

    PyYAML's constructor spends more time than its C parser: it goes through
    generators and bookkeeping for every node.  Documents as specifications are
    written (strings, numbers, booleans, nulls, lists and mappings, anchors used
    once defined) are built here straight from the parser's events
    (:func:`_from_events`), never holding PyYAML's node graph, which weighs about
    twenty times the document (a 43 MB document took 1,166 MiB to load with it,
    358 MiB without).  Anything else (merge keys, keys that are not scalars, anchors
    defined twice, an error) is parsed again and built from the node graph by
    :func:`_from_nodes`, so that error messages are PyYAML's; such a document costs
    a second parse.  A :class:`Refused` document is reported by either path as is.
    """
    loader = _SpecLoader(text)
    try:
        return _from_events(loader)
    except Refused:
        raise
    # The node path decides, and reports, the hard cases.
    except Exception:  # noqa: BLE001, S110
        pass
    finally:
        loader.dispose()
    return _from_nodes(text)


def _from_nodes(text: str) -> Any:
    """The document built from PyYAML's node graph (:func:`_construct`)."""
    loader = _SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _construct(loader, node)
    finally:
        loader.dispose()


_NO_KEY = object()
"""In a mapping being read: the next scalar is a key."""
_SCALARS = (str, int, float, bool, type(None))


def _from_events(loader: Any) -> Any:
    """The document of plain JSON shapes, built from the parser's events in one pass
    without recursion; raises :class:`_Unusual` on anything else (see
    :func:`_load_yaml`) and :class:`Refused` outside the bounds.

    A scalar's tag is resolved as PyYAML's resolver does (``BaseResolver.resolve``
    with no path resolvers), inlined: one call less for each of millions of scalars.
    A container is placed in its parent when it opens, as PyYAML's constructor does,
    and an anchored one is shared by its aliases.  ``written`` counts the nodes as
    written, ``expanded`` as if each alias were a copy of what it names.
    """
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers or loader.yaml_path_resolvers:
        raise _Unusual  # resolvers this loader does not have: the general path
    constructors = loader.yaml_constructors
    scalar_tags = _SCALAR_TAGS
    get_event = loader.get_event
    # anchor -> [item, expanded size (None while its container is open)]
    anchors: dict[str, list[Any]] = {}
    # Open containers, innermost last: [mapping, its pending key or _NO_KEY, anchor,
    # expanded count when it opened], or [sequence, _NO_KEY, anchor, count].
    stack: list[list[Any]] = []
    written = expanded = 0
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
            elif tag == _MERGE_TAG:
                raise _Unusual
            else:  # !!timestamp, !!binary, !local...: the text as written
                item = value
            opens = False
        elif kind is yaml.MappingStartEvent:
            item, opens = {}, True
        elif kind is yaml.SequenceStartEvent:
            item, opens = [], True
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            closed = stack.pop()
            if closed[2] is not None:
                anchors[closed[2]][1] = expanded - closed[3]
            if stack:
                continue
            break
        elif kind is yaml.AliasEvent:
            named = anchors.get(event.anchor)
            if named is None:
                raise _Unusual
            if named[1] is None:
                raise Refused(
                    event.start_mark,
                    f"the alias *{event.anchor} is inside what it names:"
                    " a document that contains itself has no JSON form",
                )
            item, opens = named[0], False
            expanded = min(expanded + named[1], _HUGE)
            if expanded - written > _alias_bound(written):
                raise Refused(event.start_mark, _too_many_aliases(expanded, written))
        else:
            raise _Unusual
        if kind is not yaml.AliasEvent:
            written += 1
            expanded += 1
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise _Unusual
                anchors[event.anchor] = [item, None if opens else 1]
        if stack:
            top = stack[-1]
            parent, key = top[0], top[1]
            if type(parent) is list:
                parent.append(item)
            elif key is _NO_KEY:
                if type(item) not in _SCALARS or opens:
                    raise _Unusual
                top[1] = item if type(item) is str else json_key(item)
            else:
                parent[key] = item
                top[1] = _NO_KEY
        else:
            root = item
        if opens:
            if len(stack) >= MAX_DEPTH:
                raise Refused(event.start_mark, _too_deep())
            stack.append(
                [item, _NO_KEY, event.anchor, expanded - 1]  # -1: the container itself
            )
        elif not stack:
            break
    if type(get_event()) is not yaml.DocumentEndEvent:
        raise _Unusual
    if type(get_event()) is not yaml.StreamEndEvent:
        raise _Unusual  # another document: PyYAML's message says so
    return root


def _too_many_aliases(expanded: int, written: int) -> str:
    shown = f"{expanded:,}" if expanded < _HUGE else "more than 10^15"
    return (
        f"aliases expand this document of {written:,} nodes to {shown};"
        f" refused (aliases may add at most {_alias_bound(written):,})"
    )


def _too_deep() -> str:
    return f"containers nest more than {MAX_DEPTH} levels deep; refused"


def _construct(loader: Any, root: Any) -> Any:
    """The document from PyYAML's nodes, in JSON's data model, within the bounds.

    Merge keys are PyYAML's (``flatten_mapping``); a scalar that a core tag cannot
    read (``!!int x``) raises PyYAML's error with its place.
    """
    scalar_tags = _SCALAR_TAGS
    constructors = loader.yaml_constructors
    shared: dict[int, Any] = {}  # aliased containers stay one object, as in PyYAML
    sizes: dict[int, int] = {}  # expanded size of each container built
    open_nodes: set[int] = set()
    written = 0

    def build(node: Any, depth: int) -> tuple[Any, int]:
        nonlocal written
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if id(node) in sizes:
                return shared[id(node)], 1
            written += 1
            value: Any = node.value
            if tag in scalar_tags:
                try:
                    value = constructors[tag](loader, node)
                except (ValueError, TypeError, ArithmeticError, KeyError):
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"{node.value!r} cannot be read as !!{tag.rpartition(':')[2]}",
                        node.start_mark,
                    ) from None
            elif tag == _MERGE_TAG:
                raise yaml.constructor.ConstructorError(
                    None, None, "a merge key (<<) may only be a key", node.start_mark
                )
            shared[id(node)], sizes[id(node)] = value, 1
            return value, 1
        if id(node) in open_nodes:
            raise Refused(
                node.start_mark,
                "an alias is inside what it names:"
                " a document that contains itself has no JSON form",
            )
        if id(node) in sizes:
            return shared[id(node)], sizes[id(node)]
        if depth >= MAX_DEPTH:
            raise Refused(node.start_mark, _too_deep())
        written += 1
        size = 1
        open_nodes.add(id(node))
        data: Any
        if isinstance(node, yaml.MappingNode):
            loader.flatten_mapping(node)
            data = shared[id(node)] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "found a key that is a mapping or a sequence;"
                        " JSON's keys are strings",
                        key_node.start_mark,
                    )
                key, _ = build(key_node, depth + 1)
                data[json_key(key)], grown = build(value_node, depth + 1)
                size = min(size + 1 + grown, _HUGE)
        else:
            data = shared[id(node)] = []
            for child in node.value:
                item, grown = build(child, depth + 1)
                data.append(item)
                size = min(size + grown, _HUGE)
        open_nodes.discard(id(node))
        sizes[id(node)] = size
        return data, size

    try:
        document, expanded = build(root, 0)
        if expanded - written > _alias_bound(written):
            raise Refused(root.start_mark, _too_many_aliases(expanded, written))
        return document
    finally:
        # ``build`` refers to itself (a cycle only the collector breaks, and it is
        # paused: see generator.collector); without its containers it holds
        # nothing big, and the document goes as soon as its last user lets go.
        shared.clear()


def parse_yaml(text: str, name: str) -> Any:
    """The document, or a SpecError naming the line and column of a syntax error."""
    try:
        return _load_yaml(text)
    except Refused as exc:
        mark = exc.mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError(name, where, exc.message) from None
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
