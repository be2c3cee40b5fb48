"""What the household list, the household page and search show: snapshots with due dates
worked out and personal data masked."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from types import MappingProxyType
from typing import Any, TypeVar

from ..domain.codes import UnknownCode, read_code
from ..domain.entities import Grid, Household, Redaction, Resident, Visit, VisitAmendment
from ..domain.errors import NotFoundError
from ..domain.masking import mask_citizen_id, mask_phone
from ..domain.vocab import CareCategory, HouseholdStatus, HouseholdTag, VisitDueState
from ..storage import queries, search
from ..storage.journal import RowSyncFacts, pending_row_ids, row_sync_facts
from .context import ServiceContext

V = TypeVar("V", CareCategory, HouseholdTag)


class RecordSyncState(Enum):
    """Where a record stands with the server, worst last (``rank``).

    There is no separate "sent, awaiting the answer" state: an entry stays ``pending`` in the
    journal until the server's answer is recorded (the same transaction marks it sent)."""

    SENT = "sent"
    """Nothing waiting: the server holds this record as shown (the list stays quiet)."""
    NOT_SENT = "not_sent"
    """Changes made here wait to be sent (未发送)."""
    CONFLICT = "conflict"
    """The server kept its own value for a field I also changed: decide in the conflict
    centre (有冲突)."""
    REJECTED = "rejected"
    """The server refused a change; ``reason`` says why (被拒绝)."""

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {
    RecordSyncState.SENT: 0,
    RecordSyncState.NOT_SENT: 1,
    RecordSyncState.CONFLICT: 2,
    RecordSyncState.REJECTED: 3,
}


@dataclass(frozen=True, slots=True)
class RecordSync:
    """One record's (or, aggregated, one household's) sync state and why, in plain Chinese."""

    state: RecordSyncState = RecordSyncState.SENT
    reason: str = ""
    """For ``REJECTED``: the server's reason; for ``CONFLICT``: the fields in conflict (in
    Chinese: the UI words ``entity``, ``code`` and ``fields`` in the user's language)."""
    unsent: int = 0
    """Journal entries waiting to be sent."""
    conflicts: int = 0
    rejected: int = 0
    entity: str = ""
    """The entity ``reason`` is about."""
    code: str = ""
    """For ``REJECTED``: the server's error code."""
    fields: tuple[str, ...] = ()
    """For ``CONFLICT``: the fields in conflict (or, with none, ``kinds``)."""
    kinds: tuple[str, ...] = ()

    @property
    def synced(self) -> bool:
        return self.state is RecordSyncState.SENT

    def worst(self, other: RecordSync) -> RecordSync:
        """Both together: the worse state (and its reason), the counts added up."""
        if self.state is not other.state:
            top = self if self.state.rank > other.state.rank else other
        else:  # the smaller reason: any order of folding gives the same answer
            top = self if self.reason <= other.reason else other
        return RecordSync(
            state=top.state,
            reason=top.reason,
            unsent=self.unsent + other.unsent,
            conflicts=self.conflicts + other.conflicts,
            rejected=self.rejected + other.rejected,
            entity=top.entity,
            code=top.code,
            fields=top.fields,
            kinds=top.kinds,
        )


SYNCED = RecordSync()


def _conflict_reason(facts: RowSyncFacts) -> str:
    from .wording import field_label

    fields = [field_label(facts.entity, f) for f in facts.conflict_fields]
    if fields:
        return "、".join(fields)
    if "update_vs_delete" in facts.conflict_kinds:
        return "您修改的记录已在平台上被删除"
    if "delete_vs_update" in facts.conflict_kinds:
        return "您删除的记录已在平台上被修改"
    return ""


def record_sync(facts: RowSyncFacts) -> RecordSync:
    """The state one row's journal entries and conflicts add up to."""
    if facts.rejected:
        state, reason = RecordSyncState.REJECTED, facts.error_message or facts.error_code
    elif facts.conflicts:
        state, reason = RecordSyncState.CONFLICT, _conflict_reason(facts)
    elif facts.pending:
        state, reason = RecordSyncState.NOT_SENT, ""
    else:
        state, reason = RecordSyncState.SENT, ""
    rejected = state is RecordSyncState.REJECTED
    conflict = state is RecordSyncState.CONFLICT
    return RecordSync(
        state, reason, facts.pending, facts.conflicts, facts.rejected,
        entity=facts.entity if rejected or conflict else "",
        code=facts.error_code if rejected else "",
        fields=tuple(facts.conflict_fields) if conflict else (),
        kinds=tuple(facts.conflict_kinds) if conflict and not facts.conflict_fields else (),
    )  # fmt: skip


def aggregate(states: Iterable[RecordSync]) -> RecordSync:
    """The worst of several records' states (a household and everything in it)."""
    out = SYNCED
    for one in states:
        out = out.worst(one)
    return out


def household_sync_states(
    facts: Mapping[tuple[str, str], RowSyncFacts],
) -> dict[str, RecordSync]:
    """Per household id, the worst state of its own row, its residents, visits and visit
    amendments (households absent are synced)."""
    out: dict[str, RecordSync] = {}
    for one in facts.values():
        if one.household_id is None:
            continue
        mine = record_sync(one)
        known = out.get(one.household_id)
        out[one.household_id] = mine if known is None else known.worst(mine)
    return out


def row_states(facts: Iterable[RowSyncFacts]) -> dict[str, RecordSync]:
    """Per row id, the state of rows that are not simply synced; an amendment shows on the
    visit it corrects."""
    out: dict[str, RecordSync] = {}
    for f in facts:
        key = f.visit_id or f.row_id
        mine = record_sync(f)
        out[key] = out[key].worst(mine) if key in out else mine
    return out


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field an amendment changed: its value just before and the value it set."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class AmendmentStep:
    amendment: VisitAmendment
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """Everything one visit holds, for reading it in full: as it stands, as logged, and each
    correction with what it changed (the original is never lost)."""

    visit: Visit
    """As it stands: the amendments applied."""
    original: Visit
    """As logged."""
    history: tuple[AmendmentStep, ...]
    """The amendments, oldest first."""
    household: Household
    sync: RecordSync = SYNCED
    """The visit and its amendments together."""


@dataclass(frozen=True, slots=True)
class HouseholdSummary:
    """A line of the household list (lists never carry ID numbers or phones)."""

    id: str
    grid_id: str
    address: str
    group_name: str
    door_number: str
    head_name: str
    member_count: int
    tags: frozenset[HouseholdTag | UnknownCode]
    care_categories: frozenset[CareCategory | UnknownCode]
    status: HouseholdStatus | UnknownCode
    last_visit: datetime | None
    next_due: datetime | None
    due_state: VisitDueState
    pending: bool
    sync: RecordSync = SYNCED
    """The worst sync state of the household and its residents, visits and amendments."""


@dataclass(frozen=True, slots=True)
class HouseholdDetail:
    household: Household
    residents: tuple[Resident, ...]
    visits: tuple[Visit, ...]
    last_visit: datetime | None
    next_due: datetime | None
    due_state: VisitDueState
    pending_row_ids: frozenset[str]
    sync_states: Mapping[str, RecordSync] = field(default_factory=lambda: MappingProxyType({}))
    """Row id -> state of this household's rows (its own, residents, visits, amendments)
    that are not simply synced; absent rows are synced (see ``sync_of``)."""
    sync: RecordSync = SYNCED
    """All of them together (the same value as the household list's line)."""
    redactions: tuple[Redaction, ...] = ()
    """Visits / amendments of this household the centre redacted (content removed)."""

    def sync_of(self, row_id: str) -> RecordSync:
        return self.sync_states.get(row_id, SYNCED)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A search hit with ID number and phone masked."""

    kind: str
    household_id: str
    resident_id: str | None
    name: str
    masked_citizen_id: str
    masked_phone: str
    address: str
    resident_status: str | None


def _known(vocab: type[V], codes: tuple[str, ...] | list[str]) -> frozenset[V]:
    out: set[V] = set()
    for code in codes:
        try:
            out.add(vocab(code))
        except ValueError:
            continue  # a code from a newer vocabulary: ignore rather than fail the list
    return frozenset(out)


class RosterView:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def grids(self) -> list[Grid]:
        with self.ctx.db.reading() as s:
            return queries.grids(s)

    def household_summaries(self, grid_id: str | None = None) -> list[HouseholdSummary]:
        with self.ctx.db.reading() as s:
            rows = queries.household_list(s, grid_id)
            states = household_sync_states(row_sync_facts(s))
        return self.summaries_of(rows, states)

    def summaries_of(
        self, rows: Iterable[queries.HouseholdListRow], states: Mapping[str, RecordSync]
    ) -> list[HouseholdSummary]:
        """List lines from rows and sync states read in the caller's transaction, due dates
        and states worked out by the policy (the one place that applies it to the list)."""
        now = self.ctx.now()
        policy = self.ctx.policy
        out = []
        for r in rows:
            cats = _known(CareCategory, r.care_categories)
            tags = _known(HouseholdTag, r.tags)
            status = read_code(HouseholdStatus, r.status)
            if status is HouseholdStatus.ACTIVE:
                due = policy.next_due(
                    care_categories=cats,
                    household_tags=tags,
                    last_visit=r.last_visit,
                    registered_at=r.created_at,
                )
                state = policy.due_state(due, r.last_visit, now)
            else:
                due, state = None, VisitDueState.OK
            out.append(
                HouseholdSummary(
                    id=r.id,
                    grid_id=r.grid_id,
                    address=" ".join(
                        p for p in (r.group_name, r.door_number, r.address_detail) if p
                    ),
                    group_name=r.group_name,
                    door_number=r.door_number,
                    head_name=r.head_name,
                    member_count=r.member_count,
                    tags=tags,
                    care_categories=cats,
                    status=status,
                    last_visit=r.last_visit,
                    next_due=due,
                    due_state=state,
                    pending=r.pending,
                    sync=states.get(r.id, SYNCED),
                )
            )
        return out

    def household_detail(self, household_id: str, visit_limit: int | None = 200) -> HouseholdDetail:
        now = self.ctx.now()
        with self.ctx.db.reading() as s:
            household = queries.household(s, household_id)
            if household is None:
                raise NotFoundError(params={"reason": "household"})
            residents = queries.residents_of(s, household_id)
            visits = queries.visits_of(s, household_id, limit=visit_limit)
            redactions = queries.redactions_of(s, household_id)
            last = queries.last_visit_at(s, household_id)
            pending = set()
            for entity in ("household", "resident", "visit", "visit_amendment"):
                pending |= pending_row_ids(s, entity)
            facts = [f for f in row_sync_facts(s).values() if f.household_id == household_id]
        states = row_states(facts)
        cats = frozenset(
            c for r in residents if r.status.value == "active" for c in r.care_categories
        )
        due = self.ctx.policy.next_due(
            care_categories=cats,
            household_tags=household.tags,
            last_visit=last,
            registered_at=household.created_at,
        )
        return HouseholdDetail(
            household=household,
            residents=tuple(residents),
            visits=tuple(visits),
            last_visit=last,
            next_due=due,
            due_state=self.ctx.policy.due_state(due, last, now),
            pending_row_ids=frozenset(pending),
            sync_states=MappingProxyType(states),
            sync=aggregate(states.values()),
            redactions=tuple(redactions),
        )

    def resident(self, resident_id: str) -> Resident:
        with self.ctx.db.reading() as s:
            found = queries.resident(s, resident_id)
        if found is None:
            raise NotFoundError(params={"reason": "resident"})
        return found

    def visit(self, visit_id: str) -> Visit:
        with self.ctx.db.reading() as s:
            found = queries.visit(s, visit_id)
        if found is None:
            raise NotFoundError(params={"reason": "visit"})
        return found

    def visit_record(self, visit_id: str) -> VisitRecord:
        with self.ctx.db.reading() as s:
            versions = queries.visit_versions(s, visit_id)
            if not versions:
                raise NotFoundError(params={"reason": "visit"})
            household = queries.household(s, versions[0].household_id)
            facts = [f for f in row_sync_facts(s).values() if visit_id in (f.visit_id, f.row_id)]
        if household is None:
            raise NotFoundError(params={"reason": "household"})
        current = versions[-1]
        history = tuple(
            AmendmentStep(
                amendment,
                tuple(
                    FieldChange(name, getattr(before, name), getattr(after, name))
                    for name in amendment.changes
                    if hasattr(after, name)  # a field from a newer version: not shown
                ),
            )
            for amendment, before, after in zip(
                current.amendments, versions[:-1], versions[1:], strict=True
            )
        )
        return VisitRecord(
            visit=current,
            original=versions[0],
            history=history,
            household=household,
            sync=row_states(facts).get(visit_id, SYNCED),
        )

    def search(
        self, text: str, *, limit: int = 50, grid_id: str | None = None
    ) -> list[SearchResult]:
        """Best hits first. While the index is being rebuilt (see ``search_index_ready``) the
        tables are scanned instead: slower, and pinyin (``zsf``) finds nothing."""
        with self.ctx.db.reading() as s:
            hits = search.search(s, text, limit=limit, grid_id=grid_id)
        return [
            SearchResult(
                kind=h.kind,
                household_id=h.household_id,
                resident_id=h.resident_id,
                name=h.name,
                masked_citizen_id=mask_citizen_id(h.citizen_id),
                masked_phone=mask_phone(h.phone),
                address=" ".join(p for p in (h.group_name, h.door_number) if p),
                resident_status=h.resident_status,
            )
            for h in hits
        ]

    def search_index_ready(self) -> bool:
        """False after a large sync until its index rebuild is done (or after a crash or
        cancel before it): search then works without the index, slower and without pinyin."""
        with self.ctx.db.reading() as s:
            return search.index_ready(s)

    def rebuild_search_index(
        self, *, force: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Rebuild the index when stale (or always, ``force``); entries written, 0 if none.

        A few seconds at 100,000 residents: run it off the UI thread. Tokens are built before
        the write lock is taken (see ``search.rebuild``). ``progress(done, total)`` as there;
        an exception it raises stops the rebuild before anything was written.
        """
        with self.ctx.db.reading() as s:
            if not force and search.index_ready(s):
                return 0
        with self.ctx.db.transaction() as s:
            return search.rebuild(s, progress=progress)

    def counts(self) -> dict[str, int]:
        with self.ctx.db.reading() as s:
            return queries.count_rows(s)
