"""Narrowing an ``Api`` to some operations, and to the models they use.

Tag and path filters pick operations; the models kept are exactly those reachable
from the picked operations' parameters, bodies and responses, so a client for one
part of a big API does not carry the schemas of the rest.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator

import msgspec

from generator import ir

OUTPUTS = ("dataclasses", "typeddicts", "client")
"""What ``--emit`` chooses from; the client needs the dataclasses it decodes into."""


class Selection(msgspec.Struct, frozen=True):
    include_tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    include_paths: tuple[str, ...] = ()
    """Glob patterns (``/v1/chat/*``) matched against each operation's path."""

    @property
    def is_everything(self) -> bool:
        return not (self.include_tags or self.exclude_tags or self.include_paths)

    def keeps(self, operation: ir.Operation) -> bool:
        tags = set(operation.tags)
        if self.include_tags and not tags & set(self.include_tags):
            return False
        if tags & set(self.exclude_tags):
            return False
        return not self.include_paths or any(
            fnmatch.fnmatchcase(operation.path, pattern)
            for pattern in self.include_paths
        )


def select(api: ir.Api, selection: Selection) -> ir.Api:
    """The operations the selection keeps and the models they reach; ``api`` itself when it keeps all."""
    if selection.is_everything:
        return api
    operations = tuple(op for op in api.operations if selection.keeps(op))
    webhooks = tuple(op for op in api.webhooks if selection.keeps(op))
    reachable = reachable_models(
        api, (t for op in operations + webhooks for t in operation_types(op))
    )
    return msgspec.structs.replace(
        api,
        operations=operations,
        webhooks=webhooks,
        models=tuple(m for m in api.models if m.name in reachable),
    )


def operation_types(operation: ir.Operation) -> Iterator[ir.TypeRef]:
    for parameter in operation.parameters:
        yield parameter.type
    if operation.request_body is not None:
        yield operation.request_body.type
    for response in operation.responses:
        if response.type is not None:
            yield response.type


def reachable_models(api: ir.Api, roots: Iterable[ir.TypeRef]) -> set[str]:
    by_name = {model.name: model for model in api.models}
    found: set[str] = set()
    pending = [name for root in roots for name in ir.refs(root)]
    while pending:
        name = pending.pop()
        if name in found or name not in by_name:
            continue
        found.add(name)
        pending.extend(n for t in ir.model_types(by_name[name]) for n in ir.refs(t))
        model = by_name[name]
        if isinstance(model, (ir.UnionModel, ir.ObjectModel)) and model.discriminator:
            # A payload of the model may be any model its discriminator names.
            pending.extend(target for _, target in model.discriminator.mapping)
        if isinstance(model, ir.ObjectModel) and model.parent is not None:
            pending.append(model.parent)  # the class it extends
    return found
