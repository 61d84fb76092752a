"""baton audit verify / anchor: read-only checks, and anchors kept outside the store."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest


def _fingerprint(db: Path) -> dict[str, str]:
    """The store file and its WAL, byte for byte (the -shm index is shared memory)."""
    files = [db, db.with_name(db.name + "-wal")]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()}


def _events(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT id, hash FROM audit_events ORDER BY id").fetchall()


@pytest.fixture
def practice(baton):
    assert baton("staff", "add", "Ana Example", "--role", "coordinator", "--team", "North")[0] == 0
    assert baton("staff", "add", "Otto Example", "--role", "auditor")[0] == 0
    return baton


def test_verify_and_anchor_write_nothing_to_the_store(practice, tmp_path):
    anchors = tmp_path / "elsewhere" / "baton.anchors"
    anchors.parent.mkdir()
    before = _fingerprint(practice.db)
    code, out, _ = practice("audit", "verify", "--as", "2")
    assert code == 0 and "intact: 2 events" in out
    code, out, err = practice("audit", "anchor", "--out", str(anchors), "--as", "2")
    assert code == 0 and f"anchored event 2 in {anchors}" in out
    assert practice("audit", "verify", "--as", "1")[0] == 4  # not an auditor: refused
    assert _fingerprint(practice.db) == before
    (line,) = anchors.read_text().splitlines()
    assert f"baton: audit anchor {line}" in err
    assert json.loads(line)["last_hash"] == _events(practice.db)[-1][1]


def test_an_anchor_catches_the_newest_events_deleted_with_the_head_rewound(
    practice, tmp_path, monkeypatch
):
    anchors = tmp_path / "elsewhere" / "baton.anchors"
    anchors.parent.mkdir()
    assert practice("audit", "anchor", "--out", str(anchors))[0] == 0
    with sqlite3.connect(practice.db) as connection:
        connection.execute("DELETE FROM audit_events WHERE id = 2")
        (kept,) = connection.execute("SELECT hash FROM audit_events WHERE id = 1").fetchone()
        connection.execute("UPDATE audit_head SET last_id = 1, last_hash = ?", (kept,))
    assert practice("audit", "verify")[0] == 0  # consistent without the anchor
    code, out, _ = practice("audit", "verify", "--anchor", str(anchors))
    assert code == 1 and "BROKEN" in out and "event 2 (anchored" in out
    monkeypatch.setenv("BATON_AUDIT_ANCHOR_FILE", str(anchors))
    code, out, _ = practice("audit", "verify")
    assert code == 1 and "fewer than the 2" in out
    code, out, _ = practice("audit", "anchor")
    assert code == 1 and "nothing anchored" in out
    assert len(anchors.read_text().splitlines()) == 1
    practice("staff", "add", "Sue Example", "--role", "supervisor")
    assert _events(practice.db)[-1][0] == 3  # the deleted id is not handed out again


def test_anchor_needs_a_file_outside_the_data_directory(practice, tmp_path):
    code, _, err = practice("audit", "anchor")
    assert code == 2 and "--out FILE or BATON_AUDIT_ANCHOR_FILE" in err
    inside = tmp_path / "data" / "anchors"
    code, _, err = practice("audit", "anchor", "--out", str(inside))
    assert code == 2 and "inside" in err and not inside.exists()
    code, _, err = practice("audit", "verify", "--anchor", str(tmp_path / "typo"))
    assert code == 2 and "no anchor file" in err
