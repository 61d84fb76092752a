"""The audit trail: every action and denial is an event; any tampering is detected."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from tools.audit.anchor import Anchor, AnchorFileError, last_anchor, require_outside
from tools.audit.chain import HASHED_FIELDS, event_hash
from tools.audit.reading import anchor_audit, verify_audit
from tools.audit.trail import export_csv, verify_chain
from tools.context import ToolContext
from tools.errors import AccessDenied
from tools.store.database import Database
from tools.store.models import AuditEvent, AuditHead
from tools.tasks.service import log_task


def make_events(ctx, practice, n=3, first_minutes=10):
    for minutes in range(first_minutes, first_minutes + n):
        log_task(
            ctx,
            practice.ana,
            coordinator_id=practice.ana.staff_id,
            patient="ZK1029",
            task_type="Communication: Phone",
            minutes=minutes,
        )


def verify(ctx):
    with ctx.db.reading() as session:
        return verify_chain(session)


def test_actions_are_chained_and_verify_clean(ctx, practice):
    make_events(ctx, practice)
    result = verify(ctx)
    assert result.intact and result.events == 3
    with ctx.db.reading() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["task.log"] * 3
    assert all(e.patient_id == practice.patients["ZK1029"] for e in events)
    assert events[1].prev_hash == events[0].hash
    assert events[0].channel == "test" and events[0].role == "coordinator"


@pytest.mark.parametrize(
    ("tamper", "finding"),
    [
        (
            lambda s: s.execute(update(AuditEvent).where(AuditEvent.id == 2).values(detail="x")),
            "event 2: its contents were changed",
        ),
        (
            lambda s: s.execute(
                update(AuditEvent).where(AuditEvent.id == 1).values(outcome="denied")
            ),
            "event 1: its contents were changed",
        ),
        (
            lambda s: s.execute(delete(AuditEvent).where(AuditEvent.id == 2)),
            "event 3: does not follow event 1",
        ),
        (
            lambda s: s.execute(delete(AuditEvent).where(AuditEvent.id == 3)),
            "events at the end were deleted",
        ),
    ],
)
def test_verify_catches_edited_and_deleted_rows(ctx, practice, tamper, finding):
    make_events(ctx, practice)
    with ctx.db.transaction() as session:
        tamper(session)
    result = verify(ctx)
    assert not result.intact
    assert any(finding in problem for problem in result.problems)


def test_denied_attempts_are_events_too(ctx, practice):
    with pytest.raises(AccessDenied):
        log_task(
            ctx,
            practice.cara,
            coordinator_id=practice.cara.staff_id,
            patient="ZK1029",
            task_type="Communication: Phone",
            minutes=10,
        )
    with ctx.db.reading() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.outcome, event.patient_id) == ("denied", practice.patients["ZK1029"])
    assert "patient_not_assigned" in event.detail
    assert verify(ctx).intact


def test_export_writes_the_days_asked_for(ctx, practice):
    make_events(ctx, practice, n=2)
    out = io.StringIO()
    with ctx.db.reading() as session:
        assert export_csv(session, date(2026, 10, 14), date(2026, 10, 14), out) == 2
        assert export_csv(session, date(2026, 10, 15), date(2026, 10, 20), io.StringIO()) == 0
        with pytest.raises(ValueError, match="before --from"):
            export_csv(session, date(2026, 10, 15), date(2026, 10, 1), io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("id,at,actor_id,actor,role,action")
    assert len(lines) == 3 and "2026-10-14T15:00:00" in lines[1]


# --- tampering, each kind caught; read-only verification; anchors ----------------------


def _rows(session):
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def _rewind_head(session, to_id):
    event = session.get(AuditEvent, to_id)
    session.execute(update(AuditHead).values(last_id=to_id, last_hash=event.hash))


def _forge(session, prev_hash, new_id, **changes):
    """A well-formed event, hashed like Baton hashes them, that Baton never wrote."""
    fields = {name: getattr(_rows(session)[0], name) for name in HASHED_FIELDS}
    fields.update(detail="forged", **changes)
    digest = event_hash(prev_hash, fields)
    session.execute(
        insert(AuditEvent).values(id=new_id, **fields, prev_hash=prev_hash, hash=digest)
    )
    return digest


def edit_a_field(session):
    session.execute(update(AuditEvent).where(AuditEvent.id == 2).values(actor="Someone Else"))


def delete_a_middle_event(session):
    session.execute(delete(AuditEvent).where(AuditEvent.id == 2))


def delete_the_newest_and_rewind_the_head(session):
    session.execute(delete(AuditEvent).where(AuditEvent.id == 3))
    _rewind_head(session, 2)


def insert_a_middle_event(session):
    # Ids are not hashed: spread them out (the chain stays intact), then slip an event in.
    for old in (3, 2, 1):
        session.execute(update(AuditEvent).where(AuditEvent.id == old).values(id=old * 10))
    session.execute(update(AuditHead).values(last_id=30))
    _forge(session, session.get(AuditEvent, 10).hash, 15)


def insert_after_the_newest(session):
    _forge(session, session.get(AuditEvent, 3).hash, 4)


@pytest.mark.parametrize(
    ("tamper", "finding"),
    [
        (edit_a_field, "event 2: its contents were changed"),
        (delete_a_middle_event, "event 3: does not follow event 1"),
        (delete_the_newest_and_rewind_the_head, "event 3 (anchored"),
        (insert_a_middle_event, "event 20: does not follow event 15"),
        (insert_after_the_newest, "the newest event on record is 3 but the trail ends at 4"),
    ],
)
def test_every_kind_of_tampering_is_caught_against_an_anchor(ctx, practice, tamper, finding):
    make_events(ctx, practice)
    anchor = verify(ctx).as_anchor(ctx.clock.now())
    assert anchor.last_id == 3 and anchor.events == 3
    with ctx.db.transaction() as session:
        tamper(session)
    with ctx.db.reading() as session:
        result = verify_chain(session, anchor=anchor)
    assert not result.intact
    assert any(finding in problem for problem in result.problems), result.problems


def test_a_rewound_head_looks_intact_without_an_anchor_and_shorter_with_one(ctx, practice):
    make_events(ctx, practice)
    anchor = verify(ctx).as_anchor(ctx.clock.now())
    with ctx.db.transaction() as session:
        delete_the_newest_and_rewind_the_head(session)
    assert verify(ctx).intact  # why anchors exist: the shorter chain is consistent
    with ctx.db.reading() as session:
        problems = verify_chain(session, anchor=anchor).problems
    assert any("holds 2 events, fewer than the 3" in p for p in problems)


def test_an_anchor_is_satisfied_by_a_trail_that_only_grew(ctx, practice):
    make_events(ctx, practice, n=2)
    anchor = verify(ctx).as_anchor(ctx.clock.now())
    make_events(ctx, practice, n=2, first_minutes=15)
    with ctx.db.reading() as session:
        result = verify_chain(session, anchor=anchor)
    assert result.intact and result.events == 4 and result.last_id == 4
    assert result.anchor == anchor


def test_an_anchor_with_another_hash_is_caught(ctx, practice):
    make_events(ctx, practice)
    anchor = verify(ctx).as_anchor(ctx.clock.now())
    other = Anchor(anchor.last_id, "f" * 64, anchor.events, anchor.at)
    with ctx.db.reading() as session:
        problems = verify_chain(session, anchor=other).problems
    assert problems == (
        "event 3 (anchored 2026-10-14T15:00:00.000000 UTC) no longer has its anchored hash",
    )


def test_deleted_ids_are_never_handed_out_again(ctx, practice):
    make_events(ctx, practice)
    with ctx.db.transaction() as session:
        delete_the_newest_and_rewind_the_head(session)
    make_events(ctx, practice, n=1, first_minutes=15)
    with ctx.db.reading() as session:
        assert [e.id for e in _rows(session)] == [1, 2, 4]


def _store_state(db):
    with db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEvent)),
            session.get(AuditHead, 1).last_hash,
        )


def test_verify_writes_nothing_to_the_store_it_checks(ctx, practice, tmp_path):
    make_events(ctx, practice)
    before = _store_state(ctx.db)
    assert verify_audit(ctx, practice.auditor).intact
    anchors = tmp_path / "anchors"
    anchors.write_text(verify(ctx).as_anchor(ctx.clock.now()).line() + "\n")
    assert verify_audit(ctx, practice.auditor, anchors).anchor.last_id == 3
    assert _store_state(ctx.db) == before


def test_an_unusable_anchor_file_makes_the_verification_fail(ctx, practice, tmp_path):
    make_events(ctx, practice)
    anchors = tmp_path / "anchors"
    anchors.write_text(verify(ctx).as_anchor(ctx.clock.now()).line() + "\n{}\n")
    result = verify_audit(ctx, practice.auditor, anchors)
    assert result.problems == (f"line 2 of {anchors} is not an audit anchor",)
    assert result.events == 3 and result.anchor is None


def test_a_refused_verify_is_audited_on_the_live_store(ctx, practice):
    with pytest.raises(AccessDenied):
        verify_audit(ctx, practice.ana)
    with ctx.db.reading() as session:
        (event,) = _rows(session)
    assert (event.action, event.outcome, event.detail) == ("audit.verify", "denied", "role")


def _read_only(ctx) -> ToolContext:
    url = ctx.db.engine.url.render_as_string(hide_password=False)
    return ToolContext(Database(url, read_only=True), ctx.clock, guard=ctx.guard)


def test_a_read_only_store_is_verified_and_anchored_without_a_write(ctx, practice, tmp_path):
    make_events(ctx, practice)
    copy = _read_only(ctx)
    try:
        with pytest.raises(AccessDenied):  # refused, and not recorded in a read-only copy
            verify_audit(copy, practice.ana)
        with pytest.raises(Exception, match="(?i)read-only|readonly"), copy.db.transaction() as s:
            s.execute(update(AuditHead).values(last_id=0))
        anchors = tmp_path / "anchors" / "baton.anchors"
        anchors.parent.mkdir()
        verification, line = anchor_audit(copy, practice.auditor, anchors)
        assert verification.intact and line is not None
    finally:
        copy.db.dispose()
    assert _store_state(ctx.db)[0] == 3
    assert last_anchor(anchors) == Anchor(3, verification.head_hash, 3, ctx.clock.now())


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # a file copy: SQLite's
def test_a_sqlite_copy_is_byte_for_byte_the_same_after_verify(ctx, practice, tmp_path):
    assert ctx.db.dialect == "sqlite"
    make_events(ctx, practice)
    ctx.db.dispose()  # checkpoints the WAL into the file, as a copy would be taken
    source = Path(ctx.db.engine.url.database)
    copy = tmp_path / "forensic" / "baton.db"
    copy.parent.mkdir()
    copy.write_bytes(source.read_bytes())
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    db = Database(f"sqlite:///{copy}", read_only=True)
    try:
        copy_ctx = ToolContext(db, ctx.clock, guard=ctx.guard)
        assert verify_audit(copy_ctx, practice.auditor).intact
    finally:
        db.dispose()
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in copy.parent.iterdir()) == ["baton.db"]


def test_anchoring_appends_one_line_and_refuses_a_broken_or_truncated_trail(
    ctx, practice, clock, tmp_path
):
    anchors = tmp_path / "baton.anchors"
    make_events(ctx, practice)
    _, first = anchor_audit(ctx, practice.auditor, anchors)
    clock.at += timedelta(hours=1)
    make_events(ctx, practice, n=1, first_minutes=15)
    _, second = anchor_audit(ctx, practice.auditor, anchors)
    assert anchors.read_text().splitlines() == [first, second]
    assert last_anchor(anchors).last_id == 4 and last_anchor(anchors).at == clock.at
    with ctx.db.transaction() as session:
        session.execute(delete(AuditEvent).where(AuditEvent.id == 4))
        _rewind_head(session, 3)
    verification, line = anchor_audit(ctx, practice.auditor, anchors)
    assert line is None and not verification.intact
    assert len(anchors.read_text().splitlines()) == 2  # nothing anchored over the damage


ANCHOR_HASH = b'"last_hash": "' + b"a" * 64 + b'"'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json\n", "line 1 of"),
        (b'{"last_id": 1}\n', "not an audit anchor"),
        (
            b'{"last_id": -1, ' + ANCHOR_HASH + b', "events": 1, "at": "2026-01-01T00:00:00Z"}',
            "not an audit anchor",
        ),
        (
            b'{"last_id": 1, ' + ANCHOR_HASH + b', "events": 1, "at": "2026-01-01T00:00:00"}',
            "time zone",
        ),
        (b"\xff\n", "not UTF-8"),
        (b"[" * 5000, "not an audit anchor"),
    ],
)
def test_an_anchor_file_whose_last_line_is_not_an_anchor_is_refused(tmp_path, content, message):
    path = tmp_path / "anchors"
    path.write_bytes(content)
    with pytest.raises(AnchorFileError, match=message):
        last_anchor(path)


def test_missing_or_blank_anchor_files_hold_no_anchor(tmp_path):
    assert last_anchor(tmp_path / "none") is None
    (tmp_path / "blank").write_text("\n\n")
    assert last_anchor(tmp_path / "blank") is None


def test_an_anchor_file_next_to_the_store_is_refused(tmp_path):
    data = tmp_path / "data"
    with pytest.raises(AnchorFileError, match="inside"):
        require_outside(data / "audit" / "anchors", data)
    require_outside(tmp_path / "elsewhere" / "anchors", data)


def test_sqlite_migration_keeps_ids_issued_before_it_from_coming_back(tmp_path):
    from alembic import command
    from alembic.config import Config

    from tools.store.database import MIGRATIONS

    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    with db.engine.begin() as connection:
        for n in (1, 2, 3):
            connection.execute(
                text(
                    "INSERT INTO audit_events (id, at, actor, role, action, object_type, "
                    "channel, outcome, detail, prev_hash, hash) VALUES (:n, '2026-01-01', 'a', "
                    "'admin', 'x', 'y', 'cli', 'allowed', '', :p, :h)"
                ),
                {"n": n, "p": str(n - 1) * 64, "h": str(n) * 64},
            )
        connection.execute(text("DELETE FROM audit_events WHERE id = 3"))
        connection.execute(text("UPDATE audit_head SET last_id = 3"))
    db.migrate()
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (at, actor, role, action, object_type, channel, "
                "outcome, detail, prev_hash, hash) VALUES ('2026-01-02', 'a', 'admin', 'x', "
                "'y', 'cli', 'allowed', '', 'p', 'h')"
            )
        )
        ids = connection.execute(text("SELECT id FROM audit_events ORDER BY id")).scalars().all()
        indexes = connection.execute(text("PRAGMA index_list('audit_events')")).all()
    db.dispose()
    assert ids == [1, 2, 4]
    assert {row[1] for row in indexes} >= {"ix_audit_events_at"}
