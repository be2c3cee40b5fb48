"""The household list: a lazy table model over :class:`HouseholdSummary` snapshots.

The model holds every summary in memory (plain frozen dataclasses, cheap even at 15,000
households) but exposes them to the view in pages through ``canFetchMore``/``fetchMore``, so
the first screen shows at once. Filtering and sorting happen here, over the snapshots, never
in SQL; ``update_row`` replaces one household after a change without resetting the view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ..api import HouseholdSummary, RecordSync, RecordSyncState
from ..domain.codes import UnknownCode
from ..domain.vocab import CareCategory, HouseholdStatus, VisitDueState
from .fields import vocab_label
from .messages import record_reason

Index = QModelIndex | QPersistentModelIndex

BATCH = 200
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("HouseholdModel", text)


def _sync_tr(text: str) -> str:
    return QCoreApplication.translate("RecordSync", text)


def _sync_trn(text: str, n: int) -> str:
    """``text`` with ``%n`` for a count, in the plural form ``n`` needs."""
    return QCoreApplication.translate("RecordSync", text, "", n)


_SYNC_MARKS = {
    RecordSyncState.NOT_SENT: "未发送",
    RecordSyncState.CONFLICT: "有冲突",
    RecordSyncState.REJECTED: "被拒绝",
}


def sync_label(sync: RecordSync, quiet: str = "") -> str:
    """未发送 / 有冲突 / 被拒绝; ``quiet`` (empty in lists) for a synced record."""
    if sync.state in _SYNC_MARKS:
        return _sync_tr(_SYNC_MARKS[sync.state])
    return quiet


def sync_labels() -> list[str]:
    """Every mark :func:`sync_label` can show (to size a column for the widest)."""
    return [_sync_tr(_SYNC_MARKS[state]) for state in _SYNC_MARKS]


def sync_reason(sync: RecordSync, *, household: bool = False) -> str:
    """Why, in plain words (the tooltip and the detail view); empty for a synced record."""
    if sync.state is RecordSyncState.REJECTED:
        why = record_reason(sync) or _sync_tr("未说明原因")
        text = _sync_tr("平台拒绝了这条修改：{0}").format(why)
        if household:
            text = _sync_tr("本户有修改被平台拒绝：{0}").format(why)
        text += "\n" + _sync_tr("本机数据已保留，请在冲突中心查看。")
        return text
    if sync.state is RecordSyncState.CONFLICT:
        what = record_reason(sync) or _sync_tr("有修改")
        text = _sync_tr("与平台上的修改冲突：{0}").format(what)
        if household:
            text = _sync_tr("本户有与平台冲突的修改：{0}").format(what)
        return text + "\n" + _sync_tr("请在冲突中心决定采用哪个值。")
    if sync.state is RecordSyncState.NOT_SENT:
        if household:
            return _sync_trn("本户有 %n 条修改尚未发送到平台", sync.unsent)
        return _sync_trn("有 %n 条修改尚未发送到平台", sync.unsent)
    return ""


class Column(IntEnum):
    GROUP = 0
    DOOR = 1
    HEAD = 2
    MEMBERS = 3
    CARE = 4
    LAST_VISIT = 5
    NEXT_DUE = 6
    STATE = 7
    SYNC = 8


HEADERS: dict[Column, str] = {
    Column.GROUP: "组",
    Column.DOOR: "门牌号",
    Column.HEAD: "户主",
    Column.MEMBERS: "人数",
    Column.CARE: "关爱对象",
    Column.LAST_VISIT: "最近走访",
    Column.NEXT_DUE: "下次应访",
    Column.STATE: "状态",
    Column.SYNC: "同步",
}


def COLUMN_SAMPLES() -> dict[int, list[str]]:
    """What each column typically shows, to size it (``columns.size_columns``); translated
    at call time, so English gets English widths."""
    date = ["2026-12-31"]
    return {
        Column.GROUP: ["十二组"],
        Column.DOOR: ["128-12号"],
        Column.HEAD: ["欧阳建国"],
        Column.MEMBERS: ["12"],
        Column.CARE: ["独居老人"],
        Column.LAST_VISIT: date,
        Column.NEXT_DUE: date,
        Column.STATE: [vocab_label(s) for s in (*VisitDueState, *HouseholdStatus)],
        Column.SYNC: sync_labels(),
    }


class HouseholdFilter(StrEnum):
    ALL = "all"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NEVER = "never"
    CARE = "care"
    SYNC_PROBLEM = "sync_problem"

    @property
    def label(self) -> str:
        return {
            HouseholdFilter.ALL: _tr("全部"),
            HouseholdFilter.OVERDUE: vocab_label(VisitDueState.OVERDUE),
            HouseholdFilter.DUE_SOON: vocab_label(VisitDueState.DUE_SOON),
            HouseholdFilter.NEVER: _tr("从未走访"),
            HouseholdFilter.CARE: _tr("重点关爱"),
            HouseholdFilter.SYNC_PROBLEM: _tr("有冲突或被拒绝"),
        }[self]

    def accepts(self, row: HouseholdSummary) -> bool:
        if self is HouseholdFilter.ALL:
            return True
        if self is HouseholdFilter.SYNC_PROBLEM:
            return row.sync.state in (RecordSyncState.CONFLICT, RecordSyncState.REJECTED)
        if self is HouseholdFilter.CARE:
            return bool(row.care_categories)
        if row.status is not HouseholdStatus.ACTIVE:
            return False
        if self is HouseholdFilter.NEVER:
            return row.last_visit is None
        return row.due_state.value == self.value


# Colour is never the only signal: the 状态 column always carries the label too. A household
# never visited has a due state like any other (due from its registration) and looks the same.
_STATE_COLOURS: dict[VisitDueState, tuple[str, str]] = {
    VisitDueState.OVERDUE: ("#b42318", "#fdecea"),
    VisitDueState.DUE_SOON: ("#8a5300", "#fff4de"),
}
_STATE_RANK = {
    VisitDueState.OVERDUE: 0,
    VisitDueState.DUE_SOON: 1,
    VisitDueState.OK: 2,
}
# Sync states: text always, colour as a second signal (foreground, background).
SYNC_COLOURS: dict[RecordSyncState, tuple[str, str]] = {
    RecordSyncState.NOT_SENT: ("#8a5300", "#fff4de"),
    RecordSyncState.CONFLICT: ("#9a3412", "#ffedd5"),
    RecordSyncState.REJECTED: ("#b42318", "#fdecea"),
}
_CARE_ORDER: dict[str, int] = {c: i for i, c in enumerate(CareCategory)}
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """``"2组" < "10组"``, ``"3-2号" < "3-10号"``: digits compare as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def care_text(categories: frozenset[CareCategory | UnknownCode]) -> str:
    return "、".join(vocab_label(c) for c in sorted(categories, key=_care_order))


def _care_order(category: CareCategory | UnknownCode) -> tuple[int, str]:
    """Vocabulary order; a code this client does not know (a newer centre's) sorts last."""
    return _CARE_ORDER.get(category, len(_CARE_ORDER)), str(category)


def date_text(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def due_tooltip(row: HouseholdSummary) -> str:
    """Why the household is due, in words, for the date and state columns."""
    if row.status is not HouseholdStatus.ACTIVE:
        return ""
    if row.last_visit is None:
        if row.next_due is None:
            return _tr("从未走访")
        return _tr("从未走访：自登记起即应走访，最迟 {0}").format(date_text(row.next_due))
    if row.next_due is None:
        return ""
    return _tr("最近走访 {0}，下次应访 {1}").format(
        date_text(row.last_visit), date_text(row.next_due)
    )


def state_text(row: HouseholdSummary) -> str:
    if row.status is not HouseholdStatus.ACTIVE:
        return vocab_label(row.status)
    return vocab_label(row.due_state)


_FAR = datetime.max
_SORT_KEYS: dict[Column, Callable[[HouseholdSummary], Any]] = {
    Column.GROUP: lambda r: (natural_key(r.group_name), natural_key(r.door_number)),
    Column.DOOR: lambda r: natural_key(r.door_number),
    Column.HEAD: lambda r: r.head_name,
    Column.MEMBERS: lambda r: r.member_count,
    Column.CARE: lambda r: (-len(r.care_categories), care_text(r.care_categories)),
    Column.LAST_VISIT: lambda r: r.last_visit or datetime.min,
    Column.NEXT_DUE: lambda r: r.next_due or _FAR,
    Column.STATE: lambda r: (
        _STATE_RANK[r.due_state] if r.status is HouseholdStatus.ACTIVE else 9,
        r.next_due or datetime.min,
    ),
    Column.SYNC: lambda r: -r.sync.state.rank,
}


class HouseholdModel(QAbstractTableModel):
    """Households of the workspace, filtered and sorted, shown to the view in batches."""

    def __init__(self, parent: Any = None, batch: int = BATCH):
        super().__init__(parent)
        self._all: list[HouseholdSummary] = []
        self._rows: list[HouseholdSummary] = []  # filtered and sorted
        self._shown = 0
        self._batch = batch
        self._filter = HouseholdFilter.ALL
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- loading -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[HouseholdSummary]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rebuild()
        self.endResetModel()

    def set_filter(self, which: HouseholdFilter) -> None:
        if which is self._filter:
            return
        self.beginResetModel()
        self._filter = which
        self._rebuild()
        self.endResetModel()

    @property
    def current_filter(self) -> HouseholdFilter:
        return self._filter

    def _rebuild(self) -> None:
        rows = [r for r in self._all if self._filter.accepts(r)]
        if self._sort is not None:
            column, order = self._sort
            rows.sort(
                key=_SORT_KEYS[Column(column)],
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
        self._rows = rows
        self._shown = min(len(rows), self._batch)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(self._batch, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def total_count(self) -> int:
        """Households passing the filter, fetched or not."""
        return len(self._rows)

    def all_count(self) -> int:
        return len(self._all)

    # -- lookups -------------------------------------------------------------------------
    def summary(self, row: int) -> HouseholdSummary:
        return self._rows[row]

    def row_of(self, household_id: str, fetch: bool = True) -> int:
        """The view row of a household (fetching up to it if needed), or -1 if filtered out."""
        for i, r in enumerate(self._rows):
            if r.id == household_id:
                if i >= self._shown:
                    if not fetch:
                        return -1
                    self.beginInsertRows(QModelIndex(), self._shown, i)
                    self._shown = i + 1
                    self.endInsertRows()
                return i
        return -1

    def find(self, household_id: str) -> HouseholdSummary | None:
        return next((r for r in self._all if r.id == household_id), None)

    def update_row(self, summary: HouseholdSummary) -> None:
        """Replace one household in place (keeps the selection; it stays until refiltered)."""
        for i, r in enumerate(self._all):
            if r.id == summary.id:
                self._all[i] = summary
                break
        else:
            self._all.append(summary)
        for i, r in enumerate(self._rows):
            if r.id == summary.id:
                self._rows[i] = summary
                if i < self._shown:
                    last = self.index(i, len(Column) - 1)
                    self.dataChanged.emit(self.index(i, 0), last)
                return

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(HEADERS[Column(section)])
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.MEMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.MEMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == Column.SYNC and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            sync_colours = SYNC_COLOURS.get(row.sync.state)
            if sync_colours is None:
                return None
            fg_or_bg = sync_colours[0 if role == Qt.ItemDataRole.ForegroundRole else 1]
            return QBrush(QColor(fg_or_bg))
        active = row.status is HouseholdStatus.ACTIVE
        colours = _STATE_COLOURS.get(row.due_state) if active else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not active:
                return QBrush(QColor("#6b7280"))
            if colours and column in (Column.STATE, Column.NEXT_DUE):
                return QBrush(QColor(colours[0]))
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if colours and colours[1]:
                return QBrush(QColor(colours[1]))
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column == Column.SYNC and row.sync.state.rank >= RecordSyncState.CONFLICT.rank:
                font = QFont()
                font.setBold(True)
                return font
            if not active:
                font = QFont()
                font.setItalic(True)
                return font
            if active and row.due_state is VisitDueState.OVERDUE and column == Column.STATE:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return None

    def _display(self, row: HouseholdSummary, column: Column) -> str | int:
        if column == Column.GROUP:
            return row.group_name
        if column == Column.DOOR:
            return row.door_number
        if column == Column.HEAD:
            return row.head_name or _tr("（未登记）")
        if column == Column.MEMBERS:
            return row.member_count
        if column == Column.CARE:
            return care_text(row.care_categories)
        if column == Column.LAST_VISIT:
            if row.last_visit is None and row.status is HouseholdStatus.ACTIVE:
                return _tr("从未走访")
            return date_text(row.last_visit) or _tr("—")
        if column == Column.NEXT_DUE:
            if row.status is not HouseholdStatus.ACTIVE:
                return ""
            return date_text(row.next_due) or _tr("尽快")
        if column == Column.STATE:
            return state_text(row)
        return sync_label(row.sync)

    def _tooltip(self, row: HouseholdSummary, column: Column) -> str | None:
        if column == Column.SYNC:
            return sync_reason(row.sync, household=True) or None
        if column == Column.CARE and row.care_categories:
            return care_text(row.care_categories)
        if column in (Column.GROUP, Column.DOOR, Column.HEAD):
            return row.address
        if column in (Column.LAST_VISIT, Column.NEXT_DUE, Column.STATE):
            return due_tooltip(row) or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[i.row()].id if i.row() < len(self._rows) else None for i in old]
        self._sort = (column, order)
        self._rows.sort(
            key=_SORT_KEYS[Column(column)], reverse=order == Qt.SortOrder.DescendingOrder
        )
        positions = {r.id: n for n, r in enumerate(self._rows)}
        new = []
        for index, hid in zip(old, ids, strict=True):
            pos = positions.get(hid) if hid is not None else None
            if pos is None or pos >= self._shown:
                new.append(QModelIndex())
            else:
                new.append(self.index(pos, index.column()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
