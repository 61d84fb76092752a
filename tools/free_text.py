"""Free text a tool stores passes the PHI guard here, whichever surface called.

Surfaces used to redact what they stored themselves, and every one that forgot (the HTTP
API's task notes, a decision's edited values) wrote raw PHI into the system of record.
Now ``ToolContext`` carries a ``FreeTextGuard`` and every tool passes the free text it
writes (notes, comments, reasons, titles, conditions, results, activities) through it
before the row exists. Typed values (dates, ids, minutes, codes) are validated instead:
the guard would take an ISO date for a date of birth.

Text that already passed the guard with a conversation's numbering (``<PERSON_1>``)
passes again unchanged: the guard leaves placeholders alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from threading import Lock
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # the guard loads a spaCy pipeline; importing it here would load it
    from tools.phi.guard import PhiGuard


@runtime_checkable
class FreeTextGuard(Protocol):
    """Replaces the identifiers in a free text with typed placeholders."""

    def redact_text(self, text: str) -> str: ...


class PhiTextGuard:
    """The PHI guard as a ``FreeTextGuard``.

    ``PhiTextGuard(load=...)`` loads the guard on the first non-blank text: a CLI command
    that stores no free text (``baton tasks list``) does not spend seconds loading it.
    """

    def __init__(
        self, guard: PhiGuard | None = None, *, load: Callable[[], PhiGuard] | None = None
    ) -> None:
        if (guard is None) == (load is None):
            raise ValueError("give the PHI guard or a way to load it (one of the two)")
        self._guard = guard
        self._load = load
        self._lock = Lock()

    def redact_text(self, text: str) -> str:
        if not isinstance(text, str):
            raise TypeError(f"free text must be a str, got {type(text).__name__}")
        if not text.strip():
            return text
        return self._loaded().redact(text).text

    def _loaded(self) -> PhiGuard:
        with self._lock:
            if self._guard is None and self._load is not None:
                self._guard = self._load()
        assert self._guard is not None
        return self._guard


def redact_values(guard: FreeTextGuard, value: Any) -> Any:
    """``value`` with every string in it redacted (lists and mappings walked), for
    arguments without a schema saying which of them are typed."""
    if isinstance(value, str):
        return guard.redact_text(value)
    if isinstance(value, Mapping):
        return {key: redact_values(guard, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact_values(guard, item) for item in value]
    return value
