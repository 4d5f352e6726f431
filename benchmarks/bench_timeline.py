"""When each part of a cold run happens, in this process and in the format workers.

Run by hand from the repository root:

    PYTHONPATH=$PWD python benchmarks/bench_timeline.py [--runs 3] [--spec PATH ...]

``specgen generate -v`` adds up the time of each stage; on two cores that does not
say which of them hold the run up.  This script runs ``specgen generate`` cold (a
fresh process, cache and output folder) and prints, for the run of median wall
time, when each stage began and ended in the main process and when each format
worker was busy, measured from the moment the process was started.  It ends with
the CPU time the run used (the process and the workers it waited for) against what
its wall time offered on every core: the share left idle is what more parallel
work could win, and where the timeline has one process alone shows where it is.

"render" is the time Jinja spent writing the text; the main process also cuts the
text into blocks and hands them to the workers between two pieces of rendering,
so its first and last moments are shown with the time inside.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_EPOCH = "BENCH_TIMELINE_EPOCH"
_LOG = "BENCH_TIMELINE_LOG"


def _record(**event: Any) -> None:
    """One event, as a line of the log: the workers append to it too, and one
    ``write`` of a short line in append mode is not interleaved with another's."""
    event["pid"] = os.getpid()
    with open(os.environ[_LOG], "a", encoding="utf-8") as log:
        log.write(json.dumps(event) + "\n")


def _since_epoch() -> float:
    # perf_counter is CLOCK_MONOTONIC on Linux: one clock for every process.
    return time.perf_counter() - float(os.environ[_EPOCH])


def _child(spec: Path, out: Path) -> None:
    """A cold ``specgen generate`` with its stages and workers' batches recorded."""
    _record(kind="imports-start", at=_since_epoch())
    from generator import format, timing
    from generator.cli import main as cli

    _record(kind="imports-end", at=_since_epoch())
    stage = timing.stage
    format_batch = format._format_batch

    @contextmanager
    def recorded_stage(name: str) -> Iterator[None]:
        started = _since_epoch()
        with stage(name):
            yield
        _record(kind="stage", name=name, start=started, end=_since_epoch())

    def recorded_batch(jobs: list[Any]) -> list[str | None]:
        started = _since_epoch()
        done = format_batch(jobs)
        characters = sum(len(job[1]) for job in jobs)
        _record(kind="batch", start=started, end=_since_epoch(), chars=characters)
        return done

    # The pool pickles the batch function by name: the stand-in takes its name, so
    # that the forked workers find it where they look.
    recorded_batch.__module__ = format.__name__
    recorded_batch.__qualname__ = recorded_batch.__name__ = "_format_batch"
    setattr(timing, "stage", recorded_stage)
    setattr(format, "_format_batch", recorded_batch)
    arguments = ["generate", "-q", "--spec", str(spec), "--out", str(out)]
    code = cli.main([*arguments, "--package", "bench"])
    _record(kind="end", at=_since_epoch(), code=code)
    os._exit(code)  # as the specgen command exits (see generator.cli.main.run)


def _run(spec: Path) -> tuple[float, float, list[dict[str, Any]]]:
    """Wall time, CPU time (with the workers) and the events of one cold run."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        log = work / "events.jsonl"
        env = {**os.environ, _LOG: str(log), "SPECGEN_CACHE_DIR": str(work / "cache")}
        command = [sys.executable, __file__, "--child", str(spec), str(work / "out")]
        env[_EPOCH] = repr(time.perf_counter())
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{spec}: specgen failed")
        events = [json.loads(line) for line in log.read_text().splitlines()]
    return wall, usage.ru_utime + usage.ru_stime, events


def _timeline(events: list[dict[str, Any]]) -> list[str]:
    main = next(e["pid"] for e in events if e["kind"] == "imports-start")
    rows = []
    start = next(e["at"] for e in events if e["kind"] == "imports-start")
    imported = next(e["at"] for e in events if e["kind"] == "imports-end")
    rows.append((0.0, start, "interpreter start-up (and this script's imports)"))
    rows.append((start, imported, "specgen's imports"))
    spans: dict[str, list[tuple[float, float]]] = {}
    for event in events:
        if event["kind"] == "stage" and event["pid"] == main:
            spans.setdefault(event["name"], []).append((event["start"], event["end"]))
    for name, found in spans.items():
        first, last = found[0][0], found[-1][1]
        inside = sum(end - begin for begin, end in found)
        note = f" ({inside:.2f} s inside)" if len(found) > 1 else ""
        rows.append((first, last, name + note))
    end = next(e["at"] for e in events if e["kind"] == "end")
    rows.sort()
    lines = []
    reached = 0.0
    for begin, finish, what in [*rows, (end, end, "")]:
        if begin - reached >= 0.005:
            lines.append(f"  {reached:5.2f} - {begin:5.2f}  outside the stages")
        if what:
            lines.append(f"  {begin:5.2f} - {finish:5.2f}  {what}")
        reached = max(reached, finish)
    lines.append(f"  {end:5.2f}          end of the run")
    workers: dict[int, list[dict[str, Any]]] = {}
    for event in events:
        if event["kind"] == "batch" and event["pid"] != main:
            workers.setdefault(event["pid"], []).append(event)
    for number, batches in enumerate(workers.values(), 1):
        busy = sum(b["end"] - b["start"] for b in batches)
        characters = sum(b["chars"] for b in batches)
        lines.append(
            f"  {batches[0]['start']:5.2f} - {batches[-1]['end']:5.2f}  worker {number}:"
            f" busy {busy:.2f} s, {len(batches)} batches, {characters / 1e6:.1f} M characters"
        )
    if not workers:
        lines.append("  (no workers: everything was formatted in the main process)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spec", type=Path, action="append")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    # Not imported by the child, whose start-up it would add to.
    from bench import default_specs, installed_as_a_package, label

    installed_as_a_package()
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores; load average {os.getloadavg()[0]:.2f}")
    for spec in [p.resolve() for p in args.spec] if args.spec else default_specs():
        runs = sorted((_run(spec) for _ in range(args.runs)), key=lambda run: run[0])
        wall, cpu, events = runs[len(runs) // 2]
        offered = wall * cores
        print(
            f"\n{label(spec)}: wall {wall:.2f} s (median of {args.runs}),"
            f" CPU {cpu:.2f} s of {offered:.2f} core-seconds"
            f" ({100 * (1 - cpu / offered):.0f}% idle)"
        )
        print("\n".join(_timeline(events)), flush=True)


if __name__ == "__main__":
    main()
