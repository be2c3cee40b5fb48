"""Changes the server refused, in plain words, and what the worker can do about them.

A rejected journal entry is never sent again (``docs/sync-protocol.md``, "Client cycle"). The
worker reads why and then either

- *keeps a local copy* (``keep_copy``): a read-only snapshot of the change (the row in words,
  the fields as sent, the reason, when) goes to the ``kept_copies`` table, which is never
  synced; the rejection is then dismissed in the same transaction, or
- *discards* it (``dismiss``): the entry turns ``dismissed`` and stays in the journal.

Both are recorded in the local audit trail (the target is the mutation id, never personal
data). Either way a row kept only because of the rejection (it left my grid, or the centre
deleted it) goes now, as the server's word said.

The views' words are message codes rendered with a
:data:`~gridworker.domain.messages.Translate` (Chinese unless the caller passes another).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridrules.ids import new_id

from ..domain.errors import GridworkerError, NotFoundError
from ..domain.messages import Translate, chinese, has_words, render, say
from ..storage.journal import DISMISSED, REJECTED
from ..storage.models import AuditEventRow, JournalEntryRow, KeptCopyRow
from ..sync import protocol as p
from ..sync.report import Rejection
from .context import ServiceContext
from .wording import entity_label, field_lines, row_label
from .wording import field_label as wording_field_label


def op_text(op: str, translate: Translate = chinese) -> str:
    """An operation (create, update, delete, restore) in plain words."""
    return say(f"op.{op}", translate) if has_words(f"op.{op}") else op


def reason_text(
    entity: str, code: str, message: str = "", translate: Translate = chinese,
    details: dict[str, Any] | None = None,
) -> str:
    """Why the server refused a change, as one plain sentence (the server's own words and
    the code follow, for the worker to quote to the centre; the server writes Chinese, so a
    translation may leave its words out and keep the code). ``details`` of an ``invalid``
    refusal name the field and the rule: said in the worker's language."""
    field = (details or {}).get("field")
    rule = (details or {}).get("code")
    if code == p.ErrorCode.OUT_OF_SCOPE:
        plain = say("refused.out_of_scope", translate, reason=entity)
    elif code == p.ErrorCode.INVALID and isinstance(field, str) and isinstance(rule, str):
        raw = (details or {}).get("params")
        params = raw if isinstance(raw, dict) else {}
        why = render(rule, params, translate) if has_words(rule, params) else rule
        plain = say("refused.invalid_field", translate,
                    field=wording_field_label(entity, field, translate), why=why)
    else:
        plain = say(f"refused.{code}" if has_words(f"refused.{code}") else "refused.other",
                    translate)  # fmt: skip
    message = message.strip()
    if message and code:
        return say("refused.sentence", translate, plain=plain, message=message, code=code)
    if message or code:
        return say("refused.sentence_one", translate, plain=plain,
                   message=message or "", code=code)  # fmt: skip
    return say("refused.sentence_plain", translate, plain=plain)


def changed_fields(
    entity: str, op: str, changes: dict[str, Any], translate: Translate = chinese
) -> tuple[tuple[str, str], ...]:
    """The fields of a change as sent, as (label, value in words); ID and phone numbers
    masked, ids and need-to-know categories left out, empty values of a new row skipped."""
    values = {}
    for name, change in (changes or {}).items():
        new = change.get("new") if isinstance(change, dict) else change
        if op == p.Op.CREATE and new in (None, "", []):
            continue
        values[name] = new
    return field_lines(entity, values, translate)


@dataclass(frozen=True, slots=True)
class RejectedChange:
    """A change the server refused, as the worker reads it."""

    mutation_id: str
    entity: str
    entity_label: str
    row_id: str
    row_label: str
    op: str
    op_label: str
    code: str
    message: str
    reason: str
    """Plain sentence with the server's message and code."""
    fields: tuple[tuple[str, str], ...]
    """(label, value in words) as sent; masked."""
    changed_at: datetime
    rejected_at: datetime | None


@dataclass(frozen=True, slots=True)
class KeptCopy:
    """A rejected change the worker kept for the record (read-only, never synced)."""

    id: str
    mutation_id: str
    entity: str
    entity_label: str
    row_id: str
    row_label: str
    op: str
    op_label: str
    code: str
    reason: str
    fields: tuple[tuple[str, str], ...]
    changed_at: datetime
    rejected_at: datetime | None
    kept_at: datetime
    kept_by: str


def _rejected(s: Session, e: JournalEntryRow, tr: Translate = chinese) -> RejectedChange:
    code, message = e.error_code or "", e.error_message or ""
    return RejectedChange(
        mutation_id=e.mutation_id,
        entity=e.entity,
        entity_label=entity_label(e.entity, tr),
        row_id=e.row_id,
        row_label=row_label(s, e.entity, e.row_id, tr),
        op=e.op,
        op_label=op_text(e.op, tr),
        code=code,
        message=message,
        reason=reason_text(e.entity, code, message, tr, e.error_details),
        fields=changed_fields(e.entity, e.op, e.changes, tr),
        changed_at=e.created_at,
        rejected_at=e.answered_at,
    )


def _kept(c: KeptCopyRow, tr: Translate = chinese) -> KeptCopy:
    return KeptCopy(
        id=c.id,
        mutation_id=c.mutation_id,
        entity=c.entity,
        entity_label=entity_label(c.entity, tr),
        row_id=c.row_id,
        row_label=c.row_label,
        op=c.op,
        op_label=op_text(c.op, tr),
        code=c.error_code,
        reason=reason_text(c.entity, c.error_code, c.error_message, tr),
        fields=changed_fields(c.entity, c.op, c.changes, tr),
        changed_at=c.changed_at,
        rejected_at=c.rejected_at,
        kept_at=c.kept_at,
        kept_by=c.kept_by,
    )


def rejected_entries(s: Session, limit: int) -> list[JournalEntryRow]:
    """Journal entries the server refused and the worker has not yet handled, newest first."""
    return list(
        s.scalars(
            select(JournalEntryRow)
            .where(JournalEntryRow.state == REJECTED)
            .order_by(JournalEntryRow.seq.desc())
            .limit(limit)
        )
    )


def rejected_changes(
    s: Session, limit: int, translate: Translate = chinese
) -> list[RejectedChange]:
    """``RejectionService.list`` inside the caller's transaction."""
    return [_rejected(s, e, translate) for e in rejected_entries(s, limit)]


def _rejected_entry(s: Session, mutation_id: str) -> JournalEntryRow:
    entry = s.scalar(select(JournalEntryRow).where(JournalEntryRow.mutation_id == mutation_id))
    if entry is None or entry.state != REJECTED:
        raise NotFoundError(params={"reason": "rejection"})
    return entry


def dismiss_entry(
    s: Session, mutation_id: str, *, actor: str, now: datetime, event: str = "dismiss_rejection"
) -> JournalEntryRow:
    """Give a rejected entry up inside the caller's transaction (audited); rows kept only
    for it go."""
    from ..sync.removal import reconsider_flags

    entry = _rejected_entry(s, mutation_id)
    entry.state = DISMISSED
    s.add(AuditEventRow(at=now, actor=actor, event=event, target=f"mutation:{mutation_id}",
                        reason=entry.error_code or "", success=True))  # fmt: skip
    reconsider_flags(s, now=now)
    return entry


class RejectionService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list(self, limit: int = 200, translate: Translate = chinese) -> list[RejectedChange]:
        """Refused changes still waiting for the worker, newest first."""
        with self.ctx.db.reading() as s:
            return rejected_changes(s, limit, translate)

    def rejections(self, limit: int = 200) -> builtins.list[Rejection]:
        """Refused changes as the sync report carries them (code, message, the row in
        words), newest first."""
        with self.ctx.db.reading() as s:
            return [
                Rejection(
                    e.mutation_id, e.entity, e.row_id, e.op, e.error_code or "",
                    e.error_message or "", row_label(s, e.entity, e.row_id),
                )
                for e in rejected_entries(s, limit)
            ]  # fmt: skip

    def dismiss(self, mutation_id: str) -> None:
        """Discard a rejected change after reading why: it is no longer unsent (state
        ``dismissed``; the journal keeps it as a record). A row kept only because of it (it
        left my grid, or was deleted on the server) goes now. Audited."""
        with self.ctx.db.transaction() as s:
            dismiss_entry(s, mutation_id, actor=self.ctx.actor.username, now=self.ctx.now())

    def keep_copy(self, mutation_id: str, translate: Translate = chinese) -> KeptCopy:
        """Keep a read-only copy of a rejected change, then dismiss it (one transaction)."""
        now = self.ctx.now()
        actor = self.ctx.actor.username
        with self.ctx.db.transaction() as s:
            entry = _rejected_entry(s, mutation_id)
            if s.scalar(select(KeptCopyRow.id).where(KeptCopyRow.mutation_id == mutation_id)):
                raise GridworkerError(code="already_kept")
            copy = KeptCopyRow(
                id=new_id(),
                mutation_id=entry.mutation_id,
                entity=entry.entity,
                row_id=entry.row_id,
                row_label=row_label(s, entry.entity, entry.row_id),  # before the row may go
                op=entry.op,
                changes=dict(entry.changes or {}),
                error_code=entry.error_code or "",
                error_message=entry.error_message or "",
                changed_at=entry.created_at,
                rejected_at=entry.answered_at,
                kept_at=now,
                kept_by=actor,
            )
            s.add(copy)
            s.flush()
            dismiss_entry(s, mutation_id, actor=actor, now=now, event="keep_rejected_copy")
            return _kept(copy, translate)

    def kept_copies(
        self, limit: int = 500, translate: Translate = chinese
    ) -> builtins.list[KeptCopy]:
        """Copies kept so far, newest first."""
        with self.ctx.db.reading() as s:
            rows = s.scalars(
                select(KeptCopyRow)
                .order_by(KeptCopyRow.kept_at.desc(), KeptCopyRow.id.desc())
                .limit(limit)
            )
            return [_kept(c, translate) for c in rows]
