"""``sweep.resend`` on its own: rows a pull from the beginning brings in an older version than
the local one (the centre lost history) go back to the server's version; only differing
client-writable values that the server accepted from someone (not values it refused) are
queued again. The restore over real HTTP is in test_restore.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from gridworker.storage.journal import PENDING, REJECTED, SENT
from gridworker.storage.models import JournalEntryRow
from gridworker.sync import apply, sweep

from . import rows

NOW = datetime(2026, 11, 22, 10, 0)
LOW, FIVE = "minimum_allowance", "five_guarantees"


def _page(ws, page):
    """What the engine does with a page while the sweep key is set (less the recording)."""
    with ws.db.transaction() as s:
        resent = sweep.resend(s, page, actor="account", now=NOW)
        apply.apply_rows(s, page, now=NOW)
    return resent


def _answer_newest(ws, state: str) -> JournalEntryRow:
    with ws.db.transaction() as s:
        entry = s.scalars(
            select(JournalEntryRow).where(JournalEntryRow.state == PENDING)
            .order_by(JournalEntryRow.seq.desc())
        ).first()
        entry.state = state
        return entry


def _pending(ws, row_id: str) -> list[JournalEntryRow]:
    with ws.db.reading() as s:
        return list(s.scalars(
            select(JournalEntryRow).where(JournalEntryRow.row_id == row_id,
                                          JournalEntryRow.state == PENDING)
        ))  # fmt: skip


def test_refused_values_server_fields_and_append_only_rows_are_not_sent_again(ws):
    g = rows.grid(version=3, name="网格新名")
    h = rows.household(g.id, version=3, door_number="7号")
    same = rows.household(g.id, version=4, door_number="8号")
    v = rows.visit(h.id, version=3)
    a = rows.amendment(v.id, version=2)
    with ws.db.transaction() as s:
        apply.apply_rows(s, [g, h, same, v, a], now=NOW)
    ws.update_household(h.id, phone="13900000009")
    sent = _answer_newest(ws, SENT)  # the centre took it (and then lost it)
    ws.update_household(h.id, door_number="99号")
    _answer_newest(ws, REJECTED)  # refused: shown until the server's next version
    assert ws.household(h.id).household.door_number == "99号"

    page = [
        rows.grid(g.id, version=2, name="网格旧名"),
        rows.household(g.id, h.id, version=2, door_number="7号"),
        rows.household(g.id, same.id, version=3, door_number="8号"),
        rows.visit(h.id, v.id, version=1),
        rows.amendment(v.id, a.id, version=1),
    ]
    assert _page(ws, page) == [("household", h.id)]

    (entry,) = _pending(ws, h.id)
    assert (entry.op, entry.base_version, entry.actor) == ("update", 2, sent.actor)
    assert entry.changes == {"phone": {"base": "", "new": "13900000009"}}
    shown = ws.household(h.id).household
    assert (shown.version, shown.phone, shown.door_number) == (2, "13900000009", "7号")
    # The same values: only the version moves back. Grids (the centre's) and visits and
    # amendments (append-only) are never sent as updates: their versions move back too.
    assert ws.household(same.id).household.version == 3 and _pending(ws, same.id) == []
    with ws.db.reading() as s:
        versions = dict(s.connection().exec_driver_sql(
            "SELECT 'grid', version FROM grids WHERE id = ? UNION ALL "
            "SELECT 'visit', version FROM visits WHERE id = ? UNION ALL "
            "SELECT 'amendment', version FROM visit_amendments WHERE id = ?",
            (g.id, v.id, a.id),
        ).all())  # fmt: skip
        name = s.connection().exec_driver_sql(
            "SELECT name FROM grids WHERE id = ?", (g.id,)
        ).scalar()
    assert versions == {"grid": 2, "visit": 1, "amendment": 1}
    assert name == "网格旧名"
    assert _pending(ws, g.id) == _pending(ws, v.id) == _pending(ws, a.id) == []


def test_a_row_no_entry_of_mine_names_is_sent_under_the_account_and_nothing_else_moves(ws):
    g = rows.grid()
    h = rows.household(g.id, version=5, tags=[LOW, FIVE], latitude=39.9)
    ahead = rows.household(g.id, version=2, phone="1")
    reordered = rows.household(g.id, version=3, tags=[LOW, FIVE])
    with ws.db.transaction() as s:
        apply.apply_rows(s, [g, h, ahead, reordered], now=NOW)

    page = [
        rows.household(g.id, h.id, version=4, tags=[FIVE], latitude=39.9),
        rows.household(g.id, ahead.id, version=3, phone="2"),  # newer: an ordinary update
        rows.household(g.id, reordered.id, version=2, tags=[FIVE, LOW]),
    ]
    assert _page(ws, page) == [("household", h.id)]
    (entry,) = _pending(ws, h.id)
    assert (entry.base_version, entry.actor) == (4, "account")
    # Sets compare as sets (a reordered list is no difference), latitude is the same.
    assert entry.changes == {"tags": {"base": [FIVE], "new": [LOW, FIVE]}}
    assert ws.household(h.id).household.tags == {LOW, FIVE}
    assert ws.household(ahead.id).household.phone == "2" and _pending(ws, ahead.id) == []
    assert ws.household(reordered.id).household.version == 2
    assert _pending(ws, reordered.id) == []
