"""Sign-in tokens: the only module that keeps them.

The refresh token (opaque, single use, rotating) is stored per (server URL, username) in the
operating system's keyring through ``keyring``. The short-lived access token lives only in
memory. Passwords are never stored: they go straight from the prompt to the login request.

Where no usable keyring backend exists (a headless Linux without Secret Service, a locked
down Windows profile), the refresh token is kept in memory only: ``persistent`` is False,
``explanation`` says so in plain Chinese, and the user signs in at each start. Nothing here
logs or prints a token; ``repr()`` of these objects shows none.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

from .errors import AuthFailed

if TYPE_CHECKING:
    from .client import ApiClient

SERVICE = "gridworker"
NO_KEYRING = (
    "这台电脑没有可用的系统密码保管服务（钥匙串），登录状态只能保留到程序关闭："
    "每次启动后需要重新登录。密码本身从不保存。"
)
_REFRESH_MARGIN = 30.0  # seconds: refresh an access token this long before it expires


class CredentialStore(Protocol):
    persistent: bool
    """True if a stored token survives the process (a real keyring)."""
    explanation: str
    """Why it is not persistent, in plain words ('' when it is)."""

    def get(self, server: str, username: str) -> str | None: ...

    def set(self, server: str, username: str, token: str) -> None: ...

    def delete(self, server: str, username: str) -> None: ...


def _key(server: str, username: str) -> str:
    return f"{server}|{username}"


_PROCESS_MEMORY: dict[str, str] = {}
_MEMORY_LOCK = threading.Lock()


class MemoryStore:
    """Refresh tokens kept in this process only (no usable keyring, or tests)."""

    persistent = False

    def __init__(self, explanation: str = NO_KEYRING, *, shared: bool = False):
        self.explanation = explanation
        self._tokens: dict[str, str] = _PROCESS_MEMORY if shared else {}

    def get(self, server: str, username: str) -> str | None:
        with _MEMORY_LOCK:
            return self._tokens.get(_key(server, username))

    def set(self, server: str, username: str, token: str) -> None:
        with _MEMORY_LOCK:
            self._tokens[_key(server, username)] = token

    def delete(self, server: str, username: str) -> None:
        with _MEMORY_LOCK:
            self._tokens.pop(_key(server, username), None)

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._tokens)} tokens)"


class KeyringStore:
    """The OS keyring; falls back to memory for good if the backend fails on use."""

    def __init__(self, backend: Any):
        self.backend = backend
        self.persistent = True
        self.explanation = ""
        self._fallback: MemoryStore | None = None

    def _fail(self) -> MemoryStore:
        if self._fallback is None:
            self._fallback = MemoryStore(shared=True)
            self.persistent = False
            self.explanation = NO_KEYRING
        return self._fallback

    def get(self, server: str, username: str) -> str | None:
        if self._fallback is not None:
            return self._fallback.get(server, username)
        try:
            return self.backend.get_password(SERVICE, _key(server, username))
        except Exception:  # keyring errors, D-Bus errors, locked collections …
            return self._fail().get(server, username)

    def set(self, server: str, username: str, token: str) -> None:
        if self._fallback is None:
            try:
                self.backend.set_password(SERVICE, _key(server, username), token)
                return
            except Exception:
                pass
        self._fail().set(server, username, token)

    def delete(self, server: str, username: str) -> None:
        if self._fallback is not None:
            self._fallback.delete(server, username)
        # PasswordDeleteError when absent; nothing else to do.
        with contextlib.suppress(Exception):
            self.backend.delete_password(SERVICE, _key(server, username))

    def __repr__(self) -> str:
        return f"KeyringStore({type(self.backend).__name__}, persistent={self.persistent})"


def usable_backend(backend: Any) -> bool:
    """False for keyring's fail/null backends and a chainer with nothing to chain."""
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return False
    try:
        from keyring.backends import null

        if isinstance(backend, null.Keyring):
            return False
    except ImportError:  # pragma: no cover - older keyring
        pass
    if isinstance(backend, chainer.ChainerBackend):
        return bool(getattr(backend, "backends", ()))
    return True


def open_store() -> CredentialStore:
    """The keyring if a usable backend exists, else a process-memory store that says why."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception:
        return MemoryStore(shared=True)
    if not usable_backend(backend):
        return MemoryStore(shared=True)
    return KeyringStore(backend)


class TokenKeeper:
    """The session with one (server, account): access token in memory, refresh token stored.

    Implements ``client.Auth``. A refresh spends the stored refresh token, so the new one is
    stored before anything else happens.
    """

    def __init__(self, store: CredentialStore, server: str, username: str):
        self.store = store
        self.server = server
        self.username = username
        self._access: str | None = None
        self._expires_at = 0.0
        # One refresh at a time: a sync and a photo download (or two downloads) finding the
        # access token stale together would otherwise both spend the same refresh token, and
        # the server's answer to the second (spent) one ends the session.
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"TokenKeeper({self.server!r}, {self.username!r})"

    @property
    def signed_in(self) -> bool:
        """A session can be used without asking for the password."""
        return self._access is not None or self.store.get(self.server, self.username) is not None

    def _take(self, answer: dict[str, Any]) -> None:
        self.store.set(self.server, self.username, answer["refresh_token"])
        self._access = answer["access_token"]
        lifetime = float(answer.get("access_expires_in") or 900)
        self._expires_at = time.monotonic() + lifetime

    def login(self, client: ApiClient, password: str, device: str = "") -> dict[str, Any]:
        """Sign in; returns the server's ``user`` (Me). The password is not kept."""
        answer = client.login(self.username, password, device)
        if answer["user"].get("username") not in (None, self.username):
            raise AuthFailed.from_code("bad_credentials")
        self._take(answer)
        return dict(answer["user"])

    def access_token(self, client: ApiClient) -> str:
        with self._lock:
            fresh = time.monotonic() < self._expires_at - _REFRESH_MARGIN
            if self._access is not None and fresh:
                return self._access
            return self.refresh(client)

    def refresh(self, client: ApiClient) -> str:
        with self._lock:  # the next caller reads the refresh token this one stored
            token = self.store.get(self.server, self.username)
            if token is None:
                self._access = None
                raise AuthFailed.from_code("not_signed_in")
            try:
                answer = client.refresh(token)
            except AuthFailed:
                self.forget()
                raise
            self._take(answer)
            assert self._access is not None
            return self._access

    def forget(self) -> None:
        self._access = None
        self.store.delete(self.server, self.username)

    def logout(self, client: ApiClient | None) -> None:
        """Revoke the session on the server when reachable, and forget it here regardless."""
        from .errors import SyncError

        token = self.store.get(self.server, self.username)
        try:
            if token and client is not None:
                client.logout(token)
        except SyncError:
            pass  # offline or already revoked: forgetting locally is what matters
        finally:
            self.forget()
