"""A block as logical lines: tokens, the rows they cover, and the comments above.

Also the checks on the lines themselves (indentation, blank lines, comment
shapes) that do not depend on what a statement says.
"""

from __future__ import annotations

import functools
import re
import tokenize
from dataclasses import dataclass

from generator.layout.spacing import (
    Unsupported,
)
from generator.pytokens import Token, tokens


@dataclass(slots=True)
class _Logical:
    """One logical line: its tokens, the physical lines it covers, and the rows of
    the comment lines standing directly above it."""

    tokens: list[Token]
    first: int
    last: int
    comments: list[int]


_COMMENT = re.compile(r"#( [^\s].*)?\Z")


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
        if _indent(line) != indent or not _COMMENT.match(comment):
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
    logicals: list[_Logical] = []
    current: list[Token] = []
    comments: list[int] = []
    indents: list[int] = []
    opens_block = False
    for tok in tokens(text):
        kind = tok.type
        if kind == tokenize.COMMENT:
            if current:
                raise Unsupported  # a comment after code or inside brackets
            comments.append(tok.start[0] - 1)
            continue
        if kind == tokenize.NL:
            continue
        if kind == tokenize.NEWLINE:
            logicals.append(
                _Logical(current, current[0].start[0] - 1, tok.start[0] - 1, comments)
            )
            opens_block = current[-1].string == ":"
            current = []
            comments = []
            continue
        if kind == tokenize.OP and tok.string == ";":
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


def _blank_lines_before(lines: list[str], first: int) -> int:
    count = 0
    row = first - 1
    while row >= 0 and not lines[row].strip():
        if lines[row]:
            raise Unsupported  # whitespace-only line
        count += 1
        row -= 1
    return count


def _is_string_statement(logical: _Logical) -> bool:
    return len(logical.tokens) == 1 and logical.tokens[0].type == tokenize.STRING
