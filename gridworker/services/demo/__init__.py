"""Synthetic but realistic village data for demos, training, manual testing and benchmarks.

Families whose ages, sexes and relations fit together, ID numbers that validate, care
categories at plausible rates and a visit history in which some households are overdue, all
from one ``random.Random(seed)`` (ids included): a seed always gives the same village. How it
is made, the rates it aims at and how to change a table without shifting every seed's
output: docs/demo-data.md. The tables themselves are in ``resources/demo/``.

Modules: :mod:`.tables` (reads the tables), :mod:`.names`, :mod:`.places`, :mod:`.people`
(a person and the small draws), :mod:`.families` (household shapes), :mod:`.categories`
(care and management categories, tags), :mod:`.households`, :mod:`.visits` and
:mod:`.village` (the generator). Loading a village into a workspace is
``gridworker.storage.bulk.load_village``.
"""

from __future__ import annotations

from .village import VillageData, generate_village
from .visits import HISTORY_DAYS

__all__ = ["HISTORY_DAYS", "VillageData", "generate_village"]
