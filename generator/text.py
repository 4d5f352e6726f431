"""Spec text made safe to show: the one way every string from a spec reaches a
terminal, a README or generated code.

A specification can hold any code point: terminal escape sequences, line breaks in
a name, lone surrogates (``"\\ud800"`` is valid JSON, and no UTF-8 file or stream
can hold it).  :func:`printable` spells every character that is not printable as a
Python escape (``\\x1b``, ``\\ud800``), which is readable in a message, in markdown
and in a comment, and means the same character inside a Python string literal (see
:func:`generator.python.fragments.docstring`).  Messages go through it in
:class:`generator.errors.SpecError` and :class:`generator.diagnostics.Diagnostic`,
the README through ``md_text``/``md_code``, generated code through ``py_literal``,
``docstring`` and ``comment_text``; ``specgen ir`` writes JSON escapes
(:func:`json_safe`).
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every unprintable character (controls, line breaks, lone
    surrogates, unassigned code points) spelt as ``\\xNN``, ``\\uNNNN`` or
    ``\\UNNNNNNNN``; backslashes are left as they are."""
    if text.isprintable():  # nearly every string: nothing to do
        return text
    return "".join(ch if ch.isprintable() else escape(ch) for ch in text)


def escape(ch: str) -> str:
    """One character as a Python escape sequence."""
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """Line breaks and runs of white space as one space each, only when there is a
    line break (messages keep their spacing otherwise)."""
    return (
        " ".join(text.split())
        if any(c in text for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        else text
    )


def shown(text: str) -> str:
    """A message for people: one line, every character printable."""
    return printable(one_line(text))


def json_safe(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with lone surrogates as ``\\uXXXX`` escapes,
    so that a UTF-8 stream can hold it.  In JSON text a surrogate can only be inside
    a string, where the escape means the same character."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
