"""Conflicts the server reported, shown in plain words, and their resolution.

A conflict is stored when a push answer says ``conflict`` (see ``sync.push_results``). Resolving one
writes an ordinary journal entry against the server's current version (the local row's
version), carrying ``resolves: [{"conflict_id", "choice"}]`` (``docs/sync-protocol.md``,
"Conflicts"):

- field conflict: ``mine`` / ``new`` → an update setting the field; ``theirs`` → an update
  with empty changes (the server value stays; the server records the decision);
- update-vs-delete (I changed, the centre deleted): ``keep`` → a ``restore`` entry with my
  values; ``accept_delete`` → an update with empty changes on the deleted row;
- delete-vs-update (I deleted, the centre changed): ``mine``/``accept_delete`` → delete again
  against the current version; ``theirs``/``keep`` → an update with empty changes.

The conflict turns ``resolving`` at once and ``resolved`` when the push answer accepts the
entry (a rejected resolution reopens it). Who decided, when, which choice and which value are
kept on the conflict row locally and on the server.

The views' words (kinds, states, choices, values, row labels) are message codes rendered
with a :data:`~gridworker.domain.messages.Translate`: Chinese by default (the CLI), the
user's language when the UI passes Qt's translator.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import GridworkerError, InvalidInput, NotFoundError, ValidationError
from ..domain.messages import Translate, chinese, say
from ..domain.rules import clean_household, clean_resident
from ..storage.journal import delete_row, record, wire_value
from ..storage.models import (
    ConflictRow,
    HouseholdRow,
    JournalEntryRow,
    ResidentRow,
)
from ..sync import protocol as p
from ..sync.convert import MODELS, column_value
from .context import ServiceContext
from .wording import (  # noqa: F401  (the views' words; re-exported for their users)
    ENTITY_LABELS,
    HIDDEN_FIELDS,
    SENSITIVE_FIELDS,
    choice_text,
    display_value,
    entity_label,
    field_label,
    field_lines,
    field_options,
    kind_text,
    row_label,
    state_text,
)

CHOICES: dict[str, tuple[p.Choice, ...]] = {
    p.ConflictKind.FIELD: (p.Choice.MINE, p.Choice.THEIRS, p.Choice.NEW),
    p.ConflictKind.UPDATE_VS_DELETE: (p.Choice.KEEP, p.Choice.ACCEPT_DELETE),
    p.ConflictKind.DELETE_VS_UPDATE: (
        p.Choice.MINE, p.Choice.THEIRS, p.Choice.KEEP, p.Choice.ACCEPT_DELETE,
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ConflictView:
    id: str
    entity: str
    entity_label: str
    row_id: str
    row_label: str
    kind: str
    field: str | None
    field_label: str
    base: Any
    mine: Any
    theirs: Any
    created_at: datetime
    state: str
    choices: tuple[str, ...]
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    choice: str | None = None
    value: Any = None
    translate: Translate = dc_field(default=chinese, compare=False, repr=False)
    """The language of the words below (Chinese unless the caller asked otherwise)."""

    def side_text(self, side: str) -> str:
        """``base`` / ``mine`` / ``theirs`` in plain words, masked (one field, or the fields
        of a record for update-vs-delete and delete-vs-update)."""
        value, tr = getattr(self, side), self.translate
        if self.kind == p.ConflictKind.FIELD:
            return display_value(self.entity, self.field, value, tr)
        if side == "theirs" and self.kind == p.ConflictKind.UPDATE_VS_DELETE:
            return say("conflict_deleted_there", tr)
        if side == "mine" and self.kind == p.ConflictKind.DELETE_VS_UPDATE:
            return say("conflict_deleted_here", tr)
        if isinstance(value, dict):
            lines = field_lines(self.entity, value, tr)
            return "\n".join(say("value.pair", tr, label=label, value=text)
                             for label, text in lines) or "—"  # fmt: skip
        if value in (None, "", []):
            return "—"
        return display_value(self.entity, self.field, value, tr)

    def value_text(self) -> str:
        """The value the decision kept, in words (masked); a dash when it keeps none."""
        if self.kind != p.ConflictKind.FIELD or self.choice is None:
            return "—"
        return display_value(self.entity, self.field, self.value, self.translate)

    @property
    def summary(self) -> str:
        """One sentence in plain words (ID and phone numbers masked)."""
        tr = self.translate
        where = say("row_where", tr, entity=self.entity_label, row=self.row_label)
        if self.kind == p.ConflictKind.FIELD:
            base, mine, theirs = (display_value(self.entity, self.field, v, tr)
                                  for v in (self.base, self.mine, self.theirs))  # fmt: skip
            text = say("conflict_field_summary", tr, where=where, field=self.field_label,
                       base=base, mine=mine, theirs=theirs)  # fmt: skip
        else:
            text = say("conflict_row_summary", tr, where=where, kind=kind_text(self.kind, tr))
        if self.state != "open":
            text += say("conflict_decided", tr, state=state_text(self.state, tr),
                        choice=choice_text(self.choice, tr))  # fmt: skip
        return text

    def as_dict(self, *, masked: bool = True) -> dict[str, Any]:
        def show(v: Any) -> Any:
            if masked and self.field in ("citizen_id", "phone") and v:
                return display_value(self.entity, self.field, v)
            return v

        return {
            "id": self.id,
            "entity": self.entity,
            "row_id": self.row_id,
            "row": self.row_label,
            "kind": self.kind,
            "field": self.field,
            "field_label": self.field_label,
            "base": show(self.base),
            "mine": show(self.mine),
            "theirs": show(self.theirs),
            "state": self.state,
            "choices": list(self.choices),
            "created_at": self.created_at.isoformat(),
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
            "resolved_by": self.resolved_by,
            "choice": self.choice,
            "value": show(self.value),
            "summary": self.summary,
        }


def _view(session: Session, c: ConflictRow, translate: Translate = chinese) -> ConflictView:
    return ConflictView(
        id=c.id,
        entity=c.entity,
        entity_label=entity_label(c.entity, translate),
        row_id=c.row_id,
        row_label=row_label(session, c.entity, c.row_id, translate),
        kind=c.kind,
        field=c.field,
        field_label=field_label(c.entity, c.field, translate),
        base=c.base,
        mine=c.mine,
        theirs=c.theirs,
        created_at=c.created_at,
        state=c.state,
        choices=tuple(str(x) for x in CHOICES.get(c.kind, ())),
        resolved_at=c.resolved_at,
        resolved_by=c.resolved_by,
        choice=c.choice,
        value=c.value,
        translate=translate,
    )


def conflict_views(
    session: Session, state: str = "open", translate: Translate = chinese
) -> list[ConflictView]:
    """``ConflictService.list`` inside the caller's transaction."""
    if state not in ("open", "resolved", "all"):
        raise ValueError("state must be open, resolved or all")
    query = select(ConflictRow).order_by(ConflictRow.created_at, ConflictRow.id)
    if state == "open":
        query = query.where(ConflictRow.state != "resolved")
    elif state == "resolved":
        query = query.where(ConflictRow.state == "resolved")
    return [_view(session, c, translate) for c in session.scalars(query)]


class ConflictService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list(self, state: str = "open", translate: Translate = chinese) -> list[ConflictView]:
        """``open`` (undecided or waiting to sync), ``resolved`` or ``all``; oldest first."""
        with self.ctx.db.reading() as s:
            return conflict_views(s, state, translate)

    def get(self, conflict_id: str, translate: Translate = chinese) -> ConflictView:
        with self.ctx.db.reading() as s:
            c = s.get(ConflictRow, conflict_id)
            if c is None:
                raise NotFoundError(params={"reason": "conflict"})
            return _view(s, c, translate)

    def open_count(self) -> int:
        from sqlalchemy import func

        with self.ctx.db.reading() as s:
            return s.scalar(
                select(func.count()).select_from(ConflictRow).where(ConflictRow.state == "open")
            ) or 0  # fmt: skip

    def resolve(
        self, conflict_id: str, choice: str, value: Any = None, translate: Translate = chinese
    ) -> ConflictView:
        """Decide a conflict; the decision travels with the next sync."""
        try:
            chosen = p.Choice(choice)
        except ValueError:
            raise GridworkerError(
                code="invalid_choice", params={"value": str(choice)[:40]}
            ) from None
        now = self.ctx.now()
        actor = self.ctx.actor.username
        with self.ctx.db.transaction() as s:
            c = s.get(ConflictRow, conflict_id)
            if c is None:
                raise NotFoundError(params={"reason": "conflict"})
            if c.state != "open":
                raise GridworkerError(code="conflict_not_open", params={"reason": c.state})
            allowed = CHOICES.get(c.kind, ())
            if chosen not in allowed:
                raise GridworkerError(code="invalid_choice", params={
                    "reason": "conflict_kind", "value": chosen.value,
                    "choices": " / ".join(str(x) for x in allowed),
                })
            model = MODELS.get(c.entity)
            row = s.get(model, c.row_id) if model is not None else None
            # Without the local row (deleted here since the conflict) only the choices that
            # write nothing of it remain: the server's value, or its deletion.
            without_row = {
                p.ConflictKind.FIELD: (p.Choice.THEIRS,),
                p.ConflictKind.UPDATE_VS_DELETE: (p.Choice.ACCEPT_DELETE,),
            }.get(p.ConflictKind(c.kind), (p.Choice.THEIRS, p.Choice.KEEP))
            if row is None and chosen not in without_row:
                raise NotFoundError(params={"reason": "local_row"})
            resolves = [{"conflict_id": c.id, "choice": chosen.value}]
            kept_value: Any = None
            if c.kind == p.ConflictKind.FIELD:
                if row is None:
                    self._empty_update(s, c, 0, resolves, now)
                    kept_value = c.theirs
                else:
                    kept_value = self._resolve_field(s, c, row, chosen, value, resolves, now)
            elif c.kind == p.ConflictKind.UPDATE_VS_DELETE:
                if chosen is p.Choice.KEEP:
                    assert row is not None
                    self._restore(s, c, row, resolves, now)
                else:
                    self._empty_update(s, c, row.version if row is not None else 0, resolves, now)
            else:  # delete-vs-update
                if chosen in (p.Choice.MINE, p.Choice.ACCEPT_DELETE):
                    assert row is not None
                    if c.entity not in {n for n, e in p.ENTITIES.items() if e.deletable}:
                        raise GridworkerError(code="not_deletable")
                    if c.entity == "resident":
                        _unlink_head(s, row, actor, now)
                    delete_row(s, row, entity=c.entity, actor=actor, now=now, resolves=resolves)
                else:
                    version = row.version if row is not None else _server_version(s, c)
                    self._empty_update(s, c, version, resolves, now)
            c.state = "resolving"
            c.choice = chosen.value
            c.value = kept_value
            c.resolved_by = actor
            c.resolved_at = now
            s.flush()
            return _view(s, c, translate)

    # -- the entries -----------------------------------------------------------------------
    def _resolve_field(
        self,
        s: Session,
        c: ConflictRow,
        row: Any,
        chosen: p.Choice,
        value: Any,
        resolves: builtins.list[dict[str, Any]],
        now: datetime,
    ) -> Any:
        name = c.field or ""
        spec = p.ENTITIES[c.entity].fields.get(name)
        if spec is None or spec.policy is p.Policy.SERVER:
            raise GridworkerError(code="not_editable")
        changes: dict[str, Any] = {}
        current = wire_value(getattr(row, name))
        if chosen is p.Choice.THEIRS:
            new = current
        else:
            new = c.mine if chosen is p.Choice.MINE else self._clean(c.entity, row, name, value)
            try:
                p.check_value(name, spec, new)
            except p.WireError as exc:
                raise InvalidInput(
                    {name: ValidationError(code="conflict_value_invalid", field=name,
                                           params={"detail": str(exc)})}
                ) from None
            if p.canonical(new) != p.canonical(current):
                changes[name] = {"base": current, "new": new}
                setattr(row, name, column_value(c.entity, name, new))
                row.updated_at = now
        record(
            s,
            entity=c.entity,
            row_id=row.id,
            op=p.Op.UPDATE.value,
            base_version=row.version,
            changes=changes,
            actor=self.ctx.actor.username,
            now=now,
            resolves=resolves,
        )
        return new

    def _clean(self, entity: str, row: Any, name: str, value: Any) -> Any:
        """A typed-in value through the same rules as the editing forms."""
        if entity not in ("household", "resident"):
            return wire_value(value)
        columns = [col.key for col in row.__table__.columns]
        current = {k: getattr(row, k) for k in columns}
        merged = {**current, name: value}
        try:
            if entity == "resident":
                clean = clean_resident(merged, today=self.ctx.now().date())
            else:
                clean = clean_household(merged)
        except InvalidInput as exc:
            if name in exc.errors:
                raise InvalidInput({name: exc.errors[name]}) from None
            raise
        got = clean.get(name, value)
        if isinstance(got, frozenset | set):
            return sorted(str(v) for v in got)
        return wire_value(got)

    def _restore(
        self, s: Session, c: ConflictRow, row: Any, resolves: builtins.list[dict[str, Any]],
        now: datetime,
    ) -> None:
        spec = p.ENTITIES[c.entity]
        changes = {
            name: {"base": None, "new": wire_value(getattr(row, name))}
            for name, field_spec in spec.fields.items()
            if field_spec.policy is not p.Policy.SERVER and hasattr(row, name)
        }
        record(
            s,
            entity=c.entity,
            row_id=row.id,
            op=p.Op.RESTORE.value,
            base_version=max(row.version, _server_version(s, c)),
            changes=changes,
            actor=self.ctx.actor.username,
            now=now,
            resolves=resolves,
        )

    def _empty_update(
        self,
        s: Session,
        c: ConflictRow,
        version: int,
        resolves: builtins.list[dict[str, Any]],
        now: datetime,
    ) -> None:
        record(
            s,
            entity=c.entity,
            row_id=c.row_id,
            op=p.Op.UPDATE.value,
            base_version=max(version, _server_version(s, c)),
            changes={},
            actor=self.ctx.actor.username,
            now=now,
            resolves=resolves,
        )


def _server_version(s: Session, c: ConflictRow) -> int:
    """The version the server answered the conflicting entry with (its current one then)."""
    entry = s.scalar(select(JournalEntryRow).where(JournalEntryRow.mutation_id == c.mutation_id))
    return (entry.server_version or 0) if entry is not None else 0


def _unlink_head(s: Session, resident: ResidentRow, actor: str, now: datetime) -> None:
    """A deleted resident no longer heads their household (journalled like any edit)."""
    from ..storage.journal import update_row

    household = s.get(HouseholdRow, resident.household_id)
    if household is not None and household.head_resident_id == resident.id:
        update_row(
            s, household, {"head_resident_id": None}, entity="household", actor=actor, now=now
        )
