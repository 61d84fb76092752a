"""Modal submissions: a time entry, and a decision answer with a comment or changes.

Slack shows errors next to a modal's fields only in the acknowledgement, so these
listeners run the tool call before acknowledging (a store write: milliseconds) and leave
only the announcements to the background pool.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.slack.approvals import (
    DecisionMessage,
    announce_in_background,
    editable_for,
    record_answer,
)
from bot.slack.blocks.decisions import (
    COMMENT_VIEW,
    EDIT_VIEW,
    ArgumentError,
    argument_block_id,
    editable_names,
    edited_arguments,
)
from bot.slack.blocks.limits import read_value, sections, truncate
from bot.slack.blocks.notices import UNKNOWN_USER
from bot.slack.blocks.tasks import LOG_VIEW, PATIENT, task_logged_view
from bot.slack.deps import SlackDeps
from bot.slack.errors import friendly_failure, log_incident
from bot.slack.identity import identify
from bot.slack.posting import post_blocks
from bot.slack.task_entry import read_submission, submit_entry
from tools.decision_requests.service import get_decision
from tools.errors import ToolError
from tools.tasks.recording import SentForSignOff, logged_message

MAX_ERROR_CHARS = 300


def _values(body: dict[str, Any]) -> dict[str, Any]:
    return ((body.get("view") or {}).get("state") or {}).get("values") or {}


def _text(values: dict[str, Any], block: str, action: str) -> str:
    return str(((values.get(block) or {}).get(action) or {}).get("value") or "")


def _failed(ack: Ack, block: str, what: str) -> None:
    ack(
        response_action="errors",
        errors={block: friendly_failure(log_incident(what))[:MAX_ERROR_CHARS]},
    )


def register(app: App, deps: SlackDeps) -> None:
    @app.view(LOG_VIEW)
    def on_task_log(ack: Ack, body: dict[str, Any]) -> None:
        user = str(body["user"]["id"])
        try:
            actor = identify(deps.records, user, "view.task_log")
            if actor is None:
                ack(response_action="errors", errors={PATIENT: UNKNOWN_USER[:MAX_ERROR_CHARS]})
                return
            outcome = submit_entry(deps, actor, read_submission(_values(body)))
        except Exception:  # noqa: BLE001 - never silence
            _failed(ack, PATIENT, "slack task entry")
            return
        if isinstance(outcome, dict):
            ack(response_action="errors", errors=outcome)
            return
        if isinstance(outcome, SentForSignOff):
            message, waiting = outcome.message, True
        else:
            message, waiting = logged_message(outcome), False
        ack(response_action="update", view=task_logged_view(message, waiting=waiting))
        # A copy in the coordinator's DM with Baton: only they read it.
        deps.work.submit(
            post_blocks, deps.client, user, "Time logged", sections(f":white_check_mark: {message}")
        )

    @app.view(COMMENT_VIEW)
    def on_comment(ack: Ack, body: dict[str, Any]) -> None:
        user = str(body["user"]["id"])
        meta = read_value(body["view"].get("private_metadata"))
        decision_id, answer = int(meta.get("d", 0)), str(meta.get("a", ""))
        try:
            actor = identify(deps.records, user, f"decision.{answer}", str(decision_id))
            if actor is None:
                ack(response_action="errors", errors={"comment": UNKNOWN_USER[:MAX_ERROR_CHARS]})
                return
            comment = _text(_values(body), "comment", "comment")
            try:
                view = record_answer(deps, actor, decision_id, answer, comment=comment)
            except ToolError as refused:
                ack(
                    response_action="errors",
                    errors={"comment": truncate(str(refused), MAX_ERROR_CHARS)},
                )
                return
        except Exception:  # noqa: BLE001 - never silence
            _failed(ack, "comment", "slack decision comment")
            return
        ack()
        dm = DecisionMessage(str(meta.get("c")), str(meta.get("ts"))) if meta.get("ts") else None
        deps.work.submit(announce_in_background, deps, view, user, dm)

    @app.view(EDIT_VIEW)
    def on_edit(ack: Ack, body: dict[str, Any]) -> None:
        user = str(body["user"]["id"])
        meta = read_value(body["view"].get("private_metadata"))
        decision_id = int(meta.get("d", 0))
        values = _values(body)
        try:
            actor = identify(deps.records, user, "decision.edit", str(decision_id))
            if actor is None:
                ack(response_action="errors", errors={"comment": UNKNOWN_USER[:MAX_ERROR_CHARS]})
                return
            request = get_decision(deps.records, actor, decision_id)
            current = request.final_arguments()
            names = editable_names(request, editable_for(request))
            submitted = {name: _text(values, argument_block_id(name), "value") for name in names}
            first = argument_block_id(names[0]) if names else "comment"
            try:
                edited = edited_arguments(current, submitted)
            except ArgumentError as bad:
                ack(response_action="errors", errors={argument_block_id(bad.name): str(bad)})
                return
            if not edited:
                ack(
                    response_action="errors",
                    errors={first: "Change at least one value, or use Approve."},
                )
                return
            comment = _text(values, "comment", "comment")
            try:
                view = record_answer(
                    deps, actor, decision_id, "edit", comment=comment, edited=edited
                )
            except ToolError as refused:
                ack(
                    response_action="errors",
                    errors={first: truncate(str(refused), MAX_ERROR_CHARS)},
                )
                return
        except Exception:  # noqa: BLE001 - never silence
            _failed(ack, "comment", "slack decision edit")
            return
        ack()
        dm = DecisionMessage(str(meta.get("c")), str(meta.get("ts"))) if meta.get("ts") else None
        deps.work.submit(announce_in_background, deps, view, user, dm)
