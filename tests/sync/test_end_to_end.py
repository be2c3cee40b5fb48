"""The client against a real gridcenter over HTTP: sign-in, sync, conflicts, deletions,
photos, broken answers. One shared demo server for the module; tests touch different
households so they do not interfere (scope changes get their own server, see
test_scope_changes.py)."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
import requests

from gridworker.api import Workspace
from gridworker.storage.models import JournalEntryRow, PhotoRow, SettingRow, SyncFlagRow
from gridworker.sync.errors import Cancelled, MalformedResponse, ProtocolMismatch
from tests.conftest import jpeg_bytes


def _households(ws):
    return sorted(ws.households(), key=lambda h: h.id)


def _resident(ws, index):
    """A resident of the index-th household (each test uses its own index)."""
    return ws.residents(_households(ws)[index].id)[0]


def _pair(make_ws, server, tag):
    w1 = make_ws(server, "worker1", f"{tag}-w1")
    w2 = make_ws(server, "worker2", f"{tag}-w2")
    w1.sync()
    w2.sync()
    return w1, w2


def test_first_sync_brings_my_grid_and_a_noop_sync_is_one_request(gridcenter_session, make_ws):
    ws = make_ws(gridcenter_session, "worker1", "first")
    report = ws.sync()
    status = ws.status()
    assert status.households == 150 == report.pulled_by_entity["household"]
    assert status.residents > 150 and status.pending_changes == 0
    assert status.server == gridcenter_session.url and status.account == "worker1"
    assert status.last_sync and status.conflicts == 0 and status.rejected == 0
    assert [g.code for g in ws.grids()] == ["110105001001001"]
    assert ws.actor.display_name == "李秀英"
    name = _resident(ws, 0).name
    assert any(h.name == name for h in ws.search(name))
    again = ws.sync()
    assert again.nothing_happened and again.requests == 1
    # Another process on the same folder: refresh the session + one empty page.
    other = Workspace.open(ws.data_dir, credentials=ws.sync_service.credentials)
    try:
        assert other.sync().requests <= 2
    finally:
        other.close()


def test_changes_made_offline_reach_the_other_worker_with_their_photo(
    gridcenter_session, make_ws
):
    w1, w2 = _pair(make_ws, gridcenter_session, "edit")
    household = _households(w1)[1]
    resident = w1.residents(household.id)[0]
    w1.update_resident(resident.id, note="独居，需每周电话问候")
    visit = w1.log_visit(household.id, summary="入户走访，老人身体尚可", photos=[jpeg_bytes()])
    sha = visit.photos[0].sha256
    report = w1.sync()
    assert (report.pushed, report.applied, report.rejected, report.uploaded) == (2, 2, [], 1)
    assert w1.status().pending_changes == 0
    with w1.db.reading() as s:
        assert s.get(PhotoRow, sha).uploaded is True
    assert w1.sync().requests == 1  # nothing left to upload: no blob status call

    w2.sync()
    assert w2.resident(resident.id).note == "独居，需每周电话问候"
    (seen,) = [v for v in w2.visits_of(household.id) if v.id == visit.id]
    assert seen.summary == "入户走访，老人身体尚可" and seen.photos[0].width == 0
    thumb = w2.download_photo(sha, "thumb")
    assert thumb.read_bytes()[:2] == b"\xff\xd8"
    full = w2.download_photo(sha, "full")
    assert hashlib.sha256(full.read_bytes()).hexdigest() == sha
    (seen,) = [v for v in w2.visits_of(household.id) if v.id == visit.id]
    assert seen.photos[0].width > 0


@pytest.mark.parametrize(("index", "choice"), [(2, "mine"), (3, "theirs"), (4, "new")])
def test_same_field_changed_on_both_sides_is_a_conflict_resolved_by_the_worker(
    gridcenter_session, make_ws, index, choice
):
    w1, w2 = _pair(make_ws, gridcenter_session, f"conflict-{choice}")
    resident = _resident(w1, index)
    w1.update_resident(resident.id, phone="13900000001")
    w1.sync()
    w2.update_resident(resident.id, phone="13900000002")
    report = w2.sync()
    assert report.conflicted == 1 and len(report.conflicts) == 1
    (conflict,) = w2.conflicts()
    assert (conflict.kind, conflict.field, conflict.mine, conflict.theirs) == (
        "field", "phone", "13900000002", "13900000001")
    assert conflict.base == resident.phone and conflict.choices == ("mine", "theirs", "new")
    assert "联系电话" in conflict.summary and resident.name in conflict.summary
    assert "13900000002" not in conflict.summary  # masked in plain words
    assert w2.resident(resident.id).phone == "13900000001"  # the server value stays
    assert w2.status().conflicts == 1

    value = "13900000003" if choice == "new" else None
    decided = w2.resolve_conflict(conflict.id, choice, value)
    assert decided.state == "resolving" and decided.resolved_by == "worker2"
    expected = {"mine": "13900000002", "theirs": "13900000001", "new": "13900000003"}[choice]
    assert w2.resident(resident.id).phone == expected
    report = w2.sync()
    assert report.resolved == [conflict.id] and w2.conflicts() == []
    (done,) = w2.conflicts("resolved")
    assert (done.state, done.choice) == ("resolved", choice)
    w1.sync()
    assert w1.resident(resident.id).phone == expected


@pytest.mark.parametrize(("index", "choice"), [(5, "keep"), (6, "accept_delete")])
def test_update_of_a_resident_deleted_on_the_server(gridcenter_session, make_ws, index, choice):
    w1, w2 = _pair(make_ws, gridcenter_session, f"uvd-{choice}")
    household = _households(w1)[index]
    resident = w1.residents(household.id)[-1]
    w2.update_resident(resident.id, note="我的修改")
    w1.delete_resident(resident.id, reason="重复登记")
    assert all(r.id != resident.id for r in w1.residents(household.id))
    assert w1.sync().applied >= 1
    report = w2.sync()
    assert report.conflicted == 1 and ("resident", resident.id, "deleted_on_server") in report.kept
    (conflict,) = w2.conflicts()
    assert conflict.kind == "update_vs_delete" and conflict.choices == ("keep", "accept_delete")
    assert "已在平台上被删除" in conflict.summary
    assert w2.resident(resident.id).note == "我的修改"  # kept while undecided
    w2.resolve_conflict(conflict.id, choice)
    report = w2.sync()
    assert report.resolved == [conflict.id]
    w1.sync()
    if choice == "keep":
        assert w1.resident(resident.id).note == "我的修改"  # restored for everyone
        assert w2.resident(resident.id).version > resident.version
    else:
        assert all(r.id != resident.id for r in w2.residents(household.id))
        assert all(r.id != resident.id for r in w1.residents(household.id))
    with w2.db.reading() as s:
        assert s.query(SyncFlagRow).count() == 0


def test_delete_of_a_resident_changed_on_the_server(gridcenter_session, make_ws):
    w1, w2 = _pair(make_ws, gridcenter_session, "dvu")
    household = _households(w1)[7]
    resident = w1.residents(household.id)[-1]
    w1.update_resident(resident.id, note="平台上的修改")
    w1.sync()
    w2.delete_resident(resident.id, reason="以为是重复登记")
    report = w2.sync()
    assert report.conflicted == 1
    assert w2.resident(resident.id).note == "平台上的修改"  # the server kept it: so do I
    (conflict,) = w2.conflicts()
    assert conflict.kind == "delete_vs_update"
    w2.resolve_conflict(conflict.id, "accept_delete")  # delete it after all
    w2.sync()
    w1.sync()
    assert all(r.id != resident.id for r in w1.residents(household.id))


def test_resident_entered_by_mistake_is_deleted_everywhere(gridcenter_session, make_ws):
    w1, w2 = _pair(make_ws, gridcenter_session, "mistake")
    household = _households(w1)[8]
    added = w1.add_resident(household.id, name="测试人员", relation="other", sex="male")
    w1.sync()
    w2.sync()
    assert w2.resident(added.id).name == "测试人员"
    w1.delete_resident(added.id, reason="录入错误")
    assert w1.sync().applied == 1
    report = w2.sync()
    assert report.removed == 1
    assert all(r.id != added.id for r in w2.residents(household.id))
    assert not any(h.resident_id == added.id for h in w2.search("测试人员"))
    assert any(e.event == "delete_resident" for e in w1.audit_events())


def test_photo_upload_resumes_where_it_stopped(gridcenter_session, make_ws):
    import io
    import random

    from PIL import Image

    w1 = make_ws(gridcenter_session, "worker1", "photo", engine={"chunk_bytes": 32 * 1024})
    w1.sync()
    household = _households(w1)[9]
    rng = random.Random(3)
    noise = Image.frombytes("RGB", (900, 700), rng.randbytes(900 * 700 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=95)
    visit = w1.log_visit(household.id, summary="入户走访，拍照留存", photos=[buffer.getvalue()])
    sha = visit.photos[0].sha256
    size = visit.photos[0].size_bytes
    assert size > 3 * 32 * 1024

    cancel = threading.Event()

    def progress(phase, done, total):
        if phase == "upload" and done >= 64 * 1024:
            cancel.set()  # the user closes the lid mid-upload

    with pytest.raises(Cancelled) as caught:
        w1.sync(progress=progress, cancel=cancel)
    assert caught.value.report.pushed == 1  # the visit itself went
    engine = w1.sync_service.engine()
    held = engine.client.blob_status([sha])[sha]
    assert held.state == "partial" and 0 < held.offset < size

    report = w1.sync()
    assert report.uploaded == 1 and report.uploaded_bytes == size - held.offset
    assert engine.client.blob_status([sha])[sha].state == "present"


def test_a_resumed_upload_takes_the_servers_offset(gridcenter_session, make_ws):
    w1 = make_ws(gridcenter_session, "worker1", "offset", engine={"chunk_bytes": 8 * 1024})
    w1.sync()
    visit = w1.log_visit(_households(w1)[10].id, summary="入户走访，拍照留存",
                         photos=[jpeg_bytes((1200, 900), (10, 20, 200))])
    sha = visit.photos[0].sha256
    w1.sync_service.engine().push(_report())  # the visit reaches the server, no photo yet
    engine = w1.sync_service.engine()
    data = w1.ctx.photos.path(sha).read_bytes()
    engine.client.put_blob(sha, 0, len(data), data[:8192])  # an earlier, interrupted try
    report = _report()
    blobs = engine.blobs
    assert blobs._upload_one(sha, 0, report, None, None, 0, len(data))  # 409 → resume at 8192
    assert report.uploaded_bytes == len(data) - 8192


def _report():
    from datetime import datetime

    from gridworker.sync.report import SyncReport

    return SyncReport(started_at=datetime.now())


class Tampering(requests.Session):
    """Passes everything through, except that it can spoil the answers to /changes."""

    spoil = None

    def request(self, method, url, **kwargs):  # type: ignore[override]
        response = super().request(method, url, **kwargs)
        if self.spoil and "/changes" in url and response.status_code == 200:
            response._content = self.spoil(response.content)
        return response


def _wrong_type(content: bytes) -> bytes:
    page = json.loads(content)
    (resident,) = [c for c in page["changes"] if c["entity"] == "resident"][:1]
    resident["data"]["name"] = 12345
    return json.dumps(page).encode()


def _truncated(content: bytes) -> bytes:
    return content[: len(content) // 2]


def test_a_malformed_answer_leaves_local_data_untouched(gridcenter_session, make_ws):
    index, spoil = 11, _truncated
    session = Tampering()
    w1 = make_ws(gridcenter_session, "worker1", "tamper", session=session)
    w1.sync()
    other = make_ws(gridcenter_session, "worker2", "tamper-other")
    other.sync()
    resident = _resident(other, index)
    other.update_resident(resident.id, name="改过的名字")
    other.sync()
    mine = _resident(w1, 14)
    w1.update_resident(mine.id, note="我的未同步修改")
    w1.sync_service.engine().push(_report())  # so the pull is all that is left
    before = (w1.status(), w1.resident(resident.id))
    with w1.db.reading() as s:
        cursor = s.get(SettingRow, "sync.cursor").value
    session.spoil = spoil
    with pytest.raises(MalformedResponse) as caught:
        w1.sync()
    assert "未写入" in caught.value.message
    assert (w1.status(), w1.resident(resident.id)) == before
    with w1.db.reading() as s:
        assert s.get(SettingRow, "sync.cursor").value == cursor
    session.spoil = None
    w1.sync()
    assert w1.resident(resident.id).name == "改过的名字"


def test_a_row_of_the_wrong_type_is_quarantined_and_the_rest_of_the_page_applies(
    gridcenter_session, make_ws
):
    """One row the client cannot read no longer refuses the page (issue 11): it is kept
    aside, the cursor moves on, and the row's next version brings it in."""
    session = Tampering()
    w1 = make_ws(gridcenter_session, "worker1", "tamper-row", session=session)
    w1.sync()
    other = make_ws(gridcenter_session, "worker2", "tamper-row-other")
    other.sync()
    resident = _resident(other, 12)
    neighbour = _resident(other, 13)
    other.update_resident(resident.id, name="改过的名字")
    other.update_resident(neighbour.id, note="邻居也改了")
    other.sync()
    with w1.db.reading() as s:
        cursor = s.get(SettingRow, "sync.cursor").value
    session.spoil = _wrong_type
    report = w1.sync()
    assert report.quarantined == 1 and w1.status().quarantined == 1
    assert w1.resident(resident.id).name != "改过的名字"  # not read: the old row stays
    assert w1.resident(neighbour.id).note == "邻居也改了"  # the rest of the page applied
    with w1.db.reading() as s:
        assert s.get(SettingRow, "sync.cursor").value != cursor
    session.spoil = None
    assert w1.sync().pulled == 0  # the cursor moved past it
    other.update_resident(resident.id, note="再改一次")
    other.sync()
    w1.sync()
    assert w1.resident(resident.id).name == "改过的名字"
    assert w1.status().quarantined == 0


class OldProtocol(requests.Session):
    def request(self, method, url, **kwargs):  # type: ignore[override]
        headers = dict(kwargs.pop("headers", None) or {})
        headers["X-Gridworker-Protocol"] = "99"
        return super().request(method, url, headers=headers, **kwargs)


def test_protocol_mismatch_says_update_the_app_and_writes_nothing(gridcenter_session, make_ws):
    w1 = make_ws(gridcenter_session, "worker1", "proto")
    w1.sync()
    household = _households(w1)[15]
    w1.update_household(household.id, door_number="13号之一")
    before = w1.status()
    w1.sync_service.client_options["session"] = OldProtocol()
    w1.sync_service._clients.clear()
    w1.sync_service._session(before.server, "worker1")[1]._access = None
    with pytest.raises(ProtocolMismatch) as caught:
        w1.sync()
    assert "更新应用" in caught.value.message
    assert w1.status() == before
    with w1.db.reading() as s:
        assert {e.state for e in s.query(JournalEntryRow)} == {"pending"}


def test_a_lost_push_answer_is_harmless(gridcenter_session, make_ws):
    from gridworker.storage.journal import pending_entries
    from gridworker.sync.outbox import entry_wire

    w1, w2 = _pair(make_ws, gridcenter_session, "lost")
    household = _households(w1)[16]
    visit = w1.log_visit(household.id, summary="网络中断前提交的走访")
    engine = w1.sync_service.engine()
    with w1.db.reading() as s:
        payload = [entry_wire(e) for e in pending_entries(s)]
    engine.client.push(engine.client_id, payload)  # the server applied it; the answer was lost
    report = w1.sync()  # the same mutation ids again: answered from the stored results
    assert report.pushed == 1 and report.applied == 1 and w1.status().pending_changes == 0
    w2.sync()
    assert [v.id for v in w2.visits_of(household.id)].count(visit.id) == 1


def test_an_interrupted_pull_resumes_from_the_last_page(gridcenter_session, make_ws):
    ws = make_ws(gridcenter_session, "worker3", "resume-pull", engine={"pull_limit": 100})
    cancel = threading.Event()
    phases = []

    def progress(phase, done, total):
        phases.append((phase, done))
        if phase == "pull" and done >= 200:
            cancel.set()

    with pytest.raises(Cancelled) as caught:
        ws.sync(progress=progress, cancel=cancel)
    first = caught.value.report.pulled
    assert 200 <= first < 400 and ws.status().households < 150
    report = ws.sync()
    status = ws.status()
    assert status.households == 150
    # No start from scratch: less than the grid's rows again (grid, households, residents,
    # visits; its few amendments and parents sent twice are far fewer than ``first``).
    rows = 1 + status.households + status.residents + status.visits
    assert report.pages >= 2 and report.pulled < rows
    assert [p for p, _ in phases] == ["pull"] * len(phases)
