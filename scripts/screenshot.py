"""Screenshot of the main window over a demo village, for the README and reviews.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py docs/screenshot-main.png
    … scripts/screenshot.py --offline OUT.png     # the local-only demo, no server

Starts a temporary demo gridcenter (``scripts/run_demo.py``'s steps, in a temporary folder),
signs a temporary workspace in as worker1 and syncs, so the status bar shows the sync state;
tokens stay in memory, never in the keyring. The demo centre has half a year of visits, so the
list shows what ``make run`` shows first: overdue, due soon and never-visited households among
the rest. Then opens the main window at 1366x768, selects an overdue household, waits for its
detail and saves ``widget.grab()`` as PNG. ``--offline`` uses a local demo village (~300
households) instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HOUSEHOLDS = 300
SEED = 7
SIZE = (1366, 768)


@contextlib.contextmanager
def shot_session(argv0: str) -> Iterator[tuple[Any, Path, contextlib.ExitStack]]:
    """What every screenshot script starts with: the QApplication with the app's stylesheet,
    a temporary folder (QSettings redirected into it, so the user's window state is neither
    read nor written) and an exit stack for the workspaces and servers it starts."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gridworker.app import _load_stylesheet

    app = QApplication.instance() or QApplication([argv0])
    with (
        tempfile.TemporaryDirectory(prefix="gridworker-shot-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        _load_stylesheet(app)
        yield app, Path(tmp), stack


def over_window(window: Any, dialog: Any, title: str | None = None) -> Any:
    """``window``'s grab with ``dialog``'s drawn centred on it, with the edge (and, given a
    ``title``, the title bar) a window manager would draw: offscreen has none."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QPainter

    shot, inner = window.grab(), dialog.grab()
    bar = 28 if title is not None else 0
    left = (shot.width() - inner.width()) // 2
    top = (shot.height() - inner.height() - bar) // 2
    painter = QPainter(shot)
    painter.fillRect(left + 6, top + 6, inner.width(), inner.height() + bar, QColor(0, 0, 0, 60))
    if title is not None:
        painter.fillRect(left, top, inner.width(), bar, QColor("#dfe3e8"))
        painter.setPen(QColor("#222"))
        painter.drawText(QRect(left + 10, top, inner.width() - 20, bar),
                         int(Qt.AlignmentFlag.AlignVCenter), title)  # fmt: skip
    painter.drawPixmap(QPoint(left, top + bar), inner)
    painter.setPen(QColor("#7a8089"))
    painter.drawRect(left - 1, top - 1, inner.width() + 1, inner.height() + bar + 1)
    painter.end()
    return shot


def save(picture: Any, out: Path) -> int:
    """Write ``picture`` (a QPixmap) as ``out``; the script's exit code."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if not picture.save(str(out)):
        print(f"screenshot: could not write {out}", file=sys.stderr)
        return 1
    print(f"saved {out}")
    return 0


def wait_until(app: object, done: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit("screenshot: timed out waiting for the window")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.005)


def start_demo_centre(tmp: Path, stack: contextlib.ExitStack) -> str:
    """A temporary demo gridcenter (stopped when ``stack`` closes); returns its address."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run_demo

    env = run_demo.child_env()
    python = sys.executable
    center = run_demo.ensure_center(python, tmp, env, timeout=600)
    port = run_demo.choose_port(0)
    server = run_demo.start_server(python, tmp, center, port, env)
    stack.callback(run_demo.stop_process, server, "演示服务器")
    url = f"http://127.0.0.1:{port}"
    run_demo.wait_until_ready(server, url, tmp / run_demo.SERVER_LOG, 30)
    return url


def demo_workspace(url: str, folder: Path, user: str, stack: contextlib.ExitStack) -> object:
    """A workspace in ``folder`` signed in to the demo centre as ``user`` (tokens in memory,
    never in the keyring) and synced."""
    import run_demo

    from gridworker.api import Workspace
    from gridworker.sync.credentials import MemoryStore

    ws = stack.enter_context(Workspace.open(folder, credentials=MemoryStore()))
    ws.login(url, user, run_demo.DEMO_PASSWORD)
    ws.sync()
    return ws


def signed_in_workspace(tmp: Path, stack: contextlib.ExitStack) -> object:
    """worker1's workspace on a temporary demo centre, synced (the centre's visits with it)."""
    return demo_workspace(start_demo_centre(tmp, stack), tmp / "ws", "worker1", stack)


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if a != "--offline"]
    offline = len(args) != len(argv) - 1
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(args[0])

    from gridworker.api import Workspace
    from gridworker.app import build_main_window
    from gridworker.domain.vocab import VisitDueState

    with shot_session(argv[0]) as (app, tmp, stack):
        if offline:
            ws = stack.enter_context(Workspace.open(tmp / "ws"))
            ws.load_demo(households=HOUSEHOLDS, seed=SEED)
        else:
            ws = signed_in_workspace(tmp, stack)
        window = build_main_window(ws)
        window.resize(*SIZE)
        window.show()
        wait_until(app, lambda: window.model.rowCount() > 0)
        wait_until(app, lambda: "—" in window.windowTitle())
        if not offline:  # the start-up sync finished and the status bar says so
            wait_until(app, lambda: window.sync_label.text().startswith("已同步"))
        model = window.model
        overdue = [
            model.summary(r)
            for r in range(model.total_count())
            if model.summary(r).due_state is VisitDueState.OVERDUE
            and model.summary(r).last_visit is not None  # one with a history to show
        ]
        # a household with some history reads best: several members and care labels
        overdue.sort(key=lambda s: (-len(s.care_categories), -s.member_count))
        target = overdue[0] if overdue else model.summary(0)
        if not offline:
            # Two changes made after the last sync, so the list and the household page show
            # what has not reached the centre yet (未发送).
            from gridworker.api import RecordSyncState

            wait_until(app, lambda: not window.sync.busy)
            window.sync.stop()  # they stay unsent for the picture
            residents = ws.residents(target.id)
            ws.update_resident(residents[-1].id, note="新换了手机号，待核实")
            neighbour = model.summary(max(0, model.row_of(target.id) - 2))
            ws.update_household(neighbour.id, phone="13907181234")
            window.refresh()

            def marked() -> bool:
                row = window.model.find(target.id)
                return row is not None and row.sync.state is RecordSyncState.NOT_SENT

            wait_until(app, marked)
        window.select_household(target.id)
        wait_until(app, lambda: window.detail.household_id == target.id)
        for _ in range(20):
            app.processEvents()
        code = save(window.grab(), out)
        window.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
