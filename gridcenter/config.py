"""Settings of one gridcenter instance: where its data lives and how long tokens last.

Everything derives from one data directory so that a test, a demo and a production install
are the same code path with a different folder. The signing secret is generated once into
``<data_dir>/secret.key`` (mode 0600) and never leaves the machine.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

DATABASE_URL_ENV = "GRIDCENTER_DATABASE_URL"
ACCESS_TTL_ENV = "GRIDCENTER_ACCESS_TTL"
"""Seconds an access token lives; tests shorten it to see ``token_expired``."""
AUTH_RATE_LIMIT_ENV = "GRIDCENTER_AUTH_RATE_LIMIT"
"""Failed sign-ins (login or refresh) one client address may make per window; 0 = no limit.
``gridcenter serve --auth-rate-limit`` sets it (for every worker process)."""
AUTH_RATE_WINDOW_ENV = "GRIDCENTER_AUTH_RATE_WINDOW"
"""Length of that window in seconds."""

ACCESS_TTL_SECONDS = 15 * 60
REFRESH_TTL_SECONDS = 30 * 24 * 3600
MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 15 * 60
AUTH_RATE_LIMIT = 30
AUTH_RATE_WINDOW_SECONDS = 60
SECRET_FILE = "secret.key"
DATABASE_FILE = "gridcenter.sqlite3"


def _load_secret(path: Path) -> bytes:
    """Read the signing secret, creating it atomically (O_EXCL) on first use."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        data = path.read_bytes().strip()
        if len(data) < 32:
            raise RuntimeError(f"密钥文件 {path} 已损坏（太短）。") from None
        return data
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_hex(32).encode("ascii"))
    return path.read_bytes().strip()


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: bytes = field(repr=False)
    access_ttl: int = ACCESS_TTL_SECONDS
    refresh_ttl: int = REFRESH_TTL_SECONDS
    max_failed_logins: int = MAX_FAILED_LOGINS
    lockout_seconds: int = LOCKOUT_SECONDS
    auth_rate_limit: int = AUTH_RATE_LIMIT
    """Failed login/refresh attempts per client address per ``auth_rate_window``; 0 = off."""
    auth_rate_window: int = AUTH_RATE_WINDOW_SECONDS

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def load(cls, data_dir: str | Path, database_url: str | None = None) -> Settings:
        """Settings for ``data_dir``; the URL falls back to $GRIDCENTER_DATABASE_URL, then to
        a SQLite file in the data dir."""
        root = Path(data_dir).expanduser().resolve()
        root.mkdir(parents=True, exist_ok=True)
        (root / "blobs").mkdir(exist_ok=True)
        url = database_url or os.environ.get(DATABASE_URL_ENV) or default_database_url(root)
        ttl = int(os.environ.get(ACCESS_TTL_ENV) or ACCESS_TTL_SECONDS)
        return cls(
            data_dir=root,
            database_url=url,
            secret_key=_load_secret(root / SECRET_FILE),
            access_ttl=max(1, ttl),
            auth_rate_limit=max(0, _env_int(AUTH_RATE_LIMIT_ENV, AUTH_RATE_LIMIT)),
            auth_rate_window=max(1, _env_int(AUTH_RATE_WINDOW_ENV, AUTH_RATE_WINDOW_SECONDS)),
        )


def _env_int(name: str, default: int) -> int:
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise RuntimeError(f"环境变量 {name} 应为整数，当前为 {raw!r}。") from None


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / DATABASE_FILE}"
