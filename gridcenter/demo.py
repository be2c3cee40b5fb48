"""A small, deterministic demo county for trying gridcenter and for tests.

示范县 (110105) → 示范镇 (001) → 前进村 (001) with two grids, a few hundred households with
plausible residents (valid citizen ID check digits, mobile numbers), and one user per role.
The generator is our own (gridcenter may not import the client's demo module); its names
and texts are in ``resources/demo/centre.json``, beside the client's tables. Households
entered the roster on dates in the past (mostly years ago, a few in the last weeks) and have
half a year of visits by their grid's workers (:mod:`gridcenter.demo_visits`). Everything
but the row ids follows from the seed and the day it runs.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from gridrules.citizen_id import make_citizen_id
from gridrules.demo_draws import education_code
from gridrules.ids import new_id

from .admin import assign, create_grid, create_user, new_record
from .db import Database, SeqAllocator
from .demo_visits import TABLES, DemoHousehold, add_visits, local_iso, registration_time
from .store import Store

COUNTY = ("110105", "示范县")
TOWNSHIP = ("001", "示范镇")
VILLAGE = ("001", "前进村")
GRIDS = (("001", "前进村第一网格"), ("002", "前进村第二网格"))
USERS = (
    # username, role, display name, grids (by index)
    ("worker1", "worker", "李秀英", (0,)),
    ("worker2", "worker", "王建国", (0,)),
    ("worker3", "worker", "张丽华", (1,)),
    ("station1", "station", "前进村便民服务站", (0, 1)),
    ("supervisor1", "supervisor", "赵志强", (0, 1)),
    ("admin", "centre_admin", "网格管理中心", ()),
)
HOUSEHOLDS_PER_GRID = 150

SURNAMES: tuple[str, ...] = tuple(TABLES["surnames"])
MALE: tuple[str, ...] = tuple(TABLES["given_characters"]["male"])
FEMALE: tuple[str, ...] = tuple(TABLES["given_characters"]["female"])
GROUPS: tuple[str, ...] = tuple(TABLES["groups"])
TAGS = ("minimum_allowance", "five_guarantees", "extreme_poverty", "poverty_monitoring")
CARE = ("elderly_alone", "empty_nest", "left_behind_child", "disabled", "minimum_allowance")


def grid_code(index: int) -> str:
    return COUNTY[0] + TOWNSHIP[0] + VILLAGE[0] + GRIDS[index][0]


def _given(rng: random.Random, sex: str) -> str:
    chars = MALE if sex == "male" else FEMALE
    return "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2))))


def _citizen_id(rng: random.Random, born: date, sex: str) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if sex == "male" else 0)
    return make_citizen_id(COUNTY[0], born, seq)


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def _person(rng: random.Random, surname: str, sex: str, born: date, relation: str,
            household_id: str) -> dict[str, Any]:
    cid = _citizen_id(rng, born, sex)
    care = []
    if date(2026, 1, 1).year - born.year >= 70 and rng.random() < 0.3:
        care.append(rng.choice(CARE[:2]))
    elif rng.random() < 0.05:
        care.append(rng.choice(CARE[2:]))
    return {
        "household_id": household_id, "name": surname + _given(rng, sex), "former_name": "",
        "sex": sex, "ethnicity": "01" if rng.random() < 0.95 else "03", "citizen_id": cid,
        "birth_date": born.isoformat(), "phone": _phone(rng) if rng.random() < 0.7 else "",
        "relation": relation, "population_type": "registered" if rng.random() < 0.9
        else "migrant",
        "residence_status": "consistent", "care_categories": sorted(care),
        "education": education_code(f"{cid}/{relation}", born, date(2026, 1, 1)),
        "management_categories": [], "status": "active", "note": "",
    }


def _born(rng: random.Random, low: int, high: int) -> date:
    return date(rng.randint(low, high), 1, 1) + timedelta(days=rng.randrange(365))


def populate(db: Database, password: str, actor: str = "demo", seed: int = 20261121,
             today: date | None = None) -> None:
    """Create the demo areas, grids, users, households and visits in an empty database.
    ``today`` (default: the local date) is the day the visit history leads up to."""
    today = today or date.today()
    grid_ids = [
        create_grid(db, grid_code(i), name, VILLAGE[1], TOWNSHIP[1], COUNTY[1], actor)
        for i, (_, name) in enumerate(GRIDS)
    ]
    workers_of: dict[str, list[str]] = {g: [] for g in grid_ids}
    for username, role, display, grid_indexes in USERS:
        create_user(db, username, role, display, password, actor)
        for i in grid_indexes:
            assign(db, username, grid_code(i), actor)
            if role == "worker":
                workers_of[grid_ids[i]].append(username)
    rng = random.Random(seed)
    history = random.Random(seed + 1)  # registrations and visits: the roster stays as it was
    with db.write() as conn:
        store = Store(conn, SeqAllocator(conn), actor)
        households = [
            _household(store, rng, grid_id, n, actor, registration_time(history, today))
            for grid_id in grid_ids
            for n in range(HOUSEHOLDS_PER_GRID)
        ]
        add_visits(store, history, households, workers_of, today)
        store.flush()


def _household(store: Store, rng: random.Random, grid_id: str, n: int, actor: str,
               registered: datetime) -> DemoHousehold:
    household_id = new_id()
    surname = rng.choice(SURNAMES)
    head_sex = "male" if rng.random() < 0.8 else "female"
    head_born = _born(rng, 1940, 1990)
    people = [_person(rng, surname, head_sex, head_born, "head", household_id)]
    if rng.random() < 0.8:
        spouse_sex = "female" if head_sex == "male" else "male"
        people.append(_person(rng, rng.choice(SURNAMES), spouse_sex,
                              _born(rng, head_born.year - 3, head_born.year + 3), "spouse",
                              household_id))
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        sex = rng.choice(("male", "female"))
        people.append(_person(rng, surname, sex, _born(rng, head_born.year + 20,
                                                        min(head_born.year + 40, 2024)),
                              "son" if sex == "male" else "daughter", household_id))
    resident_ids = [new_id() for _ in people]
    data = {
        "grid_id": grid_id, "group_name": GROUPS[n % len(GROUPS)],
        "door_number": f"{n // len(GROUPS) + 1}号", "address_detail": "",
        "dwelling_type": rng.choice(("owner_occupied",) * 8 + ("rented", "vacant")),
        "head_resident_id": resident_ids[0], "phone": people[0]["phone"],
        "tags": [rng.choice(TAGS)] if rng.random() < 0.1 else [],
        "latitude": None, "longitude": None, "status": "active",
    }
    records = [new_record("household", household_id, grid_id, grid_id, data, actor)]
    records += [new_record("resident", rid, grid_id, household_id, person, actor)
                for rid, person in zip(resident_ids, people, strict=True)]
    for rec in records:  # on the roster since it was registered (the household's created_at)
        rec.created_at = local_iso(registered)
        store.put(rec)
    return DemoHousehold(household_id, grid_id, people, data["tags"], registered)
