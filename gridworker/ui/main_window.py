"""The main window: household list with instant search on the left, the household on the right.

Every database call goes through the window's TaskRunner; the window only ever holds snapshots.
Sync runs in the background through the window's SyncController (on demand with Ctrl+R, after
local saves, periodically and when the centre answers again); the status bar says where the
work stands, and a sync that brought rows refreshes the list and the open household.
``ready`` is emitted once the household list's first page is on screen (the start-up bench
and the tests wait for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..api import HouseholdDetail, HouseholdSummary, Workspace, WorkspaceStatus
from ..domain.entities import Grid
from .columns import list_table, size_columns
from .draft_keeper import DraftKeeper
from .errors import show_error
from .household_actions import HouseholdActions
from .household_detail import HouseholdDetailPane
from .household_facts import summary_from_detail
from .household_model import COLUMN_SAMPLES, ID_ROLE, Column, HouseholdFilter, HouseholdModel
from .main_dialogs import WindowDialogs
from .main_menus import SETTINGS_LANGUAGE, WindowMenus
from .main_sync import WindowSync
from .search_box import SearchPanel
from .settings import app_settings
from .sign_in import SignInDialog
from .sync_controller import SyncController
from .tasks import TaskRunner
from .window_geometry import GeometryKeeper

if TYPE_CHECKING:
    from .today_view import TodayView

SELECT_DELAY_MS = 60  # coalesce arrow-key repeats before loading a household


class MainWindow(WindowMenus, WindowDialogs, WindowSync, QMainWindow):
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
        self._resident_editor = None
        self._visit_view = None
        self._conflict_centre = None
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
        self.splitter.setSizes([630, 650])
        # 今日 (Ctrl+1) is a page beside the household list and detail (Ctrl+2), built the
        # first time it is asked for (start-up shows the list).
        self._today = None
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
    def today(self) -> TodayView:
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

    def set_language(self, code: str) -> None:
        app_settings().setValue(SETTINGS_LANGUAGE, code)
        self.statusBar().showMessage(self.tr("界面语言将在重新启动后生效"), 6000)

    def show_error(self, exc: BaseException) -> None:
        show_error(self, exc)

    # -- sync ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self._select_timer.stop()
        self.sync.stop()
        # What was typed a moment ago reaches its draft (quitting keeps drafts without asking:
        # they come back, marked, when their form opens again).
        for keeper in self.findChildren(DraftKeeper):
            keeper.flush_if_pending()
        self.tasks.wait(10000)  # let a save in flight finish before the workspace closes
        super().closeEvent(event)
