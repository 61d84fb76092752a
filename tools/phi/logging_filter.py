"""A logging filter that redacts PHI from log records before any handler writes them.

    handler.addFilter(PhiRedactingFilter(guard))

Attach it to handlers, not loggers: a logger's filters do not see records propagated
from child loggers, a handler's filters see everything it writes.
"""

from __future__ import annotations

import logging
import threading
import traceback

from tools.phi.guard import PhiGuard

WITHHELD = "[log message withheld: PHI redaction failed]"
_MARK = "phi_redacted"
# Set while this thread is redacting: the guard's own libraries (Presidio, spaCy) log as
# they run, and passing those records back through the guard would recurse without end.
_REDACTING = threading.local()
# ``logger.info(..., extra=ALREADY_REDACTED)`` for records built only from ids, numbers
# and route templates (no free text): they pass without a trip through the guard.
ALREADY_REDACTED = {_MARK: True}


class PhiRedactingFilter(logging.Filter):
    """Formats each record's message, redacts it, and stores the result as a plain msg.

    ``record.args`` is cleared so no handler can re-insert the raw values; exception and
    stack text are redacted the same way. If redaction itself fails the message is
    withheld rather than written raw.
    """

    def __init__(self, guard: PhiGuard, name: str = "") -> None:
        super().__init__(name)
        self._guard = guard

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _MARK, False):
            return True
        if getattr(_REDACTING, "active", False):
            return False  # emitted by the guard's own machinery while it redacts
        _REDACTING.active = True
        try:
            try:
                message = record.getMessage()
            except (TypeError, ValueError):  # mismatched %-args: keep the template only
                message = str(record.msg)
            record.msg = self._guard.redact(message).text
            if record.exc_info:
                exc_text = record.exc_text or "".join(traceback.format_exception(*record.exc_info))
                record.exc_text = self._guard.redact(exc_text.rstrip("\n")).text
                record.exc_info = None  # the exception object still holds the raw text
            elif record.exc_text:
                record.exc_text = self._guard.redact(record.exc_text).text
            if record.stack_info:
                record.stack_info = self._guard.redact(record.stack_info).text
        except Exception:  # noqa: BLE001 - a guard failure must withhold the record, never pass it raw
            record.msg, record.exc_info, record.exc_text, record.stack_info = (
                WITHHELD,
                None,
                None,
                None,
            )
        finally:
            _REDACTING.active = False
        record.args = ()
        setattr(record, _MARK, True)
        return True
