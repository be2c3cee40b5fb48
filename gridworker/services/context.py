"""What every service needs: the database, the photo store, who is acting, and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.entities import Actor
from ..domain.frequency import VisitFrequencyPolicy
from ..storage.database import Database
from ..storage.photos import PhotoStore


@dataclass
class ServiceContext:
    db: Database
    photos: PhotoStore
    actor: Actor
    policy: VisitFrequencyPolicy = field(default_factory=VisitFrequencyPolicy)
    clock: Callable[[], datetime] = datetime.now

    def now(self) -> datetime:
        # Stored times are naive local time at second precision: what a worker reads on paper.
        return self.clock().replace(microsecond=0)
