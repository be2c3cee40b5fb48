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

from .errors import ValidationError

__all__ = ["GridCode", "is_valid_grid_code", "parse_grid_code"]

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


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, code="grid_code_invalid", field="code")


def parse_grid_code(text: str) -> GridCode:
    """Split a 15- or 20-digit grid code; raises ``ValidationError(code="grid_code_invalid")``.

    Surrounding whitespace is ignored and full-width digits are read as ASCII.
    """
    value = text.strip().translate(_FULL_WIDTH) if isinstance(text, str) else ""
    if not value:
        raise _invalid("网格编码为空")
    if not _DIGITS.fullmatch(value):
        raise _invalid("网格编码只能包含数字")
    if len(value) not in (15, 20):
        raise _invalid(f"网格编码应为15位或20位数字，当前为{len(value)}位")
    return GridCode(
        code=value,
        county=value[:6],
        township=value[6:9],
        village=value[9:12],
        sequence=value[12:],
    )


def is_valid_grid_code(text: str) -> bool:
    """Whether ``text`` parses as a grid code."""
    try:
        parse_grid_code(text)
    except ValidationError:
        return False
    return True
