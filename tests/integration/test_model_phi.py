"""No raw identifier from any input reaches the chat model: every request body the fake
server receives, across routing, planning, tool calls and follow-ups, is checked."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest

from graph.engine import BatonEngine
from tests.fakes.openai_api import FakeOpenAI, Text, ToolCalls

REQUEST = (
    "Patient Desmond Achterberg, DOB 02/19/1947, MRN 00593817, member ID XQW448201937, "
    "phone 312-555-0187, lives at 4418 Larkspur Ave; his PCP panel change is stuck and "
    "the prior auth for home oxygen was denied."
)
IDENTIFIERS = [
    "Achterberg",
    "Desmond",
    "02/19/1947",
    "00593817",
    "XQW448201937",
    "312-555-0187",
    "4418 Larkspur",
    "ZK1029",
    "ZK1030",
    "ZK1031",
    "TESTPATIENT",
    "10/09/2026",
]

if TYPE_CHECKING:
    from tests.integration.conftest import Desk


@pytest.fixture
def engine(model_engine: BatonEngine, fake: FakeOpenAI) -> BatonEngine:
    """``desk`` takes its engine from here: Baton in chat-model mode."""
    return model_engine


def test_no_identifier_reaches_the_model_in_any_flow(
    desk: Desk,
    fake: FakeOpenAI,
) -> None:
    # ``desk`` sets up records on the engine it gets: here, the chat-model engine.
    assert desk.engine.model_router is not None
    thread = uuid.uuid4().hex
    # 1. A request full of PHI, then a follow-up that repeats some of it.
    desk.ask(REQUEST, thread)
    desk.ask("and what about his DOB 02/19/1947 and phone 312-555-0187?", thread)
    # 2. A coordinator's request naming charts; the specialist calls every record tool,
    #    and the tools read chart codes and the patients' names from the store.
    fake.push_specialist(
        ToolCalls(
            [
                ("patient_panel", {"visit": None}),
                ("task_log", {"period": "month"}),
            ]
        ),
        ToolCalls(
            [
                (
                    "check_time_entry",
                    {"patient": "<MRN_1>", "task_type": "care plan review", "minutes": 25},
                ),
                ("billing_codes", {"program": "ccm", "minutes": 45}),
                ("open_handoff", {"boundary": 1, "waiting_on": "the review of <MRN_1>"}),
            ]
        ),
        Text("Your panel and log are summarised above; <MRN_1> needs the care plan review."),
    )
    other = uuid.uuid4().hex
    desk.ask("log 20 min phone call for chart ZK1029 on 10/09/2026", other)
    desk.ask("yes", other)
    result = desk.ask(
        "How is care management going for chart ZK1029 and ZK1030? Plan the care plan "
        "review for ZK1029 this month with the coordinator and the supervising physician.",
        other,
    )
    # 3. Routing alone (``baton route``) goes through the model too.
    desk.engine.route(REQUEST)

    assert result.plan is not None and result.plan.summary is not None
    tool_messages = {  # each request repeats the conversation so far: one per call id
        m["tool_call_id"]: m
        for body in fake.requests
        for m in body["messages"]
        if m.get("role") == "tool"
    }.values()
    assert len(tool_messages) == 5
    assert any("<MRN_" in m["content"] for m in tool_messages)  # charts shown as placeholders
    assert any("refused (billing_hidden)" in m["content"] for m in tool_messages)
    assert len(fake.bodies) >= 8
    for body in fake.bodies:
        for identifier in IDENTIFIERS:
            assert identifier not in body, identifier
