"""Black's text for one line of tokens, and the token questions the rules ask.

Every function here answers for the tokens it is given or raises
:class:`Unsupported`: the block is then black's to format.
"""

from __future__ import annotations

import keyword
import re
import token
from collections.abc import Container

from generator.pytokens import Token

LINE_LENGTH = 88


_OPENERS = {"(": ")", "[": "]", "{": "}"}


_CLOSERS = {")", "]", "}"}


_BINARY = {"|", "==", "!=", "<", ">", "<=", ">=", "+", "-", "->", "%", "+="}


_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?\Z")


# An escape whose hex digits black would lowercase (``\xA0``, ``\u00E9``; only the
# escape's own digits count: ``\xa0C`` is ``\xa0`` then "C"), or a named one.
_UNICODE_ESCAPE = re.compile(
    r"\\(?:N\{|x[0-9a-f]?[A-F]|u[0-9a-f]{0,3}[A-F]|U[0-9a-f]{0,7}[A-F])"
)


_MERGED = "\x00merged"
"""Marks a row whose text another entry of the output already holds."""


class Unsupported(Exception):
    """The block holds something outside the subset: let black format it."""


def _width(line: str) -> int:
    """The width black measures, for ASCII lines only.

    Black counts wide characters twice and combining ones not at all; the choice
    between keeping and splitting a line must be exactly black's, so a code line
    with other characters is left to black.
    """
    if not line.isascii():
        raise Unsupported
    return len(line)


def _string(value: str) -> str:
    """A one-line string literal with black's quotes (only unprefixed plain strings)."""
    if value[0] not in "'\"" or value[:3] in ('"""', "'''") or len(value) < 2:
        raise Unsupported
    body = value[1:-1]
    if "\\" in body and (
        "\\'" in body or '\\"' in body or _UNICODE_ESCAPE.search(body)
    ):
        raise Unsupported
    if value[0] == '"' or '"' in body:
        return value
    return '"' + body + '"'


def _unquoted(line: str) -> str:
    """A line as black sees it: its spacing and quotes do not count."""
    return "".join(line.replace("'", '"').split())


def _magic_comma(tokens: list[Token]) -> bool:
    """Whether a comma before a closing bracket makes black split the line.

    A one-tuple's comma (``("a",)``) is the only such comma black ignores that
    this accepts; any other is taken as magic (and the block refused).
    """
    for index in range(len(tokens) - 1):
        if tokens[index].string == "," and tokens[index + 1].string in _CLOSERS:
            if not _one_tuple(tokens, index + 1):
                return True
    return False


def _one_tuple(tokens: list[Token], closer: int) -> bool:
    if tokens[closer].string != ")":
        return False
    opener = _matching_opener(tokens, closer)
    if opener > 0:
        before = tokens[opener - 1]
        if before.string in _CLOSERS or (
            before.type == token.NAME and not keyword.iskeyword(before.string)
        ):
            return False  # a call's parentheses
    return len(_top_level_commas(tokens[opener + 1 : closer])) == 1


def _unsplittable(tokens: list[Token], bracket: str) -> bool:
    """A dotted name, a literal, or (in a dict) ``key: value`` of those.

    Such an element has no bracket and no delimiter (a dot after a name is not
    one), so black leaves it as long as it is.
    """
    for tok in tokens:
        if tok.type in (token.STRING, token.NUMBER):
            continue
        if tok.type == token.NAME:
            if keyword.iskeyword(tok.string) and tok.string not in _CONSTANTS:
                return False
            continue
        if tok.string == "." or (tok.string == ":" and bracket == "{"):
            continue
        return False
    strings = [i for i, tok in enumerate(tokens) if tok.type == token.STRING]
    # Adjacent strings are an implicit concatenation: black splits between them.
    return not any(b == a + 1 for a, b in zip(strings, strings[1:]))


_CONSTANTS = {"None", "True", "False"}


def _plus_chain(tokens: list[Token]) -> bool:
    """Whether ``+`` is the only operator outside brackets (then black splits there)."""
    level = 0
    pluses = 0
    previous: Token | None = None
    for tok in tokens:
        s = tok.string
        if s in _OPENERS:
            level += 1
        elif s in _CLOSERS:
            level -= 1
        elif level == 0:
            if s == "+":
                if (
                    previous is None
                    or previous.type == token.OP
                    and (previous.string not in _CLOSERS)
                ):
                    return False  # unary
                pluses += 1
            elif tok.type == token.OP and s != ".":
                return False
            elif tok.type == token.NAME and keyword.iskeyword(s):
                return False
            elif (
                tok.type == token.STRING
                and previous is not None
                and previous.type == token.STRING
            ):
                return False
        previous = tok
    return pluses > 0


def _depth_zero_keywords(tokens: list[Token]) -> bool:
    """Whether the head holds an operator or keyword black might split at instead."""
    level = 0
    for tok in tokens:
        if tok.string in _OPENERS:
            level += 1
        elif tok.string in _CLOSERS:
            level -= 1
        elif level == 0 and (
            tok.string in _BINARY
            or tok.string in {"and", "or", "not", "if", "else", "in", "is", "lambda"}
        ):
            return True
    return False


def _render(tokens: list[Token], in_brackets: str = "", in_params: bool = False) -> str:
    """The tokens of one physical line with black's spacing, or Unsupported.

    *in_brackets* names the bracket the line sits in when it is one element of a
    split bracket ("(" for arguments or parameters).
    """
    parts: list[str] = []
    stack: list[str] = [in_brackets] if in_brackets else []
    # Per open "(": whether it holds parameters of a def, and whether the current
    # parameter has an annotation (then its "=" takes spaces).
    params: list[bool] = [False] if in_brackets else []
    annotated: list[bool] = [False] if in_brackets else []
    is_def = tokens[0].string in {"def", "async"}
    if in_params:
        params[-1] = True
    prev: Token | None = None
    prev_kind = ""  # "open", "dot", "kwarg", "decorator", "unary", "" (plain)
    for i, tok in enumerate(tokens):
        s = tok.string
        kind = tok.type
        space = prev is not None and prev_kind not in {
            "open",
            "dot",
            "kwarg",
            "decorator",
        }
        this_kind = ""
        if kind == token.NAME:
            if s in {"lambda", "yield"}:
                raise Unsupported
        elif kind == token.NUMBER:
            if not _NUMBER.match(s):
                raise Unsupported
        elif kind == token.STRING:
            s = _string(s)
        elif kind == token.OP:
            if s in _OPENERS:
                if prev is not None and (
                    prev.type == token.NAME
                    and not keyword.iskeyword(prev.string)
                    or prev.string in _CLOSERS
                    or prev.type == token.STRING
                ):
                    space = False
                elif s == "(" and not (
                    prev is not None
                    and (prev.string == "," or prev_kind in {"open", "kwarg"})
                    # An element of a split bracket: black keeps its parentheses.
                    or prev is None
                    and in_brackets
                    or _empty_tuple_value(tokens, i)
                ):
                    raise Unsupported  # a parenthesised expression black may unwrap
                stack.append(s)
                is_params = (
                    s == "("
                    and is_def
                    and i >= 2
                    and tokens[i - 2].string == "def"
                    and len(stack) == 1
                )
                params.append(is_params)
                annotated.append(False)
                this_kind = "open"
            elif s in _CLOSERS:
                if not stack or _OPENERS[stack[-1]] != s:
                    raise Unsupported
                stack.pop()
                params.pop()
                annotated.pop()
                space = False
            elif s == ",":
                space = False
                if annotated:
                    annotated[-1] = False
            elif s == ":":
                space = False
                if stack and stack[-1] == "[":
                    raise Unsupported  # a slice
                if params and params[-1]:
                    annotated[-1] = True
            elif s == ".":
                if prev is not None and prev.string in {"from", "import"}:
                    space = True
                    this_kind = "dot"
                    if i + 1 < len(tokens) and tokens[i + 1].string == "import":
                        this_kind = ""
                else:
                    space = False
                    this_kind = "dot"
            elif s == "=":
                if stack and stack[-1] == "(":
                    if params[-1] and annotated[-1]:
                        pass
                    else:
                        space = False
                        this_kind = "kwarg"
                elif stack:
                    raise Unsupported
            elif s == "@":
                if i != 0:
                    raise Unsupported
                this_kind = "decorator"
            elif s == "*":
                nxt = tokens[i + 1].string if i + 1 < len(tokens) else ""
                if nxt not in {",", ")"} or not (params and params[-1]):
                    raise Unsupported
            elif s in _BINARY:
                if (
                    prev is None
                    or prev.type == token.OP
                    and (prev.string not in _CLOSERS)
                ):
                    raise Unsupported  # unary
                if prev.type == token.NAME and keyword.iskeyword(prev.string):
                    if prev.string not in {"None", "True", "False"}:
                        raise Unsupported
            else:
                raise Unsupported
        else:
            raise Unsupported
        if prev is not None and prev_kind == "kwarg":
            space = False
        if space:
            parts.append(" ")
        parts.append(s)
        prev = tok
        prev_kind = this_kind
    if stack and not in_brackets:
        raise Unsupported
    return "".join(parts)


def _docstring_escapes_unsafe(value: str) -> bool:
    """Whether a docstring's backslashes change what black does with it.

    Black leaves a docstring with a backslash before a line break as it is (its
    indentation is part of the string's value), lowercases the hex digits of
    unicode escapes, and pads a text ending with an odd number of backslashes;
    any other backslash (an escaped quote or backslash, ``\\x09``) it keeps.
    """
    body = value[3:-3].rstrip()
    trailing = len(body) - len(body.rstrip("\\"))
    return bool(
        re.search(r"\\\s*\n", value) or _UNICODE_ESCAPE.search(value) or trailing % 2
    )


def _empty_tuple_value(tokens: list[Token], index: int) -> bool:
    """Whether ``(`` at *index* opens ``= ()``, an empty tuple as a value or default:
    black never makes an empty tuple's parentheses invisible
    (``maybe_make_parens_invisible_in_atom`` leaves it alone)."""
    return (
        index > 0
        and tokens[index - 1].string == "="
        and index + 1 < len(tokens)
        and tokens[index + 1].string == ")"
    )


def _top_level(tokens: list[Token], strings: Container[str]) -> list[int]:
    """Where the tokens spelt as one of *strings* stand outside every bracket."""
    level = 0
    found = []
    for index, tok in enumerate(tokens):
        if tok.string in _OPENERS:
            level += 1
        elif tok.string in _CLOSERS:
            level -= 1
        elif level == 0 and tok.string in strings:
            found.append(index)
    return found


def _top_level_commas(tokens: list[Token]) -> list[int]:
    return _top_level(tokens, {","})


def _fits(line: str) -> str:
    if _width(line) > LINE_LENGTH:
        raise Unsupported
    return line


_TERNARY_SAFE = {"is", "not", "==", "!=", "|", ".", "None", "True", "False"}


def _dotted_name(tokens: list[Token]) -> bool:
    """Whether the tokens are a name or an attribute path (``_http.add_query``)."""
    return bool(tokens) and all(
        tok.type == token.NAME
        and not keyword.iskeyword(tok.string)
        or tok.string == "."
        for tok in tokens
    )


def _matching_closer(tokens: list[Token], opener: int) -> int:
    level = 0
    for index in range(opener, len(tokens)):
        s = tokens[index].string
        if s in _OPENERS:
            level += 1
        elif s in _CLOSERS:
            level -= 1
            if level == 0:
                return index
    raise Unsupported


def _matching_opener(tokens: list[Token], closer: int) -> int:
    level = 0
    for index in range(closer, -1, -1):
        s = tokens[index].string
        if s in _CLOSERS:
            level += 1
        elif s in _OPENERS:
            level -= 1
            if level == 0:
                return index
    raise Unsupported


def _level_at(tokens: list[Token], index: int) -> int:
    """The bracket depth of *tokens[index]* (a bracket itself counts outside)."""
    level = 0
    for tok in tokens[:index]:
        if tok.string in _OPENERS:
            level += 1
        elif tok.string in _CLOSERS:
            level -= 1
    return level


def _levels(tokens: list[Token]) -> list[int]:
    """The bracket depth of every token, as :func:`_level_at` gives it, in one pass."""
    levels = []
    level = 0
    for tok in tokens:
        levels.append(level)
        if tok.string in _OPENERS:
            level += 1
        elif tok.string in _CLOSERS:
            level -= 1
    return levels


def _subscript_end(tokens: list[Token]) -> bool:
    opener = _matching_opener(tokens, len(tokens) - 1)
    return opener > 0 and tokens[opener - 1].type == token.NAME


def _annotation_and_value(
    tokens: list[Token],
) -> tuple[list[Token], list[Token]]:
    """``name: annotation [= value]`` split at its one top-level ``=``."""
    equals = _top_level(tokens, {"="})
    if len(equals) > 1:
        raise Unsupported
    end = equals[0] if equals else len(tokens)
    return tokens[2:end], tokens[end + 1 :]


def _require_plain(value: list[Token]) -> None:
    """Only a dotted name or a literal: anything else might be split by black too."""
    for tok in value:
        if tok.string in _OPENERS or (tok.type == token.OP and tok.string != "."):
            raise Unsupported


def _union_bars(annotation: list[Token]) -> list[int]:
    """Where a ``|`` union splits the annotation; refuses operators and keywords black treats apart."""
    levels = _levels(annotation)
    top = [tok for tok, level in zip(annotation, levels) if level == 0]
    for tok in top:
        if tok.type == token.OP and tok.string not in (
            {"|", "."} | _OPENERS.keys() | _CLOSERS
        ):
            raise Unsupported
        if tok.type == token.NAME and keyword.iskeyword(tok.string):
            if tok.string not in {"None", "True", "False"}:
                raise Unsupported
    return [
        i for i, tok in enumerate(annotation) if tok.string == "|" and levels[i] == 0
    ]
