"""SDK operation pages (``docs/sdks/<group>/README.md``): what they link to, and IR operations."""

from __future__ import annotations

from generator import ir
from generator.markdown.models import DocsModels
from generator.markdown.pages import markdown
from generator.markdown.tree import resolve_link


def linked_pages(docs: DocsModels) -> set[str]:
    """Keys of the model pages some operation page or model page refers to.

    A page nothing refers to is stale: Speakeasy leaves the pages of schemas that a
    spec revision dropped (Atoma python's ``confidentialchatcompletionrequest.md``).
    """
    found: set[str] = set()
    for model in docs.pages.values():
        cells = [f.cell for f in model.fields] + list(model.variants)
        if model.extra is not None:
            cells.append(model.extra)
        for cell in cells:
            _refs(cell.type, found)
    for key, page in docs.tree.operations.items():
        for token in markdown().parse(page.path.read_text(encoding="utf-8")):
            for child in token.children or ():
                href = child.attrs.get("href") if child.type == "link_open" else None
                if isinstance(href, str) and href.endswith(".md"):
                    found.add(resolve_link(docs.tree, key, href))
    return found


def _refs(ref: ir.TypeRef, found: set[str]) -> None:
    if isinstance(ref, ir.Ref):
        found.add(ref.name)
    elif isinstance(ref, ir.ListOf):
        _refs(ref.item, found)
    elif isinstance(ref, ir.MapOf):
        _refs(ref.value, found)


def read_operations(
    docs: DocsModels,
) -> tuple[tuple[ir.Operation, ...], tuple[str, ...]]:
    """Operations and warnings; not implemented yet, so none."""
    return (), ()
