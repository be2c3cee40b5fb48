"""Screenshot of the household editor over the main window at 1366x768, for reviews.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_household_editor.py \
        docs/screenshot-household-editor.png

A local demo village (no server). The main window shows a household; the editor is open on
it (masked phone, head of household, tags) with a mistyped new number, so the inline message
shows too. ``grab()`` of a window does not include its dialogs, so the dialog's grab is
painted onto the window's at the place it would sit (centred).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screenshot import HOUSEHOLDS, SEED, wait_until


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])

    from PySide6.QtCore import QPoint, QRect, QSettings, Qt
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication

    from gridworker.api import Workspace
    from gridworker.app import _load_stylesheet, build_main_window

    app = QApplication([argv[0]])
    with (
        tempfile.TemporaryDirectory(prefix="gridworker-shot-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        _load_stylesheet(app)
        ws = stack.enter_context(Workspace.open(Path(tmp) / "ws"))
        ws.load_demo(households=HOUSEHOLDS, seed=SEED)
        target = next(
            h for h in ws.households() if h.member_count >= 4 and ws.household(h.id).household.phone
        )
        ws.update_household(target.id, tags=["minimum_allowance"])
        window = build_main_window(ws)
        window.resize(1366, 768)
        window.show()
        wait_until(app, lambda: window.model.rowCount() > 0)
        window.select_household(target.id)
        wait_until(app, lambda: window.detail.household_id == target.id)

        editor = window.household_actions.edit_household(target.id)
        wait_until(app, lambda: editor.save_button.isEnabled())
        for _ in range(20):
            app.processEvents()
        editor.replace_phone_button.click()
        editor.phone.setText("1390718123")
        editor.phone.editingFinished.emit()
        editor.adjustSize()
        for _ in range(20):
            app.processEvents()

        shot = window.grab()
        dialog = editor.grab()
        bar = 28  # a plain title bar and frame, as a window manager would draw them
        left = (shot.width() - dialog.width()) // 2
        top = (shot.height() - dialog.height() - bar) // 2
        painter = QPainter(shot)
        painter.fillRect(left + 6, top + 6, dialog.width(), dialog.height() + bar,
                         QColor(0, 0, 0, 60))
        painter.fillRect(left, top, dialog.width(), bar, QColor("#dfe3e8"))
        painter.setPen(QColor("#222"))
        painter.drawText(QRect(left + 10, top, dialog.width() - 20, bar),
                         int(Qt.AlignmentFlag.AlignVCenter), editor.windowTitle())
        painter.drawPixmap(QPoint(left, top + bar), dialog)
        painter.setPen(QColor("#7a8089"))
        painter.drawRect(left, top, dialog.width() - 1, dialog.height() + bar - 1)
        painter.end()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not shot.save(str(out)):
            print(f"screenshot: could not write {out}", file=sys.stderr)
            return 1
        editor.keeper.discard()
        editor.close()
        window.close()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
