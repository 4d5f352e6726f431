"""The fast path of formatting gives black's bytes for every block it accepts.

Blocks are captured as the templates emit them (before formatting) from the Atoma
specs and from a sample of the big corpus specs, and each block the fast path
accepts is compared with ``black.format_str``.  The share of accepted blocks is
printed (``pytest -s``) because it is what makes cold generation fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.render as render_module
from generator.format import (
    BLOCK,
    STATIC_BLOCK,
    _blocks as stream_blocks,
    format_modules,
    format_refused,
)
from generator.layout import fast_format
from generator.openapi import build_api
from tests.conftest import capture_blocks

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BIG = SHARED / "corpus" / "big"
APISGURU = SHARED / "corpus" / "apisguru-sample"
MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})


def _blocks(spec: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each block of the package generated from *spec*, and whether it begins its module."""
    blocks = capture_blocks(monkeypatch)
    render_module.render_package(build_api(spec), "p_fmt")
    return blocks


def _check(blocks: list[tuple[str, bool]], label: str) -> float:
    accepted = 0
    for block, module_start in blocks:
        fast = fast_format(block, module_start=module_start)
        if fast is None:
            # Refused blocks take the slower way, which must give black's text too.
            assert format_refused(block) == black.format_str(block, mode=MODE), block
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


def _largest_sample_specs(count: int = 20) -> list[Path]:
    """The APIs.guru sample's largest documents (issue 15's benchmark set)."""
    if not APISGURU.is_dir():
        return []
    found = sorted(APISGURU.rglob("*.json"), key=lambda p: (-p.stat().st_size, str(p)))
    return found[:count]


@pytest.mark.skipif(
    not os.environ.get("SPECGEN_FULL_FORMAT_CHECK"),
    reason="by hand: SPECGEN_FULL_FORMAT_CHECK=1 (minutes: black on every block)",
)
@pytest.mark.parametrize(
    "spec",
    [
        BIG / name
        for name in (
            "openai.yaml",
            "stripe_spec3_2023-09.yaml",
            "github_api.github.com.json",
        )
    ]
    + _largest_sample_specs(),
    ids=lambda p: p.name,
)
def test_fast_path_equals_black_on_every_corpus_block(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not spec.exists():
        pytest.skip("../shared/corpus is absent")
    _check(_blocks(spec, monkeypatch), spec.name)


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
        "x = rb'a' + f'{y}' + u'z'\n",
        # Calls of calls: black splits an earlier bracket (found by fuzzing).
        "def f(value):\n    decoded: Dataclass = _rt.list_of(_rt.null_or(DataclassItemU0022"
        "U0022U0022.from_dict))(value)\n",
        "def f(value):\n    decoded: "
        + "B" * 28
        + " = _rt.map_of(_decode_"
        + "V" * 50
        + ")(value)\n",
        # Comments, imports and blank lines between top-level statements.
        "# one\n# two\nimport a\nx = 1\n",
        "import a\n# after an import\nx = 1\n",
        "import a\n\n\n\nx = 1\n",
        "import a\n\n\nx = 1\n",
        "import a\n\n\n# c\nx = 1\n",
        "# one\n# two\nimport a\n\nx = 1\n",
        "x = 1\n\n# c\ny = 2\n",
        "x = 1\n\n\n# c\ny = 2\n",
        "x = 1\n\n\ndef f():\n    pass\n\n\ny = 2\n",
        "class C:\n    x = 1\n\n    # c\n    y = 2\n",
        "def f():\n    import a\n    x = 1\n",
        "def f():\n    import a\n\n    x = 1\n",
        "x = 1\n\n\ndef f():\n    pass\ny = 2\n",
        "x = 1\n# fmt: off\ny = [1,\n  2]\n",
        "x = 1\n#no space\ny = 2\n",
        "if TYPE_CHECKING:\n    from .m import (\n        A,\n        B,\n    )\nx = 1\n",
        "from .m import (\n    A,\n)\n",
        "from .m import (\n    " + "N" * 90 + ",\n)\n",
        # Brackets split one element a line, nested, with magic trailing commas.
        "d = f(\n    v,\n    (\n        a,\n        b,\n    ),\n    {\n        'k': g,\n    },\n)\n",
        "d = f(\n    v,\n    (\n        a,\n    ),\n)\n",
        "d = f(\n    v,\n    x[\n        a,\n    ],\n)\n",
        "d = f(\n    v,\n    g(\n        a,\n        b,\n    ),\n)\n",
        "d = f(\n    " + "a" * 50 + "." + "b" * 40 + ",\n)\n",
        "d = {\n    'k': " + "a" * 50 + "." + "b" * 40 + ",\n}\n",
        "d = f(\n    'x' 'y' + " + "a" * 80 + ",\n)\n",
        "r = f(\n    '/a/' + g("
        + "b" * 30
        + ") + '/c/' + g("
        + "d" * 30
        + ") + '/e',\n)\n",
        "r = f(\n    -a + " + "b" * 90 + ",\n)\n",
        "r = f(\n    a + b * " + "c" * 90 + ",\n)\n",
        # A def right under a block opener that is not a def: black wants one blank line.
        *(
            "class B:\n    if TYPE_CHECKING:\n"
            + "\n" * blanks
            + '        def f(self) -> int:\n            """Doc."""\n\n    else:\n        f = g\n'
            for blanks in (0, 1, 2)
        ),
        "if X:\n\n    @d\n    def f():\n        pass\n",
        "if X:\n    x = 1\nelse:\n\n    class C:\n        pass\n",
        "def g():\n    for x in y:\n\n        def f():\n            pass\n",
        "async def g():\n    async with x:\n\n        def f():\n            pass\n",
        "def g():\n\n    def f():\n        pass\n",
    ],
)
def test_fast_path_equals_black_on_tricky_blocks(block: str) -> None:
    """Shapes near the edge of the subset: accepted ones must match, others refused."""
    fast = fast_format(block)
    if fast is not None:
        assert fast == black.format_str(block, mode=MODE)


def test_methods_declared_for_type_checkers_are_taken() -> None:
    """The async client's shape: each method declared under ``if TYPE_CHECKING:``
    and bound in the ``else:``, which black keeps as it is."""
    block = (
        "class AsyncItems:\n"
        "    if TYPE_CHECKING:\n\n"
        "        async def get(self, *, item_id: int) -> Item:\n"
        '            """GET /items/{itemId}"""\n\n'
        "    else:\n"
        "        get = _http.awaitable(_G.get)\n"
    )
    assert black.format_str(block, mode=MODE) == block
    assert fast_format(block) == block


@pytest.mark.parametrize(
    "block",
    [
        '"""Module."""\n\nimport a\n',
        '# header\n"""Module.\n\nMore.\n"""\n\n# why\nimport a\n',
        '"""Module."""\nimport a\n',
        '"""Module."""\n\n\ndef f():\n    pass\n',
        '"""Module.\n"""\n\nimport a\n',
    ],
)
def test_module_docstrings(block: str) -> None:
    fast = fast_format(block, module_start=True)
    if fast is not None:
        assert fast == black.format_str(block, mode=MODE)
    assert fast_format(block) is None  # mid-module, a string is not a docstring


@pytest.mark.parametrize(
    "block",
    [
        # Methods the fast path takes and one it refuses (a long expression).
        'class C:\n    """Doc."""\n\n    def a(self) -> int:\n        return 1\n\n\n'
        "    def b(self) -> int:\n        return f(" + "x, " * 40 + "y)\n\n"
        "    @property\n    def c(self) -> int:\n        return (3)\n",
        # Not only methods: the class is black's as a whole.
        'class D:\n    """Doc."""\n\n    x = 1\n\n    def a(self) -> int:\n'
        "        return (1)\n",
        'class E:\n    """Doc."""\n\n    def a(self) -> None: ...\n    def b(self) -> None: ...\n',
    ],
)
def test_classes_refused_as_a_whole_are_formatted_method_by_method(block: str) -> None:
    assert fast_format(block) is None
    assert format_refused(block) == black.format_str(block, mode=MODE)


def test_format_modules_joins_fast_and_black_blocks() -> None:
    text = BLOCK.join(["\nx = 1\n", "\ny = (2)\n", "\nz = 'three'\n"])
    assert format_modules({"m.py": text}) == {
        "m.py": black.format_str("x = 1\n\n\ny = (2)\n\n\nz = 'three'\n", mode=MODE)
    }


_PIECES = st.sampled_from(
    [BLOCK, STATIC_BLOCK, "x = 1\n", "\n", "", "  ", "class A:\n    pass\n", "é"]
)


@settings(derandomize=True, max_examples=300)
@given(pieces=st.lists(_PIECES, max_size=10), data=st.data())
def test_blocks_are_the_same_however_the_text_is_cut(
    pieces: list[str], data: st.DataObject
) -> None:
    """Templates write a module in chunks, and a marker may be cut between two:
    the blocks read from any cut are those of the whole text split at its markers."""
    text = "".join(pieces)
    cuts = sorted(
        data.draw(st.lists(st.integers(0, len(text)), max_size=6), label="cuts")
    )
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    expected = []
    for part in text.split(BLOCK):
        for index, piece in enumerate(part.split(STATIC_BLOCK)):
            if piece.strip():
                expected.append((piece, index > 0))
    assert list(stream_blocks(chunks)) == expected


def test_format_modules_takes_modules_as_they_are_rendered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A generator of modules gives what a dict gives, on worker processes too (a
    low threshold and an idle machine start them); an error while rendering
    reaches the caller."""
    import generator.format as format_module

    monkeypatch.setattr(format_module, "_PARALLEL_FROM_CHARACTERS", 5_000)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    started = []
    pool = format_module._pool
    monkeypatch.setattr(format_module, "_pool", lambda: started.append(1) or pool())
    text = "".join(f"{BLOCK}\nvalue_{i} = 'text {i}'\n" for i in range(300))
    text += BLOCK + "\nodd = (1)\n"  # one block for black, in a worker
    as_dict = format_modules({"a.py": text, "b.py": text, "empty.py": ""})
    assert as_dict["a.py"] == black.format_str(text.replace(BLOCK, "\n"), mode=MODE)
    assert as_dict["empty.py"] == ""
    as_generator = format_modules(
        iter([("a.py", text), ("b.py", text), ("empty.py", "")])
    )
    assert as_generator == as_dict
    in_chunks = format_modules(
        iter(
            [
                ("a.py", iter([text[:777], text[777:5001], text[5001:]])),
                ("b.py", iter(text[i : i + 100] for i in range(0, len(text), 100))),
                ("empty.py", iter([])),
            ]
        )
    )
    assert in_chunks == as_dict

    def failing() -> Iterator[tuple[str, str]]:
        yield "a.py", text
        yield "b.py", text
        raise RuntimeError("template failed")

    with pytest.raises(RuntimeError, match="template failed"):
        format_modules(failing())

    def failing_midway() -> Iterator[str]:
        yield text  # enough to start the workers
        raise RuntimeError("template failed halfway")

    with pytest.raises(RuntimeError, match="template failed halfway"):
        format_modules(iter([("a.py", text), ("b.py", failing_midway())]))
    assert started  # the workers did the work


def test_no_workers_for_small_work_or_busy_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Workers start only for work that can repay them, on a core left idle."""
    import gc

    import generator.format as format_module

    started: list[int] = []
    with monkeypatch.context() as patch:
        patch.setattr(format_module, "_pool", lambda: started.append(1))
        text = "".join(f"{BLOCK}\nvalue_{i} = 'text {i}'\n" for i in range(300))
        assert format_modules({"a.py": text})["a.py"].startswith("value_0 = ")
    assert not started  # 300 short blocks: formatted in this process
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (1.6, 1.0, 1.0))
    assert format_module._pool() is None  # both cores busy
    monkeypatch.setattr(os, "getloadavg", lambda: (0.9, 1.0, 1.0))
    pool = format_module._pool()
    assert pool is not None  # one core idle
    pool.shutdown()
    gc.unfreeze()


def test_big_classes_are_cut_into_members_before_the_workers_get_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A class over _CUT_FROM is handed out member by member; joined, the
    members give black's text for the class, refused members included."""
    import generator.format as format_module

    monkeypatch.setattr(format_module, "_CUT_FROM", 500)
    methods = "".join(
        f"\n    def op_{i}(self) -> int:\n        return {'(1)' if i % 7 else '1'}\n"
        for i in range(40)
    )
    big = f'\nclass Client:\n    """Operations."""\n{methods}'
    small = "\nx = 'small'\n"
    text = BLOCK.join([small, big, small])
    assert len(format_module._jobs(big, False)) == 41  # the head and 40 members
    expected = black.format_str(text.replace(BLOCK, "\n"), mode=MODE)
    assert format_modules({"m.py": text}) == {"m.py": expected}


def test_static_blocks_are_in_blacks_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks the templates mark static are kept as written: black must agree."""
    import generator.format as format_module

    texts: dict[str, str] = {}

    def capture(modules: Iterable[tuple[str, str]]) -> dict[str, str]:
        texts.update(modules)
        return dict(texts)

    monkeypatch.setattr(render_module, "format_modules", capture)
    render_module.render_package(build_api(ROOT / "spec" / "atoma-openapi.yaml"), "p")
    static = {
        name: [block for block, kept in format_module._blocks(text) if kept]
        for name, text in texts.items()
    }
    assert len(static["__init__.py"]) == 2
    for name, blocks in static.items():
        for block in blocks:
            kept = block.strip("\n") + "\n"
            assert black.format_str(kept, mode=MODE) == kept, name


@pytest.mark.parametrize(
    "block",
    [
        # The value or the annotation of a too long head takes parentheses.
        "def f(value):\n    decoded: " + "D" * 70 + " = _rt.union(\n        value,\n"
        "        (\n            a,\n            b,\n        ),\n    )\n",
        "def f(value):\n    decoded: " + "D" * 80 + " = _rt.union(\n        value,\n"
        "        (\n            a,\n            b,\n        ),\n    )\n",
        "def f(value):\n    data['" + "k" * 60 + "'] = _rt.union(\n        value,\n"
        "        b,\n    )\n",
        # Long conditions, calls in calls, unions in subscripts.
        "def f(self):\n    if not isinstance(self."
        + "m" * 70
        + ", Unset):\n        pass\n",
        "def f(self):\n    if self."
        + "m" * 40
        + " is not _rt.UNSET and self."
        + "m" * 40
        + " is not None:\n        pass\n",
        # An operand still too long is split at its comparison.
        "class C:\n    def f(self):\n        if "
        + "m" * 60
        + " is not _rt.UNSET and "
        + "m" * 60
        + " is not None:\n            pass\n",
        "class C:\n    def f(self):\n        if "
        + "m" * 70
        + " not in SEEN and "
        + "m" * 70
        + " == other:\n            pass\n",
        "def f(self):\n    return cls(\n        x=_rt.optional(data, 'x', _rt.list_of(_rt.str_enum("
        + "E" * 80
        + "))),\n    )\n",
        "def f(\n    self,\n    *,\n    ids: Sequence[_models."
        + "I" * 60
        + " | _td."
        + "I" * 60
        + "] | None | _rt.Unset = _rt.UNSET,\n) -> None:\n    pass\n",
        "def _decode_" + "X" * 80 + "(value: Any) -> " + "X" * 80 + ":\n    pass\n",
        "def _decode_" + "X" * 80 + "(value: Any) -> " + "X" * 84 + ":\n    pass\n",
        "def _decode_" + "X" * 80 + "(value: Any) -> " + "X" * 85 + ":\n    pass\n",
        "def f(self):\n    data['"
        + "k" * 30
        + "'] = _encode_"
        + "E" * 60
        + "(self."
        + "v" * 20
        + ")\n",
        "def f():\n    _http.add_query(_query, '"
        + "q" * 40
        + "', "
        + "q" * 40
        + ", True)\n",
        "def f(value):\n    decoded: " + "D" * 90 + " = _rt.union(\n        value,\n"
        "        b,\n    )\n",
        # Docstrings whose text starts or ends with a quote.
        'def f():\n    """Say "hi\\""""\n    return 1\n',
        'def f():\n    """"Quoted" first."""\n    return 1\n',
        'def f():\n    """Line.\n\n    ' + "x" * 80 + ' "q\\""""\n    return 1\n',
        # Issue 15's documents.  A method called without arguments keeps the
        # value's parentheses (black cannot split at empty brackets).
        "class C:\n    def f(self):\n        if x:\n            data['"
        + "k" * 24
        + "'] = self."
        + "a" * 30
        + ".to_dict()\n",
        # One name, string or number: in parentheses when it then fits, however
        # long the first line; else the line stays as it is.
        "class E(StrEnum):\n    "
        + "M" * 86
        + " = '"
        + "v" * 74
        + "'\n    "
        + "N" * 90
        + " = '"
        + "v" * 78
        + "'\n    S = '"
        + "v" * 90
        + "'\n    "
        + "N" * 86
        + " = 1234567\n",
        # A display argument split at its own brackets: one item a line when it
        # holds commas, a long item split in turn.
        "def f():\n    _http.raise_error(_response, {'422': _models."
        + "E" * 70
        + ".from_dict})\n    _http.raise_error(_response, {'404': _models.E.from_dict"
        + ", '422': _models."
        + "E" * 60
        + ".from_dict})\n    _http.raise_error(_response, {'480': _rt.null_or(_models."
        + "E" * 70
        + ")})\n    x = call("
        + "a" * 20
        + ", ["
        + "b" * 40
        + ", "
        + "c" * 40
        + "])\n",
        # Security alternatives as generator.pylayout writes them.
        "def f():\n    return request(\n        'GET',\n        security=(\n"
        "            (\n                'a',\n                'b',\n            ),\n"
        "            ('c',),\n        ),\n    )\n",
        # A docstring with a backslash before a line break: kept as it is.
        'def f():\n    """Run:\n\n        $ curl -X DELETE https://x \\\\\n'
        '          -H "A: B"\n    """\n    return 1\n',
        # One string in a subscript: black splits around it and leaves it long.
        "X" * 50
        + "Dict: TypeAlias = Literal['"
        + "v" * 90
        + "']\n"
        + "X" * 68
        + "Dict: TypeAlias = Literal['"
        + "v" * 84
        + "']\n",
        "def f():\n    return fff('" + "v" * 84 + "')\n",
        # A return union whose operands are subscripts: in parentheses, split at
        # its bars.
        "class A:\n    def f(\n        self,\n    ) -> list[_models."
        + "D" * 40
        + "] | _models."
        + "R" * 30
        + ":\n        return None\n",
        # A raw class's attribute whose first line does not fit split at the call
        # or in parentheses: black's second opinion, taken only when it fits...
        "class A:\n    " + "n" * 62 + " = _http.async_raw(_G." + "n" * 62 + ")\n",
        # ...else its first answer stands, first line too long (a dotted name may
        # stay too long inside).
        "class A:\n    " + "n" * 74 + " = _http.raw(_G." + "n" * 74 + ")\n",
        "class A:\n    " + "n" * 90 + " = _http.async_raw(_G." + "n" * 90 + ")\n",
        # A decoder's annotation too long for `name: T = (`: in parentheses of its
        # own, the call (or chain of calls) after `) = `.
        "def f(value: Any) -> int:\n    decoded: "
        + "N" * 77
        + " = _rt.decode_any(value)\n",
        "def f(value: Any) -> int:\n    decoded: "
        + "N" * 80
        + " = _rt.map_of(_rt.decode_any)(value)\n",
        # Servers with variables as generator.clientview lays them out.
        "SERVERS = _http.servers(\n    _http.Server(\n        '{r}.x',\n        (\n"
        "            (\n                'r',\n                'a',\n"
        "                ('a',),\n            ),\n        ),\n    ),\n)\n",
        # Hex escapes whose own digits are lowercase, followed by capitals.
        'class A:\n    """Total.\\xa0Control Amount\\xa0Is \\u00e9E."""\n\n'
        '    x: int\n    """Phone \\x09A second."""\n',
    ],
)
def test_fast_path_equals_black_on_long_lines(block: str) -> None:
    fast = fast_format(block)
    assert fast is not None  # these shapes are in the subset
    assert fast == black.format_str(block, mode=MODE)


@pytest.mark.parametrize(
    "block",
    [
        "N" * 70 + "Dict: TypeAlias = Literal['company', 'individual']\n",
        "N" * 80 + "Dict: TypeAlias = Literal['']\n",
        "N" * 80 + ": TypeAlias = str | File\n",
        "N" * 80 + ": TypeAlias = str | " + "F" * 60 + " | None\n",
        "N" * 80 + "Dict: TypeAlias = Literal['day', 'month', 'week', 'year']\n",
        "N" * 40
        + "Dict: TypeAlias = Literal['read', 'write', '"
        + "a" * 30
        + "', '"
        + "b" * 30
        + "']\n",
        # Even "name: (" is too long: black splits the value whatever its length.
        "N" * 86 + "Dict: TypeAlias = Literal['bank_account']\n",
        "N" * 86 + "Dict: TypeAlias = Literal['read', 'write']\n",
        "N" * 86 + ": TypeAlias = str | BalanceTransaction\n",
        "N" * 86 + ": TypeAlias = str | list[" + "I" * 40 + "]\n",
        "N" * 86 + ": TypeAlias = " + "A" * 80 + " | " + "B" * 80 + " | str\n",
        "N" * 86 + ": TypeAlias = " + "A" * 40 + "\n",
        # The literal's values do not fit on one line either: one a line.
        "N" * 86 + ": TypeAlias = Literal[" + ", ".join(["'ab'"] * 30) + "]\n",
        "N" * 76 + ": TypeAlias = Literal[" + ", ".join(["'ab'"] * 30) + "]\n",
        "N" * 86 + ": TypeAlias = Literal['" + "v" * 90 + "']\n",
    ],
)
def test_fast_path_equals_black_on_long_aliases(block: str) -> None:
    fast = fast_format(block)
    assert fast is not None
    assert fast == black.format_str(block, mode=MODE)


def test_shape_replaces_names_only() -> None:
    from generator.layout.lines import shape

    assert shape('        data["url"] = self.url') == '        x["x"] = x.x'
    # Keywords and soft keywords stay: the rules read them.
    assert shape("    if not isinstance(a, B) and c is None:") == (
        "    if not x(x, x) and x is None:"
    )
    assert shape("match x:") == "match x:" and shape("type = _") == "type = _"
    assert shape("not_a_keyword = 1.e5") == "x = 1.e5"
    # Letters after a backslash are escapes, and other characters count double.
    assert shape('x = "\\xAB"') == 'x = "\\xAB"'
    assert shape('x = "é"') == 'x = "é"'


def test_rows_starting_a_docstring_share_one_shape() -> None:
    from generator.layout.lines import _row_info, _string_row_key, shape

    one_line = _string_row_key('    """The top part &gt; Description: é."""')
    assert one_line == _string_row_key('    """x"""') == shape('    """x"""')
    assert _string_row_key('        """A."""') == '        """x"""'
    assert _string_row_key('    """"Quoted" first."""') == one_line
    opening = _string_row_key('    """Creates a cluster, "consisting" of')
    assert opening == _string_row_key('    """') == _string_row_key('    """a\\')
    assert opening == '    """x' == shape('    """x')
    # What the rows of one shape share is what reading any of them tells.
    assert _row_info('    """x"""') == _row_info('    """Say "hi" twice."""')
    assert _row_info('    """x') == _row_info('    """Creates a cluster, "of"')
    for row in [
        '    """Says "hi""""',  # the string ends one quote early
        '    """a""" + """b"""',
        '    """Tab \\x09."""',
        '    x = """a"""',
        "    '''a'''",
        '    "a"',
    ]:
        assert _string_row_key(row) is None, row


@pytest.mark.parametrize(
    "block",
    [
        'class A:\n    """Ends in "quotes"."""\n\n    x: int\n    """é, ü and 漢字."""\n',
        'class A:\n    x: int\n    """"Quoted" first."""\n    y: int\n    """ Spaced. """\n',
        'def f() -> None:\n    """One."""\n    return None\n',
        'def f() -> None:\n    """"Quoted" first,\n\n    then "more".\n    """\n',
        'class A:\n    x: int\n    """Over\n    two rows."""\n    y: int\n',
    ],
)
def test_fast_path_equals_black_on_docstring_rows(block: str) -> None:
    fast = fast_format(block)
    assert fast is not None
    assert fast == black.format_str(block, mode=MODE)


def _format_with_plans(
    monkeypatch: pytest.MonkeyPatch, blocks: list[str], *appliers: str
) -> tuple[list[str | None], list[str]]:
    """Each block formatted with nothing learnt, and the rows that the named
    functions of generator.layout.hugs cut by a plan rather than by the rules;
    every text the fast path gives is checked against black's."""
    from generator.layout import forget_shapes, hugs

    applied: list[str] = []
    for name in appliers:
        monkeypatch.setattr(hugs, name, _counting(getattr(hugs, name), applied))
    forget_shapes()
    results = [fast_format(block) for block in blocks]
    for block, fast in zip(blocks, results):
        if fast is not None:
            assert fast == black.format_str(block, mode=MODE), block
    return results, applied


_Apply = Callable[[str, Any, int], str | None]


def _counting(apply: _Apply, applied: list[str]) -> _Apply:
    """*apply*, noting in *applied* each row it cuts."""

    def counted(line: str, kept: Any, indent: int) -> str | None:
        split = apply(line, kept, indent)
        if split is not None:
            applied.append(line)
        return split

    return counted


def test_rows_split_at_one_bracket_are_blacks_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A split learnt for one row of a shape (generator.layout.hugs) is applied to
    the next rows of the shape only where black would split them the same way."""
    from generator.layout import hugs
    from generator.layout.block import _HUGGED_STATEMENTS
    from generator.layout.brackets import _HUGGED_ELEMENTS

    blocks = [
        block for block in _RENAMED_BLOCKS if "_G." in block or "from_dict" in block
    ]
    results, applied = _format_with_plans(monkeypatch, blocks, "apply")
    assert _HUGGED_STATEMENTS and _HUGGED_ELEMENTS
    assert len(applied) >= 2  # rows cut by a plan, not by the rules
    assert sum(result is not None for result in results) >= len(blocks) - 3

    line = "    " + "n" * 50 + " = _http.raw(_G." + "n" * 50 + ")"
    kept = hugs.plan(line, black.format_str(line[4:], mode=MODE).rstrip(), 0)
    assert kept is None  # black's text at another indentation is not this row's
    split = "\n".join(
        ["    " + "n" * 50 + " = _http.raw(", "        _G." + "n" * 50, "    )"]
    )
    assert hugs.plan(line, split, 4) == (0, ")")
    assert hugs.apply(line, (0, ")"), 4) == split
    assert hugs.apply("    " + "m" * 90 + " = f(a)", (0, ")"), 4) is None
    # A split that is not the row cut at one bracket has no plan.
    assert (
        hugs.plan("x = (" + "a" * 90 + ")", "x = (\n    " + "a" * 90 + "\n)", 0) is None
    )


def test_elements_exploded_per_shape_are_blacks_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long element whose contents black puts one element a line: the plan
    learnt for one row of a shape is applied to the next rows of the shape only
    where black would split them the same way."""
    from generator.layout import hugs
    from generator.layout.brackets import _EXPLODED_ELEMENTS

    blocks = [block for block in _RENAMED_BLOCKS if "_rt.optional(data" in block]
    results, applied = _format_with_plans(monkeypatch, blocks, "apply_explode")
    assert _EXPLODED_ELEMENTS
    assert len(applied) >= 2, applied
    # Left to black: the three whose first line (``name=_rt.optional(``) is too long.
    assert sum(result is None for result in results) == 3

    line = "    " + "n" * 20 + '=_rt.optional(data, "' + "k" * 30 + '", M.from_dict),'
    split = "\n".join(
        [
            "    " + "n" * 20 + "=_rt.optional(",
            "        data,",
            '        "' + "k" * 30 + '",',
            "        M.from_dict,",
            "    ),",
        ]
    )
    assert hugs.explode_plan(line, split, 4) is None  # the contents fit on a line
    line = line.replace("M.", "M" * 40 + ".")
    split = split.replace("M.", "M" * 40 + ".")
    assert hugs.explode_plan(line, split, 4) == (0, "),", (0, 1))
    assert hugs.apply_explode(line, (0, "),", (0, 1)), 4) == split
    # An element too long for its line is split further: the rules' to do.
    longer = line.replace("M.", "M" * 50 + ".")
    assert hugs.apply_explode(longer, (0, "),", (0, 1)), 4) is None


def test_statements_exploded_per_shape_are_blacks_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same for a long statement whose last bracket black explodes."""
    from generator.layout.block import _EXPLODED_STATEMENTS

    blocks = [block for block in _RENAMED_BLOCKS if "def f(self)" in block]
    results, applied = _format_with_plans(monkeypatch, blocks, "apply_explode")
    assert len(_EXPLODED_STATEMENTS) >= 2
    assert any("_rt.encode" in line for line in applied), applied
    assert any("return" in line for line in applied), applied
    # Left to black: the row whose first line (``data["k..."] = _rt.encode(``) is
    # too long.
    assert sum(result is None for result in results) == 1


def test_annotations_wrapped_or_cut_per_shape_are_blacks_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Annotated rows too long for the line: a plan learnt for one row of a shape
    (a cut at its subscript, or the annotation in parentheses) is applied to the
    next rows of the shape only where black would split them the same way."""
    from generator.layout import hugs
    from generator.layout.block import _WRAPPED_STATEMENTS

    blocks = [
        block
        for block in _RENAMED_BLOCKS
        if block.startswith("\nclass A") and "def f(self)" not in block
    ]
    results, applied = _format_with_plans(monkeypatch, blocks, "apply", "apply_wrap")
    assert len(_WRAPPED_STATEMENTS) >= 3
    assert any("NotRequired" in line for line in applied)
    assert sum(" | Unset = " in line for line in applied) >= 2
    assert sum(" = None" in line for line in applied) >= 1
    # Left to black: a name too long for ``name: (`` or ``name: NotRequired[``, and
    # a value too long for ``) = value``.
    assert sum(result is None for result in results) == 4

    line = "    " + "n" * 40 + ": " + "M" * 60 + " | Unset = UNSET"
    split = "\n".join(
        ["    " + "n" * 40 + ": (", "        " + "M" * 60 + " | Unset", "    ) = UNSET"]
    )
    assert hugs.wrap_plan(line, split, 4) == (0,)
    assert hugs.apply_wrap(line, 0, 4) == split
    # Where ``name: annotation = (`` fits, black splits the value instead.
    assert (
        hugs.apply_wrap("    n: " + "M" * 60 + " | Unset = " + "U" * 20, 0, 4) is None
    )
    valueless = "    " + "n" * 40 + ": " + "M" * 60
    assert hugs.wrap_plan(valueless, split[: split.rindex(")") + 1], 4) is None
    assert hugs.wrap_plan(
        valueless,
        "\n".join(["    " + "n" * 40 + ": (", "        " + "M" * 60, "    )"]),
        4,
    ) == (None,)


def test_what_is_learnt_per_shape_never_changes_a_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Verdicts are kept per row shape for the whole process: formatting the same
    blocks after other blocks, in another order, or with nothing learnt yet, gives
    the same text (the names a row holds never change black's layout of it)."""
    from generator.layout import forget_shapes

    blocks = _blocks(ROOT / "spec" / "atoma-openapi.yaml", monkeypatch)
    blocks += [(block, False) for block in _RENAMED_BLOCKS]
    forget_shapes()
    forwards = [fast_format(block, module_start=start) for block, start in blocks]
    forget_shapes()
    backwards = [
        fast_format(block, module_start=start) for block, start in reversed(blocks)
    ]
    alone = []
    for block, start in blocks:
        forget_shapes()
        alone.append(fast_format(block, module_start=start))
    assert forwards == backwards[::-1] == alone
    assert sum(result is not None for result in alone) > len(alone) // 2


# One row shape, names of every kind: short, long enough to cross 88 columns,
# keywords and soft keywords where names stood.
_RENAMED_BLOCKS = (
    [
        f"\nclass A:\n    def f(self) -> None:\n        data[{key!r}] = self.{name}\n"
        for key, name in [
            ("url", "url"),
            ("u" * 60, "v" * 40),
            ("type", "match"),
            ("x", "case"),
        ]
    ]
    + [
        f"\nx = call(\n    {name}=_rt.optional(data, {key!r}, _rt.decode_str),\n)\n"
        for key, name in [("a", "a"), ("b" * 70, "c"), ("d", "e" * 80)]
    ]
    + [
        # Rows black splits at one bracket (see generator.layout.hugs): long enough to
        # split, with the first line or the contents too long for a line of their own.
        f"\nclass A:\n    {name} = _http.raw(_G.{name})\n"
        for name in ["a" * 20, "b" * 45, "c" * 60, "d" * 75, "e" * 90]
    ]
    + [
        f'\nx = call(\n    {name}=_rt.optional(data, "{key}", {model}.from_dict),\n)\n'
        for name, key, model in [
            ("a" * 30, "k" * 30, "M" * 30),
            ("b" * 70, "k", "M"),
            ("c" * 10, "k(" * 30, "N" * 40),
            ("d" * 10, "k" * 20, "N" * 90),
            ("e" * 85, "k", "M"),
        ]
    ]
    + [
        # Rows black cuts at one bracket and explodes, one element a line (see
        # generator.layout.hugs.explode_plan): the contents fit on a line or not,
        # each element fits or not, the first line fits or not.
        f'\nx = call(\n    {name}=_rt.optional(data, "{key}", {decoder}),\n)\n'
        for name, key, decoder in [
            ("a" * 20, "k" * 20, "M" * 60 + ".from_dict"),
            ("b" * 20, "k" * 30, "M" * 60 + ".from_dict"),
            ("c" * 10, "k, (" * 25, "N" * 40),
            ("d" * 20, "k" * 20, "_rt.list_of(" + "L" * 40 + ".from_dict)"),
            ("e" * 20, "k" * 20, "_rt.list_of(" + "L" * 80 + ".from_dict)"),
            ("i" * 25, "k" * 25, "_rt.list_of(" + "L" * 45 + ".from_dict)"),
            ("f" * 20, "k" * 20, "N" * 80 + ".from_dict"),
            ("g" * 90, "k", "M"),
            ("h" * 10, "k" * 20, "N" * 30),
        ]
    ]
    + [
        # Statements black cuts at their last bracket and explodes, one element a
        # line: a value, a return, a bare call and a list display.
        f"\nclass A:\n    def f(self) -> None:\n        {row}\n"
        for row in [
            f'data["{key}"] = _rt.encode(self.{name}, _rt.list_encoder({model}.to_dict))'
            for key, name, model in [
                ("k", "n", "M"),
                ("k" * 20, "n" * 20, "M" * 40),
                ("k" * 25, "n" * 25, "M" * 40),
                ("k" * 10, "n" * 10, "M" * 70),
                ("k" * 70, "n", "M"),
            ]
        ]
        + [
            f"return _http.decode_json(_response, {model}.from_dict, {extra})"
            for model, extra in [("M" * 40, "x" * 20), ("N" * 45, "y" * 25), ("M", "z")]
        ]
        + [
            f"self.{name}.send({first}, {second})"
            for name, first, second in [("a" * 30, "b" * 30, "c" * 30), ("d", "e", "f")]
        ]
        + [
            f"{name} = [{first}, {second}]"
            for name, first, second in [("a" * 30, "b" * 30, "c" * 30), ("d", "e", "f")]
        ]
    ]
    + [
        # Annotated rows: a TypedDict entry black cuts at its subscript, and fields
        # whose annotation black wraps in parentheses of its own (see
        # generator.layout.hugs.wrap_plan), around every width the rules test.
        f'\nclass A(TypedDict, total=False):\n    {name}: NotRequired["{model}"]\n'
        for name, model in [
            ("a", "M"),
            ("b" * 30, "M" * 60),
            ("c" * 40, "N" * 60),
            ("d" * 80, "M"),
            ("e" * 10, "N" * 90),
        ]
    ]
    + [
        f"\nclass A:\n    {name}: {model} | Unset = {value}\n"
        for name, model, value in [
            ("a", "M", "UNSET"),
            ("b" * 30, "M" * 60, "UNSET"),  # ``name: annotation = (`` still fits
            ("c" * 30, "M" * 60, "UNSET" * 20),
            ("d" * 40, "N" * 60, "UNSET"),
            ("e" * 45, "N" * 60, "UNSET"),
            ("f" * 20, "N" * 80, "UNSET"),  # the annotation alone is too long
            ("g" * 85, "M", "UNSET"),  # so is ``name: (``
            ("h" * 40, "N" * 40, "U" * 80),  # so is ``) = value``
        ]
    ]
    + [
        f"\nclass A:\n    {name}: {model}{value}\n"
        for name, model, value in [
            ("a", "M", ""),
            ("b" * 40, "M" * 60, ""),
            ("c" * 45, "N" * 60, ""),
            ("d" * 10, "N" * 90, ""),
            ("e" * 40, "M" * 60, " = None"),
            ("f" * 45, "N" * 60, " = None"),
            ("g" * 40, "N" * 40, " = " + "V" * 90),
        ]
    ]
    + [
        f"\nclass A:\n    {name}: {model} | None\n"
        for name, model in [("a", "M"), ("b" * 40, "M" * 60), ("c" * 45, "N" * 60)]
    ]
)


def _params(*parameters: str) -> str:
    lines = "".join(f"    {parameter},\n" for parameter in parameters)
    return "def f(\n    self,\n" + lines + ") -> None:\n    pass\n"


@pytest.mark.parametrize(
    "block",
    [
        # A def split at its parameters: a long one without brackets stays long
        # (only a union gets black's invisible parentheses), with them it is split
        # at its last bracket, and in turn inside.
        "def _encode_" + "X" * 80 + "(value: " + "X" * 80 + ") -> Any:\n    pass\n",
        "def _encode_" + "X" * 80 + "(value: " + "X" * 84 + ") -> Any:\n    pass\n",
        "def _encode_" + "X" * 80 + "(value: _m." + "X" * 84 + ") -> Any:\n    pass\n",
        _params("value: _m." + "X" * 80 + " = _rt.UNSET"),
        _params("tree: Sequence[_models." + "T" * 40 + " | _td." + "T" * 40 + "]"),
        _params("files: Mapping[str, _models." + "F" * 30 + " | _td." + "F" * 30 + "]"),
        _params(
            "body: Mapping[str, Sequence[_m." + "B" * 60 + " | _td." + "B" * 60 + "]]"
        ),
        _params(
            "sort_by: Sequence[Sequence[_models."
            + "S" * 50
            + " | _td."
            + "S" * 50
            + "]] | _rt.Unset = _rt.UNSET"
        ),
        _params("ids: list[" + "I" * 90 + "] = None"),
        _params(
            "currency_options: Mapping[str, _models."
            + "C" * 40
            + " | _td."
            + "C" * 40
            + "] | _rt.Unset = _rt.UNSET"
        ),
        # A field's long subscript is split the same way.
        "class C:\n    requested_reviewers: list[" + "R" * 80 + " | None]\n",
        "class C:\n    x: dict[str, list[" + "R" * 80 + " | None]]\n",
    ],
)
def test_fast_path_equals_black_on_long_parameters(block: str) -> None:
    fast = fast_format(block)
    assert fast is not None
    assert fast == black.format_str(block, mode=MODE)


@pytest.mark.parametrize(
    "returned",
    [
        "_models." + "R" * 86,  # a dotted name is put in parentheses even so
        "R" * 92,  # one name that does not fit alone stays long
        "_m." + "A" * 70 + " | _m." + "B" * 20,
        "_m." + "A" * 86 + " | None",
        "_m." + "A" * 40 + " | None",
    ],
)
def test_fast_path_equals_black_on_long_return_annotations(returned: str) -> None:
    for block in [
        "def f(\n    self,\n    *,\n    a: int,\n) -> " + returned + ":\n    pass\n",
        "def _decode_" + "X" * 30 + "(value: Any) -> " + returned + ":\n    pass\n",
    ]:
        fast = fast_format(block)
        assert fast is not None
        assert fast == black.format_str(block, mode=MODE)


@pytest.mark.parametrize(
    "block",
    [
        # A def's head too long stays so (nothing to split it at).
        "class C:\n    async def " + "n" * 80 + "(\n        self,\n    ) -> None:\n"
        "        pass\n",
        # The one argument of a call is a call split by its magic trailing comma.
        "def f(self):\n    copy._bind(\n        _http.SyncTransport(\n"
        "            self._t.http,\n            self._t.options.replace(a, b),\n"
        "        )\n    )\n",
        "x = f(\n    g(\n        h(\n            a,\n        )\n    )\n)\n",
        # A plain target or a return: black's second opinion, the value in
        # parentheses, since every line of it fits.
        "class C:\n    def f(self):\n        self.group_organization_role_assignments = "
        "GroupOrganizationRoleAssignmentsOperations(transport)\n",
        "def f():\n    return " + "R" * 76 + "(argument_one, argument_two)\n",
        # A dotted name too long even in the value's parentheses keeps them; a
        # lone name after a plain target or return stays on the line.
        "class C:\n    type: Ann | str = " + "A" * 94 + "\n",
        "class C:\n    t = " + "A" * 94 + "\n",
        "class C:\n    t = " + "A" * 40 + "." + "A" * 60 + "\n",
        "def f():\n    return " + "A" * 90 + "\n",
        "def f():\n    return " + "A" * 40 + "." + "A" * 60 + "\n",
        # A dict value that is a subscript too long: split inside its brackets.
        "AuditLogDict = TypedDict(\n    'AuditLogDict',\n    {\n        'id': str,\n"
        "        'actor': NotRequired['" + "A" * 70 + " | None'],\n"
        "        'b': NotRequired[list['" + "B" * 80 + "']],\n    },\n)\n",
        # "Name = Call(" too long: black's second opinion in parentheses when all
        # of it fits, else the head stays long.
        "N" * 77
        + " = TypedDict(\n    '"
        + "N" * 77
        + "',\n    {\n        'from': str,\n"
        "    },\n)\n",
        "N" * 84
        + " = TypedDict(\n    '"
        + "N" * 84
        + "',\n    {\n        'from': str,\n"
        "    },\n)\n",
        # A value called twice whose head is too long: split at the first call.
        "def f(value):\n    decoded: ApiInsightsSubjectStats = _rt.list_of("
        "ApiInsightsSubjectStatsItem.from_dict)(value)\n",
        "def f(value):\n    decoded: CopilotOrganizationContentExclusionDetails = "
        "_rt.map_of(_rt.list_of(_rt.decode_str))(value)\n",
        "def f(value):\n    decoded = _rt.map_of(_decode_" + "V" * 70 + ")(value)\n",
        "def f(value):\n    return _rt.map_of(_decode_" + "V" * 70 + ")(value)\n",
        # A conditional value the template put in parentheses over lines: black
        # joins it (no magic comma) and splits it as it would the one line.
        "def f(self):\n    http = (\n        http_client\n        if http_client is not None\n"
        "        else httpx.Client(timeout=timeout, follow_redirects=True)\n    )\n",
        "class C:\n    def f(self):\n        http = (\n            http_client\n"
        "            if http_client is not None\n            else httpx.Client("
        "timeout=timeout, follow_redirects=True)\n        )\n",
        "def f(self):\n    x: int = (\n        a\n        if b\n        else c\n    )\n",
        "x = (\n    a if b else c\n)\n",
        # A dict value that is a call too long: split at the call's brackets.
        "def f():\n    _body: dict[str, Any] = {\n        'required_status_checks': "
        "_rt.encode_any(x),\n        'required_pull_request_reviews': _rt.encode_any("
        "required_pull_request_reviews),\n    }\n",
    ],
)
def test_fast_path_equals_black_on_split_brackets(block: str) -> None:
    fast = fast_format(block)
    assert fast is not None
    assert fast == black.format_str(block, mode=MODE)


@pytest.mark.parametrize(
    "block",
    [
        # Not the call's only argument, or not a call's: black's text differs.
        "f(\n    a,\n    g(\n        b,\n    )\n)\n",
        "x = (\n    g(\n        a,\n    )\n)\n",
    ],
)
def test_split_brackets_black_would_change_are_refused(block: str) -> None:
    assert black.format_str(block, mode=MODE) != block
    assert fast_format(block) is None


@pytest.mark.parametrize(
    "block",
    [
        # Lines indented deeper than the docstring: black re-indents them.
        'class C:\n    def f(self) -> None:\n        """Arguments:\n'
        '            expand: Which fields.\n\n              deeper: kept 2 more."""\n'
        "        return None\n",
        'def f() -> None:\n    """Title.\n\n        Body.\n    """\n    return None\n',
        # Backslashes black keeps: escaped quotes and backslashes, \\x09.
        'def f() -> None:\n    """Say \\"hi\\" to a\\\\_b, tab \\x09 here."""\n',
        'def f() -> None:\n    """Title.\n\n    Say \\"En\\" and end \\""""\n',
    ],
)
def test_fast_path_equals_black_on_docstrings(block: str) -> None:
    fast = fast_format(block)
    assert fast is not None
    assert fast == black.format_str(block, mode=MODE)


@pytest.mark.parametrize(
    "block",
    [
        # Backslashes that change black's handling: refused, or black's text.
        'def f() -> None:\n    """Ends with a backslash \\\\\\"""\n',
        'def f() -> None:\n    """Ends with a backslash \\\\"""\n',
        'def f() -> None:\n    """Line \\\n        continued."""\n',
        'def f() -> None:\n    """Hex \\xAB."""\n',
        'def f() -> None:\n    """Title.  \n\n    Body."""\n',
    ],
)
def test_docstring_escapes_black_handles_apart(block: str) -> None:
    fast = fast_format(block)
    if fast is not None:
        assert fast == black.format_str(block, mode=MODE)


@pytest.mark.parametrize(
    "block",
    ["\nFrom: TypeAlias =\n", "\nx = a |\n", "\nclass A:\n    b: int = c.\n"],
)
def test_a_statement_missing_its_operand_is_not_taken_for_blacks_text(
    block: str,
) -> None:
    """The fast path checks layout, not syntax; black refuses these, so must it."""
    with pytest.raises(black.parsing.InvalidInput):
        black.format_str(block, mode=MODE)
    assert fast_format(block) is None
