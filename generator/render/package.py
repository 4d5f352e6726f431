"""IR to source files: the Jinja environment and its filters (formatting is in generator.format).

Templates receive the ``Api`` and a handful of filters from :mod:`generator.python.fragments`;
they never see a spec.  Output is a mapping of paths (relative to the output folder)
to file contents, so that writing (or comparing, or discarding) is a separate step.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, cast

import jinja2
import msgspec

from generator import ir, timing
from generator.ir.selection import OUTPUTS
from generator.python.auth import client_auth
from generator.python.clientview import GroupView, client_context
from generator.python.fragments import PythonTypes, comment_text, docstring, py_literal
from generator.python.modelview import object_views, subtype_tables, with_notes
from generator.python.names import NamePlan, plan_names
from generator.python.readmeview import readme_context
from generator.render import environment as templating

_FILES_OF = {
    "package": ("__init__.py", "py.typed", "README.md"),
    "dataclasses": ("_runtime.py", "models.py"),
    "typeddicts": ("typeddicts.py",),
    # Emitted only when the API has operations: a models-only spec gets models only.
    "client": ("errors.py", "_http.py", "client.py"),
}


def environment(types: PythonTypes, names: NamePlan) -> jinja2.Environment:
    """A fresh environment with the filters of one API (see :mod:`generator.render.environment`)."""
    env = templating.environment()
    env.filters.update(py_literal=py_literal, docstring=docstring)
    _register(env, types, names)
    return env


class RenderedPackage(NamedTuple):
    """A package as the templates write it: what the formatting stage takes next,
    and the files that are final as they are."""

    modules: dict[str, str]
    """Python modules and the README (whose Python examples ruff formats), by name
    relative to the package, still to be formatted."""
    files: dict[str, str]
    """Every other file (``py.typed``, the support modules kept as written), by
    path relative to the output folder."""


def render_package(
    api: ir.Api,
    package: str,
    emit: frozenset[str] = frozenset(OUTPUTS),
    names: NamePlan | None = None,
) -> RenderedPackage:
    """Every file of the generated package, as the templates write it.

    ``names`` is the plan of the API ``api`` was selected from (so that a filter
    renames nothing); by default, ``api``'s own.  Formatting is the next stage's
    (:mod:`generator.format`), joined to this one by :mod:`generator.cli.pipeline`.
    """
    if names is None:
        names = plan_names(api)
    files: dict[str, str] = {}
    modules = _render(api, names, package, emit, files)
    return RenderedPackage(modules, files)


def render_unformatted(
    api: ir.Api, names: NamePlan, package: str = ""
) -> dict[str, str]:
    """The files that depend on the spec, as the templates write them before
    formatting (name -> text): the modules and the README."""
    return _render(api, names, package, frozenset(OUTPUTS), {})


def _render(
    api: ir.Api,
    names: NamePlan,
    package: str,
    emit: frozenset[str],
    files: dict[str, str],
) -> dict[str, str]:
    """Every file rendered: the files to format (the Python modules, and the README
    whose examples ruff formats) are returned (name -> text), the other files go
    into *files* (path -> text) as they are."""
    if "client" not in emit or not api.operations:
        emit = emit - {"client"}
    modules: dict[str, str] = {}
    with timing.stage("render"):
        env, context, names_of_files = _prepare(api, names, package, emit)
        for name in sorted(names_of_files):
            text = env.get_template(f"package/{name}.jinja").render(context)
            if name.endswith((".py", ".md")) and name not in _PREFORMATTED:
                modules[name] = text
            else:
                files[f"{package}/{name}"] = text
    return modules


def _prepare(
    api: ir.Api, names: NamePlan, package: str, emit: frozenset[str]
) -> tuple[jinja2.Environment, dict[str, Any], list[str]]:
    """The template environment, the context every template gets, and the files."""
    types = PythonTypes(api, names)
    env = environment(types, names)
    # The modules list models by class name (the IR sorts them by its own names).
    models = sorted(api.models, key=lambda m: names.models[m.name].cls)
    aliases = [
        (
            model,
            types.alias_value(model, forward, wire=False),
            types.alias_value(model, forward, wire=True),
        )
        for model, forward in _aliases_in_dependency_order(api, names)
    ]
    # The spec's hash is written once, in __init__.py: an edit to one description
    # then changes only the files whose code changes.
    source = comment_text(api.source_name)
    edit = "\n# Do not edit: change the spec and regenerate."
    context = {
        "api": api,
        "names": names,
        "package": package,
        "header": f"# Generated by specgen from {source}.{edit}",
        "package_header": f"# Generated by specgen from {source}"
        f" (sha256 {api.source_sha256}).{edit}",
        # Files whose text does not depend on the spec say so instead of naming it,
        # so that editing the spec does not rewrite them (and trigger rebuilds).
        "static_header": "# Generated by specgen: support code, the same for every spec."
        "\n# Do not edit: regenerate instead.",
        "objects": any(isinstance(m, ir.ObjectModel) for m in api.models),
        "imports": _model_imports(api, any(value.union for _, value, _ in aliases)),
        # Enums first: object fields may use their members as defaults at class
        # creation; a class after the class it extends.
        "models": models,
        "classes": [m for m in models if isinstance(m, ir.EnumModel)]
        + _parents_first([m for m in models if isinstance(m, ir.ObjectModel)]),
        "subtype_tables": subtype_tables(api, names),
        "aliases": aliases,
        "object_views": object_views(api, types, names),
        "wire_union_import": any(value.union for _, _, value in aliases),
        "emit": emit,
    }
    if "client" in emit:
        context.update(client_context(api, types, names, package))
    groups = cast("list[GroupView] | None", context.get("groups"))
    context.update(readme_context(api, names, groups, package))
    context["exports"] = _package_exports(api, names, emit, context)
    context["submodules"] = sorted(
        Path(n).stem for kind in OUTPUTS if kind in emit for n in _FILES_OF[kind]
    )
    modules = [
        n
        for kind in ("package", *OUTPUTS)
        if kind in emit or kind == "package"
        for n in _FILES_OF[kind]
    ]
    return env, context, modules


def _parents_first(objects: list[ir.ObjectModel]) -> list[ir.ObjectModel]:
    """The object models in their order, but each after the model it extends."""
    by_name = {m.name: m for m in objects}
    ordered: list[ir.ObjectModel] = []
    placed: set[str] = set()

    def place(model: ir.ObjectModel) -> None:
        if model.name in placed:
            return
        placed.add(model.name)
        if model.parent is not None:
            place(by_name[model.parent])
        ordered.append(model)

    for model in objects:
        place(model)
    return ordered


_PREFORMATTED = frozenset({"_runtime.py", "_http.py"})
"""Templates that depend on no spec and are written formatted (the tests check
that neither ruff nor black would change them), so no run formats them again."""


def _register(env: jinja2.Environment, types: PythonTypes, names: NamePlan) -> None:
    def model_doc(model: ir.ModelBase) -> str:
        text = model.description or ""
        if model.deprecated:
            text = "Deprecated." + ("\n\n" + text if text else "")
        return docstring(with_notes(text, model.notes))

    def extras_copy(model: ir.ObjectModel) -> str:
        if model.extra_fields is None:
            return "{}"
        attribute = f"self.{names.models[model.name].extras}"
        encoder = types.encoder(model.extra_fields)
        if encoder is None:
            return f"dict({attribute})"
        return f"{{key: {encoder.text}(value) for key, value in {attribute}.items()}}"

    def encoder(ref: ir.TypeRef) -> str | None:
        found = types.encoder(ref)
        return None if found is None else found.text

    def member_values(model: ir.EnumModel) -> str:
        """The members' values as literals, comma-separated (Jinja's map filters,
        per member of thousands of enums, cost more than the rest of the module)."""
        return ", ".join(py_literal(value) for value in model.values)

    env.filters.update(
        auth_kind=client_auth,
        annotation=types.annotation,
        decoder=types.decoder,
        ref_decoder=lambda name: types.decoder(ir.Ref(name)),
        encoder=encoder,
        model_doc=model_doc,
        extras_copy=extras_copy,
        member_values=member_values,
    )


def _package_exports(
    api: ir.Api, names: NamePlan, emit: frozenset[str], context: dict[str, Any]
) -> list[tuple[str, list[str]]]:
    """(module, names) the package re-exports: runtime names, the client, every model."""
    exports: list[tuple[str, list[str]]] = []
    if "dataclasses" in emit:
        exports.append(("_runtime", ["UNSET", "DecodeError", "Unset"]))
    if "client" in emit:
        exports.append(
            (
                "_http",
                [
                    "AsyncPager",
                    "AsyncRawResponse",
                    "AsyncStream",
                    "Pager",
                    "RawResponse",
                    "RetryConfig",
                    "ServerSentEvent",
                    "Stream",
                    "StreamLimits",
                ],
            )
        )
        exports.append(("client", ["AsyncClient", "Client"]))
        errors = [
            "APIConnectionError",
            "APIError",
            "APITimeoutError",
            "ClientError",
            "SDKError",
            "ServerError",
            "StreamError",
        ]
        errors += [name for _, name, _ in context["exported_errors"]]
        exports.append(("errors", errors))
    if "dataclasses" in emit and api.models:
        exports.append(
            ("models", [names.models[m.name].cls for m in context["models"]])
        )
    return exports


def _aliases_in_dependency_order(
    api: ir.Api, names: NamePlan
) -> list[tuple[ir.UnionModel | ir.AliasModel, Container[str]]]:
    """Type aliases after the aliases they use, each with the names it must quote.

    Aliases are evaluated at import time (so that ``typing.get_type_hints`` works on
    the models), hence an alias may only name aliases defined before it; the names
    of a cycle's back edges, and its own name, are forward references.
    """
    aliases = {
        m.name: m for m in api.models if isinstance(m, (ir.UnionModel, ir.AliasModel))
    }
    ordered: list[ir.UnionModel | ir.AliasModel] = []
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        if state.get(name):
            return
        state[name] = "visiting"
        dependencies = _alias_dependencies(aliases[name], aliases)
        for dependency in sorted(dependencies, key=lambda n: names.models[n].cls):
            visit(dependency)
        state[name] = "done"
        ordered.append(aliases[name])

    for name in sorted(aliases, key=lambda n: names.models[n].cls):
        visit(name)
    last: dict[str, int] = (
        {}
    )  # a name (or its TypedDict's) -> the last alias that has it
    for index, model in enumerate(ordered):
        own = names.models[model.name]
        last[own.cls] = last[own.typed_dict] = index
    result: list[tuple[ir.UnionModel | ir.AliasModel, Container[str]]] = []
    # An alias that is just one quoted name (``A: TypeAlias = "B"``) is a str at run
    # time, and ``A | None`` would raise: aliases after it quote it too.
    quoted: dict[str, int] = {}  # a name -> the first alias after which it is quoted
    for index, model in enumerate(ordered):
        forward = _ForwardNames(last, quoted, index)
        refs = model.variants if isinstance(model, ir.UnionModel) else (model.target,)
        if len(refs) == 1 and isinstance(refs[0], ir.Ref):
            target = names.models[refs[0].name]
            if target.cls in forward:
                own = names.models[model.name]
                quoted.setdefault(own.cls, index)
                quoted.setdefault(own.typed_dict, index)
        result.append((model, forward))
    return result


class _ForwardNames(msgspec.Struct, frozen=True):
    """The names the alias at ``index`` must quote: those of itself and of every later
    alias (and their TypedDicts), and those quoted by an earlier alias.

    Asked rather than listed: a set per alias grows quadratic with a big API's aliases.
    """

    last: Mapping[str, int]
    quoted: Mapping[str, int]
    index: int

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        return self.last.get(name, -1) >= self.index or (
            self.quoted.get(name, self.index) < self.index
        )


def _alias_dependencies(
    model: ir.UnionModel | ir.AliasModel,
    aliases: dict[str, ir.UnionModel | ir.AliasModel],
) -> set[str]:
    return {
        name
        for ref in ir.model_types(model)
        for name in ir.refs(ref)
        if name in aliases
    }


def _model_imports(api: ir.Api, union: bool) -> list[str]:
    """The import lines ``models.py`` needs, and no more."""
    kinds = {type(m) for m in api.models}
    typing_names = {"Any", "Union"} if union else {"Any"}
    if ir.ObjectModel in kinds:
        typing_names.update({"ClassVar", "Self"})
    if kinds & {ir.UnionModel, ir.AliasModel}:
        typing_names.add("TypeAlias")
    formats = set()
    for ref in _all_types(api):
        if isinstance(ref, ir.Const):
            typing_names.add("Literal")
        if isinstance(ref, ir.Primitive) and ref.format:
            formats.add((ref.type, ref.format))
    lines = []
    datetime_names = sorted(
        name
        for name, fmt in (("date", "date"), ("datetime", "date-time"))
        if ("string", fmt) in formats
    )
    if datetime_names:
        lines.append(f"from datetime import {', '.join(datetime_names)}")
    if ("string", "decimal") in formats or ("number", "decimal") in formats:
        lines.append("from decimal import Decimal")
    enum_types = sorted(
        {
            "StrEnum" if m.value_type == "string" else "IntEnum"
            for m in api.models
            if isinstance(m, ir.EnumModel)
        }
    )
    if enum_types:
        lines.append(f"from enum import {', '.join(enum_types)}")
    lines.append(f"from typing import {', '.join(sorted(typing_names))}")
    if ("string", "uuid") in formats:
        lines.append("from uuid import UUID")
    return lines


def _all_types(api: ir.Api) -> Iterator[ir.TypeRef]:
    for model in api.models:
        for ref in ir.model_types(model):
            yield from ir.walk(ref)
