"""What can go wrong talking to gridcenter, as typed errors with messages a worker can act on.

Every error is a :class:`~gridworker.domain.errors.GridworkerError`, so the CLI and the UI's
one error handler show ``message`` as is. Messages never contain tokens or personal data.
"""

from __future__ import annotations

from typing import Any

from ..domain.errors import GridworkerError


class SyncError(GridworkerError):
    """Base of every sync failure. Nothing a failed step received has been written."""

    code = "sync_failed"


class ServerUnreachable(SyncError):
    """No answer: offline, DNS failure, connection refused, timeout. Try again later."""

    code = "offline"

    def __init__(self, message: str = "", *, detail: str = ""):
        super().__init__(
            message
            or "无法连接到服务器：请检查网络连接后再试。本机数据都已保存，联网后同步即可。"
        )
        self.detail = detail
        """Technical cause (exception class and text) for the copyable details; no tokens."""


Offline = ServerUnreachable


class AuthFailed(SyncError):
    """Signing in did not work or the session ended: the user must sign in (again)."""

    code = "auth_failed"

    def __init__(self, message: str, *, code: str, retry_after: int | None = None):
        super().__init__(message, code=code)
        self.retry_after = retry_after

    @classmethod
    def from_code(
        cls, code: str, server_message: str = "", retry_after: int | None = None
    ) -> AuthFailed:
        if code == "bad_credentials":
            text = "用户名或密码不正确。连续输错 5 次账号将被锁定 15 分钟。"
        elif code == "account_locked":
            minutes = max(1, round((retry_after or 900) / 60))
            text = f"账号因多次输错密码已被锁定，请约 {minutes} 分钟后再试，或联系网格管理中心。"
        elif code == "account_disabled":
            text = "此账号已被停用，请联系管理员。"
        elif code == "not_signed_in":
            text = "尚未登录：请先运行“gridworker login”登录后再同步。"
        else:  # refresh_invalid, unauthenticated, token_expired after a refresh
            text = "登录已过期，请重新登录。"
        return cls(text, code=code, retry_after=retry_after)


class ProtocolMismatch(SyncError):
    """The server does not speak this app's protocol version: the app must be updated."""

    code = "protocol_unsupported"

    def __init__(self, supported: list[Any] | None = None):
        super().__init__("服务器已升级，当前版本的 gridworker 无法与其同步：请更新应用。")
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
        super().__init__(
            "服务器的回复无法识别，本次同步未写入任何数据。请稍后再试；"
            "如果反复出现，请联系技术支持。"
        )
        self.detail = detail


class Cancelled(SyncError):
    """The user stopped the sync; what was finished before stays finished."""

    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("同步已取消。已完成的部分已保存，下次同步会从中断处继续。")


class AccountMismatch(SyncError):
    """This workspace holds another account's or server's data."""

    code = "account_mismatch"
