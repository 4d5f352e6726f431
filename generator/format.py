"""Formatting generated modules with black, block by block and on every core.

Templates put :data:`BLOCK` before each top-level definition.  Black's cost grows
faster than linearly with the size of a file, and a big spec's models module holds
megabytes, so each block is formatted on its own: the joined result is what black
gives for the whole file (top-level blocks are separated by two blank lines, as
black itself separates them; the tests run ``black --check`` over generated trees).
Blocks are independent, so big modules are spread over worker processes.

Most blocks never reach black: :func:`generator.layout.fast_format` returns black's
text for the simple shapes our templates emit (and refuses anything else), so only
the blocks it refuses are formatted by black.  Blocks that do not depend on the
spec and are written in black's layout are marked :data:`STATIC_BLOCK` instead:
they are kept as they are (a test checks that black would not change them).
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from generator import collector, timing
from generator.layout import class_members, fast_format

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# No spec text can produce this line: every string from a spec reaches the output
# as an escaped literal, in which a NUL character is always written as an escape.
BLOCK = "\x00specgen-block\x00\n"
STATIC_BLOCK = "\x00specgen-static-block\x00\n"

_PARALLEL_FROM_CHARACTERS = 1_000_000
"""Characters waiting before a pool of workers can pay for itself: a megabyte is
about a seventh of a second of the fast path's work, which a second core could at
best halve, and starting workers, shipping the text to them and back and each
worker learning the row shapes anew (see generator.layout.lines) cost a few
hundredths of that.  Below it, everything is formatted in this process."""


def format_modules(
    modules: Mapping[str, str] | Iterable[tuple[str, str | Iterable[str]]],
) -> dict[str, str]:
    """Each module's text formatted, the blocks of all modules spread over the cores.

    Every block is independent (see the module docstring), so the blocks of all
    modules form one pool of work.  *modules* may be a generator that renders each
    module when asked, and a module's text may come in pieces as its template
    writes them: each block goes to the workers as soon as it is complete, so the
    workers format while the rest is rendered.
    """
    pairs = modules.items() if isinstance(modules, Mapping) else modules
    pieces: dict[str, list[str]] = {}
    slots: list[tuple[str, str | None]] = []  # a static block's text, or None
    work = _Work()
    try:
        for name, text in pairs:
            pieces[name] = []
            chunks = (text,) if isinstance(text, str) else text
            jobs = []
            for index, (block, static) in enumerate(_blocks(chunks)):
                if static:
                    slots.append((name, block.strip("\n") + "\n"))
                else:
                    slots.append((name, None))
                    jobs.append((block, index == 0))
                    if len(jobs) == _BATCH:
                        work.add(jobs)
                        jobs = []
            work.add(jobs)
    except BaseException:
        work.abandon()  # rendering failed: stop the workers, keep the error
        raise
    with timing.stage("format"):
        results = iter(work.finish())
    for name, kept in slots:
        pieces[name].append(next(results) if kept is None else kept)
    return {name: "\n\n".join(parts) for name, parts in pieces.items()}


def _blocks(chunks: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """The blocks of a module whose text comes in *chunks*, each with whether it is
    static, as soon as the marker after it has come.  A marker may be cut between
    chunks: the text holds no other NUL (see :data:`BLOCK`), so a NUL after the
    last whole marker of a chunk starts one."""
    static = False
    parts: list[str] = []  # the block read so far
    carry = ""  # the start of a marker cut at the end of the last chunk
    for chunk in chunks:
        text = carry + chunk if carry else chunk
        position = 0
        for found in _MARKER.finditer(text):
            parts.append(text[position : found.start()])
            block = "".join(parts)
            if block.strip():
                yield block, static
            parts = []
            static = found.group() == STATIC_BLOCK
            position = found.end()
        cut = text.find("\x00", position)
        carry = "" if cut < 0 else text[cut:]
        parts.append(text[position:] if cut < 0 else text[position:cut])
    parts.append(carry)
    block = "".join(parts)
    if block.strip():
        yield block, static


_MARKER = re.compile(re.escape(BLOCK) + "|" + re.escape(STATIC_BLOCK))


# A job is one piece of work for a worker: a whole block (and whether it begins its
# module), or the head or one member of a big class cut in groups beforehand.
_WHOLE, _HEAD, _MEMBER = range(3)
_Job = tuple[int, str, bool]


def _format_job(job: _Job) -> str | None:
    kind, text, module_start = job
    if kind == _WHOLE:
        return fast_format(text, module_start=module_start) or format_refused(text)
    if kind == _HEAD:
        return fast_format(text) or format_block(text)
    return _format_member(text)


def _format_batch(jobs: list[_Job]) -> list[str | None]:
    return [_format_job(job) for job in jobs]


def format_block(block: str) -> str:
    import black  # only when a block needs it: importing black costs 0.1-0.2 s

    with collector.running():  # black's trees are cycles: see generator.collector
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
        formatted = _format_member(member)
        if formatted is None:
            return format_block(block)
        parts.append(formatted)
    return "\n".join(parts)


def _format_member(member: str) -> str | None:
    """One group of a class's members (see :func:`format_refused`), or None where
    black's text for it cannot be told apart from its stub class."""
    formatted = fast_format(member)
    if formatted is None:
        formatted = format_block(_STUB_CLASS + member)
        if not formatted.startswith(_STUB_CLASS):
            return None
        formatted = formatted[len(_STUB_CLASS) :]
    return formatted


_STUB_CLASS = "class _:\n"


_BATCH = 64
"""Jobs handed to a worker at a time: enough to make the hand-over cheap..."""
_BATCH_CHARACTERS = 100_000
"""...or fewer when they are big, so that the work stays spread evenly."""
_CUT_FROM = 2_000_000
"""A class bigger than this (a client group of hundreds of operations, seconds of
black's work if the fast path refuses it) is cut into its members before it is
handed out (:func:`class_members`): they are formatted apart anyway when the
fast path refuses the class, and joined they are black's text for it.  Cutting
is done by this process, which also renders, so smaller classes go whole."""


def _full(jobs: int, characters: int) -> bool:
    """Whether a batch of that many jobs and characters is ready to hand over."""
    return jobs >= _BATCH or characters >= _BATCH_CHARACTERS


def _jobs(block: str, module_start: bool) -> list[_Job]:
    # Only a class can be cut; other big blocks (``__all__``) are one statement.
    if len(block) > _CUT_FROM and block.lstrip("\n").startswith(_CLASS_HEADS):
        split = class_members(block)
        if split is not None:
            head, members = split
            return [(_HEAD, head, False)] + [(_MEMBER, m, False) for m in members]
    return [(_WHOLE, block, module_start)]


_CLASS_HEADS = ("class ", "@")


class _Work:
    """Blocks in the order they came, formatted in worker processes once there
    are enough of them to pay for the workers, else in this process."""

    def __init__(self) -> None:
        self._blocks: list[tuple[str, int]] = []  # each block and its count of jobs
        self._waiting: list[_Job] = []
        self._waiting_characters = 0
        self._batches: list[Future[list[str | None]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._pool_tried = False

    def add(self, blocks: list[tuple[str, bool]]) -> None:
        for block, module_start in blocks:
            jobs = _jobs(block, module_start)
            self._blocks.append((block, len(jobs)))
            for job in jobs:
                self._waiting.append(job)
                self._waiting_characters += len(job[1])
                if self._pool is not None and _full(
                    len(self._waiting), self._waiting_characters
                ):
                    self._hand_over()
        if (
            not self._pool_tried
            and self._waiting_characters >= _PARALLEL_FROM_CHARACTERS
        ):
            self._pool_tried = True
            self._pool = _pool()
            if self._pool is not None:
                self._hand_over()

    def finish(self) -> list[str]:
        """Black's text for each block, in the order they came."""
        done: list[str | None] = []
        if self._pool is None:
            for job in self._waiting:
                done.append(_format_job(job))
                timing.progress(len(done), len(self._waiting))
        else:
            try:
                with self._pool:
                    self._hand_over()
                    total = sum(count for _, count in self._blocks)
                    for batch in self._batches:
                        done.extend(batch.result())
                        timing.progress(len(done), total)
            finally:
                gc.unfreeze()
        results: list[str] = []
        position = 0
        for block, count in self._blocks:
            parts = done[position : position + count]
            position += count
            if count == 1 and parts[0] is not None:
                results.append(parts[0])
            elif None in parts:
                results.append(format_block(block))  # see _format_member
            else:
                results.append("\n".join(p for p in parts if p is not None))
        return results

    def abandon(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()

    def _hand_over(self) -> None:
        """Every job waiting goes to the workers, in batches of the sizes above."""
        assert self._pool is not None
        batch: list[_Job] = []
        characters = 0
        for job in self._waiting:
            batch.append(job)
            characters += len(job[1])
            if _full(len(batch), characters):
                self._batches.append(self._pool.submit(_format_batch, batch))
                batch, characters = [], 0
        if batch:
            self._batches.append(self._pool.submit(_format_batch, batch))
        self._waiting = []
        self._waiting_characters = 0


def _pool() -> ProcessPoolExecutor | None:
    """Worker processes, one a core, or None where there is one core, no core left
    idle by other work, or no fork."""
    cores = (
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1
    )
    workers = min(cores, 8)
    if workers < 2 or not _idle_core(cores):
        return None
    import multiprocessing  # only a run that starts workers needs these
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    # Black is not imported here: most big specs have no block the fast path
    # leaves to black, and a worker that meets one imports it then.
    context = multiprocessing.get_context("fork")
    # Objects alive now (the IR, the templates) move out of the collector's sight:
    # the workers' collections then never walk the heap they inherit (nor touch
    # its pages, which would copy them).
    gc.freeze()
    # A worker only formats: its collector stays off (see generator.collector).
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=gc.disable
    )


def _idle_core(cores: int) -> bool:
    """Whether other work leaves a core idle (by the load average of the last
    minute).  On a machine whose cores are all busy, workers only share them with
    this process: measured on two busy cores, formatting a 4.7 MB package took
    0.62-0.68 s in two workers and 0.34-0.48 s in this process.  Either way the
    bytes are the same."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average to read
        return True
    return load <= cores - 0.5
