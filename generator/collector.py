"""When Python's cycle collector runs during a run: only where cycles are made.

A run allocates millions of containers that stay alive until the process exits
(the parsed document, the IR, the templates' views) and makes almost no cyclic
garbage: documents are trees, the IR and the views are immutable values, rendered
text is strings.  Each burst of allocations made the collector traverse everything
still young, and every tenth of those everything older: on GitHub's spec about a
second of the run's processor time, with nothing to free.  So the collector is
paused for the whole of each of those stages.

Black (``formatter = "black"``) is the exception: its syntax trees link children
to their parents, so every module it formats leaves cycles behind.  It runs with
the collector on (:func:`running`), which then frees those trees as black goes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager


def paused() -> AbstractContextManager[None]:
    """The collector off inside, as it was after."""
    return _collecting(False)


def running() -> AbstractContextManager[None]:
    """The collector on inside (for code that makes cycles), as it was after."""
    return _collecting(True)


@contextmanager
def _collecting(inside: bool) -> Iterator[None]:
    before = gc.isenabled()
    (gc.enable if inside else gc.disable)()
    try:
        yield
    finally:
        (gc.enable if before else gc.disable)()
