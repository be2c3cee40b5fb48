"""Screenshot of the 今日 page over the local demo village, at 1366x768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_today.py docs/screenshot-today.png

A temporary workspace with the demo village (300 households, seed 7), plus what a morning's
work leaves: one visit logged here (so one record waits to be sent) and a half-typed visit
kept as a draft. Opens the main window, switches to 今日 (Ctrl+1), waits for the counts and
saves ``widget.grab()`` as PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screenshot import wait_until


def main(out: str) -> None:
    from PySide6.QtWidgets import QApplication

    from gridworker.api import Workspace, visit_draft_key
    from gridworker.ui.main_window import MainWindow

    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(Path(tmp) / "ws") as ws:
        ws.load_demo(households=300, seed=7)
        households = ws.households()
        ws.log_visit(households[0].id, summary="入户了解近况，老人身体尚可，叮嘱按时服药")
        ws.drafts.save(visit_draft_key(households[1].id), {"summary": "检查燃气和用电安全"})
        window = MainWindow(ws)
        window.resize(1366, 768)
        window.show()
        window.start()

        wait_until(app, lambda: window.model.rowCount() > 0)
        window.show_today()
        wait_until(app, lambda: window.today.desk is not None)
        for _ in range(50):
            app.processEvents()
        window.grab().save(out)
        window.close()
        window.tasks.wait(10000)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-today.png")
