"""DraftKeeper: drafts written while typing, in order, and gone after a real save."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from gridworker.api import Draft, Workspace
from gridworker.api import visit_draft_key as draft_key
from gridworker.ui.draft_keeper import DraftKeeper
from gridworker.ui.visit_form import VisitForm

pytestmark = pytest.mark.gui


class SlowStore:
    """Records what reaches 'disk', in order; saving takes a while like a real fsync."""

    def __init__(self) -> None:
        self.ops: list[tuple[str, str, Any]] = []
        self.data: dict[str, dict] = {}

    def save(self, key: str, payload: dict) -> None:
        time.sleep(0.02)
        self.ops.append(("save", key, payload))
        self.data[key] = payload

    def entry(self, key: str) -> Draft | None:
        self.ops.append(("load", key, None))
        payload = self.data.get(key)
        return None if payload is None else Draft(key, payload, datetime(2026, 1, 2, 9, 30))

    def discard(self, key: str) -> None:
        self.ops.append(("discard", key, None))
        self.data.pop(key, None)


def keeper_for(qtbot, tasks, edit: QLineEdit, store: SlowStore) -> DraftKeeper:
    # Parented to the field, as a form's keeper is to its form: they die together.
    keeper = DraftKeeper(store, tasks, lambda: {"text": edit.text()} if edit.text() else None,
                         parent=edit, delay_ms=400)
    keeper.watch(edit)
    keeper.key = "k"
    return keeper


def test_throttled_not_postponed_by_continuous_typing(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    started = time.monotonic()
    while time.monotonic() - started < 1.0:  # a keystroke every 40 ms for a second
        edit.setText(edit.text() + "a")
        qtbot.wait(40)
    tasks.wait()
    QApplication.processEvents()
    saves = [op for op in store.ops if op[0] == "save"]
    assert len(saves) >= 2  # a pure debounce would have written nothing yet
    assert keeper.saves == len(saves)


def test_flush_writes_before_a_following_load(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("半句话")
    assert keeper.pending
    loaded: list[dict | None] = []
    keeper.load("k", loaded.append)  # flushes the pending change first
    qtbot.waitUntil(lambda: len(loaded) == 1, timeout=3000)
    assert loaded == [{"text": "半句话"}]
    assert [op[0] for op in store.ops] == ["save", "load"]


def test_blank_form_discards_instead_of_saving(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("x")
    keeper.flush()
    edit.clear()
    keeper.flush()
    tasks.wait()
    assert [op[0] for op in store.ops] == ["save", "discard"]
    assert store.data == {}


def test_paused_keeper_ignores_changes(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    keeper.pause()
    edit.setText("程序自己填的")
    assert not keeper.pending
    keeper.resume()
    edit.setText("人打的")
    assert keeper.pending


def test_discard_cancels_a_pending_write(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("已保存的内容")
    keeper.discard()
    qtbot.wait(600)
    tasks.wait()
    assert [op[0] for op in store.ops] == ["discard"]


def test_keeper_outlived_by_its_write(qtbot, tasks):
    """A form closed right after typing: the write still lands, and no callback crashes."""
    edit = QLineEdit()
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    edit.setText("最后一句")
    keeper.flush()
    edit.deleteLater()  # takes the keeper with it
    QApplication.processEvents()
    tasks.wait()
    QApplication.processEvents()
    assert store.data == {"k": {"text": "最后一句"}}


@pytest.fixture
def demo(workspace: Workspace) -> tuple[Workspace, str]:
    return workspace, workspace.households()[0].id


def test_visit_draft_with_demo_village(qtbot, tasks, demo):
    """Against the shared demo workspace: the draft lands in Workspace.drafts and comes back."""
    ws, hh = demo
    form = VisitForm(ws, tasks)
    qtbot.addWidget(form)
    form.show()
    form.start(hh, "演示户")
    form.people_met.setText("户主本人")
    form.summary.setPlainText("正在记录")
    qtbot.waitUntil(lambda: (ws.drafts.load(draft_key(hh)) or {}).get("summary") == "正在记录",
                    timeout=3000)
    assert ws.drafts.load(draft_key(hh))["people_met"] == "户主本人"
    assert draft_key(hh) in ws.drafts.keys("visit:")
    other = VisitForm(ws, tasks)
    qtbot.addWidget(other)
    other.start(hh, "演示户")
    qtbot.waitUntil(lambda: other.people_met.text() == "户主本人", timeout=3000)
    assert other.summary.toPlainText() == "正在记录"


def test_unsaved_edits_detach_and_restored_time(qtbot, tasks):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    store = SlowStore()
    keeper = keeper_for(qtbot, tasks, edit, store)
    assert not keeper.has_unsaved_edits()  # nothing typed: nothing to ask about
    edit.setText("打了字")
    assert keeper.has_unsaved_edits()
    keeper.detach()  # the pending change is written first, then the keeper lets go
    assert keeper.key is None and not keeper.has_unsaved_edits()
    edit.setText("再打")
    assert not keeper.pending  # no key: nothing is kept while the form reloads
    loaded: list[dict | None] = []
    keeper.load("k", loaded.append)
    qtbot.waitUntil(lambda: loaded == [{"text": "打了字"}], timeout=3000)
    assert keeper.restored_at == datetime(2026, 1, 2, 9, 30)
    keeper.discard()
    assert keeper.restored_at is None
    tasks.wait()
    assert store.data == {}
