"""HTTP client for gridcenter's sync API (``docs/sync-protocol.md``), on requests.

Every call names the protocol version, has a timeout (connect 5 s, read 30 s), verifies TLS
and counts itself (a sync with nothing to do must cost at most two requests). Steps that are
idempotent by design (push, pull, blob status/upload/download, hello, me) are retried with
capped exponential backoff and jitter on connection errors, timeouts and 429/502/503/504;
sign-in calls are not (a refresh token is spent by the first attempt that reaches the server).
A ``Retry-After`` is honoured up to ``RetryPolicy.max_retry_after`` (a server asking for a
longer pause is answered at once with its error), and the pauses of one call never add up to
more than ``RetryPolicy.max_wait``, so a sync never hangs for minutes.
Answers are decoded with :func:`wire.loads` (NaN/Infinity are not JSON: refused) and checked
by :mod:`gridworker.sync.wire` before use.

Tokens: the client only *carries* the access token it is handed by an :class:`Auth` (see
``credentials.py``), and never logs or stores anything.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import requests

from . import protocol as p
from . import wire
from .errors import (
    AuthFailed,
    Cancelled,
    MalformedResponse,
    ProtocolMismatch,
    ServerError,
    ServerUnreachable,
)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


class Auth(Protocol):
    """Where the client gets its bearer token (implemented by ``credentials.TokenKeeper``)."""

    def access_token(self, client: ApiClient) -> str:
        """A current access token (signing in with the stored refresh token if needed)."""
        ...

    def refresh(self, client: ApiClient) -> str:
        """The access token was answered ``token_expired``: get a new one (once)."""
        ...


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


def check_cancel(cancel: CancelToken | None) -> None:
    """Raise ``Cancelled`` when ``cancel`` is set (a point where a sync may stop)."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 5
    """Tries in all for one idempotent call (1 = no retries)."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0
    """The longest ``Retry-After`` waited for; a server asking more gets no retry."""
    max_wait: float = 60.0
    """All pauses of one call together at most (backoff and Retry-After)."""

    def delay(self, retry: int, rng: Callable[[], float] = random.random) -> float:
        """Backoff before retry number ``retry`` (0-based): capped exponential, half jitter."""
        ceiling = min(self.max_delay, self.base_delay * (2**retry))
        return ceiling / 2 + rng() * ceiling / 2


def normalize_server_url(url: str) -> str:
    """``https://host[:port][/prefix]`` without a trailing slash; raises ValueError if unusable."""
    url = (url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("服务器地址应以 https:// 开头，例如 https://grid.example.cn")
    if url.endswith(p.API_PREFIX):
        url = url[: -len(p.API_PREFIX)]
    return url


class ApiClient:
    """One server. Not thread-safe: one sync at a time uses it."""

    def __init__(
        self,
        base_url: str,
        *,
        auth: Auth | None = None,
        session: requests.Session | None = None,
        sleeper: Callable[[float], None] | None = None,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
        verify: bool | str = True,
        rng: Callable[[], float] = random.random,
        user_agent: str = "gridworker",
    ):
        self.base_url = normalize_server_url(base_url)
        self.auth = auth
        self.http = session or requests.Session()
        self.http.headers.update(
            {
                p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION),
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
                "User-Agent": user_agent,
            }
        )
        self._sleeper = sleeper
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.verify = verify
        self.rng = rng
        self.cancel: CancelToken | None = None
        self.request_count = 0
        """HTTP requests sent (retries and token refreshes included)."""
        self.bytes_sent = 0

    def close(self) -> None:
        self.http.close()

    # -- endpoints -----------------------------------------------------------------------
    def hello(self) -> dict[str, Any]:
        answer = self._json("GET", "/hello", auth=False)
        if not isinstance(answer, dict) or not isinstance(answer.get("protocols"), list):
            raise MalformedResponse("hello: protocols missing")
        if p.PROTOCOL_VERSION not in answer["protocols"]:
            raise ProtocolMismatch(answer["protocols"])
        return answer

    def login(self, username: str, password: str, device: str = "") -> dict[str, Any]:
        body = {"username": username, "password": password, "device": device or _device()}
        return wire.token_answer(
            self._json("POST", "/auth/login", json_body=body, auth=False, idempotent=False)
        )

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        body = {"refresh_token": refresh_token}
        return wire.token_answer(
            self._json("POST", "/auth/refresh", json_body=body, auth=False, idempotent=False)
        )

    def logout(self, refresh_token: str) -> None:
        self._request(
            "POST",
            "/auth/logout",
            json_body={"refresh_token": refresh_token},
            auth=False,
            idempotent=False,
        )

    def me(self) -> dict[str, Any]:
        return wire.me(self._json("GET", "/me"))

    def push(self, client_id: str, entries: Sequence[Mapping[str, Any]]) -> list[wire.PushResult]:
        body = {"client_id": client_id, "entries": list(entries)}
        answer = self._json("POST", "/push", json_body=body, compress=True)
        return wire.push_answer(answer, entries)

    def changes(self, cursor: str | None, limit: int = p.DEFAULT_PULL_LIMIT) -> wire.Page:
        return wire.changes_page(self._json("GET", "/changes", params=_pull_params(cursor, limit)))

    def fetch_changes(self, cursor: str | None, limit: int = p.DEFAULT_PULL_LIMIT) -> bytes:
        """The body of a pull answer, received (and un-gzipped) but not decoded: for reading a
        page ahead in another thread, where decoding would only contend for the GIL with the
        thread writing pages. Decode it with :meth:`changes_from`."""
        response = self._request("GET", "/changes", params=_pull_params(cursor, limit))
        return response.content

    def changes_from(self, body: bytes, cursor: str | None, limit: int) -> wire.Page:
        """The page in a body from :meth:`fetch_changes` for ``cursor``. A body that is not
        JSON (cut off in transit, a captive portal's page) is asked for again, with the
        retries :meth:`changes` has."""
        try:
            value = wire.loads(body)  # NaN/Infinity: MalformedResponse, not asked again
        except ValueError:  # JSONDecodeError, UnicodeDecodeError
            return self.changes(cursor, limit)
        return wire.changes_page(value)

    def blob_status(self, hashes: Sequence[str]) -> dict[str, wire.BlobState]:
        answer = self._json("POST", "/blobs/status", json_body={"hashes": list(hashes)})
        return wire.blob_status(answer, hashes)

    def put_blob(
        self, sha: str, offset: int, total: int, data: bytes, *, retry: bool = True
    ) -> wire.BlobState:
        """Send ``data`` as the bytes of ``sha`` from ``offset``. ``retry=False``: the caller
        asks the server's offset after a failure instead of resending the same chunk (the
        server keeps what arrived before a connection dropped)."""
        response = self._request(
            "PUT",
            f"/blobs/{quote(sha)}",
            params={"offset": offset, "total": total},
            data=data,
            headers={"Content-Type": "application/octet-stream"},
            idempotent=retry,
            parse=True,
        )
        return wire.blob_put(response)

    def get_blob(self, sha: str, variant: str | None = None) -> bytes:
        params = {"variant": variant} if variant else None
        response = self._request("GET", f"/blobs/{quote(sha)}", params=params)
        return response.content

    # -- plumbing ------------------------------------------------------------------------
    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._request(method, path, parse=True, **kwargs)

    def pause(self, retry: int) -> None:
        """Back off before retry number ``retry`` (for callers running their own retries)."""
        self._sleep(self.retry.delay(retry, self.rng))

    def _sleep(self, seconds: float) -> None:
        if self._sleeper is not None:
            self._sleeper(seconds)
        elif self.cancel is not None and hasattr(self.cancel, "wait"):
            self.cancel.wait(seconds)  # wakes up at once when the user cancels
        else:
            time.sleep(seconds)

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        idempotent: bool = True,
        compress: bool = False,
        parse: bool = False,
    ) -> Any:
        """Send one request (retrying transient failures if ``idempotent``); the response, or
        its decoded JSON with ``parse``. A success whose body is not JSON (cut off in transit,
        a captive portal's page) counts as transient too: idempotent steps try again."""
        url = f"{self.base_url}{p.API_PREFIX}{path}"
        send_headers = dict(headers or {})
        body = data
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
            send_headers["Content-Type"] = "application/json"
            if compress and len(body) > 512:
                body = gzip.compress(body, compresslevel=5)
                send_headers["Content-Encoding"] = "gzip"
        attempts = self.retry.attempts if idempotent else 1
        retry = 0
        waited = 0.0
        refreshed = False

        def pause(seconds: float) -> bool:
            """Wait before the next try, if tries and the time budget allow it."""
            nonlocal retry, waited
            if retry + 1 >= attempts or waited + seconds > self.retry.max_wait:
                return False
            self._sleep(seconds)
            waited += seconds
            retry += 1
            return True

        while True:
            check_cancel(self.cancel)
            if auth:
                if self.auth is None:
                    raise AuthFailed.from_code("not_signed_in")
                token = self.auth.access_token(self)
                send_headers["Authorization"] = f"Bearer {token}"
            self.request_count += 1
            self.bytes_sent += len(body or b"")
            try:
                response = self.http.request(
                    method,
                    url,
                    data=body,
                    params=params,
                    headers=send_headers,
                    timeout=self.timeout,
                    verify=self.verify,
                    allow_redirects=False,
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                failure: Exception = ServerUnreachable(detail=_describe(exc))
                transient = True
            except (requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                failure = MalformedResponse(f"truncated or undecodable answer: {_describe(exc)}")
                transient = True
            except requests.RequestException as exc:
                raise ServerUnreachable(detail=_describe(exc)) from exc
            else:
                status = response.status_code
                if status < 300:
                    if not parse:
                        return response
                    try:
                        return wire.loads(response.content)
                    except ValueError:  # JSONDecodeError, UnicodeDecodeError
                        failure = MalformedResponse(f"not JSON (HTTP {status})")
                        if pause(self.retry.delay(retry, self.rng)):
                            continue
                        raise failure from None
                retry_after = self._retry_after(response)
                honoured = retry_after is None or retry_after <= self.retry.max_retry_after
                if (
                    status in TRANSIENT_STATUSES
                    and honoured
                    and pause(retry_after or self.retry.delay(retry, self.rng))
                ):
                    continue
                if 300 <= status < 400:
                    # Not followed: a redirect could carry the bearer token to another host.
                    where = response.headers.get("Location", "")[:200]
                    raise ServerError(
                        "redirect",
                        f"服务器要求跳转到其他地址（{where}），请检查服务器地址"
                        "（例如是否应以 https:// 开头）后重新登录",
                        status,
                    )
                error = _error_of(response)
                code = error.get("code") or ""
                if status == 426 or code == p.ErrorCode.PROTOCOL_UNSUPPORTED:
                    supported = (error.get("details") or {}).get("supported")
                    raise ProtocolMismatch(supported if isinstance(supported, list) else None)
                if status == 401 and code == p.ErrorCode.TOKEN_EXPIRED and auth and not refreshed:
                    assert self.auth is not None
                    self.auth.refresh(self)
                    refreshed = True
                    continue
                raw_details = error.get("details")
                details = raw_details if isinstance(raw_details, dict) else {}
                if status in (401, 423) or code in (
                    p.ErrorCode.BAD_CREDENTIALS,
                    p.ErrorCode.ACCOUNT_LOCKED,
                    p.ErrorCode.ACCOUNT_DISABLED,
                    p.ErrorCode.REFRESH_INVALID,
                ):
                    locked_for = details.get("retry_after")
                    raise AuthFailed.from_code(
                        code or "unauthenticated",
                        error.get("message", ""),
                        locked_for if isinstance(locked_for, int) else None,
                    )
                if status == 429 and retry_after is not None and "retry_after" not in details:
                    details = {**details, "retry_after": math.ceil(retry_after)}
                raise ServerError(
                    code or ("internal" if status >= 500 else "bad_request"),
                    error.get("message", "") if isinstance(error.get("message"), str) else "",
                    status,
                    details,
                )
            if transient and pause(self.retry.delay(retry, self.rng)):
                continue
            raise failure

    def _retry_after(self, response: requests.Response) -> float | None:
        """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), else None."""
        raw = (response.headers.get("Retry-After") or "").strip()
        if not raw:
            return None
        try:
            seconds = float(raw)
        except ValueError:
            try:
                when = parsedate_to_datetime(raw)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - datetime.now(UTC)).total_seconds()
        return max(0.0, seconds) if math.isfinite(seconds) else None


def _pull_params(cursor: str | None, limit: int) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": limit}
    if cursor:
        params["cursor"] = cursor
    return params


def _error_of(response: requests.Response) -> dict[str, Any]:
    """The ``error`` object of an error answer; {} if the body is not the documented shape."""
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _describe(exc: BaseException) -> str:
    """Exception class and message, for copyable details (URLs carry no secrets here)."""
    return f"{type(exc).__name__}: {str(exc)[:300]}"


def _device() -> str:
    try:
        return socket.gethostname()[:100]
    except OSError:
        return "gridworker"
