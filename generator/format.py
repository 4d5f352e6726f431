"""Formatting generated modules with black, block by block and on every core.

Templates put :data:`BLOCK` before each top-level definition.  Black's cost grows
faster than linearly with the size of a file, and a big spec's models module holds
megabytes, so each block is formatted on its own: the joined result is what black
gives for the whole file (top-level blocks are separated by two blank lines, as
black itself separates them; the tests run ``black --check`` over generated trees).
Blocks are independent, so big modules are spread over worker processes.

Most blocks never reach black: :func:`generator.layout.fast_format` returns black's
text for the simple shapes our templates emit (and refuses anything else), so only
the blocks it refuses are formatted by black.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from generator import timing
from generator.layout import class_members, fast_format

# No spec text can produce this line: every string from a spec reaches the output
# as an escaped literal, in which a NUL character is always written as an escape.
BLOCK = "\x00specgen-block\x00\n"

_PARALLEL_FROM = 400
"""Blocks in a module before a pool of workers pays for its start-up."""


def format_modules(texts: dict[str, str]) -> dict[str, str]:
    """Each module's text formatted, its blocks spread over the cores together.

    Every block is independent (see the module docstring), so the blocks of all
    modules form one pool of work: the fast path and black both run in the workers.
    """
    jobs: list[tuple[str, bool]] = []
    owners: list[str] = []
    for name, text in texts.items():
        blocks = [b for b in text.split(BLOCK) if b.strip()]
        jobs.extend((block, i == 0) for i, block in enumerate(blocks))
        owners.extend([name] * len(blocks))
    with timing.stage("format"):
        results = _run_all(jobs)
    pieces: dict[str, list[str]] = {name: [] for name in texts}
    for name, result in zip(owners, results):
        pieces[name].append(result)
    return {name: "\n\n".join(parts) for name, parts in pieces.items()}


def _format_job(job: tuple[str, bool]) -> str:
    block, module_start = job
    return fast_format(block, module_start=module_start) or format_refused(block)


def format_block(block: str) -> str:
    import black  # only when a block needs it: importing black costs 0.1-0.2 s

    return black.format_str(
        block, mode=black.Mode(target_versions={black.mode.TargetVersion.PY311})
    )


def format_refused(block: str) -> str:
    """Black's text for a block the fast path refused as a whole.

    A class made only of methods is formatted method by method (see
    :func:`generator.layout.class_members`): the fast path takes the methods it can,
    and black sees each other method alone, inside an empty class so that its
    indentation and context are the same as in the real one.
    """
    split = class_members(block)
    if split is None:
        return format_block(block)
    head, members = split
    parts = [fast_format(head) or format_block(head)]
    for member in members:
        formatted = fast_format(member)
        if formatted is None:
            formatted = format_block(_STUB_CLASS + member)
            if not formatted.startswith(_STUB_CLASS):
                return format_block(block)
            formatted = formatted[len(_STUB_CLASS) :]
        parts.append(formatted)
    return "\n".join(parts)


_STUB_CLASS = "class _:\n"


def _run_all(jobs: list[tuple[str, bool]]) -> list[str]:
    workers = min(
        (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1
        ),
        8,
    )
    results: list[str] = []
    if (
        workers < 2
        or len(jobs) < _PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for job in jobs:
            results.append(_format_job(job))
            timing.progress(len(results), len(jobs))
        return results
    # fork: the workers start with black already imported, in milliseconds (a big
    # spec always has blocks the fast path leaves to black).
    import black  # noqa: F401

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for result in pool.map(_format_job, jobs, chunksize=64):
            results.append(result)
            timing.progress(len(results), len(jobs))
    return results
