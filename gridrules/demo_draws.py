"""Draws both demo generators share (the client's ``gridworker.services.demo`` and the
centre's ``gridcenter.demo``): pure functions over the tables in ``resources/demo``.

Each draw has a stream of its own (seeded by the caller with something stable, such as the
household id and position), so adding a field to the demo data leaves every other draw of a
village where it was.
"""

from __future__ import annotations

import random
from datetime import date
from functools import lru_cache

from .resources import read_json
from .vocab import Education

__all__ = ["education_code"]


@lru_cache(maxsize=1)
def _education_tables() -> tuple[tuple[tuple[int, tuple[tuple[str, float], ...]], ...], float]:
    people = read_json("demo", "people.json")
    cohorts = []
    for year, table in people["education_by_birth"].items():
        for code in table:
            Education(code)  # a wrong code fails when the table is read, not when drawn
        cohorts.append((int(year), tuple((code, float(w)) for code, w in table.items())))
    return tuple(cohorts), float(people["education_not_recorded_share"])


def education_code(seed: str, birth: date, today: date) -> str:
    """文化程度 (an :class:`Education` code, or "" for not recorded) by age and birth cohort."""
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if age < 7:
        return ""
    if age < 13:
        return Education.PRIMARY.value
    if age < 16:
        return Education.JUNIOR_HIGH.value
    rng = random.Random(seed)
    cohorts, not_recorded = _education_tables()
    if rng.random() < not_recorded:
        return ""
    table = next((t for year, t in cohorts if birth.year < year), cohorts[-1][1])
    codes = [code for code, _weight in table]
    weights = [weight for _code, weight in table]
    return rng.choices(codes, weights)[0]
