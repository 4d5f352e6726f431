"""SDK operation pages (``docs/sdks/<group>/README.md``) to IR operations."""

from __future__ import annotations

from generator import ir
from generator.markdown.models import DocsModels


def read_operations(
    docs: DocsModels,
) -> tuple[tuple[ir.Operation, ...], tuple[str, ...]]:
    """Operations and warnings; not implemented yet, so none."""
    return (), ()
