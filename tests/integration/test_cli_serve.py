"""``baton staff token`` and ``baton serve``'s options."""

from __future__ import annotations

import json

from bot.cli.app import build_parser


def test_tokens_are_issued_once_listed_without_secrets_and_revoked(baton):
    assert baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")[0] == 0
    assert baton("staff", "add", "Ben Example", "--role", "coordinator", "--team", "North")[0] == 0
    code, out, err = baton("staff", "token", "issue", "1", "--label", "laptop")
    secret = out.strip()
    assert code == 0 and secret.startswith("baton_") and "shown once" in err
    code, out, _ = baton("staff", "token", "list", "--json")
    [listed] = json.loads(out)
    assert listed["staff_id"] == 1 and listed["active"] and secret not in out
    assert listed["label"] == "laptop" and secret.startswith(listed["prefix"])
    code, _, err = baton("staff", "token", "revoke", str(listed["id"]), "--as", "2")
    assert code == 4 and "not_token_holder" in err
    assert baton("staff", "token", "revoke", str(listed["id"]))[0] == 0
    assert not json.loads(baton("staff", "token", "list", "--json")[1])[0]["active"]
    code, _, err = baton("staff", "token", "issue", "99")
    assert code == 1 and "no active staff member" in err


def test_serve_takes_host_port_and_workers():
    args = build_parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "2"]
    )
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 9000, 2)
    assert args.run.__name__ == "cmd_serve"


def test_baton_serve_starts_on_embedded_defaults_and_stops_on_sigterm(tmp_path):
    """The real command in its own process: store, index and models from scratch."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env["BATON_DATA_DIR"] = str(tmp_path / "data")
    env["BATON_LOG_LEVEL"] = "INFO"  # access lines
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "baton serve did not become ready"
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        assert ready.json()["status"] == "ready"
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/api/v1/openapi.json").json()["info"]["title"] == "Baton"
        assert httpx.get(f"{base}/login").status_code == 200
        assert httpx.get(f"{base}/panel").headers["location"] == "/login"
        assert httpx.get(f"{base}/api/v1/me").status_code == 401
        assert httpx.get(f"{base}/static/baton.css").status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
    # uvicorn shuts down gracefully, then re-raises the signal for the parent to see.
    assert code in (0, -signal.SIGTERM)
    output = server.stderr.read().decode().splitlines()
    assert f"Baton is ready: open http://127.0.0.1:{port}/ (Ctrl-C stops it)" in output
    lines = [json.loads(line) for line in output if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "bot.api.access"]
    assert any(a["route"] == "/api/v1/me" and a["status"] == 401 for a in access)
    assert all(a["request_id"] and "duration_ms" in a for a in access)
    assert any("requests in flight have finished" in line["msg"] for line in lines)


def test_baton_serve_with_two_workers_serves_from_both_and_stops_on_sigterm(tmp_path):
    """Two worker processes, each on its own socket of the one port (``bot/workers.py``):
    both become ready, requests on fresh connections are answered, SIGTERM stops all."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    from tests.integration.serving import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update(
        BATON_DATA_DIR=str(tmp_path / "data"), BATON_JOBS_INTERVAL_S="0", BATON_LOG_LEVEL="INFO"
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 300
        while log.read_text(errors="replace").count("is ready") < 2:
            assert server.poll() is None, log.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "the workers did not become ready"
            time.sleep(0.5)
        for _ in range(8):  # a new connection each: the kernel picks a worker for each
            assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=30).status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=90)
    assert code == 0
    output = log.read_text(errors="replace").splitlines()
    ready = {line.split()[2] for line in output if line.startswith("Baton worker ")}
    assert len(ready) == 2  # two processes
    lines = [json.loads(line) for line in output if line.startswith("{")]
    stopped = [line for line in lines if "requests in flight have finished" in line["msg"]]
    assert len(stopped) == 2  # each worker shut down gracefully
