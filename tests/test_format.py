"""The fast path of formatting gives black's bytes for every block it accepts.

Blocks are captured as the templates emit them (before formatting) from the Atoma
specs and from a sample of the big corpus specs, and each block the fast path
accepts is compared with ``black.format_str``.  The share of accepted blocks is
printed (``pytest -s``) because it is what makes cold generation fast.
"""

from __future__ import annotations

from pathlib import Path

import black
import pytest

import generator.render as render_module
from generator.format import BLOCK, format_blocks
from generator.layout import fast_format
from generator.openapi import build_api

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BIG = SHARED / "corpus" / "big"
MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})


def _blocks(spec: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    captured: list[str] = []

    def capture(text: str) -> str:
        captured.extend(b for b in text.split(BLOCK) if b.strip())
        return text

    monkeypatch.setattr(render_module, "format_blocks", capture)
    render_module.render_package(build_api(spec), "p_fmt")
    return captured


def _check(blocks: list[str], label: str) -> float:
    accepted = 0
    for block in blocks:
        fast = fast_format(block)
        if fast is None:
            continue
        accepted += 1
        assert fast == black.format_str(block, mode=MODE), block
    share = accepted / len(blocks)
    print(
        f"\n{label}: fast path accepted {accepted} of {len(blocks)} blocks ({share:.0%})"
    )
    return share


@pytest.mark.parametrize("name", ["atoma-openapi.yaml", "atoma-speakeasy-openapi.yaml"])
def test_fast_path_equals_black_on_atoma(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = _check(_blocks(ROOT / "spec" / name, monkeypatch), name)
    assert share > 0.3  # the fast path is used at all


@pytest.mark.parametrize(
    "name",
    ["openai.yaml", "stripe_spec3_2023-09.yaml", "github_api.github.com.json"],
)
def test_fast_path_equals_black_on_corpus_sample(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = BIG / name
    if not spec.exists():
        pytest.skip("../shared/corpus is absent")
    blocks = _blocks(spec, monkeypatch)
    # A spread-out sample keeps the run short; every block kind appears in it.
    _check(blocks[::25], name)


@pytest.mark.parametrize(
    "block",
    [
        "\nX: TypeAlias = Literal['a', 'b']\n",
        "\nclass E(StrEnum):\n    A = 'a'\n    B = 'it\\'s'\n    C = 'say \"hi\"'\n",
        "\nx = (1)\n",
        "\ndef f(a, *, b: int = 3, c=-1) -> None:\n    return None\n",
        "\nclass A:\n    '''Doc.'''\n    x: int\n",
        "\ny = f(a, b,)\n",
        "\nz = d[1:2]  # comment\n",
        "\n\nclass B:\n\n    x: int\n",
        "\ndef g(\n    self,\n    *,\n    value: int = 1,\n) -> None:\n    pass\n",
        "\ncall(\n    name=function(argument_one, argument_two, argument_three, argument_4),\n)\n",
        "\nx: Literal['日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語', 'b']\n",
    ],
)
def test_fast_path_equals_black_on_tricky_blocks(block: str) -> None:
    """Shapes near the edge of the subset: accepted ones must match, others refused."""
    fast = fast_format(block)
    if fast is not None:
        assert fast == black.format_str(block, mode=MODE)


def test_format_blocks_joins_fast_and_black_blocks() -> None:
    text = BLOCK.join(["\nx = 1\n", "\ny = (2)\n", "\nz = 'three'\n"])
    assert format_blocks(text) == black.format_str(
        "x = 1\n\n\ny = (2)\n\n\nz = 'three'\n", mode=MODE
    )
