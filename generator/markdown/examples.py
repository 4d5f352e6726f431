"""TypeScript ``## Example Usage`` blocks to JSON examples.

A TypeScript model page shows ``let value: X = { frequencyPenalty: 0, … };`` (and a
union page ``const value: T = …;`` per variant): an object literal keyed on SDK
names, except inside ``Record``/``any`` values where the wire JSON keys stay quoted.
This module reads that literal with a small tokenizer (no ``eval``, nothing run),
then renames the keys of known models back to wire names.  Anything it cannot read
(``new Blob(…)``, a Python block) gives no example rather than a wrong one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_MISSING = object()


class _Unreadable(Exception):
    pass


def json_string_at(text: str, pos: int) -> tuple[str, int] | None:
    """The JSON string literal starting at ``pos`` and the position after it, if any."""
    try:
        value, end = json.JSONDecoder().raw_decode(text, pos)
    except ValueError:
        return None
    return (value, end) if isinstance(value, str) else None


def literal_of(code: str) -> Any:
    """The value assigned in ``let value: X = …;``; ``_MISSING`` when there is none."""
    for line_start in ("let value", "const value"):
        start = code.find(line_start)
        if start < 0:
            continue
        equals = code.find("=", start)
        if equals < 0:
            return _MISSING
        reader = _Reader(code, equals + 1)
        try:
            value = reader.value()
            reader.skip()
            if not reader.take(";"):
                return _MISSING
        except _Unreadable:
            return _MISSING
        return value
    return _MISSING


def example_of(code: str, rename: Callable[[Any], Any]) -> tuple[bool, Any]:
    """(found, the example with wire keys) for one code block."""
    value = literal_of(code)
    if value is _MISSING:
        return False, None
    return True, rename(value)


class _Reader:
    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos

    def skip(self) -> None:
        while self.pos < len(self.text):
            if self.text[self.pos].isspace():
                self.pos += 1
            elif self.text.startswith("//", self.pos):
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                break

    def take(self, token: str) -> bool:
        self.skip()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def value(self) -> Any:
        self.skip()
        if self.take("{"):
            return self._object()
        if self.take("["):
            return self._array()
        if self.text.startswith('"', self.pos):
            return self._string()
        if self.take("new Date("):
            text = self._string()
            if not self.take(")"):
                raise _Unreadable
            return text
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos) and not self._ident_at(
                self.pos + len(word)
            ):
                self.pos += len(word)
                return result
        return self._number()

    def _ident_at(self, pos: int) -> bool:
        return pos < len(self.text) and (
            self.text[pos].isalnum() or self.text[pos] == "_"
        )

    def _object(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        while not self.take("}"):
            self.skip()
            if self.text.startswith('"', self.pos):
                key = self._string()
            else:
                start = self.pos
                while self._ident_at(self.pos) or (
                    self.pos < len(self.text) and self.text[self.pos] == "$"
                ):
                    self.pos += 1
                key = self.text[start : self.pos]
                if not key:
                    raise _Unreadable
            if not self.take(":"):
                raise _Unreadable
            found[key] = self.value()
            if not self.take(","):
                if not self.take("}"):
                    raise _Unreadable
                break
        return found

    def _array(self) -> list[Any]:
        items = []
        while not self.take("]"):
            items.append(self.value())
            if not self.take(","):
                if not self.take("]"):
                    raise _Unreadable
                break
        return items

    def _string(self) -> str:
        found = json_string_at(self.text, self.pos)
        if found is None:
            raise _Unreadable
        text, self.pos = found
        return text

    def _number(self) -> int | float:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "+-0123456789.eE":
            self.pos += 1
        text = self.text[start : self.pos]
        try:
            return int(text)
        except ValueError:
            pass
        try:
            return float(text)
        except ValueError:
            raise _Unreadable from None
