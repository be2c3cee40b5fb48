"""The Alembic migrations build exactly the schema gridcenter.models describes, on a fresh
database, and the fast path leaves a migrated database alone."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from gridcenter import migrations
from gridcenter.models import metadata


def test_migrations_match_models(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'schema.sqlite3'}")
    migrations.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
        assert conn.execute(text("SELECT value FROM counters WHERE name='seq'")).scalar() == 0
    assert migrations.current_revision(engine) == migrations.HEAD_REVISION
    migrations.upgrade(engine)  # at head: nothing happens
    engine.dispose()


def test_audit_log_is_append_only(tmp_path):
    import pytest
    from sqlalchemy.exc import DatabaseError

    engine = create_engine(f"sqlite:///{tmp_path / 'audit.sqlite3'}")
    migrations.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, username, event, target, detail, success) "
                          "VALUES ('t', 'u', 'e', '', '', 1)"))
    for sql in ("UPDATE audit_log SET event='x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError), engine.begin() as conn:
            conn.execute(text(sql))
    engine.dispose()


def test_a_0001_database_upgrades_with_a_cursor_epoch_of_its_own(tmp_path):
    """A centre installed before cursor epochs gets one when it next starts (every CLI call
    upgrades); two such centres get different ones."""
    epochs = []
    for name in ("a", "b"):
        engine = create_engine(f"sqlite:///{tmp_path / f'{name}.sqlite3'}")
        migrations.upgrade(engine, "0001")
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == migrations.HEAD_REVISION
        with engine.connect() as conn:
            epochs.append(
                conn.execute(text("SELECT value FROM meta WHERE name='cursor_epoch'")).scalar()
            )
        engine.dispose()
    assert all(len(e) == 16 for e in epochs) and epochs[0] != epochs[1]
