"""The local change journal (outbox) and the only functions that write synced rows.

``create_row`` and ``update_row`` change a row *and* append its journal entry in the caller's
transaction, so a change and the record that it must reach the server commit together or not
at all. Each entry keeps, per field, the value at base and the new value: the server's
three-way merge needs both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from gridrules.ids import new_id
from gridrules.schema import ENTITIES, Kind, Rule
from gridrules.schema import RECORDED_AT as SCHEMA_RECORDED_AT

from .fields import check_values
from .models import JournalEntryRow, SyncedRow

Row = TypeVar("Row", bound=SyncedRow)

PENDING = "pending"
"""Not yet answered by the server (also: waiting to be sent)."""
SENT = "sent"
"""Answered applied or conflict (``status`` says which)."""
REJECTED = "rejected"
"""Answered rejected: nothing applied; ``error_code``/``error_message`` say why. The local
data is kept."""
DISMISSED = "dismissed"
"""A rejected entry the worker gave up after reading why (kept as a record, never sent)."""
UNSENT = (PENDING, REJECTED)
"""States whose changes the server does not hold: such rows are never overwritten or removed
by a pull without being kept."""

DELETABLE = frozenset({"resident"})
"""Entities that may be deleted (op ``delete``): ``protocol.ENTITIES[…].deletable``. Storage
may not import the sync layer, so a test keeps the two equal."""

_SKIP = {"id", "version", "created_at", "updated_at"}


def wire_value(value: Any) -> Any:
    """A JSON-safe form of a stored value (dates as ISO text, sets as sorted lists; a stored
    naive local time as aware ISO text, as the rulebook wants every timestamp)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return wire_time(value) if value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(wire_value(v) for v in value)
    if isinstance(value, list | tuple):
        return [wire_value(v) for v in value]
    if isinstance(value, dict):
        return {k: wire_value(v) for k, v in value.items()}
    return value


def wire_time(moment: datetime) -> str:
    """A stored naive local time as the wire's ISO text with its UTC offset."""
    return moment.astimezone().isoformat()


# The field a visit's or an amendment's create carries its local recording time in: the one
# schema's (``gridrules.schema.RECORDED_AT``, which the protocol re-exports).
RECORDED_AT = SCHEMA_RECORDED_AT


def _columns(row: SyncedRow) -> list[str]:
    return [c.key for c in row.__table__.columns if c.key not in _SKIP]  # type: ignore[attr-defined]


def _fill_defaults(row: SyncedRow) -> None:
    """Give unset attributes their column default now (SQLAlchemy would only at flush), so a
    create journals the value the row will hold, not ``None``."""
    for column in row.__table__.columns:  # type: ignore[attr-defined]
        if column.key in _SKIP or column.default is None or getattr(row, column.key) is not None:
            continue
        arg = column.default.arg
        setattr(row, column.key, arg(None) if callable(arg) else arg)


def record(
    session: Session,
    *,
    entity: str,
    row_id: str,
    op: str,
    base_version: int,
    changes: dict[str, dict[str, Any]],
    actor: str,
    now: datetime,
    resolves: list[dict[str, Any]] | None = None,
) -> JournalEntryRow:
    entry = JournalEntryRow(
        mutation_id=new_id(),
        entity=entity,
        row_id=row_id,
        op=op,
        base_version=base_version,
        changes=changes,
        actor=actor,
        created_at=now,
        state=PENDING,
        resolves=resolves,
    )
    session.add(entry)
    return entry


def outbound_changes(entity: str, changes: dict[str, Any]) -> dict[str, Any]:
    """An entry's changes as a push carries them: a timestamp an older version journalled as
    naive local text gets its UTC offset (the centre refuses a moment without one)."""
    fields = ENTITIES[entity].fields if entity in ENTITIES else {}
    out = dict(changes)
    for name, change in changes.items():
        spec = fields.get(name)
        if spec is None or not isinstance(change, dict):
            continue
        new = change.get("new")
        if spec.kind is Kind.DATETIME:
            out[name] = {**change, "new": _aware(new)}
        elif spec.rule is Rule.VISIT_CHANGES and isinstance(new, dict):
            out[name] = {**change, "new": {k: _aware(v) if k in _VISIT_TIMES else v
                                           for k, v in new.items()}}
    return out


_VISIT_TIMES = frozenset(n for n, s in ENTITIES["visit"].fields.items() if s.kind is Kind.DATETIME)
"""The visit's timestamp fields (an amendment's changes may correct one of them)."""


def _aware(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return wire_time(moment) if moment.tzinfo is None else value


def create_row(
    session: Session,
    row: Row,
    *,
    entity: str,
    actor: str,
    now: datetime,
    extra: dict[str, Any] | None = None,
    recorded: bool = False,
) -> Row:
    """Add a new row (id assigned if missing) and journal every field as created.

    ``extra`` adds values that travel with the row but live in other tables (a visit's photo
    hashes), so the server receives the record whole in one entry. ``recorded``: the entry
    also carries ``now`` as the row's recorded time (evidence: visits and amendments), so
    every laptop shows when it was typed here, not when it reached them.
    """
    if not row.id:
        row.id = new_id()
    row.version = 0
    row.created_at = now
    row.updated_at = now
    _fill_defaults(row)
    changes = {
        name: {"base": None, "new": wire_value(getattr(row, name))} for name in _columns(row)
    }
    for name, value in (extra or {}).items():
        changes[name] = {"base": None, "new": wire_value(value)}
    check_values(entity, {name: c["new"] for name, c in changes.items()})
    session.add(row)
    if recorded:
        changes[RECORDED_AT] = {"base": None, "new": wire_time(now)}
    record(
        session,
        entity=entity,
        row_id=row.id,
        op="create",
        base_version=0,
        changes=changes,
        actor=actor,
        now=now,
    )
    return row


def update_row(
    session: Session,
    row: SyncedRow,
    values: dict[str, Any],
    *,
    entity: str,
    actor: str,
    now: datetime,
) -> dict[str, dict[str, Any]]:
    """Apply ``values`` to ``row``; journal only fields whose value really changed.

    Returns the journalled changes (empty when nothing changed: no entry is written).
    """
    allowed = set(_columns(row))
    changes: dict[str, dict[str, Any]] = {}
    for name, new in values.items():
        if name not in allowed:
            raise KeyError(f"{entity} has no field {name!r}")
        old = getattr(row, name)
        if wire_value(old) == wire_value(new):
            continue
        changes[name] = {"base": wire_value(old), "new": wire_value(new)}
    check_values(entity, {name: c["new"] for name, c in changes.items()})
    for name in changes:
        setattr(row, name, values[name])
    if changes:
        row.updated_at = now
        record(
            session,
            entity=entity,
            row_id=row.id,
            op="update",
            base_version=row.version,
            changes=changes,
            actor=actor,
            now=now,
        )
    return changes


def delete_row(
    session: Session,
    row: SyncedRow,
    *,
    entity: str,
    actor: str,
    now: datetime,
    resolves: list[dict[str, Any]] | None = None,
) -> JournalEntryRow:
    """Remove ``row`` locally and journal an op ``delete`` (empty changes) against its version.

    Only for entities in :data:`DELETABLE` (residents entered by mistake); everything else
    changes status instead. Its search entry goes by itself (``search.upkeep``).
    """
    if entity not in DELETABLE:
        raise ValueError(f"{entity} rows are never deleted; change their status instead")
    entry = record(
        session,
        entity=entity,
        row_id=row.id,
        op="delete",
        base_version=row.version,
        changes={},
        actor=actor,
        now=now,
        resolves=resolves,
    )
    session.delete(row)
    return entry


def unsent_row_ids(session: Session, entity: str | None = None) -> set[tuple[str, str]]:
    """(entity, row id) of rows with changes the server does not hold (pending or rejected)."""
    query = (
        select(JournalEntryRow.entity, JournalEntryRow.row_id)
        .where(JournalEntryRow.state.in_(UNSENT))
        .distinct()
    )
    if entity is not None:
        query = query.where(JournalEntryRow.entity == entity)
    return {(e, r) for e, r in session.execute(query)}


def entries_for_rows(
    session: Session, keys: set[tuple[str, str]], states: tuple[str, ...] = (PENDING,)
) -> dict[tuple[str, str], list[JournalEntryRow]]:
    """Entries of the given rows in ``states``, oldest first, grouped by (entity, row id)."""
    out: dict[tuple[str, str], list[JournalEntryRow]] = {}
    if not keys:
        return out
    ids = sorted({r for _, r in keys})
    for start in range(0, len(ids), 500):
        for entry in session.scalars(
            select(JournalEntryRow)
            .where(
                JournalEntryRow.row_id.in_(ids[start : start + 500]),
                JournalEntryRow.state.in_(states),
            )
            .order_by(JournalEntryRow.seq)
        ):
            key = (entry.entity, entry.row_id)
            if key in keys:
                out.setdefault(key, []).append(entry)
    return out


def rejected_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(JournalEntryRow)
            .where(JournalEntryRow.state == REJECTED)
        )
        or 0
    )


def pending_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(JournalEntryRow)
            .where(JournalEntryRow.state == PENDING)
        )
        or 0
    )


def pending_entries(session: Session, limit: int = 500) -> list[JournalEntryRow]:
    return list(
        session.scalars(
            select(JournalEntryRow)
            .where(JournalEntryRow.state == PENDING)
            .order_by(JournalEntryRow.seq)
            .limit(limit)
        )
    )


def pending_row_ids(session: Session, entity: str) -> set[str]:
    """Rows of ``entity`` that have changes not yet accepted by the server."""
    return set(
        session.scalars(
            select(JournalEntryRow.row_id)
            .where(JournalEntryRow.state == PENDING, JournalEntryRow.entity == entity)
            .distinct()
        )
    )


# Where each journalled or conflicted row belongs: the household itself, a resident's or a
# visit's household, an amendment's visit's household (null for a row no longer held here).
_HOUSEHOLD_OF = """
    coalesce(h.id, r.household_id, v.household_id, v2.household_id)
"""
_JOINS = """
    LEFT JOIN households h ON {t}.entity = 'household' AND h.id = {t}.row_id
    LEFT JOIN residents r ON {t}.entity = 'resident' AND r.id = {t}.row_id
    LEFT JOIN visits v ON {t}.entity = 'visit' AND v.id = {t}.row_id
    LEFT JOIN visit_amendments a ON {t}.entity = 'visit_amendment' AND a.id = {t}.row_id
    LEFT JOIN visits v2 ON v2.id = a.visit_id
"""
# One line per (row, state) of the outbox: how many entries, and the newest one's answer
# (SQLite gives the bare columns of the row holding max(seq)). Costs in proportion to the
# unsent part of the journal (index on state), never to the roster.
_UNSENT_SQL = text(
    f"""
    SELECT j.entity, j.row_id, j.state, count(*), max(j.seq), j.error_code, j.error_message,
      {_HOUSEHOLD_OF}, a.visit_id
    FROM journal j {_JOINS.format(t="j")}
    WHERE j.state IN ('{PENDING}', '{REJECTED}')
    GROUP BY j.entity, j.row_id, j.state
    """
)
_OPEN_CONFLICTS_SQL = text(
    f"""
    SELECT c.entity, c.row_id, count(*), group_concat(coalesce(c.field, ''), ','),
      group_concat(c.kind, ','), {_HOUSEHOLD_OF}, a.visit_id
    FROM conflicts c {_JOINS.format(t="c")}
    WHERE c.state = 'open'
    GROUP BY c.entity, c.row_id
    """
)


@dataclass(frozen=True, slots=True)
class RowSyncFacts:
    """What the journal and the conflicts table say about one row that is not simply synced."""

    entity: str
    row_id: str
    household_id: str | None
    visit_id: str | None = None
    """For a visit amendment: the visit it corrects."""
    pending: int = 0
    """Entries not yet answered by the server."""
    rejected: int = 0
    """Entries the server refused (kept until the worker dismisses them)."""
    error_code: str = ""
    error_message: str = ""
    """The newest refusal's reason, as the server worded it (plain Chinese)."""
    conflicts: int = 0
    """Open conflicts (``resolving`` ones wait as pending entries)."""
    conflict_fields: tuple[str, ...] = ()
    conflict_kinds: tuple[str, ...] = ()


def row_sync_facts(session: Session) -> dict[tuple[str, str], RowSyncFacts]:
    """Every row with unsent or refused entries or open conflicts, keyed by (entity, row id),
    with the household it belongs to. Two grouped queries; rows absent are synced."""
    facts: dict[tuple[str, str], dict[str, Any]] = {}

    def slot(entity: str, row_id: str, household: str | None, visit: str | None) -> dict[str, Any]:
        got = facts.setdefault(
            (entity, row_id),
            {"entity": entity, "row_id": row_id, "household_id": household, "visit_id": visit},
        )
        if got["household_id"] is None:
            got["household_id"] = household
        return got

    for entity, row_id, state, count, _seq, code, message, household, visit in session.execute(
        _UNSENT_SQL
    ):
        got = slot(entity, row_id, household, visit)
        if state == PENDING:
            got["pending"] = count
        else:
            got.update(rejected=count, error_code=code or "", error_message=message or "")
    for entity, row_id, count, fields, kinds, household, visit in session.execute(
        _OPEN_CONFLICTS_SQL
    ):
        got = slot(entity, row_id, household, visit)
        got["conflicts"] = count
        got["conflict_fields"] = tuple(dict.fromkeys(f for f in (fields or "").split(",") if f))
        got["conflict_kinds"] = tuple(dict.fromkeys(k for k in (kinds or "").split(",") if k))
    return {key: RowSyncFacts(**values) for key, values in facts.items()}
