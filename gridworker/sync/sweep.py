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
  every local grid, household, resident, visit and amendment not recorded is either queued
  again (see below) or handed to ``apply._remove`` as a ``gone`` marker, exactly as a scope
  exit the server announced: a row with unsent work (pending or rejected entries, undecided
  conflicts) anywhere in its subtree is kept and flagged ``out_of_scope`` (pushing that work
  is answered ``not_found`` or ``out_of_scope``; dismissing it lets the row go), children go
  with their parents, the search index and photo links follow. Rows created here and never
  accepted by the server (a create entry still pending or rejected) are not the server's to
  remove and are never swept. Then the table is emptied and the key cleared.

Queued again, not swept: a missing row this workspace wrote (a journal entry for it in state
``sent``: the server applied it, or merged it with a conflict). The server accepted that work
and has lost it (a backup restored from before it, see ``gridcenter admin
new-cursor-epoch``); removing the row here would lose it everywhere. Such a row gets a new
pending ``create`` entry with all its current values (new mutation id, base version 0, in the
page's transaction), its local version goes back to 0 (the server's answer will be version
1) and it is flagged ``out_of_scope`` with :data:`REQUEUE_REASON` until the server has it
again: a create answered ``applied`` clears the flag with the row it returns; one answered
``rejected`` (its household moved to a grid I no longer have, its parent missing because
someone else wrote it) follows the ordinary rejection flow, and dismissing the rejection
lets the row go as any flagged row. Entries are queued parents first (grids, households,
residents, visits, amendments; within an entity in the order this workspace first wrote
them), so a resident's create comes after its household's. A visit's own photos are marked
not uploaded, so the blob step asks the server again once the visit is back and uploads what
it lacks. Rows already flagged (the server told me before that it removed them) and rows
this workspace never wrote are swept as above; an earlier unsent edit of a queued row is
still sent first and answered ``not_found``, its values travel in the create.

The client cannot tell a row deleted on the server from one that left my scope (no marker
says which), hence ``gone``: ``deleted`` would also move a kept row to a tombstone's version,
and there is none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..storage import journal
from ..storage.journal import PENDING, REJECTED, SENT
from ..storage.models import SettingRow
from . import apply
from . import protocol as p
from .wire import ServerRow

KEY_SWEEP = "sync.sweep_since_reset"
"""Set (to the reset time, ISO text) from the reset until the full pull has ended and swept."""
REASON = "平台上已没有这条记录（重新完整同步时未收到），本机还有未被平台接受的修改"
"""The ``sync_flags.reason`` of a row the sweep keeps."""
REQUEUE_REASON = "平台上已没有这条本机上传过的记录（平台可能已从备份恢复），已重新排队上传"
"""The ``sync_flags.reason`` of a row the sweep queued again."""


@dataclass
class SweepResult:
    stats: apply.ApplyStats = field(default_factory=apply.ApplyStats)
    """Rows removed, and rows kept for unsent work (``kept``)."""
    requeued: list[tuple[str, str]] = field(default_factory=list)
    """(entity, row id) of rows queued again as creates, in journal order."""


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


def written_here(session: Session, keys: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(entity, row id, actor) of those rows this workspace wrote and the server accepted
    (a ``sent`` journal entry), less flagged ones, parents first: by ``ENTITY_ORDER``, then
    by the first such entry. ``actor``: who made the newest of them."""
    if not keys:
        return []
    wanted = set(keys)
    cur = _cursor(session)
    flagged = {(e, r) for e, r in cur.execute("SELECT entity, row_id FROM sync_flags")}
    found: list[tuple[int, int, str, str, str]] = []
    order = {e: i for i, e in enumerate(p.ENTITY_ORDER)}
    ids = sorted({r for _, r in wanted})
    for start in range(0, len(ids), 5000):
        for entity, row_id, first, actor in cur.execute(
            "SELECT j.entity, j.row_id, min(j.seq), (SELECT k.actor FROM journal k "
            "WHERE k.entity = j.entity AND k.row_id = j.row_id AND k.state = ? "
            "ORDER BY k.seq DESC LIMIT 1) FROM journal j WHERE j.state = ? "
            "AND j.row_id IN (SELECT value FROM json_each(?)) GROUP BY j.entity, j.row_id",
            (SENT, SENT, json.dumps(ids[start : start + 5000])),
        ):
            key = (entity, row_id)
            if key in wanted and key not in flagged and entity in order:
                found.append((order[entity], first, entity, row_id, actor))
    return [(entity, row_id, actor) for _, _, entity, row_id, actor in sorted(found)]


def requeue(session: Session, rows: Sequence[tuple[str, str, str]], now: datetime) -> None:
    """Queue ``rows`` (entity, row id, actor) again as creates with their current values
    (see the module doc). Inside the caller's transaction."""
    cur = _cursor(session)
    now_text = now.isoformat(" ", "microseconds")
    visits: list[str] = []
    for entity, row_id, actor in rows:
        pl = apply.plan(entity)
        values = pl.local_values(session, row_id)
        if values is None:  # pragma: no cover - listed from the table a moment ago
            continue
        if entity == "visit":
            values["photos"] = [
                r[0]
                for r in cur.execute(
                    "SELECT sha256 FROM visit_photos WHERE visit_id = ? ORDER BY position",
                    (row_id,),
                )
            ]
            visits.append(row_id)
        journal.record(
            session,
            entity=entity,
            row_id=row_id,
            op=p.Op.CREATE.value,
            base_version=0,
            changes={name: {"base": None, "new": value} for name, value in values.items()},
            actor=actor,
            now=now,
        )
        # Not on the server any more: version 0, as a row created here; the create's answer
        # (version 1) must not look older than what the lost server had given it.
        cur.execute(f"UPDATE {pl.table} SET version = 0 WHERE id = ?", (row_id,))
    if rows:
        cur.executemany(
            "INSERT INTO sync_flags (entity, row_id, flag, reason, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (entity, row_id, flag) DO UPDATE SET at = excluded.at, "
            "reason = excluded.reason",
            [(e, r, apply.OUT_OF_SCOPE, REQUEUE_REASON, now_text) for e, r, _ in rows],
        )
    if visits:
        # My photos of them: ask the server again (and upload what it lacks) once the visit
        # is back. Others' photos (not local) were never mine to upload.
        cur.execute(
            "UPDATE photos SET uploaded = 0 WHERE local = 1 AND sha256 IN (SELECT sha256 "
            "FROM visit_photos WHERE visit_id IN (SELECT value FROM json_each(?)))",
            (json.dumps(visits),),
        )
    session.flush()


def finish(session: Session, *, now: datetime, index: bool) -> SweepResult:
    """The full pull has ended (inside its last page's transaction, after the page is
    applied): queue again what it never mentioned that this workspace wrote, remove the rest,
    then forget the records and the key. ``index``: keep the search index current (False
    while it is stale anyway)."""
    result = SweepResult()
    missing = unmentioned(session)
    mine = written_here(session, missing)
    if mine:
        requeue(session, mine, now)
        result.requeued = [(e, r) for e, r, _ in mine]
    queued = set(result.requeued)
    markers = [
        ServerRow(entity, row_id, 0, p.ChangeState.GONE, None)
        for entity, row_id in missing
        if (entity, row_id) not in queued
    ]
    if markers:
        # After the new creates: they hold their parents (kept and flagged, not removed).
        _, keep = apply._protected(session)
        apply._remove(session, markers, keep, now, result.stats, REASON, index=index)
    _cursor(session).execute("DELETE FROM sweep_seen")
    row = session.get(SettingRow, KEY_SWEEP)
    if row is not None:
        session.delete(row)
    return result
