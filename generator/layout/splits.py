"""Black's splits of lines that do not fit, and of brackets split one element a line.

Each rule was read from black's ``linegen.py`` and ``lines.py`` and is checked
against black on the corpus (``tests/test_format.py``); a shape outside them
raises :class:`Unsupported`.
"""

from __future__ import annotations

import keyword
import token

from generator.layout.spacing import (
    _CLOSERS,
    _OPENERS,
    _TERNARY_SAFE,
    LINE_LENGTH,
    Unsupported,
    _annotation_and_value,
    _depth_zero_keywords,
    _dotted_name,
    _fits,
    _levels,
    _matching_closer,
    _matching_opener,
    _render,
    _require_plain,
    _subscript_end,
    _top_level,
    _top_level_commas,
    _union_bars,
    _unsplittable,
    _width,
)
from generator.pytokens import Token


def _split_condition(tokens: list[Token], indent: int) -> str:
    """A too long ``if a and b:``: black wraps the condition in parentheses.

    Only conditions that neither start nor end with a bracket (black would look at
    splitting those brackets first) and whose top level joins comparisons with
    ``and`` alone: split further, one operand a line, each must fit.
    """
    body = tokens[1:-1]
    if tokens[-1].string != ":" or not body:
        raise Unsupported
    pad = " " * indent
    if body[-1].string == ")":
        # ``if [not] name(arguments):`` with no operator outside the call: black
        # splits at the call's bracket instead.
        opener = _matching_opener(body, len(body) - 1)
        callee = body[1:opener] if body[0].string == "not" else body[:opener]
        if not _dotted_name(callee):
            raise Unsupported
        head = _fits(pad + _render([tokens[0], *body[: opener + 1]], "("))
        contents = _split_body(body[opener + 1 : -1], indent + 4, False)
        return "\n".join([head, *contents, pad + "):"])
    if body[0].string in _OPENERS:
        raise Unsupported
    levels = _levels(body)
    top = [tok.string for tok, level in zip(body, levels) if level == 0]
    if "or" in top or "if" in top or "lambda" in top or ":=" in top:
        raise Unsupported
    inner = pad + "    "
    lines = [_fits(pad + tokens[0].string + " (")]
    one_line = inner + _render(body)
    if _width(one_line) <= LINE_LENGTH:
        lines.append(one_line)
    else:
        cuts = [
            i for i, tok in enumerate(body) if tok.string == "and" and levels[i] == 0
        ]
        if not cuts:
            raise Unsupported
        start = 0
        for cut in [*cuts, len(body)]:
            piece = _piece(inner, body[start:cut], "and")
            if _width(piece) > LINE_LENGTH:
                lines.extend(_split_comparison(inner, body[start:cut]))
            else:
                lines.append(piece)
            start = cut
    lines.append(pad + "):")
    return "\n".join(lines)


_COMPARISONS = {"==", "!=", "<", ">", "<=", ">="}


def _split_comparison(prefix: str, tokens: list[Token]) -> list[str]:
    """An operand of a split condition still too long, ``[and] a is not b``:
    black's delimiter split takes its comparison operators (a line before each
    ``is``, ``in``, ``not in`` or comparison sign); each line must then fit.

    Only names, literals, dots and those operators: anything else is black's.
    """
    lead = tokens[0].string == "and"
    cuts = []
    for i, tok in enumerate(tokens[1:] if lead else tokens, start=int(lead)):
        s = tok.string
        if tok.type == token.OP and s != "." and s not in _COMPARISONS:
            raise Unsupported
        if tok.type == token.NAME and keyword.iskeyword(s):
            if s not in {"is", "not", "in", "None", "True", "False"}:
                raise Unsupported
        previous = tokens[i - 1].string if i > int(lead) else ""
        following = tokens[i + 1].string if i + 1 < len(tokens) else ""
        if (
            s in _COMPARISONS
            or s == "is"
            or s == "in"
            and previous != "not"
            or s == "not"
            and following == "in"
        ):
            cuts.append(i)
    if not cuts or cuts[0] == int(lead):
        raise Unsupported
    lines = []
    start = 0
    for cut in [*cuts, len(tokens)]:
        piece = tokens[start:cut]
        if piece[0].string in _COMPARISONS:
            text = piece[0].string + " " + _render(piece[1:])
        else:
            text = _render(piece)
        lines.append(_fits(prefix + text))
        start = cut
    return lines


def _split_at_plus(tokens: list[Token], indent: int) -> str:
    """Black's delimiter split of a ``+`` chain: one operand a line, ``+`` first."""
    prefix = " " * indent
    cuts = _top_level(tokens, {"+"})
    pieces = []
    start = 0
    for cut in [*cuts, len(tokens)]:
        pieces.append(_piece(prefix, tokens[start:cut], "+"))
        start = cut
    return "\n".join(pieces)


def _split_body(body: list[Token], indent: int, is_def: bool) -> list[str]:
    """Black's lines for the inside of a split bracket: a call's arguments, or a
    def's parameters (*is_def*), which get a trailing comma and are never split."""
    if not body:
        raise Unsupported
    prefix = " " * indent
    commas = _top_level_commas(body)
    if is_def and not commas:
        return _parameter_lines(body, indent)
    one_line = prefix + _render(body, "(", is_def)
    if _width(one_line) <= LINE_LENGTH:
        return [one_line]
    if not commas:
        if not is_def and _dotted_name(body):
            return [one_line]  # a long name: black cannot split it either
        if not is_def and body[-1].string == ")":
            # A lone call as the argument: split in turn at its last bracket,
            # without a trailing comma (black adds one only where it splits commas).
            return _split_call_element(body, indent, comma="").split("\n")
        raise Unsupported
    if commas[-1] == len(body) - 1:
        raise Unsupported  # a trailing comma is magic: the caller decides about it
    if not is_def:
        return _explode(body, commas, prefix)
    pieces = []
    start = 0
    for comma in [*commas, len(body)]:
        piece = body[start:comma]
        if not piece:
            raise Unsupported
        pieces.extend(_parameter_lines(piece, indent))
        start = comma + 1
    return pieces


def _parameter_lines(parameter: list[Token], indent: int) -> list[str]:
    """One parameter of a def split at its parentheses, with the comma black adds;
    a line still too long is split as black splits it (:func:`_split_parameter`)."""
    line = " " * indent + _render(parameter, "(", True) + ","
    if _width(line) <= LINE_LENGTH:
        return [line]
    return _split_parameter(parameter, indent, line).split("\n")


def _split_call_element(
    tokens: list[Token], indent: int, comma: str = ",", bracket: str = "("
) -> str:
    """A too long ``name=call(args),`` element: split at its last bracket, as black.

    *tokens* leave out the element's comma, which black keeps after the bracket;
    *bracket* is the one the element sits in (``{`` for ``"key": call(args),``,
    which black's delimiter split cannot split either: ``:`` is no delimiter).
    """
    if not tokens or tokens[-1].string != ")":
        raise Unsupported
    opener = _matching_opener(tokens, len(tokens) - 1)
    if opener < 1 or tokens[opener].string != "(":
        raise Unsupported
    before = tokens[opener - 1]
    if before.type != token.NAME or keyword.iskeyword(before.string):
        raise Unsupported
    if _depth_zero_keywords(tokens[:opener]):
        raise Unsupported
    head = _fits(" " * indent + _render(tokens[:opener], bracket) + "(")
    body = _split_body(tokens[opener + 1 : -1], indent + 4, False)
    return "\n".join([head, *body, " " * indent + ")" + comma])


def _split_dict_subscript(tokens: list[Token], indent: int) -> str:
    """A too long ``"key": Name[...],`` element of a split dict: black's
    right-hand split at the subscript's brackets (a dict value gets no invisible
    parentheses), the inside as :func:`_split_subscript` has it."""
    colons = _top_level(tokens, {":"})
    if len(colons) != 1 or colons[0] != 1 or tokens[0].type != token.STRING:
        raise Unsupported
    head = " " * indent + _render(tokens[:1], "{") + ": "
    return _split_subscript(head, tokens[2:], indent, "],")


def _split_def(tokens: list[Token], indent: int) -> str:
    """A too long ``def name(params) -> T:`` split at its parameters, as black."""
    if tokens[0].string != "def" or len(tokens) < 6 or tokens[2].string != "(":
        raise Unsupported
    closer = _matching_closer(tokens, 2)
    tail = tokens[closer + 1 :]
    if not tail or tail[-1].string != ":":
        raise Unsupported
    if len(tail) > 1 and (tail[0].string != "->" or len(tail) < 3):
        raise Unsupported
    # Black splits a def at its parameters even when the first or last line stays
    # too long: nothing else in them could be split (a bracket could: refused).
    head = " " * indent + _render(tokens[:2]) + "("
    pad = " " * indent
    tail_text = pad + ")" + (" -> " + _render(tail[1:]) if len(tail) > 1 else ":")
    if _width(tail_text) > LINE_LENGTH and len(tail) > 1:
        tail_text = _split_return(tail[1:-1], indent)
    body = _split_body(tokens[3:closer], indent + 4, True)
    return "\n".join([head, *body, tail_text])


def _split_return(annotation: list[Token], indent: int) -> str:
    """``) -> annotation:`` too long, after a def split at its parameters.

    Black wraps a return annotation in invisible parentheses (``visit_funcdef``)
    and the right-hand split takes them.  A union keeps them (black's
    ``can_omit_invisible_parens``: a delimiter and no bracket at either end), its
    operands split one a line if still too long; a plain name tries to omit them,
    fails (no other bracket), and keeps them unless it is one name that does not
    fit even alone (``can_be_split`` is false only for a single leaf): then the
    line stays long.  A union's operands may be subscripts (``list[A] | B``):
    neither end is then a bracket black could omit the parentheses for.  Other
    brackets or strings (a string first changes black's choice of split) are
    black's.
    """
    pad = " " * indent
    inner = pad + "    "
    bars = _union_bars(annotation)
    for tok in annotation:
        if tok.type in (token.STRING, token.NUMBER):
            raise Unsupported
        if tok.string in _OPENERS and not (bars and tok.string == "["):
            raise Unsupported
    if annotation[0].string in _OPENERS:
        raise Unsupported
    one_line = inner + _render(annotation)
    if _width(one_line) <= LINE_LENGTH:
        body = [one_line]
    elif bars:
        body = _operands(inner, annotation, bars)
    elif len(annotation) == 1:
        return pad + ") -> " + _render(annotation) + ":"
    else:
        if not _dotted_name(annotation):
            raise Unsupported
        body = [one_line]
    return "\n".join([pad + ") -> (", *body, pad + "):"])


def _split_call_statement(tokens: list[Token], indent: int) -> str:
    """A too long call on its own, ``name.attr(arguments)``: split at its bracket."""
    if tokens[-1].string != ")":
        raise Unsupported
    opener = _matching_opener(tokens, len(tokens) - 1)
    if not _dotted_name(tokens[:opener]):
        raise Unsupported
    head = _fits(" " * indent + _render(tokens[: opener + 1], "("))
    body = _split_group(tokens[opener + 1 : -1], indent + 4, False)
    return "\n".join([head, *body, " " * indent + ")"])


def _split_statement(tokens: list[Token], indent: int) -> str:
    """A too long ``target = value`` or ``return value``, split as black splits it.

    Black puts invisible parentheses around the value.  A value with no operator
    outside brackets that ends with a bracket is split at that bracket; a value
    without brackets, or one whose top level is a chain of two or more ``|`` or a
    conditional expression, is wrapped in parentheses on lines of its own.
    """
    if tokens[0].string == "return":
        split = 1
    else:
        equals = _top_level(tokens, {"="})
        if not equals:
            return _split_call_statement(tokens, indent)
        if len(equals) != 1:
            raise Unsupported
        split = equals[0] + 1
        for tok in tokens[: split - 1]:
            if tok.type == token.NAME and keyword.iskeyword(tok.string):
                if tok.string not in {"None", "True", "False"}:
                    raise Unsupported
    prefix_tokens, body = tokens[:split], tokens[split:]
    if not body:
        raise Unsupported
    prefix = " " * indent + _render(prefix_tokens) + " "
    if prefix_tokens[-1].string == "=":
        prefix = " " * indent + _render(prefix_tokens[:-1]) + " = "
    inner = " " * (indent + 4)
    levels = _levels(body)
    top = [tok for tok, level in zip(body, levels) if level == 0]
    top_strings = [tok.string for tok in top]
    has_brackets = any(tok.string in _OPENERS for tok in body)
    # One "|": black keeps the parentheses unless the value starts or ends with
    # a bracket (then it would look further; that case is left to black).
    single_bar = (
        top_strings.count("|") == 1
        and body[0].string not in _OPENERS
        and (
            body[-1].type == token.NAME
            or body[-1].string == "]"
            and _subscript_end(body)
        )
    )
    if "if" in top_strings or top_strings.count("|") >= 2 or single_bar:
        for tok in top:
            if tok.type == token.OP and tok.string not in (
                _TERNARY_SAFE | _OPENERS.keys() | _CLOSERS
            ):
                raise Unsupported
            if tok.type == token.NAME and keyword.iskeyword(tok.string):
                if tok.string not in _TERNARY_SAFE | {"if", "else"}:
                    raise Unsupported
        if "if" in top_strings:
            if top_strings.count("if") != 1 or top_strings.count("else") != 1:
                raise Unsupported
            delimiters = {"if", "else"}
        else:
            delimiters = {"|"}
        lines = [_fits(prefix + "(")]
        one_line = inner + _render(body)
        if _width(one_line) <= LINE_LENGTH:
            lines.append(one_line)
        else:
            start = 0
            cuts = [
                i
                for i, tok in enumerate(body)
                if tok.string in delimiters and levels[i] == 0
            ]
            for cut in [*cuts, len(body)]:
                lines.append(_piece(inner, body[start:cut]))
                start = cut
        lines.append(" " * indent + ")")
        return "\n".join(lines)
    for i, tok in enumerate(body):
        if levels[i] != 0 or tok.string in _OPENERS or tok.string in _CLOSERS:
            continue
        if tok.type == token.OP and tok.string != ".":
            raise Unsupported
        if tok.type == token.NAME and keyword.iskeyword(tok.string):
            if tok.string not in {"None", "True", "False"}:
                if not (tok.string == "await" and i == 0):
                    raise Unsupported
        if tok.string == "." and i and body[i - 1].string in _CLOSERS:
            raise Unsupported
    # A method called without arguments (``self.x.to_dict()``): black cannot split
    # at empty brackets, so it keeps the value's parentheses, as for a plain name.
    empty_call = (
        len(body) > 2
        and body[-2].string == "("
        and body[-1].string == ")"
        and _dotted_name(body[:-2])
    )
    if not has_brackets or empty_call:
        body_line = inner + _render(body)
        if empty_call:
            _fits(body_line)
        target = prefix_tokens[:-1]
        annotated = len(target) > 2 and target[1].string == ":"
        # One name, string or number (``MEMBER = "value"``): black tries to omit the
        # parentheses, finds nothing else to split, and keeps them when the value
        # then fits, however long the first line, else leaves the line as it is
        # (``can_be_split`` is false for a single leaf).
        single = len(body) == 1 and not annotated
        if _width(body_line) > LINE_LENGTH:
            # A dotted name still too long in the parentheses: black keeps them
            # (it cannot omit them: no other bracket, or the annotation's, which
            # it does not prefer), unless a lone leaf leaves the line as it is.
            if single and body[0].type in (token.NAME, token.STRING, token.NUMBER):
                return " " * indent + _render(tokens)
            if not _dotted_name(body):
                raise Unsupported
        if single:
            return "\n".join([prefix + "(", body_line, " " * indent + ")"])
        return "\n".join([_fits(prefix + "("), body_line, " " * indent + ")"])
    if body[-1].string not in _CLOSERS:
        raise Unsupported
    opener = _matching_opener(body, len(body) - 1)
    # Brackets before the last one must be calls or subscripts (a trailer chain).
    for i, tok in enumerate(body[:opener]):
        if tok.string in _OPENERS and levels[i] == 0:
            before = body[i - 1] if i else None
            if before is None or not (
                before.string in _CLOSERS
                or before.type == token.NAME
                and not keyword.iskeyword(before.string)
            ):
                raise Unsupported
    head_text = _render(body[:opener]) if opener else ""
    display = (
        opener == 0
        or body[opener - 1].string not in _CLOSERS
        and not (
            body[opener - 1].type == token.NAME
            and not keyword.iskeyword(body[opener - 1].string)
        )
    )
    contents = body[opener + 1 : -1]
    head = prefix + head_text + body[opener].string
    if _width(head) > LINE_LENGTH:
        # With brackets in the target (``data["key"] = f(...)``), black keeps the
        # value's parentheses when splitting at its last bracket leaves the first
        # line too long.  Without them (or after ``return``) it prefers that split
        # all the same, then takes its "second opinion" (run_transformer) with the
        # parentheses kept, but only if every line of that fits.
        target = prefix_tokens[:-1]
        # An annotation counts as brackets: black wraps it in invisible ones.
        annotated = len(target) > 2 and target[1].string == ":"
        bracketed = prefix_tokens[-1].string == "=" and (
            annotated or any(tok.string in _OPENERS for tok in target)
        )
        if any(tok.string in _OPENERS for tok in body[:opener]):
            return _split_call_chain(prefix, body, opener, indent)
        try:
            return _parenthesised_value(
                prefix, body, opener, indent, display, bracketed
            )
        except Unsupported:
            # Brackets inside the last one: black's second opinion would split
            # them further and might then fit (left to black).
            if bracketed or any(tok.string in _OPENERS for tok in contents):
                raise
        # The second opinion does not fit either: black keeps its first answer,
        # the split at the last bracket with its long first line, when the lines
        # inside that bracket fit (``name = f(`` / ``_G.name`` / ``)``), or are
        # one dotted name, which black's ``can_be_split`` calls splittable.
        closing = " " * indent + body[-1].string
        if len(contents) > 1 and _dotted_name(contents):
            inside = [" " * (indent + 4) + _render(contents, "(")]
        else:
            inside = _split_group(contents, indent + 4, display)
            for line in "\n".join(inside).split("\n"):
                _fits(line)
        return "\n".join([head, *inside, closing])
    closing = " " * indent + body[-1].string
    return "\n".join([head, *_split_group(contents, indent + 4, display), closing])


def _parenthesised_value(
    prefix: str,
    body: list[Token],
    opener: int,
    indent: int,
    display: bool,
    bracketed: bool,
) -> str:
    """``target = (`` / value split at its last bracket / ``)``: black's second
    opinion, with the value's invisible parentheses made visible.  Without brackets
    in the target black takes it only when every line fits (else Unsupported)."""
    _fits(prefix + "(")
    inner = " " * (indent + 4)
    one_line = inner + _render(body)
    if _width(one_line) <= LINE_LENGTH:
        value = [one_line]
    else:
        head_text = _render(body[:opener]) if opener else ""
        inner_head = inner + head_text + body[opener].string
        value = [
            inner_head,
            *_split_group(body[opener + 1 : -1], indent + 8, display),
            inner + body[-1].string,
        ]
    if not bracketed:
        for line in "\n".join(value).split("\n"):
            _fits(line)
    return "\n".join([prefix + "(", *value, " " * indent + ")"])


def _split_call_chain(prefix: str, value: list[Token], opener: int, indent: int) -> str:
    """``target = f(args)(more)`` whose head up to the last ``(`` is too long.

    Black's right-hand split first prefers the split at the last call's
    brackets (a closing bracket follows the ``=``), whose first line is too
    long; ``generate_trailers_to_omit`` then omits that trailer and the split
    goes at the call before it: ``target = f(`` / args / ``)(more)``, taken when
    its first line fits.  Only a dotted name called twice.
    """
    if value[opener].string != "(" or value[-1].string != ")":
        raise Unsupported
    if value[opener - 1].string != ")":
        raise Unsupported
    first = _matching_opener(value, opener - 1)
    if value[first].string != "(" or not _dotted_name(value[:first]):
        raise Unsupported
    arguments = value[first + 1 : opener - 1]
    if not arguments:
        raise Unsupported
    head = _fits(prefix + _render(value[:first]) + "(")
    body = " " * (indent + 4) + _render(arguments, "(")
    if _width(body) > LINE_LENGTH and not _unsplittable(arguments, "("):
        raise Unsupported
    more = value[opener + 1 : -1]
    tail = " " * indent + ")(" + (_render(more, "(") if more else "") + ")"
    return "\n".join([head, body, _fits(tail)])


def _split_group(contents: list[Token], indent: int, display: bool) -> list[str]:
    """Black's lines for the inside of a bracket split after its opener."""
    if not contents:
        raise Unsupported
    prefix = " " * indent
    commas = _top_level_commas(contents)
    fors = _top_level(contents, {"for", "async", "if", "lambda"})
    if fors:
        if [contents[i].string for i in fors] != ["for"] or not display:
            raise Unsupported
        one_line = prefix + _render(contents, "{")
        if _width(one_line) <= LINE_LENGTH:
            return [one_line]
        cut = fors[0]
        return [
            _fits(prefix + _render(contents[:cut], "{")),
            _fits(prefix + _render(contents[cut:], "{")),
        ]
    if display and commas:
        return _explode(contents, commas, prefix)
    one_line = prefix + _render(contents, "(")
    if _width(one_line) <= LINE_LENGTH:
        return [one_line]
    if commas:
        return _explode(contents, commas, prefix)
    if len(contents) == 1 and contents[0].type in (token.STRING, token.NAME):
        return [one_line]  # one leaf (``Literal["long"]``): nothing to split
    # One argument that is itself a display: split it in turn.
    if contents[0].string in {"{", "["} and contents[-1].string in _CLOSERS:
        if _matching_opener(contents, len(contents) - 1) == 0:
            return [
                prefix + contents[0].string,
                *_split_group(contents[1:-1], indent + 4, True),
                prefix + contents[-1].string,
            ]
    raise Unsupported


def _explode(
    contents: list[Token], commas: list[int], prefix: str, bracket: str = "("
) -> list[str]:
    pieces = []
    start = 0
    ends = commas if commas[-1] == len(contents) - 1 else [*commas, len(contents)]
    for end in ends:
        piece = contents[start:end]
        if not piece:
            raise Unsupported
        line = prefix + _render(piece, "(") + ","
        if _width(line) > LINE_LENGTH and not _unsplittable(piece, bracket):
            # An element that does not fit is split in turn, at its last bracket.
            if piece[0].string in _DISPLAYS:
                line = _split_display_element(piece, len(prefix))
            else:
                line = _split_call_element(piece, len(prefix))
        pieces.append(line)
        start = end + 1
    return pieces


_DISPLAYS = {"{": "}", "[": "]"}


def _split_display_element(tokens: list[Token], indent: int) -> str:
    """A too long ``{...},`` or ``[...],`` element of a split bracket: black's
    right-hand split at its own brackets.  Inside, items with commas go one a line
    (a display split with commas always explodes: ``_should_split_line``); one item
    stays on its line, which must fit unless nothing in it could be split."""
    opener = tokens[0].string
    if (
        _matching_closer(tokens, 0) != len(tokens) - 1
        or tokens[-1].string != _DISPLAYS[opener]
    ):
        raise Unsupported
    contents = tokens[1:-1]
    if not contents or _top_level(contents, {"for", "async", "if", "lambda"}):
        raise Unsupported
    pad = " " * indent
    inner = pad + "    "
    commas = _top_level_commas(contents)
    if commas:
        body = _explode(contents, commas, inner, opener)
    else:
        line = inner + _render(contents, opener)
        if _width(line) > LINE_LENGTH and not _unsplittable(contents, opener):
            # ``"key": call(args)``: split in turn at its last bracket.
            line = _split_call_element(contents, indent + 4, "", opener)
        body = [line]
    return "\n".join([pad + opener, *body, pad + tokens[-1].string + ","])


def _split_annotated(tokens: list[Token], indent: int) -> str:
    """A too long ``name: annotation [= value]``, split as black splits it.

    Black wraps the annotation in invisible parentheses too: when ``name:
    annotation = (`` does not fit, the annotation is what gets split.
    """
    if tokens[0].type != token.NAME or keyword.iskeyword(tokens[0].string):
        raise Unsupported
    annotation, value = _annotation_and_value(tokens)
    if not annotation:
        raise Unsupported
    pad = " " * indent
    name = pad + tokens[0].string + ": "
    if value:
        if _width(pad + _render(tokens[: 2 + len(annotation)]) + " = (") <= LINE_LENGTH:
            return _split_statement(tokens, indent)
        if all(tok.type == token.NAME or tok.string == "." for tok in annotation):
            return _annotation_apart(tokens[0].string, annotation, value, indent)
        _require_plain(value)
    bars = _union_bars(annotation)
    closing = pad + ")" + (" = " + _render(value) if value else "")
    inner = pad + "    "
    has_brackets = any(tok.string in _OPENERS for tok in annotation)
    if bars:
        if len(bars) == 1 and annotation[-1].string in _CLOSERS:
            raise Unsupported
        lines = [_fits(name + "(")]
        one_line = inner + _render(annotation)
        if _width(one_line) <= LINE_LENGTH:
            lines.append(one_line)
        else:
            lines.extend(_operands(inner, annotation, bars))
        return "\n".join([*lines, _fits(closing)])
    if not has_brackets:
        body = inner + _render(annotation)
        if _width(body) > LINE_LENGTH:
            # Even alone on a line the annotation would not fit: black leaves it.
            if value or not _unsplittable(annotation, "("):
                raise Unsupported
            return pad + _render(tokens)
        return "\n".join([_fits(name + "("), body, _fits(closing)])
    if value or annotation[-1].string != "]":
        raise Unsupported
    # No delimiter outside the subscript: black omits the invisible parentheses
    # and splits at the subscript's brackets.
    return _split_subscript(name, annotation, indent)


def _annotation_apart(
    name: str, annotation: list[Token], value: list[Token], indent: int
) -> str:
    """``name: Annotation = value`` when even ``name: Annotation = (`` is too long:
    black puts the annotation (a plain name) in parentheses of its own.

    The value stays on the ``) = value`` line when it fits there, black's first
    choice, which it keeps only if ``name: (`` fits too (else it goes back to
    the split at the value's own brackets); a plain name has nothing else to split.
    Otherwise the value is split after ``) =``: a union inside parentheses (one
    operand a line if it is still too long), a subscript inside its brackets.
    """
    pad = " " * indent
    inner = pad + "    "
    head = pad + name + ": ("
    lines = [head, _fits(inner + _render(annotation))]
    top = [tok for tok, level in zip(value, _levels(value)) if level == 0]
    # Calls and subscripts of a dotted name (``_rt.map_of(_rt.decode_any)(value)``):
    # their brackets are trailers, not operators.
    trailer = "()[]" if _trailer_chain(value) else ""
    operators = any(
        tok.type == token.OP and tok.string not in "[]." and tok.string not in trailer
        for tok in top
    )
    bars = _union_bars(value) if operators else []
    if operators and not bars:
        raise Unsupported
    plain = not operators and not any(tok.string in _OPENERS for tok in value)
    # With an operator, black shows the value's parentheses even on one line.
    tail = pad + ") = " + ("(" + _render(value) + ")" if operators else _render(value))
    if _width(tail) <= LINE_LENGTH and (plain or _width(head) <= LINE_LENGTH):
        return "\n".join([*lines, tail])
    if bars:
        # One "|" and a bracket at either end: black may drop the parentheses.
        if len(bars) == 1 and (
            value[0].string in _OPENERS
            or value[-1].string in _CLOSERS
            and not (value[-1].string == "]" and _subscript_end(value))
        ):
            raise Unsupported
        one_line = inner + _render(value)
        if _width(one_line) <= LINE_LENGTH:
            body = [one_line]
        else:
            body = _operands(inner, value, bars)
        return "\n".join([*lines, pad + ") = (", *body, pad + ")"])
    if value[-1].string == "]" and _subscript_end(value):
        return "\n".join([*lines, _split_subscript(pad + ") = ", value, indent)])
    raise Unsupported


def _trailer_chain(value: list[Token]) -> bool:
    """Whether ``value`` is a dotted name followed by calls or subscripts only."""
    start = 0
    while start < len(value) and (
        value[start].type == token.NAME or value[start].string == "."
    ):
        start += 1
    if start == 0 or start == len(value) or not _dotted_name(value[:start]):
        return False
    while start < len(value):
        if value[start].string not in ("(", "["):
            return False
        start = _matching_closer(value, start) + 1
    return True


def _split_class(tokens: list[Token], indent: int, line: str) -> str:
    """A too long ``class Name(Base):``: its bases go on a line of their own."""
    if len(tokens) == 3 and tokens[2].string == ":":
        return line  # nothing black could split
    if len(tokens) < 6 or tokens[2].string != "(" or tokens[-2].string != ")":
        raise Unsupported
    if tokens[-1].string != ":" or _matching_opener(tokens, len(tokens) - 2) != 2:
        raise Unsupported
    bases = tokens[3:-2]
    if _top_level_commas(bases):
        raise Unsupported
    # Black splits even when the head stays too long: there is nothing better.
    head = " " * indent + "class " + tokens[1].string + "("
    body = _fits(" " * (indent + 4) + _render(bases, "("))
    return "\n".join([head, body, " " * indent + "):"])


def _operands(prefix: str, annotation: list[Token], bars: list[int]) -> list[str]:
    """One line per operand of a union split at its bars."""
    pieces, start = [], 0
    for cut in [*bars, len(annotation)]:
        pieces.append(_piece(prefix, annotation[start:cut]))
        start = cut
    return pieces


def _piece(prefix: str, tokens: list[Token], operator: str = "|") -> str:
    """One operand of a split at operators: black leaves it long if it has no bracket."""
    lead = operator + " " if tokens[0].string == operator else ""
    operand = tokens[1:] if lead else tokens
    line = prefix + lead + _render(operand)
    if _width(line) > LINE_LENGTH and any(tok.string in _OPENERS for tok in tokens):
        if operator != "|":
            raise Unsupported
        return _split_subscript(prefix + lead, operand, len(prefix))
    return line


def _split_subscript(
    head: str, tokens: list[Token], indent: int, closing: str = "]"
) -> str:
    """A too long ``Name[...]`` split inside its brackets (black's right-hand split
    at its last bracket), *closing* being the bracket and what follows it.

    The inside stays one line if it fits; otherwise black's delimiter split takes
    its commas (one element a line, with a trailing comma) or, without commas, its
    bars; a lone subscript inside is split in turn at its own brackets, and a lone
    name stays long.
    """
    if tokens[-1].string != "]":
        raise Unsupported
    opener = _matching_opener(tokens, len(tokens) - 1)
    name = tokens[:opener]
    if not name or any(tok.type != token.NAME and tok.string != "." for tok in name):
        raise Unsupported
    contents = tokens[opener + 1 : -1]
    if not contents:
        raise Unsupported
    inner = " " * (indent + 4)
    one_line = inner + _render(contents, "[")
    commas = _top_level_commas(contents)
    if _width(one_line) <= LINE_LENGTH:
        body = [one_line]
    elif commas:
        if commas[-1] == len(contents) - 1:
            raise Unsupported
        body = []
        start = 0
        for comma in [*commas, len(contents)]:
            body.extend(_subscript_element(contents[start:comma], indent + 4))
            start = comma + 1
    else:
        bars = _union_bars(contents)
        if bars:
            body = _operands(inner, contents, bars)
        elif _unsplittable(contents, "["):
            body = [one_line]  # a long name: black leaves it long
        else:
            body = _split_subscript(inner, contents, indent + 4).split("\n")
    head_line = _fits(head + _render(name) + "[")
    return "\n".join([head_line, *body, _fits(" " * indent + closing)])


def _subscript_element(element: list[Token], indent: int) -> list[str]:
    """One element of a subscript split at its commas, with its comma: too long,
    a name stays so, a subscript is split in turn and a union at its bars."""
    if not element:
        raise Unsupported
    line = " " * indent + _render(element, "[") + ","
    if _width(line) <= LINE_LENGTH or _unsplittable(element, "["):
        return [line]
    bars = _union_bars(element)
    if not bars:
        return _split_subscript(" " * indent, element, indent, "],").split("\n")
    # Black's delimiter split at the bars keeps the comma on the last operand.
    pieces = _operands(" " * indent, element, bars)
    if "\n" in pieces[-1]:
        raise Unsupported
    return [*pieces[:-1], _fits(pieces[-1] + ",")]


def _split_parameter(tokens: list[Token], indent: int, line: str) -> str:
    """A too long ``name: annotation = default,`` in a split parameter list.

    Black (``visit_tname``) gives only a union (an ``expr`` node) invisible
    parentheses, which the right-hand split then uses; any other annotation is
    split at its last bracket, a subscript's, or stays long without one.
    """
    if len(tokens) < 3 or tokens[1].string != ":" or tokens[0].type != token.NAME:
        raise Unsupported
    annotation, value = _annotation_and_value(tokens)
    if not annotation:
        raise Unsupported
    _require_plain(value)
    bars = _union_bars(annotation)
    pad = " " * indent
    default = " = " + _render(value) if value else ""
    if not bars:
        if not any(tok.string in _OPENERS for tok in annotation):
            return line  # black has no bracket to split at: the line stays long
        return _split_subscript(
            pad + tokens[0].string + ": ", annotation, indent, "]" + default + ","
        )
    inner = pad + "    "
    head = _fits(pad + tokens[0].string + ": (")
    closing = _fits(pad + ")" + default + ",")
    one_line = inner + _render(annotation)
    if len(bars) == 1 and annotation[-1].string in _CLOSERS:
        raise Unsupported
    if annotation[0].string in _OPENERS:
        raise Unsupported
    if _width(one_line) <= LINE_LENGTH:
        return "\n".join([head, one_line, closing])
    return "\n".join([head, *_operands(inner, annotation, bars), closing])
