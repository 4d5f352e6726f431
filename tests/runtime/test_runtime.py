"""generator/runtime/_runtime.py: the decoders and encoders the models use."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import decimal
import enum
import pickle
import uuid
from typing import Any

import pytest

from generator.runtime import _runtime as rt
from generator.runtime._runtime import UNSET, DecodeError, Unset


class Color(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


def test_unset_is_falsy_and_one_of_a_kind() -> None:
    assert not UNSET and repr(UNSET) == "UNSET" and str(UNSET) == "UNSET"
    assert isinstance(UNSET, Unset) and Unset() is UNSET
    assert not isinstance(UNSET, enum.Enum)


def test_unset_has_no_attributes_to_read_through() -> None:
    # An enum member had .name and .value: a field "data: Model | Unset" read as
    # "r.data.name" gave "UNSET" instead of failing.
    for attribute in ("name", "value", "__dict__"):
        assert not hasattr(UNSET, attribute)
    with pytest.raises(AttributeError):
        UNSET.x = 1  # type: ignore[attr-defined]


def test_unset_pickles_and_copies_to_itself() -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(UNSET, protocol)) is UNSET
    assert copy.copy(UNSET) is UNSET and copy.deepcopy([UNSET])[0] is UNSET


def test_a_decode_error_shows_its_path() -> None:
    error = DecodeError("expected a string, got number").within(2).within("items")
    assert error.path == ("items", 2)
    assert str(error) == "at $.items[2]: expected a string, got number"
    assert isinstance(error, ValueError)


def test_required_and_optional_fields() -> None:
    data = {"a": "x", "n": None}
    assert rt.required(data, "a", rt.decode_str) == "x"
    with pytest.raises(DecodeError, match="missing required field 'b'"):
        rt.required(data, "b", rt.decode_str)
    with pytest.raises(DecodeError, match=r"at \$\.n: null is not allowed"):
        rt.required(data, "n", rt.decode_str)
    assert rt.required_nullable(data, "n", rt.decode_str) is None
    assert rt.optional(data, "b", rt.decode_str) is UNSET
    assert rt.optional_nullable(data, "n", rt.decode_str) is None
    assert rt.optional_nullable(data, "b", rt.decode_str) is UNSET
    with pytest.raises(DecodeError, match=r"at \$\.a: expected an integer, got string"):
        rt.optional(data, "a", rt.decode_int)


def test_extras_are_the_undeclared_keys() -> None:
    data = {"a": 1, "b": 2, "c": 3}
    assert rt.extras(data, frozenset({"a"}), rt.decode_int) == {"b": 2, "c": 3}
    with pytest.raises(DecodeError, match=r"at \$\.b"):
        rt.extras({"b": "x"}, frozenset(), rt.decode_int)


@pytest.mark.parametrize(
    ("decode", "value", "expected"),
    [
        (rt.decode_str, "s", "s"),
        (rt.decode_int, 3, 3),
        (rt.decode_int, 3.0, 3),
        (rt.decode_float, 2, 2),
        (rt.decode_float, 2.5, 2.5),
        (rt.decode_bool, False, False),
        (rt.decode_null, None, None),
        (rt.decode_any, {"x": [1]}, {"x": [1]}),
        (rt.decode_date, "2024-02-29", dt.date(2024, 2, 29)),
        (rt.decode_uuid, "00000000-0000-0000-0000-000000000001", uuid.UUID(int=1)),
        (rt.decode_base64, "aGk=", b"hi"),
        (rt.decode_decimal, "1.10", decimal.Decimal("1.10")),
        (rt.decode_decimal, 2, decimal.Decimal(2)),
    ],
)
def test_scalars(decode: Any, value: Any, expected: Any) -> None:
    assert decode(value) == expected


@pytest.mark.parametrize(
    ("decode", "value", "message"),
    [
        (rt.decode_str, 1, "expected a string, got number"),
        (rt.decode_int, True, "expected an integer, got boolean"),
        (rt.decode_int, 1.5, "expected an integer, got number"),
        (rt.decode_float, "1", "expected a number, got string"),
        (rt.decode_bool, 0, "expected a boolean, got number"),
        (rt.decode_null, [], "expected null, got array"),
        (rt.decode_datetime, "yesterday", "expected an RFC 3339 date-time"),
        (rt.decode_date, "2024-02-30", "expected an RFC 3339 date"),
        (rt.decode_uuid, "nope", "expected a UUID"),
        (rt.decode_base64, "***", "expected base64-encoded bytes"),
        (rt.decode_decimal, True, "expected a decimal, got boolean"),
        (rt.decode_decimal, "1.2.3", "expected a decimal, got '1.2.3'"),
        (rt.expect_object, [1], "expected an object, got array"),
    ],
)
def test_scalars_refuse_other_types(decode: Any, value: Any, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode(value)


def test_date_times() -> None:
    when = rt.decode_datetime("2024-05-01T12:30:00Z")
    assert when == dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
    assert rt.encode_datetime(when) == "2024-05-01T12:30:00Z"
    offset = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert rt.encode_datetime(offset) == "2024-05-01T12:30:00-05:00"
    assert rt.encode_date(dt.date(2024, 1, 2)) == "2024-01-02"


def test_numbers_and_bytes_encode_back() -> None:
    assert rt.encode_decimal_number(decimal.Decimal("2.0")) == 2
    assert rt.encode_decimal_number(decimal.Decimal("2.5")) == 2.5
    assert rt.encode_base64(b"hi") == "aGk="


def test_const() -> None:
    assert rt.const("v1")("v1") == "v1"
    with pytest.raises(DecodeError, match="expected 1, got True"):
        rt.const(1)(True)


def test_enums_are_open() -> None:
    colors = rt.str_enum(Color)
    assert colors("red") is Color.RED and colors("teal") == "teal"
    levels = rt.int_enum(Level)
    assert levels(3) is Level.HIGH and levels(9) == 9
    with pytest.raises(DecodeError):
        colors(1)
    assert rt.encode_enum(Color.RED) == "red" and rt.encode_enum("teal") == "teal"


def test_containers_add_the_index_or_key_to_the_path() -> None:
    assert rt.list_of(rt.decode_int)([1, 2]) == [1, 2]
    with pytest.raises(DecodeError) as caught:
        rt.list_of(rt.list_of(rt.decode_int))([[1], [2, "x"]])
    assert caught.value.path == (1, 1)
    assert rt.map_of(rt.decode_str)({"a": "b"}) == {"a": "b"}
    with pytest.raises(DecodeError, match=r"at \$\.k: expected a string"):
        rt.map_of(rt.decode_str)({"k": 1})
    assert rt.null_or(rt.decode_int)(None) is None


def test_tuples_are_typed_by_position() -> None:
    pair = rt.tuple_of((rt.decode_str, rt.decode_int), None, 2)
    assert pair(["a", 1]) == ("a", 1)
    with pytest.raises(DecodeError, match="expected 2 items, got 3"):
        pair(["a", 1, 2])
    open_ended = rt.tuple_of((rt.decode_str,), rt.decode_int, 1)
    assert open_ended(["a", 1, 2]) == ("a", 1, 2)
    with pytest.raises(DecodeError, match="expected at least 1 items, got 0"):
        open_ended([])
    some = rt.tuple_of((rt.decode_str, rt.decode_int), None, 1)
    with pytest.raises(DecodeError, match="expected 1 to 2 items"):
        some([])
    encode = rt.tuple_encoder((None, str), rt.encode_enum)
    assert encode(("a", 1, Color.RED)) == ["a", "1", "red"]


def test_container_encoders() -> None:
    assert rt.list_encoder(rt.encode_enum)([Color.RED]) == ["red"]
    assert rt.map_encoder(rt.encode_enum)({"c": Color.RED}) == {"c": "red"}
    assert rt.encode([Color.RED], rt.list_encoder(rt.encode_enum)) == ["red"]


def test_unions_take_the_first_variant_that_decodes() -> None:
    decoders = (rt.decode_int, rt.decode_str)
    assert rt.union("x", decoders, "IntOrStr") == "x"
    assert rt.union(1, decoders, "IntOrStr") == 1
    with pytest.raises(DecodeError, match="value matches no variant of IntOrStr"):
        rt.union([1], decoders, "IntOrStr")


def test_tagged_unions_decide_by_the_tag_then_try_every_variant() -> None:
    cat = lambda value: ("cat", value["name"])  # noqa: E731
    dog = lambda value: ("dog", value["name"])  # noqa: E731
    value = {"kind": "dog", "name": "rex"}
    assert rt.tagged(value, "kind", {"cat": cat, "dog": dog}, (cat, dog), "Pet") == (
        "dog",
        "rex",
    )
    unknown = {"kind": "bird", "name": "tweety"}
    assert rt.tagged(unknown, "kind", {"dog": dog}, (cat,), "Pet") == ("cat", "tweety")


def test_a_union_that_names_itself_does_not_recurse_forever() -> None:
    def a(value: Any) -> Any:
        return rt.union(value, (b, rt.decode_str), "A")

    def b(value: Any) -> Any:
        return rt.union(value, (a, rt.decode_int), "B")

    assert a(5) == 5 and a("s") == "s"
    with pytest.raises(DecodeError, match="matches no variant of A"):
        a([])


def test_subtype_picks_a_subclass_of_the_family_only() -> None:
    class Pet:
        pass

    class Dog(Pet):
        pass

    class Cat(Pet):
        pass

    by_tag: dict[str, type[Any]] = {"dog": Dog, "cat": Cat, "pet": Pet}
    assert rt.subtype(Pet, {"t": "dog"}, "t", by_tag) is Dog
    assert rt.subtype(Dog, {"t": "cat"}, "t", by_tag) is Dog
    assert rt.subtype(Dog, {"t": "pet"}, "t", by_tag) is Dog
    assert rt.subtype(Pet, {"t": 1}, "t", by_tag) is Pet


@dataclasses.dataclass
class Model:
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n}


def test_encode_any() -> None:
    value = {
        "model": Model(1),
        "when": dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
        "day": dt.date(2024, 1, 2),
        "id": uuid.UUID(int=2),
        "price": decimal.Decimal("1.50"),
        "raw": b"hi",
        "color": Color.RED,
        "list": (1, None, True),
        3: "key",
    }
    assert rt.encode_any(value) == {
        "model": {"n": 1},
        "when": "2024-01-02T00:00:00Z",
        "day": "2024-01-02",
        "id": "00000000-0000-0000-0000-000000000002",
        "price": "1.50",
        "raw": "aGk=",
        "color": "red",
        "list": [1, None, True],
        "3": "key",
    }
    assert rt.encode_any(UNSET) is UNSET
    assert rt.encode_object(Model(4)) == {"n": 4}
    with pytest.raises(TypeError, match="cannot encode object as JSON"):
        rt.encode_any(object())


# -- issue 29 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "2024-05-01T12:00:00.123456789Z",
            dt.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC),
        ),
        ("2024-05-01t12:00:00z", dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)),
        (
            "2016-12-31T23:59:60Z",
            dt.datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
        ),
        ("2024-05-01T12:00:00+00:00", dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)),
    ],
)
def test_a_date_time_keeps_the_text_its_value_cannot_give_back(
    text: str, value: dt.datetime
) -> None:

    decoded = rt.decode_datetime(text)
    assert decoded == value and isinstance(decoded, dt.datetime)
    assert rt.encode_datetime(decoded) == text
    assert rt.encode_any(decoded) == text
    assert rt.encode_datetime(pickle.loads(pickle.dumps(decoded))) == text
    assert rt.encode_datetime(copy.deepcopy(decoded)) == text
    # A value computed from it is encoded from its value.
    later = decoded + dt.timedelta(seconds=1)
    assert rt.encode_datetime(later) == rt.encode_datetime(
        dt.datetime.fromisoformat(later.isoformat())
    )


def test_a_date_time_written_as_its_value_is_a_plain_datetime() -> None:
    assert type(rt.decode_datetime("2024-05-01T12:00:00.500000Z")) is dt.datetime
    assert type(rt.decode_datetime("2024-05-01T12:00:00-05:00")) is dt.datetime


def test_a_union_prefers_the_variant_that_holds_the_value() -> None:
    def closed(*keys: str) -> Any:
        def decode(value: Any) -> dict[str, Any]:
            data = rt.expect_object(value)
            return {k: data[k] for k in keys if k in data}  # drops the others

        return decode

    assert rt.union({"b": 1}, (closed("a"), closed("b")), "U") == {"b": 1}
    assert rt.union({"a": 1}, (closed("a"), closed("b")), "U") == {"a": 1}
    # None holds it: the first that decodes, as before.
    assert rt.union({"c": 1}, (closed("a"), closed("b")), "U") == {}
    # 1.0 and 1 are the same JSON number: the int variant holds it.
    assert rt.union(1.0, (rt.decode_int, rt.decode_float), "U") == 1


def test_same_json_is_json_equality() -> None:
    assert rt.same_json({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not rt.same_json(1, True) and not rt.same_json(True, 1)
    assert not rt.same_json({}, []) and not rt.same_json({"a": 1}, {"a": 1, "b": 2})
    assert not rt.same_json("1", 1) and rt.same_json(None, None)
