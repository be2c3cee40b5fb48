"""Writing the server's rows into the local database without losing unsent work.

Two callers, one rule set: a pull page (``apply_rows``) and the rows returned with push
results (``record_push_results``). The caller owns the transaction.

- A row with *pending* journal entries is rebased: local row = server row with the pending
  entries' ``new`` values re-applied on top (oldest first), version = the server's. Its
  entries keep their base values, so the server's merge still sees what changed since base.
- Rows without pending entries take the bulk path: one ``INSERT … ON CONFLICT DO UPDATE``
  executemany per entity on the raw SQLite connection, values converted once to the storage
  format SQLAlchemy uses. This is what makes a first sync of 100,000 rows cheap.
- ``deleted`` tombstones and ``gone`` markers remove the local row (for a household: with its
  residents, visits, amendments and photo links) unless unsent changes (pending or rejected
  entries) or unresolved conflicts exist anywhere in that subtree: then everything is kept and
  the row gets a ``sync_flags`` entry saying why.
- The search index follows in bulk (``search.update_entries`` / ``remove_entries``), unless
  the caller says ``index=False`` (a large pull, whose index is rebuilt once afterwards; the
  caller marks it stale in the same transaction, see ``search.mark_stale``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, DateTime
from sqlalchemy.orm import Session

from ..storage import search
from ..storage.journal import PENDING, REJECTED, SENT
from ..storage.models import (
    ConflictRow,
    GridRow,
    HouseholdRow,
    ResidentRow,
    SyncFlagRow,
    VisitAmendmentRow,
    VisitRow,
)
from . import protocol as p
from .errors import MalformedResponse, SyncError
from .wire import PushResult, ServerRow, is_sha256

MODELS: dict[str, Any] = {
    "grid": GridRow,
    "household": HouseholdRow,
    "resident": ResidentRow,
    "visit": VisitRow,
    "visit_amendment": VisitAmendmentRow,
}
OUT_OF_SCOPE = "out_of_scope"
DELETED_ON_SERVER = "deleted_on_server"


# --------------------------------------------------------------------------- conversion
#
# Pulled values are checked and converted in one pass (the hot loop of a first sync): each
# column gets a function that raises ``_Bad`` for a value of the wrong wire type and returns
# the storage form otherwise. A bad value anywhere aborts the page's transaction, so nothing
# of a malformed page is written. (``wire.changes_page`` checks the structure; this checks
# the field values against ``protocol.ENTITIES``.)


class _Bad(Exception):
    pass


def wire_to_datetime(value: str) -> datetime:
    """ISO text from the wire as the naive local time the workspace stores."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone().replace(tzinfo=None)
    return parsed


def _dt_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    if type(value) is not str:
        raise _Bad
    try:
        return _wire_dt_text(value)
    except ValueError:
        raise _Bad from None


@lru_cache(maxsize=4096)
def _wire_dt_text(value: str) -> str:
    """Cached: rows written together (an import, a batch) share their timestamps. (Python
    reads the local time zone once per process, so a cached conversion stays right.)"""
    return wire_to_datetime(value).isoformat(" ", "microseconds")


def _date_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if type(value) is not str:
        raise _Bad
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _Bad from None


def _bool(value: Any) -> int:
    if type(value) is not bool:
        raise _Bad
    return 1 if value else 0


def _float(value: Any) -> float:
    if type(value) not in (int, float) or value != value:  # NaN
        raise _Bad
    return float(value)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _Bad
    return value


def _json(value: Any) -> str:
    if not value and (value == [] or value == {}):  # most of them: skip the encoder
        return "[]" if type(value) is list else "{}"
    return json.dumps(value)


_TEXT_LIMITS: dict[Callable[[Any], Any], int] = {}
"""The text converters and their length limits (no limit: sys.maxsize), so ``Plan.params``
can check text inline instead of calling them."""


def _text(limit: int | None) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if type(value) is not str or (limit is not None and len(value) > limit):
            raise _Bad
        return value

    _TEXT_LIMITS[convert] = sys.maxsize if limit is None else limit
    return convert


def _text_set(value: Any) -> str:
    if type(value) is not list or len(value) > 200:
        raise _Bad
    if not value:
        return "[]"
    for item in value:
        if type(item) is not str or len(item) > 64:
            raise _Bad
    return json.dumps(value)


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    convert: Callable[[Any], Any]
    """Check a wire value and return its storage form (raises _Bad)."""
    default: Any
    """Storage value for a missing (or null) optional field."""
    nullable: bool
    required: bool
    storage: str
    """How stored values read back: text, json, bool, datetime, date, number."""


def _column(column: Any, spec: p.FieldSpec) -> _Column:
    name = column.key
    kind = spec.kind
    nullable = bool(column.nullable)
    if kind in (p.Kind.TEXT, p.Kind.ID):
        limit = 36 if kind is p.Kind.ID else spec.max_length
        return _Column(name, _text(limit), "", nullable, spec.required, "text")
    if kind is p.Kind.DATETIME:
        return _Column(name, _dt_text, None, nullable, spec.required, "datetime")
    if kind is p.Kind.DATE:
        return _Column(name, _date_text, None, nullable, spec.required, "date")
    if kind is p.Kind.BOOL:
        default = column.default.arg if column.default is not None else False
        return _Column(name, _bool, 1 if default else 0, nullable, spec.required, "bool")
    if kind is p.Kind.FLOAT:
        return _Column(name, _float, None, nullable, spec.required, "number")
    if kind is p.Kind.INT:
        return _Column(name, _int, 0, nullable, spec.required, "number")
    if kind is p.Kind.TEXT_SET:
        return _Column(name, _text_set, "[]", nullable, spec.required, "json")
    empty = "{}" if name == "changes" else "[]"
    return _Column(name, _json, empty, nullable, spec.required, "json")


class Plan:
    """How one entity's rows are written: columns, converters and the upsert statement."""

    def __init__(self, entity: str):
        self.entity = entity
        self.model = MODELS[entity]
        table = self.model.__table__
        self.table = table.name
        spec = p.ENTITIES[entity]
        self.fields: list[_Column] = []
        for column in table.columns:
            name = column.key
            if name in ("id", "version", "created_at", "updated_at"):
                continue
            if name not in spec.fields:  # pragma: no cover - models and protocol agree
                raise RuntimeError(f"{entity}.{name} is not in the protocol")
            self.fields.append(_column(column, spec.fields[name]))
        self.columns = ["id", "version", "created_at", "updated_at"] + [
            c.name for c in self.fields
        ]
        names = ", ".join(self.columns)
        marks = ", ".join("?" for _ in self.columns)
        if entity in ("visit", "visit_amendment"):
            # Append-only: the content never changes (a trigger guards visits); only the
            # version the server gave it is taken.
            updates = ["version", "updated_at"]
        else:
            updates = [c for c in self.columns if c not in ("id", "created_at")]
        assignments = ", ".join(f"{c} = excluded.{c}" for c in updates)
        self.upsert = (
            f"INSERT INTO {self.table} ({names}) VALUES ({marks}) "
            f"ON CONFLICT(id) DO UPDATE SET {assignments} "
            f"WHERE excluded.version >= {self.table}.version"
        )
        # Text columns (most of them) are checked inline in ``params``: limit, else None.
        self._convert = [
            (
                c.name,
                c.convert,
                None if c.nullable else c.default,
                c.required and not c.nullable,
                _TEXT_LIMITS.get(c.convert),
            )
            for c in self.fields
        ]

    def params(
        self, row_id: str, version: int, data: dict[str, Any], now_text: str
    ) -> tuple[Any, ...]:
        """The row's values in column order, checked; raises MalformedResponse."""
        created = data.get("created_at")
        updated = data.get("updated_at")
        try:
            values: list[Any] = [
                row_id,
                version,
                _dt_text(created) if isinstance(created, str) else now_text,
                _dt_text(updated) if isinstance(updated, str) else now_text,
            ]
            name = ""
            append = values.append
            get = data.get
            for name, convert, default, required, limit in self._convert:
                raw = get(name)
                if raw is None:
                    if required:
                        raise _Bad
                    append(default)
                elif limit is not None:
                    if type(raw) is not str or len(raw) > limit:
                        raise _Bad
                    append(raw)
                else:
                    append(convert(raw))
        except _Bad:
            raise MalformedResponse(
                f"{self.entity}.{name or 'timestamps'}: missing or of the wrong type"
            ) from None
        return tuple(values)

    def local_values(self, session: Session, row_id: str) -> dict[str, Any] | None:
        """The row's current values in wire form, or None when absent."""
        cur = _dbapi(session).execute(
            f"SELECT {', '.join(c.name for c in self.fields)} FROM {self.table} WHERE id = ?",
            (row_id,),
        )
        got = cur.fetchone()
        if got is None:
            return None
        out: dict[str, Any] = {}
        for column, raw in zip(self.fields, got, strict=True):
            out[column.name] = _storage_to_wire(column, raw)
        return out


def _storage_to_wire(column: _Column, raw: Any) -> Any:
    if raw is None:
        return None
    if column.storage == "json":
        return json.loads(raw)
    if column.storage == "bool":
        return bool(raw)
    if column.storage == "datetime":
        return datetime.fromisoformat(raw).isoformat()
    return raw


_PLANS: dict[str, Plan] = {}


def plan(entity: str) -> Plan:
    got = _PLANS.get(entity)
    if got is None:
        got = _PLANS[entity] = Plan(entity)
    return got


def column_value(entity: str, name: str, value: Any) -> Any:
    """A wire value as the Python value an ORM attribute of ``entity`` takes."""
    model = MODELS[entity]
    column = model.__table__.columns[name]
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return wire_to_datetime(value) if isinstance(value, str) else value
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    return value


def _dbapi(session: Session) -> Any:
    return session.connection().connection.driver_connection


# --------------------------------------------------------------------------- results


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

    def add(self, other: ApplyStats) -> None:
        self.written += other.written
        self.rebased += other.rebased
        self.removed += other.removed
        self.kept += other.kept
        for k, v in other.by_entity.items():
            self.by_entity[k] = self.by_entity.get(k, 0) + v


# --------------------------------------------------------------------------- apply rows


def _protected(session: Session) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(rows with pending entries, rows the server may not remove here)."""
    cur = _dbapi(session)
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
) -> ApplyStats:
    """Write server rows (live, deleted, gone) under my unsent changes. See module doc.

    ``index=False``: leave the search index alone (only with the index marked stale)."""
    stats = ApplyStats()
    if not rows:
        return stats
    session.flush()
    latest = latest_mentions(rows)
    pending, keep = _protected(session)
    now_text = _dt_text(now)
    cur = _dbapi(session).cursor()
    flagged = {(e, r) for e, r in cur.execute("SELECT DISTINCT entity, row_id FROM sync_flags")}

    live = [r for r in latest.values() if r.state == p.ChangeState.LIVE]
    removed = [r for r in latest.values() if r.state != p.ChangeState.LIVE]
    touched_households: set[str] = set()
    touched_residents: set[str] = set()
    fresh: set[str] = set()
    for entity in p.ENTITY_ORDER:
        batch = [r for r in live if r.entity == entity]
        if not batch:
            continue
        pl = plan(entity)
        ids = [r.id for r in batch]
        if entity in ("household", "resident"):
            existing = _existing(cur, pl.table, ids)
            fresh.update(i for i in ids if i not in existing)
        if entity == "grid":
            _check_grid_codes(cur, batch)
        bulk = [r for r in batch if (entity, r.id) not in pending]
        if bulk:
            cur.executemany(
                pl.upsert, [pl.params(r.id, r.version, r.data or {}, now_text) for r in bulk]
            )
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
        back = [(r.entity, r.id) for r in live if (r.entity, r.id) in flagged]
        if back:
            cur.executemany("DELETE FROM sync_flags WHERE entity = ? AND row_id = ?", back)
    if index and (touched_households or touched_residents):
        search.update_entries(
            session, households=touched_households, residents=touched_residents, fresh=fresh
        )
    if removed:
        _remove(session, removed, keep, now, stats, reason, index=index)
    return stats


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
    cur = _dbapi(session).cursor()
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
        if not isinstance(hashes, list) or not all(is_sha256(h) for h in hashes):
            raise MalformedResponse("visit.photos: expected SHA-256 hashes")
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


# --------------------------------------------------------------------------- removals


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


def _remove(
    session: Session,
    rows: list[ServerRow],
    keep: set[tuple[str, str]],
    now: datetime,
    stats: ApplyStats,
    reason: str,
    *,
    index: bool = True,
) -> None:
    cur = _dbapi(session).cursor()
    order = {e: i for i, e in enumerate(p.ENTITY_ORDER)}
    doomed: dict[str, set[str]] = {e: set() for e in p.ENTITY_ORDER}
    flags: list[tuple[str, str, str, str, str]] = []
    now_text = _dt_text(now)
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
        search.remove_entries(session, households=doomed["household"], residents=doomed["resident"])
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
    cur = _dbapi(session).cursor()
    markers = []
    for entity, row_id, flag in cur.execute("SELECT entity, row_id, flag FROM sync_flags"):
        if entity in MODELS:
            state = p.ChangeState.GONE if flag == OUT_OF_SCOPE else p.ChangeState.DELETED
            markers.append(ServerRow(entity, row_id, 0, state, None))
    stats = ApplyStats()
    if markers:
        _, keep = _protected(session)
        _remove(session, markers, keep, now, stats, "")
        # Rows still held keep their flags; removed rows lost theirs; flags of rows that are
        # not here at all (never were, or went another way) go too.
        for entity, model in MODELS.items():
            cur.execute(
                f"DELETE FROM sync_flags WHERE entity = ? AND row_id NOT IN "
                f"(SELECT id FROM {model.__tablename__})",
                (entity,),
            )
    return stats


# --------------------------------------------------------------------------- push answers


@dataclass
class PushStats:
    applied: int = 0
    conflicted: int = 0
    rejected: list[str] = field(default_factory=list)
    """Mutation ids answered rejected."""
    conflicts: list[str] = field(default_factory=list)
    """Ids of conflicts newly stored."""
    resolved: list[str] = field(default_factory=list)
    rows: ApplyStats = field(default_factory=ApplyStats)


def record_push_results(
    session: Session,
    entries: Sequence[dict[str, Any]],
    results: Sequence[PushResult],
    *,
    now: datetime,
) -> PushStats:
    """Record one push batch's answers and lay the returned rows under what is still pending.

    One transaction per batch (the caller's): entry states, conflicts, flags, rows and the
    rebased base versions of later entries (see :func:`_rebase_later_entries`) commit
    together, so a crash leaves the batch pending and the repeat is answered from the
    server's stored results.
    """
    stats = PushStats()
    sent = {e["mutation_id"]: e for e in entries}
    cur = _dbapi(session).cursor()
    # Which of them are still here (one query, no ORM objects: 1,000 entries a batch).
    known: set[str] = set()
    ids = list(sent)
    for begin in range(0, len(ids), 5000):
        known.update(
            r[0]
            for r in cur.execute(
                "SELECT mutation_id FROM journal WHERE mutation_id IN "
                "(SELECT value FROM json_each(?))",
                (json.dumps(ids[begin : begin + 5000]),),
            )
        )
    now_text = _dt_text(now)
    updates: list[tuple[Any, ...]] = []
    rows: list[ServerRow] = []
    own: dict[tuple[str, str], tuple[int, int]] = {}
    for result in results:
        entry = sent.get(result.mutation_id)
        if entry is None or result.mutation_id not in known:
            raise MalformedResponse("push answer names an entry this workspace did not send")
        mutation_id, entity, row_id = result.mutation_id, entry["entity"], entry["row_id"]
        _follow_own(own, entry, result)
        if result.status == p.Status.REJECTED:
            updates.append((REJECTED, result.status, now_text, result.version,
                            result.error_code, result.error_message, mutation_id))  # fmt: skip
            stats.rejected.append(mutation_id)
            if result.error_code == p.ErrorCode.OUT_OF_SCOPE:
                _flag(session, entity, row_id, OUT_OF_SCOPE, result.error_message or "", now)
        else:
            updates.append((SENT, result.status, now_text, result.version, None, None,
                            mutation_id))  # fmt: skip
            if result.status == p.Status.APPLIED:
                stats.applied += 1
            else:
                stats.conflicted += 1
            if result.row is not None:
                rows.append(result.row)
        for raw in result.conflicts:
            if session.get(ConflictRow, raw["id"]) is None:
                session.add(
                    ConflictRow(
                        id=raw["id"],
                        entity=entity,
                        row_id=row_id,
                        kind=raw["kind"],
                        field=raw.get("field"),
                        base=raw.get("base"),
                        mine=raw.get("mine"),
                        theirs=raw.get("theirs"),
                        mutation_id=mutation_id,
                        created_at=now,
                        state="open",
                    )
                )
                stats.conflicts.append(raw["id"])
        for item in entry.get("resolves") or ():
            conflict = session.get(ConflictRow, item.get("conflict_id"))
            if conflict is None:
                continue
            if result.status == p.Status.REJECTED:
                conflict.state = "open"  # the resolution did not reach the server's record
            else:
                conflict.state = "resolved"
                conflict.resolved_at = conflict.resolved_at or now
                stats.resolved.append(conflict.id)
    # The answers straight into the journal (the ORM would load and decode every entry's
    # changes once more only to set six columns).
    cur.executemany(
        "UPDATE journal SET state = ?, status = ?, answered_at = ?, server_version = ?, "
        "error_code = ?, error_message = ? WHERE mutation_id = ?",
        updates,
    )
    _rebase_later_entries(cur, own)
    session.flush()
    stats.rows = apply_rows(session, rows, now=now)
    return stats


def _follow_own(
    own: dict[tuple[str, str], tuple[int, int]], entry: dict[str, Any], result: PushResult
) -> None:
    """Track, per row, the versions this batch's own applied entries made (``own[key] =
    (base version, version now)``), as gridcenter does within a batch (``Pusher.own``).

    An entry is counted as applied on exactly what it was based on, with nobody else's
    change in between, when it was answered ``applied`` and the server's version moved by
    at most the one step it may have made itself: a change always adds exactly one version;
    an update that changed nothing (an empty one, a ``theirs`` resolution) adds none, so for
    it any step is someone else's. Its effective base is the version an earlier own entry of
    the batch on the row led to, when it shares that entry's base (the server's
    ``_effective_base``). A conflict, or an answer further ahead, breaks the chain: what the
    server holds now is not what the worker saw. A rejection changes nothing on the server
    and leaves the chain as it was (as the server's does)."""
    key = (entry["entity"], entry["row_id"])
    if result.status == p.Status.REJECTED:
        return
    base = entry["base_version"]
    chain = own.get(key)
    effective = chain[1] if chain is not None and chain[0] == base else base
    version = result.version
    if result.status == p.Status.APPLIED and isinstance(version, int):
        empty = entry["op"] == p.Op.UPDATE and not entry.get("changes")
        if version == effective or (not empty and version == effective + 1):
            own[key] = (base, version)
            return
    own.pop(key, None)


def _rebase_later_entries(cur: Any, own: dict[tuple[str, str], tuple[int, int]]) -> None:
    """Move the rows' still-pending entries based on the same version as an own applied
    entry onto the version that entry made (see :func:`_follow_own`).

    A worker's queued entries on one row all carry the version the worker last had: an edit
    and then a delete of a resident share a base. Once the edit is applied in one batch, the
    delete waiting for the next batch is based on the edit, so the version the edit made is
    not someone else's change and must not come back as a delete-vs-update conflict. Their
    values at base need no change: a later entry took them from the local row, which already
    held the earlier entry's new values, so the server's merge finds its own values there.
    Entries of this batch are no longer pending (answered above) and stay as sent."""
    moves = [
        (version, entity, row_id, PENDING, base)
        for (entity, row_id), (base, version) in own.items()
        if version != base
    ]
    if moves:
        cur.executemany(
            # Through the row_id index (``+state``: not ix_journal_state, which walks every
            # pending entry for each row).
            "UPDATE journal SET base_version = ? WHERE entity = ? AND row_id = ? "
            "AND +state = ? AND base_version = ?",
            moves,
        )


def _flag(
    session: Session, entity: str, row_id: str, flag: str, reason: str, now: datetime
) -> None:
    row = session.get(SyncFlagRow, (entity, row_id, flag))
    if row is None:
        session.add(SyncFlagRow(entity=entity, row_id=row_id, flag=flag, reason=reason, at=now))
    else:
        row.reason = reason
        row.at = now
