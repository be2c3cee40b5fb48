"""Every error reaches one place: a readable message, with details to copy for support."""

from __future__ import annotations

import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import GridworkerError


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def readable(exc: BaseException) -> str:
    """The sentence a person sees. Our own errors carry one; anything else is a fault."""
    if isinstance(exc, GridworkerError):
        return exc.message
    if isinstance(exc, OSError) and getattr(exc, "errno", None) == 28:
        return _tr("磁盘空间不足，无法保存。请清理磁盘后重试，已填写的内容仍保留在表单中。")
    if isinstance(exc, PermissionError):
        return _tr("没有权限读写该文件或文件夹：{0}").format(getattr(exc, "filename", "") or "")
    return _tr("程序出现意外错误。已填写的内容不会丢失；请将详细信息复制给技术支持。")


def details(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _tr("出错了"))
    box.setText(readable(exc))
    if not isinstance(exc, GridworkerError):
        box.setDetailedText(details(exc))
    box.setTextInteractionFlags(box.textInteractionFlags())
    box.open()


def install_excepthook(parent_getter: object) -> None:
    """Route uncaught exceptions (UI thread and Python threads) to ``show_error``."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(exc_type, exc, tb)
        parent = parent_getter() if callable(parent_getter) else None
        show_error(parent, exc)

    sys.excepthook = hook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook
