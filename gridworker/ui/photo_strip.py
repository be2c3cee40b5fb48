"""Optional photos on a visit: a row of thumbnails, a file picker and a drop target.

Photos are never required and never nagged about (国办函〔2026〕12号: no forced photo
"traces"). Each file is processed on its own in the background (decode, orient, shrink, strip
metadata), so one bad file shows its reason inline while the others still attach.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..api import MAX_PHOTOS_PER_VISIT, GridworkerError, Workspace
from .errors import readable
from .fields import InlineMessage
from .messages import error_text
from .settings import last_folder, remember_folder
from .tasks import Task, TaskRunner

THUMB = QSize(96, 96)
_ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def local_paths(mime: QMimeData) -> list[str]:
    """The local files in a drag's data (URLs that are not local files are ignored)."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


@dataclass
class _Entry:
    id: int
    source: str
    item: QListWidgetItem
    photo: Any = None  # a ProcessedPhoto once ready
    task: Task | None = None


class _ThumbList(QListWidget):
    """Thumbnails in one horizontal row; Delete removes the selected photo."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems():
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class PhotoStrip(QWidget):
    """Thumbnails with remove, an 添加照片… button and drag-and-drop of image files."""

    changed = Signal()  # the attached photos changed (added, removed, cleared)
    settled = Signal()  # nothing is being processed any more

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace, self._tasks = workspace, tasks
        self._entries: list[_Entry] = []
        self._ids = itertools.count(1)
        self._problems: list[str] = []
        self.setAcceptDrops(True)

        self.add_button = QPushButton(self.tr("添加照片(&P)…"), self)
        self.add_button.setToolTip(self.tr("选择照片文件，也可以把图片文件直接拖到表单上（照片可不附）"))
        self.add_button.clicked.connect(self.pick_files)
        self.remove_button = QPushButton(self.tr("移除所选"), self)
        self.remove_button.setToolTip(self.tr("移除选中的照片（Delete 键）"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)

        self.list = _ThumbList(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 16, THUMB.height() + 26))
        self.list.setFixedHeight(THUMB.height() + 40)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(self.tr("照片"))
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )
        self.list.delete_pressed.connect(self.remove_selected)
        self.list.hide()  # no empty box when there are no photos

        self.message = InlineMessage(self)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        self.remove_button.hide()

    # -- reading -------------------------------------------------------------------------
    def photos(self) -> list[Any]:
        """The processed photos, in the order shown (pass them to ``log_visit``)."""
        return [e.photo for e in self._entries if e.photo is not None]

    def sources(self) -> list[str]:
        """The original file paths of attached and in-progress photos (for drafts)."""
        return [e.source for e in self._entries]

    def busy(self) -> bool:
        return any(e.photo is None for e in self._entries)

    # -- changing ------------------------------------------------------------------------
    def pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("添加照片"),
            last_folder(),
            self.tr("图片 (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff);;所有文件 (*)"),
        )
        if paths:
            remember_folder(paths[0])
            self.add_paths(paths)

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        """Process and attach files in the background, one task per file."""
        self._problems = []
        self.message.clear_message()
        for raw in paths:
            path = str(raw)
            if len(self._entries) >= MAX_PHOTOS_PER_VISIT:
                self._problem(
                    self.tr("每次走访最多附 {0} 张照片，其余文件未添加").format(
                        MAX_PHOTOS_PER_VISIT
                    )
                )
                break
            self._start(path)
        self._sync_visibility()

    def remove_selected(self) -> None:
        doomed = {id(item) for item in self.list.selectedItems()}
        for entry in [e for e in self._entries if id(e.item) in doomed]:
            self._drop(entry)
        self._sync_visibility()
        self.changed.emit()
        if not self.busy():
            self.settled.emit()

    def clear(self) -> None:
        for entry in list(self._entries):
            self._drop(entry)
        self._problems = []
        self.message.clear_message()
        self._sync_visibility()
        self.changed.emit()

    # -- drag and drop -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(paths)

    # -- internals -----------------------------------------------------------------------
    def _start(self, path: str) -> None:
        item = QListWidgetItem(self.tr("处理中…"))
        item.setToolTip(path)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder = QPixmap(THUMB)
        placeholder.fill(Qt.GlobalColor.lightGray)
        item.setIcon(placeholder)
        self.list.addItem(item)
        entry = _Entry(id=next(self._ids), source=path, item=item)
        item.setData(_ENTRY_ROLE, entry.id)
        self._entries.append(entry)
        visits = self._workspace.visits

        def work() -> tuple[Any, QImage]:
            # One file per call, so a rejected file never takes the others down with it.
            photo = visits.prepare_photos([path])[0]
            thumb = QImage.fromData(photo.thumbnail)  # QImage is safe off the UI thread
            return photo, thumb

        entry.task = self._tasks.run(
            work,
            on_success=lambda result: self._ready(entry, *result),
            on_failure=lambda exc: self._rejected(entry, exc),
            parallel=True,
        )

    def _ready(self, entry: _Entry, photo: Any, thumb: QImage) -> None:
        if entry not in self._entries:
            return
        if any(e.photo is not None and e.photo.sha256 == photo.sha256 for e in self._entries):
            self._drop(entry)
            self._problem(self.tr("{0}：这张照片已经添加过").format(Path(entry.source).name))
        else:
            entry.photo = photo
            entry.item.setText(Path(entry.source).name)
            entry.item.setIcon(QPixmap.fromImage(thumb))
            entry.item.setToolTip(
                self.tr("{0}\n{1}×{2} 像素").format(entry.source, photo.width, photo.height)
            )
        self._finish()

    def _rejected(self, entry: _Entry, exc: BaseException) -> None:
        if entry not in self._entries:
            return
        self._drop(entry)
        # PhotoRejected (not an image, truncated, too large) and missing files alike: the
        # reason goes next to the strip, the other photos are unaffected.
        reason = error_text(exc) if isinstance(exc, GridworkerError) else readable(exc)
        if isinstance(exc, FileNotFoundError):
            reason = self.tr("找不到该文件")
        self._problem(self.tr("{0}：{1}").format(Path(entry.source).name, reason))
        self._finish()

    def _finish(self) -> None:
        self._sync_visibility()
        self.changed.emit()
        if not self.busy():
            self.settled.emit()

    def _drop(self, entry: _Entry) -> None:
        if entry.task is not None and not entry.task.done:
            entry.task.cancel()
        self._entries.remove(entry)
        row = self.list.row(entry.item)
        if row >= 0:
            self.list.takeItem(row)

    def _problem(self, text: str) -> None:
        self._problems.append(text)
        self.message.show_error("\n".join(self._problems))

    def _sync_visibility(self) -> None:
        has = bool(self._entries)
        self.list.setVisible(has)
        self.remove_button.setVisible(has)
