"""Every page of the real doc trees in ../shared/corpus is read, in every flavour and generation.

The diagnostics ``specgen ir --docs`` prints for each tree are kept in
``tests/snapshots/markdown_diagnostics.txt``: each line there is an oddity of the page
it names (read line by line when the snapshot changes), never a notation the parser
does not know.  After an intended change, update it with::

    SPECGEN_UPDATE_SNAPSHOTS=1 pytest tests/markdown/test_markdown_corpus.py

and review ``git diff tests/snapshots``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.cli.config import Target
from generator.cli.main import main
from generator.cli.pipeline import render
from generator.markdown import load_docs
from generator.write.tree import write_tree
from tests.conftest import assert_modules_import, module_names

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SNAPSHOT = Path(__file__).parents[1] / "snapshots" / "markdown_diagnostics.txt"
UPDATE = os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1"

# (tree, flavour, model pages, Fields / Values / Supported Types pages): the page
# counts of the format reference's survey (and of the wingspan trees), which this
# parser must find too.
TREES = [
    ("atoma/atoma-sdk-typescript", "ts", 76, (63, 6, 7)),
    ("atoma/atoma-sdk-typescript@6c3f14d", "ts", 31, (30, 0, 1)),
    ("atoma/atoma-sdk-python", "py", 33, (32, 0, 1)),
    ("atoma/maschad-atoma-sdk-python", "py", 78, (65, 6, 7)),
    ("mistral/client-ts", "ts", 520, (363, 56, 101)),
    ("mistral/client-python", "py", 520, (363, 56, 101)),
    ("wingspan/python", "py", 632, (476, 156, 0)),
    ("wingspan/typescript", "ts", 632, (476, 156, 0)),
]
NAMES = [t[0] for t in TREES]

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not present"
)


@pytest.mark.parametrize(("tree", "flavour", "pages", "kinds"), TREES, ids=NAMES)
def test_every_page_parses(
    tree: str, flavour: str, pages: int, kinds: tuple[int, int, int]
) -> None:
    folder = CORPUS / tree
    docs = load_docs([folder])
    counted = Counter(m.page.kind for m in docs.pages.values())
    print(
        f"{tree}: {len(docs.pages)} model pages, {len(docs.models)} models, {counted}"
    )
    assert len(docs.pages) == pages
    assert (counted["fields"], counted["values"], counted["union"]) == kinds
    assert {m.python for m in docs.pages.values()} == {flavour == "py"}
    # Every link and unlinked name resolves to a page of the tree, every page is
    # read, and every model page is a model whose source is that page.
    assert docs.missing == {} and docs.unreadable == {}
    assert sorted(m.source for m in docs.models) == sorted(
        page.source for page in docs.tree.models.values()
    )
    assert all(m.source.startswith("docs/") for m in docs.models)
    # No cell, variant or operation page is in a notation the grammar lacks.
    unreadable = [str(d) for d in docs.diagnostics if "read as Any" in d.message]
    assert unreadable == []


def _diagnostics(tree: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """``specgen ir --docs TREE/docs``: exit 0, and the diagnostics of its JSON."""
    assert main(["ir", "--docs", str(CORPUS / tree / "docs")]) == 0
    captured = capsys.readouterr()
    found = json.loads(captured.out)["diagnostics"]
    lines = [
        ": ".join(
            [d["file"]]
            + ([f"line {d['line']}"] if d["line"] is not None else [])
            + ([d["pointer"]] if "pointer" in d else [])
            + [d["message"]]
        )
        for d in found
    ]
    assert captured.err.splitlines() == [f"specgen: warning: {line}" for line in lines]
    return lines


def test_diagnostics_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    sections = []
    for tree in NAMES:
        lines = _diagnostics(tree, capsys)
        sections.append(f"== {tree}: {len(lines)}\n" + "".join(f"{x}\n" for x in lines))
    text = (
        "# specgen ir --docs ../shared/corpus/TREE/docs: every diagnostic, per tree\n"
        "# (tests/markdown/test_markdown_corpus.py; update: SPECGEN_UPDATE_SNAPSHOTS=1)\n\n"
        + "\n".join(sections)
    )
    if UPDATE:
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == text


def test_every_tree_generates_a_typed_package(tmp_path: Path) -> None:
    """Docs-only generation of each tree imports and passes ``mypy --strict``."""
    packages = []
    for index, tree in enumerate(NAMES):
        package = f"tree{index}"
        target = Target(
            name=tree,
            spec=None,
            docs=(CORPUS / tree / "docs",),
            out=tmp_path,
            package=package,
        )
        api, files = render(target)
        assert len(api.models) >= 31
        write_tree(tmp_path, package, files)
        packages.extend(module_names(package, files))
    assert_modules_import(tmp_path, packages)
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            *(f"tree{i}" for i in range(len(NAMES))),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]
