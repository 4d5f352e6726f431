"""The templates' Jinja environment, whose templates were compiled before the run.

Jinja compiles a template (lexer, parser, code generator, then Python's compiler)
the first time an environment asks for it, and every run has a fresh environment
(its filters are bound to the API): that was about 60 ms of every run, a fifth of a
small spec's.  So the code Jinja generates for each template is committed in
``generator/render/_compiled/`` (written by ``python -m generator.render.prebuilt``), a module per
template, which Python loads from its bytecode like any other module.  Each module
records the SHA-256 of the template source it came from, and the index the Jinja
version that compiled it: a template edited since (a developer at work), or another
Jinja, is compiled from its source as before.  A stale module costs time, never
bytes; ``tests/render/test_prebuilt.py`` fails while one is stale.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any, cast

import jinja2

from generator.resources import templates_dir

if TYPE_CHECKING:
    from importlib.abc import InspectLoader

PACKAGE = "generator.render._compiled"
"""Where the compiled templates are, as a package name."""


class _Environment(jinja2.Environment):
    """Jinja's environment, reading attributes with the builtin ``getattr``.

    Jinja compiles ``{{ field.decl }}`` to ``environment.getattr(field, "decl")``,
    whose default falls back to items and to undefined values; the templates read
    only attributes of the IR and of the views, so that fallback only hid bugs, and
    the Python call around it was a tenth of rendering (700,000 reads for GitHub's
    spec).  A template that reads an attribute that is not there now fails at once.
    """

    getattr = staticmethod(getattr)  # type: ignore[assignment]


def environment() -> jinja2.Environment:
    """A fresh environment with the options every template is compiled with."""
    return _Environment(
        loader=_Loader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def template_names() -> list[str]:
    """Every template, as the environment names it (``package/models.py.jinja``)."""
    root = templates_dir()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jinja"))


def module_name(template: str) -> str:
    """The compiled module's name (under :data:`PACKAGE`) for a template name."""
    stem = template.removesuffix(".jinja")
    return "".join(c if c.isalnum() else "_" for c in stem)


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class _Loader(jinja2.BaseLoader):
    """Templates from the templates folder, as precompiled code where it is current."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self._root / template
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise jinja2.TemplateNotFound(template) from exc
        return source, str(path), lambda: True

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        source, filename, _ = self.get_source(environment, name)
        code = precompiled(name, source)
        if code is None:
            code = environment.compile(source, name, filename)
        return environment.template_class.from_code(
            environment, code, environment.make_globals(globals)
        )


def precompiled(name: str, source: str) -> CodeType | None:
    """The committed code of template ``name`` when it was compiled from ``source``
    by this Jinja, else None."""
    try:
        from generator.render import _compiled as _templates
    except ImportError:
        return None
    if _templates.JINJA != jinja2.__version__:
        return None
    recorded = _templates.SOURCES.get(name)
    if recorded is None or recorded != source_digest(source):
        return None
    spec = importlib.util.find_spec(f"{PACKAGE}.{module_name(name)}")
    if spec is None or spec.loader is None:
        return None
    # The module's code object (from its bytecode), not the module: each
    # environment executes it in a namespace of its own, as Jinja does.
    return cast("InspectLoader", spec.loader).get_code(spec.name)
