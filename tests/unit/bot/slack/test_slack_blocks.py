"""Block Kit builders stay within Slack's limits and never let markup through."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from agents.plan import (
    AgentPart,
    BoundaryPart,
    ClarifyingQuestion,
    EntryConditionsPart,
    ExceptionPart,
    HandoffPlan,
    NowSection,
    OwnerSignOff,
)
from bot.slack.blocks.decisions import (
    ArgumentError,
    comment_modal,
    decision_answered_blocks,
    decision_request_blocks,
    edit_modal,
    edited_arguments,
)
from bot.slack.blocks.limits import (
    MAX_BUTTON_VALUE,
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_TEXT,
    button,
    chunk_blocks,
    compact_value,
    escape,
    option,
    read_value,
    split_text,
    truncate,
)
from bot.slack.blocks.plans import clarify_blocks
from bot.slack.blocks.tasks import PatientChoice, task_log_modal, task_type_groups
from bot.slack.blocks.turns import (
    MAX_MESSAGES_PER_ANSWER,
    SlackAnswer,
    answer_for_turn,
    full_plan_answer,
)
from graph.feedback import answer_key
from graph.outcomes import ActionOutcome, ConfirmationRequest
from graph.results import TurnResult
from tests.unit.tools.decision_views import CAROLYN, ENTRY, FACTS, MICHELE, SOUTHY
from tools.access import Actor, Role
from tools.decision_requests.service import DecisionView
from tools.decision_requests.wording import DecisionWords, describe_decision
from tools.tasks.types import TaskTypeView

SAME = lambda text: text  # noqa: E731 - the viewer who sees placeholders


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<PERSON_1> called", "&lt;PERSON_1&gt; called"),
        ("A & B", "A &amp; B"),
        ("<@U123> <!channel>", "&lt;@U123&gt; &lt;!channel&gt;"),
        ("plain", "plain"),
    ],
)
def test_escape_leaves_no_slack_markup(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("short", 10, ["short"]),
        ("line one\nline two", 10, ["line one", "line two"]),
        ("aaaa bbbb cccc", 9, ["aaaa bbbb", "cccc"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("", 10, []),
    ],
)
def test_split_text_cuts_at_lines_then_spaces_and_loses_nothing(
    text: str, limit: int, pieces: list[str]
) -> None:
    assert split_text(text, limit) == pieces


@pytest.mark.parametrize(("text", "limit", "out"), [("abc", 5, "abc"), ("abcdef", 4, "abc…")])
def test_truncate(text: str, limit: int, out: str) -> None:
    assert truncate(text, limit) == out


def test_button_values_and_option_values_refuse_what_slack_would_refuse() -> None:
    assert len(compact_value({"d": 12, "t": "1700000000.000100"})) < MAX_BUTTON_VALUE
    with pytest.raises(ValueError, match="255"):
        button("x", "a", {"v": "x" * 300})
    with pytest.raises(ValueError, match="150"):
        option("x", "v" * 151)
    assert button("y" * 100, "a", {})["text"]["text"].endswith("…")
    assert read_value('{"d": 3}') == {"d": 3}
    assert read_value("not json") == {} and read_value("[1]") == {} and read_value(None) == {}


@pytest.mark.parametrize("count", [0, 1, 50, 51, 120])
def test_chunk_blocks_respects_the_fifty_block_limit(count: int) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": str(n)}} for n in range(count)]
    chunks = chunk_blocks(blocks)
    assert all(len(c) <= MAX_MESSAGE_BLOCKS for c in chunks)
    assert sum(len(c) for c in chunks) == count


def test_chunks_never_start_or_end_with_a_divider() -> None:
    blocks = [{"type": "divider"}, {"type": "section"}, {"type": "divider"}]
    assert chunk_blocks(blocks) == [[{"type": "section"}]]


def _plan(
    boundaries: int, request: str = "prior auth for <PERSON_1>", reminder: bool = True
) -> HandoffPlan:
    part = AgentPart(
        agent="prior-authorization-specialist", display_name="Prior Auth", contributes="owns it"
    )
    boundary = BoundaryPart(
        name="Payer follow-up",
        from_party="Coordinator",
        to_party="Prior auth team",
        owner="UM nurse",
        entry_conditions=EntryConditionsPart(
            inputs=["order"], validations=["payer rules " * 40], source_of_truth="EHR"
        ),
        time_frame="1 day",
        time_frame_hours=24,
        outcome="decision",
        exception=ExceptionPart(
            trigger="no answer", path="call", escalate_to="manager", timeout_hours=48
        ),
        audit_events=["pa.requested"],
    )
    return HandoffPlan(
        request=request,
        workflow="prior_auth",
        workflow_name="Prior authorization",
        primary=part,
        supporting=[],
        human_owners=[OwnerSignOff(role="UM director", signs_off="the plan")],
        deliverable_sections=["Timeline"],
        boundaries=[boundary] * boundaries,
        workstreams=[],
        decision=None,
        sources_to_verify=["payer policy"],
        citations=[],
        audit_events=["plan.created"],
        phi_reminder="Use an approved environment." if reminder else None,
        confidence=0.8,
    )


def _turn(**fields) -> TurnResult:
    base = dict(
        thread_id="t",
        request="r",
        phi_detected=False,
        assignment=None,
        plan=None,
        clarification=None,
    )
    return TurnResult(**{**base, **fields})


def _within_limits(answer: SlackAnswer) -> None:
    assert 1 <= len(answer.messages) <= MAX_MESSAGES_PER_ANSWER
    for message in answer.messages:
        assert len(message.blocks) <= MAX_MESSAGE_BLOCKS
        for block in message.blocks:
            assert len(block.get("text", {}).get("text", "")) <= MAX_SECTION_TEXT
        assert "PERSON" not in message.text  # the notification text never carries the request


@pytest.mark.parametrize("boundaries", [1, 200])
def test_a_plan_is_answered_folded_with_where_it_stands_and_a_full_plan_button(
    boundaries: int,
) -> None:
    now = NowSection(lines=["Escalate now to the <PERSON_1> team lead."])
    plan = _plan(boundaries).model_copy(update={"now": now})
    result = _turn(plan=plan, phi_detected=True)
    answer = answer_for_turn(result, SAME, requester="U1", thread_ts="1.2")
    _within_limits(answer)
    assert len(answer.messages) == 1 and answer.file is None  # however long the plan
    text = json.dumps(answer.messages[0].blocks)
    assert "&lt;PERSON_1&gt;" in text and "<PERSON_1>" not in text
    assert "*Now*" in text and "Escalate now to the &lt;PERSON_1&gt; team lead." in text
    assert text.count("PHI reminder") == 1
    for folded in ("Who does what", "Handoffs", "Sources to verify", "Audit trail"):
        assert folded not in text
    [unfold] = [b for b in answer.messages[0].blocks if b.get("block_id") == "plan_full"]
    [button_] = unfold["elements"]
    assert button_["text"]["text"] == "Show full plan" and button_["action_id"] == "plan:full"
    assert read_value(button_["value"]) == {"t": "1.2", "k": answer_key(result)}


@pytest.mark.parametrize("boundaries", [1, 10, 60, 200])
def test_every_full_plan_fits_slacks_limits_or_becomes_a_file(boundaries: int) -> None:
    answer = full_plan_answer(_plan(boundaries), SAME, "sent to the UM director")
    _within_limits(answer)
    text = json.dumps([m.blocks for m in answer.messages])
    if boundaries == 200:  # too long even split: a note and the whole plan as a file
        assert answer.file is not None and "# Handoff plan" in answer.file.content
        assert "**Decision:** sent to the UM director" in answer.file.content
    else:
        assert answer.file is None
        assert "Who does what" in text and "Payer follow-up" in text and "Audit trail" in text
    if boundaries == 40:  # split over messages
        assert len(answer.messages) >= 2


def test_the_author_sees_their_own_words_only_through_show() -> None:
    reveal = lambda text: text.replace("<PERSON_1>", "Maria Gonzalez")  # noqa: E731
    answer = answer_for_turn(_turn(plan=_plan(1)), reveal, requester="U1", thread_ts="1.2")
    assert "Maria Gonzalez" in json.dumps(answer.messages[0].blocks)


def test_a_clarifying_question_has_one_button_per_option() -> None:
    options = [
        AgentPart(agent=f"a{n}", display_name=f"Agent {n}", contributes="x") for n in range(3)
    ]
    blocks = clarify_blocks(ClarifyingQuestion(question="Which one?", options=options), SAME, "1.2")
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["clarify:1", "clarify:2", "clarify:3"]
    assert read_value(actions["elements"][1]["value"]) == {"n": 2, "t": "1.2"}


def test_a_confirmation_has_yes_and_no_for_its_author_and_a_phi_reminder_when_due() -> None:
    confirmation = ConfirmationRequest(
        question="Log 25 min for <MRN_1>? (yes / no)", warning="long"
    )
    answer = answer_for_turn(
        _turn(confirmation=confirmation, phi_detected=True), SAME, requester="UANA", thread_ts="1.2"
    )
    blocks = answer.messages[0].blocks
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert [read_value(e["value"])["a"] for e in actions["elements"]] == ["yes", "no"]
    assert all(read_value(e["value"])["u"] == "UANA" for e in actions["elements"])
    assert "(yes / no)" not in json.dumps(blocks) and "PHI reminder" in json.dumps(blocks)


def test_an_action_outcome_lists_its_lines() -> None:
    outcome = ActionOutcome(status="refused", message="no", lines=["a <MRN_1>"], rule="x")
    answer = answer_for_turn(
        _turn(action=outcome, notice="cancelled"), SAME, requester="U", thread_ts="1"
    )
    text = json.dumps(answer.messages[0].blocks)
    assert ":no_entry:" in text and "&lt;MRN_1&gt;" in text and "cancelled" in text


def _decision(**fields) -> DecisionView:
    base = dict(
        id=7,
        thread_id="slack-x",
        kind="billing",
        question="Write off <ACCOUNT_NUMBER_1>?",
        options=("approve", "reject"),
        evidence="Denied twice",
        arguments={"amount_usd": 120, "note": "x"},
        owner_role="Revenue cycle director",
        owner_staff_id=3,
        requester_id=1,
        patient_id=None,
        case_id=None,
        status="pending",
        urgency="due_soon",
        due_at=datetime(2026, 10, 15, 9, 0, tzinfo=UTC),
        created_at=datetime(2026, 10, 14, 9, 0, tzinfo=UTC),
        decided_by=None,
        decided_at=None,
        comment="",
        edited_arguments=None,
        result=None,
        escalation_level=0,
    )
    return DecisionView(**{**base, **fields})


def _words(view: DecisionView, reader: Actor | None = None) -> DecisionWords:
    return describe_decision(view, reader, FACTS, view.created_at)


def test_a_decision_request_offers_its_four_answers_with_small_values() -> None:
    view = _decision()
    blocks = decision_request_blocks(view, _words(view))
    ids = [
        e["action_id"] for b in blocks for e in b.get("elements", []) if e.get("type") == "button"
    ]
    assert ids == ["decision:approve", "decision:reject", "decision:edit", "decision:respond"]
    assert "&lt;ACCOUNT_NUMBER_1&gt;" in json.dumps(blocks)
    no_arguments = _decision(arguments={})
    assert "decision:edit" not in json.dumps(
        decision_request_blocks(no_arguments, _words(no_arguments))
    )


def test_a_time_entry_is_shown_in_plain_words_with_the_chart_code_for_its_owner() -> None:
    entry = _decision(
        kind="time_entry.over_average",
        arguments=dict(ENTRY),
        owner_role="North team supervisor",
        owner_staff_id=MICHELE,
        requester_id=CAROLYN,
        patient_id=131,
    )
    owner = Actor(MICHELE, "Michele Holmes", Role.SUPERVISOR, "North")
    blocks = decision_request_blocks(entry, _words(entry, owner), editable=ENTRY.keys())
    text = json.dumps(blocks)
    assert blocks[0]["text"]["text"] == "Decision needed: Time entry over twice the usual (#7)"
    assert "70 min of 'Care Coordination: General' on Fri 4 Dec 2026" in text
    assert "Carolyn Jimenez (care coordinator, North team)" in text
    assert "Michele Holmes (North team supervisor)" in text and "ZK1130" in text
    assert "signed off by the coordinator's team supervisor" in text
    for internal in ("coordinator_id", "patient_id", "time_entry.over_average", "patient 131"):
        assert internal not in text
    stranger = Actor(SOUTHY, "Sam South", Role.SUPERVISOR, "South")
    elsewhere = json.dumps(decision_request_blocks(entry, _words(entry, stranger)))
    assert "ZK1130" not in elsewhere and "a patient on Carolyn Jimenez's panel" in elsewhere
    edit = edit_modal(entry, _words(entry, owner), "D1", "1.2", editable=("minutes", "task_date"))
    labels = [b["label"]["text"] for b in edit["blocks"] if b["type"] == "input"]
    assert labels == ["Minutes", "Date (YYYY-MM-DD)", "Comment (optional)"]


def test_an_answered_decision_says_who_and_drops_the_buttons() -> None:
    decided = _decision(
        status="rejected",
        decided_by=3,
        decided_at=datetime(2026, 10, 14, 16, 0, tzinfo=UTC),
        comment="no <PERSON_1>",
    )
    text = json.dumps(decision_answered_blocks(decided, "<@USUE>", _words(decided)))
    assert "Rejected by <@USUE> on 2026-10-14 16:00 UTC" in text
    assert "decision:approve" not in text and "&lt;PERSON_1&gt;" in text


def test_modals_fit_their_limits() -> None:
    view = _decision()
    words = _words(view)
    modal = comment_modal(view, words, "reject", "D1", "1.2")
    assert len(modal["title"]["text"]) <= 24 and len(modal["private_metadata"]) <= 3000
    with pytest.raises(ValueError):
        comment_modal(view, words, "approve", "D1", "1.2")
    edit = edit_modal(view, words, "D1", "1.2")
    assert [b["block_id"] for b in edit["blocks"] if b["type"] == "input"] == [
        "arg:amount_usd",
        "arg:note",
        "comment",
    ]


@pytest.mark.parametrize(
    ("arguments", "submitted", "changed"),
    [
        ({"n": 1}, {"n": "1"}, {}),
        ({"n": 1}, {"n": "2"}, {"n": 2}),
        ({"x": 1.5}, {"x": "2.25"}, {"x": 2.25}),
        ({"b": True}, {"b": "no"}, {"b": False}),
        ({"s": "a"}, {"s": " b "}, {"s": "b"}),
        ({"l": [1]}, {"l": "[1, 2]"}, {"l": [1, 2]}),
        ({"n": 1}, {"other": "3"}, {}),
    ],
)
def test_edited_arguments_keep_their_types(arguments: dict, submitted: dict, changed: dict) -> None:
    assert edited_arguments(arguments, submitted) == changed


@pytest.mark.parametrize(
    ("arguments", "submitted"),
    [({"n": 1}, {"n": "one"}), ({"b": True}, {"b": "maybe"}), ({"l": [1]}, {"l": "nope"})],
)
def test_edited_arguments_name_the_field_that_does_not_parse(
    arguments: dict, submitted: dict
) -> None:
    with pytest.raises(ArgumentError) as bad:
        edited_arguments(arguments, submitted)
    assert bad.value.name == next(iter(arguments))


def test_the_task_modal_groups_types_and_caps_the_options() -> None:
    types = [TaskTypeView(f"T{n}", f"Cat {n // 30}", 10, None) for n in range(130)]
    groups = task_type_groups(types)
    assert sum(len(g["options"]) for g in groups) == 100
    assert [g["label"]["text"] for g in groups] == ["Cat 0", "Cat 1", "Cat 2", "Cat 3"]
    modal = task_log_modal([PatientChoice(1, "ZK1029")], types, date(2026, 10, 14))
    assert len(modal["blocks"]) <= 100 and len(modal["title"]["text"]) <= 24
    many = [PatientChoice(n, f"QX{n:04d}") for n in range(101)]
    picker = task_log_modal(many, types, date(2026, 10, 14))["blocks"][0]["element"]
    assert picker["type"] == "external_select"
