"""What can go wrong talking to gridcenter, as typed errors with messages a worker can act on.

Every error is a :class:`~gridworker.domain.errors.GridworkerError`: a code (and params) whose
words are in :mod:`gridworker.domain.messages` (``message`` is them in Chinese, for the CLI;
the UI says each in its own words, ``gridworker.ui.errors.sync_text``). Messages never
contain tokens or personal data.
"""

from __future__ import annotations

from typing import Any

from ..domain.errors import GridworkerError
from ..domain.messages import has_words, render


class SyncError(GridworkerError):
    """Base of every sync failure. Nothing a failed step received has been written."""

    code = "sync_failed"


class ServerUnreachable(SyncError):
    """No answer: offline, DNS failure, connection refused, timeout. Try again later."""

    code = "offline"

    def __init__(self, message: str = "", *, detail: str = ""):
        super().__init__(message)
        self.detail = detail
        """Technical cause (exception class and text) for the copyable details; no tokens."""


Offline = ServerUnreachable


class AuthFailed(SyncError):
    """Signing in did not work or the session ended: the user must sign in (again)."""

    code = "auth_failed"

    def __init__(
        self, message: str = "", *, code: str, retry_after: int | None = None,
        params: dict[str, Any] | None = None,
    ):
        super().__init__(message, code=code, params=params)
        self.retry_after = retry_after

    @classmethod
    def from_code(
        cls, code: str, server_message: str = "", retry_after: int | None = None
    ) -> AuthFailed:
        params: dict[str, Any] = {}
        if code == "account_locked":
            params["minutes"] = max(1, round((retry_after or 900) / 60))
        # refresh_invalid, unauthenticated, token_expired have words; a code the centre adds
        # later says the same as they do
        message = "" if has_words(code) else render("token_expired")
        return cls(message, code=code, retry_after=retry_after, params=params)


class ProtocolMismatch(SyncError):
    """The server does not speak this app's protocol version: the app must be updated."""

    code = "protocol_unsupported"

    def __init__(self, supported: list[Any] | None = None):
        super().__init__()
        self.supported = list(supported or [])


class ServerError(SyncError):
    """The server answered with an error this step cannot handle (4xx/5xx)."""

    code = "server_error"

    def __init__(
        self,
        code: str,
        message: str,
        status: int,
        details: dict[str, Any] | None = None,
    ):
        text = message or f"服务器返回错误（{status}）"
        super().__init__(f"服务器拒绝了请求：{text}", code=code)
        self.server_message = message
        self.status = status
        self.details = details or {}


class MalformedResponse(SyncError):
    """The answer was not what the protocol promises (not JSON, wrong shape, truncated …).
    Nothing from it was written."""

    code = "malformed_response"

    def __init__(self, detail: str):
        super().__init__()
        self.detail = detail


class Cancelled(SyncError):
    """The user stopped the sync; what was finished before stays finished."""

    code = "cancelled"

    def __init__(self) -> None:
        super().__init__()


class AccountMismatch(SyncError):
    """This workspace holds another account's or server's data."""

    code = "account_mismatch"
