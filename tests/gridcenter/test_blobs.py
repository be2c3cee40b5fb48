"""Photos: resumable uploads, offset and hash checks, scope-hidden downloads, thumbnails."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import time

import pytest

from .conftest import GRID2, Api, a_household, audit_events, create, record, uid, visit_values


def jpeg(seed: int = 0, size: tuple[int, int] = (800, 600)) -> bytes:
    from PIL import Image

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)
                            if seed < 0 else bytes([seed % 256]) * (size[0] * size[1] * 3))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(api: Api, data: bytes, offset: int, total: int, digest: str | None = None):
    return api.put(f"/blobs/{digest or sha(data if offset == 0 else b'')}",
                   params={"offset": offset, "total": total}, data=data,
                   headers={"Content-Type": "application/octet-stream"})


def status(api: Api, *hashes: str) -> dict:
    r = api.post("/blobs/status", json={"hashes": list(hashes)})
    assert r.status_code == 200, r.text
    return r.json()["blobs"]


@pytest.fixture(scope="module")
def w1(gridcenter_session):
    return Api(gridcenter_session, "worker1")


def _truncated_put(server, token: str, digest: str, body: bytes, claimed: int, total: int):
    """Send a PUT that claims ``claimed`` bytes but delivers only ``body``, then hang up."""
    head = (
        f"PUT /api/v1/blobs/{digest}?offset=0&total={total} HTTP/1.1\r\n"
        f"Host: 127.0.0.1\r\nX-Gridworker-Protocol: 1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/octet-stream\r\nContent-Length: {claimed}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(head)
        for start in range(0, len(body), 16384):
            sock.sendall(body[start : start + 16384])
            time.sleep(0.01)
        time.sleep(0.3)


def test_upload_resumes_after_a_dropped_connection(gridcenter_session, w1):
    data = jpeg(-1, (1000, 800))
    digest = sha(data)
    assert status(w1, digest)[digest] == {"state": "missing", "offset": 0}
    half = len(data) // 2
    _truncated_put(gridcenter_session, w1.session["access_token"], digest, data[:half],
                   len(data), len(data))
    deadline = time.monotonic() + 5
    while status(w1, digest)[digest]["offset"] < half and time.monotonic() < deadline:
        time.sleep(0.05)
    state = status(w1, digest)[digest]
    assert state == {"state": "partial", "offset": half}
    r = put(w1, data[half:], half, len(data), digest)
    assert r.status_code == 201, r.text
    assert r.json() == {"state": "present", "offset": len(data)}
    assert status(w1, digest)[digest]["state"] == "present"


def test_chunked_upload_and_offset_mismatch(w1):
    data = jpeg(7)
    digest = sha(data)
    chunk = 4096
    r = put(w1, data[:chunk], 0, len(data), digest)
    assert r.status_code == 200 and r.json() == {"state": "partial", "offset": chunk}
    r = put(w1, data[:chunk], 0, len(data), digest)  # resend from 0: wrong
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "offset_mismatch"
    assert r.json()["error"]["details"]["offset"] == chunk
    r = put(w1, data[chunk:], chunk, len(data), digest)
    assert r.status_code == 201


def test_hash_mismatch_discards_the_part(w1):
    data = jpeg(9)
    wrong = sha(b"something else")
    r = put(w1, data, 0, len(data), wrong)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "hash_mismatch"
    assert status(w1, wrong)[wrong] == {"state": "missing", "offset": 0}


def test_bad_sha_and_sizes(w1):
    for digest in ("ABC", "g" * 64, "A" * 64):
        r = w1.put(f"/blobs/{digest}", params={"offset": 0, "total": 1}, data=b"x")
        assert r.status_code == 400, digest
        assert r.json()["error"]["code"] == "bad_request"
    r = put(w1, b"x", 0, 65 * 1024 * 1024, sha(b"x"))
    assert r.status_code == 413
    r = put(w1, b"xyz", 0, 2, sha(b"xyz"))
    assert r.status_code == 400
    r = w1.post("/blobs/status", json={"hashes": ["nothex"]})
    assert r.status_code == 400


def test_visit_awaits_media_until_the_photo_arrives(gridcenter_session, w1):
    data = jpeg(11)
    digest = sha(data)
    hid, _ = a_household(gridcenter_session)
    vid = uid()
    res = w1.push_one(create("visit", visit_values(hid, photos=[digest]), vid))
    assert res["row"]["data"]["awaiting_media"] == [digest]
    _, cursor = w1.pull_all()
    assert put(w1, data, 0, len(data), digest).status_code == 201
    rec = record(gridcenter_session, vid)
    assert rec["data"]["awaiting_media"] == [] and rec["version"] == 2
    rows, _ = w1.pull_all(cursor)
    assert [r["id"] for r in rows] == [vid]
    assert rows[0]["data"]["awaiting_media"] == []
    # download and thumbnail, for everyone who can read the visit
    for who in (w1, Api(gridcenter_session, "supervisor1"), Api(gridcenter_session, "worker2")):
        r = who.get(f"/blobs/{digest}")
        assert r.status_code == 200 and r.content == data
        r = who.get(f"/blobs/{digest}", params={"variant": "thumb"})
        assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
        from PIL import Image

        assert max(Image.open(io.BytesIO(r.content)).size) <= 240


def test_hash_guessing_from_another_grid_reveals_nothing(gridcenter_session, w1):
    data = jpeg(13)
    digest = sha(data)
    hid, _ = a_household(gridcenter_session)
    w1.push_one(create("visit", visit_values(hid, photos=[digest]), uid()))
    assert put(w1, data, 0, len(data), digest).status_code == 201
    w3 = Api(gridcenter_session, "worker3")
    assert status(w3, digest)[digest] == {"state": "missing", "offset": 0}
    for params in ({}, {"variant": "thumb"}):
        r = w3.get(f"/blobs/{digest}", params=params)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "not_found"
    station = Api(gridcenter_session, "station1")  # no visits for stations
    assert station.get(f"/blobs/{digest}").status_code == 404
    denied = [e for e in audit_events(gridcenter_session, "blob_denied") if e[1] == "worker3"]
    assert len(denied) >= 2
    # a never-uploaded hash looks exactly the same
    r = w3.get(f"/blobs/{sha(b'nothing')}")
    assert r.status_code == 404
    # worker3 holding the same photo may upload it (proving possession) and then sees it
    hid3, _ = a_household(gridcenter_session, GRID2)
    assert put(w3, data, 0, len(data), digest).status_code == 201
    assert status(w3, digest)[digest]["state"] == "present"
    assert w3.push_one(create("visit", visit_values(hid3, photos=[digest]), uid()))[
        "row"]["data"]["awaiting_media"] == []
