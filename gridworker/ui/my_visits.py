"""我的走访: the signed-in worker's own visits of a week or a month (a tab of the 今日 page).

Choose the period (本周, 上周, 本月, 上月 or a chosen month), narrow by visit type and by text
(a date such as ``12-01``, an address, a name or words of the summary); Enter on a row opens
the household. The counts are of one's own work, for oneself; nothing here compares workers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..api import MyVisit, MyVisits, Period, Workspace
from ..domain.vocab import VisitType
from .columns import list_table
from .fields import vocab_label
from .tasks import TaskRunner
from .today_models import (
    ADDRESS,
    DAY,
    TIME,
    TYPE,
    DeskModel,
    day_text,
    kinds_text,
    size_columns,
    time_text,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MyVisitsPage", text)


def period_names() -> list[tuple[Period, str]]:
    return [
        (Period.THIS_WEEK, _tr("本周")),
        (Period.LAST_WEEK, _tr("上周")),
        (Period.THIS_MONTH, _tr("本月")),
        (Period.LAST_MONTH, _tr("上月")),
        (Period.MONTH, _tr("选择月份…")),
    ]


def matches(visit: MyVisit, visit_type: VisitType | None, words: list[str]) -> bool:
    """Of the chosen type, and every word found in its date, type, address, head or summary."""
    if visit_type is not None and visit.visit_type is not visit_type:
        return False
    haystack = " ".join(
        (time_text(visit.started_at), vocab_label(visit.visit_type), visit.address,
         visit.head_name, visit.summary, kinds_text(visit.finding_kinds))
    ).casefold()  # fmt: skip
    return all(word in haystack for word in words)


class MyVisitsModel(DeskModel):
    HEADERS = ("走访时间", "类型", "户", "户主", "发现问题", "跟进日期", "摘要")
    SAMPLES = (TIME, TYPE, ADDRESS, "欧阳建国", "矛盾纠纷、群众诉求", DAY)

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def cell(self, v: MyVisit, column: int) -> str:
        if column == 0:
            return time_text(v.started_at)
        if column == 1:
            return vocab_label(v.visit_type)
        if column == 2:
            return v.address
        if column == 3:
            return v.head_name
        if column == 4:
            return kinds_text(v.finding_kinds)
        if column == 5:
            return day_text(v.follow_up_date) if v.follow_up_date else ""
        return v.summary


class MyVisitsPage(QWidget):
    household_requested = Signal(str)
    loaded = Signal(object)  # MyVisits, on screen

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("myVisitsPage")
        self._workspace = workspace
        self._tasks = tasks
        self._visits: MyVisits | None = None
        self._stale = True
        self._generation = 0

        self.period = QComboBox(self)
        self.period.setObjectName("myVisitsPeriod")
        for period, name in period_names():
            self.period.addItem(name, period.value)
        period_label = QLabel(_tr("时段(&P)："), self)
        period_label.setBuddy(self.period)
        self.month = QDateEdit(self)
        self.month.setObjectName("myVisitsMonth")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setDate(QDate.currentDate())
        self.month.setMaximumDate(QDate.currentDate())
        self.month.setAccessibleName(_tr("月份"))
        self.month.setEnabled(False)
        self.visit_type = QComboBox(self)
        self.visit_type.setObjectName("myVisitsType")
        self.visit_type.addItem(_tr("全部类型"), "")
        for member in VisitType:
            self.visit_type.addItem(vocab_label(member), member.value)
        type_label = QLabel(_tr("类型(&T)："), self)
        type_label.setBuddy(self.visit_type)
        self.search = QLineEdit(self)
        self.search.setObjectName("myVisitsSearch")
        self.search.setPlaceholderText(_tr("日期（如 12-01）、户、户主或摘要"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_tr("查找(&S)："), self)
        search_label.setBuddy(self.search)
        self.summary = QLabel(self)
        self.summary.setObjectName("myVisitsSummary")

        controls = QHBoxLayout()
        controls.addWidget(period_label)
        controls.addWidget(self.period)
        controls.addWidget(self.month)
        controls.addSpacing(12)
        controls.addWidget(type_label)
        controls.addWidget(self.visit_type)
        controls.addSpacing(12)
        controls.addWidget(search_label)
        controls.addWidget(self.search, 1)

        self.model = MyVisitsModel(self)
        self.table = list_table(self, "myVisitsTable")
        self.table.setModel(self.model)
        size_columns(self.table, self.model)
        self.table.activated.connect(self._activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.period)
        QWidget.setTabOrder(self.period, self.month)
        QWidget.setTabOrder(self.month, self.visit_type)
        QWidget.setTabOrder(self.visit_type, self.search)
        QWidget.setTabOrder(self.search, self.table)

        self.period.currentIndexChanged.connect(self._period_changed)
        self.month.dateChanged.connect(self._month_changed)
        self.visit_type.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.search.textChanged.connect(lambda _t: self._apply_filter())
        self.search.returnPressed.connect(self._search_entered)

    # -- state ---------------------------------------------------------------------------
    @property
    def visits(self) -> MyVisits | None:
        return self._visits

    def choose_period(self, period: Period | str, month: date | None = None) -> None:
        if month is not None:
            self.month.setDate(QDate(month.year, month.month, 1))
        self.period.setCurrentIndex(self.period.findData(Period(period).value))

    # -- loading -------------------------------------------------------------------------
    def mark_stale(self) -> None:
        self._stale = True

    def show_page(self) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        period = Period(self.period.currentData())
        month = self.month.date().toPython() if period is Period.MONTH else None
        workspace = self._workspace
        self.summary.setText(_tr("正在读取…"))
        self._tasks.run(
            lambda: workspace.my_visits(period, month),
            on_success=lambda visits: self._arrived(generation, visits),
        )

    def _arrived(self, generation: int, visits: MyVisits) -> None:
        if generation != self._generation:
            return
        self._visits = visits
        self._apply_filter()
        self.loaded.emit(visits)

    def _period_changed(self, _index: int) -> None:
        self.month.setEnabled(Period(self.period.currentData()) is Period.MONTH)
        self.reload()

    def _month_changed(self, _date: QDate) -> None:
        if Period(self.period.currentData()) is Period.MONTH:
            self.reload()

    def _apply_filter(self) -> None:
        visits = self._visits
        if visits is None:
            return
        code = self.visit_type.currentData()
        chosen = VisitType(code) if code else None
        words = self.search.text().casefold().split()
        shown = [v for v in visits.visits if matches(v, chosen, words)]
        self.model.set_rows(shown)
        last = date.fromordinal(visits.end.toordinal() - 1)
        counts = "  ".join(
            f"{vocab_label(t)} {n}" for t, n in visits.by_type().items()
        )  # fmt: skip
        text = _tr("{0} 至 {1}：共 {2} 次走访，{3} 户").format(
            visits.start.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d"),
            len(visits.visits), visits.households,
        )  # fmt: skip
        if counts:
            text = _tr("{0}（{1}）").format(text, counts)
        if len(shown) != len(visits.visits):
            text += _tr("；显示 {0} 次").format(len(shown))
        self.summary.setText(text)

    # -- opening -------------------------------------------------------------------------
    def _search_entered(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.household_requested.emit(self.model.household_id(index.row()) or "")

    def current(self) -> Any:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None
