"""Delivering the notification outbox (``tools.notify``) as Slack DMs.

``deliver`` is called by ``tools.notify.deliver_pending`` (the run-due job) for each
undelivered message. A decision request (or one escalated to a new owner) arrives with
its Approve / Reject / Edit / Respond buttons; an answered decision resumes the asker's
thread and is told there when the thread lives in Slack; nudges and escalations of
tracked handoffs arrive as plain DMs. Raising leaves the message for a later run.
"""

from __future__ import annotations

import logging

from bot.slack.approvals import peek_decision, send_decision_request, tell_requester
from bot.slack.blocks.limits import context, escape, sections
from bot.slack.deps import SlackDeps
from bot.slack.posting import post_blocks
from tools.notify import OutboxMessage

log = logging.getLogger("bot.slack.notifier")

DECIDE_KINDS = ("decision.requested", "decision.escalated")
HEADLINES = {
    "decision.answered": ":ballot_box_with_check: A decision you asked for was answered",
    "decision.overdue": ":alarm_clock: A decision request is overdue",
    "handoff.nudge": ":hourglass_flowing_sand: A handoff you hold is due soon",
    "handoff.stalled": ":warning: A handoff you hold is past its deadline",
    "handoff.escalated": ":rotating_light: A stalled handoff was escalated to you",
}


class SlackNotifier:
    """The ``tools.notify.Notifier`` for Slack: one DM per outbox message."""

    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    def deliver(self, message: OutboxMessage) -> None:
        if not message.recipient_slack_id:
            # No Slack account linked: the outbox row is the record, as with the log.
            log.info(
                "notification %s: staff %s has no Slack id", message.id, message.recipient_staff_id
            )
            return
        if message.subject_type == "decision" and message.kind in DECIDE_KINDS:
            send_decision_request(
                self.deps,
                message.subject_id,
                message.recipient_slack_id,
                note=message.text,
                recipient_staff_id=message.recipient_staff_id,
            )
            return
        if message.kind == "decision.answered" and self._told_in_thread(message):
            return
        headline = HEADLINES.get(message.kind, f"Baton: {message.kind}")
        post_blocks(
            self.deps.client,
            message.recipient_slack_id,
            headline,
            sections(f"*{escape(headline)}*\n{escape(message.text)}")
            + [context(f"{escape(message.subject_type)} #{message.subject_id}")],
        )

    def _told_in_thread(self, message: OutboxMessage) -> bool:
        """A final answer to a request asked in a Slack thread goes to that thread.

        Resuming the graph writes to the store, which must wait until this delivery's
        transaction ends: it runs in the background pool (and tells the thread once,
        whoever resumes it first).
        """
        view = peek_decision(self.deps, message.subject_id)
        if view.open or not view.thread_id or self.deps.store.thread_link(view.thread_id) is None:
            return False
        self.deps.work.submit(tell_requester, self.deps, view, f"the {escape(view.owner_role)}")
        return True
