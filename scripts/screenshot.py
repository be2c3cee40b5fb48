"""Screenshot of the main window over a demo village, for the README and reviews.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py docs/screenshot-main.png

Builds a temporary workspace (~300 households), opens the main window at 1280x800, selects
an overdue household, waits for its detail and saves ``widget.grab()`` as PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HOUSEHOLDS = 300
SEED = 7


def wait_until(app: object, done: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit("screenshot: timed out waiting for the window")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.005)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gridworker.api import Workspace
    from gridworker.app import _load_stylesheet, build_main_window
    from gridworker.domain.vocab import VisitDueState

    app = QApplication([argv[0]])
    with tempfile.TemporaryDirectory(prefix="gridworker-shot-") as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        _load_stylesheet(app)
        with Workspace.open(Path(tmp) / "ws") as ws:
            ws.load_demo(households=HOUSEHOLDS, seed=SEED)
            window = build_main_window(ws)
            window.resize(1280, 800)
            window.show()
            wait_until(app, lambda: window.model.rowCount() > 0)
            wait_until(app, lambda: "—" in window.windowTitle())
            model = window.model
            overdue = [
                model.summary(r)
                for r in range(model.total_count())
                if model.summary(r).due_state is VisitDueState.OVERDUE
            ]
            # a household with some history reads best: several members and care labels
            overdue.sort(key=lambda s: (-len(s.care_categories), -s.member_count))
            target = overdue[0] if overdue else model.summary(0)
            window.select_household(target.id)
            wait_until(app, lambda: window.detail.household_id == target.id)
            for _ in range(20):
                app.processEvents()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(out)):
                print(f"screenshot: could not write {out}", file=sys.stderr)
                return 1
            window.close()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
