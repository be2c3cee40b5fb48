"""The conflict centre against a real gridcenter: worker1 in the desktop app, worker2 headless.

worker2 changes a field and syncs; worker1 changed the same field while offline and syncs in
the app: the conflict shows in the centre, worker1 decides by clicking, the app syncs, and the
centre's own record (``GET /api/v1/conflicts?status=resolved``) and a fresh pull by worker2
show the decision. Rejections come from a household the centre moved out of worker1's grid.
No test fails on a timing: every wait is ``qtbot.waitUntil`` with a generous timeout.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
from collections.abc import Iterator

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from support.server import GRID2, GridcenterProcess, fresh_data_dir

from gridworker.api import Workspace
from gridworker.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from gridworker.ui.conflict_centre import TAB_DONE, TAB_OPEN, TAB_REJECTED, ConflictCentre
from gridworker.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

WAIT = 60_000


@pytest.fixture(scope="module")
def shared_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GridcenterProcess]:
    """One demo gridcenter for the conflict tests (each uses its own households)."""
    data = fresh_data_dir(tmp_path_factory.mktemp("conflict-centre") / "data")
    with GridcenterProcess(data) as server:
        yield server


def _households(ws: Workspace):
    return sorted(ws.households(), key=lambda h: h.id)


def _server_conflicts(server: GridcenterProcess, user: str, status: str) -> list[dict]:
    """The centre's own record of conflicts, read with ``user``'s token."""
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    login = requests.post(f"{server.url}/api/v1/auth/login", headers=headers, timeout=10,
                          json={"username": user, "password": server.password,
                                "device": "test"})  # fmt: skip
    assert login.status_code == 200, login.text
    headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    got = requests.get(f"{server.url}/api/v1/conflicts", params={"status": status},
                       headers=headers, timeout=10)  # fmt: skip
    assert got.status_code == 200, got.text
    return got.json()["conflicts"]


def _open_from_status_bar(qtbot, window: MainWindow, text: str) -> ConflictCentre:
    """Click the count in the status bar, as a worker does after a sync."""
    label = window.sync_status.extra_label
    qtbot.waitUntil(lambda: text in label.text() and label.isVisible(), timeout=WAIT)
    assert label.cursor().shape() == Qt.CursorShape.PointingHandCursor
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    centre = window._conflict_centre
    assert isinstance(centre, ConflictCentre)
    qtbot.waitUntil(centre.isVisible, timeout=5000)
    return centre


def _items(tree) -> list[list[str]]:
    model = tree.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]  # fmt: skip


def _field_conflict(signed_in, server, tag: str, index: int):
    """worker2 changes a resident's phone and syncs; worker1 changed it offline meanwhile."""
    w1 = signed_in(server, "worker1", f"{tag}-w1")
    w2 = signed_in(server, "worker2", f"{tag}-w2")
    resident = w1.residents(_households(w1)[index].id)[0]
    w2.update_resident(resident.id, phone="13900000001")
    w2.sync()
    w1.update_resident(resident.id, phone="13900000002")  # not synced yet: "offline"
    return w1, w2, resident


# -- field conflicts --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("index", "choice", "expected", "choice_text"),
    [(10, "mine", "13900000002", "采用我的值"), (11, "theirs", "13900000001", "采用平台的值"),
     (12, "new", "13900000003", "填写新值")],
)  # fmt: skip
def test_a_field_conflict_is_decided_by_clicking_and_reaches_the_centre(
    qtbot, shared_centre, signed_in, make_window, index, choice, expected, choice_text
):
    server = shared_centre
    w1, w2, resident = _field_conflict(signed_in, server, f"field-{choice}", index)
    # Its start-up sync pushes the offline change: a conflict.
    window = make_window(w1, wait_for_sync=True)
    centre = _open_from_status_bar(qtbot, window, "冲突 1 条待处理")
    qtbot.waitUntil(lambda: centre.open_list.model().rowCount() == 1, timeout=WAIT)
    assert centre.tabs.currentIndex() == TAB_OPEN
    assert centre.tabs.tabText(TAB_OPEN) == "待处理的冲突（1）"
    ((row, field, kind),) = _items(centre.open_list)
    assert row.startswith(f"居民“{resident.name}（") and row.endswith("）”")
    assert (field, kind) == ("联系电话", "双方都改了")
    assert centre.kind_label.text() == "同一项被您和平台同时修改"  # said in full beside it
    assert centre.detail_stack.currentIndex() == 1
    # base / mine / theirs side by side, masked
    assert centre.mine_value.text() == "139****0002"
    assert centre.theirs_value.text() == "139****0001"
    assert centre.base_value.text() == (
        f"{resident.phone[:3]}****{resident.phone[-4:]}" if resident.phone else "（空）"
    )
    shown = " ".join(w.text() for w in (centre.base_value, centre.mine_value,
                                         centre.theirs_value, centre.heading))  # fmt: skip
    assert "13900000002" not in shown and "13900000001" not in shown
    assert centre.mine_button.isVisible() and centre.theirs_button.isVisible()
    assert centre.new_edit.isVisible() and not centre.keep_button.isVisible()
    assert centre.mine_button.text() == "采用我的(&M)"  # a mnemonic on every choice

    with qtbot.waitSignal(window.sync.synced, timeout=WAIT):
        if choice == "new":
            qtbot.keyClicks(centre.new_edit, "13900000003")
            qtbot.mouseClick(centre.new_button, Qt.MouseButton.LeftButton)
        else:
            button = centre.mine_button if choice == "mine" else centre.theirs_button
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    # The 已处理 tab: who, when, which choice and value, and the centre has it.
    qtbot.waitUntil(lambda: _items(centre.done_list)
                    and _items(centre.done_list)[0][6] == "已解决", timeout=WAIT)  # fmt: skip
    assert centre.open_list.model().rowCount() == 0
    assert centre.empty_label.isVisible() or centre.detail_stack.currentIndex() == 0
    ((_row, field, how, value, who, when, state),) = _items(centre.done_list)
    assert (field, how, state) == ("联系电话", choice_text, "已解决")
    assert value == f"139****{expected[-4:]}"
    assert who == "李秀英（worker1）"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when)
    centre.tabs.setCurrentIndex(TAB_DONE)
    assert centre.tabs.tabText(TAB_DONE) == "已处理（1）"
    assert centre.message.text().startswith("已记录：居民“")
    assert centre.message.text().endswith(f"联系电话，{choice_text}。已同步到平台。")

    # The centre's record: the choice, who, and the value kept.
    (record,) = [c for c in _server_conflicts(server, "worker1", "resolved")
                 if c["row_id"] == resident.id]  # fmt: skip
    assert (record["status"], record["choice"], record["resolved_by"]) == (
        "resolved", choice, "worker1")
    assert record["value"] == expected
    assert record["field"] == "phone" and record["user"] == "worker1"
    # The row everyone pulls has the chosen value.
    w2.sync()
    assert w2.resident(resident.id).phone == expected
    assert w1.status().conflicts == 0 and w1.status().pending_changes == 0
    qtbot.waitUntil(lambda: "冲突" not in window.sync_status.extra_label.text(), timeout=WAIT)


def test_an_invalid_new_value_is_explained_inline_and_decides_nothing(
    qtbot, shared_centre, signed_in, make_window
):
    w1, _w2, resident = _field_conflict(signed_in, shared_centre, "field-invalid", 13)
    window = make_window(w1, wait_for_sync=True)
    centre = window.show_conflict_centre()
    qtbot.waitUntil(lambda: centre.open_list.model().rowCount() == 1, timeout=WAIT)
    qtbot.keyClicks(centre.new_edit, "12345")
    qtbot.keyClick(centre.new_edit, Qt.Key.Key_Return)  # Enter decides with the new value
    qtbot.waitUntil(lambda: centre.new_error.isVisible(), timeout=WAIT)
    assert centre.new_error.text() == "手机号应为11位数字，当前为5位"
    assert centre.new_edit.property("invalid") is True
    assert not centre.busy and centre.new_button.isEnabled()
    (still,) = w1.conflicts()
    assert still.state == "open" and still.choice is None
    assert w1.resident(resident.id).phone == "13900000001"  # the server value stays
    assert centre.open_list.model().rowCount() == 1 and centre.done_list.model().rowCount() == 0
    # An empty value is refused before asking the service.
    centre.new_edit.clear()
    qtbot.mouseClick(centre.new_button, Qt.MouseButton.LeftButton)
    assert centre.new_error.text() == "请填写新值，或选择采用我的或平台的值。"
    # Typing clears the message; Esc closes the window.
    qtbot.keyClicks(centre.new_edit, "1")
    assert not centre.new_error.isVisible()
    qtbot.keyClick(centre.open_list, Qt.Key.Key_Escape)
    assert not centre.isVisible()


def test_the_list_is_keyboard_navigable_and_opens_from_the_menu_shortcut(
    qtbot, shared_centre, signed_in, make_window
):
    w1 = signed_in(shared_centre, "worker1", "keys-w1")
    w2 = signed_in(shared_centre, "worker2", "keys-w2")
    residents = [w1.residents(h.id)[0] for h in _households(w1)[14:16]]
    for r in residents:
        w2.update_resident(r.id, note="平台上的备注")
    w2.sync()
    for r in residents:
        w1.update_resident(r.id, note="我的备注")
    window = make_window(w1, wait_for_sync=True)
    assert window.conflicts_action.shortcut().toString() == "Ctrl+Shift+K"
    sync_menu = next(
        a.menu() for a in window.menuBar().actions() if window.sync_action in a.menu().actions()
    )
    assert window.conflicts_action in sync_menu.actions()
    window.conflicts_action.trigger()
    centre = window._conflict_centre
    qtbot.waitUntil(lambda: centre.open_list.model().rowCount() == 2, timeout=WAIT)
    assert centre.open_list.hasFocus() or centre.open_list is centre.focusWidget()
    first = centre.heading.text()
    qtbot.keyClick(centre.open_list, Qt.Key.Key_Down)
    assert centre.heading.text() != first and centre.mine_value.text() == "我的备注"
    qtbot.keyClick(centre.open_list, Qt.Key.Key_Up)
    assert centre.heading.text() == first


# -- update vs delete -------------------------------------------------------------------------
@pytest.mark.parametrize(("index", "choice"), [(20, "keep"), (21, "accept_delete")])
def test_update_of_a_resident_the_centre_deleted(
    qtbot, shared_centre, signed_in, make_window, index, choice
):
    server = shared_centre
    w1 = signed_in(server, "worker1", f"uvd-{choice}-w1")
    w2 = signed_in(server, "worker2", f"uvd-{choice}-w2")
    household = _households(w1)[index]
    resident = w1.residents(household.id)[-1]
    w2.delete_resident(resident.id, reason="重复登记")
    w2.sync()
    w1.update_resident(resident.id, note="老人已搬来与子女同住")
    window = make_window(w1, wait_for_sync=True)
    centre = _open_from_status_bar(qtbot, window, "冲突 1 条待处理")
    qtbot.waitUntil(lambda: centre.open_list.model().rowCount() == 1, timeout=WAIT)
    assert _items(centre.open_list)[0][2] == "平台已删除"
    assert centre.kind_label.text() == "您修改的记录已在平台上被删除"
    assert "备注：老人已搬来与子女同住" in centre.mine_value.text()
    assert centre.theirs_value.text() == "（平台上已删除这条记录）"
    assert centre.keep_button.isVisible() and centre.delete_button.isVisible()
    assert (centre.keep_button.text(), centre.delete_button.text()) == (
        "保留这条记录(&K)", "同意删除(&D)")
    assert not centre.mine_button.isVisible() and not centre.new_box.isVisible()

    button = centre.keep_button if choice == "keep" else centre.delete_button
    with qtbot.waitSignal(window.sync.synced, timeout=WAIT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _items(centre.done_list)
                    and _items(centre.done_list)[0][6] == "已解决", timeout=WAIT)  # fmt: skip
    (done,) = _items(centre.done_list)
    assert done[2] == {"keep": "保留这条记录", "accept_delete": "同意删除"}[choice]
    assert done[4] == "李秀英（worker1）"
    (record,) = [c for c in _server_conflicts(server, "admin", "resolved")
                 if c["row_id"] == resident.id]  # fmt: skip
    assert (record["choice"], record["resolved_by"], record["kind"]) == (
        choice, "worker1", "update_vs_delete")
    w2.sync()
    if choice == "keep":
        assert w2.resident(resident.id).note == "老人已搬来与子女同住"  # restored for everyone
    else:
        assert all(r.id != resident.id for r in w2.residents(household.id))


# -- rejected changes -------------------------------------------------------------------------
@pytest.fixture
def rejected_window(qtbot, gridcenter, signed_in, make_window):
    """worker1 edited a household offline; the centre moved it to another grid meanwhile."""
    w1 = signed_in(gridcenter, "worker1", "rejected-w1")
    household = _households(w1)[1]
    w1.update_household(household.id, phone="13711112222", door_number="12-1号")
    moved = gridcenter.admin("reassign-household", "--household", household.id, "--grid", GRID2)
    assert moved.returncode == 0, moved.stderr
    window = make_window(w1, wait_for_sync=True)
    centre = _open_from_status_bar(qtbot, window, "被拒绝的修改 1 条")
    qtbot.waitUntil(lambda: centre.rejected_list.model().rowCount() == 1, timeout=WAIT)
    assert centre.tabs.currentIndex() == TAB_REJECTED
    return w1, window, centre, household


def test_a_rejected_change_is_explained_and_kept_as_a_read_only_copy(qtbot, rejected_window):
    w1, window, centre, household = rejected_window
    ((row, op, reason, when),) = _items(centre.rejected_list)
    assert row.startswith("户“") and "12-1号" in row and op == "修改"
    assert reason.startswith("这户已不在您的网格") and "out_of_scope" in reason
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when)
    assert "这户已不在您的网格" in centre.reason_label.text()
    fields = centre.change_label.text()
    assert "联系电话：137****2222" in fields and "门牌号：12-1号" in fields
    assert "13711112222" not in fields
    assert centre.tabs.tabText(TAB_REJECTED) == "被拒绝的修改（1）"

    qtbot.mouseClick(centre.keep_copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: centre.kept_list.model().rowCount() == 1
                    and centre.rejected_list.model().rowCount() == 0, timeout=WAIT)  # fmt: skip
    ((row, op, content, reason, _kept_at),) = _items(centre.kept_list)
    assert "12-1号" in row and op == "修改"
    assert "联系电话：137****2222" in content and "13711112222" not in content
    assert reason.startswith("这户已不在您的网格")
    assert "已保留本地副本" in centre.message.text()
    status = w1.status()
    assert status.rejected == 0 and status.pending_changes == 0  # nothing waits to be sent
    assert all(h.id != household.id for h in w1.households())  # it left my grid after all
    (copy,) = w1.kept_copies()
    assert copy.kept_by == "worker1"
    qtbot.waitUntil(lambda: not window.sync_status.extra_label.isVisible(), timeout=WAIT)
    # Still there after the next sync: kept copies are never synced away.
    with qtbot.waitSignal(window.sync.synced, timeout=WAIT) as synced:
        window.sync_action.trigger()
    assert synced.args[0].pushed == 0
    qtbot.waitUntil(lambda: centre.kept_list.model().rowCount() == 1, timeout=WAIT)


def test_a_rejected_change_is_discarded_after_a_confirmation(qtbot, rejected_window):
    w1, _window, centre, _household = rejected_window
    qtbot.mouseClick(centre.discard_button, Qt.MouseButton.LeftButton)
    box = centre.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "不会再提交到平台" in box.text()
    # Cancel first: nothing happens.
    box.escapeButton().click()
    qtbot.waitUntil(lambda: centre.confirm_box is None, timeout=5000)
    assert centre.rejected_list.model().rowCount() == 1
    qtbot.mouseClick(centre.discard_button, Qt.MouseButton.LeftButton)
    box = centre.confirm_box
    (discard,) = [b for b in box.buttons()
                  if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]  # fmt: skip
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: centre.rejected_list.model().rowCount() == 0, timeout=WAIT)
    assert centre.kept_list.model().rowCount() == 0
    assert "已放弃" in centre.message.text()
    assert w1.status().rejected == 0 and w1.kept_copies() == []
    assert "dismiss_rejection" in [e.event for e in w1.audit_events()]
