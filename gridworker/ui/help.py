"""The 帮助 menu: the shortcut list, how sync works, and the About box.

The shortcut list is read from the window's own actions when it opens (menus first, in menu
order, then every other action under the window), so it stays true when actions are added.
The About box says what support asks first: the version, where the data and the log are, and
which centre the workspace syncs with, as selectable text with a button to copy it.
"""

from __future__ import annotations

import platform
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, logs

_MNEMONIC = re.compile(r"\(&[^)]\)|&(?=[^&])")


def plain_text(text: str) -> str:
    """An action's or menu's text without its mnemonic (``退出(&X)``, ``&Work``) or ``…``."""
    return _MNEMONIC.sub("", text).replace("&&", "&").rstrip("…").rstrip(".").strip()


def key_text(action: QAction | QShortcut) -> str:
    """All of an action's shortcuts, as the platform writes them (``Ctrl+Shift+N``)."""
    native = QKeySequence.SequenceFormat.NativeText
    keys = action.shortcuts() if isinstance(action, QAction) else action.keys()
    return " / ".join(k.toString(native) for k in keys if not k.isEmpty())


def _menu_actions(menu: QMenu, path: str) -> Iterable[tuple[QAction, str]]:
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _menu_actions(sub, f"{path} › {plain_text(sub.title())}")
        elif not action.isSeparator():
            yield action, path


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(action, shortcut, where) for every action under ``window`` that has a shortcut:
    menu actions first, in menu order, with the menu as "where"; then the others, with the
    window they belong to (a dialog's title, or the main window); then the ``QShortcut``s
    that say what they do in their ``whatsThis`` (a form's Ctrl+S)."""
    found: list[tuple[QAction | QShortcut, str]] = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            found += _menu_actions(menu, plain_text(menu.title()))
    main = QCoreApplication.translate("ShortcutsDialog", "主窗口")
    others: list[QAction | QShortcut] = [*window.actions(), *window.findChildren(QAction)]
    others += [s for s in window.findChildren(QShortcut) if s.whatsThis()]
    for action in others:
        parent = action.parent()
        owner = parent.window() if isinstance(parent, QWidget) else window
        found.append((action, main if owner is window else plain_text(owner.windowTitle())))
    merged: dict[tuple[str, str], list[str]] = {}  # one row per thing, its keys together
    seen: set[int] = set()
    for action, where in found:
        if id(action) in seen:  # a menu's action is one of the window's actions too
            continue
        seen.add(id(action))
        label = action.text() if isinstance(action, QAction) else action.whatsThis()
        text, keys = plain_text(label), key_text(action)
        if not text or not keys:
            continue
        known = merged.setdefault((text, where or main), [])
        known += [k for k in keys.split(" / ") if k not in known]
    return [(text, " / ".join(keys), where) for (text, where), keys in merged.items()]


def _close_buttons(dialog: QDialog, layout: QVBoxLayout) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


class ShortcutsDialog(QDialog):
    """快捷键: the window's shortcuts, read afresh each time it is shown."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("快捷键"))
        self._window = window
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("操作"), self.tr("快捷键", "column"), self.tr("位置")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        _close_buttons(self, layout)
        self.resize(560, 460)

    def refresh(self) -> None:
        rows = shortcut_rows(self._window)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def rows(self) -> list[tuple[str, ...]]:
        return [
            tuple(self._text(r, c) for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""


class SyncHelpDialog(QDialog):
    """同步是如何工作的: the README's "Working with the centre" in a few plain paragraphs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncHelpDialog")
        self.setWindowTitle(self.tr("同步是如何工作的"))
        paragraphs = [
            self.tr(
                "<b>先存在本机。</b>所有工作都先保存在这台电脑上，没有网络也能照常录入和走访。"
                "每一条修改都先放进本机的待发送队列，直到平台确认收到为止。"
            ),
            self.tr(
                "<b>自动同步。</b>登录后无需手动操作：保存修改几秒后、每隔五分钟、以及离线后"
                "平台重新连得上时，程序都会在后台同步。按 Ctrl+R 或点“同步”立即同步；状态栏中的"
                "“取消”可随时安全地停止，下次从中断处继续。"
            ),
            self.tr(
                "<b>同步的顺序：</b>先上传本机的修改，再下载同事和平台的修改，最后上传照片。"
                "网络中断不会丢失任何内容，照片从平台已收到的位置接着上传。"
            ),
            self.tr(
                "<b>离线时</b>状态栏显示“离线”，修改照常保存在本机，计入待同步的条数，"
                "联网后自动发送。"
            ),
            self.tr(
                "<b>冲突。</b>同一记录的不同字段会自动合并。您和同事把同一项改成了不同的值时，"
                "平台暂时保留它的值，并产生一条冲突：在冲突中心（Ctrl+Shift+K，或点状态栏中的"
                "“冲突”）对照原来的值、我的修改和平台上的值，选择采用哪个，或填写新值。"
                "走访记录不会冲突。"
            ),
            self.tr(
                "<b>被拒绝的修改。</b>平台不接受某条修改时（例如该户已调整到其他网格），"
                "它列在“被拒绝的修改”中，并说明原因。您可以保留一份只读的本地副本，"
                "或放弃这条修改；本机数据不会被悄悄删除。"
            ),
            self.tr(
                "<b>列表中的标记：</b>未发送（已保存在本机，尚未发送）、有冲突（等待您决定）、"
                "被拒绝（鼠标停在上面可看原因）；没有标记表示平台已经收到。"
            ),
        ]
        self.text = QLabel("".join(f"<p>{p}</p>" for p in paragraphs), self)
        self.text.setObjectName("syncHelpText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        _close_buttons(self, layout)
        self.setMinimumWidth(560)


def open_folder(path: Path) -> bool:
    """Show ``path`` in the system's file manager (the tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AboutDialog(QDialog):
    """关于: version, data folder, log file and centre, to read out or copy for support."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("关于网格员工作台"))
        self._window = window
        self.title = QLabel(self.tr("网格员工作台 gridworker {0}").format(__version__), self)
        self.title.setObjectName("aboutTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel(self)
        self.facts.setObjectName("aboutFacts")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.facts.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        hint = QLabel(self.tr("需要技术支持时，请复制以上信息，并附上日志文件。"), self)
        hint.setWordWrap(True)
        hint.setProperty("hint", True)

        self.copy_button = QPushButton(self.tr("复制(&C)"), self)
        self.copy_button.clicked.connect(self.copy)
        self.data_button = QPushButton(self.tr("打开数据文件夹(&D)"), self)
        self.data_button.clicked.connect(lambda: open_folder(self.data_dir()))
        self.log_button = QPushButton(self.tr("打开日志文件夹(&L)"), self)
        self.log_button.clicked.connect(self._open_log_folder)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.data_button, self.log_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        _close_buttons(self, layout)

    def data_dir(self) -> Path:
        return Path(self._window.workspace.data_dir)

    def refresh(self) -> None:
        """Read the facts afresh (the sign-in may have changed since the last time)."""
        binding = self._window.sync.binding
        log_file = logs.log_file()
        lines = [
            self.tr("版本：{0}").format(__version__),
            self.tr("数据文件夹：{0}").format(self.data_dir()),
            self.tr("日志文件：{0}").format(log_file or self.tr("（未启用）")),
            self.tr("平台地址：{0}").format(binding.server if binding else self.tr("未登录")),
            self.tr("账号：{0}").format(binding.username if binding else self.tr("未登录")),
            f"Python {platform.python_version()} · Qt {qVersion()} · {platform.platform(True)}",
        ]
        self.facts.setText("\n".join(lines))
        self.log_button.setEnabled(log_file is not None)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.title.text()}\n{self.facts.text()}")

    def _open_log_folder(self) -> None:
        log_file = logs.log_file()
        if log_file is not None:
            open_folder(log_file.parent)


class HelpMenu(QObject):
    """Builds the 帮助 menu on ``window`` and owns its dialogs (made on first use)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.sync_dialog: SyncHelpDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.shortcuts_action = QAction(self.tr("快捷键…"), window)
        self.shortcuts_action.setObjectName("shortcutsAction")
        self.shortcuts_action.setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+/")])
        self.shortcuts_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        window.addAction(self.shortcuts_action)
        self.sync_action = QAction(self.tr("同步是如何工作的…"), window)
        self.sync_action.triggered.connect(self.show_sync_help)
        self.about_action = QAction(self.tr("关于…"), window)
        self.about_action.setObjectName("aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.menu = window.menuBar().addMenu(self.tr("帮助(&H)"))
        self.menu.setObjectName("helpMenu")
        self.menu.addAction(self.shortcuts_action)
        self.menu.addAction(self.sync_action)
        self.menu.addSeparator()
        self.menu.addAction(self.about_action)

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self.window)
        self.shortcuts_dialog.refresh()
        _show(self.shortcuts_dialog)
        return self.shortcuts_dialog

    def show_sync_help(self) -> SyncHelpDialog:
        if self.sync_dialog is None:
            self.sync_dialog = SyncHelpDialog(self.window)
        _show(self.sync_dialog)
        return self.sync_dialog

    def show_about(self) -> AboutDialog:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self.window)
        self.about_dialog.refresh()
        _show(self.about_dialog)
        return self.about_dialog


def _show(dialog: QDialog) -> None:
    """Non-modal: the window stays usable while help is open."""
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
