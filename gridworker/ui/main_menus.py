"""The main window's actions, menus and toolbar (every action with its shortcut in the tooltip).

A mixin of :class:`~gridworker.ui.main_window.MainWindow`: the actions are the window's
attributes (``window.new_visit_action`` …), their slots its methods."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from .help import HelpMenu
from .main_state import MainWindowState
from .settings import app_settings

SETTINGS_LANGUAGE = "ui/language"
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))


class WindowMenus(MainWindowState):
    """Builds the window's actions, menu bar and toolbar."""

    def _action(
        self, text: str, shortcut: str | QKeySequence.StandardKey, slot: Any, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        hint = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(self.tr("{0}（{1}）").format(tip or text.rstrip("…"), hint))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.today_action = self._action(
            self.tr("今日"), "Ctrl+1", self.show_today, self.tr("今日待办和我的走访")
        )
        self.households_action = self._action(
            self.tr("户列表"), "Ctrl+2", self.show_households, self.tr("户列表和户详情")
        )
        self.search_action = self._action(self.tr("搜索"), "Ctrl+F", self.search_households)
        pages = QActionGroup(self)  # which page shows: checked in the toolbar and menu
        for page_action in (self.today_action, self.households_action):
            page_action.setCheckable(True)
            pages.addAction(page_action)
        self.households_action.setChecked(True)
        self.new_visit_action = self._action(
            self.tr("新建走访"), "Ctrl+N", self.new_visit, self.tr("为所选户记录一次走访")
        )
        self.new_resident_action = self._action(
            self.tr("新增居民…"), "Ctrl+Shift+N", self.new_resident, self.tr("在所选户新增居民")
        )
        self.edit_resident_action = self._action(
            self.tr("编辑居民…"), "Ctrl+E", self.edit_selected_resident, self.tr("编辑所选居民")
        )
        self.new_household_action = self._action(
            self.tr("新增户…"), "Ctrl+Shift+H", lambda: self.household_actions.new_household(),
            self.tr("在本网格新增一户"),
        )  # fmt: skip
        self.edit_household_action = self._action(
            self.tr("编辑户…"), "Ctrl+Shift+E", self.edit_household,
            self.tr("编辑所选户的地址、户主、电话、房屋类型和标签"),
        )  # fmt: skip
        self.household_status_action = self._action(
            self.tr("户状态…"), "Ctrl+Shift+U", self.change_household_status,
            self.tr("将所选户标为已迁出、空置，或恢复正常"),
        )  # fmt: skip
        self.remove_resident_action = self._action(
            self.tr("删除误录居民…"), "Ctrl+Shift+Del", self.remove_selected_resident,
            self.tr("删除录入错误的居民（迁出或死亡请改为标记状态）"),
        )  # fmt: skip
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh)
        self.sync_action = self._action(
            self.tr("同步"), "Ctrl+R", self.sync_now, self.tr("立即与平台同步")
        )
        self.sync_action.setObjectName("syncAction")
        self.conflicts_action = self._action(
            self.tr("冲突与被拒绝的修改…"), "Ctrl+Shift+K", lambda: self.show_conflict_centre(),
            self.tr("查看并处理同步冲突和被平台拒绝的修改"),
        )  # fmt: skip
        self.conflicts_action.setObjectName("conflictsAction")
        self.cancel_sync_action = QAction(self.tr("取消同步"), self)
        self.cancel_sync_action.setToolTip(self.tr("停止同步：已完成的部分已保存，下次从中断处继续"))
        self.cancel_sync_action.triggered.connect(self.sync.cancel)
        self.sign_in_action = QAction(self.tr("登录…"), self)
        self.sign_in_action.setObjectName("signInAction")
        self.sign_in_action.setToolTip(self.tr("登录网格管理平台"))
        self.sign_in_action.triggered.connect(lambda: self.sign_in())
        self.sign_out_action = QAction(self.tr("退出登录"), self)
        self.sign_out_action.setToolTip(self.tr("退出登录；本机数据都会保留"))
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action = self._action(self.tr("退出"), "Ctrl+Q", self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        bar = self.menuBar()
        work = bar.addMenu(self.tr("工作(&W)"))
        work.addAction(self.today_action)
        work.addAction(self.households_action)
        work.addSeparator()
        work.addAction(self.search_action)
        work.addAction(self.refresh_action)
        work.addSeparator()
        work.addAction(self.quit_action)
        visits = bar.addMenu(self.tr("走访(&V)"))
        visits.addAction(self.new_visit_action)
        households = bar.addMenu(self.tr("户(&H)"))
        households.addActions(
            [self.new_household_action, self.edit_household_action, self.household_status_action]
        )
        residents = bar.addMenu(self.tr("居民(&R)"))
        residents.addAction(self.new_resident_action)
        residents.addAction(self.edit_resident_action)
        residents.addSeparator()
        residents.addAction(self.detail.reveal_id_action)
        residents.addAction(self.detail.reveal_phone_action)
        residents.addSeparator()
        residents.addAction(self.remove_resident_action)
        self.detail.resident_menu_actions.append(self.remove_resident_action)
        self.detail.add_header_action(self.edit_household_action)
        sync_menu = bar.addMenu(self.tr("同步(&Y)"))
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.cancel_sync_action)
        sync_menu.addAction(self.conflicts_action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.sign_in_action)
        sync_menu.addAction(self.sign_out_action)
        settings = bar.addMenu(self.tr("设置(&S)"))
        self.language_menu = QMenu(self.tr("语言"), self)
        settings.addMenu(self.language_menu)
        group = QActionGroup(self)
        current = str(app_settings().value(SETTINGS_LANGUAGE, "") or "zh_CN")
        for code, name in LANGUAGES:
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.setChecked(code == current)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
        self.help = HelpMenu(self)

        toolbar = QToolBar(self.tr("常用操作"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.today_action,
            self.households_action,
            self.search_action,
            self.new_visit_action,
            self.new_household_action,
            self.new_resident_action,
            self.edit_resident_action,
            self.refresh_action,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.sync_action)
        # In the toolbar only while it is needed (the 同步 menu always has it).
        self.toolbar_sign_in_action = toolbar.addAction(self.tr("登录…"))
        self.toolbar_sign_in_action.setToolTip(self.sign_in_action.toolTip())
        self.toolbar_sign_in_action.triggered.connect(lambda: self.sign_in())
        self.addToolBar(toolbar)
        self._update_actions()
        self._update_sync_actions()
