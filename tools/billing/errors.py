"""Typed errors of the billing engine.

Messages name the rule or the field that is wrong and use internal ids only (patient id,
chart code, practitioner id), never a patient's name: they may end up in logs.
"""

from __future__ import annotations


class BillingError(ValueError):
    """Base class: something handed to the billing engine breaks a rule."""


class BillingRuleError(BillingError):
    """A code request or a set of codes breaks a CMS care-management billing rule."""


class PatientMonthError(BillingError):
    """A patient-month record is malformed (bad month, negative minutes, unknown program)."""


class FeeScheduleError(BillingError):
    """The fee schedule file cannot be used; the message names the line and the column."""


class SummaryError(BillingError):
    """Month decisions cannot be summarized together (mixed months, duplicate patients)."""
