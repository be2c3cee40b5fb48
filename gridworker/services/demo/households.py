"""Households: one door of the grid with its members, phones, tags and roster dates, and the
plan its visit history is drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from gridrules.demo_draws import education_code

from ...domain.codes import read_code
from ...domain.entities import Grid, Household, Resident
from ...domain.frequency import DEFAULT_POLICY
from ...domain.vocab import (
    DwellingType,
    Education,
    HouseholdStatus,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Sex,
)
from .categories import assign_care, tags_for
from .families import FamilyBuilder
from .people import Person
from .tables import HOUSEHOLD_KINDS, PLACES

__all__ = ["VisitPlan", "make_household"]


@dataclass(slots=True)
class VisitPlan:
    """What the visit history of one household is drawn from."""

    household_id: str
    interval: int
    vacant: bool
    moved_out: bool
    people: list[Person]
    registered_at: datetime


def residents_seed(household_id: str, position: int) -> str:
    """The seed of a resident's own draws that must not move the village's stream."""
    return f"{household_id}/{position}"


def make_household(
    b: FamilyBuilder, grid: Grid, group_name: str, door: int
) -> tuple[Household, list[Resident], VisitPlan]:
    rng = b.rng
    kind = HOUSEHOLD_KINDS.pick(rng)
    dwelling = DwellingType.OWNER_OCCUPIED
    status = HouseholdStatus.ACTIVE
    tenants: list[Person] = []
    if kind == "rented":
        members = b.migrant_family(tenants=False)
        dwelling = DwellingType.RENTED
    elif kind == "mixed":
        members = b.family("nuclear" if rng.random() < 0.6 else "elderly_couple")
        tenants = b.migrant_family(tenants=True)
        members += tenants
        dwelling = DwellingType.MIXED
    elif kind in ("vacant", "moved_out"):
        members = b.family("nuclear" if rng.random() < 0.6 else "elderly_couple")
        dwelling = DwellingType.VACANT
        for m in members:
            m.care.clear()
            if kind == "moved_out":
                m.status = ResidentStatus.MOVED_OUT
                m.note = "整户迁出"
            else:
                m.residence = ResidenceStatus.PERSON_AWAY
                if m.relation is Relation.HEAD:
                    m.note = "全家外出务工" if b.age(m.birth) < 60 else "随子女在城区居住"
                else:
                    m.note = ""
        if kind == "moved_out":
            status = HouseholdStatus.MOVED_OUT
    else:
        members = b.family(kind)

    head = members[0]
    # Daughters who married out stay in the roster as moved out (迁出).
    mother = next((m for m in members if m.sex is Sex.FEMALE and
                   m.relation in (Relation.HEAD, Relation.SPOUSE)), None)
    if (mother is not None and kind not in ("rented", "moved_out")
            and b.age(mother.birth) >= 45 and rng.random() < 0.1):
        father = next((m for m in members if m.sex is Sex.MALE and
                       m.relation in (Relation.HEAD, Relation.SPOUSE)), None)
        kids = b.children(father, mother, 1)
        if kids and b.age(kids[0].birth) >= 20:
            kid = kids[0]
            kid.status = ResidentStatus.MOVED_OUT
            kid.note = "婚迁外村" if kid.sex is Sex.FEMALE else "迁往县城"
            members.append(kid)

    if kind not in ("vacant", "moved_out"):
        assign_care(b, members, tenants)
    for m in members:
        a = b.age(m.birth)
        is_migrant = m.population_type is PopulationType.MIGRANT
        p_phone = (
            0.0 if a < 14 else 0.3 if a < 18 else 0.97 if is_migrant else 0.9 if a < 60
            else 0.62 if a < 70 else 0.33 if a < 80 else 0.1
        )
        if m.active and rng.random() < p_phone:
            m.phone = b.mobile()
        if a >= 40 and rng.random() < 0.01:
            m.former_name = m.surname + b.given_name(m.sex, m.birth)
            if m.former_name == m.name:
                m.former_name = ""

    household_id = b.uid()
    registered = datetime.combine(
        b.today - timedelta(days=rng.randint(400, 1500)), time(9)
    ) + timedelta(minutes=rng.randint(0, 480))
    residents: list[Resident] = []
    for m in members:
        created = registered
        born = datetime.combine(m.birth, time(10))
        if born + timedelta(days=30) > created:
            created = min(born + timedelta(days=30), datetime.combine(b.today, time(8)))
        residents.append(
            Resident(
                id=b.uid(),
                household_id=household_id,
                name=m.name,
                sex=m.sex,
                former_name=m.former_name,
                ethnicity=m.ethnicity,
                citizen_id=b.citizen_id(m),
                birth_date=m.birth,
                phone=m.phone,
                relation=m.relation,
                population_type=m.population_type,
                residence_status=m.residence,
                education=read_code(Education, education_code(
                    residents_seed(household_id, len(residents)), m.birth, b.today)),
                care_categories=frozenset(m.care),
                management_categories=frozenset(m.management),
                status=m.status,
                note=m.note,
                version=1,
                created_at=created,
                updated_at=created,
            )
        )
    head_id = residents[0].id if head.relation is Relation.HEAD else None
    phone = next((m.phone for m in members if m is head and m.phone), "")
    if not phone:
        phone = next((m.phone for m in members if m.present and m.phone), "")
    if not phone:
        phone = next((m.phone for m in members if m.active and m.phone), "")
    if not phone:
        phone = b.mobile()  # a son or daughter living elsewhere
    detail = rng.choice(PLACES.landmarks) if rng.random() < 0.08 else ""
    door_number = f"{door}号" if rng.random() > 0.02 else f"{door}-1号"
    tags = frozenset() if kind in ("vacant", "moved_out") else tags_for(b, members)
    household = Household(
        id=household_id,
        grid_id=grid.id,
        group_name=group_name,
        door_number=door_number,
        address_detail=detail,
        dwelling_type=dwelling,
        head_resident_id=head_id,
        phone=phone,
        tags=tags,
        status=status,
        version=1,
        created_at=registered,
        updated_at=registered,
    )
    care = [c for m in members if m.present for c in m.care]
    interval = DEFAULT_POLICY.interval_for(care, tags).days
    plan = VisitPlan(
        household_id=household_id,
        interval=interval,
        vacant=dwelling is DwellingType.VACANT,
        moved_out=status is HouseholdStatus.MOVED_OUT,
        people=members,
        registered_at=registered,
    )
    return household, residents, plan
