"""Redaction of an append-only record by the centre's administrator.

Visits and their amendments are evidence: nobody edits or deletes them, corrections are new
records. A record that is wrong in a harmful way (typed into the wrong household, naming
someone who must not be named, a photo that must not be kept) can still be redacted here:
``gridcenter admin redact --id … --reason …``. The row stays, as a tombstone: its version
moves on, its data keeps only its parent key and the redaction (reason, time), and clients
apply it on their next pull (``protocol.ChangeState.REDACTED``): they drop the content and
show that the record was redacted and why. A visit's amendments are redacted with it, its
photo links are dropped (the blob sweep removes photos nothing links any more), stored push
answers that carried its content are rewritten, and the act is audited with the reason.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, delete, select, update

from gridrules import RuleViolation
from gridrules.bounds import LONG_TEXT_MAX
from gridrules.text import check_text
from gridworker.sync.protocol import ENTITIES, REDACTION

from .admin import AdminError
from .audit import audit
from .db import Database, SeqAllocator
from .models import mutations, visit_media
from .store import EntryTx, Rec, Store
from .util import now_iso


def is_redacted(data: dict[str, object] | None) -> bool:
    return bool(data) and REDACTION in data  # type: ignore[operator]


def tombstone(rec: Rec, reason: str, at: str) -> Rec:
    """``rec`` as a redacted tombstone (parent key and the redaction only)."""
    row = rec.copy()
    parent = ENTITIES[rec.entity].parent
    keep = {parent[0]: rec.data.get(parent[0])} if parent else {}
    row.data = {**keep, REDACTION: {"reason": reason, "at": at}}
    row.deleted = True
    row.version += 1
    return row


def redact(db: Database, row_id: str, reason: str, actor: str) -> list[str]:
    """Redact the append-only record ``row_id`` (and a visit's amendments); returns the ids
    of the rows redacted."""
    reason = reason.strip()
    if not reason:
        raise AdminError("请用 --reason 写明撤销原因（会显示给网格员）。")
    try:
        check_text(reason, field="reason", max_length=LONG_TEXT_MAX)
    except RuleViolation as violation:
        raise AdminError(f"撤销原因不符合要求（{violation.code}）。") from None
    with db.write() as conn:
        store = Store(conn, SeqAllocator(conn), actor)
        current = store.get(row_id)
        if current is None:
            raise AdminError(f"找不到记录 {row_id}。")
        if not ENTITIES[current.entity].append_only:
            raise AdminError("只能撤销走访记录和走访更正；户和居民的信息请在客户端修改。")
        if is_redacted(current.data):
            raise AdminError("该记录已经撤销过了。")
        at = now_iso()
        tx = EntryTx(store)
        doomed = [current]
        if current.entity == "visit":
            doomed += [c for c in store.children(row_id)
                       if c.entity == "visit_amendment" and not is_redacted(c.data)]
        for rec in doomed:
            tx.put(tombstone(rec, reason, at))
        tx.commit()
        store.flush()
        ids = [rec.id for rec in doomed]
        conn.execute(delete(visit_media).where(visit_media.c.visit_id.in_(ids)))
        _scrub_answers(conn, {rec.id: store.get(rec.id) for rec in doomed})
        audit(conn, "admin_redact", actor, f"{current.entity}:{row_id}",
              f"{len(ids)} rows; reason: {reason[:200]}")
    return ids


def _scrub_answers(conn: Connection, rows: dict[str, Rec | None]) -> None:
    """Stored push answers (replayed to a client that asks again) that carry a redacted row:
    the row in them becomes its tombstone."""
    for row_id, rec in rows.items():
        if rec is None:
            continue
        for mutation_id, text in conn.execute(
            select(mutations.c.mutation_id, mutations.c.result)
            .where(mutations.c.result.contains(row_id))
        ):
            result = json.loads(text)
            row = result.get("row")
            if isinstance(row, dict) and row.get("id") == row_id:
                result["row"] = {**rec.wire(), "state": "redacted"}
                conn.execute(update(mutations).where(mutations.c.mutation_id == mutation_id)
                             .values(result=json.dumps(result, ensure_ascii=False)))
