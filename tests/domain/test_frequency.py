"""Visit-frequency rules: intervals, due dates, major changes, due states, configuration."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridworker.domain.errors import ValidationError
from gridworker.domain.frequency import DEFAULT_POLICY, VisitFrequencyPolicy
from gridworker.domain.vocab import CareCategory, HouseholdTag, VisitDueState

C = CareCategory
T = HouseholdTag
P = DEFAULT_POLICY
NOW = datetime(2025, 6, 1, 9, 30)
DAY = timedelta(days=1)


def due(**kwargs) -> datetime | None:
    kwargs.setdefault("care_categories", ())
    kwargs.setdefault("household_tags", ())
    kwargs.setdefault("registered_at", datetime(2024, 1, 1))
    return P.next_due(**kwargs)


# -- defaults and intervals --------------------------------------------------------------------


def test_defaults() -> None:
    assert P.weekly_categories == {C.ELDERLY_ALONE, C.INCAPACITATED}
    assert P.monthly_categories == set(C) - {C.ELDERLY_ALONE, C.INCAPACITATED}
    assert P.monthly_tags == set(T)
    assert (P.weekly_days, P.monthly_days, P.ordinary_days) == (7, 30, 90)
    assert P.due_soon_days == 3
    assert P.major_change_hours == 24
    assert VisitFrequencyPolicy() == P


@pytest.mark.parametrize("category", [C.ELDERLY_ALONE, C.INCAPACITATED])
def test_high_risk_weekly(category: CareCategory) -> None:
    assert P.interval_for([category], []) == timedelta(days=7)
    assert P.is_high_risk([category])


@pytest.mark.parametrize("category", sorted(set(C) - {C.ELDERLY_ALONE, C.INCAPACITATED}))
def test_other_categories_monthly(category: CareCategory) -> None:
    assert P.interval_for([category], []) == timedelta(days=30)
    assert not P.is_high_risk([category])


@pytest.mark.parametrize("tag", list(T))
def test_tagged_households_monthly(tag: HouseholdTag) -> None:
    assert P.interval_for([], [tag]) == timedelta(days=30)


def test_ordinary_quarterly() -> None:
    assert P.interval_for([], []) == timedelta(days=90)


def test_shortest_interval_wins() -> None:
    assert P.interval_for([C.DISABLED, C.ELDERLY_ALONE], [T.FIVE_GUARANTEES]) == 7 * DAY
    assert P.interval_for([C.DISABLED], [T.FIVE_GUARANTEES]) == 30 * DAY


def test_accepts_any_iterable_including_generators() -> None:
    assert P.interval_for((c for c in [C.INCAPACITATED]), iter([T.EXTREME_POVERTY])) == 7 * DAY
    assert due(care_categories=(c for c in [C.ELDERLY_ALONE]), last_visit=NOW) == NOW + 7 * DAY


@given(
    st.frozensets(st.sampled_from(list(C))),
    st.frozensets(st.sampled_from(list(T))),
)
def test_interval_is_one_of_the_configured(cats: frozenset, tags: frozenset) -> None:
    interval = P.interval_for(cats, tags)
    assert interval in {7 * DAY, 30 * DAY, 90 * DAY}
    # Adding a category or tag can only make visits more frequent.
    assert P.interval_for(cats | {C.ELDERLY_ALONE}, tags) <= interval
    assert P.interval_for(cats, tags | {T.MINIMUM_ALLOWANCE}) <= interval


# -- next_due ----------------------------------------------------------------------------------


def test_regular_due_after_last_visit() -> None:
    last = datetime(2025, 5, 1, 10, 0)
    assert due(last_visit=last) == last + 90 * DAY
    assert due(last_visit=last, household_tags=[T.MINIMUM_ALLOWANCE]) == last + 30 * DAY
    assert due(last_visit=last, care_categories=[C.ELDERLY_ALONE]) == last + 7 * DAY


def test_never_visited_is_due_one_interval_after_registration() -> None:
    registered = datetime(2025, 5, 20, 8, 0)
    assert due(last_visit=None, registered_at=registered) == registered + 90 * DAY
    weekly = due(care_categories=[C.ELDERLY_ALONE], last_visit=None, registered_at=registered)
    assert weekly == registered + 7 * DAY
    tagged = due(household_tags=[T.FIVE_GUARANTEES], last_visit=None, registered_at=registered)
    assert tagged == registered + 30 * DAY


def test_never_visited_without_registration_is_due_now() -> None:
    assert due(last_visit=None, registered_at=None) is None


def test_major_change_after_visit_brings_high_risk_due_forward() -> None:
    last = datetime(2025, 5, 30, 10, 0)
    change = datetime(2025, 5, 31, 18, 0)
    got = due(care_categories=[C.ELDERLY_ALONE], last_visit=last, last_major_change=change)
    assert got == change + timedelta(hours=24)


def test_major_change_never_postpones() -> None:
    last = datetime(2025, 5, 30, 10, 0)
    change = last + 6 * DAY + timedelta(hours=23)  # change + 24 h is after the weekly due
    got = due(care_categories=[C.INCAPACITATED], last_visit=last, last_major_change=change)
    assert got == last + 7 * DAY


def test_major_change_before_or_at_last_visit_is_covered() -> None:
    last = datetime(2025, 5, 30, 10, 0)
    for change in (last - DAY, last):
        got = due(care_categories=[C.ELDERLY_ALONE], last_visit=last, last_major_change=change)
        assert got == last + 7 * DAY


def test_major_change_ignored_for_households_that_are_not_high_risk() -> None:
    last = datetime(2025, 5, 30, 10, 0)
    change = last + DAY
    got = due(care_categories=[C.DISABLED], last_visit=last, last_major_change=change)
    assert got == last + 30 * DAY


def test_major_change_on_never_visited_household() -> None:
    registered = datetime(2025, 5, 1)
    change = datetime(2025, 5, 31, 12, 0)
    got = due(
        care_categories=[C.ELDERLY_ALONE],
        last_visit=None,
        registered_at=registered,
        last_major_change=change,
    )
    assert got == registered + 7 * DAY  # a week after registration, long before the change
    got = due(
        care_categories=[C.ELDERLY_ALONE],
        last_visit=None,
        registered_at=change + DAY * 3,  # registered after the change
        last_major_change=change,
    )
    assert got == change + timedelta(hours=24)
    got = due(
        care_categories=[C.ELDERLY_ALONE],
        last_visit=None,
        registered_at=None,
        last_major_change=change,
    )
    assert got is None  # "due now" is already earlier than any deadline


def test_configured_major_change_window() -> None:
    policy = VisitFrequencyPolicy(major_change_hours=12)
    last = datetime(2025, 5, 30, 10, 0)
    change = last + DAY
    got = policy.next_due(
        care_categories=[C.ELDERLY_ALONE],
        household_tags=[],
        last_visit=last,
        registered_at=None,
        last_major_change=change,
    )
    assert got == change + timedelta(hours=12)


def test_aware_datetimes_work_when_all_are_aware() -> None:
    tz = timezone(timedelta(hours=8))
    last = datetime(2025, 5, 30, 10, 0, tzinfo=tz)
    change = datetime(2025, 5, 31, 2, 0, tzinfo=UTC)  # 10:00 +08:00, a day after the visit
    got = due(
        care_categories=[C.ELDERLY_ALONE],
        last_visit=last,
        registered_at=None,
        last_major_change=change,
    )
    assert got == change + timedelta(hours=24)
    assert P.due_state(got, last, datetime(2025, 6, 1, 11, 0, tzinfo=tz)) is VisitDueState.OVERDUE


def test_mixing_naive_and_aware_is_a_clear_type_error() -> None:
    aware = datetime(2025, 5, 30, 10, 0, tzinfo=UTC)
    with pytest.raises(TypeError, match="naive"):
        due(last_visit=aware, registered_at=datetime(2024, 1, 1))
    with pytest.raises(TypeError, match="naive"):
        P.due_state(aware, NOW, NOW)


@given(
    cats=st.frozensets(st.sampled_from(list(C))),
    tags=st.frozensets(st.sampled_from(list(T))),
    last=st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1)),
    change_offset=st.none() | st.timedeltas(-30 * DAY, 120 * DAY),
)
def test_due_is_never_later_than_regular_and_never_before_visit(
    cats: frozenset, tags: frozenset, last: datetime, change_offset: timedelta | None
) -> None:
    change = None if change_offset is None else last + change_offset
    got = P.next_due(
        care_categories=cats,
        household_tags=tags,
        last_visit=last,
        registered_at=None,
        last_major_change=change,
    )
    assert got is not None
    assert last < got <= last + P.interval_for(cats, tags)


# -- due_state ---------------------------------------------------------------------------------


def _never_visited_state(registered: datetime, **kwargs) -> VisitDueState:
    next_due = due(last_visit=None, registered_at=registered, **kwargs)
    return P.due_state(next_due, None, NOW)


def test_never_visited_is_due_from_registration_and_overdue_after_its_window() -> None:
    # Due (never OK) from the day it entered the roster ...
    assert _never_visited_state(NOW) is VisitDueState.DUE_SOON
    assert _never_visited_state(NOW - 89 * DAY) is VisitDueState.DUE_SOON
    assert _never_visited_state(NOW - 5 * DAY, care_categories=[C.ELDERLY_ALONE]) is (
        VisitDueState.DUE_SOON
    )
    # ... and overdue once its interval has passed, like a visited household.
    assert _never_visited_state(NOW - 91 * DAY) is VisitDueState.OVERDUE
    assert _never_visited_state(NOW - 8 * DAY, care_categories=[C.ELDERLY_ALONE]) is (
        VisitDueState.OVERDUE
    )
    assert _never_visited_state(NOW - 31 * DAY, household_tags=[T.MINIMUM_ALLOWANCE]) is (
        VisitDueState.OVERDUE
    )


def test_never_visited_for_years_is_overdue() -> None:
    registered = NOW - 3 * 365 * DAY
    next_due = due(last_visit=None, registered_at=registered)
    assert next_due is not None and next_due < NOW
    assert P.due_state(next_due, None, NOW) is VisitDueState.OVERDUE


def test_never_visited_without_a_registration_time_counts_as_overdue() -> None:
    assert P.due_state(None, None, NOW) is VisitDueState.OVERDUE


def test_never_visited_is_due_exactly_like_a_household_visited_at_registration() -> None:
    """The same due date and the same state, except that it is never OK: a first visit is
    always wanted."""
    for days in (0, 2, 10, 40, 89, 90, 91, 400):
        registered = NOW - days * DAY
        for cats in ([], [C.ELDERLY_ALONE], [C.DISABLED]):
            never = due(care_categories=cats, last_visit=None, registered_at=registered)
            visited = due(care_categories=cats, last_visit=registered, registered_at=registered)
            assert never == visited
            state = P.due_state(visited, registered, NOW)
            expected = VisitDueState.DUE_SOON if state is VisitDueState.OK else state
            assert P.due_state(never, None, NOW) is expected


def test_no_state_means_never_visited() -> None:
    assert {s.value for s in VisitDueState} == {"overdue", "due_soon", "ok"}


@pytest.mark.parametrize(
    ("next_due", "expected"),
    [
        (NOW - timedelta(seconds=1), VisitDueState.OVERDUE),
        (NOW - 10 * DAY, VisitDueState.OVERDUE),
        (NOW, VisitDueState.DUE_SOON),
        (NOW + DAY, VisitDueState.DUE_SOON),
        (NOW + 3 * DAY, VisitDueState.DUE_SOON),
        (NOW + 3 * DAY + timedelta(seconds=1), VisitDueState.OK),
        (NOW + 60 * DAY, VisitDueState.OK),
    ],
)
def test_states(next_due: datetime, expected: VisitDueState) -> None:
    assert P.due_state(next_due, NOW - 30 * DAY, NOW) is expected


def test_visited_but_no_due_date_counts_as_overdue() -> None:
    assert P.due_state(None, NOW - DAY, NOW) is VisitDueState.OVERDUE


def test_due_soon_window_is_configurable() -> None:
    policy = VisitFrequencyPolicy(due_soon_days=0)
    assert policy.due_state(NOW + DAY, NOW - DAY, NOW) is VisitDueState.OK
    assert policy.due_state(NOW, NOW - DAY, NOW) is VisitDueState.DUE_SOON


def test_end_to_end_weekly_household() -> None:
    last = NOW - 5 * DAY
    nd = due(care_categories=[C.ELDERLY_ALONE], last_visit=last)
    assert P.due_state(nd, last, NOW) is VisitDueState.DUE_SOON
    assert P.due_state(nd, last, NOW + 3 * DAY) is VisitDueState.OVERDUE
    assert P.due_state(nd, last, NOW - 2 * DAY) is VisitDueState.OK


# -- configuration -----------------------------------------------------------------------------


def test_to_mapping_is_json_and_round_trips() -> None:
    data = P.to_mapping()
    assert json.loads(json.dumps(data)) == data
    assert data["weekly_categories"] == ["elderly_alone", "incapacitated"]
    assert data["ordinary_days"] == 90
    assert VisitFrequencyPolicy.from_mapping(data) == P


def test_from_mapping_partial_keeps_defaults() -> None:
    policy = VisitFrequencyPolicy.from_mapping({"ordinary_days": 182})
    assert policy.ordinary_days == 182
    assert policy.weekly_categories == P.weekly_categories
    assert policy.interval_for([], []) == 182 * DAY


def test_from_mapping_custom_categories() -> None:
    policy = VisitFrequencyPolicy.from_mapping(
        {
            "weekly_categories": ["elderly_alone", "incapacitated", "left_behind_child"],
            "monthly_categories": ["disabled"],
            "monthly_tags": [],
        }
    )
    assert policy.interval_for([C.LEFT_BEHIND_CHILD], []) == 7 * DAY
    assert policy.is_high_risk([C.LEFT_BEHIND_CHILD])
    assert policy.interval_for([C.ENTITLED], [T.MINIMUM_ALLOWANCE]) == 90 * DAY
    assert isinstance(policy.weekly_categories, frozenset)
    assert all(isinstance(c, CareCategory) for c in policy.weekly_categories)


def test_constructor_coerces_codes_and_lists() -> None:
    policy = VisitFrequencyPolicy(weekly_categories=["elderly_alone"])  # type: ignore[arg-type]
    assert policy.weekly_categories == frozenset({C.ELDERLY_ALONE})
    assert hash(policy) == hash(
        VisitFrequencyPolicy(weekly_categories=frozenset([C.ELDERLY_ALONE]))
    )


@pytest.mark.parametrize(
    ("mapping", "field", "fragment"),
    [
        ({"weekly_dayz": 7}, "weekly_dayz", "未知配置项"),
        ({"weekly_days": 0}, "weekly_days", "1–3660"),
        ({"weekly_days": -7}, "weekly_days", "当前为 -7"),
        ({"monthly_days": "30"}, "monthly_days", "应为整数"),
        ({"ordinary_days": 90.5}, "ordinary_days", "应为整数"),
        ({"ordinary_days": True}, "ordinary_days", "应为整数"),
        ({"ordinary_days": 100000}, "ordinary_days", "1–3660"),
        ({"due_soon_days": -1}, "due_soon_days", "0–3660"),
        ({"major_change_hours": 0}, "major_change_hours", "1–87840"),
        ({"weekly_categories": ["lonely"]}, "weekly_categories", "未知代码 'lonely'"),
        ({"weekly_categories": "elderly_alone"}, "weekly_categories", "应为列表"),
        ({"monthly_tags": ["elderly_alone"]}, "monthly_tags", "未知代码"),
        ({"monthly_tags": None}, "monthly_tags", "应为列表"),
        ({"monthly_categories": [["nested"]]}, "monthly_categories", "未知代码"),
    ],
)
def test_from_mapping_rejects_bad_config(mapping: dict, field: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        VisitFrequencyPolicy.from_mapping(mapping)
    err = info.value
    assert err.code == "frequency_config_invalid"
    assert err.field == field
    assert field in err.message
    assert fragment in err.message


def test_from_mapping_rejects_non_mapping() -> None:
    with pytest.raises(ValidationError) as info:
        VisitFrequencyPolicy.from_mapping(["weekly_days", 7])  # type: ignore[arg-type]
    assert info.value.code == "frequency_config_invalid"


def test_overlapping_categories_take_the_shorter_interval() -> None:
    policy = VisitFrequencyPolicy.from_mapping(
        {"weekly_categories": ["disabled"], "monthly_categories": ["disabled"]}
    )
    assert policy.interval_for([C.DISABLED], []) == 7 * DAY


@given(
    weekly=st.frozensets(st.sampled_from(list(C))),
    monthly=st.frozensets(st.sampled_from(list(C))),
    tags=st.frozensets(st.sampled_from(list(T))),
    days=st.tuples(*[st.integers(1, 3660)] * 3),
    soon=st.integers(0, 3660),
    hours=st.integers(1, 87840),
)
def test_mapping_round_trip(weekly, monthly, tags, days, soon, hours) -> None:
    policy = VisitFrequencyPolicy(
        weekly_categories=weekly,
        monthly_categories=monthly,
        monthly_tags=tags,
        weekly_days=days[0],
        monthly_days=days[1],
        ordinary_days=days[2],
        due_soon_days=soon,
        major_change_hours=hours,
    )
    data = json.loads(json.dumps(policy.to_mapping()))
    assert VisitFrequencyPolicy.from_mapping(data) == policy
