"""The IR JSON of every corpus document stays byte for byte what it was.

``specgen ir`` prints a public, documented shape, and a redesign of the generator
(new folders, new formatter, new runtime) must not change it by accident.  The
SHA-256 of the JSON of every OpenAPI document and every docs tree in
``../shared/corpus`` is committed in ``tests/snapshots/ir_digests.json``; a
document that is refused records a digest of its error message instead, so a
refusal that turns into output (or into another message) shows up too.

After an intended change of the IR, review the change on one document
(``specgen ir --spec ...`` before and after), then update the record::

    SPECGEN_UPDATE_IR_DIGESTS=1 python -m pytest tests/ir/test_ir_stable.py

Skipped when ``../shared`` is absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.errors import ConfigError, SpecError
from tests.conftest import ROOT, SHARED

CORPUS = SHARED / "corpus"
RECORD = ROOT / "tests" / "snapshots" / "ir_digests.json"
_SPEC_SUFFIXES = {".json", ".yaml", ".yml"}
_VERSION_KEY = re.compile(
    rb"""(^|[{,\s])["']?(openapi|swagger)["']?\s*:""", re.MULTILINE
)


def corpus_inputs() -> list[str]:
    """Every OpenAPI or Swagger document and every docs tree of the corpus, as a
    path relative to the corpus (a docs tree ends in ``/``)."""
    if not CORPUS.is_dir():
        return []
    found: list[str] = []
    for path in CORPUS.rglob("*"):
        if path.is_file() and path.suffix in _SPEC_SUFFIXES:
            if path.parent.name == "schema":
                continue  # the Swagger 2.0 JSON Schema
            if _VERSION_KEY.search(path.read_bytes()):
                found.append(path.relative_to(CORPUS).as_posix())
        elif path.is_dir() and path.name == "docs" and (path / "models").is_dir():
            found.append(path.relative_to(CORPUS).as_posix() + "/")
    return sorted(found)


def digest(relative: str) -> str:
    """The SHA-256 of the input's IR JSON, or ``refused <sha256 of the message>``."""
    from generator.cli.config import Target
    from generator.cli.pipeline import load_api
    from generator.python.ir_json import ir_json

    path = CORPUS / relative
    docs = relative.endswith("/")
    target = Target(
        name="ir",
        spec=None if docs else path,
        docs=(path,) if docs else (),
        out=Path("unused"),
        package="unused",
    )
    try:
        text = ir_json(load_api(target))
    except (SpecError, ConfigError) as error:
        message = str(error).replace(str(CORPUS), "<corpus>")
        return "refused " + hashlib.sha256(message.encode()).hexdigest()
    return hashlib.sha256(text.encode()).hexdigest()


def _digests(inputs: list[str]) -> dict[str, str]:
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        return dict(zip(inputs, pool.map(digest, inputs, chunksize=4), strict=True))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_every_corpus_ir_is_unchanged() -> None:
    inputs = corpus_inputs()
    assert len(inputs) > 250, "the corpus walk found its documents"
    found = _digests(inputs)
    if os.environ.get("SPECGEN_UPDATE_IR_DIGESTS"):
        RECORD.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(RECORD.read_text())
    changed = sorted(
        k for k in found.keys() & recorded.keys() if found[k] != recorded[k]
    )
    assert not changed, f"IR JSON changed for {len(changed)} inputs: {changed[:20]}"
    assert found.keys() == recorded.keys(), (
        f"new: {sorted(found.keys() - recorded.keys())[:10]}, "
        f"gone: {sorted(recorded.keys() - found.keys())[:10]}"
    )
