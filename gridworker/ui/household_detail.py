"""The right-hand pane: one household with its residents, its visit timeline and, when a
visit is being logged, the visit form in place of the lists (no dialog to lose).

Loading goes through the TaskRunner; only the newest request's answer is shown. ID numbers
and phones are masked; revealing one asks for a reason and goes through ``Workspace.reveal``,
which audits it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..api import HouseholdDetail, RecordSync, RecordSyncState, Workspace
from ..domain.masking import mask_phone
from ..domain.vocab import HouseholdStatus
from .columns import list_table, size_columns
from .draft_keeper import bound_to
from .flow_layout import WrappingLabel
from .household_facts import due_line, facts_line, redactions_line, residents_line, visits_line
from .household_model import SYNC_COLOURS, sync_label, sync_labels, sync_reason
from .household_reveal import HouseholdReveals
from .household_tables import ResidentTableModel, VisitTimelineModel
from .tasks import Task, TaskRunner

if TYPE_CHECKING:
    from .visit_form import VisitForm


class HouseholdDetailPane(HouseholdReveals, QWidget):
    """Header, residents and visit timeline of one household; hosts the visit form."""

    loaded = Signal(object)  # HouseholdDetail, after it is on screen
    edit_resident_requested = Signal(str)
    visit_saved = Signal(str, str)  # household id, visit id
    visit_open_requested = Signal(str, bool)  # visit id, amend (更正) at once
    visit_form_closed = Signal()

    PAGE_EMPTY, PAGE_DETAIL, PAGE_VISIT = 0, 1, 2

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = workspace
        self._tasks = tasks
        self._detail: HouseholdDetail | None = None
        self._loading: Task | None = None
        self._latest = 0
        self._focus_resident: str | None = None
        self._visit_form: VisitForm | None = None
        self._phone_owner: str | None = None
        self.resident_menu_actions: list[QAction] = []
        """Extra entries of the residents' context menu (the window's 删除误录居民…)."""
        self.setObjectName("householdDetail")

        # header ---------------------------------------------------------------------
        self.title = WrappingLabel(self)  # a long address must not widen the window
        self.title.setObjectName("detailTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_badge = QLabel(self)
        self.sync_badge.setObjectName("syncBadge")
        self.sync_badge.hide()
        self.sync_reason = QLabel(self)  # why a change was refused or is in conflict
        self.sync_reason.setObjectName("syncReason")
        self.sync_reason.setWordWrap(True)
        self.sync_reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_reason.hide()
        self.facts = QLabel(self)
        self.facts.setObjectName("detailFacts")
        self.facts.setWordWrap(True)
        self.phone_label = QLabel(self)
        self.phone_label.setObjectName("detailPhone")
        self.reveal_phone_button = QPushButton(self.tr("查看"), self)
        self.reveal_phone_button.setObjectName("revealPhone")
        self.reveal_phone_button.setToolTip(self.tr("查看完整电话（需说明理由，记入审计日志）"))
        self.reveal_phone_button.clicked.connect(self._reveal_household_phone)
        self.due = QLabel(self)
        self.due.setObjectName("detailDue")

        self._title_row = title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.title)
        title_row.addWidget(self.sync_badge, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addStretch(1)
        phone_row = QHBoxLayout()
        phone_row.setSpacing(6)
        phone_row.addWidget(self.phone_label)
        phone_row.addWidget(self.reveal_phone_button)
        phone_row.addSpacing(24)
        phone_row.addWidget(self.due)
        phone_row.addStretch(1)

        # residents --------------------------------------------------------------------
        self.residents_model = ResidentTableModel(self)
        self.residents = list_table(self, "residentsTable", row_padding=10)
        self.residents.setModel(self.residents_model)
        self.residents.activated.connect(self._resident_activated)
        self.residents.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.residents.customContextMenuRequested.connect(self._resident_menu)
        marks = sync_labels()
        size_columns(self.residents, ResidentTableModel.column_samples(marks),
                     stretch=ResidentTableModel.CARE)
        self.residents_label = QLabel(self)
        self.residents_label.setObjectName("sectionTitle")

        self.reveal_id_action = QAction(self.tr("查看完整身份证号…"), self)
        self.reveal_id_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.reveal_id_action.triggered.connect(lambda: self.reveal_selected("citizen_id"))
        self.reveal_phone_action = QAction(self.tr("查看完整电话…"), self)
        self.reveal_phone_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.reveal_phone_action.triggered.connect(lambda: self.reveal_selected("phone"))
        for action in (self.reveal_id_action, self.reveal_phone_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        # visits -------------------------------------------------------------------------
        self.visits_model = VisitTimelineModel(self)
        self.visits = list_table(self, "visitsTable", row_padding=10)
        self.visits.setModel(self.visits_model)
        size_columns(self.visits, VisitTimelineModel.column_samples(marks), stretch=2)
        self.visits.activated.connect(self._visit_activated)  # double-click or Enter
        self.visits.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.visits.customContextMenuRequested.connect(self._visit_menu)
        self.visits_label = QLabel(self)
        self.visits_label.setObjectName("sectionTitle")

        residents_box = QWidget(self)
        rl = QVBoxLayout(residents_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(4)
        rl.addWidget(self.residents_label)
        rl.addWidget(self.residents, 1)
        visits_box = QWidget(self)
        vl = QVBoxLayout(visits_box)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.setSpacing(4)
        vl.addWidget(self.visits_label)
        vl.addWidget(self.visits, 1)
        self.redactions_note = WrappingLabel(self)
        self.redactions_note.setObjectName("redactionsNote")
        self.redactions_note.setVisible(False)
        vl.addWidget(self.redactions_note)
        self.lists = lists = QSplitter(Qt.Orientation.Vertical, self)
        lists.setObjectName("detailListsSplitter")  # its position is remembered
        lists.setChildrenCollapsible(False)
        lists.addWidget(residents_box)
        lists.addWidget(visits_box)
        lists.setStretchFactor(0, 1)
        lists.setStretchFactor(1, 1)

        detail_page = QWidget(self)
        dl = QVBoxLayout(detail_page)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.setSpacing(6)
        dl.addLayout(title_row)
        dl.addWidget(self.facts)
        dl.addWidget(self.sync_reason)
        dl.addLayout(phone_row)
        dl.addSpacing(4)
        dl.addWidget(lists, 1)

        self.empty = QLabel(self.tr("从左侧列表选择一户，或按 Ctrl+F 搜索居民。"), self)
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.visit_host = QWidget(self)
        self.visit_host.setObjectName("visitHost")
        QVBoxLayout(self.visit_host).setContentsMargins(0, 0, 0, 0)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(detail_page)
        self.pages.addWidget(self.visit_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setTabOrder(self.residents, self.visits)

    def add_header_action(self, action: QAction) -> QToolButton:
        """A button for ``action`` at the right of the household's title (编辑户…)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._title_row.addWidget(button)
        return button

    # -- state ---------------------------------------------------------------------------
    @property
    def detail(self) -> HouseholdDetail | None:
        return self._detail

    @property
    def household_id(self) -> str | None:
        return self._detail.household.id if self._detail else None

    def current_resident_id(self) -> str | None:
        index = self.residents.currentIndex()
        if not index.isValid() or self.pages.currentIndex() != self.PAGE_DETAIL:
            return None
        return self.residents_model.resident(index.row()).id

    def is_loading(self) -> bool:
        return self._loading is not None

    def _now(self) -> datetime:
        return self._workspace.ctx.now()

    # -- loading -------------------------------------------------------------------------
    def show_household(self, household_id: str, focus_resident: str | None = None) -> None:
        """Load a household in the background and show it (the newest request wins)."""
        if self.pages.currentIndex() == self.PAGE_VISIT and household_id != self.household_id:
            self.close_visit_form()
        if self._loading is not None:
            self._loading.cancel()
        self._latest += 1
        request = self._latest
        self._focus_resident = focus_resident
        workspace = self._workspace
        self._loading = self._tasks.run(
            lambda: workspace.household(household_id),
            on_success=lambda detail: self._show(request, detail),
            on_failure=lambda exc: self._failed(request, exc),
        )

    def reload(self) -> None:
        if self._detail is not None:
            self.show_household(self._detail.household.id, self.current_resident_id())

    def clear(self) -> None:
        if self._loading is not None:
            self._loading.cancel()
            self._loading = None
        self._detail = None
        self.close_visit_form()
        self.pages.setCurrentIndex(self.PAGE_EMPTY)

    def _failed(self, request: int, exc: BaseException) -> None:
        if request == self._latest:
            self._loading = None
        handler = self._tasks.on_error
        if handler is None:
            raise exc
        handler(exc)

    def _show(self, request: int, detail: HouseholdDetail) -> None:
        if request != self._latest:
            return
        self._loading = None
        self._detail = detail
        now = self._now()
        h = detail.household
        residents = detail.residents

        self.title.setText(h.address or self.tr("（未填写地址）"))
        self._show_sync(detail.sync)
        self.facts.setText(facts_line(detail))

        self.phone_label.setText(
            self.tr("联系电话：{0}").format(mask_phone(h.phone) or self.tr("未登记"))
        )
        # Workspace.reveal covers residents only: the household phone is revealable when it
        # is a resident's own number (it usually is: the head's or a spouse's).
        owner = next((r for r in residents if h.phone and r.phone == h.phone), None)
        self._phone_owner = owner.id if owner else None
        revealable = owner is not None
        self.reveal_phone_button.setVisible(bool(h.phone))
        self.reveal_phone_button.setEnabled(revealable)
        if bool(h.phone) and not revealable:
            self.reveal_phone_button.setToolTip(self.tr("该电话不属于在册居民，暂不能查看完整号码"))

        self.due.setText(due_line(detail, now))
        state = detail.due_state.value if h.status is HouseholdStatus.ACTIVE else "ok"
        self.due.setProperty("dueState", state)
        self.due.style().unpolish(self.due)
        self.due.style().polish(self.due)

        self.residents_model.set_residents(residents, now.date(), detail.sync_states)
        self.refresh_drafts()
        self.residents_label.setText(residents_line(detail))
        self.visits_model.set_visits(detail.visits, detail.sync_states)
        self.visits_label.setText(visits_line(detail))
        redacted = redactions_line(detail)
        self.redactions_note.setText(redacted)
        self.redactions_note.setVisible(bool(redacted))
        row = self.residents_model.row_of(self._focus_resident) if self._focus_resident else -1
        self.residents.selectRow(max(row, 0))
        if self.pages.currentIndex() != self.PAGE_VISIT:
            self.pages.setCurrentIndex(self.PAGE_DETAIL)
        self.loaded.emit(detail)

    def _show_sync(self, sync: RecordSync) -> None:
        """The header badge (the household and everything in it, worst first) and, for a
        refusal or a conflict, the reason spelt out under the facts."""
        self.sync_badge.setVisible(not sync.synced)
        self.sync_badge.setText(sync_label(sync))
        self.sync_badge.setProperty("syncState", sync.state.value)
        reason = sync_reason(sync, household=True)
        self.sync_badge.setToolTip(reason)
        colours = SYNC_COLOURS.get(sync.state)
        if colours:  # on the widget itself: it wins over the application stylesheet
            self.sync_badge.setStyleSheet(
                f"color: {colours[0]}; background: {colours[1]}; border: 1px solid "
                f"{colours[0]}; border-radius: 3px; padding: 0 6px;"
                + (" font-weight: bold;" if sync.state.rank >= 2 else "")
            )
        detailed = sync.state in (RecordSyncState.CONFLICT, RecordSyncState.REJECTED)
        self.sync_reason.setVisible(detailed)
        self.sync_reason.setText(reason if detailed else "")
        if colours:
            self.sync_reason.setStyleSheet(f"color: {colours[0]};")

    def refresh_drafts(self) -> None:
        """Mark the residents with a kept editor draft (reads the draft keys only)."""
        workspace = self._workspace
        self._tasks.run(
            workspace.drafts.residents_with_drafts,
            on_success=bound_to(self, self.residents_model.set_drafts),
        )

    # -- residents -----------------------------------------------------------------------
    def _resident_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_resident_requested.emit(self.residents_model.resident(index.row()).id)

    def _resident_menu(self, pos: Any) -> None:
        index = self.residents.indexAt(pos)
        if not index.isValid():
            return
        self.residents.selectRow(index.row())
        menu = QMenu(self)
        edit = menu.addAction(self.tr("编辑居民…"))
        edit.setShortcut(QKeySequence("Ctrl+E"))
        edit.triggered.connect(lambda: self._resident_activated(index))
        menu.addSeparator()
        menu.addAction(self.reveal_id_action)
        menu.addAction(self.reveal_phone_action)
        if self.resident_menu_actions:
            menu.addSeparator()
            menu.addActions(self.resident_menu_actions)
        menu.popup(self.residents.viewport().mapToGlobal(pos))

    # -- visits --------------------------------------------------------------------------
    def _visit_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.visit_open_requested.emit(self.visits_model.visit(index.row()).id, False)

    def _visit_menu(self, pos: Any) -> None:
        index = self.visits.indexAt(pos)
        if not index.isValid():
            return
        self.visits.selectRow(index.row())
        visit_id = self.visits_model.visit(index.row()).id
        menu = QMenu(self)
        menu.setObjectName("visitMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view = menu.addAction(self.tr("查看走访记录…"))
        view.setShortcut(QKeySequence(Qt.Key.Key_Return))
        view.triggered.connect(lambda: self.visit_open_requested.emit(visit_id, False))
        amend = menu.addAction(self.tr("更正…"))
        amend.triggered.connect(lambda: self.visit_open_requested.emit(visit_id, True))
        menu.popup(self.visits.viewport().mapToGlobal(pos))

    # -- the inline visit form -----------------------------------------------------------
    def visit_form(self) -> VisitForm:
        if self._visit_form is None:
            from .visit_form import VisitForm  # the other half of the UI; loaded when needed

            form = VisitForm(self._workspace, self._tasks, self.visit_host)
            host_layout = self.visit_host.layout()
            assert host_layout is not None  # the QVBoxLayout made with the host
            host_layout.addWidget(form)
            form.saved.connect(self._visit_saved)
            form.closed.connect(self.close_visit_form)
            self._visit_form = form
        return self._visit_form

    def start_visit(self) -> bool:
        """Show the visit form for this household in place of the lists."""
        detail = self._detail
        if detail is None:
            return False
        h = detail.household
        form = self.visit_form()
        self.pages.setCurrentIndex(self.PAGE_VISIT)
        form.start(h.id, self.tr("新建走访 — {0}").format(h.address))
        return True

    def visit_form_open(self) -> bool:
        return self.pages.currentIndex() == self.PAGE_VISIT

    def close_visit_form(self) -> None:
        if self.pages.currentIndex() != self.PAGE_VISIT:
            return
        self.pages.setCurrentIndex(self.PAGE_DETAIL if self._detail else self.PAGE_EMPTY)
        self.residents.setFocus()
        self.visit_form_closed.emit()

    def _visit_saved(self, visit_id: str) -> None:
        household_id = self.household_id or ""
        self.close_visit_form()
        self.visit_saved.emit(household_id, visit_id)

