"""After a worker's first sync with the demo centre (what ``make run`` shows first), the
household list is a working day: households overdue, due soon and fine, and a few never
visited, due since they were registered (some of them overdue too)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime

from gridworker.domain.vocab import VisitDueState


def test_first_sync_brings_visits_and_a_mix_of_due_states(gridcenter_session, make_ws):
    ws = make_ws(gridcenter_session, "worker1", "demo-mix")
    report = ws.sync()
    assert report.pulled_by_entity["visit"] > 300
    households = ws.households()
    states = Counter(h.due_state for h in households)
    assert states[VisitDueState.OVERDUE] >= 5
    assert states[VisitDueState.DUE_SOON] >= 5
    assert states[VisitDueState.OK] > len(households) / 2
    never = [h for h in households if h.last_visit is None]
    assert 1 <= len(never) < len(households) / 10
    # Never visited: due from the centre's registration date, not from this first sync.
    centre = _registered_at_the_centre(gridcenter_session, [h.id for h in never])
    for h in never:
        registered = ws.household(h.id).household.created_at
        assert registered == centre[h.id] < report.started_at
        assert h.due_state in (VisitDueState.OVERDUE, VisitDueState.DUE_SOON)
    assert any(h.due_state is VisitDueState.OVERDUE for h in never)
    # The visits are the colleagues' of this grid, and read back like the worker's own.
    visited = next(h for h in households if h.last_visit is not None)
    visits = ws.visits_of(visited.id)
    assert visits and {v.visitor for v in visits} <= {"worker1", "worker2"}
    assert max(v.started_at for v in visits) == visited.last_visit


def _registered_at_the_centre(server, ids: list[str]) -> dict[str, datetime]:
    """The households' ``created_at`` in the centre's data, as the client's local time."""
    db = sqlite3.connect(f"file:{server.data_dir / 'gridcenter.sqlite3'}?mode=ro", uri=True)
    try:
        marks = ",".join("?" * len(ids))
        rows = db.execute(f"SELECT id, data FROM records WHERE id IN ({marks})", ids).fetchall()
    finally:
        db.close()
    return {
        rid: datetime.fromisoformat(json.loads(data)["created_at"]).astimezone().replace(
            tzinfo=None)
        for rid, data in rows
    }
