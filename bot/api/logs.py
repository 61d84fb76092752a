"""Structured JSON logs for ``baton serve``, every record through the PHI guard first."""

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


def configure_logging(settings: BatonSettings, guard: Any) -> None:
    """JSON lines to standard error and to ``baton.log``, both behind the PHI filter."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [
        logging.StreamHandler(sys.stderr),
        logging.FileHandler(settings.data_dir / "baton.log", encoding="utf-8"),
    ]
    for handler in handlers:
        handler.setFormatter(JsonFormatter())
        handler.addFilter(PhiRedactingFilter(guard))
    logging.basicConfig(level=logging.WARNING, handlers=handlers, force=True)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(settings.log_level.upper())
    # Access lines are INFO: shown when BATON_LOG_LEVEL=INFO or lower.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # ours carries the request id
