"""The OpenAPI front end: an OpenAPI 3.0, 3.1 or 3.2 document (and the files it references) to an IR ``Api``."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator import collector, ir, timing
from generator.diagnostics import merged
from generator.errors import SpecError
from generator.load.documents import Documents, Location
from generator.openapi.operations import OperationReader
from generator.openapi.schemas import SchemaConverter
from generator.openapi.validate import validate_document

__all__ = ["build_api"]


def build_api(path: Path) -> ir.Api:
    with collector.paused():
        with timing.stage("load"):
            docs = Documents(path)
        with timing.stage("ir"):
            return _build(path, docs)


def _build(path: Path, docs: Documents) -> ir.Api:
    root = docs.root
    _check_version(root, path.name)
    validate_document(docs)  # duplicate operationIds, unused path parameters
    converter = SchemaConverter(docs)
    operations = OperationReader(docs, converter)
    operations.type_event_data()
    schemas = _mapping(root, ("components", "schemas"), docs)
    top = Location(docs.root_file, "#")
    for key in schemas:
        converter.model_for(top.child("components", "schemas", str(key)))
    operations.read()
    info = root.get("info") if isinstance(root.get("info"), dict) else {}
    models = converter.finish()
    paths, webhooks = operations.finish(models)
    sdk_models, sdk_fields = converter.sdk_names()
    hints = ir.NameHints(
        groups=MappingProxyType(operations.groups),
        methods=MappingProxyType(operations.methods),
        models=MappingProxyType(sdk_models),
        fields=MappingProxyType(sdk_fields),
    )
    return ir.Api(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        source_name=path.name,
        source_sha256=hashlib.sha256(docs.root_bytes).hexdigest(),
        models=models,
        operations=paths,
        webhooks=webhooks,
        servers=operations.servers(),
        security_schemes=operations.security_schemes(),
        retries=operations.retries(),
        hints=hints,
        diagnostics=merged(converter.diagnostics, operations.diagnostics),
        input_files=docs.files,
    )


def _check_version(root: Any, name: str) -> None:
    if not isinstance(root, dict):
        raise SpecError(
            name, "", "not an OpenAPI document: the top level is not a mapping"
        )
    if "swagger" in root:
        raise SpecError(
            name,
            "#/swagger",
            f"Swagger {root['swagger']} is not supported; convert the document to OpenAPI 3 first",
        )
    version = root.get("openapi")
    if version is None:
        raise SpecError(
            name, "", "not an OpenAPI document: there is no 'openapi' version field"
        )
    if isinstance(version, float) and str(version) in _VERSIONS:
        raise SpecError(
            name,
            "#/openapi",
            f"the version must be a string: write openapi: '{version}.0' (quoted), not a number",
        )
    if (
        not isinstance(version, str)
        or ".".join(version.split(".")[:2]) not in _VERSIONS
    ):
        raise SpecError(
            name,
            "#/openapi",
            f"OpenAPI version {version!r} is not supported (3.0.x, 3.1.x or 3.2.x)",
        )


_VERSIONS = ("3.0", "3.1", "3.2")
"""The minor versions read.  3.2 is 3.1 with more (OpenAPI keeps a minor version
compatible with the one before): its ``query`` method and ``additionalOperations``
are read (:func:`generator.openapi.paths.operations`); what else it adds is read
around, as fields the front end does not know are."""


def _mapping(
    root: dict[str, Any], keys: tuple[str, ...], docs: Documents
) -> dict[str, Any]:
    value: Any = root
    pointer = "#"
    for key in keys:
        value = value.get(key, {}) if isinstance(value, dict) else None
        pointer += "/" + key
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise SpecError(docs.display(docs.root_file), pointer, "must be a mapping")
    return dict(value)
