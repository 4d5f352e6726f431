"""Client benchmark: the generated Atoma client beside raw httpx and ``atoma-sdk``.

Run by hand from the repository root (not a test, not in CI)::

    /tmp/venv/bin/python benchmarks/bench_client.py [--requests 2000] [--events 2000]

It starts the test server (``tests/server``) in a subprocess on 127.0.0.1, so that
client and server do not share a GIL, then measures, for each client in turn and in
one run: JSON chat completions per second (``chat.create``) and SSE events per second
(``chat.stream``, one long stream).  "raw httpx + models" is raw httpx decoding into the
same dataclasses as the generated client: the two differ only by the client itself.  ``atoma-sdk`` is measured when it is installed
(``pip install atoma-sdk==0.1.3``); it is never a dependency of specgen.
Every figure is the best of ``--repeat`` rounds, after a warm-up; the rounds take the
contenders in turn.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generated"))

import atoma_speakeasy  # noqa: E402

API_KEY = "test-key"
MESSAGES = [
    {"role": "system", "content": "You are a helpful AI assistant"},
    {"role": "user", "content": "Hello!"},
]
MODEL = "meta-llama/Llama-3.3-70B-Instruct"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "tests.server:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the benchmark server did not start")


def rate(count: int, run: Callable[[], int]) -> float:
    """Items per second of one round; ``run`` returns the items it handled."""
    started = time.perf_counter()
    handled = run()
    elapsed = time.perf_counter() - started
    assert handled == count, (handled, count)
    return handled / elapsed


# -- JSON requests ------------------------------------------------------------------


def raw_requests(url: str, n: int, typed: bool = False) -> Callable[[], int]:
    """Raw httpx; ``typed``: decoding into the same dataclasses as the generated client."""
    client = httpx.Client(headers={"Authorization": f"Bearer {API_KEY}"})
    decode = atoma_speakeasy.ChatCompletionResponse.from_dict

    def run() -> int:
        done = 0
        for _ in range(n):
            response = client.post(
                url + "/v1/chat/completions",
                json={"messages": MESSAGES, "model": MODEL},
            )
            response.raise_for_status()
            payload = response.json()
            if typed:
                done += bool(decode(payload).choices)
            else:
                done += bool(payload["choices"])
        return done

    return run


def generated_requests(url: str, n: int) -> Callable[[], int]:
    client = atoma_speakeasy.Client(url, bearer_auth=API_KEY)

    def run() -> int:
        done = 0
        for _ in range(n):
            result = client.chat.create(messages=MESSAGES, model=MODEL)
            done += bool(result.choices)
        return done

    return run


def sdk_requests(url: str, n: int) -> Callable[[], int]:
    from atoma_sdk import AtomaSDK

    sdk = AtomaSDK(bearer_auth=API_KEY, server_url=url)

    def run() -> int:
        done = 0
        for _ in range(n):
            result = sdk.chat.create(messages=MESSAGES, model=MODEL)  # type: ignore[arg-type]
            done += bool(result.choices)
        return done

    return run


# -- streams ------------------------------------------------------------------------------


def _stream_body(events: int) -> dict[str, Any]:
    return {"messages": MESSAGES, "model": MODEL, "stream": True, "max_tokens": events}


def raw_stream(url: str, events: int, typed: bool = False) -> Callable[[], int]:
    """Raw httpx reading the event lines; ``typed``: each event decoded into the same
    dataclasses as the generated client."""
    client = httpx.Client(headers={"Authorization": f"Bearer {API_KEY}"})
    envelope = atoma_speakeasy.ChatCompletionsCreateStreamResponse.from_dict

    def run() -> int:
        seen = 0
        with client.stream(
            "POST", url + "/v1/chat/completions", json=_stream_body(events)
        ) as response:
            for line in response.iter_lines():
                if line.startswith("data:"):
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    payload = json.loads(data)
                    if typed:
                        seen += bool(envelope({"data": payload}).data.choices)
                    else:
                        seen += bool(payload["choices"])
        return seen

    return run


def generated_stream(url: str, events: int) -> Callable[[], int]:
    client = atoma_speakeasy.Client(url, bearer_auth=API_KEY)

    def run() -> int:
        seen = 0
        with client.chat.stream(
            messages=MESSAGES, model=MODEL, max_tokens=events
        ) as stream:
            for event in stream:
                seen += bool(event.data.choices)
        return seen

    return run


def sdk_stream(url: str, events: int) -> Callable[[], int]:
    from atoma_sdk import AtomaSDK

    sdk = AtomaSDK(bearer_auth=API_KEY, server_url=url)

    def run() -> int:
        seen = 0
        stream = sdk.chat.create_stream(
            messages=MESSAGES, model=MODEL, max_tokens=events  # type: ignore[arg-type]
        )
        with stream as events_:
            for event in events_:
                seen += bool(event.data.choices)
        return seen

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        import atoma_sdk  # noqa: F401

        have_sdk = True
    except ImportError:
        have_sdk = False
    process, url = start_server()
    try:
        contenders: list[tuple[str, Any, Any]] = [
            ("raw httpx", raw_requests, raw_stream),
            (
                "raw httpx + models",
                functools.partial(raw_requests, typed=True),
                functools.partial(raw_stream, typed=True),
            ),
            ("specgen client", generated_requests, generated_stream),
        ]
        if have_sdk:
            contenders.append(("atoma-sdk 0.1.3", sdk_requests, sdk_stream))
        runs = [
            (name, requests(url, args.requests), stream(url, args.events))
            for name, requests, stream in contenders
        ]
        for _, request_run, stream_run in runs:  # warm-up: connections, caches
            request_run()
            stream_run()
        # Rounds take each contender in turn, so that a change in the machine's load
        # touches them all alike; each keeps its best round.
        best = {name: [0.0, 0.0] for name, _, _ in runs}
        for _ in range(args.repeat):
            for name, request_run, stream_run in runs:
                best[name][0] = max(best[name][0], rate(args.requests, request_run))
                best[name][1] = max(best[name][1], rate(args.events, stream_run))
        rows = [(name, best[name][0], best[name][1]) for name, _, _ in runs]
    finally:
        process.terminate()
        process.wait(10)
    raw_rps, raw_eps = rows[0][1], rows[0][2]
    typed_rps, typed_eps = rows[1][1], rows[1][2]
    print(
        f"{args.requests} JSON requests, one stream of {args.events} events; best of {args.repeat};"
        f" Python {sys.version.split()[0]}, httpx {httpx.__version__}, {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'client':<20}{'requests/s':>11}{'overhead/request':>18}{'time/raw':>10}"
        f"{'time/typed':>11}{'events/s':>10}{'time/raw':>10}{'time/typed':>11}"
    )
    for name, rps, eps in rows:
        overhead = (1 / rps - 1 / raw_rps) * 1e6
        print(
            f"{name:<20}{rps:>11.0f}{overhead:>15.0f} µs{raw_rps / rps:>10.3f}"
            f"{typed_rps / rps:>11.3f}{eps:>10.0f}{raw_eps / eps:>10.3f}{typed_eps / eps:>11.3f}"
        )
    if not have_sdk:
        print("(atoma-sdk is not installed: pip install atoma-sdk==0.1.3 to compare)")


if __name__ == "__main__":
    main()
