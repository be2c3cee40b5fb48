"""Sync in the desktop against a real gridcenter process: sign in through the dialog, work
offline, see the status, and watch the sync start by itself when the centre answers again.

Timers are shortened (debounce, offline probe) so the tests do not wait for the defaults;
no test fails on a timing. The UI-thread stall during a large sync is measured and printed.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from support.gui import SYNC_TIMEOUT, type_chinese
from support.server import GRID1, GridcenterProcess, free_port, fresh_data_dir
from support.stall import StallMeter

from gridworker.api import ENV_PASSWORD, ENV_SERVER, Workspace
from gridworker.sync.credentials import MemoryStore
from gridworker.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from gridworker.ui.main_window import MainWindow
from gridworker.ui.sign_in import SignInDialog
from gridworker.ui.sync_controller import SyncPhase

pytestmark = pytest.mark.gui


def open_sign_in(qtbot, window: MainWindow) -> SignInDialog:
    window.sign_in_action.trigger()
    dialog = window._sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def sign_in(qtbot, window: MainWindow, server: GridcenterProcess, user: str = "worker1") -> None:
    """Type into the dialog like a person and press Enter; wait for the first sync."""
    dialog = open_sign_in(qtbot, window)
    if dialog.server_edit.text() != server.url:
        dialog.server_edit.clear()
        qtbot.keyClicks(dialog.server_edit, server.url)
    if not dialog.account_edit.text():
        qtbot.keyClicks(dialog.account_edit, user)
    qtbot.keyClicks(dialog.password_edit, server.password)
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.password_edit.text() == ""  # not left in a hidden widget


def log_visit_in_the_window(qtbot, window: MainWindow, household_id: str, text: str) -> None:
    window.activateWindow()  # shortcuts (Ctrl+S) need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.select_household(household_id)
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.household_id == household_id, timeout=10_000)
    window.new_visit_action.trigger()
    form = window.detail.visit_form()
    qtbot.waitUntil(lambda: form.isVisible(), timeout=5000)
    type_chinese(form.summary, text)
    with qtbot.waitSignal(window.detail.visit_saved, timeout=10_000):
        qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def status_text(window: MainWindow) -> str:
    return window.sync_label.text()


# -- the whole path -------------------------------------------------------------------------
def test_sign_in_work_offline_and_sync_when_the_centre_returns(
    qtbot, gridcenter, open_ws, make_window, monkeypatch, tmp_path
):
    monkeypatch.setenv(ENV_SERVER, gridcenter.url)  # what `make run` passes
    ws = open_ws()
    window = make_window(ws)
    assert status_text(window) == "仅本机保存 · 没有待同步的修改"
    assert window.sync.phase is SyncPhase.LOCAL_ONLY

    dialog = open_sign_in(qtbot, window)
    assert dialog.server_edit.text() == gridcenter.url  # from GRIDWORKER_SERVER
    assert dialog.focusWidget() is dialog.account_edit  # the first empty field
    qtbot.waitUntil(dialog.keyring_label.isVisible, timeout=5000)  # no keyring: said plainly
    assert "每次启动后需要重新登录" in dialog.keyring_label.text()
    sign_in(qtbot, window, gridcenter)

    qtbot.waitUntil(lambda: window.model.all_count() == 150, timeout=10_000)
    qtbot.waitUntil(lambda: status_text(window).startswith("已同步 "), timeout=10_000)
    assert status_text(window).endswith("没有待同步的修改")
    assert "worker1" in window.sync_label.toolTip()
    assert window.operator_label.text() == "操作员：李秀英"  # the account's name from the centre
    assert window.sync.sync_thread not in (None, threading.main_thread().name)

    # The network goes: the worker keeps working.
    gridcenter.stop()
    household = window.model.summary(3)
    log_visit_in_the_window(qtbot, window, household.id, "电话联系不上，入户了解近况")
    qtbot.waitUntil(lambda: window.sync.phase is SyncPhase.OFFLINE, timeout=10_000)
    qtbot.waitUntil(lambda: status_text(window) == "离线 · 待同步 1 条修改", timeout=10_000)
    assert "网络恢复后会自动同步" in window.sync_label.toolTip()
    assert not window.sync_status.details_button.isVisible()  # offline is not an error

    # It comes back: the probe notices and the sync runs by itself.
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT) as synced:
        gridcenter.start()
    assert synced.args[0].pushed == 1
    assert re.fullmatch(r"已同步 \d\d:\d\d · 没有待同步的修改", status_text(window))
    assert ws.status().pending_changes == 0

    # The centre has it: a colleague in the same grid sees the visit.
    other = Workspace.open(tmp_path / "colleague", credentials=MemoryStore())
    try:
        other.login(gridcenter.url, "worker2", gridcenter.password)
        other.sync()
        summaries = [v.summary for v in other.visits_of(household.id)]
        assert "电话联系不上，入户了解近况" in summaries
    finally:
        other.close()


def test_wrong_password_and_locked_account_in_plain_chinese(
    qtbot, gridcenter, open_ws, make_window
):
    window = make_window(open_ws())
    dialog = open_sign_in(qtbot, window)
    assert dialog.focusWidget() is dialog.server_edit  # nothing prefilled here
    qtbot.keyClicks(dialog.server_edit, gridcenter.url)
    qtbot.keyClicks(dialog.account_edit, "worker3")
    for attempt in range(7):
        dialog.password_edit.clear()
        qtbot.keyClicks(dialog.password_edit, f"wrong-{attempt}")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy and dialog.error_label.isVisible(),
                        timeout=10_000)
        text = dialog.error_label.text()
        if attempt == 0:
            assert text == "账号或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。"
            assert dialog.focusWidget() is dialog.password_edit
            assert dialog.password_edit.selectedText() == "wrong-0"  # type over it
        if "锁定" in text and "分钟后再试" in text:
            break
    else:
        raise AssertionError(f"never locked: {text}")
    assert "请约 15 分钟后再试" in text
    assert dialog.isVisible() and window.sync.phase is SyncPhase.LOCAL_ONLY

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels
    assert not dialog.isVisible()
    assert dialog.password_edit.text() == ""


def test_unreachable_server_and_empty_fields(qtbot, open_ws, make_window):
    window = make_window(open_ws())
    dialog = open_sign_in(qtbot, window)
    qtbot.keyClick(dialog.server_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "请填写服务器地址、账号和密码。"
    url = f"http://127.0.0.1:{free_port()}"
    qtbot.keyClicks(dialog.server_edit, url)
    qtbot.keyClicks(dialog.account_edit, "worker1")
    qtbot.keyClicks(dialog.password_edit, "demo-pass-1")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error_label.isVisible(), timeout=20_000)
    assert dialog.error_label.text() == (
        f"无法连接到服务器 {url}：请检查服务器地址和网络连接。"
    )
    assert dialog.focusWidget() is dialog.server_edit


def test_another_account_is_refused_in_plain_words(qtbot, gridcenter, open_ws, make_window):
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)
    ws.sync()  # this workspace now holds worker1's data
    window = make_window(ws)
    dialog = open_sign_in(qtbot, window)  # perhaps before the binding is known: filled in
    qtbot.waitUntil(lambda: dialog.account_edit.text() == "worker1", timeout=5000)
    dialog.account_edit.clear()
    qtbot.keyClicks(dialog.account_edit, "worker3")
    qtbot.keyClicks(dialog.password_edit, gridcenter.password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text().startswith(
        f"这个工作区已与账号“worker1”（服务器 {gridcenter.url}）同步过数据，不能改用其他账号"
    )
    assert dialog.focusWidget() is dialog.account_edit
    assert ws.binding is not None and ws.binding.username == "worker1"


def test_an_app_too_old_for_the_centre_says_update(qtbot, open_ws, make_window):
    """A centre that moved to another protocol version answers 426 (a stand-in server: the
    real gridcenter speaks this app's version)."""

    class TooNew(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = json.dumps({"error": {"code": "protocol_unsupported", "message": "",
                                         "details": {"supported": [PROTOCOL_VERSION + 1]}}})
            self.send_response(426)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), TooNew)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        window = make_window(open_ws())
        dialog = open_sign_in(qtbot, window)
        qtbot.keyClicks(dialog.server_edit, f"http://127.0.0.1:{server.server_address[1]}")
        qtbot.keyClicks(dialog.account_edit, "worker1")
        qtbot.keyClicks(dialog.password_edit, "demo-pass-1")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy and dialog.error_label.isVisible(),
                        timeout=10_000)
        assert dialog.error_label.text() == (
            "服务器已升级，当前版本无法与其同步：请更新应用。本机数据不受影响。"
        )
    finally:
        server.shutdown()
        server.server_close()


def test_cancel_stops_the_sync_and_the_next_one_finishes(
    qtbot, gridcenter, open_ws, make_window
):
    ws = open_ws(pull_limit=5)  # many small pages: a sync long enough to cancel
    ws.login(gridcenter.url, "worker1", gridcenter.password)
    window = make_window(ws)  # signed in: the start-up sync begins by itself
    qtbot.waitUntil(lambda: window.sync.phase is SyncPhase.SYNCING, timeout=10_000)
    qtbot.waitUntil(lambda: window.sync_status.progress is not None, timeout=10_000)
    assert window.sync_status.cancel_button.isVisible()
    assert status_text(window).startswith("同步中… 已下载 ")
    with qtbot.waitSignal(window.sync.cancelled, timeout=SYNC_TIMEOUT):
        qtbot.mouseClick(window.sync_status.cancel_button, Qt.MouseButton.LeftButton)
    assert window.sync.phase is SyncPhase.IDLE
    assert not window.sync_status.cancel_button.isVisible()
    assert window.statusBar().currentMessage().startswith("同步已取消")
    partial = ws.status().households
    assert partial < 150

    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert ws.status().households == 150  # nothing lost, nothing twice
    qtbot.waitUntil(lambda: window.model.all_count() == 150, timeout=10_000)


def test_a_session_that_ended_asks_to_sign_in_again_and_loses_nothing(
    qtbot, tmp_path, open_ws, make_window, store
):
    # Access tokens of one second: every sync must use the refresh token.
    env = {"GRIDCENTER_ACCESS_TTL": "1"}
    with GridcenterProcess(fresh_data_dir(tmp_path / "centre"), env=env) as server:
        ws = open_ws()
        window = make_window(ws)
        sign_in(qtbot, window, server)

        # Signed out elsewhere (or revoked by the centre) while this laptop was offline.
        token = store.get(server.url, "worker1")
        answer = requests.post(
            f"{server.url}/api/v1/auth/logout", json={"refresh_token": token},
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}, timeout=10,
        )  # fmt: skip
        assert answer.status_code < 300, answer.text

        qtbot.waitUntil(lambda: window.model.all_count() == 150, timeout=10_000)
        household = window.model.summary(0)
        with qtbot.waitSignal(window.sync.sign_in_needed, timeout=SYNC_TIMEOUT):
            log_visit_in_the_window(qtbot, window, household.id, "走访时居民不在家")
        dialog = window._sign_in_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        assert dialog.reason_label.text().startswith("登录已过期，请重新登录")
        assert dialog.server_edit.text() == server.url
        assert dialog.account_edit.text() == "worker1"
        assert dialog.focusWidget() is dialog.password_edit
        assert window.sync.phase is SyncPhase.SIGNED_OUT
        assert status_text(window) == "未登录 · 待同步 1 条修改"

        qtbot.keyClicks(dialog.password_edit, server.password)
        with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT) as synced:
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert synced.args[0].pushed == 1
        assert ws.status().pending_changes == 0


def test_make_run_signs_in_at_start_up_with_the_environment_password(
    qtbot, gridcenter, open_ws, make_window, monkeypatch
):
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)
    ws.logout()  # bound, no session: as after a restart without a keyring
    assert ws.binding is not None and not ws.signed_in()
    monkeypatch.setenv(ENV_PASSWORD, gridcenter.password)
    window = make_window(ws)
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT):
        pass
    assert ws.signed_in()
    qtbot.waitUntil(lambda: status_text(window).startswith("已同步 "), timeout=10_000)


def test_signed_out_workspace_waits_for_the_user(qtbot, gridcenter, open_ws, make_window):
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)
    ws.logout()
    window = make_window(ws)
    qtbot.waitUntil(lambda: window.sync.phase is SyncPhase.SIGNED_OUT, timeout=10_000)
    qtbot.waitUntil(lambda: status_text(window) == "未登录 · 没有待同步的修改", timeout=5000)
    assert window._sign_in_dialog is None  # no dialog thrown at start-up
    with qtbot.waitSignal(window.sync.sign_in_needed, timeout=5000):
        window.sync_action.trigger()  # Ctrl+R while signed out: the dialog
    dialog = window._sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.account_edit.text() == "worker1"


def test_sign_out_keeps_the_data_and_the_account(qtbot, gridcenter, open_ws, make_window):
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)
    window = make_window(ws)
    with qtbot.waitSignal(window.sync.synced, timeout=SYNC_TIMEOUT):
        pass  # the start-up sync
    assert window.sign_out_action.isEnabled()
    assert not window.toolbar_sign_in_action.isVisible()
    with qtbot.waitSignal(window.sync.signed_out, timeout=10_000):
        window.sign_out_action.trigger()
    assert window.statusBar().currentMessage().startswith("已退出登录")
    qtbot.waitUntil(lambda: status_text(window) == "未登录 · 没有待同步的修改", timeout=5000)
    assert not ws.signed_in() and ws.binding is not None and ws.status().households == 150
    assert window.toolbar_sign_in_action.isVisible() and not window.sign_out_action.isEnabled()
    assert not window.sync.periodic.isActive()  # nothing runs until the user signs in again


# -- responsiveness ---------------------------------------------------------------------------
def test_ui_thread_stays_responsive_during_a_large_sync(
    qtbot, gridcenter, open_ws, make_window, tmp_path, tasks, capsys
):
    """Prints the longest gap between 10 ms ticks on the UI thread while ~4,600 rows are
    pulled and then indexed (a task of its own, while the list is refreshed), next to an idle
    baseline (machine load shows there too) and the one-time load of the pinyin tables (the
    first indexing in a process: unmarshalling them holds the interpreter lock whichever
    thread does it)."""
    from tests.sync.bench_http_first_sync import write_rosters

    for path in write_rosters(tmp_path, residents=3000):
        done = gridcenter.admin("import-roster", str(path), "--grid", GRID1)
        assert done.returncode == 0, done.stdout + done.stderr
    ws = open_ws()
    ws.login(gridcenter.url, "worker1", gridcenter.password)

    meter = StallMeter(interval_ms=10).start()

    qtbot.wait(1000)  # the baseline: the same ticks with nothing else to do
    idle = meter.longest(0, meter.now())

    cold = "pypinyin" not in sys.modules
    warm_from = meter.now()
    warm = tasks.run(ws.warm_up, parallel=True)
    qtbot.waitUntil(lambda: warm.done, timeout=30_000)
    qtbot.wait(50)
    pinyin = meter.longest(warm_from, meter.now()) if cold else None

    started: list[int] = []
    window = make_window(ws)  # signed in: the start-up sync pulls everything
    window.sync.phase_changed.connect(
        lambda phase: started.append(meter.now()) if phase is SyncPhase.SYNCING else None
    )
    with qtbot.waitSignal(window.sync.synced, timeout=120_000) as synced:
        pass
    synced_at = meter.now()
    total = ws.status().households
    qtbot.waitUntil(lambda: window.model.all_count() == total, timeout=30_000)
    # The search index the large pull left stale is rebuilt meanwhile, on another thread.
    qtbot.waitUntil(lambda: not window.sync.indexing, timeout=120_000)
    indexed_at = meter.now()
    qtbot.wait(200)  # the refreshed list and household are painted
    shown_at = meter.now()
    meter.stop()
    assert started, "the sync never started"

    report = synced.args[0]
    assert report.pulled > 3000 and not report.index_ready and ws.search_index_ready()
    assert window.sync.sync_thread not in (None, threading.main_thread().name)
    first_load = f"{pinyin} ms" if pinyin is not None else "already loaded in this process"
    with capsys.disabled():
        print(
            f"\n[ui stall] sync of {report.pulled} rows ({report.pages} pages) in "
            f"{(synced_at - started[0]) / 1000:.1f} s (rows shown), index rebuilt "
            f"{(indexed_at - synced_at) / 1000:.1f} s later: longest UI-thread gap "
            f"{meter.longest(started[0], synced_at)} ms during the sync; "
            f"{meter.longest(started[0], shown_at)} ms including the index rebuild and the "
            f"list refresh ({total} households); idle baseline {idle} ms; first pinyin table "
            f"load {first_load}"
        )
