"""Half a year of visits 走访 for the demo county, so a worker's first sync looks like a day's
work: most households visited on their schedule by their grid's workers, some overdue, a few
never visited (some of them newly registered), a few findings still waiting for a follow-up
visit (需要跟进) on a date, and now and then a visit corrected by an amendment.

Visits have exactly the wire shape a client's own pushed visit gets on the centre (every field,
naive local times as the client sends them, ``photos``/``awaiting_media`` empty), so clients
pull them like any colleague's. How often each household is visited follows the default visit
frequency of the client (weekly / monthly / quarterly): gridcenter may not import the client's
domain, so :func:`interval_days` restates it for the demo and a test checks that they agree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from gridrules.ids import new_id
from gridrules.resources import read_json

from .admin import new_record
from .store import Store
from .util import iso

HISTORY_DAYS = 183
"""How far back the demo's visits go."""
WEEKLY_CARE = frozenset({"elderly_alone", "incapacitated"})
TABLES = read_json("demo", "centre.json")
"""Names and visit texts of the demo county (resources/demo/centre.json)."""

FINDINGS: dict[str, tuple[str, ...]] = {
    kind: tuple(texts) for kind, texts in TABLES["findings"].items()
}
FOLLOW_UPS: tuple[str, ...] = tuple(read_json("demo", "visits.json")["return_outcomes"])
"""How a return visit found the matter: the same outcomes as the client's demo visits."""
_TOPICS = TABLES["topics"]
GENERAL: tuple[str, ...] = tuple(_TOPICS["general"])
ELDERLY: tuple[str, ...] = tuple(_TOPICS["elderly"])
CHILD: tuple[str, ...] = tuple(_TOPICS["child"])
DISABLED: tuple[str, ...] = tuple(_TOPICS["disabled"])
ALLOWANCE: tuple[str, ...] = tuple(_TOPICS["allowance"])


def interval_days(care: set[str], tags: list[str]) -> int:
    """The demo's visiting interval: weekly for high-risk elderly, monthly for other care
    categories and supported (tagged) households, quarterly otherwise — the default rules of
    ``gridworker.domain.frequency`` (tests/gridcenter/test_demo_visits.py keeps them equal)."""
    if care & WEEKLY_CARE:
        return 7
    if care or tags:
        return 30
    return 90


@dataclass(slots=True)
class DemoHousehold:
    """What the visit generator needs to know about one generated household."""

    id: str
    grid_id: str
    people: list[dict[str, Any]]
    tags: list[str]
    registered: datetime
    """Local wall-clock time it entered the roster (stored as the record's ``created_at``)."""


def registration_time(rng: random.Random, today: date) -> datetime:
    """Most households have been on the roster for years; a few arrived in the last weeks."""
    days = rng.randint(5, 60) if rng.random() < 0.04 else rng.randint(400, 1800)
    return datetime.combine(today - timedelta(days=days), time(9)) + timedelta(
        minutes=rng.randint(0, 480)
    )


def local_iso(moment: datetime) -> str:
    """A naive local time as the centre's UTC stamp text."""
    return iso(moment.astimezone())


def _weekday(rng: random.Random, day: date) -> date:
    """Workers mostly visit on weekdays: most weekend dates move back to Friday or earlier."""
    if day.weekday() >= 5 and rng.random() < 0.9:
        return day - timedelta(days=day.weekday() - 4 + rng.randint(0, 3))
    return day


def _started(rng: random.Random, day: date) -> datetime:
    minutes = (rng.randint(8 * 60 + 30, 11 * 60 + 20) if rng.random() < 0.55
               else rng.randint(14 * 60, 17 * 60 + 20))
    return datetime.combine(day, time(minutes // 60, minutes % 60))


def _visit_days(rng: random.Random, household: DemoHousehold, interval: int,
                today: date) -> list[date]:
    """The days it was visited, oldest first: none, on schedule, or overdue."""
    recent = (today - household.registered.date()).days < 90
    if rng.random() < (0.5 if recent else 0.02):
        return []  # not reached yet (从未走访): due since it was registered
    if rng.random() < (0.10 if interval <= 7 else 0.16):
        days_ago = interval + 1 + rng.randint(0, max(2, interval // 2))  # slipped: overdue
    else:
        days_ago = rng.randint(1, max(1, interval - 1))
    first = max(today - timedelta(days=HISTORY_DAYS), household.registered.date())
    days: list[date] = []
    while True:
        day = _weekday(rng, today - timedelta(days=days_ago))
        if day < first:
            break
        if not days or day < days[-1]:
            days.append(day)
        step = interval * rng.uniform(0.8, 1.05) + (interval if rng.random() < 0.05 else 0)
        days_ago += max(1, round(step))
    days.reverse()
    return days


class _Writer:
    """Writes one household's visits (and the odd amendment) into the store."""

    def __init__(self, store: Store, rng: random.Random, household: DemoHousehold,
                 workers: list[str], today: date):
        self.store = store
        self.rng = rng
        self.h = household
        self.today = today
        # Each household has its usual worker; a colleague covers now and then.
        self.usual = rng.choice(workers)
        self.workers = workers
        ages = [today.year - date.fromisoformat(p["birth_date"]).year for p in household.people]
        self.met = [p["name"] for p, age in zip(household.people, ages, strict=True)
                    if age >= 16] or [p["name"] for p in household.people]
        care = {c for p in household.people for c in p["care_categories"]}
        topics = list(GENERAL)
        if max(ages) >= 60:
            topics += ELDERLY * 2
        if "left_behind_child" in care:
            topics += CHILD * 2
        if "disabled" in care:
            topics += DISABLED
        if "minimum_allowance" in care or household.tags:
            topics += ALLOWANCE
        self.topics = topics
        self.focus = bool(care & WEEKLY_CARE)

    def visit(self, day: date, *, visit_type: str | None = None, summary: str | None = None,
              findings: list[dict[str, str]] | None = None,
              follow_up: date | None = None) -> dict[str, Any]:
        rng = self.rng
        started = _started(rng, day)
        ended = started + timedelta(minutes=rng.randint(10, 40))
        if visit_type is None:
            visit_type = "focus" if self.focus and rng.random() < 0.4 else "routine"
        visitor = self.usual if rng.random() < 0.9 else rng.choice(self.workers)
        data = {
            "household_id": self.h.id, "visitor": visitor, "visit_type": visit_type,
            "started_at": started.isoformat(), "ended_at": ended.isoformat(),
            "people_met": rng.choice(self.met) if self.met else "",
            "summary": summary or rng.choice(self.topics) + "。",
            "findings": findings or [], "resolved_on_spot": follow_up is None,
            "follow_up_date": follow_up.isoformat() if follow_up else None,
            "photos": [], "awaiting_media": [],
        }
        visit_id = new_id()
        rec = new_record("visit", visit_id, self.h.grid_id, self.h.id, data, visitor)
        rec.created_at = local_iso(ended + timedelta(minutes=rng.randint(0, 5)))
        self.store.put(rec)
        if rng.random() < 0.02:
            self._amend(visit_id, data, ended)
        return data

    def _amend(self, visit_id: str, data: dict[str, Any], ended: datetime) -> None:
        if len(self.met) > 1 and self.rng.random() < 0.5:
            reason, changes = "补充见面人员", {"people_met": "、".join(self.met[:2])}
        else:
            reason, changes = "补充走访情况", {"summary": data["summary"][:-1] + "，已告知村委会。"}
        author = data["visitor"]
        amendment = {"visit_id": visit_id, "author": author, "reason": reason,
                     "changes": changes}
        rec = new_record("visit_amendment", new_id(), self.h.grid_id, visit_id, amendment,
                         author)
        later = ended + timedelta(hours=self.rng.randint(2, 30))  # corrected the day after
        rec.created_at = local_iso(min(later, datetime.now()))
        self.store.put(rec)

    def finding(self, day: date) -> tuple[list[dict[str, str]], date | None]:
        kind = self.rng.choice(sorted(FINDINGS))
        text = self.rng.choice(FINDINGS[kind])
        follow = day + timedelta(days=self.rng.randint(3, 14)) if self.rng.random() < 0.5 else None
        return [{"kind": kind, "text": text}], follow


def add_visits(store: Store, rng: random.Random, households: list[DemoHousehold],
               workers_of: dict[str, list[str]], today: date) -> None:
    """Visits (and a few amendments) for ``households``, by the workers of their grids."""
    yesterday = today - timedelta(days=1)
    for h in households:
        care = {c for p in h.people for c in p["care_categories"]}
        interval = interval_days(care, h.tags)
        writer = _Writer(store, rng, h, workers_of[h.grid_id], today)
        pending: tuple[date, dict[str, str]] | None = None  # a follow-up not yet made
        for day in _visit_days(rng, h, interval, today):
            if pending is not None and pending[0] <= day:
                back = min(pending[0], yesterday)
                outcome = rng.choice(FOLLOW_UPS)
                writer.visit(back, visit_type="return_visit",
                             summary=f"回访：{pending[1]['text']}，{outcome}。")
                pending = None
                if back == day:
                    continue
            findings: list[dict[str, str]] = []
            follow: date | None = None
            if writer.met and rng.random() < 0.08:
                findings, follow = writer.finding(day)
            writer.visit(day, findings=findings, follow_up=follow)
            if follow is not None:
                pending = (follow, findings[0])
