"""Our models against datamodel-code-generator's, on the same spec.

The peer's dataclasses give an independent reading of the spec: for every schema
both generate as a class, the field names and which fields are required must agree.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator import ir
from generator.openapi import build_api
from tests.conftest import ROOT

datamodel_code_generator = pytest.importorskip("datamodel_code_generator")


def _peer_module(spec: Path, tmp_path: Path) -> ModuleType:
    out = tmp_path / "peer_models.py"
    datamodel_code_generator.generate(
        spec.read_text(),
        input_file_type=datamodel_code_generator.InputFileType.OpenAPI,
        output=out,
        output_model_type=datamodel_code_generator.DataModelType.DataclassesDataclass,
    )
    loaded = importlib.util.spec_from_file_location("peer_models", out)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    sys.modules["peer_models"] = module
    try:
        loaded.loader.exec_module(module)
    finally:
        del sys.modules["peer_models"]
    return module


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_atoma_models_agree_with_datamodel_code_generator(tmp_path: Path) -> None:
    spec = ROOT / "spec" / "atoma-openapi.yaml"
    ours = {m.name: m for m in build_api(spec).models if isinstance(m, ir.ObjectModel)}
    peer = _peer_module(spec, tmp_path)
    compared = 0
    for name, model in ours.items():
        peer_class = getattr(peer, name, None)
        if peer_class is None or not dataclasses.is_dataclass(peer_class):
            continue
        peer_fields = {f.name: f for f in dataclasses.fields(peer_class)}
        # The peer keeps a wire name that is an identifier as is (we rename `object`
        # to `object_`, which shadows a builtin our class bodies use), so compare wire names.
        assert set(peer_fields) == {f.name for f in model.fields}, name
        peer_required = {
            n
            for n, f in peer_fields.items()
            if f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        }
        assert peer_required == {f.name for f in model.fields if f.required}, name
        compared += 1
    assert compared >= 25, f"only {compared} classes in common"
