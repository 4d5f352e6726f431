"""What a generated package itself defines and reads, found by generating one.

The name plan (:mod:`generator.python.name_plan`) must not give a model, a field, a method, an
argument... a name the package already uses in the same place: a field ``frozenset``
would shadow the ``frozenset`` its class body calls, a group ``close`` would replace
``Client.close``, a security scheme ``stream_limits`` would repeat a constructor
argument.  Rather than keep lists of such names, which go stale whenever a template
changes, the probe API (:mod:`generator.python.probe`, which takes every path
through the templates) is rendered with nothing reserved (by
:func:`generator.render.prebuilt.probed`: rendering is a later stage), and this
module reads each of its modules with ``ast`` and takes away the names the plan
gave the probe: what is left is the package's own, for each place a planned
name can stand.

Probing takes a tenth of a second, so it is done at development time: the answer
is committed in ``generator/python/_reserved_names.py`` (``python -m generator.render.prebuilt``
writes it; ``tests/render/test_prebuilt.py`` fails while it is stale), and the plan reads
it from there.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Sequence

from generator.python.name_plan import BUILTINS, NamePlan, Reserved

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def read_package(trees: dict[str, ast.Module], plan: NamePlan) -> Reserved:
    """The names ``trees`` (the probe's modules, by module name) use beside ``plan``'s."""
    models = plan.models.values()
    model_names = {
        n
        for m in models
        for n in (m.cls, m.typed_dict, m.decoder, m.encoder, m.subtypes)
    }
    classes = {m.cls for m in models}
    groups = {
        n
        for g in plan.groups.values()
        for n in (g.cls, g.async_cls, g.raw_cls, g.async_raw_cls)
    }
    errors = set(plan.errors.values())

    dataclasses: list[ast.ClassDef] = []
    enums: list[ast.ClassDef] = []
    for node in trees["models"].body:
        if isinstance(node, ast.ClassDef) and node.name in classes:
            # A dataclass is decorated (it may have a base: the class it extends).
            (dataclasses if node.decorator_list else enums).append(node)
    fields = {n for m in models for n in (*m.fields.values(), m.extras)}
    members = {n for m in models for n in m.members.values()}

    client = _classes(trees["client"], lambda name: name not in groups)
    group_classes = _classes(trees["client"], lambda name: name in groups)
    methods = {o.method for o in plan.operations.values()}
    arguments = {n for o in plan.operations.values() for n in o.arguments}
    constructors = [
        node
        for cls in client
        for node in cls.body
        if isinstance(node, _FUNCTIONS) and node.name == "__init__"
    ]
    return Reserved(
        models=frozenset(
            (
                _bound(trees["models"].body)
                | _bound(trees["typeddicts"].body)
                | _bound(trees["__init__"].body)
            )
            - model_names
            - errors
        ),
        fields=frozenset(_class_names(dataclasses) - fields - classes),
        members=frozenset(_class_names(enums) - members - classes),
        groups=frozenset(
            _members(client) - {g.attribute for g in plan.groups.values()}
        ),
        group_classes=frozenset(_bound(trees["client"].body) - groups),
        methods=frozenset(
            (_members(group_classes) | (_class_reads(group_classes) - BUILTINS))
            - methods
            - groups  # the raw classes' constructors name the group classes
        ),
        arguments=frozenset(
            name
            for cls in group_classes
            for node in cls.body
            if isinstance(node, _FUNCTIONS) and node.name in methods
            for name in _function_names(node)
        )
        - arguments,
        schemes=frozenset(
            name for node in constructors for name in _function_names(node)
        )
        - set(plan.schemes.values())
        - groups,
        errors=frozenset(_bound(trees["errors"].body) - errors),
    )


def _classes(module: ast.Module, keep: Callable[[str], bool]) -> list[ast.ClassDef]:
    return [
        node
        for node in module.body
        if isinstance(node, ast.ClassDef) and keep(node.name)
    ]


def _bound(statements: Iterable[ast.stmt]) -> set[str]:
    """The names these statements bind in their own scope (imports, assignments,
    definitions), looking into ``if`` and ``try`` blocks but not into functions."""
    found: set[str] = set()
    for node in statements:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            found.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update(_stored(targets))
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            for block in ("body", "orelse", "finalbody", "handlers"):
                found |= _bound(getattr(node, block, ()))
        elif isinstance(node, ast.ExceptHandler):
            found |= _bound(node.body)
    return found


def _stored(targets: Iterable[ast.expr]) -> Iterator[str]:
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                yield node.id


def _names(nodes: Iterable[ast.AST]) -> set[str]:
    """Every name these nodes read or write."""
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """What a ``def`` evaluates in its class's scope: decorators, annotations, defaults."""
    args = node.args
    parts: list[ast.AST] = [*node.decorator_list, *args.defaults]
    parts.extend(d for d in args.kw_defaults if d is not None)
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every.extend(a for a in (args.vararg, args.kwarg) if a is not None)
    parts.extend(a.annotation for a in every if a.annotation is not None)
    if node.returns is not None:
        parts.append(node.returns)
    return parts


def _class_reads(classes: Sequence[ast.ClassDef]) -> set[str]:
    """The names these class bodies read: what a member of the same name would shadow.
    Method bodies are left out: they run in their own scope."""
    found: set[str] = set()
    for cls in classes:
        for node in cls.body:
            found |= _names(
                _signature(node) if isinstance(node, _FUNCTIONS) else [node]
            )
    return found


def _members(classes: Sequence[ast.ClassDef]) -> set[str]:
    """What these classes define: class-level names, and ``self.x`` their methods set."""
    found: set[str] = set()
    for cls in classes:
        found |= _bound(cls.body)
        for node in ast.walk(cls):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
            ):
                found.add(node.attr)
    return found


def _class_names(classes: Sequence[ast.ClassDef]) -> set[str]:
    return _members(classes) | _class_reads(classes)


def _function_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """A function's parameters and every name its body reads, writes or defines
    (a nested function's name and parameters too)."""
    args = node.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every.extend(a for a in (args.vararg, args.kwarg) if a is not None)
    inner = {
        n.name
        for statement in node.body
        for n in ast.walk(statement)
        if isinstance(n, _FUNCTIONS)
    }
    return {a.arg for a in every} | _names(node.body) | inner
