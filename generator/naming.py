"""Identifiers for generated code: sanitising, reserved names and collision resolution.

Pure functions only.  A name from a spec may be anything (a keyword, a builtin,
punctuation, non-ASCII, empty); what comes out is always a valid ASCII identifier
that cannot shadow a name the generated modules rely on.  Collisions are resolved
by sorting candidates on a key derived from the spec's own strings, never on
traversal or dictionary order, so every run names things the same way.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

# Names the generated package defines or imports at module level.  A model may not
# take one, nor may a model's TypedDict twin.
RUNTIME_NAMES: frozenset[str] = frozenset(
    {
        "Any", "Callable", "ClassVar", "Decimal", "Enum", "Final", "IntEnum",
        "Literal", "Mapping", "NotRequired", "Required", "Self", "StrEnum",
        "TypeAlias", "TypedDict", "UUID", "UNSET", "Unset", "DecodeError",
        "Client", "AsyncClient", "APIError", "Response", "Stream", "AsyncStream",
        "RetryConfig", "ServerSentEvent", "SDKError", "ClientError", "ServerError",
        "APIConnectionError", "APITimeoutError", "StreamError", "StreamLimits",
    }
)  # fmt: skip

MODEL_RESERVED: frozenset[str] = (
    RUNTIME_NAMES | frozenset(dir(builtins)) | frozenset(keyword.kwlist)
)

# Names a dataclass body reads while it is being defined.  A field with one of these
# names would shadow it for the annotations that follow (and for mypy), so such a
# field gets a trailing underscore instead.
FIELD_RESERVED: frozenset[str] = frozenset(keyword.kwlist) | frozenset(
    {
        "str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple",
        "object", "datetime", "date", "field", "dataclass", "classmethod",
        "from_dict", "to_dict", "self", "cls", "_rt",
    }
)  # fmt: skip

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
def attribute_name(text: str) -> str:
    """A snake_case identifier for a field that shadows nothing the class body uses."""
    name = snake_case(text)
    if not name:
        name = "field"
    elif not name[0].isalpha():
        name = "field_" + name
    if name in FIELD_RESERVED:
        name += "_"
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
    sort_key: Mapping[K, str],
    taken: Iterable[str] = (),
    suffix: str = "",
    also_takes: tuple[str, ...] = (),
) -> dict[K, str]:
    """Give every key its candidate name, or the candidate plus a number when taken.

    Keys are served in the order of ``(candidate, sort_key)``: a stable property of
    the spec's own text, so reordering a document never renames anything.  A name
    counts as taken together with each ``name + extra`` for ``extra in also_takes``
    (a model ``Foo`` also takes its TypedDict twin ``FooDict``).
    """
    used = set(taken)
    chosen: dict[K, str] = {}
    for key in sorted(candidates, key=lambda k: (candidates[k], sort_key[k])):
        base = candidates[key]
        name, number = base, 1
        while name in used or (
            also_takes and any(name + extra in used for extra in also_takes)
        ):
            number += 1
            name = f"{base}{suffix}{number}"
        used.add(name)
        for extra in also_takes:
            used.add(name + extra)
        chosen[key] = name
    return chosen
