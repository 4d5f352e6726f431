"""The fast path itself: a block's statements, blank lines and docstrings, and
classes cut into groups of members when refused whole."""

from __future__ import annotations

import re
import token

from generator.layout import hugs
from generator.layout.brackets import (
    _exploded,
)
from generator.layout.lines import (
    _check_comments,
    _indent,
    _Logical,
    _logical_lines,
)
from generator.layout.spacing import (
    _MERGED,
    _UNICODE_ESCAPE,
    LINE_LENGTH,
    Unsupported,
    _docstring_escapes_unsafe,
    _magic_comma,
    _render,
    _string,
    _unquoted,
    _width,
)
from generator.layout.splits import (
    _split_annotated,
    _split_class,
    _split_condition,
    _split_def,
    _split_statement,
)
from generator.pytokens import TokenizeError

_IMPORTS = {"import", "from"}
# Block openers that are not a def or a class (after those, black puts no blank
# line before a nested def); the ones the templates use.
_FLOW_OPENERS = frozenset({"if", "else"})
# A backslash that continues a line (an odd run of them before a line break): in
# code or in a string, left to black.  An even run ends a row of a string with an
# escaped backslash.
_CONTINUATION = re.compile(r"(?<!\\)(?:\\\\)*\\\n")
# A backslash before a line break, escaped or not, as black's docstring check
# writes it.
_VERBATIM_DOCSTRING = re.compile(r"\\\s*\n")


def fast_format(block: str, module_start: bool = False) -> str | None:
    """Black's text for *block*, or None where the block is outside the subset.

    *module_start* says the block begins its file, where a string is the module's
    docstring (black normalises it and puts one blank line after it).
    """
    try:
        return _format(block, module_start)
    except (Unsupported, TokenizeError):
        return None
    except (IndexError, KeyError, ValueError):
        # Only a shortcut: a shape the checks did not foresee is black's to format.
        return None


def _format(block: str, module_start: bool = False) -> str:
    text = block.lstrip("\n").rstrip("\n") + "\n"
    if "\t" in text or "\r" in text or "\f" in text:
        raise Unsupported
    if "\\\n" in text and _CONTINUATION.search(text):
        raise Unsupported
    lines = text.split("\n")[:-1]
    logicals = _logical_lines(text)
    if not logicals:
        raise Unsupported
    out = list(lines)
    opens_block = False
    depth_of_defs: list[int] = []
    previous: _Logical | None = None
    after_class_doc = False
    after_module_doc = False
    for logical in logicals:
        indent = logical.indent
        if indent % 4 or logical.blanks < 0:
            raise Unsupported
        depth = indent // 4
        head = logical.head
        if logical.tail in _NEEDS_OPERAND:
            # Not Python (``X: TypeAlias =``): black's to refuse, loudly.
            raise Unsupported
        is_def = head in {"def", "class", "@", "async"}
        if logical.comments:
            # The comment lines are a line of their own for black's blank lines;
            # the statement under them follows them directly.
            _check_comments(lines, logical, indent)
            if is_def or opens_block or after_class_doc:
                raise Unsupported
        blanks = logical.blanks
        previous_is_decorator = previous is not None and previous.head == "@"
        ended_def = False
        while depth_of_defs and depth_of_defs[-1] >= depth:
            depth_of_defs.pop()
            ended_def = True
        if previous is None:
            if blanks:
                raise Unsupported
            if logical.string_only and not module_start:
                raise Unsupported
            if logical.string_only:
                after_module_doc = True
                out[logical.first] = _docstring(lines, logical, indent)
                for row in range(logical.first + 1, logical.last + 1):
                    out[row] = _MERGED
                opens_block = False
                previous = logical
                continue
        elif after_module_doc:
            # Black puts exactly one blank line after a module docstring.
            if blanks != 1 or is_def:
                raise Unsupported
        elif after_class_doc:
            if blanks != 1:
                raise Unsupported
        elif opens_block and is_def and previous.head in _FLOW_OPENERS:
            # Black puts exactly one blank line between ``if X:`` (or ``else:``)
            # and a def or class directly under it.
            if blanks != 1:
                raise Unsupported
        elif opens_block or previous_is_decorator:
            if blanks:
                raise Unsupported
        elif depth == 0:
            # Between top-level statements black keeps up to two blank lines,
            # but puts exactly two around a top-level def or class.
            if is_def or ended_def:
                if blanks != 2:
                    raise Unsupported
            elif blanks > 2:
                raise Unsupported
        elif is_def:
            # Black puts one blank line before a nested def (two become one).
            if blanks not in (1, 2):
                raise Unsupported
            if blanks == 2:
                out[logical.first - 1] = _MERGED
        elif ended_def:
            if blanks != 1:
                raise Unsupported
        elif blanks > 1:
            raise Unsupported
        if (
            previous is not None
            and not is_def
            and previous.head in _IMPORTS
            and (logical.comments or head not in _IMPORTS)
            and previous.indent == indent
            and blanks != 1
            and (indent == 0 or not blanks)
        ):
            # Black puts one blank line after imports (exactly one at the top level).
            raise Unsupported
        after_module_doc = False
        if head in {"def", "class", "async"}:
            depth_of_defs.append(depth)
        docstring = (previous is None or opens_block) and logical.string_only
        if docstring:
            # One entry holds the whole docstring: the rows stay aligned with lines.
            out[logical.first] = _docstring(lines, logical, indent)
            for row in range(logical.first + 1, logical.last + 1):
                out[row] = _MERGED
        elif logical.string_only:
            _string_statement(lines, out, logical)
        else:
            _code(lines, out, logical, indent)
        after_class_doc = (
            docstring and previous is not None and previous.head == "class"
        )
        opens_block = logical.tail == ":"
        previous = logical
    if opens_block:
        raise Unsupported
    return "\n".join(line for line in out if line is not _MERGED) + "\n"


# Tokens that cannot end a statement (``*`` can: ``import *``): the fast path
# checks layout, not syntax, and a generator bug that leaves an operand out must
# not pass as black's text.
_NEEDS_OPERAND = frozenset(
    "= += -= *= /= |= &= + - / // % ** | & ^ ~ @ . -> == != < > <= >= << >>".split()
    + ["and", "or", "not", "in", "is", "if", "else", "lambda", "await", ":="]
)


def _docstring(lines: list[str], logical: _Logical, indent: int) -> str:
    """The docstring as black writes it; only shapes that black keeps as they are,
    apart from the space black puts between a quote and the delimiters."""
    tok = logical.tokens[0]
    value = tok.string
    if not value.startswith('"""') or not value.endswith('"""') or len(value) < 7:
        raise Unsupported
    if tok.start[1] != indent:
        raise Unsupported
    if lines[logical.last][tok.end[1] :] or lines[logical.first][:indent].strip():
        raise Unsupported
    escapes = "\\" in value  # most docstrings hold no backslash at all
    if escapes and _VERBATIM_DOCSTRING.search(value):
        # Black leaves such a docstring as it is: its indentation is part of the
        # string's value (``visit_STRING``).  Hex escapes it still lowercases.
        if _UNICODE_ESCAPE.search(value):
            raise Unsupported
        return "\n".join(lines[logical.first : logical.last + 1])
    body = value[3:-3]
    escaped_end = body.endswith('\\"') and not body.endswith('\\\\"')
    if escapes and _docstring_escapes_unsafe(value):
        raise Unsupported
    prefix = " " * indent
    # Closing quotes on a line of their own stay there when the text spans lines.
    closing_alone = body.endswith("\n" + prefix) and "\n" in body[: -len(prefix) - 1]
    if closing_alone:
        body = body[: -len(prefix) - 1]
    if body != body.strip() or escaped_end and closing_alone:
        raise Unsupported
    # Black pads a quote next to the delimiters with a space.
    start_pad = " " if body[0] == '"' else ""
    end_pad = " " if body[-1] == '"' else ""
    padded = '"""' + start_pad + body + end_pad
    if "\n" not in body:
        return " " * indent + padded + '"""'
    first, *rest = body.split("\n")
    if first != first.rstrip():
        raise Unsupported
    minimum = None
    for line in rest:
        if not line:
            continue
        if line != line.rstrip() or not line.startswith(prefix):
            raise Unsupported
        line_indent = _indent(line)
        minimum = line_indent if minimum is None else min(minimum, line_indent)
    if minimum is None:
        raise Unsupported
    if minimum > indent:
        # Black (fix_multiline_docstring) takes the lines' common indentation
        # off and puts the docstring's own in its place.
        rest = [prefix + line[minimum:] if line else "" for line in rest]
        body = "\n".join([first, *rest])
        padded = '"""' + start_pad + body + end_pad
    if closing_alone:
        return " " * indent + padded + "\n" + prefix + '"""'
    if len(rest[-1]) + len(end_pad) + 3 > LINE_LENGTH:
        # Black moves the closing quotes to a line of their own (and needs no pad).
        return " " * indent + '"""' + start_pad + body + "\n" + prefix + '"""'
    return " " * indent + padded + '"""'


def _string_statement(lines: list[str], out: list[str], logical: _Logical) -> None:
    tok = logical.tokens[0]
    if (
        tok.start[1] != _indent(lines[logical.first])
        or lines[logical.last][tok.end[1] :]
    ):
        raise Unsupported
    value = tok.string
    if value.startswith('"""') and value.endswith('"""') and len(value) >= 6:
        if "\\" in value and _UNICODE_ESCAPE.search(value):
            raise Unsupported
        return
    if "\n" in value:
        raise Unsupported
    out[logical.first] = lines[logical.first][: tok.start[1]] + _string(value)


def class_members(block: str) -> tuple[str, list[str]] | None:
    """A class block cut at the blank lines of its body, or None where that is unsafe.

    The head is the class line (with its decorators) and the first group of
    statements of its body (its docstring, or its first fields); each further group
    starts after a blank line at the body's indentation: a method, or fields.  Black
    formats each group the same whatever the others hold, and puts exactly one blank
    line between them.  So a big class (a client's operation group, a model with one
    unusual line) can be formatted group by group, the fast path taking the groups
    it knows and black only the others, instead of black taking the whole class.
    """
    text = block.strip("\n") + "\n"
    lines = text.split("\n")[:-1]
    try:
        logicals = _logical_lines(text)
    except (Unsupported, TokenizeError):
        return None
    at = 0
    while at < len(logicals) and logicals[at].head == "@":
        at += 1
    if at >= len(logicals) or logicals[at].head != "class":
        return None
    if _indent(lines[logicals[at].first]) or logicals[at].tail != ":":
        return None
    starts: list[int] = []
    after_decorator = False
    body = False  # the first statement of the body stays with the class line
    for logical in logicals[at + 1 :]:
        indent = _indent(lines[logical.first])
        if indent > 4:
            continue
        if indent < 4 or logical.comments:
            return None
        if body and not after_decorator and not lines[logical.first - 1].strip():
            if logical.string_only:
                return None  # it would be the docstring of a group on its own
            starts.append(logical.first)
        after_decorator = logical.head == "@"
        body = True
    if not starts:
        return None
    groups = []
    for start, end in zip([0, *starts], [*starts, len(lines)]):
        rows = lines[start:end]
        while rows and not rows[-1].strip():
            rows.pop()
        group = "\n".join(rows) + "\n"
        if group.rstrip().endswith("..."):
            return None  # stubs may sit without blank lines between them
        groups.append(group)
    return groups[0], groups[1:]


# Keywords after which "(" starts an expression black may unwrap: refuse them all.
_SOFT_STATEMENTS = {"match", "case", "type"}


# Shapes (see :func:`generator.layout.lines.shape`) of rows that are a statement
# of their own which black keeps as it is whenever it fits in the line.
_KEPT_STATEMENTS: set[str] = set()
# Black's text for statement rows too long for the line, by the row's exact text:
# splitting one costs a hundred times more than a lookup, and some repeat in every
# model (the comprehension that starts ``to_dict``).
_SPLIT_STATEMENTS: dict[str, str] = {}
# Shapes of statement rows :func:`_split_statement` split at one bracket, with
# where (see :mod:`.hugs`): other long rows of the shape are cut there directly.
_HUGGED_STATEMENTS: dict[str, hugs.Plan] = {}
# Shapes of annotated rows whose annotation black wraps in parentheses of its own
# (see :func:`.hugs.wrap_plan`), with where their value starts.
_WRAPPED_STATEMENTS: dict[str, hugs.WrapPlan] = {}
# Shapes of statement rows split at one bracket with the contents one element a
# line (see :func:`.hugs.explode_plan`).
_EXPLODED_STATEMENTS: dict[str, hugs.ExplodePlan] = {}


def _learn(key: str, line: str, split: str, indent: int, annotated: bool) -> None:
    """Keep the plan of the rules' *split* of the long statement row *line*, if it
    has one, for the other rows of its shape (see :mod:`.hugs`)."""
    hugged = hugs.plan(line, split, indent)
    if hugged is not None:
        _HUGGED_STATEMENTS[key] = hugged
        return
    exploded = hugs.explode_plan(line, split, indent)
    if exploded is not None:
        _EXPLODED_STATEMENTS[key] = exploded
        return
    if annotated:
        wrapped = hugs.wrap_plan(line, split, indent)
        if wrapped is not None:
            _WRAPPED_STATEMENTS[key] = wrapped[0]


def _code(lines: list[str], out: list[str], logical: _Logical, indent: int) -> None:
    single = logical.first == logical.last
    key = logical.shapes[0] if single and logical.shapes is not None else None
    if key is not None:
        line = lines[logical.first]
        if key in _KEPT_STATEMENTS and len(line) <= LINE_LENGTH and line.isascii():
            return
        split = _SPLIT_STATEMENTS.get(line)
        if split is None and len(line) > LINE_LENGTH:
            # A shape may have plans of each kind: each applies only to the rows
            # whose widths lead the rules to its layout.
            if key in _HUGGED_STATEMENTS:
                split = hugs.apply(line, _HUGGED_STATEMENTS[key], indent)
            if split is None and key in _EXPLODED_STATEMENTS:
                split = hugs.apply_explode(line, _EXPLODED_STATEMENTS[key], indent)
            if split is None and key in _WRAPPED_STATEMENTS:
                split = hugs.apply_wrap(line, _WRAPPED_STATEMENTS[key], indent)
            if split is not None:
                _SPLIT_STATEMENTS[line] = split
        if split is not None:
            out[logical.first] = split
            return
    if logical.head in _SOFT_STATEMENTS:  # the head keeps keywords' text
        opening = logical.row(logical.first)
        if len(opening) > 1 and opening[1].type == token.NAME:
            raise Unsupported
    if single:
        tokens = logical.tokens
        first = tokens[0]
        line = lines[logical.first]
        rendered = " " * indent + _render(tokens)
        if _magic_comma(tokens) or _unquoted(line) != _unquoted(rendered):
            raise Unsupported
        if _width(rendered) > LINE_LENGTH:
            if tokens[0].string == "def":
                rendered = _split_def(tokens, indent)
            elif tokens[0].string == "class":
                rendered = _split_class(tokens, indent, rendered)
            elif first.string in {"if", "elif", "while"}:
                rendered = _split_condition(tokens, indent)
            else:
                annotated = len(tokens) > 2 and tokens[1].string == ":"
                if annotated:
                    rendered = _split_annotated(tokens, indent)
                else:
                    rendered = _split_statement(tokens, indent)
                if key is not None:
                    _learn(key, line, rendered, indent, annotated)
            if key is not None:
                _SPLIT_STATEMENTS[line] = rendered
        elif rendered == line and key is not None:
            _KEPT_STATEMENTS.add(key)
        out[logical.first] = rendered
        return
    _exploded(lines, out, logical, indent)
