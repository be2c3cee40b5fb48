"""Every error reaches one place: a readable message, with details to copy for support."""

from __future__ import annotations

import errno
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ..api import (
    AuthFailed,
    Cancelled,
    GridworkerError,
    MalformedResponse,
    ProtocolMismatch,
    ServerError,
    ServerUnreachable,
    SyncError,
)
from ..domain.errors import DiskFull
from .messages import error_text, message_text

SESSION_ENDED = frozenset({"refresh_invalid", "token_expired", "unauthenticated", "not_signed_in"})
"""AuthFailed codes that mean: sign in again (nothing local is lost)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def _trn(text: str, n: int) -> str:
    """``text`` with ``%n`` for a count, in the plural form ``n`` needs."""
    return QCoreApplication.translate("errors", text, "", n)


def sync_text(exc: SyncError) -> str:
    """A sync failure in plain words, from its type and code (translated, unlike the
    message the sync layer carries for the CLI)."""
    if isinstance(exc, ServerUnreachable):
        return _tr("无法连接到服务器：请检查网络连接。本机数据都已保存，联网后会自动同步。")
    if isinstance(exc, AuthFailed):
        if exc.code == "bad_credentials":
            return _tr("账号或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。")
        if exc.code == "account_locked":
            minutes = max(1, round((exc.retry_after or 900) / 60))
            return _trn(
                "账号因多次输错密码已被锁定，请约 %n 分钟后再试，或联系网格管理中心。", minutes
            )
        if exc.code == "account_disabled":
            return _tr("此账号已被停用，请联系管理员。")
        if exc.code == "not_signed_in":
            return _tr("尚未登录：请先登录，再同步。")
        return _tr("登录已过期，请重新登录。本机的修改都已保存，登录后会继续同步。")
    if isinstance(exc, ProtocolMismatch):
        return _tr("服务器已升级，当前版本无法与其同步：请更新应用。本机数据不受影响。")
    if isinstance(exc, Cancelled):
        return _tr("同步已取消。已完成的部分已保存，下次同步会从中断处继续。")
    if isinstance(exc, MalformedResponse):
        return _tr(
            "服务器的回复无法识别，本次同步未写入任何数据。请稍后再试；如果反复出现，请联系技术支持。"
        )
    if isinstance(exc, ServerError):
        if exc.code == "redirect":
            return exc.message  # names the address it was sent to
        if exc.code == "rate_limited":
            wait = exc.details.get("retry_after")
            if isinstance(wait, int) and not isinstance(wait, bool) and wait > 0:
                return _trn("尝试过于频繁，请约 %n 秒后再试。", wait)
            return _tr("尝试过于频繁，请稍后再试。")
        if exc.server_message:  # the centre's words are Chinese: say it from the code
            return message_text("server_refused", code=exc.code)  # (the details quote them)
        return _tr("服务器出错（{0}），请稍后再试。").format(exc.status)
    return error_text(exc)


def readable(exc: BaseException) -> str:
    """The sentence a person sees. Our own errors carry one; anything else is a fault."""
    if isinstance(exc, SyncError):
        return sync_text(exc)
    if isinstance(exc, DiskFull) or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC):
        return _tr(
            "磁盘空间不足，本次操作未能保存；之前保存的数据都完好，正在填写的内容也仍在表单中。"
            "请清理磁盘（例如删除不需要的文件）后重试。"
        )
    if isinstance(exc, GridworkerError):
        return error_text(exc)
    if isinstance(exc, PermissionError):
        return _tr("没有权限读写该文件或文件夹：{0}").format(getattr(exc, "filename", "") or "")
    return _tr("程序出现意外错误。已填写的内容不会丢失；请将详细信息复制给技术支持。")


def details(exc: BaseException) -> str:
    """What support needs, to copy: the traceback of a fault; for a sync error its type,
    code and technical cause (never a token: the sync layer keeps them out)."""
    if isinstance(exc, SyncError):
        lines = [f"{type(exc).__name__} ({exc.code})", exc.message]
        for name in ("status", "server_message", "detail", "retry_after", "supported"):
            value = getattr(exc, name, None)
            if value not in (None, "", []):
                lines.append(f"{name}: {value}")
        return "\n".join(lines)
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def show_error(
    parent: QWidget | None, exc: BaseException, title: str | None = None
) -> QMessageBox:
    """A window-modal message with the readable sentence (selectable) and, for faults and
    sync errors, the details behind a button, to copy for support."""
    box = QMessageBox(parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _tr("出错了"))
    box.setText(readable(exc))
    if isinstance(exc, SyncError) or not isinstance(exc, GridworkerError):
        box.setDetailedText(details(exc))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def install_excepthook(parent_getter: object) -> None:
    """Route uncaught exceptions on the UI thread to ``show_error``, after the hooks already
    there (the support log's, see ``gridworker.logs``, then Python's, which prints the
    traceback). Python threads keep their hook: it logs and prints."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        previous(exc_type, exc, tb)
        parent = parent_getter() if callable(parent_getter) else None
        show_error(parent, exc)

    hook.previous = previous  # type: ignore[attr-defined]  # gridworker.logs follows it
    sys.excepthook = hook
