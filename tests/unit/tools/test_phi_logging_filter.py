"""The log filter redacts every record and survives libraries that log while it works."""

from __future__ import annotations

import io
import logging

from tools.phi.guard import Redaction
from tools.phi.logging_filter import PhiRedactingFilter


class ChattyGuard:
    """Stands in for the guard: replaces one name, and logs while redacting, as Presidio does."""

    def __init__(self) -> None:
        self.calls = 0

    def redact(self, text: str) -> Redaction:
        self.calls += 1
        logging.getLogger("presidio-analyzer").warning("analyzing %d characters", len(text))
        return Redaction(text.replace("Ana Ruiz", "<PERSON_1>"))


def test_records_logged_by_the_guard_itself_do_not_recurse() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    guard = ChattyGuard()
    handler.addFilter(PhiRedactingFilter(guard))  # type: ignore[arg-type]
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging.getLogger("baton.test").warning("called %s back", "Ana Ruiz")
    finally:
        root.removeHandler(handler)
    written = stream.getvalue()
    assert guard.calls == 1
    assert "Ana Ruiz" not in written
    assert "called <PERSON_1> back" in written
    assert "analyzing" not in written
