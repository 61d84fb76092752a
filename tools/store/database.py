"""The database handle: one engine, transactions, and migrations to the newest schema.

SQLite by default (a file in Baton's data directory); PostgreSQL when
``BATON_DATABASE_URL`` says so. Every write happens inside ``Database.transaction()``,
which commits everything or nothing.

``Database(url, read_only=True)`` cannot write at all: SQLite opens the file with
``mode=ro`` (no journal-mode switch, no checkpoint into the file), PostgreSQL sessions
default to read-only transactions. ``baton audit verify`` checks a store this way, so a
forensic copy is never modified by checking it.

SQLite allows one writer at a time. Write transactions start with ``BEGIN IMMEDIATE`` so
a second writer waits (up to the busy timeout) instead of failing halfway when it tries
to upgrade a read lock; read-only work uses ``Database.reading()`` and is not serialized.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30
# Any fixed number: the PostgreSQL advisory lock that keeps two workers from migrating
# the same database at once.
_MIGRATION_LOCK_KEY = 7_341_962


class DatabaseUrlError(ValueError):
    """``BATON_DATABASE_URL`` is not a database URL Baton can use."""


def sqlite_folder(url: str) -> Path | None:
    """The folder a SQLite database file lives in (None for another database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return Path(parsed.database).parent
    return None


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'baton.db').as_posix()}"


class Database:
    def __init__(self, url: str, *, read_only: bool = False) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise DatabaseUrlError(
                "database URL is not valid; expected sqlite:///PATH or "
                "postgresql+psycopg://USER@HOST:PORT/NAME"
            ) from None
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise DatabaseUrlError(
                f"database {self.dialect!r} is not supported; use sqlite or postgresql"
            )
        if self.dialect == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.read_only = read_only
        options: dict[str, Any] = {}
        if self.dialect == "postgresql":
            # A server can drop idle connections (restarts, idle timeouts); test each one
            # as it leaves the pool. A SQLite file has no server to lose, so no round trip
            # per checkout there (it was a SELECT 1 before every request's first query).
            options["pool_pre_ping"] = True
        if self.dialect == "sqlite":
            options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
            if read_only:
                parsed = _sqlite_read_only(parsed)
            elif parsed.database:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        elif read_only:
            options["connect_args"] = {"options": "-c default_transaction_read_only=on"}
        self.engine: Engine = create_engine(parsed, **options)
        if self.dialect == "sqlite":
            _sqlite_immediate_writes(self.engine, read_only=read_only)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            self.engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False
        )

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Database:
        return cls(default_database_url(data_dir))

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on any error."""
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        # Closing ends the transaction without expiring what was loaded, so results
        # stay readable after the block.
        with self._reader() as session:
            yield session

    def answers(self) -> bool:
        """Whether the database answers a trivial query (for readiness checks)."""
        try:
            with self.reading() as session:
                session.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means "not ready"; no details leave
            return False
        return True

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent, safe with several workers)."""
        if self.read_only:
            raise RuntimeError("a read-only database handle cannot be migrated")
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if self.dialect == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_read_only(parsed: URL) -> URL:
    """The same file opened with ``mode=ro``; a missing file is an error, not a new store.

    Without a ``-wal`` file beside it nobody has the store open (SQLite removes it when
    the last connection closes) and every committed page is in the file itself, so it is
    opened ``immutable``: no locks and no ``-wal``/``-shm`` files created next to a
    forensic copy. With one, the WAL holds recent commits and must be read through it.
    """
    path = Path(parsed.database or "")
    if not parsed.database or not path.is_file():
        raise DatabaseUrlError(f"no SQLite database at {path} to open read-only")
    query = {"mode": "ro", "uri": "true"}
    if not Path(f"{path}-wal").exists():
        query["immutable"] = "1"
    return parsed.set(database=f"file:{quote(path.resolve().as_posix())}", query=query)


def _sqlite_immediate_writes(engine: Engine, *, read_only: bool = False) -> None:
    # pysqlite's own transaction handling would defer BEGIN; take it over (SQLAlchemy docs,
    # "Serializable isolation / Savepoints / Transactional DDL" for pysqlite).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if read_only:  # switching the journal mode would write to the file
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        default = "DEFERRED" if read_only else "IMMEDIATE"
        mode = connection.get_execution_options().get("sqlite_begin", default)
        connection.exec_driver_sql(f"BEGIN {mode}")
