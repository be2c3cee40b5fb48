"""What the desktop's sync status needs from the Workspace: the cheap reachability probe,
photos still waiting for upload, and whether a sign-in survives a restart."""

from __future__ import annotations

import pytest
from support.server import free_port

from gridworker.api import AuthFailed, ServerUnreachable, Workspace
from gridworker.sync.credentials import NO_KEYRING, MemoryStore
from tests.conftest import jpeg_bytes


def test_probe_answers_hello_without_signing_in(gridcenter_session, tmp_path):
    with Workspace.open(tmp_path / "ws", credentials=MemoryStore()) as ws:
        answer = ws.probe(gridcenter_session.url)
        assert answer["service"] == "gridcenter"
        with pytest.raises(AuthFailed):
            ws.probe()  # not bound: no server to ask


def test_probe_of_a_closed_port_is_unreachable_at_once(tmp_path):
    with (
        Workspace.open(tmp_path / "ws", credentials=MemoryStore()) as ws,
        pytest.raises(ServerUnreachable),
    ):
        ws.probe(f"http://127.0.0.1:{free_port()}", timeout=1.0)


def test_probe_uses_the_bound_server(gridcenter_session, make_ws):
    ws = make_ws(gridcenter_session, "worker1", "probe")
    assert ws.probe()["service"] == "gridcenter"


def test_photos_waiting_counts_my_photos_until_uploaded(gridcenter_session, make_ws):
    ws = make_ws(gridcenter_session, "worker1", "photos")
    ws.sync()
    assert ws.status().photos_waiting == 0
    household = sorted(ws.households(), key=lambda h: h.id)[5]
    ws.log_visit(household.id, summary="入户走访，拍照留存", photos=[jpeg_bytes()])
    status = ws.status()
    assert (status.photos_waiting, status.pending_changes) == (1, 1)
    assert ws.sync().uploaded == 1
    assert ws.status().photos_waiting == 0


def test_sign_in_kept_says_why_not_without_a_keyring(tmp_path):
    with Workspace.open(tmp_path / "ws", credentials=MemoryStore()) as ws:
        assert ws.sign_in_kept() == (False, NO_KEYRING)

    class Keyring(MemoryStore):
        persistent = True

    with Workspace.open(tmp_path / "ws", credentials=Keyring(explanation="")) as ws:
        assert ws.sign_in_kept() == (True, "")


def test_page_rows_caps_the_pull_pages(gridcenter_session, make_ws):
    ws = make_ws(gridcenter_session, "worker1", "pages")
    report = ws.sync(page_rows=100)
    assert report.pulled > 300 and report.pages >= report.pulled / 100
    smaller = make_ws(gridcenter_session, "worker1", "pages-cap", engine={"pull_limit": 50})
    report = smaller.sync(page_rows=1000)  # a cap never raises the configured page size
    assert report.pages >= report.pulled / 50


def test_warm_up_loads_the_pinyin_tables(tmp_path):
    import sys

    with Workspace.open(tmp_path / "ws", credentials=MemoryStore()) as ws:
        ws.warm_up()
        assert "pypinyin" in sys.modules
