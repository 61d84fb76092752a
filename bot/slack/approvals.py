"""Decision requests answered from Slack.

The owner's DM carries Approve / Reject / Edit / Respond. An answer is recorded by
``tools.decision_requests`` as the clicking staff member (who must be the owner, the backup or
the escalation chain; anyone else is refused and the refusal shown to them alone); the
graph thread waiting for it is resumed; the DM is updated to say who decided; and the
requester's Slack thread is told the outcome. Baton never answers a decision itself.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.slack.blocks.decisions import (
    decision_answered_blocks,
    decision_outcome_blocks,
    decision_request_blocks,
)
from bot.slack.blocks.notices import UNKNOWN_USER
from bot.slack.deps import SlackDeps
from bot.slack.errors import log_incident
from bot.slack.identity import identify
from bot.slack.posting import post_blocks, post_failure, post_private_note
from graph.results import TurnResult
from tools.access import Actor
from tools.decision_requests.actions import action_for
from tools.decision_requests.described import describe
from tools.decision_requests.service import DecisionView, answer_decision, stored_decision
from tools.decision_requests.wording import DecisionWords
from tools.errors import NotFound, ToolError
from tools.staff import actor_for, actor_for_slack

log = logging.getLogger("bot.slack")


def editable_for(view: DecisionView) -> frozenset[str] | None:
    """What the owner may change with Edit: a sign-off's editable arguments, or every
    argument of a request that carries out no action."""
    action = action_for(view.kind)
    return action.editable if action is not None else None


@dataclass(frozen=True)
class DecisionMessage:
    """Where the owner's DM about a decision request is (to update it after an answer)."""

    channel_id: str
    ts: str


def peek_decision(deps: SlackDeps, decision_id: int) -> DecisionView:
    """The request as the outbox queued it (``tools.decision_requests.service.stored_decision``)."""
    return stored_decision(deps.records, decision_id)


def words_for(deps: SlackDeps, view: DecisionView, reader: Actor | None) -> DecisionWords:
    """The request in plain words for the one person a DM or modal is for."""
    return describe(deps.records, reader, view)


def reader_of(deps: SlackDeps, *, staff_id: int | None = None, slack_id: str = "") -> Actor | None:
    """Who reads a DM, as an ``Actor`` for the wording's access check; None (no chart
    code) for someone Baton does not know as active staff."""
    try:
        if staff_id is not None:
            return actor_for(deps.records, staff_id, "slack")
        return actor_for_slack(deps.records, slack_id) if slack_id else None
    except NotFound:
        return None


def send_decision_request(
    deps: SlackDeps,
    decision_id: int,
    slack_user_id: str,
    note: str = "",
    recipient_staff_id: int | None = None,
) -> DecisionMessage:
    """DM ``slack_user_id`` (the owner) the request with its four answers."""
    view = peek_decision(deps, decision_id)
    words = words_for(deps, view, reader_of(deps, staff_id=recipient_staff_id))
    response = post_blocks(
        deps.client,
        slack_user_id,  # a user id posts into the app's DM with that user
        f"Decision needed: {words.title} (#{view.id})",
        decision_request_blocks(view, words, editable_for(view), note),
    )
    return DecisionMessage(str(response["channel"]), str(response["ts"]))


def record_answer(
    deps: SlackDeps,
    actor: Actor,
    decision_id: int,
    answer: str,
    comment: str = "",
    edited: Mapping[str, Any] | None = None,
) -> DecisionView:
    """The answer, as ``actor``; raises the tool's refusal (shown to the clicker only).

    The tool layer passes the comment and free-text changes through the PHI guard before
    it stores them, and validates the typed ones (a date stays a date).
    """
    return answer_decision(deps.records, actor, decision_id, answer, comment=comment, edited=edited)


def announce_answer(
    deps: SlackDeps,
    view: DecisionView,
    decider_slack_id: str,
    dm: DecisionMessage | None,
    resumed: TurnResult | None = None,
) -> bool:
    """After an answer: update the DM, resume the waiting thread, tell the requester."""
    decided_by = f"<@{decider_slack_id}>"
    if dm is not None:
        deps.client.chat_update(
            channel=dm.channel_id,
            ts=dm.ts,
            text=f"Decision #{view.id}: {view.status}",
            blocks=decision_answered_blocks(
                view,
                decided_by,
                words_for(deps, view, reader_of(deps, slack_id=decider_slack_id)),
                editable_for(view),
            ),
        )
    return tell_requester(deps, view, decided_by, resumed)


def tell_requester(
    deps: SlackDeps, view: DecisionView, decided_by: str, resumed: TurnResult | None = None
) -> bool:
    """Resume the thread waiting for ``view`` (unless ``resumed`` already) and tell its
    Slack thread the outcome; True when the thread lives in Slack.

    The click's flow, the outbox's decision.answered delivery and the run-due job may all
    get here; the thread is told once (``claim_decision_notice``), whoever resumed it. A
    response leaves the request open and the conversation waiting: the outbox DMs it.
    """
    if view.open or not view.thread_id:
        return False
    result = resumed or deps.engine.resume_decision(view.thread_id)
    link = deps.store.thread_link(view.thread_id)
    if link is None:
        return False  # asked on another surface: it shows the outcome there
    if not deps.store.claim_decision_notice(view.id):
        return True
    outcome = result.action.message if result is not None and result.action else None
    post_blocks(
        deps.client,
        link.channel_id,
        f"Decision #{view.id}: {view.status}",
        decision_outcome_blocks(view, decided_by, outcome),
        link.thread_ts,
    )
    return True


def answer_clicked(
    deps: SlackDeps, user_id: str, decision_id: int, answer: str, dm: DecisionMessage
) -> None:
    """An Approve click (no modal): record, then announce; refusals to the clicker only."""
    try:
        actor = identify(deps.records, user_id, f"decision.{answer}", str(decision_id))
        if actor is None:
            post_private_note(deps.client, dm.channel_id, user_id, UNKNOWN_USER)
            return
        try:
            # Records the answer as the clicker and resumes the waiting conversation.
            view, resumed = deps.engine.answer_decision(
                actor.staff_id or 0, "slack", decision_id, answer
            )
        except ToolError as refused:
            post_private_note(
                deps.client, dm.channel_id, user_id, f"Your answer was not recorded: {refused}"
            )
            return
        announce_answer(deps, view, user_id, dm, resumed)
    except Exception:  # noqa: BLE001 - never silence
        incident = log_incident("slack decision answer")
        post_failure(deps.client, dm.channel_id, incident)


def announce_in_background(
    deps: SlackDeps, view: DecisionView, user_id: str, dm: DecisionMessage | None
) -> None:
    try:
        announce_answer(deps, view, user_id, dm)
    except Exception:  # noqa: BLE001 - never silence
        incident = log_incident("slack decision announcement")
        if dm is not None:
            post_failure(deps.client, dm.channel_id, incident)
