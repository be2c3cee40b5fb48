"""How often a household must be visited, and whether it is due (走访频次).

Typical local rules, configurable per deployment (:meth:`VisitFrequencyPolicy.from_mapping`):

- high-risk elderly (独居, 失能): weekly, and within 24 hours of a major change;
- other care categories and monthly-managed households (低保户, 五保户 …): monthly;
- ordinary households: quarterly (some places use twice a year: set ``ordinary_days`` to 182).

Choices, and why:

- Intervals are whole days, not calendar months: "monthly" is 30 days, "quarterly" 90. Plain
  integers are easy to configure and explain, and a due date never jumps with month length.
- Where several rules apply, the shortest interval wins: a household is as urgent as its most
  vulnerable member.
- A household never visited is due from the moment it entered the roster (its registration
  time: a new household should be visited) and overdue once its interval has passed since
  then, exactly as if it had been visited when it was registered: its due date is
  registration + interval, and :meth:`~VisitFrequencyPolicy.due_state` reports it at least
  ``DUE_SOON`` (never ``OK``) until then and ``OVERDUE`` after. "Never visited" is a fact
  shown next to the state (``last_visit is None``), not a state of its own: a household
  registered years ago and never visited is overdue like any other. With no registration
  time either, :meth:`~VisitFrequencyPolicy.next_due` returns ``None``, meaning "due now",
  which counts as overdue.
- A major change (hospital stay, bereavement, …) only shortens the deadline of high-risk
  households (those with a weekly care category), and only if it happened after the last
  visit: a visit after the change already covered it.
- Datetimes are naive local time throughout the app (the worker's wall clock; there is one
  time zone in practice). Aware datetimes work too, as long as all arguments are aware;
  mixing the two raises ``TypeError`` with a clear message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from .codes import UnknownCode
from .errors import ValidationError
from .vocab import CareCategory, HouseholdTag, VisitDueState

__all__ = ["DEFAULT_POLICY", "VisitFrequencyPolicy"]

_HIGH_RISK = frozenset({CareCategory.ELDERLY_ALONE, CareCategory.INCAPACITATED})
_INT_FIELDS: dict[str, int] = {  # field -> smallest allowed value
    "weekly_days": 1,
    "monthly_days": 1,
    "ordinary_days": 1,
    "due_soon_days": 0,
    "major_change_hours": 1,
}
_MAX_DAYS = 3660  # ten years: anything longer is a typo, not a policy


def _config_error(key: str, message: str) -> ValidationError:
    return ValidationError(
        f"走访频次配置项 {key} 无效：{message}", code="frequency_config_invalid", field=key
    )


@dataclass(frozen=True)
class VisitFrequencyPolicy:
    """Per-deployment visit-frequency rules. Plain data; see the module docstring for choices.

    ``weekly_categories`` are the high-risk care categories (visited every ``weekly_days`` and
    within ``major_change_hours`` of a major change). ``monthly_categories`` and
    ``monthly_tags`` are visited every ``monthly_days``; every other household every
    ``ordinary_days``. ``due_soon_days`` before the due time a household turns ``DUE_SOON``.
    """

    weekly_categories: frozenset[CareCategory] = _HIGH_RISK
    monthly_categories: frozenset[CareCategory] = field(
        default_factory=lambda: frozenset(CareCategory) - _HIGH_RISK
    )
    monthly_tags: frozenset[HouseholdTag] = field(default_factory=lambda: frozenset(HouseholdTag))
    weekly_days: int = 7
    monthly_days: int = 30
    ordinary_days: int = 90
    due_soon_days: int = 3
    major_change_hours: int = 24

    def __post_init__(self) -> None:
        for name, vocab in (
            ("weekly_categories", CareCategory),
            ("monthly_categories", CareCategory),
            ("monthly_tags", HouseholdTag),
        ):
            value = getattr(self, name)
            if isinstance(value, str | bytes) or not isinstance(value, Iterable):
                raise _config_error(name, "应为列表")
            members = frozenset(_member(vocab, name, item) for item in value)
            object.__setattr__(self, name, members)
        for name, minimum in _INT_FIELDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise _config_error(name, f"应为整数，当前为 {value!r}")
            limit = _MAX_DAYS * 24 if name == "major_change_hours" else _MAX_DAYS
            if not minimum <= value <= limit:
                raise _config_error(name, f"应在 {minimum}–{limit} 之间，当前为 {value}")

    # -- configuration -----------------------------------------------------------------------

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> VisitFrequencyPolicy:
        """Build a policy from JSON-like config; missing keys keep their defaults.

        Category and tag lists hold the stored codes (``"elderly_alone"``, ``"five_guarantees"``).
        Unknown keys and bad values raise ``ValidationError(code="frequency_config_invalid")``
        naming the key, so a typo in a deployment file is caught at start-up, not ignored.
        """
        if not isinstance(mapping, Mapping):
            raise ValidationError(
                "走访频次配置应为键值对象", code="frequency_config_invalid", field=None
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in mapping if k not in known)
        if unknown:
            raise _config_error(
                ", ".join(unknown), f"未知配置项（可用：{', '.join(sorted(known))}）"
            )
        return cls(**dict(mapping))

    def to_mapping(self) -> dict[str, Any]:
        """The policy as JSON-able data (sorted code lists, ints); inverse of from_mapping."""
        return {
            "weekly_categories": sorted(str(c) for c in self.weekly_categories),
            "monthly_categories": sorted(str(c) for c in self.monthly_categories),
            "monthly_tags": sorted(str(t) for t in self.monthly_tags),
            "weekly_days": self.weekly_days,
            "monthly_days": self.monthly_days,
            "ordinary_days": self.ordinary_days,
            "due_soon_days": self.due_soon_days,
            "major_change_hours": self.major_change_hours,
        }

    # -- rules -------------------------------------------------------------------------------

    def is_high_risk(self, care_categories: Iterable[CareCategory | UnknownCode]) -> bool:
        """Whether any of the categories is visited weekly (and after major changes)."""
        return not self.weekly_categories.isdisjoint(care_categories)

    def interval_for(
        self,
        care_categories: Iterable[CareCategory | UnknownCode],
        household_tags: Iterable[HouseholdTag | UnknownCode],
    ) -> timedelta:
        """The shortest visiting interval that applies to a household."""
        categories = frozenset(care_categories)
        days = [self.ordinary_days]
        if not self.weekly_categories.isdisjoint(categories):
            days.append(self.weekly_days)
        if not self.monthly_categories.isdisjoint(categories):
            days.append(self.monthly_days)
        if not self.monthly_tags.isdisjoint(household_tags):
            days.append(self.monthly_days)
        return timedelta(days=min(days))

    def next_due(
        self,
        *,
        care_categories: Iterable[CareCategory | UnknownCode],
        household_tags: Iterable[HouseholdTag | UnknownCode],
        last_visit: datetime | None,
        registered_at: datetime | None,
        last_major_change: datetime | None = None,
    ) -> datetime | None:
        """When the household must next be visited; ``None`` means "now, no date to show".

        ``last_visit`` + interval; for a household never visited ``registered_at`` + interval
        (``None`` without a registration time). Brought forward to ``last_major_change`` +
        ``major_change_hours`` for a high-risk household whose major change came after the
        last visit (any change, for one never visited).
        """
        categories = frozenset(care_categories)
        _same_kind(last_visit, registered_at, last_major_change)
        since = registered_at if last_visit is None else last_visit
        due = None if since is None else since + self.interval_for(categories, household_tags)
        if (
            due is not None
            and last_major_change is not None
            and self.is_high_risk(categories)
            and (last_visit is None or last_major_change > last_visit)
        ):
            due = min(due, last_major_change + timedelta(hours=self.major_change_hours))
        return due

    def due_state(
        self, next_due: datetime | None, last_visit: datetime | None, now: datetime
    ) -> VisitDueState:
        """``OVERDUE`` once ``now`` is past ``next_due``; ``DUE_SOON`` from ``due_soon_days``
        before it up to the due time itself, and for a household never visited
        (``last_visit=None``) from the day it was registered; else ``OK``.

        ``next_due=None`` ("due now") counts as overdue.
        """
        if next_due is None:
            return VisitDueState.OVERDUE
        _same_kind(next_due, now, last_visit)
        if now > next_due:
            return VisitDueState.OVERDUE
        if last_visit is None or next_due - now <= timedelta(days=self.due_soon_days):
            return VisitDueState.DUE_SOON
        return VisitDueState.OK


def _member(vocab: type[CareCategory] | type[HouseholdTag], key: str, item: Any) -> Any:
    try:
        return vocab(item)
    except ValueError:
        codes = ", ".join(m.value for m in vocab)
        raise _config_error(key, f"未知代码 {item!r}（可用：{codes}）") from None


def _same_kind(*values: datetime | None) -> None:
    """Refuse to mix naive and aware datetimes with a message that says so.

    On the household list's hot path (twice per household), hence a plain loop.
    """
    naive: bool | None = None
    for value in values:
        if value is None:
            continue
        this = value.tzinfo is None
        if naive is None:
            naive = this
        elif this is not naive:
            raise TypeError(
                "naive and timezone-aware datetimes mixed; gridworker uses naive local time"
            )


DEFAULT_POLICY = VisitFrequencyPolicy()
"""The typical rules from the domain notes; deployments override them via ``from_mapping``."""
