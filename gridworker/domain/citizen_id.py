"""Citizen ID numbers 公民身份号码 (GB 11643-1999) as the client's forms use them.

The rule itself (check character, 15→18 upgrade, birth date and sex from the number) is
:mod:`gridrules.citizen_id`, shared with gridcenter; this module gives its violations the
client's error type and Chinese words, and its ``sex`` the client's :class:`Sex`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from gridrules import RuleViolation
from gridrules import citizen_id as _rule
from gridrules.citizen_id import CitizenId

from .errors import ValidationError
from .vocab import Sex

__all__ = ["InvalidCitizenId", "parse_citizen_id"]


class InvalidCitizenId(ValidationError):
    """A citizen ID number that breaks GB 11643-1999; ``code`` says which rule."""

    code = "id_invalid"

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code, field="citizen_id")


def parse_citizen_id(text: str, *, today: date | None = None) -> CitizenId:
    """:func:`gridrules.citizen_id.parse_citizen_id` with ``sex`` as a :class:`Sex` member;
    violations raise :class:`InvalidCitizenId` (same code, Chinese message)."""
    try:
        parsed = _rule.parse_citizen_id(text, today=today)
    except RuleViolation as violation:
        raise InvalidCitizenId.from_violation(violation) from None
    return replace(parsed, sex=Sex(parsed.sex))
