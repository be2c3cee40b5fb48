"""Care and management categories, and household tags, from who actually lives in a household,
at rough real rates (docs/demo-data.md)."""

from __future__ import annotations

from ...domain.vocab import (
    CareCategory,
    HouseholdTag,
    ManagementCategory,
    PopulationType,
    Relation,
    Sex,
)
from .people import Draws, Person
from .tables import MANAGEMENT

__all__ = ["assign_care", "tags_for"]


def assign_care(b: Draws, members: list[Person], tenants: list[Person]) -> None:
    """Care and management categories from who actually lives here, at rough real rates."""
    family = [m for m in members if m not in tenants]
    present = [m for m in family if m.present]
    ages = {id(m): b.age(m.birth) for m in members}
    if len(present) == 1 and ages[id(present[0])] >= 65:
        present[0].add_care(CareCategory.ELDERLY_ALONE)
    elif present and all(m.relation in (Relation.HEAD, Relation.SPOUSE) for m in present):
        # No children at home: the elderly among them are 空巢老人.
        for m in present:
            if ages[id(m)] >= 60:
                m.add_care(CareCategory.EMPTY_NEST)
    for m in members:
        if not m.active:
            continue
        a = ages[id(m)]
        if m.present and a >= 65 and b.chance(0.03 if a < 80 else 0.10):
            m.add_care(CareCategory.INCAPACITATED)
        p_disabled = 0.015 if a < 18 else 0.045 if a < 60 else 0.11 if a < 80 else 0.19
        if b.chance(p_disabled):
            m.add_care(CareCategory.DISABLED)
        p_entitled = 0.04 if (m.sex is Sex.MALE and a >= 55) else 0.007
        if m.population_type is PopulationType.REGISTERED and b.chance(p_entitled):
            m.add_care(CareCategory.ENTITLED)
        if 18 <= a <= 70 and b.chance(0.0025):
            m.management.append(ManagementCategory(MANAGEMENT.pick(b.rng)))
    # 特困 (extreme poverty) for people on their own who cannot work, else 低保 by household.
    registered = [m for m in family if m.active and
                  m.population_type is PopulationType.REGISTERED]
    if not registered:
        return
    lone = present[0] if len(present) == 1 else None
    if lone is not None and (
        ages[id(lone)] >= 60 or CareCategory.DISABLED in lone.care
    ) and b.chance(0.11):
        lone.add_care(CareCategory.EXTREME_POVERTY)
        return
    p = 0.022
    if any(CareCategory.DISABLED in m.care for m in registered):
        p += 0.07
    if any(CareCategory.INCAPACITATED in m.care for m in registered):
        p += 0.05
    if lone is not None:
        p += 0.04
    if b.chance(p):
        for m in registered:
            m.add_care(CareCategory.MINIMUM_ALLOWANCE)

def tags_for(b: Draws, members: list[Person]) -> frozenset[HouseholdTag]:
    tags: list[HouseholdTag] = []
    care = [c for m in members if m.active for c in m.care]
    if CareCategory.MINIMUM_ALLOWANCE in care:
        tags.append(HouseholdTag.MINIMUM_ALLOWANCE)
    if CareCategory.EXTREME_POVERTY in care:
        tags.append(HouseholdTag.EXTREME_POVERTY)
        # Rural 特困 people are still widely filed as 五保户 (the older name).
        old = any(b.age(m.birth) >= 60 for m in members if m.present)
        if old and b.chance(0.6):
            tags.append(HouseholdTag.FIVE_GUARANTEES)
    p_monitor = 0.015 + (0.05 if CareCategory.DISABLED in care else 0.0)
    if b.chance(p_monitor):
        tags.append(HouseholdTag.POVERTY_MONITORING)
    return frozenset(tags)

