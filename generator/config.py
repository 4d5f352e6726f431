"""``[tool.specgen]`` in the nearest pyproject.toml, merged with command-line flags."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ConfigError
from generator.naming import is_identifier

_KEYS = {"spec", "out", "package"}


@dataclass(frozen=True, slots=True)
class Target:
    """What one generation run reads and where it writes."""

    spec: Path
    out: Path
    package: str


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path) -> tuple[dict[str, Any], Path | None]:
    """The ``[tool.specgen]`` table (paths made absolute) and the file it came from."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        return {}, None
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(pyproject), "", f"invalid TOML: {exc}") from None
    table = document.get("tool", {}).get("specgen", {})
    if not isinstance(table, dict):
        raise ConfigError(str(pyproject), "[tool.specgen]", "must be a table")
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(str(pyproject), f"[tool.specgen] {key}", "unknown key")
        if not isinstance(value, str):
            raise ConfigError(
                str(pyproject), f"[tool.specgen] {key}", "must be a string"
            )
    settings: dict[str, Any] = dict(table)
    for key in ("spec", "out"):
        if key in settings:
            settings[key] = pyproject.parent / settings[key]
    return settings, pyproject


def resolve_target(
    *, spec: str | None, out: str | None, package: str | None, cwd: Path
) -> Target:
    """Command-line values win over the file; the file wins over built-in defaults."""
    settings, _ = load_settings(cwd)
    spec_path = Path(spec) if spec else settings.get("spec")
    if spec_path is None:
        raise ConfigError(
            "specgen",
            "--spec",
            "no spec given and no [tool.specgen] spec in pyproject.toml",
        )
    out_path = Path(out) if out else settings.get("out", Path("generated"))
    package_name = package or settings.get("package") or _package_from(spec_path)
    check_package_name(package_name)
    return Target(spec=spec_path, out=out_path, package=package_name)


def check_package_name(name: str) -> None:
    """A package name becomes a folder: it must be a plain identifier, never a path."""
    if not is_identifier(name) or name.startswith("_"):
        raise ConfigError(
            "specgen", "--package", f"{name!r} is not a valid Python package name"
        )


def _package_from(spec: Path) -> str:
    from generator.naming import snake_case

    name = snake_case(spec.stem) or "api"
    return name if is_identifier(name) else "api"
