"""Buttons and menus: decision answers, clarifying choices, yes/no confirmations, a
folded plan's "Show full plan", and the patient picker's search."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.approvals import DecisionMessage, answer_clicked, editable_for, words_for
from bot.slack.blocks.decisions import comment_modal, edit_modal
from bot.slack.blocks.limits import context, escape, read_value
from bot.slack.blocks.notices import ONLY_REQUESTER, UNKNOWN_USER
from bot.slack.blocks.plans import FULL_PLAN_ACTION, FULL_PLAN_BLOCK
from bot.slack.blocks.tasks import PATIENT, patient_options
from bot.slack.conversation import SlackTurn, submit_turn
from bot.slack.deps import SlackDeps
from bot.slack.errors import friendly_failure, log_incident
from bot.slack.full_plan import FullPlanClick, post_full_plan
from bot.slack.identity import identify
from bot.slack.posting import post_private_note
from bot.slack.task_entry import my_patients
from bot.slack.threads import graph_thread_id
from tools.access import Role
from tools.decision_requests.service import get_decision
from tools.errors import ToolError

DECISION = re.compile(r"^decision:(approve|reject|edit|respond)$")
CLARIFY = re.compile(r"^clarify:\d+$")
CONFIRM = re.compile(r"^confirm:(yes|no)$")
FULL_PLAN = re.compile(f"^{re.escape(FULL_PLAN_ACTION)}$")


def _where(body: dict[str, Any]) -> tuple[str, str]:
    """The channel and timestamp of the message whose button was clicked."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return str(channel), str(ts)


def _settle_buttons(client: WebClient, body: dict[str, Any], block_id: str, note: str) -> None:
    """Replace the clicked buttons by a note, so the choice is visible and not clicked twice."""
    message = body.get("message") or {}
    channel, ts = _where(body)
    blocks = [
        context(note) if block.get("block_id") == block_id else block
        for block in message.get("blocks") or []
    ]
    client.chat_update(channel=channel, ts=ts, text=message.get("text") or "Baton", blocks=blocks)


def _turn_for_click(deps: SlackDeps, body: dict[str, Any], thread_ts: str, text: str) -> SlackTurn:
    channel, _ = _where(body)
    team = str((body.get("team") or {}).get("id") or "")
    link = deps.store.thread_link(graph_thread_id(team, channel, thread_ts))
    return SlackTurn(
        team_id=team,
        channel_id=channel,
        thread_ts=thread_ts,
        user_id=str(body["user"]["id"]),
        text=text,
        kind="button",
        private=link.private if link else channel.startswith("D"),
    )


def open_decision_modal(
    deps: SlackDeps, client: WebClient, body: dict[str, Any], answer: str, decision_id: int
) -> None:
    """Reject, Respond or Edit: a modal (opened at once: its trigger id lasts 3 s)."""
    user = str(body["user"]["id"])
    channel, ts = _where(body)
    actor = identify(deps.records, user, f"decision.{answer}.open", str(decision_id))
    if actor is None:
        post_private_note(client, channel, user, UNKNOWN_USER)
        return
    try:
        view = get_decision(deps.records, actor, decision_id)
    except ToolError as refused:
        post_private_note(client, channel, user, f"Not available: {refused}")
        return
    words = words_for(deps, view, actor)
    modal = (
        edit_modal(view, words, channel, ts, editable_for(view))
        if answer == "edit"
        else comment_modal(view, words, answer, channel, ts)
    )
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def register(app: App, deps: SlackDeps) -> None:
    @app.action(DECISION)
    def on_decision(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        # Bolt calls this listener only for action ids that DECISION matches.
        answer = DECISION.match(action["action_id"]).group(1)  # type: ignore[union-attr]
        decision_id = int(read_value(action.get("value")).get("d", 0))
        channel, ts = _where(body)
        if answer == "approve":
            user = str(body["user"]["id"])
            deps.work.submit(
                answer_clicked, deps, user, decision_id, answer, DecisionMessage(channel, ts)
            )
            return
        try:
            open_decision_modal(deps, client, body, answer, decision_id)
        except Exception:  # noqa: BLE001 - never silence
            incident = log_incident("slack decision modal")
            post_private_note(client, channel, str(body["user"]["id"]), friendly_failure(incident))

    @app.action(CLARIFY)
    def on_clarify(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        value = read_value(action.get("value"))
        choice, thread_ts = int(value.get("n", 0)), str(value.get("t") or "")
        user = str(body["user"]["id"])
        label = escape(((action.get("text") or {}).get("text")) or f"option {choice}")
        _settle_buttons(client, body, "clarify", f"<@{user}> chose *{label}*")
        submit_turn(deps, _turn_for_click(deps, body, thread_ts, str(choice)))

    @app.action(CONFIRM)
    def on_confirm(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        value = read_value(action.get("value"))
        user = str(body["user"]["id"])
        if value.get("u") != user:
            channel, _ = _where(body)
            post_private_note(client, channel, user, ONLY_REQUESTER, str(value.get("t") or ""))
            return
        answer = "yes" if value.get("a") == "yes" else "no"
        _settle_buttons(client, body, "confirm", f"<@{user}> answered *{answer}*")
        submit_turn(deps, _turn_for_click(deps, body, str(value.get("t") or ""), answer))

    @app.action(FULL_PLAN)
    def on_full_plan(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        value = read_value(action.get("value"))
        channel, _ = _where(body)
        user = str(body["user"]["id"])
        click = FullPlanClick(
            team_id=str((body.get("team") or {}).get("id") or ""),
            channel_id=channel,
            thread_ts=str(value.get("t") or ""),
            user_id=user,
            answer=str(value.get("k") or ""),
        )

        def unfold() -> None:
            if post_full_plan(deps, click):  # the button goes, so it is not posted twice
                note = f"<@{user}> asked for the full plan: it is posted below in this thread."
                _settle_buttons(client, body, FULL_PLAN_BLOCK, note)

        deps.work.submit(unfold)

    @app.options(PATIENT)
    def on_patient_search(ack: Ack, body: dict[str, Any]) -> None:
        actor = identify(deps.records, str(body["user"]["id"]), "task_log.search")
        if actor is None or actor.role is not Role.COORDINATOR:
            ack(options=[])
            return
        ack(options=patient_options(my_patients(deps, actor), str(body.get("value") or "")))
