"""Wall time and peak memory of specgen against its peers, with issue 15's goals.

Run by hand, never in CI (timings belong here, not in tests):

    python benchmarks/bench.py                 # the whole set, 3 runs each
    python benchmarks/bench.py --runs 5 --spec ../shared/corpus/big/openai.yaml
    python benchmarks/bench.py --json run.json   # the medians unrounded too, to compare runs
    python benchmarks/bench.py --baseline ../base  # beside another checkout of specgen

``--baseline`` takes a checkout of another specgen (``git worktree add ../base
REV``) and measures its cold run in the same run, alternating with this one, so
that a change is judged against the code before it under the same load: wall
and CPU seconds (CPU of the process and the processes it waited for: format
workers, ruff).

The default set is every document of ../shared/corpus/big/ and the largest twenty
of ../shared/corpus/apisguru-sample/ by file size.  Each measurement is a whole
process (start-up included), the median of --runs runs, with the peak resident
memory of the process.  Peers that are not installed are skipped and said so.
Ratios compare specgen with the peers measured in the same run; the last column
says which goal each document meets: cold at most max(DCG / 10, 2 x parse-only,
0.3 s), no-op at most max(2 x parse-only, 0.3 s), peak memory below DCG's.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
BIG = CORPUS / "big"
APISGURU = CORPUS / "apisguru-sample"
LARGEST = 20

PARSE_ONLY = """
import json, sys, yaml
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
json.loads(text) if path.endswith(".json") else yaml.load(text, Loader=yaml.CSafeLoader)
"""

NOOP_FLOOR = 0.3
"""A regeneration, cold or no-op, may always take this long (seconds), however fast
the parse: the interpreter and specgen's imports alone are a tenth of it."""

_STAGES = ("load", "ir", "render", "format", "write")
_STAGE_LINE = re.compile(r"(\w+) ([0-9.]+)s")


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    ok: bool
    cpu_seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)


def default_specs() -> list[Path]:
    """Issue 15's set: every big spec, then the APIs.guru sample's largest twenty."""
    big = sorted(p for p in BIG.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    sample = sorted(APISGURU.rglob("*.json"), key=lambda p: (-p.stat().st_size, str(p)))
    return big + sample[:LARGEST]


def label(spec: Path) -> str:
    """A spec's name in the table: its path under the corpus folder it comes from."""
    for root in (BIG, APISGURU / "api"):
        if spec.is_relative_to(root):
            return spec.relative_to(root).as_posix()
    return spec.name


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, float, bool, str]:
    # stderr goes to a file: a pipe read only after the process ends would fill up
    # and stall a peer that warns a lot (openapi-python-client on GitHub's spec).
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace")[-500:])
        output.seek(0)
        printed = output.read().decode(errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024, cpu, process.returncode == 0, printed


def measure(
    runs: int,
    make_command: Callable[[Path], tuple[list[str], dict[str, str] | None]],
    prepare: Callable[[Path], None] | None = None,
) -> Measure:
    return measure_alternating(runs, [make_command], prepare)[0]


def measure_alternating(
    runs: int,
    make_commands: list[Callable[[Path], tuple[list[str], dict[str, str] | None]]],
    prepare: Callable[[Path], None] | None = None,
) -> list[Measure]:
    """Each command measured *runs* times, the commands taking turns, so that a
    change of load during the run weighs on all of them alike."""
    times: list[list[float]] = [[] for _ in make_commands]
    cpus: list[list[float]] = [[] for _ in make_commands]
    peaks: list[list[float]] = [[] for _ in make_commands]
    ok = [True for _ in make_commands]
    stages: list[dict[str, list[float]]] = [{} for _ in make_commands]
    for _ in range(runs):
        for index, make_command in enumerate(make_commands):
            with tempfile.TemporaryDirectory() as folder:
                work = Path(folder)
                if prepare is not None:
                    prepare(work)
                command, env = make_command(work)
                seconds, peak, cpu, success, printed = run(command, work, env)
                times[index].append(seconds)
                cpus[index].append(cpu)
                peaks[index].append(peak)
                ok[index] = ok[index] and success
                for line in printed.splitlines():
                    if line.startswith("specgen: ") and " load " in line:
                        for name, value in _STAGE_LINE.findall(line):
                            stages[index].setdefault(name, []).append(float(value))
    return [
        Measure(
            statistics.median(times[i]),
            max(peaks[i]),
            ok[i],
            statistics.median(cpus[i]),
            {name: statistics.median(v) for name, v in stages[i].items()},
        )
        for i in range(len(make_commands))
    ]


def specgen_command(
    spec: Path, cache: Path, verbose: bool = False, checkout: Path = ROOT
) -> Callable[[Path], tuple[list[str], dict[str, str] | None]]:
    def command(work: Path) -> tuple[list[str], dict[str, str] | None]:
        env = {
            **os.environ,
            "SPECGEN_CACHE_DIR": str(cache),
            "PYTHONPATH": str(checkout),
        }
        return [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "-v" if verbose else "-q",
            "--spec",
            str(spec),
            "--out",
            str(work / "out"),
            "--package",
            "bench",
        ], env

    return command


def cold_command(
    spec: Path, cache_root: Path, checkout: Path
) -> Callable[[Path], tuple[list[str], dict[str, str] | None]]:
    """A cold run of *checkout*'s specgen: a new, empty cache each time."""

    def command(work: Path) -> tuple[list[str], dict[str, str] | None]:
        cache = cache_root / str(time.time_ns())
        return specgen_command(spec, cache, True, checkout)(work)

    return command


def installed_as_a_package(checkout: Path = ROOT) -> None:
    """Compile specgen's bytecode as installing a wheel does: a peer's modules are
    always loaded from bytecode, and compiling specgen's sources costs 0.06 s a run."""
    compileall.compile_dir(checkout / "generator", quiet=1)


def version(command: str, *arguments: str) -> str:
    try:
        printed = subprocess.run(
            [command, *arguments], capture_output=True, text=True, timeout=60
        ).stdout
    except OSError:
        return "not installed"
    return printed.strip().splitlines()[-1] if printed.strip() else "unknown"


def goals(
    parse: Measure, cold: Measure, noop: Measure, dcg: Measure | None
) -> tuple[str, bool]:
    """Which goal each document meets, and whether it meets them all."""
    cold_limit = max(2 * parse.seconds, dcg.seconds / 10 if dcg else 0.0, NOOP_FLOOR)
    noop_limit = max(2 * parse.seconds, NOOP_FLOOR)
    verdicts = [
        (
            "cold",
            cold.seconds <= cold_limit and cold.ok,
            f" (limit {cold_limit:.2f} s)",
        ),
        ("no-op", noop.seconds <= noop_limit and noop.ok, ""),
    ]
    if dcg is not None:
        verdicts.append(("peak", cold.peak_mib < dcg.peak_mib, ""))
    text = ", ".join(
        f"{name} {'yes' if met else 'NO'}{'' if met else limit}"
        for name, met, limit in verdicts
    )
    return text, all(met for _, met, _ in verdicts) and dcg is not None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--spec", action="append", type=Path, help="spec to measure (repeatable)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of another specgen whose cold runs are measured beside",
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="also write every measurement, unrounded, to this file",
    )
    args = parser.parse_args()
    specs = [s.resolve() for s in args.spec or default_specs()]
    missing = [s for s in specs if not s.is_file()]
    if missing:
        print(f"missing specs: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    dcg = shutil.which("datamodel-codegen") or str(
        Path(sys.executable).with_name("datamodel-codegen")
    )
    opc = shutil.which("openapi-python-client") or str(
        Path(sys.executable).with_name("openapi-python-client")
    )
    installed_as_a_package()
    baseline = None if args.baseline is None else args.baseline.resolve()
    if baseline is not None:
        installed_as_a_package(baseline)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = os.getloadavg()

    rows = []
    baselines: list[Measure | None] = []
    for spec in specs:
        print(f"measuring {label(spec)} ...", file=sys.stderr)
        parse = measure(
            args.runs,
            lambda work: ([sys.executable, "-c", PARSE_ONLY, str(spec)], None),
        )
        with tempfile.TemporaryDirectory() as cache_root:
            checkouts = [ROOT] if baseline is None else [ROOT, baseline]
            commands = [cold_command(spec, Path(cache_root), c) for c in checkouts]
            cold, *others = measure_alternating(args.runs, commands)
            # No-op: a first run fills the output and the cache, the measured run finds nothing to do.
            noop_out = Path(cache_root) / "noop"
            cache = Path(cache_root) / "noop-cache"
            first = specgen_command(spec, cache)(noop_out)
            run(first[0], ROOT, first[1])
            noop = measure(
                args.runs, lambda work: specgen_command(spec, cache)(noop_out)
            )
        peers: dict[str, Measure | None] = {"dcg": None, "opc": None}
        if not args.skip_peers and Path(dcg).exists():
            peers["dcg"] = measure(
                args.runs,
                lambda work: (
                    [
                        dcg,
                        "--input",
                        str(spec),
                        "--input-file-type",
                        "openapi",
                        "--output-model-type",
                        "dataclasses.dataclass",
                        "--output",
                        # A folder: a spec with modular references (Stripe) needs one.
                        str(work / "models"),
                    ],
                    None,
                ),
            )
        if not args.skip_peers and Path(opc).exists():
            peers["opc"] = measure(
                args.runs,
                lambda work: (
                    [
                        opc,
                        "generate",
                        "--path",
                        str(spec),
                        "--output-path",
                        str(work / "client"),
                        "--overwrite",
                    ],
                    None,
                ),
            )
        rows.append((spec, parse, cold, noop, peers))
        baselines.append(others[0] if others else None)

    def cell(m: Measure | None) -> str:
        if m is None:
            return "not installed"
        return f"{m.seconds:.2f} s, {m.peak_mib:.0f} MiB" + (
            "" if m.ok else " (failed)"
        )

    load_after = os.getloadavg()
    peer_versions = (
        None
        if args.skip_peers
        else {"dcg": version(dcg, "--version"), "opc": version(opc, "--version")}
    )
    print()
    print(
        f"{started:%Y-%m-%d %H:%M} UTC, {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"--runs {args.runs}; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after"
    )
    if peer_versions is not None:
        print(
            f"peers: {peer_versions['dcg']} (datamodel-code-generator), "
            f"{peer_versions['opc']}"
        )
    print()
    print(
        "| spec | parse only | specgen cold | specgen no-op | datamodel-code-generator "
        "| openapi-python-client | cold / dcg | cold / parse | no-op / parse "
        "| peak / dcg peak | goals met |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    met_all = 0
    for spec, parse, cold, noop, peers in rows:
        dcg_m = peers["dcg"]
        ratio_dcg = f"{cold.seconds / dcg_m.seconds:.2f}" if dcg_m else "-"
        peak_ratio = f"{cold.peak_mib / dcg_m.peak_mib:.2f}" if dcg_m else "-"
        verdict, all_met = goals(parse, cold, noop, dcg_m)
        met_all += all_met
        print(
            f"| {label(spec)} | {cell(parse)} | {cell(cold)} | {cell(noop)} | {cell(dcg_m)} "
            f"| {cell(peers['opc'])} | {ratio_dcg} | {cold.seconds / parse.seconds:.1f} "
            f"| {noop.seconds / parse.seconds:.1f} | {peak_ratio} | {verdict} |"
        )
    print()
    print(f"every goal met on {met_all} of {len(rows)} documents")
    print()
    print(
        "specgen cold by stage (wall seconds, medians of `-v`; "
        "outside: start-up, imports, planning names, exit):"
    )
    print()
    print("| spec | " + " | ".join(_STAGES) + " | outside |")
    print("|---|" + "---:|" * (len(_STAGES) + 1))
    for spec, _, cold, _, _ in rows:
        inside = sum(cold.stages.get(s, 0.0) for s in _STAGES)
        cells = " | ".join(f"{cold.stages.get(s, 0.0):.2f}" for s in _STAGES)
        print(f"| {label(spec)} | {cells} | {cold.seconds - inside:.2f} |")
    if baseline is not None:
        print()
        print(f"specgen cold beside the baseline {baseline} (same run, alternating):")
        print()
        print(
            "| spec | baseline wall | baseline CPU | wall | CPU "
            "| wall / baseline | CPU / baseline |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for (spec, _, cold, _, _), before in zip(rows, baselines, strict=True):
            assert before is not None
            print(
                f"| {label(spec)} | {before.seconds:.2f} | {before.cpu_seconds:.2f} "
                f"| {cold.seconds:.2f} | {cold.cpu_seconds:.2f} "
                f"| {cold.seconds / before.seconds:.2f} "
                f"| {cold.cpu_seconds / before.cpu_seconds:.2f} |"
            )
    if args.json is not None:
        record = {
            "started": f"{started:%Y-%m-%dT%H:%M:%SZ}",
            "runs": args.runs,
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": [load_before[0], load_after[0]],
            "peers": peer_versions,
            "specs": {
                label(spec): {
                    "parse": asdict(parse),
                    "cold": asdict(cold),
                    "noop": asdict(noop),
                    "baseline": None if before is None else asdict(before),
                    **{
                        name: None if m is None else asdict(m)
                        for name, m in peers.items()
                    },
                }
                for (spec, parse, cold, noop, peers), before in zip(
                    rows, baselines, strict=True
                )
            },
        }
        args.json.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
