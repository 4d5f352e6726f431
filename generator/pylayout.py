"""Black's layout of the displays the generator builds from structure, written directly.

Where a value is built in Python from parts the generator knows (a tuple of
decoders, the security alternatives of an operation), it is cheaper and surer to lay it out as black would here
than to write one long line for :mod:`generator.layout` to tokenise and split
again.  The formatter still checks every block (and black remains the fallback and
the tests' oracle): a layout here that black would not keep only costs time.
"""

from __future__ import annotations

from generator.layout.spacing import LINE_LENGTH

__all__ = ["LINE_LENGTH", "hugging_tuple", "tuple_display"]


def tuple_display(items: list[str], indent: int) -> str:
    """A tuple of ``items`` as black keeps it when written with a trailing comma:
    two or more items (or one that spans lines) one a line, since the comma is
    magic; a one-tuple's comma is not, so a short one stays on the line.

    ``indent`` is the indentation of the line the display starts on; items that
    span lines must have been laid out for ``indent + 4``.
    """
    if not items:
        return "()"
    if len(items) == 1 and "\n" not in items[0]:
        return f"({items[0]},)"
    inner = " " * (indent + 4)
    return "(\n" + "".join(f"{inner}{item},\n" for item in items) + " " * indent + ")"


def hugging_tuple(items: list[str], indent: int, room: int) -> str:
    """A tuple written without a trailing comma on one line when it fits in *room*
    characters (black keeps such a display as it is), else :func:`tuple_display`.

    For values repeated in every method, where one row instead of one an item
    makes the module smaller to write, format and read.
    """
    if len(items) == 1:
        flat = f"({items[0]},)"
    else:
        flat = "(" + ", ".join(items) + ")"
    if "\n" not in flat and len(flat) <= room:
        return flat
    return tuple_display(items, indent)
