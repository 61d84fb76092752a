""" "Show full plan": the rest of a folded plan, posted in the thread it was answered in.

Posted in the thread rather than shown to the clicker alone (an ephemeral message) or
written over the answer (``chat.update``): the thread is where the team works the plan, an
ephemeral message is gone on reload and only its clicker sees it, and a long plan needs
more messages (or a file) than one update can hold. The thread's readers are the answer's
readers, so the full plan follows the answer's rule: placeholders, unless only the author
reads the thread (a DM, the assistant panel) and sees their own words back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from bot.slack.blocks.notices import UNKNOWN_USER
from bot.slack.blocks.turns import full_plan_answer
from bot.slack.deps import SlackDeps
from bot.slack.errors import friendly_failure, log_incident
from bot.slack.identity import identify, slack_actor_name
from bot.slack.posting import post_answer, post_private_note
from bot.slack.threads import graph_thread_id

PLAN_GONE = (
    "I cannot find that plan in this conversation any more. Ask again and I will answer "
    "with a fresh plan."
)
Show = Callable[[str], str]


@dataclass(frozen=True)
class FullPlanClick:
    team_id: str
    channel_id: str
    thread_ts: str  # the thread the plan was answered in
    user_id: str  # who clicked
    answer: str  # the plan's ``graph.feedback.answer_key``


def post_full_plan(deps: SlackDeps, click: FullPlanClick) -> bool:
    """Post the plan's rest in its thread; False when nothing was posted (the clicker was
    told why). Every failure ends in a note to the clicker, with an incident id only."""
    thread_id = graph_thread_id(click.team_id, click.channel_id, click.thread_ts)
    note = partial(post_private_note, deps.client, click.channel_id, click.user_id)
    try:
        if identify(deps.records, click.user_id, "plan.full", thread_id) is None:
            note(UNKNOWN_USER, click.thread_ts)
            return False
        result = deps.engine.answered_plan(thread_id, click.answer)
        if result is None or result.plan is None:
            note(PLAN_GONE, click.thread_ts)
            return False
        answer = full_plan_answer(
            result.plan, _thread_readers(deps, thread_id), result.decision_note
        )
        post_answer(deps.client, click.channel_id, click.thread_ts, answer)
        return True
    except Exception:  # noqa: BLE001 - never silence: the clicker hears about it
        incident = log_incident("slack full plan")
        note(friendly_failure(incident), click.thread_ts)
        return False


def _thread_readers(deps: SlackDeps, thread_id: str) -> Show:
    """What the thread's readers may see: the author's own words only in a thread nobody
    else reads; placeholders otherwise, also when the thread is not known."""
    link = deps.store.thread_link(thread_id)
    if link is not None and link.private:
        return partial(deps.engine.reveal, thread_id, slack_actor_name(link.slack_user_id))
    return lambda text: text
