"""A block as logical lines: the rows they cover, the comments above, their tokens.

Also the checks on the lines themselves (indentation, blank lines, comment
shapes) that do not depend on what a statement says.

Rows are read by their *shape*: the row with every name that is not a keyword
written ``x`` (:func:`shape`).  Whatever the fast path decides about a row (how
deep its brackets go, whether black keeps it as it is) depends on its tokens'
kinds, keywords, operators and quotes, never on which names it holds, so rows of
one shape share one answer.  A big spec's hundreds of thousands of rows have a
few thousand shapes: each is tokenised and judged once, the others only looked
up (see :mod:`.block` and :mod:`.brackets` for the verdicts kept per shape).
"""

from __future__ import annotations

import functools
import itertools
import keyword
import re
import token
from typing import Final

from generator.layout.spacing import (
    Unsupported,
)
from generator.pytokens import Token, TokenizeError, row_tokens, tokens

# Keywords, and soft keywords of any Python black targets (``type`` is one from
# 3.12): the rules read them, so a shape keeps them.
_KEYWORDS = frozenset({*keyword.kwlist, *keyword.softkwlist, "type"})
_NAME_IN_SHAPE: Final = re.compile(
    r"(?<!\w)(?<!\d\.)(?!(?:" + "|".join(sorted(_KEYWORDS)) + r")\b)[A-Za-z_]\w*"
)


def shape(row: str) -> str:
    """The row with its names (not keywords) replaced: the key of the per-shape
    verdicts.

    A name right after ``1.`` may be a number's exponent (``1.e5``): it stays.  A
    string's prefix becomes ``x`` too, which no rule accepts, so such a shape is
    never kept as it is.  A row with a backslash (an escape whose letters matter)
    or other than ASCII is its own shape.
    """
    if "\\" in row or not row.isascii():
        return row
    return _NAME_IN_SHAPE.sub("x", row)


def _string_row_key(row: str) -> str | None:
    """The shape of a row that starts with a triple-quoted string, found without
    tokenising it: a row that is one such string and nothing else (a one-line
    docstring), or a row whose string goes on past it (the first row of a longer
    docstring); None for any other row.

    Such rows are most of the text a spec's descriptions make, and nearly every one
    is new, with a shape of its own that the regular expressions behind
    :func:`shape` and the row tokenizer would read character by character.  What
    the rules read of them is the same for all of one kind and indentation (a lone
    string, or a string opening), so they share the shape of the shortest such
    row.  A lone string with an escape, or with a quote just before its closing
    quotes (where it would end one quote early), is left to :func:`shape`.
    """
    body = row.lstrip(" ")
    if not body.startswith('"""'):
        return None
    indent = row[: len(row) - len(body)]
    closing = body.find('"""', 3)
    if closing < 0:
        return indent + '"""x'  # the string does not end on this row
    if closing == len(body) - 3 and "\\" not in body:
        return indent + '"""x"""'
    return None


# What reading a row tells, per shape: (bracket depth change, lowest depth within
# the row, first token's text, last token's text, kind, indentation).  First and
# last are the text of keywords and operators only ("" for a name or literal).
_CODE, _STRING, _COMMENT, _MIXED, _OPENS, _BLANK = range(6)
_RowInfo = tuple[int, int, str, str, int, int]
_INFO: dict[str, _RowInfo] = {}
# Rows already seen, with their shape and what it says: a row repeats more often
# than not (every model has ``data = _rt.expect_object(data)``), and a lookup
# costs less than working out its shape again.
_ROWS: dict[str, tuple[str, _RowInfo]] = {}
_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")


def _row_info(row: str) -> _RowInfo:
    indent = len(row) - len(row.lstrip(" "))
    found = row_tokens(row)
    if found is None:
        return (0, 0, "", "", _OPENS, indent)
    if not found:
        return (0, 0, "", "", _BLANK, indent)  # spaces only
    code = [tok for tok in found if tok.type != token.COMMENT]
    if len(code) != len(found):
        return (0, 0, "", "", _COMMENT if not code else _MIXED, indent)
    if any(tok.string == ";" for tok in code):
        return (0, 0, "", "", _MIXED, indent)
    depth = low = 0
    for tok in code:
        if tok.string in _OPENERS:
            depth += 1
        elif tok.string in _CLOSERS:
            depth -= 1
            low = min(low, depth)
    kind = _STRING if len(code) == 1 and code[0].type == token.STRING else _CODE
    return (depth, low, _keyword_text(code[0]), _keyword_text(code[-1]), kind, indent)


def _keyword_text(tok: Token) -> str:
    if tok.type == token.OP or tok.string in _KEYWORDS:
        return tok.string
    return ""


class _Logical:
    """One logical line: the rows it covers, the rows of the comment lines standing
    directly above it, what its first and last tokens are, and its tokens.

    Tokens are read only when a rule needs them: most rows are settled by their
    shape (``shapes`` holds each row's, or is None for a line read by the full
    tokenizer, whose tokens come with it).
    """

    __slots__ = (
        "first",
        "last",
        "comments",
        "head",
        "tail",
        "string_only",
        "shapes",
        "indent",
        "blanks",
        "_rows",
        "_tokens",
        "_by_row",
    )

    def __init__(
        self,
        rows: list[str],
        first: int,
        last: int,
        comments: list[int],
        head: str,
        tail: str,
        string_only: bool,
        shapes: list[str | None] | None,
        indent: int,
        blanks: int,
        found: list[Token] | None = None,
    ) -> None:
        self._rows = rows
        self.first = first
        self.last = last
        self.comments = comments
        self.head = head
        """The first token's text when it is a keyword or an operator, else ""."""
        self.tail = tail
        """The last token's text when it is a keyword or an operator, else ""."""
        self.string_only = string_only
        self.shapes = shapes
        self.indent = indent
        self.blanks = blanks
        """Blank rows right above (above the comments, if any); -1 where one of
        them holds spaces (black removes them: left to black)."""
        self._tokens = found
        self._by_row: dict[int, list[Token]] | None = None

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None and self.string_only:
            # The row is one string and nothing else (its shape says so).
            text = self._rows[self.first]
            start = len(text) - len(text.lstrip(" "))
            value = text.strip(" ")
            end = start + len(value)
            self._tokens = [Token(token.STRING, value, (1, start), (1, end))]
        if self._tokens is None:
            found: list[Token] = []
            for row in range(self.first, self.last + 1):
                found.extend(self._read_row(row))
            self._tokens = found
        return self._tokens

    def row(self, index: int) -> list[Token]:
        """The tokens of one row (which must hold some, and no token of another row)."""
        if self._by_row is None:
            self._by_row = {}
            if self.shapes is None:
                for tok in self.tokens:
                    if tok.start[0] != tok.end[0]:
                        raise Unsupported  # a string over several rows
                    self._by_row.setdefault(tok.start[0] - 1, []).append(tok)
        found = self._by_row.get(index)
        if found is None:
            if self.shapes is not None and self.first <= index <= self.last:
                found = self._by_row[index] = self._read_row(index)
            if not found:
                raise Unsupported
        return found

    def summary(self, index: int) -> tuple[str, int]:
        """One row's first token (as in :attr:`head`) and how it changes the depth
        of brackets, without reading its tokens where its shape says as much."""
        if self.shapes is None:
            found = self.row(index)
            change = sum(
                (tok.string in _OPENERS) - (tok.string in _CLOSERS) for tok in found
            )
            return _keyword_text(found[0]), change
        key = self.shapes[index - self.first]
        if key is None:
            raise Unsupported  # a blank row inside brackets
        change, _, first, _, _, _ = _INFO[key]
        return first, change

    def _read_row(self, index: int) -> list[Token]:
        found = row_tokens(self._rows[index])
        if found is None:
            raise Unsupported
        return found


_COMMENT_TEXT = re.compile(r"#( [^\s].*)?\Z")


_DIRECTIVE = re.compile(r"#\s*(fmt|yapf|type|noqa)\b")


def _check_comments(lines: list[str], logical: _Logical, indent: int) -> None:
    """Comment lines black keeps as they are: ``# text`` directly above a statement
    at its indentation, none of them a directive (``# fmt: off``, ``# type:``)."""
    rows = logical.comments
    if rows != list(range(rows[0], logical.first)):
        raise Unsupported
    for row in rows:
        line = lines[row]
        comment = line[indent:]
        if _indent(line) != indent or not _COMMENT_TEXT.match(comment):
            raise Unsupported
        if _DIRECTIVE.match(comment) or comment != comment.rstrip():
            raise Unsupported


@functools.lru_cache(maxsize=4)
def _logical_lines(text: str) -> list[_Logical]:
    """The logical lines of *text*; remembered for the few latest texts, because a
    class the fast path refuses is cut into groups (:func:`class_members`) from
    the same text.  Callers must not change what it returns."""
    return _read_logical_lines(text)


def _read_logical_lines(text: str) -> list[_Logical]:
    """Row by row, each row's shape looked up; a line holding a string over
    several rows is read by the full tokenizer."""
    rows = text.split("\n")
    rows.pop()
    logicals: list[_Logical] = []
    comments: list[int] = []
    indents: list[int] = []
    opens_block = False
    start = -1  # the first row of the logical line being read, or -1
    depth = 0
    head = ""
    shapes: list[str | None] = []
    blanks = 0  # blank rows since the last statement or comment (-1: one has spaces)
    above = 0  # the blank rows above the comments standing above the next statement
    skip_to = 0  # rows up to here belong to a line the full tokenizer read
    starts: list[int] | None = None  # where each row starts in text, when needed
    for index, row in enumerate(rows):
        if index < skip_to:
            continue
        if not row:
            if start >= 0:
                shapes.append(None)
            elif blanks >= 0:
                blanks += 1
            continue
        known = _ROWS.get(row)
        if known is None:
            key = _string_row_key(row) or shape(row)
            info = _INFO.get(key)
            if info is None:
                info = _INFO[key] = _row_info(row)
            known = _ROWS[row] = (key, info)
        key, (delta, low, first, last, kind, indent) = known
        if kind == _CODE or kind == _STRING:
            if start < 0:
                if not opens_block and indents and indent == indents[-1]:
                    pass  # the commonest case of _check_indent
                else:
                    _check_indent(indents, indent, opens_block)
                start = index
                head = first
                shapes = []
                if not comments:
                    above = blanks
            shapes.append(key)
            if depth + low < 0:
                raise TokenizeError(f"unmatched bracket at row {index + 1}")
            depth += delta
            if depth == 0:
                logicals.append(
                    _Logical(
                        rows,
                        start,
                        index,
                        comments,
                        head,
                        last,
                        kind == _STRING and start == index,
                        shapes,
                        indents[-1],
                        above,
                    )
                )
                opens_block = last == ":"
                comments = []
                start = -1
                blanks = 0
        elif kind == _BLANK:
            if start >= 0:
                shapes.append(None)
            else:
                blanks = -1
        elif kind == _COMMENT:
            if start >= 0:
                raise Unsupported  # a comment inside brackets
            if not comments:
                above = blanks
            comments.append(index)
            blanks = 0
        elif kind == _MIXED:
            raise Unsupported  # a comment after code, or a semicolon
        else:  # _OPENS
            if start >= 0:
                return _read_by_tokens(text)  # a string over rows inside brackets
            if not comments:
                above = blanks
            if starts is None:
                starts = [0, *itertools.accumulate(len(row) + 1 for row in rows)]
            logical = _read_string_line(
                text, rows, index, starts[index], comments, above
            )
            _check_indent(indents, logical.indent, opens_block)
            logicals.append(logical)
            opens_block = logical.tail == ":"
            comments = []
            blanks = 0
            skip_to = logical.last + 1
    if start >= 0 or comments:
        raise Unsupported
    return logicals


def _read_string_line(
    text: str,
    rows: list[str],
    index: int,
    offset: int,
    comments: list[int],
    blanks: int,
) -> _Logical:
    """The logical line starting at row *index* (at *offset* in *text*), read by
    the full tokenizer, unless it is a lone triple-quoted string (a docstring)."""
    lone = _lone_string(text, rows, index, offset, comments, blanks)
    if lone is not None:
        return lone
    found: list[Token] = []
    for tok in tokens(text, offset, index + 1):
        kind = tok.type
        if kind == token.NEWLINE:
            return _eager(rows, found, tok.start[0] - 1, comments, blanks)
        if kind == token.COMMENT or tok.string == ";":
            raise Unsupported
        if kind != token.NL:
            found.append(tok)
    raise Unsupported


def _lone_string(
    text: str,
    rows: list[str],
    index: int,
    offset: int,
    comments: list[int],
    blanks: int,
) -> _Logical | None:
    """A row that opens a ``\"\"\"`` string closed at the end of a later row, as one
    STRING token; None for anything else.  Docstrings are most of a big package's
    text, and finding their end with ``str.find`` costs far less than matching
    them character by character."""
    row = rows[index]
    column = len(row) - len(row.lstrip(" "))
    start = offset + column
    if not text.startswith('"""', start):
        return None
    end = _triple_end(text, start + 3)
    if end < 0 or text[end] != "\n":
        return None
    last = index + text.count("\n", start, end)
    value = text[start:end]
    end_column = end - (text.rfind("\n", 0, end) + 1)
    found = [Token(token.STRING, value, (index + 1, column), (last + 1, end_column))]
    return _eager(rows, found, last, comments, blanks)


def _triple_end(text: str, position: int) -> int:
    """Where the ``\"\"\"`` string whose body starts at *position* ends (just past
    its closing quotes), or -1: the first three quotes not escaped by an odd run of
    backslashes, as Python reads them."""
    while True:
        found = text.find('"""', position)
        if found < 0:
            return -1
        before = found
        while text[before - 1] == "\\":
            before -= 1
        if (found - before) % 2 == 0:
            return found + 3
        position = found + 1


def _eager(
    rows: list[str], found: list[Token], last: int, comments: list[int], blanks: int
) -> _Logical:
    return _Logical(
        rows,
        found[0].start[0] - 1,
        last,
        comments,
        _keyword_text(found[0]),
        _keyword_text(found[-1]),
        len(found) == 1 and found[0].type == token.STRING,
        None,
        found[0].start[1],
        blanks,
        found,
    )


def _read_by_tokens(text: str) -> list[_Logical]:
    """The whole text through the full tokenizer (strings over rows inside brackets)."""
    rows = text.split("\n")
    rows.pop()
    logicals: list[_Logical] = []
    current: list[Token] = []
    comments: list[int] = []
    indents: list[int] = []
    opens_block = False
    for tok in tokens(text):
        kind = tok.type
        if kind == token.COMMENT:
            if current:
                raise Unsupported  # a comment after code or inside brackets
            comments.append(tok.start[0] - 1)
            continue
        if kind == token.NL:
            continue
        if kind == token.NEWLINE:
            above = _blank_rows(
                rows, comments[0] if comments else current[0].start[0] - 1
            )
            logicals.append(_eager(rows, current, tok.start[0] - 1, comments, above))
            opens_block = current[-1].string == ":"
            current = []
            comments = []
            continue
        if kind == token.OP and tok.string == ";":
            raise Unsupported
        if not current:
            _check_indent(indents, tok.start[1], opens_block)
        current.append(tok)
    if current or comments:
        raise Unsupported
    return logicals


def _check_indent(indents: list[int], column: int, after_colon: bool) -> None:
    """Indentation Python accepts: deeper only after ``:``, back only to a level seen."""
    if not indents:
        indents.append(column)
        return
    if after_colon:
        if column <= indents[-1]:
            raise Unsupported
        indents.append(column)
        return
    while column < indents[-1]:
        indents.pop()
    if column != indents[-1]:
        raise Unsupported


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank_rows(lines: list[str], first: int) -> int:
    """The blank rows right above row *first*, or -1 where one holds spaces."""
    count = 0
    row = first - 1
    while row >= 0 and not lines[row].strip():
        if lines[row]:
            return -1  # a whitespace-only line: black removes its spaces
        count += 1
        row -= 1
    return count
