"""audit event ids are never reused

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-15

SQLite hands a deleted row's id to the next insert unless the table is declared
AUTOINCREMENT, and that can only be declared by rebuilding the table (Alembic batch
mode copies the rows, indexes and constraints into the new table). The sequence
restarts at the higher of the largest id still present and the id the audit head last
issued, so ids deleted before this migration are not handed out again either.
PostgreSQL's SERIAL sequence never goes back, so there is nothing to do there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "audit_events", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass
    issued = sa.text(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM audit_events), 0), "
        "COALESCE((SELECT last_id FROM audit_head WHERE id = 1), 0))"
    )
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'audit_events'")
    op.execute(
        sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('audit_events', :seq)").bindparams(
            seq=op.get_bind().execute(issued).scalar_one()
        )
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "audit_events", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
