"""The table models of the 今日 page: one per kind of list, each over plain snapshots.

Every model answers ``household_id(row)`` (``None`` where a row belongs to no household) so
the page can open what a row is about without knowing which list it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from ..api import (
    ConflictView,
    DraftItem,
    DraftKind,
    FollowUp,
    HouseholdSummary,
    RejectedChange,
    UnsentRecord,
)
from ..domain.vocab import CareCategory, VisitType
from .fields import vocab_label
from .snapshot_model import Index, SnapshotTableModel

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's snapshot."""
ADDRESS = "十二组 128-12号 小学北侧"
DAY = "2026-12-31"
TIME = "2026-12-31 23:59"
TYPE = "<visit type>"


def _tr(text: str) -> str:
    return QCoreApplication.translate("TodayView", text)


def day_text(value: date | datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else "—"


def time_text(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "—"


def entity_text(entity: str) -> str:
    """What kind of record, in the interface language."""
    names = {
        "grid": _tr("网格"),
        "household": _tr("户"),
        "resident": _tr("居民"),
        "visit": _tr("走访记录"),
        "visit_amendment": _tr("走访更正"),
    }
    return names.get(entity, entity)


def draft_form_text(kind: str) -> str:
    """The form a draft belongs to, in the interface language."""
    forms: dict[str, str] = {
        DraftKind.VISIT: _tr("走访记录"),
        DraftKind.RESIDENT: _tr("编辑居民"),
        DraftKind.NEW_RESIDENT: _tr("新增居民"),
        DraftKind.HOUSEHOLD: _tr("编辑户"),
        DraftKind.NEW_HOUSEHOLD: _tr("新增户"),
        DraftKind.VISIT_AMENDMENT: _tr("走访更正"),
    }
    return forms.get(kind, kind)


def kinds_text(kinds: Sequence[Any]) -> str:
    return "、".join(vocab_label(k) for k in kinds)


def size_columns(table: QTableView, model: DeskModel) -> None:
    """Columns as wide as their header or typical content; the last one stretches."""
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    fm = table.fontMetrics()
    for column, sample in enumerate(model.samples()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        text = str(model.headerData(column, Qt.Orientation.Horizontal))
        header.resizeSection(column, max(fm.horizontalAdvance(t) for t in (text, sample)) + 24)


class DeskModel(SnapshotTableModel):
    """The shared part: rows, the snapshot behind a row, alignment of number columns."""

    NUMBER_COLUMNS: ClassVar[frozenset[int]] = frozenset()
    SAMPLES: ClassVar[tuple[str, ...]] = ()
    """Typical contents of the columns but the last (which stretches), to size them."""

    def samples(self) -> tuple[str, ...]:
        """``SAMPLES``, with ``TYPE`` standing for the longest visit type label as shown."""
        longest = max((vocab_label(t) for t in VisitType), key=len)
        return tuple(longest if s == TYPE else s for s in self.SAMPLES)

    def row(self, row: int) -> Any:
        return self._rows[row]

    def household_id(self, row: int) -> str | None:
        return getattr(self._rows[row], "household_id", None)

    def cell(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        item = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(item, index.column())
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HouseholdRowsModel(DeskModel):
    """Overdue, due this week, never visited."""

    HEADERS = ("户", "户主", "人数", "关爱对象", "上次走访", "应走访日期", "状态")
    NUMBER_COLUMNS = frozenset({2})
    SAMPLES = (ADDRESS, "欧阳建国", "人数", "留守儿童、留守老人", DAY, DAY)

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def household_id(self, row: int) -> str | None:
        return str(self._rows[row].id)

    def cell(self, h: HouseholdSummary, column: int) -> str:
        if column == 0:
            return h.address or _tr("（未填写地址）")
        if column == 1:
            return h.head_name
        if column == 2:
            return str(h.member_count)
        if column == 3:
            return kinds_text([c for c in CareCategory if c in h.care_categories])
        if column == 4:
            return day_text(h.last_visit)
        if column == 5:
            return day_text(h.next_due)
        return vocab_label(h.due_state)


class FollowUpModel(DeskModel):
    HEADERS = ("跟进日期", "户", "户主", "走访日期", "类型", "发现问题", "摘要")
    SAMPLES = ("2026-12-31（已过期）", ADDRESS, "欧阳建国", DAY, TYPE, "矛盾纠纷、群众诉求")

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def cell(self, f: FollowUp, column: int) -> str:
        if column == 0:
            return day_text(f.follow_up_date) + (_tr("（已过期）") if f.overdue else "")
        if column == 1:
            return f.address
        if column == 2:
            return f.head_name
        if column == 3:
            return day_text(f.visited_at)
        if column == 4:
            return vocab_label(f.visit_type)
        if column == 5:
            return kinds_text(f.finding_kinds)
        return f.summary


class UnsentModel(DeskModel):
    HEADERS = ("类别", "记录", "待发送的修改")
    NUMBER_COLUMNS = frozenset({2})
    SAMPLES = ("走访更正", "走访更正：2026-12-31 的走访（" + ADDRESS + "）")

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def cell(self, r: UnsentRecord, column: int) -> str:
        if column == 0:
            return entity_text(r.entity)
        if column == 1:
            return r.label
        return str(r.changes)


class DraftModel(DeskModel):
    HEADERS = ("表单", "内容", "保存时间")
    SAMPLES = ("新增居民", "欧阳建国（" + ADDRESS + "）")

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def cell(self, d: DraftItem, column: int) -> str:
        if column == 0:
            return draft_form_text(d.kind)
        if column == 1:
            return d.label
        return time_text(d.updated_at)


class ConflictModel(DeskModel):
    HEADERS = ("类别", "记录", "字段", "发生时间")
    SAMPLES = ("走访更正", "欧阳建国（" + ADDRESS + "）", "详细地址")

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def household_id(self, row: int) -> str | None:
        return None  # decided in the conflict centre

    def cell(self, c: ConflictView, column: int) -> str:
        if column == 0:
            return entity_text(c.entity)
        if column == 1:
            return c.row_label
        if column == 2:
            return c.field_label or "—"
        return time_text(c.created_at)


class RejectedModel(DeskModel):
    HEADERS = ("类别", "记录", "修改时间", "原因")
    SAMPLES = ("走访更正", "欧阳建国（" + ADDRESS + "）", TIME)

    def header_text(self, section: int) -> str:
        return _tr(self.HEADERS[section])

    def household_id(self, row: int) -> str | None:
        return None  # handled in the conflict centre

    def cell(self, r: RejectedChange, column: int) -> str:
        if column == 0:
            return entity_text(r.entity)
        if column == 1:
            return r.row_label
        if column == 2:
            return time_text(r.changed_at)
        return r.reason
