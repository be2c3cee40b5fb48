"""Client-generated row identifiers.

UUIDv7 (RFC 9562): 48-bit Unix milliseconds + random bits, so ids sort by creation time and
index well. Python 3.11's ``uuid`` module has no ``uuid7``; the layout is short enough that a
dependency is not worth it.
"""

from __future__ import annotations

import os
import time
import uuid


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
