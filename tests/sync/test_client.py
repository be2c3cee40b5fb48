"""The HTTP client against a scripted local server: headers, gzip, retries, error mapping and
response-shape checks (the real server is exercised in test_end_to_end.py)."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from gridworker.sync import protocol as p
from gridworker.sync.client import ApiClient, RetryPolicy, normalize_server_url
from gridworker.sync.errors import (
    AuthFailed,
    Cancelled,
    MalformedResponse,
    ProtocolMismatch,
    ServerError,
    ServerUnreachable,
)

from .fake_http import Canned, error

PAGE = {"changes": [], "cursor": "c1", "has_more": False}


class StaticAuth:
    def __init__(self) -> None:
        self.token = "tok-1"
        self.refreshes = 0

    def access_token(self, client):
        return self.token

    def refresh(self, client):
        self.refreshes += 1
        self.token = f"tok-{self.refreshes + 1}"
        return self.token


class RecordingSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict] = []

    def request(self, method, url, **kwargs):  # type: ignore[override]
        self.calls.append(kwargs)
        return super().request(method, url, **kwargs)


def _client(server, **kw):
    sleeps: list[float] = []
    kw.setdefault("sleeper", sleeps.append)
    kw.setdefault("auth", StaticAuth())
    client = ApiClient(server.url, **kw)
    client.sleeps = sleeps  # type: ignore[attr-defined]
    return client


def test_every_call_names_the_protocol_has_timeouts_and_verifies_tls(server):
    session = RecordingSession()
    client = _client(server.answer(Canned(200, PAGE)), session=session)
    page = client.changes(None)
    assert page.cursor == "c1" and page.has_more is False
    seen = server.seen[0]
    assert seen.headers[p.PROTOCOL_HEADER] == "1"
    assert seen.headers["Authorization"] == "Bearer tok-1"
    assert seen.path.startswith("/api/v1/changes?limit=")
    assert session.calls[0]["timeout"] == (5.0, 30.0)
    assert session.calls[0]["verify"] is True
    assert client.request_count == 1


def test_push_bodies_are_gzipped(server):
    entries = [{"mutation_id": f"m{i}", "entity": "resident", "row_id": f"r{i}",
                "op": "update", "base_version": 1, "changes": {"note": {"base": "", "new": "备注"}},
                "actor": "w", "created_at": "2026-11-21T08:30:00+08:00"} for i in range(20)]
    results = [{"mutation_id": e["mutation_id"], "status": "applied", "version": 2, "row": None,
                "conflicts": [], "error": None} for e in entries]
    client = _client(server.answer(Canned(200, {"results": results, "server_time": "x"})))
    answered = client.push("client-1", entries)
    assert [r.status for r in answered] == ["applied"] * 20
    seen = server.seen[0]
    assert seen.headers["Content-Encoding"] == "gzip"
    assert json.loads(seen.body)["entries"][3]["row_id"] == "r3"


def test_426_is_a_protocol_mismatch_and_never_retried(server):
    client = _client(server.answer(error(426, "protocol_unsupported", supported=[2])))
    with pytest.raises(ProtocolMismatch) as caught:
        client.changes(None)
    assert "更新" in caught.value.message and caught.value.supported == [2]
    assert client.request_count == 1 and client.sleeps == []


def test_transient_statuses_are_retried_with_capped_backoff(server):
    client = _client(
        server.answer(error(503, "unavailable"), error(502, "unavailable"),
                      Canned(504, "<html>gateway</html>"), Canned(200, PAGE)),
        retry=RetryPolicy(attempts=5, base_delay=0.5, max_delay=1.0),
    )
    assert client.changes(None).cursor == "c1"
    assert client.request_count == 4
    assert len(client.sleeps) == 3
    assert 0.25 <= client.sleeps[0] <= 0.5 and all(0.5 <= s <= 1.0 for s in client.sleeps[1:])


def test_retry_after_is_honoured_for_429(server):
    client = _client(server.answer(Canned(429, {"error": {"code": "rate_limited"}},
                                          headers={"Retry-After": "3"}), Canned(200, PAGE)))
    client.changes(None)
    assert client.sleeps == [3.0]


def test_giving_up_on_a_server_that_stays_unavailable(server):
    client = _client(server.answer(error(503, "unavailable", "维护中")),
                     retry=RetryPolicy(attempts=3))
    with pytest.raises(ServerError) as caught:
        client.changes(None)
    assert caught.value.status == 503 and caught.value.code == "unavailable"
    assert client.request_count == 3


def test_a_500_with_an_html_page_is_a_server_error_not_a_crash(server):
    client = _client(server.answer(Canned(500, "<html>Internal Server Error</html>")))
    with pytest.raises(ServerError) as caught:
        client.changes(None)
    assert caught.value.status == 500 and caught.value.code == "internal"
    assert client.request_count == 1  # 500 is not in the retry list


@pytest.mark.parametrize(
    "body",
    [
        "not json at all",
        "[1, 2, 3]",
        json.dumps({"changes": [], "has_more": False}),  # cursor missing
        json.dumps({"changes": [], "cursor": "c", "has_more": "no"}),
        json.dumps(PAGE)[:-5],  # cut JSON with a matching Content-Length
    ],
)
def test_malformed_pages_are_refused(server, body):
    client = _client(server.answer(Canned(200, body)))
    with pytest.raises(MalformedResponse) as caught:
        client.changes(None)
    assert "未写入" in caught.value.message


@pytest.mark.parametrize(
    "row",
    [
        {"entity": "martian", "id": "x", "version": 1, "state": "live", "data": {}},
        {"entity": "household", "id": "h", "version": 1, "state": "live", "data": None},
        {"entity": "resident", "id": "r", "version": "7", "state": "live", "data": {}},
    ],
    ids=["unknown-entity", "live-without-data", "version-as-text"],
)
def test_an_unreadable_row_is_handed_over_for_quarantine_not_the_page_refused(server, row):
    """One row the client cannot read never stops a sync: the page is read, the row comes
    back as unreadable (the pull apply quarantines it), the cursor is kept."""
    body = json.dumps({"changes": [row], "cursor": "c", "has_more": False})
    client = _client(server.answer(Canned(200, body)))
    page = client.changes(None)
    assert page.changes == [] and page.cursor == "c" and len(page.unreadable) == 1


def test_a_truncated_transfer_is_retried_then_refused(server):
    body = json.dumps(PAGE)
    client = _client(server.answer(Canned(200, body, truncate=10)),
                     retry=RetryPolicy(attempts=2))
    with pytest.raises(MalformedResponse):
        client.changes(None)
    assert client.request_count == 2


def test_push_answer_for_other_entries_is_refused(server):
    entries = [{"mutation_id": "m1", "entity": "resident", "row_id": "r1", "op": "update",
                "base_version": 1, "changes": {}, "actor": "w", "created_at": "x"}]
    wrong = {"results": [{"mutation_id": "m2", "status": "applied", "version": 2,
                          "row": None, "conflicts": [], "error": None}]}
    client = _client(server.answer(Canned(200, wrong)))
    with pytest.raises(MalformedResponse):
        client.push("c", entries)
    short = {"results": []}
    client = _client(server.answer(Canned(200, short)))
    with pytest.raises(MalformedResponse):
        client.push("c", entries)


def test_connection_refused_is_offline_after_retries():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once closed
    sleeps: list[float] = []
    client = ApiClient(f"http://127.0.0.1:{port}", auth=StaticAuth(), sleeper=sleeps.append,
                       retry=RetryPolicy(attempts=3))
    with pytest.raises(ServerUnreachable) as caught:
        client.changes(None)
    assert "网络" in caught.value.message and len(sleeps) == 2
    assert client.request_count == 3


def test_unknown_host_is_offline():
    client = ApiClient("http://no-such-host.invalid", auth=StaticAuth(), sleeper=lambda s: None,
                       retry=RetryPolicy(attempts=1))
    with pytest.raises(ServerUnreachable):
        client.changes(None)


def test_a_slow_server_times_out(server):
    client = _client(server.answer(Canned(200, PAGE, delay=1.0)), timeout=(1.0, 0.2),
                     retry=RetryPolicy(attempts=1))
    with pytest.raises(ServerUnreachable):
        client.changes(None)


def test_expired_access_token_is_refreshed_once(server):
    auth = StaticAuth()
    client = _client(server.answer(error(401, "token_expired"), Canned(200, PAGE)), auth=auth)
    client.changes(None)
    assert auth.refreshes == 1
    assert [s.headers["Authorization"] for s in server.seen] == ["Bearer tok-1", "Bearer tok-2"]
    server.answer(error(401, "token_expired"))
    with pytest.raises(AuthFailed) as caught:
        client.changes(None)
    assert auth.refreshes == 2 and "重新登录" in caught.value.message


def test_sign_in_errors(server):
    client = _client(server.answer(error(401, "bad_credentials", "用户名或密码错误")))
    with pytest.raises(AuthFailed) as caught:
        client.login("worker1", "wrong")
    assert caught.value.code == "bad_credentials" and "密码" in caught.value.message
    server.answer(error(423, "account_locked", "锁定", retry_after=600))
    with pytest.raises(AuthFailed) as caught:
        client.login("worker1", "wrong")
    assert caught.value.code == "account_locked" and caught.value.retry_after == 600
    assert "10 分钟" in caught.value.message
    server.answer(error(401, "refresh_invalid"))
    with pytest.raises(AuthFailed) as caught:
        client.refresh("spent")
    assert "重新登录" in caught.value.message


def test_sign_in_calls_are_never_retried(server):
    client = _client(server.answer(error(503, "unavailable")))
    with pytest.raises(ServerError):
        client.refresh("token")  # a retried refresh would present a spent token
    assert client.request_count == 1


def test_no_auth_means_not_signed_in(server):
    client = ApiClient(server.answer(Canned(200, PAGE)).url)
    with pytest.raises(AuthFailed) as caught:
        client.changes(None)
    assert caught.value.code == "not_signed_in" and server.seen == []


def test_cancel_stops_before_the_next_request(server):
    client = _client(server.answer(Canned(200, PAGE)))
    client.cancel = threading.Event()
    client.cancel.set()
    with pytest.raises(Cancelled):
        client.changes(None)
    assert server.seen == []


def test_blob_answers_are_checked(server):
    sha = "ab" * 32
    client = _client(server.answer(Canned(200, {"blobs": {sha: {"state": "partial",
                                                                 "offset": 10}}})))
    assert client.blob_status([sha])[sha].offset == 10
    server.answer(Canned(200, {"blobs": {}}))
    with pytest.raises(MalformedResponse):
        client.blob_status([sha])
    server.answer(Canned(200, {"state": "partial", "offset": -1}))
    with pytest.raises(MalformedResponse):
        client.put_blob(sha, 0, 100, b"x")


def test_server_urls_are_normalised():
    assert normalize_server_url(" https://grid.example.cn/ ") == "https://grid.example.cn"
    assert normalize_server_url("http://h:8765/api/v1") == "http://h:8765"
    with pytest.raises(ValueError):
        normalize_server_url("grid.example.cn")


def test_redirects_are_not_followed(server):
    client = _client(server.answer(Canned(301, "", headers={"Location": "https://x/"})))
    with pytest.raises(ServerError) as caught:
        client.changes(None)
    assert "https://" in caught.value.message and len(server.seen) == 1
