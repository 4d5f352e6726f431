"""The whole run, as functions the CLI and the tests share: spec to IR to files."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from generator import ir
from generator.config import Target
from generator.diagnostics import StrictError
from generator.errors import ConfigError
from generator.openapi import build_api
from generator.output import WriteReport, write_tree
from generator.render import render_package
from generator.select import select

if TYPE_CHECKING:
    from generator.markdown import WireCase


def load_api(target: Target) -> ir.Api:
    """The IR for a target's inputs: a spec, docs, or both merged (the spec wins).

    With ``strict``, any diagnostic is a :class:`StrictError` (before anything is
    rendered or written).
    """
    api = _read_inputs(target)
    if target.strict and api.diagnostics:
        raise StrictError(api.diagnostics)
    return api


def _read_inputs(target: Target) -> ir.Api:
    if not target.docs:
        if target.spec is None:
            raise ConfigError("specgen", "--spec", "no input given")
        return build_api(target.spec)
    from generator.markdown import build_api_from_docs

    wire_case = cast("WireCase", target.docs_wire_case)
    if target.spec is None:
        return build_api_from_docs(target.docs, wire_case)
    from generator.merge import merge_api, sdk_names

    spec = build_api(target.spec)
    return merge_api(spec, target.docs, wire_case, sdk_names(target.spec, spec))


def render(target: Target) -> tuple[ir.Api, dict[str, str]]:
    """Everything a run would write, in memory: nothing touches the disk."""
    api = select(load_api(target), target.selection)
    return api, render_package(api, target.package, target.emit)


def generate(target: Target) -> tuple[ir.Api, WriteReport]:
    api, files = render(target)
    return api, write_tree(target.out, target.package, files)


def ir_json(api: ir.Api) -> str:
    """The IR as the JSON document ``specgen ir`` prints (a public, documented shape)."""
    return json.dumps(_to_json(api), indent=2, ensure_ascii=False) + "\n"


def _to_json(api: ir.Api) -> dict[str, Any]:
    return {
        "title": api.title,
        "version": api.version,
        "source": api.source_name,
        "sha256": api.source_sha256,
        "models": [_model_json(m) for m in api.models],
        "operations": [_operation_json(o) for o in api.operations],
        "webhooks": [_operation_json(o) for o in api.webhooks],
        "servers": list(api.servers),
        "security_schemes": [
            {
                "name": s.name,
                "python_name": s.python_name,
                "kind": s.kind,
                "in": s.location,
                "parameter_name": s.parameter_name,
            }
            for s in api.security_schemes
        ],
        "retries": _retry_json(api.retries),
        "diagnostics": [d.to_json() for d in api.diagnostics],
    }


def _model_json(model: ir.Model) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": model.name,
        "kind": model.kind,
        "source": model.source,
        "typed_dict_name": model.typed_dict_name,
        "description": model.description,
        "deprecated": model.deprecated,
        "nullable": model.nullable,
        "examples": [ir.thaw(e) for e in model.examples],
    }
    if model.notes:
        data["notes"] = list(model.notes)
    if isinstance(model, ir.ObjectModel):
        data["fields"] = [_field_json(f) for f in model.fields]
        data["additional_properties"] = (
            None if model.extra_fields is None else type_json(model.extra_fields)
        )
        data["parent"] = model.parent
        data["discriminator"] = _discriminator_json(model.discriminator)
    elif isinstance(model, ir.EnumModel):
        data["value_type"] = model.value_type
        data["values"] = [{"name": m.name, "value": m.value} for m in model.members]
    elif isinstance(model, ir.UnionModel):
        data["variants"] = [type_json(v) for v in model.variants]
        data["discriminator"] = _discriminator_json(model.discriminator)
    else:
        data["target"] = type_json(model.target)
    return data


def _discriminator_json(discriminator: ir.Discriminator | None) -> Any:
    if discriminator is None:
        return None
    return {"property": discriminator.property, "mapping": dict(discriminator.mapping)}


def _field_json(field: ir.Field) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": field.name,
        "python_name": field.python_name,
        "type": type_json(field.type),
        "required": field.required,
        "nullable": field.nullable,
        "description": field.description,
        "deprecated": field.deprecated,
        "read_only": field.read_only,
        "write_only": field.write_only,
        "constraints": {
            k: getattr(field.constraints, k)
            for k in field.constraints.__slots__
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


def type_json(ref: ir.TypeRef) -> dict[str, Any]:
    if isinstance(ref, ir.Primitive):
        return {"kind": "primitive", "type": ref.type, "format": ref.format}
    if isinstance(ref, ir.ListOf):
        return {"kind": "list", "item": type_json(ref.item)}
    if isinstance(ref, ir.TupleOf):
        return {
            "kind": "tuple",
            "items": [type_json(t) for t in ref.items],
            "rest": None if ref.rest is None else type_json(ref.rest),
            "min_items": ref.min_items,
        }
    if isinstance(ref, ir.MapOf):
        return {"kind": "map", "value": type_json(ref.value)}
    if isinstance(ref, ir.NullOr):
        return {"kind": "nullable", "inner": type_json(ref.inner)}
    if isinstance(ref, ir.Ref):
        return {"kind": "ref", "name": ref.name}
    if isinstance(ref, ir.Const):
        return {"kind": "const", "value": ir.thaw(ref.value)}
    return {"kind": "any"}


def _operation_json(op: ir.Operation) -> dict[str, Any]:
    return {
        "id": op.id,
        "group": op.group,
        "method": op.method,
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
                "python_name": p.python_name,
                "in": p.location,
                "type": type_json(p.type),
                "required": p.required,
                "nullable": p.nullable,
                "style": p.style,
                "explode": p.explode,
                "description": p.description,
            }
            for p in op.parameters
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
