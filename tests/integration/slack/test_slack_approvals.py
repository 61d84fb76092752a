"""Decision requests answered from Slack: DM, click, graph resumed, message updated,
the requester's thread told."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bot.slack.approvals import send_decision_request
from bot.slack.store import ThreadLink
from bot.slack.threads import graph_thread_id
from tests.fakes.slack_api import TEAM_ID
from tests.fakes.slack_requests import block_action, mention, view_submission
from tools.decisions.service import get_decision, list_decisions, open_decision
from tools.staff import actor_for
from tools.store.models import AuditEvent

OWNER_ROLE = "Revenue cycle director"  # the conftest names Sue its owner
WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."


def _button(message: dict, action_id: str) -> dict:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} button")


def _click(slack, user: str, dm: dict, action_id: str) -> None:  # noqa: ANN001
    button = _button(dm, action_id)
    channel = "D" + dm["channel"][1:]
    slack.interaction(
        block_action(user, action_id, button["value"], channel, "1700000000.9", dm["blocks"])
    )


def _opened_directly(slack, thread_ts: str, arguments: dict | None = None):  # noqa: ANN001, ANN202
    """A request as the graph would open it, in a Slack thread Baton answered in."""
    thread_id = graph_thread_id(TEAM_ID, "C0CARE", thread_ts)
    slack.app.deps.store.link_thread(
        ThreadLink(thread_id, TEAM_ID, "C0CARE", thread_ts, "UANA", slack.staff["ana"], False)
    )
    ana = actor_for(slack.records, slack.staff["ana"], "slack")
    return open_decision(
        slack.records,
        ana,
        kind="billing",
        question="Write off the <ACCOUNT_NUMBER_1> balance of $120?",
        owner_role=OWNER_ROLE,
        due_in=timedelta(hours=24),
        evidence="Denied twice for timely filing.\nAppeal window closed.",
        arguments=arguments or {},
        thread_id=thread_id,
    )


def test_approve_resumes_the_graph_updates_the_dm_and_tells_the_requester(slack) -> None:
    slack.event(mention("UANA", WRITE_OFF, ts="1700000700.000100"))
    [plan] = slack.fake.wait_for("chat.postMessage")
    assert "decision request #" in json.dumps(plan["blocks"])
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    [request] = list_decisions(slack.records, sue)
    assert request.thread_id == graph_thread_id(TEAM_ID, "C0CARE", "1700000700.000100")

    sent = send_decision_request(slack.app.deps, request.id, "USUE")
    assert sent.channel_id == "DSUE"
    _, dm = slack.fake.wait_for("chat.postMessage", 2)
    assert dm["channel"] == "USUE"
    assert {"decision:approve", "decision:reject", "decision:respond"} <= {
        e.get("action_id") for b in dm["blocks"] for e in b.get("elements", [])
    }
    assert "Hargrove" not in json.dumps(dm)

    _click(slack, "UBEN", dm, "decision:approve")  # not the owner
    [refusal] = slack.fake.wait_for("chat.postEphemeral")
    assert refusal["user"] == "UBEN" and "not recorded" in refusal["text"]
    assert get_decision(slack.records, sue, request.id).status == "pending"

    _click(slack, "USUE", dm, "decision:approve")
    [updated] = slack.fake.wait_for("chat.update")
    text = json.dumps(updated["blocks"])
    assert "Approved by <@USUE>" in text and "decision:approve" not in text
    outcome = slack.fake.wait_for("chat.postMessage", 3)[2]
    assert (outcome["channel"], outcome["thread_ts"]) == ("C0CARE", "1700000700.000100")
    assert "approved" in json.dumps(outcome["blocks"]).lower()
    assert get_decision(slack.records, sue, request.id).status == "approved"
    config = {"configurable": {"thread_id": request.thread_id}}
    assert not slack.engine.graph.get_state(config).interrupts  # the graph went on
    slack.settle()
    with slack.records.db.reading() as session:
        denied = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "decision.approve", AuditEvent.outcome == "denied"
            )
        ).all()
    assert [e.actor_id for e in denied] == [slack.staff["ben"]]


def test_reject_needs_a_comment_shown_inline_then_the_thread_hears_why(slack) -> None:
    request = _opened_directly(slack, "1700000800.000100")
    send_decision_request(slack.app.deps, request.id, "USUE")
    [dm] = slack.fake.wait_for("chat.postMessage")
    _click(slack, "USUE", dm, "decision:reject")
    [opened] = slack.fake.wait_for("views.open")
    modal = opened["view"]
    assert modal["callback_id"] == "decision_comment"
    empty = {"comment": {"comment": {"type": "plain_text_input", "value": ""}}}
    refused = slack.interaction(view_submission("USUE", modal, empty)).json()
    assert refused == {
        "response_action": "errors",
        "errors": {"comment": "a rejection needs a comment"},
    }
    why = {
        "comment": {
            "comment": {"type": "plain_text_input", "value": "Appeal first, call Maria Gonzalez"}
        }
    }
    assert slack.interaction(view_submission("USUE", modal, why)).status_code == 200
    [updated] = slack.fake.wait_for("chat.update")
    assert "Rejected by <@USUE>" in json.dumps(updated["blocks"])
    _, outcome = slack.fake.wait_for("chat.postMessage", 2)
    assert outcome["thread_ts"] == "1700000800.000100"
    text = json.dumps(outcome["blocks"])
    assert "Appeal first" in text and "Maria" not in text  # the comment was redacted


def test_edit_changes_arguments_and_approves(slack) -> None:
    request = _opened_directly(slack, "1700000900.000100", {"amount_usd": 120})
    send_decision_request(slack.app.deps, request.id, "USUE")
    [dm] = slack.fake.wait_for("chat.postMessage")
    _click(slack, "USUE", dm, "decision:edit")
    [opened] = slack.fake.wait_for("views.open")
    modal = opened["view"]
    same = {"arg:amount_usd": {"value": {"type": "plain_text_input", "value": "120"}}}
    unchanged = slack.interaction(view_submission("USUE", modal, same)).json()
    assert unchanged["errors"] == {"arg:amount_usd": "Change at least one value, or use Approve."}
    bad = {"arg:amount_usd": {"value": {"type": "plain_text_input", "value": "lots"}}}
    assert slack.interaction(view_submission("USUE", modal, bad)).json()["errors"] == {
        "arg:amount_usd": "amount_usd must be a whole number"
    }
    lower = {"arg:amount_usd": {"value": {"type": "plain_text_input", "value": "80"}}}
    assert slack.interaction(view_submission("USUE", modal, lower)).status_code == 200
    [updated] = slack.fake.wait_for("chat.update")
    assert "Approved with changes" in json.dumps(updated["blocks"])
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    decided = get_decision(slack.records, sue, request.id)
    assert (decided.status, decided.edited_arguments) == ("edited", {"amount_usd": 80})


def test_respond_keeps_the_request_open_and_passes_the_comment_on(slack) -> None:
    request = _opened_directly(slack, "1700001000.000100")
    send_decision_request(slack.app.deps, request.id, "USUE")
    [dm] = slack.fake.wait_for("chat.postMessage")
    _click(slack, "USUE", dm, "decision:respond")
    [opened] = slack.fake.wait_for("views.open")
    note = {"comment": {"comment": {"type": "plain_text_input", "value": "Which payer denied it?"}}}
    slack.interaction(view_submission("USUE", opened["view"], note))
    [updated] = slack.fake.wait_for("chat.update")
    assert "decision:approve" in json.dumps(updated["blocks"])  # still open: buttons stay
    _, told = slack.fake.wait_for("chat.postMessage", 2)
    assert "Which payer denied it?" in json.dumps(told["blocks"])
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    assert get_decision(slack.records, sue, request.id).status == "responded"
