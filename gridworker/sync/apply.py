"""Pull-apply: writing the server's rows into the local database without losing unsent work.

Two callers, one rule set: a pull page (``apply_rows``, from the sync engine) and the rows
returned with push results (``push_results.record_push_results``). The caller owns the
transaction. In short (the reasoning: docs/sync-apply.md):

- rows with *pending* journal entries are rebased (server row + my pending values on top);
- other rows take the bulk path, one ``INSERT … ON CONFLICT DO UPDATE`` per entity, values
  checked and converted by :mod:`.convert`;
- tombstones and ``gone`` markers remove rows unless unsent work holds them (:mod:`.removal`);
- a row that does not convert is quarantined (:mod:`.quarantine`), never failing the page;
- the search index follows in bulk unless ``index=False``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..storage import search
from ..storage.journal import PENDING
from . import protocol as p
from . import quarantine
from .convert import BadValue, Plan, dbapi, dt_text, plan
from .errors import MalformedResponse, SyncError
from .quarantine import Reason, Unreadable, unreadable_row
from .redactions import record_redactions
from .removal import ApplyStats, protected_rows, remove_rows
from .wire import ServerRow, is_sha256, server_row

# --------------------------------------------------------------------------- apply rows


def latest_mentions(rows: Sequence[ServerRow]) -> dict[tuple[str, str], ServerRow]:
    """Per (entity, id) the mention of a page that is written: the later one wins (rows come
    in commit order; gone markers carry version 0), except that an older live version never
    replaces a newer one."""
    latest: dict[tuple[str, str], ServerRow] = {}
    for row in rows:
        key = (row.entity, row.id)
        have = latest.get(key)
        if (
            have is None
            or have.state != p.ChangeState.LIVE
            or row.state != p.ChangeState.LIVE
            or row.version >= have.version
        ):
            latest[key] = row
    return latest


def apply_rows(
    session: Session,
    rows: Sequence[ServerRow],
    *,
    now: datetime,
    reason: str = "",
    index: bool = True,
    unreadable: Sequence[Unreadable] = (),
) -> ApplyStats:
    """Write server rows (live, deleted, gone) under my unsent changes. See module doc.

    ``unreadable``: the page's rows that failed the structure check, quarantined with the
    rows whose values do not convert; ``index=False``: leave the search index alone (only
    with the index marked stale)."""
    stats = ApplyStats()
    if not rows and not unreadable:
        return stats
    session.flush()
    cur = dbapi(session).cursor()
    before = quarantine.held_keys(cur)
    if before:  # children held only for their parent, which this page may bring now
        rows = [*_children_to_retry(cur, rows), *rows]
    latest = latest_mentions(rows)
    pending, keep = protected_rows(session)
    now_text = dt_text(now)
    flagged = {(e, r) for e, r in cur.execute("SELECT DISTINCT entity, row_id FROM sync_flags")}
    bad: list[Unreadable] = list(unreadable)
    held = before | {(u.entity, u.row_id) for u in bad}

    live = [r for r in latest.values() if r.state == p.ChangeState.LIVE]
    removed = [r for r in latest.values() if r.state != p.ChangeState.LIVE]
    record_redactions(cur, removed)
    applied: list[ServerRow] = []
    touched_households: set[str] = set()
    touched_residents: set[str] = set()
    fresh: set[str] = set()
    for entity in p.ENTITY_ORDER:
        batch = [r for r in live if r.entity == entity]
        if not batch:
            continue
        pl = plan(entity)
        converted, failed = _convert_rows(cur, pl, batch, held, now_text)
        if failed:
            bad += failed
            held.update((u.entity, u.row_id) for u in failed)
            batch = [r for r, _ in converted]
            if not batch:
                continue
        applied += batch
        ids = [r.id for r in batch]
        if entity in ("household", "resident"):
            existing = _existing(cur, pl.table, ids)
            fresh.update(i for i in ids if i not in existing)
        if entity == "grid":
            _check_grid_codes(cur, batch)
        bulk = [values for r, values in converted if (entity, r.id) not in pending]
        if bulk:
            cur.executemany(pl.upsert, bulk)
        rebase = [r for r in batch if (entity, r.id) in pending]
        if rebase:
            _rebase(session, pl, rebase, now_text)
            stats.rebased += len(rebase)
        if entity == "visit":
            _link_photos(cur, batch, now_text)
        stats.written += len(batch)
        stats.by_entity[entity] = stats.by_entity.get(entity, 0) + len(batch)
        if entity == "household":
            touched_households.update(ids)
        elif entity == "resident":
            touched_residents.update(ids)
    if flagged:
        back = [(r.entity, r.id) for r in applied if (r.entity, r.id) in flagged]
        if back:
            cur.executemany("DELETE FROM sync_flags WHERE entity = ? AND row_id = ?", back)
    if index and (touched_households or touched_residents):
        search.rows_written(
            session, households=touched_households, residents=touched_residents, fresh=fresh
        )
    if removed:
        remove_rows(session, removed, keep, now, stats, reason, index=index)
    if before:  # a later version converted, or the row went: its entry goes
        settled = {(r.entity, r.id) for r in applied} | {(r.entity, r.id) for r in removed}
        quarantine.release(cur, sorted(before & settled))
    stats.quarantined += quarantine.record(cur, bad, now_text)
    return stats


def _convert_rows(
    cur: Any,
    pl: Plan,
    rows: list[ServerRow],
    held: set[tuple[str, str]],
    now_text: str,
) -> tuple[list[tuple[ServerRow, tuple[Any, ...]]], list[Unreadable]]:
    """Each row's storage values, or why it cannot be read (one row at a time: a bad row
    never takes the others with it). ``held``: quarantined rows, whose children are not
    written while the parent is not here."""
    entity = pl.entity
    parent = p.ENTITIES[entity].parent if held else None
    parent_table = plan(parent[1]).table if parent is not None else ""
    extra = _EXTRA_CHECKS.get(entity)
    good: list[tuple[ServerRow, tuple[Any, ...]]] = []
    failed: list[Unreadable] = []
    for row in rows:
        data = row.data or {}
        if parent is not None:
            parent_id = data.get(parent[0])
            if (parent[1], parent_id) in held and not _exists(cur, parent_table, parent_id):
                failed.append(_unreadable(row, Reason.PARENT_QUARANTINED,
                                          f"{entity}: its {parent[1]} is quarantined"))  # fmt: skip
                continue
        try:
            values = pl.params(row.id, row.version, data, now_text)
            if extra is not None:
                extra(data)
        except BadValue as exc:
            failed.append(_unreadable(row, Reason.BAD_VALUE, exc.detail))
        except Exception as exc:  # anything else about this one row: quarantined all the same
            failed.append(_unreadable(row, Reason.CONVERSION_FAILED,
                                      f"{entity}: {type(exc).__name__}"))  # fmt: skip
        else:
            good.append((row, values))
    return good, failed


def _children_to_retry(cur: Any, rows: Sequence[ServerRow]) -> list[ServerRow]:
    """Rows quarantined only because their parent was (kept whole), whose parent arrives in
    ``rows``, or is itself tried again: they are tried again, from the raw row kept (the
    centre has no reason to send them again)."""
    waiting: list[ServerRow] = []
    for raw in quarantine.held_for_parent(cur):
        try:
            row = server_row(json.loads(raw), fields=False)
        except (MalformedResponse, ValueError):
            continue
        if row.state == p.ChangeState.LIVE:
            waiting.append(row)
    if not waiting:
        return []
    arriving = {(r.entity, r.id) for r in rows if r.state == p.ChangeState.LIVE}
    out: list[ServerRow] = []
    found = True
    while found and waiting:
        found = False
        for row in list(waiting):
            parent = p.ENTITIES[row.entity].parent
            if parent is not None and (parent[1], (row.data or {}).get(parent[0])) in arriving:
                out.append(row)
                arriving.add((row.entity, row.id))
                waiting.remove(row)
                found = True
    return out


def _unreadable(row: ServerRow, code: Reason, reason: str) -> Unreadable:
    return unreadable_row(row.entity, row.id, row.version, row.state, row.data, code, reason)


def _check_visit_photos(data: dict[str, Any]) -> None:
    hashes = data.get("photos") or []
    if not isinstance(hashes, list) or not all(is_sha256(h) for h in hashes):
        raise BadValue("visit", "photos")


_EXTRA_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {"visit": _check_visit_photos}
"""Checks beyond the column conversion, per entity."""


def _exists(cur: Any, table: str, row_id: Any) -> bool:
    if not isinstance(row_id, str):
        return False
    return cur.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def _existing(cur: Any, table: str, ids: list[str]) -> set[str]:
    found = cur.execute(
        f"SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
    )
    return {r[0] for r in found}


def _check_grid_codes(cur: Any, grids: list[ServerRow]) -> None:
    for g in grids:
        code = (g.data or {}).get("code")
        clash = cur.execute("SELECT id FROM grids WHERE code = ? AND id != ?", (code, g.id))
        if clash.fetchone() is not None:
            raise SyncError(code="grid_code_clash", params={"grid_code": code})


def _rebase(session: Session, pl: Plan, rows: list[ServerRow], now_text: str) -> None:
    """Local row = server row + pending entries on top; version = the server's.

    The entries of all ``rows`` in one query, found through the ``row_id`` index: with
    ``state = ?`` SQLite picks ``ix_journal_state`` instead and walks every pending entry for
    each row (a push of 10,000 entries rebasing ~1,000 rows spent half its time there)."""
    cur = dbapi(session).cursor()
    entries: dict[str, list[tuple[str, Any]]] = {}
    for row_id, op, changes in cur.execute(
        "SELECT row_id, op, changes FROM journal WHERE row_id IN "
        "(SELECT value FROM json_each(?)) AND entity = ? AND +state = ? ORDER BY seq",
        (json.dumps([r.id for r in rows]), pl.entity, PENDING),
    ):
        entries.setdefault(row_id, []).append((op, changes))
    names = {c.name for c in pl.fields}
    upserts: list[tuple[Any, ...]] = []
    deletes: list[tuple[str]] = []
    for row in rows:
        data = dict(row.data or {})
        present = True
        for op, changes in entries.get(row.id, ()):
            if op == p.Op.DELETE:
                present = False
                continue
            present = True
            for name, change in ((json.loads(changes) if changes else None) or {}).items():
                if name in names and isinstance(change, dict):
                    data[name] = change.get("new")
        if present:
            upserts.append(pl.params(row.id, row.version, data, now_text))
        else:
            deletes.append((row.id,))
    if upserts:
        cur.executemany(pl.upsert, upserts)
    if deletes:
        cur.executemany(f"DELETE FROM {pl.table} WHERE id = ?", deletes)


def _link_photos(cur: Any, visits: list[ServerRow], now_text: str) -> None:
    photos: list[tuple[str, str]] = []
    links: list[tuple[str, str, int]] = []
    for v in visits:
        hashes = (v.data or {}).get("photos") or []
        for position, sha in enumerate(dict.fromkeys(hashes)):
            photos.append((sha, now_text))
            links.append((v.id, sha, position))
    if photos:
        # Someone else's photo: known by hash, bytes fetched lazily (width/height 0 until then).
        cur.executemany(
            "INSERT OR IGNORE INTO photos (sha256, width, height, size_bytes, captured_at, "
            "created_at, uploaded, local) VALUES (?, 0, 0, 0, NULL, ?, 1, 0)",
            photos,
        )
        cur.executemany(
            "INSERT OR IGNORE INTO visit_photos (visit_id, sha256, position) VALUES (?, ?, ?)",
            links,
        )
