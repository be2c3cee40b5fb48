"""Places: the grid's county, township and village, and Chinese numerals for grids and groups."""

from __future__ import annotations

import random
import uuid

from ...domain.entities import Grid
from .tables import PLACES

__all__ = ["cn_number", "make_grid"]

_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numerals for 1..999, as in 第十二网格 or 一百零五."""
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    text = _CN[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + _CN[rest]
    tens, ones = divmod(rest, 10)
    return text + _CN[tens] + "十" + (_CN[ones] if ones else "")


def make_grid(rng: random.Random, grid_code: str, main_clan: str) -> Grid:
    """The grid ``grid_code`` in a village often named after its ``main_clan`` (王家庄村)."""
    county_code = grid_code[:6]
    if county_code in PLACES.known_counties:
        county, towns = PLACES.known_counties[county_code]
    else:
        county, towns = rng.choice(PLACES.generic_counties), PLACES.generic_townships
    township = towns[int(grid_code[6:9]) % len(towns)]
    if len(main_clan) == 1 and rng.random() < 0.7:
        village = f"{main_clan}家{rng.choice(PLACES.village_suffixes)}村"
    else:
        village = rng.choice(PLACES.village_names)
    sequence = int(grid_code[12:15]) or 1
    return Grid(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        code=grid_code,
        name=f"第{cn_number(sequence)}网格",
        village=village,
        township=township,
        county=county,
        version=1,
    )
