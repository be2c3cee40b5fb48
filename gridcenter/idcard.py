"""Citizen ID (GB 11643-1999) and phone checks for roster import and demo data.

Kept here (small) because gridcenter may not import the client's domain package."""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalise_citizen_id(text: str) -> str:
    """The 18-character ID in canonical form (upper-case X), or ValueError with a reason."""
    value = text.strip().upper()
    last_ok = value[17:].isdigit() or value[17:] == "X"
    shape_ok = len(value) == 18 and value[:17].isdigit() and last_ok
    if not shape_ok:
        raise ValueError("公民身份号码应为 18 位（最后一位可为 X）")
    try:
        birth_date(value)
    except ValueError:
        raise ValueError("公民身份号码中的出生日期无效") from None
    if check_char(value[:17]) != value[17]:
        raise ValueError("公民身份号码校验位不正确")
    return value


def birth_date(citizen_id: str) -> date:
    return date(int(citizen_id[6:10]), int(citizen_id[10:12]), int(citizen_id[12:14]))


def sex_of(citizen_id: str) -> str:
    """'male' for an odd sequence digit, else 'female'."""
    return "male" if int(citizen_id[16]) % 2 else "female"


def valid_phone(text: str) -> bool:
    return bool(MOBILE_RE.match(text) or LANDLINE_RE.match(text))
