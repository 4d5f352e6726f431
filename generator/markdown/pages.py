"""The structure of one Speakeasy model page, read with markdown-it-py.

A model page is a ``# Title``, an optional description, optional ``## Example Usage``
code, and exactly one of ``## Fields`` (a table), ``## Values`` (a table or a code
block of JSON literals) or ``## Supported Types`` (``###`` variant headings).  This
module only finds those parts and keeps their text and line numbers; the Type cells
are read by :mod:`generator.markdown.type_notation` and the IR is built elsewhere.

A page with no model section cannot be read (a ``SpecError``); anything smaller (a
row, a table, a second model section) is kept in ``Page.problems`` and left out, so
that the rest of the page is still read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Literal

import msgspec
from markdown_it import MarkdownIt
from markdown_it.token import Token
from msgspec import field

from generator.errors import SpecError

PageKind = Literal["fields", "values", "union"]
_KINDS: dict[str, PageKind] = {
    "Fields": "fields",
    "Values": "values",
    "Supported Types": "union",
}
_SECTIONS = {kind: heading for heading, kind in _KINDS.items()}
_REQUIRED = {":heavy_check_mark:": True, ":heavy_minus_sign:": False}
_DEPRECATION = (
    ": warning: ** DEPRECATED **: This will be removed in a future release, "
    "please migrate away from it as soon as possible."
)
_OPEN_ENUM = "Unrecognized<string>"
_NIL = "<nil>"
"""How Speakeasy's 2024 generators printed an enum's ``null`` value (Go's nil)."""


def markdown() -> MarkdownIt:
    """The CommonMark parser with the two extensions the docs use: tables and ~~strike~~."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


class FieldRow(msgspec.Struct, frozen=True):
    name: str
    deprecated: bool
    type_text: str
    required: bool
    description: str | None
    example: str | None
    line: int


class ValueRow(msgspec.Struct, frozen=True):
    name: str | None
    value: str | int | float | bool | None
    line: int


class Variant(msgspec.Struct, frozen=True):
    text: str
    line: int
    example: str | None


class Page(msgspec.Struct):
    """One model page: its parts as text, with 1-based line numbers."""

    file: str
    """The page's path as shown in messages (relative to its docs folder)."""
    title: str
    kind: PageKind
    section_line: int
    description: str | None = None
    examples: list[str] = field(default_factory=list)
    fields: list[FieldRow] = field(default_factory=list)
    values: list[ValueRow] = field(default_factory=list)
    open_enum: bool = False
    variants: list[Variant] = field(default_factory=list)
    fences: set[str] = field(default_factory=set)
    """Languages of the page's code blocks: a hint to its flavour."""
    problems: list[SpecError] = field(default_factory=list)
    """What could not be read (and was left out), each located on its line."""


def parse_page(text: str, file: str) -> Page:
    """Split a model page into its parts; a page of no known kind is a SpecError."""
    tokens = markdown().parse(text)
    lines = text.splitlines()
    title: str | None = None
    title_end = 0
    section: str | None = None
    first_h2: int | None = None
    page: Page | None = None
    in_model = False
    """Inside the page's (first) model section."""
    problems: list[SpecError] = []
    examples: list[str] = []
    fences: set[str] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            heading = tokens[index + 1].content.strip()
            start = _line(token)
            if token.tag == "h1" and title is None:
                title, title_end = heading, _end(token)
            elif token.tag == "h2":
                section = heading
                in_model = False
                if first_h2 is None:
                    first_h2 = start - 1
                if heading in _KINDS and page is not None:
                    problems.append(
                        SpecError(
                            file,
                            f"line {start}",
                            f"a second model section '## {heading}' (after "
                            f"'## {_SECTIONS[page.kind]}' on line {page.section_line}); "
                            "it is left out",
                        )
                    )
                elif heading in _KINDS:
                    if title is None:
                        title = PurePosixPath(file).stem
                        problems.append(
                            SpecError(
                                file,
                                f"line {start}",
                                f"no '# Title' heading; the model is named {title!r} "
                                "after the file",
                            )
                        )
                    page = Page(file, title, _KINDS[heading], start)
                    in_model = True
            elif token.tag == "h3" and in_model and page is not None:
                if page.kind == "union":
                    page.variants.append(
                        Variant(_code_text(tokens[index + 1]), start, None)
                    )
            index += 3
            continue
        if token.type == "fence":
            fences.add(token.info.strip())
            if section == "Example Usage":
                examples.append(token.content)
            elif page is None or not in_model:
                pass  # a code block outside the model's own section says nothing
            elif page.kind == "union" and page.variants:
                last = page.variants[-1]
                page.variants[-1] = Variant(last.text, last.line, token.content)
            elif page.kind == "values":
                _fence_values(page, token, problems)
        elif token.type == "table_open" and page is not None and in_model:
            index = _table(page, tokens, index, file, problems)
            continue
        elif token.type == "paragraph_open" and page is not None and in_model:
            if page.kind == "values" and _OPEN_ENUM in tokens[index + 1].content:
                page.open_enum = True
        index += 1
    if page is None:
        raise SpecError(
            file,
            "line 1",
            "no '## Fields', '## Values' or '## Supported Types' section",
        )
    page.examples = examples
    page.fences = fences
    page.problems = problems
    if first_h2 is not None:
        description = "\n".join(lines[title_end:first_h2]).strip()
        page.description = description or None
    return page


def _line(token: Token) -> int:
    return (token.map[0] if token.map else 0) + 1


def _end(token: Token) -> int:
    return token.map[1] if token.map else 0


def _code_text(inline: Token) -> str:
    """The code span of a heading such as ``### `components.X` ``."""
    for child in inline.children or ():
        if child.type == "code_inline":
            return child.content
    return inline.content.strip()


def _cells(tokens: Sequence[Token], start: int) -> tuple[list[Token], int]:
    """The inline tokens of the row opened at ``start``, and the index after it."""
    cells = []
    index = start + 1
    while tokens[index].type != "tr_close":
        if tokens[index].type == "inline":
            cells.append(tokens[index])
        index += 1
    return cells, index + 1


def _table(
    page: Page,
    tokens: Sequence[Token],
    start: int,
    file: str,
    problems: list[SpecError],
) -> int:
    header: list[str] = []
    index = start + 1
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type != "tr_open":
            index += 1
            continue
        cells, after = _cells(tokens, index)
        texts = [c.content.strip() for c in cells]
        if not header:
            header = texts
            problem = _header_problem(page, header)
            if problem:
                problems.append(SpecError(file, f"line {_line(token)}", problem))
                return _table_end(tokens, index)
        else:
            try:
                _row(page, header, cells, texts, _line(token), file)
            except SpecError as exc:
                problems.append(exc)
        index = after
    return index + 1


def _table_end(tokens: Sequence[Token], index: int) -> int:
    while tokens[index].type != "table_close":
        index += 1
    return index + 1


def _header_problem(page: Page, header: list[str]) -> str | None:
    """What makes a table unreadable as the page's model table (it is left out)."""
    if page.kind == "values" and not {"Name", "Value"} <= set(header):
        return f"a Values table has Name and Value columns, not {', '.join(header)}"
    if page.kind == "fields":
        missing = {"Field", "Type", "Required"} - set(header)
        if missing:
            return f"Fields table lacks {', '.join(sorted(missing))}"
    return None


def _row(
    page: Page,
    header: list[str],
    cells: list[Token],
    texts: list[str],
    line: int,
    file: str,
) -> None:
    """Read one row into the page; a row that cannot be read raises (and is left out)."""
    if len(texts) != len(header):
        raise SpecError(
            file,
            f"line {line}",
            f"row has {len(texts)} cells, the header {len(header)}; it is left out",
        )
    row = dict(zip(header, texts))
    if page.kind == "values":
        value = row["Value"].strip("`")
        if value == _OPEN_ENUM:
            page.open_enum = True
            return
        name = row["Name"].strip("`")
        shown = None if value == _NIL else value  # older generators print null so
        page.values.append(ValueRow(name if name != "-" else None, shown, line))
        return
    if page.kind != "fields":
        return
    shown, deprecated = _field_name(cells[header.index("Field")])
    if shown is None:
        raise SpecError(
            file,
            f"line {line}",
            f"unreadable field name {row['Field']!r}; the row is left out",
        )
    required = _REQUIRED.get(row["Required"])
    if required is None:
        raise SpecError(
            file,
            f"line {line}",
            f"unknown Required value {row['Required']!r}; the row is left out",
        )
    description = _cell_text(row.get("Description", ""))
    if description is not None and description.startswith(_DEPRECATION):
        deprecated = True
        description = description[len(_DEPRECATION) :].strip() or None
    page.fields.append(
        FieldRow(
            name=shown,
            deprecated=deprecated,
            type_text=row["Type"],
            required=required,
            description=description,
            example=_cell_text(row.get("Example", "")),
            line=line,
        )
    )


def _field_name(cell: Token) -> tuple[str | None, bool]:
    """``name`` in backticks, maybe struck through (deprecated)."""
    children = [c for c in cell.children or () if c.type != "text" or c.content.strip()]
    struck = bool(children) and children[0].type == "s_open"
    codes = [c for c in children if c.type == "code_inline"]
    if len(codes) != 1:
        return None, False
    return codes[0].content, struck


def _cell_text(text: str) -> str | None:
    """A description or example cell: ``<br/>`` back to newlines, ``N/A`` to None."""
    text = text.replace("<br/>", "\n").strip()
    return None if text in ("", "N/A") else text


def _fence_values(page: Page, token: Token, problems: list[SpecError]) -> None:
    """``"a" | "b" | Unrecognized<string>``: JSON literals joined by ``|``."""
    decoder = json.JSONDecoder()
    text = token.content
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch.isspace() or ch == "|":
            pos += 1
            continue
        if text.startswith(_OPEN_ENUM, pos):
            page.open_enum = True
            pos += len(_OPEN_ENUM)
            continue
        line = _line(token) + 1 + text.count("\n", 0, pos)
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            end = text.find("|", pos)
            end = len(text) if end < 0 else end
            problems.append(
                SpecError(
                    page.file,
                    f"line {line}",
                    f"{text[pos:end].strip()!r} in a Values code block is not a JSON "
                    "literal; it is left out",
                )
            )
            pos = end
            continue
        page.values.append(ValueRow(None, value, line))
