"""The IR's one walk over kinds of type (``TypeFold``) and the helpers built on it."""

from __future__ import annotations

import typing

from generator import ir

NESTED = ir.NullOr(
    ir.MapOf(
        ir.TupleOf(
            (ir.Ref("A"), ir.ListOf(ir.Ref("B")), ir.Const("x")),
            rest=ir.Primitive("integer", "int64"),
            min_items=1,
        )
    )
)


class _Spell(ir.TypeFold[str]):
    """A fold that writes every kind of type, so that each step shows in the text."""

    def primitive(self, ref: ir.Primitive) -> str:
        return f"{ref.type}/{ref.format}"

    def list_of(self, ref: ir.ListOf, item: str) -> str:
        return f"list[{item}]"

    def tuple_of(
        self, ref: ir.TupleOf, items: tuple[str, ...], rest: str | None
    ) -> str:
        return f"tuple[{', '.join(items)}; {rest}; {ref.min_items}]"

    def map_of(self, ref: ir.MapOf, value: str) -> str:
        return f"map[{value}]"

    def null_or(self, ref: ir.NullOr, inner: str) -> str:
        return f"null|{inner}"

    def ref(self, ref: ir.Ref) -> str:
        return f"@{ref.name}"

    def const(self, ref: ir.Const) -> str:
        return f"={ref.value!r}"

    def any(self, ref: ir.AnyType) -> str:
        return "any"


def test_a_fold_takes_every_kind_of_type() -> None:
    spell = _Spell()
    assert spell(NESTED) == ("null|map[tuple[@A, list[@B], ='x'; integer/int64; 1]]")
    assert spell(ir.AnyType()) == "any"
    assert spell(ir.TupleOf((ir.Ref("A"),))) == "tuple[@A; None; 0]"
    # Every member of the TypeRef union has its step (a new kind must be added).
    for kind in typing.get_args(ir.TypeRef):
        assert kind in ir._FOLD_STEPS


def test_map_refs_renames_every_reference_and_keeps_the_rest() -> None:
    renamed = ir.map_refs(NESTED, str.lower)
    assert renamed == ir.NullOr(
        ir.MapOf(
            ir.TupleOf(
                (ir.Ref("a"), ir.ListOf(ir.Ref("b")), ir.Const("x")),
                rest=ir.Primitive("integer", "int64"),
                min_items=1,
            )
        )
    )
    assert list(ir.refs(NESTED)) == ["A", "B"]
