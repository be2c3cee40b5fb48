"""A saved visit's photos: a row of thumbnails, and a viewer for one photo at full size.

Photos taken by colleagues are not on this laptop until someone looks at them: the sync
fetches only the list of hashes. The gallery fetches each missing thumbnail in the background
(``Workspace.download_photo(sha, "thumb")``), the viewer the full picture when it is opened.
Offline or signed out, the gallery says so in words and the rest of the visit stays readable;
clicking a thumbnail that failed tries again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..api import AuthFailed, NotFoundError, ServerUnreachable, Workspace
from ..domain.entities import PhotoRef
from .draft_keeper import bound_to
from .errors import SESSION_ENDED, readable
from .fields import InlineMessage
from .tasks import TaskRunner

THUMB = QSize(104, 104)
_SHA_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("PhotoGallery", text)


def why_not_shown(exc: BaseException) -> str:
    """Why a colleague's photo could not be fetched, in plain words."""
    if isinstance(exc, ServerUnreachable):
        return _tr("无法连接服务器：同事拍摄的照片不在本机，联网后再打开即可查看。")
    if isinstance(exc, AuthFailed) and exc.code in SESSION_ENDED:
        return _tr("尚未登录：登录后才能下载同事拍摄的照片。")
    if isinstance(exc, NotFoundError):
        return _tr("服务器上没有这张照片（可能尚未上传），请稍后再试。")
    return readable(exc)


def load_thumbnail(workspace: Workspace, sha: str) -> tuple[QImage, bool]:
    """(thumbnail, downloaded): the local thumbnail, else one made from the local photo,
    else the centre's thumbnail, downloaded now. Runs off the UI thread (QImage is safe)."""
    path = workspace.photo_path(sha, thumbnail=True)
    downloaded = False
    if not path.is_file():
        full = workspace.photo_path(sha)
        if full.is_file():
            path = full
        else:
            path = workspace.download_photo(sha, "thumb")
            downloaded = True
    image = QImage(str(path))
    if image.isNull():
        raise ValueError(f"unreadable photo file {Path(path).name}")
    scaled = image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                          Qt.TransformationMode.SmoothTransformation)  # fmt: skip
    return scaled, downloaded


def load_full(workspace: Workspace, sha: str) -> QImage:
    """The photo at full size, downloaded first when it is a colleague's (hash checked)."""
    path = workspace.photo_path(sha)
    if not path.is_file():
        path = workspace.download_photo(sha, "full")
    image = QImage(str(path))
    if image.isNull():
        raise ValueError(f"unreadable photo file {Path(path).name}")
    return image


class PhotoGallery(QWidget):
    """Thumbnails of a visit's photos; click or Enter opens the viewer."""

    thumbnails_done = Signal()  # every thumbnail is shown or has failed

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace, self._tasks = workspace, tasks
        self._photos: tuple[PhotoRef, ...] = ()
        self._generation = 0
        self._waiting: list[str] = []  # thumbnails still to fetch, in order
        self._failed: dict[str, str] = {}
        self.downloaded: set[str] = set()  # thumbnails fetched from the centre (for tests)
        self.viewer: PhotoViewer | None = None

        self.list = QListWidget(self)
        self.list.setObjectName("visitPhotos")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 16, THUMB.height() + 28))
        self.list.setFixedHeight(THUMB.height() + 36)
        self.list.setAccessibleName(self.tr("照片"))
        self.list.setToolTip(self.tr("单击或按 Enter 查看大图"))
        self.list.itemClicked.connect(self._open_item)
        self.list.itemActivated.connect(self._open_item)
        self.message = InlineMessage(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.message)

    # -- state ---------------------------------------------------------------------------
    @property
    def photos(self) -> tuple[PhotoRef, ...]:
        return self._photos

    def busy(self) -> bool:
        return bool(self._waiting)

    def shown(self, sha: str) -> bool:
        """The thumbnail of ``sha`` is on screen (not the grey placeholder)."""
        row = self._row_of(sha)
        return row >= 0 and sha not in self._waiting and sha not in self._failed

    def set_photos(self, photos: Sequence[PhotoRef]) -> None:
        """Show ``photos`` (placeholders at once, each thumbnail as it arrives)."""
        self._generation += 1
        self._photos = tuple(photos)
        self._failed.clear()
        self.message.clear_message()
        self.list.clear()
        for photo in self._photos:
            item = QListWidgetItem(self.tr("加载中…"))
            item.setData(_SHA_ROLE, photo.sha256)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            placeholder = QPixmap(THUMB)
            placeholder.fill(Qt.GlobalColor.lightGray)
            item.setIcon(placeholder)
            self.list.addItem(item)
        self._waiting = [p.sha256 for p in self._photos]
        if self._photos:
            self.list.setCurrentRow(0)
            self._fetch_next(self._generation)
        else:
            self.thumbnails_done.emit()

    # -- loading -------------------------------------------------------------------------
    def _fetch_next(self, generation: int) -> None:
        """One thumbnail at a time, in order: a visit of 20 photos opened offline must not
        fill the shared pool (the sync uses it) with 20 downloads waiting to time out."""
        if generation != self._generation or not self._waiting:
            return
        sha, workspace = self._waiting[0], self._workspace
        self._tasks.run(
            lambda: load_thumbnail(workspace, sha),
            on_success=bound_to(self, lambda result: self._arrived(generation, sha, *result)),
            on_failure=bound_to(self, lambda exc: self._not_arrived(generation, sha, exc)),
            parallel=True,  # network or disk, never the UI thread nor the database queue
        )

    def _arrived(self, generation: int, sha: str, image: QImage, downloaded: bool) -> None:
        if generation != self._generation:
            return
        self._waiting.remove(sha)
        if downloaded:
            self.downloaded.add(sha)
        row = self._row_of(sha)
        item = self.list.item(row)
        item.setIcon(QPixmap.fromImage(image))
        item.setText(self.tr("第 {0} 张").format(row + 1))
        item.setToolTip(self.tr("单击或按 Enter 查看大图"))
        if not self._failed:
            self.message.clear_message()  # a retry worked
        self._settle()
        self._fetch_next(generation)

    def _not_arrived(self, generation: int, sha: str, exc: BaseException) -> None:
        if generation != self._generation:
            return
        # Offline or signed out, the next photo fails the same way: say so for all of them
        # at once rather than trying each.
        hopeless = isinstance(exc, ServerUnreachable | AuthFailed)
        for failed in list(self._waiting) if hopeless else [sha]:
            self._waiting.remove(failed)
            reason = why_not_shown(exc)
            self._failed[failed] = reason
            item = self.list.item(self._row_of(failed))
            item.setText(self.tr("未能加载"))
            item.setToolTip(self.tr("{0}\n单击重试").format(reason))
        self.message.show_error("\n".join(dict.fromkeys(self._failed.values())))
        self._settle()
        self._fetch_next(generation)

    def _settle(self) -> None:
        if not self._waiting:
            self.thumbnails_done.emit()

    def _row_of(self, sha: str) -> int:
        return next((i for i, p in enumerate(self._photos) if p.sha256 == sha), -1)

    # -- viewing -------------------------------------------------------------------------
    def _open_item(self, item: QListWidgetItem) -> None:
        sha = str(item.data(_SHA_ROLE))
        if sha in self._failed:  # try again (back online, signed in again)
            del self._failed[sha]
            item.setText(self.tr("加载中…"))
            self._waiting.append(sha)
            if len(self._waiting) == 1:
                self._fetch_next(self._generation)
            return
        self.open_viewer(self.list.row(item))

    def open_viewer(self, row: int = 0) -> PhotoViewer:
        if self.viewer is None:
            self.viewer = PhotoViewer(self._workspace, self._tasks, self.window())
        self.viewer.show_photos(self._photos, row)
        return self.viewer


class PhotoViewer(QDialog):
    """One photo at a time, fitted to the window: ←/→ (or PgUp/PgDn) for the others."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace, self._tasks = workspace, tasks
        self._photos: tuple[PhotoRef, ...] = ()
        self._index = 0
        self._image: QImage | None = None
        self._request = 0
        self.setObjectName("photoViewer")
        self.setWindowTitle(self.tr("查看照片"))
        self.setModal(False)

        self.picture = QLabel(self)
        self.picture.setObjectName("photoViewerPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(200, 150)
        self.picture.setStyleSheet("background: #202124; color: #e8eaed;")
        self.counter = QLabel(self)
        self.message = InlineMessage(self)
        self.previous_button = QPushButton(self.tr("← 上一张(&P)"), self)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton(self.tr("下一张(&N) →"), self)
        self.next_button.clicked.connect(lambda: self.step(1))
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.clicked.connect(self.close)

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(self.counter, 1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.message)
        layout.addLayout(bar)

        for keys, delta in (((Qt.Key.Key_Left, Qt.Key.Key_PageUp), -1),
                            ((Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space), 1)):
            for key in keys:
                QShortcut(QKeySequence(key), self, lambda d=delta: self.step(d))
        self.resize(960, 680)

    @property
    def index(self) -> int:
        return self._index

    def loaded(self) -> bool:
        """The current photo is on screen at full size."""
        return self._image is not None

    def show_photos(self, photos: Sequence[PhotoRef], index: int = 0) -> None:
        self._photos = tuple(photos)
        self.show()
        self.raise_()
        self.activateWindow()
        self._go(index)

    def step(self, delta: int) -> None:
        if self._photos:
            self._go((self._index + delta) % len(self._photos))

    def _go(self, index: int) -> None:
        if not self._photos:
            return
        self._index = max(0, min(index, len(self._photos) - 1))
        self._image = None
        self._request += 1
        request, workspace = self._request, self._workspace
        sha = self._photos[self._index].sha256
        many = len(self._photos) > 1
        self.previous_button.setEnabled(many)
        self.next_button.setEnabled(many)
        self.counter.setText(self.tr("第 {0} 张，共 {1} 张").format(self._index + 1,
                                                                 len(self._photos)))
        self.message.clear_message()
        self.picture.setPixmap(QPixmap())
        self.picture.setText(self.tr("正在载入原图…"))
        self._tasks.run(
            lambda: load_full(workspace, sha),
            on_success=bound_to(self, lambda image: self._arrived(request, image)),
            on_failure=bound_to(self, lambda exc: self._failed(request, exc)),
            parallel=True,
        )

    def _arrived(self, request: int, image: QImage) -> None:
        if request != self._request:
            return
        self._image = image
        self._fit()

    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self.picture.setText(self.tr("原图未能载入"))
        self.message.show_error(why_not_shown(exc))

    def _fit(self) -> None:
        if self._image is None:
            return
        pixmap = QPixmap.fromImage(self._image).scaled(
            self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )  # fmt: skip
        self.picture.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
