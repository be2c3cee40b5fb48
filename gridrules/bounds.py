"""Bounds for every value kind the protocol carries; documented in docs/sync-protocol.md
("Value bounds"). The client's forms, the centre's push checks and its roster import use
these same numbers.

Text lengths count characters (code points), not bytes. Short texts are names, door numbers,
addresses, phones and codes (a field may have a lower limit of its own, never a higher one);
long texts are summaries, notes and reasons.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from .errors import RuleViolation

T = TypeVar("T")

__all__ = [
    "CLOCK_SKEW_MAX",
    "DATE_MAX",
    "DATE_MIN",
    "LATITUDE_MAX",
    "LONGITUDE_MAX",
    "LONG_TEXT_MAX",
    "SHORT_TEXT_MAX",
    "TIMESTAMP_MAX",
    "TIMESTAMP_MIN",
    "check_date",
    "check_latitude",
    "check_longitude",
    "check_not_future",
    "check_number",
    "check_timestamp",
    "parse_date",
    "parse_timestamp",
]

SHORT_TEXT_MAX = 200
"""Longest short text (the longest field a form has today: 详细地址, 见到的人)."""
LONG_TEXT_MAX = 5000
"""Longest long text (走访摘要, 备注, amendment reasons)."""

LATITUDE_MAX = 90.0
"""Latitude lies in [-90, 90] degrees (WGS-84 / GCJ-02 alike)."""
LONGITUDE_MAX = 180.0
"""Longitude lies in [-180, 180] degrees."""

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
TIMESTAMP_MIN = datetime(1900, 1, 1, tzinfo=UTC)
TIMESTAMP_MAX = datetime(2100, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
CLOCK_SKEW_MAX = timedelta(minutes=10)
"""How far a laptop's clock may run ahead of the centre's: a time a worker recorded (a
visit's, an amendment's) lies at most this far after the moment the centre receives it."""


def check_number(
    value: Any, *, field: str | None = None, minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    """``value`` as a float when it is a finite int or float within [minimum, maximum].

    Codes: ``number_type`` (not a number; ``bool`` is not one either), ``number_not_finite``
    (NaN, ±Infinity), ``number_out_of_range`` (params ``min``, ``max``).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleViolation("number_type", field=field)
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        raise RuleViolation("number_not_finite", field=field) from None
    if not math.isfinite(number):
        raise RuleViolation("number_not_finite", field=field)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise RuleViolation(
            "number_out_of_range", field=field, params={"min": minimum, "max": maximum}
        )
    return number


def _coordinate(value: Any, field: str, limit: float) -> float:
    try:
        return check_number(value, field=field, minimum=-limit, maximum=limit)
    except RuleViolation:
        raise RuleViolation(
            "coordinate_invalid", field=field, params={"min": -limit, "max": limit}
        ) from None


def check_latitude(value: Any, *, field: str = "latitude") -> float:
    """A finite latitude in [-90, 90]; else ``coordinate_invalid`` (params ``min``, ``max``)."""
    return _coordinate(value, field, LATITUDE_MAX)


def check_longitude(value: Any, *, field: str = "longitude") -> float:
    """A finite longitude in [-180, 180]; else ``coordinate_invalid``."""
    return _coordinate(value, field, LONGITUDE_MAX)


def check_date(value: Any, *, field: str | None = None) -> date:
    """A ``date`` (not a datetime) within [DATE_MIN, DATE_MAX].

    Codes: ``date_type``, ``date_out_of_range`` (params ``min``, ``max`` as ISO text).
    """
    if isinstance(value, datetime) or not isinstance(value, date):
        raise RuleViolation("date_type", field=field)
    if not DATE_MIN <= value <= DATE_MAX:
        raise RuleViolation("date_out_of_range", field=field, params=_range(DATE_MIN, DATE_MAX))
    return value


def parse_date(text: Any, *, field: str | None = None) -> date:
    """An ISO date ``YYYY-MM-DD`` within bounds; ``date_invalid`` for other text."""
    return check_date(_from_iso(text, date.fromisoformat, "date_invalid", field), field=field)


def check_timestamp(value: Any, *, field: str | None = None) -> datetime:
    """A time-zone aware ``datetime`` within [TIMESTAMP_MIN, TIMESTAMP_MAX].

    Codes: ``timestamp_type``, ``timestamp_naive`` (no UTC offset: the moment is unknown),
    ``timestamp_out_of_range`` (params ``min``, ``max``).
    """
    if not isinstance(value, datetime):
        raise RuleViolation("timestamp_type", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise RuleViolation("timestamp_naive", field=field)
    try:
        inside = TIMESTAMP_MIN <= value <= TIMESTAMP_MAX
    except OverflowError:  # pragma: no cover - comparisons at datetime.min/max with offsets
        inside = False
    if not inside:
        raise RuleViolation(
            "timestamp_out_of_range", field=field, params=_range(TIMESTAMP_MIN, TIMESTAMP_MAX)
        )
    return value


def check_not_future(
    value: datetime, now: datetime, *, field: str | None = None,
    skew: timedelta = CLOCK_SKEW_MAX,
) -> datetime:
    """An aware ``value`` that is not after ``now`` (aware) by more than ``skew``: a moment
    already recorded cannot lie in the future of whoever receives it.

    Code: ``timestamp_in_future`` (param ``max_skew_seconds``).
    """
    if value > now + skew:
        raise RuleViolation(
            "timestamp_in_future", field=field,
            params={"max_skew_seconds": int(skew.total_seconds())},
        )
    return value


def parse_timestamp(text: Any, *, field: str | None = None) -> datetime:
    """An ISO-8601 timestamp with a UTC offset, within bounds; ``timestamp_invalid`` for text
    that is not one (then the codes of :func:`check_timestamp`)."""
    value = _from_iso(text, datetime.fromisoformat, "timestamp_invalid", field)
    return check_timestamp(value, field=field)


def _from_iso(text: Any, parse: Callable[[str], T], code: str, field: str | None) -> T:
    if not isinstance(text, str):
        raise RuleViolation(code, field=field)
    try:
        return parse(text)
    except ValueError:
        raise RuleViolation(code, field=field) from None


def _range(low: date, high: date) -> dict[str, str]:
    return {"min": low.isoformat(), "max": high.isoformat()}
