"""Time per stage of a run (load, IR, render, format, write) for ``--verbose``.

A module-level recorder keeps the pipeline's signatures free of bookkeeping: the
stages mark themselves, and the CLI reads and resets the totals around each target.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

_totals: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] = _totals.get(name, 0.0) + time.perf_counter() - started


def take() -> dict[str, float]:
    """The totals since the last call, and start afresh."""
    totals = dict(_totals)
    _totals.clear()
    return totals
