"""A fake Slack on 127.0.0.1 for the real slack_sdk / slack_bolt clients.

``FakeSlack`` answers the Web API methods Baton uses (``/api/METHOD``), the upload URL
of ``files.uploadV2`` and commands' response URLs, and records every call for
assertions. Streaming messages (``chat.startStream`` / ``appendStream`` / ``stopStream``)
keep their state as Slack does: appending to a stream that is not open is refused, and
``streams`` holds each one's text as it grew. ``FakeSocketMode`` is the WebSocket that
``apps.connections.open`` hands out: it says hello, pushes envelopes and collects the
app's acknowledgements.
Everything is local: no request leaves the machine.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TEAM_ID = "T0FAKE"
BOT_USER_ID = "UBATON"
JSON_FIELDS = ("blocks", "view", "prompts", "files", "attachments", "metadata", "chunks")
STREAM_METHODS = ("chat.startStream", "chat.appendStream", "chat.stopStream")


def streamed_text(params: dict[str, Any]) -> str:
    """The Markdown a streaming call adds: its ``markdown_text`` and its text chunks."""
    text = str(params.get("markdown_text") or "")
    for chunk in params.get("chunks") or []:
        if chunk.get("type") == "markdown_text":
            text += str(chunk.get("text") or "")
    return text


@dataclass
class Stream:
    """A streaming message: where it is, for whom, its text so far, and if it is open."""

    channel: str
    thread_ts: str
    recipient_user_id: str | None
    text: str = ""
    open: bool = True


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.uploads: dict[str, bytes] = {}
        self.failures: dict[str, str] = {}  # method -> error for its next calls
        self.streams: dict[str, Stream] = {}  # message ts -> its stream
        self.socket_url: str | None = None
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._ts = itertools.count(1)
        self._files = itertools.count(1)
        self._views = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                return None

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                path = urllib.parse.urlparse(self.path).path
                status, payload = fake._handle(path, raw, self.headers)
                body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    # -- addresses -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- assertions ------------------------------------------------------------------

    def calls_to(
        self, method: str, where: Callable[[dict[str, Any]], bool] | None = None
    ) -> list[dict[str, Any]]:
        with self._lock:
            return [
                c.params
                for c in self.calls
                if c.method == method and (where is None or where(c.params))
            ]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 20.0,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[dict[str, Any]]:
        """The first ``count`` matching calls, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [
                    c.params
                    for c in self.calls
                    if c.method == method and (where is None or where(c.params))
                ]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(
                        f"{len(found)} of {count} {method} calls after {timeout}s; seen: {seen}"
                    )
                self._changed.wait(left)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.failures.clear()
            self.streams.clear()

    def stream_calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every streaming call, in order: (method, parameters)."""
        with self._lock:
            return [(c.method, c.params) for c in self.calls if c.method in STREAM_METHODS]

    # -- the API ---------------------------------------------------------------------

    def _record(self, method: str, params: dict[str, Any], token: str | None) -> None:
        with self._changed:
            self.calls.append(Call(method, params, token))
            self._changed.notify_all()

    def _handle(self, path: str, raw: bytes, headers: Any) -> tuple[int, Any]:
        if path.startswith("/upload/"):
            file_id = path.rsplit("/", 1)[1]
            self.uploads[file_id] = raw
            self._record("upload", {"file_id": file_id, "length": len(raw)}, None)
            return 200, b"OK"
        params = _parse(raw, headers.get("Content-Type") or "")
        if path.startswith("/respond/"):
            self._record("response_url", {"name": path.rsplit("/", 1)[1], **params}, None)
            return 200, b"ok"
        if not path.startswith("/api/"):
            return 404, {"ok": False, "error": "not_found"}
        method = path[len("/api/") :]
        auth = headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ") or params.get("token")
        self._record(method, params, token)
        with self._lock:
            error = self.failures.get(method)
        if error:
            return 200, {"ok": False, "error": error}
        return 200, self._answer(method, params)

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.test/",
                "team": "Fake team",
                "user": "baton",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": "BBATON",
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            channel = str(params.get("channel") or "")
            if channel[:1] in ("U", "W"):  # a user id: the app's DM with that user
                channel = "D" + channel[1:]
            ts = self._next_ts()
            message = {"ts": ts, "text": params.get("text"), "thread_ts": params.get("thread_ts")}
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method in STREAM_METHODS:
            return self._stream(method, params)
        if method in ("views.open", "views.update", "views.push"):
            view = params.get("view") or {}
            return {"ok": True, "view": {**view, "id": f"V{next(self._views):05d}"}}
        if method.startswith("assistant.threads."):
            return {"ok": True}
        if method == "conversations.replies":
            posted = self.calls_to(
                "chat.postMessage",
                where=lambda p: p.get("thread_ts") == params.get("ts"),
            )
            return {"ok": True, "messages": [{"text": p.get("text")} for p in posted]}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._files):05d}"
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            if not self.socket_url:
                return {"ok": False, "error": "no_socket"}
            return {"ok": True, "url": self.socket_url}
        return {"ok": False, "error": "unknown_method"}

    def _stream(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """chat.startStream opens a message in a thread (in a channel only for a named
        recipient), chat.appendStream adds to an open one, chat.stopStream closes it."""
        channel = str(params.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if method == "chat.startStream":
            if not params.get("thread_ts"):
                return {"ok": False, "error": "invalid_arguments"}
            in_channel = channel[:1] in ("C", "G")
            if in_channel and not (
                params.get("recipient_user_id") and params.get("recipient_team_id")
            ):
                return {"ok": False, "error": "invalid_arguments"}  # required in channels
            ts = self._next_ts()
            with self._lock:
                self.streams[ts] = Stream(
                    channel,
                    str(params["thread_ts"]),
                    params.get("recipient_user_id"),
                    streamed_text(params),
                )
            return {"ok": True, "channel": channel, "ts": ts}
        ts = str(params.get("ts") or "")
        with self._lock:
            stream = self.streams.get(ts)
            if stream is None or stream.channel != channel:
                return {"ok": False, "error": "message_not_found"}
            if not stream.open:
                return {"ok": False, "error": "message_not_in_streaming_state"}
            stream.text += streamed_text(params)
            if method == "chat.stopStream":
                stream.open = False
        message = {"ts": ts, "text": stream.text, "thread_ts": stream.thread_ts}
        return {"ok": True, "channel": channel, "ts": ts, "message": message}


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    text = raw.decode("utf-8") if raw else ""
    if "json" in content_type:
        params = json.loads(text or "{}")
    else:
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(text).items()}
    for name in JSON_FIELDS:
        value = params.get(name)
        if isinstance(value, str) and value[:1] in "[{":
            params[name] = json.loads(value)
    return params


class FakeSocketMode:
    """The WebSocket end of Socket Mode: hello, envelopes out, acknowledgements in."""

    def __init__(self, fake: FakeSlack) -> None:
        from websockets.sync.server import serve

        self.acks: list[dict[str, Any]] = []
        self._connections: list[Any] = []
        self._changed = threading.Condition()
        self.server = serve(self._session, "127.0.0.1", 0)
        self.port = self.server.socket.getsockname()[1]
        fake.socket_url = f"ws://127.0.0.1:{self.port}/link"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def _session(self, connection: Any) -> None:
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "connection_info": {"app_id": "A0FAKE"},
                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                }
            )
        )
        with self._changed:
            self._connections.append(connection)
            self._changed.notify_all()
        try:
            for message in connection:
                with self._changed:
                    self.acks.append(json.loads(message))
                    self._changed.notify_all()
        except Exception:  # noqa: BLE001 - the client went away
            return

    def wait_connected(self, timeout: float = 10.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self._connections, timeout):
                raise AssertionError("the app did not connect to the socket")

    def send(self, envelope: dict[str, Any]) -> None:
        self._connections[-1].send(json.dumps(envelope))

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        with self._changed:
            found = self._changed.wait_for(
                lambda: [a for a in self.acks if a.get("envelope_id") == envelope_id], timeout
            )
        if not found:
            raise AssertionError(f"no acknowledgement for envelope {envelope_id}")
        return found[0]

    def close(self) -> None:
        self.server.shutdown()
