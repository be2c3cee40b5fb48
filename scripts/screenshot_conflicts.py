"""Screenshot of the conflict centre with a field conflict selected, for the README and reviews.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_conflicts.py \\
        docs/screenshot-conflicts.png

Starts a temporary demo gridcenter (``scripts/run_demo.py``'s steps, in a temporary folder)
and two temporary workspaces on the same grid, worker1 and worker2 (tokens in memory, never in
the keyring). worker2 changes a few things and syncs; worker1 changed the same things offline.
The app opens on worker1's workspace, its start-up sync reports the conflicts, and the conflict
centre is saved with the phone-number conflict selected (base / mine / theirs, masked).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshot import demo_workspace, save, shot_session, start_demo_centre, wait_until


def demo_pair(tmp: Path, stack: contextlib.ExitStack) -> tuple[object, object]:
    """worker1's and worker2's workspaces, signed in to a temporary demo centre and synced."""
    url = start_demo_centre(tmp, stack)
    return tuple(demo_workspace(url, tmp / user, user, stack) for user in ("worker1", "worker2"))


def make_conflicts(w1: object, w2: object) -> str:
    """Three conflicts on worker1's side; returns the resident whose phone conflicts."""
    households = sorted(w1.households(), key=lambda h: (-h.member_count, h.id))  # type: ignore[attr-defined]
    phone_resident = next(  # someone with a phone on record: all three values show
        r for h in households for r in w1.residents(h.id) if r.phone  # type: ignore[attr-defined]
    )
    note_resident = w1.residents(households[1].id)[-1]  # type: ignore[attr-defined]
    household = next(h for h in households[2:] if h.id != phone_resident.household_id)
    w2.update_resident(phone_resident.id, phone="13907315582")  # type: ignore[attr-defined]
    w2.update_resident(note_resident.id, note="子女每周回来看望")  # type: ignore[attr-defined]
    w2.update_household(household.id, dwelling_type="rented")  # type: ignore[attr-defined]
    w2.sync()  # type: ignore[attr-defined]
    w1.update_resident(phone_resident.id, phone="13874210936")  # type: ignore[attr-defined]
    w1.update_resident(note_resident.id, note="独居，需每周电话问候")  # type: ignore[attr-defined]
    w1.update_household(household.id, dwelling_type="vacant")  # type: ignore[attr-defined]
    return phone_resident.id


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])

    from gridworker.app import build_main_window
    from gridworker.ui.conflict_centre import ConflictCentre

    with shot_session(argv[0]) as (app, tmp, stack):
        w1, w2 = demo_pair(tmp, stack)
        resident_id = make_conflicts(w1, w2)
        window = build_main_window(w1)  # type: ignore[arg-type]
        window.resize(1280, 800)
        window.show()
        # The start-up sync pushes worker1's offline changes: the centre answers conflicts.
        wait_until(app, lambda: "冲突 3 条待处理" in window.sync_status.extra_label.text(), 120)
        centre = window.show_conflict_centre()
        assert isinstance(centre, ConflictCentre)
        wait_until(app, lambda: centre.open_list.model().rowCount() == 3)
        tree = centre.open_list
        for row in range(tree.model().rowCount()):
            index = tree.model().index(row, 0)
            view = centre.conflicts.get(index.data(256))
            if view is not None and view.row_id == resident_id:
                tree.setCurrentIndex(index)
        wait_until(app, lambda: centre.heading.text().endswith("联系电话"))
        for _ in range(20):
            app.processEvents()
        code = save(centre.grab(), out)
        centre.close()
        window.close()
        window.tasks.wait(10_000)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
