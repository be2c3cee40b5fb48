"""The pull cursor: per-grid high-water marks, signed so a client can neither forge nor
edit it.

Wire form: ``base64url(json) + "." + base64url(hmac_sha256(secret, json))``. The JSON is
``{"v": 2, "u": <user id>, "e": <epoch>, "t": [[mark, [[lo, hi], …]], …]}``: grids are named
by their short number (``grids.no``) and grouped by mark as ranges, so a centre admin's cursor
over thousands of grids stays a few dozen bytes when all marks are equal (the usual case). The
user id binds the cursor to its owner: another user's cursor is rejected like a forged one.

The epoch (``meta.cursor_epoch`` of the database that issued it) binds the cursor to one
history of that database: after a backup is restored, ``gridcenter admin new-cursor-epoch``
replaces it and every cursor issued before is ``cursor_invalid`` (``pull.pull`` compares it).
Cursors of version 1 (signed before epochs existed) carry none and are refused too (reason
``no epoch``), rather than taken for the current epoch: otherwise ``new-cursor-epoch`` could
not reach them, and a backup from before the upgrade would be believed like the database that
signed them. The price is one pull from the beginning per client after the upgrade.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections import defaultdict
from dataclasses import dataclass

MAX_CURSOR_CHARS = 8192


VERSION = 2


class CursorInvalid(ValueError):
    """The cursor cannot be used; the message is the reason, for the audit log."""


@dataclass(frozen=True, slots=True)
class Cursor:
    marks: dict[int, int]
    """{grid no: highest seq delivered}."""
    epoch: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _ranges(numbers: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for n in sorted(numbers):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def encode(secret: bytes, user_id: str, marks: dict[int, int], epoch: str) -> str:
    """Sign ``marks`` ({grid no: highest seq delivered}) for ``user_id`` in ``epoch``."""
    groups: dict[int, list[int]] = defaultdict(list)
    for no, mark in marks.items():
        groups[mark].append(no)
    payload = {
        "v": VERSION,
        "u": user_id,
        "e": epoch,
        "t": [[mark, _ranges(nos)] for mark, nos in sorted(groups.items())],
    }
    raw = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    sig = hmac.new(secret, raw, hashlib.sha256).digest()
    return f"{_b64(raw)}.{_b64(sig)}"


def decode(secret: bytes, user_id: str, cursor: str) -> Cursor:
    """The marks and epoch of a cursor, or CursorInvalid if it was not signed by us for
    ``user_id`` (the epoch is the caller's to compare)."""
    if len(cursor) > MAX_CURSOR_CHARS or cursor.count(".") != 1:
        raise CursorInvalid("malformed")
    body, sig = cursor.split(".")
    try:
        raw = _unb64(body)
        given = _unb64(sig)
    except (ValueError, TypeError):
        raise CursorInvalid("malformed") from None
    expected = hmac.new(secret, raw, hashlib.sha256).digest()
    if not hmac.compare_digest(given, expected):
        raise CursorInvalid("bad signature")
    try:
        payload = json.loads(raw)
        if payload.get("u") != user_id:
            raise CursorInvalid("foreign")
        if payload.get("v") == 1:
            raise CursorInvalid("no epoch")
        if payload.get("v") != VERSION:
            raise CursorInvalid("version")
        epoch = payload["e"]
        if not isinstance(epoch, str) or not epoch:
            raise CursorInvalid("malformed")
        marks: dict[int, int] = {}
        for mark, ranges in payload["t"]:
            for lo, hi in ranges:
                if hi - lo > 1_000_000:
                    raise CursorInvalid("range")
                for no in range(int(lo), int(hi) + 1):
                    marks[no] = int(mark)
        return Cursor(marks, epoch)
    except CursorInvalid:
        raise
    except (ValueError, TypeError, KeyError, AttributeError):
        raise CursorInvalid("malformed") from None
