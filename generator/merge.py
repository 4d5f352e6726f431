"""Docs and spec together: the spec is authoritative, the docs fill in what it lacks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator import ir
from generator.markdown import WireCase


def merge_api(spec: ir.Api, docs: Sequence[Path], wire_case: WireCase) -> ir.Api:
    """Not written yet: the spec alone."""
    return spec
