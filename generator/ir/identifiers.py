"""Identifiers from spec text: sanitising and collision resolution.

Pure functions only, the rules both the front ends (spec-derived model names) and
the name plan (:mod:`generator.python.name_plan`, every Python name) apply.  A name from a
spec may be anything (a keyword, a builtin, punctuation, non-ASCII, empty); what
comes out is an ASCII identifier.  Which names are reserved is the plan's business.
Collisions are resolved by sorting candidates on a key derived from the spec's own
strings, never on traversal or dictionary order, so every run names things the same
way.
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")
_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")

# A big specification asks for the same few thousand names tens of thousands of
# times (every property of every schema, every model candidate): the pure functions
# below remember their answers.  Bounded, so a long-lived process cannot grow them.
_remember = functools.lru_cache(maxsize=1 << 16)


@_remember
def ascii_text(text: str) -> str:
    """Fold accents away; spell characters with no ASCII form by their code points."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    if any(ch.isalnum() for ch in folded) or not text:
        return folded
    return "_".join(f"u{ord(ch):04x}" for ch in text if not ch.isspace())


def words(text: str) -> list[str]:
    """Split ``fooBar``, ``foo_bar``, ``HTTPError``, ``foo-bar 2`` into words."""
    return _WORD.findall(ascii_text(text))


@_remember
def pascal_case(text: str) -> str:
    if _PASCAL.fullmatch(text):
        return text
    return "".join(w[0].upper() + w[1:] for w in words(text))


@_remember
def snake_case(text: str) -> str:
    if _SNAKE.fullmatch(text) and "__" not in text:
        return text.rstrip("_") or text
    return "_".join(w.lower() for w in words(text))


@_remember
def class_name(text: str) -> str:
    """A PascalCase identifier that starts with a letter."""
    name = pascal_case(text)
    if not name:
        return "Model"
    if not name[0].isalpha():
        return "Model" + name
    return name


@_remember
def snake_identifier(text: str, fallback: str) -> str:
    """A snake_case identifier that starts with a letter: ``fallback`` when the text
    has no letters or digits, ``fallback_`` before one that starts with a digit."""
    name = snake_case(text)
    if not name:
        return fallback
    if not name[0].isalpha():
        return f"{fallback}_{name}"
    return name


def enum_member_name(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        text = str(value)
    elif isinstance(value, int):
        return f"VALUE_MINUS_{-value}" if value < 0 else f"VALUE_{value}"
    else:
        text = value
    return _member_name(text)


@_remember
def _member_name(text: str) -> str:
    name = "_".join(w.upper() for w in words(text))
    if not name:
        return "EMPTY"
    if not name[0].isalpha():
        name = "VALUE_" + name
    return name


def is_identifier(text: str) -> bool:
    return text.isidentifier() and text.isascii() and not keyword.iskeyword(text)


def assign_unique(
    candidates: Mapping[K, str],
    *,
    sort_key: Callable[[K], str],
    taken: Collection[str] = (),
    suffix: str = "",
    twins: Callable[[str], Iterable[str]] | None = None,
) -> dict[K, str]:
    """Give every key its candidate name, or the candidate plus a number when taken.

    Keys are served in the order of ``(candidate, sort_key(key))``: a stable property
    of the spec's own text, so reordering a document never renames anything.  A name
    comes with its ``twins`` (a model ``Foo`` with its TypedDict ``FooDict``, a group
    class with its ``Async`` twin): it is free only when they all are, and it takes
    them all.
    """
    wanted = list(candidates.values())
    if twins is None and len(set(wanted)) == len(wanted):
        if not any(name in taken for name in wanted):
            return dict(candidates)  # nearly always: nothing to number
    used: set[str] = set()

    def free(name: str) -> bool:
        if name in used or name in taken:
            return False
        return twins is None or not any(
            twin in used or twin in taken for twin in twins(name)
        )

    chosen: dict[K, str] = {}
    # Where the search for each base's next free number starts: every number below
    # it was taken when last tried, and a taken name stays taken, so thousands of
    # keys asking for one name cost no more than thousands asking for different ones.
    tried: dict[str, int] = {}
    for key in sorted(candidates, key=lambda k: (candidates[k], sort_key(k))):
        base = candidates[key]
        number = tried.get(base, 1)
        name = base if number == 1 else f"{base}{suffix}{number}"
        while not free(name):
            number += 1
            name = f"{base}{suffix}{number}"
        tried[base] = number
        used.add(name)
        if twins is not None:
            used.update(twins(name))
        chosen[key] = name
    return chosen
