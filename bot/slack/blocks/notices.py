"""Short messages that are not answers: refusals, limits, failures, greetings."""

from __future__ import annotations

from agents.composer import PHI_REMINDER
from bot.slack.blocks.limits import Block, context, escape, sections

UNKNOWN_USER = (
    "Sorry, I can only work with Baton staff members, and your Slack account is not linked "
    "to one. Ask a Baton admin to add you (`baton staff add … --slack-id YOUR_ID`)."
)
RATE_LIMITED = (
    "You are sending requests faster than I can take them. Please wait {seconds} seconds "
    "and try again."
)
BUSY = "I am very busy right now and could not take this request. Please try again shortly."
NOT_A_COORDINATOR = "The task log is for care coordinators: your role is {role}."
ONLY_REQUESTER = "Only the person who asked can answer this confirmation."


def notice_blocks(text: str) -> list[Block]:
    return sections(escape(text))


def greeting_blocks(name: str | None) -> list[Block]:
    hello = f"Hi {escape(name)}!" if name else "Hi!"
    return [
        *sections(
            f"{hello} Describe a piece of work and I will name the specialist, the owners "
            "and every handoff. Coordinators can log time and ask what is left on their panel."
        ),
        context(f":warning: {escape(PHI_REMINDER)}"),
    ]
