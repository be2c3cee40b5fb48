"""Image files dropped on a form go to its photo strip, not into a text field as a path."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from .photo_strip import PhotoStrip, local_paths


class FileDropRouter(QObject):
    """Sends image files dropped anywhere on the form to the photo strip.

    Text fields accept drops themselves and would paste the file's path as text; this
    filter, installed on them, takes file drops away from them first.
    """

    def __init__(self, strip: PhotoStrip, parent: QObject):
        super().__init__(parent)
        self._strip = strip

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if local_paths(event.mimeData()):  # type: ignore[attr-defined]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.Drop:
            paths = local_paths(event.mimeData())  # type: ignore[attr-defined]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self._strip.add_paths(paths)
                return True
        return False
