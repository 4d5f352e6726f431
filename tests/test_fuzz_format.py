"""The formatting fast path against hostile specs: black's text, or refused.

``tests/e2e/test_fuzz.py`` checks that what specgen generates from random, hostile
documents imports and round-trips; this checks that the fast path's text for each
block of it is exactly black's (hostile names and text reach docstrings, literals
and long lines, where a wrong rule would show).  ``SPECGEN_FUZZ_FORMAT_EXAMPLES``
sets the number of examples (CI: 40, seeded).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import HealthCheck, given, settings

from generator.cli.config import Target
from generator.cli.pipeline import render
from generator.errors import SpecError
from generator.format import format_refused
from generator.layout import fast_format
from tests.conftest import capture_blocks
from tests.strategies import documents

EXAMPLES = int(os.environ.get("SPECGEN_FUZZ_FORMAT_EXAMPLES", "40"))
MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})


@settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(spec=documents())
def test_fast_path_gives_blacks_text_for_hostile_specs(
    spec: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = capture_blocks(monkeypatch)
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    target = Target(name="fuzz", spec=path, docs=(), out=tmp_path, package="p_fuzz")
    try:
        render(target)
    except SpecError:
        return  # refused with its one-line error: tests/e2e/test_fuzz.py checks that
    for block, module_start in blocks:
        fast = fast_format(block, module_start=module_start)
        expected = black.format_str(block, mode=MODE)
        if fast is None:
            assert format_refused(block) == expected, block
        else:
            assert fast == expected, block
