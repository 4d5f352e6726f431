"""The ``specgen`` command: argument parsing, exit codes and messages for people.

Exit codes: 0 success; 2 bad input or configuration (one line naming the file,
the place and the reason); 3 an internal error (a bug in specgen).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.errors import SpecError

if TYPE_CHECKING:
    from generator.config import Target

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

# Deep but legal schemas recurse deeper than CPython's default allows.
_RECURSION_LIMIT = 6000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Usage errors are bad input too: one line, exit 2."""
        sys.stderr.write(f"specgen: error: {message} (see 'specgen --help')\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="specgen",
        description="Generate typed Python bindings from OpenAPI documents.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )

    generate = commands.add_parser("generate", help="write the generated package")
    generate.add_argument("--spec", help="OpenAPI document (YAML or JSON)")
    generate.add_argument(
        "--out", help="output folder; the package is written to OUT/PACKAGE"
    )
    generate.add_argument("--package", help="name of the generated package")
    generate.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing on success"
    )

    show = commands.add_parser(
        "ir", help="print the intermediate representation as JSON"
    )
    show.add_argument("--spec", help="OpenAPI document (YAML or JSON)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
    spec_hint = getattr(args, "spec", None)
    try:
        if args.command == "generate":
            return _generate(args)
        return _show_ir(args)
    except SpecError as exc:
        sys.stderr.write(f"specgen: error: {exc}\n")
        return EXIT_BAD_INPUT
    except RecursionError:
        sys.stderr.write(
            f"specgen: error: {spec_hint or 'spec'}: schemas nest too deeply to process\n"
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except (
        Exception
    ) as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        sys.stderr.write(
            f"specgen: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in specgen. Please report it with the command you ran and "
            f"the spec's SHA-256 ({_sha256(spec_hint)}), not the spec itself.\n"
        )
        return EXIT_INTERNAL


def _target(args: argparse.Namespace) -> Target:
    from generator.config import resolve_target

    return resolve_target(
        spec=args.spec,
        out=getattr(args, "out", None),
        package=getattr(args, "package", None),
        cwd=Path.cwd(),
    )


def _generate(args: argparse.Namespace) -> int:
    from generator.pipeline import generate

    started = time.perf_counter()
    api, report = generate(_target(args))
    for warning in api.warnings:
        sys.stderr.write(f"specgen: warning: {warning}\n")
    if not args.quiet:
        print(
            f"specgen: {len(api.models)} models, {len(api.operations)} operations; "
            f"files {len(report.written)} written, {len(report.unchanged)} unchanged, "
            f"{len(report.removed)} removed in {time.perf_counter() - started:.2f}s"
        )
    return EXIT_OK


def _show_ir(args: argparse.Namespace) -> int:
    from generator.pipeline import ir_json, load_api

    sys.stdout.write(ir_json(load_api(_target(args).spec)))
    return EXIT_OK


def _sha256(path: str | None) -> str:
    try:
        return (
            hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else "unknown"
        )
    except OSError:
        return "unknown"
