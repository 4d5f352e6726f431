"""The whole run, as functions the CLI and the tests share: spec to IR to files."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import msgspec

from generator import collector, ir
from generator.cli.config import Target
from generator.diagnostics import Diagnostic, StrictError, merged
from generator.errors import ConfigError
from generator.format import DEFAULT as DEFAULT_FORMATTER
from generator.format import Formatter, format_modules
from generator.format import require as require_formatter
from generator.ir.selection import OUTPUTS, select
from generator.openapi import build_api
from generator.python.auth import auth_diagnostics
from generator.python.name_plan import NamePlan, plan_names
from generator.render.package import render_package
from generator.write.tree import WriteReport, write_tree

if TYPE_CHECKING:
    from generator.markdown import WireCase


def load_api(target: Target) -> ir.Api:
    """The IR for a target's inputs: a spec, docs, or both merged (the spec wins).

    With ``strict``, any diagnostic is a :class:`StrictError` (before anything is
    rendered or written).
    """
    api = _read_inputs(target)
    api = with_diagnostics(api, auth_diagnostics(api))
    if target.strict and api.diagnostics:
        raise StrictError(api.diagnostics)
    return api


def with_diagnostics(api: ir.Api, more: tuple[Diagnostic, ...]) -> ir.Api:
    """*api* with *more* diagnostics, all in the one stable order the front ends use."""
    if not more:
        return api
    return msgspec.structs.replace(api, diagnostics=merged(api.diagnostics, more))


def _read_inputs(target: Target) -> ir.Api:
    if not target.docs:
        if target.spec is None:
            raise ConfigError("specgen", "--spec", "no input given")
        return build_api(target.spec)
    from generator.markdown import build_api_from_docs

    wire_case = cast("WireCase", target.docs_wire_case)
    if target.spec is None:
        return build_api_from_docs(target.docs, wire_case)
    from generator.markdown.merge import merge_api

    spec = build_api(target.spec)
    return merge_api(spec, target.docs, wire_case)


def render(target: Target) -> tuple[ir.Api, dict[str, str]]:
    """Everything a run would write, in memory: nothing touches the disk.

    Names are planned on the whole API before a filter narrows it, so that a
    filter never renames what it keeps.
    """
    require_formatter(target.formatter)  # before any work: black may be missing
    with collector.paused():  # see generator.collector
        api = load_api(target)
        names = plan_names(api)
        api = select(api, target.selection)
        files = package_files(api, target.package, target.emit, names, target.formatter)
        return api, files


def package_files(
    api: ir.Api,
    package: str,
    emit: frozenset[str] = frozenset(OUTPUTS),
    names: NamePlan | None = None,
    formatter: Formatter = DEFAULT_FORMATTER,
) -> dict[str, str]:
    """Every file of the package, rendered and then formatted (path -> text)."""
    rendered = render_package(api, package, emit, names)
    files = dict(rendered.files)
    formatted = format_modules(rendered.modules, formatter, consume=True)
    for name, text in formatted.items():
        files[f"{package}/{name}"] = text
    return files


def generate(target: Target) -> tuple[ir.Api, WriteReport]:
    with collector.paused():
        api, files = render(target)
        return api, write_tree(target.out, target.package, files)
