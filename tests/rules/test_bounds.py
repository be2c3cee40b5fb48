"""Value bounds: finite numbers, coordinates, dates and aware timestamps within 1900–2100."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules import RuleViolation
from gridrules.bounds import (
    CLOCK_SKEW_MAX,
    DATE_MAX,
    DATE_MIN,
    check_date,
    check_latitude,
    check_longitude,
    check_not_future,
    check_number,
    check_timestamp,
    parse_date,
    parse_timestamp,
)


def code_of(check, value, **kw) -> str:
    with pytest.raises(RuleViolation) as info:
        check(value, **kw)
    return info.value.code


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400])
def test_numbers_must_be_finite(value) -> None:
    assert code_of(check_number, value) == "number_not_finite"


@pytest.mark.parametrize("value", [True, "1.5", None, [1]])
def test_numbers_must_be_numbers(value) -> None:
    assert code_of(check_number, value) == "number_type"


def test_number_range() -> None:
    assert check_number(3, minimum=0, maximum=3) == 3.0
    with pytest.raises(RuleViolation) as info:
        check_number(3.5, field="x", minimum=0, maximum=3)
    assert (info.value.code, info.value.field, info.value.params) == (
        "number_out_of_range", "x", {"min": 0, "max": 3})


@given(st.floats(-90, 90), st.floats(-180, 180))
def test_coordinates_inside(lat: float, lon: float) -> None:
    assert check_latitude(lat) == lat and check_longitude(lon) == lon


@pytest.mark.parametrize("lat", [90.000001, -90.5, 180, math.nan, math.inf])
def test_latitude_outside(lat: float) -> None:
    with pytest.raises(RuleViolation) as info:
        check_latitude(lat)
    assert info.value.code == "coordinate_invalid" and info.value.field == "latitude"
    assert info.value.params == {"min": -90.0, "max": 90.0}


@pytest.mark.parametrize("lon", [180.000001, -181, 360, -math.inf])
def test_longitude_outside(lon: float) -> None:
    with pytest.raises(RuleViolation) as info:
        check_longitude(lon)
    assert (info.value.code, info.value.field) == ("coordinate_invalid", "longitude")


def test_date_bounds() -> None:
    assert check_date(DATE_MIN) == date(1900, 1, 1) and check_date(DATE_MAX) == date(2100, 12, 31)
    for outside in (date(1899, 12, 31), date(2101, 1, 1), date(1, 1, 1), date(9999, 12, 31)):
        assert code_of(check_date, outside) == "date_out_of_range"
    assert code_of(check_date, datetime(2000, 1, 1)) == "date_type"
    assert parse_date("1950-03-02") == date(1950, 3, 2)
    assert code_of(parse_date, "1899-12-31") == "date_out_of_range"
    assert code_of(parse_date, "2101-01-01") == "date_out_of_range"
    assert code_of(parse_date, "1950-02-30") == "date_invalid"


def test_timestamps_must_be_aware() -> None:
    assert code_of(check_timestamp, datetime(2026, 1, 1, 8, 0)) == "timestamp_naive"
    assert code_of(parse_timestamp, "2026-01-01T08:00:00") == "timestamp_naive"
    aware = parse_timestamp("2026-01-01T08:00:00+08:00")
    assert aware == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["1899-12-31T23:59:59+00:00", "2101-01-01T00:00:00+00:00",
                                  "1900-01-01T07:59:59+08:00", "0001-01-01T00:00:00+00:00"])
def test_timestamps_outside_1900_2100(text: str) -> None:
    assert code_of(parse_timestamp, text) == "timestamp_out_of_range"


def test_a_recorded_time_may_lead_the_receivers_clock_only_by_the_skew() -> None:
    now = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    east = timezone(timedelta(hours=8))
    assert check_not_future(now + CLOCK_SKEW_MAX, now) == now + CLOCK_SKEW_MAX
    assert check_not_future(datetime(2026, 11, 21, 16, 5, tzinfo=east), now)  # 08:05 UTC
    assert check_not_future(datetime(1900, 1, 1, tzinfo=UTC), now)
    with pytest.raises(RuleViolation) as info:
        check_not_future(now + CLOCK_SKEW_MAX + timedelta(seconds=1), now, field="created_at")
    assert info.value.code == "timestamp_in_future" and info.value.field == "created_at"
    assert info.value.params == {"max_skew_seconds": int(CLOCK_SKEW_MAX.total_seconds())}


def test_timestamps_at_the_edges() -> None:
    assert check_timestamp(datetime(1900, 1, 1, 8, tzinfo=timezone(timedelta(hours=8))))
    assert check_timestamp(datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC))
    assert code_of(parse_timestamp, "yesterday") == "timestamp_invalid"
    assert code_of(check_timestamp, date(2026, 1, 1)) == "timestamp_type"
