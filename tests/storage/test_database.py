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


def _synchronous(session) -> int:
    return session.connection().exec_driver_sql("PRAGMA synchronous").scalar_one()


FULL, NORMAL = 2, 1


@pytest.mark.parametrize("immediate", [False, True])
def test_a_non_durable_transaction_commits_relaxed_and_hands_the_connection_back_full(
    tmp_path, immediate
):
    db = Database(tmp_path / "t.sqlite3")
    try:
        with db.transaction(durable=False, immediate=immediate) as s:
            assert _synchronous(s) == NORMAL
            s.add(SettingRow(key="page", value=1))
        with db.reading() as s:
            assert s.get(SettingRow, "page").value == 1  # committed, atomic as ever
            assert _synchronous(s) == FULL  # the pooled connection is FULL again
        with db.transaction() as s:
            assert _synchronous(s) == FULL
    finally:
        db.close()


def test_a_failed_non_durable_transaction_also_hands_the_connection_back_full(tmp_path):
    db = Database(tmp_path / "t.sqlite3")
    try:
        with pytest.raises(RuntimeError), db.transaction(durable=False) as s:
            s.add(SettingRow(key="page", value=1))
            s.flush()
            raise RuntimeError("cut off")
        with db.transaction() as s:
            assert s.get(SettingRow, "page") is None
            assert _synchronous(s) == FULL
    finally:
        db.close()
