"""A small tokenizer for the Python our templates emit, for the formatting fast path.

The standard library's :mod:`tokenize` is a general tool and costs more than half
of the fast path's time on a big spec.  The fast path only needs names, numbers,
strings, operators, comments and line ends, and refuses any block with something
else, so one regular expression is enough: whatever it does not recognise raises
:class:`TokenizeError`, and the block goes to black as before.  Token kinds are
the :mod:`token` module's numbers, so code reading them reads like tokenize code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from token import COMMENT, NAME, NEWLINE, NL, NUMBER, OP, STRING
from typing import NamedTuple


class TokenizeError(ValueError):
    """Text outside the tokenizer's subset (or not Python at all)."""


class Token(NamedTuple):
    type: int
    string: str
    start: tuple[int, int]
    """Row (from 1, as in :mod:`tokenize`) and column (from 0)."""
    end: tuple[int, int]


_PREFIX = r"(?:[rRbBuUfF]{1,2})?"
_TRIPLE = r"(?:\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')"
_SINGLE = r"(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
_STRING = rf"{_PREFIX}(?:{_TRIPLE}|{_SINGLE})"
_OPERATOR = (
    r"\*\*=|//=|>>=|<<=|\.\.\.|->|:=|\*\*|//|<<|>>|<=|>=|==|!="
    r"|[-+*/%&|^@]=|[-+*/%&|^~<>()\[\]{},:;.=@!]"
)
# Most frequent first.  A name directly before a quote is a string's prefix (the
# possessive ``*+`` keeps ``rb'x'`` from matching as the name ``r``).
_PATTERN = re.compile(
    rf"( *)(?:(?P<name>[^\W\d]\w*+)(?![\"'])|(?P<op>{_OPERATOR})|(?P<newline>\n)"
    rf"|(?P<string>{_STRING})|(?P<number>\.?\d[\w.]*)|(?P<comment>#[^\n]*))",
    re.DOTALL,
)
_KINDS = {"comment": COMMENT, "string": STRING, "number": NUMBER}
_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")
_new_token = tuple.__new__  # a Token without NamedTuple's Python-level __new__


def tokens(text: str, offset: int = 0, row: int = 1) -> Iterator[Token]:
    """The tokens of *text* (which ends with a newline) from *offset* (a line's
    first character, numbered *row*), NEWLINE ending each logical line and NL every
    other line end; no INDENT or DEDENT (columns say as much)."""
    line_start = offset
    depth = 0
    in_line = False
    position = offset
    for found in _PATTERN.finditer(text, offset):
        kind = found.lastgroup
        begin = found.end(1)
        if found.start() != position or kind is None:
            raise TokenizeError(f"unexpected {text[position:begin + 1]!r} at row {row}")
        position = found.end()
        value = text[begin:position]
        if kind == "name":
            start = (row, begin - line_start)
            yield _new_token(Token, (NAME, value, start, (row, position - line_start)))
            in_line = True
        elif kind == "op":
            if value in _OPENERS:
                depth += 1
            elif value in _CLOSERS:
                depth -= 1
                if depth < 0:
                    raise TokenizeError(f"unmatched {value!r} at row {row}")
            start = (row, begin - line_start)
            yield _new_token(Token, (OP, value, start, (row, position - line_start)))
            in_line = True
        elif kind == "newline":
            start = (row, begin - line_start)
            kind_id = NEWLINE if in_line and not depth else NL
            yield _new_token(Token, (kind_id, value, start, start))
            if not depth:
                in_line = False
            row += 1
            line_start = position
        else:
            token_kind = _KINDS[kind]
            start = (row, begin - line_start)
            if token_kind == STRING and "\n" in value:
                row += value.count("\n")
                line_start = position - (len(value) - value.rindex("\n") - 1)
            end = (row, position - line_start)
            yield _new_token(Token, (token_kind, value, start, end))
            if token_kind != COMMENT:
                in_line = True
    if position != len(text):
        raise TokenizeError(f"unexpected {text[position:position + 1]!r} at row {row}")
    if depth:
        raise TokenizeError("unclosed bracket")


# One physical line alone: a triple-quoted string that does not end on the line is
# told apart (``opens``) from a line that holds whole strings only.
_ROW_PATTERN = re.compile(
    rf"( *)(?:(?P<name>[^\W\d]\w*+)(?![\"'])|(?P<op>{_OPERATOR})"
    rf"|(?P<string>{_PREFIX}{_TRIPLE})|(?P<opens>{_PREFIX}(?:\"\"\"|'''))"
    rf"|(?P<string1>{_PREFIX}{_SINGLE})|(?P<number>\.?\d[\w.]*)|(?P<comment>#.*))"
)
_ROW_KINDS = {
    "name": NAME,
    "op": OP,
    "string": STRING,
    "string1": STRING,
    "number": NUMBER,
    "comment": COMMENT,
}


def row_tokens(row: str) -> list[Token] | None:
    """The tokens of one physical line (no newline), or None where a triple-quoted
    string starts on it and goes on to later lines.

    Brackets need not balance: the line may be one row of a split bracket.  Every
    token is on row 1; columns count from the line's start.
    """
    found_tokens: list[Token] = []
    position = 0
    for found in _ROW_PATTERN.finditer(row):
        kind = found.lastgroup
        begin = found.end(1)
        if found.start() != position or kind is None:
            raise TokenizeError(f"unexpected {row[position:begin + 1]!r}")
        if kind == "opens":
            return None
        position = found.end()
        found_tokens.append(
            _new_token(
                Token,
                (_ROW_KINDS[kind], row[begin:position], (1, begin), (1, position)),
            )
        )
    if position != len(row.rstrip(" ")):
        raise TokenizeError(f"unexpected {row[position:position + 1]!r}")
    return found_tokens
