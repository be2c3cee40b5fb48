"""Masking of personal data for screens and paper (GB/T 35273-2020 §7.2, PIPL Art. 51).

Masked values are what lists, cards, receipts and exports show by default; revealing the full
value is a separate, audited act elsewhere. Every function here accepts anything (``None``,
numbers, half-typed input) and never raises: a masking bug must not take a screen down, and
when in doubt it hides more rather than less.
"""

from __future__ import annotations

from typing import Any

from gridrules import RuleViolation
from gridrules.phone import normalize_phone

__all__ = ["mask_citizen_id", "mask_name", "mask_phone"]

STAR = "*"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    try:
        return str(value).strip()
    except Exception:
        return ""


def _keep_ends(value: str, head: int, tail: int) -> str:
    return value[:head] + STAR * (len(value) - head - tail) + value[len(value) - tail :]


def _generic(value: str) -> str:
    """First 2 and last 2 characters for 6 or more characters, otherwise all stars."""
    if len(value) >= 6:
        return _keep_ends(value, 2, 2)
    return STAR * len(value)


def mask_citizen_id(value: Any) -> str:
    """``110105********002X``: keep the address code and the last four, hide the birth date.

    15-digit numbers keep the first 6 and last 3 (``110105******123``); anything else keeps at
    most the first 2 and last 2 characters.
    """
    s = _text(value)
    if len(s) == 18:
        return _keep_ends(s, 6, 4)
    if len(s) == 15:
        return _keep_ends(s, 6, 3)
    return _generic(s)


def mask_phone(value: Any) -> str:
    """``138****5678`` for mobiles; ``0755-******78`` for landlines (area code and last 2 kept).

    The value is normalised first, so ``+86 138 1234 5678`` masks like ``13812345678``. A
    landline's extension is hidden as well. Text that is not a phone number is masked
    generically (first 2 and last 2 of 6+ characters); empty input gives ``""``.
    """
    s = _text(value)
    if not s:
        return ""
    try:
        normal = normalize_phone(s)
    except RuleViolation:
        return _generic(s)
    except Exception:  # pragma: no cover - masking must never raise
        return STAR * len(s)
    if "-" not in normal:
        return _keep_ends(normal, 3, 4)
    area, local, *extension = normal.split("-")
    masked = f"{area}-{_keep_ends(local, 0, 2)}"
    for part in extension:
        masked += "-" + STAR * len(part)
    return masked


def mask_name(value: Any) -> str:
    """``张*丰``, ``王*``, ``欧**娜``: keep the first and (for 3+ characters) the last character.

    A one-character name is fully hidden, since keeping it would show the whole name.
    """
    s = _text(value)
    if len(s) <= 1:
        return STAR * len(s)
    if len(s) == 2:
        return s[0] + STAR
    return _keep_ends(s, 1, 1)
