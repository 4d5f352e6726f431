"""generator/runtime/_servers.py: server URLs and their variables."""

from __future__ import annotations

import pytest

from generator.runtime._servers import Server, server_url, servers

REGIONAL = Server(
    "https://{region}.api.example.test/{version}",
    (("region", "eu", ("eu", "us")), ("version", "v1", ())),
)
LOCAL = Server("http://localhost:{port}", (("port", "8080", ()),))


def test_defaults_fill_the_template() -> None:
    assert REGIONAL.resolve(None) == "https://eu.api.example.test/v1"
    assert REGIONAL.resolve({}) == "https://eu.api.example.test/v1"


def test_given_values_replace_the_defaults() -> None:
    url = REGIONAL.resolve({"region": "us", "version": "v2"})
    assert url == "https://us.api.example.test/v2"


def test_a_value_outside_the_enum_is_refused() -> None:
    with pytest.raises(
        ValueError, match="'region' must be one of 'eu', 'us'; got 'ap'"
    ):
        REGIONAL.resolve({"region": "ap"})


def test_a_server_without_variables() -> None:
    assert Server("https://api.example.test").resolve({"x": "y"}) == (
        "https://api.example.test"
    )


def test_servers_lists_them_in_order() -> None:
    assert servers(REGIONAL, LOCAL) == (REGIONAL, LOCAL)


def test_server_url_chooses_by_index() -> None:
    listed = servers(REGIONAL, LOCAL)
    assert server_url(listed, None, None) == "https://eu.api.example.test/v1"
    assert server_url(listed, 1, {"port": "9000"}) == "http://localhost:9000"


def test_an_index_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="server_index must be from 0 to 1; got 2"):
        server_url(servers(REGIONAL, LOCAL), 2, None)
    with pytest.raises(ValueError, match="got -1"):
        server_url(servers(REGIONAL, LOCAL), -1, None)


def test_no_server_means_a_base_url_is_required() -> None:
    with pytest.raises(ValueError, match="base_url is required"):
        server_url((), None, None)


def test_variables_no_server_has_are_refused() -> None:
    with pytest.raises(ValueError) as caught:
        server_url(servers(REGIONAL, LOCAL), 0, {"regoin": "us", "zone": "a"})
    assert str(caught.value) == (
        "unknown server variables 'regoin', 'zone';"
        " the servers have 'port', 'region', 'version'"
    )


def test_variables_of_the_operations_own_servers_are_known() -> None:
    url = server_url(servers(LOCAL), 0, {"tenant": "t1"}, known=("tenant",))
    assert url == "http://localhost:8080"
    with pytest.raises(ValueError, match="the servers have none"):
        server_url(servers(Server("https://x.test")), 0, {"tenant": "t1"})
