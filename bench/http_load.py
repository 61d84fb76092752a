"""A lightweight HTTP load generator for ``bench/bench_api.py``, run as its own process.

Run:  .venv/bin/python bench/http_load.py URL TOKEN {route|turn} [--clients 16]
      [--seconds 20] [--warm-up 5] [--server-pids PID,PID] [--rate PER_S]

Each client is one keep-alive HTTP/1.1 connection on asyncio streams that sends one
labelled staff request at a time and waits for the answer. A general-purpose client
(httpx) spent about a millisecond of CPU per request building and parsing messages, on
the same two cores the server needs; this one writes the request bytes directly and
reads only the status line, the headers and ``Content-Length`` bytes of body, so the
machine's CPU goes to the server. Its own CPU seconds are reported, so the benchmark can
show what the load generator took, and with ``--server-pids`` the CPU seconds of the
server's processes over the same measured window (from ``/proc``). Prints one JSON object
on stdout.

Closed loop (the default), each client sends its next request when the last is answered,
so the run measures the server at saturation. Open loop (``--rate``), requests arrive on a
fixed schedule, evenly spaced, whatever the answers do, and are sent by whichever of the
clients is free: the latency of a request counts from the moment it was due, waiting for
a free client included, so a server that falls behind shows it in the percentiles (a
closed loop would quietly send less). This measures latency at a given load, e.g. the
15 turns/s a target names, rather than at the most the server can take.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "routing_labelled.jsonl"
MAX_REQUESTS = 20_000  # per run, whatever the duration


def texts() -> list[str]:
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    return [row["text"] for row in rows]


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User and system CPU seconds each process has used so far (Linux ``/proc``)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        # Fields after the command name (which is in parentheses and may hold spaces).
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


def request_bytes(host: str, path: str, token: str, text: str) -> bytes:
    body = json.dumps({"text": text}).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """The status code of one response, its body read (and dropped)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    status = int(status_line.split(b" ", 2)[1])
    length = 0
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            await reader.readexactly(size + 2)  # the chunk and its CRLF
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


def path_for(kind: str) -> str:
    if kind == "route":
        return "/api/v1/route"
    return f"/api/v1/threads/{uuid.uuid4().hex}/turns"  # a new conversation: route and plan


async def run(args: argparse.Namespace) -> dict[str, object]:
    url = urlsplit(args.url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    items = texts()
    latencies: list[float] = []
    errors = 0

    async def exchange(
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        i: int,
        record: bool,
        due: float | None = None,
    ) -> None:
        """Request ``i`` on this connection, its latency counted from ``due`` (when an
        open-loop schedule wanted it sent) or else from when it goes out."""
        nonlocal errors
        message = request_bytes(host, path_for(args.kind), args.token, items[i % len(items)])
        start = time.perf_counter() if due is None else due
        writer.write(message)
        status = await read_response(reader)
        if not record:
            return
        if status == 200:
            latencies.append((time.perf_counter() - start) * 1000)
        else:
            errors += 1

    async def client(offset: int, until: float, record: bool) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            i = offset
            while time.perf_counter() < until and len(latencies) < MAX_REQUESTS:
                await exchange(reader, writer, i, record)
                i += args.clients
        finally:
            writer.close()

    async def scheduled_client(offset: int, due: asyncio.Queue[float | None]) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            i = offset
            while (arrival := await due.get()) is not None:
                await exchange(reader, writer, i, True, due=arrival)
                i += args.clients
        finally:
            writer.close()

    async def open_loop(until: float) -> None:
        due: asyncio.Queue[float | None] = asyncio.Queue()
        clients = [asyncio.create_task(scheduled_client(c, due)) for c in range(args.clients)]
        interval = 1 / args.rate
        arrival = time.perf_counter()
        sent = 0
        while arrival < until and sent < MAX_REQUESTS:
            await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
            due.put_nowait(arrival)
            sent += 1
            arrival += interval
        for _ in clients:
            due.put_nowait(None)  # after the requests still queued: each client stops
        await asyncio.gather(*clients)

    warm = time.perf_counter() + args.warm_up
    await asyncio.gather(*(client(c, warm, False) for c in range(args.clients)))
    server_before = cpu_seconds(args.server_pids)
    cpu_before = time.process_time()
    started = time.perf_counter()
    until = started + args.seconds
    if args.rate:
        await open_loop(until)
    else:
        await asyncio.gather(*(client(c, until, True) for c in range(args.clients)))
    elapsed = time.perf_counter() - started
    server_after = cpu_seconds(args.server_pids)
    return {
        "server_cpu_s": {
            str(pid): round(server_after[pid] - server_before[pid], 2) for pid in server_after
        },
        "latencies_ms": latencies,
        "offered_rate_per_s": args.rate,
        "errors": errors,
        "elapsed_s": elapsed,
        "load_generator_cpu_s": time.process_time() - cpu_before,
        "load_generator_max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("kind", choices=["route", "turn"])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warm-up", type=float, default=5)
    parser.add_argument(
        "--server-pids",
        type=lambda value: [int(pid) for pid in value.split(",") if pid],
        default=[],
        help="processes whose CPU seconds to report over the measured window",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="open loop: requests per second arriving on a fixed schedule (0: closed loop)",
    )
    args = parser.parse_args()
    if args.rate < 0:
        parser.error("--rate must be 0 (closed loop) or more")
    json.dump(asyncio.run(run(args)), sys.stdout)


if __name__ == "__main__":
    main()
