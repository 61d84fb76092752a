"""GET /audit/verify: read-only, and compared with the last anchor when one is configured."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, update

from tests.api.conftest import Api, api_settings
from tools.access import Actor
from tools.audit.reading import anchor_audit
from tools.store.models import AuditEvent, AuditHead


def test_verify_writes_no_event_and_catches_truncation_against_the_anchor(
    api: Api, tmp_path: Path
) -> None:
    api.get("/api/v1/patients", "ana")
    api.get("/api/v1/patients", "ana")
    anchors = tmp_path / "kept-elsewhere" / "baton.anchors"
    anchors.parent.mkdir()
    api.client.app.state.baton.settings = api_settings(tmp_path, audit_anchor_file=anchors)

    before = len(api.events())
    plain = api.get("/api/v1/audit/verify", "otto").json()
    assert plain["intact"] and plain["anchor"] is None and plain["events"] == before
    assert len(api.events()) == before  # no event of its own

    _, line = anchor_audit(api.records, Actor.system("test"), anchors)
    assert line is not None
    anchored = api.get("/api/v1/audit/verify", "otto").json()
    assert anchored["intact"] and anchored["anchor"]["last_id"] == anchored["last_id"] == before

    newest = api.events()[-1]
    with api.records.db.transaction() as session:
        session.execute(delete(AuditEvent).where(AuditEvent.id == newest.id))
        previous = session.get(AuditEvent, newest.id - 1)
        session.execute(update(AuditHead).values(last_id=previous.id, last_hash=previous.hash))
    broken = api.get("/api/v1/audit/verify", "otto").json()
    assert not broken["intact"]
    assert any(f"event {newest.id} (anchored" in p for p in broken["problems"])


def test_a_refused_verify_is_audited(api: Api) -> None:
    assert api.get("/api/v1/audit/verify", "ana").status_code == 403
    (event,) = api.events(action="audit.verify")
    assert (event.outcome, event.actor_id) == ("denied", api.staff["ana"])
