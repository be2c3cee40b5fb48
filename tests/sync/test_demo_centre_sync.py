"""After a worker's first sync with the demo centre (what ``make run`` shows first), the
household list is a working day: households overdue, due soon and fine, and a few never
visited, due since they were registered (some of them overdue too)."""

from __future__ import annotations

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
    for h in never:
        registered = ws.household(h.id).household.created_at
        assert registered < datetime.now()
        assert h.due_state in (VisitDueState.OVERDUE, VisitDueState.DUE_SOON)
    assert any(h.due_state is VisitDueState.OVERDUE for h in never)
    # The visits are the colleagues' of this grid, and read back like the worker's own.
    visited = next(h for h in households if h.last_visit is not None)
    visits = ws.visits_of(visited.id)
    assert visits and {v.visitor for v in visits} <= {"worker1", "worker2"}
    assert max(v.started_at for v in visits) == visited.last_visit
