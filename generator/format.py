"""Formatting the generated modules: ruff (the default), black, or none.

Templates write code that is close to formatted (one statement a line, the
template's own indentation) and leave long lines to the formatter:

- ``ruff``: ``ruff format``, run once per run over every module (its threads
  format the modules in parallel), isolated from any configuration the user has,
  so that the bytes depend only on the modules and on ruff's version (pinned, and
  part of the no-op fingerprint: see :func:`version`).
- ``black``: black's own output (for teams whose CI runs ``black --check``), at
  black's speed; black is an optional extra (``specgen[black]``).
- ``none``: the templates' text as it is, for teams that format with their own tool.

Either formatter refusing a module means the templates wrote something that is not
Python: a :class:`FormatError` (a bug in specgen, never a traceback).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from generator import collector, timing
from generator.errors import ConfigError

if TYPE_CHECKING:
    import subprocess

Formatter = Literal["ruff", "black", "none"]
FORMATTERS: tuple[str, ...] = get_args(Formatter)
DEFAULT: Formatter = "ruff"

LINE_LENGTH = 88
TARGET_VERSION = "py311"

BLACK_INSTALL = "pip install 'specgen[black]'"


class FormatError(Exception):
    """A formatter refused a generated module, or could not be run."""


def format_modules(
    modules: Mapping[str, str],
    formatter: Formatter = DEFAULT,
    *,
    consume: bool = False,
) -> dict[str, str]:
    """Each file's text (name -> text, names relative to the package) formatted:
    Python modules (``.py``), and with ruff the Python examples in Markdown
    (``.md``); black leaves Markdown as it is.

    With *consume* (and a dict), each text is taken out of *modules* once it is
    written for ruff, so that a big package's text is held once, not three times
    (as rendered, in pieces, formatted).
    """
    if formatter == "none" or not modules:
        return dict(modules)
    with timing.stage("format"):
        if formatter == "ruff":
            owned = modules if consume and isinstance(modules, dict) else dict(modules)
            return _ruff(owned)
        python = {n: t for n, t in modules.items() if n.endswith(".py")}
        formatted = _black(python)
        return {n: formatted.get(n, t) for n, t in modules.items()}


def require(formatter: str) -> None:
    """Refuse, before a run does any work, a formatter that cannot run here."""
    if formatter not in FORMATTERS:
        raise ConfigError(
            "specgen", "formatter", f"must be one of {', '.join(FORMATTERS)}"
        )
    if formatter == "black" and importlib.util.find_spec("black") is None:
        raise _black_missing()


def _black_missing() -> ConfigError:
    return ConfigError(
        "specgen",
        "formatter",
        f'"black" needs black, which is not installed: {BLACK_INSTALL}',
    )


def version(formatter: str) -> str:
    """The formatter and its installed version, read without running or importing it.

    Part of the output's identity (see :mod:`generator.cli.fingerprint`): another
    formatter, or another version of one, may lay the same code out otherwise.
    """
    if formatter == "none":
        return "none"
    spec = importlib.util.find_spec(formatter)
    if spec is None:
        return f"{formatter}: not installed"
    # The distribution's folder beside the package names its version: a no-op
    # run computes this, and importlib.metadata alone takes longer to import.
    for location in spec.submodule_search_locations or ():
        for found in Path(location).parent.glob(f"{formatter}-*.dist-info"):
            return f"{formatter} {found.name[len(formatter) + 1 : -len('.dist-info')]}"
    from importlib import metadata

    try:
        return f"{formatter} {metadata.version(formatter)}"
    except metadata.PackageNotFoundError:
        return f"{formatter}: version unknown"


# -- ruff ---------------------------------------------------------------------


def _ruff(modules: dict[str, str]) -> dict[str, str]:
    """``ruff format`` over every module at once, a big module in pieces; the
    texts are taken out of *modules* as they are written.

    A module of megabytes is cut into pieces at its top-level statements (see
    :func:`pieces`), each formatted as a file of its own: ruff's memory then
    follows the piece, not the module (a 100 MB module took ruff 2 GB whole), and
    its threads share a big module's work.  Formatted pieces joined by two blank
    lines are ruff's text for the whole module, because every cut is where the
    template already put two blank lines between top-level statements.  A cut
    that is not such a place (spec text that looks like one inside a string)
    leaves a piece that does not parse: the cut modules are then formatted whole,
    from a copy kept on disk.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="specgen-format-") as folder:
        counts: dict[str, int] = {}
        files: dict[tuple[str, int], Path] = {}
        wholes: dict[str, Path] = {}
        for name in list(modules):
            text = modules.pop(name)
            parts = pieces(text) if name.endswith(".py") else [text]
            if len(parts) > 1:
                wholes[name] = _write(Path(folder, "whole", *name.split("/")), text)
            del text
            counts[name] = len(parts)
            for index, piece in enumerate(parts):
                files[name, index] = _write(_piece_path(folder, name, index), piece)
            del parts
        try:
            _run_ruff(folder, files)
        except FormatError:
            if not wholes:
                raise
            # Every module again, the cut ones whole: a module that was never
            # cut and does not parse must still stop the run.
            for name, path in wholes.items():
                counts[name] = 1
                files[name, 0] = path
            _run_ruff(folder, {(name, 0): files[name, 0] for name in counts})
        return {
            name: "\n\n".join(_read(files[name, i]) for i in range(count))
            for name, count in counts.items()
        }


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


PIECE_CHARACTERS = 250_000
"""About how much of a module one piece holds (a module smaller than twice this
is formatted whole): small enough to bound ruff's memory and share the work among
its threads, big enough that a piece's file costs little."""

_TOP_LEVEL = re.compile(r"\n\n\n(?=[^\s#])")
"""Two blank lines, then a top-level statement: where the templates separate
top-level definitions (a comment is left with the statement it precedes)."""


def pieces(text: str, size: int | None = None) -> list[str]:
    """*text* cut at top-level statements into pieces of about *size* characters
    (one piece for a module under twice that); joined with ``"\\n\\n"``, the
    pieces are *text* again."""
    if size is None:
        size = PIECE_CHARACTERS  # read now: a test may change it
    if len(text) < 2 * size:
        return [text]
    found: list[str] = []
    start = 0
    for match in _TOP_LEVEL.finditer(text, size):
        if match.start() - start < size:
            continue
        found.append(text[start : match.start()] + "\n")
        start = match.end()
    found.append(text[start:])
    return found


def _run_ruff(folder: str, paths: Mapping[tuple[str, int], Path]) -> None:
    """``ruff format`` over the files at *paths* (keyed by module name and piece),
    in place, in one run."""
    import subprocess  # only a run that formats (a no-op run reads the version)

    command = [
        _ruff_binary(),
        "format",
        "--isolated",  # no ruff.toml nor pyproject.toml of the user's
        "--no-cache",
        "--line-length",
        str(LINE_LENGTH),
        "--target-version",
        TARGET_VERSION,
        "--config",
        "format.line-ending = 'lf'",
        # Files named on the command line are formatted whatever their folder
        # (ruff's default exclusions apply only to the folders it walks).
        "--",
        *(str(path) for path in paths.values()),
    ]
    # Nor settings from the environment (RUFF_CACHE_DIR, RUFF_OUTPUT_FORMAT...).
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RUFF_")}
    try:
        result = subprocess.run(
            command, capture_output=True, env=environment, cwd=folder, check=False
        )
    except OSError as exc:
        raise FormatError(
            f"ruff could not be run ({exc}); reinstall specgen, or choose"
            ' formatter = "none"'
        ) from None
    if result.returncode != 0:
        raise _ruff_error(result, folder, paths)


def _piece_path(folder: str, name: str, index: int) -> Path:
    """Where piece *index* of module *name* is written: the module's own name for
    its first piece (ruff's messages then name the module), a sibling for others."""
    path = Path(folder, *name.split("/"))
    if index == 0:
        return path
    return path.with_name(f"{path.stem}.piece{index}{path.suffix}")


def _ruff_binary() -> str:
    try:
        from ruff import find_ruff_bin
    except ImportError:
        raise FormatError(
            "ruff is not installed (it is a dependency of specgen): pip install"
            ' specgen, or choose formatter = "none"'
        ) from None
    try:
        binary: str = find_ruff_bin()
    except FileNotFoundError as exc:
        raise FormatError(f"ruff's binary is missing: {exc}") from None
    return binary


_PARSE_ERROR = re.compile(r"Failed to parse (.+?):(\d+):(\d+): (.*)")


def _ruff_error(
    result: subprocess.CompletedProcess[bytes],
    folder: str,
    paths: Mapping[tuple[str, int], Path],
) -> FormatError:
    """What ruff said, in terms of the module and the line it refused (of the
    piece it refused, when a module was cut: the whole module is then tried)."""
    output = result.stderr.decode("utf-8", "replace")
    # Ruff names a file relative to its working folder (the temporary one).
    by_path = {str(path): key for key, path in paths.items()}
    by_path.update({os.path.relpath(path, folder): key for key, path in paths.items()})
    for line in output.splitlines():
        found = _PARSE_ERROR.search(line)
        if found and found.group(1) in by_path:
            key = by_path[found.group(1)]
            number = int(found.group(2))
            return _invalid(
                key[0],
                f"ruff: line {number}, column {found.group(3)}: {found.group(4)}",
                _read(paths[key]),
                number,
            )
    detail = " ".join(output.split())[-500:] or f"exit status {result.returncode}"
    return FormatError(f"ruff failed on the generated modules: {detail}")


def _invalid(name: str, where: str, text: str, number: int) -> FormatError:
    lines = text.splitlines()
    source = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    quoted = f" in {source[:200]!r}" if source else ""
    return FormatError(
        f"the generated module {name} is not valid Python ({where}{quoted})"
    )


# -- black --------------------------------------------------------------------


def _black(modules: Mapping[str, str]) -> dict[str, str]:
    """Black's text for each module, through its API (no configuration read)."""
    try:
        import black
        from black.mode import TargetVersion
        from black.parsing import InvalidInput
    except ImportError:
        raise _black_missing() from None
    mode = black.Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)
    formatted = {}
    # Black's syntax trees are cycles: see generator.collector.
    with collector.running():
        for name, text in modules.items():
            try:
                formatted[name] = black.format_str(text, mode=mode)
            except InvalidInput as exc:
                # "cannot parse: LINE:COLUMN", then the line and a caret.
                found = re.search(r"(\d+):(\d+)", str(exc))
                if found is None:
                    raise FormatError(f"black refused {name}: {exc}") from None
                where = f"black: line {found.group(1)}, column {found.group(2)}"
                raise _invalid(name, where, text, int(found.group(1))) from None
    return formatted
