"""Anchors: the chain's head written outside the database, to catch truncation.

A hash chain shows edits, insertions and deletions in the middle, but someone who deletes
the newest events and rewinds ``audit_head`` to the event before leaves a shorter chain
that is still consistent. An anchor (the newest event's id and hash and the number of
events, at a time) kept where that person cannot reach it (a file on another machine, an
append-only log, syslog shipped elsewhere) closes the gap: the anchored event must still
be there with the same hash, and the trail may only have grown since. Events newer than
the last anchor are protected only once the next anchor is taken, so take one often.

An anchor file holds one JSON object per line, oldest first; verification compares with
the last line. The file must not live next to the store it anchors: whoever can rewrite
the store there can rewrite the file too.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ANCHOR_KEYS = ("last_id", "last_hash", "events", "at")


class AnchorFileError(ValueError):
    """The anchor file cannot be used: missing, unreadable, or its last line is not an
    anchor. Messages name the file and line, never other contents."""


@dataclass(frozen=True)
class Anchor:
    last_id: int  # the newest event's id when anchored (0: an empty trail)
    last_hash: str  # that event's hash
    events: int  # how many events the trail held
    at: datetime  # when the anchor was taken (UTC)

    def line(self) -> str:
        return json.dumps(
            {
                "last_id": self.last_id,
                "last_hash": self.last_hash,
                "events": self.events,
                "at": self.at.astimezone(UTC).isoformat(timespec="seconds"),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_line(cls, line: str, where: str) -> Anchor:
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or set(item) != set(ANCHOR_KEYS):
                raise ValueError("keys")
            anchor = cls(
                last_id=item["last_id"],
                last_hash=item["last_hash"],
                events=item["events"],
                at=datetime.fromisoformat(item["at"]),
            )
        except (ValueError, TypeError, RecursionError):
            raise AnchorFileError(f"{where} is not an audit anchor") from None
        ints = (anchor.last_id, anchor.events)
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in ints) or not (
            isinstance(anchor.last_hash, str) and len(anchor.last_hash) == 64
        ):
            raise AnchorFileError(f"{where} is not an audit anchor")
        if anchor.at.tzinfo is None:
            raise AnchorFileError(f"{where} has an anchor time without a time zone")
        return anchor


def last_anchor(path: Path) -> Anchor | None:
    """The newest anchor in ``path``; None when the file is empty or does not exist."""
    try:
        with path.open("rb") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnchorFileError(f"cannot read the anchor file {path}: {exc.strerror}") from None
    for number in range(len(lines), 0, -1):
        raw = lines[number - 1].strip()
        if raw:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise AnchorFileError(f"line {number} of {path} is not UTF-8") from None
            return Anchor.from_line(text, f"line {number} of {path}")
    return None


def append_anchor(path: Path, anchor: Anchor) -> str:
    """Append ``anchor`` to ``path`` as one line, flushed to disk; return the line."""
    line = anchor.line()
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    try:
        fd = os.open(path, flags, 0o640)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise AnchorFileError(f"cannot write the anchor file {path}: {exc.strerror}") from None
    return line


def require_outside(path: Path, *places: Path) -> None:
    """Refuse an anchor file inside any of ``places`` (the data directory, the store's
    directory): it would sit next to what it is meant to check."""
    target = path.expanduser().resolve()
    for place in places:
        if target.is_relative_to(place.expanduser().resolve()):
            raise AnchorFileError(
                f"the anchor file {path} is inside {place}, next to the store it anchors; "
                "keep it somewhere whoever can change the store cannot"
            )


def send_to_syslog(line: str) -> None:
    """Copy an anchor line to the system log (where one exists), a second place to keep
    it; operators who ship syslog off the machine get an anchor nobody here can rewrite."""
    try:
        import syslog
    except ImportError:  # pragma: no cover - not on Windows
        return
    syslog.openlog("baton", 0, syslog.LOG_AUTH)
    syslog.syslog(syslog.LOG_NOTICE, f"audit anchor {line}")
    syslog.closelog()
