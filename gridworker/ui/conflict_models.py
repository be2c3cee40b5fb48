"""The conflict centre's four lists as Qt item models over snapshots: open conflicts, decided
ones, refused changes and the read-only copies kept of them.

Each row is one snapshot from ``gridworker.api`` (:class:`ConflictView`,
:class:`RejectedChange`, :class:`KeptCopy`); its id is under ``ID_ROLE`` and every cell's
tooltip is its text (the list columns are narrow), except where a column says more.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from ..api import (
    Actor,
    ConflictView,
    KeptCopy,
    RejectedChange,
    conflict_kind_text,
    conflict_state_text,
)
from .messages import message_text, translate
from .snapshot_model import Index, SnapshotTableModel

ID_ROLE = Qt.ItemDataRole.UserRole
CENTRE = "ConflictCentre"  # the translation context of the lists' words and headers


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def when(moment: datetime | None) -> str:
    """Stored times are naive local time: shown as date and HH:MM."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


def kind_word(kind: str) -> str:
    """What happened, in a few words for the list (the detail says it in full)."""
    words = {
        "field": _tr(CENTRE, "双方都改了"), "update_vs_delete": _tr(CENTRE, "平台已删除"),
        "delete_vs_update": _tr(CENTRE, "平台已修改"),
    }  # fmt: skip
    return words.get(kind, kind)


def choice_text(kind: str, choice: str | None) -> str:
    """A decision in plain words (the same words as the buttons, without mnemonics)."""
    texts = {
        "mine": _tr(CENTRE, "采用我的值"), "theirs": _tr(CENTRE, "采用平台的值"),
        "new": _tr(CENTRE, "填写新值"), "keep": _tr(CENTRE, "保留这条记录"),
        "accept_delete": _tr(CENTRE, "同意删除"),
    }  # fmt: skip
    if kind == "delete_vs_update" and choice == "mine":
        return _tr(CENTRE, "仍然删除")
    return texts.get(choice or "", choice or "—")


def who(actor: Actor, username: str | None) -> str:
    """Who decided: the signed-in worker by name and account, anyone else by account."""
    if not username:
        return "—"
    if username == actor.username and actor.display_name != username:
        return _tr(CENTRE, "{0}（{1}）").format(actor.display_name, username)
    return username


class SnapshotListModel(SnapshotTableModel):
    """A list of snapshots: ``cells`` gives a row's texts, ``key`` its id."""

    def row_of(self, key: str | None) -> int:
        return next((i for i, r in enumerate(self._rows) if self.key(r) == key), -1)

    def key(self, item: Any) -> str:
        raise NotImplementedError

    def cells(self, item: Any) -> Sequence[str]:
        raise NotImplementedError

    def tooltip(self, item: Any, column: int, text: str) -> str:
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.has_row(index):
            return None
        item = self._rows[index.row()]
        if role == ID_ROLE:
            return self.key(item)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.cells(item)[index.column()]
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            return self.tooltip(item, index.column(), text)
        return None


def _where(entity_label: str, row_label: str) -> str:
    """Which record, as a worker recognises it: 居民“张三（一组 5号）”."""
    return message_text("row_where", entity=entity_label, row=row_label)


class OpenConflictsModel(SnapshotListModel):
    """待处理的冲突: the row in words, the field, what happened (in full in the tooltip)."""

    HEADERS = ("记录", "项目", "情况")

    def header_text(self, section: int) -> str:
        return _tr(CENTRE, self.HEADERS[section])

    def key(self, item: ConflictView) -> str:
        return item.id

    def cells(self, item: ConflictView) -> Sequence[str]:
        return (_where(item.entity_label, item.row_label), item.field_label or "—",
                kind_word(item.kind))  # fmt: skip

    def tooltip(self, item: ConflictView, column: int, text: str) -> str:
        if column == 2:
            return conflict_kind_text(item.kind, translate)
        return text


class DoneConflictsModel(SnapshotListModel):
    """已处理: who decided what, when, and whether the centre has it yet."""

    HEADERS = ("记录", "项目", "处理方式", "采用的值", "处理人", "处理时间", "状态")

    def header_text(self, section: int) -> str:
        return _tr(CENTRE, self.HEADERS[section])

    def __init__(self, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self._actor = actor

    def key(self, item: ConflictView) -> str:
        return item.id

    def cells(self, item: ConflictView) -> Sequence[str]:
        return (_where(item.entity_label, item.row_label), item.field_label or "—",
                choice_text(item.kind, item.choice), item.value_text(),
                who(self._actor, item.resolved_by), when(item.resolved_at),
                conflict_state_text(item.state, translate))  # fmt: skip


class RejectedModel(SnapshotListModel):
    """被拒绝的修改: the row, the change, why the centre refused it, when it was made."""

    HEADERS = ("记录", "修改", "原因", "修改时间")

    def header_text(self, section: int) -> str:
        return _tr(CENTRE, self.HEADERS[section])

    def key(self, item: RejectedChange) -> str:
        return item.mutation_id

    def cells(self, item: RejectedChange) -> Sequence[str]:
        return (_where(item.entity_label, item.row_label), item.op_label, item.reason,
                when(item.changed_at))  # fmt: skip


class KeptModel(SnapshotListModel):
    """已保留的副本: what the refused change held, read-only, never synced."""

    HEADERS = ("记录", "修改", "内容", "被拒绝的原因", "保留时间")

    def header_text(self, section: int) -> str:
        return _tr(CENTRE, self.HEADERS[section])

    def key(self, item: KeptCopy) -> str:
        return item.id

    def cells(self, item: KeptCopy) -> Sequence[str]:
        return (_where(item.entity_label, item.row_label), item.op_label,
                _tr(CENTRE, "；").join(message_text("value.pair", label=label, value=text)
                                       for label, text in item.fields) or "—",
                item.reason, when(item.kept_at))  # fmt: skip
