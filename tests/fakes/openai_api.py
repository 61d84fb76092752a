"""A fake OpenAI-compatible chat-completions server on 127.0.0.1, scripted per test.

The real ``openai`` client and ``langchain-openai`` talk to it over HTTP, so retries,
timeouts, streaming and tool calls go through the same code as in production. Every
request body is recorded (``bodies``) so a test can check what a model would have seen.

    with FakeOpenAI() as fake:
        fake.push(ToolCalls([("lookup_panel", {"visit": "overdue"})]), Text("Done."))
        ... ModelConfig(api_key="test", base_url=fake.url) ...

Replies are taken from the script in order (``push_router`` and ``push_specialist`` script
one kind of request only); when nothing is scripted, ``answer`` (a function of the request
body) answers, else the server replies 500 "script exhausted".
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Text:
    """A final answer; streamed word by word when the client asked for a stream."""

    content: str
    usage: tuple[int, int] | None = None  # prompt, completion tokens; estimated if None


@dataclass(frozen=True)
class ToolCalls:
    """The model asks for tools: (name, arguments); a str argument is sent as is."""

    calls: list[tuple[str, dict[str, Any] | str]]
    usage: tuple[int, int] | None = None


@dataclass(frozen=True)
class Refusal:
    refusal: str = "I can't help with that."


@dataclass(frozen=True)
class Error:
    status: int
    message: str = "error"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Slow:
    """Wait ``seconds`` before sending ``then`` (a client with a shorter timeout gives up)."""

    seconds: float
    then: Any


Reply = Text | ToolCalls | Refusal | Error | Slow
Answer = Callable[[dict[str, Any]], Reply]


def json_text(obj: Any) -> Text:
    return Text(json.dumps(obj))


def last_user_content(body: dict[str, Any]) -> str:
    users = [m for m in body.get("messages", []) if m.get("role") == "user"]
    content = users[-1]["content"] if users else ""
    if isinstance(content, list):
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


class FakeOpenAI:
    def __init__(self, answer: Answer | None = None) -> None:
        self.answer = answer
        self.bodies: list[str] = []  # every request body, as received
        # Scripted replies: for routing requests, for specialist requests, for any.
        self._scripts: dict[str, deque[Reply]] = {
            "router": deque(),
            "specialist": deque(),
            "any": deque(),
        }
        self._lock = threading.Lock()
        self._released = threading.Event()  # set: slow replies stop waiting
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle -------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release_slow_replies()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting -------------------------------------------------------------------

    def push(self, *replies: Reply) -> None:
        """Replies for the next requests, whatever they are."""
        self._push("any", replies)

    def push_router(self, *replies: Reply) -> None:
        """Replies for the next routing requests (structured output ``RouteChoice``)."""
        self._push("router", replies)

    def push_specialist(self, *replies: Reply) -> None:
        """Replies for the next specialist requests (everything that is not routing)."""
        self._push("specialist", replies)

    def _push(self, kind: str, replies: Iterable[Reply]) -> None:
        with self._lock:
            self._scripts[kind].extend(replies)

    @property
    def requests(self) -> list[dict[str, Any]]:
        return [json.loads(body) for body in self.bodies]

    def reset(self) -> None:
        self._release_slow_replies()
        with self._lock:
            for script in self._scripts.values():
                script.clear()
            self.bodies.clear()

    def _release_slow_replies(self) -> None:
        released, self._released = self._released, threading.Event()
        released.set()

    @property
    def pending(self) -> int:
        """Scripted replies not used yet."""
        with self._lock:
            return sum(len(script) for script in self._scripts.values())

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        kind = "router" if is_routing_request(body) else "specialist"
        with self._lock:
            for script in (self._scripts[kind], self._scripts["any"]):
                if script:
                    return script.popleft()
        if self.answer is not None:
            return self.answer(body)
        return Error(500, "script exhausted")

    # -- HTTP ------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                text = raw.decode("utf-8")
                with fake._lock:
                    fake.bodies.append(text)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found"}})
                    return
                body = json.loads(text)
                reply = fake._next_reply(body)
                while isinstance(reply, Slow):
                    # Held until the time is up, or at once when the test resets or stops
                    # the fake, so no handler outlives its test.
                    fake._released.wait(reply.seconds)
                    reply = reply.then
                # The client may have given up (timeout): then there is nobody to send to.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._reply(body, reply)

            def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
                payload = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def _reply(self, body: dict[str, Any], reply: Reply) -> None:
                if isinstance(reply, Error):
                    error = {"message": reply.message, "type": "server_error", "code": None}
                    self._json(reply.status, {"error": error}, reply.headers)
                    return
                model = body.get("model", "fake-model")
                if body.get("stream"):
                    self._stream(body, model, reply)
                else:
                    self._json(200, _completion(body, model, reply))

            def _stream(self, body: dict[str, Any], model: str, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for chunk in _chunks(body, model, reply):
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        return Handler


# -- response shapes (OpenAI chat completions) ------------------------------------------


def _usage(body: dict[str, Any], reply: Reply, completion_text: str) -> dict[str, int]:
    given = getattr(reply, "usage", None)
    if given is not None:
        prompt, completion = given
    else:  # about four characters a token, like the real tokenizers on English
        prompt = max(1, len(json.dumps(body.get("messages", []))) // 4)
        completion = max(1, len(completion_text) // 4)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _tool_calls(reply: ToolCalls) -> list[dict[str, Any]]:
    return [
        {
            "id": f"call_{uuid.uuid4().hex[:12]}",
            "type": "function",
            "function": {
                "name": name,
                "arguments": args if isinstance(args, str) else json.dumps(args),
            },
        }
        for name, args in reply.calls
    ]


def _completion(body: dict[str, Any], model: str, reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = "stop"
    if isinstance(reply, Text):
        message["content"] = reply.content
        spoken = reply.content
    elif isinstance(reply, ToolCalls):
        message["tool_calls"] = _tool_calls(reply)
        finish = "tool_calls"
        spoken = json.dumps(message["tool_calls"])
    else:
        message["refusal"] = reply.refusal
        spoken = reply.refusal
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": _usage(body, reply, spoken),
    }


def _chunks(body: dict[str, Any], model: str, reply: Reply) -> list[dict[str, Any]]:
    base = {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    if isinstance(reply, Text):
        words = reply.content.split(" ")
        pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
        chunks += [chunk({"content": piece}) for piece in pieces if piece]
        chunks.append(chunk({}, "stop"))
        spoken = reply.content
    elif isinstance(reply, ToolCalls):
        for index, call in enumerate(_tool_calls(reply)):
            arguments = call["function"]["arguments"]
            half = len(arguments) // 2
            first = {"index": index, "id": call["id"], "type": "function"}
            first["function"] = {"name": call["function"]["name"], "arguments": arguments[:half]}
            chunks.append(chunk({"tool_calls": [first]}))
            rest = {"index": index, "function": {"arguments": arguments[half:]}}
            chunks.append(chunk({"tool_calls": [rest]}))
        chunks.append(chunk({}, "tool_calls"))
        spoken = json.dumps([c for c in reply.calls])
    else:
        chunks.append(chunk({"refusal": reply.refusal}))
        chunks.append(chunk({}, "stop"))
        spoken = reply.refusal
    if (body.get("stream_options") or {}).get("include_usage"):
        chunks.append({**base, "choices": [], "usage": _usage(body, reply, spoken)})
    return chunks


# -- answering from the request: a stand-in model for whole flows ----------------------


def is_routing_request(body: dict[str, Any]) -> bool:
    schema = (body.get("response_format") or {}).get("json_schema") or {}
    return schema.get("name") == "RouteChoice"


def route_from_candidates(body: dict[str, Any]) -> dict[str, Any]:
    """The routing answer a model would give by trusting the offline router's context."""
    given = json.loads(last_user_content(body))
    decision = given.get("offline_decision")
    return {
        "agent": given["offline_candidates"][0]["agent"],
        "workflow": given.get("offline_workflow"),
        "supporting_agents": [],
        "needs_human_decision": decision is not None,
        "decision_kind": decision,
        "confidence": given.get("offline_confidence", 0.5),
    }


def candidate_oracle(body: dict[str, Any]) -> Reply:
    """Routes from the candidates it is given; as a specialist, writes a short answer
    that repeats the request (so placeholders in it can be checked end to end)."""
    if is_routing_request(body):
        return json_text(route_from_candidates(body))
    request = last_user_content(body)
    return Text(
        f"**Next steps.** For the request ({request}) start with the intake handoff, "
        "then the review. Verify the payer policy before acting [1]."
    )
