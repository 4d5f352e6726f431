"""Docs and spec together: the merged IR and the drift report.

The spec is authoritative for wire names, types, int vs float and nullability; the
docs add descriptions and examples the spec lacks.  Matching pages with schemas is
:mod:`generator.markdown.matching`; the drift rules are :mod:`generator.markdown.drift`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import msgspec

from generator import ir
from generator.diagnostics import Diagnostic
from generator.errors import ConfigError
from generator.markdown import WireCase, load_docs
from generator.markdown.drift import Drift, FieldPair, drift, field_pairs
from generator.markdown.matching import Match, fold
from generator.markdown.models import DocModel, examples_of
from generator.openapi import build_api

__all__ = [
    "Drift",
    "FieldPair",
    "drift",
    "drift_report",
    "field_pairs",
    "fold",
    "merge_api",
]


def drift_report(
    spec_path: Path | None, doc_paths: Sequence[Path], wire_case: WireCase
) -> tuple[list[Drift], tuple[Diagnostic, ...]]:
    """``specgen drift``: the disagreements, and what the readers could not read
    (both a spec and docs must be given)."""
    if spec_path is None or not doc_paths:
        raise ConfigError(
            "specgen", "--spec/--docs", "drift compares a spec with docs: give both"
        )
    spec = build_api(spec_path)
    docs = load_docs(doc_paths, wire_case)
    found = drift(spec, docs)
    docs.diagnostics.extend(spec.diagnostics)
    return found, docs.diagnostics.sorted()


def merge_api(
    spec: ir.Api,
    paths: Sequence[Path],
    wire_case: WireCase,
) -> ir.Api:
    """The spec's models, with descriptions and examples from the docs where it has none."""
    docs = load_docs(paths, wire_case)
    match = Match(spec, docs)
    by_name = {m.name: m for m in docs.models}
    doc_models = {key: by_name[docs.names[key]] for key in docs.pages}
    models = []
    for model in spec.models:
        key = match.spec_to_doc.get(model.name)
        models.append(
            model
            if key is None
            else _merge_model(match, model, docs.pages[key], doc_models[key])
        )
    disagreements = drift(spec, docs)  # reads the operation pages too
    diagnostics = docs.diagnostics
    diagnostics.extend(spec.diagnostics)
    if disagreements:
        first = disagreements[0]
        diagnostics.add(
            first.file,
            f"docs and spec disagree in {len(disagreements)} places (the spec wins; "
            f"see specgen drift), first {first.subject}: {first.message}",
            line=first.line,
        )
    return msgspec.structs.replace(
        spec, models=tuple(models), diagnostics=diagnostics.sorted()
    )


def _keys_fit(model: ir.Model, examples: tuple[ir.JsonValue, ...]) -> bool:
    """Doc examples carry guessed wire names: use them only if the spec agrees."""
    if not examples:
        return False
    if not isinstance(model, ir.ObjectModel):
        return True
    wire = {f.name for f in model.fields}
    return all(isinstance(e, Mapping) and set(e) <= wire for e in examples)


def _merge_model(
    match: Match, model: ir.Model, doc: DocModel, doc_model: ir.Model
) -> ir.Model:
    changes: dict[str, object] = {}
    if model.description is None and doc.page.description:
        changes["description"] = doc.page.description
    if not model.examples and _keys_fit(model, doc_model.examples):
        changes["examples"] = doc_model.examples
    if isinstance(model, ir.ObjectModel):
        rows = {fold(f.row.name): f.row for f in doc.fields}
        shown = {id(f): k for k, f in match.fields(model).items()}
        fields = []
        for spec_field in model.fields:
            row = rows.get(shown[id(spec_field)])
            if row is not None:
                update: dict[str, object] = {}
                if spec_field.description is None and row.description:
                    update["description"] = row.description
                if not spec_field.examples and row.example is not None:
                    update["examples"] = examples_of(row.example, spec_field.type)
                spec_field = msgspec.structs.replace(spec_field, **update)
            fields.append(spec_field)
        changes["fields"] = tuple(fields)
    return msgspec.structs.replace(model, **changes)
