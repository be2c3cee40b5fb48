"""A visit and its correction are evidence: every laptop shows the time the worker recorded
them, not when they reached the centre or the colleague (docs/sync-protocol.md, "Visit rows
carry ... created_at"). Two workers of grid 110105001001001 against a real gridcenter."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from sqlalchemy import select

from gridworker.storage.models import JournalEntryRow


def _received(server, row_id: str) -> datetime:
    """When the row reached the centre (its own record column), as local wall time."""
    path = server.data_dir / "gridcenter.sqlite3"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (stamp,) = conn.execute("SELECT created_at FROM records WHERE id = ?", (row_id,)).fetchone()
    finally:
        conn.close()
    return datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None)


def _first_household(ws) -> str:
    return sorted(h.id for h in ws.households())[0]


def test_a_correction_made_offline_on_monday_reads_monday_on_every_laptop(gridcenter, make_ws):
    w1 = make_ws(gridcenter, "worker1", "w1")
    w2 = make_ws(gridcenter, "worker2", "w2")
    w1.sync()
    w2.sync()
    hid = _first_household(w1)
    assert hid == _first_household(w2)  # the same grid

    # Monday, offline: worker1 logs a visit in the morning and corrects it in the afternoon.
    monday = datetime.now().replace(second=0, microsecond=0) - timedelta(days=2)
    w1.ctx.clock = lambda: monday.replace(hour=9, minute=5)
    visit = w1.log_visit(hid, summary="入户走访，老人腿脚不便",
                         started_at=monday.replace(hour=8, minute=30))
    w1.ctx.clock = lambda: monday.replace(hour=15, minute=40)
    w1.amend_visit(visit.id, reason="补记见到的人", people_met="老人的儿子")
    recorded = w1.visit_record(visit.id)
    assert recorded.visit.created_at == monday.replace(hour=9, minute=5)
    assert recorded.history[0].amendment.created_at == monday.replace(hour=15, minute=40)

    # Wednesday: worker1 syncs, then worker2 (and worker1 on a second laptop) pull.
    w1.ctx.clock = datetime.now
    w1.sync()
    w2.sync()
    other_laptop = make_ws(gridcenter, "worker1", "w1-laptop2")
    other_laptop.sync()
    for ws in (w1, w2, other_laptop):
        record = ws.visit_record(visit.id)
        assert record.visit.created_at == monday.replace(hour=9, minute=5), ws.data_dir
        assert record.visit.started_at == monday.replace(hour=8, minute=30)
        (step,) = record.history
        assert step.amendment.created_at == monday.replace(hour=15, minute=40), ws.data_dir
        assert (step.amendment.author, step.amendment.reason) == ("worker1", "补记见到的人")
        assert record.visit.people_met == "老人的儿子" and record.original.people_met == ""

    # The centre kept its own receive time apart from the worker's.
    assert _received(gridcenter, visit.id) > monday + timedelta(days=1)


def test_a_visit_from_an_older_client_reads_the_centres_receive_time(gridcenter, make_ws):
    """An older client sends no recorded time: the centre stamps its receive time, and that
    (not the colleague's pull time) is what the colleague sees."""
    w1 = make_ws(gridcenter, "worker1", "old-w1")
    w2 = make_ws(gridcenter, "worker2", "old-w2")
    w1.sync()
    hid = _first_household(w1)
    w1.ctx.clock = lambda: datetime.now().replace(microsecond=0) - timedelta(days=2)
    visit = w1.log_visit(hid, summary="例行走访，情况正常")
    w1.ctx.clock = datetime.now
    with w1.db.transaction() as s:  # the create as an older client wrote it
        (entry,) = s.scalars(select(JournalEntryRow).where(JournalEntryRow.row_id == visit.id))
        changes = dict(entry.changes)
        assert changes.pop("created_at")["new"]
        entry.changes = changes
    report = w1.sync()
    assert report.rejected == [] and w1.status().pending_changes == 0
    w2.sync()
    assert w2.visit(visit.id).created_at == _received(gridcenter, visit.id)
    assert w1.visit(visit.id).created_at == visit.created_at  # its own laptop keeps its time
