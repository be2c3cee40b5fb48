"""Small helpers shared by the server modules: time stamps. (Ids, strict JSON and every
other rule are the rulebook's, :mod:`gridrules`.)"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO-8601 UTC text with a fixed width, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def now_iso() -> str:
    return iso(utcnow())


def later_iso(seconds: float) -> str:
    return iso(utcnow() + timedelta(seconds=seconds))


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)
