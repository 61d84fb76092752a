"""Feedback buttons under answers, and the "not helpful" modal's submission.

"Helpful" is recorded in the background and thanked privately; "Not helpful" opens the
modal at once (its trigger id lasts 3 s) and records the verdict when it is sent, before
acknowledging, so a refusal shows next to its field.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.blocks.feedback import (
    AGENT_ACTION,
    AGENT_BLOCK,
    COMMENT_ACTION,
    COMMENT_BLOCK,
    FEEDBACK_ACTION,
    FEEDBACK_VIEW,
    HELPFUL,
    feedback_modal,
    thanks_note,
)
from bot.slack.blocks.limits import read_value
from bot.slack.blocks.notices import UNKNOWN_USER
from bot.slack.deps import SlackDeps
from bot.slack.errors import friendly_failure, log_incident
from bot.slack.identity import identify
from bot.slack.posting import post_private_note
from bot.slack.threads import graph_thread_id
from graph.feedback import agents_by_division, give_feedback
from tools.errors import ToolError
from tools.feedback.service import Verdict

MAX_ERROR_CHARS = 300


def _where(body: dict[str, Any]) -> str:
    container = body.get("container") or {}
    return str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")


def _record_helpful(deps: SlackDeps, user: str, team: str, channel: str, value: dict) -> None:
    thread_ts = str(value.get("t") or "")
    try:
        actor = identify(deps.records, user, "feedback")
        if actor is None:
            post_private_note(deps.client, channel, user, UNKNOWN_USER, thread_ts)
            return
        thread = graph_thread_id(team, channel, thread_ts)
        answer = str(value.get("k") or "")
        recorded = give_feedback(deps.engine, deps.records, actor, thread, Verdict(True), answer)
        note = thanks_note(recorded.correction_id)
    except ToolError as refused:
        note = f"Not recorded: {refused}"
    except Exception:  # noqa: BLE001 - never silence
        note = friendly_failure(log_incident("slack feedback"))
    post_private_note(deps.client, channel, user, note, thread_ts)


def _open_details(deps: SlackDeps, client: WebClient, body: dict, value: dict) -> None:
    channel, team = _where(body), str((body.get("team") or {}).get("id") or "")
    thread_ts = str(value.get("t") or "")
    result = deps.engine.thread_result(graph_thread_id(team, channel, thread_ts))
    chosen = result.assignment.primary_agent if result and result.assignment else None
    metadata = {"c": channel, "t": thread_ts, "k": str(value.get("k") or ""), "m": team}
    modal = feedback_modal(agents_by_division(deps.engine.catalog), chosen, metadata)
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def register(app: App, deps: SlackDeps) -> None:
    @app.action(FEEDBACK_ACTION)
    def on_feedback(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        value = read_value(action.get("value"))
        user, channel = str(body["user"]["id"]), _where(body)
        team = str((body.get("team") or {}).get("id") or "")
        if value.get("v") == HELPFUL:
            deps.work.submit(_record_helpful, deps, user, team, channel, value)
            return
        try:
            _open_details(deps, client, body, value)
        except Exception:  # noqa: BLE001 - never silence
            incident = log_incident("slack feedback modal")
            post_private_note(client, channel, user, friendly_failure(incident))

    @app.view(FEEDBACK_VIEW)
    def on_feedback_details(ack: Ack, body: dict[str, Any]) -> None:
        user = str(body["user"]["id"])
        view = body.get("view") or {}
        meta = read_value(view.get("private_metadata"))
        values = (view.get("state") or {}).get("values") or {}
        picked = ((values.get(AGENT_BLOCK) or {}).get(AGENT_ACTION) or {}).get("selected_option")
        comment = ((values.get(COMMENT_BLOCK) or {}).get(COMMENT_ACTION) or {}).get("value")
        channel, thread_ts = str(meta.get("c") or ""), str(meta.get("t") or "")
        try:
            actor = identify(deps.records, user, "feedback")
            if actor is None:
                ack(
                    response_action="errors", errors={COMMENT_BLOCK: UNKNOWN_USER[:MAX_ERROR_CHARS]}
                )
                return
            verdict = Verdict(False, (picked or {}).get("value") or None, str(comment or ""))
            thread = graph_thread_id(str(meta.get("m") or ""), channel, thread_ts)
            recorded = give_feedback(
                deps.engine, deps.records, actor, thread, verdict, str(meta.get("k") or "")
            )
        except ToolError as refused:
            block = AGENT_BLOCK if refused.field == "corrected_agent" else COMMENT_BLOCK
            ack(response_action="errors", errors={block: str(refused)[:MAX_ERROR_CHARS]})
            return
        except Exception:  # noqa: BLE001 - never silence
            incident = log_incident("slack feedback details")
            ack(
                response_action="errors",
                errors={COMMENT_BLOCK: friendly_failure(incident)[:MAX_ERROR_CHARS]},
            )
            return
        ack()
        note = thanks_note(recorded.correction_id)
        deps.work.submit(post_private_note, deps.client, channel, user, note, thread_ts)
