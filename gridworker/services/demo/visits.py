"""Visits 走访: about five months of history per household on its visiting interval, some
overdue, with summaries that fit the people in it, special sweeps, findings and return visits."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from ...domain.entities import Finding, Visit
from ...domain.vocab import CareCategory, FindingKind, PopulationType, VisitType
from .households import VisitPlan
from .people import Draws
from .tables import (
    FINDING_KINDS,
    FINDINGS,
    RETURN_OUTCOMES,
    SEASON_TOPICS,
    SUMMER_CHILD_TOPIC,
    SWEEPS,
    TOPICS,
)

__all__ = ["HISTORY_DAYS", "make_visits"]

HISTORY_DAYS = 150
"""How far back the generated visit history reaches (about five months)."""

_WEEKLY = frozenset({CareCategory.ELDERLY_ALONE, CareCategory.INCAPACITATED})


def _season(day: date) -> str:
    if day.month in (11, 12, 1, 2):
        return "winter"
    if day.month in (6, 7, 8):
        return "summer"
    return "spring" if day.month in (3, 4, 5) else "autumn"


def _weekday_or_earlier(rng: random.Random, day: date) -> date:
    """Workers mostly visit on weekdays: most weekend dates move back to Monday..Friday."""
    if day.weekday() >= 5 and rng.random() < 0.88:
        return day - timedelta(days=day.weekday() - 4 + rng.randint(0, 4))
    return day


def _visit_time(rng: random.Random, day: date) -> datetime:
    if rng.random() < 0.55:
        minutes = rng.randint(8 * 60 + 30, 11 * 60 + 20)
    else:
        minutes = rng.randint(14 * 60, 17 * 60 + 20)
    return datetime.combine(day, time(minutes // 60, minutes % 60))


def make_visits(b: Draws, plans: list[VisitPlan], visitor: str) -> list[Visit]:
    rng = b.rng
    today = b.today
    yesterday = today - timedelta(days=1)
    window_start = today - timedelta(days=HISTORY_DAYS)
    # Two short special sweeps 专项排查 in the window, on a topic that fits the season.
    sweeps: list[tuple[date, date, str]] = []
    for _ in range(2):
        start = today - timedelta(days=rng.randint(7, HISTORY_DAYS - 7))
        season = _season(start)
        topics = SWEEPS.get(season, ())  # "any": all year, added below
        sweeps.append((start, start + timedelta(days=6), rng.choice(topics + SWEEPS["any"])))

    visits: list[Visit] = []
    for plan in plans:
        if plan.moved_out or rng.random() < 0.02:  # gone, or not yet reached (从未走访)
            continue
        interval = plan.interval
        # Some households slip past their due date: a realistic share is overdue.
        overdue = rng.random() < (0.10 if interval <= 7 else 0.18)
        if overdue:
            days_ago = interval + 1 + rng.randint(0, max(2, interval // 2))
        else:
            days_ago = rng.randint(1, max(1, interval - 2))
        dates: list[date] = []
        while True:
            day = _weekday_or_earlier(rng, today - timedelta(days=days_ago))
            if day < window_start or day < plan.registered_at.date():
                break
            if not dates or day < dates[-1]:
                dates.append(day)
            step = interval * rng.uniform(0.75, 1.05)
            if rng.random() < 0.06:
                step += interval  # a missed round
            days_ago += max(1, round(step))
        dates.reverse()
        context = _VisitContext(b, plan)
        follow: tuple[date, Finding] | None = None
        for day in dates:
            if follow is not None and follow[0] < day and follow[0] <= yesterday:
                visits.append(context.return_visit(follow[0], follow[1], visitor))
                follow = None
            visit = context.visit(day, visitor, sweeps)
            visits.append(visit)
            if visit.findings and not visit.resolved_on_spot and visit.follow_up_date:
                follow = (_weekday_or_earlier(rng, visit.follow_up_date), visit.findings[0])
        if follow is not None and follow[0] <= yesterday and follow[0] > dates[-1]:
            visits.append(context.return_visit(follow[0], follow[1], visitor))
    visits.sort(key=lambda v: (v.started_at, v.id))
    return visits


class _VisitContext:
    """What a visit to one household is about, so summaries fit the people in it."""

    def __init__(self, b: Draws, plan: VisitPlan):
        self.b = b
        self.plan = plan
        present = [m for m in plan.people if m.present]
        self.met = [m.name for m in present if b.age(m.birth) >= 16] or [m.name for m in present]
        self.children = any(b.age(m.birth) < 16 for m in present)
        care = {c for m in present for c in m.care}
        topics: list[str] = list(TOPICS["general"])
        self.focus = bool(care & _WEEKLY)
        if plan.vacant:
            topics = list(TOPICS["vacant"])
        elif not present:
            topics = list(TOPICS["away"])
        else:
            if any(b.age(m.birth) >= 60 for m in present):
                topics += TOPICS["elderly"] * 2
            if CareCategory.LEFT_BEHIND_CHILD in care:
                topics += TOPICS["child"] * 2
            if CareCategory.DISABLED in care:
                topics += TOPICS["disabled"]
            if care & {CareCategory.MINIMUM_ALLOWANCE, CareCategory.EXTREME_POVERTY}:
                topics += TOPICS["allowance"]
            if any(m.population_type is PopulationType.MIGRANT for m in present):
                topics += TOPICS["rented"] * 2
        self.topics = topics

    def _times(self, day: date) -> tuple[datetime, datetime]:
        rng = self.b.rng
        started = _visit_time(rng, day)
        return started, started + timedelta(minutes=rng.randint(10, 40))

    def _people_met(self) -> str:
        rng = self.b.rng
        if not self.met:
            return ""
        count = 1 if len(self.met) == 1 or rng.random() < 0.6 else 2
        return "、".join(rng.sample(self.met, count))

    def visit(self, day: date, visitor: str, sweeps: list[tuple[date, date, str]]) -> Visit:
        rng = self.b.rng
        started, ended = self._times(day)
        visit_type = VisitType.ROUTINE
        parts = [rng.choice(self.topics)]
        sweep = next((s for s in sweeps if s[0] <= day <= s[1]), None)
        if sweep is not None and rng.random() < 0.6 and not self.plan.vacant:
            visit_type = VisitType.SPECIAL_SWEEP
            parts = [f"{sweep[2]}，未发现明显隐患" if rng.random() < 0.8 else sweep[2]]
        elif self.focus and rng.random() < 0.4:
            visit_type = VisitType.FOCUS
        season = _season(day)
        if self.met and rng.random() < 0.3:
            if season == "summer" and self.children and rng.random() < 0.5:
                extra = SUMMER_CHILD_TOPIC
            else:
                extra = rng.choice(SEASON_TOPICS[season])
            if extra not in parts:
                parts.append(extra)
        elif self.met and rng.random() < 0.25:
            extra = rng.choice(self.topics)
            if extra not in parts:
                parts.append(extra)
        findings: tuple[Finding, ...] = ()
        resolved = True
        follow_up: date | None = None
        if self.met and rng.random() < 0.07:
            kind = FindingKind(FINDING_KINDS.pick(rng))
            findings = (Finding(kind, rng.choice(FINDINGS[kind])),)
            if rng.random() < 0.45:
                resolved = False
                follow_up = day + timedelta(days=rng.randint(3, 14))
        return Visit(
            id=self.b.uid(),
            household_id=self.plan.household_id,
            visitor=visitor,
            visit_type=visit_type,
            started_at=started,
            ended_at=ended,
            summary="；".join(parts) + "。",
            people_met=self._people_met(),
            findings=findings,
            resolved_on_spot=resolved,
            follow_up_date=follow_up,
            version=1,
            created_at=ended + timedelta(minutes=self.b.rng.randint(0, 5)),
        )

    def return_visit(self, day: date, finding: Finding, visitor: str) -> Visit:
        rng = self.b.rng
        started, ended = self._times(day)
        outcome = rng.choice(RETURN_OUTCOMES)
        return Visit(
            id=self.b.uid(),
            household_id=self.plan.household_id,
            visitor=visitor,
            visit_type=VisitType.RETURN_VISIT,
            started_at=started,
            ended_at=ended,
            summary=f"回访{finding.kind.label}事项：{finding.text}，{outcome}。",
            people_met=self._people_met(),
            version=1,
            created_at=ended + timedelta(minutes=rng.randint(0, 5)),
        )
