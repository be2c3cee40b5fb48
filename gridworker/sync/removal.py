"""Server tombstones and ``gone`` markers: removing local rows, unless unsent work holds them.

A ``deleted`` tombstone or a ``gone`` marker removes the local row (for a household: with its
residents, visits, amendments and photo links) unless unsent changes (pending or rejected
entries) or unresolved conflicts exist anywhere in that subtree: then everything is kept and
the row gets a ``sync_flags`` entry saying why. See docs/sync-apply.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..storage import search
from ..storage.journal import PENDING, REJECTED
from . import protocol as p
from .convert import MODELS, dbapi, dt_text, plan
from .wire import ServerRow

OUT_OF_SCOPE = "out_of_scope"
DELETED_ON_SERVER = "deleted_on_server"


@dataclass
class ApplyStats:
    written: int = 0
    """Rows inserted or updated."""
    rebased: int = 0
    """Rows written as server row + my pending changes."""
    removed: int = 0
    kept: list[tuple[str, str, str]] = field(default_factory=list)
    """(entity, row id, flag) of rows the server removed that I keep (unsent work)."""
    by_entity: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    """Rows that could not be read, kept in the quarantine (``sync.quarantine``)."""

    def add(self, other: ApplyStats) -> None:
        self.written += other.written
        self.quarantined += other.quarantined
        self.rebased += other.rebased
        self.removed += other.removed
        self.kept += other.kept
        for k, v in other.by_entity.items():
            self.by_entity[k] = self.by_entity.get(k, 0) + v


def protected_rows(session: Session) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(rows with pending entries, rows the server may not remove here)."""
    cur = dbapi(session)
    pending: set[tuple[str, str]] = set()
    keep: set[tuple[str, str]] = set()
    for entity, row_id, state in cur.execute(
        "SELECT entity, row_id, state FROM journal WHERE state IN (?, ?)", (PENDING, REJECTED)
    ):
        keep.add((entity, row_id))
        if state == PENDING:
            pending.add((entity, row_id))
    for entity, row_id in cur.execute(
        "SELECT entity, row_id FROM conflicts WHERE state != 'resolved'"
    ):
        keep.add((entity, row_id))
    return pending, keep


def _subtree(cur: Any, entity: str, row_id: str) -> dict[str, list[str]]:
    """The row and everything hanging off it locally, by entity."""
    tree: dict[str, list[str]] = {entity: [row_id]}
    if entity == "grid":
        households = [r[0] for r in cur.execute(
            "SELECT id FROM households WHERE grid_id = ?", (row_id,))]
        tree["household"] = households
    else:
        households = [row_id] if entity == "household" else []
    if households:
        hj = json.dumps(households)
        tree["resident"] = [r[0] for r in cur.execute(
            "SELECT id FROM residents WHERE household_id IN (SELECT value FROM json_each(?))",
            (hj,))]
        visits = [r[0] for r in cur.execute(
            "SELECT id FROM visits WHERE household_id IN (SELECT value FROM json_each(?))",
            (hj,))]
        tree["visit"] = visits
    elif entity == "visit":
        visits = [row_id]
    else:
        visits = []
    if visits:
        tree["visit_amendment"] = [r[0] for r in cur.execute(
            "SELECT id FROM visit_amendments WHERE visit_id IN (SELECT value FROM json_each(?))",
            (json.dumps(visits),))]
    return tree  # fmt: skip


def remove_rows(
    session: Session,
    rows: list[ServerRow],
    keep: set[tuple[str, str]],
    now: datetime,
    stats: ApplyStats,
    reason: str,
    *,
    index: bool = True,
) -> None:
    cur = dbapi(session).cursor()
    order = {e: i for i, e in enumerate(p.ENTITY_ORDER)}
    doomed: dict[str, set[str]] = {e: set() for e in p.ENTITY_ORDER}
    flags: list[tuple[str, str, str, str, str]] = []
    now_text = dt_text(now)
    for row in sorted(rows, key=lambda r: -order[r.entity]):
        if not _exists(cur, plan(row.entity).table, row.id):
            continue  # never had it, or already removed (my own delete)
        tree = _subtree(cur, row.entity, row.id)
        # A grid with households still here (kept ones): keep the grid itself too.
        still_there = row.entity == "grid" and any(
            h not in doomed["household"] for h in tree.get("household", ())
        )
        if still_there or any((e, i) in keep for e, ids in tree.items() for i in ids):
            flag = OUT_OF_SCOPE if row.state == p.ChangeState.GONE else DELETED_ON_SERVER
            flags.append((row.entity, row.id, flag, reason, now_text))
            stats.kept.append((row.entity, row.id, flag))
            if row.state == p.ChangeState.DELETED:
                # Kept, but at the tombstone's version: a resolution ("keep" = restore, or
                # accept the deletion) is an entry against the server's current version.
                table = plan(row.entity).table
                cur.execute(
                    f"UPDATE {table} SET version = ? WHERE id = ? AND version < ?",
                    (row.version, row.id, row.version),
                )
            continue
        for e, ids in tree.items():
            doomed[e].update(ids)
    total = sum(len(v) for v in doomed.values())
    if total:
        _purge(session, cur, doomed, index=index)
        stats.removed += total
    if flags:
        cur.executemany(
            "INSERT INTO sync_flags (entity, row_id, flag, reason, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (entity, row_id, flag) DO UPDATE SET at = excluded.at, reason = "
            "CASE WHEN excluded.reason != '' THEN excluded.reason ELSE sync_flags.reason END",
            flags,
        )


def _exists(cur: Any, table: str, row_id: str) -> bool:
    return cur.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def _purge(session: Session, cur: Any, doomed: dict[str, set[str]], *, index: bool = True) -> None:
    """Delete rows children first. Visits only under the purge guard (see migration 0002)."""

    def each(ids: Iterable[str]) -> list[tuple[str]]:
        return [(i,) for i in sorted(ids)]

    if index:
        search.rows_removed(session, households=doomed["household"], residents=doomed["resident"])
    cur.executemany("DELETE FROM visit_amendments WHERE id = ?", each(doomed["visit_amendment"]))
    if doomed["visit"]:
        photos = {
            r[0]
            for r in cur.execute(
                "SELECT sha256 FROM visit_photos WHERE visit_id IN "
                "(SELECT value FROM json_each(?))",
                (json.dumps(sorted(doomed["visit"])),),
            )
        }
        cur.executemany("DELETE FROM visit_photos WHERE visit_id = ?", each(doomed["visit"]))
        cur.execute("INSERT OR IGNORE INTO purge_guard (id) VALUES (1)")
        try:
            cur.executemany("DELETE FROM visits WHERE id = ?", each(doomed["visit"]))
        finally:
            cur.execute("DELETE FROM purge_guard")
        if photos:
            # Rows of photos no visit shows any more, except my own not yet uploaded; their
            # files go at the next start-up's orphan clean-up.
            cur.execute(
                "DELETE FROM photos WHERE sha256 IN (SELECT value FROM json_each(?)) "
                "AND sha256 NOT IN (SELECT sha256 FROM visit_photos) "
                "AND NOT (local = 1 AND uploaded = 0)",
                (json.dumps(sorted(photos)),),
            )
    cur.executemany("DELETE FROM residents WHERE id = ?", each(doomed["resident"]))
    cur.executemany("DELETE FROM households WHERE id = ?", each(doomed["household"]))
    cur.executemany("DELETE FROM grids WHERE id = ?", each(doomed["grid"]))
    removed = [(e, i) for e, ids in doomed.items() for i in ids]
    if removed:
        cur.executemany("DELETE FROM sync_flags WHERE entity = ? AND row_id = ?", removed)


def reconsider_flags(session: Session, *, now: datetime) -> ApplyStats:
    """Remove flagged rows that nothing holds any more (their unsent work was dismissed or
    answered), as the server's tombstone or ``gone`` marker would have done."""
    session.flush()
    cur = dbapi(session).cursor()
    markers = []
    for entity, row_id, flag in cur.execute("SELECT entity, row_id, flag FROM sync_flags"):
        if entity in MODELS:
            state = p.ChangeState.GONE if flag == OUT_OF_SCOPE else p.ChangeState.DELETED
            markers.append(ServerRow(entity, row_id, 0, state, None))
    stats = ApplyStats()
    if markers:
        _, keep = protected_rows(session)
        remove_rows(session, markers, keep, now, stats, "")
        # Rows still held keep their flags; removed rows lost theirs; flags of rows that are
        # not here at all (never were, or went another way) go too.
        for entity, model in MODELS.items():
            cur.execute(
                f"DELETE FROM sync_flags WHERE entity = ? AND row_id NOT IN "
                f"(SELECT id FROM {model.__tablename__})",
                (entity,),
            )
    return stats
