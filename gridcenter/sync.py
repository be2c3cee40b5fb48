"""Push: the writing half of the sync protocol (docs/sync-protocol.md); pull is
:mod:`gridcenter.pull`.

Push runs a whole batch in ONE writing transaction: the seq counter is locked first (so
numbers are handed out in commit order), the batch's rows, parents, mutations and
conflicts are loaded in a few bulk queries, each entry is merged in memory as its own
unit (staged in an :class:`~gridcenter.store.EntryTx`, committed to the working set only
when it succeeded), and everything is written back with executemany at the end. A server
killed mid-batch therefore leaves nothing of the batch; the client resends it and the
mutation ids make the repeat safe.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import Connection, insert, select, update

from gridrules.ids import is_uuid, random_id
from gridrules.jsontext import dumps
from gridworker.sync.protocol import (
    ENTITIES,
    Choice,
    ConflictKind,
    EntitySpec,
    ErrorCode,
    Kind,
    Op,
    Policy,
    Status,
    canonical,
    merge_update,
)

from .audit import audit_many, audit_row
from .auth import Caller
from .db import Database, SeqAllocator
from .models import (
    blobs,
    conflicts,
    grids,
    mutations,
)
from .push_entry import Outcome, Reject, check_recorded_at, check_values, result, wire_conflict
from .scope import Scope, scope_of
from .store import EntryTx, Rec, Store, parent_entity, parent_field
from .util import SHA256_RE, now_iso

log = logging.getLogger("gridcenter")


# =============================================================================================
# Push


class Pusher:
    """Applies one push batch for one caller inside one writing transaction."""

    def __init__(self, conn: Connection, scope: Scope):
        self.conn = conn
        self.scope = scope
        self.caller: Caller = scope.caller
        self.seqs = SeqAllocator(conn)  # lock the counter before reading anything
        self.store = Store(conn, self.seqs, self.caller.username)
        self.new_conflicts: list[dict[str, Any]] = []
        self.resolutions: list[dict[str, Any]] = []
        self.audit_rows: list[dict[str, Any]] = []
        self.new_mutations: list[dict[str, Any]] = []
        self.known_conflicts: dict[str, Any] = {}
        self.complete_blobs: set[str] = set()
        self.grid_codes: dict[str, str] = {}
        self.own: dict[str, tuple[int, int]] = {}
        """Row id -> (base version, version now) for rows this batch's own entries changed
        with nobody else's change in between (see :meth:`_effective_base`)."""

    # -- batch -----------------------------------------------------------------------------
    def run(self, entries: list[Any]) -> list[str]:
        stored = self._load_mutations([e.mutation_id for e in entries])
        self._preload(entries)
        texts: list[str] = []
        done: dict[str, str] = {}
        for entry in entries:
            mid = entry.mutation_id
            if mid in done:
                texts.append(done[mid])
                continue
            previous = stored.get(mid)
            if previous is not None:
                if previous[0] == self.caller.user_id:
                    texts.append(previous[1])
                    done[mid] = previous[1]
                else:
                    # Someone else's mutation id: never show their result, never store ours.
                    self._audit("mutation_reuse", f"mutation:{mid}", "foreign mutation id", False)
                    texts.append(dumps(self._rejected(mid, Reject(ErrorCode.FORBIDDEN))))
                continue
            text = dumps(self._one(entry))
            self.new_mutations.append(
                {"mutation_id": mid, "user_id": self.caller.user_id, "result": text,
                 "created_at": now_iso()}
            )
            done[mid] = text
            texts.append(text)
        self._flush()
        return texts

    def _load_mutations(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            rows = self.conn.execute(
                select(mutations.c.mutation_id, mutations.c.user_id, mutations.c.result).where(
                    mutations.c.mutation_id.in_(unique[start : start + 500])
                )
            )
            for mid, uid, stored in rows:
                found[mid] = (uid, stored)
        return found

    def _preload(self, entries: list[Any]) -> None:
        ids: list[str] = []
        photos: set[str] = set()
        conflict_ids: list[str] = []
        for e in entries:
            ids.append(e.row_id)
            spec = ENTITIES[e.entity]
            if spec.parent and isinstance(e.changes, dict):
                change = e.changes.get(spec.parent[0])
                # Only ids the entry's check can pass are looked up: any other text (a lone
                # surrogate cannot even be sent to the database) is refused with its entry.
                if isinstance(change, dict) and is_uuid(change.get("new")):
                    ids.append(change["new"])
            if e.entity == "visit" and isinstance(e.changes, dict):
                new = (e.changes.get("photos") or {}).get("new") if isinstance(
                    e.changes.get("photos"), dict) else None
                if isinstance(new, list):
                    photos.update(p for p in new if isinstance(p, str) and SHA256_RE.match(p))
            conflict_ids.extend(r.conflict_id for r in (e.resolves or ()))
        self.store.load(ids)
        if photos:
            photo_list = list(photos)
            for start in range(0, len(photo_list), 500):
                self.complete_blobs.update(
                    self.conn.execute(
                        select(blobs.c.sha256).where(
                            blobs.c.sha256.in_(photo_list[start : start + 500]),
                            blobs.c.complete.is_(True),
                        )
                    ).scalars()
                )
        if conflict_ids:
            unique = list(dict.fromkeys(conflict_ids))
            for start in range(0, len(unique), 500):
                for row in self.conn.execute(
                    select(conflicts).where(conflicts.c.id.in_(unique[start : start + 500]))
                ):
                    self.known_conflicts[row.id] = row
        if self.caller.is_admin and any(e.entity == "grid" for e in entries):
            self.grid_codes = {
                code: gid for gid, code in self.conn.execute(select(grids.c.id, grids.c.code))
            }

    def _flush(self) -> None:
        self.store.flush()
        if self.new_mutations:
            self.conn.execute(insert(mutations), self.new_mutations)
        if self.new_conflicts:
            rows = [{k: v for k, v in c.items() if not k.startswith("_")}
                    for c in self.new_conflicts]
            self.conn.execute(insert(conflicts), rows)
        for res in self.resolutions:
            self.conn.execute(
                update(conflicts)
                .where(conflicts.c.id == res["id"], conflicts.c.resolved_at.is_(None))
                .values(resolved_by=res["resolved_by"], resolved_at=res["resolved_at"],
                        choice=res["choice"], value=res["value"])
            )
        audit_many(self.conn, self.audit_rows)

    def _audit(self, event: str, target: str, detail: str, success: bool) -> None:
        self.audit_rows.append(audit_row(event, self.caller.username, target, detail, success))

    # -- one entry -------------------------------------------------------------------------
    def _rejected(self, mutation_id: str, rej: Reject) -> dict[str, Any]:
        error: dict[str, Any] = {"code": rej.code.value, "message": rej.message}
        if rej.details:
            error["details"] = rej.details
        return result(mutation_id, Status.REJECTED, rej.row, None, error)

    def _effective_base(self, entry: Any) -> int:
        """The entry's base version, counting the batch's own earlier entries on the row.

        A client's queued entries on one row all carry the version the client last had:
        its edit and then its delete of a resident (made before one sync) share a base. The
        delete is based on the edit, so the versions the edit added are not someone else's
        change and must not make a delete-vs-update conflict."""
        own = self.own.get(entry.row_id)
        if own is not None and entry.base_version == own[0]:
            return own[1]
        return entry.base_version

    def _one(self, entry: Any) -> dict[str, Any]:
        tx = EntryTx(self.store)
        pending_conflicts: list[dict[str, Any]] = []
        before = self.store.get(entry.row_id)
        base = self._effective_base(entry)
        try:
            outcome = self._apply(entry, tx, pending_conflicts)
            resolutions = self._resolutions(entry, outcome)
        except Reject as rej:
            target = f"{entry.entity}:{entry.row_id}"
            event = "scope_violation" if rej.code is ErrorCode.OUT_OF_SCOPE else "push_rejected"
            self._audit(event, target, rej.code.value, False)
            return self._rejected(entry.mutation_id, rej)
        tx.commit()
        self.new_conflicts.extend(pending_conflicts)
        self.resolutions.extend(resolutions)
        row = self.store.get(entry.row_id)
        if (
            outcome.status is Status.APPLIED
            and row is not None
            and (before.version if before is not None else 0) == base
        ):
            self.own[entry.row_id] = (entry.base_version, row.version)
        else:
            self.own.pop(entry.row_id, None)
        return result(
            entry.mutation_id, outcome.status, row, [wire_conflict(c) for c in outcome.conflicts]
        )

    def _apply(self, entry: Any, tx: EntryTx, pending: list[dict[str, Any]]) -> Outcome:
        spec = ENTITIES[entry.entity]
        op = Op(entry.op)
        if entry.entity not in self.scope.writable:
            raise Reject(ErrorCode.FORBIDDEN)
        changes = entry.changes
        check_values(spec, op, changes)
        self._check_resolves(entry)
        if op is Op.CREATE:
            check_recorded_at(changes)
            return self._create(entry, spec, tx)
        current = tx.get(entry.row_id)
        if current is None or current.entity != entry.entity:
            raise Reject(ErrorCode.NOT_FOUND)
        if not self.scope.can_write(current.grid_id, current.entity):
            raise Reject(ErrorCode.OUT_OF_SCOPE)
        if spec.append_only:
            raise Reject(ErrorCode.APPEND_ONLY, row=current)
        if op is Op.DELETE:
            return self._delete(entry, spec, tx, current, pending)
        if op is Op.RESTORE and current.deleted:
            return self._restore(entry, spec, tx, current)
        return self._update(entry, spec, tx, current, pending)

    def _check_resolves(self, entry: Any) -> None:
        for res in entry.resolves or ():
            known = self.known_conflicts.get(res.conflict_id)
            if known is None:
                raise Reject(ErrorCode.NOT_FOUND, details={"conflict_id": res.conflict_id},
                             message="要处理的冲突记录不存在。")
            if known.row_id != entry.row_id:
                raise Reject(ErrorCode.INVALID, details={"conflict_id": res.conflict_id},
                             message="冲突记录与本条修改的记录不一致。")
            if known.user_id != self.caller.user_id and not self.caller.is_admin:
                raise Reject(ErrorCode.FORBIDDEN, details={"conflict_id": res.conflict_id},
                             message="只能处理自己的冲突记录。")

    def _resolutions(self, entry: Any, outcome: Outcome) -> list[dict[str, Any]]:
        out = []
        for res in entry.resolves or ():
            known = self.known_conflicts[res.conflict_id]
            choice = Choice(res.choice)
            change = entry.changes.get(known.field) if known.field else None
            if choice in (Choice.MINE, Choice.NEW) and change is not None:
                value = change.get("new")
            elif choice is Choice.KEEP:
                value = {k: c.get("new") for k, c in entry.changes.items()}
            elif choice is Choice.ACCEPT_DELETE:
                value = None
            else:
                row = outcome.row
                value = row.data.get(known.field) if (row and known.field) else None
            out.append({"id": known.id, "resolved_by": self.caller.username,
                        "resolved_at": now_iso(), "choice": choice.value, "value": dumps(value)})
            self._audit("conflict_resolved", f"conflict:{known.id}", choice.value, True)
        return out

    # -- helpers ---------------------------------------------------------------------------
    def _parent_grid(self, entity: str, values: dict[str, Any], tx: EntryTx, row_id: str) -> tuple[
        str, str | None
    ]:
        """(grid id, parent id) of a row with these values; rejects a missing parent."""
        pfield = parent_field(entity)
        if pfield is None:
            return row_id, None
        parent_id = values.get(pfield)
        parent = tx.get(parent_id) if isinstance(parent_id, str) else None
        if parent is None or parent.entity != parent_entity(entity) or parent.deleted:
            raise Reject(ErrorCode.PARENT_MISSING, details={"field": pfield})
        return parent.grid_id, parent.id

    def _conflict(
        self, entry: Any, kind: ConflictKind, fld: str | None, base: Any, mine: Any, theirs: Any
    ) -> dict[str, Any]:
        return {
            "id": random_id(),
            "entity": entry.entity,
            "row_id": entry.row_id,
            "kind": kind.value,
            "field": fld,
            "base": dumps(base),
            "mine": dumps(mine),
            "theirs": dumps(theirs),
            "mutation_id": entry.mutation_id,
            "user_id": self.caller.user_id,
            "username": self.caller.username,
            "created_at": now_iso(),
            "_base": base,
            "_mine": mine,
            "_theirs": theirs,
        }

    def _check_grid_row(self, row_id: str, values: dict[str, Any]) -> None:
        code = values.get("code")  # its form was checked with the rulebook (check_entry)
        if code is not None:
            owner = self.grid_codes.get(code)
            if owner is not None and owner != row_id:
                raise Reject(ErrorCode.ALREADY_EXISTS, details={"field": "code"},
                             message="网格编码已被其他网格使用。")

    def _mirror_grid(self, rec: Rec) -> None:
        self.store.put_grid(rec.id, rec.data["code"], rec.data["name"])
        self.grid_codes[rec.data["code"]] = rec.id

    def _awaiting(self, photos: Any) -> list[str]:
        return sorted({p for p in photos or () if p not in self.complete_blobs})

    # -- ops -------------------------------------------------------------------------------
    def _create(self, entry: Any, spec: EntitySpec, tx: EntryTx) -> Outcome:
        values = {name: change["new"] for name, change in entry.changes.items()}
        existing = tx.get(entry.row_id)
        if existing is not None:
            if existing.entity != entry.entity or not self.scope.can_read(
                existing.grid_id, existing.entity
            ):
                raise Reject(ErrorCode.OUT_OF_SCOPE if existing.entity == entry.entity
                             else ErrorCode.ALREADY_EXISTS)
            same = not existing.deleted and all(
                canonical(existing.data.get(k)) == canonical(v) for k, v in values.items()
            )
            if same:
                return Outcome(Status.APPLIED, existing)
            raise Reject(ErrorCode.ALREADY_EXISTS, row=existing)
        grid_id, parent_id = self._parent_grid(entry.entity, values, tx, entry.row_id)
        if not self.scope.can_write(grid_id, entry.entity):
            raise Reject(ErrorCode.OUT_OF_SCOPE)
        if entry.entity == "grid":
            self._check_grid_row(entry.row_id, values)
        for name, fspec in spec.fields.items():
            if name not in values:
                empty = fspec.empty()  # the schema's value for a field left out
                if empty is not None or fspec.nullable:
                    values[name] = empty
            elif fspec.kind is Kind.TEXT_SET:
                values[name] = canonical(values[name])
        if entry.entity == "visit":
            values["awaiting_media"] = self._awaiting(values.get("photos"))
            tx.media.extend((sha, entry.row_id) for sha in values.get("photos") or ())
        now = now_iso()
        rec = Rec(entry.row_id, entry.entity, grid_id, parent_id, 1, 0, False, values, now, now,
                  self.caller.username)
        tx.put(rec)
        if entry.entity == "grid":
            self._mirror_grid(rec)
        return Outcome(Status.APPLIED, rec)

    def _update(
        self, entry: Any, spec: EntitySpec, tx: EntryTx, current: Rec,
        pending: list[dict[str, Any]],
    ) -> Outcome:
        changes = entry.changes
        if current.deleted:
            if not changes:
                return Outcome(Status.APPLIED, current)  # theirs / accept_delete on a tombstone
            mine = {k: c.get("new") for k, c in changes.items()}
            conflict = self._conflict(entry, ConflictKind.UPDATE_VS_DELETE, None, None, mine, None)
            pending.append(conflict)
            return Outcome(Status.CONFLICT, current, [conflict])
        self._check_server_fields(spec, changes, current)
        if entry.entity == "grid":
            merged_values = {k: c.get("new") for k, c in changes.items()}
            self._check_grid_row(entry.row_id, merged_values)
        merge = merge_update(spec, current.data, changes)
        conflicts_found = [
            self._conflict(entry, ConflictKind.FIELD, c.field, c.base, c.mine, c.theirs)
            for c in merge.conflicts
        ]
        pending.extend(conflicts_found)
        row = current
        if merge.apply:
            row = current.copy()
            row.data.update(merge.apply)
            row.version += 1
            self._place(tx, row, current)
            if entry.entity == "grid":
                self._mirror_grid(row)
        status = Status.CONFLICT if conflicts_found else Status.APPLIED
        return Outcome(status, row, conflicts_found)

    def _restore(self, entry: Any, spec: EntitySpec, tx: EntryTx, current: Rec) -> Outcome:
        self._check_server_fields(spec, entry.changes, current)
        row = current.copy()
        for name, change in entry.changes.items():
            new = change.get("new")
            row.data[name] = canonical(new) if spec.fields[name].kind is Kind.TEXT_SET else new
        row.deleted = False
        row.version += 1
        self._place(tx, row, current)
        return Outcome(Status.APPLIED, row)

    def _delete(
        self, entry: Any, spec: EntitySpec, tx: EntryTx, current: Rec,
        pending: list[dict[str, Any]],
    ) -> Outcome:
        if not spec.deletable and not self.caller.is_admin:
            raise Reject(ErrorCode.FORBIDDEN, row=current,
                         message="这类记录不能删除，请改为变更状态。")
        if current.deleted:
            return Outcome(Status.APPLIED, current)
        if current.version > self._effective_base(entry):
            conflict = self._conflict(
                entry, ConflictKind.DELETE_VS_UPDATE, None, None, None, current.data
            )
            pending.append(conflict)
            return Outcome(Status.CONFLICT, current, [conflict])
        blocking = [
            c for c in tx.children(current.id)
            if not c.deleted and not ENTITIES[c.entity].append_only
        ]
        if blocking:
            raise Reject(ErrorCode.HAS_CHILDREN, row=current,
                         details={"children": len(blocking)})
        row = current.copy()
        row.deleted = True
        row.version += 1
        tx.put(row)
        return Outcome(Status.APPLIED, row)

    def _check_server_fields(self, spec: EntitySpec, changes: dict, current: Rec) -> None:
        if self.caller.is_admin:
            return
        for name, change in changes.items():
            if spec.fields[name].policy is Policy.SERVER and canonical(
                change.get("new")
            ) != canonical(current.data.get(name)):
                raise Reject(ErrorCode.FORBIDDEN, row=current, details={"field": name},
                             message="该字段只能由网格管理中心修改（如调整户的所属网格）。")

    def _place(self, tx: EntryTx, row: Rec, before: Rec) -> None:
        """Stage ``row``; if its parent changed, check the new parent and move the subtree."""
        pfield = parent_field(row.entity)
        if pfield and row.data.get(pfield) != before.data.get(pfield):
            grid_id, parent_id = self._parent_grid(row.entity, row.data, tx, row.id)
            if not self.scope.can_write(grid_id, row.entity):
                raise Reject(ErrorCode.OUT_OF_SCOPE, details={"field": pfield})
            row.parent_id = parent_id
            tx.put(row)
            relocate(tx, row, grid_id)
        else:
            tx.put(row)


def relocate(tx: EntryTx, row: Rec, grid_id: str) -> None:
    """Move staged ``row`` and all its descendants to ``grid_id``: each leaves a gone marker
    in its old grid and gets a new seq in the new one (so both sides see the move)."""
    if row.grid_id == grid_id:
        return
    tx.leave(row)
    row.grid_id = grid_id
    tx.put(row)
    for child in tx.children(row.id):
        relocate(tx, child.copy(), grid_id)


def push(db: Database, caller: Caller, entries: list[Any]) -> str:
    """Apply a batch; returns the response JSON text."""
    with db.write() as conn:
        pusher = Pusher(conn, scope_of(conn, caller))
        texts = pusher.run(entries)
    return '{"results":[' + ",".join(texts) + '],"server_time":' + json.dumps(now_iso()) + "}"
