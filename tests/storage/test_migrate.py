"""Start-up migrations: backups, refusing newer databases, clear errors for broken files."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from gridworker.storage import migrate
from gridworker.storage.database import Database


def test_head_constant_matches_alembic_head():
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == migrate.HEAD_REVISION
    assert migrate.HEAD_REVISION in migrate.known_revisions()


def test_new_database_is_created_at_head(tmp_path):
    path = tmp_path / "new.sqlite3"
    assert migrate.prepare_database(path) is None
    assert migrate.current_revision(path) == migrate.HEAD_REVISION
    # Second open takes the fast path and makes no backup.
    assert migrate.prepare_database(path) is None
    assert not list(tmp_path.glob("*.bak"))


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.sqlite3"
    Database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(migrate.SchemaTooNew) as caught:
        Database(path)
    assert "升级" in caught.value.message and "9999" in caught.value.message
    assert path.read_bytes() == before


def test_older_database_is_backed_up_before_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    Database(path).close()
    # Pretend this build's head is a newer revision so the stamped one counts as older.
    head = migrate.HEAD_REVISION
    known = {*migrate.known_revisions(), "9000"}
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9000")
    monkeypatch.setattr(migrate, "known_revisions", lambda: known)
    upgraded = []
    monkeypatch.setattr(migrate, "upgrade", lambda p, target="head": upgraded.append(p))
    backup = migrate.prepare_database(path)
    assert backup is not None and backup.exists() and upgraded == [path]
    copy = sqlite3.connect(backup)
    stamped = copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert stamped == head


def test_failed_upgrade_names_the_backup(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    Database(path).close()
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9000")
    known = {*migrate.known_revisions(), "9000"}
    monkeypatch.setattr(migrate, "known_revisions", lambda: known)

    def broken(p, target="head"):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(migrate, "upgrade", broken)
    with pytest.raises(migrate.MigrationFailed) as caught:
        migrate.prepare_database(path)
    assert ".bak" in caught.value.message


def test_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(migrate.MigrationFailed) as caught:
        Database(path)
    assert "无法读取" in caught.value.message


def test_append_only_tables_refuse_edits(tmp_path):
    path = tmp_path / "a.sqlite3"
    Database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO audit_events (at, actor, event, target, reason, success) "
        "VALUES ('2026-01-01', 'w', 'reveal', 'x', 'r', 1)"
    )
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_events SET reason = 'tampered'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_events")


def _database_at_0001(path):
    """A database as gridworker 0.1 (schema 0001) left it, with a little data."""
    migrate.upgrade(path, "0001")
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        INSERT INTO grids VALUES ('110105001001001', '第一网格', '', '', '', 'g1', 1,
          '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000');
        INSERT INTO households (grid_id, group_name, door_number, address_detail, dwelling_type,
          head_resident_id, phone, tags, latitude, longitude, status, id, version, created_at,
          updated_at) VALUES ('g1', '一组', '12号', '', 'owner_occupied', NULL, '', '[]', NULL,
          NULL, 'active', 'h1', 1, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000');
        INSERT INTO visits (household_id, visitor, visit_type, started_at, ended_at, people_met,
          summary, findings, resolved_on_spot, follow_up_date, id, version, created_at,
          updated_at) VALUES ('h1', 'w', 'routine', '2026-01-02 09:00:00.000000', NULL, '',
          '走访', '[]', 1, NULL, 'v1', 0, '2026-01-02 09:00:00.000000',
          '2026-01-02 09:00:00.000000');
        INSERT INTO photos VALUES ('SHA', 10, 10, 100, NULL, '2026-01-02 09:00:00.000000');
        INSERT INTO visit_photos VALUES ('v1', 'SHA', 0);
        INSERT INTO journal (mutation_id, entity, row_id, op, base_version, changes, actor,
          created_at, state) VALUES ('m1', 'visit', 'v1', 'create', 0, '{}', 'w',
          '2026-01-02 09:00:00.000000', 'pending');
        """.replace("SHA", "a" * 64)
    )
    conn.commit()
    conn.close()


def test_0001_database_upgrades_to_head_keeping_its_data(tmp_path):
    path = tmp_path / "v1.sqlite3"
    _database_at_0001(path)
    assert migrate.current_revision(path) == "0001"
    backup = migrate.prepare_database(path)
    assert backup is not None and backup.exists()
    assert migrate.current_revision(path) == migrate.HEAD_REVISION
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT state, status, resolves FROM journal").fetchall() == [
        ("pending", None, None)
    ]
    # Photos already there are on disk and not yet uploaded.
    assert conn.execute("SELECT uploaded, local FROM photos").fetchall() == [(0, 1)]
    assert conn.execute("SELECT count(*) FROM conflicts").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM sync_flags").fetchone() == (0,)
    assert conn.execute("SELECT id FROM visits").fetchall() == [("v1",)]
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert copy.execute("SELECT count(*) FROM visits").fetchone() == (1,)


def test_visits_are_deleted_only_under_the_purge_guard(tmp_path):
    path = tmp_path / "v.sqlite3"
    _database_at_0001(path)
    migrate.prepare_database(path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM visit_photos")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM visits")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE visits SET summary = 'tampered'")
    conn.execute("INSERT INTO purge_guard (id) VALUES (1)")
    conn.execute("DELETE FROM visits")
    conn.execute("DELETE FROM purge_guard")
    conn.commit()
    assert conn.execute("SELECT count(*) FROM visits").fetchone() == (0,)


def test_downgrade_to_0001_and_back(tmp_path):
    path = tmp_path / "d.sqlite3"
    _database_at_0001(path)
    migrate.prepare_database(path)
    migrate_down(path, "0001")
    assert migrate.current_revision(path) == "0001"
    migrate.upgrade(path)
    assert migrate.current_revision(path) == migrate.HEAD_REVISION


def migrate_down(path, target):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, target)
    finally:
        engine.dispose()


def test_models_match_the_migrated_schema(tmp_path):
    """Alembic autogenerate finds nothing to add: models.py and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from gridworker.storage.models import Base

    path = tmp_path / "m.sqlite3"
    migrate.prepare_database(path)
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    # The FTS5 virtual table and its shadow tables are not models.
    diffs = [d for d in diffs if "search_index" not in repr(d)]
    assert diffs == []


def test_0002_database_upgrades_to_0003_with_an_empty_kept_copies_table(tmp_path):
    """0003 adds kept copies of rejected changes; the journal and its answers stay."""
    path = tmp_path / "v2.sqlite3"
    _database_at_0001(path)
    migrate.upgrade(path, "0002")
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE journal SET state = 'rejected', status = 'rejected', "
        "error_code = 'out_of_scope', error_message = '不在您的网格'"
    )
    conn.commit()
    conn.close()
    assert migrate.current_revision(path) == "0002"
    backup = migrate.prepare_database(path)
    assert backup is not None and backup.exists()
    assert migrate.current_revision(path) == migrate.HEAD_REVISION
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT mutation_id, state, error_code FROM journal").fetchall() == [
        ("m1", "rejected", "out_of_scope")
    ]
    assert conn.execute("SELECT count(*) FROM kept_copies").fetchone() == (0,)
    conn.execute(
        "INSERT INTO kept_copies (id, mutation_id, entity, row_id, row_label, op, changes, "
        "error_code, error_message, changed_at, rejected_at, kept_at, kept_by) VALUES "
        "('k1', 'm1', 'visit', 'v1', '一组 12号', 'create', '{}', 'out_of_scope', '', "
        "'2026-01-02 09:00:00', NULL, '2026-01-03 09:00:00', 'w')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="read-only"):
        conn.execute("UPDATE kept_copies SET row_label = 'tampered'")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(
            "INSERT INTO kept_copies (id, mutation_id, entity, row_id, row_label, op, changes, "
            "error_code, error_message, changed_at, rejected_at, kept_at, kept_by) VALUES "
            "('k2', 'm1', 'visit', 'v1', '', 'create', '{}', '', '', "
            "'2026-01-02 09:00:00', NULL, '2026-01-03 09:00:00', 'w')"
        )
    conn.commit()
    conn.close()
    migrate_down(path, "0002")
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "kept_copies" not in tables and "journal" in tables
    conn.close()


def test_0003_database_upgrades_to_0004_with_an_empty_sweep_table(tmp_path):
    """0004 adds ``sweep_seen`` (rows a pull from the beginning has mentioned); the rows, the
    journal and the settings stay as they were, and no sweep is under way."""
    path = tmp_path / "v3.sqlite3"
    _database_at_0001(path)
    migrate.upgrade(path, "0003")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('sync.cursor', '\"c1\"')")
    conn.commit()
    conn.close()
    assert migrate.current_revision(path) == "0003"
    backup = migrate.prepare_database(path)
    assert backup is not None and backup.exists()
    assert migrate.current_revision(path) == migrate.HEAD_REVISION
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sweep_seen").fetchone() == (0,)
    assert conn.execute("SELECT key, value FROM settings").fetchall() == [("sync.cursor", '"c1"')]
    assert conn.execute("SELECT id FROM visits").fetchall() == [("v1",)]
    assert conn.execute("SELECT mutation_id, state FROM journal").fetchall() == [("m1", "pending")]
    conn.execute("INSERT INTO sweep_seen (entity, row_id) VALUES ('visit', 'v1')")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute("INSERT INTO sweep_seen (entity, row_id) VALUES ('visit', 'v1')")
    conn.execute("INSERT INTO sweep_seen (entity, row_id) VALUES ('household', 'v1')")
    conn.commit()
    conn.close()
    migrate_down(path, "0003")
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "sweep_seen" not in tables and "settings" in tables
    assert conn.execute("SELECT id FROM visits").fetchall() == [("v1",)]
    conn.close()
    migrate.upgrade(path)
    assert migrate.current_revision(path) == migrate.HEAD_REVISION


def test_0004_database_upgrades_to_0005_with_an_empty_quarantine(tmp_path):
    """0005 adds ``quarantine`` (pulled rows the client cannot read), ``redactions`` and
    residents' ``education``; the rows, the journal and the cursor stay as they were. The
    start-up check knows every script's id (``known_revisions`` reads them)."""
    path = tmp_path / "v4.sqlite3"
    _database_at_0001(path)
    migrate.upgrade(path, "0004")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('sync.cursor', '\"c1\"')")
    conn.commit()
    conn.close()
    assert migrate.current_revision(path) == "0004"
    assert {"0004", "0005"} <= migrate.known_revisions()
    backup = migrate.prepare_database(path)
    assert backup is not None and backup.exists()
    assert migrate.current_revision(path) == migrate.HEAD_REVISION == "0005"
    assert conn_columns(path, "residents") >= {"education"}
    assert conn_columns(path, "redactions") >= {"reason", "redacted_at"}
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM quarantine").fetchone() == (0,)
    assert conn.execute("SELECT key, value FROM settings").fetchall() == [("sync.cursor", '"c1"')]
    assert conn.execute("SELECT id FROM visits").fetchall() == [("v1",)]
    row = ("resident", "r1", 2, "{}", 0, "bad_value", "resident.sex", "2026-12-01", "2026-12-01")
    conn.execute("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
    conn.commit()
    conn.close()
    migrate_down(path, "0004")
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "quarantine" not in tables and "sweep_seen" in tables
    conn.close()
    migrate.upgrade(path)
    assert migrate.current_revision(path) == migrate.HEAD_REVISION


def conn_columns(path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()
