"""A fleet of client workspaces against one real gridcenter, random offline operations on
them, and the checks that the fleet converged without losing anything.

Used by test_convergence.py (hypothesis draws the operations) and test_network_faults.py.

Every edit writes a value nobody wrote before (``w1a-17``, a fresh mobile number) and records
the value its client saw just before, so the final check can tell a *lost* update from one
that was knowingly superseded (see :meth:`Example.lost_updates`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from support.server import GRID1, GRID2, GridcenterProcess

from gridworker.api import Workspace
from gridworker.domain.errors import GridworkerError
from gridworker.domain.vocab import CareCategory, HouseholdTag
from gridworker.services.conflicts import CHOICES
from gridworker.storage.journal import update_row
from gridworker.storage.models import (
    ConflictRow,
    HouseholdRow,
    JournalEntryRow,
    ResidentRow,
    VisitRow,
)
from gridworker.sync.client import RetryPolicy
from gridworker.sync.credentials import MemoryStore
from gridworker.sync.report import SyncReport

from . import _conv_dump as dump

CLIENTS = ("w1a", "w1b", "w2", "w3", "admin")
USERS = {"w1a": "worker1", "w1b": "worker1", "w2": "worker2", "w3": "worker3", "admin": "admin"}
SCOPE = {"w1a": GRID1, "w1b": GRID1, "w2": GRID1, "w3": GRID2, "admin": None}
"""Grid code each client sees (None: every grid)."""
ENGINE = {"w1b": {"pull_limit": 3, "push_batch": 2}, "w3": {"pull_limit": 7}}
"""Tiny pages and batches for some clients: page and batch boundaries fall everywhere."""
TAGS = tuple(t.value for t in HouseholdTag)
CARE = tuple(c.value for c in CareCategory)
HOUSEHOLD_FIELDS = ("door_number", "phone", "tags")
RESIDENT_FIELDS = ("phone", "note", "care_categories")
SET_FIELDS = ("tags", "care_categories")
_numbers = itertools.count(1)


def fresh_number() -> int:
    return next(_numbers)


def mobile(n: int) -> str:
    return f"139{n % 10**8:08d}"


class Fleet:
    """Signed-in workspaces, one per client name, against ``server`` (or ``url``: a proxy)."""

    def __init__(self, server: GridcenterProcess, root: Path, names: Iterable[str] = CLIENTS,
                 *, url: str | None = None, client_options: dict[str, Any] | None = None):
        self.server = server
        self.root = root
        self.ws: dict[str, Workspace] = {}
        self.engine_later: dict[str, dict[str, int]] = {}
        for name in names:
            ws = Workspace.open(root / name, credentials=MemoryStore())
            ws.sync_service.client_options = {
                "sleeper": lambda seconds: None, "retry": RetryPolicy(attempts=2),
                **(client_options or {}),
            }
            ws.login(url or server.url, USERS[name], server.password)
            self.ws[name] = ws
        for name, options in ENGINE.items():
            if name in self.ws:
                # after the first sync (a first pull of a whole grid in pages of 3 is slow)
                self.engine_later[name] = options
        self.grid_ids: dict[str, str] = {}

    def sync_all(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for ws in self.ws.values():
                ws.sync()
        self.small_pages()

    def small_pages(self) -> None:
        for name, options in self.engine_later.items():
            self.ws[name].sync_service.engine_options = dict(options)

    def grid_ids_of(self, name: str) -> list[str] | None:
        if not self.grid_ids:
            self.grid_ids = dump.ServerRows(self.server_db).grids
        code = SCOPE[name]
        return None if code is None else [self.grid_ids[code]]

    @property
    def server_db(self) -> Path:
        return self.server.data_dir / "gridcenter.sqlite3"

    def close(self) -> None:
        for ws in self.ws.values():
            ws.close()
        self.ws.clear()


# ------------------------------------------------------------------------------- tracking


@dataclass
class Edit:
    step: int
    client: str
    entity: str
    row_id: str
    field: str
    value: Any
    """The new value (scalar fields) or the element added/removed (set fields)."""
    seen: Any
    """The field's local value just before the edit."""
    mutation_id: str
    kind: str = "set"  # set | add | remove


@dataclass
class Made:
    step: int
    client: str
    entity: str
    row_id: str
    mutation_id: str
    op: str  # create | delete
    seen: dict[str, Any] = field(default_factory=dict)
    """For a delete: the row's values the deleting client saw."""


@dataclass
class Example:
    """One run of operations on households made for it (other examples' rows are ignored)."""

    fleet: Fleet
    households: list[str] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    made: list[Made] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    say: Callable[[str], None] = print

    # -- set-up ------------------------------------------------------------------------
    def create_households(self, per_grid: tuple[int, int] = (2, 1)) -> None:
        """The admin makes fresh households (with a head and one more resident) in grid 1
        and grid 2, then every client syncs, so all start from the same rows."""
        admin = self.fleet.ws["admin"]
        if not admin.grids():
            admin.sync()  # a fleet that never synced
        grids = {g.code: g.id for g in admin.grids()}
        for code, count in zip((GRID1, GRID2), per_grid, strict=True):
            for _ in range(count):
                n = fresh_number()
                h = admin.add_household(grids[code], group_name="试验组", door_number=f"init-{n}",
                                        phone=mobile(n))
                admin.add_resident(h.id, name=f"户主{n}", relation="head", sex="male",
                                   phone=mobile(fresh_number()))
                admin.add_resident(h.id, name=f"家属{n}", relation="spouse", sex="female")
                self.households.append(h.id)
        self.households.sort()
        admin.sync()
        for ws in self.fleet.ws.values():
            ws.sync()
        self.fleet.small_pages()
        self._note(f"households {[h[-6:] for h in self.households]}")

    def _note(self, text: str) -> None:
        self.log.append(text)
        self.say(text)

    # -- local reads ---------------------------------------------------------------------
    def _local(self, ws: Workspace) -> tuple[list[str], list[str], list[str]]:
        with ws.db.reading() as s:
            hh = sorted(s.scalars(select(HouseholdRow.id).where(
                HouseholdRow.id.in_(self.households))))
            res = sorted(s.scalars(select(ResidentRow.id).where(
                ResidentRow.household_id.in_(self.households))))
            visits = sorted(s.scalars(select(VisitRow.id).where(
                VisitRow.household_id.in_(self.households))))
        return hh, res, visits  # fmt: skip

    @staticmethod
    def _value(ws: Workspace, model: Any, row_id: str, name: str) -> Any:
        with ws.db.reading() as s:
            row = s.get(model, row_id)
            value = getattr(row, name)
            return sorted(value) if isinstance(value, list) else value

    @staticmethod
    def _snapshot(ws: Workspace, model: Any, row_id: str) -> dict[str, Any]:
        with ws.db.reading() as s:
            row = s.get(model, row_id)
            return {c.key: getattr(row, c.key) for c in row.__table__.columns}

    @staticmethod
    def _last_seq(ws: Workspace) -> int:
        with ws.db.reading() as s:
            got = s.scalar(select(JournalEntryRow.seq).order_by(JournalEntryRow.seq.desc()))
            return got or 0

    @staticmethod
    def _new_entries(ws: Workspace, after: int) -> list[JournalEntryRow]:
        with ws.db.reading() as s:
            rows = list(s.scalars(select(JournalEntryRow).where(JournalEntryRow.seq > after)
                                  .order_by(JournalEntryRow.seq)))
            s.expunge_all()
            return rows

    def _edit(self, step, client, ws, before, row_cls, update, row_id, name, *, set_field,
              pool, pick, value) -> None:
        """One field edit: a set field toggles one member, any other field gets ``value``."""
        entity = "household" if row_cls is HouseholdRow else "resident"
        seen = self._value(ws, row_cls, row_id, name)
        if name == set_field:
            member = pool[pick // 3 % len(pool)]
            add = member not in seen
            new = sorted(set(seen) | {member}) if add else sorted(set(seen) - {member})
            update(row_id, **{name: new})
            self._track_edit(step, client, ws, before, entity, row_id, name, member, seen,
                             "add" if add else "remove")
            self._note(f"{step}: {client} {entity} {row_id[-6:]} {name} "
                       f"{'+' if add else '-'}{member}")
            return
        update(row_id, **{name: value})
        self._track_edit(step, client, ws, before, entity, row_id, name, value, seen)
        self._note(f"{step}: {client} {entity} {row_id[-6:]} {name} {seen!r} -> {value!r}")

    def _track_edit(self, step: int, client: str, ws: Workspace, before: int, entity: str,
                    row_id: str, name: str, value: Any, seen: Any, kind: str = "set") -> None:
        for entry in self._new_entries(ws, before):
            if entry.entity == entity and entry.row_id == row_id and name in (entry.changes or {}):
                self.edits.append(Edit(step, client, entity, row_id, name, value, seen,
                                       entry.mutation_id, kind))
                return
        # Nothing journalled: the value equalled what was there (cannot happen: fresh values).
        raise AssertionError(f"edit of {entity}.{name} wrote no journal entry")

    # -- operations ----------------------------------------------------------------------
    def run(self, step: int, op: tuple[Any, ...]) -> None:
        kind, client = op[0], op[1]
        ws = self.fleet.ws[client]
        hh, res, visits = self._local(ws)
        before = self._last_seq(ws)
        n = fresh_number()
        if kind == "sync":
            report = ws.sync()
            self._note(f"{step}: {client} sync (pushed {report.pushed}, pulled {report.pulled}, "
                       f"rejected {[r.code for r in report.rejected]}, "
                       f"conflicts {len(report.conflicts)}, kept {report.kept})")
            wrong = local_view_problems(ws)
            assert not wrong, "\n".join([f"{client} after sync:", *wrong, *self.log])
        elif kind == "pull":
            # Only the pull (the push failed, or the worker kept typing during a sync): pulled
            # rows must come in under the pending changes.
            report = SyncReport(started_at=datetime.now())
            ws.sync_service.engine().pull(report)
            self._note(f"{step}: {client} pull only (pulled {report.pulled}, kept {report.kept})")
            wrong = local_view_problems(ws)
            assert not wrong, "\n".join([f"{client} after pull:", *wrong, *self.log])
        elif kind == "household" and hh:
            hid = hh[op[2] % len(hh)]
            name = HOUSEHOLD_FIELDS[op[3] % len(HOUSEHOLD_FIELDS)]
            value = f"{client}-{n}" if name == "door_number" else mobile(n)
            self._edit(step, client, ws, before, HouseholdRow, ws.update_household, hid, name,
                       set_field="tags", pool=TAGS, pick=op[3], value=value)
        elif kind == "resident" and res:
            rid = res[op[2] % len(res)]
            name = RESIDENT_FIELDS[op[3] % len(RESIDENT_FIELDS)]
            value = f"{client}-note-{n}" if name == "note" else mobile(n)
            self._edit(step, client, ws, before, ResidentRow, ws.update_resident, rid, name,
                       set_field="care_categories", pool=CARE, pick=op[3], value=value)
        elif kind == "add_resident" and hh:
            hid = hh[op[2] % len(hh)]
            r = ws.add_resident(hid, name=f"新居民{n}", relation="other", sex="female")
            self._made(step, client, ws, before, "resident", r.id, "create")
            self._note(f"{step}: {client} add resident {r.id[-6:]} to {hid[-6:]}")
        elif kind == "delete_resident" and res:
            rid = res[op[2] % len(res)]
            seen = self._snapshot(ws, ResidentRow, rid)
            ws.delete_resident(rid, reason="录入错误")
            self._made(step, client, ws, before, "resident", rid, "delete", seen)
            self._note(f"{step}: {client} delete resident {rid[-6:]}")
        elif kind == "visit" and hh:
            hid = hh[op[2] % len(hh)]
            v = ws.log_visit(hid, summary=f"{client}-visit-{n}")
            self._made(step, client, ws, before, "visit", v.id, "create")
            self._note(f"{step}: {client} visit {v.id[-6:]} at {hid[-6:]}")
        elif kind == "amend" and visits:
            vid = visits[op[2] % len(visits)]
            ws.amend_visit(vid, reason="更正记录", summary=f"{client}-amend-{n}")
            (entry,) = [e for e in self._new_entries(ws, before)
                        if e.entity == "visit_amendment"]
            self.made.append(Made(step, client, "visit_amendment", entry.row_id,
                                  entry.mutation_id, "create"))
            self._note(f"{step}: {client} amend visit {vid[-6:]}")
        elif kind == "move" and hh:
            self._move(step, client, ws, hh[op[2] % len(hh)], before)
        elif kind == "resolve":
            self._resolve(step, client, ws, op[2], op[3], before, n)
        elif kind == "dismiss":
            # The worker reads a rejection and gives the change up; rows kept only for it go.
            ours = set(self.households) | set(res) | set(visits) | {
                m.row_id for m in self.made} | {e.row_id for e in self.edits}
            refused = sorted((r.mutation_id, r.entity, r.row_id, r.code)
                             for r in ws.rejections(limit=1_000_000) if r.row_id in ours)
            if refused:
                mid, entity, row_id, code = refused[op[2] % len(refused)]
                ws.dismiss_rejection(mid)
                self._note(f"{step}: {client} dismiss rejected {entity} {row_id[-6:]} ({code})")

    def _made(self, step: int, client: str, ws: Workspace, before: int, entity: str,
              row_id: str, op: str, seen: dict[str, Any] | None = None) -> None:
        for entry in self._new_entries(ws, before):
            if entry.entity == entity and entry.row_id == row_id and entry.op == op:
                self.made.append(Made(step, client, entity, row_id, entry.mutation_id, op,
                                      seen or {}))
                return
        raise AssertionError(f"{op} of {entity} wrote no journal entry")

    def _move(self, step: int, client: str, ws: Workspace, hid: str, before: int) -> None:
        """The centre reassigns a household to the other grid (only the admin may)."""
        if client != "admin":
            return
        grids = {g.code: g.id for g in ws.grids()}
        with ws.db.transaction() as s:
            row = s.get(HouseholdRow, hid)
            seen = row.grid_id
            target = grids[GRID2] if seen == grids[GRID1] else grids[GRID1]
            update_row(s, row, {"grid_id": target}, entity="household", actor="admin",
                       now=ws.ctx.now())
        self._track_edit(step, client, ws, before, "household", hid, "grid_id", target, seen)
        where = GRID1 if target == grids[GRID1] else GRID2
        self._note(f"{step}: admin move household {hid[-6:]} to grid {where[-1]}")

    def _resolve(self, step: int, client: str, ws: Workspace, pick: int, how: int,
                 before: int, n: int) -> None:
        hh, res, visits = self._local(ws)
        mine = set(hh) | set(res) | set(visits)
        with ws.db.reading() as s:
            open_ = sorted(
                (c.id, c.entity, c.row_id, c.kind, c.field)
                for c in s.scalars(select(ConflictRow).where(ConflictRow.state == "open"))
                if c.row_id in mine or any(m.row_id == c.row_id for m in self.made)
            )
        if not open_:
            return
        cid, entity, row_id, kind, name = open_[pick % len(open_)]
        choices = CHOICES[kind]
        choice = choices[how % len(choices)].value
        model = {"household": HouseholdRow, "resident": ResidentRow}.get(entity)
        seen_value = None
        seen_row: dict[str, Any] = {}
        present = model is not None and self._exists(ws, model, row_id)
        if present and name:
            seen_value = self._value(ws, model, row_id, name)
        if present:
            seen_row = self._snapshot(ws, model, row_id)
        value = None
        if choice == "new":
            if name in ("door_number",):
                value = f"{client}-{n}"
            elif name == "phone":
                value = mobile(n)
            elif name == "note":
                value = f"{client}-note-{n}"
            else:
                choice = "theirs"
        try:
            ws.resolve_conflict(cid, choice, value)
        except GridworkerError as exc:
            self._note(f"{step}: {client} resolve {kind} {row_id[-6:]} {choice}: refused "
                       f"({exc.code})")
            return
        self._note(f"{step}: {client} resolve {kind} {entity} {row_id[-6:]} {name or ''} "
                   f"-> {choice} {value if value is not None else ''}")
        entries = [e for e in self._new_entries(ws, before) if e.row_id == row_id]
        for entry in entries:
            if entry.op == "delete":
                self.made.append(Made(step, client, entity, row_id, entry.mutation_id, "delete",
                                      seen_row))
            elif name and name in (entry.changes or {}) and name not in SET_FIELDS:
                self.edits.append(Edit(step, client, entity, row_id, name,
                                       entry.changes[name]["new"], seen_value,
                                       entry.mutation_id))

    @staticmethod
    def _exists(ws: Workspace, model: Any, row_id: str) -> bool:
        with ws.db.reading() as s:
            return s.get(model, row_id) is not None

    # -- the checks ----------------------------------------------------------------------
    def check(self) -> list[str]:
        """Everything that is wrong after the fleet synced until quiescent (empty: fine)."""
        server = dump.ServerRows(self.fleet.server_db)
        problems: list[str] = []
        households = set(self.households) | {
            h for key in server.rows if (h := server.household_of(key)) in self.households
        }
        journals = {n: dump.journal(ws.db.path) for n, ws in self.fleet.ws.items()}
        rejected = {e["mutation_id"] for j in journals.values() for e in j
                    if e["state"] in ("rejected", "dismissed")}
        conflicts: dict[str, list[ConflictRow]] = {}
        compared: dict[str, dict[dump.Key, dump.Row]] = {}
        for name, ws in self.fleet.ws.items():
            # (a) nothing left to send
            pending = [e for e in journals[name] if e["state"] == "pending"]
            if pending:
                problems.append(f"{name}: {len(pending)} journal entries still pending")
            with ws.db.reading() as s:
                conflicts[name] = list(s.scalars(select(ConflictRow)))
                s.expunge_all()
            # (b) same rows as the server in my scope, kept rows aside
            rows = dump.local_rows(ws.db.path)
            visit_household = {k[1]: v[1]["household_id"] for k, v in rows.items()
                               if k[0] == "visit"}
            mine = {k: v for k, v in rows.items()
                    if dump.household_of(k, rows, visit_household) in households}
            flagged = dump.flags(ws.db.path)
            flagged_ids = {k[1] for k in flagged}
            aside = {k for k, v in mine.items()
                     if k[1] in flagged_ids
                     or dump.household_of(k, rows, visit_household) in flagged_ids
                     or v[1].get("visit_id") in flagged_ids}
            expected = server.in_scope(self.fleet.grid_ids_of(name), households)
            local = {k: v for k, v in mine.items() if k not in aside}
            for line in dump.diff(local, expected, (name, "server")):
                problems.append(f"{name} vs server: {line}")
            compared[name] = local
            # kept rows (left my scope with unsent work) are reported as rejections
            rejections = ws.rejections(limit=1_000_000)
            home_of = _homes(journals[name], rows, visit_household, server)
            explained = {home_of.get(r.row_id) for r in rejections} | {
                home_of.get(c.row_id) for c in conflicts[name] if c.state != "resolved"}
            for key, flag in flagged.items():
                if key in mine and flag == "out_of_scope" and home_of.get(key[1]) not in explained:
                    problems.append(f"{name}: {key} kept out of scope without a rejection or "
                                    "an undecided conflict to show for it")
            # what the server refused is still here to see (unless deleted here since)
            for e in journals[name]:
                if e["state"] != "rejected" or e["op"] == "delete" or e["changes"] in ("{}", {}):
                    continue  # (an empty update decides a conflict: it carries no values)
                deleted_here = any(x["row_id"] == e["row_id"] and x["op"] == "delete"
                                   for x in journals[name])
                if not deleted_here and (e["entity"], e["row_id"]) not in rows:
                    problems.append(f"{name}: {e['entity']} {e['row_id'][-6:]} with a rejected "
                                    f"{e['op']} ({e['error_code']}) is gone from the workspace")
            missing = {e["mutation_id"] for e in journals[name] if e["state"] == "rejected"} - {
                r.mutation_id for r in rejections}
            if missing:
                problems.append(f"{name}: rejected entries not listed by rejections(): {missing}")
        # same scope, same rows
        for a, b in itertools.combinations([n for n in self.fleet.ws if SCOPE[n] == GRID1], 2):
            shared = set(compared[a]) & set(compared[b])
            la = {k: compared[a][k] for k in shared}
            lb = {k: compared[b][k] for k in shared}
            for line in dump.diff(la, lb, (a, b)):
                problems.append(f"{a} vs {b}: {line}")
        problems += self.lost_updates(server, rejected, conflicts)
        return problems

    def lost_updates(self, server: dump.ServerRows, rejected: set[str],
                     conflicts: dict[str, list[ConflictRow]]) -> list[str]:
        """(c) Every edit is the final value, or was knowingly superseded, or is ``mine`` in
        a conflict of its client, or was rejected, or its row is gone (deleted)."""
        problems: list[str] = []
        deletes = [m for m in self.made if m.op == "delete"]
        for e in self.edits:
            if e.mutation_id in rejected:
                continue
            key = (e.entity, e.row_id)
            if not server.live(key):
                continue
            final = server.rows[key][4].get(e.field)
            others = [x for x in self.edits if x is not e and x.row_id == e.row_id
                      and x.field == e.field and x.mutation_id not in rejected]
            if e.kind in ("add", "remove"):
                present = e.value in (final or [])
                if present == (e.kind == "add"):
                    continue
                opposite = "remove" if e.kind == "add" else "add"
                if any(x.kind == opposite and x.value == e.value for x in others):
                    continue
                if any(d.row_id == e.row_id for d in deletes):
                    continue  # deleted and restored with someone's values
                problems.append(f"lost {e.kind} of {e.value!r} to {e.entity}.{e.field} "
                                f"{e.row_id[-6:]} by {e.client} at step {e.step}: final {final}")
                continue
            if final == e.value:
                continue
            if any(x.seen == e.value for x in others):
                continue  # someone overwrote it after seeing it
            if any(d.row_id == e.row_id and d.seen.get(e.field) == e.value
                   and d.mutation_id not in rejected for d in deletes):
                continue  # deleted after seeing it (and restored by someone else since)
            if any(self._mine_in(c, e) for c in conflicts[e.client]):
                continue
            problems.append(f"lost update {e.entity}.{e.field} = {e.value!r} of {e.row_id[-6:]} "
                            f"by {e.client} at step {e.step} (saw {e.seen!r}); final {final!r}")
        for m in self.made:
            if m.mutation_id in rejected:
                continue
            key = (m.entity, m.row_id)
            got = server.rows.get(key)
            if m.op == "create" and got is None:
                problems.append(f"lost create of {m.entity} {m.row_id[-6:]} by {m.client}")
            if m.op == "delete" and got is not None and not got[1]:
                explained = any(
                    c.row_id == m.row_id and (c.mutation_id == m.mutation_id
                                              or c.kind == "update_vs_delete")
                    for cs in conflicts.values() for c in cs
                )
                if not explained:
                    problems.append(f"lost delete of {m.entity} {m.row_id[-6:]} by {m.client} "
                                    f"at step {m.step}")
        return problems

    @staticmethod
    def _mine_in(c: ConflictRow, e: Edit) -> bool:
        if c.row_id != e.row_id:
            return False
        if c.kind == "field":
            return c.field == e.field and c.mine == e.value
        if c.kind == "update_vs_delete" and isinstance(c.mine, dict):
            return c.mine.get(e.field) == e.value
        return False


def _homes(journal: list[dict[str, Any]], rows: dict[dump.Key, dump.Row],
           visit_household: dict[str, str], server: dump.ServerRows) -> dict[str, str | None]:
    """Row id -> household id, for local rows and for rows only the journal (a resident
    created, rejected and deleted again here) or the server remembers."""

    home: dict[str, str | None] = {k[1]: dump.household_of(k, rows, visit_household)
                                   for k in rows}
    visits = dict(visit_household)
    for e in journal:
        changes = e["changes"]
        changes = json.loads(changes) if isinstance(changes, str) else changes or {}
        if e["entity"] == "household":
            home[e["row_id"]] = e["row_id"]
        elif "household_id" in changes:
            home.setdefault(e["row_id"], changes["household_id"].get("new"))
            if e["entity"] == "visit":
                visits.setdefault(e["row_id"], changes["household_id"].get("new"))
        elif "visit_id" in changes:
            home.setdefault(e["row_id"], visits.get(changes["visit_id"].get("new")))
        if home.get(e["row_id"]) is None:
            home[e["row_id"]] = server.household_of((e["entity"], e["row_id"]))
    return home


def local_view_problems(ws: Workspace) -> list[str]:
    """The local view must be the server's row with my pending changes on top: every field a
    pending entry sets reads its newest pending value, a row pending deletion is absent."""
    expect: dict[dump.Key, dict[str, Any]] = {}
    gone: set[dump.Key] = set()
    for e in dump.journal(ws.db.path):
        if e["state"] != "pending":
            continue
        key = (e["entity"], e["row_id"])
        if e["op"] == "delete":
            gone.add(key)
            expect.pop(key, None)
            continue
        gone.discard(key)
        changes = json.loads(e["changes"]) if isinstance(e["changes"], str) else e["changes"]
        expect.setdefault(key, {}).update({k: c["new"] for k, c in (changes or {}).items()})
    rows = dump.local_rows(ws.db.path)
    problems = [f"{k} is pending deletion but still here" for k in gone if k in rows]
    for key, fields in expect.items():
        if key[0] not in dump.TABLES:
            continue
        if key not in rows:
            problems.append(f"{key} has pending changes but is missing")
            continue
        want = dump.normalise(key[0], fields, local=True)
        have = rows[key][1]
        problems += [f"{key}.{n}: local {have.get(n)!r}, pending {v!r}"
                     for n, v in want.items() if have.get(n) != v]
    return problems
