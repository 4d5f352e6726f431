"""``[tool.specgen]`` in the nearest pyproject.toml, merged with command-line flags.

The table holds one target (``spec``/``docs``/``out``/``package`` at its top level) or
several (``[[tool.specgen.targets]]``, each with a ``name``); top-level values are
defaults for every target.  Paths are relative to the pyproject.toml that names them.
Flags given on the command line override the file.
"""

from __future__ import annotations

import sys

from pathlib import Path
from typing import Any, cast

import msgspec

from generator.errors import ConfigError
from generator.format import DEFAULT as DEFAULT_FORMATTER
from generator.format import FORMATTERS, Formatter
from generator.ir.identifiers import is_identifier, snake_case
from generator.ir.selection import OUTPUTS, Selection
from generator.write.tree import check_confined

_FILTER_KEYS = ("include_tags", "exclude_tags", "include_paths")
_TARGET_KEYS = {
    "name",
    "spec",
    "docs",
    "out",
    "package",
    "docs_wire_case",
    "emit",
    "strict",
    "formatter",
    *_FILTER_KEYS,
}
_WIRE_CASES = ("snake", "camel", "as-shown")
_TOP_KEYS = (_TARGET_KEYS - {"name"}) | {"targets"}


class Target(msgspec.Struct, frozen=True):
    """What one generation run reads and where it writes."""

    name: str
    spec: Path | None
    docs: tuple[Path, ...]
    out: Path
    package: str
    docs_wire_case: str = "snake"
    """How wire names are guessed from docs: ``snake``, ``camel`` or ``as-shown``."""
    emit: frozenset[str] = frozenset(OUTPUTS)
    selection: Selection = Selection()
    strict: bool = False
    """Every diagnostic is an error (exit 2, nothing written)."""
    formatter: Formatter = DEFAULT_FORMATTER
    """What formats the generated modules: ``ruff``, ``black`` or ``none``."""


class Overrides(msgspec.Struct, frozen=True):
    """Values given as command-line flags (None: not given)."""

    target: str | None = None
    spec: str | None = None
    docs: tuple[str, ...] = ()
    out: str | None = None
    package: str | None = None
    docs_wire_case: str | None = None
    emit: str | None = None
    """Comma-separated, as on the command line."""
    include_tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    include_paths: tuple[str, ...] = ()
    strict: bool | None = None
    formatter: str | None = None

    @property
    def names_inputs(self) -> bool:
        return self.spec is not None or bool(self.docs)


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def resolve_targets(overrides: Overrides, cwd: Path) -> list[Target]:
    """The targets a command works on, in the order the configuration lists them."""
    pyproject = find_pyproject(cwd)
    table = _read_table(pyproject) if pyproject else {}
    base = pyproject.parent if pyproject else cwd
    where = str(pyproject) if pyproject else "pyproject.toml"
    defaults = {k: v for k, v in table.items() if k != "targets"}
    entries = table.get("targets")
    if entries is None:
        # str(): a non-string package is reported as the package, not as the name.
        name = str(defaults.get("package", "default"))
        entries = [{"name": name}] if defaults else []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(where, "[tool.specgen] targets", "must be an array of tables")

    if overrides.target is None and overrides.names_inputs:
        # Inputs named on the command line: one target, nothing taken from the file's targets.
        return [
            _target(
                {"name": "command-line", **_only_outputs(defaults)},
                base,
                where,
                overrides,
            )
        ]
    if overrides.target is not None:
        chosen = [e for e in entries if e.get("name") == overrides.target]
        if not chosen:
            known = ", ".join(str(e.get("name")) for e in entries) or "none"
            raise ConfigError(
                where,
                "--target",
                f"no target named {overrides.target!r} (known: {known})",
            )
        entries = chosen
    if not entries:
        raise ConfigError(
            "specgen",
            "--spec",
            "no input given: pass --spec or --docs, or configure [tool.specgen]",
        )
    return [_target({**defaults, **entry}, base, where, overrides) for entry in entries]


def check_package_name(
    name: str, file: str = "specgen", key: str = "--package"
) -> None:
    """A package name becomes a folder: it must be a plain identifier, never a path."""
    if not is_identifier(name) or name.startswith("_"):
        raise ConfigError(file, key, f"{name!r} is not a valid Python package name")
    if shadows(name):
        raise ConfigError(
            file,
            key,
            f"{name!r} would shadow the module of that name, which the generated"
            " package imports (or could); choose another package name",
        )
    check_confined(name, {})  # also refuses Windows device names such as 'con'


_DEPENDENCIES = frozenset(
    {"httpx", "httpcore", "h11", "anyio", "sniffio", "certifi", "idna"}
)
"""What the generated package imports besides the standard library: httpx and what
httpx imports.  A package of one of these names (or of a standard module's, such as
``typing``, ``json`` or ``dataclasses``) sits first on ``sys.path`` beside the code
that imports it, so that its own ``import httpx`` finds itself."""


def _read_table(pyproject: Path) -> dict[str, Any]:
    import tomllib  # only where there is a pyproject.toml to read

    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(pyproject), "", f"invalid TOML: {exc}") from None
    table = document.get("tool", {}).get("specgen", {})
    if not isinstance(table, dict):
        raise ConfigError(str(pyproject), "[tool.specgen]", "must be a table")
    for key in table:
        if key not in _TOP_KEYS:
            raise ConfigError(str(pyproject), f"[tool.specgen] {key}", "unknown key")
    for index, entry in enumerate(table.get("targets") or []):
        for key in entry if isinstance(entry, dict) else ():
            if key not in _TARGET_KEYS:
                raise ConfigError(
                    str(pyproject),
                    f"[[tool.specgen.targets]] #{index + 1} {key}",
                    "unknown key",
                )
    return table


def _only_outputs(defaults: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v
        for k, v in defaults.items()
        if k in ("out", "package", "strict", "formatter")
    }


def _target(
    entry: dict[str, Any], base: Path, where: str, overrides: Overrides
) -> Target:
    label = f"target {entry.get('name')!r}"
    for key in ("name", "spec", "out", "package"):
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(where, f"{label} {key}", "must be a string")
    docs_value = entry.get("docs", [])
    if isinstance(docs_value, str):
        docs_value = [docs_value]
    if not isinstance(docs_value, list) or not all(
        isinstance(d, str) for d in docs_value
    ):
        raise ConfigError(
            where, f"{label} docs", "must be a string or an array of strings"
        )

    spec = (
        Path(overrides.spec)
        if overrides.spec
        else (base / entry["spec"] if "spec" in entry else None)
    )
    if overrides.docs:
        docs = tuple(Path(d) for d in overrides.docs)
    elif overrides.spec:
        docs = ()
    else:
        docs = tuple(base / d for d in docs_value)
    if spec is None and not docs:
        raise ConfigError(where, label, "names neither a spec nor docs")
    out = Path(overrides.out) if overrides.out else base / entry.get("out", "generated")
    package = (
        overrides.package if overrides.package is not None else entry.get("package")
    )
    if package is None:
        package = _package_from(spec or docs[0])
    if overrides.package is None:
        check_package_name(package, where, f"{label} package")
    else:
        check_package_name(package)
    wire_case = overrides.docs_wire_case or entry.get("docs_wire_case", "snake")
    if wire_case not in _WIRE_CASES:
        raise ConfigError(
            where,
            f"{label} docs_wire_case",
            f"must be one of {', '.join(_WIRE_CASES)}",
        )
    strict = entry.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(where, f"{label} strict", "must be true or false")
    formatter = overrides.formatter or entry.get("formatter", DEFAULT_FORMATTER)
    if formatter not in FORMATTERS:
        raise ConfigError(
            "specgen" if overrides.formatter else where,
            "--formatter" if overrides.formatter else f"{label} formatter",
            f"must be one of {', '.join(FORMATTERS)}",
        )
    return Target(
        name=str(entry.get("name", package)),
        strict=bool(overrides.strict) or strict,
        formatter=cast("Formatter", formatter),
        spec=spec,
        docs=docs,
        out=out,
        package=package,
        docs_wire_case=wire_case,
        emit=_emit(
            overrides.emit.split(",") if overrides.emit else entry.get("emit"),
            where,
            label,
        ),
        selection=Selection(
            **{
                key: tuple(getattr(overrides, key))
                or _strings(entry.get(key, []), where, f"{label} {key}")
                for key in _FILTER_KEYS
            }
        ),
    )


def _emit(value: Any, where: str, label: str) -> frozenset[str]:
    if value is None:
        return frozenset(OUTPUTS)
    chosen = frozenset(v.strip() for v in _strings(value, where, f"{label} emit"))
    unknown = sorted(chosen - set(OUTPUTS))
    if unknown or not chosen:
        raise ConfigError(
            where,
            f"{label} emit",
            f"must name some of {', '.join(OUTPUTS)} (got {', '.join(unknown) or 'nothing'})",
        )
    if "client" in chosen and "dataclasses" not in chosen:
        raise ConfigError(
            where,
            f"{label} emit",
            "client needs dataclasses: the client decodes into them",
        )
    return chosen


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, key, "must be a string or an array of strings")
    return tuple(value)


def shadows(name: str) -> bool:
    """Would a package of this name hide a module its own code imports?"""
    return name in sys.stdlib_module_names or name in _DEPENDENCIES


def _package_from(path: Path) -> str:
    """The package named after the spec (``types.yaml`` gives ``types_api``: a
    package ``types`` would hide the module)."""
    name = snake_case(path.stem) or "api"
    if not is_identifier(name):
        return "api"
    return f"{name}_api" if shadows(name) else name
