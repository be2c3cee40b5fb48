"""The sweep after a pull from the beginning: local rows the server no longer has go, and
rows it holds in an older version than mine get my values queued again.

What it records, when it removes, requeues or resends a row, and why an interruption loses
nothing: docs/sync-sweep.md (moved out of this docstring).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..storage import journal
from ..storage.journal import DISMISSED, PENDING, REJECTED, SENT
from . import apply, convert, removal
from . import protocol as p
from .settings import get_setting, put_setting
from .wire import ServerRow

KEY_SWEEP = "sync.sweep_since_reset"
"""Set (to the reset time, ISO text) from the reset until the full pull has ended and swept."""
REASON = "平台上已没有这条记录（重新完整同步时未收到），本机还有未被平台接受的修改"
"""The ``sync_flags.reason`` of a row the sweep keeps."""
REQUEUE_REASON = "平台上已没有这条本机上传过的记录（平台可能已从备份恢复），已重新排队上传"
"""The ``sync_flags.reason`` of a row the sweep queued again."""


@dataclass
class SweepResult:
    stats: removal.ApplyStats = field(default_factory=removal.ApplyStats)
    """Rows removed, and rows kept for unsent work (``kept``)."""
    requeued: list[tuple[str, str]] = field(default_factory=list)
    """(entity, row id) of rows queued again as creates, in journal order."""


def _cursor(session: Session) -> Any:
    raw = session.connection().connection.driver_connection
    assert raw is not None  # a checked-out connection always has its DB-API connection
    return raw.cursor()


def active(session: Session) -> bool:
    """A full pull after ``cursor_invalid`` is under way (possibly begun in an earlier run)."""
    return get_setting(session, KEY_SWEEP) is not None


def start(session: Session, now: datetime) -> None:
    """The cursor was dropped (same transaction): record what the pull from the beginning
    mentions, from nothing.

    Also forget which of my photos the server had: a restored centre may hold a visit whose
    photo arrived after its backup (the visit is pushed before its photos are uploaded). The
    blob step then asks the server about each again (one status call per 1,000 photos) and
    sends only what it lacks."""
    session.flush()
    _cursor(session).execute("UPDATE photos SET uploaded = 0 WHERE local = 1 AND uploaded = 1")
    _cursor(session).execute("DELETE FROM sweep_seen")
    put_setting(session, KEY_SWEEP, now.isoformat())


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
        table = convert.plan(entity).table
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


def _latest_live(rows: Sequence[ServerRow]) -> list[ServerRow]:
    """The page's live rows as ``apply.apply_rows`` will write them: per row its last
    mention, except that an older live version never replaces a newer one; rows whose last
    mention is a tombstone or ``gone`` are left out."""
    live = p.ChangeState.LIVE
    return [r for r in apply.latest_mentions(rows).values() if r.state == live]


def _resend_fields(
    cur: Any, entity: str, row_id: str, local: dict[str, Any], server: dict[str, Any],
    skip: set[str],
) -> list[str]:
    """Client-writable fields (not ``server`` policy, not in ``skip``) whose local value
    differs from the server's, less values of mine the server refused: a field whose newest
    answered entry was rejected (or dismissed) and still shows that entry's value keeps it
    only until the server's next version, as ever, and is not sent again."""
    spec = p.ENTITIES[entity]
    if not spec.client_writable or spec.append_only:
        return []
    differ = [
        name
        for name, fspec in spec.fields.items()
        if name in local
        and name not in skip
        and fspec.policy is not p.Policy.SERVER
        and p.canonical(local[name]) != p.canonical(server.get(name))
    ]
    if not differ:
        return differ
    refused: set[str] = set()
    answered: set[str] = set()
    for state, raw in cur.execute(
        "SELECT state, changes FROM journal WHERE row_id = ? AND entity = ? AND +state != ? "
        "ORDER BY seq DESC",
        (row_id, entity, PENDING),
    ):
        for name, change in ((json.loads(raw) if raw else None) or {}).items():
            if name in answered or not isinstance(change, dict):
                continue
            answered.add(name)
            if state in (REJECTED, DISMISSED) and p.canonical(change.get("new")) == p.canonical(
                local.get(name)
            ):
                refused.add(name)
    return [name for name in differ if name not in refused]


def resend(
    session: Session, rows: Sequence[ServerRow], *, actor: str, now: datetime
) -> list[tuple[str, str]]:
    """Before a page of the pull from the beginning is written (its transaction): lay rows
    the server holds in an older version than mine on the server's version, my values
    queued again as updates (see the module doc). ``actor``: the account's user name, for
    rows no entry of mine names. Returns (entity, row id) of rows given a new entry."""
    live = _latest_live(rows)
    if not live:
        return []
    session.flush()
    cur = _cursor(session)
    server_version = {(r.entity, r.id): r.version for r in live}
    behind: list[ServerRow] = []
    for entity in p.ENTITY_ORDER:
        batch = [r for r in live if r.entity == entity]
        if not batch:
            continue
        mine = dict(
            cur.execute(
                f"SELECT id, version FROM {convert.plan(entity).table} "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps([r.id for r in batch]),),
            ).fetchall()
        )
        behind.extend(r for r in batch if mine.get(r.id, 0) > r.version)
    # Pending entries based on a version the server no longer has (it lost the history from
    # there on): based on its version now. Includes rows gone here (an unsent delete).
    pending = journal.entries_for_rows(session, set(server_version))
    for key, entries in pending.items():
        for entry in entries:
            if entry.base_version > server_version[key]:
                entry.base_version = server_version[key]
    if not behind:
        session.flush()
        return []
    now_text = now.isoformat(" ", "microseconds")
    queued: list[tuple[str, str]] = []
    for row in behind:
        pl = convert.plan(row.entity)
        params = pl.params(row.id, row.version, row.data or {}, now_text)
        # The server's values in the form the local row will hold them.
        server = {
            c.name: convert.storage_to_wire(c, v)
            for c, v in zip(pl.fields, params[4:], strict=True)
        }
        local = pl.local_values(session, row.id)
        if local is None:  # pragma: no cover - read a moment ago
            continue
        # Unsent edits: the oldest one changing a field gets the server's value as its base
        # (its own base was the lost history's value; pushed as it is it would conflict with
        # the worker's own lost edit). Later ones are based on the one before, as they were.
        touched: set[str] = set()
        for entry in pending.get((row.entity, row.id), ()):
            changes = dict(entry.changes or {})
            moved = False
            for name, change in changes.items():
                if name in touched or name not in server or not isinstance(change, dict):
                    continue
                touched.add(name)
                if p.canonical(change.get("base")) != p.canonical(server[name]):
                    changes[name] = {**change, "base": server[name]}
                    moved = True
            if moved:
                entry.changes = changes
        names = _resend_fields(cur, row.entity, row.id, local, server, touched)
        if names:
            sent = cur.execute(
                "SELECT actor FROM journal WHERE row_id = ? AND entity = ? AND +state = ? "
                "ORDER BY seq DESC LIMIT 1",
                (row.id, row.entity, SENT),
            ).fetchone()
            journal.record(
                session,
                entity=row.entity,
                row_id=row.id,
                op=p.Op.UPDATE.value,
                base_version=row.version,
                changes={
                    name: {
                        "base": journal.wire_value(server[name]),
                        "new": journal.wire_value(local[name]),
                    }
                    for name in names
                },
                actor=sent[0] if sent else actor,
                now=now,
            )
            queued.append((row.entity, row.id))
    # Back to the server's version: the page's upsert takes the server row (no newer local
    # version holds it off), laid under the pending entries (``apply._rebase``).
    for entity in p.ENTITY_ORDER:
        moves = [(r.version, r.id) for r in behind if r.entity == entity]
        if moves:
            cur.executemany(
                f"UPDATE {convert.plan(entity).table} SET version = ? WHERE id = ?", moves
            )
    session.flush()
    return queued


def requeue(session: Session, rows: Sequence[tuple[str, str, str]], now: datetime) -> None:
    """Queue ``rows`` (entity, row id, actor) again as creates with their current values
    (see the module doc). Inside the caller's transaction."""
    cur = _cursor(session)
    now_text = now.isoformat(" ", "microseconds")
    visits: list[str] = []
    for entity, row_id, actor in rows:
        pl = convert.plan(entity)
        values = pl.local_values(session, row_id)
        if values is None:  # pragma: no cover - listed from the table a moment ago
            continue
        if p.RECORDED_AT in p.ENTITIES[entity].fields:  # evidence: when it was typed here
            (recorded,) = cur.execute(
                f"SELECT created_at FROM {pl.table} WHERE id = ?", (row_id,)
            ).fetchone()
            values[p.RECORDED_AT] = journal.wire_time(datetime.fromisoformat(recorded))
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
            [(e, r, removal.OUT_OF_SCOPE, REQUEUE_REASON, now_text) for e, r, _ in rows],
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
        _, keep = removal.protected_rows(session)
        removal.remove_rows(session, markers, keep, now, result.stats, REASON, index=index)
    _cursor(session).execute("DELETE FROM sweep_seen")
    put_setting(session, KEY_SWEEP, None)
    return result
