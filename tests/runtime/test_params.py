"""generator/runtime/_params.py: parameters and bodies as they go on the wire."""

from __future__ import annotations

import datetime as dt
import enum
import io
import uuid
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from generator.runtime._params import (
    add_cookie,
    add_field,
    add_header,
    add_query,
    file_field,
    form_fields,
    header_value,
    path_value,
    scalar,
)
from generator.runtime._runtime import UNSET


class Color(enum.StrEnum):
    RED = "red"


class Size(enum.IntEnum):
    BIG = 3


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (None, ""),
        (Color.RED, "red"),
        (Size.BIG, "3"),
        (12, "12"),
        (1.5, "1.5"),
        ("plain", "plain"),
        (dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC), "2024-05-01T12:30:00Z"),
        (
            dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "2024-05-01T12:30:00+02:00",
        ),
        (dt.datetime(2024, 5, 1, 12, 30), "2024-05-01T12:30:00"),
        (dt.date(2024, 5, 1), "2024-05-01"),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
    ],
)
def test_scalar(value: Any, text: str) -> None:
    assert scalar(value) == text


def test_a_path_value_cannot_add_segments_or_a_query() -> None:
    assert path_value("a/b c?d#e") == "a%2Fb%20c%3Fd%23e"
    assert path_value(["x/y", True, 3]) == "x%2Fy,true,3"
    assert path_value("é") == "%C3%A9"


def test_a_path_value_of_dots_cannot_remove_a_segment() -> None:
    for value, sent in ((".", "%2E"), ("..", "%2E%2E")):
        url = httpx.URL(f"https://api.example.test/v1/users/{path_value(value)}/admin")
        assert url.raw_path == f"/v1/users/{sent}/admin".encode()
    # Only a whole segment of one or two dots is special.
    assert path_value("...") == "..." and path_value("a..b") == "a..b"
    assert path_value([".", ".."]) == ".,.."


def _query(value: Any, explode: bool = True, **kwargs: Any) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = []
    add_query(params, "q", value, explode, **kwargs)
    return params


def test_a_value_not_given_is_not_sent() -> None:
    assert _query(UNSET) == [] and _query(UNSET, null=True) == []
    assert _query(None) == []
    assert _query(None, null=True) == [("q", "")]


def test_arrays_repeat_the_key_when_exploded_else_join_with_commas() -> None:
    assert _query(["a", 1, True]) == [("q", "a"), ("q", "1"), ("q", "true")]
    assert _query(("a", "b"), explode=False) == [("q", "a,b")]
    assert _query([]) == []


def test_an_exploded_object_sends_a_pair_a_property() -> None:
    value = {"color": Color.RED, "tags": ["x", "y"], "n": 2}
    assert _query(value) == [
        ("color", "red"),
        ("tags", "x"),
        ("tags", "y"),
        ("n", "2"),
    ]


def test_an_object_not_exploded_is_one_comma_separated_value() -> None:
    assert _query({"a": 1, "b": False}, explode=False) == [("q", "a,1,b,false")]


def test_deep_objects_use_brackets() -> None:
    value = {
        "status": "open",
        "range": {"gte": 1, "lt": 5},
        "ids": ["a", "b"],
        "rows": [{"k": "v"}, {"k": "w"}],
    }
    assert _query(value, deep=True) == [
        ("q[status]", "open"),
        ("q[range][gte]", "1"),
        ("q[range][lt]", "5"),
        ("q[ids][]", "a"),
        ("q[ids][]", "b"),
        ("q[rows][0][k]", "v"),
        ("q[rows][1][k]", "w"),
    ]


def test_deep_applies_to_objects_only() -> None:
    assert _query(["a", "b"], deep=True) == [("q", "a"), ("q", "b")]
    assert _query("plain", deep=True) == [("q", "plain")]


def test_query_pairs_on_the_wire() -> None:
    params: list[tuple[str, str]] = []
    add_query(params, "filter", {"name": "a b&c", "in": ["x"]}, True, deep=True)
    add_query(params, "when", dt.date(2024, 1, 2), True)
    request = httpx.Request("GET", "https://api.example.test/s", params=params)
    assert unquote(request.url.query.decode()) == (
        "filter[name]=a+b&c&filter[in][]=x&when=2024-01-02"
    )
    assert request.url.params.get_list("filter[name]") == ["a b&c"]


def test_headers() -> None:
    assert header_value([1, "b", False]) == "1,b,false"
    headers: dict[str, str] = {}
    add_header(headers, "X-Ids", ["a", "b"])
    add_header(headers, "X-Skipped", UNSET)
    add_header(headers, "X-None", None)
    add_header(headers, "X-Null", None, null=True)
    assert headers == {"X-Ids": "a,b", "X-Null": ""}


def test_cookies() -> None:
    cookies: dict[str, str] = {}
    add_cookie(cookies, "session", Color.RED)
    add_cookie(cookies, "skipped", UNSET)
    add_cookie(cookies, "none", None)
    add_cookie(cookies, "null", None, null=True)
    assert cookies == {"session": "red", "null": ""}


def test_optional_body_fields() -> None:
    body: dict[str, Any] = {}
    add_field(body, "a", 1)
    add_field(body, "when", dt.date(2024, 1, 2), lambda d: d.isoformat())
    add_field(body, "skipped", UNSET)
    add_field(body, "none", None)
    add_field(body, "null", None, lambda v: pytest.fail("None is not encoded"), True)
    assert body == {"a": 1, "when": "2024-01-02", "null": None}


def test_form_fields() -> None:
    fields = form_fields(
        {"n": 1, "ok": True, "tags": ["a", Color.RED], "meta": {"k": [1, 2]}}
    )
    assert fields == {
        "n": "1",
        "ok": "true",
        "tags": ["a", "red"],
        "meta": '{"k":[1,2]}',
    }


def test_a_form_on_the_wire() -> None:
    request = httpx.Request(
        "POST",
        "https://api.example.test/f",
        data=form_fields({"a": "x y", "b": [1, 2]}),
    )
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.read() == b"a=x+y&b=1&b=2"


def test_file_fields() -> None:
    content = b"\x89PNG"
    assert file_field("image", content) == ("image", ("image", content))
    assert file_field("image", ("a.png", content)) == ("image", ("a.png", content))
    named = ("a.png", content, "image/png")
    assert file_field("image", named) == ("image", named)


def test_multipart_on_the_wire() -> None:
    files = [
        file_field("image", ("a.png", io.BytesIO(b"PNGDATA"), "image/png")),
        file_field("raw", b"RAWDATA"),
    ]
    request = httpx.Request(
        "POST",
        "https://api.example.test/upload",
        data=form_fields({"title": "cat", "tags": ["a", "b"]}),
        files=files,
    )
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    body = request.read()
    assert b'Content-Disposition: form-data; name="title"\r\n\r\ncat\r\n' in body
    assert body.count(b'Content-Disposition: form-data; name="tags"') == 2
    assert (
        b'Content-Disposition: form-data; name="image"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\nPNGDATA\r\n"
    ) in body
    assert b'name="raw"; filename="raw"' in body and b"RAWDATA" in body
