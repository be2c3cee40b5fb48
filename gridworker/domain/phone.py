"""Phone numbers as the client's forms use them.

The rule (mobiles and landlines, normalised forms, extensions) is :mod:`gridrules.phone`,
shared with gridcenter; this module gives its violations the client's error type and words.
"""

from __future__ import annotations

from typing import Any

from gridrules import RuleViolation
from gridrules import phone as _rule

from .errors import ValidationError

__all__ = ["InvalidPhone", "normalize_optional_phone", "normalize_phone"]


class InvalidPhone(ValidationError):
    """A phone number that is neither a valid mobile nor a landline with area code."""

    code = "phone_invalid"

    def __init__(self, message: str, *, code: str = "phone_invalid") -> None:
        super().__init__(message, code=code, field="phone")


def normalize_phone(text: Any) -> str:
    """:func:`gridrules.phone.normalize_phone`; violations raise :class:`InvalidPhone`."""
    try:
        return _rule.normalize_phone(text)
    except RuleViolation as violation:
        raise InvalidPhone.from_violation(violation) from None


def normalize_optional_phone(text: Any) -> str:
    """Like :func:`normalize_phone`, but blank (or ``None``) input gives ``""``."""
    try:
        return _rule.normalize_optional_phone(text)
    except RuleViolation as violation:
        raise InvalidPhone.from_violation(violation) from None
