"""The outbox: a change and its journal entry commit together or not at all."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from gridworker.storage.database import Database
from gridworker.storage.journal import create_row, pending_count, pending_entries, update_row
from gridworker.storage.models import GridRow, JournalEntryRow

NOW = datetime(2026, 11, 1, 9, 30)


def _grid(code: str = "110105001001001") -> GridRow:
    return GridRow(code=code, name="第一网格", village="", township="", county="")


def test_create_journals_every_field_with_null_base(tmp_path):
    db = Database(tmp_path / "j.sqlite3")
    with db.transaction() as s:
        row = create_row(s, _grid(), entity="grid", actor="worker1", now=NOW)
    with db.reading() as s:
        (entry,) = pending_entries(s)
    assert entry.entity == "grid" and entry.op == "create" and entry.row_id == row.id
    assert entry.base_version == 0 and entry.actor == "worker1"
    assert entry.changes["name"] == {"base": None, "new": "第一网格"}
    assert "id" not in entry.changes and "version" not in entry.changes


def test_update_journals_only_changed_fields_with_base_values(tmp_path):
    db = Database(tmp_path / "j.sqlite3")
    with db.transaction() as s:
        row = create_row(s, _grid(), entity="grid", actor="w", now=NOW)
    with db.transaction() as s:
        row = s.get(GridRow, row.id)
        changes = update_row(s, row, {"name": "第二网格", "village": ""}, entity="grid",
                             actor="w", now=NOW)
    assert changes == {"name": {"base": "第一网格", "new": "第二网格"}}
    with db.reading() as s:
        assert pending_count(s) == 2


def test_noop_update_writes_no_entry(tmp_path):
    db = Database(tmp_path / "j.sqlite3")
    with db.transaction() as s:
        row = create_row(s, _grid(), entity="grid", actor="w", now=NOW)
    with db.transaction() as s:
        row = s.get(GridRow, row.id)
        assert update_row(s, row, {"name": "第一网格"}, entity="grid", actor="w", now=NOW) == {}
    with db.reading() as s:
        assert pending_count(s) == 1


def test_failure_rolls_back_row_and_entry_together(tmp_path):
    db = Database(tmp_path / "j.sqlite3")
    with pytest.raises(RuntimeError), db.transaction() as s:
        create_row(s, _grid(), entity="grid", actor="w", now=NOW)
        s.flush()
        raise RuntimeError("power cut")
    with db.reading() as s:
        assert s.query(GridRow).count() == 0
        assert s.query(JournalEntryRow).count() == 0


def test_unknown_field_is_a_programming_error(tmp_path):
    db = Database(tmp_path / "j.sqlite3")
    with db.transaction() as s:
        row = create_row(s, _grid(), entity="grid", actor="w", now=NOW)
        with pytest.raises(KeyError):
            update_row(s, row, {"nope": 1}, entity="grid", actor="w", now=NOW)


def test_database_uses_wal_and_foreign_keys(tmp_path):
    db = Database(tmp_path / "j.sqlite3")
    with db.reading() as s:
        conn = s.connection().connection.dbapi_connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    raw = sqlite3.connect(tmp_path / "j.sqlite3")
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("PRAGMA foreign_keys=ON")
        raw.execute(
            "INSERT INTO households (id, version, created_at, updated_at, grid_id, group_name, "
            "door_number, address_detail, dwelling_type, phone, tags, status) VALUES "
            "('h', 0, '2026-01-01', '2026-01-01', 'no-such-grid', '', '', '', 'x', '', '[]', 'a')"
        )


def test_deletable_entities_match_the_protocol():
    from gridworker.storage.journal import DELETABLE
    from gridworker.sync.protocol import ENTITIES

    assert {n for n, spec in ENTITIES.items() if spec.deletable} == DELETABLE


def test_delete_row_removes_the_row_and_journals_a_delete(ws):
    from gridworker.storage.journal import delete_row
    from gridworker.storage.models import ResidentRow

    resident = ws.residents(ws.test_household.id)[0]
    with ws.db.transaction() as s:
        row = s.get(ResidentRow, resident.id)
        row.version = 3
        entry = delete_row(s, row, entity="resident", actor="w", now=NOW)
    assert entry.op == "delete" and entry.changes == {} and entry.base_version == 3
    with ws.db.reading() as s:
        assert s.get(ResidentRow, resident.id) is None


def test_delete_row_refuses_entities_that_are_not_deletable(ws):
    from gridworker.storage.journal import delete_row
    from gridworker.storage.models import HouseholdRow

    with ws.db.transaction() as s, pytest.raises(ValueError):
        delete_row(s, s.get(HouseholdRow, ws.test_household.id), entity="household",
                   actor="w", now=NOW)


def test_recorded_time_field_matches_the_protocol():
    from gridworker.storage.journal import RECORDED_AT
    from gridworker.sync.protocol import ENTITIES
    from gridworker.sync.protocol import RECORDED_AT as WIRE_RECORDED_AT

    assert RECORDED_AT == WIRE_RECORDED_AT
    assert {n for n, spec in ENTITIES.items() if RECORDED_AT in spec.fields} == {
        "visit", "visit_amendment"
    }
