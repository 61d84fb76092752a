"""Slash commands: /baton asks (answered in a DM thread), /baton-log opens the
time-entry modal, /baton-tasks shows today's tasks and this month's minutes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.blocks.limits import sections
from bot.slack.blocks.notices import NOT_A_COORDINATOR, UNKNOWN_USER
from bot.slack.conversation import SlackTurn, run_turn
from bot.slack.deps import SlackDeps
from bot.slack.errors import friendly_failure, log_incident
from bot.slack.identity import identify
from bot.slack.posting import post_blocks, respond_privately
from bot.slack.task_entry import log_modal_for, tasks_summary
from tools.access import Role

COMMANDS = ("/baton", "/baton-log", "/baton-tasks")
USAGE = "Tell me what you need, e.g. `/baton prior auth for an MRI pending nine days`."
WORKING = "Working on it: I will answer in our direct messages."


def ask_in_dm(deps: SlackDeps, body: dict[str, Any]) -> None:
    """/baton TEXT: a new thread in the user's DM with Baton, answered there."""
    user, response_url = str(body["user_id"]), str(body.get("response_url") or "")
    try:
        actor = identify(deps.records, user, "command.baton")
        if actor is None:
            respond_privately(response_url, UNKNOWN_USER)
            return
        opened = post_blocks(
            deps.client,
            user,  # a user id posts into the app's DM with that user
            "Your /baton request",
            sections(":speech_balloon: Your `/baton` request: my answer is in this thread."),
        )
        turn = SlackTurn(
            team_id=str(body.get("team_id") or ""),
            channel_id=str(opened["channel"]),
            thread_ts=str(opened["ts"]),
            user_id=user,
            text=str(body.get("text") or ""),
            kind="command",
            private=True,
        )
        run_turn(deps, turn, actor)
    except Exception:  # noqa: BLE001 - never silence
        respond_privately(response_url, friendly_failure(log_incident("slack /baton")))


def show_tasks(deps: SlackDeps, body: dict[str, Any]) -> None:
    user, response_url = str(body["user_id"]), str(body.get("response_url") or "")
    try:
        actor = identify(deps.records, user, "command.baton-tasks")
        if actor is None:
            respond_privately(response_url, UNKNOWN_USER)
            return
        if actor.role is Role.AUDITOR:
            respond_privately(response_url, "Task lists are for coordinators and supervisors.")
            return
        respond_privately(response_url, "Today's tasks", tasks_summary(deps, actor))
    except Exception:  # noqa: BLE001 - never silence
        respond_privately(response_url, friendly_failure(log_incident("slack /baton-tasks")))


def register(app: App, deps: SlackDeps) -> None:
    @app.command("/baton")
    def on_baton(ack: Ack, body: dict[str, Any]) -> None:
        if not str(body.get("text") or "").strip():
            ack(text=USAGE)
            return
        ack(text=WORKING)
        deps.work.submit(ask_in_dm, deps, body)

    @app.command("/baton-log")
    def on_log(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        # The modal must open within 3 s of the command (its trigger id expires), so
        # this runs here rather than behind the turn queue.
        response_url = str(body.get("response_url") or "")
        try:
            actor = identify(deps.records, str(body["user_id"]), "command.baton-log")
            if actor is None:
                respond_privately(response_url, UNKNOWN_USER)
                return
            if actor.role is not Role.COORDINATOR:
                respond_privately(response_url, NOT_A_COORDINATOR.format(role=actor.role))
                return
            client.views_open(trigger_id=body["trigger_id"], view=log_modal_for(deps, actor))
        except Exception:  # noqa: BLE001 - never silence
            respond_privately(response_url, friendly_failure(log_incident("slack /baton-log")))

    @app.command("/baton-tasks")
    def on_tasks(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        deps.work.submit(show_tasks, deps, body)
