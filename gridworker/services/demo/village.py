"""The generator: one grid of households with residents and visit history, from one seed."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date

from ...domain.entities import Grid, Household, Resident, Visit
from .families import FamilyBuilder
from .households import VisitPlan, make_household
from .names import main_clans
from .places import cn_number, make_grid
from .visits import make_visits

__all__ = ["VillageData", "generate_village"]


@dataclass
class VillageData:
    """One grid with its households, residents and visits, as the centre would send them."""

    grid: Grid
    households: list[Household]
    residents: list[Resident]
    visits: list[Visit]


def generate_village(
    *,
    households: int,
    seed: int = 7,
    today: date | None = None,
    grid_code: str = "110105001001001",
    visitor: str = "worker1",
) -> VillageData:
    """A synthetic rural grid of ``households`` households with residents and visit history.

    Same arguments, same village (ids included). ``today`` anchors ages and the visit history
    (default: the local date); every visit lies before it. ``grid_code`` is a 15- or 20-digit
    code whose first six digits are the county code used in the residents' ID numbers.
    """
    if households < 0:
        raise ValueError("households must be >= 0")
    if not grid_code.isascii() or not grid_code.isdigit() or len(grid_code) not in (15, 20):
        raise ValueError("grid_code must be 15 or 20 ASCII digits")
    today = today or date.today()
    rng = random.Random(seed)
    clans = main_clans(rng)
    grid = make_grid(rng, grid_code, clans[0])

    b = FamilyBuilder(rng, today, grid_code[:6], clans)
    out_households: list[Household] = []
    out_residents: list[Resident] = []
    plans: list[VisitPlan] = []
    n_groups = max(1, min(8, math.ceil(households / 50)))
    door = 0
    group_index = -1
    for i in range(households):
        group = i * n_groups // max(households, 1)
        if group != group_index:
            group_index, door = group, 0
        door += 1 + (rng.randint(1, 3) if rng.random() < 0.08 else 0)
        hh = make_household(b, grid, f"{cn_number(group + 1)}组", door)
        out_households.append(hh[0])
        out_residents.extend(hh[1])
        plans.append(hh[2])

    visits = make_visits(b, plans, visitor)
    return VillageData(grid=grid, households=out_households, residents=out_residents, visits=visits)
