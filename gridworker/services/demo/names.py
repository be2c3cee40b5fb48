"""Names: the village's clans, everyone's surname, and given names that fit a birth year."""

from __future__ import annotations

import random
from datetime import date

from ...domain.vocab import Sex
from .tables import CLANS, ERAS, RARE_SURNAMES, SURNAME_SHARES, Weighted

__all__ = ["given_name", "main_clans", "surname_table"]

RARE_WEIGHT = 1.5
"""Weight of each rare or compound surname, against the commonest's share per 10,000."""


def main_clans(rng: random.Random) -> tuple[str, str]:
    """The surnames of the village's two largest clans (never the same one)."""
    main_clan = CLANS.pick(rng)
    second_clan = CLANS.pick(rng)
    if second_clan == main_clan:
        second_clan = "张" if main_clan != "张" else "刘"
    return main_clan, second_clan


def surname_table(clans: tuple[str, str]) -> Weighted:
    """Surnames as common as in the country, rare ones included, and the village's clans."""
    pairs = list(SURNAME_SHARES)
    pairs += [(s, RARE_WEIGHT) for s in RARE_SURNAMES]
    total = sum(w for _, w in pairs)
    # Villages grow from a few clans: the main one is a quarter of the people, the next 12 %.
    pairs.append((clans[0], total * 0.40))
    pairs.append((clans[1], total * 0.17))
    return Weighted(pairs)


def given_name(rng: random.Random, sex: Sex, birth: date, generation: str = "") -> str:
    """A given name typical of ``birth``'s era; with ``generation``, that character plus one."""
    for era in ERAS:  # the last era has no end
        if era.born_before is None or birth.year < era.born_before:
            break
    if generation:
        return generation + rng.choice(era.one[sex])
    if rng.random() < era.single_share:
        return rng.choice(era.one[sex])
    return rng.choice(era.two[sex])
