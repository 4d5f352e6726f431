"""Every page of the real doc trees in ../shared/corpus parses, in both flavours."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.markdown import load_docs

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# (tree, flavour, model pages, Fields / Values / Supported Types pages): the page
# counts of the format reference's survey, which this parser must find too.
TREES = [
    ("atoma/atoma-sdk-typescript", "ts", 76, (63, 6, 7)),
    ("atoma/atoma-sdk-typescript@6c3f14d", "ts", 31, (30, 0, 1)),
    ("atoma/atoma-sdk-python", "py", 33, (32, 0, 1)),
    ("atoma/maschad-atoma-sdk-python", "py", 78, (65, 6, 7)),
    ("mistral/client-ts", "ts", 520, (363, 56, 101)),
    ("mistral/client-python", "py", 520, (363, 56, 101)),
]


@pytest.mark.parametrize(
    ("tree", "flavour", "pages", "kinds"), TREES, ids=[t[0] for t in TREES]
)
def test_every_page_parses(
    tree: str, flavour: str, pages: int, kinds: tuple[int, int, int]
) -> None:
    folder = CORPUS / tree
    if not folder.is_dir():
        pytest.skip(f"{folder} is not available")
    docs = load_docs([folder])
    counted = Counter(m.page.kind for m in docs.pages.values())
    print(
        f"{tree}: {len(docs.pages)} model pages, {len(docs.models)} models, {counted}"
    )
    assert len(docs.pages) == pages
    assert (counted["fields"], counted["values"], counted["union"]) == kinds
    assert {m.python for m in docs.pages.values()} == {flavour == "py"}
    # Every link and unlinked name resolves to a page of the tree: nothing is missing.
    assert docs.warnings == []
    assert len(docs.models) == pages
    sources = {m.source for m in docs.models}
    assert all(s.startswith("docs/") and s.endswith(".md") for s in sources)
