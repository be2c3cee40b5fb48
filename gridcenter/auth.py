"""Sign-in: Argon2id passwords, short-lived signed access tokens, rotating refresh tokens.

- Access tokens are JWTs (HS256 with the instance secret) carrying ``sub`` (username),
  ``uid``, ``role`` and ``exp``. The role in the token is informative only: every request
  re-reads the user, so a deactivated account or a changed role takes effect at once.
- Refresh tokens are random, stored only as SHA-256, single use. Each use spends the token and
  issues a new one of the same *family*; presenting a spent token again means a copy exists
  somewhere, so the whole family is revoked (the user signs in again).
- Five consecutive failed logins lock the account for 15 minutes. Everything is audited.
- A deactivated account is answered 403 ``account_disabled``, but only to a caller who proves
  to be its owner (the right password, a kept refresh token, a still-valid access token); a
  wrong password gets the same 401 ``bad_credentials`` as an unknown name.
- One client address may fail at most ``auth_rate_limit`` sign-ins (login or refresh) in
  ``auth_rate_window`` seconds (:class:`AuthThrottle`), whichever accounts it tries: the
  per-account lockout alone lets one address spray a password across every account.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from gridrules.ids import random_id
from gridworker.sync.protocol import ErrorCode

from .audit import audit
from .config import Settings
from .db import Database
from .errors import ApiError
from .models import refresh_tokens, users
from .util import later_iso, now_iso, parse_iso, utcnow

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
    if row is None:
        raise ApiError(401, ErrorCode.UNAUTHENTICATED)
    if not row.active:
        with db.write() as conn:
            audit(conn, "access", row.username, f"user:{row.id}", "account_disabled",
                  success=False)
        raise ApiError(403, ErrorCode.ACCOUNT_DISABLED)
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
        # The real hash for a deactivated account, the dummy for an unknown name: the same
        # cost either way. Only the right password learns that the account is deactivated.
        ok = verify_password(row.password_hash if row is not None else _dummy(), password)
        with db.write() as conn:
            if row is not None and ok:
                audit(conn, "login", row.username, f"user:{row.id}", "account_disabled",
                      success=False)
            elif row is not None:
                audit(conn, "login", row.username, f"user:{row.id}", "unknown_or_inactive",
                      success=False)
            else:
                # Not a user name the centre knows: maybe a password typed into the wrong
                # field, so it is never written down; the attempt is, as an unknown name.
                audit(conn, "login", None, "", "unknown_name", success=False)
        if row is not None and ok:
            raise ApiError(403, ErrorCode.ACCOUNT_DISABLED)
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
            refresh = _issue_refresh(conn, settings, row.id, random_id(), device)
            audit(conn, "login", row.username, f"user:{row.id}", "ok", success=True)
            me = me_of(conn, caller)
    if not ok:
        raise locked or ApiError(401, ErrorCode.BAD_CREDENTIALS)
    return _session(settings, caller, refresh, me)


def refresh(db: Database, settings: Settings, token: str, me_of: Any) -> dict:
    """Spend ``token`` and issue the next one of its family; reuse revokes the family."""
    digest = _token_hash(token)
    reuse = False
    problem: str | None
    with db.write() as conn:
        row = conn.execute(
            select(refresh_tokens).where(refresh_tokens.c.token_hash == digest)
        ).first()
        user = (
            conn.execute(select(users).where(users.c.id == row.user_id)).first() if row else None
        )
        expired = row is not None and parse_iso(row.expires_at) <= utcnow()
        if row is None or user is None:
            audit(conn, "refresh", None, "", "unknown_token", success=False)
            problem = "unknown"
        elif not user.active and row.spent_at is None and not expired:
            # A kept session of a deactivated account (deactivating revoked it): its holder
            # is told why, instead of a "sign in again" that cannot work either.
            audit(conn, "refresh", user.username, f"family:{row.family_id}", "account_disabled",
                  success=False)
            problem = "disabled"
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
        elif expired or not user.active:
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
    if problem == "disabled":
        raise ApiError(403, ErrorCode.ACCOUNT_DISABLED)
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


# ---------------------------------------------------------------------------------------------
# Failed sign-ins per client address

T = TypeVar("T")
RATE_LIMITED_MESSAGE = "本网络的登录失败次数过多，请约 {0} 秒后再试。"
COUNTED_STATUSES = frozenset({401, 403, 423})
"""Sign-in answers that count as a failure: bad credentials or refresh token, locked or
deactivated account. Malformed requests (422) cost no password check and are not counted."""


@dataclass(slots=True)
class _Address:
    failures: deque[float] = field(default_factory=deque)
    refused: int = 0
    """Attempts refused since the last audit row about this address."""
    audited_at: float | None = None


class AuthThrottle:
    """At most ``limit`` failed sign-ins per client address in any ``window`` seconds (a
    sliding window over the failure times), in this process.

    Only failures count. A successful sign-in costs nothing, so 200 workers behind one
    address (a township office's NAT, or the benchmark's 200 simulated workers on
    127.0.0.1) can all sign in at shift start, while one address spraying guessed passwords
    over many accounts is stopped after ``limit`` guesses a window. Refused attempts are not
    counted either (they cost no password check): the address may try again as soon as its
    oldest failure leaves the window (``Retry-After``). A success does not clear the count,
    or one known account would let an attacker reset it between guesses.

    Process-local on purpose: no extra service to run. With ``serve --workers N`` each
    process counts on its own (at most N × limit); behind a load balancer the limit is per
    API process, and the client address is the one uvicorn reports (X-Forwarded-For only
    from trusted proxies, see its ``--forwarded-allow-ips``). At most ``max_addresses`` are
    remembered; the least recently failing is forgotten first."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = 10_000,
    ):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_addresses = max_addresses
        self._addresses: dict[str, _Address] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def _prune(self, entry: _Address, now: float) -> None:
        failures = entry.failures
        while failures and failures[0] <= now - self.window:
            failures.popleft()

    def wait(self, address: str) -> float | None:
        """Seconds until ``address`` may try again, or None when it may try now."""
        if not self.enabled:
            return None
        with self._lock:
            entry = self._addresses.get(address)
            if entry is None:
                return None
            now = self.clock()
            self._prune(entry, now)
            if len(entry.failures) < self.limit:
                return None
            return max(0.0, entry.failures[0] + self.window - now)

    def failed(self, address: str) -> None:
        """Count one failed sign-in of ``address``."""
        if not self.enabled:
            return
        with self._lock:
            now = self.clock()
            entry = self._addresses.pop(address, None) or _Address()
            self._prune(entry, now)
            entry.failures.append(now)
            self._addresses[address] = entry  # most recent last
            while len(self._addresses) > self.max_addresses:
                del self._addresses[next(iter(self._addresses))]

    def refused(self, address: str) -> int | None:
        """Note one refused attempt. Returns how many refusals to write to the audit log now
        (the first refusal of an address, then at most one row a window), else None."""
        with self._lock:
            entry = self._addresses.get(address)
            if entry is None:  # forgotten meanwhile
                entry = self._addresses[address] = _Address()
            entry.refused += 1
            now = self.clock()
            if entry.audited_at is not None and now - entry.audited_at < self.window:
                return None
            count, entry.refused, entry.audited_at = entry.refused, 0, now
            return count


def address_tag(settings: Settings, address: str) -> str:
    """A pseudonym of a client address for the audit log: the same address reads the same,
    but the address itself (personal data) is never stored."""
    digest = hmac.new(settings.secret_key, address.encode("utf-8"), hashlib.sha256)
    return "addr:" + digest.hexdigest()[:16]


def throttled_sign_in(
    db: Database,
    settings: Settings,
    throttle: AuthThrottle,
    address: str,
    endpoint: str,
    attempt: Callable[[], T],
) -> T:
    """Run one sign-in ``attempt`` (login or refresh) for ``address``: refused with 429
    ``rate_limited`` and ``Retry-After`` while the address is over its limit (before any
    password check or token use), counted when it fails."""
    wait = throttle.wait(address)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        report = throttle.refused(address)
        if report is not None:
            with db.write() as conn:
                audit(conn, "rate_limited", None, address_tag(settings, address),
                      f"{endpoint}: {report} refused", success=False)
        raise ApiError(
            429,
            ErrorCode.RATE_LIMITED,
            RATE_LIMITED_MESSAGE.format(seconds),
            details={"retry_after": seconds},
            headers={"Retry-After": str(seconds)},
        )
    try:
        return attempt()
    except ApiError as exc:
        if exc.status in COUNTED_STATUSES:
            throttle.failed(address)
        raise
