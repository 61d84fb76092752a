"""In chat-model mode the API streams the specialist's words as they come, then the plan."""

from __future__ import annotations

import json
import uuid

import pytest

from graph.engine import BatonEngine
from tests.api.conftest import Api


@pytest.fixture
def engine(model_engine: BatonEngine, fake: object) -> BatonEngine:
    """The API fixture built on Baton in chat-model mode (the fake model answers)."""
    return model_engine


def _sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            events.append((fields["event"], json.loads(fields.get("data", "{}"))))
    return events


def test_the_model_answer_streams_as_tokens_before_the_result(api: Api) -> None:
    response = api.post(
        f"/api/v1/threads/{uuid.uuid4().hex}/turns",
        "ana",
        json={"text": "prior auth for an MRI has been pending with the payer for nine days"},
        headers={"Accept": "text/event-stream"},
    )
    assert response.status_code == 200
    events = _sse(response.text)
    tokens = [data["text"] for kind, data in events if kind == "token"]
    kind, result = events[-1]
    assert kind == "result" and result["kind"] == "plan"
    assert len(tokens) > 1  # streamed in pieces, not one block at the end
    written = "".join(tokens).strip()
    assert written and written in json.dumps(result)
