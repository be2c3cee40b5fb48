"""Families: the shapes of a household (an old person alone, a couple, parents with children,
three generations, grandparents with left-behind grandchildren, migrant tenants …) with ages,
sexes and relations that fit together."""

from __future__ import annotations

from datetime import date, timedelta

from ...domain.vocab import (
    CareCategory,
    Ethnicity,
    PopulationType,
    Relation,
    ResidenceStatus,
    ResidentStatus,
    Sex,
)
from .people import YEAR, Draws, Person, age_on
from .tables import PLACES

__all__ = ["FamilyBuilder", "head_first"]


def head_first(members: list[Person]) -> list[Person]:
    return sorted(members, key=lambda m: m.relation is not Relation.HEAD)


class FamilyBuilder(Draws):
    """Builds the members of one household, head first."""

    def couple(
        self, husband_birth: date, *, head_is_husband: bool, ethnicity: Ethnicity,
        code: str | None = None,
    ) -> tuple[Person, Person]:
        """Husband and wife, the wife 0–6 years younger (sometimes a little older)."""
        wife_birth = self.after(husband_birth, -2, 6)
        if self.age(wife_birth) < 20:
            wife_birth = husband_birth
        h_rel, w_rel = (Relation.HEAD, Relation.SPOUSE) if head_is_husband else (
            Relation.SPOUSE, Relation.HEAD)
        husband = self.person(
            Sex.MALE, husband_birth, h_rel, ethnicity=ethnicity, address_code=code
        )
        wife_ethnicity = ethnicity if self.chance(0.9) else self.ethnicity()
        wife = self.person(
            Sex.FEMALE, wife_birth, w_rel, ethnicity=wife_ethnicity,
            address_code=code or self.spouse_code(),
        )
        return husband, wife

    def children(
        self, father: Person | None, mother: Person, count: int, *, grandchildren: bool = False,
        max_age: int | None = None,
    ) -> list[Person]:
        """Up to ``count`` children born when the mother was 21–40, at least 1.5 years apart."""
        kids: list[Person] = []
        surname = father.surname if father and self.chance(0.97) else mother.surname
        code = father.address_code if father else mother.address_code
        born = self.after(mother.birth, 21, 30)
        generation = ""
        latest = self.today - timedelta(days=20)
        for _ in range(count):
            if born > latest or age_on(mother.birth, born) > 40:
                break
            if max_age is None or self.age(born) <= max_age:
                sex = Sex.MALE if self.chance(0.52) else Sex.FEMALE
                if grandchildren:
                    relation = Relation.GRANDCHILD
                else:
                    relation = Relation.SON if sex is Sex.MALE else Relation.DAUGHTER
                given = self.given_name(sex, born, generation)
                if any(k.given == given for k in kids):
                    given = self.given_name(sex, born)
                kid = Person(
                    surname=surname, given=given, sex=sex, birth=born, relation=relation,
                    ethnicity=mother.ethnicity if father is None else father.ethnicity,
                    address_code=code,
                )
                if not kids and len(given) == 2 and born.year < 1990 and self.chance(0.3):
                    generation = given[0]  # siblings share a generation character 字辈
                kids.append(kid)
            born = self.after(born, 1.5, 6)
        return kids

    def parents_of(self, child: Person) -> list[Person]:
        """One or both living parents of ``child``, born 22–34 years before it."""
        gap = self.rng.randint(int(23 * YEAR), int(34 * YEAR))
        father_birth = child.birth - timedelta(days=gap)
        mother_birth = self.after(father_birth, 0, 5)
        if age_on(mother_birth, child.birth) < 20:
            mother_birth = father_birth
        out: list[Person] = []
        roll = self.rng.random()
        if roll < 0.65 and self.age(mother_birth) <= 98:
            out.append(self.person(
                Sex.FEMALE, mother_birth, Relation.PARENT, ethnicity=child.ethnicity,
                address_code=self.spouse_code(),
            ))
        if (roll < 0.35 or roll >= 0.65) and self.age(father_birth) <= 95:
            out.append(self.person(
                Sex.MALE, father_birth, Relation.PARENT, surname=child.surname,
                ethnicity=child.ethnicity, address_code=child.address_code,
            ))
        return out

    def kid_count(self) -> int:
        roll = self.rng.random()
        return 1 if roll < 0.35 else 2 if roll < 0.85 else 3

    def family(self, kind: str) -> list[Person]:
        """Members of one household, head first. ``kind`` picks the household's shape."""
        rng = self.rng
        eth = self.ethnicity()
        if kind == "elderly_alone":
            sex = Sex.FEMALE if self.chance(0.62) else Sex.MALE  # widows outlive widowers
            head = self.person(sex, self.birth_for_age(65, 94), Relation.HEAD, ethnicity=eth)
            members = [head]
            if self.chance(0.3):  # the late spouse stays in the roster as deceased
                other = Sex.MALE if sex is Sex.FEMALE else Sex.FEMALE
                late = self.person(other, self.after(head.birth, -4, 3), Relation.SPOUSE,
                                   ethnicity=eth)
                late.status = ResidentStatus.DECEASED
                late.note = f"{self.today.year - rng.randint(1, 12)}年病故"
                members.append(late)
            return members
        if kind == "single":
            sex = Sex.MALE if self.chance(0.8) else Sex.FEMALE
            return [self.person(sex, self.birth_for_age(25, 64), Relation.HEAD, ethnicity=eth)]
        if kind == "elderly_couple":
            husband, wife = self.couple(
                self.birth_for_age(62, 90), head_is_husband=self.chance(0.9), ethnicity=eth)
            return head_first([husband, wife])
        if kind == "couple":
            low, high = (22, 33) if self.chance(0.5) else (45, 59)
            husband, wife = self.couple(
                self.birth_for_age(low, high), head_is_husband=self.chance(0.85), ethnicity=eth)
            return head_first([husband, wife])
        if kind == "nuclear":
            husband, wife = self.couple(
                self.birth_for_age(26, 56), head_is_husband=self.chance(0.88), ethnicity=eth)
            kids = self.children(husband, wife, self.kid_count())
            members = [husband, wife, *kids]
            young = [k for k in kids if self.age(k.birth) < 16]
            if young and self.chance(0.12):  # husband works in the city; wife stays behind
                husband.residence = ResidenceStatus.PERSON_AWAY
                husband.note = "外出务工"
                wife.add_care(CareCategory.LEFT_BEHIND_WOMAN)
            for kid in kids:
                if self.age(kid.birth) >= 18 and self.chance(0.35):
                    kid.residence = ResidenceStatus.PERSON_AWAY
                    kid.note = "在外务工" if self.age(kid.birth) >= 22 else "在外上学"
            return head_first(members)
        if kind == "three_generations":
            husband, wife = self.couple(
                self.birth_for_age(30, 55), head_is_husband=self.chance(0.9), ethnicity=eth)
            head = husband if husband.relation is Relation.HEAD else wife
            kids = self.children(husband, wife, self.kid_count())
            elders = self.parents_of(head)
            young = [k for k in kids if self.age(k.birth) < 16]
            if young and elders and self.chance(0.18):  # both parents work far away
                for p in (husband, wife):
                    p.residence = ResidenceStatus.PERSON_AWAY
                    p.note = "外出务工"
                for k in young:
                    k.add_care(CareCategory.LEFT_BEHIND_CHILD)
                for e in elders:
                    if self.age(e.birth) >= 60:
                        e.add_care(CareCategory.LEFT_BEHIND_ELDERLY)
            return head_first([husband, wife, *kids, *elders])
        if kind in ("skip_generation", "old_head"):
            return self.old_head_family(eth, left_behind=kind == "skip_generation")
        raise ValueError(kind)

    def old_head_family(self, eth: Ethnicity, *, left_behind: bool) -> list[Person]:
        """Grandparents as 户主 with a married son, his wife and grandchildren, built from the
        youngest generation up so every age gap is plausible. ``left_behind``: the son's
        couple works away and the grandchildren stay with the grandparents (留守)."""
        rng = self.rng
        grandchild_birth = self.birth_for_age(1, 14) if left_behind else self.birth_for_age(0, 20)
        dil_birth = grandchild_birth - timedelta(days=rng.randint(int(21 * YEAR), int(33 * YEAR)))
        son_birth = self.after(dil_birth, -6, 0)
        grandma_birth = son_birth - timedelta(days=rng.randint(int(21 * YEAR), int(32 * YEAR)))
        grandpa_birth = self.after(grandma_birth, -5, 0)
        widowed = self.chance(0.25)
        grandpa = self.person(
            Sex.MALE, grandpa_birth, Relation.HEAD, ethnicity=eth,
        )
        grandma = self.person(
            Sex.FEMALE, grandma_birth, Relation.SPOUSE, ethnicity=eth,
            address_code=self.spouse_code(),
        )
        elders = [grandpa, grandma]
        if widowed or self.age(grandpa_birth) > 95:
            elders = [grandma]
            grandma.relation = Relation.HEAD
        son = self.person(
            Sex.MALE, son_birth, Relation.SON, surname=grandpa.surname, ethnicity=eth,
        )
        dil = self.person(
            Sex.FEMALE, dil_birth, Relation.OTHER, address_code=self.spouse_code(),
            ethnicity=eth if self.chance(0.9) else self.ethnicity(),
        )
        dil.note = "儿媳"
        kids = [Person(
            surname=son.surname, given="", sex=Sex.MALE if self.chance(0.52) else Sex.FEMALE,
            birth=grandchild_birth, relation=Relation.GRANDCHILD, ethnicity=eth,
            address_code=self.county,
        )]
        kids[0].given = self.given_name(kids[0].sex, grandchild_birth)
        more = self.after(grandchild_birth, 1.5, 6)
        possible = more < self.today - timedelta(days=30) and age_on(dil_birth, more) <= 40
        if possible and self.chance(0.45):
            sex = Sex.MALE if self.chance(0.52) else Sex.FEMALE
            kid = self.person(sex, more, Relation.GRANDCHILD, surname=son.surname, ethnicity=eth)
            if kid.given != kids[0].given:
                kids.append(kid)
        if left_behind:
            for p in (son, dil):
                p.residence = ResidenceStatus.PERSON_AWAY
                p.note = "儿媳，外出务工" if p is dil else "外出务工"
            for k in kids:
                if self.age(k.birth) < 16:
                    k.add_care(CareCategory.LEFT_BEHIND_CHILD)
            for e in elders:
                if self.age(e.birth) >= 60:
                    e.add_care(CareCategory.LEFT_BEHIND_ELDERLY)
        return [*elders, son, dil, *kids]

    def migrant_family(self, *, tenants: bool) -> list[Person]:
        """Migrant workers renting here: a family renting a whole house, or tenants in rooms."""
        code = self.rng.choice(PLACES.migrant_regions)
        eth = self.ethnicity()
        if tenants:
            count = 1 if self.chance(0.6) else 2
            people = [
                self.person(
                    Sex.MALE if self.chance(0.7) else Sex.FEMALE, self.birth_for_age(19, 52),
                    Relation.OTHER, ethnicity=eth,
                    address_code=self.rng.choice(PLACES.migrant_regions),
                )
                for _ in range(count)
            ]
            for p in people:
                p.note = "租户"
        else:
            husband, wife = self.couple(
                self.birth_for_age(24, 50), head_is_husband=self.chance(0.8), ethnicity=eth,
                code=code,
            )
            people = [husband, wife] if self.chance(0.8) else [husband]
            if husband.relation is not Relation.HEAD and len(people) == 1:
                husband.relation = Relation.HEAD
            if len(people) == 2:
                people += self.children(husband, wife, self.kid_count(), max_age=15)
            people = head_first(people)
        for p in people:
            p.population_type = PopulationType.MIGRANT
            p.residence = ResidenceStatus.HUKOU_AWAY
        return people
