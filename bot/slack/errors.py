"""Failures on Slack: a short message with an incident id, the details in the log.

An exception's text can carry PHI (a value from the request, a row from the store), so it
never goes into a Slack message; it goes to the log, whose handler redacts every record.
"""

from __future__ import annotations

import logging
import uuid

log = logging.getLogger("bot.slack")


def new_incident() -> str:
    return uuid.uuid4().hex[:8]


def log_incident(what: str) -> str:
    """Log the exception being handled under a new incident id, and return the id."""
    incident = new_incident()
    log.exception("%s failed, incident %s", what, incident)
    return incident


def friendly_failure(incident: str) -> str:
    return (
        "Sorry, something went wrong on my side and I could not finish that. "
        f"Please try again in a moment; if it keeps happening, give your admin "
        f"incident id `{incident}`."
    )
