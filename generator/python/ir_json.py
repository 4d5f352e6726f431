"""The IR as ``specgen ir`` prints it: a public, documented JSON shape.

Every key is listed here, in one module, rather than derived from the IR's
structs: the JSON is a contract (add keys, never rename them), and a new field
in the IR must not reach it by accident.  Python names (a model's ``name`` and
``typed_dict_name``, ``python_name``, ``group``, ``method``, a reference's
``name``) and a security scheme's ``kind`` are the Python side's decisions, so
this module lives on that side.
"""

from __future__ import annotations

import json
from typing import Any

from generator import ir
from generator.ir.pagination_path import path_text
from generator.python.auth import client_auth
from generator.python.name_plan import ModelNames, NamePlan, OperationNames, plan_names
from generator.text import json_safe


def ir_json(api: ir.Api) -> str:
    """The IR as the JSON document ``specgen ir`` prints (a public, documented shape).

    Python names (``name`` and ``typed_dict_name`` of a model, ``python_name``,
    ``group``, ``method``, a reference's ``name``) are the name plan's.
    """
    text = json.dumps(_to_json(api, plan_names(api)), indent=2, ensure_ascii=False)
    return json_safe(text) + "\n"


def _to_json(api: ir.Api, names: NamePlan) -> dict[str, Any]:
    models = sorted(api.models, key=lambda m: names.models[m.name].cls)
    return {
        "title": api.title,
        "version": api.version,
        "source": api.source_name,
        "sha256": api.source_sha256,
        "models": [_model_json(m, names) for m in models],
        "operations": [
            _operation_json(o, names.operations[o.id], names)
            for o in names.in_order(api.operations, names.operations)
        ],
        "webhooks": [
            _operation_json(o, names.webhooks[o.id], names)
            for o in names.in_order(api.webhooks, names.webhooks)
        ],
        "servers": [server.default_url for server in api.servers],
        "server_templates": [_server_json(server) for server in api.servers],
        "security_schemes": [
            {
                "name": s.name,
                "python_name": names.schemes[s.name],
                "kind": client_auth(s),
                "in": s.location,
                "parameter_name": s.parameter_name,
                "token_url": s.token_url,
                "scopes": list(s.scopes),
            }
            for s in api.security_schemes
        ],
        "retries": _retry_json(api.retries),
        "diagnostics": [d.to_json() for d in api.diagnostics],
    }


def _model_json(model: ir.Model, names: NamePlan) -> dict[str, Any]:
    own = names.models[model.name]
    type_json = _TypeJson(names)
    data: dict[str, Any] = {
        "name": own.cls,
        "kind": model.kind,
        "source": model.source,
        "typed_dict_name": own.typed_dict,
        "description": model.description,
        "deprecated": model.deprecated,
        "nullable": model.nullable,
        "examples": [ir.thaw(e) for e in model.examples],
    }
    if model.notes:
        data["notes"] = list(model.notes)
    if isinstance(model, ir.ObjectModel):
        data["fields"] = [_field_json(f, own, type_json) for f in model.fields]
        data["additional_properties"] = (
            None if model.extra_fields is None else type_json(model.extra_fields)
        )
        data["parent"] = (
            None if model.parent is None else names.models[model.parent].cls
        )
        data["discriminator"] = _discriminator_json(model.discriminator, names)
    elif isinstance(model, ir.EnumModel):
        data["value_type"] = model.value_type
        data["values"] = [{"name": own.members[v], "value": v} for v in model.values]
    elif isinstance(model, ir.UnionModel):
        data["variants"] = [type_json(v) for v in model.variants]
        data["discriminator"] = _discriminator_json(model.discriminator, names)
    else:
        data["target"] = type_json(model.target)
    return data


def _discriminator_json(discriminator: ir.Discriminator | None, names: NamePlan) -> Any:
    if discriminator is None:
        return None
    mapping = {tag: names.models[target].cls for tag, target in discriminator.mapping}
    return {"property": discriminator.property, "mapping": mapping}


def _field_json(
    field: ir.Field, own: ModelNames, type_json: _TypeJson
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": field.name,
        "python_name": own.fields[field.name],
        "type": type_json(field.type),
        "required": field.required,
        "nullable": field.nullable,
        "description": field.description,
        "deprecated": field.deprecated,
        "read_only": field.read_only,
        "write_only": field.write_only,
        "constraints": {
            k: getattr(field.constraints, k)
            for k in field.constraints.__struct_fields__
            if getattr(field.constraints, k) is not None
        },
        "examples": [ir.thaw(e) for e in field.examples],
        "wire_name_inferred": field.wire_name_inferred,
    }
    if field.has_default:
        data["default"] = ir.thaw(field.default)
    if field.notes:
        data["notes"] = list(field.notes)
    if field.subtype_types:
        data["subtype_types"] = [type_json(t) for t in field.subtype_types]
    return data


class _TypeJson(ir.TypeFold[dict[str, Any]]):
    """A type as the IR JSON writes it (a reference by the class it names)."""

    __slots__ = ("_names",)

    def __init__(self, names: NamePlan) -> None:
        self._names = names

    def primitive(self, ref: ir.Primitive) -> dict[str, Any]:
        return {"kind": "primitive", "type": ref.type, "format": ref.format}

    def list_of(self, ref: ir.ListOf, item: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "list", "item": item}

    def tuple_of(
        self,
        ref: ir.TupleOf,
        items: tuple[dict[str, Any], ...],
        rest: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "kind": "tuple",
            "items": list(items),
            "rest": rest,
            "min_items": ref.min_items,
        }

    def map_of(self, ref: ir.MapOf, value: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "map", "value": value}

    def null_or(self, ref: ir.NullOr, inner: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "nullable", "inner": inner}

    def ref(self, ref: ir.Ref) -> dict[str, Any]:
        return {"kind": "ref", "name": self._names.models[ref.name].cls}

    def const(self, ref: ir.Const) -> dict[str, Any]:
        return {"kind": "const", "value": ir.thaw(ref.value)}

    def any(self, ref: ir.AnyType) -> dict[str, Any]:
        return {"kind": "any"}


def _operation_json(
    op: ir.Operation, own: OperationNames, names: NamePlan
) -> dict[str, Any]:
    type_json = _TypeJson(names)
    return {
        "id": op.id,
        "group": own.group,
        "method": own.method,
        "http_method": op.http_method,
        "path": op.path,
        "streaming": op.streaming,
        "description": op.description,
        "source": op.source,
        "summary": op.summary,
        "deprecated": op.deprecated,
        "parameters": [
            {
                "name": p.name,
                "python_name": argument,
                "in": p.location,
                "type": type_json(p.type),
                "required": p.required,
                "nullable": p.nullable,
                "style": p.style,
                "explode": p.explode,
                "description": p.description,
            }
            # Parameters are the first arguments, in their order.
            for p, argument in zip(op.parameters, own.arguments)
        ],
        "request_body": (
            None
            if op.request_body is None
            else {
                "content_type": op.request_body.content_type,
                "type": type_json(op.request_body.type),
                "required": op.request_body.required,
            }
        ),
        "responses": [
            {
                "status": r.status,
                "content_type": r.content_type,
                "type": None if r.type is None else type_json(r.type),
                "streaming": r.streaming,
                "sse_sentinel": r.sse_sentinel,
            }
            for r in op.responses
        ],
        "security": [list(alternative) for alternative in op.security],
        "retries": _retry_json(op.retries),
        "servers": [_server_json(server) for server in op.servers],
        "pagination": _pagination_json(op.pagination),
    }


def _server_json(server: ir.Server) -> dict[str, Any]:
    return {
        "url": server.url,
        "description": server.description,
        "variables": {
            v.name: {"default": v.default, "enum": list(v.enum)}
            for v in server.variables
        },
    }


def _pagination_json(pagination: ir.Pagination | None) -> dict[str, Any] | None:
    if pagination is None:
        return None

    def place(found: ir.PageInput | None) -> dict[str, Any] | None:
        if found is None:
            return None
        return {"in": found.location, "name": found.name}

    def path(steps: tuple[ir.PathSegment, ...] | None) -> str | None:
        return None if steps is None else path_text(steps)

    return {
        "kind": pagination.kind,
        "input": place(pagination.input),
        "limit": place(pagination.limit),
        "results": path(pagination.results),
        "next": path(pagination.next),
        "pages": path(pagination.pages),
    }


def _retry_json(policy: ir.RetryPolicy | None) -> dict[str, Any] | None:
    if policy is None:
        return None
    return {
        "initial_interval_ms": policy.initial_interval_ms,
        "max_interval_ms": policy.max_interval_ms,
        "exponent": policy.exponent,
        "max_elapsed_ms": policy.max_elapsed_ms,
        "status_codes": list(policy.status_codes),
        "retry_connection_errors": policy.retry_connection_errors,
    }
