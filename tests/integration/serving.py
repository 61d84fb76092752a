"""Real ``baton`` processes for integration tests: commands, and ``baton serve`` workers
on free ports, each with its own environment (data directory, store, index)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], what: str, log: Path) -> None:
    """Poll ``url`` until it answers 200, failing with the process's last words (its
    ``log``) if it exits first or takes longer than ``START_TIMEOUT_S``."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited: {log.read_text(errors='replace')[-2000:]}")
        assert time.monotonic() < deadline, f"{what} did not become ready"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)


class Baton:
    """``baton`` commands and servers sharing one configuration."""

    def __init__(self, data_dir: Path, **settings: str) -> None:
        self.logs = data_dir.parent  # servers' standard error: a pipe nobody read could fill
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
        self.env.update(BATON_DATA_DIR=str(data_dir), BATON_JOBS_INTERVAL_S="0", **settings)

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, (args, done.stderr[-2000:])
        return done.stdout

    def token(self, staff_id: int) -> str:
        return self.run("staff", "token", "issue", str(staff_id)).strip()

    @contextmanager
    def serving(self) -> Iterator[str]:
        """``baton serve`` on a free port until the block ends; yields its base URL."""
        port = free_port()
        log = self.logs / f"serve-{port}.log"
        with log.open("wb") as stderr:
            server = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answering(f"{base}/readyz", server, "baton serve", log)
            yield base
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
