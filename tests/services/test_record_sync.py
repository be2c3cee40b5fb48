"""Per-record sync state: each household, resident and visit says whether its changes are
not yet sent, in conflict, refused (and why), or simply synced; a household's line takes the
worst of everything in it.

The journal and conflict rows are written the way the sync engine writes them (answered
entries, open conflicts); the whole path against a real gridcenter is in
tests/ui/test_record_sync_ui.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from gridworker.services.roster_view import (
    SYNCED,
    RecordSync,
    RecordSyncState,
    aggregate,
)
from gridworker.storage.models import ConflictRow, JournalEntryRow

NOW = datetime(2026, 11, 21, 9, 30)


def _all_sent(ws) -> None:
    with ws.db.transaction() as s:
        for entry in s.scalars(select(JournalEntryRow)):
            entry.state, entry.status, entry.server_version = "sent", "applied", 1


def _answer_last(ws, state: str, message: str = "") -> JournalEntryRow:
    with ws.db.transaction() as s:
        entry = s.scalars(select(JournalEntryRow).order_by(JournalEntryRow.seq.desc())).first()
        entry.state = entry.status = state
        if state == "rejected":
            entry.error_code, entry.error_message = "invalid", message
        entry.answered_at = NOW
        return entry


def _conflict(ws, entity: str, row_id: str, field: str, state: str = "open") -> None:
    with ws.db.transaction() as s:
        s.add(ConflictRow(
            id=f"c-{row_id}-{field}", entity=entity, row_id=row_id, kind="field", field=field,
            base="a", mine="b", theirs="c", mutation_id="m", created_at=NOW, state=state,
        ))  # fmt: skip


def _line(ws, household_id: str) -> RecordSync:
    return next(h for h in ws.households() if h.id == household_id).sync


def test_worst_first_and_counts_add_up():
    rejected = RecordSync(RecordSyncState.REJECTED, "不行", rejected=1)
    conflict = RecordSync(RecordSyncState.CONFLICT, "联系电话", conflicts=2)
    unsent = RecordSync(RecordSyncState.NOT_SENT, unsent=3)
    for order in ([rejected, conflict, unsent], [unsent, conflict, rejected, SYNCED]):
        assert aggregate(order) == RecordSync(RecordSyncState.REJECTED, "不行", 3, 2, 1)
    assert aggregate([unsent, conflict]).state is RecordSyncState.CONFLICT
    assert aggregate([]) == SYNCED and SYNCED.synced


def test_states_of_household_residents_and_visits_and_the_worst_on_the_line(ws):
    household = ws.test_household
    (head,) = ws.residents(household.id)
    other = ws.add_household(ws.test_grid.id, group_name="二组", door_number="3号")
    _all_sent(ws)
    assert _line(ws, household.id) == SYNCED and _line(ws, other.id) == SYNCED
    detail = ws.household(household.id)
    assert detail.sync == SYNCED and detail.sync_of(head.id) == SYNCED

    # Not sent: a new visit. Only this household's line changes.
    visit = ws.log_visit(household.id, summary="入户走访")
    assert _line(ws, household.id) == RecordSync(RecordSyncState.NOT_SENT, unsent=1)
    assert _line(ws, other.id) == SYNCED
    assert ws.household(household.id).sync_of(visit.id).state is RecordSyncState.NOT_SENT

    # In conflict: the head's phone (the server kept its value); worse than not sent.
    ws.update_resident(head.id, phone="13900001111")
    _answer_last(ws, "sent")
    _conflict(ws, "resident", head.id, "phone")
    line = _line(ws, household.id)
    assert (line.state, line.reason, line.conflicts, line.unsent) == (
        RecordSyncState.CONFLICT, "联系电话", 1, 1,
    )  # fmt: skip
    detail = ws.household(household.id)
    assert detail.sync == line
    assert detail.sync_of(head.id).state is RecordSyncState.CONFLICT
    assert detail.sync_of(visit.id).state is RecordSyncState.NOT_SENT

    # Refused: the household's own change, with the server's reason; worst of all.
    ws.update_household(household.id, door_number="12-1号")
    _answer_last(ws, "rejected", "该户不在您的网格范围内")
    line = _line(ws, household.id)
    assert (line.state, line.reason) == (RecordSyncState.REJECTED, "该户不在您的网格范围内")
    assert ws.household(household.id).sync_of(household.id) == RecordSync(
        RecordSyncState.REJECTED, "该户不在您的网格范围内", rejected=1,
        entity="household", code="invalid",  # for the UI to word in the user's language
    )

    # Dismissed refusals and decided conflicts no longer count; sent visits are synced.
    with ws.db.transaction() as s:
        for entry in s.scalars(select(JournalEntryRow).where(JournalEntryRow.state != "sent")):
            entry.state = "dismissed" if entry.state == "rejected" else "sent"
        for conflict in s.scalars(select(ConflictRow)):
            conflict.state = "resolved"
    assert _line(ws, household.id) == SYNCED
    assert ws.household(household.id).sync == SYNCED


def test_an_amendment_shows_on_its_visit_and_resolving_conflicts_wait_as_unsent(ws):
    household = ws.test_household
    (head,) = ws.residents(household.id)
    visit = ws.log_visit(household.id, summary="入户走访")
    _all_sent(ws)
    ws.amend_visit(visit.id, reason="写错了", summary="入户走访，老人身体好")
    detail = ws.household(household.id)
    assert detail.sync_of(visit.id) == RecordSync(RecordSyncState.NOT_SENT, unsent=1)
    _all_sent(ws)
    _conflict(ws, "resident", head.id, "note", state="resolving")
    assert _line(ws, household.id) == SYNCED  # its resolution is what waits (a pending entry)
