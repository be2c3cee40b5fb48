"""Row identifiers: UUIDs in canonical text, and UUIDv7 for rows clients and the centre make.

UUIDv7 (RFC 9562): 48-bit Unix milliseconds + random bits, so ids sort by creation time and
index well. Python 3.11's ``uuid`` module has no ``uuid7``; the layout is short enough that a
dependency is not worth it.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from typing import Any, TypeGuard

from .errors import RuleViolation

__all__ = [
    "UUID_PATTERN",
    "check_uuid",
    "is_uuid",
    "is_uuid7",
    "new_id",
    "random_id",
]

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
"""The 8-4-4-4-12 hex shape of a UUID (either case), as the protocol's schemas declare it."""
_UUID = re.compile(UUID_PATTERN)
_UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def new_id() -> str:
    """A new UUIDv7 as a canonical lowercase string."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b (62 bits)
    return str(uuid.UUID(int=value))


def random_id() -> str:
    """A random UUID (version 4): for tokens, sessions and other ids that must not reveal
    when they were made."""
    return str(uuid.uuid4())


def is_uuid(value: Any) -> TypeGuard[str]:
    """Whether ``value`` is text in the UUID shape (any version, either case)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def is_uuid7(value: Any) -> TypeGuard[str]:
    """Whether ``value`` is a canonical (lowercase) version-7 UUID with the RFC variant."""
    return isinstance(value, str) and _UUID7.fullmatch(value) is not None


def check_uuid(value: Any, *, field: str | None = None) -> str:
    """``value`` when :func:`is_uuid`; else :class:`RuleViolation` ``uuid_invalid``."""
    if not is_uuid(value):
        raise RuleViolation("uuid_invalid", field=field)
    return value
