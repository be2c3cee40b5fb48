"""Push-recording: one push batch's answers into the journal, conflicts, flags and rows.

Each answer sets its entry's state (sent / rejected); conflicts the server found are stored
for the worker; an ``out_of_scope`` rejection flags the row (its data is kept); the rows the
server returns are laid under what is still pending (:func:`.apply.apply_rows`); later
pending entries on a row an own entry just changed move onto the version it made. Kept
copies and dismissals of rejected entries: ``gridworker.services.rejections``. The reasoning
about versions and bases: docs/sync-apply.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..storage.journal import PENDING, REJECTED, SENT
from ..storage.models import ConflictRow, SyncFlagRow
from . import apply
from . import protocol as p
from .convert import dbapi, dt_text
from .errors import MalformedResponse
from .removal import OUT_OF_SCOPE, ApplyStats
from .wire import PushResult, ServerRow


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
    cur = dbapi(session).cursor()
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
    now_text = dt_text(now)
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
            details = json.dumps(result.error_details) if result.error_details else None
            updates.append((REJECTED, result.status, now_text, result.version,
                            result.error_code, result.error_message, details,
                            mutation_id))  # fmt: skip
            stats.rejected.append(mutation_id)
            if result.error_code == p.ErrorCode.OUT_OF_SCOPE:
                _flag(session, entity, row_id, OUT_OF_SCOPE, result.error_message or "", now)
        else:
            updates.append((SENT, result.status, now_text, result.version, None, None, None,
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
        "error_code = ?, error_message = ?, error_details = ? WHERE mutation_id = ?",
        updates,
    )
    _rebase_later_entries(cur, own)
    session.flush()
    stats.rows = apply.apply_rows(session, rows, now=now)
    return stats


def _follow_own(
    own: dict[tuple[str, str], tuple[int, int]], entry: dict[str, Any], result: PushResult
) -> None:
    """Track, per row, the versions this batch's own applied entries made (``own[key] =
    (base version, version now)``), as gridcenter does within a batch (``Pusher.own``); a
    conflict or an answer further ahead breaks the chain. Why: docs/sync-apply.md."""
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
    entry onto the version that entry made (see :func:`_follow_own`): an edit and a later
    delete of one row share a base, and the edit's version is not someone else's change.
    Why: docs/sync-apply.md."""
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
