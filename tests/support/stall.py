"""How long the UI thread stops answering: a timer ticking every few milliseconds on the UI
thread, and the longest gap between two ticks in a stretch of time.

    meter = StallMeter()            # needs a QApplication
    meter.start()
    since = meter.now()
    ...                             # let the event loop run (qtbot.wait, app.exec, ...)
    print(meter.longest(since, meter.now()), "ms")

A gap is the time between two consecutive ticks, so it includes the interval itself (a
5 ms timer on an idle machine shows gaps of ~5 ms). Used by tests/ui/test_sync_ui.py and
bench/bench_ui_sync.py; it measures, never asserts.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QElapsedTimer, Qt, QTimer


class StallMeter:
    def __init__(self, interval_ms: int = 5):
        self.ticks: list[int] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(self.clock.elapsed())

    def start(self) -> StallMeter:
        self.clock.start()
        self.ticks.clear()
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.stop()

    def now(self) -> int:
        """Milliseconds since ``start``."""
        return self.clock.elapsed()

    def gaps(self, since: int = 0, until: int | None = None) -> list[tuple[int, int]]:
        """(tick time, gap before it) for every tick in [since, until], longest first."""
        end = self.now() if until is None else until
        seen = [t for t in self.ticks if since <= t <= end]
        return sorted(((b, b - a) for a, b in itertools.pairwise(seen)), key=lambda g: -g[1])

    def longest(self, since: int = 0, until: int | None = None) -> int:
        """The longest gap between two ticks in [since, until] (0 if fewer than two)."""
        gaps = self.gaps(since, until)
        return gaps[0][1] if gaps else 0
