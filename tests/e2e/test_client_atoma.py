"""The generated Atoma client (sync and async) against a real local server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.conftest import assert_mypy_strict  # noqa: E402
from tests.server import API_KEY, STATE, running_server, wait_for  # noqa: E402
from tests.server.packages import forget, generate_and_import  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "atoma-speakeasy-openapi.yaml"
PACKAGE = "atoma_client_under_test"
MESSAGES = [{"role": "user", "content": "hello"}]


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("atoma_client")
    module = generate_and_import(SPEC, PACKAGE, out)
    yield module
    forget(PACKAGE, out)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as url:
        yield url


def _fast_retries(pkg: ModuleType, **overrides: Any) -> Any:
    values: dict[str, Any] = dict(
        initial_interval=0.01,
        max_interval=0.05,
        max_elapsed=10.0,
        max_retries=3,
        non_idempotent=True,
    )
    values.update(overrides)
    return pkg.RetryConfig(**values)


def test_surface_matches_the_speakeasy_sdk(pkg: ModuleType) -> None:
    with pkg.Client(bearer_auth="x") as client:
        assert callable(client.chat.create) and callable(client.chat.stream)
        assert callable(client.models.list) and callable(client.nodes.create_lock)
        assert callable(client.confidential_chat.stream)
    assert pkg.client.DEFAULT_BASE_URL == "https://api.atoma.network"


def test_json_completion(pkg: ModuleType, base_url: str) -> None:
    seen: list[Any] = []
    with pkg.Client(
        base_url,
        bearer_auth=API_KEY,
        on_request=[seen.append],
        on_response=[seen.append],
    ) as client:
        message = pkg.ChatCompletionMessageUser.from_dict(MESSAGES[0])
        result = client.chat.create(
            messages=[message, {"role": "user", "content": "hi there"}],
            model="m",
            temperature=None,
        )
    assert isinstance(result, pkg.ChatCompletionResponse)
    assert result.choices[0].message.content == "echo: hi there"
    received = result.additional_properties["received"]
    # An explicit None is sent as null (temperature is nullable); absent args are not sent.
    assert received == {
        "messages": [MESSAGES[0], {"role": "user", "content": "hi there"}],
        "model": "m",
        "temperature": None,
    }
    request, response = seen
    assert request.headers["user-agent"].startswith(PACKAGE + "/")
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert response.status_code == 200


def test_unauthorized_raises_the_typed_error(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url, bearer_auth="wrong", retries=None) as client:
        with pytest.raises(pkg.UnauthorizedError) as caught:
            client.models.list()
    error = caught.value
    assert isinstance(error, pkg.ClientError) and isinstance(error, pkg.APIError)
    assert error.status_code == 401
    assert b"invalid or missing API key" in error.content
    assert error.headers["content-type"] == "application/json"


def test_503_then_200_is_retried(pkg: ModuleType, base_url: str) -> None:
    key = uuid.uuid4().hex
    headers = {"x-fail-times": "1", "x-test-id": key}
    statuses: list[int] = []
    with pkg.Client(
        base_url,
        bearer_auth=API_KEY,
        headers=headers,
        retries=_fast_retries(pkg),
        on_response=[lambda r: statuses.append(r.status_code)],
    ) as client:
        models = client.models.list()
    assert [m.id for m in models.data] == ["m1", "m2"]
    assert statuses == [503, 200] and STATE.attempts[key] == 2


def test_non_idempotent_requests_are_not_retried_by_default(
    pkg: ModuleType, base_url: str
) -> None:
    key = uuid.uuid4().hex
    headers = {"x-fail-times": "1", "x-test-id": key}
    retries = _fast_retries(pkg, non_idempotent=False)
    with pkg.Client(
        base_url, bearer_auth=API_KEY, headers=headers, retries=retries
    ) as c:
        with pytest.raises(pkg.ServerError) as caught:
            c.chat.create(messages=MESSAGES, model="m")
    assert caught.value.status_code == 503 and STATE.attempts[key] == 1


def test_retries_give_up(pkg: ModuleType, base_url: str) -> None:
    key = uuid.uuid4().hex
    headers = {"x-fail-times": "10", "x-test-id": key}
    with pkg.Client(
        base_url, bearer_auth=API_KEY, headers=headers, retries=_fast_retries(pkg)
    ) as client:
        with pytest.raises(pkg.ServerError):
            client.models.list()
    assert STATE.attempts[key] == 4  # the first attempt and max_retries=3 retries


def test_timeout_raises_a_clear_exception(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url, timeout=0.2, headers={"x-delay": "2"}) as client:
        with pytest.raises(pkg.APITimeoutError) as caught:
            client.health.check()
    assert "no response in time" in str(caught.value)
    assert isinstance(caught.value, pkg.APIConnectionError)


def test_connection_refused_is_a_connection_error(pkg: ModuleType) -> None:
    with socket_closed_port() as url:
        with pkg.Client(url, retries=_fast_retries(pkg, max_retries=1)) as client:
            with pytest.raises(pkg.APIConnectionError):
                client.health.check()


def test_stream_of_chunks_ends_at_done(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url, bearer_auth=API_KEY) as client:
        with client.chat.stream(messages=MESSAGES, model="m", max_tokens=5) as stream:
            events = list(stream)
    assert len(events) == 5
    assert all(isinstance(e, pkg.ChatCompletionsCreateStreamResponse) for e in events)
    assert [e.data.choices[0].delta.content for e in events] == [
        f"t{i}" for i in range(5)
    ]
    assert [e.data.created for e in events] == [1700000000 + i for i in range(5)]


def test_leaving_a_stream_early_closes_it(pkg: ModuleType, base_url: str) -> None:
    key = uuid.uuid4().hex
    headers = {"x-test-id": key, "x-chunk-delay": "0.01"}
    with pkg.Client(base_url, bearer_auth=API_KEY, headers=headers) as client:
        with client.chat.stream(messages=MESSAGES, model="m", max_tokens=1000) as s:
            first = next(iter(s))
        assert first.data.choices[0].delta.content == "t0"
        assert s.response.is_closed
    assert wait_for(lambda: key in STATE.closed_streams)
    assert key not in STATE.finished_streams


def test_stream_error_status_raises(pkg: ModuleType, base_url: str) -> None:
    with pkg.Client(base_url, bearer_auth="nope", retries=None) as client:
        with pytest.raises(pkg.UnauthorizedError):
            client.chat.stream(messages=MESSAGES, model="m")


def test_async_client(pkg: ModuleType, base_url: str) -> None:
    async def main() -> None:
        async with pkg.AsyncClient(base_url, bearer_auth=API_KEY) as client:
            result = await client.chat.create(messages=MESSAGES, model="m")
            assert result.choices[0].message.content == "echo: hello"
            stream = await client.chat.stream(
                messages=MESSAGES, model="m", max_tokens=4
            )
            async with stream:
                contents = [e.data.choices[0].delta.content async for e in stream]
            assert contents == ["t0", "t1", "t2", "t3"]
            key = uuid.uuid4().hex
            early = await client.chat.stream(
                messages=MESSAGES, model="m", max_tokens=1000
            )
            early.response.headers  # the response has arrived
            async with early:
                async for _ in early:
                    break
            assert early.response.is_closed
            with pytest.raises(pkg.MissingCredentialsError):
                async with pkg.AsyncClient(base_url, retries=None) as anonymous:
                    await anonymous.models.list()
            retried = pkg.AsyncClient(
                base_url,
                bearer_auth=API_KEY,
                headers={"x-fail-times": "1", "x-test-id": key},
                retries=_fast_retries(pkg),
            )
            async with retried:
                assert len((await retried.models.list()).data) == 2
            assert STATE.attempts[key] == 2
            async with pkg.AsyncClient(
                base_url, timeout=0.2, headers={"x-delay": "2"}
            ) as slow:
                with pytest.raises(pkg.APITimeoutError):
                    await slow.health.check()

    asyncio.run(asyncio.wait_for(main(), 30))


def test_generated_client_is_mypy_strict_clean(pkg: ModuleType) -> None:
    folder = Path(pkg.__file__).resolve().parent
    assert_mypy_strict(folder.parent, folder.name)


class socket_closed_port:
    """A loopback URL on which nothing listens."""

    def __enter__(self) -> str:
        import socket

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        return None
