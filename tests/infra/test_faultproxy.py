"""The fault-injecting proxy (tests/support/faultproxy.py) against a tiny local HTTP server."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from support.faultproxy import FaultProxy


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so tests can switch faults on open connections
    received: list[int]  # body bytes per POST, set on the server class

    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.startswith("/big/"):
            self._reply(b"x" * int(self.path.rsplit("/", 1)[1]), "application/octet-stream")
        else:
            self._reply(json.dumps({"service": "tiny", "path": self.path}).encode())

    def do_POST(self) -> None:
        # Like the blob endpoint: keep counting what arrives even if the body ends early.
        expected = int(self.headers["Content-Length"])
        got = 0
        while got < expected:
            chunk = self.rfile.read1(min(65536, expected - got))
            if not chunk:
                break
            got += len(chunk)
        self.server.received.append(got)  # type: ignore[attr-defined]
        if got == expected:
            self._reply(json.dumps({"received": got}).encode())
        else:
            self.close_connection = True


class _Origin(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and cut requests are the point of these tests


@pytest.fixture
def origin() -> Iterator[ThreadingHTTPServer]:
    server = _Origin(("127.0.0.1", 0), _Handler)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="tiny-origin", daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def proxy(origin: ThreadingHTTPServer) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", origin.server_address[1]) as p:
        yield p


def raw_exchange(proxy: FaultProxy, request: bytes, timeout: float = 5.0) -> bytes:
    """Send ``request`` on a fresh connection and read until the proxy closes it."""
    with socket.create_connection(proxy.address, timeout=timeout) as sock:
        sock.sendall(request)
        received = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    return received


def post_request(body_size: int) -> tuple[bytes, int]:
    head = (
        f"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: {body_size}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    return head + b"p" * body_size, len(head)


def test_pass_through(proxy: FaultProxy) -> None:
    assert proxy.url == f"http://127.0.0.1:{proxy.port}"
    with requests.Session() as session:
        for n in range(3):
            answer = session.get(f"{proxy.url}/api/v1/hello?n={n}", timeout=5)
            assert answer.json() == {"service": "tiny", "path": f"/api/v1/hello?n={n}"}
        upload = session.post(f"{proxy.url}/upload", data=b"u" * 300_000, timeout=5)
        assert upload.json() == {"received": 300_000}
    assert proxy.connections_opened == 1  # keep-alive: one connection for all four requests
    assert proxy.mode == "pass"


def test_counters_are_exact(proxy: FaultProxy) -> None:
    request = b"GET /big/1000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    answer = raw_exchange(proxy, request)
    assert answer.endswith(b"x" * 1000)
    assert proxy.bytes_upstream == len(request)
    assert proxy.bytes_downstream == len(answer)
    raw_exchange(proxy, request)
    assert proxy.connections_opened == 2
    (first, second) = proxy.connections
    assert (first.bytes_upstream, first.bytes_downstream) == (len(request), len(answer))
    assert (second.number, second.bytes_upstream) == (2, len(request))
    assert proxy.bytes_upstream == 2 * len(request)
    proxy.reset_counters()
    assert (proxy.bytes_upstream, proxy.bytes_downstream, proxy.connections_opened) == (0, 0, 0)


def test_truncate_upstream_cuts_at_the_byte(proxy: FaultProxy, origin) -> None:
    request, head_size = post_request(100_000)
    proxy.truncate_upstream_after(90_000)
    answer = raw_exchange(proxy, request)
    assert answer == b""  # the client never gets an answer
    assert proxy.bytes_upstream == 90_000
    _wait_for(lambda: origin.received == [90_000 - head_size])
    assert proxy.connections[0].triggered
    assert proxy.faults_triggered == 1


def test_truncated_upload_is_a_connection_error_in_requests(proxy: FaultProxy) -> None:
    proxy.truncate_upstream_after(50_000)
    with pytest.raises(requests.ConnectionError):
        requests.post(f"{proxy.url}/upload", data=b"u" * 200_000, timeout=5)
    assert proxy.bytes_upstream == 50_000


def test_truncate_downstream_cuts_the_answer(proxy: FaultProxy) -> None:
    proxy.truncate_downstream_after(5_000)
    request = b"GET /big/100000 HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = raw_exchange(proxy, request)
    assert len(answer) == 5_000
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert proxy.bytes_downstream == 5_000
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        requests.get(f"{proxy.url}/big/100000", timeout=5).content  # noqa: B018


def test_times_limits_a_fault_then_passes_through(proxy: FaultProxy, origin) -> None:
    proxy.truncate_upstream_after(1_000, times=1)
    with pytest.raises(requests.ConnectionError):
        requests.post(f"{proxy.url}/upload", data=b"u" * 10_000, timeout=5)
    assert proxy.mode == "pass"
    answer = requests.post(f"{proxy.url}/upload", data=b"u" * 10_000, timeout=5)
    assert answer.json() == {"received": 10_000}
    assert [c.triggered for c in proxy.connections] == [True, False]


def test_reset_is_a_connection_error(proxy: FaultProxy) -> None:
    proxy.reset()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{proxy.url}/api/v1/hello", timeout=5)
    # A real RST, not an orderly close: the raw socket sees ECONNRESET.
    with socket.create_connection(proxy.address, timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        with pytest.raises(ConnectionResetError):
            while sock.recv(65536):
                pass


def test_reset_after_bytes_midstream(proxy: FaultProxy) -> None:
    proxy.reset(after_bytes=20_000, direction="downstream")
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        requests.get(f"{proxy.url}/big/500000", timeout=5).content  # noqa: B018
    assert proxy.bytes_downstream == 20_000


def test_fault_switched_on_an_open_keepalive_connection(proxy: FaultProxy) -> None:
    with requests.Session() as session:
        assert session.get(f"{proxy.url}/a", timeout=5).ok
        proxy.reset()
        with pytest.raises(requests.ConnectionError):
            session.get(f"{proxy.url}/b", timeout=5)
        proxy.pass_through()
        assert session.get(f"{proxy.url}/c", timeout=5).ok


def test_drop_closes_new_connections(proxy: FaultProxy, origin) -> None:
    proxy.drop()
    for _ in range(2):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{proxy.url}/api/v1/hello", timeout=5)
    assert proxy.connections_opened == 2
    assert proxy.bytes_upstream == 0
    proxy.pass_through()
    assert requests.get(f"{proxy.url}/api/v1/hello", timeout=5).ok


def test_delay_per_chunk_and_per_connection(proxy: FaultProxy) -> None:
    proxy.delay(0.3)
    started = time.monotonic()
    assert requests.get(f"{proxy.url}/x", timeout=5).ok
    assert time.monotonic() - started >= 0.6  # one chunk each way
    proxy.delay(0.4, per="connection")
    started = time.monotonic()
    # Two megabytes are many chunks: delayed per chunk this would take far longer than 3 s.
    assert len(requests.get(f"{proxy.url}/big/2000000", timeout=10).content) == 2_000_000
    assert 0.4 <= time.monotonic() - started < 3.0
    proxy.delay(2.0)
    with pytest.raises(requests.Timeout):
        requests.get(f"{proxy.url}/x", timeout=0.5)


def test_garbage_answers(proxy: FaultProxy, origin) -> None:
    proxy.garbage("not_http")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{proxy.url}/api/v1/hello", timeout=5)
    proxy.garbage("bad_json")
    answer = requests.get(f"{proxy.url}/api/v1/changes", timeout=5)
    assert answer.status_code == 200
    with pytest.raises(requests.exceptions.JSONDecodeError):
        answer.json()
    proxy.garbage("html")
    answer = requests.post(f"{proxy.url}/upload", data=b"u" * 100_000, timeout=5)
    assert answer.status_code == 200
    assert "Wi-Fi" in answer.text
    assert origin.received == []  # nothing reached the server


def test_chaos_is_seeded_and_mixes_faults(origin) -> None:
    def run(seed: int) -> list[str]:
        with FaultProxy("127.0.0.1", origin.server_address[1]) as p:
            p.chaos(0.5, seed=seed, max_delay=0.05, max_bytes=2_000)
            for _ in range(30):
                with contextlib.suppress(requests.RequestException):
                    requests.get(f"{p.url}/big/3000", timeout=5).content  # noqa: B018
            return [c.fault for c in p.connections]

    first = run(7)
    assert first == run(7)
    assert first != run(8)
    kinds = {f.split("(")[0] for f in first}
    assert "pass" in kinds and len(kinds) >= 4


def test_chaos_probability_bounds(proxy: FaultProxy) -> None:
    proxy.chaos(0.0, seed=1)
    for _ in range(5):
        assert requests.get(f"{proxy.url}/x", timeout=5).ok
    proxy.chaos(1.0, seed=1, kinds=("drop",))
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{proxy.url}/x", timeout=5)
    assert proxy.mode == "chaos"


def test_upstream_down_is_a_connection_error() -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        dead_port = placeholder.getsockname()[1]
    with FaultProxy("127.0.0.1", dead_port) as p:
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{p.url}/x", timeout=5)
        _wait_for(lambda: p.connections[0].closed)
        assert "upstream" in (p.connections[0].error or "")


def test_close_leaks_no_threads_and_frees_the_port(origin) -> None:
    before = set(threading.enumerate())
    p = FaultProxy("127.0.0.1", origin.server_address[1]).start()
    session = requests.Session()
    assert session.get(f"{p.url}/x", timeout=5).ok  # leaves a keep-alive connection open
    p.delay(10.0)
    outcome: list[BaseException] = []

    def stuck_request() -> None:
        try:
            session.get(f"{p.url}/y", timeout=20)
        except requests.RequestException as exc:
            outcome.append(exc)

    stuck = threading.Thread(target=stuck_request, daemon=True)
    stuck.start()
    time.sleep(0.2)
    started = time.monotonic()
    p.close()
    assert time.monotonic() - started < 2.0  # a sleeping delay does not hold close() up
    stuck.join(5)
    assert len(outcome) == 1  # the request in flight failed instead of hanging
    session.close()
    leaked = [t for t in threading.enumerate() if t not in before and t.name.startswith("faultp")]
    assert leaked == []
    with pytest.raises(ConnectionRefusedError), socket.create_connection(p.address, timeout=2):
        pass


def _wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)
