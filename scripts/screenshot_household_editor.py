"""Screenshot of the household editor over the main window at 1366x768, for reviews.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_household_editor.py \
        docs/screenshot-household-editor.png

A local demo village (no server). The main window shows a household; the editor is open on
it (masked phone, head of household, tags) with a mistyped new number, so the inline message
shows too. ``grab()`` of a window does not include its dialogs, so the dialog's grab is
painted onto the window's at the place it would sit (centred).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screenshot import HOUSEHOLDS, SEED, over_window, save, shot_session, wait_until


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])

    from gridworker.api import Workspace
    from gridworker.app import build_main_window

    with shot_session(argv[0]) as (app, tmp, stack):
        ws = stack.enter_context(Workspace.open(tmp / "ws"))
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

        code = save(over_window(window, editor, editor.windowTitle()), out)
        editor.keeper.discard()
        editor.close()
        window.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
