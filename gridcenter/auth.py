"""Sign-in: Argon2id passwords, short-lived signed access tokens, rotating refresh tokens.

- Access tokens are JWTs (HS256 with the instance secret) carrying ``sub`` (username),
  ``uid``, ``role`` and ``exp``. The role in the token is informative only: every request
  re-reads the user, so a deactivated account or a changed role takes effect at once.
- Refresh tokens are random, stored only as SHA-256, single use. Each use spends the token and
  issues a new one of the same *family*; presenting a spent token again means a copy exists
  somewhere, so the whole family is revoked (the user signs in again).
- Five consecutive failed logins lock the account for 15 minutes. Everything is audited.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from gridworker.sync.protocol import ErrorCode

from .audit import audit
from .config import Settings
from .db import Database
from .errors import ApiError
from .models import refresh_tokens, users
from .util import later_iso, new_id, now_iso, parse_iso, utcnow

ROLES = ("worker", "station", "supervisor", "centre_admin")

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
"""Argon2id with OWASP's recommended minimum (m=19 MiB, t=2, p=1): ~25 ms a check here
instead of the library default's ~0.2 s and 64 MiB, so 200 workers signing in at shift start
fit in the client's timeout on two cores. Hashes made with other parameters still verify and
are upgraded at the next successful sign-in."""
_dummy_hash: str | None = None
_hash_slots = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
"""Argon2 computations at once in this process. Each costs one core and its memory for a while:
a login storm (200 workers at shift start) would otherwise run 40 at once per process (the
request thread pool), every one finishing only at the end of the storm, past the client's
30 s timeout, after thrashing 2.5 GiB of memory. Queued, they finish one after another."""


def _dummy() -> str:
    """Verified against when the username is unknown, so timing does not reveal which names
    exist. Made on first use: hashing costs ~0.1 s, which every CLI start would pay."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("gridcenter-dummy-password")
    return _dummy_hash


def hash_password(password: str) -> str:
    with _hash_slots:
        return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        with _hash_slots:
            return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class Caller:
    """The signed-in user of one request."""

    user_id: str
    username: str
    display_name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "centre_admin"


def _caller(row: Any) -> Caller:
    return Caller(row.id, row.username, row.display_name, row.role)


def issue_access_token(settings: Settings, caller: Caller) -> str:
    now = int(utcnow().timestamp())
    claims = {
        "sub": caller.username,
        "uid": caller.user_id,
        "role": caller.role,
        "iat": now,
        "exp": now + settings.access_ttl,
        "typ": "access",
    }
    return jwt.encode(claims, settings.secret_key, algorithm="HS256")


def authenticate(db: Database, settings: Settings, authorization: str | None) -> Caller:
    """The caller behind an ``Authorization: Bearer`` header, or 401."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(401, ErrorCode.UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})
    token = authorization[7:].strip()
    try:
        claims = jwt.decode(
            token, settings.secret_key, algorithms=["HS256"], options={"require": ["exp", "sub"]}
        )
    except jwt.ExpiredSignatureError:
        raise ApiError(401, ErrorCode.TOKEN_EXPIRED) from None
    except jwt.InvalidTokenError:
        raise ApiError(401, ErrorCode.UNAUTHENTICATED) from None
    if claims.get("typ") != "access" or not isinstance(claims.get("uid"), str):
        raise ApiError(401, ErrorCode.UNAUTHENTICATED)
    with db.read() as conn:
        row = conn.execute(select(users).where(users.c.id == claims["uid"])).first()
    if row is None or not row.active:
        raise ApiError(401, ErrorCode.UNAUTHENTICATED)
    return _caller(row)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _issue_refresh(
    conn: Connection, settings: Settings, user_id: str, family_id: str, device: str
) -> str:
    token = secrets.token_urlsafe(32)
    conn.execute(
        insert(refresh_tokens),
        [
            {
                "token_hash": _token_hash(token),
                "family_id": family_id,
                "user_id": user_id,
                "device": device[:100],
                "issued_at": now_iso(),
                "expires_at": later_iso(settings.refresh_ttl),
                "spent_at": None,
                "revoked": False,
            }
        ],
    )
    return token


def _session(settings: Settings, caller: Caller, refresh: str, me: dict) -> dict:
    return {
        "access_token": issue_access_token(settings, caller),
        "access_expires_in": settings.access_ttl,
        "refresh_token": refresh,
        "user": me,
    }


def login(
    db: Database, settings: Settings, username: str, password: str, device: str, me_of: Any
) -> dict:
    """Check the password and start a new token family. ``me_of(conn, caller)`` builds Me."""
    with db.read() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None or not row.active:
        verify_password(_dummy(), password)
        with db.write() as conn:
            audit(conn, "login", username[:50], "", "unknown_or_inactive", success=False)
        raise ApiError(401, ErrorCode.BAD_CREDENTIALS)
    if row.locked_until and parse_iso(row.locked_until) > utcnow():
        retry = max(1, int((parse_iso(row.locked_until) - utcnow()).total_seconds()) + 1)
        with db.write() as conn:
            audit(conn, "login", row.username, f"user:{row.id}", "locked", success=False)
        raise ApiError(423, ErrorCode.ACCOUNT_LOCKED, details={"retry_after": retry})
    ok = verify_password(row.password_hash, password)  # slow on purpose; outside the lock
    with db.write() as conn:
        if not ok:
            failures = conn.execute(
                update(users)
                .where(users.c.id == row.id)
                .values(failed_logins=users.c.failed_logins + 1)
                .returning(users.c.failed_logins)
            ).scalar_one()
            audit(conn, "login", row.username, f"user:{row.id}", "bad_password", success=False)
            if failures >= settings.max_failed_logins:
                conn.execute(
                    update(users)
                    .where(users.c.id == row.id)
                    .values(failed_logins=0, locked_until=later_iso(settings.lockout_seconds))
                )
                audit(conn, "lockout", row.username, f"user:{row.id}",
                      f"{failures} failed logins", success=False)
                locked = ApiError(
                    423, ErrorCode.ACCOUNT_LOCKED, details={"retry_after": settings.lockout_seconds}
                )
            else:
                locked = None
        else:
            values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
            if _hasher.check_needs_rehash(row.password_hash):
                values["password_hash"] = hash_password(password)
            conn.execute(update(users).where(users.c.id == row.id).values(**values))
            caller = _caller(row)
            refresh = _issue_refresh(conn, settings, row.id, new_id(), device)
            audit(conn, "login", row.username, f"user:{row.id}", "ok", success=True)
            me = me_of(conn, caller)
    if not ok:
        raise locked or ApiError(401, ErrorCode.BAD_CREDENTIALS)
    return _session(settings, caller, refresh, me)


def refresh(db: Database, settings: Settings, token: str, me_of: Any) -> dict:
    """Spend ``token`` and issue the next one of its family; reuse revokes the family."""
    digest = _token_hash(token)
    reuse = False
    with db.write() as conn:
        row = conn.execute(
            select(refresh_tokens).where(refresh_tokens.c.token_hash == digest)
        ).first()
        user = (
            conn.execute(select(users).where(users.c.id == row.user_id)).first() if row else None
        )
        if row is None or user is None:
            audit(conn, "refresh", None, "", "unknown_token", success=False)
            problem = "unknown"
        elif row.revoked:
            audit(conn, "refresh", user.username, f"family:{row.family_id}", "revoked",
                  success=False)
            problem = "revoked"
        elif row.spent_at is not None:
            _revoke_family(conn, row.family_id)
            audit(conn, "refresh_reuse", user.username, f"family:{row.family_id}",
                  "spent token presented again; family revoked", success=False)
            problem = "reuse"
            reuse = True
        elif parse_iso(row.expires_at) <= utcnow() or not user.active:
            audit(conn, "refresh", user.username, f"family:{row.family_id}", "expired_or_inactive",
                  success=False)
            problem = "expired"
        else:
            spent = conn.execute(
                update(refresh_tokens)
                .where(refresh_tokens.c.token_hash == digest, refresh_tokens.c.spent_at.is_(None))
                .values(spent_at=now_iso())
            ).rowcount
            problem = None if spent == 1 else "race"
            if problem is None:
                caller = _caller(user)
                new_token = _issue_refresh(conn, settings, user.id, row.family_id, row.device)
                audit(conn, "refresh", user.username, f"family:{row.family_id}", "ok")
                me = me_of(conn, caller)
    if problem is not None:
        details = {"reason": "reuse"} if reuse else {}
        raise ApiError(401, ErrorCode.REFRESH_INVALID, details=details)
    return _session(settings, caller, new_token, me)


def _revoke_family(conn: Connection, family_id: str) -> None:
    conn.execute(
        update(refresh_tokens).where(refresh_tokens.c.family_id == family_id).values(revoked=True)
    )


def logout(db: Database, token: str) -> None:
    with db.write() as conn:
        row = conn.execute(
            select(refresh_tokens).where(refresh_tokens.c.token_hash == _token_hash(token))
        ).first()
        if row is not None:
            _revoke_family(conn, row.family_id)
            user = conn.execute(select(users.c.username).where(users.c.id == row.user_id)).first()
            audit(conn, "logout", user.username if user else None, f"family:{row.family_id}")
