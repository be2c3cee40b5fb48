"""The right-hand pane: one household with its residents, its visit timeline and, when a
visit is being logged, the visit form in place of the lists (no dialog to lose).

Loading goes through the TaskRunner; only the newest request's answer is shown. ID numbers
and phones are masked; revealing one asks for a reason and goes through ``Workspace.reveal``,
which audits it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..api import Workspace
from ..domain.masking import mask_citizen_id, mask_phone
from ..domain.vocab import (
    FindingKind,
    HouseholdStatus,
    Relation,
    ResidentStatus,
    Sex,
    VisitDueState,
    VisitType,
)
from ..services.roster_view import (
    SYNCED,
    HouseholdDetail,
    HouseholdSummary,
    RecordSync,
    RecordSyncState,
)
from .columns import list_table, size_columns
from .draft_keeper import bound_to
from .flow_layout import WrappingLabel
from .household_model import (
    SYNC_COLOURS,
    care_text,
    sync_label,
    sync_labels,
    sync_reason,
    vocab_label,
)
from .snapshot_model import SnapshotTableModel
from .tasks import Task, TaskRunner

if TYPE_CHECKING:
    from ..domain.entities import Resident, Visit

Index = QModelIndex | QPersistentModelIndex
RESIDENT_ID_ROLE = Qt.ItemDataRole.UserRole
GREY = "#8a8f98"
SYNCED_MARK = "✓"  # a synced record, quietly (only in the detail)


def _sync_cell(sync: RecordSync, version: int, role: int) -> Any:
    """The 同步 column of the resident and visit tables: label, colours, bold, tooltip."""
    quiet = SYNCED_MARK if version > 0 else ""  # never-synced local data: say nothing
    if role == Qt.ItemDataRole.DisplayRole:
        return sync_label(sync, quiet)
    if role == Qt.ItemDataRole.ToolTipRole:
        if sync.synced:
            return _tr("RecordSync", "已同步到平台") if version > 0 else None
        return sync_reason(sync)
    colours = SYNC_COLOURS.get(sync.state)
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(QColor(colours[0] if colours else GREY))
    if role == Qt.ItemDataRole.BackgroundRole and colours:
        return QBrush(QColor(colours[1]))
    if role == Qt.ItemDataRole.FontRole and sync.state.rank >= RecordSyncState.CONFLICT.rank:
        font = QFont()
        font.setBold(True)
        return font
    return None


_SYNC_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.FontRole,
)


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _trn(context: str, text: str, n: int) -> str:
    """``text`` with ``%n`` for a count, in the plural form ``n`` needs."""
    return QCoreApplication.translate(context, text, "", n)


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def summary_from_detail(detail: HouseholdDetail) -> HouseholdSummary:
    """The household-list line for a freshly loaded detail (same rules as the list query:
    members and care categories count active residents; pending means the household row)."""
    h = detail.household
    active = [r for r in detail.residents if r.status is ResidentStatus.ACTIVE]
    head = next((r for r in detail.residents if r.id == h.head_resident_id), None)
    live = h.status is HouseholdStatus.ACTIVE
    return HouseholdSummary(
        id=h.id,
        grid_id=h.grid_id,
        address=h.address,
        group_name=h.group_name,
        door_number=h.door_number,
        head_name=head.name if head else "",
        member_count=len(active),
        tags=h.tags,
        care_categories=frozenset(c for r in active for c in r.care_categories),
        status=h.status,
        last_visit=detail.last_visit,
        next_due=detail.next_due if live else None,
        due_state=detail.due_state if live else VisitDueState.OK,
        pending=detail.sync.unsent > 0,
        sync=detail.sync,
    )


def due_line(detail: HouseholdDetail, now: datetime) -> str:
    """``下次应访：2026-12-01（已逾期 5 天）`` and friends."""
    t = "HouseholdDetailPane"
    h = detail.household
    if h.status is not HouseholdStatus.ACTIVE:
        return _tr(t, "本户{0}，无需走访").format(vocab_label(h.status))
    due = detail.next_due
    if due is None:
        return _tr(t, "从未走访，请尽快走访")
    days = (due.date() - now.date()).days
    if days < 0:
        note = _trn(t, "已逾期 %n 天", -days)
    elif days == 0:
        note = _tr(t, "今天到期")
    else:
        note = _trn(t, "还有 %n 天", days)
    if detail.last_visit is None:  # due since it was registered, like any other household
        note = _tr(t, "从未走访，") + note
    return _tr(t, "下次应访：{0}（{1}）").format(due.strftime("%Y-%m-%d"), note)


# --------------------------------------------------------------------------------------
class ResidentTableModel(SnapshotTableModel):
    """Residents of one household. ID numbers and phones masked unless revealed (audited)."""

    HEADERS = ("姓名", "性别", "年龄", "与户主关系", "身份证号", "电话", "关爱对象", "状态", "同步")
    CITIZEN_ID, PHONE, SYNC = 4, 5, 8

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._revealed: dict[tuple[str, str], str] = {}
        self._today = date.today()
        self._sync: Mapping[str, RecordSync] = {}
        self._drafts: frozenset[str] = frozenset()

    def set_drafts(self, resident_ids: Iterable[str]) -> None:
        """The residents whose editor holds a kept draft: their name says so."""
        drafts = frozenset(resident_ids)
        if drafts == self._drafts:
            return
        self._drafts = drafts
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def set_residents(
        self,
        residents: Sequence[Resident],
        today: date,
        sync: Mapping[str, RecordSync] | None = None,
    ) -> None:
        """``sync``: row id -> state of the residents not simply synced."""
        self.beginResetModel()
        self._rows = list(residents)
        self._today = today
        self._sync = sync or {}
        keep = {r.id for r in residents}
        self._revealed = {k: v for k, v in self._revealed.items() if k[0] in keep}
        self.endResetModel()

    def resident(self, row: int) -> Resident:
        return self._rows[row]

    def row_of(self, resident_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == resident_id), -1)

    def sync_of(self, resident_id: str) -> RecordSync:
        return self._sync.get(resident_id, SYNCED)

    def reveal(self, resident_id: str, field: str, value: str) -> None:
        self._revealed[(resident_id, field)] = value
        row = self.row_of(resident_id)
        if row >= 0:
            column = self.CITIZEN_ID if field == "citizen_id" else self.PHONE
            self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def header_text(self, section: int) -> str:
        return _tr("ResidentTableModel", self.HEADERS[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, column)
        if role == RESIDENT_ID_ROLE:
            return r.id
        if column == self.SYNC and role in _SYNC_ROLES:
            return _sync_cell(self.sync_of(r.id), r.version, role)
        inactive = r.status is not ResidentStatus.ACTIVE
        if role == Qt.ItemDataRole.ForegroundRole and inactive:
            return QBrush(QColor(GREY))
        if role == Qt.ItemDataRole.FontRole and inactive:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (self.CITIZEN_ID, self.PHONE):
                field = "citizen_id" if column == self.CITIZEN_ID else "phone"
                if (r.id, field) in self._revealed:
                    return _tr("ResidentTableModel", "已查看完整信息（已记入审计日志）")
                return _tr("ResidentTableModel", "已脱敏；右键或 Ctrl+Shift+I / P 查看完整信息")
            if column == 0 and not self.sync_of(r.id).synced:
                return sync_reason(self.sync_of(r.id))
            if column == 0 and r.id in self._drafts:
                return _tr("ResidentTableModel", "有未保存的草稿，打开编辑时恢复（Ctrl+E）")
            if column == 0 and r.former_name:
                return _tr("ResidentTableModel", "曾用名：{0}").format(r.former_name)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, r: Resident, column: int) -> str:
        if column == 0:
            if r.id in self._drafts:
                return _tr("ResidentTableModel", "{0}（草稿）").format(r.name)
            return r.name
        if column == 1:
            return vocab_label(r.sex)
        if column == 2:
            age = age_on(r.birth_date, self._today)
            return "" if age is None else str(age)
        if column == 3:
            return vocab_label(r.relation)
        if column == self.CITIZEN_ID:
            return self._revealed.get((r.id, "citizen_id")) or mask_citizen_id(r.citizen_id)
        if column == self.PHONE:
            return self._revealed.get((r.id, "phone")) or mask_phone(r.phone)
        if column == 6:
            return care_text(frozenset(r.care_categories))
        if column == self.SYNC:
            return sync_label(self.sync_of(r.id), SYNCED_MARK if r.version > 0 else "")
        # Management categories (特殊人群) are PIPL-sensitive: never in a list.
        return vocab_label(r.status)


class VisitTimelineModel(SnapshotTableModel):
    """Visits newest first: 日期 / 类型 / 摘要 / 发现问题 / 照片 / 备注."""

    HEADERS = ("日期", "类型", "摘要", "发现问题", "照片", "备注", "同步")
    SYNC = 6

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._sync: Mapping[str, RecordSync] = {}

    def set_visits(
        self, visits: Sequence[Visit], sync: Mapping[str, RecordSync] | None = None
    ) -> None:
        """``sync``: visit id -> state (its amendments included) of visits not synced."""
        self.beginResetModel()
        self._rows = sorted(visits, key=lambda v: v.started_at, reverse=True)
        self._sync = sync or {}
        self.endResetModel()

    def visit(self, row: int) -> Visit:
        return self._rows[row]

    def sync_of(self, visit_id: str) -> RecordSync:
        return self._sync.get(visit_id, SYNCED)

    def header_text(self, section: int) -> str:
        return _tr("VisitTimelineModel", self.HEADERS[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        v = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(v, column)
        if role == Qt.ItemDataRole.UserRole:
            return v.id
        if column == self.SYNC and role in _SYNC_ROLES:
            return _sync_cell(self.sync_of(v.id), v.version, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                parts = [v.summary]
                if v.people_met:
                    parts.append(_tr("VisitTimelineModel", "见到：{0}").format(v.people_met))
                for f in v.findings:
                    if f.text:
                        parts.append(f"{vocab_label(f.kind)}：{f.text}")
                return "\n".join(parts)
            if column == 5 and v.amendments:
                return "\n".join(
                    _tr("VisitTimelineModel", "{0} {1} 更正：{2}").format(
                        a.created_at.strftime("%Y-%m-%d %H:%M"), a.author, a.reason
                    )
                    for a in v.amendments
                )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, v: Visit, column: int) -> str:
        t = "VisitTimelineModel"
        if column == 0:
            return v.started_at.strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return vocab_label(v.visit_type)
        if column == 2:
            return " ".join(v.summary.split())
        if column == 3:
            return "、".join(dict.fromkeys(vocab_label(f.kind) for f in v.findings))
        if column == 4:
            return _tr(t, "{0} 张").format(len(v.photos)) if v.photos else ""
        if column == self.SYNC:
            return sync_label(self.sync_of(v.id), SYNCED_MARK if v.version > 0 else "")
        notes = []
        if v.amendments:
            notes.append(_tr(t, "已更正"))
        if not v.resolved_on_spot:
            notes.append(_tr(t, "待跟进"))
        return "、".join(notes)


# --------------------------------------------------------------------------------------
class HouseholdDetailPane(QWidget):
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
        self._visit_form: Any = None
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
        size_columns(self.residents, {
            0: ["欧阳建国"], 1: [vocab_label(s) for s in Sex], 2: ["100"],
            3: [vocab_label(r) for r in Relation], 4: ["110105********002X"],
            5: ["0755-******78"], 6: 72, 7: [vocab_label(s) for s in ResidentStatus], 8: marks,
        }, stretch=6)  # fmt: skip
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
        size_columns(self.visits, {
            0: ["2026-12-31 23:59"], 1: [vocab_label(t) for t in VisitType], 2: 240,
            3: [vocab_label(FindingKind.DISPUTE) + "、"], 4: [_tr("VisitTimelineModel", "{0} 张")],
            5: [_tr("VisitTimelineModel", "已更正") + "、"], 6: marks,
        }, stretch=2)  # fmt: skip
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
        head = next((r for r in residents if r.id == h.head_resident_id), None)
        active = sum(r.status is ResidentStatus.ACTIVE for r in residents)

        self.title.setText(h.address or self.tr("（未填写地址）"))
        self._show_sync(detail.sync)
        facts = [
            self.tr("户主：{0}").format(head.name if head else self.tr("未登记")),
            self.tr("房屋类型：{0}").format(vocab_label(h.dwelling_type)),
        ]
        if h.tags:
            facts.append(self.tr("、").join(vocab_label(t) for t in sorted(h.tags)))
        if h.status is not HouseholdStatus.ACTIVE:
            facts.append(vocab_label(h.status))
        self.facts.setText(self.tr("　·　").join(facts))

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
        moved = len(residents) - active
        label = self.tr("居民（在册 {0} 人）").format(active)
        if moved:
            label = self.tr("居民（在册 {0} 人，另有 {1} 人迁出或死亡）").format(active, moved)
        self.residents_label.setText(label)
        self.visits_model.set_visits(detail.visits, detail.sync_states)
        if detail.visits:
            self.visits_label.setText(
                self.tr("走访记录（{0} 次，最近 {1}）").format(
                    len(detail.visits), detail.visits[0].started_at.strftime("%Y-%m-%d")
                )
            )
        else:
            self.visits_label.setText(self.tr("走访记录（尚无）"))
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

    def reveal_selected(self, field: str) -> None:
        resident_id = self.current_resident_id()
        if resident_id is not None:
            self.reveal(resident_id, field)

    def reveal(self, resident_id: str, field: str) -> None:
        """Ask why, then fetch the full value through the audited ``Workspace.reveal``."""
        row = self.residents_model.row_of(resident_id)
        if row < 0:
            return
        resident = self.residents_model.resident(row)
        what = self.tr("身份证号码") if field == "citizen_id" else self.tr("联系电话")
        if not (resident.citizen_id if field == "citizen_id" else resident.phone):
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("查看完整信息"),
            self.tr("查看{0}的完整{1}需要说明理由（将记入审计日志）：").format(resident.name, what),
            QLineEdit.EchoMode.Normal,
            "",
        )
        if not ok:
            return
        workspace = self._workspace
        self._tasks.run(
            lambda: workspace.reveal(resident_id, field, reason=reason),
            on_success=lambda value: self.residents_model.reveal(resident_id, field, value),
        )

    def _reveal_household_phone(self) -> None:
        owner_id = self._phone_owner
        if self._detail is None or owner_id is None:
            return
        workspace = self._workspace
        reason, ok = QInputDialog.getText(
            self,
            self.tr("查看完整信息"),
            self.tr("查看本户联系电话需要说明理由（将记入审计日志）："),
            QLineEdit.EchoMode.Normal,
            "",
        )
        if not ok:
            return
        self._tasks.run(
            lambda: workspace.reveal(owner_id, "phone", reason=reason),
            on_success=lambda value: self.phone_label.setText(
                self.tr("联系电话：{0}").format(value)
            ),
        )

    # -- the inline visit form -----------------------------------------------------------
    def visit_form(self) -> Any:
        if self._visit_form is None:
            from .visit_form import VisitForm  # the other half of the UI; loaded when needed

            form = VisitForm(self._workspace, self._tasks, self.visit_host)
            self.visit_host.layout().addWidget(form)
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


__all__ = [
    "HouseholdDetailPane",
    "ResidentTableModel",
    "VisitTimelineModel",
    "due_line",
    "summary_from_detail",
]
