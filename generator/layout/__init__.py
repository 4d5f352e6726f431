"""Black's output for the simple blocks our templates emit, without running black.

Black costs about a millisecond per line, which made it 95% of a cold run on a big
spec.  Most generated blocks are already laid out the way black lays them out, apart
from string quotes and the blank line before the block, so :func:`fast_format`
checks a block line by line against a deliberately small subset of black's rules
and, where every line is known to be stable, returns black's text directly.  Any
construct outside that subset (a line over 88 columns, a comment, a slice, a unary
operator, parentheses black might remove, an unusual blank line...) makes it return
``None`` and the caller runs black on the block: the subset may only ever shrink
the work, never change the bytes.  ``tests/test_format.py`` compares the two on
every block of the corpus specs.

The package: :mod:`.block` (a block's lines, blank lines, docstrings, classes
cut into groups), :mod:`.lines` (logical lines), :mod:`.spacing` (one line's
text) and :mod:`.splits` (black's splits of long lines and split brackets).
"""

from generator.layout.block import (
    _EXPLODED_STATEMENTS,
    _HUGGED_STATEMENTS,
    _KEPT_STATEMENTS,
    _SPLIT_STATEMENTS,
    _WRAPPED_STATEMENTS,
    class_members,
    fast_format,
)
from generator.layout.brackets import (
    _EXPLODED_ELEMENTS,
    _HUGGED_ELEMENTS,
    _KEPT_BRACKETS,
    _KEPT_ELEMENTS,
    _SPLIT_ELEMENTS,
)
from generator.layout.lines import _INFO, _ROWS

__all__ = ["class_members", "fast_format", "forget_shapes"]


def forget_shapes() -> None:
    """Drop what the process learnt about row shapes (see :mod:`.lines`), so that a
    test can check that what was learnt never changes a result."""
    memories = (
        _INFO,
        _ROWS,
        _KEPT_STATEMENTS,
        _SPLIT_STATEMENTS,
        _KEPT_ELEMENTS,
        _SPLIT_ELEMENTS,
        _KEPT_BRACKETS,
        _HUGGED_STATEMENTS,
        _HUGGED_ELEMENTS,
        _WRAPPED_STATEMENTS,
        _EXPLODED_ELEMENTS,
        _EXPLODED_STATEMENTS,
    )
    for memory in memories:
        memory.clear()
