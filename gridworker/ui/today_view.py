"""今日: the worker's desk, a page of the main window (Ctrl+1; Ctrl+2 back to the list).

A row of counts (overdue, due this week, follow-ups, never visited, unsent, drafts, conflicts,
refused); choosing one (click, arrow keys, or Alt+1 … Alt+8) shows its list below, and Enter
or a double click on a row opens it: the household in the main window, the form a draft
belongs to, or the conflict centre. Each count is the length of the list it opens: both come
from one ``Workspace.today()`` snapshot, read off the UI thread. The second tab is
我的走访 (:mod:`.my_visits`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..api import DraftItem, DraftKind, TodayDesk, Workspace
from .columns import list_table
from .my_visits import MyVisitsPage
from .tasks import TaskRunner
from .today_models import (
    ConflictModel,
    DeskModel,
    DraftModel,
    FollowUpModel,
    HouseholdRowsModel,
    RejectedModel,
    UnsentModel,
    size_columns,
)

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TodayView", text)


@dataclass(frozen=True)
class Category:
    key: str
    """The ``TodayDesk`` attribute holding the list (and the card's object name)."""
    model: type[DeskModel]


CATEGORIES = (
    Category("overdue", HouseholdRowsModel),
    Category("due_this_week", HouseholdRowsModel),
    Category("follow_ups", FollowUpModel),
    Category("never_visited", HouseholdRowsModel),
    Category("unsent", UnsentModel),
    Category("drafts", DraftModel),
    Category("conflicts", ConflictModel),
    Category("rejected", RejectedModel),
)


def category_label(category: Category) -> str:
    labels = {
        "overdue": _tr("已逾期"),
        "due_this_week": _tr("本周到期"),
        "follow_ups": _tr("待跟进"),
        "never_visited": _tr("从未走访"),
        "unsent": _tr("未发送"),
        "drafts": _tr("草稿"),
        "conflicts": _tr("冲突"),
        "rejected": _tr("被拒绝"),
    }
    return labels[category.key]


def category_title(category: Category) -> str:
    titles = {
        "overdue": _tr("已逾期的户"),
        "due_this_week": _tr("本周到期的户"),
        "follow_ups": _tr("待跟进的走访"),
        "never_visited": _tr("从未走访的户"),
        "unsent": _tr("有修改未发送的记录"),
        "drafts": _tr("未保存的草稿"),
        "conflicts": _tr("等待决定的同步冲突"),
        "rejected": _tr("被平台拒绝的修改"),
    }
    return titles[category.key]


def category_hint(category: Category) -> str:
    hints = {
        "overdue": _tr("超过走访期限仍未走访。回车打开该户。"),
        "due_this_week": _tr("本周日之前到期。回车打开该户。"),
        "follow_ups": _tr("跟进日期在本周日之前、此后尚未再走访。回车打开该户。"),
        "never_visited": _tr("在册但还没有任何走访记录。回车打开该户。"),
        "unsent": _tr("下次同步时发送。回车打开所属的户。"),
        "drafts": _tr("回车打开草稿，继续填写。"),
        "conflicts": _tr("回车打开冲突中心，决定保留哪一方。"),
        "rejected": _tr("回车打开冲突中心，查看原因并处理。"),
    }
    return hints[category.key]


class TodayView(QWidget):
    """The 今日 page. ``refresh()`` after anything that may change a count."""

    household_requested = Signal(str)
    draft_requested = Signal(object)  # DraftItem
    conflicts_requested = Signal(str)  # "conflicts" or "rejected"
    loaded = Signal(object)  # TodayDesk, once it is on screen

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todayView")
        self._workspace = workspace
        self._tasks = tasks
        self._desk: TodayDesk | None = None
        self._generation = 0
        self._category = CATEGORIES[0]

        self.heading = QLabel(self)
        self.heading.setObjectName("todayHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)

        self.cards: dict[str, QToolButton] = {}
        self.card_group = QButtonGroup(self)
        self.card_group.setExclusive(True)
        cards_row = QHBoxLayout()
        cards_row.setSpacing(6)
        card_font = self.font()
        card_font.setPointSizeF(card_font.pointSizeF() * 1.25)
        for number, category in enumerate(CATEGORIES, start=1):
            card = QToolButton(self)
            card.setObjectName(f"card_{category.key}")
            card.setCheckable(True)
            card.setAutoRaise(False)
            card.setFont(card_font)
            card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            card.setMinimumHeight(card.fontMetrics().height() * 3 + 12)
            # Not the button's own shortcut: setText() resets that to the text's mnemonic.
            key = QShortcut(QKeySequence(f"Alt+{number}"), self)
            key.activated.connect(lambda c=card: (c.setChecked(True), c.setFocus()))
            card.setToolTip(f"{category_hint(category)}（Alt+{number}）")
            card.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            card.toggled.connect(lambda on, c=category: self._category_chosen(c) if on else None)
            self.card_group.addButton(card, number)
            cards_row.addWidget(card)
            self.cards[category.key] = card

        self.list_title = QLabel(self)
        self.list_title.setObjectName("todayListTitle")
        bold = self.list_title.font()
        bold.setBold(True)
        self.list_title.setFont(bold)
        self.list_hint = QLabel(self)
        self.list_hint.setObjectName("todayListHint")
        self.list_hint.setStyleSheet("color: palette(mid);")
        title_row = QHBoxLayout()
        title_row.addWidget(self.list_title)
        title_row.addSpacing(12)
        title_row.addWidget(self.list_hint, 1)

        self.models: dict[str, DeskModel] = {}
        for category in CATEGORIES:
            self.models[category.key] = category.model(self)
        self.table = list_table(self, "todayTable")
        self.table.activated.connect(self._activated)

        desk = QWidget(self)
        desk_layout = QVBoxLayout(desk)
        desk_layout.setContentsMargins(4, 6, 4, 4)
        desk_layout.addWidget(self.heading)
        desk_layout.addLayout(cards_row)
        desk_layout.addSpacing(4)
        desk_layout.addLayout(title_row)
        desk_layout.addWidget(self.table, 1)
        for a, b in itertools.pairwise(CATEGORIES):
            QWidget.setTabOrder(self.cards[a.key], self.cards[b.key])
        QWidget.setTabOrder(self.cards[CATEGORIES[-1].key], self.table)

        self.my_visits = MyVisitsPage(workspace, tasks, self)
        self.my_visits.household_requested.connect(self.household_requested)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("todayTabs")
        self.tabs.addTab(desk, _tr("今日待办(&D)"))
        self.tabs.addTab(self.my_visits, _tr("我的走访(&M)"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._show_counts(None)
        self.cards[CATEGORIES[0].key].setChecked(True)

    # -- state ---------------------------------------------------------------------------
    @property
    def desk(self) -> TodayDesk | None:
        return self._desk

    @property
    def category(self) -> str:
        return self._category.key

    def count(self, key: str) -> int | None:
        """The number its card shows (``None`` before the first load)."""
        return None if self._desk is None else len(getattr(self._desk, key))

    def choose(self, key: str) -> None:
        """Show the list behind the card ``key`` (as clicking it does)."""
        self.tabs.setCurrentIndex(0)
        self.cards[key].setChecked(True)

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Count again now if the page is showing (it counts whenever it is shown)."""
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load()  # always: drafts are saved as people type, with no refresh after

    def focus_cards(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.cards[self._category.key].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.my_visits.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load(self) -> None:
        self._generation += 1
        generation = self._generation
        if self._desk is None:
            self.heading.setText(_tr("正在统计…"))
        workspace = self._workspace
        self._tasks.run(workspace.today, on_success=lambda desk: self._arrived(generation, desk))
        if self.tabs.currentIndex() == 1:
            self.my_visits.reload()
        else:
            self.my_visits.mark_stale()

    def _arrived(self, generation: int, desk: TodayDesk) -> None:
        if generation != self._generation:
            return  # a newer count is on its way
        self._desk = desk
        self._show_counts(desk)
        self._show_list(keep=True)
        self.loaded.emit(desk)

    def _show_counts(self, desk: TodayDesk | None) -> None:
        if desk is not None:
            today = desk.today
            self.heading.setText(
                _tr("今日：{0} {1}　　本周截至 {2}（星期日）").format(
                    today.strftime("%Y-%m-%d"), _tr(WEEKDAYS[today.weekday()]),
                    desk.week_end.strftime("%m-%d"),
                )
            )  # fmt: skip
        for category in CATEGORIES:
            n = self.count(category.key)
            self.cards[category.key].setText(
                f"{'…' if n is None else n}\n{category_label(category)}"
            )
            self.cards[category.key].setAccessibleName(
                f"{category_label(category)} {'' if n is None else n}"
            )

    def _category_chosen(self, category: Category) -> None:
        self._category = category
        self._show_list(keep=False)

    def _show_list(self, *, keep: bool) -> None:
        category = self._category
        model = self.models[category.key]
        current = self.table.currentIndex().row() if keep else -1
        rows = getattr(self._desk, category.key) if self._desk is not None else ()
        model.set_rows(rows)
        if self.table.model() is not model:
            self.table.setModel(model)
            size_columns(self.table, model)
        n = len(rows)
        if self._desk is None:
            self.list_title.setText(category_title(category))
        else:
            self.list_title.setText(_tr("{0}（{1}）").format(category_title(category), n))
        self.list_hint.setText(category_hint(category) if n else _tr("没有需要处理的事项。"))
        if n:
            row = min(max(current, 0), n - 1)
            self.table.setCurrentIndex(model.index(row, 0))

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.my_visits.show_page()

    # -- opening -------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        key = self._category.key
        model = self.models[key]
        if key in ("conflicts", "rejected"):
            self.conflicts_requested.emit(key)
            return
        if key == "drafts":
            self.draft_requested.emit(model.row(index.row()))
            return
        household_id = model.household_id(index.row())
        if household_id:
            self.household_requested.emit(household_id)


def wire(window: Any, view: TodayView) -> None:
    """Connect the page to the main window: a row opens its household (list page shown), its
    draft's form, or the conflict centre."""

    def open_household(household_id: str) -> None:
        window.show_households()
        window.open_household(household_id)

    def open_draft(item: DraftItem) -> None:
        if item.kind is DraftKind.RESIDENT and item.resident_id:
            if item.household_id:
                open_household(item.household_id)
            window.edit_resident(item.resident_id)
        elif item.kind is DraftKind.NEW_RESIDENT and item.household_id:
            open_household(item.household_id)
            window.resident_editor().new_resident(item.household_id)
        elif item.kind is DraftKind.HOUSEHOLD and item.household_id:
            open_household(item.household_id)
            window.household_actions.edit_household(item.household_id)
        elif item.kind is DraftKind.NEW_HOUSEHOLD:
            window.show_households()
            window.household_actions.new_household(item.grid_id)  # the editor loads the draft
        elif item.kind is DraftKind.VISIT_AMENDMENT and item.visit_id:
            if item.household_id:
                open_household(item.household_id)
            window.open_visit(item.visit_id, amend=True)  # the amend form loads the draft
        elif item.kind is DraftKind.VISIT and item.household_id:
            household_id = item.household_id

            def start(detail: Any) -> None:
                window.detail.loaded.disconnect(start)  # once, whichever household came
                if detail.household.id == household_id:
                    window.detail.start_visit()  # the form loads the draft

            window.detail.loaded.connect(start)
            open_household(household_id)

    view.household_requested.connect(open_household)
    view.draft_requested.connect(open_draft)
    view.conflicts_requested.connect(lambda which: window.show_conflict_centre(which))
