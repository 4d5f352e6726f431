"""The package's folders are its stages, and a stage imports only earlier ones.

The flow is one way: load -> front ends (openapi, markdown) -> ir -> python (names
and views) -> render -> format -> write, with cli joining them.  A module that
imports a later stage (or the runtime the packages ship, except the renderer that
copies it) makes that flow a knot again; this test reads every import with ``ast``
and names the ones that break the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"

SHARED = {
    "__version__",
    "generator",
    "errors",
    "diagnostics",
    "timing",
    "collector",
    "resources",
    "text",
}
"""Top-level modules every stage may use: errors, located diagnostics, timing, the
one way spec text is shown (text)."""

ALLOWED: dict[str, set[str]] = {
    "load": set(),
    "ir": set(),
    "openapi": {"load", "ir"},
    "markdown": {"load", "ir", "openapi"},
    "python": {"ir"},
    "render": {"ir", "python", "runtime"},
    "format": set(),
    "write": set(),
    "cli": {"load", "ir", "openapi", "markdown", "python", "render", "format", "write"},
    "runtime": set(),
}
"""Each stage's earlier stages (besides itself and :data:`SHARED`)."""


def _stage(path: Path) -> str:
    """The stage folder of a module, or the name of a top-level module."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _imported(tree: ast.Module, module: str) -> set[str]:
    """The first component under ``generator`` of every module *tree* imports."""
    found: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
                names = (
                    [target]
                    if node.module
                    else [f"{target}.{alias.name}" for alias in node.names]
                )
            else:
                names = [node.module or ""]
                if node.module == "generator":
                    names = [f"generator.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "generator" and len(parts) > 1:
                found.add(parts[1])
    return found


def _sources() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py") if "_compiled" not in path.parts
    )


def test_every_module_belongs_to_a_known_stage() -> None:
    stages = {_stage(path) for path in _sources()}
    assert stages <= set(ALLOWED) | SHARED | {"__init__", "__main__"}


def test_a_stage_imports_only_earlier_stages() -> None:
    wrong = []
    for path in _sources():
        stage = _stage(path)
        if stage in SHARED or stage in ("__init__", "__main__"):
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for other in _imported(tree, module) - {stage} - SHARED:
            if other not in ALLOWED[stage]:
                wrong.append(f"{path.relative_to(ROOT)} imports generator.{other}")
    assert not wrong, "\n".join(wrong)


def test_the_rule_is_checked_on_real_imports() -> None:
    """The reader itself: a forward import is found, a relative one resolved."""
    tree = ast.parse(
        "from generator.render.package import x\nfrom . import names\n"
        "import generator.write.tree\nfrom generator import cli\n"
    )
    assert _imported(tree, "generator.ir.media") == {"render", "ir", "write", "cli"}


def test_no_module_is_named_like_a_standard_one() -> None:
    """``generator/markdown/types.py`` read like the standard ``types``: confusing to
    a reader, and a trap for an import that forgets its package."""
    import sys

    clashes = [
        str(path.relative_to(ROOT))
        for path in _sources()
        for part in path.relative_to(PACKAGE).with_suffix("").parts
        if part in sys.stdlib_module_names
    ]
    assert not clashes
