"""Decision requests answered from Slack: the outbox DMs the owner, a click records the
answer, the graph resumes, the DM says who decided, the requester's thread is told."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from bot.slack.notifier import SlackNotifier
from bot.slack.threads import graph_thread_id
from tests.fakes.slack_api import TEAM_ID
from tests.fakes.slack_requests import block_action, mention, view_submission
from tools.decision_requests.service import get_decision, list_decisions, open_decision
from tools.notify import deliver_pending, queue_notification
from tools.staff import actor_for
from tools.store.models import AuditEvent
from tools.tasks.signoff import request_time_entry_signoff

OWNER_ROLE = "Revenue cycle director"  # the conftest names Sue its owner
WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."


def _deliver(slack) -> int:
    """Run the outbox once, as the run-due job does, through the Slack notifier."""
    report = deliver_pending(slack.records, SlackNotifier(slack.app.deps))
    assert report.failed == 0
    return report.delivered


def _button(message: dict, action_id: str) -> dict:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} button")


def _click(slack, user: str, dm: dict, action_id: str) -> None:
    button = _button(dm, action_id)
    channel = "D" + dm["channel"][1:]
    payload = block_action(user, action_id, button["value"], channel, "1700000000.9", dm["blocks"])
    assert slack.interaction(payload).status_code == 200


def _asked_in_channel(slack, ts: str):
    """Ana asks in a channel thread for a final decision; the graph opens the request."""
    slack.event(mention("UANA", WRITE_OFF, ts=ts))
    [plan] = slack.fake.wait_for("chat.postMessage", where=lambda p: p.get("thread_ts") == ts)
    assert "decision request #" in json.dumps(plan["blocks"])
    slack.settle()
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    [request] = list_decisions(slack.records, sue)
    assert request.thread_id == graph_thread_id(TEAM_ID, "C0CARE", ts)
    return request


def _owner_dm(slack) -> dict:
    assert _deliver(slack) >= 1
    [dm] = slack.fake.wait_for("chat.postMessage", where=lambda p: p["channel"] == "USUE")
    return dm


def test_approve_resumes_the_graph_updates_the_dm_and_tells_the_requester(slack) -> None:
    request = _asked_in_channel(slack, "1700000700.000100")
    dm = _owner_dm(slack)
    actions = {e.get("action_id") for b in dm["blocks"] for e in b.get("elements", [])}
    assert {"decision:approve", "decision:reject", "decision:respond"} <= actions
    assert "Hargrove" not in json.dumps(dm)

    _click(slack, "UBEN", dm, "decision:approve")  # not the owner
    [refusal] = slack.fake.wait_for("chat.postEphemeral")
    assert refusal["user"] == "UBEN" and "not recorded" in refusal["text"]
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    assert get_decision(slack.records, sue, request.id).status == "pending"

    _click(slack, "USUE", dm, "decision:approve")
    [updated] = slack.fake.wait_for("chat.update")
    text = json.dumps(updated["blocks"])
    assert "Approved by <@USUE>" in text and "decision:approve" not in text
    [outcome] = slack.fake.wait_for(
        "chat.postMessage", where=lambda p: "Decision #" in (p.get("text") or "")
    )
    assert (outcome["channel"], outcome["thread_ts"]) == ("C0CARE", "1700000700.000100")
    assert "approved" in json.dumps(outcome["blocks"]).lower()
    assert get_decision(slack.records, sue, request.id).status == "approved"
    config = {"configurable": {"thread_id": request.thread_id}}
    assert not slack.engine.graph.get_state(config).interrupts  # the graph went on

    slack.settle()
    _deliver(slack)  # the outbox's "decision.answered" for Ana: her thread already knows
    assert not slack.fake.calls_to("chat.postMessage", where=lambda p: p["channel"] == "UANA")
    told = slack.fake.calls_to(
        "chat.postMessage", where=lambda p: "Decision #" in (p.get("text") or "")
    )
    assert len(told) == 1
    with slack.records.db.reading() as session:
        denied = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "decision.approve", AuditEvent.outcome == "denied"
            )
        ).all()
    assert [e.actor_id for e in denied] == [slack.staff["ben"]]


def test_reject_needs_a_comment_shown_inline_then_the_thread_hears_why(slack) -> None:
    _asked_in_channel(slack, "1700000800.000100")
    dm = _owner_dm(slack)
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
    why = "Appeal first, call Maria Gonzalez"
    filled = {"comment": {"comment": {"type": "plain_text_input", "value": why}}}
    assert slack.interaction(view_submission("USUE", modal, filled)).status_code == 200
    [updated] = slack.fake.wait_for("chat.update")
    assert "Rejected by <@USUE>" in json.dumps(updated["blocks"])
    [outcome] = slack.fake.wait_for(
        "chat.postMessage", where=lambda p: "Decision #" in (p.get("text") or "")
    )
    assert outcome["thread_ts"] == "1700000800.000100"
    text = json.dumps(outcome["blocks"])
    assert "Appeal first" in text and "Maria" not in text  # the comment was redacted


def _opened_directly(slack, arguments: dict):
    ana = actor_for(slack.records, slack.staff["ana"], "slack")
    return open_decision(
        slack.records,
        ana,
        kind="billing",
        question="Write off the <ACCOUNT_NUMBER_1> balance of $120?",
        owner_role=OWNER_ROLE,
        due_in=timedelta(hours=24),
        evidence="Denied twice for timely filing.\nAppeal window closed.",
        arguments=arguments,
    )


def test_edit_changes_arguments_and_approves(slack) -> None:
    request = _opened_directly(slack, {"amount_usd": 120})
    dm = _owner_dm(slack)
    _click(slack, "USUE", dm, "decision:edit")
    [opened] = slack.fake.wait_for("views.open")
    modal = opened["view"]

    def amount(value: str) -> dict:
        return {"arg:amount_usd": {"value": {"type": "plain_text_input", "value": value}}}

    unchanged = slack.interaction(view_submission("USUE", modal, amount("120"))).json()
    assert unchanged["errors"] == {"arg:amount_usd": "Change at least one value, or use Approve."}
    bad = slack.interaction(view_submission("USUE", modal, amount("lots"))).json()
    assert bad["errors"] == {"arg:amount_usd": "amount_usd must be a whole number"}
    assert slack.interaction(view_submission("USUE", modal, amount("80"))).status_code == 200
    [updated] = slack.fake.wait_for("chat.update")
    assert "Approved with changes" in json.dumps(updated["blocks"])
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    decided = get_decision(slack.records, sue, request.id)
    assert (decided.status, decided.edited_arguments) == ("edited", {"amount_usd": 80})


def test_respond_keeps_the_request_open_and_the_requester_gets_the_comment(slack) -> None:
    request = _opened_directly(slack, {})
    dm = _owner_dm(slack)
    assert "decision:edit" not in json.dumps(dm["blocks"])  # nothing to edit
    _click(slack, "USUE", dm, "decision:respond")
    [opened] = slack.fake.wait_for("views.open")
    note = {"comment": {"comment": {"type": "plain_text_input", "value": "Which payer?"}}}
    slack.interaction(view_submission("USUE", opened["view"], note))
    [updated] = slack.fake.wait_for("chat.update")
    assert "decision:approve" in json.dumps(updated["blocks"])  # still open: buttons stay
    slack.settle()
    _deliver(slack)
    [told] = slack.fake.wait_for("chat.postMessage", where=lambda p: p["channel"] == "UANA")
    assert "Which payer?" in json.dumps(told["blocks"])
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    assert get_decision(slack.records, sue, request.id).status == "responded"


def test_handoff_nudges_and_escalations_arrive_as_dms(slack) -> None:
    with slack.records.db.transaction() as session:
        for kind, who in (
            ("handoff.nudge", "ben"),
            ("handoff.escalated", "sue"),
            ("handoff.nudge", "ada"),
        ):
            queue_notification(
                session,
                recipient_staff_id=slack.staff[who],
                kind=kind,
                subject_type="handoff",
                subject_id=4,
                text="Handoff #4 'Payer follow-up' is due at 2026-10-14 17:00 UTC",
                now=slack.records.clock.now(),
            )
    assert _deliver(slack) == 3
    sent = slack.fake.wait_for("chat.postMessage", 3)
    by_channel = {m["channel"]: json.dumps(m["blocks"]) for m in sent}
    assert "due soon" in by_channel["UBEN"] and "escalated" in by_channel["USUE"]
    assert "Payer follow-up" in by_channel["UADA"] and "handoff #4" in by_channel["UADA"]


def test_a_staff_member_without_slack_is_left_to_the_outbox_record(slack) -> None:
    from tools.access import Actor
    from tools.staff import add_staff

    offline = add_staff(slack.records, Actor.system("test"), name="Off Line", role="admin")
    with slack.records.db.transaction() as session:
        queue_notification(
            session,
            recipient_staff_id=offline.id,
            kind="handoff.nudge",
            subject_type="handoff",
            subject_id=5,
            text="Handoff #5 is due soon",
            now=slack.records.clock.now(),
        )
    assert _deliver(slack) == 1
    assert slack.fake.calls_to("chat.postMessage") == []


def test_a_sign_off_reaches_its_supervisor_in_plain_words(slack) -> None:
    ana = actor_for(slack.records, slack.staff["ana"], "slack")
    asked = request_time_entry_signoff(
        slack.records,
        ana,
        coordinator_id=ana.staff_id,
        patient="ZK1029",
        task_type="CCM: Care Plan Monthly REVIEW/CLOSE",
        minutes=90,
        task_date=date(2026, 10, 13),
    )
    dm = _owner_dm(slack)
    text = json.dumps(dm["blocks"])
    assert dm["text"] == f"Decision needed: Time entry over twice the usual (#{asked.id})"
    assert "90 min of 'CCM: Care Plan Monthly REVIEW/CLOSE' on Tue 13 Oct 2026" in text
    assert "logged for ZK1029" in text  # Sue supervises Ana's team: she may see the patient
    assert "Ana Coord (care coordinator, North team)" in text
    assert "Sue Super (North team supervisor)" in text and "usual 30 min" in text
    for internal in ("coordinator_id", "patient_id", "time_entry.over_average"):
        assert internal not in text
    _click(slack, "USUE", dm, "decision:edit")
    [opened] = slack.fake.wait_for("views.open")
    labels = [b["label"]["text"] for b in opened["view"]["blocks"] if b["type"] == "input"]
    assert "Minutes" in labels and "Date (YYYY-MM-DD)" in labels
    assert "logged for ZK1029" in json.dumps(opened["view"])
