"""Real network faults between the client and a real gridcenter (tests/support/faultproxy.py):
an upload cut mid-photo resumes where the server stopped, a lost push answer is repeated
safely, a dead network is reported as offline with nothing written, and a chaotic link
converges without duplicates."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image
from support.faultproxy import FaultProxy

from gridworker.sync.errors import MalformedResponse, ServerUnreachable, SyncError


@pytest.fixture
def proxy(gridcenter_session):
    with FaultProxy("127.0.0.1", gridcenter_session.port) as fault:
        yield fault


def _noise_jpeg(seed: int, size=(1200, 900)) -> bytes:
    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _through(make_ws, server, proxy, user, name, **options):
    ws = make_ws(server, user, name, login=False, **options)
    ws.login(proxy.url, user, server.password)
    return ws


def _households(ws):
    return sorted(ws.households(), key=lambda h: h.id)


def test_a_photo_upload_cut_mid_transfer_resumes_at_the_servers_offset(
    gridcenter_session, make_ws, proxy
):
    import time

    from gridworker.sync.client import RetryPolicy

    # Real (short) pauses: the server needs a moment to notice the cut connection and keep
    # what arrived, before the client asks for its offset.
    ws = _through(make_ws, gridcenter_session, proxy, "worker1", "cut", sleeper=time.sleep,
                  retry=RetryPolicy(attempts=4, base_delay=0.4, max_delay=0.8))
    ws.sync()
    visit = ws.log_visit(_households(ws)[30].id, summary="入户走访，拍照留存",
                         photos=[_noise_jpeg(1)])
    size = visit.photos[0].size_bytes
    assert size > 150_000
    engine = ws.sync_service.engine()
    engine.push(_report())
    sent_before = engine.client.bytes_sent
    proxy.truncate_upstream_after(100_000, times=1)  # the upload dies after ~100 kB
    report = ws.sync()
    assert report.uploaded == 1 and proxy.faults_triggered == 1
    # After the cut the client asked where the server stopped and went on from there: at most
    # the one broken chunk was sent twice, and what was acknowledged is less than the photo.
    assert engine.client.bytes_sent - sent_before < size + 256 * 1024
    assert report.uploaded_bytes < size
    assert engine.client.blob_status([visit.photos[0].sha256])[visit.photos[0].sha256].state \
        == "present"


def test_a_lost_push_answer_is_retried_without_duplicates(gridcenter_session, make_ws, proxy):
    ws = _through(make_ws, gridcenter_session, proxy, "worker1", "lost-answer")
    ws.sync()
    household = _households(ws)[31]
    before = len(ws.visits_of(household.id))
    ws.log_visit(household.id, summary="回执丢失的走访")
    ws.sync_service._session(ws.binding.server, "worker1")[1].access_token(
        ws.sync_service.engine().client)  # sign-in done before the fault
    proxy.truncate_downstream_after(20, times=1)  # the push answer never arrives
    report = ws.sync()
    assert report.applied == 1 and ws.status().pending_changes == 0
    other = make_ws(gridcenter_session, "worker2", "lost-answer-check")
    other.sync()
    assert len(other.visits_of(household.id)) == before + 1


def test_no_network_is_offline_and_writes_nothing(gridcenter_session, make_ws, proxy):
    ws = _through(make_ws, gridcenter_session, proxy, "worker1", "dropped")
    ws.sync()
    resident = ws.residents(_households(ws)[32].id)[0]
    ws.update_resident(resident.id, note="断网时的修改")
    before = ws.status()
    proxy.drop()
    with pytest.raises(ServerUnreachable) as caught:
        ws.sync()
    assert "网络" in caught.value.message
    assert ws.status() == before
    proxy.pass_through()
    assert ws.sync().applied == 1


def test_a_captive_portal_page_is_refused_not_stored(gridcenter_session, make_ws, proxy):
    ws = _through(make_ws, gridcenter_session, proxy, "worker1", "portal")
    ws.sync()
    before = ws.status()
    proxy.garbage("html")  # every answer is the hotel Wi-Fi's sign-in page
    with pytest.raises(MalformedResponse):
        ws.sync()
    assert ws.status() == before
    proxy.garbage("bad_json", times=1)  # one answer cut off: tried again, then fine
    assert ws.sync().pages == 1


def test_a_chaotic_link_converges_without_duplicates(gridcenter_session, make_ws, proxy):
    ws = _through(make_ws, gridcenter_session, proxy, "worker1", "chaos")
    ws.sync()
    households = _households(ws)[33:38]
    for i, household in enumerate(households):
        ws.log_visit(household.id, summary=f"混乱网络下的走访 {i}", photos=[_noise_jpeg(10 + i)])
        ws.update_resident(ws.residents(household.id)[0].id, note=f"备注 {i}")
    proxy.chaos(0.4, seed=7, max_bytes=120_000, max_delay=0.2)
    for _ in range(30):
        try:
            report = ws.sync()
        except SyncError:
            continue
        pending = ws.status().pending_changes
        if pending == 0 and not ws.sync_service.engine().blobs.photos_to_upload():
            break
    proxy.pass_through()
    report = ws.sync()
    assert report.pushed == 0 and ws.status().pending_changes == 0
    other = make_ws(gridcenter_session, "worker2", "chaos-check")
    other.sync()
    for i, household in enumerate(households):
        summaries = [v.summary for v in other.visits_of(household.id)]
        assert summaries.count(f"混乱网络下的走访 {i}") == 1
        assert other.residents(household.id)[0].note == f"备注 {i}"
        (visit,) = [v for v in other.visits_of(household.id)
                    if v.summary == f"混乱网络下的走访 {i}"]
        other.download_photo(visit.photos[0].sha256, "full")  # the bytes arrived whole


def _report():
    from datetime import datetime

    from gridworker.sync.report import SyncReport

    return SyncReport(started_at=datetime.now())
