"""A full disk never costs data: the write that did not fit is rolled back whole, the
worker is told in plain words, and once space is freed the same work completes.

The disk is "filled" with SQLite's own size cap (``PRAGMA max_page_count``) on every
connection of the workspace's engine: SQLite then fails writes with SQLITE_FULL exactly as
on a full disk. The pull runs against a real gridcenter over HTTP.
"""

from __future__ import annotations

import errno

import pytest
from sqlalchemy import event, text

from gridworker.domain.errors import DiskFull
from gridworker.storage.database import is_disk_full


def _cap(ws, extra_pages: int = 0):
    """Cap the workspace database at its current size (+ ``extra_pages``); returns an undo."""
    engine = ws.db.engine
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM")  # no free pages left for a write to reuse
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
    limit = pages + extra_pages

    def cap(dbapi_connection, _record):
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA max_page_count={limit}")
        cur.close()

    event.listen(engine, "connect", cap)
    engine.dispose()

    def lift():
        event.remove(engine, "connect", cap)
        engine.dispose()

    return lift


def _counts(ws):
    with ws.db.engine.connect() as conn:
        return {
            table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("households", "residents", "visits", "journal")
        }


def test_a_first_sync_on_a_full_disk_writes_nothing_and_completes_once_space_is_freed(
    gridcenter_session, make_ws
):
    ws = make_ws(gridcenter_session, "worker1", "full-first")
    before = _counts(ws)
    lift = _cap(ws)
    with pytest.raises(DiskFull) as caught:
        ws.sync()
    assert "磁盘空间不足" in caught.value.message
    lift()
    assert _counts(ws) == before  # the page that did not fit left nothing behind
    report = ws.sync()
    assert ws.status().households == 150 and report.pulled >= 150
    assert ws.status().pending_changes == 0


def test_a_save_on_a_full_disk_is_refused_whole_and_the_same_save_works_later(
    gridcenter_session, make_ws
):
    ws = make_ws(gridcenter_session, "worker1", "full-save")
    ws.sync()
    household = ws.households()[0]
    resident = ws.residents(household.id)[0]
    before = _counts(ws)
    lift = _cap(ws)
    try:
        with pytest.raises(DiskFull):
            # A long note grows the row, the journal and the search index past the cap.
            for i in range(200):
                ws.update_resident(resident.id, note=f"记录 {i} " + "很长的备注" * 400)
    finally:
        lift()
    after_fail = _counts(ws)
    assert after_fail["residents"] == before["residents"]
    saved = after_fail["journal"] - before["journal"]  # notes that did fit before the cap
    ws.update_resident(resident.id, note="空间释放后保存")
    assert any(r.note == "空间释放后保存" for r in ws.residents(household.id))
    assert _counts(ws)["journal"] == before["journal"] + saved + 1
    report = ws.sync()
    assert not report.rejected and ws.status().pending_changes == 0


def test_disk_full_is_recognised_from_the_file_system_and_from_sqlite():
    import sqlite3

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x BLOB)")
    conn.execute("PRAGMA max_page_count=2")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    assert is_disk_full(caught.value)
    try:
        raise RuntimeError("wrapped") from caught.value
    except RuntimeError as exc:
        assert is_disk_full(exc)
