"""Workspace settings: who works here (until sign-in arrives with sync) and local rules."""

from __future__ import annotations

from typing import Any

from ..domain.entities import Actor
from ..domain.frequency import VisitFrequencyPolicy
from ..domain.vocab import Role
from ..storage.database import Database
from ..storage.models import SettingRow

DEFAULT_ACTOR = Actor(username="local", display_name="本机用户", role=Role.WORKER)


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    with db.reading() as s:
        row = s.get(SettingRow, key)
        return default if row is None else row.value


def put_setting(db: Database, key: str, value: Any) -> None:
    with db.transaction() as s:
        row = s.get(SettingRow, key)
        if row is None:
            s.add(SettingRow(key=key, value=value))
        else:
            row.value = value


def load_actor(db: Database) -> Actor:
    raw = get_setting(db, "profile")
    if not raw:
        return DEFAULT_ACTOR
    return Actor(username=raw["username"], display_name=raw["display_name"], role=Role(raw["role"]))


def save_actor(db: Database, actor: Actor) -> None:
    put_setting(
        db,
        "profile",
        {"username": actor.username, "display_name": actor.display_name, "role": actor.role.value},
    )


def load_policy(db: Database) -> VisitFrequencyPolicy:
    """The deployment's visit-frequency rules (settings key ``visit_frequency``)."""
    raw = get_setting(db, "visit_frequency")
    return VisitFrequencyPolicy.from_mapping(raw) if raw else VisitFrequencyPolicy()


def save_policy(db: Database, policy: VisitFrequencyPolicy) -> None:
    put_setting(db, "visit_frequency", policy.to_mapping())
