"""Which names a type alias must quote, checked against the rule spelt out as sets.

``render._aliases_in_dependency_order`` answers membership without building a set
per alias; here every answer is compared with the plain definition: the alias's own
names and those of every later alias, plus the names quoted by an earlier alias that
is just one quoted reference.
"""

from __future__ import annotations

from generator import ir
from generator.python.name_plan import plan_names
from generator.render.package import _aliases_in_dependency_order


def _alias(name: str, target: ir.TypeRef) -> ir.AliasModel:
    return ir.AliasModel(name=name, source=f"#/{name}", target=target)


def _union(name: str, *variants: ir.TypeRef) -> ir.UnionModel:
    return ir.UnionModel(name=name, source=f"#/{name}", variants=variants)


MODELS: tuple[ir.Model, ...] = (
    _alias("A", ir.Ref("B")),  # A and B name each other: a cycle
    _alias("B", ir.ListOf(ir.Ref("A"))),
    _alias("C", ir.Ref("C")),  # names itself only: quoted, and quoted for later aliases
    _union("D", ir.Ref("C"), ir.Primitive("null")),
    _union("E", ir.Ref("D"), ir.MapOf(ir.Ref("F"))),
    _alias("F", ir.NullOr(ir.Ref("E"))),
    _alias("G", ir.Primitive("string")),
    _alias("H", ir.Ref("G")),
)


def _expected(
    ordered: list[ir.UnionModel | ir.AliasModel],
) -> list[frozenset[str]]:
    quoted: set[str] = set()
    result = []
    for index, model in enumerate(ordered):
        later = {m.name for m in ordered[index:]}
        forward = frozenset(later | {n + "Dict" for n in later} | quoted)
        refs = model.variants if isinstance(model, ir.UnionModel) else (model.target,)
        if len(refs) == 1 and isinstance(refs[0], ir.Ref) and refs[0].name in forward:
            quoted |= {model.name, model.name + "Dict"}
        result.append(forward)
    return result


def test_forward_names_follow_the_rule() -> None:
    api = ir.Api(
        title="t", version="1", source_name="s", source_sha256="", models=MODELS
    )
    pairs = _aliases_in_dependency_order(api, plan_names(api))
    expected = _expected([model for model, _ in pairs])
    names = {n for m in MODELS for n in (m.name, m.name + "Dict")} | {"Other", ""}
    assert any(expected)  # the rule quotes something here
    for (model, forward), wanted in zip(pairs, expected, strict=True):
        assert {n for n in names if n in forward} == wanted, model.name
