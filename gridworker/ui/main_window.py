"""The main window: household list with instant search on the left, the household on the right.

Every database call goes through the window's TaskRunner; the window only ever holds snapshots.
Sync runs in the background through the window's SyncController (on demand with Ctrl+R, after
local saves, periodically and when the centre answers again); the status bar says where the
work stands, and a sync that brought rows refreshes the list and the open household.
``ready`` is emitted once the household list's first page is on screen (the start-up bench
and the tests wait for it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..api import Binding, SyncReport, Workspace, WorkspaceStatus
from ..domain.entities import Grid
from ..services.roster_view import HouseholdDetail, HouseholdSummary
from .columns import list_table, size_columns
from .draft_keeper import DraftKeeper
from .errors import readable, show_error
from .help import HelpMenu
from .household_actions import HouseholdActions
from .household_detail import HouseholdDetailPane, summary_from_detail
from .household_model import (
    COLUMN_SAMPLES,
    ID_ROLE,
    Column,
    HouseholdFilter,
    HouseholdModel,
)
from .search_box import SearchPanel
from .settings import app_settings
from .sign_in import SignInDialog
from .sync_controller import SyncController, SyncPhase
from .sync_status import SyncStatus
from .tasks import TaskRunner
from .window_geometry import GeometryKeeper

SETTINGS_LANGUAGE = "ui/language"
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
SELECT_DELAY_MS = 60  # coalesce arrow-key repeats before loading a household


class MainWindow(QMainWindow):
    ready = Signal()  # the household list's first page is showing
    households_loaded = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
        *,
        sync: SyncController | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.tasks = tasks or TaskRunner(self)
        if self.tasks.on_error is None:
            self.tasks.on_error = self.show_error
        self.sync = sync or SyncController(workspace, self.tasks, self)
        self._sign_in_dialog: SignInDialog | None = None
        self._ready = False
        self._syncing_selection = False
        self._resident_editor: Any = None
        self._visit_view: Any = None
        self._conflict_centre: Any = None
        self._pending_select: str | None = None
        self._focus_residents_after_load = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("网格员工作台"))

        # left: filter + household list, wrapped by the search panel -------------------
        self.model = HouseholdModel(self)
        self.table = list_table(self, "householdTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(Column.GROUP, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _index: self.detail.residents.setFocus())

        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("filterCombo")
        for which in HouseholdFilter:
            self.filter_combo.addItem(which.label, which.value)
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        filter_label = QLabel(self.tr("筛选(&L)："), self)
        filter_label.setBuddy(self.filter_combo)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(0, 0, 0, 0)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_combo)
        filter_row.addStretch(1)
        filter_row.addWidget(self.count_label)

        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(4)
        list_layout.addLayout(filter_row)
        list_layout.addWidget(self.table, 1)

        self.search = SearchPanel(workspace, self.tasks, list_page, self)
        self.search.household_chosen.connect(self.open_household)

        # right: the household ------------------------------------------------------------
        self.detail = HouseholdDetailPane(workspace, self.tasks, self)
        self.detail.loaded.connect(self._detail_loaded)
        self.detail.edit_resident_requested.connect(self.edit_resident)
        self.detail.visit_saved.connect(self._visit_saved)
        self.household_actions = HouseholdActions(workspace, self.tasks, self)
        self.household_actions.saved.connect(self._household_saved)
        self.household_actions.resident_removed.connect(self._resident_removed)
        self.household_actions.edit_resident_requested.connect(self.edit_resident)
        self.detail.visit_open_requested.connect(self.open_visit)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([650, 630])
        # 今日 (Ctrl+1) is a page beside the household list and detail (Ctrl+2), built the
        # first time it is asked for (start-up shows the list).
        self._today: Any = None
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 6, 8, 4)
        outer.addWidget(self.pages)
        self.setCentralWidget(central)

        self.setTabOrder(self.search.edit, self.filter_combo)
        self.setTabOrder(self.filter_combo, self.table)
        self.setTabOrder(self.table, self.detail.residents)
        self.setTabOrder(self.detail.residents, self.detail.visits)

        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(SELECT_DELAY_MS)
        self._select_timer.timeout.connect(self._load_selected)

        self._build_actions()
        self._build_status_bar()
        # Fits the screen it opens on; geometry and splitters come back as they were left.
        self.geometry_keeper = GeometryKeeper(
            self, app_settings, "mainWindow", splitters=(self.splitter, self.detail.lists)
        )

    # -- building ------------------------------------------------------------------------
    def _size_columns(self) -> None:
        size_columns(self.table, COLUMN_SAMPLES(), stretch=Column.CARE)

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

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        bar.addPermanentWidget(self.counts_label)
        self.sync_status = SyncStatus(self.sync, bar, self)
        self.sync_label = self.sync_status.sync_label
        self.sync_status.details_requested.connect(self.show_error)
        self.sync_status.open_requested.connect(self.show_conflict_centre)
        self.operator_label = QLabel(
            self.tr("操作员：{0}").format(self.workspace.actor.display_name), self
        )
        self.operator_label.setObjectName("operatorLabel")
        bar.addPermanentWidget(self.operator_label)

        self.sync.phase_changed.connect(self._sync_phase_changed)
        self.sync.synced.connect(self._synced)
        self.sync.index_finished.connect(self._index_finished)
        self.sync.sync_failed.connect(self._sync_failed)
        self.sync.cancelled.connect(self._sync_cancelled)
        self.sync.sign_in_needed.connect(self.sign_in)
        self.sync.signed_out.connect(self._signed_out)
        self.sync.binding_changed.connect(self._binding_changed)

    # -- loading -------------------------------------------------------------------------
    def start(self) -> None:
        """Load the household list, then the status bar and title (both off the UI thread)."""
        self.count_label.setText(self.tr("正在载入…"))
        workspace = self.workspace
        self.tasks.run(workspace.households, on_success=self._households_arrived)
        self.tasks.run(lambda: (workspace.grids(), workspace.status()), on_success=self._status)
        self.sync.start()

    def refresh(self) -> None:
        """Reload list, current household and counts; the selection stays where it was."""
        current = self.current_household_id()
        workspace = self.workspace
        self.tasks.run(
            workspace.households,
            on_success=lambda rows: self._households_arrived(rows, keep=current),
        )
        self.tasks.run(lambda: (workspace.grids(), workspace.status()), on_success=self._status)
        if self.detail.household_id and not self.detail.visit_form_open():
            self.detail.reload()
        if self._today is not None:
            self._today.refresh()

    def _households_arrived(
        self, rows: list[HouseholdSummary], keep: str | None = None
    ) -> None:
        self._syncing_selection = True
        try:
            self.model.set_rows(rows)
            keep = keep or self._pending_select
            if keep:
                self._select_row(keep)
        finally:
            self._syncing_selection = False
        self._update_count()
        self.households_loaded.emit(len(rows))
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)  # after the first page is laid out

    def _status(self, result: tuple[list[Grid], WorkspaceStatus]) -> None:
        grids, status = result
        names = "、".join(g.name for g in grids)
        self.setWindowTitle(
            self.tr("网格员工作台 — {0}").format(names) if names else self.tr("网格员工作台")
        )
        self.counts_label.setText(
            " · ".join((
                self.tr("%n 户", "", status.households),
                self.tr("%n 人", "", status.residents),
                self.tr("%n 次走访", "", status.visits),
            ))
        )  # fmt: skip
        self.operator_label.setText(
            self.tr("操作员：{0}").format(self.workspace.actor.display_name)
        )
        self.sync_status.show_status(status)

    def _update_count(self) -> None:
        shown, total = self.model.total_count(), self.model.all_count()
        if self.model.current_filter is HouseholdFilter.ALL:
            self.count_label.setText(self.tr("共 %n 户", "", total))
        else:
            self.count_label.setText(self.tr("{0} 户 / 共 %n 户", "", total).format(shown))

    # -- selection -----------------------------------------------------------------------
    def current_household_id(self) -> str | None:
        index = self.table.currentIndex()
        if index.isValid():
            return str(index.data(ID_ROLE))
        return self.detail.household_id

    def _select_row(self, household_id: str) -> bool:
        row = self.model.row_of(household_id)
        if row < 0:
            self.table.clearSelection()
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def select_household(self, household_id: str) -> None:
        """Select a household in the list (if the filter shows it) and open it."""
        self._syncing_selection = True
        try:
            self._select_row(household_id)
        finally:
            self._syncing_selection = False
        self.detail.show_household(household_id)
        self._update_actions()

    def open_household(self, household_id: str, resident_id: str | None = None) -> None:
        """Open a search hit: the household in the detail pane, the resident selected."""
        self._syncing_selection = True
        try:
            self._select_row(household_id)
        finally:
            self._syncing_selection = False
        self.detail.show_household(household_id, focus_resident=resident_id)
        self._focus_residents_after_load = True
        self._update_actions()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing_selection or not current.isValid():
            return
        self._select_timer.start()

    def _load_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.detail.show_household(str(index.data(ID_ROLE)))
        self._update_actions()

    def _filter_changed(self, _index: int) -> None:
        which = HouseholdFilter(self.filter_combo.currentData())
        current = self.current_household_id()
        self._syncing_selection = True
        try:
            self.model.set_filter(which)
            if current:
                self._select_row(current)
        finally:
            self._syncing_selection = False
        self._update_count()

    def _detail_loaded(self, detail: HouseholdDetail) -> None:
        summary = summary_from_detail(detail)
        known = self.model.find(summary.id)
        if known is not None and known != summary:
            self.model.update_row(summary)
        if self._focus_residents_after_load:
            self._focus_residents_after_load = False
            self.detail.residents.setFocus()
        self._update_actions()

    def _update_actions(self) -> None:
        has_household = self.detail.household_id is not None or self.table.currentIndex().isValid()
        self.new_visit_action.setEnabled(has_household)
        self.new_resident_action.setEnabled(has_household)
        self.edit_resident_action.setEnabled(self.detail.detail is not None)
        for action in (self.edit_household_action, self.household_status_action,
                       self.remove_resident_action):
            action.setEnabled(self.detail.detail is not None)

    # -- pages ---------------------------------------------------------------------------
    @property
    def today(self) -> Any:
        """The 今日 page (:class:`~.today_view.TodayView`), built on first use."""
        if self._today is None:
            from .today_view import TodayView, wire  # loaded on first use

            self._today = TodayView(self.workspace, self.tasks, self)
            wire(self, self._today)
            self.pages.addWidget(self._today)
        return self._today

    def show_today(self) -> None:
        self.pages.setCurrentWidget(self.today)
        self.today_action.setChecked(True)
        self.today.focus_cards()

    def show_households(self) -> None:
        self.households_action.setChecked(True)
        if self.pages.currentWidget() is not self.splitter:
            self.pages.setCurrentWidget(self.splitter)
            self.table.setFocus()

    def search_households(self) -> None:
        self.show_households()
        self.search.focus_search()

    # -- actions -------------------------------------------------------------------------
    def new_visit(self) -> None:
        if self.detail.detail is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.show_households()  # the form opens beside the list, not behind 今日
        self.detail.start_visit()

    def _visit_saved(self, household_id: str, _visit_id: str) -> None:
        self.statusBar().showMessage(self.tr("走访已保存"), 4000)
        self.detail.show_household(household_id)  # its `loaded` updates the list row
        self._refresh_status()
        self.sync.local_change()

    def visit_view(self) -> Any:
        if self._visit_view is None:
            from .visit_view import VisitView  # loaded on first use

            view = VisitView(self.workspace, self.tasks, self)
            view.amended.connect(self._visit_amended)
            self._visit_view = view
        return self._visit_view

    def open_visit(self, visit_id: str, amend: bool = False) -> Any:
        """The saved visit in full (photos, corrections); ``amend``: its 更正 form at once."""
        view = self.visit_view()
        view.show_visit(visit_id, amend=amend)
        return view

    def _visit_amended(self, household_id: str, _visit_id: str) -> None:
        self.statusBar().showMessage(self.tr("更正已保存"), 4000)
        if self.detail.household_id == household_id:
            self.detail.show_household(household_id)
        self._refresh_status()
        self.sync.local_change()

    def _refresh_status(self) -> None:
        workspace = self.workspace
        self.tasks.run(lambda: (workspace.grids(), workspace.status()), on_success=self._status)
        if self._today is not None:
            self._today.refresh()

    def resident_editor(self) -> Any:
        if self._resident_editor is None:
            from .resident_editor import ResidentEditor  # loaded on first use

            editor = ResidentEditor(self.workspace, self.tasks, self)
            editor.saved.connect(self._resident_saved)
            editor.finished.connect(lambda _result: self.detail.refresh_drafts())  # kept?
            self._resident_editor = editor
        return self._resident_editor

    def new_resident(self) -> None:
        household_id = self.detail.household_id
        if household_id is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.resident_editor().new_resident(household_id)

    def edit_selected_resident(self) -> None:
        resident_id = self.detail.current_resident_id()
        if resident_id is None:
            self.statusBar().showMessage(self.tr("请先在居民列表中选择一人"), 4000)
            return
        self.edit_resident(resident_id)

    def edit_resident(self, resident_id: str) -> None:
        self.resident_editor().edit_resident(resident_id)

    def _resident_saved(self, resident_id: str) -> None:
        self.statusBar().showMessage(self.tr("居民信息已保存"), 4000)
        household_id = self.detail.household_id
        if household_id:
            self.detail.show_household(household_id, focus_resident=resident_id)
        self._refresh_status()
        self.sync.local_change()

    def edit_household(self) -> None:
        if self.detail.household_id is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.household_actions.edit_household(self.detail.household_id)

    def change_household_status(self) -> None:
        if self.detail.household_id is None:
            self.statusBar().showMessage(self.tr("请先在左侧选择一户"), 4000)
            return
        self.household_actions.change_status(self.detail.household_id)

    def remove_selected_resident(self) -> None:
        resident_id = self.detail.current_resident_id()
        if resident_id is None:
            self.statusBar().showMessage(self.tr("请先在居民列表中选择一人"), 4000)
            return
        self.household_actions.remove_resident(resident_id)

    def _household_saved(self, household_id: str, add_resident: bool) -> None:
        """Reload the list (a new household joins it), open the household, sync."""
        self.statusBar().showMessage(self.tr("户信息已保存"), 4000)

        def arrived(rows: list[HouseholdSummary]) -> None:
            self._households_arrived(rows, keep=household_id)
            self.select_household(household_id)

        self.tasks.run(self.workspace.households, on_success=arrived)
        self._refresh_status()
        self.sync.local_change()
        if add_resident:
            self.resident_editor().new_resident(household_id)

    def _resident_removed(self, household_id: str) -> None:
        self.statusBar().showMessage(self.tr("已删除误录的居民"), 4000)
        self.detail.show_household(household_id)
        self._refresh_status()
        self.sync.local_change()

    def set_language(self, code: str) -> None:
        app_settings().setValue(SETTINGS_LANGUAGE, code)
        self.statusBar().showMessage(self.tr("界面语言将在重新启动后生效"), 6000)

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc)

    # -- sync ----------------------------------------------------------------------------
    def sync_now(self) -> None:
        self.sync.sync_now(manual=True)

    def show_conflict_centre(self, which: str = "conflicts") -> Any:
        """Open (or raise) the non-modal conflict centre; ``which``: ``conflicts`` or
        ``rejected`` (the tab to show)."""
        if self._conflict_centre is None:
            from .conflict_centre import ConflictCentre  # loaded on first use

            centre = ConflictCentre(self.workspace, self.tasks, self.sync, self)
            centre.changed.connect(self._refresh_status)
            self._conflict_centre = centre
        from .conflict_centre import TAB_OPEN, TAB_REJECTED

        self._conflict_centre.open_tab(TAB_REJECTED if which == "rejected" else TAB_OPEN)
        return self._conflict_centre

    def sign_in(self, reason: str = "") -> SignInDialog:
        """Open the sign-in dialog (prefilled from the binding), saying ``reason`` if any."""
        dialog = self._sign_in_dialog
        if dialog is None:
            dialog = self._sign_in_dialog = SignInDialog(self.workspace, self.tasks, self)
            dialog.signed_in.connect(self._signed_in)
        dialog.prefill(self.sync.binding)
        dialog.set_reason(reason)
        if not dialog.isVisible():
            dialog.open()
        return dialog

    def _binding_changed(self, binding: Binding | None) -> None:
        dialog = self._sign_in_dialog
        if dialog is not None and dialog.isVisible() and not dialog.busy:
            dialog.prefill(binding)  # opened before the binding was known
            dialog.first_empty_field().setFocus()

    def _signed_in(self, binding: Binding) -> None:
        self.statusBar().showMessage(
            self.tr("已登录：{0}（{1}）").format(binding.display_name, binding.username), 5000
        )
        self._refresh_status()
        self.sync.signed_in(binding)

    def sign_out(self) -> None:
        self.sync.sign_out()

    def _signed_out(self) -> None:
        self.statusBar().showMessage(
            self.tr("已退出登录。本机数据都已保留，重新登录后继续同步。"), 6000
        )
        self._refresh_status()

    def _sync_phase_changed(self, phase: SyncPhase) -> None:
        self._update_sync_actions()
        error = self.sync.last_error
        if phase is SyncPhase.OFFLINE and self.sync.manual and error is not None:
            self.statusBar().showMessage(readable(error), 8000)  # asked for, so say why not

    def _update_sync_actions(self) -> None:
        busy = self.sync.busy
        self.sync_action.setEnabled(not busy)
        self.cancel_sync_action.setEnabled(busy)
        self.sign_out_action.setEnabled(self.sync.can_sync)
        self.toolbar_sign_in_action.setVisible(not self.sync.can_sync)

    def _synced(self, report: SyncReport) -> None:
        if report.nothing_happened:
            self._refresh_status()
        else:
            self.refresh()  # list, open household and status: rows may have arrived
            if self._visit_view is not None and self._visit_view.isVisible():
                self._visit_view.reload()  # a colleague's correction, or ours now sent

    def _index_finished(self, complete: bool) -> None:
        if complete:
            self.search.refresh()  # hits shown while the index was missing lacked pinyin

    def _sync_failed(self, exc: BaseException) -> None:
        self._refresh_status()
        if self.sync.manual:
            self.show_error(exc)

    def _sync_cancelled(self) -> None:
        self.statusBar().showMessage(
            self.tr("同步已取消。已完成的部分已保存，下次同步会从中断处继续。"), 6000
        )
        self.refresh()  # what was pushed or pulled before the cancel changes rows' states

    def closeEvent(self, event: QCloseEvent) -> None:
        self._select_timer.stop()
        self.sync.stop()
        # What was typed a moment ago reaches its draft (quitting keeps drafts without asking:
        # they come back, marked, when their form opens again).
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush_if_pending()
        self.tasks.wait(10000)  # let a save in flight finish before the workspace closes
        super().closeEvent(event)
