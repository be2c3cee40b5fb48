"""A fault-injecting TCP proxy on 127.0.0.1 for network-fault tests of the sync.

    with FaultProxy("127.0.0.1", server_port) as proxy:
        client = SyncClient(proxy.url)          # talks to the server through the proxy
        proxy.truncate_upstream_after(90_000, times=1)   # the next upload dies after 90 kB
        ...
        assert proxy.bytes_upstream <= 0.15 * photo_size

The proxy runs in background threads (one accepting, one per connection) and forwards bytes
unchanged until a fault is switched on. Faults can be switched at any time, from the test
thread: they take effect for new connections at once, and for open (keep-alive) connections at
their next chunk of data; byte thresholds count from the moment the fault took effect on that
connection (or from its start, whichever is later). ``times=k`` limits a fault to the next *k*
connections it actually hits; the proxy then goes back to pass-through by itself, so a test can
say "this upload dies once, the retry goes through".

Faults
- :meth:`pass_through`: forward everything (the default).
- :meth:`drop`: new connections are closed at once with a TCP reset, before any byte reaches the
  server; open connections are reset at their next chunk ("the network is gone").
- :meth:`reset`: forward ``after_bytes`` bytes in ``direction`` ("upstream" = client to server,
  "downstream" = server to client), then reset both sides (SO_LINGER 0, so a real RST).
- :meth:`truncate_upstream_after`: the server receives exactly the first ``n_bytes`` the client
  sends, then both sides are closed (a photo upload dying at 90 %).
- :meth:`truncate_downstream_after`: the client receives exactly the first ``n_bytes`` of the
  answer, then both sides are closed.
- :meth:`delay`: sleep ``seconds`` before each forwarded chunk (``per="chunk"``) or once per
  connection before it is connected upstream (``per="connection"``).
- :meth:`garbage`: the proxy answers the request itself and closes: ``"not_http"`` (binary
  noise, no status line), ``"bad_json"`` (a well-formed HTTP 200 whose JSON body is cut off) or
  ``"html"`` (HTTP 200 with a captive-portal style HTML page). Nothing reaches the server.
- :meth:`chaos`: each new connection, with ``probability``, gets one of the faults above with
  random parameters from a seeded RNG (deterministic for sequential connections).

Counters (thread-safe, reset with :meth:`reset_counters`): :attr:`bytes_upstream`,
:attr:`bytes_downstream`, :attr:`connections_opened`, :attr:`faults_triggered`, and
:attr:`connections`, a list of :class:`ConnectionStats` (per connection bytes and the fault it
got). Bytes are counted as they are forwarded, before they are written, so a client that has
its answer already sees them counted.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import selectors
import socket
import struct
import threading
import time
from dataclasses import dataclass, field, replace

UPSTREAM = "upstream"  # client -> server
DOWNSTREAM = "downstream"  # server -> client
CHAOS_KINDS = ("drop", "reset", "truncate_upstream", "truncate_downstream", "delay", "garbage")
GARBAGE_KINDS = ("not_http", "bad_json", "html")

_GARBAGE = {
    "not_http": b"\x00\xff\xfeSSH-2.0-not-http\r\n\x13\x37" + bytes(range(256)),
    "bad_json": (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\n"
        b"Connection: close\r\n\r\n"
        b'{"changes": [{"entity": '
    ),
    "html": (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 77\r\n"
        b"Connection: close\r\n\r\n"
        b"<html><body><h1>Wi-Fi login</h1><p>Please sign in to continue.</p></body></html>"
    ),
}


@dataclass(frozen=True)
class Fault:
    kind: str = "pass"  # pass | drop | reset | truncate_upstream | truncate_downstream | ...
    n_bytes: int = 0
    direction: str = DOWNSTREAM  # for reset
    seconds: float = 0.0  # for delay
    per: str = "chunk"  # for delay: chunk | connection
    garbage: str = "not_http"
    times: int | None = None

    def describe(self) -> str:
        if self.kind in ("truncate_upstream", "truncate_downstream"):
            return f"{self.kind}({self.n_bytes})"
        if self.kind == "reset":
            return f"reset({self.n_bytes}, {self.direction})"
        if self.kind == "delay":
            return f"delay({self.seconds:.3f}, {self.per})"
        if self.kind == "garbage":
            return f"garbage({self.garbage})"
        return self.kind


@dataclass
class ConnectionStats:
    """What happened on one proxied connection (a copy; see FaultProxy.connections)."""

    number: int
    bytes_upstream: int = 0
    bytes_downstream: int = 0
    fault: str = "pass"  # the last fault that applied to it
    triggered: bool = False  # the fault actually did something to this connection
    closed: bool = False
    error: str | None = None  # connecting upstream failed, peer reset, ...


@dataclass
class _Conn:
    stats: ConnectionStats
    client: socket.socket
    upstream: socket.socket | None = None
    generation: int = -1
    fault: Fault = field(default_factory=Fault)
    since_up: int = 0  # bytes forwarded since the current fault took effect
    since_down: int = 0
    hit_generation: int = -1
    delayed_generation: int = -1


class _Stop(Exception):
    """Ends a connection's loop."""


class FaultProxy:
    """A TCP proxy from ``127.0.0.1:<free port>`` to ``target_host:target_port``."""

    def __init__(
        self,
        target_host: str,
        target_port: int,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        chunk_size: int = 64 * 1024,
        connect_timeout: float = 5.0,
    ) -> None:
        self.target = (target_host, target_port)
        self.host = host
        self.chunk_size = chunk_size
        self.connect_timeout = connect_timeout
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._fault = Fault()
        self._chaos: tuple[float, random.Random, tuple[str, ...], int, float] | None = None
        self._generation = 0
        self._remaining: int | None = None
        self._numbers = itertools.count(1)
        self._conns: dict[int, _Conn] = {}
        self._stats: list[ConnectionStats] = []
        self._threads: list[threading.Thread] = []
        self.bytes_upstream = 0
        self.bytes_downstream = 0
        self.connections_opened = 0
        self.faults_triggered = 0
        self._listener = socket.create_server((host, port), reuse_port=False)
        self._listener.setblocking(False)
        self.port: int = self._listener.getsockname()[1]
        self._accept_thread: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    def start(self) -> FaultProxy:
        if self._accept_thread is None:
            self._accept_thread = threading.Thread(
                target=self._accept_loop, name=f"faultproxy-{self.port}-accept", daemon=True
            )
            self._accept_thread.start()
        return self

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self, timeout: float = 5.0) -> None:
        """Stop accepting, cut every open connection and join all threads."""
        self._stop.set()
        if self._accept_thread is not None:
            self._accept_thread.join(timeout)
        with contextlib.suppress(OSError):
            self._listener.close()
        self.kill_connections()
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in self._threads if t.is_alive()]
        if alive:
            raise RuntimeError(f"FaultProxy threads still running after close(): {alive}")

    def kill_connections(self) -> None:
        """Cut every open connection now (their threads finish on their own)."""
        with self._lock:
            conns = list(self._conns.values())
        for conn in conns:
            for sock in (conn.client, conn.upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

    # -- faults -----------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        with self._lock:
            return "chaos" if self._chaos else self._fault.describe()

    def _set(self, fault: Fault, chaos=None) -> None:
        with self._lock:
            self._fault = fault
            self._chaos = chaos
            self._remaining = fault.times
            self._generation += 1

    def pass_through(self) -> None:
        self._set(Fault())

    def drop(self, *, times: int | None = None) -> None:
        self._set(Fault("drop", times=times))

    def reset(
        self, after_bytes: int = 0, *, direction: str = DOWNSTREAM, times: int | None = None
    ) -> None:
        if direction not in (UPSTREAM, DOWNSTREAM):
            raise ValueError(f"direction must be {UPSTREAM!r} or {DOWNSTREAM!r}")
        self._set(Fault("reset", n_bytes=after_bytes, direction=direction, times=times))

    def truncate_upstream_after(self, n_bytes: int, *, times: int | None = None) -> None:
        self._set(Fault("truncate_upstream", n_bytes=n_bytes, times=times))

    def truncate_downstream_after(self, n_bytes: int, *, times: int | None = None) -> None:
        self._set(Fault("truncate_downstream", n_bytes=n_bytes, times=times))

    def delay(self, seconds: float, *, per: str = "chunk", times: int | None = None) -> None:
        if per not in ("chunk", "connection"):
            raise ValueError("per must be 'chunk' or 'connection'")
        self._set(Fault("delay", seconds=seconds, per=per, times=times))

    def garbage(self, kind: str = "not_http", *, times: int | None = None) -> None:
        if kind not in GARBAGE_KINDS:
            raise ValueError(f"kind must be one of {GARBAGE_KINDS}")
        self._set(Fault("garbage", garbage=kind, times=times))

    def chaos(
        self,
        probability: float = 0.3,
        *,
        seed: int = 0,
        kinds: tuple[str, ...] = CHAOS_KINDS,
        max_bytes: int = 256 * 1024,
        max_delay: float = 0.5,
    ) -> None:
        """Each new connection gets, with ``probability``, a random fault of ``kinds``."""
        unknown = set(kinds) - set(CHAOS_KINDS)
        if unknown:
            raise ValueError(f"unknown chaos kinds: {sorted(unknown)}")
        self._set(Fault(), chaos=(probability, random.Random(seed), tuple(kinds), max_bytes,
                                  max_delay))

    def _chaos_fault(self) -> Fault:
        # Caller holds the lock.
        assert self._chaos is not None
        probability, rng, kinds, max_bytes, max_delay = self._chaos
        if rng.random() >= probability:
            return Fault()
        kind = rng.choice(kinds)
        if kind == "reset":
            return Fault("reset", n_bytes=rng.randrange(max_bytes),
                         direction=rng.choice((UPSTREAM, DOWNSTREAM)))
        if kind in ("truncate_upstream", "truncate_downstream"):
            return Fault(kind, n_bytes=rng.randrange(max_bytes))
        if kind == "delay":
            return Fault("delay", seconds=rng.uniform(0, max_delay), per="connection")
        if kind == "garbage":
            return Fault("garbage", garbage=rng.choice(GARBAGE_KINDS))
        return Fault(kind)

    def _refresh(self, conn: _Conn) -> Fault:
        """The fault in force for ``conn``; a newly set fault starts its byte counts at zero."""
        with self._lock:
            if conn.generation != self._generation:
                conn.generation = self._generation
                conn.fault = self._chaos_fault() if self._chaos else self._fault
                conn.since_up = conn.since_down = 0
                conn.stats.fault = conn.fault.describe()
                conn.stats.triggered = False
            return conn.fault

    def _hit(self, conn: _Conn) -> None:
        """Record that conn's fault did something (once per connection and fault)."""
        with self._lock:
            if conn.hit_generation == conn.generation:
                return
            conn.hit_generation = conn.generation
            conn.stats.triggered = True
            self.faults_triggered += 1
            if (
                self._remaining is not None
                and conn.generation == self._generation
                and not self._chaos
            ):
                self._remaining -= 1
                if self._remaining <= 0:
                    self._fault = Fault()
                    self._remaining = None
                    self._generation += 1

    # -- counters ---------------------------------------------------------------------------

    @property
    def connections(self) -> list[ConnectionStats]:
        with self._lock:
            return [replace(s) for s in self._stats]

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_upstream = self.bytes_downstream = 0
            self.connections_opened = self.faults_triggered = 0
            self._stats = [c.stats for c in self._conns.values()]
            for c in self._conns.values():
                c.stats.bytes_upstream = c.stats.bytes_downstream = 0

    def _count(self, conn: _Conn, direction: str, n: int) -> None:
        with self._lock:
            if direction == UPSTREAM:
                self.bytes_upstream += n
                conn.stats.bytes_upstream += n
                conn.since_up += n
            else:
                self.bytes_downstream += n
                conn.stats.bytes_downstream += n
                conn.since_down += n

    # -- the work ---------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ)
        try:
            while not self._stop.is_set():
                if not selector.select(0.05):
                    continue
                try:
                    client, _ = self._listener.accept()
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    break
                client.setblocking(True)
                client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                number = next(self._numbers)
                conn = _Conn(ConnectionStats(number), client)
                with self._lock:
                    self.connections_opened += 1
                    self._stats.append(conn.stats)
                    self._conns[number] = conn
                self._refresh(conn)  # chaos draws in accept order: deterministic
                thread = threading.Thread(
                    target=self._serve, args=(conn,), name=f"faultproxy-{self.port}-conn-{number}",
                    daemon=True,
                )
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)
                thread.start()
        finally:
            selector.close()

    def _serve(self, conn: _Conn) -> None:
        try:
            self._pump(conn)
        except _Stop:
            pass
        except OSError as exc:
            conn.stats.error = f"{type(exc).__name__}: {exc}"
        finally:
            for sock in (conn.client, conn.upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()
            with self._lock:
                conn.stats.closed = True
                self._conns.pop(conn.stats.number, None)

    def _pump(self, conn: _Conn) -> None:
        fault = self._refresh(conn)
        if fault.kind == "drop":
            self._hit(conn)
            self._abort(conn)
        if fault.kind == "delay" and fault.per == "connection":
            self._hit(conn)
            conn.delayed_generation = conn.generation
            self._sleep(fault.seconds)
        if fault.kind != "garbage":
            try:
                conn.upstream = socket.create_connection(self.target, self.connect_timeout)
            except OSError as exc:
                conn.stats.error = f"upstream: {type(exc).__name__}: {exc}"
                self._abort(conn)
            conn.upstream.settimeout(None)
            conn.upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with selectors.DefaultSelector() as selector:
            selector.register(conn.client, selectors.EVENT_READ, UPSTREAM)
            if conn.upstream is not None:
                selector.register(conn.upstream, selectors.EVENT_READ, DOWNSTREAM)
            open_directions = {UPSTREAM, DOWNSTREAM}
            while open_directions and not self._stop.is_set():
                for key, _ in selector.select(0.05):
                    direction = key.data
                    data = key.fileobj.recv(self.chunk_size)  # type: ignore[union-attr]
                    if not data:  # EOF: pass the half-close on
                        selector.unregister(key.fileobj)
                        open_directions.discard(direction)
                        peer = conn.upstream if direction == UPSTREAM else conn.client
                        if peer is not None:
                            with contextlib.suppress(OSError):
                                peer.shutdown(socket.SHUT_WR)
                        if direction == UPSTREAM and conn.upstream is None:
                            raise _Stop
                        continue
                    self._forward(conn, direction, data)

    def _forward(self, conn: _Conn, direction: str, data: bytes) -> None:
        fault = self._refresh(conn)
        kind = fault.kind
        if kind == "drop":
            self._hit(conn)
            self._abort(conn)
        if kind == "garbage":
            if direction == DOWNSTREAM:
                return  # the real answer is swallowed
            self._hit(conn)
            self._answer_garbage(conn, _GARBAGE[fault.garbage])
        if kind == "delay":
            if fault.per == "chunk":
                self._hit(conn)
                self._sleep(fault.seconds)
            elif conn.delayed_generation != conn.generation:
                self._hit(conn)
                conn.delayed_generation = conn.generation
                self._sleep(fault.seconds)
        limit = None
        since = conn.since_up if direction == UPSTREAM else conn.since_down
        if (
            (kind == "truncate_upstream" and direction == UPSTREAM)
            or (kind == "truncate_downstream" and direction == DOWNSTREAM)
            or (kind == "reset" and direction == fault.direction)
        ):
            limit = max(0, fault.n_bytes - since)
        if limit is not None and len(data) >= limit:
            self._send(conn, direction, data[:limit])
            self._hit(conn)
            if kind == "reset":
                self._abort(conn)
            self._close_gracefully(conn)
        self._send(conn, direction, data)

    def _send(self, conn: _Conn, direction: str, data: bytes) -> None:
        if not data:
            return
        target = conn.upstream if direction == UPSTREAM else conn.client
        assert target is not None
        self._count(conn, direction, len(data))
        target.sendall(data)

    def _sleep(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise _Stop

    def _abort(self, conn: _Conn) -> None:
        """Reset both sides (RST, not FIN) and end the connection."""
        for sock in (conn.client, conn.upstream):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.close()
        raise _Stop

    def _close_gracefully(self, conn: _Conn) -> None:
        """FIN to both sides after what was sent; then end the connection."""
        for sock in (conn.upstream, conn.client):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_WR)
        for sock in (conn.upstream, conn.client):
            if sock is not None:
                self._drain(sock, 0.2)
        raise _Stop

    def _answer_garbage(self, conn: _Conn, payload: bytes) -> None:
        if conn.upstream is not None:
            with contextlib.suppress(OSError):
                conn.upstream.close()
            conn.upstream = None
        self._count(conn, DOWNSTREAM, len(payload))
        with contextlib.suppress(OSError):
            conn.client.sendall(payload)
            conn.client.shutdown(socket.SHUT_WR)
        # Lingering close: read what the client still sends so that closing does not turn into
        # a reset that would destroy the answer before the client reads it.
        self._drain(conn.client, 1.0)
        raise _Stop

    def _drain(self, sock: socket.socket, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        try:
            sock.settimeout(0.05)
            while time.monotonic() < deadline and not self._stop.is_set():
                try:
                    if not sock.recv(self.chunk_size):
                        return
                except TimeoutError:
                    continue
        except OSError:
            return
