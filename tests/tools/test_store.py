"""The store: migrations match the models, transactions are all-or-nothing."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from tools.store.database import Database, DatabaseUrlError
from tools.store.models import Base, Staff, TaskType
from tools.tasks.catalog import CATALOG, ensure_catalog


def test_migrations_produce_exactly_the_models_schema(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrating_twice_changes_nothing(database):
    database.migrate()
    with database.transaction() as session:
        assert ensure_catalog(session) == 0
        assert session.scalar(select(func.count()).select_from(TaskType)) == len(CATALOG)


def test_a_failed_transaction_leaves_nothing_behind(database, clock):
    with pytest.raises(RuntimeError), database.transaction() as session:
        session.add(Staff(name="Half Written", role="admin", created_at=clock.now()))
        session.flush()
        raise RuntimeError("boom")
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Staff)) == 0


def test_the_schema_refuses_impossible_rows(database, clock):
    with pytest.raises(Exception, match="(?i)check"), database.transaction() as session:
        session.add(Staff(name="Nobody", role="janitor", created_at=clock.now()))
        session.flush()


@pytest.mark.parametrize(
    ("url", "message"),
    [("mysql://x@y/z", "not supported"), ("not a url", "not valid")],
)
def test_bad_database_urls_get_a_clear_error(url, message):
    with pytest.raises(DatabaseUrlError, match=message):
        Database(url)


def test_catalog_has_every_seed_category_and_billable_flags():
    categories = {spec.category for spec in CATALOG}
    assert {"Care Coordination", "Chronic Care Management", "Statistical Tracking"} <= categories
    assert not any(spec.billable for spec in CATALOG if spec.category == "Administrative")
    assert len({spec.name for spec in CATALOG}) == len(CATALOG)


@pytest.mark.parametrize(
    ("url", "pings"),
    [
        ("sqlite:///{tmp}/baton.db", False),  # a file: no server to lose a connection
        ("postgresql://postgres@127.0.0.1:5432/baton", True),  # connections can go stale
    ],
)
def test_connections_are_tested_on_checkout_only_where_a_server_can_drop_them(tmp_path, url, pings):
    database = Database(url.format(tmp=tmp_path))  # no connection is opened here
    try:
        assert database.engine.pool._pre_ping is pings
    finally:
        database.dispose()
