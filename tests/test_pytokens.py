"""The fast path's tokenizer agrees with the standard library's, or refuses."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

import generator.render.package as render_module
from generator.openapi import build_api
from generator.pytokens import TokenizeError, tokens
from tests.conftest import capture_blocks

ROOT = Path(__file__).resolve().parents[1]
KEPT = {tokenize.NAME, tokenize.OP, tokenize.NUMBER, tokenize.STRING, tokenize.COMMENT}


def _reference(text: str) -> list[tuple[int, str, tuple[int, int], tuple[int, int]]]:
    # A line end's own end position does not matter (ours is its start).
    return [
        (tok.type, tok.string, tok.start, tok.start if tok.string == "\n" else tok.end)
        for tok in tokenize.generate_tokens(io.StringIO(text).readline)
        if tok.type in KEPT or tok.type == tokenize.NEWLINE and tok.string
    ]


def _ours(text: str) -> list[tuple[int, str, tuple[int, int], tuple[int, int]]]:
    return [
        (tok.type, tok.string, tok.start, tok.end)
        for tok in tokens(text)
        if tok.type != tokenize.NL
    ]


@pytest.mark.parametrize(
    "text",
    [
        "x = f(a, b=[1, 2.5], c={'k': (3,)})\n",
        'def g(self) -> None:\n    """Doc.\n\n    More."""\n    return None\n',
        "y = rb'\\x00' + f\"{z}\" + '''a\nb''' + \"q\\\"\"\n",
        "# comment\nif a and not b:  # trailing\n    pass\n",
        "s = (\n    1,\n    2,\n)\n",
        "a @= b ** -c // d != e -> f\n",
        "name_élan = 1\n",
    ],
)
def test_tokens_equal_the_standard_tokenizer(text: str) -> None:
    assert _ours(text) == _reference(text)


def test_tokens_of_generated_code_equal_the_standard_tokenizer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = capture_blocks(monkeypatch)
    render_module.render_package(
        build_api(ROOT / "spec" / "atoma-speakeasy-openapi.yaml"), "p_tok"
    )
    assert blocks
    for block, _ in blocks:
        text = block.strip("\n") + "\n"
        assert _ours(text) == _reference(text), text


@pytest.mark.parametrize("text", ["x = (1\n", "x = 1)\n", "x = 'open\n", "x = $\n"])
def test_what_it_does_not_know_is_refused(text: str) -> None:
    with pytest.raises(TokenizeError):
        list(tokens(text))
