"""Cancel means cancel: the one question a form asks when it is closed with unsaved edits,
and the banner that says a form was filled from a draft.

Every form with a :class:`~gridworker.ui.draft_keeper.DraftKeeper` closes through
:func:`confirm_cancel` (取消, Esc, the window's close box) and shows a restored draft with a
:class:`DraftBanner`; see the draft keeper's module docstring for the pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from .draft_keeper import DraftKeeper


def _tr(text: str) -> str:
    return QCoreApplication.translate("DraftPrompt", text)


class CancelChoice(Enum):
    KEEP = "keep"  # 保留草稿: close, the draft stays and comes back (marked) next time
    DISCARD = "discard"  # 放弃修改: close, the draft is deleted
    CONTINUE = "continue"  # 继续编辑: stay in the form (the default: a stray Esc loses nothing)


def ask_unsaved_edits(parent: QWidget) -> CancelChoice:
    """Ask whether to keep or discard the unsaved edits of ``parent``'s form.

    Keyboard: Enter and Esc both mean 继续编辑, so a stray Esc followed by another Esc or
    Enter changes nothing; Alt+K keeps, Alt+D discards, Tab/arrows move between buttons.
    """
    box = QMessageBox(parent)
    box.setObjectName("unsavedEditsBox")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setWindowTitle(_tr("未保存的修改"))
    box.setText(_tr("有尚未保存的修改。要保留为草稿吗？"))
    box.setInformativeText(
        _tr("保留草稿：下次打开时恢复这些内容，并会提示。\n放弃修改：删除草稿，不保存这些内容。")
    )
    keep = box.addButton(_tr("保留草稿(&K)"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_tr("放弃修改(&D)"), QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(_tr("继续编辑(&C)"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is keep:
        return CancelChoice.KEEP
    if clicked is discard:
        return CancelChoice.DISCARD
    return CancelChoice.CONTINUE


def confirm_cancel(
    parent: QWidget, keeper: DraftKeeper, on_discard: Callable[[], None] | None = None
) -> bool:
    """Whether the form may close now; asks first when it has unsaved edits.

    No edits: ``True`` without asking (a pending draft write still lands). Otherwise
    :func:`ask_unsaved_edits`: 保留草稿 writes the draft now and returns ``True``; 放弃修改
    deletes the draft, calls ``on_discard`` (the form clears itself, so nothing it still
    holds can write the draft again) and returns ``True``; 继续编辑 returns ``False``.
    """
    if not keeper.has_unsaved_edits():
        keeper.flush_if_pending()
        return True
    choice = ask_unsaved_edits(parent)
    if choice is CancelChoice.KEEP:
        keeper.flush()
        return True
    if choice is CancelChoice.DISCARD:
        keeper.discard()
        if on_discard is not None:
            on_discard()
        return True
    return False


def close_dialog(
    dialog: QDialog,
    event: QCloseEvent,
    keeper: DraftKeeper,
    *,
    saving: bool,
    on_discard: Callable[[], None] | None = None,
) -> None:
    """``closeEvent`` of a dialog that keeps a draft. The window's close box (a spontaneous
    close) asks like 取消 (:func:`confirm_cancel`; nothing to ask while ``saving``); a close by
    the program (the app quitting) keeps the draft without asking and never blocks."""
    if not dialog.isVisible():
        event.accept()
        return
    if event.spontaneous():
        if not saving and not confirm_cancel(dialog, keeper, on_discard):
            event.ignore()
            return
    else:
        keeper.flush_if_pending()
    QDialog.reject(dialog)  # not QDialog.closeEvent: it calls the dialog's reject(), asking again
    event.accept()


def draft_time_text(saved_at: datetime | None, today: date | None = None) -> str:
    """``14:05`` for a draft from today, ``2026-11-28 14:05`` for an older one."""
    if saved_at is None:
        return ""
    if saved_at.date() == (today or date.today()):
        return saved_at.strftime("%H:%M")
    return saved_at.strftime("%Y-%m-%d %H:%M")


class DraftBanner(QFrame):
    """A bar inside the form: "已恢复上次未保存的草稿（14:05）" and a 放弃草稿 button.

    Hidden until :meth:`show_restored`; ``discard_requested`` when the button is pressed
    (the form deletes the draft and shows the record, or a blank form, again).
    """

    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("draftBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#draftBanner { background: #fff8e1; border: 1px solid #e0b84f;"
            " border-radius: 3px; }"
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet("background: transparent; border: none;")
        self.discard_button = QPushButton(_tr("放弃草稿(&Q)"), self)
        self.discard_button.setToolTip(_tr("删除草稿，恢复为原来的内容"))
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(self.discard_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.discard_button)
        self.hide()

    def show_restored(self, saved_at: datetime | None) -> None:
        when = draft_time_text(saved_at)
        if when:
            self.label.setText(_tr("已恢复上次未保存的草稿（{0}）").format(when))
        else:
            self.label.setText(_tr("已恢复上次未保存的草稿"))
        self.show()

    def clear_message(self) -> None:
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return self.label.text()
