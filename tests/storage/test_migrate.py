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
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0002")
    monkeypatch.setattr(migrate, "known_revisions", lambda: {"0001", "0002"})
    upgraded = []
    monkeypatch.setattr(migrate, "upgrade", lambda p, target="head": upgraded.append(p))
    backup = migrate.prepare_database(path)
    assert backup is not None and backup.exists() and upgraded == [path]
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


def test_failed_upgrade_names_the_backup(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    Database(path).close()
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0002")
    monkeypatch.setattr(migrate, "known_revisions", lambda: {"0001", "0002"})

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
