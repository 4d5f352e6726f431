"""The ``specgen`` command: argument parsing, exit codes and messages for people.

Exit codes: 0 success; 2 bad input or configuration (one line naming the file,
the place and the reason); 3 an internal error (a bug in specgen).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from generator import __version__, collector, timing
from generator.diagnostics import StrictError
from generator.errors import ConfigError, SpecError
from generator.format import FORMATTERS, FormatError

if TYPE_CHECKING:
    from generator import ir
    from generator.cli.config import Target
    from generator.markdown import WireCase

EXIT_OK = 0
EXIT_DRIFT = 1
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

    generate = commands.add_parser("generate", help="write the generated package(s)")
    _add_input_options(generate)
    generate.add_argument(
        "--out", help="output folder; the package is written to OUT/PACKAGE"
    )
    generate.add_argument("--package", help="name of the generated package")
    generate.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing on success"
    )
    generate.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print the time spent in each stage",
    )
    generate.add_argument(
        "--force",
        action="store_true",
        help="overwrite files in the output folder that specgen did not write",
    )
    _add_strict_option(generate)
    _add_formatter_option(generate)

    check = commands.add_parser(
        "check",
        help="exit 1 with a diff when the output folder is not what generate would write",
    )
    _add_input_options(check)
    check.add_argument("--out", help="output folder holding OUT/PACKAGE")
    check.add_argument("--package", help="name of the generated package")
    check.add_argument(
        "--stat",
        action="store_true",
        help="list the files that differ instead of a diff",
    )
    _add_strict_option(check)
    _add_formatter_option(check)

    show = commands.add_parser(
        "ir", help="print the intermediate representation as JSON"
    )
    _add_input_options(show)
    _add_strict_option(show)

    drift = commands.add_parser(
        "drift",
        help="list where markdown docs and the spec disagree; exit 1 when they do",
    )
    _add_input_options(drift)
    return parser


def _add_strict_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--strict",
        action="store_true",
        default=None,
        help="treat every warning as an error: exit 2 and write nothing",
    )


def _add_formatter_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--formatter",
        choices=FORMATTERS,
        help="what formats the generated modules (default: ruff; black needs"
        " specgen[black]; none: as the templates write them)",
    )


def _add_input_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--spec", help="OpenAPI document (YAML or JSON)")
    command.add_argument(
        "--docs",
        action="append",
        default=[],
        help="Speakeasy-style markdown docs: a folder or one page (repeatable)",
    )
    command.add_argument(
        "--docs-wire-case",
        choices=("snake", "camel", "as-shown"),
        help="how to guess wire names from docs names (default: snake)",
    )
    command.add_argument(
        "--emit",
        help="outputs to write, comma-separated: dataclasses,typeddicts,client (default: all)",
    )
    command.add_argument(
        "--include-tags",
        help="only operations with one of these tags (comma-separated)",
    )
    command.add_argument(
        "--exclude-tags", help="leave out operations with these tags (comma-separated)"
    )
    command.add_argument(
        "--include-paths",
        help="only operations whose path matches one of these globs (comma-separated)",
    )
    command.add_argument(
        "--target",
        help="the [[tool.specgen.targets]] entry to use (default: all of them)",
    )


def run() -> NoReturn:
    """The ``specgen`` command: :func:`main`, then exit without tearing down the heap.

    After a big spec the heap holds hundreds of MiB of objects; freeing them one by
    one at exit took 0.1-0.2 s of every run, for nothing (mypy exits the same way).
    Every file is written and closed by then; the streams are flushed here.
    """
    code = main()  # SystemExit (--help, a usage error) goes the usual way
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
    try:
        # What a command builds lives until it ends: see generator.collector.
        with collector.paused():
            return _command(args)
    except StrictError as exc:
        for diagnostic in exc.diagnostics:
            sys.stderr.write(f"specgen: error: {diagnostic}\n")
        sys.stderr.write(
            f"specgen: error: {len(exc.diagnostics)} problem(s) and --strict "
            "(strict = true); nothing was written\n"
        )
        return EXIT_BAD_INPUT
    except SpecError as exc:
        sys.stderr.write(f"specgen: error: {exc}\n")
        return EXIT_BAD_INPUT
    except FormatError as exc:
        sys.stderr.write(
            f"specgen: error: {exc}\n"
            "Nothing was written. If the message names a generated module, this is"
            " a bug in specgen: please report it with the command you ran and the"
            f" spec's SHA-256 ({_sha256s()}), not the spec itself.\n"
        )
        return EXIT_INTERNAL
    except RecursionError:
        sys.stderr.write(
            f"specgen: error: {args.spec or 'spec'}: schemas nest too deeply to process\n"
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
            f"the spec's SHA-256 ({_sha256s()}), not the spec itself.\n"
        )
        return EXIT_INTERNAL


def _targets(args: argparse.Namespace) -> list[Target]:
    from generator.cli.config import Overrides, resolve_targets

    overrides = Overrides(
        target=args.target,
        spec=args.spec,
        docs=tuple(args.docs),
        docs_wire_case=args.docs_wire_case,
        emit=args.emit,
        include_tags=_comma_list(args.include_tags),
        exclude_tags=_comma_list(args.exclude_tags),
        include_paths=_comma_list(args.include_paths),
        out=getattr(args, "out", None),
        package=getattr(args, "package", None),
        strict=getattr(args, "strict", None),
        formatter=getattr(args, "formatter", None),
    )
    targets = resolve_targets(overrides, Path.cwd())
    _specs_in_use[:] = [t.spec for t in targets if t.spec is not None]
    return targets


# The specs of the running command, so that a bug report can name their hashes.
_specs_in_use: list[Path] = []


def _command(args: argparse.Namespace) -> int:
    if args.command == "generate":
        return _generate(args)
    if args.command == "check":
        return _check(args)
    if args.command == "drift":
        return _drift(args)
    return _show_ir(args)


def _generate(args: argparse.Namespace) -> int:
    from generator.cli import fingerprint

    targets = _targets(args)
    # Render every target before writing any: bad input never leaves a half-updated tree.
    rendered = []
    for target in targets:
        started = time.perf_counter()
        counts = None if args.force else fingerprint.is_up_to_date(target)
        if counts is not None:
            # Nothing that decides the output changed: stop before parsing anything,
            # after clearing what a killed run may have left beside the package.
            from generator.write.tree import recover

            recover(target.out, target.package)
            if not args.quiet:
                print(
                    f"specgen: {target.name}: {counts[0]} models, {counts[1]} operations; "
                    f"up to date, nothing written in {time.perf_counter() - started:.2f}s"
                )
            continue
        from generator.cli.pipeline import render  # only now: it imports jinja2

        api, files = render(target)
        inputs = {Path(name) for name in api.input_files}
        rendered.append(
            (
                target,
                api,
                files,
                inputs,
                time.perf_counter() - started,
                timing.take(),
            )
        )
    from generator.write.tree import MANIFEST, write_tree

    for target, api, files, inputs, render_seconds, stages in rendered:
        started = time.perf_counter()
        with timing.stage("write"):
            report = write_tree(target.out, target.package, files, force=args.force)
        written = [target.out / name for name in files]
        written.append(target.out / target.package / MANIFEST)
        fingerprint.remember(
            target, inputs, written, len(api.models), len(api.operations)
        )
        seconds = render_seconds + time.perf_counter() - started
        stages.update(timing.take())
        _warn(api)
        if not args.quiet:
            print(
                f"specgen: {target.name}: {len(api.models)} models, "
                f"{len(api.operations)} operations; files {len(report.written)} written, "
                f"{len(report.unchanged)} unchanged, {len(report.removed)} removed "
                f"in {seconds:.2f}s"
            )
        if args.verbose:
            print(
                f"specgen: {target.name}: "
                + ", ".join(
                    f"{name} {stages[name]:.2f}s" for name in _STAGES if name in stages
                )
            )
    return EXIT_OK


_STAGES = ("load", "ir", "render", "format", "write")


def _check(args: argparse.Namespace) -> int:
    """Like ``black --check``: regenerate in memory, compare, never write."""
    from generator.cli.pipeline import render
    from generator.write.tree import diff_tree, plan_tree

    stale = False
    for target in _targets(args):
        api, files = render(target)
        _warn(api)
        if args.stat:
            plan = plan_tree(target.out, target.package, files)
            for relative in plan.changed:
                exists = (target.out / relative).exists()
                print(f"{'changed' if exists else 'missing'}: {target.out / relative}")
            for relative in plan.stale:
                print(f"stale: {target.out / relative}")
            differs = bool(plan.changed or plan.stale)
        else:
            lines = diff_tree(target.out, target.package, files)
            sys.stdout.writelines(lines)
            differs = bool(lines)
        stale = stale or differs
        if differs:
            sys.stderr.write(
                f"specgen: {target.name}: {target.out / target.package} is out of date; "
                "run specgen generate\n"
            )
    return EXIT_DRIFT if stale else EXIT_OK


def _show_ir(args: argparse.Namespace) -> int:
    from generator.cli.pipeline import load_api
    from generator.python.ir_json import ir_json

    api = load_api(_single_target(args))
    _warn(api)
    sys.stdout.write(ir_json(api))
    return EXIT_OK


def _warn(api: ir.Api) -> None:
    """Each diagnostic as one ``specgen: warning: FILE: line N: message`` line."""
    for diagnostic in api.diagnostics:
        sys.stderr.write(f"specgen: warning: {diagnostic}\n")


def _single_target(args: argparse.Namespace) -> Target:
    targets = _targets(args)
    if len(targets) > 1:
        names = ", ".join(t.name for t in targets)
        raise ConfigError(
            "specgen",
            "--target",
            f"several targets are configured ({names}); choose one",
        )
    return targets[0]


def _comma_list(value: str | None) -> tuple[str, ...]:
    return (
        tuple(part.strip() for part in value.split(",") if part.strip())
        if value
        else ()
    )


def _sha256s() -> str:
    digests = []
    for spec in _specs_in_use:
        try:
            digests.append(hashlib.sha256(spec.read_bytes()).hexdigest())
        except OSError:
            digests.append("unreadable")
    return ", ".join(digests) or "no spec was read"


def _drift(args: argparse.Namespace) -> int:
    """One line per disagreement (``page:line: subject: what``); exit 1 when any."""
    from generator.markdown.merge import drift_report

    target = _single_target(args)
    found, diagnostics = drift_report(
        target.spec, target.docs, cast("WireCase", target.docs_wire_case)
    )
    for diagnostic in diagnostics:
        sys.stderr.write(f"specgen: warning: {diagnostic}\n")
    for item in found:
        print(item)
    return 1 if found else EXIT_OK
