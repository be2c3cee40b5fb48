"""People: a resident under construction and the builder's small draws (ages, names, ID
numbers, phones) that every family shape uses."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from gridrules.citizen_id import make_citizen_id

from ...domain.vocab import (
    CareCategory,
    Ethnicity,
    ManagementCategory,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Sex,
)
from .names import given_name, surname_table
from .tables import ETHNICITIES, MOBILE_PREFIXES

__all__ = ["YEAR", "Draws", "Person", "age_on"]

YEAR = 365.2425
"""Days in an average year."""


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@dataclass(slots=True, eq=False)
class Person:
    """A resident under construction (mutable until the family is complete)."""

    surname: str
    given: str
    sex: Sex
    birth: date
    relation: Relation
    ethnicity: Ethnicity
    address_code: str
    population_type: PopulationType = PopulationType.REGISTERED
    residence: ResidenceStatus = ResidenceStatus.CONSISTENT
    status: ResidentStatus = ResidentStatus.ACTIVE
    care: list[CareCategory] = field(default_factory=list)
    management: list[ManagementCategory] = field(default_factory=list)
    note: str = ""
    former_name: str = ""
    phone: str = ""

    @property
    def name(self) -> str:
        return self.surname + self.given

    @property
    def active(self) -> bool:
        return self.status is ResidentStatus.ACTIVE

    @property
    def present(self) -> bool:
        return self.active and self.residence is not ResidenceStatus.PERSON_AWAY

    def add_care(self, category: CareCategory) -> None:
        if category not in self.care:
            self.care.append(category)



class Draws:
    """The random draws about one person, from the village's one ``random.Random``."""

    def __init__(
        self, rng: random.Random, today: date, county_code: str, clans: tuple[str, str]
    ) -> None:
        self.rng = rng
        self.today = today
        self.county = county_code
        self.surnames = surname_table(clans)
        self._ids: set[str] = set()
        self._phones: set[str] = set()
        prefix = county_code[:4]
        codes = (f"{prefix}{n:02d}" for n in range(1, 18))
        self.neighbours = [c for c in codes if c != county_code]

    # -- small draws -------------------------------------------------------------------------

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def birth_for_age(self, low: int, high: int) -> date:
        """A birth date giving an age in [low, high] today."""
        days = self.rng.randint(int(low * YEAR) + 1, int((high + 1) * YEAR) - 2)
        return self.today - timedelta(days=days)

    def after(self, birth: date, low: float, high: float) -> date:
        """A date ``low``..``high`` years after ``birth`` (a child's birth, a spouse's …)."""
        return birth + timedelta(days=self.rng.randint(int(low * YEAR), int(high * YEAR)))

    def age(self, birth: date) -> int:
        return age_on(birth, self.today)

    def given_name(self, sex: Sex, birth: date, generation: str = "") -> str:
        return given_name(self.rng, sex, birth, generation)

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def citizen_id(self, person: Person) -> str:
        odd = person.sex is Sex.MALE
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if odd else 0)
            number = make_citizen_id(person.address_code, person.birth, sequence)
            if number not in self._ids:
                self._ids.add(number)
                return number

    def person(
        self,
        sex: Sex,
        birth: date,
        relation: Relation,
        *,
        surname: str | None = None,
        ethnicity: Ethnicity = Ethnicity.HAN,
        address_code: str | None = None,
        generation: str = "",
    ) -> Person:
        return Person(
            surname=surname or self.surnames.pick(self.rng),
            given=self.given_name(sex, birth, generation),
            sex=sex,
            birth=birth,
            relation=relation,
            ethnicity=ethnicity,
            address_code=address_code or self.county,
        )

    def spouse_code(self) -> str:
        """Most spouses were born locally; some married in from a neighbouring county."""
        if self.neighbours and self.chance(0.22):
            return self.rng.choice(self.neighbours)
        return self.county

    def ethnicity(self) -> Ethnicity:
        return Ethnicity(ETHNICITIES.pick(self.rng))

