"""Baton's logs: JSON lines, every record through the PHI guard first.

One set-up for every process (``baton serve``, Slack's Socket Mode, the CLI), so an
operator reads and ships the same format whichever started Baton.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from bot.settings import BatonSettings
from tools.phi.logging_filter import PhiRedactingFilter

OWN_LOGGERS = ("baton", "bot", "graph", "agents", "tools", "knowledge")
# Extra fields the service's own records carry; anything else a library adds is dropped.
STRUCTURED_FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "staff_id",
    "incident",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the known extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in STRUCTURED_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_text:  # already redacted by the PHI filter, which drops exc_info
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_through_guard(settings: BatonSettings, guard: Any, *, to_stderr: bool = False) -> None:
    """JSON lines to ``baton.log`` under the data directory (and standard error for a
    server), every record redacted first. Baton's own loggers at the configured level;
    libraries only from WARNING up, so a DEBUG log is Baton's story, not every Presidio
    or Chroma step."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [
        logging.FileHandler(settings.data_dir / "baton.log", encoding="utf-8")
    ]
    if to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(JsonFormatter())
        handler.addFilter(PhiRedactingFilter(guard))
    logging.basicConfig(level=logging.WARNING, handlers=handlers, force=True)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(settings.log_level.upper())


def serve_uvicorn_logs_through_ours() -> None:
    """Uvicorn's records go through Baton's handlers (and so the PHI filter). Access lines
    are left out: Baton's own request line carries the request id."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
