"""The heavy pieces a command may need, loaded only when it needs them.

The PHI guard (a spaCy model) and the engine (guard, embedder, index, graph) take seconds
to load, so commands ask for them here, lazily. Loading the guard also opens the log file
behind the redacting filter: nothing is logged before a guard exists.

Who is acting on the system of record: ``--as STAFF_ID`` (or ``BATON_STAFF_ID``); without
either, commands run as the server's operator (the ``system`` admin), who can read the
database file anyway. Every record command goes through the tool layer, so its access
rules and audit apply here too.
"""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING, Any

from bot.settings import BatonSettings

if TYPE_CHECKING:
    from graph.engine import BatonEngine
    from tools.access import Actor
    from tools.context import ToolContext
    from tools.phi.guard import PhiGuard

# Loaded once per process (loading is the slow part; redacting keeps no state).
_guards: dict[str, Any] = {}
_logging: dict[str, Any] = {}  # where the log goes now, and through which guard


def guard_for(settings: BatonSettings) -> PhiGuard:
    """The PHI guard of this process, with the log file opened behind it."""
    from tools.phi.guard import PhiGuard

    if "guard" not in _guards:
        _guards["guard"] = PhiGuard()
    guard = _guards["guard"]
    target = (str(settings.data_dir), id(guard))
    if _logging.get("target") != target:
        from bot.logs import log_through_guard

        log_through_guard(settings, guard)
        _logging["target"] = target
    return guard


def engine_for(settings: BatonSettings, with_records: bool = False) -> BatonEngine:
    """The engine, routing with the store's accepted corrections; ``with_records`` also
    gives it the system of record (for chat commands)."""
    from graph.engine import BatonEngine

    records = tool_context(settings) if with_records else None
    # Every engine routes with the accepted routing corrections in the store.
    corrections = records or tool_context(settings)
    return BatonEngine(
        settings.engine_config(),
        guard=guard_for(settings),
        records=records,
        corrections=corrections,
    )


def tool_context(settings: BatonSettings, *, read_only: bool = False) -> ToolContext:
    """The system of record, migrated; the PHI guard loads only once free text is stored.
    ``read_only``: opened as it is, unmigrated, on a connection that cannot write."""
    from tools.context import ToolContext
    from tools.free_text import PhiTextGuard
    from tools.store.database import Database

    # The PHI guard loads (seconds) only once a command stores free text.
    guard = PhiTextGuard(load=lambda: guard_for(settings))
    db = Database(settings.database_url_or_default(), read_only=read_only)
    ctx = ToolContext(db, **settings.tool_options(), guard=guard)
    if not read_only:
        ctx.prepare()
    return ctx


def record_actor(
    ctx: ToolContext,
    args: argparse.Namespace,
    settings: BatonSettings,
    default: int | None = None,
) -> Actor:
    """Who a record command acts as: ``--as``, else ``BATON_STAFF_ID``, else ``default``,
    else the operator (``system``)."""
    from tools.access import Actor
    from tools.staff import actor_for

    staff_id = getattr(args, "as_staff", None) or settings.staff_id or default
    return actor_for(ctx, staff_id, "cli") if staff_id else Actor.system("cli")


def log_is_guarded(settings: BatonSettings) -> bool:
    """Is this process logging to ``baton.log`` through a PHI guard (see ``guard_for``)?"""
    return bool(_logging) and _logging["target"][0] == str(settings.data_dir)


def record_incident_without_text(
    settings: BatonSettings, incident: str, error: BaseException
) -> bool:
    """Append an incident to ``baton.log`` when no guard is loaded to redact it: the
    error's kind and where it happened (file, line, function), never its message, which
    can quote the input (a roster cell, a request). False if it could not be written."""
    import traceback
    from datetime import UTC, datetime

    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{f.filename}:{f.lineno} in {f.name}" for f in reversed(frames))
    line = (
        f"{datetime.now(UTC).isoformat(timespec='seconds')} ERROR baton.cli unexpected "
        f"failure, incident {incident}: {type(error).__module__}.{type(error).__qualname__} "
        f"(message withheld) at {where}\n"
    )
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with open(settings.data_dir / "baton.log", "a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError:
        return False
    return True


def silence_logs_until_guarded() -> None:
    """Until a PHI guard is loaded nothing may be logged: a record could hold raw text."""
    logging.basicConfig(handlers=[logging.NullHandler()], force=True)
    _logging.clear()
