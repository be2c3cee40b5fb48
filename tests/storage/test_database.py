"""Transactions: an immediate one holds the write lock from its start."""

from __future__ import annotations

import sqlite3

import pytest

from gridworker.storage.database import Database
from gridworker.storage.models import SettingRow


def test_an_immediate_transaction_keeps_other_writers_out_until_it_commits(tmp_path):
    db = Database(tmp_path / "t.sqlite3")
    other = sqlite3.connect(tmp_path / "t.sqlite3", timeout=0, isolation_level=None)
    try:
        with db.transaction(immediate=True) as s:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
            s.add(SettingRow(key="mine", value=1))
        other.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
        with db.reading() as s:
            assert s.get(SettingRow, "mine").value == 1
        with db.transaction() as s:  # deferred: nothing is locked before the first write
            other.execute("INSERT INTO settings (key, value) VALUES ('k2', '1')")
            s.add(SettingRow(key="mine2", value=2))
    finally:
        other.close()
        db.close()
