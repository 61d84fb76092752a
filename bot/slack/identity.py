"""Who is acting on Slack: the staff member linked to the Slack user, audited.

Every request from Slack is an audit event carrying the Slack user id; an unknown or
inactive user is refused politely and the refusal is audited as denied (45 CFR
164.312(b): denied attempts are events too).
"""

from __future__ import annotations

from tools.access import Actor, Role
from tools.context import ToolContext
from tools.errors import NotFound
from tools.staff import actor_for_slack

CHANNEL = "slack"


def slack_actor_name(user_id: str) -> str:
    """How the graph and the audit trail name a Slack author (ids only, never names)."""
    return f"slack:{user_id}"


def unknown_slack_user(user_id: str) -> Actor:
    # Nobody is known: no staff id and no role (audited as "none"); never used to act.
    return Actor(
        staff_id=None,
        name=slack_actor_name(user_id),
        role=Role.AUDITOR,  # a placeholder the type needs; unauthenticated actors pass no rule
        channel=CHANNEL,
        authenticated=False,
    )


def identify(records: ToolContext, user_id: str, action: str, object_id: str = "") -> Actor | None:
    """The acting staff member for ``user_id``, or None (refusal audited as denied).

    ``action`` names what the user did on Slack (``mention``, ``command.baton-log``…);
    it is recorded as ``slack.<action>`` with the Slack user id in the detail.
    """
    audited_action = f"slack.{action}"[:60]
    try:
        actor = actor_for_slack(records, user_id, CHANNEL)
    except NotFound as refused:
        records.record(
            unknown_slack_user(user_id),
            audited_action,
            "slack_user",
            refused,
            outcome="denied",
            object_id=user_id[:60],
        )
        return None
    records.record(
        actor,
        audited_action,
        "slack_user",
        object_id=(object_id or user_id)[:60],
        detail=f"slack user {user_id}",
    )
    return actor
