"""The chat model client against a fake OpenAI-compatible server: bounded retries with a
configurable backoff, timeouts not retried, every failure mapped to a reason."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from graph.model.client import ModelFailure, chat_model, failure_reason, with_retries
from graph.model.config import ModelConfig
from tests.fakes.openai_api import Error, FakeOpenAI, Slow, Text


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def _model(fake: FakeOpenAI, **changes: float):
    settings: dict[str, float] = {"retry_backoff_s": 0.01, "timeout_s": 2.0, **changes}
    config = ModelConfig(api_key="test", base_url=fake.url, **settings)  # type: ignore[arg-type]
    return with_retries(chat_model(config, "specialist"), config)


def test_a_rate_limit_then_success_is_retried_quickly(
    fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    # The retry's own waits (tenacity sleeps through time.sleep), recorded, not timed.
    monkeypatch.setattr("tenacity.nap.time.sleep", waits.append)
    fake.push(Error(429, "slow down"), Error(503, "busy"), Text("fine"))
    reply = _model(fake).invoke("hello")
    assert reply.content == "fine" and len(fake.bodies) == 3
    # Two waits of the configured backoff (0.01 s, growing, plus jitter), not seconds.
    assert len(waits) == 2 and all(0 < wait <= 0.01 * 16 + 0.005 for wait in waits)


def test_retries_are_bounded(fake: FakeOpenAI) -> None:
    fake.push(*[Error(500, "down")] * 5)
    with pytest.raises(openai.InternalServerError) as raised:
        _model(fake, max_retries=2).invoke("hello")
    assert len(fake.bodies) == 3 and failure_reason(raised.value) == "server_error"


def test_a_slow_answer_times_out_once_and_is_not_retried(fake: FakeOpenAI) -> None:
    # Held far past the 0.3 s timeout (the fake lets it go when the test ends).
    fake.push(Slow(60.0, Text("too late")), Text("never asked for"))
    with pytest.raises(openai.APITimeoutError) as raised:
        _model(fake, timeout_s=0.3).invoke("hello")
    assert failure_reason(raised.value) == "timeout" and len(fake.bodies) == 1


def test_a_bad_key_is_not_retried(fake: FakeOpenAI) -> None:
    fake.push(Error(401, "bad key"), Text("never"))
    with pytest.raises(openai.AuthenticationError) as raised:
        _model(fake).invoke("hello")
    assert failure_reason(raised.value) == "rejected" and len(fake.bodies) == 1


def test_the_request_carries_the_configured_model_and_output_cap(fake: FakeOpenAI) -> None:
    fake.push(Text("ok"))
    _model(fake, max_output_tokens=321).invoke("hello")
    body = fake.requests[0]
    assert body["model"] == "gpt-4o" and body["max_completion_tokens"] == 321


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (ModelFailure("step_limit"), "step_limit"),
        (TimeoutError(), "timeout"),
        (ValueError("bad json"), "malformed"),
        (RuntimeError("?"), "error"),
    ],
)
def test_failure_reasons(error: BaseException, reason: str) -> None:
    assert failure_reason(error) == reason


def test_no_key_builds_no_client() -> None:
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        chat_model(ModelConfig(), "router")
