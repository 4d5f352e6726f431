"""Problems that do not stop a run: one located message each, gathered by the front ends.

A front end that meets something it cannot read (a Type cell in an unknown notation,
a page without a model section, a security scheme the client cannot send) records a
:class:`Diagnostic` and goes on with what it could read, so that one bad page never
costs the other two thousand.  The CLI prints each as a warning, ``specgen ir`` lists
them, and ``--strict`` (``strict = true``) turns any of them into exit 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

from generator.errors import SpecError
from generator.text import printable


class Diagnostic(msgspec.Struct, frozen=True):
    """One problem, located by a line (markdown pages) or a JSON pointer (specs)."""

    file: str
    """The document as shown to people: relative to its docs folder, or its file name."""
    line: int | None
    pointer: str | None
    message: str

    def __str__(self) -> str:
        place = [self.file]
        if self.line is not None:
            place.append(f"line {self.line}")
        if self.pointer is not None:
            place.append(self.pointer)
        return printable(": ".join([*place, " ".join(self.message.split())]))

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.pointer or "", self.message)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "line": self.line}
        if self.pointer is not None:
            data["pointer"] = self.pointer
        data["message"] = self.message
        return data


class Diagnostics:
    """The diagnostics of one run, in a stable order whatever order they were found in."""

    def __init__(self) -> None:
        self._found: dict[Diagnostic, None] = {}

    def add(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        pointer: str | None = None,
    ) -> Diagnostic:
        found = Diagnostic(file, line, pointer, message)
        self._found[found] = None  # the same problem found twice is reported once
        return found

    def error(self, error: SpecError) -> Diagnostic:
        """Record a ``SpecError`` raised by a reader as a diagnostic of its place."""
        line: int | None = None
        pointer: str | None = None
        if error.location.startswith("line "):
            number = error.location.removeprefix("line ").split(",", 1)[0]
            line = int(number) if number.isdigit() else None
        elif error.location:
            pointer = error.location
        return self.add(error.file, error.message, line=line, pointer=pointer)

    def extend(self, found: Iterable[Diagnostic]) -> None:
        for item in found:
            self._found[item] = None

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._found)

    def sorted(self) -> tuple[Diagnostic, ...]:
        return tuple(sorted(self._found, key=Diagnostic.sort_key))


def merged(*parts: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """The diagnostics of several readers or stages as one run's: each once, in
    the stable order."""
    found = Diagnostics()
    for part in parts:
        found.extend(part)
    return found.sorted()


class StrictError(SpecError):
    """``--strict`` and the run has diagnostics: every one of them is an error."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        first = diagnostics[0]
        location = f"line {first.line}" if first.line is not None else ""
        super().__init__(first.file, location or first.pointer or "", first.message)
        self.diagnostics = diagnostics
