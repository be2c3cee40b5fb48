"""Small helpers shared by the server modules: time stamps, JSON text, ids."""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
UUID_RE = re.compile(UUID_PATTERN)
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


def dumps(value: Any) -> str:
    """Compact JSON text as stored and sent (UTF-8, no ASCII escaping)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class NonFiniteNumber(ValueError):
    """NaN, Infinity or -Infinity (or a literal such as 1e999 that only a float overflow can
    hold) where JSON was expected. Python's json module reads and writes them by default;
    they are not JSON and no other JSON reader accepts them."""

    def __init__(self) -> None:
        super().__init__("non-finite number (NaN or Infinity) in JSON")


def _refuse_constant(_: str) -> Any:
    raise NonFiniteNumber()


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999
        raise NonFiniteNumber()
    return value


def loads_strict(data: str | bytes) -> Any:
    """``json.loads`` that refuses non-finite numbers (:class:`NonFiniteNumber`); any other
    malformed input raises ``json.JSONDecodeError`` as usual. Request bodies are read with it."""
    return json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)


def check_finite(value: Any) -> None:
    """Raise :class:`NonFiniteNumber` if ``value`` holds NaN or ±Infinity anywhere."""
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        raise NonFiniteNumber() from None


def new_id() -> str:
    return str(uuid.uuid4())


def uuid7() -> str:
    """A time-ordered UUID (version 7), the id shape clients use for rows."""
    import os
    import time

    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))
