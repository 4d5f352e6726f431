"""What specgen derives from its templates is committed, and current.

``generator/render/_compiled/`` (the templates' compiled code) and
``generator/python/_reserved_names.py`` (the names the probe package uses beside its
planned names) are written by ``python -m generator.render.prebuilt``; a run reads them
instead of deriving them.  These tests fail while they are stale, and check that a
stale compiled template is never used.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
import pytest

from generator.python import probe
from generator.python.name_plan import Reserved, committed_reserved, plan_names
from generator.render import environment as templating
from generator.render import prebuilt
from generator.render.package import render_unformatted
from generator.resources import templates_dir


def test_the_committed_files_are_current() -> None:
    stale = [str(p.relative_to(prebuilt.PACKAGE_DIR.parent)) for p in prebuilt.stale()]
    assert not stale, f"stale: {', '.join(stale)}; run `{prebuilt.COMMAND}`"


def test_the_committed_reserved_names_are_the_probes() -> None:
    """A name added to a template is reserved once the committed file is current."""
    assert committed_reserved() == prebuilt.probed(), f"run `{prebuilt.COMMAND}`"


def test_every_template_comes_compiled() -> None:
    if prebuilt.committed_jinja() != jinja2.__version__:
        pytest.skip(f"compiled by another Jinja: run `{prebuilt.COMMAND}`")
    env = templating.environment()
    loader = env.loader
    assert loader is not None
    for name in templating.template_names():
        source, _, _ = loader.get_source(env, name)
        assert templating.precompiled(name, source) is not None, name


def test_an_edited_template_is_compiled_from_its_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The compiled code of a template whose source changed since is not used: the
    output follows the source."""
    name = "package/errors.py.jinja"
    mark = "# edited after compiling\n"
    read = templating._Loader.get_source

    def get_source(
        self: templating._Loader, env: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = read(self, env, template)
        if template == name:
            source = source.replace("\n\nclass ", "\n\n" + mark + "class ", 1)
        return source, filename, uptodate

    plan = plan_names(probe.API, Reserved())
    before = render_unformatted(probe.API, plan)["errors.py"]
    monkeypatch.setattr(templating._Loader, "get_source", get_source)
    env = templating.environment()
    edited, _, _ = get_source(templating._Loader(templates_dir()), env, name)
    assert mark in edited and templating.precompiled(name, edited) is None
    after = render_unformatted(probe.API, plan)["errors.py"]
    assert mark in after
    assert after.replace(mark, "") == before


def test_another_jinja_compiles_the_templates_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jinja2, "__version__", "0.0")
    env = templating.environment()
    loader = env.loader
    assert loader is not None
    name = templating.template_names()[0]
    source, _, _ = loader.get_source(env, name)
    assert templating.precompiled(name, source) is None


def test_another_jinja_leaves_the_compiled_templates_out_of_the_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another Jinja writes other code: the committed modules are not stale for it
    (its runs compile the templates themselves); the reserved names still count."""
    monkeypatch.setattr(jinja2, "__version__", "0.0")
    assert prebuilt.stale() == []
