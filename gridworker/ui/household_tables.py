"""The household pane's two tables as Qt item models over snapshots: the residents (ID
numbers and phones masked unless an audited reveal put the full value in) and the visit
timeline, each with its 同步 column."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ..api import SYNCED, RecordSync, RecordSyncState
from ..domain.masking import mask_citizen_id, mask_phone
from ..domain.vocab import Education, FindingKind, Relation, ResidentStatus, Sex, VisitType
from .household_model import SYNC_COLOURS, care_text, sync_label, sync_reason, vocab_label
from .snapshot_model import SnapshotTableModel

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


class ResidentTableModel(SnapshotTableModel):
    """Residents of one household. ID numbers and phones masked unless revealed (audited)."""

    HEADERS = ("姓名", "性别", "年龄", "与户主关系", "文化程度", "身份证号", "电话", "关爱对象",
               "状态", "同步")
    EDUCATION, CITIZEN_ID, PHONE, CARE, SYNC = 4, 5, 6, 7, 9

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

    @staticmethod
    def column_samples(marks: list[str]) -> dict[int, int | Iterable[str]]:
        """What each column must fit (``marks``: the 同步 labels), for ``size_columns``."""
        return {
            0: ["欧阳建国"], 1: [vocab_label(s) for s in Sex], 2: ["100"],
            3: [vocab_label(r) for r in Relation],
            4: [t for t in map(vocab_label, Education) if len(t) <= 4],  # longer ones elide
            5: ["110105********002X"], 6: ["0755-******78"], 7: ["独居老人"],
            8: [vocab_label(s) for s in ResidentStatus], 9: marks,
        }  # fmt: skip

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
            if column == 0:
                return self._facts(r) or None
            if column == self.EDUCATION and r.education:
                return vocab_label(r.education)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _facts(r: Resident) -> str:
        """The name's tooltip: what the columns leave out (民族, 曾用名)."""
        lines = [_tr("ResidentTableModel", "民族：{0}").format(
            vocab_label(r.ethnicity) if r.ethnicity else _tr("ResidentTableModel", "未填写"))]
        if r.former_name:
            lines.append(_tr("ResidentTableModel", "曾用名：{0}").format(r.former_name))
        return "\n".join(lines)

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
        if column == self.EDUCATION:
            return vocab_label(r.education) if r.education else ""
        if column == self.CARE:
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

    @staticmethod
    def column_samples(marks: list[str]) -> dict[int, int | Iterable[str]]:
        """What each column must fit (``marks``: the 同步 labels), for ``size_columns``."""
        return {
            0: ["2026-12-31 23:59"], 1: [vocab_label(t) for t in VisitType], 2: 240,
            3: [vocab_label(FindingKind.DISPUTE) + "、"], 4: [_tr("VisitTimelineModel", "{0} 张")],
            5: [_tr("VisitTimelineModel", "已更正") + "、"], 6: marks,
        }  # fmt: skip

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

