"""Finding the pages of a docs tree and resolving the links between them.

Pages are keyed on their absolute, normalised path: that is the file stem's identity
the format reference recommends (titles differ between flavours, ``ApiEndpoint`` vs
``APIEndpoint``; paths do not).  A ``--docs`` argument is a folder (every model page
under it) or a single page; a model's ``source`` is its path relative to that folder
(the page's file name when the page was given directly).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import msgspec
from msgspec import field

from generator.errors import ConfigError

# Folders of pages that are not API models: SDK utilities and date helper types.
_NOT_MODELS = frozenset({"utils", "types", "lib"})


class PageFile(msgspec.Struct, frozen=True):
    key: str
    """Absolute normalised path: the page's identity."""
    path: Path
    source: str
    """Path relative to the ``--docs`` folder, as recorded in the IR and in messages."""
    root: int
    """Which ``--docs`` argument it came from."""


class Tree(msgspec.Struct):
    """The pages of every ``--docs`` argument, indexed for link resolution."""

    roots: list[Path]
    models: dict[str, PageFile] = field(default_factory=dict)
    operations: dict[str, PageFile] = field(default_factory=dict)
    by_stem: dict[str, list[str]] = field(default_factory=dict)

    def source_of(self, key: str) -> str:
        """A page key as shown to people: relative to the docs folder it belongs to."""
        page = self.models.get(key) or self.operations.get(key)
        if page is not None:
            return page.source
        for root in self.roots:
            folder = root if root.is_dir() else root.parent
            relative = os.path.relpath(key, folder)
            if not relative.startswith(".."):
                return PurePosixPath(Path(relative)).as_posix()
        return PurePosixPath(Path(os.path.relpath(key, self._base_folder()))).as_posix()

    def _base_folder(self) -> Path:
        first = self.roots[0]
        return first if first.is_dir() else first.parent


def key_of(path: Path) -> str:
    return os.path.normpath(os.path.abspath(path))


def find_pages(roots: list[Path]) -> Tree:
    """Every model page and SDK operation page under ``roots``, in a stable order."""
    tree = Tree(roots)
    for index, root in enumerate(roots):
        if root.is_file():
            _add_model(tree, PageFile(key_of(root), root, root.name, index))
            continue
        if not root.is_dir():
            raise ConfigError("specgen", "--docs", f"{root}: no such file or folder")
        outer = _outer_folders(root)
        for path in sorted(root.rglob("*.md")):
            relative = path.relative_to(root)
            parts = relative.parts
            page = PageFile(key_of(path), path, relative.as_posix(), index)
            if len(parts) >= 3 and parts[-3] == "sdks" and path.name == "README.md":
                tree.operations[page.key] = page
            elif _is_model_path(outer + parts):
                _add_model(tree, page)
        if not any(p.root == index for p in tree.models.values()):
            raise ConfigError(
                "specgen",
                "--docs",
                f"{root}: no model pages here (expected docs/models/*.md)",
            )
    return tree


_MODEL_FOLDERS = frozenset({"models", "errors"})


def _outer_folders(root: Path) -> tuple[str, ...]:
    """The folders above ``root`` that belong to its docs tree, for
    ``--docs docs/models/components``: from the nearest ``models`` or ``errors``
    folder among the last three down to ``root``.  None when ``root`` holds a
    ``models`` or ``errors`` folder itself (it is the tree's top), nor when no such
    folder is near: what the tree is kept in (a folder named ``utils``, ``lib``
    or ``types``, say) says nothing about its pages."""
    if any((root / folder).is_dir() for folder in _MODEL_FOLDERS):
        return ()
    above = root.resolve().parts[-3:]
    for index in range(len(above) - 1, -1, -1):
        if above[index] in _MODEL_FOLDERS:
            return above[index:]
    return ()


def _is_model_path(parts: tuple[str, ...]) -> bool:
    """Under a ``models`` or ``errors`` folder (inside the docs tree: see
    :func:`_outer_folders`), and not an SDK utility page."""
    folders = parts[:-1]
    if any(f in _NOT_MODELS for f in folders):
        return False
    return "models" in folders or "errors" in folders


def _add_model(tree: Tree, page: PageFile) -> None:
    if page.key in tree.models:
        return
    tree.models[page.key] = page
    tree.by_stem.setdefault(page.path.stem.lower(), []).append(page.key)


def resolve_link(tree: Tree, page: str, target: str) -> str:
    """The key of the page a relative link on ``page`` points at."""
    target = target.split("#", 1)[0]
    return key_of(Path(page).parent / target)


def resolve_name(tree: Tree, page: str, namespace: str, name: str) -> str:
    """The key of the page an unlinked ``ns.Name`` means: by file stem, like links are.

    File names are the lower-cased title (``X.md``), with a trailing ``_`` for Python
    keywords (``and_.md``); several folders may hold the same stem, so prefer the
    namespace's own folder, then the page's own folder.
    """
    stem = name.lower()
    candidates = [key for s in (stem, stem + "_") for key in tree.by_stem.get(s, ())]
    here = str(Path(page).parent)

    def rank(key: str) -> tuple[int, int, str]:
        folder = Path(key).parent
        return (folder.name != namespace, str(folder) != here, key)

    if candidates:
        return min(candidates, key=rank)
    return key_of(Path(here) / f"{stem}.md")


def find_named(tree: Tree, page: str, namespace: str, name: str) -> str | None:
    """The page an unlinked name means, when the tree has one (see :func:`resolve_name`)."""
    key = resolve_name(tree, page, namespace, name)
    return key if key in tree.models else None


class PageResolver:
    """Names and links on one page, resolved against its tree (the grammar's Resolver).

    A link names its target page (a link to a page that is not there is reported
    through ``missing``, and the name is still a model); an unlinked name is looked up
    by file stem.  When a link points at no page but a page of that name exists, the
    page wins: the link was written for another layout of the same tree.
    """

    def __init__(
        self,
        tree: Tree,
        page: str,
        missing: Callable[[str, str], None] | None = None,
    ) -> None:
        self.tree = tree
        self.page = page
        self.missing = missing

    def is_model_target(self, target: str) -> bool:
        path = target.split("#", 1)[0]
        if not path.endswith(".md") or PurePosixPath(path).name == ".md":
            # ``../../models/.md``: Speakeasy's link for a type that has no page.
            return False
        key = resolve_link(self.tree, self.page, path)
        return key in self.tree.models or _is_model_path(Path(key).parts)

    def exists(self, target: str) -> bool:
        return resolve_link(self.tree, self.page, target) in self.tree.models

    def model(self, namespace: str, name: str, target: str | None) -> str | None:
        linked = None if target is None else resolve_link(self.tree, self.page, target)
        if linked is not None and linked in self.tree.models:
            return linked
        found = find_named(self.tree, self.page, namespace, name)
        if found is not None:
            return found
        if linked is None and not namespace:
            return None  # a bare word that names no page is no model
        key = linked or resolve_name(self.tree, self.page, namespace, name)
        if self.missing is not None:
            self.missing(key, name)
        return key
