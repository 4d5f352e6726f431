"""Small inline documents read by the OpenAPI front end, for the stage-by-stage unit tests.

The documents are written to a folder as JSON and read the way ``build_api`` reads
a file on disk, so every test sees the front end exactly as the CLI drives it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.errors import SpecError
from generator.load.documents import Documents, Location
from generator.openapi import build_api
from generator.openapi.schemas import SchemaConverter


def write_document(
    folder: Path,
    spec: dict[str, Any],
    files: dict[str, Any] | None = None,
    name: str = "spec.json",
) -> Path:
    """Write ``spec`` (and ``files``, by relative path) as JSON; the spec's path."""
    for relative, content in (files or {}).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content), encoding="utf-8")
    path = folder / name
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def api_from(
    folder: Path, spec: dict[str, Any], files: dict[str, Any] | None = None
) -> ir.Api:
    """The IR ``build_api`` makes of ``spec``."""
    return build_api(write_document(folder, spec, files))


def spec_error(
    folder: Path, spec: dict[str, Any], files: dict[str, Any] | None = None
) -> SpecError:
    """The error ``build_api`` refuses ``spec`` with."""
    with pytest.raises(SpecError) as caught:
        build_api(write_document(folder, spec, files))
    return caught.value


def converter_for(
    folder: Path, spec: dict[str, Any]
) -> tuple[SchemaConverter, Location]:
    """A schema converter over ``spec``, as ``build_api`` makes one, and the
    location of the document's root (``#``)."""
    docs = Documents(write_document(folder, spec))
    return SchemaConverter(docs), Location(docs.root_file, "#")


def models_by_name(api: ir.Api) -> dict[str, ir.Model]:
    return {model.name: model for model in api.models}


def fields_by_name(model: ir.Model) -> dict[str, ir.Field]:
    assert isinstance(model, ir.ObjectModel), model
    return {field.name: field for field in model.fields}


def ir_field(
    name: str, type: ir.TypeRef = ir.Primitive("string"), **facts: Any
) -> ir.Field:
    """An IR field, required and not nullable unless *facts* say otherwise."""
    return ir.Field(
        name=name,
        type=type,
        required=facts.pop("required", True),
        nullable=facts.pop("nullable", False),
        **facts,
    )
