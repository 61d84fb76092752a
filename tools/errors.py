"""Errors the tools raise, each naming the rule or field at fault.

Messages refer to patients by id or chart code only: they are shown to users, written to
the audit trail and may reach logs.
"""

from __future__ import annotations


class ToolError(ValueError):
    """A tool call refused; ``rule`` is a short stable name, ``field`` the argument at fault."""

    def __init__(self, message: str, *, rule: str, field: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.field = field


class NotFound(ToolError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, rule="not_found", field=field)


class NeedsConfirmation(ToolError):
    """The call is allowed once the user confirms it (e.g. time well over the average)."""


class NeedsSignOff(ToolError):
    """The call needs a named person's approval first (e.g. a coordinator's time entry
    over twice the average needs the team supervisor): open a decision request for it."""

    def __init__(self, message: str, *, rule: str, owner_role: str) -> None:
        super().__init__(message, rule=rule)
        self.owner_role = owner_role


class AccessDenied(ToolError):
    """The actor's role or assignments do not allow this; always audited as denied."""

    def __init__(
        self,
        message: str,
        *,
        rule: str,
        object_id: str | None = None,
        patient_id: int | None = None,
    ) -> None:
        super().__init__(message, rule=rule)
        self.object_id = object_id
        self.patient_id = patient_id
