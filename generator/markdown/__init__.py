"""The markdown front end: Speakeasy-style SDK docs (TypeScript or Python flavour) to an IR ``Api``.

Docs never show wire names, so they are inferred (``wire_case``) and marked as such;
everything else a page says (fields, required flags, Python-flavour nullability,
enum values, union variants, descriptions, examples) goes into the same IR shapes
the OpenAPI front end builds.  See ``docs/speakeasy-markdown-format.md`` in the
shared folder for the format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from generator import ir
from generator.markdown.models import WIRE_CASES, DocsModels, WireCase, read_models
from generator.markdown.operations import read_operations
from generator.markdown.tree import find_pages

__all__ = ["WIRE_CASES", "WireCase", "build_api_from_docs", "load_docs"]


def load_docs(paths: Sequence[Path], wire_case: WireCase = "snake") -> DocsModels:
    """Read every model page under ``paths``: parsed pages and their IR models."""
    return read_models(find_pages(list(paths)), wire_case)


def build_api_from_docs(paths: Sequence[Path], wire_case: WireCase = "snake") -> ir.Api:
    docs = load_docs(paths, wire_case)
    return api_from(docs)


def api_from(docs: DocsModels) -> ir.Api:
    """The ``Api`` of docs already read (the merge reads them once for both uses)."""
    digest = hashlib.sha256()
    for key in sorted(docs.tree.models) + sorted(docs.tree.operations):
        page = docs.tree.models.get(key) or docs.tree.operations[key]
        digest.update(page.source.encode() + b"\0" + page.path.read_bytes() + b"\0")
    first = docs.tree.roots[0]
    operations, hints = read_operations(docs)
    return ir.Api(
        title=_title(docs),
        version="",
        source_name=first.name,
        source_sha256=digest.hexdigest(),
        models=docs.models,
        operations=operations,
        hints=hints,
        diagnostics=docs.diagnostics.sorted(),
    )


def _title(docs: DocsModels) -> str:
    first = docs.tree.roots[0]
    if first.is_file():
        for page in docs.pages.values():
            return page.page.title
    return first.resolve().name
