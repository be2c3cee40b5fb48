"""The sweep after a pull from the beginning: local rows the server no longer has go.

When gridcenter answers a pull with ``cursor_invalid`` (its change log no longer reaches back
to my cursor: restored from a backup, compacted, a cursor of another server), the engine
drops the cursor and pulls everything again. Rows removed on the server meanwhile (or moved
out of my scope) may come without a tombstone or ``gone`` marker in that full pull, so the
pull alone would leave them here for ever. The sweep removes them once the full pull ends.

- :func:`start`, in the transaction that drops the cursor: sets ``KEY_SWEEP`` (the time of
  the reset) and empties the ``sweep_seen`` table (a reset during an unfinished one starts
  over: rows seen before it may have gone since).
- :func:`record`, in each page's transaction while the key is set: the (entity, row id) of
  every row the page mentions (live, tombstone or ``gone``), with the page and its cursor.
  A pull interrupted half way (crash, cancel, network) resumes from its saved cursor in a
  later run; what it saw before is recorded, and a power cut takes a page back together
  with its records and its cursor, so the page is fetched and recorded again.
- :func:`finish`, in the transaction of the page that ends the pull (``has_more`` false):
  every local grid, household, resident, visit and amendment not recorded is handed to
  ``apply._remove`` as a ``gone`` marker, exactly as a scope exit the server announced: a
  row with unsent work (pending or rejected entries, undecided conflicts) anywhere in its
  subtree is kept and flagged ``out_of_scope`` (pushing that work is answered
  ``not_found`` or ``out_of_scope``; dismissing it lets the row go), children go with their
  parents, the search index and photo links follow. Rows created here and never accepted by
  the server (a create entry still pending or rejected) are not the server's to remove and
  are never swept. Then the table is emptied and the key cleared.

The client cannot tell a row deleted on the server from one that left my scope (no marker
says which), hence ``gone``: ``deleted`` would also move a kept row to a tombstone's version,
and there is none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..storage.journal import PENDING, REJECTED
from ..storage.models import SettingRow
from . import apply
from . import protocol as p
from .wire import ServerRow

KEY_SWEEP = "sync.sweep_since_reset"
"""Set (to the reset time, ISO text) from the reset until the full pull has ended and swept."""
REASON = "平台上已没有这条记录（重新完整同步时未收到），本机还有未被平台接受的修改"
"""The ``sync_flags.reason`` of a row the sweep keeps."""


def _cursor(session: Session) -> Any:
    return session.connection().connection.driver_connection.cursor()


def active(session: Session) -> bool:
    """A full pull after ``cursor_invalid`` is under way (possibly begun in an earlier run)."""
    return session.get(SettingRow, KEY_SWEEP) is not None


def start(session: Session, now: datetime) -> None:
    """The cursor was dropped (same transaction): record what the pull from the beginning
    mentions, from nothing."""
    session.flush()
    _cursor(session).execute("DELETE FROM sweep_seen")
    row = session.get(SettingRow, KEY_SWEEP)
    if row is None:
        session.add(SettingRow(key=KEY_SWEEP, value=now.isoformat()))
    else:
        row.value = now.isoformat()


def record(session: Session, rows: Sequence[ServerRow]) -> None:
    """Rows one page mentions (inside the page's transaction)."""
    if rows:
        _cursor(session).executemany(
            "INSERT OR IGNORE INTO sweep_seen (entity, row_id) VALUES (?, ?)",
            [(r.entity, r.id) for r in rows],
        )


def unmentioned(session: Session) -> list[tuple[str, str]]:
    """(entity, row id) of local rows the pull has not mentioned, less rows created here that
    the server has not accepted (an unsent create)."""
    session.flush()
    cur = _cursor(session)
    out: list[tuple[str, str]] = []
    for entity in p.ENTITY_ORDER:
        table = apply.plan(entity).table
        out.extend(
            (entity, r[0])
            for r in cur.execute(
                f"SELECT t.id FROM {table} t WHERE NOT EXISTS ("
                "SELECT 1 FROM sweep_seen s WHERE s.entity = ? AND s.row_id = t.id) "
                "AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.row_id = t.id "
                "AND j.entity = ? AND j.op = ? AND j.state IN (?, ?)) ORDER BY t.id",
                (entity, entity, p.Op.CREATE.value, PENDING, REJECTED),
            )
        )
    return out


def finish(session: Session, *, now: datetime, index: bool) -> apply.ApplyStats:
    """The full pull has ended (inside its last page's transaction, after the page is
    applied): remove what it never mentioned, then forget the records and the key.
    ``index``: keep the search index current (False while it is stale anyway)."""
    stats = apply.ApplyStats()
    markers = [
        ServerRow(entity, row_id, 0, p.ChangeState.GONE, None)
        for entity, row_id in unmentioned(session)
    ]
    if markers:
        _, keep = apply._protected(session)
        apply._remove(session, markers, keep, now, stats, REASON, index=index)
    _cursor(session).execute("DELETE FROM sweep_seen")
    row = session.get(SettingRow, KEY_SWEEP)
    if row is not None:
        session.delete(row)
    return stats
