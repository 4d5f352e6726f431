"""Wall time and peak memory of specgen against its peers on the big corpus specs.

Run by hand, never in CI (timings belong here, not in tests):

    python benchmarks/bench.py                 # every spec in ../shared/corpus/big, 3 runs each
    python benchmarks/bench.py --runs 5 --spec ../shared/corpus/big/openai.yaml

Each measurement is a whole process (start-up included), the median of --runs runs,
with the peak resident memory of the process.  Peers that are not installed are
skipped and said so.  Ratios compare specgen with the peers measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIG = ROOT.parent / "shared" / "corpus" / "big"
DEFAULT_SPECS = (
    "github_api.github.com.json",
    "stripe_spec3_2023-09.yaml",
    "openai.yaml",
)

PARSE_ONLY = """
import json, sys, yaml
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
json.loads(text) if path.endswith(".json") else yaml.load(text, Loader=yaml.CSafeLoader)
"""


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    ok: bool


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, bool]:
    # stderr goes to a file: a pipe read only after the process ends would fill up
    # and stall a peer that warns a lot (openapi-python-client on GitHub's spec).
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace")[-500:])
    return elapsed, usage.ru_maxrss / 1024, process.returncode == 0


def measure(
    runs: int,
    make_command: Callable[[Path], tuple[list[str], dict[str, str] | None]],
    prepare: Callable[[Path], None] | None = None,
) -> Measure:
    times, peaks, ok = [], [], True
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            if prepare is not None:
                prepare(work)
            command, env = make_command(work)
            seconds, peak, success = run(command, work, env)
            times.append(seconds)
            peaks.append(peak)
            ok = ok and success
    return Measure(statistics.median(times), max(peaks), ok)


def specgen_command(
    spec: Path, cache: Path
) -> Callable[[Path], tuple[list[str], dict[str, str] | None]]:
    def command(work: Path) -> tuple[list[str], dict[str, str] | None]:
        env = {**os.environ, "SPECGEN_CACHE_DIR": str(cache)}
        return [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "-q",
            "--spec",
            str(spec),
            "--out",
            str(work / "out"),
            "--package",
            "bench",
        ], env

    return command


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--spec", action="append", type=Path, help="spec to measure (repeatable)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    specs = [s.resolve() for s in args.spec or [BIG / name for name in DEFAULT_SPECS]]
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

    rows = []
    for spec in specs:
        print(f"measuring {spec.name} ...", file=sys.stderr)
        parse = measure(
            args.runs,
            lambda work: ([sys.executable, "-c", PARSE_ONLY, str(spec)], None),
        )
        with tempfile.TemporaryDirectory() as cache_root:
            cold = measure(
                args.runs,
                lambda work: specgen_command(
                    spec, Path(cache_root) / str(time.time_ns())
                )(work),
            )
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
        rows.append((spec.name, parse, cold, noop, peers))

    def cell(m: Measure | None) -> str:
        if m is None:
            return "not installed"
        return f"{m.seconds:.2f} s, {m.peak_mib:.0f} MiB" + (
            "" if m.ok else " (failed)"
        )

    print()
    print(
        "| spec | parse only | specgen cold | specgen no-op | datamodel-code-generator | openapi-python-client | cold / dcg | cold / parse | no-op / parse | peak / dcg peak |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, parse, cold, noop, peers in rows:
        dcg_m = peers["dcg"]
        ratio_dcg = f"{cold.seconds / dcg_m.seconds:.2f}" if dcg_m else "-"
        peak_ratio = f"{cold.peak_mib / dcg_m.peak_mib:.2f}" if dcg_m else "-"
        print(
            f"| {name} | {cell(parse)} | {cell(cold)} | {cell(noop)} | {cell(dcg_m)} | {cell(peers['opc'])} "
            f"| {ratio_dcg} | {cold.seconds / parse.seconds:.1f} | {noop.seconds / parse.seconds:.1f} | {peak_ratio} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
