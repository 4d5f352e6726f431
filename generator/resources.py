"""Where specgen's own files are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def package_dir() -> Path:
    """The folder of the ``generator`` package itself."""
    return Path(__file__).resolve().parent


def templates_dir() -> Path:
    """Templates ship inside the wheel; in a source checkout they sit beside the package."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"
