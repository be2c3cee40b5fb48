"""Pull: the reading half of the sync protocol (docs/sync-protocol.md); push is
:mod:`gridcenter.sync`.

Pull reads one snapshot, finds the page boundary from the per-grid high-water marks with
index-only queries, then fetches the page and builds the JSON by concatenating the stored
JSON text of each row (no parsing, no re-serialising).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from gridworker.sync.protocol import ErrorCode

from . import cursor as cursors
from .audit import audit
from .auth import Caller
from .config import Settings
from .db import Database
from .errors import ApiError
from .models import CURSOR_EPOCH, SEQ_COUNTER, counters, gone, grids, meta, records
from .scope import Scope, scope_of
from .store import row_state

SMALL_GROUP = 20


def _seq_queries(
    table: Any, gids: list[str], low: int, high: int, entities: frozenset[str], cols: list[Any],
    limit: int | None,
) -> list[Any]:
    """Statements selecting ``cols`` of rows of ``gids`` with low < seq <= high, by seq."""
    entity_col = table.c.entity
    filters = [table.c.seq > low, table.c.seq <= high, entity_col.in_(sorted(entities))]
    stmts = []
    if len(gids) <= SMALL_GROUP:
        for gid in gids:
            stmt = select(*cols).where(table.c.grid_id == gid, *filters).order_by(table.c.seq)
            stmts.append(stmt.limit(limit) if limit else stmt)
    else:
        for start in range(0, len(gids), 5000):
            stmt = (
                select(*cols)
                .where(table.c.grid_id.in_(gids[start : start + 5000]), *filters)
                .order_by(table.c.seq)
            )
            stmts.append(stmt.limit(limit) if limit else stmt)
    return stmts


def _row_text(entity: str, row_id: str, version: int, state: str, data: str | None) -> str:
    return (
        '{"entity":"' + entity + '","id":' + json.dumps(row_id) + ',"version":' + str(version)
        + ',"state":"' + state + '","data":' + (data if data is not None else "null") + "}"
    )


def pull(
    db: Database, settings: Settings, caller: Caller, cursor_text: str | None, limit: int
) -> str:
    given: cursors.Cursor | None = None
    try:
        if cursor_text:
            given = cursors.decode(settings.secret_key, caller.user_id, cursor_text)
        body, token_marks, epoch, has_more = _page(db, caller, given, limit)
    except cursors.CursorInvalid as exc:
        with db.write() as conn:
            audit(conn, "cursor_invalid", caller.username, "", str(exc), success=False)
        raise ApiError(400, ErrorCode.CURSOR_INVALID) from None
    token = cursors.encode(settings.secret_key, caller.user_id, token_marks, epoch)
    return (
        '{"changes":[' + body + '],"cursor":"' + token + '","has_more":'
        + ("true" if has_more else "false") + "}"
    )


def _check_cursor(given: cursors.Cursor, epoch: str, high: int, id_of: dict[int, str]) -> None:
    """Raise CursorInvalid unless ``given`` can belong to this database's history.

    A legitimate cursor never holds a mark above the counter value ``high`` a later pull reads,
    even with concurrent writers: every mark a pull writes is either a mark of the cursor it
    was given (checked here to be <= its own ``high``) or its page end, which is a seq it read
    at or below its ``high`` (or ``high`` itself); it never computes a seq of its own. The
    counter only grows (SeqAllocator adds under the row lock and stores a value >= the one it
    read), and the next pull reads it in a snapshot taken after the one that issued the
    cursor (the client sends a cursor only once it has the answer): SQLite in WAL mode and
    PostgreSQL (REPEATABLE READ, one primary) both show a later transaction every commit an
    earlier one saw. Writers that commit in between only raise ``high``. So a mark above
    ``high`` means the database lost committed history: a backup restored, or the last
    commits lost in a power cut (SQLite ``synchronous=NORMAL``, a PostgreSQL failover to a
    lagging standby). Numbers N+1… are then handed out again for new changes and a clamped
    mark would skip them: the client must start again. For the same reason a grid number the
    database does not know (grids are never removed) is refused: a grid created after the
    backup, whose number the next new grid takes.

    A restore followed by enough writes to pass the client's marks again is caught only by
    the epoch: ``gridcenter admin new-cursor-epoch`` after every restore."""
    if given.epoch != epoch:
        raise cursors.CursorInvalid("epoch")
    for no, mark in given.marks.items():
        if no not in id_of:
            raise cursors.CursorInvalid("unknown grid")
        if mark > high:
            raise cursors.CursorInvalid("ahead")


def _page(
    db: Database, caller: Caller, given: cursors.Cursor | None, limit: int
) -> tuple[str, dict[int, int], str, bool]:
    """(changes JSON, the new cursor's marks, the epoch, has_more) of one page after
    ``given``; raises CursorInvalid for a cursor this database cannot continue."""
    with db.read() as conn:
        high = conn.execute(
            select(counters.c.value).where(counters.c.name == SEQ_COUNTER)
        ).scalar_one()
        epoch = conn.execute(select(meta.c.value).where(meta.c.name == CURSOR_EPOCH)).scalar_one()
        scope = scope_of(conn, caller)
        no_of: dict[str, int] = {}
        id_of: dict[int, str] = {}
        for gid, no in conn.execute(select(grids.c.id, grids.c.no)):
            no_of[gid] = no
            id_of[no] = gid
        old: dict[int, int] = {}
        if given is not None:
            _check_cursor(given, epoch, high, id_of)
            old = given.marks
        current = sorted(g for g in scope.grids if g in no_of)
        marks = {g: old.get(no_of[g], 0) for g in current}
        exited = [id_of[n] for n in old if id_of[n] not in scope.grids]
        readable = scope.readable
        # Phase 1: where does this page end? Index-only queries on (grid_id, seq, entity).
        groups: dict[int, list[str]] = defaultdict(list)
        for g, m in marks.items():
            if m < high:
                groups[m].append(g)
        candidates: list[int] = []
        for mark, gids in groups.items():
            for table in (records, gone):
                for stmt in _seq_queries(table, gids, mark, high, readable, [table.c.seq],
                                         limit + 1):
                    candidates.extend(conn.execute(stmt).scalars())
        candidates.sort()
        has_more = len(candidates) > limit
        page_end = candidates[limit - 1] if has_more else high
        # Phase 2: the page itself.
        rows: list[tuple[tuple[int, int], str]] = []
        page_ids: set[str] = set()
        rec_cols = [records.c.seq, records.c.id, records.c.entity, records.c.version,
                    records.c.deleted, records.c.data, records.c.parent_id]
        parents_needed: dict[str, tuple[int, int]] = {}
        for mark, gids in groups.items():
            for stmt in _seq_queries(records, gids, mark, page_end, readable, rec_cols, None):
                for seq, rid, entity, version, deleted, data, parent_id in conn.execute(stmt):
                    state = row_state(entity, deleted)
                    rows.append(((seq, 0), _row_text(entity, rid, version, state, data)))
                    page_ids.add(rid)
                    if parent_id:
                        key = (seq, -1)
                        if parents_needed.get(parent_id, key) >= key:
                            parents_needed[parent_id] = key
            gone_cols = [gone.c.seq, gone.c.entity, gone.c.row_id]
            for stmt in _seq_queries(gone, gids, mark, page_end, readable, gone_cols, None):
                for seq, entity, rid in conn.execute(stmt):
                    rows.append(((seq, 0), _row_text(entity, rid, 0, "gone", None)))
        for pid in page_ids:
            parents_needed.pop(pid, None)
        rows.extend(_closure(conn, scope, parents_needed, page_ids, page_end))
        rows.sort(key=lambda r: r[0])
        prefix = _exits(conn, exited, {g: old[no_of[g]] for g in exited}, high)
        new_marks = {no_of[g]: max(marks[g], page_end) for g in current}
    return ",".join(prefix + [text for _, text in rows]), new_marks, epoch, has_more




def _closure(
    conn: Connection,
    scope: Scope,
    wanted: dict[str, tuple[int, int]],
    page_ids: set[str],
    page_end: int,
) -> list[tuple[tuple[int, int], str]]:
    """Parents of page rows that the client would only get on a later page: include them now
    (grandparents too), so every page applies with foreign keys on. Each gets a sort key
    just before the first row that needs it, so the page also reads parents-first."""
    out: list[tuple[tuple[int, int], str]] = []
    seen = set(page_ids)
    cols = [records.c.seq, records.c.id, records.c.entity, records.c.version,
            records.c.deleted, records.c.data, records.c.parent_id, records.c.grid_id]
    while wanted:
        batch = dict(list(wanted.items())[:500])
        for rid in batch:
            wanted.pop(rid)
        seen.update(batch)
        for seq, rid, entity, version, deleted, data, parent_id, grid_id in conn.execute(
            select(*cols).where(records.c.id.in_(list(batch)))
        ):
            if seq <= page_end or not scope.can_read(grid_id, entity):
                continue
            state = row_state(entity, deleted)
            key = batch[rid]
            out.append((key, _row_text(entity, rid, version, state, data)))
            if parent_id and parent_id not in seen:
                parent_key = (key[0], key[1] - 1)
                if wanted.get(parent_id, parent_key) >= parent_key:
                    wanted[parent_id] = parent_key
    return out


def _exits(conn: Connection, exited: list[str], marks: dict[str, int], high: int) -> list[str]:
    """Grids that left the caller's scope: a gone marker for every row the caller may hold
    (every row now in the grid, and every row that left it since the caller's mark)."""
    out: list[str] = []
    for gid in exited:
        for rid, entity in conn.execute(
            select(records.c.id, records.c.entity).where(records.c.grid_id == gid)
        ):
            out.append(_row_text(entity, rid, 0, "gone", None))
        for rid, entity in conn.execute(
            select(gone.c.row_id, gone.c.entity).where(
                gone.c.grid_id == gid, gone.c.seq > marks[gid], gone.c.seq <= high
            )
        ):
            out.append(_row_text(entity, rid, 0, "gone", None))
    return out


