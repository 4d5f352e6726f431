"""Client benchmark: the generated Atoma client beside raw httpx and ``atoma-sdk``.

Run by hand from the repository root (not a test, not in CI)::

    /tmp/venv/bin/python benchmarks/bench_client.py [--requests 2000] [--events 2000]

It starts the test server (``tests/server``) in a subprocess on 127.0.0.1, so that
client and server do not share a GIL, then measures, for each client in turn and in
one run: JSON chat completions per second (``chat.create``) and SSE events per second
(``chat.stream``, one long stream).  ``atoma-sdk`` is measured when it is installed
(``pip install atoma-sdk==0.1.3``); it is never a dependency of specgen.
Every figure is the best of ``--repeat`` rounds, after a warm-up.
"""

from __future__ import annotations

import argparse
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


def rate(count: int, run: Callable[[], int], repeat: int) -> float:
    """Best items per second over ``repeat`` rounds; ``run`` returns items handled."""
    run()  # warm-up: connections, imports, caches
    best = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        handled = run()
        elapsed = time.perf_counter() - started
        assert handled == count, (handled, count)
        best = max(best, handled / elapsed)
    return best


# -- JSON requests ------------------------------------------------------------------


def raw_requests(url: str, n: int) -> Callable[[], int]:
    client = httpx.Client(headers={"Authorization": f"Bearer {API_KEY}"})

    def run() -> int:
        done = 0
        for _ in range(n):
            response = client.post(
                url + "/v1/chat/completions",
                json={"messages": MESSAGES, "model": MODEL},
            )
            response.raise_for_status()
            done += bool(response.json()["choices"])
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


def raw_stream(url: str, events: int) -> Callable[[], int]:
    client = httpx.Client(headers={"Authorization": f"Bearer {API_KEY}"})

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
                    seen += bool(json.loads(data)["choices"])
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
        rows: list[tuple[str, float, float]] = []
        contenders: list[tuple[str, Any, Any]] = [
            ("raw httpx", raw_requests, raw_stream),
            ("specgen client", generated_requests, generated_stream),
        ]
        if have_sdk:
            contenders.append(("atoma-sdk 0.1.3", sdk_requests, sdk_stream))
        for name, requests, stream in contenders:
            rps = rate(args.requests, requests(url, args.requests), args.repeat)
            eps = rate(args.events, stream(url, args.events), args.repeat)
            rows.append((name, rps, eps))
    finally:
        process.terminate()
        process.wait(10)
    raw_rps = rows[0][1]
    print(
        f"{args.requests} JSON requests, one stream of {args.events} events; best of {args.repeat};"
        f" Python {sys.version.split()[0]}, httpx {httpx.__version__}, {os.cpu_count()} CPUs"
    )
    print(f"{'client':<18}{'requests/s':>12}{'overhead/request':>18}{'events/s':>12}")
    for name, rps, eps in rows:
        overhead = (1 / rps - 1 / raw_rps) * 1e6
        print(f"{name:<18}{rps:>12.0f}{overhead:>15.0f} µs{eps:>12.0f}")
    if not have_sdk:
        print("(atoma-sdk is not installed: pip install atoma-sdk==0.1.3 to compare)")


if __name__ == "__main__":
    main()
