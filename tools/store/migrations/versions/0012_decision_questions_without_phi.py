"""decision requests' stored questions say no patient and no date of service

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

A sign-off's question used to name the patient by id and the date of service ("Approve
70 min … on 2026-12-04 by coordinator 3 for patient 131?"), and a write-off's the month
of service: identifiers and date elements (45 CFR 164.514(b)(2)) at rest. The questions
are worded again from each request's own arguments, without them (viewers read the
patient and the date at read time, tools/decision_requests/wording.py), and the
notification that carried the old question gets the new one. The texts are frozen here
as they were when this ran, so a later change of wording does not change the migration.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

WRITE_OFF_REASONS = {
    "timely_filing": "claim not filed in time",
    "denied_not_appealable": "denied, no further appeal",
    "small_balance": "small balance below the collection threshold",
    "hardship": "financial hardship (policy on file)",
    "consent_missing": "consent not documented for the month",
    "other": "other (explained in the decision comment)",
}
PANEL_REMOVAL_REASONS = {
    "non_adherence": "repeated non-adherence to the treatment plan",
    "disruptive": "disruptive or abusive behaviour",
    "relationship": "breakdown of the patient-provider relationship",
    "panel_closed": "PCP closing or reducing the panel",
}


def _one(bind: Any, query: str, **values: Any) -> Any:
    return bind.execute(sa.text(query).bindparams(**values)).scalar()


def _coordinator_of_patient(bind: Any, patient_id: Any) -> str | None:
    return _one(
        bind,
        "SELECT s.name FROM patients p JOIN staff s ON s.id = p.coordinator_id WHERE p.id = :pid",
        pid=patient_id,
    )


def _question(bind: Any, kind: str, old: str, a: dict[str, Any]) -> str | None:
    if kind == "time_entry.over_average":
        name = _one(bind, "SELECT name FROM staff WHERE id = :id", id=a.get("coordinator_id"))
        average = _one(
            bind, "SELECT average_minutes FROM task_types WHERE name = :n", n=a.get("task_type")
        )
        return (
            f"Approve {a.get('minutes')} min of '{a.get('task_type')}' logged by "
            f"{name or 'the coordinator'} (care coordinator)? That is over twice the task's "
            + (f"usual {average} min." if average else "average.")
        )
    if kind == "billing.write_off":
        coordinator = _coordinator_of_patient(bind, a.get("patient_id"))
        whose = f"a patient on {coordinator}'s panel" if coordinator else "a patient"
        reason = WRITE_OFF_REASONS.get(str(a.get("reason_code")), str(a.get("reason_code")))
        return (
            f"Write off ${a.get('amount_usd')} of the care-management charge of {whose} ({reason})?"
        )
    if kind == "pcp.panel_removal":
        provider = _one(bind, "SELECT name FROM providers WHERE id = :id", id=a.get("provider_id"))
        reason = PANEL_REMOVAL_REASONS.get(str(a.get("reason_code")), str(a.get("reason_code")))
        return f"Remove a member from {provider or 'their PCP'}'s panel ({reason})?" + (
            " The member is high-risk." if "high-risk" in old else ""
        )
    return None  # a plan's question is the asker's redacted request: kept as it is


def _headline(question: str, limit: int = 200) -> str:
    line = " ".join(question.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, kind, question, arguments FROM decision_requests "
            "WHERE kind IN ('time_entry.over_average', 'billing.write_off', 'pcp.panel_removal')"
        )
    ).all()
    for decision_id, kind, old, arguments in rows:
        new = _question(bind, kind, old, json.loads(arguments or "{}"))
        if new is None or new == old:
            continue
        bind.execute(
            sa.text("UPDATE decision_requests SET question = :q WHERE id = :id").bindparams(
                q=new, id=decision_id
            )
        )
        notices = bind.execute(
            sa.text(
                "SELECT id, text FROM notifications "
                "WHERE subject_type = 'decision' AND subject_id = :id"
            ).bindparams(id=decision_id)
        ).all()
        for notice_id, text in notices:
            if _headline(old) in text:
                bind.execute(
                    sa.text("UPDATE notifications SET text = :t WHERE id = :id").bindparams(
                        t=text.replace(_headline(old), _headline(new)), id=notice_id
                    )
                )


def downgrade() -> None:
    pass  # the old questions carried PHI: they are not written back
