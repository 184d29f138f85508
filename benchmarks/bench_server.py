"""The HTTP service under sustained load: a real ``compliance serve`` on loopback.

Run by hand (not a test):  PYTHONPATH=src python benchmarks/bench_server.py [--seconds 8]
    [--clients 1,20,60] [--engines python,durable]

For each back end a server process is started (``compliance serve --max-queue 64``: two
evaluations at once, the default, and room for every client in the queue, so that no request is
refused as busy and the latency includes the wait), then for each number of
clients, ``--seconds`` of load: each client is a thread with its own keep-alive connection
posting one report (the Thanh Xuân office's first-term report, JSON) to ``POST /v1/check`` as
fast as it is answered, while another process asks ``GET /health`` every 20 ms. Printed per
engine and number of clients: requests/s, p50 and p99 latency, errors (any answer but 200),
``/health`` p50/p99 and the server's RSS before and after (the server process; durable's worker
processes are not counted), and each figure as a multiple of the same run's single-client
figures. The clients run on the same machine as the server and share its cores.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _timing import bytecode

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "thanh-xuan-2023-2024" / "phong-gddt-thanh-xuan" / "2024-01-12-so-ket-hk1.json"
PATH = "/v1/check?as_of=2024-06-30"


@dataclass
class Load:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    health: list[float] = field(default_factory=list)
    errors: int = 0
    rss_before: int = 0
    rss_after: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def p(self, q: float, values: list[float] | None = None) -> float:
        data = sorted(self.latencies if values is None else values)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(q * len(data)))] * 1000


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(engine: str, running: int) -> Iterator[tuple[int, int]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("COMPLIANCE_TOKEN", None)
    argv = [
        sys.executable,
        "-m",
        "compliance",
        "serve",
        "--port",
        str(port),
        "--max-queue",
        "64",
        "--max-concurrent",
        str(running),
    ]
    if engine == "durable":
        argv += ["--engine", "durable", "--engine-workers", "2"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/ready")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            if proc.poll() is not None:
                raise RuntimeError(f"the {engine} server did not start")
            time.sleep(0.1)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(10)


def client(port: int, body: bytes, stop: threading.Event, load: Load, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    mine: list[float] = []
    errors = 0
    while not stop.is_set():
        start = time.perf_counter()
        try:
            conn.request("POST", PATH, body=body, headers=headers)
            answer = conn.getresponse()
            answer.read()
            ok = answer.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        if ok:
            mine.append(time.perf_counter() - start)
        else:
            errors += 1
    conn.close()
    with lock:
        load.latencies.extend(mine)
        load.errors += errors


def prober(port: int, seconds: float, out: Any) -> None:
    """``GET /health`` every 20 ms for ``seconds``, in a process of its own (the clients' threads
    would otherwise delay it in theirs); the latencies go to ``out``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.02)
        start = time.perf_counter()
        conn.request("GET", "/health")
        conn.getresponse().read()
        latencies.append(time.perf_counter() - start)
    conn.close()
    out.put(latencies)


def run(port: int, pid: int, clients: int, seconds: float, body: bytes) -> Load:
    load = Load(clients, seconds, rss_before=rss_kib(pid))
    stop, lock = threading.Event(), threading.Lock()
    threads = [threading.Thread(target=client, args=(port, body, stop, load, lock)) for _ in range(clients)]
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    probe = context.Process(target=prober, args=(port, seconds, out))
    for t in threads:
        t.start()
    probe.start()
    load.health = out.get()
    stop.set()
    probe.join()
    for t in threads:
        t.join()
    load.rss_after = rss_kib(pid)
    return load


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", default="1,20,60")
    parser.add_argument("--engines", default="python,durable")
    parser.add_argument("--max-concurrent", type=int, default=2, help="the server's evaluations at once")
    args = parser.parse_args()
    bytecode()
    body = REPORT.read_bytes()
    counts = [int(c) for c in args.clients.split(",")]
    print(
        "| engine | clients | req/s | p50 ms | p99 ms | errors | /health p50 ms | /health p99 ms | RSS MiB before → after |"
        " req/s ÷ 1 client | p50 ÷ | p99 ÷ | /health p99 ÷ |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for engine in args.engines.split(","):
        with server(engine, args.max_concurrent) as (port, pid):
            run(port, pid, 1, 1.0, body)  # warm up
            base: Load | None = None
            for clients in counts:
                load = run(port, pid, clients, args.seconds, body)
                base = base or load
                print(
                    f"| {engine} | {clients} | {load.rate:.1f} | {load.p(0.5):.1f} | {load.p(0.99):.1f} | "
                    f"{load.errors} | {load.p(0.5, load.health):.1f} | {load.p(0.99, load.health):.1f} | "
                    f"{load.rss_before / 1024:.0f} → {load.rss_after / 1024:.0f} | "
                    f"{ratio(load.rate, base.rate)} | {ratio(load.p(0.5), base.p(0.5))} | "
                    f"{ratio(load.p(0.99), base.p(0.99))} | "
                    f"{ratio(load.p(0.99, load.health), base.p(0.99, base.health))} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
