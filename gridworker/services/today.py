"""今日 (today's desk) and 我的走访 (my visits): what waits for the worker, and their own work.

Both are read in one transaction each and returned as plain snapshots. A desk's count is
the length of the list it opens, so what the 今日 page says and what it lists never differ.

Choices, and why:

- Due dates come from the household list (``RosterView.summaries_of``, which applies the
  visit-frequency policy): the desk never has a due rule of its own.
- "This week" is Monday to Sunday of today's week, as a worker plans it.
- A follow-up (需要跟进, a visit with a follow-up date) is open until the household is
  visited again: a later visit is the follow-up (the demo's 回访, or any visit that went
  there). Households moved out or dissolved need no follow-up.
- 我的走访 lists only the signed-in worker's own visits: counts of one's own work for
  oneself. Nothing here ranks or compares workers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.codes import UnknownCode
from ..domain.entities import Household, Visit
from ..domain.vocab import FindingKind, HouseholdStatus, VisitDueState, VisitType
from ..storage import queries
from ..storage.journal import row_sync_facts
from ..storage.models import DraftRow, GridRow, HouseholdRow, ResidentRow, VisitRow
from ..storage.records import household_from_row
from .conflicts import ConflictView, conflict_views, row_label
from .context import ServiceContext
from .drafts import DraftKind, draft_grid, draft_target
from .rejections import RejectedChange, rejected_changes
from .roster_view import HouseholdSummary, RosterView, household_sync_states

ALL_REJECTED = 100_000
"""Refused changes listed on the desk: all of them in practice (they are few; the count
must equal the list)."""

_ADDRESS_FIELDS = ("group_name", "door_number", "address_detail")
"""What a new household's draft holds of its address."""


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    first = day.replace(day=1)
    return (first + timedelta(days=32)).replace(day=1)


class Period(StrEnum):
    THIS_WEEK = "this_week"
    LAST_WEEK = "last_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    MONTH = "month"
    """A chosen month (``month``: any day in it)."""


def period_range(period: Period, today: date, month: date | None = None) -> tuple[date, date]:
    """``[start, end)`` of ``period`` as seen on ``today``."""
    period = Period(period)
    if period is Period.THIS_WEEK:
        start = week_start(today)
        return start, start + timedelta(days=7)
    if period is Period.LAST_WEEK:
        start = week_start(today) - timedelta(days=7)
        return start, start + timedelta(days=7)
    if period is Period.THIS_MONTH:
        return month_start(today), next_month(today)
    if period is Period.LAST_MONTH:
        last = month_start(today) - timedelta(days=1)
        return month_start(last), next_month(last)
    chosen = month or today
    return month_start(chosen), next_month(chosen)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An open follow-up: a visit that said 需要跟进, the household not visited since."""

    visit_id: str
    household_id: str
    address: str
    head_name: str
    visitor: str
    visited_at: datetime
    visit_type: VisitType | UnknownCode
    follow_up_date: date
    summary: str
    finding_kinds: tuple[FindingKind | UnknownCode, ...]
    overdue: bool
    """The follow-up date has passed (today's are due, not yet overdue)."""


@dataclass(frozen=True, slots=True)
class UnsentRecord:
    """A record with changes waiting to be sent (one line per record, however many)."""

    entity: str
    row_id: str
    label: str
    household_id: str | None
    changes: int


@dataclass(frozen=True, slots=True)
class DraftItem:
    """A half-typed form kept as a draft: ``kind`` is its form, the ids what it is about (a
    visit amendment's household is the visit's; a new household's grid is the one chosen)."""

    key: str
    kind: DraftKind
    household_id: str | None
    resident_id: str | None
    label: str
    updated_at: datetime
    visit_id: str | None = None
    grid_id: str | None = None


@dataclass(frozen=True, slots=True)
class TodayDesk:
    """Everything the 今日 page shows; each count is ``len()`` of its list."""

    today: date
    week_end: date
    """The Sunday closing this week."""
    overdue: tuple[HouseholdSummary, ...]
    due_this_week: tuple[HouseholdSummary, ...]
    follow_ups: tuple[FollowUp, ...]
    never_visited: tuple[HouseholdSummary, ...]
    unsent: tuple[UnsentRecord, ...]
    drafts: tuple[DraftItem, ...]
    conflicts: tuple[ConflictView, ...]
    rejected: tuple[RejectedChange, ...]

    @property
    def unsent_changes(self) -> int:
        """Journal entries waiting to be sent (the records of ``unsent`` added up)."""
        return sum(r.changes for r in self.unsent)


@dataclass(frozen=True, slots=True)
class MyVisit:
    visit_id: str
    household_id: str
    address: str
    head_name: str
    started_at: datetime
    visit_type: VisitType | UnknownCode
    summary: str
    finding_kinds: tuple[FindingKind | UnknownCode, ...]
    follow_up_date: date | None


@dataclass(frozen=True, slots=True)
class MyVisits:
    """The signed-in worker's own visits of ``[start, end)``, newest first."""

    visitor: str
    start: date
    end: date
    visits: tuple[MyVisit, ...]

    @property
    def households(self) -> int:
        return len({v.household_id for v in self.visits})

    def by_type(self) -> dict[VisitType, int]:
        counts = Counter(v.visit_type for v in self.visits)
        return {t: counts[t] for t in VisitType if counts[t]}


def _at(day: date) -> datetime:
    return datetime.combine(day, time())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _kinds(visit: Visit) -> tuple[FindingKind | UnknownCode, ...]:
    return tuple(dict.fromkeys(f.kind for f in visit.findings))


class TodayService:
    def __init__(self, ctx: ServiceContext, view: RosterView):
        self.ctx = ctx
        self.view = view

    def desk(self) -> TodayDesk:
        """Overdue and due-this-week households, open follow-ups due by Sunday, households
        never visited, unsent records, drafts, open conflicts and refused changes."""
        now = self.ctx.now()
        today = now.date()
        week_end = week_start(today) + timedelta(days=6)
        end_of_week = _at(week_end + timedelta(days=1))
        with self.ctx.db.reading() as s:
            rows = queries.household_list(s)
            facts = row_sync_facts(s)
            follow = queries.visits_with_follow_up(s)
            unsent = [
                UnsentRecord(
                    f.entity, f.row_id, row_label(s, f.entity, f.row_id), f.household_id, f.pending
                )
                for f in facts.values()
                if f.pending
            ]
            drafts = self._drafts(s)
            conflicts = [c for c in conflict_views(s, "open") if c.state == "open"]
            rejected = rejected_changes(s, ALL_REJECTED)
        summaries = self.view.summaries_of(rows, household_sync_states(facts))
        active = {h.id: h for h in summaries if h.status is HouseholdStatus.ACTIVE}
        overdue = [h for h in active.values() if h.due_state is VisitDueState.OVERDUE]
        due_week = [
            h
            for h in active.values()
            if h.due_state is not VisitDueState.OVERDUE
            and h.next_due is not None
            and now <= h.next_due < end_of_week
        ]
        never = [h for h in active.values() if h.last_visit is None]
        follow_ups = []
        for v in follow:
            h = active.get(v.household_id)
            assert v.follow_up_date is not None
            if h is None or v.follow_up_date > week_end:
                continue
            if h.last_visit is not None and h.last_visit > v.started_at:
                continue  # visited again since: followed up
            follow_ups.append(
                FollowUp(
                    visit_id=v.id, household_id=h.id, address=h.address, head_name=h.head_name,
                    visitor=v.visitor, visited_at=v.started_at, visit_type=v.visit_type,
                    follow_up_date=v.follow_up_date, summary=_one_line(v.summary),
                    finding_kinds=_kinds(v), overdue=v.follow_up_date < today,
                )
            )  # fmt: skip
        far = datetime.max

        def by_due(h: HouseholdSummary) -> tuple[datetime, str]:
            return (h.next_due or far, h.address)

        return TodayDesk(
            today=today,
            week_end=week_end,
            overdue=tuple(sorted(overdue, key=by_due)),
            due_this_week=tuple(sorted(due_week, key=by_due)),
            follow_ups=tuple(sorted(follow_ups, key=lambda f: (f.follow_up_date, f.address))),
            never_visited=tuple(sorted(never, key=lambda h: (h.group_name, h.door_number))),
            unsent=tuple(sorted(unsent, key=lambda r: (r.label, r.entity, r.row_id))),
            drafts=tuple(drafts),
            conflicts=tuple(conflicts),
            rejected=tuple(rejected),
        )

    def _drafts(self, s: Session) -> list[DraftItem]:
        out = []
        for row in s.scalars(select(DraftRow).order_by(DraftRow.updated_at.desc())):
            target = draft_target(row.key)
            if target is None:
                continue  # a form this version does not have
            household_id, grid_id = target.household_id, None
            who, place = "", ""
            if target.kind is DraftKind.RESIDENT:
                resident = s.get(ResidentRow, target.resident_id)
                household_id = resident.household_id if resident is not None else None
                who = resident.name if resident is not None else "（本机已无此居民）"
            elif target.kind is DraftKind.NEW_RESIDENT:
                who = str(row.payload.get("name", "")).strip() or "（未填姓名）"
            elif target.kind is DraftKind.NEW_HOUSEHOLD:
                grid_id = draft_grid(row.payload)
                typed: dict[str, Any] = {
                    f: str(row.payload.get(f) or "").strip() for f in _ADDRESS_FIELDS
                }
                who = Household(id="", grid_id=grid_id or "", **typed).address or "（未填门牌）"
                grid = s.get(GridRow, grid_id) if grid_id else None
                place = grid.name if grid is not None else ""
            elif target.kind is DraftKind.VISIT_AMENDMENT:
                visit = s.get(VisitRow, target.visit_id)
                household_id = visit.household_id if visit is not None else None
                place = row_label(s, "visit", target.visit_id or "")
            if household_id and not place:
                place = row_label(s, "household", household_id)
            label = f"{who}（{place}）" if who and place else (who or place)
            out.append(
                DraftItem(
                    row.key, target.kind, household_id, target.resident_id, label,
                    row.updated_at, visit_id=target.visit_id, grid_id=grid_id,
                )
            )  # fmt: skip
        return out

    def my_visits(self, period: Period = Period.THIS_WEEK, month: date | None = None) -> MyVisits:
        """The signed-in worker's own visits of ``period`` (``month``: for ``Period.MONTH``,
        any day of the chosen month)."""
        visitor = self.ctx.actor.username
        start, end = period_range(Period(period), self.ctx.now().date(), month)
        with self.ctx.db.reading() as s:
            visits = queries.visits_between(s, _at(start), _at(end), visitor=visitor)
            ids = {v.household_id for v in visits}
            places = {
                h.id: household_from_row(h)
                for h in s.scalars(select(HouseholdRow).where(HouseholdRow.id.in_(ids)))
            }
            heads = {
                r.id: r.name
                for r in s.scalars(
                    select(ResidentRow).where(
                        ResidentRow.id.in_({h.head_resident_id for h in places.values()})
                    )
                )
            }
        out = []
        for v in visits:
            h = places.get(v.household_id)
            out.append(
                MyVisit(
                    visit_id=v.id, household_id=v.household_id, address=h.address if h else "",
                    head_name=heads.get(h.head_resident_id or "", "") if h else "",
                    started_at=v.started_at, visit_type=v.visit_type,
                    summary=_one_line(v.summary), finding_kinds=_kinds(v),
                    follow_up_date=v.follow_up_date,
                )
            )  # fmt: skip
        return MyVisits(visitor=visitor, start=start, end=end, visits=tuple(out))
