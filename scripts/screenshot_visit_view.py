"""Screenshot of a saved visit opened from the timeline, with a correction, for reviews.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_visit_view.py \\
        docs/screenshot-visit-view.png

A local demo village (no server) in a temporary folder: one household gets a visit with two
photos, which is then corrected (更正) once. The main window opens at 1366x768 with that
household, and the visit view at the size it takes on such a screen; the picture is the window
with the view drawn on top, centred, as a person sees it.
"""

from __future__ import annotations

import io
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from screenshot import HOUSEHOLDS, SEED, over_window, save, shot_session, wait_until

SCREEN = (1366, 768)


def photo(colour: tuple[int, int, int], door: tuple[int, int, int]) -> bytes:
    """A plain picture of a house front (generated: no real person or place)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (196, 220, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 800, 600), fill=(120, 150, 90))
    draw.rectangle((170, 210, 630, 470), fill=colour)
    draw.polygon(((140, 220), (400, 70), (660, 220)), fill=(150, 60, 50))
    draw.rectangle((360, 320, 440, 470), fill=door)
    draw.rectangle((220, 270, 310, 340), fill=(230, 240, 250))
    draw.rectangle((490, 270, 580, 340), fill=(230, 240, 250))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


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
        target = max(ws.households(), key=lambda h: (len(h.care_categories), h.member_count))
        started = ws.ctx.now().replace(second=0, microsecond=0) - timedelta(days=2, hours=3)
        ws.ctx.clock = lambda: started + timedelta(minutes=50)  # logged after the visit
        visit = ws.log_visit(
            target.id,
            summary="入户了解近况，老人腿脚不便，独自居住，子女每周来一次。屋内整洁，"
            "冬季取暖用电暖器，已提醒不要整夜开着。",
            visit_type="focus",
            started_at=started,
            ended_at=started + timedelta(minutes=35),
            people_met="户主本人、其女儿",
            findings=[{"kind": "request", "text": "希望在卫生间安装扶手"},
                      {"kind": "fire_hazard", "text": "插线板老化"}],
            resolved_on_spot=False,
            follow_up_date=started.date() + timedelta(days=7),
            photos=[photo((236, 226, 200), (110, 70, 40)),
                    photo((214, 200, 170), (60, 90, 120))],
        )  # fmt: skip
        ws.ctx.clock = lambda: started + timedelta(days=1, hours=2)
        ws.amend_visit(
            visit.id,
            reason="见到的是其儿子，记错了；补记扶手尺寸",
            people_met="户主本人、其儿子",
            findings=[{"kind": "request", "text": "希望在卫生间安装扶手（约 60 厘米）"},
                      {"kind": "fire_hazard", "text": "插线板老化"}],
        )  # fmt: skip
        ws.ctx.clock = datetime.now

        window = build_main_window(ws)
        window.resize(*SCREEN)
        window.show()
        wait_until(app, lambda: window.model.rowCount() > 0)
        window.select_household(target.id)
        wait_until(app, lambda: window.detail.household_id == target.id
                   and not window.detail.is_loading())  # fmt: skip
        view = window.open_visit(visit.id)
        view.resize(880, 700)  # its size on a 1366x768 screen (offscreen has no screen)
        wait_until(app, lambda: view.record is not None and view.history_labels != [])
        wait_until(app, lambda: not view.gallery.busy())
        for _ in range(30):
            app.processEvents()
        bar = view.scroll_area.verticalScrollBar()
        bar.setValue(bar.maximum())  # scrolled down to the correction
        for _ in range(10):
            app.processEvents()
        code = save(over_window(window, view), out)
        view.close()
        window.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
