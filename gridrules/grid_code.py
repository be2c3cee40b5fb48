"""Grid codes 网格编码.

15 digits (CJ/T 213 style, as in Beijing DB11): 6-digit county code (GB/T 2260) + 3-digit
township/street + 3-digit village/community + 3-digit grid sequence. CJ/T 349-2010 also defines
a 20-digit variant; its last 8 digits are kept together as ``sequence``. Codes are stored as text
(leading zeros matter) and the county part is not checked against today's GB/T 2260 list,
because administrative codes change while grids keep their codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import RuleViolation

__all__ = ["GRID_CODE_LENGTHS", "GridCode", "is_valid_grid_code", "parse_grid_code"]

GRID_CODE_LENGTHS = (15, 20)
_DIGITS = re.compile(r"[0-9]+")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class GridCode:
    """A grid code split into its administrative parts (all text, leading zeros kept)."""

    code: str
    county: str
    township: str
    village: str
    sequence: str

    @property
    def village_code(self) -> str:
        """The 12-digit code of the village/community the grid belongs to."""
        return self.county + self.township + self.village

    def __str__(self) -> str:
        return self.code


def _invalid(reason: str, **params: Any) -> RuleViolation:
    return RuleViolation("grid_code_invalid", field="code", params={"reason": reason, **params})


def parse_grid_code(text: Any) -> GridCode:
    """Split a 15- or 20-digit grid code.

    Surrounding whitespace is ignored and full-width digits are read as ASCII. Raises
    :class:`RuleViolation` ``grid_code_invalid`` with param ``reason``: ``empty``, ``chars``
    or ``length`` (with ``length``).
    """
    value = text.strip().translate(_FULL_WIDTH) if isinstance(text, str) else ""
    if not value:
        raise _invalid("empty")
    if not _DIGITS.fullmatch(value):
        raise _invalid("chars")
    if len(value) not in GRID_CODE_LENGTHS:
        raise _invalid("length", length=len(value))
    return GridCode(
        code=value,
        county=value[:6],
        township=value[6:9],
        village=value[9:12],
        sequence=value[12:],
    )


def is_valid_grid_code(text: Any) -> bool:
    """Whether ``text`` parses as a grid code."""
    try:
        parse_grid_code(text)
    except RuleViolation:
        return False
    return True
