"""Screenshot of the dialog listing records from the centre that could not be read.

    QT_QPA_PLATFORM=offscreen:configfile=scripts/offscreen-1366x768.json \\
        .venv/bin/python scripts/screenshot_quarantine.py docs/screenshot-quarantine.png [--english]

A local demo village (no server); one pull page, as a centre with bad data would send it, goes
through the real pull-apply (``gridworker.sync.apply``): a resident whose birth date is not a
date, a household with latitude "x", a visit whose findings are not a list, a row whose data
is not an object and a kind of record this version does not know. The main
window opens at 1366x768 with the status bar note; the dialog it opens is drawn over it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshot import SIZE, over_window, save, shot_session, wait_until

HOUSEHOLDS = 120
SEED = 7


def bad_page(ws: object) -> None:
    """Apply one page holding unreadable rows among good ones."""
    from datetime import datetime

    from gridrules.ids import new_id
    from gridworker.sync import apply
    from gridworker.sync.wire import changes_page

    grid = ws.grids()[0]  # type: ignore[attr-defined]
    home = ws.households()[0]  # type: ignore[attr-defined]
    household = {"grid_id": grid.id, "group_name": "三组", "door_number": "12号",
                 "address_detail": "", "dwelling_type": "owner_occupied",
                 "head_resident_id": None, "phone": "", "tags": [], "latitude": "x",
                 "longitude": None, "status": "active"}  # fmt: skip
    person = {"household_id": home.id, "name": "张某", "former_name": "", "sex": "female",
              "ethnicity": "01", "citizen_id": "", "birth_date": "not-a-date", "phone": "",
              "relation": "spouse", "population_type": "registered",
              "residence_status": "resident", "care_categories": [],
              "management_categories": [], "status": "active", "note": ""}  # fmt: skip
    visit = {"household_id": home.id, "visitor": "李网格", "visit_type": "routine",
             "started_at": "2026-11-30T09:00:00+08:00", "summary": "入户走访",
             "findings": {"kind": "safety"}, "photos": []}  # fmt: skip

    def row(entity: str, data: object, row_id: str | None = None) -> dict:
        return {"entity": entity, "id": row_id or new_id(), "version": 2, "state": "live",
                "data": data}

    page = changes_page({"changes": [
        row("household", household),
        row("resident", person),
        row("visit", visit),
        row("resident", "just text"),
        row("incident_report", {"household_id": home.id}),
    ], "cursor": "c", "has_more": False})  # fmt: skip
    with ws.db.transaction() as s:  # type: ignore[attr-defined]
        apply.apply_rows(s, page.changes, now=datetime.now(), unreadable=page.unreadable)


def main(argv: list[str]) -> int:
    english = "--english" in argv
    args = [a for a in argv[1:] if a != "--english"]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(args[0])

    from PySide6.QtWidgets import QApplication

    from gridworker.api import Workspace
    from gridworker.app import build_main_window
    from gridworker.ui.quarantine_dialog import QuarantineDialog

    with shot_session(argv[0]) as (app, tmp, stack):
        if english:
            from gridworker.app import install_translations

            install_translations(app, "en")
        ws = stack.enter_context(Workspace.open(tmp / "ws"))
        ws.load_demo(households=HOUSEHOLDS, seed=SEED)
        bad_page(ws)
        window = build_main_window(ws)
        window.resize(*SIZE)
        window.show()
        wait_until(app, lambda: window.model.rowCount() > 0)
        button = window.sync_status.quarantine_button
        wait_until(app, button.isVisible)
        button.click()

        def dialog() -> QuarantineDialog | None:
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QuarantineDialog) and w.isVisible():
                    return w
            return None

        wait_until(app, lambda: dialog() is not None)
        shown = dialog()
        assert shown is not None
        for _ in range(20):
            app.processEvents()
        code = save(over_window(window, shown, shown.windowTitle()), out)
        shown.close()
        window.close()
        window.tasks.wait(10_000)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
