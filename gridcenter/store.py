"""The working set of synced records inside one writing transaction.

Push, the admin commands, the demo generator and blob completion all change records through
a :class:`Store`: rows are loaded in bulk, changed in memory, and written back in bulk by
``flush`` (executemany), which is what makes a 1000-entry push cheap. Every change gets the
next sequence number of the transaction's :class:`~gridcenter.db.SeqAllocator`; a row that
leaves a grid leaves a ``gone`` marker there first.

Per-entry atomicity: callers stage the changes of one unit of work in an :class:`EntryTx`
and ``commit`` it only when the unit succeeded; a rejected or failed entry leaves nothing
behind, even though the whole batch shares one database transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from gridrules.jsontext import dumps
from gridworker.sync.protocol import ENTITIES, RECORDED_AT

from .db import SeqAllocator
from .models import gone, grids, records, visit_media
from .util import now_iso

CHUNK = 500
_STAMPED = frozenset({"household", "visit", "visit_amendment"})
"""Rows whose data carries when they were made (``RECORDED_AT``, docs/sync-protocol.md)."""


@dataclass(slots=True)
class Rec:
    id: str
    entity: str
    grid_id: str
    parent_id: str | None
    version: int
    seq: int
    deleted: bool
    data: dict[str, Any]
    created_at: str
    updated_at: str
    updated_by: str
    in_db: bool = False

    def copy(self) -> Rec:
        return replace(self, data=dict(self.data))

    @property
    def state(self) -> str:
        return row_state(self.entity, self.deleted)

    def wire(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "id": self.id,
            "version": self.version,
            "state": self.state,
            "data": self.data,
        }


def row_state(entity: str, deleted: bool) -> str:
    """The pull state of a stored row: an append-only record is deleted only by redaction
    (``gridcenter.redact``), so its tombstone is a redacted one."""
    if not deleted:
        return "live"
    return "redacted" if ENTITIES[entity].append_only else "deleted"


def parent_field(entity: str) -> str | None:
    spec = ENTITIES[entity].parent
    return spec[0] if spec else None


def parent_entity(entity: str) -> str | None:
    spec = ENTITIES[entity].parent
    return spec[1] if spec else None


def _rec_from_row(row: Any) -> Rec:
    return Rec(
        row.id, row.entity, row.grid_id, row.parent_id, row.version, row.seq, bool(row.deleted),
        json.loads(row.data), row.created_at, row.updated_at, row.updated_by, True,
    )


class Store:
    def __init__(self, conn: Connection, seqs: SeqAllocator, actor: str):
        self.conn = conn
        self.seqs = seqs
        self.actor = actor
        self.recs: dict[str, Rec | None] = {}
        self.dirty: dict[str, Rec] = {}
        self.gone_rows: list[dict[str, Any]] = []
        self.media_rows: list[dict[str, str]] = []
        self.grid_rows: dict[str, dict[str, Any]] = {}
        self._children_loaded: set[str] = set()
        self._next_grid_no: int | None = None

    # -- loading ---------------------------------------------------------------------------
    def load(self, ids: Iterable[str]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i and i not in self.recs]
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            for row in self.conn.execute(select(records).where(records.c.id.in_(chunk))):
                self.recs[row.id] = _rec_from_row(row)
            for i in chunk:
                self.recs.setdefault(i, None)

    def get(self, row_id: str) -> Rec | None:
        if row_id not in self.recs:
            self.load([row_id])
        return self.recs[row_id]

    def children(self, parent_id: str) -> list[Rec]:
        if parent_id not in self._children_loaded:
            ids = self.conn.execute(
                select(records.c.id).where(records.c.parent_id == parent_id)
            ).scalars()
            self.load(list(ids))
            self._children_loaded.add(parent_id)
        return [r for r in self.recs.values() if r is not None and r.parent_id == parent_id]

    def grid_by_code(self, code: str) -> str | None:
        for gid, row in self.grid_rows.items():
            if row["code"] == code:
                return gid
        return self.conn.execute(select(grids.c.id).where(grids.c.code == code)).scalar()

    # -- changing --------------------------------------------------------------------------
    def put(self, rec: Rec) -> Rec:
        """Record ``rec`` as changed: it gets the next sequence number.

        A household carries the time it entered the centre's roster (the record's
        ``created_at``) in its data, for clients: a household never visited is due from then
        (docs/sync-protocol.md). A household from before this rule gets it at its next change.
        A visit or an amendment carries the time the worker recorded it, as its client sent
        it; from a client that sent none, the time it reached the centre (the record's own
        ``created_at``, which always stays the centre's receive time).
        """
        if rec.entity in _STAMPED and rec.data.get(RECORDED_AT) is None:
            rec.data[RECORDED_AT] = rec.created_at
        rec.seq = self.seqs.next()
        rec.updated_at = now_iso()
        rec.updated_by = self.actor
        self.recs[rec.id] = rec
        self.dirty[rec.id] = rec
        return rec

    def leave(self, rec: Rec) -> None:
        """``rec`` leaves its current grid: a gone marker there, numbered before its new seq."""
        self.gone_rows.append(
            {"seq": self.seqs.next(), "entity": rec.entity, "row_id": rec.id,
             "grid_id": rec.grid_id}
        )

    def add_media(self, sha256: str, visit_id: str) -> None:
        self.media_rows.append({"sha256": sha256, "visit_id": visit_id})

    def put_grid(self, grid_id: str, code: str, name: str, village_id: int | None = None) -> None:
        existing = self.grid_rows.get(grid_id)
        if existing is None:
            row = self.conn.execute(select(grids).where(grids.c.id == grid_id)).first()
            existing = dict(row._mapping) if row else None
        if existing is None:
            if self._next_grid_no is None:
                self._next_grid_no = (
                    self.conn.execute(select(func.max(grids.c.no))).scalar() or 0
                ) + 1
            existing = {"id": grid_id, "no": self._next_grid_no, "created_at": now_iso(),
                        "village_id": village_id, "_new": True}
            self._next_grid_no += 1
        existing.update(code=code, name=name)
        if village_id is not None:
            existing["village_id"] = village_id
        self.grid_rows[grid_id] = existing

    # -- writing ---------------------------------------------------------------------------
    def flush(self) -> None:
        """Write every staged change in bulk and store the counter."""
        self._flush_grids()
        new = [r for r in self.dirty.values() if not r.in_db]
        old = [r for r in self.dirty.values() if r.in_db]
        if new:
            self.conn.execute(insert(records), [_row_values(r) for r in new])
        if old:
            values = []
            for r in old:
                v = _row_values(r)
                v["_id"] = v.pop("id")
                values.append(v)
            stmt = (
                update(records)
                .where(records.c.id == bindparam("_id"))
                .values(
                    {c: bindparam(c) for c in values[0] if c not in ("_id", "created_at")}
                )
            )
            self.conn.execute(stmt, values)
        for r in new:
            r.in_db = True
        if self.gone_rows:
            self.conn.execute(insert(gone), self.gone_rows)
        if self.media_rows:
            unique = list({(m["sha256"], m["visit_id"]): m for m in self.media_rows}.values())
            self.conn.execute(insert(visit_media), unique)
        self.dirty.clear()
        self.gone_rows = []
        self.media_rows = []
        self.seqs.store()

    def _flush_grids(self) -> None:
        for row in self.grid_rows.values():
            values = {k: v for k, v in row.items() if not k.startswith("_")}
            if row.get("_new"):
                self.conn.execute(insert(grids), [values])
                row.pop("_new")
            else:
                self.conn.execute(
                    update(grids)
                    .where(grids.c.id == row["id"])
                    .values(code=row["code"], name=row["name"], village_id=row["village_id"])
                )
        self.grid_rows = {}


def _row_values(r: Rec) -> dict[str, Any]:
    return {
        "id": r.id,
        "entity": r.entity,
        "grid_id": r.grid_id,
        "parent_id": r.parent_id,
        "version": r.version,
        "seq": r.seq,
        "deleted": r.deleted,
        "data": dumps(r.data),
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "updated_by": r.updated_by,
    }


class EntryTx:
    """Staged changes of one unit of work (one push entry) over a :class:`Store`."""

    def __init__(self, store: Store):
        self.store = store
        self.staged: dict[str, Rec] = {}
        self.leaving: list[Rec] = []
        self.media: list[tuple[str, str]] = []

    def get(self, row_id: str) -> Rec | None:
        if row_id in self.staged:
            return self.staged[row_id]
        return self.store.get(row_id)

    def children(self, parent_id: str) -> list[Rec]:
        found = {r.id: r for r in self.store.children(parent_id)}
        for r in self.staged.values():
            if r.parent_id == parent_id:
                found[r.id] = r
            else:
                found.pop(r.id, None)
        return list(found.values())

    def put(self, rec: Rec) -> None:
        self.staged.pop(rec.id, None)
        self.staged[rec.id] = rec

    def leave(self, rec: Rec) -> None:
        self.leaving.append(rec.copy())

    def commit(self) -> None:
        for rec in self.leaving:
            self.store.leave(rec)
        for rec in self.staged.values():
            self.store.put(rec)
        for sha, visit_id in self.media:
            self.store.add_media(sha, visit_id)
