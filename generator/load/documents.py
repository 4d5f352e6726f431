"""Bytes to documents: YAML or JSON parsing and ``$ref`` resolution across files.

A :class:`Documents` set owns every file a specification pulls in.  References are
resolved to a :class:`Location` (file plus JSON pointer) so that front ends can key
what they build on where it came from.  References are confined to the root
document's folder: a specification fed to a build pipeline must not be able to read
``/etc/passwd`` or fetch a URL.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import msgspec

from generator import collector
from generator.errors import SpecError

_MISSING = object()
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Location(msgspec.Struct, frozen=True):
    """A place in a loaded document: the file and a JSON pointer (``#/a/b``)."""

    file: Path
    pointer: str

    def child(self, *segments: str | int) -> Location:
        pointer = self.pointer
        for segment in segments:
            pointer += "/" + escape_segment(str(segment))
        return Location(self.file, pointer)

    def segments(self) -> list[str]:
        return split_pointer(self.pointer)


def escape_segment(segment: str) -> str:
    if "~" not in segment and "/" not in segment:
        return segment
    return segment.replace("~", "~0").replace("/", "~1")


def split_pointer(pointer: str) -> list[str]:
    body = pointer[1:] if pointer.startswith("#") else pointer
    if not body:
        return []
    return [
        s.replace("~1", "/").replace("~0", "~") for s in body.lstrip("/").split("/")
    ]


def parse_text(text: str, name: str) -> Any:
    """Parse JSON or YAML text, reporting syntax errors with line and column."""
    with collector.paused():  # see generator.collector
        return _parse_text(text, name)


def _parse_text(text: str, name: str) -> Any:
    stripped = text.lstrip()
    try:
        if name.endswith(".json") or stripped.startswith(("{", "[")):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                if name.endswith(".json"):
                    raise SpecError(
                        name,
                        f"line {exc.lineno}, column {exc.colno}",
                        f"invalid JSON: {exc.msg}",
                    ) from None
                # Flow-style YAML also starts with '{': let the YAML parser decide.
        from generator.load.yaml_reader import (
            parse_yaml,  # only YAML documents need PyYAML
        )

        return parse_yaml(text, name)
    except RecursionError:
        depth, position = _deepest(text)
        raise SpecError(
            name,
            line_column(text, position),
            f"document nests {depth} levels deep, too deeply to parse",
        ) from None


def _unquote(text: str) -> str:
    """Percent-decoded, as ``urllib.parse.unquote`` (imported only when needed)."""
    if "%" not in text:
        return text
    from urllib.parse import unquote

    return unquote(text)


def line_column(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return f"line {line}, column {column}"


def _deepest(text: str) -> tuple[int, int]:
    """How deep brackets nest outside strings, and where that depth is first reached.

    Only used after the parser gave up, so that the message can point at the place.
    """
    depth = deepest = where = 0
    quote: str | None = None  # inside a double-quoted string
    escaped = False
    for index, ch in enumerate(text):
        if quote is not None:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = None
        elif ch == '"':
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, index
        elif ch in "]}":
            depth -= 1
    return deepest, where


def read_text(path: Path, display: str) -> str:
    return decode_text(read_bytes(path, display), display)


MAX_BYTES = 256 * 1024 * 1024
"""The biggest document read (the biggest real specifications are tens of MB); a
bigger one is refused before it is read."""


def read_bytes(path: Path, display: str) -> bytes:
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_BYTES:
                data = b""  # refused below without reading it
                too_big = True
            else:  # a pipe or a growing file has no size: read one byte more
                data = file.read(MAX_BYTES + 1)
                too_big = len(data) > MAX_BYTES
    except FileNotFoundError:
        raise SpecError(display, "", "file not found") from None
    except IsADirectoryError:
        raise SpecError(display, "", "is a directory, not a document") from None
    except OSError as exc:
        raise SpecError(display, "", f"cannot read: {exc.strerror}") from None
    if too_big:
        raise SpecError(
            display,
            "",
            f"is bigger than {MAX_BYTES // 2**20} MiB, the most specgen reads;"
            " refused",
        )
    return data


def decode_text(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(display, f"byte {exc.start}", "not UTF-8 text") from None


class Documents:
    """The root document and every file its references reach, loaded once each."""

    def __init__(self, root_path: Path) -> None:
        self.root_file = root_path.resolve()
        self.base_dir = self.root_file.parent
        self._display = {self.root_file: root_path.name}
        self.root_bytes = read_bytes(root_path, root_path.name)
        text = decode_text(self.root_bytes, root_path.name)
        self._docs: dict[Path, Any] = {self.root_file: parse_text(text, root_path.name)}
        # Front ends ask for the same places again and again (every $ref to a
        # component, every look at a schema); documents are never changed once loaded.
        self._nodes: dict[Location, Any] = {}
        self._targets: dict[tuple[Path, str], Location] = {}

    @property
    def root(self) -> Any:
        return self._docs[self.root_file]

    @property
    def files(self) -> tuple[str, ...]:
        """Every file loaded so far, as sorted absolute paths."""
        return tuple(sorted(str(path) for path in self._docs))

    def display(self, file: Path) -> str:
        """A file's name relative to the root document's folder, for messages."""
        return self._display.get(file) or file.relative_to(self.base_dir).as_posix()

    def error(self, where: Location, message: str) -> SpecError:
        return SpecError(self.display(where.file), where.pointer, message)

    def node(self, where: Location) -> Any:
        """The value at a location; a missing one is an error naming the pointer."""
        found = self._nodes.get(where, _MISSING)
        if found is _MISSING:
            found = self._nodes[where] = self._walk(where)
        return found

    def _walk(self, where: Location) -> Any:
        value = self._document(where.file)
        for segment in where.segments():
            if isinstance(value, dict):
                if segment not in value:
                    raise self.error(where, "no such location in the document")
                value = value[segment]
            elif (
                isinstance(value, list)
                and segment.isdigit()
                and int(segment) < len(value)
            ):
                value = value[int(segment)]
            else:
                raise self.error(where, "no such location in the document")
        return value

    def resolve(self, ref: object, site: Location) -> Location:
        """Turn the ``$ref`` found at ``site`` into the location it names."""
        if not isinstance(ref, str):
            raise self.error(site, "$ref must be a string")
        known = self._targets.get((site.file, ref))
        if known is not None:
            return known
        if _URL.match(ref) or ref.startswith("//"):
            raise self.error(
                site, f"$ref {ref!r} names a URL; only local files are allowed"
            )
        file_part, _, fragment = ref.partition("#")
        pointer = "#" + _unquote(fragment)
        if pointer != "#" and not pointer.startswith("#/"):
            raise self.error(
                site, f"$ref {ref!r} has a fragment that is not a JSON pointer"
            )
        if not file_part:
            target = Location(site.file, pointer)
        else:
            target = Location(self._ref_file(ref, _unquote(file_part), site), pointer)
        try:
            self.node(target)
        except SpecError:
            if pointer != "#/":
                raise self.error(
                    site, f"$ref {ref!r} names a location that does not exist"
                ) from None
            # By RFC 6901 ``#/`` names the member whose key is empty; JSON Schema
            # tools read it as the whole document, and specs are written for them.
            target = Location(target.file, "#")
        self._targets[(site.file, ref)] = target
        return target

    def _ref_file(self, ref: str, file_part: str, site: Location) -> Path:
        """The file a ``$ref`` names, loaded; every way the system can fail to find
        or read it (a NUL in the name, a name too long, a loop of links, no
        permission) is an error located at the ``$ref``."""
        try:
            path = (site.file.parent / file_part).resolve()
            if not path.is_relative_to(self.base_dir):
                raise self.error(
                    site, f"$ref {ref!r} leaves the specification's folder; refused"
                )
            if path not in self._docs:
                self._load(path, site)
        except ValueError:  # "embedded null byte"
            raise self.error(
                site, f"$ref {ref!r} names a file whose name holds a NUL character"
            ) from None
        except RuntimeError:  # Python 3.11's Path.resolve on a loop of links
            raise self.error(
                site, f"$ref {ref!r} names a file behind a loop of symbolic links"
            ) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise self.error(
                site, f"$ref {ref!r} names a file that cannot be read: {reason}"
            ) from None
        return path

    def _document(self, file: Path) -> Any:
        return self._docs[file]

    def _load(self, path: Path, site: Location) -> None:
        display = path.relative_to(self.base_dir).as_posix()
        if not path.is_file():
            raise self.error(site, f"$ref names {display}, which does not exist")
        self._display[path] = display
        self._docs[path] = parse_text(read_text(path, display), display)
