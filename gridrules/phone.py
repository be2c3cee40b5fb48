"""Phone numbers as grid workers type them: mobiles and landlines in mainland China.

Normalised forms (what is stored, searched and compared):

- mobile: 11 digits, ``^1[3-9]\\d{9}$`` — a leading ``+86``, ``0086`` or ``86`` is dropped;
- landline: ``0AAA-NNNNNNNN`` or ``0AAA-NNNNNNNN-EXT`` — area code with its trunk ``0``, the
  local number, and an optional extension of 1–6 digits.

Area codes are recognised by shape, not by a list: ``010`` and ``020``–``029`` are 3-digit
codes whose cities all use 8-digit local numbers; ``03xx``–``09xx`` are 4-digit codes with 7- or
8-digit local numbers. A local number never starts with 0 (that would read as another area
code); a leading 1 is allowed because placeholder numbers like 010-12345678 are common in
existing rosters. A landline without its area code
is rejected because it cannot be dialled from another county.

Spaces (also full-width), dashes and parentheses are ignored, full-width digits are read as
ASCII. An extension is written ``转123``, ``分机123``, ``ext 123``, or as a last group after a
7–8 digit local number (``0371-6123456-12``). Violations never carry the number: they end up
in logs, and the number is personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import RuleViolation

__all__ = [
    "MOBILE",
    "is_mobile",
    "normalize_optional_phone",
    "normalize_phone",
]

MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"(0(?:10|2[0-9]))([1-9][0-9]{7})|(0[3-9][0-9]{2})([1-9][0-9]{6,7})")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－（）\u3000", "0123456789+-() ")
_SEPARATORS = re.compile(r"[\s\-‐‑–—()]+")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?)\s*([0-9]{1,6})\s*$", re.IGNORECASE)
_ALLOWED = re.compile(r"\+?[0-9\s\-‐‑–—()]+")
_EXT_DIGITS = re.compile(r"[0-9]{1,6}")
_LOCAL_GROUP = re.compile(r"[0-9]{7,8}")

FIELD = "phone"


def _invalid(reason: str, **params: Any) -> RuleViolation:
    return RuleViolation("phone_invalid", field=FIELD, params={"reason": reason, **params})


@dataclass(frozen=True, slots=True)
class _Landline:
    area: str
    local: str
    extension: str = ""

    def __str__(self) -> str:
        base = f"{self.area}-{self.local}"
        return f"{base}-{self.extension}" if self.extension else base


def _landline(digits: str, extension: str = "") -> _Landline | None:
    m = _LANDLINE.fullmatch(digits)
    if m is None:
        return None
    area = m.group(1) or m.group(3)
    local = m.group(2) or m.group(4)
    return _Landline(area, local, extension)


def normalize_phone(text: Any) -> str:
    """The normalised form of a mobile or landline number; raises :class:`RuleViolation`
    (field ``phone``).

    Codes: ``phone_empty`` for blank input (use :func:`normalize_optional_phone` where a phone
    is optional), ``phone_invalid`` for everything else that is not a number, with param
    ``reason``: ``format`` (neither shape), ``foreign`` (another country code),
    ``no_area_code`` (a local number without its area code), ``mobile_length`` (with
    ``length``) or ``mobile_prefix`` (second digit not 3–9).
    """
    if not isinstance(text, str) or not text.strip():
        raise RuleViolation("phone_empty", field=FIELD)
    value = text.strip().translate(_FULL_WIDTH)

    extension = ""
    m = _EXTENSION.search(value)
    if m is not None:
        extension = m.group(1)
        value = value[: m.start()].strip()
    if not value or not _ALLOWED.fullmatch(value):
        raise _invalid("format")

    international = False
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value, international = value[len(prefix) :], True
            break
    if "+" in value:  # some other country code, or a stray plus sign
        raise _invalid("foreign")

    groups = [g for g in _SEPARATORS.split(value) if g]
    digits = "".join(groups)
    if not extension:
        if MOBILE.fullmatch(digits):
            return digits
        # A bare "86" is only a country code when what follows is a whole mobile number.
        if not international and digits.startswith("86") and MOBILE.fullmatch(digits[2:]):
            return digits[2:]
    if international and digits[:1] != "0":
        # +86 10 12345678: the international form drops the trunk 0 of the area code.
        digits = "0" + digits
        if groups:
            groups[0] = "0" + groups[0]

    found = _parse_landline(groups, digits, extension)
    if found is not None:
        return str(found)
    raise _explain(digits, extension)


def _parse_landline(groups: list[str], digits: str, extension: str) -> _Landline | None:
    """Find area code, local number and extension, respecting how the number was grouped."""
    if extension:
        return _landline(digits, extension)
    last = groups[-1] if groups else ""
    tail_is_ext = len(groups) >= 2 and _EXT_DIGITS.fullmatch(last) is not None
    head = "".join(groups[:-1])
    # "0371-6123456-12": a 7–8 digit local group followed by a short group is an extension,
    # even when all the digits together would also make a valid (8-digit) local number.
    if tail_is_ext and _LOCAL_GROUP.fullmatch(groups[-2]):
        found = _landline(head, last)
        if found is not None:
            return found
    found = _landline(digits)
    if found is not None:
        return found
    # "03716123456-12": no grouping of the local number, but the rest only works as extension.
    if tail_is_ext:
        return _landline(head, last)
    return None


def _explain(digits: str, extension: str) -> RuleViolation:
    """The violation that says what to fix, tailored to what the digits look like."""
    if not extension and digits[:1] not in ("", "0") and 7 <= len(digits) <= 8:
        return _invalid("no_area_code")
    if not extension and digits.startswith("1"):
        if len(digits) != 11:
            return _invalid("mobile_length", length=len(digits))
        return _invalid("mobile_prefix")
    return _invalid("format")


def normalize_optional_phone(text: Any) -> str:
    """Like :func:`normalize_phone`, but blank (or ``None``) input gives ``""``."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return ""
    return normalize_phone(text)


def is_mobile(text: Any) -> bool:
    """Whether ``text`` is a mainland mobile number (after normalisation). Never raises."""
    try:
        return MOBILE.fullmatch(normalize_phone(text)) is not None
    except RuleViolation:
        return False
