"""Where specgen's own files are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """Templates ship inside the wheel; in a source checkout they sit beside the package."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"
