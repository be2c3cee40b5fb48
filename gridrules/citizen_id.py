"""Citizen ID numbers 公民身份号码 (GB 11643-1999).

Layout: 6-digit address code + 8-digit birth date YYYYMMDD + 3-digit sequence (odd = male,
even = female) + one check character (ISO 7064 MOD 11-2). Old 15-digit numbers (YYMMDD, no
check character) are upgraded the way the standard prescribes: insert "19" before the year and
compute the check character.

Why the rules are as they are:

- Address codes are *not* checked against today's GB/T 2260 list: a number keeps the code that
  was in force when it was issued, and many of those codes have since been retired.
- The birth date must lie within the protocol's date bounds (from 1900, see
  :mod:`gridrules.bounds`): a birth date the centre would refuse to store is refused here
  already. (The standard's own example, 440524188001010014, is from 1880: nobody alive.)
- Violations never carry the number itself: they end up in logs and on screens, and the
  number is personal data.
- Full-width digits and ``Ｘ`` (typed with a Chinese input method in full-width mode) are read as
  their ASCII forms; lowercase ``x`` is stored as ``X``.
- ``repr()`` of a :class:`CitizenId` is masked so that a stray log line does not leak the number;
  use ``.number`` for the real value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .bounds import DATE_MIN
from .errors import RuleViolation

__all__ = [
    "CHECK_CHARACTERS",
    "MIN_BIRTH_DATE",
    "WEIGHTS",
    "CitizenId",
    "check_character",
    "is_valid_citizen_id",
    "make_citizen_id",
    "normalize_citizen_id",
    "parse_citizen_id",
]

FIELD = "citizen_id"
WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # index is S mod 11
MIN_BIRTH_DATE = DATE_MIN
"""Earliest birth date accepted: the protocol's earliest date."""

_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
_DIGITS17 = re.compile(r"[0-9]{17}")
_SHAPE = re.compile(r"[0-9]*[0-9X]")


@dataclass(frozen=True, slots=True, repr=False)
class CitizenId:
    """A validated 18-character citizen ID number and what it encodes.

    ``sex`` is ``"male"`` or ``"female"`` (the codes of the client's ``Sex`` vocabulary).
    """

    number: str
    address_code: str
    birth_date: date
    sex: str
    upgraded_from_15: bool

    @property
    def sequence(self) -> str:
        """The 3-digit sequence code (the last digit gives the sex)."""
        return self.number[14:17]

    def __repr__(self) -> str:
        return f"CitizenId({self.number[:6] + '*' * 8 + self.number[14:]!r})"


def _invalid(code: str, **params: Any) -> RuleViolation:
    return RuleViolation(code, field=FIELD, params=params)


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of a number.

    Raises ``ValueError`` for anything but exactly 17 ASCII digits: that is a programming
    error, not user input (user input goes through :func:`parse_citizen_id`).
    """
    if not isinstance(first17, str) or not _DIGITS17.fullmatch(first17):
        raise ValueError("check_character needs exactly 17 ASCII digits")
    total = sum(int(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def parse_citizen_id(text: Any, *, today: date | None = None) -> CitizenId:
    """Validate a citizen ID number as typed and return what it encodes (15-digit numbers
    upgraded to 18).

    Surrounding whitespace is ignored. ``today`` (default: the local date) bounds the birth
    date; pass it explicitly in tests and when re-validating historical records.
    Raises :class:`RuleViolation` (field ``citizen_id``) with one of the codes

    - ``id_empty``;
    - ``id_chars`` (param ``reason``: ``chars``, or ``x_in_15`` for an X in a 15-digit number);
    - ``id_length`` (param ``length``);
    - ``id_birth_date`` (param ``reason``: ``month``; ``day`` with ``month`` and ``day``;
      ``year`` with ``min_year``);
    - ``id_future_birth``;
    - ``id_check`` (params ``expected`` and ``actual``, the check characters).
    """
    if not isinstance(text, str):
        raise _invalid("id_empty")
    value = text.strip().translate(_FULL_WIDTH)
    if not value:
        raise _invalid("id_empty")
    if not _SHAPE.fullmatch(value):
        raise _invalid("id_chars", reason="chars")
    if len(value) not in (15, 18):
        raise _invalid("id_length", length=len(value))
    upgraded = len(value) == 15
    if upgraded:
        if value.endswith("X"):
            raise _invalid("id_chars", reason="x_in_15")
        first17 = value[:6] + "19" + value[6:]
    else:
        first17 = value[:17]

    birth = _birth_date(first17[6:14])
    if today is None:
        today = date.today()
    if birth > today:
        raise _invalid("id_future_birth")

    expected = check_character(first17)
    if not upgraded and value[17] != expected:
        raise _invalid("id_check", expected=expected, actual=value[17])

    number = first17 + expected
    return CitizenId(
        number=number,
        address_code=number[:6],
        birth_date=birth,
        sex="male" if int(number[16]) % 2 == 1 else "female",
        upgraded_from_15=upgraded,
    )


def _birth_date(yyyymmdd: str) -> date:
    """The birth date encoded in 8 digits, or an ``id_birth_date`` violation saying what."""
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    if not 1 <= month <= 12:
        raise _invalid("id_birth_date", reason="month")
    try:
        birth = date(year, month, day)
    except ValueError:
        raise _invalid("id_birth_date", reason="day", month=month, day=day) from None
    if birth < MIN_BIRTH_DATE:
        raise _invalid("id_birth_date", reason="year", min_year=MIN_BIRTH_DATE.year)
    return birth


def normalize_citizen_id(text: Any, *, today: date | None = None) -> str:
    """The stored form of a number: 18 characters, upper-case X, 15-digit numbers upgraded."""
    return parse_citizen_id(text, today=today).number


def is_valid_citizen_id(text: Any, *, today: date | None = None) -> bool:
    """Whether ``text`` parses as a citizen ID number (see :func:`parse_citizen_id`)."""
    try:
        parse_citizen_id(text, today=today)
    except RuleViolation:
        return False
    return True


def make_citizen_id(address_code: str, birth: date, sequence: int) -> str:
    """Build a valid 18-character number (for demo data and tests).

    ``sequence`` is 0..999; odd means male, even female, as in the standard. Bad arguments
    raise ``ValueError`` (they are programming errors, not user input).
    """
    if not isinstance(address_code, str) or not re.fullmatch(r"[0-9]{6}", address_code):
        raise ValueError("address_code must be 6 ASCII digits")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= 999:
        raise ValueError("sequence must be an int in 0..999")
    if isinstance(birth, datetime):
        birth = birth.date()
    if birth < MIN_BIRTH_DATE:
        raise ValueError(f"birth must be on or after {MIN_BIRTH_DATE.isoformat()}")
    first17 = f"{address_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
