"""The demo generator's data tables, read once from ``resources/demo/*.json``.

The files hold every name, place, weight and text the generator draws from (each starts with
an ``about`` saying what it holds); this module only turns them into the shapes the drawing
code wants (tuples, vocabulary members, cumulative weights). Order matters: a table's order is
part of what a seed produces, so keep entries in place when editing a file (docs/demo-data.md).
"""

from __future__ import annotations

import bisect
import random
from typing import Any

from gridrules.resources import read_json

from ...domain.vocab import Ethnicity, FindingKind, ManagementCategory, Sex, Vocabulary

__all__ = [
    "CLANS",
    "ERAS",
    "ETHNICITIES",
    "FINDINGS",
    "FINDING_KINDS",
    "HOUSEHOLD_KINDS",
    "MANAGEMENT",
    "MOBILE_PREFIXES",
    "PLACES",
    "RARE_SURNAMES",
    "RETURN_OUTCOMES",
    "SEASON_TOPICS",
    "SUMMER_CHILD_TOPIC",
    "SURNAME_SHARES",
    "SWEEPS",
    "TOPICS",
    "Era",
    "Places",
    "Weighted",
]


class Weighted:
    """Weighted choice with cumulative weights computed once (``random.choices`` redoes it)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: list[tuple[str, float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum: list[float] = []
        running = 0.0
        for _, w in pairs:
            running += w
            self.cum.append(running)
        self.total = running

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_json("demo", name)
    return data


def _weights(table: dict[str, float]) -> list[tuple[str, float]]:
    return [(key, float(weight)) for key, weight in table.items()]


def _coded(table: dict[str, float], vocabulary: type[Vocabulary]) -> Weighted:
    """Weights keyed by ``vocabulary`` codes (a wrong code fails here, not when drawn)."""
    for code in table:
        vocabulary(code)
    return Weighted(_weights(table))


def _texts(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(texts) for key, texts in table.items()}


# -- names -----------------------------------------------------------------------------------

_surnames = _read("surnames.json")
SURNAME_SHARES: list[tuple[str, float]] = _weights(_surnames["common"])
"""The commonest surnames with their share per 10,000 people, commonest first."""
RARE_SURNAMES: tuple[str, ...] = tuple(_surnames["rare"])
CLANS = Weighted(SURNAME_SHARES)
"""The surname of a village's main clans, drawn by how common it is."""


class Era:
    """Given names of the people born before ``born_before`` (``None``: all later years)."""

    __slots__ = ("born_before", "one", "single_share", "two")

    def __init__(self, entry: dict[str, Any]) -> None:
        self.born_before: int | None = entry["born_before"]
        self.single_share: float = entry["single_share"]
        sexes = {Sex.MALE: entry["male"], Sex.FEMALE: entry["female"]}
        self.two = {sex: tuple(names["two"]) for sex, names in sexes.items()}
        self.one = {sex: tuple(names["one"]) for sex, names in sexes.items()}


ERAS: tuple[Era, ...] = tuple(Era(e) for e in _read("given_names.json")["eras"])

# -- people and households -------------------------------------------------------------------

_people = _read("people.json")
HOUSEHOLD_KINDS = Weighted(_weights(_people["household_kinds"]))
ETHNICITIES = _coded(_people["ethnicities"], Ethnicity)
MANAGEMENT = _coded(_people["management_categories"], ManagementCategory)
MOBILE_PREFIXES: tuple[str, ...] = tuple(_people["mobile_prefixes"])


# -- places ----------------------------------------------------------------------------------


class Places:
    """Counties, townships, village names and landmarks (resources/demo/places.json)."""

    __slots__ = (
        "generic_counties", "generic_townships", "known_counties", "landmarks",
        "migrant_regions", "village_names", "village_suffixes",
    )

    def __init__(self, data: dict[str, Any]) -> None:
        self.known_counties: dict[str, tuple[str, tuple[str, ...]]] = {
            code: (county["name"], tuple(county["townships"]))
            for code, county in data["known_counties"].items()
        }
        self.generic_counties: tuple[str, ...] = tuple(data["generic_counties"])
        self.generic_townships: tuple[str, ...] = tuple(data["generic_townships"])
        self.village_suffixes: tuple[str, ...] = tuple(data["village_suffixes"])
        self.village_names: tuple[str, ...] = tuple(data["village_names"])
        self.landmarks: tuple[str, ...] = tuple(data["landmarks"])
        self.migrant_regions: tuple[str, ...] = tuple(data["migrant_regions"])


PLACES = Places(_read("places.json"))

# -- visits ----------------------------------------------------------------------------------

_visits = _read("visits.json")
TOPICS: dict[str, tuple[str, ...]] = _texts(_visits["topics"])
"""What a visit talks about: ``general`` for everyone, the others by who lives there."""
SEASON_TOPICS: dict[str, tuple[str, ...]] = _texts(
    {k: v for k, v in _visits["seasons"].items() if k != "summer_child"}
)
SUMMER_CHILD_TOPIC: str = _visits["seasons"]["summer_child"]
SWEEPS: dict[str, tuple[str, ...]] = _texts(_visits["sweeps"])
FINDINGS: dict[FindingKind, tuple[str, ...]] = {
    FindingKind(kind): tuple(texts) for kind, texts in _visits["findings"].items()
}
FINDING_KINDS = _coded(_visits["finding_weights"], FindingKind)
RETURN_OUTCOMES: tuple[str, ...] = tuple(_visits["return_outcomes"])
