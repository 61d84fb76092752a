"""``baton serve --workers N``: N worker processes, each accepting on a socket of its own.

uvicorn's own workers share one listening socket, and whichever worker's event loop wakes
first accepts the next connection; with keep-alive clients a worker keeps every
connection it accepted. On two cores, one worker took all 16 of a benchmark's route
connections while the other sat idle (``bench/bench_api.py``, 2026-12-05). Here the
supervisor binds one socket per worker on the same address with ``SO_REUSEPORT``, and
the kernel spreads new connections across them by their address hash, so every worker
gets its share whoever is quicker to wake.

The supervisor binds the sockets itself, before any worker starts, so an address in use
is one clear error, and keeps them open: a worker that exits is started again on the
same socket, and connections waiting in its queue meanwhile are served by the new one.
SIGTERM or SIGINT stops every worker gracefully (uvicorn's shutdown: requests in flight
finish) and then the supervisor.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import sys
import time
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event
from typing import Any

from bot.settings import BatonSettings

# A worker that exits before it is ready this many times in a row is not going to start
# (a bad setting, a missing model): stop instead of restarting it forever.
MAX_FAILED_STARTS = 3
# How long a stopping worker gets beyond uvicorn's graceful shutdown before it is killed.
STOP_MARGIN_S = 10


def per_worker_sockets_supported() -> bool:
    """Whether the kernel balances connections across sockets sharing a port (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` listening sockets on ``host:port`` sharing the port (``SO_REUSEPORT``).

    Port 0 picks a free port once, and every socket gets that one. Raises ``OSError``
    (e.g. the address is in use) with nothing left open.
    """
    if count < 1:
        raise ValueError(f"a server needs at least one socket, not {count}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]
            sock.listen(2048)  # uvicorn's default backlog
            sock.set_inheritable(True)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _run_worker(
    settings: BatonSettings, options: dict[str, Any], sock: socket.socket, ready: Event
) -> None:
    """One worker process: its own engine and store, serving on ``sock``."""
    import uvicorn

    from bot.api.app import create_app

    def announce_ready() -> None:
        ready.set()
        print(f"Baton worker {os.getpid()} is ready", file=sys.stderr, flush=True)

    app = create_app(settings, on_ready=announce_ready)
    server = uvicorn.Server(uvicorn.Config(app, **options))
    # Ctrl-C reaches the whole process group: uvicorn shuts down, the parent waits for it.
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])


class _Worker:
    """One worker slot: its socket, and the process serving it now."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.process: SpawnProcess | None = None
        self.ready: Event | None = None
        self.failed_starts = 0

    def start(self, settings: BatonSettings, options: dict[str, Any]) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no forked locks
        self.ready = context.Event()
        self.process = context.Process(
            target=_run_worker, args=(settings, options, self.sock, self.ready), daemon=False
        )
        self.process.start()


def serve_workers(settings: BatonSettings, options: dict[str, Any], workers: int) -> int:
    """Run ``workers`` worker processes on ``settings.host:settings.port`` until SIGTERM or
    SIGINT; ``options`` are uvicorn's (``Config``) for each worker. Returns the exit code."""
    try:
        sockets = listening_sockets(settings.host, settings.port, workers)
    except OSError as error:
        print(
            f"baton serve: cannot listen on {settings.host}:{settings.port}: {error.strerror}",
            file=sys.stderr,
        )
        return 1
    slots = [_Worker(sock) for sock in sockets]
    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    code = 0
    try:
        for slot in slots:
            slot.start(settings, options)
        while not stopping:
            time.sleep(0.5)
            for slot in slots:
                process = slot.process
                if stopping or process is None or process.is_alive():
                    continue
                assert slot.ready is not None
                slot.failed_starts = 0 if slot.ready.is_set() else slot.failed_starts + 1
                if slot.failed_starts >= MAX_FAILED_STARTS:
                    print(
                        f"baton serve: a worker failed to start {MAX_FAILED_STARTS} times in "
                        "a row; stopping (its error is above)",
                        file=sys.stderr,
                    )
                    stopping, code = True, 1
                    break
                print(
                    f"baton serve: worker {process.pid} exited (code {process.exitcode}); "
                    "starting another",
                    file=sys.stderr,
                )
                slot.start(settings, options)
    finally:
        _stop_all(slots, options.get("timeout_graceful_shutdown") or 0)
        for sock in sockets:
            sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code


def _stop_all(slots: list[_Worker], graceful_s: float) -> None:
    """SIGTERM to every worker (uvicorn's graceful shutdown), SIGKILL to any still running
    once the grace period and a margin have passed."""
    running = [slot.process for slot in slots if slot.process and slot.process.is_alive()]
    for process in running:
        if process.pid is not None:
            os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + graceful_s + STOP_MARGIN_S
    for process in running:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()
