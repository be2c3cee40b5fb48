"""The sync's keys in the workspace settings table, and reading and writing a setting.

One row of ``settings`` per key, its value JSON; the caller owns the session (and so the
transaction the value is written in, e.g. a pull page's cursor with its page).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..storage.models import SettingRow

KEY_SERVER = "sync.server_url"
KEY_ACCOUNT = "sync.account"
KEY_CURSOR = "sync.cursor"
KEY_LAST_SYNC = "sync.last_sync"
KEY_CLIENT_ID = "sync.client_id"


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    return default if row is None else row.value


def put_setting(session: Session, key: str, value: Any) -> None:
    """Set ``key`` to ``value``; ``None`` removes the key."""
    row = session.get(SettingRow, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value


def account_name(session: Session) -> str:
    """The signed-in account's user name ("" when unknown)."""
    account = get_setting(session, KEY_ACCOUNT)
    name = account.get("username") if isinstance(account, dict) else None
    return name if isinstance(name, str) else ""
